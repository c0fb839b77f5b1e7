#include <gtest/gtest.h>

#include <fstream>

#include "test_support.h"

using namespace wp;

namespace {

// Loads a broken fixture and returns its first error.
Diagnostic firstError(const std::string& name) {
    ScenarioPlugin p = test::loadFixture("broken/" + name);
    EXPECT_FALSE(p.usable()) << name << " should be refused";
    for (const auto& d : p.diagnostics)
        if (d.severity == Severity::Error) return d;
    ADD_FAILURE() << name << " produced no error";
    return {};
}

void expectError(const std::string& name, const std::string& fileEnd, int line, const std::string& pointer,
                 const std::string& phrase) {
    Diagnostic d = firstError(name);
    SCOPED_TRACE(formatDiagnostic(d));
    EXPECT_TRUE(d.file.size() >= fileEnd.size() && d.file.compare(d.file.size() - fileEnd.size(), fileEnd.size(), fileEnd) == 0);
    if (line > 0) {
        EXPECT_EQ(d.line, line);
    }
    EXPECT_GT(d.column, line > 0 ? 0 : -1);
    EXPECT_EQ(d.pointer, pointer);
    EXPECT_NE(d.message.find(phrase), std::string::npos);
}

// The missing comma is reported where it belongs: just after "Mini case" at the end of line 3.
TEST(LoaderDiagnostics, MalformedJson) { expectError("malformed_json", "scenario.json", 3, "", "a comma is missing here"); }
TEST(LoaderDiagnostics, EmptyFileSaysSoAndHowToRecover) {
    expectError("empty_file", "scenario.json", 1, "", "the file is empty");
}
TEST(LoaderDiagnostics, TrailingCommaPointsAtTheComma) {
    expectError("trailing_comma", "scenario.json", 10, "", "delete this comma");
    EXPECT_EQ(firstError("trailing_comma").column, 75);
}
TEST(LoaderDiagnostics, Windows1252CurlyQuoteIsNamed) {
    expectError("windows_1252", "scenario.json", 5, "", "0x93 here is probably a curly double quote");
    EXPECT_NE(firstError("windows_1252").message.find("Save the file as UTF-8"), std::string::npos);
}
TEST(LoaderDiagnostics, MissingField) { expectError("missing_fields", "plugin.json", 1, "", "missing required field \"roles\""); }
TEST(LoaderDiagnostics, WrongType) { expectError("wrong_types", "plugin.json", 11, "/minutes", "must be a whole number, found a string"); }
TEST(LoaderDiagnostics, DanglingReferenceSuggestsTheNearMiss) {
    expectError("dangling_reference", "scenario.json", 43, "/nodes/1/options/0/next", "did you mean \"d2\"?");
}
TEST(LoaderDiagnostics, UnknownRole) { expectError("unknown_role", "plugin.json", 8, "/roles/1", "did you mean \"social_worker\"?"); }
TEST(LoaderDiagnostics, LoopWithNoEnding) { expectError("loop_no_ending", "scenario.json", 30, "/nodes/0", "loop"); }
TEST(LoaderDiagnostics, DuplicateIds) {
    expectError("duplicate_ids", "scenario.json", 82, "/nodes/4/id", "duplicate node id \"good_end\"");
    EXPECT_NE(firstError("duplicate_ids").message.find("rename one of them"), std::string::npos) << "says the fix";
}
TEST(LoaderDiagnostics, NotUtf8) { expectError("not_utf8", "scenario.json", 18, "", "not valid UTF-8"); }
TEST(LoaderDiagnostics, WrongFormatVersion) { expectError("wrong_format_version", "plugin.json", 6, "/format_version", "reads format 1"); }
TEST(LoaderDiagnostics, MissingEntryFile) { expectError("missing_entry_file", "scenario.json", 0, "", "file not found"); }
TEST(LoaderDiagnostics, DecisionWithoutOptionForARole) {
    expectError("no_option_for_role", "scenario.json", 37, "/nodes/1/options", "no option to playable role \"social_worker\"");
}
TEST(LoaderDiagnostics, OptionWithoutFeedback) {
    expectError("missing_feedback", "scenario.json", 44, "/nodes/1/options/1/feedback", "every option needs feedback");
}
TEST(LoaderDiagnostics, NoContentWarning) { expectError("no_content_warning", "plugin.json", 12, "/content_warnings", "content warning"); }
TEST(LoaderDiagnostics, UnknownGuidance) {
    expectError("unknown_guidance", "scenario.json", 51, "/nodes/1/options/2/feedback/guidance/0/ref", "did you mean \"wt_2023\"?");
}

TEST(LoaderDiagnostics, MissingPluginJsonNamesTheFile) {
    ScenarioPlugin p = loadPlugin(test::fixtures() / "no_such_plugin_here", test::knowledgeBase());
    ASSERT_EQ(p.diagnostics.size(), 1u);
    EXPECT_NE(p.diagnostics[0].file.find("no_such_plugin_here/plugin.json"), std::string::npos);
    EXPECT_NE(p.diagnostics[0].message.find("file not found"), std::string::npos);
}

TEST(Discovery, BrokenPluginsNeverStopTheOthers) {
    std::vector<ScenarioPlugin> all = discoverPlugins(
        {{test::fixtures() / "broken", PluginOrigin::CommandLine}, {test::fixtures() / "plugins", PluginOrigin::User}},
        test::knowledgeBase());
    size_t usable = 0, broken = 0;
    for (const auto& p : all) (p.usable() ? usable : broken)++;
    EXPECT_EQ(usable, 2u) << "the mini fixture and the guide's worked example still load";
    EXPECT_GE(broken, 14u);
    for (const auto& p : all)
        if (!p.usable()) {
            EXPECT_FALSE(p.diagnostics.empty()) << p.dir << " is refused without saying why";
        }
}

TEST(Discovery, DuplicateIdLaterInThePathIsRefused) {
    std::vector<ScenarioPlugin> all = discoverPlugins(
        {{test::fixtures() / "plugins", PluginOrigin::Bundled}, {test::fixtures() / "plugins/mini", PluginOrigin::User}},
        test::knowledgeBase());
    std::vector<const ScenarioPlugin*> minis;
    for (const auto& p : all)
        if (p.manifest.id == "mini") minis.push_back(&p);
    ASSERT_EQ(minis.size(), 2u);
    EXPECT_TRUE(minis[0]->usable());
    EXPECT_FALSE(minis[1]->usable());
    EXPECT_NE(minis[1]->diagnostics.back().message.find("found earlier in the search path"), std::string::npos);
}

TEST(Discovery, MissingSearchDirectoriesAreSkipped) {
    EXPECT_TRUE(discoverPlugins({{"/nonexistent/wholepicture", PluginOrigin::User}}, test::knowledgeBase()).empty());
}

TEST(KnowledgeBase, BundledCatalogueHasTheRolesDimensionsAndGuidanceScenariosNeed) {
    Diagnostics diags;
    KnowledgeBase kb = loadKnowledgeBase(test::sourceDir() / "content", diags);
    EXPECT_TRUE(diags.empty()) << (diags.empty() ? "" : formatDiagnostic(diags[0]));
    for (const char* role : {"class_teacher", "head_teacher", "dsl", "senco", "social_worker", "school_nurse",
                             "health_visitor", "gp", "camhs_worker", "police_officer", "foster_carer", "parent"})
        EXPECT_NE(kb.role(role), nullptr) << role;
    EXPECT_EQ(kb.dimensions.size(), 8u);
    for (const auto& d : kb.dimensions) EXPECT_FALSE(d.bands.empty()) << d.id;
    for (const char* g : {"wt_2023", "kcsie_2025", "info_sharing_2024"}) {
        ASSERT_NE(kb.guidanceRef(g), nullptr) << g;
        EXPECT_FALSE(kb.guidanceRef(g)->edition.empty());
    }
    for (const char* t : {"dsl", "section_17", "section_47", "strategy_discussion", "icpc", "cp_plan",
                          "early_help_assessment", "ehcp", "looked_after_review", "camhs", "pru", "nspcc"})
        EXPECT_NE(kb.term(t), nullptr) << t;
}

TEST(KnowledgeBase, BandsFollowTheFractionOfTheBest) {
    DimensionInfo d;
    d.bands = {{0.0, "Not yet", ""}, {0.4, "Developing", ""}, {0.7, "Secure", ""}, {0.9, "Strong", ""}};
    EXPECT_EQ(bandFor(d, -1.0)->label, "Not yet");
    EXPECT_EQ(bandFor(d, 0.4)->label, "Developing");
    EXPECT_EQ(bandFor(d, 0.89)->label, "Secure");
    EXPECT_EQ(bandFor(d, 1.0)->label, "Strong");
}

TEST(AtomicWrite, ReplacesTheFileAndLeavesNoTemporary) {
    std::filesystem::path dir = std::filesystem::temp_directory_path() / ("wp_atomic_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    Diagnostics diags;
    ASSERT_TRUE(writeFileAtomically(dir / "a.json", "{\"v\":1}", diags));
    ASSERT_TRUE(writeFileAtomically(dir / "a.json", "{\"v\":2}", diags));
    std::ifstream in(dir / "a.json");
    std::string text((std::istreambuf_iterator<char>(in)), {});
    EXPECT_EQ(text, "{\"v\":2}");
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir), {}), 1);
    EXPECT_FALSE(writeFileAtomically("/proc/wholepicture/nope.json", "x", diags));
    EXPECT_FALSE(diags.empty());
    std::filesystem::remove_all(dir);
}

} // namespace
