// One failing fixture per lint rule (issue 5, item 8). The passing fixture is tests/fixtures/plugins/mini;
// each row copies it to a scratch folder, applies one small JSON edit and checks the one diagnostic that
// rule must produce: severity, key words, file, JSON pointer and a real line.
#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "test_support.h"

using namespace wp;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

struct Edit {
    json* plugin;
    json* scenario;
    json& node(size_t i) { return (*scenario)["nodes"][i]; }
    json& option(size_t nodeIndex, size_t i) { return node(nodeIndex)["options"][i]; }
};

struct RuleCase {
    const char* name;     // test name
    Severity severity;
    const char* file;     // file name the diagnostic must point into
    const char* pointer;  // expected JSON pointer
    const char* phrase;   // key words of the message
    std::function<void(Edit&)> mutate;
};

void PrintTo(const RuleCase& c, std::ostream* os) { *os << c.name; }

json readJson(const fs::path& p) {
    std::ifstream in(p);
    return json::parse(in);
}

void writeJson(const fs::path& p, const json& j) {
    std::ofstream out(p, std::ios::trunc);
    out << j.dump(2) << "\n";
}

// A fresh copy of mini in its own scratch folder.
fs::path scratchCopy(const std::string& name) {
    fs::path dir = fs::temp_directory_path() / ("wp_lint_rules_" + std::to_string(::getpid()) + "_" + name);
    fs::remove_all(dir);
    fs::create_directories(dir);
    fs::copy(test::fixtures() / "plugins" / "mini", dir, fs::copy_options::recursive);
    return dir;
}

std::string dump(const Diagnostics& ds) {
    std::string out;
    for (const auto& d : ds) out += formatDiagnostic(d) + "\n";
    return out;
}

// Removes a scratch copy when the test ends, however it ends.
struct ScratchGuard {
    fs::path dir;
    ~ScratchGuard() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
};

bool endsWith(const std::string& s, const std::string& end) {
    return s.size() >= end.size() && s.compare(s.size() - end.size(), end.size(), end) == 0;
}

TEST(LintRules, PassingFixtureIsClean) {
    ScratchGuard guard{scratchCopy("passing")};
    ScenarioPlugin p = loadPlugin(guard.dir, test::knowledgeBase());
    EXPECT_TRUE(p.usable());
    EXPECT_EQ(countSeverity(p.diagnostics, Severity::Error), 0u) << dump(p.diagnostics);
    EXPECT_EQ(countSeverity(p.diagnostics, Severity::Warning), 0u) << dump(p.diagnostics);
}

class LintRule : public ::testing::TestWithParam<RuleCase> {};

TEST_P(LintRule, FailingFixtureIsReported) {
    const RuleCase& c = GetParam();
    fs::path dir = scratchCopy(c.name);
    ScratchGuard guard{dir};
    json plugin = readJson(dir / "plugin.json");
    json scenario = readJson(dir / "scenario.json");
    Edit e{&plugin, &scenario};
    c.mutate(e);
    writeJson(dir / "plugin.json", plugin);
    writeJson(dir / "scenario.json", scenario);

    ScenarioPlugin p = loadPlugin(dir, test::knowledgeBase());
    SCOPED_TRACE(dump(p.diagnostics));
    const Diagnostic* found = nullptr;
    for (const auto& d : p.diagnostics)
        if (d.pointer == c.pointer && d.message.find(c.phrase) != std::string::npos) {
            found = &d;
            break;
        }
    ASSERT_NE(found, nullptr) << "no diagnostic at " << c.pointer << " saying \"" << c.phrase << "\"";
    EXPECT_EQ(found->severity, c.severity) << formatDiagnostic(*found);
    EXPECT_TRUE(endsWith(found->file, c.file)) << found->file;
    EXPECT_GT(found->line, 0) << formatDiagnostic(*found);
    if (c.severity == Severity::Error) {
        EXPECT_FALSE(p.usable());
    }
}

constexpr Severity E = Severity::Error;
constexpr Severity W = Severity::Warning;
const char* const S = "scenario.json";

