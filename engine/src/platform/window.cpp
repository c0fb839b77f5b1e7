// The window and the event-driven frame loop (see window.h).
#include "wholepicture/platform/window.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <utility>
#include <vector>

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include "wholepicture/app/apply.h"
#include "wholepicture/platform/fonts.h"
#include "wholepicture/platform/projector_window.h"
#include "wholepicture/platform/screenshot.h"
#include "wholepicture/ui/theme.h"
#include "wholepicture/ui/views.h"

namespace wp::platform {

std::int64_t nowMs() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

void wakeLoop() { glfwPostEmptyEvent(); }

namespace {

// Popups, tables and auto-sized items settle over 1-2 frames after an input (imgui #1206, #3220);
// Tracy uses 3, and so do we.
constexpr int kFramesAfterEvent = 3;

// Lives on runWindow's stack; GLFW callbacks reach it through the window user pointer.
struct LoopState {
    int framesLeft = kFramesAfterEvent;
    float contentScale = 1.0f;
    // Key transitions in arrival order. ImGui 1.86 has no input queue: io.KeysDown holds one state per
    // frame, so a key pressed and released within one poll (xdotool, a fast typist) would never be seen
    // down. applyKeyQueue() gives each key at most one transition per frame and keeps the rest for the
    // next frames.
    std::vector<std::pair<int, bool>> keyQueue;
    bool keyShown[512] = {}; // each key's state as ImGui last saw it
};

LoopState& loopOf(GLFWwindow* w) { return *static_cast<LoopState*>(glfwGetWindowUserPointer(w)); }
void markActive(GLFWwindow* w) { loopOf(w).framesLeft = kFramesAfterEvent; }

// Installed BEFORE ImGui_ImplGlfw_InitForOpenGL(window, true): the 1.86 backend saves these and
// chains to them, so every input both reaches ImGui and wakes our loop. The backend installs no
// cursor-position callback, so ours stays for hover.
void onCursorPos(GLFWwindow* w, double, double) { markActive(w); }
void onMouseButton(GLFWwindow* w, int, int, int) { markActive(w); }
void onScroll(GLFWwindow* w, double, double) { markActive(w); }
void onKey(GLFWwindow* w, int key, int, int action, int) {
    if (action != GLFW_REPEAT && key >= 0 && key < 512) // ImGuiIO::KeysDown[512] in 1.86
        loopOf(w).keyQueue.emplace_back(key, action == GLFW_PRESS);
    markActive(w);
}

// After polling, before the frame: the backend's callback has already set io.KeysDown to each key's
// LAST state. Replace that with the queued transitions up to the first key that would change twice;
// the rest wait a frame (and keep the loop drawing), so "down then up" in one poll shows as down for
// one frame, then up.
void applyKeyQueue(ImGuiIO& io, LoopState& loop) {
    if (loop.keyQueue.empty()) return;
    // In arrival order, up to the first key that already changed this frame: everything from there on
    // waits, so the order across keys holds too (Ctrl+A: A goes down while Ctrl is still down).
    // Undo the backend's writes first: a key whose transitions all wait keeps the state ImGui last saw.
    for (const auto& kd : loop.keyQueue) io.KeysDown[kd.first] = loop.keyShown[kd.first];
    std::vector<int> seen;
    size_t applied = 0;
    for (; applied < loop.keyQueue.size(); ++applied) {
        const auto [key, down] = loop.keyQueue[applied];
        if (std::find(seen.begin(), seen.end(), key) != seen.end()) break;
        seen.push_back(key);
        io.KeysDown[key] = down;
        loop.keyShown[key] = down;
    }
    loop.keyQueue.erase(loop.keyQueue.begin(), loop.keyQueue.begin() + static_cast<std::ptrdiff_t>(applied));
    if (!loop.keyQueue.empty()) loop.framesLeft = std::max(loop.framesLeft, kFramesAfterEvent);
    // The backend derives the modifiers from KeysDown in its callback: derive them from ours.
    io.KeyCtrl = io.KeysDown[GLFW_KEY_LEFT_CONTROL] || io.KeysDown[GLFW_KEY_RIGHT_CONTROL];
    io.KeyShift = io.KeysDown[GLFW_KEY_LEFT_SHIFT] || io.KeysDown[GLFW_KEY_RIGHT_SHIFT];
    io.KeyAlt = io.KeysDown[GLFW_KEY_LEFT_ALT] || io.KeysDown[GLFW_KEY_RIGHT_ALT];
    io.KeySuper = io.KeysDown[GLFW_KEY_LEFT_SUPER] || io.KeysDown[GLFW_KEY_RIGHT_SUPER];
}
void onChar(GLFWwindow* w, unsigned int) { markActive(w); }
void onFocus(GLFWwindow* w, int) { markActive(w); }
void onCursorEnter(GLFWwindow* w, int) { markActive(w); }
void onRefresh(GLFWwindow* w) { markActive(w); }
void onFramebufferSize(GLFWwindow* w, int, int) { markActive(w); }
void onContentScale(GLFWwindow* w, float x, float) {
    loopOf(w).contentScale = x;
    markActive(w);
}

// The running loop's window and UI state, for renderMapPng (set only inside runWindow).
struct ActiveLoop {
    GLFWwindow* window = nullptr;
    ui::UiState* ui = nullptr;
};
ActiveLoop s_active;

void onGlfwError(int code, const char* description) { std::fprintf(stderr, "GLFW error %d: %s\n", code, description); }

// Fonts at floor(px * scale), a fresh style scaled once, and a new GL font texture. Between frames only.
void applyScaleAndTheme(const app::AppState& model, ui::UiState& ui, float scale, bool rebuildFonts) {
    if (rebuildFonts) {
        ui.fonts = loadFonts(scale);
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        ImGui_ImplOpenGL3_CreateFontsTexture();
    }
    ui::applyTheme(model.theme, scale);
    ui.palette = ui::paletteFor(model.theme);
}

} // namespace

int runWindow(app::AppState& model, const WindowOptions& options, app::CommandQueue& queue, const RunEffects& runEffects) {
    glfwSetErrorCallback(onGlfwError);
    if (!glfwInit()) {
        std::fprintf(stderr, "wholepicture: could not initialise GLFW (is there a display? try xvfb-run)\n");
        return 1;
    }
    const bool screenshot = !options.screenshotPath.empty();
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);

