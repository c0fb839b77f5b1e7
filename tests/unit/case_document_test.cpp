// The case editor's document: the layout it saves in, edits and their inverses, undo and redo, the draft
// linted from memory, and the format guide read from the JSON Schemas (issue 14 item 3).
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "test_support.h"
#include "wholepicture/core/case_document.h"
#include "wholepicture/core/case_scaffold.h"
#include "wholepicture/core/case_templates.h"
#include "wholepicture/core/format_guide.h"
#include "wholepicture/core/loader.h"

namespace wp {
namespace {
using namespace wp::test;

std::string readAll(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream s(text);
    for (std::string line; std::getline(s, line);) out.push_back(line);
    return out;
}

// Lines of `b` not at the same place in `a` (the two have the same length).
size_t changedLines(const std::string& a, const std::string& b) {
    auto la = lines(a), lb = lines(b);
    if (la.size() != lb.size()) return static_cast<size_t>(-1);
    size_t changed = 0;
    for (size_t i = 0; i < la.size(); ++i) changed += la[i] != lb[i];
    return changed;
}

CaseDocument peterDocument() {
    Diagnostics diags;
    auto doc = readCaseDocument(sourceDir() / "plugins" / "peter", diags);
    EXPECT_TRUE(doc) << (diags.empty() ? "" : formatDiagnostic(diags.front()));
    return doc ? *doc : CaseDocument{};
}

size_t firstDecision(const CaseDocument& doc) {
    const auto& nodes = doc.scenario["nodes"];
    for (size_t i = 0; i < nodes.size(); ++i)
        if (nodes[i].value("type", "") == "decision") return i;
    ADD_FAILURE() << "no decision node";
    return 0;
}

TEST(CaseDocument, EveryBundledCaseIsAlreadyInTheEditorsLayoutSoSavingUnchangedRewritesNothing) {
    for (const char* id : {"peter", "james", "tina"}) {
        const auto dir = sourceDir() / "plugins" / id;
        Diagnostics diags;
        auto doc = readCaseDocument(dir, diags);
        ASSERT_TRUE(doc) << id;
        EXPECT_EQ(canonicalJsonText(doc->manifest), readAll(dir / "plugin.json")) << id;
        EXPECT_EQ(canonicalJsonText(doc->scenario), readAll(dir / doc->entry)) << id;
    }
}

TEST(CaseDocument, OneWordEditIsAOneLineDiffAndUndoGivesTheFileBackByteForByte) {
    CaseDocument doc = peterDocument();
    const std::string before = canonicalJsonText(doc.scenario);
    CaseEditHistory history;
    const std::string pointer = "/nodes/" + std::to_string(firstDecision(doc)) + "/title";
    ASSERT_TRUE(performCaseEdits(doc, history, {{CaseEdit::Op::Set, CaseFile::Scenario, pointer, "Renamed"}}, "Edit title"));
    const std::string after = canonicalJsonText(doc.scenario);
    EXPECT_EQ(changedLines(before, after), 1u);
    EXPECT_TRUE(history.dirty());
    ASSERT_TRUE(undoCaseEdit(doc, history));
    EXPECT_EQ(canonicalJsonText(doc.scenario), before);
    EXPECT_FALSE(history.dirty());
    ASSERT_TRUE(redoCaseEdit(doc, history));
    EXPECT_EQ(canonicalJsonText(doc.scenario), after);
}

TEST(CaseDocument, TypingInOneFieldIsOneUndoStepUntilTheFieldIsLeft) {
    CaseDocument doc = peterDocument();
    CaseEditHistory history;
    const std::string pointer = "/title";
    const std::string original = doc.scenario["title"];
    for (const char* text : {"P", "Pe", "Pet", "Pete"})
        ASSERT_TRUE(performCaseEdits(doc, history, {{CaseEdit::Op::Set, CaseFile::Scenario, pointer, text}}, "Edit title", true));
    EXPECT_EQ(history.undo.size(), 1u);
    history.endTyping();
    ASSERT_TRUE(performCaseEdits(doc, history, {{CaseEdit::Op::Set, CaseFile::Scenario, pointer, "Peter"}}, "Edit title", true));
    EXPECT_EQ(history.undo.size(), 2u);
    ASSERT_TRUE(undoCaseEdit(doc, history));
    EXPECT_EQ(doc.scenario["title"], "Pete");
    ASSERT_TRUE(undoCaseEdit(doc, history));
    EXPECT_EQ(doc.scenario["title"], original);
    EXPECT_FALSE(undoCaseEdit(doc, history));
}

TEST(CaseDocument, RemovingAKeyAndUndoingPutsItBackInItsPlace) {
    CaseDocument doc = peterDocument();
    const std::string before = canonicalJsonText(doc.scenario);
    CaseEditHistory history;
    ASSERT_TRUE(performCaseEdits(doc, history, {{CaseEdit::Op::Remove, CaseFile::Scenario, "/case_summary"}}, "Delete"));
    EXPECT_FALSE(doc.scenario.contains("case_summary"));
    ASSERT_TRUE(undoCaseEdit(doc, history));
    EXPECT_EQ(canonicalJsonText(doc.scenario), before);
}

TEST(CaseDocument, InsertMoveAndRemoveInAListAreUndoneInOrder) {
    CaseDocument doc = peterDocument();
    const std::string before = canonicalJsonText(doc.scenario);
    const size_t stages = doc.scenario["stages"].size();
    CaseEditHistory history;
    OrderedJson stage = {{"id", "s_new"}, {"title", "A new stage"}};
    ASSERT_TRUE(performCaseEdits(doc, history, {{CaseEdit::Op::Insert, CaseFile::Scenario, "/stages/0", stage}}, "Add stage"));
    EXPECT_EQ(doc.scenario["stages"][0]["id"], "s_new");
    ASSERT_TRUE(performCaseEdits(doc, history, {{CaseEdit::Op::Move, CaseFile::Scenario, "/stages/0", {}, stages}}, "Move stage"));
    EXPECT_EQ(doc.scenario["stages"][stages]["id"], "s_new");
    ASSERT_TRUE(performCaseEdits(doc, history, {{CaseEdit::Op::Insert, CaseFile::Scenario, "/stages/-", stage}}, "Add stage"));
    EXPECT_EQ(doc.scenario["stages"].size(), stages + 2);
    ASSERT_TRUE(performCaseEdits(doc, history, {{CaseEdit::Op::Remove, CaseFile::Scenario, "/stages/1"}}, "Delete stage"));
    while (undoCaseEdit(doc, history)) {
    }
    EXPECT_EQ(canonicalJsonText(doc.scenario), before);
}

TEST(CaseDocument, AStepThatFailsHalfwayLeavesTheDocumentAsItWas) {
    CaseDocument doc = peterDocument();
    const std::string before = canonicalJsonText(doc.scenario);
    CaseEditHistory history;
    std::string problem;
    EXPECT_FALSE(performCaseEdits(doc, history,
                                  {{CaseEdit::Op::Set, CaseFile::Scenario, "/title", "Changed"},
                                   {CaseEdit::Op::Remove, CaseFile::Scenario, "/nodes/9999"}},
                                  "Two edits", false, &problem));
    EXPECT_NE(problem.find("/nodes/9999"), std::string::npos) << problem;
    EXPECT_NE(problem.find("names nothing"), std::string::npos) << problem;
    EXPECT_EQ(canonicalJsonText(doc.scenario), before);
    EXPECT_TRUE(history.undo.empty());
}

TEST(CaseDocument, PointersWithEscapedKeysAndBadPointersAreHandled) {
    CaseDocument doc = peterDocument();
    CaseEditHistory history;
    ASSERT_TRUE(performCaseEdits(doc, history, {{CaseEdit::Op::Set, CaseFile::Scenario, "/_comment", "a/b~c"}}, "Comment"));
    ASSERT_TRUE(performCaseEdits(doc, history,
                                 {{CaseEdit::Op::Set, CaseFile::Scenario, childPointer("", std::string("odd/key~")), 1}}, "Odd"));
    EXPECT_EQ(doc.scenario["odd/key~"], 1);
    EXPECT_EQ(lastToken(childPointer("/x", std::string("odd/key~"))), "odd/key~");
    std::string problem;
    EXPECT_FALSE(performCaseEdits(doc, history, {{CaseEdit::Op::Set, CaseFile::Scenario, "nodes", 1}}, "Bad", false, &problem));
    EXPECT_FALSE(performCaseEdits(doc, history, {{CaseEdit::Op::Move, CaseFile::Scenario, "/stages/0", {}, 999}}, "Bad", false, &problem));
    EXPECT_NE(problem.find("no place 999"), std::string::npos) << problem;
}

TEST(CaseDocument, NewIdsAreUnusedInTheirList) {
    CaseDocument doc = peterDocument();
    const std::string taken = doc.scenario["stages"][0]["id"];
    EXPECT_EQ(unusedId(doc.scenario, "/stages", "brand_new"), "brand_new");
    EXPECT_EQ(unusedId(doc.scenario, "/stages", taken), taken + "_2");
}

TEST(CaseDocument, ASyntaxErrorIsRefusedWithTheFileAndLine) {
    Diagnostics diags;
    auto doc = caseDocumentFromTexts("/tmp/case", R"({"id": "x", "entry": ["scenario.json"]})", "{\n  \"title\": \"A\"\n  \"nodes\": []\n}",
                                     diags);
    EXPECT_FALSE(doc);
    ASSERT_FALSE(diags.empty());
    EXPECT_NE(diags.front().file.find("scenario.json"), std::string::npos);
    EXPECT_EQ(diags.front().line, 2);
}

TEST(CaseDocument, TheDraftIsLintedFromMemoryWithTheSameFindingsAsTheFiles) {
    const auto dir = sourceDir() / "plugins" / "peter";
    CaseDocument doc = peterDocument();
    ScenarioPlugin fromFiles = loadPlugin(dir, knowledgeBase());
    ScenarioPlugin fromDraft =
        loadPluginFromTexts(dir, canonicalJsonText(doc.manifest), canonicalJsonText(doc.scenario), knowledgeBase());
    ASSERT_TRUE(fromDraft.scenario);
    EXPECT_EQ(fromDraft.diagnostics.size(), fromFiles.diagnostics.size());

    // A misspelt key typed into the draft is an error at its place, before anything is saved.
    CaseEditHistory history;
    const std::string node = "/nodes/" + std::to_string(firstDecision(doc));
    ASSERT_TRUE(performCaseEdits(doc, history, {{CaseEdit::Op::Set, CaseFile::Scenario, node + "/whne", "x"}}, "Typo"));
    ScenarioPlugin broken =
        loadPluginFromTexts(dir, canonicalJsonText(doc.manifest), canonicalJsonText(doc.scenario), knowledgeBase());
    EXPECT_FALSE(broken.scenario);
    bool found = false;
    for (const auto& d : broken.diagnostics)
        if (d.severity == Severity::Error && d.pointer == node + "/whne" && d.line > 0) found = true;
    EXPECT_TRUE(found);
}

FormatGuide scenarioGuide() {
    Diagnostics diags;
    auto guide = loadFormatGuide(sourceDir() / "content" / "schema" / "scenario.schema.json", diags);
    EXPECT_TRUE(guide);
    return guide ? *guide : FormatGuide{};
}

TEST(FormatGuide, ANodesTypeDecidesWhichFieldsItMayHave) {
    FormatGuide guide = scenarioGuide();
    CaseDocument doc = peterDocument();
    const std::string decision = "/nodes/" + std::to_string(firstDecision(doc));
    FieldGuide g = guide.at(doc.scenario, decision);
    EXPECT_TRUE(g.known);
    EXPECT_EQ(g.kind, "node");
    auto has = [](const FieldGuide& f, const std::string& key) {
        return std::find(f.properties.begin(), f.properties.end(), key) != f.properties.end();
    };
    EXPECT_TRUE(has(g, "situation"));
    EXPECT_TRUE(has(g, "options"));
    EXPECT_FALSE(has(g, "reveals"));
    EXPECT_FALSE(has(g, "_comment"));

    const auto& nodes = doc.scenario["nodes"];
    for (size_t i = 0; i < nodes.size(); ++i)
        if (nodes[i].value("type", "") == "narrative") {
            FieldGuide n = guide.at(doc.scenario, "/nodes/" + std::to_string(i));
            EXPECT_TRUE(has(n, "reveals"));
            EXPECT_FALSE(has(n, "options"));
            break;
        }

    FieldGuide feedback = guide.at(doc.scenario, decision + "/options/0/feedback");
    EXPECT_EQ(feedback.kind, "feedback");
    EXPECT_TRUE(has(feedback, "outcome"));
    FieldGuide roles = guide.at(doc.scenario, decision + "/options/0/roles");
    EXPECT_EQ(roles.title, "Roles");
    EXPECT_TRUE(roles.array);
    FieldGuide cite = guide.at(doc.scenario, decision + "/options/0/feedback/guidance/0/ref");
    EXPECT_NE(std::find(cite.enumValues.begin(), cite.enumValues.end(), "wt_2023"), cite.enumValues.end());
    FieldGuide type = guide.at(doc.scenario, decision + "/type");
    EXPECT_EQ(type.enumValues, std::vector<std::string>{"decision"});
    EXPECT_FALSE(guide.at(doc.scenario, "/no_such_key").known);
}

TEST(FormatGuide, AFieldAddedByTheEditorLandsWhereTheGuideWouldWriteIt) {
    FormatGuide guide = scenarioGuide();
    OrderedJson node = {{"id", "d1"}, {"stage", "s1"}, {"type", "decision"}, {"situation", "x"}, {"options", OrderedJson::array()}};
    OrderedJson root = {{"nodes", OrderedJson::array({node})}};
    FieldGuide g = guide.at(root, "/nodes/0");
    // "title" comes between "stage" and "type" in the schema's order; "question" after "situation".
    EXPECT_EQ(FormatGuide::keyPosition(node, g, "title"), 2u);
    EXPECT_EQ(FormatGuide::keyPosition(node, g, "question"), 4u);
}

} // namespace
} // namespace wp

