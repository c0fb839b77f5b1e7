// The map canvas (ui/map_view.h) on OpenGL 3.3: a built map's triangles rendered once into a texture
// through the ImGui GL3 backend, so an unchanged map is one quad a frame.
#pragma once
#include <deque>

#include "wholepicture/ui/map_view.h"

namespace wp::platform {

class GlMapCanvas final : public ui::MapCanvas {
public:
    ImTextureID render(const ImDrawList& list, ImVec2 origin, ImVec2 size, ImVec4 clear) override;
    void release(ImTextureID texture) override;
    // A draw callback that blits the texture (glBlitFramebuffer, no blending, no scaling) when the
    // frame is rendered.
    bool present(ImDrawList& list, ImTextureID texture, ImVec2 min, ImVec2 max) override;

    struct Copy {
        unsigned texture = 0;
        int x = 0, y = 0, width = 0, height = 0; // where, in the frame's pixels from its top left
        bool operator==(const Copy&) const = default;
    };
    // The copy a draw command makes, if it is one of this canvas's callbacks (the kept frame compares
    // them between frames: same vertices, another place for the map).
    [[nodiscard]] static const Copy* copyOf(const ImDrawCmd& cmd);

private:
    // The copies of the frame being built (one ImGui context and frame at a time: each window renders
    // its frame before the next is built); the callbacks point into it, so it never moves an element.
    std::deque<Copy> m_copies;
    const void* m_copiesContext = nullptr;
    int m_copiesFrame = -1;
};

} // namespace wp::platform
