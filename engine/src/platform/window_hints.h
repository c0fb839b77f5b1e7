// The GLFW hints every window of the app is made with (the console and the projector).
#pragma once
#include <GLFW/glfw3.h>

namespace wp::platform {

// An OpenGL 3.3 core context, and a framebuffer with no depth or stencil buffer: ImGui draws in order
// and never tests depth. GLFW asks for 24 + 8 bits by default, which a software renderer (Mesa's
// llvmpipe) keeps in main memory for the window's life: 5.5 MiB at 1600x900 (tools/bench: the app's
// peak memory against the bare window's).
inline void setOurWindowHints() {
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    glfwWindowHint(GLFW_DEPTH_BITS, 0);
    glfwWindowHint(GLFW_STENCIL_BITS, 0);
}

} // namespace wp::platform
