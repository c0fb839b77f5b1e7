// The case editor's screen in the render-less harness (issue 14 item 3), driven by clicks and typed
// characters as a trainer would: pick a decision in the outline, retype its title, add a decision and an
// option, undo, see the lint's mark on a field, open the roles x decisions grid, save.
#include <algorithm>
#include <random>

#include <imgui_internal.h>

#include "ui_harness.h"
#include "wholepicture/core/author_mode.h"
#include "wholepicture/core/case_document.h"
#include "wholepicture/core/format_guide.h"
#include "wholepicture/core/loader.h"

namespace wp::test {
namespace {

namespace fs = std::filesystem;

class CaseEditorUi : public UiHarness {
protected:
    void SetUp() override {
        UiHarness::SetUp();
        std::random_device rd;
        dir = fs::temp_directory_path() / ("wp-editor-ui-" + std::to_string(rd())) / "mini";
        fs::create_directories(dir.parent_path());
        fs::copy(fs::path(WP_UI_FIXTURES) / "../../fixtures/plugins/mini", dir, fs::copy_options::recursive);
        loadLibrary();
        ASSERT_TRUE(apply(app::AuthorFolderLoaded{dir, loadAuthorFolder(dir, model.knowledge), true, {}}));
        frames(2);
        click("author/edit");
        ASSERT_TRUE(emitted<app::ReadCaseDraft>());
        // As the effect runner does: the folder read, the schemas with it.
        app::CaseEditorOpened opened;
        opened.dir = dir;
        opened.doc = readCaseDocument(dir, opened.diagnostics);
        Diagnostics ignored;
        auto guide = loadFormatGuide(findBundled("content") / "schema" / "scenario.schema.json", ignored);
        auto manifestGuide = loadFormatGuide(findBundled("content") / "schema" / "plugin.schema.json", ignored);
        ASSERT_TRUE(guide && manifestGuide);
        opened.scenarioGuide = std::make_shared<const FormatGuide>(*guide);
        opened.manifestGuide = std::make_shared<const FormatGuide>(*manifestGuide);
        ASSERT_TRUE(apply(opened));
        lint();
        frames(2);
        ASSERT_EQ(model.screen, app::Screen::CaseEditor);
    }
    void TearDown() override {
        std::error_code ec;
        fs::remove_all(dir.parent_path(), ec);
        UiHarness::TearDown();
    }
    // What the lint thread posts for the draft as it is now.
    void lint() {
        const auto& e = *model.author->editor;
        ScenarioPlugin linted = loadPluginFromTexts(dir, canonicalJsonText(e.doc.manifest), canonicalJsonText(e.doc.scenario), model.knowledge);
        (void)apply(app::CaseDraftLinted{dir, e.history.revision(), linted.diagnostics});
    }
    void type(const std::string& text) {
        ImGuiIO& io = ImGui::GetIO();
        for (char ch : text) {
            io.AddInputCharacter(static_cast<unsigned>(ch));
            frame();
        }
    }
    void selectAllAndDelete() {
        ImGuiIO& io = ImGui::GetIO();
        io.KeyCtrl = true;
        pressKey('A'); // GLFW's code for A, as the harness maps it
        io.KeyCtrl = false;
        pressKey(kGlfwKeyBackspace);
    }
    const app::CaseEditor& editor() const { return *model.author->editor; }
    fs::path dir;
    std::vector<std::string> drawn;
};

TEST_F(CaseEditorUi, ARetypedTitleIsOneUndoStepAndSavesAsOneChangedLine) {
    click("editor/outline/nodes/1");
    EXPECT_EQ(editor().selected, "/nodes/1");
    click("editor/field/nodes/1/title");
    selectAllAndDelete();
    type("Breakfast");
    pressKey(kGlfwKeyTab); // leave the field
    EXPECT_EQ(editor().doc.scenario["nodes"][1]["title"], "Breakfast");
    EXPECT_EQ(editor().history.undo.size(), 1u) << "typing in one field is one undo step";
    EXPECT_TRUE(editor().history.dirty());

    clearEffects();
    click("editor/save");
    const auto* write = emitted<app::WriteCaseDraft>();
    ASSERT_TRUE(write);
    EXPECT_NE(write->scenarioText.find("\"title\": \"Breakfast\""), std::string::npos);

    click("editor/undo");
    EXPECT_EQ(editor().doc.scenario["nodes"][1]["title"], "Hungry");
}

TEST_F(CaseEditorUi, AddingADecisionSelectsItAndItsOptionsAreThereToEdit) {
    const size_t before = editor().doc.scenario["nodes"].size();
    click("editor/add-decision");
    ASSERT_EQ(editor().doc.scenario["nodes"].size(), before + 1);
    const std::string added = "/nodes/" + std::to_string(before);
    EXPECT_EQ(editor().selected, added);
    frames(2);
    EXPECT_TRUE(visible("editor/field" + added + "/title"));
    EXPECT_TRUE(visible("editor/add" + added + "/options"));
    const size_t options = editor().doc.scenario["nodes"][before]["options"].size();
    click("editor/add" + added + "/options");
    EXPECT_EQ(editor().doc.scenario["nodes"][before]["options"].size(), options + 1);
    click("editor/undo");
    click("editor/undo");
    EXPECT_EQ(editor().doc.scenario["nodes"].size(), before);
    EXPECT_EQ(editor().selected, "") << "the undone item's selection falls back to its parent";
}

TEST_F(CaseEditorUi, AFieldTheLintFaultsIsMarkedUnderIt) {
    click("editor/outline/nodes/0");
    // A scene that leads to a node the case does not have: an error on its own "next" field.
    ASSERT_TRUE(apply(app::EditCase{{{CaseEdit::Op::Set, CaseFile::Scenario, "/nodes/0/next", "nowhere"}}, "Dangle", false, {}}));
    lint();
    ui::setProbeTextLog(&drawn);
    frames(2);
    ui::setProbeTextLog(nullptr);
    bool found = false, marked = false;
    for (const auto& d : editor().diagnostics)
        if (d.pointer == "/nodes/0/next" && d.severity == Severity::Error) {
            found = true;
            marked |= std::find(drawn.begin(), drawn.end(), "Error: " + d.message) != drawn.end();
        }
    ASSERT_TRUE(found) << "the lint names the dangling \"next\"";
    EXPECT_TRUE(marked) << "the error is shown under its field";
}

TEST_F(CaseEditorUi, TheGridShowsEachRolesOptionsAndOpensTheDecision) {
    click("editor/view/grid");
    frames(2);
    ASSERT_TRUE(visible("editor/grid/nodes/1/class_teacher"));
    click("editor/grid/nodes/2/social_worker");
    EXPECT_EQ(editor().selected, "/nodes/2");
    frames(2);
    EXPECT_TRUE(visible("editor/field/nodes/2/title"));
}

// Tab from a text field goes on to the next control of the form, as in any form; it never jumps out
// to the header's buttons.
TEST_F(CaseEditorUi, TabFromATextFieldGoesToTheNextControlOfTheForm) {
    click("editor/outline/nodes/1");
    frames(2);
    click("editor/field/nodes/1/title");
    type("!");
    pressKey(kGlfwKeyTab);
    frames(2);
    const ImGuiContext& g = *ImGui::GetCurrentContext();
    EXPECT_EQ(g.ActiveId, 0u) << "the title is no longer being edited";
    EXPECT_FALSE(g.NavDisableHighlight) << "the ring shows where the keys are";
    std::string focused;
    for (const auto& [name, r] : probes)
        if (r.id != 0 && r.id == g.NavId) focused = name;
    EXPECT_EQ(focused.rfind("editor/field/nodes/1/situation", 0), 0u) << "the ring is on the field after the title, not on \""
                                                                      << focused << "\"";
    EXPECT_NE(editor().doc.scenario["nodes"][1]["title"].get<std::string>().find('!'), std::string::npos) << "the text typed is kept";
}

// Esc in a text field leaves the field (keeping the text), and only the field: the editor stays open.
TEST_F(CaseEditorUi, EscInAMultiLineFieldLeavesTheFieldNotTheEditor) {
    click("editor/outline/case");
    frames(2);
    ASSERT_TRUE(visible("editor/field/case_summary"));
    click("editor/field/case_summary");
    type(" More.");
    pressKey(kGlfwKeyEscape);
    frames(3);
    EXPECT_EQ(model.screen, app::Screen::CaseEditor);
    EXPECT_EQ(ImGui::GetCurrentContext()->ActiveId, 0u);
    EXPECT_NE(editor().doc.scenario["case_summary"].get<std::string>().find("More."), std::string::npos);
}

TEST_F(CaseEditorUi, EscAfterALongTextInASituationLeavesOnlyTheField) {
    click("editor/outline/nodes/1");
    frames(2);
    const std::string field = "editor/field/nodes/1/situation/default";
    ASSERT_TRUE(visible(field));
    click(field);
    selectAllAndDelete();
    type("It is October. For the third Monday running Maya arrives with an empty lunchbox and eats nothing until the school meal.");
    pressKey(kGlfwKeyEscape);
    frames(3);
    EXPECT_EQ(model.screen, app::Screen::CaseEditor);
}

// A short text grows past the length that makes it a several-line box while it is typed: the field
// keeps its kind until it is left, so the caret stays at the end and the text reads as typed.
TEST_F(CaseEditorUi, ATextTypedPastTheLongTextLengthStaysInOrder) {
    click("editor/outline/nodes/1");
    frames(2);
    const std::string field = "editor/field/nodes/1/title";
    click(field);
    selectAllAndDelete();
    const std::string typed = "At snack time Maya watches the others eat and says she forgot her food again today.";
    type(typed);
    pressKey(kGlfwKeyEscape);
    frames(2);
    EXPECT_EQ(editor().doc.scenario["nodes"][1]["title"], typed);
}

// Authoring review 13: the map's shorter name for a cast member is said under the name, as it is typed.
TEST_F(CaseEditorUi, ACastNameSaysWhatTheMapWillCallIt) {
    click("editor/outline/cast/1");
    frames(2);
    EXPECT_FALSE(visible("editor/map-name/cast/1/name")) << "\"Oak Primary\" shows whole on the map: nothing to say";
    ASSERT_TRUE(apply(app::EditCase{{{CaseEdit::Op::Set, CaseFile::Scenario, "/cast/1/name", "Mr Jones, Sam's class teacher"}},
                                    "Rename", false, {}}));
    ui::setProbeTextLog(&drawn);
    frames(2);
    ui::setProbeTextLog(nullptr);
    EXPECT_TRUE(visible("editor/map-name/cast/1/name"));
    EXPECT_NE(std::find(drawn.begin(), drawn.end(), "On the map: Class teacher  (the whole name shows when pointed at)"), drawn.end());
}

// A condition's flag, and an option's flags to set or clear, are picked from the case's flags; a
// condition also offers "!flag" (must not be set).
TEST_F(CaseEditorUi, FlagsArePickedFromTheCasesFlags) {
    click("editor/outline/nodes/2");
    frames(1);
    click("editor/item/nodes/2/options/0");
    frames(1);
    const std::string field = "/nodes/2/options/0/when/flags/0";
    ASSERT_TRUE(visible("editor/field" + field));
    click("editor/field" + field);
    frames(1);
    click("editor/choice" + field + "/!referred");
    EXPECT_EQ(editor().doc.scenario["nodes"][2]["options"][0]["when"]["flags"][0], "!referred");
}

TEST_F(CaseEditorUi, PlayFromHereAsksForTheSaveThenThePlay) {
    click("editor/outline/nodes/2");
    clearEffects();
    click("editor/play");
    EXPECT_EQ(model.screen, app::Screen::Play) << "no edits: the saved case plays at once";
    ASSERT_TRUE(model.session);
    EXPECT_EQ(model.session->current().node, "d2");
}

} // namespace
} // namespace wp::test
