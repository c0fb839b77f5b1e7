// The window and the event-driven frame loop (GLFW 3.3 + OpenGL 3.3 core + the ImGui 1.86 backends).
// - Idle costs nothing: the loop waits for events, draws 3 extra frames after each one (popups and
//   auto-sizing need them), and skips frames entirely when nothing happened.
// - Scale changes rebuild the font atlas between frames.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "wholepicture/app/command_queue.h"
#include "wholepicture/app/effects.h"
#include "wholepicture/app/exporters.h"
#include "wholepicture/app/state.h"
#include "wholepicture/platform/fonts.h"

struct GLFWwindow;
namespace wp::ui {
struct UiState;
}

namespace wp::platform {

// Where the map PNG export draws: the debrief's map through the real GL path, in a frame of its own,
// the window's size. The composition root owns one and registers the exporter with it; runWindow
// attaches its window and UI state while it runs, so the export works only then (effects are carried
// out on the UI thread, with the GL context current) and says so plainly otherwise.
class MapPngTarget {
public:
    void attach(GLFWwindow* window, ui::UiState* ui) { m_window = window, m_ui = ui; }
    void detach() { attach(nullptr, nullptr); }
    // Writes the PNG; false with the reason in `error`.
    bool render(const app::AppState& model, const std::string& path, std::string& error) const;

private:
    GLFWwindow* m_window = nullptr;
    ui::UiState* m_ui = nullptr;
};
void registerMapPngExporter(app::ExporterRegistry& registry, const MapPngTarget& target);

struct WindowOptions {
    int width = 1600;
    int height = 900;
    std::string screenshotPath;   // non-empty: render `screenshotFrames` frames, save a PNG, return
    int screenshotFrames = 5;
    std::string iniFile;          // ImGui layout file (under the XDG state dir); empty = none
    // Effects to carry out once the first frame is drawn (an export asked for on the command line: the
    // map PNG needs the GL context).
    std::vector<app::Effect> afterFirstFrame;
    // Start-up work that needs no window (the cases' manifests, the records), run on a thread of its own
    // while this one makes the window and its GL context: without a GPU that takes this thread 70 ms or
    // more, with the other core all but idle. It has the state to itself until it is joined (before
    // anything else reads the state), except the settings, which the fonts are built from meanwhile and
    // which it must leave alone. What it throws is thrown again here, once the window is closed.
    std::function<void()> besideWindow;
    // Then, here, before the first frame: the start-up commands. The effects it returns are carried out
    // after the first frame, as afterFirstFrame's are.
    std::function<std::vector<app::Effect>()> beforeFirstFrame;
    // Room sessions: the projector view gets its own window when there are 2+ monitors, or always with
    // projectorWindow (mirrored displays, tests); else the console switches surfaces with F5.
    bool projectorWindow = false;
    int projectorWidth = 1280;    // when there is no second monitor to fill
    int projectorHeight = 720;
    std::string projectorScreenshotPath; // with screenshotPath: also capture the projector window
    bool showMap = false;         // the play screen opens with the map panel (screenshots)
    std::string debriefSection;   // the debrief opens scrolled to this part ("maps", "path", ...)
    int authorTab = -1;           // author mode's panel opens on this tab (3: Review; screenshots), -1 as it was
    MapPngTarget* mapPng = nullptr; // attached to the window while the loop runs
    FontCache fontCache;            // built font atlases kept between starts (fonts.h); empty dir: none
};

// Carries out the effects of applied commands (the composition root's effect runner).
using RunEffects = std::function<void(const std::vector<app::Effect>& effects, const app::AppState& state)>;

// The loop: commands posted to `queue` (other threads) and pushed by the views are applied between
// frames, in order, and their effects handed to `runEffects`. state.uiScale <= 0 means "follow the
// monitor's content scale". Runs until the window closes, Quit, or the screenshot is written. Returns a
// process exit code.
[[nodiscard]] int runWindow(app::AppState& state, const WindowOptions& options, app::CommandQueue& queue,
                            const RunEffects& runEffects);

// Thread-safe: wakes the loop from glfwWaitEvents (a worker thread has news for beforeFrame).
void wakeLoop();

// Wall-clock milliseconds since the epoch, for session steps.
[[nodiscard]] std::int64_t nowMs();

} // namespace wp::platform
