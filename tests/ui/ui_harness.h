// Render-less ImGui harness: a real ImGui context with no window and no GL (the example_null recipe),
// the real views, the real bundled plugins, and scripted mouse/keyboard input across frames. Widgets
// are found by name through the UI probe (WP_PROBE), the way imgui_test_engine addresses items.
#pragma once
#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <imgui.h>

#include "wholepicture/core/knowledge.h"
#include "wholepicture/core/loader.h"
#include "wholepicture/core/paths.h"
#include "wholepicture/app/apply.h"
#include "wholepicture/platform/input_queue.h"
#include "wholepicture/ui/probe.h"
#include "wholepicture/ui/theme.h"
#include "wholepicture/ui/ui_state.h"
#include "wholepicture/ui/views.h"

namespace wp::test {

// GLFW key codes, as the 1.86 GLFW backend stores them in io.KeysDown / io.KeyMap.
inline constexpr int kGlfwKeySpace = 32, kGlfwKeyEscape = 256, kGlfwKeyEnter = 257, kGlfwKeyTab = 258,
                     kGlfwKeyBackspace = 259, kGlfwKeyInsert = 260, kGlfwKeyDelete = 261, kGlfwKeyRight = 262,
                     kGlfwKeyLeft = 263, kGlfwKeyDown = 264, kGlfwKeyUp = 265, kGlfwKeyPageUp = 266,
                     kGlfwKeyPageDown = 267, kGlfwKeyHome = 268, kGlfwKeyEnd = 269, kGlfwKeyKpEnter = 335,
                     kGlfwKeyLeftControl = 341;

inline constexpr int kGlfwKeyLeftShift = 340;

// Instant key presses, as one poll delivers them from xdotool, an on-screen keyboard or remote
// desktop: per character (US layout) [Shift down] key down, the character, key up [Shift up].
inline void pushTyped(platform::InputQueue& q, const std::string& text) {
    static const std::string shifted = "!@#$%^&*()", digits = "1234567890";
    for (char c : text) {
        int key = 0;
        bool shift = false;
        if (c >= 'a' && c <= 'z') key = c - 'a' + 'A';
        else if (c >= 'A' && c <= 'Z') key = c, shift = true;
        else if ((c >= '0' && c <= '9') || c == ' ' || c == '\'' || c == ',' || c == '-' || c == '.' || c == '/' ||
                 c == ';' || c == '=')
            key = c;
        else if (auto i = shifted.find(c); i != std::string::npos) key = digits[i], shift = true;
        else if (c == ':') key = ';', shift = true;
        else if (c == '?') key = '/', shift = true;
        else ADD_FAILURE() << "pushTyped: no key for '" << c << "'";
        if (shift) q.pushKey(kGlfwKeyLeftShift, true);
        q.pushKey(key, true);
        q.pushChar(static_cast<unsigned char>(c));
        q.pushKey(key, false);
        if (shift) q.pushKey(kGlfwKeyLeftShift, false);
    }
}
// A key with no character (Enter, Esc, Tab...) pressed and released at once.
inline void pushTap(platform::InputQueue& q, int key) {
    q.pushKey(key, true);
    q.pushKey(key, false);
}

// Installs a probe text log for one scope: the global hook is taken down however the scope ends (a
// failed ASSERT returns early), so no later test writes into a vector that no longer exists.
class ScopedProbeTextLog {
public:
    explicit ScopedProbeTextLog(std::vector<std::string>* log) { ui::setProbeTextLog(log); }
    ~ScopedProbeTextLog() { ui::setProbeTextLog(nullptr); }
    ScopedProbeTextLog(const ScopedProbeTextLog&) = delete;
    ScopedProbeTextLog& operator=(const ScopedProbeTextLog&) = delete;
};

class UiHarness : public ::testing::Test {
protected:
    void SetUp() override {
        IMGUI_CHECKVERSION();
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(1600, 900);
        io.DeltaTime = 1.0f / 60.0f;
        io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
        const std::pair<ImGuiKey, int> keyMap[] = {
            {ImGuiKey_Tab, kGlfwKeyTab},         {ImGuiKey_LeftArrow, kGlfwKeyLeft},   {ImGuiKey_RightArrow, kGlfwKeyRight},
            {ImGuiKey_UpArrow, kGlfwKeyUp},      {ImGuiKey_DownArrow, kGlfwKeyDown},   {ImGuiKey_PageUp, kGlfwKeyPageUp},
            {ImGuiKey_PageDown, kGlfwKeyPageDown}, {ImGuiKey_Home, kGlfwKeyHome},      {ImGuiKey_End, kGlfwKeyEnd},
            {ImGuiKey_Insert, kGlfwKeyInsert},   {ImGuiKey_Delete, kGlfwKeyDelete},    {ImGuiKey_Backspace, kGlfwKeyBackspace},
            {ImGuiKey_Space, kGlfwKeySpace},     {ImGuiKey_Enter, kGlfwKeyEnter},      {ImGuiKey_Escape, kGlfwKeyEscape},
            {ImGuiKey_KeyPadEnter, kGlfwKeyKpEnter}, {ImGuiKey_A, 'A'}, {ImGuiKey_C, 'C'}, {ImGuiKey_V, 'V'},
            {ImGuiKey_X, 'X'}, {ImGuiKey_Y, 'Y'}, {ImGuiKey_Z, 'Z'},
        };
        for (const auto& [key, code] : keyMap) io.KeyMap[key] = code;
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h); // "Font Atlas not built" otherwise
        ui::applyTheme(ui::Theme::Dark, 1.0f);
        ui.palette = ui::paletteFor(ui::Theme::Dark);
        ui.nowMs = clockMs;
        ui::setProbeRegistry(&probes);

