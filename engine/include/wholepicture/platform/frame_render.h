// Putting one ImGui frame on the current GL framebuffer: the clear, the backdrops (ui/backdrop.h) as
// scissored clears, then ImGui's triangles. Every window of the app renders through this.
#pragma once
#include <cstdint>
#include <vector>

#include <imgui.h>

#include "wholepicture/ui/backdrop.h"

namespace wp::platform {

// Renders the current ImGui context's draw data (after ImGui::Render) into the bound framebuffer of
// `width` x `height` pixels, cleared to `background` first.
void renderFrame(int width, int height, ImVec4 background);
// The same with the frame's backdrops already taken (ui::takeBackdrops).
void renderFrame(int width, int height, ImVec4 background, const std::vector<ui::Backdrop>& backdrops);

// A digest of everything a frame would put on screen: equal digests, equal pixels. A window whose
// picture did not change (the projector while the facilitator works the console) skips the render.
// A draw callback counts by its pointers only, not by what its data says.
[[nodiscard]] std::uint64_t frameDigest(const ImDrawData& data, const std::vector<ui::Backdrop>& backdrops, int width, int height,
                                        ImVec4 background);

} // namespace wp::platform
