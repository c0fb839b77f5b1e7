// Putting one ImGui frame on the current GL framebuffer: the clear, the backdrops (ui/backdrop.h) as
// scissored clears, then ImGui's triangles. Every window of the app renders through this.
#pragma once
#include <cstdint>
#include <vector>

#include <imgui.h>

#include "wholepicture/platform/frame_damage.h"
#include "wholepicture/ui/backdrop.h"

struct GLFWwindow;

namespace wp::platform {

// Renders the current ImGui context's draw data (after ImGui::Render) into the bound framebuffer of
// `width` x `height` pixels, cleared to `background` first.
void renderFrame(int width, int height, ImVec4 background);
// The same with the frame's backdrops already taken (ui::takeBackdrops).
void renderFrame(int width, int height, ImVec4 background, const std::vector<ui::Backdrop>& backdrops);

// A window's picture kept between frames in a framebuffer of its own. Each frame is drawn only where
// it differs from the one before (frame_damage.h: usually a few small rectangles, such as a vote
// timer's digits, or nothing at all), then copied whole to the window's back buffer: on a software
// renderer, shading the pixels is most of a frame's cost and a copy is a small part of it. With
// WP_DAMAGE=off, or where the GL lacks framebuffer objects, every frame is drawn whole as before;
// WP_DAMAGE=check draws each partial frame whole as well and counts those whose pixels differ;
// WP_DAMAGE=swap keeps the picture but always swaps it whole (no copies of rectangles to the screen).
class KeptFrame {
public:
    KeptFrame();
    // The window it draws to: on X11 with GLX_MESA_copy_sub_buffer (Mesa's software renderer has it),
    // a partial frame is copied to the screen rectangle by rectangle, with no copy of the whole picture
    // and no swap.
    void attach(GLFWwindow* window);
    KeptFrame(const KeptFrame&) = delete;
    KeptFrame& operator=(const KeptFrame&) = delete;
    // Renders the current ImGui context's draw data (after ImGui::Render) to the current GL context's
    // window's back buffer, `width` x `height` pixels. False when the window already shows this
    // picture (nothing changed, or the changes were copied straight to the screen): the caller does not
    // swap. `present` puts the whole picture in the back buffer anyway (an exposed window, a screenshot).
    bool render(int width, int height, ImVec4 background, bool present = false);
    bool render(int width, int height, ImVec4 background, const std::vector<ui::Backdrop>& backdrops, bool present = false);
    // Frees the framebuffer, with its GL context current (before the context goes).
    void release();

    struct Stats {
        long long whole = 0, partial = 0, unchanged = 0; // frames
        long long pixelsDrawn = 0;                       // pixels shaded, the copy to the window aside
        long long mismatches = 0; // WP_DAMAGE=check: partial frames that differ from the same frame drawn whole
    };
    [[nodiscard]] const Stats& stats() const { return m_stats; }

private:
    bool ensureTarget(int width, int height);
    void checkAgainstWhole(int width, int height, ImVec4 background, const std::vector<ui::Backdrop>& backdrops, const FrameDamage& damage);
    FrameHistory m_history;
    bool m_enabled = true;
    bool m_check = false; // WP_DAMAGE=check: every partial frame is drawn whole as well, and compared
    // The first frame's backdrops as rectangles (frame_render.cpp); WP_BACKDROPS=clears: cleared as on
    // every later frame (for the visual test that compares the two).
    bool m_firstBackdropsAsRectangles = true;
    GLFWwindow* m_window = nullptr;
    void* m_copySubBuffer = nullptr; // glXCopySubBufferMESA, when the window's GLX has it
    unsigned m_framebuffer = 0, m_texture = 0;
    bool m_keptValid = false; // the framebuffer holds the last frame (else the next one is drawn whole)
    int m_width = 0, m_height = 0;
    Stats m_stats;
};

// A texture's pixels were drawn (the map canvas, the font atlas): texture names are reused, so a kept
// frame that shows textures is drawn whole next time.
void noteTextureDrawn();
[[nodiscard]] std::uint64_t textureGeneration();

// A digest of everything a frame would put on screen: equal digests, equal pixels. A window whose
// picture did not change (the projector while the facilitator works the console) skips the render.
// A draw callback counts by its pointers only, not by what its data says.
[[nodiscard]] std::uint64_t frameDigest(const ImDrawData& data, const std::vector<ui::Backdrop>& backdrops, int width, int height,
                                        ImVec4 background);

} // namespace wp::platform
