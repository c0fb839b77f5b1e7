// Framebuffer capture (see screenshot.h). Debian's libstb ships the compiled implementation, so no
// STB_IMAGE_WRITE_IMPLEMENTATION here.
#include "wholepicture/platform/screenshot.h"

#include <vector>

#define GL_GLEXT_PROTOTYPES
#include <GL/gl.h>
#include <stb_image_write.h>

namespace wp::platform {

bool writeFramebufferPng(const std::string& path, int width, int height, std::string* error) {
    if (width <= 0 || height <= 0) {
        if (error) *error = "the framebuffer is empty";
        return false;
    }
    std::vector<unsigned char> pixels(static_cast<size_t>(width) * static_cast<size_t>(height) * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
    if (const GLenum e = glGetError(); e != GL_NO_ERROR) {
        if (error) *error = "glReadPixels failed (GL error " + std::to_string(e) + ")";
        return false;
    }
    // The default framebuffer's alpha is whatever blending left there; a screenshot is opaque.
    for (size_t i = 3; i < pixels.size(); i += 4) pixels[i] = 255;
    // GL rows start at the bottom; PNG rows at the top.
    stbi_flip_vertically_on_write(1);
    if (!stbi_write_png(path.c_str(), width, height, 4, pixels.data(), width * 4)) {
        if (error) *error = "could not write " + path;
        return false;
    }
    return true;
}

} // namespace wp::platform
