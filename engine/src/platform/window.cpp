// The window and the event-driven frame loop (see window.h).
#include "wholepicture/platform/window.h"

#include <algorithm>
#include <chrono>
#include <mutex>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <malloc.h>
#include <sys/resource.h>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include "wholepicture/app/apply.h"
#include "wholepicture/platform/font_texture.h"
#include "wholepicture/platform/fonts.h"
#include "wholepicture/platform/frame_render.h"
#include "wholepicture/platform/idle_policy.h"
#include "wholepicture/platform/input_queue.h"
#include "wholepicture/platform/map_canvas.h"
#include "wholepicture/platform/projector_window.h"
#include "wholepicture/platform/screenshot.h"
#include "wholepicture/ui/map_view.h"
#include "wholepicture/ui/theme.h"
#include "wholepicture/ui/views.h"
#include "window_hints.h"

namespace wp::platform {

std::int64_t nowMs() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

namespace {
// Workers (the statement sender, the test statement, file loads) wake the loop from their threads,
// possibly before glfwInit or after glfwTerminate, when GLFW reports "not initialized" on stderr.
// Posting happens only while GLFW is up, and terminating waits for a post in progress.
std::mutex g_wakeMutex;
bool g_glfwUp = false;
void setGlfwUp(bool up) {
    std::lock_guard lock(g_wakeMutex);
    g_glfwUp = up;
}
} // namespace

void wakeLoop() {
    std::lock_guard lock(g_wakeMutex);
    if (g_glfwUp) glfwPostEmptyEvent();
}

namespace {

// Popups, tables and auto-sized items settle over 1-2 frames after an input (imgui #1206, #3220);
// Tracy uses 3, and so do we.
constexpr int kFramesAfterEvent = 3;

// Lives on runWindow's stack; GLFW callbacks reach it through the window user pointer.
struct LoopState {
    int framesLeft = kFramesAfterEvent;
    bool mustPresent = true; // the window was exposed or resized: put the picture in it even if unchanged
    float contentScale = 1.0f;
    // Keys AND characters in arrival order, applied a frame at a time (see input_queue.h). The GLFW
    // backend is installed without its callbacks: its char callback adds characters to ImGui at once
    // while keys go through this queue, so characters typed after an Enter were applied before it
    // (UX defect 2). Nothing but this queue writes io.KeysDown or io.InputQueueCharacters.
    InputQueue input;
};

LoopState& loopOf(GLFWwindow* w) { return *static_cast<LoopState*>(glfwGetWindowUserPointer(w)); }
void markActive(GLFWwindow* w) { loopOf(w).framesLeft = kFramesAfterEvent; }

// Our callbacks wake the loop, and forward mouse, scroll and focus to the backend's public callbacks
// (ImGui_ImplGlfw_InitForOpenGL(window, false) installs none and chains nothing). Keys and characters
// go only into the queue. The projector window installs onKey/onChar too (same user pointer), so keys
// typed there reach the console in the same order.
void onCursorPos(GLFWwindow* w, double, double) { markActive(w); } // the 1.86 backend polls the cursor
void onMouseButton(GLFWwindow* w, int button, int action, int) {
    // Queued with the keys (input_queue.h), not given to the backend, which would apply it ahead of them.
    loopOf(w).input.pushMouseButton(button, action == GLFW_PRESS);
    markActive(w);
}
void onScroll(GLFWwindow* w, double x, double y) {
    ImGui_ImplGlfw_ScrollCallback(w, x, y);
    markActive(w);
}
void onKey(GLFWwindow* w, int key, int, int action, int) {
    if (action != GLFW_REPEAT) loopOf(w).input.pushKey(key, action == GLFW_PRESS);
    markActive(w);
}
void onChar(GLFWwindow* w, unsigned int c) {
    loopOf(w).input.pushChar(c);
    markActive(w);
}
void onFocus(GLFWwindow* w, int focused) {
    ImGui_ImplGlfw_WindowFocusCallback(w, focused);
    markActive(w);
}
void onCursorEnter(GLFWwindow* w, int entered) {
    ImGui_ImplGlfw_CursorEnterCallback(w, entered);
    markActive(w);
}
void onRefresh(GLFWwindow* w) {
    loopOf(w).mustPresent = true;
    markActive(w);
}
void onFramebufferSize(GLFWwindow* w, int, int) {
    loopOf(w).mustPresent = true;
    markActive(w);
}
void onContentScale(GLFWwindow* w, float x, float) {
    loopOf(w).contentScale = x;
    markActive(w);
}

void onGlfwError(int code, const char* description) { std::fprintf(stderr, "GLFW error %d: %s\n", code, description); }

// The UI fonts for the model's font settings at `scale`: rasterised into the atlas, or the atlas built
// before for the same faces read from the cache (fonts.h). No GL: any thread.
ui::UiFonts buildFonts(const app::AppState& model, float scale, const FontCache& cache) {
    bool missing = false;
    const FontFiles files = fontFilesFor(model.settings.font, missing);
    ui::UiFonts fonts = loadFonts(scale, model.room.has_value(), files, {model.settings.lineSpacing}, &cache);
    fonts.chosenFontMissing = missing;
    return fonts;
}

// The atlas to its GL texture (which frees the atlas's pixels), and what drew with the old one redrawn.
void uploadFonts(FontTexture& texture, ui::UiState& ui) {
    texture.upload();
    noteTextureDrawn();
    ui::resetMapCache(ui); // cached map text points into the old atlas
}

// Fonts at floor(px * scale), a fresh style scaled once, and a new GL font texture. Between frames only.
void applyScaleAndTheme(const app::AppState& model, ui::UiState& ui, FontTexture& texture, float scale, bool rebuildFonts,
                        const FontCache& cache) {
    if (rebuildFonts) {
        ui.fonts = buildFonts(model, scale, cache);
        uploadFonts(texture, ui);
    }
    ui::applyTheme(model.theme, scale);
    ui.palette = ui::paletteFor(model.theme);
}

} // namespace

int runWindow(app::AppState& model, const WindowOptions& options, app::CommandQueue& queue, const RunEffects& runEffects) {
    // Every frame frees and reallocates the vertex and upload buffers (ImGui's and the GL driver's,
    // some of them megabytes): with glibc's defaults the heap was trimmed and regrown around them every
    // frame, a page fault per touched page. Keep freed memory in the heap instead.
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 128 * 1024 * 1024);
    // One heap (arena) for every thread rather than one per thread: the start-up loader beside the
    // window, the fonts, the background case loader, the record and file writers and the speech and LRS
    // threads share it, and what one freed is reused by the next instead of each arena holding its own
    // high-water mark. Two arenas held 3 MiB less than one per thread; one holds 1.2 MiB less again at
    // the peak (the start-up loader's parse is freed where the GL driver then allocates), and no thread
    // allocates enough per frame for the lock to cost (CPU per frame measured the same).
    mallopt(M_ARENA_MAX, 1);
    glfwSetErrorCallback(onGlfwError);
    if (!glfwInit()) {
        std::fprintf(stderr, "wholepicture: could not initialise GLFW (is there a display? try xvfb-run)\n");
        return 1;
    }
    setGlfwUp(true);
    const bool screenshot = !options.screenshotPath.empty();

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
    // The primary monitor's scale for now, so that the fonts can be built while the window is made; the
    // window's own scale corrects it once the window exists (the loop rebuilds the fonts if it differs).
    const bool followMonitor = model.uiScale <= 0;
    if (followMonitor) {
        float mx = 1.0f, my = 1.0f;
        if (GLFWmonitor* monitor = glfwGetPrimaryMonitor()) glfwGetMonitorContentScale(monitor, &mx, &my);
        (void)applyAll({app::MonitorScaleChanged{mx}});
    }

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    // ImGui keeps the pointer: the string must outlive the context.
    io.IniFilename = options.iniFile.empty() ? nullptr : options.iniFile.c_str();
    io.ConfigInputTextCursorBlink = false; // no caret animation to wake the loop for

