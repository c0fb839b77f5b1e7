// The projector window of the extended display (see projector_window.h).
#include "wholepicture/platform/projector_window.h"

#include <cstdlib>
#include <vector>

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include "wholepicture/platform/font_texture.h"
#include "wholepicture/platform/frame_render.h"
#include "wholepicture/platform/screenshot.h"
#include "wholepicture/ui/room_views.h"
#include "window_hints.h"

namespace wp::platform {

int monitorCount() {
    int count = 0;
    (void)glfwGetMonitors(&count);
    return count;
}

namespace {

// The monitor for the room: the first one that does not hold the console window's centre (the console
// may be on any monitor, not always the first).
GLFWmonitor* projectorMonitor(GLFWwindow* console) {
    int count = 0;
    GLFWmonitor** monitors = glfwGetMonitors(&count);
    if (count < 2) return nullptr;
    int wx = 0, wy = 0, ww = 0, wh = 0;
    glfwGetWindowPos(console, &wx, &wy);
    glfwGetWindowSize(console, &ww, &wh);
    const int cx = wx + ww / 2, cy = wy + wh / 2;
    for (int i = 0; i < count; ++i) {
        int x = 0, y = 0, w = 0, h = 0;
        glfwGetMonitorWorkarea(monitors[i], &x, &y, &w, &h);
        if (!(cx >= x && cx < x + w && cy >= y && cy < y + h)) return monitors[i];
    }
    return monitors[1];
}

// The one projector window open, and the console's refresh callback (which wakes the event loop).
ProjectorWindow* s_open = nullptr;
GLFWwindowrefreshfun s_consoleRefresh = nullptr;

} // namespace

// Exposed (uncovered, moved to another monitor): the picture must be drawn again even if unchanged.
void projectorExposed(GLFWwindow* window) {
    if (s_open && s_open->m_window == window) s_open->m_shown = 0;
    if (s_consoleRefresh) s_consoleRefresh(window);
}

ProjectorWindow::~ProjectorWindow() { close(); }

bool ProjectorWindow::sync(bool want, GLFWwindow* mainWindow, ImGuiContext* mainContext, int width, int height) {
    m_mainWindow = mainWindow;
    m_mainContext = mainContext;
    if (!want) {
        m_openFailed = false;
        if (m_window) close();
        return false;
    }
    if (m_window) return true;
    if (m_openFailed) return false; // the console's F5 switching works meanwhile
    int x = 60, y = 60, w = width, h = height;
    GLFWmonitor* monitor = projectorMonitor(mainWindow);
    if (monitor) {
        // Fill that monitor's work area, borderless (a "windowed full screen" that never changes the
        // projector's video mode).
        glfwGetMonitorWorkarea(monitor, &x, &y, &w, &h);
        glfwWindowHint(GLFW_DECORATED, GLFW_FALSE);
    }
    glfwWindowHint(GLFW_FOCUS_ON_SHOW, GLFW_FALSE);
    m_window = glfwCreateWindow(w, h, "Whole Picture - projector", nullptr, mainWindow); // shares GL objects
    glfwDefaultWindowHints();
    setOurWindowHints();
    if (!m_window) {
        m_openFailed = true;
        return false; // the console's F5 switching still works
    }
    if (monitor) glfwSetWindowPos(m_window, x, y);
    // Exposed or resized, the projector wakes the (event-driven) loop like the console does: same loop
    // state behind the user pointer, same callbacks.
    glfwSetWindowUserPointer(m_window, glfwGetWindowUserPointer(mainWindow));
    if (GLFWwindowrefreshfun onRefresh = glfwSetWindowRefreshCallback(mainWindow, nullptr)) {
        glfwSetWindowRefreshCallback(mainWindow, onRefresh);
        s_consoleRefresh = onRefresh;
    }
    s_open = this;
    glfwSetWindowRefreshCallback(m_window, projectorExposed); // forgets the picture shown, then wakes the loop
    if (GLFWframebuffersizefun onSize = glfwSetFramebufferSizeCallback(mainWindow, nullptr)) {
        glfwSetFramebufferSizeCallback(mainWindow, onSize);
        glfwSetFramebufferSizeCallback(m_window, onSize);
    }
    // Keys typed while the projector window has focus (someone clicked it) belong to the console: the
    // console's own key and char callbacks put them in its input queue, in order with everything else,
    // so the room keeps answering Enter, "2b", P, F5.
    if (GLFWkeyfun onKey = glfwSetKeyCallback(mainWindow, nullptr)) {
        glfwSetKeyCallback(mainWindow, onKey);
        glfwSetKeyCallback(m_window, onKey);
    }
    if (GLFWcharfun onChar = glfwSetCharCallback(mainWindow, nullptr)) {
        glfwSetCharCallback(mainWindow, onChar);
        glfwSetCharCallback(m_window, onChar);
    }

    ImFontAtlas* shared = ImGui::GetIO().Fonts;
    m_context = ImGui::CreateContext(shared);
    ImGui::SetCurrentContext(m_context);
    ImGui::GetIO().IniFilename = nullptr;
    glfwMakeContextCurrent(m_window);
    glfwSwapInterval(0); // the console window keeps the vsync; two vsynced swaps would halve the rate
    ImGui_ImplGlfw_InitForOpenGL(m_window, false); // no input of its own: the room is driven from the console
    ImGui_ImplOpenGL3_Init("#version 330 core");
    createDeviceObjectsWithoutFontCopy(); // it draws with the console's font texture (shared objects)
    m_kept.attach(m_window);
    glfwMakeContextCurrent(mainWindow);
    ImGui::SetCurrentContext(mainContext);
    return true;
}

bool ProjectorWindow::render(const app::AppState& model, ui::UiState& ui, app::CommandSink& sink, const std::string& capturePath,
                             std::string* error) {
    if (!m_window) return false;
    GLFWwindow* const mainWindow = m_mainWindow;
    ImGuiContext* const mainContext = m_mainContext;
    const ImGuiStyle style = ImGui::GetStyle(); // the theme and scale of the console
    ImGui::SetCurrentContext(m_context);
    ImGui::GetStyle() = style;
    glfwMakeContextCurrent(m_window);
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    app::CommandSink measured; // input belongs to the console; only the page count goes back
    ui::drawProjector(model, ui, measured);
    for (auto& c : measured.commands)
        if (std::holds_alternative<app::ProjectorPagesMeasured>(c)) sink.push(std::move(c));
    ImGui::Render();
    int fbw = 0, fbh = 0;
    glfwGetFramebufferSize(m_window, &fbw, &fbh);
    const std::vector<ui::Backdrop> backdrops = ui::takeBackdrops(*ImGui::GetDrawData());
    const std::uint64_t digest = frameDigest(*ImGui::GetDrawData(), backdrops, fbw, fbh, ui.palette.background);
    static const bool alwaysRedraw = [] {
        const char* v = std::getenv("WP_PROJECTOR_REDRAW");
        return v && std::string(v) == "always";
    }();
    bool ok = true;
    if (digest != m_shown || !capturePath.empty() || alwaysRedraw) {
        // Its picture changed (the digest): only where, unless it was exposed or is captured.
        const bool swap = m_kept.render(fbw, fbh, ui.palette.background, backdrops, m_shown == 0 || !capturePath.empty());
        if (!capturePath.empty()) ok = writeFramebufferPng(capturePath, fbw, fbh, error);
        if (swap) glfwSwapBuffers(m_window);
        m_shown = digest;
    }
    glfwMakeContextCurrent(mainWindow);
    ImGui::SetCurrentContext(mainContext);
    return ok;
}

void ProjectorWindow::close() {
    if (!m_window) return;
    if (s_open == this) s_open = nullptr;
    m_shown = 0;
    GLFWwindow* const mainWindow = m_mainWindow;
    ImGuiContext* const mainContext = m_mainContext;
    ImGui::SetCurrentContext(m_context);
    glfwMakeContextCurrent(m_window);
    m_kept.release();
    const ImTextureID fontTexture = ImGui::GetIO().Fonts->TexID; // the console's: the shutdown clears the ID
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext(m_context); // the shared atlas stays with the console's context
    glfwMakeContextCurrent(mainWindow);
    glfwDestroyWindow(m_window);
    m_window = nullptr;
    m_context = nullptr;
    ImGui::SetCurrentContext(mainContext);
    ImGui::GetIO().Fonts->SetTexID(fontTexture);
}

} // namespace wp::platform
