// Keyboard only (issue 12, UX review defects 3-5, 9, 19): every screen walked with keys alone,
// through the real input path (instant presses into the platform InputQueue, then applyNavKeys, as
// the window loop does), never a click. A control no key reaches, or a screen no key leaves, fails.
#include <set>
#include <string>
#include <vector>

#include <imgui_internal.h>

#include "draw_text_capture.h"
#include "ui_harness.h"
#include "wholepicture/core/author_mode.h"
#include "wholepicture/core/runner.h"
#include "wholepicture/ui/widgets.h"

namespace wp::test {
namespace {

using ui::PlayPhase;
namespace Screen = app::Screen;

constexpr int kGlfwKeyF1 = 290;

class KeyWalk : public UiHarness {
protected:
    void SetUp() override {
        UiHarness::SetUp();
        loadLibrary();
        ASSERT_NE(plugin("peter"), nullptr);
        frames(3);
    }

    // Applies the queued key events a frame at a time, as the window loop does, then settles.
    void drain() {
        ImGuiIO& io = ImGui::GetIO();
        for (int n = 0; n < 400 && !input.empty(); ++n) {
            io.InputQueueCharacters.resize(0);
            input.applyFrame(io);
            frame();
        }
        io.InputQueueCharacters.resize(0);
        input.applyFrame(io);
        frames(3);
    }
    void tap(int key, bool shift = false) {
        if (shift) input.pushKey(kGlfwKeyLeftShift, true);
        pushTap(input, key);
        if (shift) input.pushKey(kGlfwKeyLeftShift, false);
        drain();
    }
    void ctrlTab() {
        input.pushKey(kGlfwKeyLeftControl, true);
        pushTap(input, kGlfwKeyTab);
        input.pushKey(kGlfwKeyLeftControl, false);
        drain();
    }
    void type(const std::string& text) {
        pushTyped(input, text);
        drain();
    }

    // The probe name of the control with the visible focus ring; "" when none is shown.
    [[nodiscard]] std::string focused() const {
        const ImGuiContext& g = *ImGui::GetCurrentContext();
        if (g.NavDisableHighlight || g.NavId == 0) return "";
        for (const auto& [name, r] : probes)
            if (r.id == g.NavId) return name;
        return "(unprobed)";
    }
    [[nodiscard]] std::set<std::string> controls() const {
        std::set<std::string> out;
        for (const auto& [name, r] : probes)
            if (r.interactive) out.insert(name);
        return out;
    }

    // Tab through the screen from its first control (Shift+Tab back to the top first), collecting
    // every control that gets the focus. Stops early at `target`, with the focus on it.
    std::set<std::string> walk(const std::string& target = "") {
        std::set<std::string> seen;
        const app::ScreenId screen = model.screen;
        std::string before;
        if (focused().empty()) tap(kGlfwKeyTab); // no ring yet: the first Tab rings the first control
        for (int i = 0; i < 120 && model.screen == screen; ++i) { // to the top
            tap(kGlfwKeyTab, true);
            if (focused() == before && !before.empty()) break;
            before = focused();
        }
        int still = 0;
        for (int i = 0; i < 200 && model.screen == screen; ++i) {
            const std::string here = focused();
            if (!here.empty()) seen.insert(here);
            if (!target.empty() && here == target) return seen;
            tap(kGlfwKeyTab);
            if (focused() == here && ++still >= 2) break; // the end of the screen
            if (focused() != here) still = 0;
        }
        return seen;
    }

    // Every control drawn on this screen is reached by the keys.
    void expectAllReachable(const char* where, const std::set<std::string>& ignore = {}) {
        frames(2);
        const std::set<std::string> all = controls();
        ASSERT_FALSE(all.empty()) << where << ": no controls probed";
        const std::set<std::string> seen = walk();
        std::string missing;
        for (const auto& name : all)
            if (!seen.count(name) && !ignore.count(name)) missing += " " + name;
        EXPECT_TRUE(missing.empty()) << where << ": controls no key reaches:" << missing;
    }

    // Moves the focus to `name` by keys and presses Enter.
    void activate(const std::string& name) {
        frames(2);
        ASSERT_TRUE(visible(name)) << "no control '" << name << "' on " << ui::screenName(model.screen);
        (void)walk(name);
        ASSERT_EQ(focused(), name) << "the keys never reach '" << name << "' on " << ui::screenName(model.screen);
        tap(kGlfwKeyEnter);
    }

