// The case editor through apply and the real effect runner (issue 14 item 3): opened from author mode,
// edited with typing as one undo step, linted as it changes, saved in the editor's layout (a one-word
// edit is a one-line diff), played from a node after its save, and never dropped without asking.
#include <fstream>
#include <sstream>

#include "app_fixture.h"
#include "wholepicture/core/author_mode.h"
#include "wholepicture/core/case_document.h"
#include "wholepicture/core/paths.h"
#include "wholepicture/core/unsaved_draft.h"

namespace wp::test {
namespace {

using namespace wp::app;
namespace fs = std::filesystem;

size_t differingLines(const std::string& a, const std::string& b) {
    std::stringstream sa(a), sb(b);
    size_t differ = 0;
    std::string la, lb;
    while (true) {
        const bool ga = static_cast<bool>(std::getline(sa, la)), gb = static_cast<bool>(std::getline(sb, lb));
        if (!ga && !gb) return differ;
        differ += !ga || !gb || la != lb;
    }
}

class CaseEditorTest : public EdgeAppTest {
protected:
    void SetUp() override {
        EdgeAppTest::SetUp();
        dir = root / "my-case";
        fs::copy(fs::path(WP_SOURCE_DIR) / "tests/fixtures/plugins/mini", dir, fs::copy_options::recursive);
        ASSERT_TRUE(send(OpenAuthorFolder{dir.string()}));
        ASSERT_TRUE(state.author);
        ASSERT_TRUE(send(OpenCaseEditor{}));
        ASSERT_TRUE(state.author->editor) << statusText();
    }
    CaseEditor& editor() { return *state.author->editor; }
    std::string statusText() const {
        std::string out;
        for (const auto& m : state.status) out += m.text + "\n";
        return out;
    }
    CaseEdit setTitle(const std::string& text) { return {CaseEdit::Op::Set, CaseFile::Scenario, "/nodes/1/title", text}; }
    fs::path dir;
};

TEST_F(CaseEditorTest, OpensOnItsScreenWithTheFormatGuideAndACleanLint) {
    EXPECT_EQ(state.screen, Screen::CaseEditor);
    ASSERT_TRUE(editor().scenarioGuide);
    ASSERT_TRUE(editor().manifestGuide);
    EXPECT_TRUE(editor().linted());
    EXPECT_FALSE(hasErrors(editor().diagnostics));
    EXPECT_FALSE(editor().history.dirty());
    // Leaving the screen keeps the draft; coming back finds it as it was.
    ASSERT_TRUE(send(EditCase{{setTitle("Hungry again")}, "Edit title"}));
    ASSERT_TRUE(send(GoBack{}));
    EXPECT_EQ(state.screen, Screen::Library);
    ASSERT_TRUE(send(OpenCaseEditor{}));
    EXPECT_EQ(state.screen, Screen::CaseEditor);
    EXPECT_EQ(editor().doc.scenario["nodes"][1]["title"], "Hungry again");
    EXPECT_TRUE(editor().history.dirty());
}

TEST_F(CaseEditorTest, TypingIsOneUndoStepAndEveryRevisionIsLinted) {
    for (const char* text : {"H", "Hu", "Hun"}) ASSERT_TRUE(send(EditCase{{setTitle(text)}, "Edit title", true}));
    EXPECT_EQ(editor().history.undo.size(), 1u);
    EXPECT_TRUE(editor().linted());
    // An empty id is an error the lint marks at its field, before anything is saved.
    ASSERT_TRUE(send(EndTyping{}));
    ASSERT_TRUE(send(EditCase{{{CaseEdit::Op::Set, CaseFile::Scenario, "/nodes/1/next_node", "d2"}}, "Typo"}));
    ASSERT_TRUE(editor().linted());
    bool marked = false;
    for (const auto& d : editor().diagnostics) marked |= d.severity == Severity::Error && d.pointer == "/nodes/1/next_node";
    EXPECT_TRUE(marked);
    ASSERT_TRUE(send(EditorUndo{}));
    EXPECT_FALSE(hasErrors(editor().diagnostics));
    ASSERT_TRUE(send(EditorUndo{}));
    EXPECT_EQ(editor().doc.scenario["nodes"][1]["title"], "Hungry");
    EXPECT_FALSE(editor().history.dirty());
    ASSERT_TRUE(send(EditorRedo{}));
    EXPECT_EQ(editor().doc.scenario["nodes"][1]["title"], "Hun");
}

TEST_F(CaseEditorTest, ALintOfARevisionTypedPastIsDropped) {
    ASSERT_TRUE(apply(EditCase{{setTitle("A")}, "Edit title"}));
    const std::uint64_t first = editor().history.revision();
    ASSERT_TRUE(apply(EditCase{{setTitle("AB")}, "Edit title"}));
    EXPECT_FALSE(apply(CaseDraftLinted{dir, first, {{Severity::Error, "x", 1, 1, "/title", "stale"}}}));
    EXPECT_TRUE(editor().diagnostics.empty() || editor().diagnostics.front().message != "stale");
    EXPECT_FALSE(editor().linted());
}

TEST_F(CaseEditorTest, SavingWritesTheEditorsLayoutAndAOneWordEditIsAOneLineDiff) {
    ASSERT_TRUE(send(SaveCaseDraft{})); // nothing changed: nothing written
    EXPECT_NE(editor().note.find("Nothing to save"), std::string::npos);
    EXPECT_EQ(readText(dir / "scenario.json"), readText(fs::path(WP_SOURCE_DIR) / "tests/fixtures/plugins/mini/scenario.json"));

    ASSERT_TRUE(send(EditCase{{setTitle("Hungry again")}, "Edit title"}));
    ASSERT_TRUE(send(SaveCaseDraft{}));
    EXPECT_FALSE(editor().history.dirty()) << editor().problem;
    const std::string saved = readText(dir / "scenario.json");
    EXPECT_EQ(saved, canonicalJsonText(editor().doc.scenario));
    EXPECT_NE(editor().note.find("Saved at"), std::string::npos) << editor().note;
    // The reload that follows the save sees the new text, and the library plays it.
    EXPECT_EQ(state.author->draft->node("d1")->title, "Hungry again");

    ASSERT_TRUE(send(EditCase{{setTitle("Hungry")}, "Edit title"}));
    ASSERT_TRUE(send(SaveCaseDraft{}));
    EXPECT_EQ(differingLines(saved, readText(dir / "scenario.json")), 1u);
    // The manifest was not touched by either save: already in the layout? Its bytes only change once.
    Diagnostics diags;
    auto reread = readCaseDocument(dir, diags);
    ASSERT_TRUE(reread);
    EXPECT_EQ(reread->scenario, editor().doc.scenario);
}

TEST_F(CaseEditorTest, PlayFromHereSavesFirstThenPlaysTheNewVersionAtTheNode) {
    ASSERT_TRUE(send(EditCase{{setTitle("Closure, rewritten")}, "Edit title"}));
    ASSERT_TRUE(send(EditCase{{{CaseEdit::Op::Set, CaseFile::Scenario, "/nodes/2/title", "Closure, rewritten"}}, "Edit title"}));
    ASSERT_TRUE(send(PlayDraftFrom{"d2", "class_teacher"}));
    EXPECT_FALSE(editor().history.dirty());
    ASSERT_EQ(state.screen, Screen::Play) << statusText() << editor().problem;
    ASSERT_TRUE(state.session);
    EXPECT_EQ(state.session->current().node, "d2");
    EXPECT_EQ(activeScenario(state)->node("d2")->title, "Closure, rewritten");
}

TEST_F(CaseEditorTest, ACaseWithErrorsIsNotPlayedAndSaysWhy) {
    ASSERT_TRUE(send(EditCase{{{CaseEdit::Op::Set, CaseFile::Scenario, "/nodes/1/next_node", "d2"}}, "Typo"}));
    ASSERT_TRUE(send(PlayDraftFrom{"d1", "class_teacher"}));
    EXPECT_EQ(state.screen, Screen::CaseEditor);
    EXPECT_NE(editor().problem.find("marked in red"), std::string::npos);
    EXPECT_TRUE(all<WriteCaseDraft>().empty());
}

TEST_F(CaseEditorTest, ClosingAuthorModeWithUnsavedEditsAsksFirst) {
    ASSERT_TRUE(send(EditCase{{setTitle("Unsaved")}, "Edit title"}));
    ASSERT_TRUE(send(CloseAuthorMode{}));
    ASSERT_TRUE(state.author);
    ASSERT_TRUE(state.confirm);
    EXPECT_NE(state.confirm->question.find("without saving"), std::string::npos);
    ASSERT_TRUE(send(CancelPending{}));
    EXPECT_TRUE(state.author && state.author->editor);
    ASSERT_TRUE(send(CloseAuthorMode{}));
    ASSERT_TRUE(send(ConfirmPending{}));
    EXPECT_FALSE(state.author);
    EXPECT_NE(state.screen, Screen::CaseEditor);
}

TEST_F(CaseEditorTest, AnEditOutsideTheEditorNeverReplacesUnsavedEdits) {
    // Clean draft: the outside edit is taken in.
    std::string text = readText(dir / "scenario.json");
    text.replace(text.find("\"Hungry\""), 8, "\"Starving\"");
    { std::ofstream(dir / "scenario.json", std::ios::binary) << text; }
    ASSERT_TRUE(send(ReloadAuthorFolder{}));
    EXPECT_EQ(editor().doc.scenario["nodes"][1]["title"], "Starving");
    EXPECT_NE(editor().note.find("changed outside"), std::string::npos);

    // Unsaved draft: kept, with a note saying what saving would do.
    ASSERT_TRUE(send(EditCase{{setTitle("Mine")}, "Edit title"}));
    text.replace(text.find("\"Starving\""), 10, "\"Theirs\"");
    { std::ofstream(dir / "scenario.json", std::ios::binary) << text; }
    ASSERT_TRUE(send(ReloadAuthorFolder{}));
    EXPECT_EQ(editor().doc.scenario["nodes"][1]["title"], "Mine");
    EXPECT_NE(editor().note.find("replaces those changes"), std::string::npos);
}

TEST_F(CaseEditorTest, AFolderThatDoesNotParseIsNotOpenedAndTheMessageNamesThePlace) {
    ASSERT_TRUE(send(CloseAuthorMode{true}));
    { std::ofstream(dir / "scenario.json", std::ios::binary) << "{\n  \"title\": \"A\"\n  \"nodes\": []\n}\n"; }
    ASSERT_TRUE(send(OpenAuthorFolder{dir.string()}));
    ASSERT_TRUE(state.author);
    (void)send(OpenCaseEditor{});
    EXPECT_FALSE(state.author->editor);
    EXPECT_NE(statusText().find("scenario.json:2"), std::string::npos) << statusText();
    EXPECT_NE(state.screen, Screen::CaseEditor);
}

} // namespace
} // namespace wp::test