    // The two largest costs before the first frame, side by side on two cores: the fonts are rasterised
    // on a thread of their own while this one makes the window and its GL context. Until the join, no
    // other thread calls ImGui (the builder's allocations are counted in the context), and nothing returns.
    const float appliedScaleAtStart = model.uiScale;
    ui::UiFonts builtFonts;
    std::thread fontBuilder([&builtFonts, &model, &options, appliedScaleAtStart] {
        builtFonts = buildFonts(model, appliedScaleAtStart, options.fontCache);
    });
    // And the start-up work the caller gave (WindowOptions::besideWindow), after glfwInit rather than
    // before it: while GLFW starts, the X server needs the other core.
    std::exception_ptr besideFailed;
    std::thread beside;
    if (options.besideWindow)
        beside = std::thread([&options, &besideFailed] {
            try {
                options.besideWindow();
            } catch (...) {
                besideFailed = std::current_exception();
            }
        });

    setOurWindowHints();

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
    fontBuilder.join();
    if (beside.joinable()) beside.join();
    if (!window || besideFailed) {
        if (!window) std::fprintf(stderr, "wholepicture: could not create an OpenGL 3.3 core window\n");
        if (window) glfwDestroyWindow(window);
        ImGui::DestroyContext();
        setGlfwUp(false);
        glfwTerminate();
        if (besideFailed) std::rethrow_exception(besideFailed);
        return 1;
    }
    std::vector<app::Effect> afterFirstFrame = options.afterFirstFrame;
    if (options.beforeFirstFrame)
        for (auto& e : options.beforeFirstFrame()) afterFirstFrame.push_back(std::move(e));
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

