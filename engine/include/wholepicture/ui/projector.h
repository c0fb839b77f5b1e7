// The projector view draws text ONLY through these helpers, and only from ReleasedContent
// (core/room.h). Tests install a log to see every string the projector drew in a frame and assert
// that nothing unrevealed ever appears (the tested property of the joint session mode).
#pragma once
#include <string>
#include <vector>

#include <imgui.h>

namespace wp::ui {

using ProjectorTextLog = std::vector<std::string>;

// Installs (or, with nullptr, removes) the log that projector text is appended to.
void setProjectorTextLog(ProjectorTextLog* log);

// Wrapped text at the cursor (wrapWidth <= 0: to the window's wrap position), recorded when logging.
void projectorText(const std::string& text, ImFont* font, const ImVec4& colour, float wrapWidth = 0.0f);
// Centred in `width` starting at the current cursor x (single line, not wrapped).
void projectorTextCentred(const std::string& text, ImFont* font, const ImVec4& colour, float width);

// Projector preset. Type size is the em: 24 pt = 32 px of em on a 96-dpi-equivalent display (a
// 1920x1080 projector image). ImGui sizes a font by its line height (ascender + descender,
// stbtt_ScaleForPixelHeight), not by its em: DejaVu Sans's em is 2048/2384 of that size, so a "34 px"
// face has a 29.2 px em (21.9 pt, as the UX review measured). The sizes below are ImGui sizes: body
// 40 (em 34.4 px = 25.8 pt at 1080p), title 60 (em 51.5 px = 38.7 pt); a test measures the rendered
// glyphs. projectorFontScale fits the same layout on smaller displays (1280x720 -> 2/3); never above 1
// (no blurry upscaling; use --ui-scale on 4K projectors).
inline constexpr float kDejaVuEmPerSize = 2048.0f / 2384.0f;
inline constexpr float kProjectorBodyPx = 40.0f;
inline constexpr float kProjectorTitlePx = 60.0f;
[[nodiscard]] float projectorFontScale(float displayHeight);
// The furthest the projector shrinks text to fit a page: the body's em stays >= 32 px (24 pt) at 1080p.
[[nodiscard]] float projectorMinShrink();

} // namespace wp::ui