namespace wp::test {
namespace {

using namespace wp::app;
namespace fs = std::filesystem;

class NewCaseTest : public EdgeAppTest {};

TEST_F(NewCaseTest, ANewCaseIsWrittenOpenedInAuthorModeAndInTheEditorAndLintsClean) {
    ASSERT_TRUE(send(CreateCase{(root / "cases").string(), "sam_aged_8", {"class_teacher", "dsl", "social_worker"}}));
    const fs::path dir = root / "cases" / "sam_aged_8";
    EXPECT_TRUE(fs::is_regular_file(dir / "plugin.json"));
    ASSERT_TRUE(state.author);
    EXPECT_EQ(state.author->dir, dir);
    ASSERT_TRUE(state.author->editor);
    EXPECT_EQ(state.screen, Screen::CaseEditor);
    EXPECT_TRUE(state.author->editor->linted());
    EXPECT_FALSE(hasErrors(state.author->editor->diagnostics));
    // Written in the editor's layout: the first save of an unchanged case writes nothing new.
    EXPECT_EQ(readText(dir / "scenario.json"), canonicalJsonText(state.author->editor->doc.scenario));
}

TEST_F(NewCaseTest, ABadIdOrAnExistingFolderIsRefusedAndNothingIsOverwritten) {
    EXPECT_FALSE(send(CreateCase{(root / "cases").string(), "Sam Aged 8", {"dsl"}}));
    EXPECT_FALSE(fs::exists(root / "cases"));
    EXPECT_FALSE(send(CreateCase{(root / "cases").string(), "sam", {}}));
    fs::create_directories(root / "cases" / "sam");
    { std::ofstream(root / "cases" / "sam" / "notes.txt") << "mine"; }
    ASSERT_TRUE(send(CreateCase{(root / "cases").string(), "sam", {"dsl"}}));
    EXPECT_FALSE(state.author);
    EXPECT_EQ(readText(root / "cases" / "sam" / "notes.txt"), "mine");
    bool said = false;
    for (const auto& m : state.status) said |= m.text.find("already exists") != std::string::npos;
    EXPECT_TRUE(said);
}

} // namespace
} // namespace wp::test