    int width = options.width, height = options.height;
    if (!screenshot) {
        // A 1600x900 default must still fit a small laptop screen.
        if (GLFWmonitor* monitor = glfwGetPrimaryMonitor()) {
            int mx = 0, my = 0, mw = 0, mh = 0;
            glfwGetMonitorWorkarea(monitor, &mx, &my, &mw, &mh);
            if (mw > 0 && mh > 0) {
                width = std::min(width, mw);
                height = std::min(height, mh);
            }
        }
    }
    GLFWwindow* window = glfwCreateWindow(width, height, "Whole Picture", nullptr, nullptr);
    if (!window) {
        std::fprintf(stderr, "wholepicture: could not create an OpenGL 3.3 core window\n");
        glfwTerminate();
        return 1;
    }
    glfwMakeContextCurrent(window);
    glfwSwapInterval(1); // never relied on for idling (Xvfb has no vsync): the loop waits for events
    glfwSetWindowSizeLimits(window, 800, 500, GLFW_DONT_CARE, GLFW_DONT_CARE);

    LoopState loop;
    float sx = 1.0f, sy = 1.0f;
    glfwGetWindowContentScale(window, &sx, &sy);
    loop.contentScale = sx;
    glfwSetWindowUserPointer(window, &loop);
    glfwSetCursorPosCallback(window, onCursorPos);
    glfwSetMouseButtonCallback(window, onMouseButton);
    glfwSetScrollCallback(window, onScroll);
    glfwSetKeyCallback(window, onKey);
    glfwSetCharCallback(window, onChar);
    glfwSetWindowFocusCallback(window, onFocus);
    glfwSetCursorEnterCallback(window, onCursorEnter);
    glfwSetWindowRefreshCallback(window, onRefresh);
    glfwSetFramebufferSizeCallback(window, onFramebufferSize);
    glfwSetWindowContentScaleCallback(window, onContentScale);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    // ImGui keeps the pointer: the string must outlive the context.
    io.IniFilename = options.iniFile.empty() ? nullptr : options.iniFile.c_str();
    io.ConfigInputTextCursorBlink = false; // no caret animation to wake the loop for

    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 330 core");
    ImGuiContext* const mainContext = ImGui::GetCurrentContext();
    ProjectorWindow projector; // room sessions on an extended display

