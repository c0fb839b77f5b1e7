// One ImGui frame onto the framebuffer (see frame_render.h).
#include "wholepicture/platform/frame_render.h"

#include <cmath>
#include <cstring>

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_opengl3.h>

#include "wholepicture/ui/backdrop.h"

namespace wp::platform {

namespace {

// FNV-1a over 64-bit words (then the tail bytes): enough to tell two frames apart, and fast on the
// tens of kilobytes of a frame's vertices.
struct Digest {
    std::uint64_t h = 14695981039346656037ull;
    void bytes(const void* data, std::size_t size) {
        const auto* p = static_cast<const unsigned char*>(data);
        std::size_t i = 0;
        for (; i + 8 <= size; i += 8) {
            std::uint64_t word = 0;
            std::memcpy(&word, p + i, 8);
            h = (h ^ word) * 1099511628211ull;
        }
        for (; i < size; ++i) h = (h ^ p[i]) * 1099511628211ull;
    }
    template <class T> void pod(const T& value) { bytes(&value, sizeof value); }
};

} // namespace

std::uint64_t frameDigest(const ImDrawData& data, const std::vector<ui::Backdrop>& backdrops, int width, int height, ImVec4 background) {
    Digest d;
    d.pod(width);
    d.pod(height);
    d.pod(background);
    d.pod(data.DisplayPos);
    d.pod(data.DisplaySize);
    d.pod(data.FramebufferScale);
    for (int l = 0; l < data.CmdListsCount; ++l) {
        const ImDrawList* list = data.CmdLists[l];
        d.pod(list->VtxBuffer.Size);
        d.bytes(list->VtxBuffer.Data, static_cast<std::size_t>(list->VtxBuffer.Size) * sizeof(ImDrawVert));
        d.pod(list->IdxBuffer.Size);
        d.bytes(list->IdxBuffer.Data, static_cast<std::size_t>(list->IdxBuffer.Size) * sizeof(ImDrawIdx));
        for (const ImDrawCmd& cmd : list->CmdBuffer) {
            d.pod(cmd.ClipRect);
            d.pod(cmd.TextureId);
            d.pod(cmd.VtxOffset);
            d.pod(cmd.IdxOffset);
            d.pod(cmd.ElemCount);
            d.pod(cmd.UserCallback);
            d.pod(cmd.UserCallbackData);
        }
    }
    for (const ui::Backdrop& b : backdrops) {
        d.pod(b.min);
        d.pod(b.max);
        d.pod(b.colour);
    }
    return d.h;
}

void renderFrame(int width, int height, ImVec4 background) {
    const ImDrawData* data = ImGui::GetDrawData();
    renderFrame(width, height, background, data ? ui::takeBackdrops(*data) : std::vector<ui::Backdrop>{});
}

void renderFrame(int width, int height, ImVec4 background, const std::vector<ui::Backdrop>& backdrops) {
    ImDrawData* data = ImGui::GetDrawData();
    glViewport(0, 0, width, height);
    glDisable(GL_SCISSOR_TEST);
    glClearColor(background.x, background.y, background.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    if (!data) return;
    if (!backdrops.empty()) {
        // A pixel belongs to a rectangle when its centre lies inside, as ImGui's own rectangles do.
        const ImVec2 scale = data->FramebufferScale, origin = data->DisplayPos;
        glEnable(GL_SCISSOR_TEST);
        for (const ui::Backdrop& b : backdrops) {
            const int x0 = static_cast<int>(std::lround((b.min.x - origin.x) * scale.x));
            const int x1 = static_cast<int>(std::lround((b.max.x - origin.x) * scale.x));
            const int y0 = static_cast<int>(std::lround((b.min.y - origin.y) * scale.y));
            const int y1 = static_cast<int>(std::lround((b.max.y - origin.y) * scale.y));
            if (x1 <= x0 || y1 <= y0) continue;
            glScissor(x0, height - y1, x1 - x0, y1 - y0); // GL counts rows from the bottom
            glClearColor(b.colour.x, b.colour.y, b.colour.z, 1.0f);
            glClear(GL_COLOR_BUFFER_BIT);
        }
        glDisable(GL_SCISSOR_TEST);
    }
    ImGui_ImplOpenGL3_RenderDrawData(data);
}

} // namespace wp::platform
