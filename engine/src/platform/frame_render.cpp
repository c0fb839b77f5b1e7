// One ImGui frame onto the framebuffer (see frame_render.h).
#include "wholepicture/platform/frame_render.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include <backends/imgui_impl_opengl3.h>

#include "gl_fbo.h"

// GLFW's native access (glfw3native.h would need the X extension headers as well, for these two).
extern "C" {
struct _XDisplay;
struct _XDisplay* glfwGetX11Display(void);
unsigned long glfwGetGLXWindow(GLFWwindow* window); // a GLXWindow (an X id); 0 when not a GLX window
}

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

namespace {

std::uint64_t s_textureGeneration = 0;

// The whole framebuffer of `width` x `height` pixels to `background`.
void clearWhole(int width, int height, ImVec4 background) {
    glViewport(0, 0, width, height);
    glDisable(GL_SCISSOR_TEST);
    glClearColor(background.x, background.y, background.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
}

// The framebuffer pixels (top-left origin) a backdrop covers: a pixel belongs to a rectangle when its
// centre lies inside, as ImGui's own rectangles do.
PixelRect backdropPixels(const ImDrawData& data, const ui::Backdrop& b) {
    const ImVec2 scale = data.FramebufferScale, origin = data.DisplayPos;
    return {static_cast<int>(std::lround((b.min.x - origin.x) * scale.x)), static_cast<int>(std::lround((b.min.y - origin.y) * scale.y)),
            static_cast<int>(std::lround((b.max.x - origin.x) * scale.x)), static_cast<int>(std::lround((b.max.y - origin.y) * scale.y))};
}

// The backdrops as clears, each within `within` (framebuffer pixels, top-left origin) when given.
void clearBackdrops(const ImDrawData& data, int height, const std::vector<ui::Backdrop>& backdrops, const PixelRect* within) {
    glEnable(GL_SCISSOR_TEST);
    for (const ui::Backdrop& b : backdrops) {
        auto [x0, y0, x1, y1] = backdropPixels(data, b);
        if (within) {
            x0 = std::max(x0, within->x0), y0 = std::max(y0, within->y0);
            x1 = std::min(x1, within->x1), y1 = std::min(y1, within->y1);
        }
        if (x1 <= x0 || y1 <= y0) continue;
        glScissor(x0, height - y1, x1 - x0, y1 - y0); // GL counts rows from the bottom
        glClearColor(b.colour.x, b.colour.y, b.colour.z, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
    }
    glDisable(GL_SCISSOR_TEST);
}

// The backdrops as opaque rectangles through ImGui's own pipeline, before the frame's triangles (where
// the clears would be), each over the pixels its clear covers. Only for a window's first frame: on a
// software renderer each pipeline a frame uses is compiled when first drawn, and the clears' pipeline
// (a quad in Mesa's llvmpipe) cost 4-7 ms of the first frame (tools/bench) where these triangles
// cost nothing more. Later frames clear, which is cheaper per pixel.
void drawBackdropsAsRectangles(const ImDrawData& data, const std::vector<ui::Backdrop>& backdrops) {
    const ImVec2 scale = data.FramebufferScale, origin = data.DisplayPos;
    ImDrawList list(ImGui::GetDrawListSharedData());
    list._ResetForNewFrame();
    list.PushTextureID(ImGui::GetIO().Fonts->TexID);
    list.PushClipRect(origin, ImVec2(origin.x + data.DisplaySize.x, origin.y + data.DisplaySize.y));
    for (const ui::Backdrop& b : backdrops) {
        const PixelRect r = backdropPixels(data, b);
        if (r.empty()) continue;
        const auto at = [&](int x, int y) { return ImVec2(origin.x + static_cast<float>(x) / scale.x, origin.y + static_cast<float>(y) / scale.y); };
        list.AddRectFilled(at(r.x0, r.y0), at(r.x1, r.y1), ImGui::ColorConvertFloat4ToU32(ImVec4(b.colour.x, b.colour.y, b.colour.z, 1.0f)));
    }
    ImDrawList* lists[] = {&list};
    ImDrawData rectangles = data;
    rectangles.CmdLists = lists;
    rectangles.CmdListsCount = 1;
    rectangles.TotalVtxCount = list.VtxBuffer.Size;
    rectangles.TotalIdxCount = list.IdxBuffer.Size;
    ImGui_ImplOpenGL3_RenderDrawData(&rectangles);
}

} // namespace

void noteTextureDrawn() { ++s_textureGeneration; }
std::uint64_t textureGeneration() { return s_textureGeneration; }

KeptFrame::KeptFrame() {
    const char* setting = std::getenv("WP_DAMAGE");
    m_enabled = !setting || std::string(setting) != "off";
    m_check = setting && std::string(setting) == "check";
    const char* backdrops = std::getenv("WP_BACKDROPS");
    m_firstBackdropsAsRectangles = !backdrops || std::string(backdrops) != "clears";
}

using CopySubBufferFn = void (*)(struct _XDisplay*, unsigned long, int, int, int, int); // glXCopySubBufferMESA

void KeptFrame::attach(GLFWwindow* window) {
    m_window = window;
    m_copySubBuffer = nullptr;
    const char* setting = std::getenv("WP_DAMAGE");
    if (!window || (setting && std::string(setting) == "swap")) return; // WP_DAMAGE=swap: always the whole picture and a swap
    // With the window's context current (glfwExtensionSupported asks it); not a GLX window: no copies.
    if (!glfwGetX11Display() || !glfwGetGLXWindow(window) || !glfwExtensionSupported("GLX_MESA_copy_sub_buffer")) return;
    m_copySubBuffer = reinterpret_cast<void*>(glfwGetProcAddress("glXCopySubBufferMESA"));
}

bool KeptFrame::ensureTarget(int width, int height) {
    const FboApi& f = fbo();
    if (!m_enabled || !f.ok || width <= 0 || height <= 0) return false;
    if (m_framebuffer && width == m_width && height == m_height) return true;
    release();
    m_keptValid = false;
    GLuint texture = 0, framebuffer = 0;
    GLint previousTexture = 0;
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &previousTexture);
    glGenTextures(1, &texture);
    glBindTexture(GL_TEXTURE_2D, texture);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    // RGB with BGRA data: Mesa keeps it as the window keeps its pixels (B8G8R8X8), so the copy to the
    // window is a copy of rows; with an alpha channel it was drawn through a shader, costing more than
    // a whole frame.
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGB8, width, height, 0, GL_BGRA, GL_UNSIGNED_INT_8_8_8_8_REV, nullptr);
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(previousTexture));
    f.gen(1, &framebuffer);
    f.bind(GL_FRAMEBUFFER, framebuffer);
    f.attach(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, texture, 0);
    const bool complete = f.status(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
    f.bind(GL_FRAMEBUFFER, 0);
    if (!complete) {
        f.del(1, &framebuffer);
        glDeleteTextures(1, &texture);
        m_enabled = false; // drawn whole from now on
        return false;
    }
    m_framebuffer = framebuffer;
    m_texture = texture;
    m_width = width;
    m_height = height;
    return true;
}

