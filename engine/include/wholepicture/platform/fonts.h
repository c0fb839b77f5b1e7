// Fonts: DejaVu Sans from Debian's fonts-dejavu-core, loaded at floor(px * scale) so text stays
// sharp at any UI scale (never io.FontGlobalScale: it blurs). Falls back to ImGui's built-in font.
#pragma once
#include <filesystem>
#include <string>

#include "wholepicture/ui/ui_state.h"

namespace wp::platform {

struct FontFiles {
    std::string regular = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    std::string bold = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
    // Pixel sizes are multiplied by this: OpenDyslexic draws its letters small for its size (a tall
    // ascent and descent), so it is loaded larger to read at the same size as DejaVu Sans.
    float sizeFactor = 1.0f;
};

// Debian's fonts-opendyslexic, when installed.
[[nodiscard]] FontFiles openDyslexicFiles();
// The files for a font setting ("default", "opendyslexic"). `missing` is set when the chosen font is
// not installed: the default files come back and the settings screen says so.
[[nodiscard]] FontFiles fontFilesFor(const std::string& font, bool& missing);

// How the body text is laid out: `lineSpacing` (1.0-2.0) makes each line of the body, bold and small
// faces that much taller, the glyphs centred in it (ImGui 1.86 has no line spacing of its own).
struct FontLayout {
    float lineSpacing = 1.0f;
};

// Built atlases kept between starts ($XDG_CACHE_HOME/wholepicture/fonts): rasterising the faces is the
// largest piece of the app's own start-up work, and what it makes depends only on the font files, the
// faces asked for (sizes, glyphs, spacing) and the program. A cached atlas is the built one, byte for
// byte: the same pixels, glyphs, metrics and font configs (so a later Build() works as before). Like the
// lint cache, a convenience: a missing, stale or damaged entry is built afresh and never a message.
struct FontCache {
    std::filesystem::path dir; // empty: no cache
    bool write = true;         // false: read only (screenshots never write the user's files)
};

// Where the atlas of loadFonts came from (tests and tools/bench).
enum class FontSource { Built, Cached, BuiltIn };

// Clears the atlas and adds the UI fonts at `scale`, with the projector's large faces only when
// `projector` (a room exists: they are most of the atlas and of the time to build it). With a `cache`,
// an atlas built before for the same faces is read instead of rasterised, and a new one is stored.
// Returns the fonts (nullptrs where the built-in font stands in). The GL texture must be recreated
// afterwards.
[[nodiscard]] ui::UiFonts loadFonts(float scale, bool projector, const FontFiles& files = {}, FontLayout layout = {},
                                    const FontCache* cache = nullptr, FontSource* source = nullptr);

} // namespace wp::platform
