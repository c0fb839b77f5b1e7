// The projector window of the extended display (see projector_window.h).
#include "wholepicture/platform/projector_window.h"

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include "wholepicture/platform/screenshot.h"
#include "wholepicture/ui/room_views.h"

namespace wp::platform {

int monitorCount() {
    int count = 0;
    (void)glfwGetMonitors(&count);
    return count;
}

bool ProjectorWindow::sync(bool want, GLFWwindow* mainWindow, ImGuiContext* mainContext, int width, int height) {
    if (!want) {
        if (m_window) close(mainWindow, mainContext);
        return false;
    }
    if (m_window) return true;
    int count = 0;
    GLFWmonitor** monitors = glfwGetMonitors(&count);
    int x = 60, y = 60, w = width, h = height;
    if (count >= 2) {
        // Fill the second monitor's work area, borderless (a "windowed full screen" that never
        // changes the projector's video mode).
        glfwGetMonitorWorkarea(monitors[1], &x, &y, &w, &h);
        glfwWindowHint(GLFW_DECORATED, GLFW_FALSE);
    }
    glfwWindowHint(GLFW_FOCUS_ON_SHOW, GLFW_FALSE);
    m_window = glfwCreateWindow(w, h, "Whole Picture - projector", nullptr, mainWindow); // shares GL objects
    glfwDefaultWindowHints();
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    if (!m_window) return false; // the console's F5 switching still works
    if (count >= 2) glfwSetWindowPos(m_window, x, y);
    // Exposed or resized, the projector wakes the (event-driven) loop like the console does: same loop
    // state behind the user pointer, same callbacks.
    glfwSetWindowUserPointer(m_window, glfwGetWindowUserPointer(mainWindow));
    if (GLFWwindowrefreshfun onRefresh = glfwSetWindowRefreshCallback(mainWindow, nullptr)) {
        glfwSetWindowRefreshCallback(mainWindow, onRefresh);
        glfwSetWindowRefreshCallback(m_window, onRefresh);
    }
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
    glfwMakeContextCurrent(mainWindow);
    ImGui::SetCurrentContext(mainContext);
    return true;
}

bool ProjectorWindow::render(const app::AppState& model, ui::UiState& ui, GLFWwindow* mainWindow, ImGuiContext* mainContext,
                             const std::string& capturePath, std::string* error) {
    if (!m_window) return false;
    const ImGuiStyle style = ImGui::GetStyle(); // the theme and scale of the console
    ImGui::SetCurrentContext(m_context);
    ImGui::GetStyle() = style;
    glfwMakeContextCurrent(m_window);
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    ui::CommandSink ignored; // the projector view pushes nothing; input belongs to the console
    ui::drawProjector(model, ui, ignored);
    ImGui::Render();
    int fbw = 0, fbh = 0;
    glfwGetFramebufferSize(m_window, &fbw, &fbh);
    glViewport(0, 0, fbw, fbh);
    glClearColor(ui.palette.background.x, ui.palette.background.y, ui.palette.background.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    bool ok = true;
    if (!capturePath.empty()) ok = writeFramebufferPng(capturePath, fbw, fbh, error);
    glfwSwapBuffers(m_window);
    glfwMakeContextCurrent(mainWindow);
    ImGui::SetCurrentContext(mainContext);
    return ok;
}

void ProjectorWindow::close(GLFWwindow* mainWindow, ImGuiContext* mainContext) {
    if (!m_window) return;
    ImGui::SetCurrentContext(m_context);
    glfwMakeContextCurrent(m_window);
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext(m_context); // the shared atlas stays with the console's context
    glfwMakeContextCurrent(mainWindow);
    glfwDestroyWindow(m_window);
    m_window = nullptr;
    m_context = nullptr;
    ImGui::SetCurrentContext(mainContext);
    // The shutdown above deleted the texture the shared atlas pointed at: give the console its own again.
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
}

} // namespace wp::platform
