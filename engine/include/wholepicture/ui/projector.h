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

// Projector preset: body text in px at scale 1 (>= 24 pt, i.e. >= 32 px, at 1920x1080) and the factor
// that fits the same layout on smaller displays (1280x720 -> 2/3). Never above 1 (no blurry upscaling;
// use --ui-scale on 4K projectors).
inline constexpr float kProjectorBodyPx = 34.0f;
inline constexpr float kProjectorTitlePx = 52.0f;
[[nodiscard]] float projectorFontScale(float displayHeight);
// The furthest the projector shrinks text to fit a page: body text stays >= 32 px (24 pt) at 1080p.
[[nodiscard]] float projectorMinShrink();

} // namespace wp::ui
