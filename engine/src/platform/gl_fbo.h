// Framebuffer objects (GL 3.0), taken from the driver through GLFW: the ImGui backend loads its own GL
// functions and exports none. Shared by the map canvas and the kept frame (frame_render.h).
#pragma once

#define GLFW_INCLUDE_GLEXT
#include <GLFW/glfw3.h>

namespace wp::platform {

struct FboApi {
    PFNGLGENFRAMEBUFFERSPROC gen = nullptr;
    PFNGLDELETEFRAMEBUFFERSPROC del = nullptr;
    PFNGLBINDFRAMEBUFFERPROC bind = nullptr;
    PFNGLFRAMEBUFFERTEXTURE2DPROC attach = nullptr;
    PFNGLCHECKFRAMEBUFFERSTATUSPROC status = nullptr;
    PFNGLBLITFRAMEBUFFERPROC blit = nullptr;
    bool ok = false;
};

// Loaded on first use, with a GL context current.
inline const FboApi& fbo() {
    static const FboApi api = [] {
        FboApi a;
        a.gen = reinterpret_cast<PFNGLGENFRAMEBUFFERSPROC>(glfwGetProcAddress("glGenFramebuffers"));
        a.del = reinterpret_cast<PFNGLDELETEFRAMEBUFFERSPROC>(glfwGetProcAddress("glDeleteFramebuffers"));
        a.bind = reinterpret_cast<PFNGLBINDFRAMEBUFFERPROC>(glfwGetProcAddress("glBindFramebuffer"));
        a.attach = reinterpret_cast<PFNGLFRAMEBUFFERTEXTURE2DPROC>(glfwGetProcAddress("glFramebufferTexture2D"));
        a.status = reinterpret_cast<PFNGLCHECKFRAMEBUFFERSTATUSPROC>(glfwGetProcAddress("glCheckFramebufferStatus"));
        a.blit = reinterpret_cast<PFNGLBLITFRAMEBUFFERPROC>(glfwGetProcAddress("glBlitFramebuffer"));
        a.ok = a.gen && a.del && a.bind && a.attach && a.status && a.blit;
        return a;
    }();
    return api;
}

} // namespace wp::platform