    ImGui_ImplGlfw_InitForOpenGL(window, false); // our callbacks above forward to it (keys through the queue)
    ImGui_ImplOpenGL3_Init("#version 330 core");
    // Now rather than in the first NewFrame; the font texture is ours (font_texture.h), made below.
    createDeviceObjectsWithoutFontCopy();
    FontTexture fontTexture;
    ImGuiContext* const mainContext = ImGui::GetCurrentContext();
    GlMapCanvas mapCanvas; // an unchanged map is drawn once into a texture (map_view.h)
    KeptFrame keptFrame;   // each frame drawn only where it changed (frame_render.h)
    keptFrame.attach(window);
    // WP_MAP_CANVAS=off: cached triangles instead (to compare the two in screenshots and tools/bench).
    const char* canvasSetting = std::getenv("WP_MAP_CANVAS");
    ProjectorWindow projector; // room sessions on an extended display

    ui::UiState ui;
    if (!canvasSetting || std::string(canvasSetting) != "off") ui::setMapCanvas(ui, &mapCanvas);
    const char* backdropSetting = std::getenv("WP_BACKDROPS");
    ui::setBackdropsEnabled(!backdropSetting || std::string(backdropSetting) != "off");
    ui.reduceMotion = screenshot; // a capture shows the settled state, not a frame of a transition
    if (options.showMap) ui.playSideTab = 1;
    if (options.authorTab >= 0) ui.authorTab = options.authorTab;
    ui.paneJump = options.debriefSection;
    if (options.mapPng) options.mapPng->attach(window, &ui);
    // The fonts as built beside the window; at another scale than the model's now (none so far), the
    // loop's first pass rebuilds them.
    float appliedScale = appliedScaleAtStart;
    ui::Theme appliedTheme = model.theme;
    std::string appliedFont = model.settings.font;
    float appliedSpacing = model.settings.lineSpacing;
    ui.fonts = builtFonts;
    uploadFonts(fontTexture, ui);
    applyScaleAndTheme(model, ui, fontTexture, appliedScale, false, options.fontCache);

