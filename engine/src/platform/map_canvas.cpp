// The map canvas on OpenGL (see map_canvas.h).
#include "wholepicture/platform/map_canvas.h"

#include <cstdint>

#define GLFW_INCLUDE_GLEXT
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_opengl3.h>

namespace wp::platform {

namespace {

// Framebuffer objects are GL 3.0: taken from the driver through GLFW, as the backend loads its own.
struct FboApi {
    PFNGLGENFRAMEBUFFERSPROC gen = nullptr;
    PFNGLDELETEFRAMEBUFFERSPROC del = nullptr;
    PFNGLBINDFRAMEBUFFERPROC bind = nullptr;
    PFNGLFRAMEBUFFERTEXTURE2DPROC attach = nullptr;
    PFNGLCHECKFRAMEBUFFERSTATUSPROC status = nullptr;
    bool ok = false;
};

const FboApi& fbo() {
    static const FboApi api = [] {
        FboApi a;
        a.gen = reinterpret_cast<PFNGLGENFRAMEBUFFERSPROC>(glfwGetProcAddress("glGenFramebuffers"));
        a.del = reinterpret_cast<PFNGLDELETEFRAMEBUFFERSPROC>(glfwGetProcAddress("glDeleteFramebuffers"));
        a.bind = reinterpret_cast<PFNGLBINDFRAMEBUFFERPROC>(glfwGetProcAddress("glBindFramebuffer"));
        a.attach = reinterpret_cast<PFNGLFRAMEBUFFERTEXTURE2DPROC>(glfwGetProcAddress("glFramebufferTexture2D"));
        a.status = reinterpret_cast<PFNGLCHECKFRAMEBUFFERSTATUSPROC>(glfwGetProcAddress("glCheckFramebufferStatus"));
        a.ok = a.gen && a.del && a.bind && a.attach && a.status;
        return a;
    }();
    return api;
}

} // namespace

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
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    f.gen(1, &framebuffer);
    f.bind(GL_FRAMEBUFFER, framebuffer);
    f.attach(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, texture, 0);
    const bool complete = f.status(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
    if (complete) {
        glViewport(0, 0, w, h);
        // The window's background with no alpha: the map's rounded corners blend onto it as on screen.
        glClearColor(clear.x, clear.y, clear.z, 0.0f);
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
    return reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(texture));
}

void GlMapCanvas::release(ImTextureID texture) {
    if (!texture || !glfwGetCurrentContext()) return;
    const GLuint name = static_cast<GLuint>(reinterpret_cast<std::intptr_t>(texture));
    glDeleteTextures(1, &name);
}

} // namespace wp::platform
