// Author mode in the render-less harness: a temporary copy of the mini fixture is opened, edited on
// disk and reloaded through the same entry point the app's file watcher uses; the panel's problems,
// node view, "play from here" and rewind are driven by clicks.
#include <algorithm>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include <imgui_internal.h>

#include "ui_harness.h"
#include "wholepicture/core/author_mode.h"

namespace wp::test {
namespace {

namespace fs = std::filesystem;

class AuthorMode : public UiHarness {
protected:
    void SetUp() override {
        UiHarness::SetUp();
        ui::setProbeTextLog(&drawn);
        std::random_device rd;
        dir = fs::temp_directory_path() / ("wp-author-ui-" + std::to_string(rd())) / "mini";
        fs::create_directories(dir.parent_path());
        fs::copy(fs::path(WP_UI_FIXTURES) / "../../fixtures/plugins/mini", dir, fs::copy_options::recursive);
        original = read();
        loadLibrary();
    }
    void TearDown() override {
        ui::setProbeTextLog(nullptr);
        std::error_code ec;
        fs::remove_all(dir.parent_path(), ec);
        UiHarness::TearDown();
    }
    std::string read() const {
        std::ifstream in(dir / "scenario.json", std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        return ss.str();
    }
    // Saves the scenario with `from` replaced by `to` everywhere, as an editor would (write, rename).
    void edit(const std::string& from, const std::string& to) {
        std::string text = read();
        size_t at = 0, count = 0;
        while ((at = text.find(from, at)) != std::string::npos) {
            text.replace(at, from.size(), to);
            at += to.size();
            ++count;
        }
        ASSERT_GT(count, 0u) << from;
        save(text);
    }
    void save(const std::string& text) {
        std::ofstream(dir / ".scenario.json.tmp", std::ios::binary | std::ios::trunc) << text;
        fs::rename(dir / ".scenario.json.tmp", dir / "scenario.json");
    }
    // What this frame drew through textBlock.
    bool drawnNow(const std::string& text) {
        drawn.clear();
        frame();
        return std::find(drawn.begin(), drawn.end(), text) != drawn.end();
    }
    // As the app's effect runner does for LoadAuthorFolder / ReloadAuthorFolderFiles: load, then post.
    void open() {
        ASSERT_TRUE(apply(app::AuthorFolderLoaded{dir, loadAuthorFolder(dir, model.knowledge), true, {}}));
        frames(2);
    }
    void reload() { (void)apply(app::AuthorFolderLoaded{dir, loadAuthorFolder(dir, model.knowledge), false, {}}); }
    // "Play from here" on `node` as `role`, through the panel's Nodes tab.
    void playFrom(const std::string& node, const std::string& role) {
        click("author/tab/nodes");
        click("author/node/" + node);
        click("author/role/" + role);
        click("author/play-from");
    }
    // The index of the first diagnostic that concerns `node`.
    int diagnosticAbout(const std::string& node) const {
        const auto& diags = model.author->loaded.diagnostics;
        for (size_t i = 0; i < diags.size(); ++i)
            if (model.author->draft && nodeForPointer(*model.author->draft, diags[i].pointer) == node) return static_cast<int>(i);
        return -1;
    }

    std::vector<std::string> drawn;
    fs::path dir;
    std::string original;
};

TEST_F(AuthorMode, OpensAFolderFromAnywhereOntoItsRoleScreen) {
    open();
    ASSERT_TRUE(model.author);
    EXPECT_EQ(model.author->playingId, "mini");
    EXPECT_EQ(model.screen, ui::Screen::RoleSelect);
    EXPECT_NE(model.author->status.find("Opened at "), std::string::npos) << model.author->status;
    EXPECT_TRUE(visible("author/status"));
    EXPECT_TRUE(visible("author/tab/problems"));
}

TEST_F(AuthorMode, TheLibraryAsksTheAppToOpenATypedFolder) {
    frames(2);
    ui.authorPath = dir.string();
    click("library/author-open");
    const auto* load = emitted<app::LoadAuthorFolder>();
    ASSERT_TRUE(load) << "the folder is loaded at the edge, off the UI thread";
    EXPECT_EQ(load->path, dir.string());
}

// "Or start a new case": the roles offered are those a trainee plays (no parent, no child's view), and
// what is ticked goes to CreateCase in the catalogue's order.
TEST_F(AuthorMode, ANewCaseIsAskedForWithTheProfessionalRolesTicked) {
    frames(2);
    ASSERT_TRUE(visible("library/new-case-role/dsl"));
    EXPECT_FALSE(visible("library/new-case-role/parent"));
    EXPECT_FALSE(visible("library/new-case-role/child"));
    ui.newCaseId = "ava_aged_7";
    ui.newCaseRoles.clear();
    click("library/new-case-role/social_worker");
    click("library/new-case-role/class_teacher");
    click("library/new-case-create");
    const auto* create = emitted<app::WriteNewCase>();
    ASSERT_TRUE(create);
    EXPECT_EQ(create->id, "ava_aged_7");
    EXPECT_EQ(create->roles, (std::vector<std::string>{"class_teacher", "social_worker"}));
}

TEST_F(AuthorMode, HotReloadDrawsTheEditAndKeepsThePosition) {
    open();
    click("role/start");
    click("play/continue");                // past the narrative start
    ASSERT_EQ(model.session->current().node, "d1");
    click("play/option/tell");
    click("play/continue");                // past the feedback
    ASSERT_EQ(model.session->current().node, "d2");
    const size_t steps = model.session->history.size();
    EXPECT_TRUE(drawnNow("The case is to close."));

    edit("The case is to close.", "The case is about to close, and the school has not been asked.");
    reload();

    EXPECT_TRUE(drawnNow("The case is about to close, and the school has not been asked."));
    EXPECT_FALSE(drawnNow("The case is to close."));
    EXPECT_EQ(model.screen, ui::Screen::Play);
    EXPECT_EQ(model.session->current().node, "d2");
    EXPECT_EQ(model.session->history.size(), steps);
    EXPECT_TRUE(model.session->current().flags.count("referred"));
    EXPECT_EQ(model.author->status.rfind("Reloaded at ", 0), 0u) << model.author->status;
    EXPECT_NE(model.author->status.find("0 errors"), std::string::npos) << model.author->status;
    EXPECT_NE(model.author->positionNote.find("position kept"), std::string::npos) << model.author->positionNote;
}

TEST_F(AuthorMode, AnEditWithErrorsKeepsTheLastGoodVersionPlaying) {
    open();
    ASSERT_TRUE(applyCommand(model, ui::SelectRole{"class_teacher"}, ++clockMs));
    ASSERT_TRUE(applyCommand(model, ui::StartSession{}, ++clockMs));
    edit("\"next\": \"d2\"}", "\"next\": \"d3\"}");
    reload();
    frames(2);
    EXPECT_TRUE(model.author->statusHasErrors);
    EXPECT_TRUE(ui::activeScenario(model)) << "the last version without errors still plays";
    EXPECT_EQ(model.screen, ui::Screen::Play);
    EXPECT_NE(model.author->positionNote.find("last version without errors"), std::string::npos);
    EXPECT_TRUE(visible("author/diagnostic/0"));
    // The Problems tab quotes the line at fault, so the author need not open the file to see it.
    EXPECT_NE(model.author->loaded.diagnostics.at(0).sourceLine.find("\"next\": \"d3\""), std::string::npos)
        << model.author->loaded.diagnostics.at(0).sourceLine;
    EXPECT_TRUE(visible("author/diagnostic/0/line"));

    save(original); // fixed again
    reload();
    EXPECT_FALSE(model.author->statusHasErrors);
    EXPECT_EQ(model.session->current().node, "intro");
}

// The app loads and lints on the file watcher's thread and hands the result to the UI thread; the
// hand-over applies only to the folder author mode still has open.
TEST_F(AuthorMode, ALoadMadeOnAnotherThreadIsAppliedOnlyToTheOpenFolder) {
    open();
    click("role/start");
    click("play/continue");
    click("play/option/tell");
    click("play/continue");
    ASSERT_EQ(model.session->current().node, "d2");

    edit("The case is to close.", "The case is closing on Friday.");
    AuthorLoad load;
    std::thread worker([&] { load = loadAuthorFolder(dir, model.knowledge); });
    worker.join();
    EXPECT_FALSE(apply(app::AuthorFolderLoaded{dir.parent_path() / "elsewhere", load, false, {}}))
        << "a load for a folder that is not open is dropped";
    EXPECT_EQ(model.author->dir, dir);
    EXPECT_TRUE(apply(app::AuthorFolderLoaded{dir, load, false, {}}));
    EXPECT_TRUE(drawnNow("The case is closing on Friday."));
    EXPECT_EQ(model.session->current().node, "d2") << "position kept, as with a reload on the UI thread";
    EXPECT_EQ(model.author->status.rfind("Reloaded at ", 0), 0u) << model.author->status;

    ASSERT_TRUE(app::applyCommand(model, ui::CloseAuthorMode{}, ++clockMs));
    ASSERT_FALSE(model.author);
    EXPECT_FALSE(apply(app::AuthorFolderLoaded{dir, load, false, {}})) << "closed meanwhile: nothing reopens";
    EXPECT_FALSE(model.author);
}

TEST_F(AuthorMode, ClickingADiagnosticShowsItsNodeThenPlaysFromThere) {
    edit("\"next\": \"d2\"}", "\"next\": \"d3\"}"); // d1's options lead nowhere
    open();
    ASSERT_TRUE(model.author);
    EXPECT_TRUE(model.author->statusHasErrors);
    EXPECT_EQ(model.screen, ui::Screen::Library) << "nothing playable yet";
    const int index = diagnosticAbout("d1");
    ASSERT_GE(index, 0);

    click("author/diagnostic/" + std::to_string(index));
    EXPECT_EQ(model.author->inspectedNode, "d1");
    EXPECT_TRUE(visible("author/detail/d1"));
    // The node's text for each role (it differs for the social worker), its options and where they lead.
    EXPECT_TRUE(drawnNow("Sam is hungry."));
    EXPECT_TRUE(drawnNow("Nothing has reached you yet."));
    EXPECT_TRUE(drawnNow("Tell the DSL today."));
    EXPECT_TRUE(drawnNow("\xE2\x86\x92 d3 (no such node)")) << "a broken link says so (UX review defect 24)";
    EXPECT_TRUE(visible("author/option/tell/broken") || visible("author/option/wait/broken") || visible("author/option/ask/broken"))
        << "and is drawn as a problem";
    EXPECT_FALSE(visible("author/play-from")) << "a plugin with errors cannot be played";

    save(original);
    reload();
    frames(2);
    EXPECT_EQ(model.author->inspectedNode, "d1") << "the node stays on screen across the fix";
    EXPECT_TRUE(drawnNow("\xE2\x86\x92 d2"));
    for (const char* o : {"tell", "wait", "ask"}) EXPECT_FALSE(visible(std::string("author/option/") + o + "/broken")) << o;
    click("author/role/social_worker");
    click("author/play-from");
    ASSERT_TRUE(model.session);
    EXPECT_EQ(model.screen, ui::Screen::Play);
    EXPECT_EQ(model.session->role, "social_worker");
    EXPECT_EQ(model.session->current().node, "d1");
    EXPECT_EQ(model.author->reachedBy, (std::vector<std::string>{"Start (intro): continue"}));
    EXPECT_TRUE(visible("play/option/ask")) << "the play screen offers the social worker's options";
}

// Issue 12: the author's lists speak like every other control. A node in the Nodes list, focused,
// is heard as "its label, list item" (and "selected" when it is the node shown); the lists were drawn
// without words, so a listener heard nothing.
TEST_F(AuthorMode, TheNodeListSaysWhatEachRowIs) {
    open();
    model.speech = true;
    click("author/tab/nodes");
    ImGuiIO& io = ImGui::GetIO();
    io.KeyCtrl = true; // Ctrl+Tab: the keys go to the author panel
    pressKey(kGlfwKeyTab);
    io.KeyCtrl = false;
    const auto focusedOn = [&](const std::string& name) {
        return visible(name) && probes.at(name).id == ImGui::GetCurrentContext()->NavId;
    };
    for (int i = 0; i < 60 && !focusedOn("author/node/d2"); ++i) pressKey(kGlfwKeyTab);
    ASSERT_TRUE(focusedOn("author/node/d2")) << "Tab reaches the node in the list";
    EXPECT_EQ(ui.speechFocus.kind, "list item");
    EXPECT_EQ(ui.speechFocus.state, model.author->inspectedNode == "d2" ? "selected" : "");
    EXPECT_NE(ui.speechFocus.label.find("d2"), std::string::npos) << ui.speechFocus.label;
    EXPECT_EQ(ui.speechFocus.label.find("##"), std::string::npos) << "the hidden id is not read out";
}

TEST_F(AuthorMode, TheStateInspectorShowsTheRunAndRewinds) {
    open();
    playFrom("d2", "class_teacher");
    ASSERT_TRUE(model.session);
    ASSERT_EQ(model.session->current().node, "d2");

    click("author/tab/state");
    EXPECT_TRUE(visible("author/reached-by"));
    EXPECT_TRUE(drawnNow("Hungry (d1): Tell the DSL today."));
    EXPECT_TRUE(visible("author/step/0"));
    EXPECT_TRUE(visible("author/step/1"));
    EXPECT_TRUE(visible("author/facts/social_worker"));
    EXPECT_TRUE(visible("author/flag/referred")) << "a preview's flags are check boxes";
    EXPECT_TRUE(visible("author/facts/class_teacher/hungry"));

    click("author/step/1"); // back to d1, before "Tell the DSL today."
    EXPECT_EQ(model.session->history.size(), 2u);
    EXPECT_EQ(model.session->current().node, "d1");
    EXPECT_FALSE(model.session->current().flags.count("referred"));
    EXPECT_FALSE(visible("author/reached-by")) << "after a rewind the path tells the story";
    EXPECT_TRUE(visible("play/option/wait")) << "the play screen is back at the decision";
}

// Authoring review 14: "Play from here" lands in the shortest route's state; the author changes it by
// hand to try the branch a condition guards ("what if the teacher had not referred?").
TEST_F(AuthorMode, APreviewsFlagsAndFactsCanBeChangedToTryABranch) {
    open();
    playFrom("d2", "class_teacher");
    ASSERT_TRUE(model.session);
    ASSERT_TRUE(model.session->current().flags.count("referred"));
    click("author/tab/state");
    ASSERT_TRUE(visible("play/option/challenge")) << "challenge needs the flag, which the route set";

    click("author/flag/referred");
    EXPECT_FALSE(model.session->current().flags.count("referred"));
    EXPECT_FALSE(visible("play/option/challenge")) << "without the flag the option is not offered";
    EXPECT_NE(model.author->positionNote.find("flag referred cleared"), std::string::npos) << model.author->positionNote;
    click("author/flag/referred");
    EXPECT_TRUE(model.session->current().flags.count("referred"));
    EXPECT_TRUE(visible("play/option/challenge"));

    // Facts: take one away, give one.
    click("author/facts/class_teacher/hungry");
    EXPECT_FALSE(knows(model.session->current(), "class_teacher", "hungry"));
    ASSERT_FALSE(knows(model.session->current(), "social_worker", "missed_gp"));
    click("author/facts/social_worker/give");
    click("author/give/social_worker/missed_gp");
    EXPECT_TRUE(knows(model.session->current(), "social_worker", "missed_gp"));
    EXPECT_TRUE(visible("author/facts/social_worker/missed_gp"));

    // A trainee's own run is never changed by hand.
    ASSERT_TRUE(apply(ui::SelectRole{"class_teacher"}));
    ASSERT_TRUE(apply(ui::StartSession{}));
    ASSERT_FALSE(model.sessionRunId.empty());
    EXPECT_FALSE(apply(app::SetPreviewFlag{"referred", true}));
    EXPECT_FALSE(model.session->current().flags.count("referred"));
    frames(1);
    EXPECT_FALSE(visible("author/flag/referred"));
}

// UX review defect 24: the tab row stays where it is when the note under the status ("Still playing
// the last version without errors...") comes and goes.
TEST_F(AuthorMode, TheTabRowDoesNotJumpWhenTheNoteAppears) {
    open();
    frames(2);
    ASSERT_TRUE(visible("author/tab/problems"));
    const float without = probes.at("author/tab/problems").min.y;
    model.author->positionNote = "Still playing the last version without errors. Fix the errors to see your changes.";
    frames(2);
    EXPECT_FLOAT_EQ(probes.at("author/tab/problems").min.y, without);
    model.author->positionNote = "Position kept.";
    frames(2);
    EXPECT_FLOAT_EQ(probes.at("author/tab/problems").min.y, without);
}

TEST_F(AuthorMode, ClosingLeavesTheLibrary) {
    open();
    click("author/close");
    EXPECT_FALSE(model.author);
    EXPECT_TRUE(emitted<app::StopWatchingFolder>()) << "the watcher thread is stopped at the edge";
    EXPECT_FALSE(visible("author/status"));
}

} // namespace
} // namespace wp::test
