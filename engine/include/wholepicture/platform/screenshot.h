// Framebuffer capture for --screenshot and the visual tests.
#pragma once
#include <string>

namespace wp::platform {

// Reads the current GL back buffer (call BEFORE glfwSwapBuffers) and writes it as a PNG.
[[nodiscard]] bool writeFramebufferPng(const std::string& path, int width, int height, std::string* error);

} // namespace wp::platform
