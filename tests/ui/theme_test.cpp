// Both themes meet WCAG 2.x AA for the pairs the views actually draw (the stock ImGui styles do not).
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
        {"text", p.text}, {"textMuted", p.textMuted}, {"accentText", p.accentText},
        {"success", p.success}, {"warning", p.warning}, {"danger", p.danger},
    };
    const std::pair<const char*, ImVec4> backgrounds[] = {
        {"background", p.background}, {"headerBar", p.headerBar}, {"surface", p.surface},
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
    for (const char* kind : {"child", "family", "school", "education", "social_care", "health", "police", "voluntary", "other"}) {
        const ImVec4 fill = ui::mapNodeFill(p, kind);
        EXPECT_GE(ui::contrastRatio(p.text, fill), 4.5) << themeName << ": a " << kind << " node's name";
        EXPECT_GE(ui::contrastRatio(ui::mapNodeOutline(p, kind), p.background), 3.0) << themeName << ": a " << kind << " node's outline";
    }
    EXPECT_GE(ui::contrastRatio(p.textMuted, p.background), 4.5) << themeName << ": an isolated node's name and outline";
    for (const auto& [name, c] : {std::pair{"critical link", p.text}, std::pair{"peripheral link", p.textMuted},
                                  std::pair{"missed connection", p.danger}, std::pair{"new link", p.accentText}})
        EXPECT_GE(ui::contrastRatio(c, p.background), 3.0) << themeName << ": " << name;
}

TEST(Theme, MapColoursMeetWcagAAInBothThemes) {
    expectMapContrast(ui::paletteFor(ui::Theme::Dark), "dark");
    expectMapContrast(ui::paletteFor(ui::Theme::Light), "light");
}

// The exported map (SVG in the HTML report, always light): names on each kind's fill.
TEST(Theme, ExportedMapNamesMeetWcagAA) {
    const ImVec4 fallback(1, 1, 1, 1);
    for (const char* kind : {"child", "family", "school", "education", "social_care", "health", "police", "voluntary", "other"})
        EXPECT_GE(ui::contrastRatio(ui::colourFromHex("#1a1a1a", fallback), ui::colourFromHex(wp::kindFill(kind), fallback)), 4.5) << kind;
    EXPECT_GE(ui::contrastRatio(ui::colourFromHex("#555555", fallback), ui::colourFromHex("#eeeeee", fallback)), 4.5) << "isolated";
}

TEST(Theme, DarkPaletteMeetsWcagAA) { expectTextContrast(ui::paletteFor(ui::Theme::Dark), "dark"); }
TEST(Theme, LightPaletteMeetsWcagAA) { expectTextContrast(ui::paletteFor(ui::Theme::Light), "light"); }

TEST(Theme, ContrastRatioMatchesTheWcagDefinition) {
    EXPECT_NEAR(ui::contrastRatio(ImVec4(0, 0, 0, 1), ImVec4(1, 1, 1, 1)), 21.0, 1e-9);
    EXPECT_NEAR(ui::contrastRatio(ImVec4(1, 1, 1, 1), ImVec4(1, 1, 1, 1)), 1.0, 1e-9);
}

} // namespace
} // namespace wp::test
