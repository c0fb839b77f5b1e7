// Where a frame differs from the one before it, from the draw data alone (no GL): the kept frame
// (frame_render.h) redraws only there. A triangle is damaged when any of its vertices or indices
// changed, over both where it was and where it is; a command whose clip rect, texture or map copy
// changed damages both its clip rects; a changed backdrop both its rectangles. Anything the
// comparison cannot follow (another number of lists, vertices, indices or commands; another size,
// background or texture content; an unknown draw callback) asks for the whole frame.
#pragma once
#include <cstdint>
#include <vector>

#include <imgui.h>

#include "wholepicture/platform/map_canvas.h"
#include "wholepicture/ui/backdrop.h"

namespace wp::platform {

// Framebuffer pixels, top-left origin, half-open.
struct PixelRect {
    int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    [[nodiscard]] bool empty() const { return x1 <= x0 || y1 <= y0; }
    [[nodiscard]] long long area() const { return empty() ? 0 : static_cast<long long>(x1 - x0) * (y1 - y0); }
};

struct FrameDamage {
    bool full = true;             // redraw every pixel
    std::vector<PixelRect> rects; // else only these (at most kMaxDamageRects); none: the frame is unchanged
};
inline constexpr std::size_t kMaxDamageRects = 4;

// The last frame's draw data, kept to compare the next one with.
class FrameHistory {
public:
    // The damage from the kept frame to this one; then this one is kept. `textureGeneration` changes
    // whenever a texture's pixels may have changed (noteTextureDrawn).
    FrameDamage advance(const ImDrawData& data, const std::vector<ui::Backdrop>& backdrops, int width, int height,
                        ImVec4 background, std::uint64_t textureGeneration);
    // The next frame is drawn whole (the kept pixels were lost).
    void forget() { m_valid = false; }

private:
    struct Cmd {
        ImVec4 clip;
        ImTextureID texture = nullptr;
        unsigned vtxOffset = 0, idxOffset = 0, elemCount = 0;
        ImDrawCallback callback = nullptr;
        GlMapCanvas::Copy copy; // when the callback is the map canvas's
    };
    struct List {
        int vertices = 0, indices = 0;
        std::vector<Cmd> cmds;
    };
    bool m_valid = false;
    int m_width = 0, m_height = 0;
    ImVec4 m_background;
    ImVec2 m_origin, m_scale;
    std::uint64_t m_textures = 0;
    std::vector<List> m_lists;
    std::vector<ImDrawVert> m_vtx; // every list's, one after another
    std::vector<ImDrawIdx> m_idx;
    std::vector<ui::Backdrop> m_backdrops;
    std::vector<unsigned char> m_changed; // scratch: per vertex of the list being compared
};

} // namespace wp::platform
