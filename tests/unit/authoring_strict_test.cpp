// Issue 14: the mistakes trainers make in a text editor get the real cause and the fix in plain words
// (no parser jargon), at the right line; and the format's additions (OR conditions, narratives that
// reveal facts, per-case role labels, endings for some roles) behave as the guide says.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_support.h"
#include "wholepicture/core/analysis.h"
#include "wholepicture/core/debrief.h"
#include "wholepicture/core/json_file.h"
#include "wholepicture/core/map_layout.h"
#include "wholepicture/core/runner.h"

using namespace wp;
using nlohmann::json;

namespace {

// Parses `text` and returns the one error it must give.
Diagnostic syntaxError(const std::string& text) {
    Diagnostics diags;
    auto f = parseJsonText(text, "scenario.json", diags);
    EXPECT_FALSE(f.has_value());
    EXPECT_EQ(diags.size(), 1u) << test::all(diags);
    return diags.empty() ? Diagnostic{} : diags.front();
}

void expectNoJargon(const std::string& message) {
    for (const char* jargon : {"syntax error while parsing", "invalid literal", "last read", "parse_error",
                               "unexpected '", "expected '"})
        EXPECT_EQ(message.find(jargon), std::string::npos) << "parser jargon \"" << jargon << "\" in: " << message;
}

TEST(PlainSyntaxMessages, StraightQuotesInsideAText) {
    std::string text = "{\n  \"title\": \"Ok\",\n  \"text\": \"Amira says \"OK\" and leaves.\"\n}\n";
    Diagnostic d = syntaxError(text);
    EXPECT_EQ(d.line, 3);
    EXPECT_NE(d.message.find("a straight double quote (\") inside a text ends the text too early"), std::string::npos)
        << d.message;
    EXPECT_NE(d.message.find("\\\""), std::string::npos) << "the fix (write \\\") is named: " << d.message;
    expectNoJargon(d.message);
}

TEST(PlainSyntaxMessages, CurlyQuoteClosingAText) {
    std::string text = "{\n  \"title\": \"Sam at school\xe2\x80\x9d,\n  \"start\": \"intro\"\n}\n";
    Diagnostic d = syntaxError(text);
    EXPECT_EQ(d.line, 2);
    EXPECT_EQ(d.column, 26) << "points at the curly quote";
    EXPECT_NE(d.message.find("closes with a curly quote"), std::string::npos) << d.message;
    EXPECT_NE(d.message.find("type a straight \" in place of the curly one"), std::string::npos) << d.message;
    EXPECT_EQ(d.message.find("runs past the end of its line: close it"), std::string::npos) << d.message;
    expectNoJargon(d.message);
}

TEST(PlainSyntaxMessages, TabInsideAText) {
    std::string text = "{\n  \"title\": \"Sam\tat school\"\n}\n";
    Diagnostic d = syntaxError(text);
    EXPECT_EQ(d.line, 2);
    EXPECT_NE(d.message.find("a tab is typed inside this text"), std::string::npos) << d.message;
    EXPECT_NE(d.message.find("replace the tab with spaces"), std::string::npos) << d.message;
    EXPECT_EQ(d.message.find("line break"), std::string::npos) << "not the line-break diagnosis: " << d.message;
    expectNoJargon(d.message);
}

TEST(PlainSyntaxMessages, MissingClosingBraceMidFile) {
    std::string text = "{\n  \"options\": [\n    { \"id\": \"a\", \"next\": \"x\"\n    ,\n    { \"id\": \"b\", \"next\": \"y\" }\n  ]\n}\n";
    Diagnostic d = syntaxError(text);
    EXPECT_EQ(d.line, 3) << "at the end of the object that lacks its }";
    EXPECT_NE(d.message.find("a } is missing here"), std::string::npos) << d.message;
    EXPECT_NE(d.message.find("opens on line 3"), std::string::npos) << d.message;
    expectNoJargon(d.message);
}

TEST(PlainSyntaxMessages, MissingClosingBraceBeforeABracket) {
    std::string text = "{\n  \"options\": [\n    { \"id\": \"a\", \"next\": \"x\"\n  ]\n}\n";
    Diagnostic d = syntaxError(text);
    EXPECT_NE(d.message.find("a } is missing here"), std::string::npos) << d.message;
    EXPECT_NE(d.message.find("opens on line 3"), std::string::npos) << d.message;
    expectNoJargon(d.message);
}

TEST(PlainSyntaxMessages, MissingClosingBraceAtTheEnd) {
    std::string text = "{\n  \"child\": {\n    \"name\": \"Sam\"\n  ,\n  \"start\": \"intro\"\n";
    Diagnostic d = syntaxError(text);
    EXPECT_FALSE(d.message.empty());
    expectNoJargon(d.message);
}

TEST(PlainSyntaxMessages, Utf16FileWithByteOrderMark) {
    std::string utf8 = "{\n  \"title\": \"Sam\"\n}\n";
    std::string utf16 = "\xff\xfe";
    for (char c : utf8) {
        utf16 += c;
        utf16 += '\0';
    }
    Diagnostic d = syntaxError(utf16);
    EXPECT_NE(d.message.find("saved as UTF-16"), std::string::npos) << d.message;
    EXPECT_NE(d.message.find("save it again with the encoding UTF-8"), std::string::npos) << d.message;
    EXPECT_EQ(d.message.find("Windows-1252"), std::string::npos) << "not the Windows-1252 diagnosis: " << d.message;
    EXPECT_EQ(d.message.find("binary"), std::string::npos) << d.message;
}

TEST(PlainSyntaxMessages, Utf16BigEndianWithoutByteOrderMark) {
    std::string utf8 = "{\n  \"title\": \"Sam\",\n  \"start\": \"intro\"\n}\n";
    std::string utf16;
    for (char c : utf8) {
        utf16 += '\0';
        utf16 += c;
    }
    Diagnostic d = syntaxError(utf16);
    EXPECT_NE(d.message.find("saved as UTF-16"), std::string::npos) << d.message;
}

TEST(PlainSyntaxMessages, MissingCommaStillSaysComma) {
    Diagnostic d = syntaxError("{\n  \"a\": \"x\"\n  \"b\": \"y\"\n}\n");
    EXPECT_NE(d.message.find("a comma is missing here"), std::string::npos) << d.message;
}

// --- The format's additions, on the mini fixture.

json readJson(const std::filesystem::path& p) {
    std::ifstream in(p);
    return json::parse(in);
}

struct MiniCopy {
    test::Scratch scratch;
    json plugin, scenario;
    explicit MiniCopy(const std::string& name) : scratch("strict_" + name) {
        std::filesystem::copy(test::fixtures() / "plugins" / "mini", scratch.dir, std::filesystem::copy_options::recursive);
        plugin = readJson(scratch.dir / "plugin.json");
        scenario = readJson(scratch.dir / "scenario.json");
    }
    ScenarioPlugin load() {
        test::writeText(scratch.dir / "plugin.json", plugin.dump(2));
        test::writeText(scratch.dir / "scenario.json", scenario.dump(2));
        return loadPlugin(scratch.dir, test::knowledgeBase());
    }
};

TEST(UnknownKeys, PointAtTheKeyItselfWithDidYouMean) {
    MiniCopy c("whne");
    c.scenario["nodes"][2]["options"][0]["whne"] = {{"flags", {"referred"}}};
    ScenarioPlugin p = c.load();
    EXPECT_FALSE(p.usable());
    const Diagnostic* found = nullptr;
    for (const auto& d : p.diagnostics)
        if (d.pointer == "/nodes/2/options/0/whne") found = &d;
    ASSERT_NE(found, nullptr) << test::all(p.diagnostics);
    EXPECT_NE(found->message.find("did you mean \"when\"?"), std::string::npos) << found->message;
    // The line and column are those of "whne" itself (its value starts on the next line in this layout).
    std::istringstream lines(test::readBytes(c.scratch.dir / "scenario.json"));
    std::string line;
    for (int i = 0; i < found->line; ++i) std::getline(lines, line);
    ASSERT_GE(line.size(), static_cast<size_t>(found->column));
    EXPECT_EQ(line.substr(static_cast<size_t>(found->column - 1), 6), "\"whne\"") << line;
    // The diagnostic carries that line's text, trimmed, for the Problems tab (review 14).
    const size_t indent = line.find_first_not_of(' ');
    EXPECT_EQ(found->sourceLine, line.substr(indent)) << found->sourceLine;
}

// Authoring review 13: the map shortens names without notice. The lint names a name the map may cut,
// with the short form it would show; a long part in brackets is left out on the map, so it is fine.
TEST(MapNames, ANameTheMapMayCutIsWarnedWithWhatTheMapShows) {
    MiniCopy c("mapname");
    c.scenario["cast"][1]["name"] = "Oak Primary School and its nursery class on the other side of the town";
    c.scenario["cast"][2]["name"] = "Children's social care (the council's assessment team for the north of the town)";
    ScenarioPlugin p = c.load();
    const Diagnostic* cut = nullptr;
    for (const auto& d : p.diagnostics) {
        EXPECT_NE(d.pointer, "/cast/2/name") << "a long part in brackets is not shown on the map: " << d.message;
        if (d.pointer == "/cast/1/name") cut = &d;
    }
    ASSERT_NE(cut, nullptr) << test::all(p.diagnostics);
    EXPECT_EQ(cut->severity, Severity::Warning);
    EXPECT_NE(cut->message.find("the map shows this member as \"Oak Primary School and its nursery class"), std::string::npos)
        << cut->message;
    EXPECT_EQ(mapShortName("Children's social care (the council's assessment team for the north of the town)", "Sam"),
              "Children's social care");
}

TEST(MapNames, NoBundledCaseHasANameTheMapMayCut) {
    for (const char* id : {"peter", "james", "tina"}) {
        const ScenarioPlugin p = loadPlugin(test::sourceDir() / "plugins" / id, test::knowledgeBase());
        ASSERT_TRUE(p.scenario) << id;
        for (const auto& member : p.scenario->cast)
            EXPECT_LE(mapShortName(member.name, p.scenario->childName).size(), kMapNameFits) << id << ": " << member.name;
    }
}

TEST(SourceLines, AreTrimmedCutAroundTheOffsetAndNeverSplitACharacter) {
    EXPECT_EQ(sourceLineAt("{\n    \"whne\": 1,\n}", 6), "\"whne\": 1,");
    EXPECT_EQ(sourceLineAt("\t\"a\":\t1\r\n", 2), "\"a\": 1");
    EXPECT_EQ(sourceLineAt("", 0), "");
    EXPECT_EQ(sourceLineAt("{\n\n}", 2), ""); // an empty line says nothing
    // A minified file is one long line: only the part around the offset, with ellipses at the cuts.
    std::string longLine(1000, 'a');
    longLine.replace(500, 6, "\"whne\"");
    const std::string cut = sourceLineAt(longLine, 500);
    EXPECT_LT(cut.size(), 340u);
    EXPECT_EQ(cut.rfind("\xE2\x80\xA6", 0), 0u);
    EXPECT_NE(cut.find("\"whne\""), std::string::npos);
    // A cut that would fall inside a two-byte character (é) steps past it.
    std::string accents;
    for (int i = 0; i < 300; ++i) accents += "\xC3\xA9";
    const std::string accented = sourceLineAt(accents, 301);
    EXPECT_EQ(firstInvalidUtf8(accented), std::string::npos) << accented;
    // Bytes that are not UTF-8 are not shown (the diagnostic's message names them instead).
    EXPECT_EQ(sourceLineAt("\"caf\x92\"", 2), "");
}

TEST(SourceLines, ASyntaxErrorShowsTheLineAtFault) {
    Diagnostics diags;
    const auto f = parseJsonText("{\n  \"title\": \"Peter\n}\n", "scenario.json", diags);
    EXPECT_FALSE(f);
    ASSERT_FALSE(diags.empty());
    EXPECT_EQ(diags[0].sourceLine, "\"title\": \"Peter") << formatDiagnostic(diags[0]);
}

TEST(FormatAdditions, HistoricalOnAnOptionIsAccepted) {
    MiniCopy c("historical");
    c.scenario["nodes"][1]["options"][1]["historical"] = true;
    ScenarioPlugin p = c.load();
    ASSERT_TRUE(p.usable()) << test::all(p.diagnostics);
    EXPECT_TRUE(p.scenario->node("d1")->options[1].historical);
    EXPECT_FALSE(p.scenario->node("d1")->options[0].historical);
}

TEST(FormatAdditions, AnyConditionHoldsWhenOneAlternativeHolds) {
    MiniCopy c("any");
    // "challenge" is offered if the teacher referred OR the teacher knows about the missed GP visits.
    c.scenario["nodes"][2]["options"][0]["when"] = {
        {"any", {{{"flags", {"referred"}}}, {{"knows", {{{"role", "class_teacher"}, {"fact", "missed_gp"}}}}}}}};
    ScenarioPlugin p = c.load();
    ASSERT_TRUE(p.usable()) << test::all(p.diagnostics);
    const Condition& w = p.scenario->node("d2")->options[0].when;
    ASSERT_EQ(w.any.size(), 2u);
    RunState st = startRun(*p.scenario, "class_teacher");
    EXPECT_FALSE(conditionHolds(w, st));
    st.flags.insert("referred");
    EXPECT_TRUE(conditionHolds(w, st));
    st.flags.clear();
    st.known["class_teacher"].insert("missed_gp");
    EXPECT_TRUE(conditionHolds(w, st));
    // The analysis agrees: the option is reachable (via "tell", which sets referred) but not after "wait".
    RoleAnalysis a = analyseRole(*p.scenario, "class_teacher");
    EXPECT_TRUE(a.reachableOptions.count({"d2", "challenge"}));
}

TEST(FormatAdditions, NarrativeRevealsAFact) {
    MiniCopy c("reveals");
    c.scenario["nodes"][0]["reveals"] = {{{"fact", "hungry"}, {"to", {"social_worker"}}}};
    c.scenario["nodes"][1]["options"][2]["effects"].erase("share"); // only the narrative tells the social worker now
    c.scenario["nodes"][2]["options"][2]["when"] = {{"knows", {{{"role", "social_worker"}, {"fact", "hungry"}}}}};
    ScenarioPlugin p = c.load();
    ASSERT_TRUE(p.usable()) << test::all(p.diagnostics);
    RunState st = startRun(*p.scenario, "social_worker");
    EXPECT_FALSE(knows(st, "social_worker", "hungry"));
    std::string error;
    auto next = proceed(*p.scenario, st, 0, &error);
    ASSERT_TRUE(next) << error;
    EXPECT_TRUE(knows(*next, "social_worker", "hungry"));
    // "check_gp" is gated on the social worker knowing, and only the narrative tells them: the analysis
    // (and so the lint) sees the reveal.
    RoleAnalysis a = analyseRole(*p.scenario, "social_worker");
    EXPECT_TRUE(a.reachableOptions.count({"d2", "check_gp"}));
    c.scenario["nodes"][0].erase("reveals");
    ScenarioPlugin q = c.load();
    EXPECT_NE(test::all(q.diagnostics).find("option \"check_gp\" of \"d2\" is never available"), std::string::npos)
        << test::all(q.diagnostics);
}

TEST(FormatAdditions, RoleLabelsNameTheRoleForThisCase) {
    MiniCopy c("labels");
    c.scenario["role_labels"] = {{"class_teacher", "Form tutor"}};
    ScenarioPlugin p = c.load();
    ASSERT_TRUE(p.usable()) << test::all(p.diagnostics);
    EXPECT_EQ(roleLabel(*p.scenario, test::knowledgeBase(), "class_teacher"), "Form tutor");
    EXPECT_EQ(roleLabel(*p.scenario, test::knowledgeBase(), "social_worker"), test::knowledgeBase().roleName("social_worker"));
    // The plugin form used by the role screen: the label, the catalogue's short name without one, and no
    // crash without a usable case.
    EXPECT_EQ(roleLabel(&p, test::knowledgeBase(), "class_teacher", true), "Form tutor");
    EXPECT_EQ(roleLabel(&p, test::knowledgeBase(), "social_worker", true), test::knowledgeBase().roleShort("social_worker"));
    EXPECT_EQ(roleLabel(static_cast<const ScenarioPlugin*>(nullptr), test::knowledgeBase(), "class_teacher"),
              test::knowledgeBase().roleName("class_teacher"));
    // The debrief names the role by its label too.
    Session session = startSession(*p.scenario, p.manifest, "class_teacher", 0);
    EXPECT_EQ(buildDebrief(*p.scenario, p.manifest, test::knowledgeBase(), session).roleName, "Form tutor");
}

TEST(FormatAdditions, EndingForSomeRolesIsNotRequiredOfOthers) {
    MiniCopy c("ending_roles");
    // poor_end only for the social worker: the teacher's route there goes to good_end instead.
    c.scenario["nodes"][4]["roles"] = {"social_worker"};
    for (auto& o : c.scenario["nodes"][2]["options"])
        if (o["roles"][0] == "class_teacher") o["next"] = "good_end";
    ScenarioPlugin p = c.load();
    EXPECT_TRUE(p.usable()) << test::all(p.diagnostics);
    for (const auto& d : p.diagnostics) EXPECT_EQ(d.message.find("poor_end"), std::string::npos) << formatDiagnostic(d);
    // Without the declaration the same case is an error for the teacher.
    c.scenario["nodes"][4].erase("roles");
    ScenarioPlugin q = c.load();
    EXPECT_FALSE(q.usable());
    EXPECT_NE(test::all(q.diagnostics).find("ending \"poor_end\" cannot be reached when playing as class_teacher"),
              std::string::npos)
        << test::all(q.diagnostics);
}

TEST(FormatAdditions, LibraryWordingSaysWhenCasesAreInvented) {
    auto plugin = [](bool invented) {
        ScenarioPlugin p;
        p.manifest.invented = invented;
        p.scenario = std::make_shared<const Scenario>();
        return p;
    };
    EXPECT_NE(libraryIntroduction({plugin(false), plugin(false)}).find("Each case follows a real, published case review"),
              std::string::npos);
    std::string invented = libraryIntroduction({plugin(true)});
    EXPECT_EQ(invented.find("real, published case review."), std::string::npos) << invented;
    EXPECT_NE(invented.find("invented for training"), std::string::npos) << invented;
    std::string mixed = libraryIntroduction({plugin(false), plugin(true)});
    EXPECT_EQ(mixed.find("Each case follows"), std::string::npos) << mixed;
    EXPECT_NE(mixed.find("invented for training"), std::string::npos) << mixed;
}

} // namespace
