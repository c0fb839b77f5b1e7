// The map canvas (ui/map_view.h) on OpenGL 3.3: a built map's triangles rendered once into a texture
// through the ImGui GL3 backend, so an unchanged map is one quad a frame.
#pragma once
#include "wholepicture/ui/map_view.h"

namespace wp::platform {

class GlMapCanvas final : public ui::MapCanvas {
public:
    ImTextureID render(const ImDrawList& list, ImVec2 origin, ImVec2 size, ImVec4 clear) override;
    void release(ImTextureID texture) override;
};

} // namespace wp::platform