    // Plays on by keys: the first option at each decision (its number), Enter to continue.
    void playToEnd() {
        for (int guard = 0; guard < 80 && model.screen == Screen::Play; ++guard) {
            const Scenario& s = *plugin("peter")->scenario;
            const bool decision = model.phase == PlayPhase::Question &&
                                  currentNode(s, model.session->current()).type == NodeType::Decision;
            if (decision) tap('1');
            else tap(kGlfwKeyEnter);
        }
    }

    platform::InputQueue input;
};

// The first Tab of a screen, with no ring showing yet, rings the screen's first control (1.86 moved
// on from the control it had chosen without showing it, and rang the header's second control).
TEST_F(KeyWalk, TheFirstTabFocusesTheFirstControl) {
    frames(3);
    ASSERT_EQ(focused(), "");
    tap(kGlfwKeyTab);
    EXPECT_EQ(focused(), "header/scale-down");
    tap(kGlfwKeyTab);
    EXPECT_EQ(focused(), "header/scale-up") << "and the next Tab the next one";
}

// The first Shift+Tab, with no ring showing, rings the screen's last control, as a browser does (it
// rang the first one); the next Shift+Tab goes back from there.
TEST_F(KeyWalk, TheFirstShiftTabFocusesTheLastControl) {
    (void)walk("library/open/peter");
    tap(kGlfwKeyEnter);
    ASSERT_EQ(model.screen, Screen::RoleSelect);
    frames(3);
    ASSERT_EQ(focused(), "");
    ASSERT_TRUE(visible("role/start"));
    tap(kGlfwKeyTab, true);
    EXPECT_EQ(focused(), "role/start") << "the footer's last button, the screen's last control";
    tap(kGlfwKeyTab, true);
    EXPECT_NE(focused(), "role/start");
    EXPECT_FALSE(focused().empty()) << "and the next Shift+Tab the one before it";
}

// A control at the top of the window shows its hint below itself when it is focused by keys: above,
// the hint ran off the top of the window and its first lines could not be read.
TEST_F(KeyWalk, TheHintOfAFocusedControlAtTheTopIsWhollyOnScreen) {
    frames(3);
    tap(kGlfwKeyTab);
    ASSERT_EQ(focused(), "header/scale-down");
    frames(2);
    const ImGuiWindow* hint = ImGui::FindWindowByName("##Tooltip_00");
    ASSERT_TRUE(hint && hint->Active) << "the focused control shows its hint";
    EXPECT_GE(hint->Pos.y, 0.0f) << "the hint starts inside the window";
    EXPECT_GE(hint->Pos.y, probes.at("header/scale-down").max.y) << "below the control, not over it";
    // Further down the screen a control's hint stays above it, clear of what follows.
    (void)walk("library/open/peter");
    ASSERT_EQ(focused(), "library/open/peter");
    frames(2);
    const ImGuiWindow* lower = ImGui::FindWindowByName("##Tooltip_00");
    if (lower && lower->Active) {
        EXPECT_LE(lower->Pos.y + lower->Size.y, probes.at("library/open/peter").min.y + 1.0f);
        EXPECT_GE(lower->Pos.y, 0.0f);
    }
}

TEST_F(KeyWalk, EnterAndSpaceActivateTheFocusedControl) {
    // Defect 3: after an arrow key Enter did nothing. Focus "Open case" of the first card by keys.
    (void)walk("library/open/peter");
    ASSERT_EQ(focused(), "library/open/peter");
    tap(kGlfwKeyDown);
    tap(kGlfwKeyUp);
    ASSERT_EQ(focused(), "library/open/peter");
    tap(kGlfwKeyEnter);
    EXPECT_EQ(model.screen, Screen::RoleSelect) << "Enter presses the focused button";
    tap(kGlfwKeyEscape);
    ASSERT_EQ(model.screen, Screen::Library);
    (void)walk("library/open/peter");
    tap(kGlfwKeySpace);
    EXPECT_EQ(model.screen, Screen::RoleSelect) << "Space presses the focused button";
}

TEST_F(KeyWalk, RoomResumeCardWorksByKeys) {
    // The library's "room resume" card: Tab reached it, Enter and Space did nothing.
    ASSERT_TRUE(apply(app::StartRoom{"peter", defaultRoomGroups(plugin("peter")->manifest), 0}));
    ASSERT_TRUE(apply(app::BackToLibrary{}));
    frames(3);
    ASSERT_TRUE(visible("library/room-resume"));
    activate("library/room-resume");
    EXPECT_EQ(model.screen, Screen::RoomConsole);
}

// Start-up lists the cases from their plugin.json and checks them after the first frame. The number
// keys are the shelf's numbers from the first frame (Peter is 1) whichever case finishes checking
// first: a robustness test typing "1 2 Enter" at once opened James, not Peter, when James was checked first.
TEST_F(KeyWalk, ANumberKeyOpensItsCaseWhileTheCasesAreStillBeingChecked) {
    model.library = discoverPlugins({{findBundled("plugins"), PluginOrigin::Bundled}}, model.knowledge, DiscoverMode::Manifests);
    ASSERT_TRUE(finishPendingLoad(model.library, "james", model.knowledge)); // James is checked first
    frames(2);
    ASSERT_TRUE(visible("library/checking/peter"));
    tap('1');
    ASSERT_EQ(model.screen, Screen::RoleSelect);
    ASSERT_NE(selectedPlugin(model), nullptr);
    EXPECT_EQ(selectedPlugin(model)->manifest.id, "peter") << "1 is Peter's number, checked or not";
}

TEST_F(KeyWalk, ArrowsNeverChangeTheCase) {
    tap('1');
    tap('1');
    tap(kGlfwKeyEnter);
    ASSERT_EQ(model.screen, Screen::Play);
    playToEnd(); // leaves the run at its end; go back into it
    ASSERT_TRUE(apply(app::StepBack{}));
    frames(3);
    ASSERT_EQ(model.screen, Screen::Play);
    const size_t steps = model.session->history.size();
    for (int key : {kGlfwKeyLeft, kGlfwKeyRight, kGlfwKeyUp, kGlfwKeyDown, kGlfwKeyLeft}) tap(key);
    EXPECT_EQ(model.session->history.size(), steps) << "Left arrow once stepped back, undoing a decision";
    EXPECT_EQ(model.screen, Screen::Play);
}

TEST_F(KeyWalk, PageKeysScrollTheFeedback) {
    tap('1');
    tap('1');
    tap(kGlfwKeyEnter);
    const Scenario& s = *plugin("peter")->scenario;
    for (int guard = 0; guard < 20 && currentNode(s, model.session->current()).type != NodeType::Decision; ++guard) tap(kGlfwKeyEnter);
    tap('1'); // the feedback: long, below the fold at 1600x900
    ASSERT_EQ(model.phase, PlayPhase::Feedback);
    ImGuiWindow* pane = nullptr;
    for (ImGuiWindow* w : ImGui::GetCurrentContext()->Windows)
        if (std::string(w->Name).find("##play-main") != std::string::npos) pane = w;
    ASSERT_NE(pane, nullptr);
    ASSERT_GT(pane->ScrollMax.y, 0.0f) << "the feedback fits: the test needs a longer one";
    EXPECT_EQ(pane->Scroll.y, 0.0f);
    tap(267); // PageDown
    EXPECT_GT(pane->Scroll.y, 0.0f) << "PageDown scrolls the feedback";
    tap(269); // End
    EXPECT_NEAR(pane->Scroll.y, pane->ScrollMax.y, ImGui::GetFontSize() * 2) << "End: the bottom of the feedback";
    tap(268); // Home
    EXPECT_EQ(pane->Scroll.y, 0.0f);
}

TEST_F(KeyWalk, KeyHelpListsTheScreensKeys) {
    std::vector<std::string> text;
    ScopedProbeTextLog log(&text);
    tap(kGlfwKeyF1);
    EXPECT_TRUE(ui.keyHelpOpen);
    EXPECT_TRUE(visible("keys/title"));
    auto shown = [&](const std::string& s) { return std::find(text.begin(), text.end(), s) != text.end(); };
    EXPECT_TRUE(shown("open the n-th case")) << "the library's own keys";
    EXPECT_TRUE(shown("F1 or ?")) << "the keys of every screen";
    tap(kGlfwKeyEscape);
    EXPECT_FALSE(ui.keyHelpOpen);
    EXPECT_EQ(model.screen, Screen::Library) << "Esc closes the list only";
    type("?");
    EXPECT_TRUE(ui.keyHelpOpen) << "? opens it too";
    tap('1');
    EXPECT_EQ(model.screen, Screen::Library) << "the screen behind the list is deaf";
    type("?");
    EXPECT_FALSE(ui.keyHelpOpen);
}

TEST_F(KeyWalk, MapSharesWithoutHover) {
    tap('1');
    tap('1');
    tap(kGlfwKeyEnter);
    ASSERT_EQ(model.screen, Screen::Play);
    activate("play/tab/map");
    ASSERT_EQ(ui.playSideTab, 1);
    activate("play/map/shares-toggle");
    frames(2);
    const Scenario& s = *plugin("peter")->scenario;
    for (const CastMember& c : s.cast) EXPECT_TRUE(visible("play/map/shares/" + c.id)) << c.id;
}

TEST(TextWrap, LinesBreakAtTheLastSpaceThatFits) {
    auto tenPerChar = [](const char* b, const char* e) { return static_cast<float>(e - b) * 10.0f; };
    std::string text = "the cat sat on the mat\nshort";
    EXPECT_TRUE(ui::wrapLinesAtSpaces(text, 100.0f, tenPerChar)); // 10 characters a line
    EXPECT_EQ(text, "the cat\nsat on the\nmat\nshort");
    EXPECT_FALSE(ui::wrapLinesAtSpaces(text, 100.0f, tenPerChar)) << "wrapped text stays as it is";
    std::string word = "abcdefghijklmnop qr";
    EXPECT_TRUE(ui::wrapLinesAtSpaces(word, 100.0f, tenPerChar));
    EXPECT_EQ(word, "abcdefghijklmnop\nqr") << "a word longer than the box breaks after itself";
}

// UX review defect 7: the reflection box wraps as you type, by keys alone, so no line hides its start.
TEST_F(KeyWalk, TheReflectionWrapsAtTheBoxEdge) {
    tap('1');
    tap('1');
    tap(kGlfwKeyEnter);
    playToEnd();
    ASSERT_EQ(model.screen, Screen::Debrief);
    activate("summary/reflection"); // Enter on the box starts editing
    const std::string sentence = "I will tell the designated safeguarding lead the same day and write down what I saw. ";
    type(sentence + sentence + sentence);
    const std::string& draft = ui.reflectionDraft;
    ASSERT_NE(draft.find('\n'), std::string::npos) << "a long line wrapped: " << draft;
    const float boxW = probes.at("summary/reflection").max.x - probes.at("summary/reflection").min.x;
    size_t start = 0;
    while (start < draft.size()) {
        size_t end = draft.find('\n', start);
        if (end == std::string::npos) end = draft.size();
        EXPECT_LE(ImGui::CalcTextSize(draft.data() + start, draft.data() + end).x, boxW) << draft.substr(start, end - start);
        start = end + 1;
    }
    EXPECT_EQ(model.session->reflection, draft) << "what is shown is what is kept";
}

// xdotool (and many a person) release a chord's keys in the order they were pressed: Shift goes up
// while Tab is still down. Shift+Tab still moves back one control, and only one.
TEST_F(KeyWalk, ShiftTabWithShiftReleasedFirstGoesBackOne) {
    frames(3);
    tap(kGlfwKeyTab);
    tap(kGlfwKeyTab);
    const std::string second = focused();
    tap(kGlfwKeyTab);
    const std::string third = focused();
    ASSERT_NE(second, third);
    // Each change a frame or more apart, as xdotool's --delay (or a person) makes them.
    auto step = [&](int key, bool down) {
        input.pushKey(key, down);
        drain();
    };
    step(kGlfwKeyLeftShift, true);
    step(kGlfwKeyTab, true);
    step(kGlfwKeyLeftShift, false);
    step(kGlfwKeyTab, false);
    EXPECT_EQ(focused(), second) << "back one, not back and forward again";
}

// Shift+Tab walks back through exactly the controls Tab walks through, in reverse: on the debrief,
// the longest screen (rows of links, maps, the reflection, a folder beside its button, the footer).
TEST_F(KeyWalk, ShiftTabIsTabReversed) {
    tap('1');
    tap('1');
    tap(kGlfwKeyEnter);
    playToEnd();
    ASSERT_EQ(model.screen, Screen::Debrief);
    auto sequence = [&](bool back) {
        std::vector<std::string> order;
        for (int i = 0; i < 150; ++i) {
            tap(kGlfwKeyTab, back);
            const std::string here = focused();
            if (!order.empty() && order.back() == here) break; // the end (or the start)
            order.push_back(here);
        }
        return order;
    };
    (void)sequence(true); // to the first control
    std::vector<std::string> forward{focused()};
    for (const auto& name : sequence(false)) forward.push_back(name);
    std::vector<std::string> backward = sequence(true);
    ASSERT_GT(forward.size(), 10u);
    backward.insert(backward.begin(), forward.back()); // where the backward walk starts
    std::reverse(backward.begin(), backward.end());
    EXPECT_EQ(backward, forward);
}

// The whole of issue 12's "done means" by keys: Peter as a teacher to the debrief, role swap,
// comparison, then a room session; every control of every screen reached, every screen left.
TEST_F(KeyWalk, EveryScreenByKeysOnly) {
    expectAllReachable("library");
    activate("library/open/peter");
    ASSERT_EQ(model.screen, Screen::RoleSelect);
    expectAllReachable("role select");
    activate("role/class_teacher");
    ASSERT_EQ(model.selectedRole, "class_teacher");
    activate("role/start");
    ASSERT_EQ(model.screen, Screen::Play);
    expectAllReachable("play");
    playToEnd();
    ASSERT_EQ(model.screen, Screen::Debrief);
    expectAllReachable("debrief");
    std::string other;
    for (const auto& r : plugin("peter")->manifest.roles)
        if (r != "class_teacher") other = other.empty() ? r : other;
    activate("summary/play-as/" + other);
    ASSERT_EQ(model.screen, Screen::Play);
    ASSERT_EQ(model.session->role, other);
    playToEnd();
    if (model.screen == Screen::Debrief) activate("summary/compare");
    ASSERT_EQ(model.screen, Screen::Compare);
    // The "Go to" row at the top puts Tab's next stop (the maps, then the export) below the fold.
    expectAllReachable("compare");
    tap(kGlfwKeyEscape);
    EXPECT_NE(model.screen, Screen::Compare) << "Esc leaves the comparison";
    std::string trail = ui::screenName(model.screen);
    for (int i = 0; i < 8 && model.screen != Screen::Library; ++i) {
        tap(kGlfwKeyEscape);
        trail += std::string(" > ") + ui::screenName(model.screen) + (model.confirm ? " (asks)" : "");
    }
    ASSERT_EQ(model.screen, Screen::Library) << "Esc leads back to the library: " << trail;

    activate("library/room/peter");
    ASSERT_EQ(model.screen, Screen::RoomSetup);
    expectAllReachable("room set-up");
    activate("room-setup/start");
    ASSERT_EQ(model.screen, Screen::RoomConsole);
    expectAllReachable("room console");
    tap(kGlfwKeyEscape);
    EXPECT_NE(model.screen, Screen::RoomConsole) << "Esc leaves the room console";
}

// The settings screen (issue 11 item 5, issue 12 items 2 and 4): reached from the library by keys,
// every control reachable, the endpoint typed and saved by keys, its keys in the key help, Esc back.
TEST_F(KeyWalk, TheSettingsScreenByKeysOnly) {
    activate("library/screen/settings");
    ASSERT_EQ(model.screen.id, "settings");
    // "Undo changes" is disabled until something changed; "send refused statements again" is only
    // there when the store refused some.
    expectAllReachable("settings", {"settings/lrs/undo"});
    activate("settings/lrs/endpoint"); // Enter on the box starts editing
    type("https://lrs.example.org/xapi");
    tap(kGlfwKeyEscape); // leaves the box, keeps the text
    EXPECT_EQ(model.screen.id, "settings") << "Esc in a text box only leaves the box";
    EXPECT_EQ(ui.lrsDraft.endpoint, "https://lrs.example.org/xapi");
    clearEffects();
    activate("settings/lrs/save");
    const app::ApplyLrsSettings* saved = emitted<app::ApplyLrsSettings>();
    ASSERT_NE(saved, nullptr) << "Save asks the edge to write lrs.json and restart sending";
    EXPECT_EQ(saved->settings.endpoint, "https://lrs.example.org/xapi");
    EXPECT_TRUE(model.lrs.saving);

    std::vector<std::string> text;
    {
        ScopedProbeTextLog log(&text);
        tap(kGlfwKeyF1);
    }
    EXPECT_TRUE(ui.keyHelpOpen);
    EXPECT_NE(std::find(text.begin(), text.end(), "save the learning record store settings and start sending with them"), text.end())
        << "the screen's own keys are in the key help";
    tap(kGlfwKeyEscape);
    EXPECT_FALSE(ui.keyHelpOpen);
    tap(kGlfwKeyEscape);
    EXPECT_EQ(model.screen, Screen::Library) << "Esc goes back to the library";
}

// The secret is drawn masked unless the person asks to see it (screenshots, a projector), and its
// text box is read aloud as "filled in, hidden", never its content.
TEST_F(KeyWalk, TheSecretIsMaskedOnScreenAndInSpeechUnlessShown) {
    activate("library/screen/settings");
    ASSERT_EQ(model.screen.id, "settings");
    const std::string secret = "Zq7SecretWord";
    ui.lrsDraft.secret = secret;
    frames(2);
    EXPECT_EQ(captureRenderedText().all.find(normaliseForCapture(secret)), std::string::npos) << "masked by default";
    ASSERT_TRUE(apply(app::SetSpeech{true, false}));
    activate("settings/lrs/secret");
    frames(2);
    bool announced = false;
    for (const auto& e : effects)
        if (const auto* say = std::get_if<app::Speak>(&e)) {
            EXPECT_EQ(say->text.find(secret), std::string::npos) << say->text;
            announced = announced || say->text.find("hidden") != std::string::npos;
        }
    EXPECT_TRUE(announced) << "the box is announced as filled in and hidden";
    tap(kGlfwKeyEscape); // leaves the box (a box being edited shows its own buffer)
    ui.lrsShowSecret = true;
    frames(2);
    EXPECT_NE(captureRenderedText().all.find(normaliseForCapture(secret)), std::string::npos) << "shown when asked for";
}

// Installing a case file from the library (issue 14 item 5) by keys: the path typed into the field and
// Enter asks the edge to check it; the question shows both versions, "Keep" is where the focus starts
// and "Replace" is one Tab away.
TEST_F(KeyWalk, InstallACaseByKeysAndTheQuestionShowsBothVersions) {
    std::vector<std::string> drawn;
    ScopedProbeTextLog log(&drawn);
    activate("library/install-path");
    type("/tmp/mini-1.2.0.wpcase");
    tap(kGlfwKeyEnter);
    const auto* check = emitted<app::CheckCaseFile>();
    ASSERT_NE(check, nullptr) << "Enter in the field asks for the file to be checked";
    EXPECT_EQ(check->path, "/tmp/mini-1.2.0.wpcase");

    // What the edge reports back for a newer copy of an installed case.
    ASSERT_TRUE(apply(app::CaseFileChecked{"/tmp/mini-1.2.0.wpcase",
                                           InstallOutcome::AlreadyInstalled,
                                           "mini",
                                           "Mini case",
                                           "1.2.0",
                                           "/home/t/plugins/mini",
                                           "/home/t/plugins/mini",
                                           "1.0.0",
                                           {}}));
    drawn.clear();
    frames(2);
    ASSERT_TRUE(model.confirm);
    EXPECT_TRUE(visible("confirm/fact/file-version"));
    EXPECT_TRUE(visible("confirm/fact/installed-version"));
    auto shown = [&](const std::string& text) { return std::find(drawn.begin(), drawn.end(), text) != drawn.end(); };
    EXPECT_TRUE(shown("version 1.2.0 (newer)")) << "this file's version";
    EXPECT_TRUE(shown("version 1.0.0, in /home/t/plugins/mini")) << "the installed copy's version";
    EXPECT_TRUE(shown("mini")) << "the id";
    const std::set<std::string> seen = walk();
    EXPECT_TRUE(seen.count("confirm/no") && seen.count("confirm/yes")) << "both answers by keys";
    clearEffects();
    (void)walk("confirm/yes");
    ASSERT_EQ(focused(), "confirm/yes");
    tap(kGlfwKeyEnter);
    const auto* install = emitted<app::InstallCase>();
    ASSERT_NE(install, nullptr) << "Replace, by keys";
    EXPECT_TRUE(install->replace);
    EXPECT_FALSE(model.confirm);
}

// Author mode's Review tab (issue 14 item 4) by keys: Ctrl+Tab moves into the author panel, Tab
// reaches the tab and every control on it, and Enter on "Export texts for review" asks for the sheet.
TEST_F(KeyWalk, TheAuthorReviewTabByKeys) {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("wp-keys-review-" + std::to_string(::getpid())) / "mini";
    fs::remove_all(dir.parent_path());
    fs::create_directories(dir.parent_path());
    fs::copy(fs::path(WP_UI_FIXTURES) / "../../fixtures/plugins/mini", dir, fs::copy_options::recursive);
    ASSERT_TRUE(apply(app::AuthorFolderLoaded{dir, loadAuthorFolder(dir, model.knowledge), true, {}}));
    frames(2);
    ASSERT_TRUE(visible("author/tab/review"));

    ctrlTab();
    EXPECT_EQ(focused().rfind("author/", 0), 0u) << "Ctrl+Tab moves into the author panel, got '" << focused() << "'";
    activate("author/tab/review");
    ASSERT_EQ(ui.authorTab, 3);
    // A checked sheet offers "Apply 1 change": reachable too.
    TextImportSummary summary;
    summary.rows = 12;
    summary.changed = 1;
    summary.unchanged = 11;
    ASSERT_TRUE(apply(app::ReviewSheetRead{dir, "/tmp/mini-review.csv", true, summary, {}}));
    frames(2);
    const std::set<std::string> seen = walk();
    for (const char* name :
         {"author/tab/problems", "author/review/export-folder", "author/review/export", "author/review/import-path",
          "author/review/check", "author/review/apply", "author/review/pack-folder", "author/review/pack"})
        EXPECT_TRUE(seen.count(name)) << name << " is not reached by Tab";
    clearEffects();
    activate("author/review/export");
    const auto* write = emitted<app::WriteReviewSheet>();
    ASSERT_NE(write, nullptr);
    EXPECT_EQ(write->folder, dir.parent_path().string()) << "the folder above the case, unless another is typed";
    EXPECT_EQ(write->id, "mini");
    ctrlTab();
    EXPECT_FALSE(focused().empty()) << "Ctrl+Tab again: back to the screen, with a ring";
    EXPECT_NE(focused().rfind("author/", 0), 0u) << "Ctrl+Tab again leaves the panel, got '" << focused() << "'";
    fs::remove_all(dir.parent_path());
}

} // namespace
} // namespace wp::test

