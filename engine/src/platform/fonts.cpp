// Font loading (see fonts.h).
#include "wholepicture/platform/fonts.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include <imgui.h>

#include "wholepicture/ui/projector.h"
#include "wholepicture/ui/theme.h"

namespace wp::platform {

namespace {

// Latin-1 and Latin Extended-A for names, plus the punctuation scenario text uses: dashes, curly
// quotes, bullets, ellipsis, the breadcrumb chevron, arrows and check marks. The atlas keeps a
// pointer to this table until it is built, so it must be static storage (constant data, not state).
constexpr ImWchar kGlyphRanges[] = {
    0x0020, 0x00FF, // Basic Latin + Latin-1 Supplement
    0x0100, 0x017F, // Latin Extended-A
    0x2010, 0x2027, // dashes, quotes, bullet, ellipsis
    0x2030, 0x203A, // per mille, primes, single guillemets
    0x2190, 0x2195, // arrows (incl. the two-way arrow author mode uses for map links)
    0x2212, 0x2212, // minus sign
    0x2713, 0x2717, // check marks and crosses
    0,
};

// How a face is drawn: at the size it is baked at (every face of the app's own window), or scaled (the
// projector's faces, fitted to the room's screen with SetWindowFontScale).
enum class Drawn { AtBakedSize, Scaled };

// `spacing` > 1: the glyphs move down by half the extra height; the line height is raised after the
// atlas is built (spaced()).
//
// A face drawn at its baked size is baked one texel per pixel with every glyph on a whole pixel
// (PixelSnapH): each pixel then samples a texel's centre, so the frame can sample the atlas with nearest
// filtering and get what linear filtering gives (font_texture.h), and the atlas is half as wide as with
// two horizontal samples. A scaled face keeps two, for smooth edges when it is shrunk.
ImFont* addFont(const std::string& file, float px, float spacing = 1.0f, Drawn drawn = Drawn::AtBakedSize) {
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) return nullptr;
    ImFontConfig config;
    config.OversampleH = drawn == Drawn::AtBakedSize ? 1 : 2;
    config.OversampleV = 1;
    config.PixelSnapH = drawn == Drawn::AtBakedSize;
    config.GlyphOffset.y = std::floor(px * (spacing - 1.0f) * 0.5f);
    return ImGui::GetIO().Fonts->AddFontFromFileTTF(file.c_str(), px, &config, kGlyphRanges);
}

// Line height = FontSize: raising it after the build spaces the lines (glyph quads keep their size).
void spaced(ImFont* font, float spacing) {
    if (font && spacing > 1.0f) font->FontSize = std::floor(font->FontSize * spacing);
}

bool exists(const std::string& file) {
    std::error_code ec;
    return std::filesystem::exists(file, ec);
}

} // namespace

FontFiles openDyslexicFiles() {
    const std::string dir = "/usr/share/fonts/opentype/opendyslexic/";
    return {dir + "OpenDyslexic-Regular.otf", dir + "OpenDyslexic-Bold.otf", 1.25f};
}

FontFiles fontFilesFor(const std::string& font, bool& missing) {
    missing = false;
    if (font != "opendyslexic") return {};
    const FontFiles od = openDyslexicFiles();
    if (exists(od.regular)) return {od.regular, exists(od.bold) ? od.bold : od.regular, 1.25f};
    missing = true;
    return {};
}

ui::UiFonts loadFonts(float scale, bool projector, const FontFiles& files, FontLayout layout) {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    auto px = [&](float base) { return std::floor(base * scale * files.sizeFactor); };

    ui::UiFonts fonts;
    // The first font added is the default one, so the body font goes first.
    const float spacing = std::clamp(layout.lineSpacing, 1.0f, 2.0f);
    fonts.body = addFont(files.regular, px(ui::kBodyPx), spacing);
    if (!fonts.body) {
        // Missing fonts-dejavu-core: ImGui's built-in font, scaled by its own size rather than blurred.
        ImFontConfig config;
        config.SizePixels = std::floor(13.0f * scale * 1.25f);
        io.Fonts->AddFontDefault(&config);
        io.Fonts->Build();
        return {};
    }
    fonts.bold = addFont(files.bold, px(ui::kBodyPx), spacing);
    fonts.small = addFont(files.regular, px(ui::kSmallPx), spacing);
    fonts.heading = addFont(files.bold, px(ui::kHeadingPx));
    fonts.title = addFont(files.bold, px(ui::kTitlePx));
    // The projector's large faces are most of the atlas: only once a room exists (window.cpp).
    if (projector) {
        fonts.projectorBody = addFont(files.regular, px(ui::kProjectorBodyPx), 1.0f, Drawn::Scaled);
        fonts.projectorBold = addFont(files.bold, px(ui::kProjectorBodyPx), 1.0f, Drawn::Scaled);
        fonts.projectorTitle = addFont(files.bold, px(ui::kProjectorTitlePx), 1.0f, Drawn::Scaled);
    }
    io.Fonts->Build();
    for (ImFont* f : {fonts.body, fonts.bold, fonts.small}) spaced(f, spacing);
    return fonts;
}

} // namespace wp::platform