void KeptFrame::release() {
    if (m_framebuffer) fbo().del(1, &m_framebuffer);
    if (m_texture) glDeleteTextures(1, &m_texture);
    m_framebuffer = m_texture = 0;
    m_width = m_height = 0;
    m_keptValid = false;
}

void KeptFrame::checkAgainstWhole(int width, int height, ImVec4 background, const std::vector<ui::Backdrop>& backdrops,
                                  const FrameDamage& damage) {
    const FboApi& f = fbo();
    std::vector<unsigned char> kept(static_cast<size_t>(width) * height * 4), whole(kept.size());
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    f.bind(GL_FRAMEBUFFER, m_framebuffer);
    glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, kept.data());
    GLuint texture = 0, framebuffer = 0;
    glGenTextures(1, &texture);
    glBindTexture(GL_TEXTURE_2D, texture);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_BGRA, GL_UNSIGNED_INT_8_8_8_8_REV, nullptr);
    f.gen(1, &framebuffer);
    f.bind(GL_FRAMEBUFFER, framebuffer);
    f.attach(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, texture, 0);
    renderFrame(width, height, background, backdrops);
    glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, whole.data());
    f.bind(GL_FRAMEBUFFER, m_framebuffer);
    f.del(1, &framebuffer);
    glDeleteTextures(1, &texture);
    PixelRect bad{width, height, 0, 0};
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            const size_t at = (static_cast<size_t>(y) * width + x) * 4;
            if (std::memcmp(&kept[at], &whole[at], 3) == 0) continue;
            const int top = height - 1 - y;
            bad = {std::min(bad.x0, x), std::min(bad.y0, top), std::max(bad.x1, x + 1), std::max(bad.y1, top + 1)};
        }
    if (bad.empty()) {
        std::fprintf(stderr, "wp-damage checked a partial frame: %zu rectangle(s), same pixels as drawn whole\n", damage.rects.size());
        return;
    }
    ++m_stats.mismatches;
    std::string drawn;
    for (const PixelRect& r : damage.rects)
        drawn += " " + std::to_string(r.x0) + "," + std::to_string(r.y0) + "-" + std::to_string(r.x1) + "," + std::to_string(r.y1);
    std::fprintf(stderr, "wp-damage mismatch at %d,%d-%d,%d; drawn:%s\n", bad.x0, bad.y0, bad.x1, bad.y1, drawn.c_str());
}