const RuleCase kCases[] = {
    // --- ids and references
    {"DuplicateCastId", E, S, "/cast/2/id", "duplicate cast member id \"school\"", [](Edit& e) { (*e.scenario)["cast"][2]["id"] = "school"; }},
    {"DuplicateStageId", E, S, "/stages/1/id", "duplicate stage id \"autumn\"", [](Edit& e) { (*e.scenario)["stages"][1]["id"] = "autumn"; }},
    {"DuplicateFactId", E, S, "/facts/1/id", "duplicate fact id \"hungry\"", [](Edit& e) { (*e.scenario)["facts"][1]["id"] = "hungry"; }},
    {"DuplicateFlagId", E, S, "/flags/1/id", "duplicate flag id \"referred\"",
     [](Edit& e) { (*e.scenario)["flags"].push_back({{"id", "referred"}, {"description", "again"}}); }},
    {"DuplicateCriticalActionId", E, S, "/critical_actions/1/id", "duplicate critical action id \"ca_tell\"",
     [](Edit& e) { (*e.scenario)["critical_actions"][1]["id"] = "ca_tell"; }},
    {"DuplicateNodeId", E, S, "/nodes/4/id", "duplicate node id \"good_end\"", [](Edit& e) { e.node(4)["id"] = "good_end"; }},
    {"UnknownStageSuggestsNearMiss", E, S, "/nodes/0/stage", "did you mean \"autumn\"?", [](Edit& e) { e.node(0)["stage"] = "autum"; }},
    {"UnknownRoleInCast", E, S, "/cast/3/roles/0", "unknown role \"gpp\"", [](Edit& e) { (*e.scenario)["cast"][3]["roles"][0] = "gpp"; }},
    {"UnknownStartNode", E, S, "/start", "unknown node \"intro2\"", [](Edit& e) { (*e.scenario)["start"] = "intro2"; }},
    {"UnknownSharedFact", E, S, "/nodes/1/options/0/effects/share/0/fact", "unknown fact \"hungri\"",
     [](Edit& e) { e.option(1, 0)["effects"]["share"][0]["fact"] = "hungri"; }},
    {"UnknownFlagSet", E, S, "/nodes/1/options/0/effects/set", "unknown flag \"refered\"",
     [](Edit& e) { e.option(1, 0)["effects"]["set"][0] = "refered"; }},
    {"UnknownScoredDimension", E, S, "/nodes/1/options/1/effects/scores/child_focus", "unknown dimension \"child_focus\"",
     [](Edit& e) { e.option(1, 1)["effects"]["scores"]["child_focus"] = 1; }},
    {"UnknownGuidanceRef", E, S, "/nodes/1/options/1/feedback/guidance/0/ref", "unknown guidance reference",
     [](Edit& e) { e.option(1, 1)["feedback"]["guidance"][0]["ref"] = "kcsie_1999"; }},
    {"UnknownCriticalAction", E, S, "/nodes/1/options/0/critical", "unknown critical action \"ca_tel\"",
     [](Edit& e) { e.option(1, 0)["critical"] = "ca_tel"; }},
    {"UnknownLinkEnd", E, S, "/initial_map/0/to", "unknown cast member \"chld\"", [](Edit& e) { (*e.scenario)["initial_map"][0]["to"] = "chld"; }},
    // --- cast
    {"UnknownCastKind", E, S, "/cast/1/kind", "unknown cast kind \"schol\"", [](Edit& e) { (*e.scenario)["cast"][1]["kind"] = "schol"; }},
    {"RoleInTwoCastMembers", E, S, "/cast/2/roles/1", "already sits in cast member \"school\"",
     [](Edit& e) { (*e.scenario)["cast"][2]["roles"].push_back("dsl"); }},
    {"NoChildInCast", E, S, "/cast", "exactly one member of kind \"child\" (found 0)", [](Edit& e) { (*e.scenario)["cast"][0]["kind"] = "family"; }},
    {"TwoChildrenInCast", E, S, "/cast", "exactly one member of kind \"child\" (found 2)", [](Edit& e) { (*e.scenario)["cast"][3]["kind"] = "child"; }},
    {"PlayableRoleInNoCastMember", E, S, "/cast", "playable role \"social_worker\" (from plugin.json) is not in any cast member",
     [](Edit& e) { (*e.scenario)["cast"][2]["roles"] = json::array(); }},
    {"SelfLink", E, S, "/initial_map/0", "two different cast members", [](Edit& e) { (*e.scenario)["initial_map"][0]["to"] = "school"; }},
    // --- definitions
    {"UnknownDimension", E, S, "/dimensions/sharing", "unknown dimension \"sharing\"", [](Edit& e) { (*e.scenario)["dimensions"]["sharing"] = 1; }},
    {"NoDimensions", E, S, "/dimensions", "at least one scoring dimension", [](Edit& e) { (*e.scenario)["dimensions"] = json::object(); }},
    {"NoStages", E, S, "/stages", "at least one stage", [](Edit& e) { (*e.scenario)["stages"] = json::array(); }},
    {"FactWithNoHolders", E, S, "/facts/0/holders", "at least one holder", [](Edit& e) { (*e.scenario)["facts"][0]["holders"] = json::array(); }},
    {"KeyFactWithoutNeededBy", W, S, "/facts/1", "has no \"needed_by\"", [](Edit& e) { (*e.scenario)["facts"][1].erase("needed_by"); }},
    {"CriticalActionRoleNotPlayable", W, S, "/critical_actions/0/roles/0", "role \"dsl\", which is not playable",
     [](Edit& e) { (*e.scenario)["critical_actions"][0]["roles"][0] = "dsl"; }},
    {"NoHistoricalMap", W, S, "/historical_map", "no historical map",
     [](Edit& e) { (*e.scenario)["historical_map"]["links"] = json::array(); }},
    // --- branches
    {"BranchWithoutWhenBeforeOthers", W, S, "/nodes/2/options/1/next/0", "branches after it can never be taken",
     [](Edit& e) { e.option(2, 1)["next"] = json::array({{{"to", "poor_end"}}, {{"to", "good_end"}}}); }},
    {"LastBranchHasWhen", W, S, "/nodes/2/options/1/next/0", "the last branch has a \"when\"",
     [](Edit& e) { e.option(2, 1)["next"] = json::array({{{"when", {{"flags", {"referred"}}}}, {"to", "good_end"}}}); }},
    // --- options
    {"OptionRoleNotPlayable", W, S, "/nodes/1/options/0/roles/1", "role \"dsl\" is not playable",
     [](Edit& e) { e.option(1, 0)["roles"].push_back("dsl"); }},
    {"ScoreChangeBeyondBounds", W, S, "/nodes/1/options/0/effects/scores/information_sharing", "outside -5..5",
     [](Edit& e) { e.option(1, 0)["effects"]["scores"]["information_sharing"] = 7; }},
    {"OptionWithoutOutcome", E, S, "/nodes/1/options/0/feedback", "every option needs feedback",
     [](Edit& e) { e.option(1, 0)["feedback"]["outcome"] = ""; }},
    {"SameViewForTwoChoices", W, S, "/nodes/1/options/2/feedback/views/social_worker",
     "repeats word for word the one at /nodes/1/options/0/feedback/views/social_worker",
     [](Edit& e) { e.option(1, 2)["feedback"]["views"]["social_worker"] = e.option(1, 0)["feedback"]["views"]["social_worker"]; }},
    {"SameOutcomeForTwoChoices", W, S, "/nodes/1/options/1/feedback/outcome", "this outcome repeats word for word",
     [](Edit& e) { e.option(1, 1)["feedback"]["outcome"] = e.option(1, 0)["feedback"]["outcome"]; }},
    {"FewerThanTwoViews", W, S, "/nodes/1/options/0/feedback/views", "at least two professions' views of this choice (found 1)",
     [](Edit& e) { e.option(1, 0)["feedback"]["views"].erase("social_worker"); }},
    {"NoGuidanceCited", W, S, "/nodes/1/options/0/feedback/guidance", "cite the guidance",
     [](Edit& e) { e.option(1, 0)["feedback"]["guidance"] = json::array(); }},
    // --- nodes
    {"NarrativeWithoutText", E, S, "/nodes/0/text", "a narrative node needs \"text\"", [](Edit& e) { e.node(0)["text"] = ""; }},
    {"EndingWithoutText", E, S, "/nodes/3/text", "an ending needs \"text\"", [](Edit& e) { e.node(3)["text"] = ""; }},
    {"MissingSituationForRole", E, S, "/nodes/1/situation", "no situation text for role \"social_worker\"",
     [](Edit& e) { e.node(1)["situation"] = {{"class_teacher", "Sam is hungry."}}; }},
    {"DuplicateOptionId", E, S, "/nodes/1/options/1/id", "duplicate option id \"tell\"", [](Edit& e) { e.option(1, 1)["id"] = "tell"; }},
    {"DecisionWithNoOptions", E, S, "/nodes/1/options", "at least one option", [](Edit& e) { e.node(1)["options"] = json::array(); }},
    {"DecisionOffersNoOptionToRole", E, S, "/nodes/1/options", "offers no option to playable role \"social_worker\"",
     [](Edit& e) { e.option(1, 2)["roles"] = {"class_teacher"}; }},
    {"SecondPerspectiveForRole", W, S, "/nodes/1/perspectives/2/role", "a second perspective for role \"class_teacher\"",
     [](Edit& e) { e.node(1)["perspectives"][2]["role"] = "class_teacher"; }},
    {"FewerThanThreePerspectives", W, S, "/nodes/1/perspectives", "at least three roles",
     [](Edit& e) { e.node(1)["perspectives"].erase(2); }},
    {"EndingWithoutWhatHappened", W, S, "/nodes/3", "no \"what_happened\"", [](Edit& e) { e.node(3).erase("what_happened"); }},
    {"PromptStepOutOfRange", E, S, "/nodes/3/prompts/3/step", "\"step\" is 1 to 4", [](Edit& e) { e.node(3)["prompts"][3]["step"] = 5; }},
    {"PromptsMissAStep", W, S, "/nodes/3/prompts", "cover all four steps", [](Edit& e) { e.node(3)["prompts"].erase(3); }},
    // --- usage
    {"UnusedFact", W, S, "/facts/2", "never shared or asked about", [](Edit& e) {
         (*e.scenario)["facts"].push_back({{"id", "spare"}, {"stage", "autumn"}, {"holders", {"gp"}}, {"text", "An unused fact."}});
     }},
    {"FlagNeverSet", W, S, "/flags/1", "never set by any option",
     [](Edit& e) { (*e.scenario)["flags"].push_back({{"id", "spare"}, {"description", "never set"}}); }},
    {"FlagNeverRead", W, S, "/flags/1", "set but never read", [](Edit& e) {
         (*e.scenario)["flags"].push_back({{"id", "noted"}, {"description", "set, never read"}});
         e.option(1, 1)["effects"]["set"] = {"noted"};
     }},
    {"DimensionNeverScored", W, S, "/dimensions/child_focus", "no option scores it",
     [](Edit& e) { (*e.scenario)["dimensions"]["child_focus"] = 1; }},
    {"UnusedCriticalAction", W, S, "/critical_actions/2", "not named by any option's \"critical\"", [](Edit& e) {
         (*e.scenario)["critical_actions"].push_back(
             {{"id", "ca_spare"}, {"kind", "must_do"}, {"roles", {"class_teacher"}}, {"text", "Unused."}});
     }},
    // --- paths
    {"DeadEnd", E, S, "/nodes/2", "dead end: as class_teacher", [](Edit& e) { e.option(2, 1)["when"] = {{"flags", {"referred"}}}; }},
    {"NoBranchApplies", E, S, "/nodes/2", "no \"next\" branch applies after \"d2\"",
     [](Edit& e) { e.option(2, 1)["next"] = json::array({{{"when", {{"flags", {"referred"}}}}, {"to", "good_end"}}}); }},
    {"Loop", E, S, "/nodes/0", "loop: as class_teacher", [](Edit& e) { e.node(0)["next"] = "intro"; }},
    {"NoEndingReachable", E, S, "/start", "no ending can be reached", [](Edit& e) { e.node(0)["next"] = "intro"; }},
    {"EndingUnreachableForRole", E, S, "/nodes/4", "ending \"poor_end\" cannot be reached when playing as social_worker",
     [](Edit& e) { e.option(2, 3)["next"] = "good_end"; }},
    {"DimensionRoleCannotMove", W, S, "/dimensions/timeliness", "playing as social_worker, no choice moves \"timeliness\"",
     [](Edit& e) { e.option(2, 2)["effects"]["scores"].erase("timeliness"); }},
    {"UnreachableNode", W, S, "/nodes/5", "node \"aside\" is never reached", [](Edit& e) {
         (*e.scenario)["nodes"].push_back(
             {{"id", "aside"}, {"type", "narrative"}, {"stage", "autumn"}, {"title", "Aside"}, {"text", "x"}, {"next", "good_end"}});
     }},
    {"OptionNeverAvailable", W, S, "/nodes/2/options/0", "option \"challenge\" of \"d2\" is never available",
     [](Edit& e) { e.option(2, 0)["when"] = {{"knows", {{{"role", "class_teacher"}, {"fact", "missed_gp"}}}}}; }},
    // --- unknown keys (issue 14: a misspelt key used to be ignored without a word)
    {"MisspeltWhenOnOption", E, S, "/nodes/2/options/0/whne", "unknown key \"whne\" in an option; did you mean \"when\"?",
     [](Edit& e) { e.option(2, 0)["whne"] = {{"flags", {"referred"}}}; }},
    {"MisspeltCriticalOnOption", E, S, "/nodes/1/options/0/critcal", "did you mean \"critical\"?", [](Edit& e) {
         e.option(1, 0)["critcal"] = e.option(1, 0)["critical"];
         e.option(1, 0).erase("critical");
     }},
    {"MisspeltEffects", E, S, "/nodes/1/options/1/effect", "did you mean \"effects\"?",
     [](Edit& e) { e.option(1, 1)["effect"] = {{"set", {"referred"}}}; }},
    {"MisspeltFeedbackKey", E, S, "/nodes/1/options/0/feedbak", "did you mean \"feedback\"?", [](Edit& e) {
         e.option(1, 0)["feedbak"] = e.option(1, 0)["feedback"];
         e.option(1, 0).erase("feedback");
     }},
    {"MisspeltSituation", E, S, "/nodes/1/situaton", "unknown key \"situaton\" in a decision node; did you mean \"situation\"?",
     [](Edit& e) { e.node(1)["situaton"] = "x"; }},
    {"MisspeltWhatHappened", E, S, "/nodes/3/what_happend", "did you mean \"what_happened\"?", [](Edit& e) {
         e.node(3)["what_happend"] = e.node(3)["what_happened"];
         e.node(3).erase("what_happened");
     }},
    {"MisspeltTopLevelKey", E, S, "/critcal_actions", "did you mean \"critical_actions\"?",
     [](Edit& e) { (*e.scenario)["critcal_actions"] = json::array(); }},
    {"UnknownKeyInFact", E, S, "/facts/0/needed", "did you mean \"needed_by\"?", [](Edit& e) { (*e.scenario)["facts"][0]["needed"] = {"dsl"}; }},
    {"UnknownKeyInCondition", E, S, "/nodes/2/options/0/when/flag", "did you mean \"flags\"?",
     [](Edit& e) { e.option(2, 0)["when"] = {{"flag", {"referred"}}}; }},
    {"UnknownKeyInBranch", E, S, "/nodes/2/options/1/next/0/too", "did you mean \"to\"?",
     [](Edit& e) { e.option(2, 1)["next"] = json::array({{{"too", "good_end"}, {"to", "good_end"}}}); }},
    {"UnknownKeyInShare", E, S, "/nodes/1/options/0/effects/share/0/too", "did you mean \"to\"?",
     [](Edit& e) { e.option(1, 0)["effects"]["share"][0]["too"] = {"dsl"}; }},
    {"UnknownKeyInManifest", E, "plugin.json", "/content_warning", "did you mean \"content_warnings\"?",
     [](Edit& e) { (*e.plugin)["content_warning"] = {"x"}; }},
    {"CommentMustBeText", E, S, "/nodes/1/_comment", "\"_comment\" must be a text",
     [](Edit& e) { e.node(1)["_comment"] = 3; }},
    {"NarrativeKeyOnDecisionNode", E, S, "/nodes/1/next", "unknown key \"next\" in a decision node",
     [](Edit& e) { e.node(1)["next"] = "d2"; }},
    // --- per-role texts name playable roles
    {"RoleTypoInSituation", E, S, "/nodes/1/situation/socail_worker",
     "\"socail_worker\" is not a playable role of this case, so nobody would ever read this text; did you mean \"social_worker\"?",
     [](Edit& e) { e.node(1)["situation"]["socail_worker"] = e.node(1)["situation"]["social_worker"]; e.node(1)["situation"].erase("social_worker"); }},
    {"RoleTypoListsPlayableRoles", E, S, "/nodes/0/text/class_teachr", "the playable roles: class_teacher, social_worker",
     [](Edit& e) { e.node(0)["text"] = {{"default", "Sam joins."}, {"class_teachr", "You meet Sam."}}; }},
    {"NonPlayableRoleInEndingText", E, S, "/nodes/3/text/dsl", "plugin.json does not list it",
     [](Edit& e) { e.node(3)["text"] = {{"default", "End."}, {"dsl", "The DSL's end."}}; }},
    // --- endings declared for some roles
    {"EndingDeclaredForOtherRolesIsFine", W, S, "/nodes/4", "declared for social_worker only, but a run as class_teacher can reach it",
     [](Edit& e) { e.node(4)["roles"] = {"social_worker"}; }},
    {"EndingRolesMustBePlayable", E, S, "/nodes/4/roles/0", "\"dsl\" is not one", [](Edit& e) { e.node(4)["roles"] = {"dsl"}; }},
    {"UnreachableEndingSaysWhy", E, S, "/nodes/4", "say so with \"roles\"",
     [](Edit& e) { e.option(2, 3)["next"] = "good_end"; }},
    // --- role labels
    {"UnknownRoleAdvisesRoleLabelsNotTheCatalogue", E, S, "/cast/1/roles/0", "give it this case's name in \"role_labels\"",
     [](Edit& e) { (*e.scenario)["cast"][1]["roles"][0] = "form_tutor"; }},
    {"RoleLabelForUnknownRole", E, S, "/role_labels/form_tutor", "unknown role \"form_tutor\"",
     [](Edit& e) { (*e.scenario)["role_labels"] = {{"form_tutor", "Form tutor"}}; }},
    {"RoleLabelMustBeText", E, S, "/role_labels/class_teacher", "a role label must be a non-empty text",
     [](Edit& e) { (*e.scenario)["role_labels"] = {{"class_teacher", 3}}; }},
    // --- OR conditions and narratives that reveal facts are checked like the rest
    {"UnknownFlagInsideAny", E, S, "/nodes/2/options/0/when/any/1/flags", "unknown flag \"refered\"",
     [](Edit& e) { e.option(2, 0)["when"] = {{"any", {{{"flags", {"referred"}}}, {{"flags", {"refered"}}}}}}; }},
    // --- threshold points (issue 13)
    {"UnknownThresholdLevel", E, S, "/nodes/1/threshold/level", "unknown threshold level \"child_in_ned\"; did you mean \"child_in_need\"",
     [](Edit& e) { e.node(1)["threshold"] = {{"level", "child_in_ned"}, {"why", "Because."}}; }},
    {"ThresholdNeedsWhy", E, S, "/nodes/1/threshold", "missing required field \"why\"",
     [](Edit& e) { e.node(1)["threshold"] = {{"level", "early_help"}}; }},
    {"ThresholdMisspeltKey", E, S, "/nodes/1/threshold/defensable", "defensible",
     [](Edit& e) { e.node(1)["threshold"] = {{"level", "early_help"}, {"defensable", {"universal"}}, {"why", "Because."}}; }},
    {"DefensibleRepeatsJudgement", W, S, "/nodes/1/threshold/defensible/0", "already the judgement",
     [](Edit& e) { e.node(1)["threshold"] = {{"level", "early_help"}, {"defensible", {"early_help"}}, {"why", "Because."}}; }},
    {"ThresholdOnANarrative", E, S, "/nodes/0/threshold", "threshold",
     [](Edit& e) { e.node(0)["threshold"] = {{"level", "early_help"}, {"why", "Because."}}; }},
    {"EmptyAny", E, S, "/nodes/2/options/0/when/any", "\"any\" is an empty list", [](Edit& e) { e.option(2, 0)["when"] = {{"any", json::array()}}; }},
    {"RevealUnknownFact", E, S, "/nodes/0/reveals/0/fact", "unknown fact \"hungri\"",
     [](Edit& e) { e.node(0)["reveals"] = {{{"fact", "hungri"}, {"to", {"dsl"}}}}; }},
};

INSTANTIATE_TEST_SUITE_P(Rules, LintRule, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<RuleCase>& info) { return std::string(info.param.name); });

} // namespace