    app::CommandSink sink;
    int frame = 0;
    // malloc_trim walks the heap (about a millisecond): once per burst of activity, not per wake, or
    // after news from another thread (a case loaded and linted in the background: what the worker
    // freed sits in its own arena until a trim).
    constexpr int kFramesBetweenTrims = 20;
    int framesSinceTrim = kFramesBetweenTrims;
    bool newsSinceTrim = false;
    bool firstFrameDrawn = false;
    int exitCode = 0;
    while (!glfwWindowShouldClose(window) && !model.quitRequested) {
        // A transition (UiState::animateUntil, e.g. a new map link fading in) keeps frames coming at
        // about 60 per second until it ends; then the loop sleeps again.
        // A focused text box wakes nothing (the caret does not blink); a running vote timer wakes the
        // loop once per displayed second, just after it changes (idle_policy.h).
        const WaitPlan wait = planWait({screenshot, loop.framesLeft, !screenshot && ImGui::GetTime() < ui.animateUntil, io.WantTextInput,
                                        io.ConfigInputTextCursorBlink, msToTimerTick(model, nowMs())});
        if (wait.kind == WaitKind::Poll) {
            glfwPollEvents();
        } else if (wait.kind == WaitKind::Timeout) {
            glfwWaitEventsTimeout(wait.seconds);
            loop.framesLeft = std::max(loop.framesLeft, 1);
        } else {
            // Going to sleep: the memory freed since the last sleep (the start-up's parsing, the GL
            // driver's shader compiles) goes back to the system rather than staying in the heap.
            if (framesSinceTrim >= kFramesBetweenTrims || newsSinceTrim) {
                malloc_trim(0);
                framesSinceTrim = 0;
                newsSinceTrim = false;
            }
            glfwWaitEvents();
        }
        // Keys and characters of this poll (and any left from earlier polls), a frame's worth; while
        // some wait, frames keep coming.
        if (loop.input.applyFrame(io)) loop.framesLeft = std::max(loop.framesLeft, kFramesAfterEvent);
        if (applyAll(queue.drain())) loop.framesLeft = kFramesAfterEvent, newsSinceTrim = true; // news from other threads
        if (glfwGetWindowAttrib(window, GLFW_ICONIFIED) && !screenshot) {
            loop.framesLeft = 0;
            continue;
        }
        if (loop.framesLeft <= 0 && !screenshot) continue; // nothing happened: no frame at all
        loop.framesLeft = std::max(0, loop.framesLeft - 1);
        ++framesSinceTrim;

        // Reduced motion (settings): transitions jump to their end; screenshots always show the settled state.
        ui.reduceMotion = screenshot || model.settings.reduceMotion;
        // Scale and theme change between frames, never inside one.
        if (followMonitor && !model.uiScaleChosen && std::fabs(loop.contentScale - appliedScale) > 0.01f)
            (void)applyAll({app::MonitorScaleChanged{loop.contentScale}});
        // A room needs the projector's faces: added to the atlas when the first room starts.
        const bool projectorFacesMissing = model.room && !ui.fonts.projectorBody && ui.fonts.body;
        // The font and line spacing (settings screen) change the atlas too.
        const bool faceChange = model.settings.font != appliedFont || model.settings.lineSpacing != appliedSpacing;
        if (std::fabs(model.uiScale - appliedScale) > 0.001f || model.theme != appliedTheme || projectorFacesMissing || faceChange) {
            const bool fontsChange = std::fabs(model.uiScale - appliedScale) > 0.001f || projectorFacesMissing || faceChange;
            appliedScale = model.uiScale;
            appliedTheme = model.theme;
            appliedFont = model.settings.font;
            appliedSpacing = model.settings.lineSpacing;
            applyScaleAndTheme(model, ui, fontTexture, appliedScale, fontsChange, options.fontCache);
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
        loop.input.applyMouse(io); // the buttons in the keys' order, not as polled just now
        if (screenshot) io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX); // no stray hover in captures
        applyNavKeys(io); // Tab walks, Enter activates, the page keys scroll (input_queue.h)
        ImGui::NewFrame();
        ui.nowMs = nowMs();
        ui.textScaledThisFrame = false;
        ui::drawApp(model, ui, sink);
        ImGui::Render();
        int fbw = 0, fbh = 0;
        glfwGetFramebufferSize(window, &fbw, &fbh);
        // Nothing changed on screen (the frames after an event often): no copy and no swap at all.
        const bool captured = screenshot && frame + 1 >= options.screenshotFrames; // read from the back buffer below
        // Every glyph one texel a pixel unless a view scaled some, or the framebuffer has more pixels than
        // the window has points (a HiDPI desktop): then linear, as everywhere else.
        const bool unscaledText = !ui.textScaledThisFrame && io.DisplayFramebufferScale.x == 1.0f && io.DisplayFramebufferScale.y == 1.0f;
        fontTexture.sampleExactly(unscaledText);
        const bool presented = keptFrame.render(fbw, fbh, ui.palette.background, loop.mustPresent || captured);
        fontTexture.sampleExactly(false);
        loop.mustPresent = false;
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
        if (presented) glfwSwapBuffers(window);

        if (!firstFrameDrawn) {
            firstFrameDrawn = true;
            // tools/bench: the first frame on screen, on the clock the bench started us by, then exit.
            if (std::getenv("WP_BENCH_FIRST_FRAME")) {
                timespec t{};
                clock_gettime(CLOCK_MONOTONIC, &t);
                rusage r{};
                getrusage(RUSAGE_SELF, &r);
                std::fprintf(stderr, "wp-bench first-frame %.3f %.4f\n", static_cast<double>(t.tv_sec) * 1000.0 + static_cast<double>(t.tv_nsec) / 1e6,
                             static_cast<double>(r.ru_utime.tv_sec + r.ru_stime.tv_sec) +
                                 static_cast<double>(r.ru_utime.tv_usec + r.ru_stime.tv_usec) / 1e6);
                break;
            }
            if (!afterFirstFrame.empty() && runEffects) {
                runEffects(afterFirstFrame, model); // an export asked for on the command line
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
    keptFrame.release();
    if (const char* stats = std::getenv("WP_DAMAGE_STATS"); stats && *stats) {
        const KeptFrame::Stats& st = keptFrame.stats();
        std::fprintf(stderr, "wp-damage whole %lld partial %lld unchanged %lld pixels %lld mismatches %lld\n", st.whole, st.partial,
                     st.unchanged, st.pixelsDrawn, st.mismatches);
    }
    if (options.mapPng) options.mapPng->detach();
    ui::resetMapCache(ui); // its textures, while the GL context is still there
    ui::setMapCanvas(ui, nullptr);
    fontTexture.release();
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    setGlfwUp(false);
    glfwTerminate();
    return exitCode;
}

bool MapPngTarget::render(const app::AppState& model, const std::string& path, std::string& error) const {
    if (!m_window || !m_ui) {
        error = "the map picture can be drawn only while the app's window is open";
        return false;
    }
    if (!model.debrief || !app::activeScenario(model)) {
        error = "there is no debrief to draw";
        return false;
    }
    // A frame of its own between two normal frames: the next normal frame redraws the screen, and
    // this one is never swapped to the screen.
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::GetIO().MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    ImGui::NewFrame();
    ui::drawMapExport(model, *m_ui);
    ImGui::Render();
    int fbw = 0, fbh = 0;
    glfwGetFramebufferSize(m_window, &fbw, &fbh);
    renderFrame(fbw, fbh, m_ui->palette.background);
    return writeFramebufferPng(path, fbw, fbh, &error);
}

void registerMapPngExporter(app::ExporterRegistry& registry, const MapPngTarget& target) {
    registry.add({"map-png", app::ExportSubject::Debrief, "-map.png",
                  [&target](const app::ExportInput& in, const std::filesystem::path& file, std::string& error) {
                      return target.render(in.state, file.string(), error);
                  }});
}

} // namespace wp::platform
