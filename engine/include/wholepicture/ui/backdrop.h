// Backdrops: the large opaque rectangles at the bottom of a window (the header and footer bars, the
// side panel, a card's body) handed to the renderer as scissored clears instead of triangles.
//
// Why: on a software renderer (Mesa's llvmpipe: virtual desktops, machines without a GPU) a textured,
// blended triangle costs about four times a cleared pixel, and these rectangles were most of the pixels
// of a frame (tools/bench: a screen's CPU per frame against a bare ImGui window). On a GPU both are free.
//
// A backdrop is the lowest layer where it lies: everything its window draws there, before or after the
// call, shows on top of it, and no other backdrop of the same window lies inside it. Use it only for
// fully opaque colours (a translucent one is drawn as triangles, as before), and only in windows with
// no background of their own (ImGuiWindowFlags_NoBackground or a transparent ChildBg), since a window's
// background is drawn before the clears would be.
#pragma once
#include <vector>

#include <imgui.h>

namespace wp::ui {

struct Backdrop {
    ImVec2 min, max;           // screen pixels, already clipped to the window's clip rectangle
    ImVec4 colour;             // opaque
    const ImDrawList* list = nullptr; // the window it belongs to: backdrops are cleared in that window's order
};

// Fills min..max with `colour`, with corners of `rounding` (the rounded corners are drawn as small
// triangles into the current window's draw list, the rest is a backdrop). A colour that is not opaque
// is drawn as an ordinary filled rectangle.
void fillBackdrop(ImVec2 min, ImVec2 max, ImVec4 colour, float rounding = 0.0f);

// Something opaque will cover min..max (within the current clip rectangle) whatever lies beneath it,
// such as a map copied from its texture: the backdrops filled so far leave that rectangle out, so its
// pixels are not filled twice.
void excludeFromBackdrops(ImVec2 min, ImVec2 max);

// Off: every backdrop is drawn as triangles, as before backdrops existed (WP_BACKDROPS=off, for the
// visual test that compares the two and for telling a renderer's fault from ours).
void setBackdropsEnabled(bool enabled);

// The backdrops of the current ImGui context's frame, in the order the renderer clears them (the
// order of `drawData`'s lists, then the order they were filled), emptying the context's list.
// Backdrops of a window that was not rendered are dropped.
[[nodiscard]] std::vector<Backdrop> takeBackdrops(const ImDrawData& drawData);

} // namespace wp::ui
