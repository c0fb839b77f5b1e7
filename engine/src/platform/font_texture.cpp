// The font atlas's texture at one byte a pixel (see font_texture.h).
#include "wholepicture/platform/font_texture.h"

#include <cassert>
#include <cstdint>
#include <cstdlib>
#include <string>

#include <imgui.h>
#include <backends/imgui_impl_opengl3.h>

#define GLFW_INCLUDE_GLEXT
#include <GLFW/glfw3.h>

namespace wp::platform {

namespace {
// WP_FONT_TEXTURE=rgba: the backend's own RGBA texture instead (to compare the two in screenshots).
bool backendsOwn() {
    static const bool rgba = [] {
        const char* setting = std::getenv("WP_FONT_TEXTURE");
        return setting && std::string(setting) == "rgba";
    }();
    return rgba;
}
} // namespace

void createDeviceObjectsWithoutFontCopy() {
    ImGuiIO& io = ImGui::GetIO();
    ImFontAtlas* const atlas = io.Fonts;
    const ImTextureID id = atlas->TexID;
    // Already "built": one opaque white pixel, which the backend copies to RGBA and uploads.
    ImFontAtlas standIn;
    standIn.TexPixelsAlpha8 = static_cast<unsigned char*>(IM_ALLOC(1));
    standIn.TexPixelsAlpha8[0] = 0xFF;
    standIn.TexWidth = standIn.TexHeight = 1;
    io.Fonts = &standIn;
    ImGui_ImplOpenGL3_CreateDeviceObjects();
    io.Fonts = atlas;
    atlas->SetTexID(id);
}

FontTexture::~FontTexture() { assert(m_texture == 0 && "FontTexture: release() it while its GL context is current"); }

void FontTexture::upload() {
    ImFontAtlas* const atlas = ImGui::GetIO().Fonts;
    if (backendsOwn()) {
        ImGui_ImplOpenGL3_DestroyFontsTexture(); // the stand-in, or the last one
        ImGui_ImplOpenGL3_CreateFontsTexture();
        atlas->ClearTexData();
        return;
    }
    unsigned char* pixels = nullptr;
    int width = 0, height = 0;
    atlas->GetTexDataAsAlpha8(&pixels, &width, &height);
    if (!pixels || width <= 0 || height <= 0) return;
    GLint previous = 0;
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &previous);
    if (!m_texture) glGenTextures(1, &m_texture);
    glBindTexture(GL_TEXTURE_2D, m_texture);
    // Linear, as the backend's, at rest; nearest only while a frame of unscaled text is drawn (sampleExactly).
    m_nearest = false;
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    // Sampled as (1, 1, 1, coverage): what the RGBA copy held, so the shader multiplies as before.
    const GLint swizzle[] = {GL_ONE, GL_ONE, GL_ONE, GL_RED};
    glTexParameteriv(GL_TEXTURE_2D, GL_TEXTURE_SWIZZLE_RGBA, swizzle);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, width, height, 0, GL_RED, GL_UNSIGNED_BYTE, pixels);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(previous));
    reattach();
    atlas->ClearTexData(); // the texture is the only copy of the glyphs now
}

void FontTexture::sampleExactly(bool exactly) {
    if (!m_texture || exactly == m_nearest) return; // WP_FONT_TEXTURE=rgba: the backend's texture, always linear
    GLint previous = 0;
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &previous);
    glBindTexture(GL_TEXTURE_2D, m_texture);
    const GLint filter = exactly ? GL_NEAREST : GL_LINEAR;
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, filter);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, filter);
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(previous));
    m_nearest = exactly;
}

void FontTexture::reattach() const {
    if (m_texture) ImGui::GetIO().Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(m_texture)));
}

void FontTexture::release() {
    if (!m_texture) return;
    glDeleteTextures(1, &m_texture);
    m_texture = 0;
    m_nearest = false;
}

} // namespace wp::platform