    // Commands change the state only here, between frames: from the views (sink) and from other threads
    // (queue), each applied in order with its effects carried out before the next.
    auto applyAll = [&](std::vector<app::Command> commands) {
        bool any = false;
        for (const auto& c : commands) {
            app::Outcome o = app::apply(model, c, nowMs());
            any = any || o.applied || !o.effects.empty();
            if (!o.effects.empty() && runEffects) runEffects(o.effects, model);
        }
        return any;
    };

    // No scale from the flag or the settings: follow the monitor (and later moves between monitors).
    const bool followMonitor = model.uiScale <= 0;
    if (followMonitor) (void)applyAll({app::MonitorScaleChanged{loop.contentScale}});

    ui::UiState ui;
    ui.reduceMotion = screenshot; // a capture shows the settled state, not a frame of a transition
    if (options.showMap) ui.playSideTab = 1;
    ui.debriefJump = options.debriefSection;
    s_active = {window, &ui};
    float appliedScale = model.uiScale;
    ui::Theme appliedTheme = model.theme;
    applyScaleAndTheme(model, ui, appliedScale, true);

    app::CommandSink sink;
    int frame = 0;
    bool firstFrameDrawn = false;
    int exitCode = 0;
    while (!glfwWindowShouldClose(window) && !model.quitRequested) {
        // A transition (UiState::animateUntil, e.g. a new map link fading in) keeps frames coming at
        // about 60 per second until it ends; then the loop sleeps again.
        const bool animating = !screenshot && ImGui::GetTime() < ui.animateUntil;
        if (screenshot || loop.framesLeft > 0) {
            glfwPollEvents();
        } else if (animating) {
            glfwWaitEventsTimeout(1.0 / 60.0);
            loop.framesLeft = std::max(loop.framesLeft, 1);
        } else if (io.WantTextInput || app::roomTimerRunning(model, nowMs())) { // caret blink; a room vote timer ticking
            glfwWaitEventsTimeout(0.5);
            loop.framesLeft = std::max(loop.framesLeft, 1);
        } else {
            glfwWaitEvents();
        }
        applyKeyQueue(io, loop);
        if (applyAll(queue.drain())) loop.framesLeft = kFramesAfterEvent; // news from other threads
        if (glfwGetWindowAttrib(window, GLFW_ICONIFIED) && !screenshot) {
            loop.framesLeft = 0;
            continue;
        }
        if (loop.framesLeft <= 0 && !screenshot) continue; // nothing happened: no frame at all
        loop.framesLeft = std::max(0, loop.framesLeft - 1);

        // Scale and theme change between frames, never inside one.
        if (followMonitor && !model.uiScaleChosen && std::fabs(loop.contentScale - appliedScale) > 0.01f)
            (void)applyAll({app::MonitorScaleChanged{loop.contentScale}});
        if (std::fabs(model.uiScale - appliedScale) > 0.001f || model.theme != appliedTheme) {
            const bool fontsChange = std::fabs(model.uiScale - appliedScale) > 0.001f;
            appliedScale = model.uiScale;
            appliedTheme = model.theme;
            applyScaleAndTheme(model, ui, appliedScale, fontsChange);
        }

        // Extended display: open or close the projector window between frames.
        if (model.room) {
            const bool want = !model.room->session.closed && (options.projectorWindow || monitorCount() >= 2);
            const bool open = projector.sync(want, window, mainContext, options.projectorWidth, options.projectorHeight);
            if (open != model.room->secondWindow) (void)applyAll({app::ProjectorWindowChanged{open}});
        } else {
            (void)projector.sync(false, window, mainContext, 0, 0);
        }

        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        if (screenshot) io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX); // no stray hover in captures
        // 1.86 keyboard navigation moves between buttons with the arrows only (Tab cycles text fields):
        // Tab acts as Down and Shift+Tab as Up, so Tab walks through the controls as people expect.
        if (io.KeysDown[GLFW_KEY_TAB] && !io.KeyCtrl)
            io.NavInputs[io.KeyShift ? ImGuiNavInput_KeyUp_ : ImGuiNavInput_KeyDown_] = 1.0f;
        ImGui::NewFrame();
        ui.nowMs = nowMs();
        ui::drawApp(model, ui, sink);
        ImGui::Render();