namespace wp::test {
namespace {

// "No user data is lost": edits not saved when the app closes (or crashes) are kept under XDG state as
// they are made, and offered back when the editor next opens the folder, as one undoable step.
class UnsavedDraftTest : public CaseEditorTest {
protected:
    fs::path keptCopy() const { return unsavedDraftFile(appPaths().stateDir, dir); }
    // As the process ending would: the state is gone, the files and the kept copy stay.
    void restartAndOpen() {
        state.author.reset();
        state.screen = Screen::Library;
        ASSERT_TRUE(send(OpenAuthorFolder{dir.string()}));
        ASSERT_TRUE(send(OpenCaseEditor{}));
        ASSERT_TRUE(state.author && state.author->editor) << statusText();
    }
};

TEST_F(UnsavedDraftTest, EditsLeftUnsavedAtACloseAreOfferedBackAndUndoGoesToTheSavedFiles) {
    const std::string saved = readText(dir / "scenario.json");
    ASSERT_TRUE(send(EditCase{{setTitle("Not yet saved")}, "Edit title"}));
    ASSERT_TRUE(fs::exists(keptCopy())) << "the edit is kept outside the folder as it is made";
    EXPECT_EQ(readText(dir / "scenario.json"), saved) << "the case's own files are untouched";

    restartAndOpen();
    EXPECT_EQ(editor().doc.scenario["nodes"][1]["title"], "Not yet saved");
    EXPECT_TRUE(editor().history.dirty());
    EXPECT_NE(editor().note.find("Restored the edits that were not saved"), std::string::npos) << editor().note;
    ASSERT_TRUE(send(EditorUndo{}));
    EXPECT_EQ(editor().doc.scenario["nodes"][1]["title"], "Hungry") << "Undo is the saved files";
    EXPECT_FALSE(editor().history.dirty());
    EXPECT_FALSE(fs::exists(keptCopy())) << "back at the files: nothing to keep";
    ASSERT_TRUE(send(EditorRedo{}));
    ASSERT_TRUE(send(SaveCaseDraft{}));
    EXPECT_NE(readText(dir / "scenario.json").find("\"Not yet saved\""), std::string::npos);
    EXPECT_FALSE(fs::exists(keptCopy())) << "saved: the copy is forgotten";

    restartAndOpen();
    EXPECT_FALSE(editor().history.dirty()) << "nothing unsaved is offered after a save";
    EXPECT_EQ(editor().note.find("Restored"), std::string::npos);
}

TEST_F(UnsavedDraftTest, DroppingTheEditsOnPurposeForgetsTheCopy) {
    ASSERT_TRUE(send(EditCase{{setTitle("Thrown away")}, "Edit title"}));
    ASSERT_TRUE(fs::exists(keptCopy()));
    ASSERT_TRUE(send(CloseAuthorMode{}));
    ASSERT_TRUE(send(ConfirmPending{}));
    EXPECT_FALSE(fs::exists(keptCopy()));
    restartAndOpen();
    EXPECT_EQ(editor().doc.scenario["nodes"][1]["title"], "Hungry");
    EXPECT_FALSE(editor().history.dirty());
}

TEST(UnsavedDraftFile, ADamagedOrForeignCopyIsNeverOffered) {
    const fs::path state = fs::temp_directory_path() / ("wp-unsaved-" + std::to_string(::getpid()));
    fs::remove_all(state);
    const fs::path caseDir = state / "a-case";
    Diagnostics diags;
    ASSERT_TRUE(keepUnsavedDraft(state, {caseDir, "{}\n", "{}\n", 1'767'225'600'000}, diags)) << (diags.empty() ? "" : diags[0].message);
    auto kept = readUnsavedDraft(state, caseDir);
    ASSERT_TRUE(kept);
    EXPECT_EQ(kept->keptMs, 1'767'225'600'000);
    EXPECT_FALSE(readUnsavedDraft(state, state / "another-case")) << "another folder has no copy";
    { std::ofstream(unsavedDraftFile(state, caseDir), std::ios::binary) << "{\"format\": \"wholepicture-unsaved-case\", \"dir\": "; }
    EXPECT_FALSE(readUnsavedDraft(state, caseDir)) << "a truncated copy is not offered";
    forgetUnsavedDraft(state, caseDir);
    EXPECT_FALSE(fs::exists(unsavedDraftFile(state, caseDir)));
    fs::remove_all(state);
}

} // namespace
} // namespace wp::test
