// The window and the event-driven frame loop (GLFW 3.3 + OpenGL 3.3 core + the ImGui 1.86 backends).
// - Idle costs nothing: the loop waits for events, draws 3 extra frames after each one (popups and
//   auto-sizing need them), and skips frames entirely when nothing happened.
// - Scale changes rebuild the font atlas between frames.
#pragma once
#include <cstdint>
#include <functional>
#include <string>

#include "wholepicture/ui/app_model.h"

namespace wp::platform {

struct WindowOptions {
    int width = 1600;
    int height = 900;
    std::string screenshotPath;   // non-empty: render `screenshotFrames` frames, save a PNG, return
    int screenshotFrames = 5;
    std::string iniFile;          // ImGui layout file (under the XDG state dir); empty = none
    // Called once per loop iteration, before deciding whether to draw: news from other threads (a
    // watched folder changed) goes into the model here. Returns true when the model changed.
    std::function<bool(ui::AppModel&)> beforeFrame;
    // Room sessions: the projector view gets its own window when there are 2+ monitors, or always with
    // projectorWindow (mirrored displays, tests); else the console switches surfaces with F5.
    bool projectorWindow = false;
    int projectorWidth = 1280;    // when there is no second monitor to fill
    int projectorHeight = 720;
    std::string projectorScreenshotPath; // with screenshotPath: also capture the projector window
    bool showMap = false;         // the play screen opens with the map panel (screenshots)
    std::string debriefSection;   // the debrief opens scrolled to this part ("maps", "path", ...)
};

// Renders the debrief's map (model.debrief: the trainee's map, missed connections marked, legend)
// through the real GL path in a frame of its own and writes it as a PNG of the window's size. Only
// while runWindow is running, from the AfterCommands callback (the GL context is current there).
bool renderMapPng(const ui::AppModel& model, const std::string& path, std::string* error);

// Called after the commands of each frame have been applied: the composition root persists what
// the model asks for (autosave, settings). Keeps file I/O out of the views and the loop.
using AfterCommands = std::function<void(ui::AppModel&)>;

// model.uiScale <= 0 means "follow the monitor's content scale".
// Runs until the window closes (or the screenshot is written). Returns a process exit code.
[[nodiscard]] int runWindow(ui::AppModel& model, const WindowOptions& options, const AfterCommands& afterCommands);

// Thread-safe: wakes the loop from glfwWaitEvents (a worker thread has news for beforeFrame).
void wakeLoop();

// Wall-clock milliseconds since the epoch, for session steps.
[[nodiscard]] std::int64_t nowMs();

} // namespace wp::platform