namespace wp {
namespace {
using namespace wp::test;

// Every template the editor adds has only fields the format defines, of the right types: inserted into a
// real case, the lint finds nothing wrong inside it except what a new item cannot yet have (a way in).
TEST(CaseTemplates, EveryNewItemHasOnlyFieldsTheFormatDefines) {
    const auto dir = sourceDir() / "plugins" / "peter";
    Diagnostics diags;
    auto doc = readCaseDocument(dir, diags);
    ASSERT_TRUE(doc);
    auto guide = loadFormatGuide(sourceDir() / "content" / "schema" / "scenario.schema.json", diags);
    ASSERT_TRUE(guide);
    CaseEditHistory history;
    std::vector<std::string> added;
    auto insert = [&](const std::string& list, OrderedJson item) {
        const OrderedJson* array = valueAt(doc->scenario, list);
        ASSERT_TRUE(array && array->is_array()) << list;
        added.push_back(childPointer(list, array->size()));
        ASSERT_TRUE(performCaseEdits(*doc, history, {{CaseEdit::Op::Insert, CaseFile::Scenario, list + "/-", std::move(item)}}, "Add"));
    };
    for (NewNodeKind kind : {NewNodeKind::Decision, NewNodeKind::Narrative, NewNodeKind::Ending})
        insert("/nodes", newNode(*doc, kind));
    for (const char* list : {"/stages", "/facts", "/flags", "/critical_actions", "/cast"})
        insert(list, newListItem(*doc, CaseFile::Scenario, list, &*guide));
    // An option added to the case's first decision.
    size_t decision = 0;
    while (doc->scenario["nodes"][decision].value("type", "") != "decision") ++decision;
    const std::string options = "/nodes/" + std::to_string(decision) + "/options";
    insert(options, newListItem(*doc, CaseFile::Scenario, options, &*guide));
    // A copy keeps its list's ids unique.
    const std::string copyOf = added.front();
    insert("/nodes", duplicateItem(*doc, CaseFile::Scenario, copyOf));
    EXPECT_NE(doc->scenario["nodes"].back()["id"], valueAt(doc->scenario, copyOf)->at("id"));

    ScenarioPlugin linted = loadPluginFromTexts(dir, canonicalJsonText(doc->manifest), canonicalJsonText(doc->scenario), knowledgeBase());
    for (const auto& d : linted.diagnostics) {
        const bool inside = std::any_of(added.begin(), added.end(), [&](const std::string& p) {
            return d.pointer == p || d.pointer.rfind(p + "/", 0) == 0;
        });
        if (!inside || d.severity != Severity::Error) continue;
        const bool expected = d.message.find("reach") != std::string::npos || d.message.find("never") != std::string::npos ||
                              d.message.find("unused") != std::string::npos;
        EXPECT_TRUE(expected) << formatDiagnostic(d);
    }
    EXPECT_EQ(newNode(*doc, NewNodeKind::Decision)["options"].size(), 2 * doc->manifest["roles"].size())
        << "two options for each playable role";
}

} // namespace
} // namespace wp

namespace {

// A new case is invented until its author says it is drawn from a real review: its content warning and
// the library never claim otherwise (authoring review 13).
TEST(CaseScaffoldOrigin, ANewCaseIsInventedUntilTheAuthorSaysOtherwise) {
    const wp::CaseScaffold scaffold = wp::buildCaseScaffold("maya_aged_10", {"class_teacher", "dsl"}, wp::test::knowledgeBase(), "", "");
    EXPECT_EQ(scaffold.manifest.value("invented", false), true);
    EXPECT_NE(scaffold.readme.find("`invented` starts as `true`"), std::string::npos);
}

} // namespace
