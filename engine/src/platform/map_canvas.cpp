// The map canvas on OpenGL (see map_canvas.h).
#include "wholepicture/platform/map_canvas.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include <backends/imgui_impl_opengl3.h>

#include "gl_fbo.h"
#include "wholepicture/platform/frame_render.h"

namespace wp::platform {

namespace {

// Runs while ImGui's draw data is rendered: copies the texture into the bound framebuffer, within the
// command's clip rect.
void copyToFrame(const ImDrawList*, const ImDrawCmd* cmd) {
    const FboApi& f = fbo();
    const auto& copy = *static_cast<const GlMapCanvas::Copy*>(cmd->UserCallbackData);
    GLint viewport[4] = {}, drawFbo = 0, readFbo = 0;
    glGetIntegerv(GL_VIEWPORT, viewport);
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &drawFbo);
    glGetIntegerv(GL_READ_FRAMEBUFFER_BINDING, &readFbo);
    const int frameHeight = viewport[3];
    const ImDrawData* data = ImGui::GetDrawData(); // the frame being rendered: its origin moves the clip
    const ImVec2 origin = data ? data->DisplayPos : ImVec2(0, 0);
    const ImVec4 clip(cmd->ClipRect.x - origin.x, cmd->ClipRect.y - origin.y, cmd->ClipRect.z - origin.x, cmd->ClipRect.w - origin.y);
    const int cx0 = std::max(0, static_cast<int>(clip.x)), cy0 = std::max(0, static_cast<int>(clip.y));
    const int cx1 = static_cast<int>(clip.z), cy1 = static_cast<int>(clip.w);
    if (cx1 <= cx0 || cy1 <= cy0) return;
    GLuint source = 0;
    f.gen(1, &source);
    f.bind(GL_READ_FRAMEBUFFER, source);
    f.attach(GL_READ_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, copy.texture, 0);
    if (f.status(GL_READ_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE) {
        glEnable(GL_SCISSOR_TEST);
        glScissor(cx0, frameHeight - cy1, cx1 - cx0, cy1 - cy0);
        // Rows count from the bottom in both: the texture was drawn with the screen's own projection.
        const int x = copy.x - static_cast<int>(origin.x);
        const int bottom = frameHeight - (copy.y - static_cast<int>(origin.y) + copy.height);
        f.blit(0, 0, copy.width, copy.height, x, bottom, x + copy.width, bottom + copy.height, GL_COLOR_BUFFER_BIT, GL_NEAREST);
    }
    f.bind(GL_READ_FRAMEBUFFER, static_cast<GLuint>(readFbo));
    f.bind(GL_DRAW_FRAMEBUFFER, static_cast<GLuint>(drawFbo));
    f.del(1, &source);
}

} // namespace

const GlMapCanvas::Copy* GlMapCanvas::copyOf(const ImDrawCmd& cmd) {
    return cmd.UserCallback == copyToFrame ? static_cast<const Copy*>(cmd.UserCallbackData) : nullptr;
}

bool GlMapCanvas::present(ImDrawList& list, ImTextureID texture, ImVec2 min, ImVec2 max) {
    // The texture holds the map at one pixel per unit: a frame scaled to the framebuffer draws a quad.
    const ImVec2 scale = ImGui::GetIO().DisplayFramebufferScale;
    if (!texture || !fbo().ok || scale.x != 1.0f || scale.y != 1.0f) return false;
    const void* context = ImGui::GetCurrentContext();
    const int frame = ImGui::GetFrameCount();
    if (context != m_copiesContext || frame != m_copiesFrame) { // the last frame's copies are rendered
        m_copies.clear();
        m_copiesContext = context;
        m_copiesFrame = frame;
    }
    Copy& copy = m_copies.emplace_back();
    copy.texture = static_cast<unsigned>(reinterpret_cast<std::intptr_t>(texture));
    copy.x = static_cast<int>(std::lround(min.x));
    copy.y = static_cast<int>(std::lround(min.y));
    copy.width = static_cast<int>(std::lround(max.x - min.x));
    copy.height = static_cast<int>(std::lround(max.y - min.y));
    list.AddCallback(copyToFrame, &copy);
    list.AddCallback(ImDrawCallback_ResetRenderState, nullptr); // the backend's state back for what follows
    return true;
}

ImTextureID GlMapCanvas::render(const ImDrawList& list, ImVec2 origin, ImVec2 size, ImVec4 clear) {
    const FboApi& f = fbo();
    const int w = static_cast<int>(size.x), h = static_cast<int>(size.y);
    if (!f.ok || w <= 0 || h <= 0 || w > 8192 || h > 8192 || !glfwGetCurrentContext()) return nullptr;
    GLint previousFbo = 0, previousTexture = 0, viewport[4] = {};
    glGetIntegerv(GL_FRAMEBUFFER_BINDING, &previousFbo);
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &previousTexture);
    glGetIntegerv(GL_VIEWPORT, viewport);

    GLuint texture = 0, framebuffer = 0;
    glGenTextures(1, &texture);
    glBindTexture(GL_TEXTURE_2D, texture);
    // Nearest: the quad covers exactly these whole pixels, so each screen pixel is one texel, as drawn.
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    // Described as BGRA, the order of a window's own pixels: Mesa then stores the texture the same way,
    // and copying it to the screen (present) is a plain copy of rows rather than a conversion.
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, h, 0, GL_BGRA, GL_UNSIGNED_INT_8_8_8_8_REV, nullptr);
    f.gen(1, &framebuffer);
    f.bind(GL_FRAMEBUFFER, framebuffer);
    f.attach(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, texture, 0);
    const bool complete = f.status(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
    if (complete) {
        glViewport(0, 0, w, h);
        // Either what the map sits on (opaque: the texture is copied to the screen) or the window's
        // colour with no alpha (the texture is blended, and its rounded corners onto that colour).
        glClearColor(clear.x, clear.y, clear.z, clear.w);
        glClear(GL_COLOR_BUFFER_BIT);
        ImDrawList* lists[] = {const_cast<ImDrawList*>(&list)};
        ImDrawData data;
        data.Valid = true;
        data.CmdLists = lists;
        data.CmdListsCount = 1;
        data.TotalVtxCount = list.VtxBuffer.Size;
        data.TotalIdxCount = list.IdxBuffer.Size;
        data.DisplayPos = origin;
        data.DisplaySize = size;
        data.FramebufferScale = ImVec2(1, 1);
        ImGui_ImplOpenGL3_RenderDrawData(&data);
    }
    f.bind(GL_FRAMEBUFFER, static_cast<GLuint>(previousFbo));
    f.del(1, &framebuffer);
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(previousTexture));
    glViewport(viewport[0], viewport[1], viewport[2], viewport[3]);
    if (!complete) {
        glDeleteTextures(1, &texture);
        return nullptr;
    }
    noteTextureDrawn(); // a texture name can be reused: a kept frame must not trust the old pixels
    return reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(texture));
}

void GlMapCanvas::release(ImTextureID texture) {
    if (!texture || !glfwGetCurrentContext()) return;
    const GLuint name = static_cast<GLuint>(reinterpret_cast<std::intptr_t>(texture));
    glDeleteTextures(1, &name);
}

} // namespace wp::platform
