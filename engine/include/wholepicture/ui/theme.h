// Themes: a polished dark theme and a light, high-contrast one for projectors. Every text/background
// pair in a palette meets WCAG 2.x AA (4.5:1 for text, 3:1 for borders and focus); tests check it.
#pragma once
#include <imgui.h>

#include "wholepicture/app/types.h"

namespace wp::ui {

// The views speak the application layer's vocabulary: its state, commands, screens and theme.
using namespace wp::app;

// Semantic colours the views use (never raw RGB in a view).
struct Palette {
    ImVec4 background;    // root window
    ImVec4 headerBar;     // top bar
    ImVec4 surface;       // cards
    ImVec4 surfaceHover;  // hovered cards and options
    ImVec4 surfaceActive; // pressed/selected cards
    ImVec4 border;        // card and control borders (non-text contrast >= 3:1 on surface)
    ImVec4 text;
    ImVec4 textMuted;     // secondary text (still >= 4.5:1 on surface)
    ImVec4 accent;        // primary buttons, focus, the question
    ImVec4 accentHover;
    ImVec4 accentActive;
    ImVec4 onAccent;      // text on accent
    ImVec4 accentText;    // accent-coloured text on surface/background
    ImVec4 success;       // text colours on surface
    ImVec4 warning;
    ImVec4 danger;
    ImVec4 warningSurface; // content warning box background
    ImVec4 barTrack;       // score bar track
};

[[nodiscard]] Palette paletteFor(Theme theme);

// Resets the ImGui style, applies the theme's colours and our spacing (in px at scale 1, for an
// 18 px body font), then ScaleAllSizes(scale). Call after the font atlas is rebuilt.
void applyTheme(Theme theme, float scale);

// WCAG 2.x relative luminance and contrast ratio (alpha ignored: pass opaque colours).
[[nodiscard]] double relativeLuminance(const ImVec4& c);
[[nodiscard]] double contrastRatio(const ImVec4& a, const ImVec4& b);

// Base font sizes in px at scale 1; the platform loads fonts at floor(px * scale).
inline constexpr float kBodyPx = 18.0f;
inline constexpr float kSmallPx = 15.0f;
inline constexpr float kHeadingPx = 22.0f;
inline constexpr float kTitlePx = 30.0f;

} // namespace wp::ui
