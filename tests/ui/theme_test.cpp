// Both themes meet WCAG 2.x AA for the pairs the views actually draw (the stock ImGui styles do not).
#include <gtest/gtest.h>

#include "wholepicture/ui/theme.h"

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

TEST(Theme, DarkPaletteMeetsWcagAA) { expectTextContrast(ui::paletteFor(ui::Theme::Dark), "dark"); }
TEST(Theme, LightPaletteMeetsWcagAA) { expectTextContrast(ui::paletteFor(ui::Theme::Light), "light"); }

TEST(Theme, ContrastRatioMatchesTheWcagDefinition) {
    EXPECT_NEAR(ui::contrastRatio(ImVec4(0, 0, 0, 1), ImVec4(1, 1, 1, 1)), 21.0, 1e-9);
    EXPECT_NEAR(ui::contrastRatio(ImVec4(1, 1, 1, 1), ImVec4(1, 1, 1, 1)), 1.0, 1e-9);
}

} // namespace
} // namespace wp::test
