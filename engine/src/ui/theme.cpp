// Themes (see theme.h). The colour pairs were chosen against WCAG AA and are checked by
// tests/ui/theme_test.cpp, because the stock Dark/Light styles fail it (hovered buttons, borders).
#include "wholepicture/ui/theme.h"

#include <cmath>

namespace wp::ui {

namespace {

ImVec4 hex(unsigned rgb, float a = 1.0f) {
    return ImVec4(static_cast<float>((rgb >> 16) & 0xFF) / 255.0f, static_cast<float>((rgb >> 8) & 0xFF) / 255.0f,
                  static_cast<float>(rgb & 0xFF) / 255.0f, a);
}

Palette darkPalette() {
    Palette p;
    p.background = hex(0x121519);
    p.headerBar = hex(0x1A1E24);
    p.surface = hex(0x1C2129);
    p.surfaceHover = hex(0x262C36);
    p.surfaceActive = hex(0x2E3644);
    p.border = hex(0x6A7589);
    p.text = hex(0xE9ECF1);
    p.textMuted = hex(0xA9B2C0);
    p.accent = hex(0x2F6DB5);
    p.accentHover = hex(0x2A63A6);
    p.accentActive = hex(0x24578F);
    p.onAccent = hex(0xFFFFFF);
    p.accentText = hex(0x7DB3F5);
    p.success = hex(0x5DCB8E);
    p.warning = hex(0xF2B84E);
    p.danger = hex(0xF28B82);
    p.warningSurface = hex(0x2E2716);
    p.barTrack = hex(0x2E3540);
    return p;
}

Palette lightPalette() {
    Palette p;
    p.background = hex(0xF4F6F8);
    p.headerBar = hex(0xFFFFFF);
    p.surface = hex(0xFFFFFF);
    p.surfaceHover = hex(0xEEF2F7);
    p.surfaceActive = hex(0xE1E8F1);
    p.border = hex(0x6B7585);
    p.text = hex(0x111418);
    p.textMuted = hex(0x46505E);
    p.accent = hex(0x1F5FAF);
    p.accentHover = hex(0x1A5299);
    p.accentActive = hex(0x15447F);
    p.onAccent = hex(0xFFFFFF);
    p.accentText = hex(0x1A56A0);
    p.success = hex(0x1B7340);
    p.warning = hex(0x865400);
    p.danger = hex(0xB42318);
    p.warningSurface = hex(0xFFF5DB);
    p.barTrack = hex(0xDCE2EA);
    return p;
}

double channel(float c) { return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); }

} // namespace

Palette paletteFor(Theme theme) { return theme == Theme::Light ? lightPalette() : darkPalette(); }

double relativeLuminance(const ImVec4& c) {
    return 0.2126 * channel(c.x) + 0.7152 * channel(c.y) + 0.0722 * channel(c.z);
}

double contrastRatio(const ImVec4& a, const ImVec4& b) {
    double la = relativeLuminance(a), lb = relativeLuminance(b);
    if (la < lb) std::swap(la, lb);
    return (la + 0.05) / (lb + 0.05);
}

void applyTheme(Theme theme, float scale) {
    const Palette p = paletteFor(theme);
    ImGuiStyle style; // a fresh style, so repeated scaling never compounds
    if (theme == Theme::Light)
        ImGui::StyleColorsLight(&style);
    else
        ImGui::StyleColorsDark(&style);

    // Spacing for an 18 px body font: generous, calm, readable from the back of a room.
    style.WindowPadding = ImVec2(0, 0);
    style.FramePadding = ImVec2(14, 8);
    style.ItemSpacing = ImVec2(10, 9);
    style.ItemInnerSpacing = ImVec2(8, 6);
    style.CellPadding = ImVec2(8, 6);
    style.IndentSpacing = 22;
    style.ScrollbarSize = 14;
    style.GrabMinSize = 12;
    style.WindowRounding = 0;
    style.ChildRounding = 8;
    style.FrameRounding = 6;
    style.PopupRounding = 6;
    style.ScrollbarRounding = 7;
    style.GrabRounding = 6;
    style.TabRounding = 6;
    style.WindowBorderSize = 0;
    style.ChildBorderSize = 0;
    style.FrameBorderSize = 1;
    style.PopupBorderSize = 1;
    style.DisabledAlpha = 0.55f;
    // Anti-aliased lines as geometry, not sampled from the atlas: the app's window samples the atlas
    // with nearest filtering (font_texture.h), which would take the smooth edges off lines drawn at an
    // angle (the corners of every rounded border).
    style.AntiAliasedLinesUseTex = false;

    ImVec4* c = style.Colors;
    c[ImGuiCol_Text] = p.text;
    c[ImGuiCol_TextDisabled] = p.textMuted;
    c[ImGuiCol_WindowBg] = p.background;
    c[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_PopupBg] = p.surface;
    c[ImGuiCol_Border] = p.border;
    c[ImGuiCol_BorderShadow] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_FrameBg] = p.surface;
    c[ImGuiCol_FrameBgHovered] = p.surfaceHover;
    c[ImGuiCol_FrameBgActive] = p.surfaceActive;
    c[ImGuiCol_Button] = p.surface;
    c[ImGuiCol_ButtonHovered] = p.surfaceHover;
    c[ImGuiCol_ButtonActive] = p.surfaceActive;
    c[ImGuiCol_Header] = p.surfaceActive;
    c[ImGuiCol_HeaderHovered] = p.surfaceHover;
    c[ImGuiCol_HeaderActive] = p.surfaceActive;
    c[ImGuiCol_CheckMark] = p.accentText;
    c[ImGuiCol_SliderGrab] = p.accent;
    c[ImGuiCol_SliderGrabActive] = p.accentActive;
    c[ImGuiCol_Separator] = p.border;
    c[ImGuiCol_ScrollbarBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_ScrollbarGrab] = p.border;
    c[ImGuiCol_ScrollbarGrabHovered] = p.textMuted;
    c[ImGuiCol_ScrollbarGrabActive] = p.text;
    c[ImGuiCol_NavHighlight] = p.accentText; // focus ring: >= 3:1 on every surface
    c[ImGuiCol_TableHeaderBg] = p.surfaceHover;
    c[ImGuiCol_TableBorderLight] = p.barTrack;
    c[ImGuiCol_TableBorderStrong] = p.border;
    c[ImGuiCol_TableRowBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_TableRowBgAlt] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_TextSelectedBg] = ImVec4(p.accent.x, p.accent.y, p.accent.z, 0.35f);

    style.ScaleAllSizes(scale);
    ImGui::GetStyle() = style;
}

} // namespace wp::ui