        Diagnostics diags;
        model.knowledge = loadKnowledgeBase(findBundled("content"), diags);
    }

    void TearDown() override {
        ui::setProbeRegistry(nullptr);
        ImGui::DestroyContext();
    }

    void loadLibrary(const std::vector<SearchDir>& extra = {}) {
        std::vector<SearchDir> dirs{{findBundled("plugins"), PluginOrigin::Bundled}};
        dirs.insert(dirs.end(), extra.begin(), extra.end());
        model.library = discoverPlugins(dirs, model.knowledge);
    }

    [[nodiscard]] const ScenarioPlugin* plugin(const std::string& id) const {
        for (const auto& p : model.library)
            if (p.manifest.id == id) return &p;
        return nullptr;
    }

    // One frame: fresh probes, the real views, then the commands they emitted, as the app loop does.
    void frame() {
        probes.clear();
        ImGuiIO& io = ImGui::GetIO();
        io.DeltaTime = 1.0f / 60.0f;
        // As the window loop does after the GLFW backend's NewFrame (which clears io.NavInputs):
        // Tab walks, Enter activates, the page keys go to the panes.
        std::fill(std::begin(io.NavInputs), std::end(io.NavInputs), 0.0f);
        platform::applyNavKeys(io);
        ImGui::NewFrame();
        ui.nowMs = clockMs;
        ui::drawApp(model, ui, sink);
        ImGui::Render();
        for (auto& e : app::applyCommands(model, sink, ++clockMs)) effects.push_back(std::move(e));
    }

    void frames(int n) {
        for (int i = 0; i < n; ++i) frame();
    }

    // The effects the commands asked for since the last clearEffects(), as the app's runner gets them.
    template <class E>
    [[nodiscard]] const E* emitted() const {
        for (auto it = effects.rbegin(); it != effects.rend(); ++it)
            if (const E* e = std::get_if<E>(&*it)) return e;
        return nullptr;
    }
    void clearEffects() { effects.clear(); }

    // Applies a command as the loop does, keeping its effects.
    bool apply(const app::Command& c) {
        app::Outcome o = app::apply(model, c, ++clockMs);
        for (auto& e : o.effects) effects.push_back(std::move(e));
        return o.applied;
    }

    [[nodiscard]] bool visible(const std::string& name) const { return probes.count(name) > 0; }

    // Scrolls the pane under the item until the item is on screen (above the footer bar).
    void scrollIntoView(const std::string& name) {
        ImGuiIO& io = ImGui::GetIO();
        for (int i = 0; i < 240 && visible(name); ++i) { // a long debrief is more than 8,000 px tall
            const ui::ProbeRect r = probes.at(name);
            const float bottomLimit = io.DisplaySize.y - 80.0f;
            if (r.min.y >= 60.0f && r.max.y <= bottomLimit) return;
            io.MousePos = ImVec2(r.centre().x, io.DisplaySize.y * 0.5f);
            io.MouseWheel = r.max.y > bottomLimit ? -2.0f : 2.0f;
            frame();
            io.MouseWheel = 0;
            frame();
        }
    }

    // Hover, press, release: the three frames a real click takes.
    void click(const std::string& name) {
        frames(2); // settle layout so the probe reflects this screen
        ASSERT_TRUE(visible(name)) << "no widget probed as '" << name << "' on screen " << ui::screenName(model.screen);
        scrollIntoView(name);
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = probes.at(name).centre();
        frame();
        io.MouseDown[0] = true;
        frame();
        io.MouseDown[0] = false;
        frame();
        io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
        frame();
    }

    void pressKey(int key) {
        ImGuiIO& io = ImGui::GetIO();
        io.KeysDown[key] = true;
        frame();
        io.KeysDown[key] = false;
        frame();
    }

    app::AppState model;
    ui::UiState ui;
    app::CommandSink sink;
    std::vector<app::Effect> effects;
    ui::ProbeRegistry probes;
    std::int64_t clockMs = 1'700'000'000'000;
};

} // namespace wp::test
