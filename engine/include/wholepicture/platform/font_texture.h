// The font atlas's GL texture at one byte a pixel.
//
// The 1.86 OpenGL3 backend copies the atlas into a four-byte RGBA texture: a conversion on the UI
// thread before the first frame, a 4 MB copy of the atlas in the heap while it is made, and 4 MB kept by
// the GL driver (llvmpipe keeps textures in main memory) for what is one channel of coverage. Ours is
// GL_R8, sampled as white with the coverage as alpha (a texture swizzle), so the backend's shader draws
// it unchanged. The backend still makes "its" font texture when its device objects are made: it is given
// a one-pixel stand-in atlas for that, and never draws with it. WP_FONT_TEXTURE=rgba uses the backend's
// own texture instead, to compare the two (tests/visual).
#pragma once

namespace wp::platform {

// ImGui_ImplOpenGL3_CreateDeviceObjects for the current ImGui and GL contexts, with a one-pixel stand-in
// for the font atlas while it runs: the atlas's texture ID (FontTexture's) is left as it was.
void createDeviceObjectsWithoutFontCopy();

// The atlas's texture, shared by every window's GL context (they share objects).
class FontTexture {
public:
    FontTexture() = default;
    FontTexture(const FontTexture&) = delete;
    FontTexture& operator=(const FontTexture&) = delete;
    ~FontTexture(); // needs the GL context current: call release() before it goes

    // Uploads the current ImGui context's atlas (built; rasterised now if not) and points the atlas at
    // the texture. The atlas's own pixels are freed: the texture is the only copy of the glyphs.
    void upload();
    // Points the atlas at the texture again (a backend's shutdown clears the ID).
    void reattach() const;
    // Nearest filtering while `exactly`, else linear (the texture's resting state). A frame whose text is
    // all drawn at its faces' baked sizes (fonts.cpp: one texel per pixel, glyphs on whole pixels) reads
    // the same pixels either way, and a software renderer (llvmpipe, a virtual desktop or a laptop without
    // a GPU driver) draws a frame of text about a fifth faster with nearest. Text drawn scaled (the
    // projector, map labels) needs linear: set it back before anything else draws.
    void sampleExactly(bool exactly);
    void release();
    [[nodiscard]] unsigned id() const { return m_texture; }

private:
    unsigned m_texture = 0;
    bool m_nearest = false;
};

} // namespace wp::platform