        int fbw = 0, fbh = 0;
        glfwGetFramebufferSize(window, &fbw, &fbh);
        glViewport(0, 0, fbw, fbh);
        const ImVec4 bg = ui.palette.background;
        glClearColor(bg.x, bg.y, bg.z, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        if (projector.isOpen()) {
            const bool last = screenshot && frame + 1 >= options.screenshotFrames;
            std::string error;
            if (!projector.render(model, ui, sink, last ? options.projectorScreenshotPath : std::string(), &error)) {
                std::fprintf(stderr, "wholepicture: projector screenshot failed: %s\n", error.c_str());
                exitCode = 1;
            }
        }

        if (screenshot && ++frame >= options.screenshotFrames) {
            // Read BEFORE the swap: afterwards the back buffer is undefined.
            std::string error;
            if (!writeFramebufferPng(options.screenshotPath, fbw, fbh, &error)) {
                std::fprintf(stderr, "wholepicture: screenshot failed: %s\n", error.c_str());
                exitCode = 1;
            }
            break;
        }
        glfwSwapBuffers(window);

        if (!firstFrameDrawn) {
            firstFrameDrawn = true;
            if (!options.afterFirstFrame.empty() && runEffects) {
                runEffects(options.afterFirstFrame, model); // an export asked for on the command line
                loop.framesLeft = kFramesAfterEvent;
            }
        }
        if (!sink.commands.empty()) {
            std::vector<app::Command> commands;
            commands.swap(sink.commands);
            // A screenshot shows the scripted state: only what the views measure (the projector's page
            // count, the second window) is applied, never a click or key.
            if (screenshot)
                std::erase_if(commands, [](const app::Command& c) { return !std::holds_alternative<app::ProjectorPagesMeasured>(c); });
            if (applyAll(std::move(commands))) loop.framesLeft = kFramesAfterEvent;
        }
    }

    projector.close();
    s_active = {};
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    glfwTerminate();
    return exitCode;
}

namespace {

bool renderMapPng(const app::AppState& model, const std::string& path, std::string* error) {
    if (!s_active.window || !s_active.ui) {
        if (error) *error = "no window to render the map in";
        return false;
    }
    if (!model.debrief || !app::activeScenario(model)) {
        if (error) *error = "there is no debrief to draw";
        return false;
    }
    // A frame of its own between two normal frames: the next normal frame redraws the screen, and
    // this one is never swapped to the screen.
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::GetIO().MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    ImGui::NewFrame();
    ui::drawMapExport(model, *s_active.ui);
    ImGui::Render();
    int fbw = 0, fbh = 0;
    glfwGetFramebufferSize(s_active.window, &fbw, &fbh);
    glViewport(0, 0, fbw, fbh);
    const ImVec4 bg = s_active.ui->palette.background;
    glClearColor(bg.x, bg.y, bg.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    return writeFramebufferPng(path, fbw, fbh, error);
}

} // namespace

void registerMapPngExporter(app::ExporterRegistry& registry) {
    registry.add({"map-png", app::ExportSubject::Debrief, "-map.png",
                  [](const app::ExportInput& in, const std::filesystem::path& file, std::string& error) {
                      return renderMapPng(in.state, file.string(), &error);
                  }});
}

} // namespace wp::platform
