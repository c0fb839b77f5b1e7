// Extended display: the room's projector view in a second GLFW window (on the second monitor when
// there is one), drawn with a second ImGui context that shares the first one's font atlas (ImGui 1.86
// supports several contexts; the GL contexts share objects, so the font texture serves both). It has
// no input of its own: the facilitator drives everything from the console window.
#pragma once
#include <string>

#include "wholepicture/app/state.h"
#include "wholepicture/ui/ui_state.h"

struct GLFWwindow;
struct ImGuiContext;

namespace wp::platform {

// Monitors GLFW reports (2+ means an extended display is available).
[[nodiscard]] int monitorCount();

class ProjectorWindow {
public:
    // Opens the window when `want` and it is closed, closes it when not wanted. Returns true if open.
    // `width`/`height` size the window when there is no second monitor to fill.
    bool sync(bool want, GLFWwindow* mainWindow, ImGuiContext* mainContext, int width, int height);
    // Draws one frame of the projector view; with `capturePath` set, also writes it as a PNG.
    // Restores the main window's GL context and the main ImGui context afterwards.
    bool render(const app::AppState& model, ui::UiState& ui, GLFWwindow* mainWindow, ImGuiContext* mainContext,
                const std::string& capturePath = {}, std::string* error = nullptr);
    void close(GLFWwindow* mainWindow, ImGuiContext* mainContext);
    [[nodiscard]] bool isOpen() const { return m_window != nullptr; }

private:
    GLFWwindow* m_window = nullptr;
    ImGuiContext* m_context = nullptr;
};

} // namespace wp::platform
