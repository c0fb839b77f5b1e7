// Both themes meet WCAG 2.x AA for the pairs the views actually draw (the stock ImGui styles do not).
#include <algorithm>
#include <cmath>

#include <gtest/gtest.h>

#include "wholepicture/core/map_layout.h"
#include "wholepicture/ui/map_view.h"
#include "wholepicture/ui/theme.h"
#include "wholepicture/ui/widgets.h"

namespace wp::test {
namespace {

using ui::Palette;

void expectTextContrast(const Palette& p, const char* themeName) {
    const std::pair<const char*, ImVec4> texts[] = {
        {"text", p.text},       {"textMuted", p.textMuted}, {"accentText", p.accentText},
        {"success", p.success}, {"warning", p.warning},     {"danger", p.danger},
    };
    const std::pair<const char*, ImVec4> backgrounds[] = {
        {"background", p.background},     {"headerBar", p.headerBar},         {"surface", p.surface},
        {"surfaceHover", p.surfaceHover}, {"surfaceActive", p.surfaceActive}, {"warningSurface", p.warningSurface},
    };
    for (const auto& [tn, t] : texts)
        for (const auto& [bn, b] : backgrounds)
            EXPECT_GE(ui::contrastRatio(t, b), 4.5) << themeName << ": " << tn << " on " << bn;
    for (const ImVec4& bg : {p.accent, p.accentHover, p.accentActive})
        EXPECT_GE(ui::contrastRatio(p.onAccent, bg), 4.5) << themeName << ": text on the primary button";
    // Non-text contrast (WCAG 1.4.11): borders and the focus ring against the surfaces they sit on.
    for (const ImVec4& bg : {p.background, p.surface}) {
        EXPECT_GE(ui::contrastRatio(p.border, bg), 3.0) << themeName << ": border";
        EXPECT_GE(ui::contrastRatio(p.accentText, bg), 3.0) << themeName << ": focus ring";
    }
}

// The information-flow map's own pairs: each node's name on its kind's fill, its outline against the
// map's background and its fill (non-text, 3:1), the isolated nodes' muted names and dashed outlines,
// and the links (critical, peripheral, missed, new) on the map's background.
void expectMapContrast(const Palette& p, const char* themeName) {
    for (const char* kind :
         {"child", "family", "school", "education", "social_care", "health", "police", "voluntary", "other"}) {
        const ImVec4 fill = ui::mapNodeFill(p, kind);
        EXPECT_GE(ui::contrastRatio(p.text, fill), 4.5) << themeName << ": a " << kind << " node's name";
        EXPECT_GE(ui::contrastRatio(ui::mapNodeOutline(p, kind), p.background), 3.0)
            << themeName << ": a " << kind << " node's outline";
    }
    EXPECT_GE(ui::contrastRatio(p.textMuted, p.background), 4.5)
        << themeName << ": an isolated node's name and outline";
    for (const auto& [name, c] : {std::pair{"critical link", p.text}, std::pair{"peripheral link", p.textMuted},
                                  std::pair{"missed connection", p.danger}, std::pair{"new link", p.accentText}})
        EXPECT_GE(ui::contrastRatio(c, p.background), 3.0) << themeName << ": " << name;
}

// Colour-vision deficiency simulated with Machado, Oliveira and Fernandes (2009), severity 1.0, applied
// in linear RGB: what a reader with protanopia, deuteranopia or tritanopia sees of a colour.
ImVec4 simulate(const ImVec4& c, const float m[3][3]) {
    auto lin = [](float v) { return v <= 0.04045f ? v / 12.92f : std::pow((v + 0.055f) / 1.055f, 2.4f); };
    auto gam = [](float v) {
        v = std::clamp(v, 0.0f, 1.0f);
        return v <= 0.0031308f ? v * 12.92f : 1.055f * std::pow(v, 1.0f / 2.4f) - 0.055f;
    };
    const float r = lin(c.x), g = lin(c.y), b = lin(c.z);
    return ImVec4(gam(m[0][0] * r + m[0][1] * g + m[0][2] * b), gam(m[1][0] * r + m[1][1] * g + m[1][2] * b),
                  gam(m[2][0] * r + m[2][1] * g + m[2][2] * b), c.w);
}
constexpr float kProtanopia[3][3] = {
    {0.152286f, 1.052583f, -0.204868f}, {0.114503f, 0.786281f, 0.099216f}, {-0.003882f, -0.048116f, 1.051998f}};
constexpr float kDeuteranopia[3][3] = {
    {0.367322f, 0.860646f, -0.227968f}, {0.280085f, 0.672501f, 0.047413f}, {-0.011820f, 0.042940f, 0.968881f}};
constexpr float kTritanopia[3][3] = {
    {1.255528f, -0.076749f, -0.178779f}, {-0.078411f, 0.930809f, 0.147602f}, {0.004733f, 0.691367f, 0.303900f}};

// A missed connection is told apart by its stroke, not its colour alone (WCAG 1.4.1), and stays
// visible to a reader with any of the three colour-vision deficiencies: each kind of link keeps 3:1
// against the map's background as they see it, and the three kinds' strokes differ in pattern.
void expectLinksReadableWithoutColour(const Palette& p, const char* themeName) {
    using ui::LinkKind;
    const ui::LinkStyle critical = ui::linkStyle(p, LinkKind::Critical),
                        peripheral = ui::linkStyle(p, LinkKind::Peripheral),
                        missed = ui::linkStyle(p, LinkKind::Missed);
    auto pattern = [](const ui::LinkStyle& s) { return s.dots ? 2 : s.dash > 0 ? 1 : 0; };
    EXPECT_NE(pattern(missed), pattern(critical)) << themeName;
    EXPECT_NE(pattern(missed), pattern(peripheral)) << themeName;
    EXPECT_NE(pattern(critical), pattern(peripheral)) << themeName;
    const std::pair<const char*, const float(*)[3]> visions[] = {
        {"protanopia", kProtanopia}, {"deuteranopia", kDeuteranopia}, {"tritanopia", kTritanopia}};
    for (const auto& [vision, m] : visions)
        for (const auto& [name, s] :
             {std::pair{"critical", critical}, std::pair{"peripheral", peripheral}, std::pair{"missed", missed}})
            EXPECT_GE(ui::contrastRatio(simulate(s.colour, m), simulate(p.background, m)), 3.0)
                << themeName << ", " << vision << ": a " << name << " link against the map";
}

TEST(Theme, MissedLinksAreToldApartByPatternAndSeenWithAnyColourVision) {
    ImGui::CreateContext(); // the strokes are sized in em
    ImGui::GetIO().IniFilename = nullptr;
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    ImGui::GetIO().DisplaySize = ImVec2(800, 600);
    ImGui::NewFrame();
    expectLinksReadableWithoutColour(ui::paletteFor(ui::Theme::Dark), "dark");
    expectLinksReadableWithoutColour(ui::paletteFor(ui::Theme::Light), "light");
    // The simulation itself: a pure red and a pure green, far apart in full colour, come out close
    // for a deuteranope (the confusion the dotted stroke is there for).
    const ImVec4 red(0.8f, 0.2f, 0.2f, 1), green(0.2f, 0.6f, 0.2f, 1);
    auto distance = [](const ImVec4& a, const ImVec4& b) {
        return std::abs(a.x - b.x) + std::abs(a.y - b.y) + std::abs(a.z - b.z);
    };
    EXPECT_LT(distance(simulate(red, kDeuteranopia), simulate(green, kDeuteranopia)), 0.5f * distance(red, green));
    ImGui::EndFrame();
    ImGui::DestroyContext();
}

TEST(Theme, MapColoursMeetWcagAAInBothThemes) {
    expectMapContrast(ui::paletteFor(ui::Theme::Dark), "dark");
    expectMapContrast(ui::paletteFor(ui::Theme::Light), "light");
}

// The exported map (SVG in the HTML report, always light): names on each kind's fill.
TEST(Theme, ExportedMapNamesMeetWcagAA) {
    const ImVec4 fallback(1, 1, 1, 1);
    for (const char* kind :
         {"child", "family", "school", "education", "social_care", "health", "police", "voluntary", "other"})
        EXPECT_GE(
            ui::contrastRatio(ui::colourFromHex("#1a1a1a", fallback), ui::colourFromHex(wp::kindFill(kind), fallback)),
            4.5)
            << kind;
    EXPECT_GE(ui::contrastRatio(ui::colourFromHex("#555555", fallback), ui::colourFromHex("#eeeeee", fallback)), 4.5)
        << "isolated";
}

TEST(Theme, DarkPaletteMeetsWcagAA) { expectTextContrast(ui::paletteFor(ui::Theme::Dark), "dark"); }
TEST(Theme, LightPaletteMeetsWcagAA) { expectTextContrast(ui::paletteFor(ui::Theme::Light), "light"); }

TEST(Theme, ContrastRatioMatchesTheWcagDefinition) {
    EXPECT_NEAR(ui::contrastRatio(ImVec4(0, 0, 0, 1), ImVec4(1, 1, 1, 1)), 21.0, 1e-9);
    EXPECT_NEAR(ui::contrastRatio(ImVec4(1, 1, 1, 1), ImVec4(1, 1, 1, 1)), 1.0, 1e-9);
}

} // namespace
} // namespace wp::test