namespace wp::test {
namespace {

// A click waits for the keys typed before it (the window's queue holds mouse buttons too): the
// backend used to apply a click at once, so a fast typist's last characters and an Esc reached
// whatever the click focused instead of the field they were typed into.
TEST_F(KeyWalk, AClickWaitsForTheKeysTypedBeforeItAndIsSeenDownForAFrame) {
    ImGuiIO& io = ImGui::GetIO();
    pushTyped(input, "abc");
    input.pushMouseButton(0, true);
    input.pushMouseButton(0, false);
    int typedBefore = 0, frames = 0;
    for (; frames < 20 && !io.MouseDown[0]; ++frames) {
        io.InputQueueCharacters.resize(0);
        input.applyFrame(io);
        input.applyMouse(io);
        if (!io.MouseDown[0]) typedBefore += io.InputQueueCharacters.Size;
        else EXPECT_EQ(io.InputQueueCharacters.Size, 0) << "the press has a frame of its own";
    }
    EXPECT_EQ(typedBefore, 3) << "every character is applied before the click";
    EXPECT_TRUE(io.MouseDown[0]) << "then the press, in a frame of its own";
    io.InputQueueCharacters.resize(0);
    EXPECT_FALSE(input.applyFrame(io)) << "nothing left after the release";
    input.applyMouse(io);
    EXPECT_FALSE(io.MouseDown[0]) << "and the release in the next: a quick click is still seen down";
    // A key typed after a click waits for the click's frame.
    input.pushMouseButton(1, true);
    pushTap(input, kGlfwKeyEnter);
    io.InputQueueCharacters.resize(0);
    ASSERT_TRUE(input.applyFrame(io));
    input.applyMouse(io);
    EXPECT_TRUE(io.MouseDown[1]);
    EXPECT_FALSE(io.KeysDown[kGlfwKeyEnter]);
    input.applyFrame(io);
    EXPECT_TRUE(io.KeysDown[kGlfwKeyEnter]);
    input.pushMouseButton(1, false);
    while (!input.empty()) input.applyFrame(io);
    input.applyMouse(io);
}

} // namespace
} // namespace wp::test
