// Extended display: the room's projector view in a second GLFW window (on the second monitor when
// there is one), drawn with a second ImGui context that shares the first one's font atlas (ImGui 1.86
// supports several contexts; the GL contexts share objects, so the font texture serves both). It has
// no input of its own: the facilitator drives everything from the console window.
#pragma once
#include <cstdint>
#include <string>

#include "wholepicture/app/state.h"
#include "wholepicture/platform/frame_render.h"
#include "wholepicture/ui/ui_state.h"

struct GLFWwindow;
struct ImGuiContext;

namespace wp::platform {

// Monitors GLFW reports (2+ means an extended display is available).
[[nodiscard]] int monitorCount();

class ProjectorWindow {
public:
    ProjectorWindow() = default;
    ~ProjectorWindow(); // closes the window (and its ImGui context) if still open
    ProjectorWindow(const ProjectorWindow&) = delete;
    ProjectorWindow& operator=(const ProjectorWindow&) = delete;

    // Opens the window when `want` and it is closed, closes it when not wanted. Returns true if open.
    // `width`/`height` size the window when there is no second monitor to fill. When opening fails it
    // is not tried again every frame: only once `want` has gone false and true again.
    bool sync(bool want, GLFWwindow* mainWindow, ImGuiContext* mainContext, int width, int height);
    // Draws one frame of the projector view; with `capturePath` set, also writes it as a PNG. What the
    // view measures (how many pages it needs) goes to `sink`, for the console; it has no input of its
    // own. Restores the main window's GL context and the main ImGui context afterwards.
    // A frame whose picture is the one already on the projector is built but not rendered or swapped
    // (unless captured, or the window was exposed or resized meanwhile): the console's frames, for a
    // hover or a key, cost the projector almost nothing. WP_PROJECTOR_REDRAW=always turns that off
    // (tools/bench measures a redrawn frame with it).
    bool render(const app::AppState& model, ui::UiState& ui, app::CommandSink& sink, const std::string& capturePath = {},
                std::string* error = nullptr);
    void close();
    [[nodiscard]] bool isOpen() const { return m_window != nullptr; }

private:
    GLFWwindow* m_window = nullptr;
    ImGuiContext* m_context = nullptr;
    GLFWwindow* m_mainWindow = nullptr;     // the console's, current again after every call
    ImGuiContext* m_mainContext = nullptr;
    bool m_openFailed = false;              // until `want` goes false: no retry every frame
    std::uint64_t m_shown = 0;              // frameDigest of the picture on the projector (0: none yet)
    KeptFrame m_kept;                       // redrawn only where the picture changed (a timer's digits)

    friend void projectorExposed(GLFWwindow* window);
};

} // namespace wp::platform