bool KeptFrame::render(int width, int height, ImVec4 background, bool present) {
    const ImDrawData* data = ImGui::GetDrawData();
    return render(width, height, background, data ? ui::takeBackdrops(*data) : std::vector<ui::Backdrop>{}, present);
}

bool KeptFrame::render(int width, int height, ImVec4 background, const std::vector<ui::Backdrop>& backdrops, bool present) {
    ImDrawData* data = ImGui::GetDrawData();
    auto straightToTheWindow = [&] {
        if (data && m_firstBackdropsAsRectangles && m_stats.whole + m_stats.partial == 0 && !backdrops.empty()) {
            clearWhole(width, height, background);
            drawBackdropsAsRectangles(*data, backdrops);
            ImGui_ImplOpenGL3_RenderDrawData(data);
        } else {
            renderFrame(width, height, background, backdrops);
        }
        ++m_stats.whole;
        m_stats.pixelsDrawn += static_cast<long long>(width) * height;
        return true;
    };
    if (!data || !m_enabled || !fbo().ok) return straightToTheWindow();
    FrameDamage damage = m_history.advance(*data, backdrops, width, height, background, s_textureGeneration);
    const bool unchanged = !damage.full && damage.rects.empty();
    if (m_keptValid) (void)ensureTarget(width, height); // another size: nothing kept
    if (!m_keptValid) {
        // Nothing kept yet. The window's first frame goes straight to it, as without a kept frame: start-up
        // pays nothing for keeping. The picture is kept from the next frame that changes (drawn whole).
        if (unchanged && !present) return false;
        const bool first = m_stats.whole + m_stats.partial == 0;
        if (first || !ensureTarget(width, height)) return straightToTheWindow();
        damage.full = true;
    }
    const FboApi& f = fbo();
    f.bind(GL_FRAMEBUFFER, m_framebuffer);
    if (damage.full) {
        renderFrame(width, height, background, backdrops);
        m_keptValid = true;
        if (m_check) std::fprintf(stderr, "wp-damage drew a frame whole\n");
        ++m_stats.whole;
        m_stats.pixelsDrawn += static_cast<long long>(width) * height;
    } else if (!damage.rects.empty()) {
        // Each damaged rectangle: cleared, its backdrops, then the triangles with every clip narrowed to it.
        std::vector<ImVec4> clips;
        for (int l = 0; l < data->CmdListsCount; ++l)
            for (const ImDrawCmd& cmd : data->CmdLists[l]->CmdBuffer) clips.push_back(cmd.ClipRect);
        const ImVec2 scale = data->FramebufferScale, origin = data->DisplayPos;
        glViewport(0, 0, width, height);
        for (const PixelRect& r : damage.rects) {
            glEnable(GL_SCISSOR_TEST);
            glScissor(r.x0, height - r.y1, r.x1 - r.x0, r.y1 - r.y0);
            glClearColor(background.x, background.y, background.z, 1.0f);
            glClear(GL_COLOR_BUFFER_BIT);
            glDisable(GL_SCISSOR_TEST);
            clearBackdrops(*data, height, backdrops, &r);
            const ImVec4 within(origin.x + static_cast<float>(r.x0) / scale.x, origin.y + static_cast<float>(r.y0) / scale.y,
                                origin.x + static_cast<float>(r.x1) / scale.x, origin.y + static_cast<float>(r.y1) / scale.y);
            size_t i = 0;
            for (int l = 0; l < data->CmdListsCount; ++l)
                for (ImDrawCmd& cmd : data->CmdLists[l]->CmdBuffer) {
                    const ImVec4& c = clips[i++];
                    cmd.ClipRect = ImVec4(std::max(c.x, within.x), std::max(c.y, within.y), std::min(c.z, within.z), std::min(c.w, within.w));
                }
            ImGui_ImplOpenGL3_RenderDrawData(data);
            m_stats.pixelsDrawn += r.area();
        }
        size_t i = 0; // the draw data as ImGui made it
        for (int l = 0; l < data->CmdListsCount; ++l)
            for (ImDrawCmd& cmd : data->CmdLists[l]->CmdBuffer) cmd.ClipRect = clips[i++];
        ++m_stats.partial;
        if (m_check) checkAgainstWhole(width, height, background, backdrops, damage);
        if (m_copySubBuffer && !present) {
            // Each rectangle to the back buffer, and from there straight to the screen: the rest of the
            // back buffer may hold anything, and is never shown.
            const auto copySub = reinterpret_cast<CopySubBufferFn>(m_copySubBuffer);
            glDisable(GL_SCISSOR_TEST);
            f.bind(GL_READ_FRAMEBUFFER, m_framebuffer);
            f.bind(GL_DRAW_FRAMEBUFFER, 0);
            for (const PixelRect& r : damage.rects) {
                const int y0 = height - r.y1, y1 = height - r.y0; // GL counts rows from the bottom
                f.blit(r.x0, y0, r.x1, y1, r.x0, y0, r.x1, y1, GL_COLOR_BUFFER_BIT, GL_NEAREST);
            }
            f.bind(GL_FRAMEBUFFER, 0);
            for (const PixelRect& r : damage.rects)
                copySub(glfwGetX11Display(), glfwGetGLXWindow(m_window), r.x0, height - r.y1, r.x1 - r.x0, r.y1 - r.y0);
            return false;
        }
    } else {
        if (m_check) std::fprintf(stderr, "wp-damage frame unchanged\n");
        ++m_stats.unchanged;
        if (!present) {
            f.bind(GL_FRAMEBUFFER, 0);
            return false;
        }
    }
    // The whole kept picture to the window.
    glDisable(GL_SCISSOR_TEST);
    f.bind(GL_READ_FRAMEBUFFER, m_framebuffer);
    f.bind(GL_DRAW_FRAMEBUFFER, 0);
    f.blit(0, 0, width, height, 0, 0, width, height, GL_COLOR_BUFFER_BIT, GL_NEAREST);
    f.bind(GL_FRAMEBUFFER, 0);
    return true;
}

void renderFrame(int width, int height, ImVec4 background, const std::vector<ui::Backdrop>& backdrops) {
    ImDrawData* data = ImGui::GetDrawData();
    clearWhole(width, height, background);
    if (!data) return;
    if (!backdrops.empty()) clearBackdrops(*data, height, backdrops, nullptr);
    ImGui_ImplOpenGL3_RenderDrawData(data);
}

} // namespace wp::platform
