// The fairness measure (wholepicture/core/fairness.h) and `wpt fairness`: per role, the spread of
// score changes of the historical options and of all options; the widest gap between roles'
// historical means; the README's Fairness section that excuses a gap over the margin.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdio>

#include <nlohmann/json.hpp>

#include "test_support.h"
#include "wholepicture/core/fairness.h"

using namespace wp;

namespace {

ScenarioPlugin fixturePlugin(const std::string& name) {
    ScenarioPlugin p = loadPlugin(test::fixtures() / "fairness" / name, test::knowledgeBase());
    EXPECT_TRUE(p.usable()) << name;
    return p;
}

const RoleFairness& roleOf(const std::vector<RoleFairness>& all, const std::string& role) {
    for (const auto& r : all)
        if (r.role == role) return r;
    ADD_FAILURE() << "no role " << role;
    return all.front();
}

Option scored(const std::string& id, std::map<std::string, int> scores, std::vector<std::string> roles, bool historical) {
    Option o;
    o.id = id;
    o.roles = std::move(roles);
    o.effects.scores = std::move(scores);
    o.historical = historical;
    return o;
}

} // namespace

TEST(Fairness, HistoricalMarkerIsParsed) {
    ScenarioPlugin p = fixturePlugin("unfair");
    ASSERT_TRUE(p.scenario);
    int marked = 0;
    for (const auto& n : p.scenario->nodes)
        for (const auto& o : n.options)
            if (o.historical) {
                ++marked;
                EXPECT_TRUE(o.id == "tell" || o.id == "wait" || o.id == "close") << o.id;
            }
    EXPECT_EQ(marked, 3);
}

TEST(Fairness, SpreadPerRoleOfHistoricalAndAllOptions) {
    ScenarioPlugin p = fixturePlugin("unfair");
    ASSERT_TRUE(p.scenario);
    std::vector<RoleFairness> f = measureFairness(*p.scenario, p.manifest.roles);
    ASSERT_EQ(f.size(), 2u);
    const RoleFairness& ct = roleOf(f, "class_teacher");
    // tell +3, wait -1 are historical; challenge +1 and accept -2 are not.
    EXPECT_EQ(ct.historical.count, 2);
    EXPECT_DOUBLE_EQ(ct.historical.mean, 1.0);
    EXPECT_EQ(ct.historical.min, -1);
    EXPECT_EQ(ct.historical.max, 3);
    EXPECT_EQ(ct.all.count, 4);
    EXPECT_DOUBLE_EQ(ct.all.mean, 0.25);
    EXPECT_EQ(ct.all.min, -2);
    EXPECT_EQ(ct.all.max, 3);
    const RoleFairness& sw = roleOf(f, "social_worker");
    // close -2 is historical; ask +1 and check_gp +3 are not.
    EXPECT_EQ(sw.historical.count, 1);
    EXPECT_DOUBLE_EQ(sw.historical.mean, -2.0);
    EXPECT_EQ(sw.historical.min, -2);
    EXPECT_EQ(sw.historical.max, -2);
    EXPECT_EQ(sw.all.count, 3);
    EXPECT_NEAR(sw.all.mean, 2.0 / 3.0, 1e-9);
}

TEST(Fairness, WidestGapNamesTheHarsherJudgedRole) {
    ScenarioPlugin p = fixturePlugin("unfair");
    ASSERT_TRUE(p.scenario);
    std::optional<FairnessGap> gap = widestHistoricalGap(measureFairness(*p.scenario, p.manifest.roles));
    ASSERT_TRUE(gap);
    EXPECT_EQ(gap->lower, "social_worker");
    EXPECT_EQ(gap->higher, "class_teacher");
    EXPECT_DOUBLE_EQ(gap->gap, 3.0);
    EXPECT_GT(gap->gap, kFairnessMargin);
}

TEST(Fairness, OptionWithoutRolesCountsForEveryRoleAndUnmarkedRolesAreNotCompared) {
    Scenario s;
    Node d;
    d.id = "d";
    d.type = NodeType::Decision;
    d.options = {scored("both", {{"a", 2}, {"b", -1}}, {}, true), scored("sw", {{"a", -3}}, {"social_worker"}, false)};
    Node narrative; // options on a non-decision node are never counted
    narrative.id = "n";
    narrative.type = NodeType::Narrative;
    narrative.options = {scored("ghost", {{"a", 5}}, {}, true)};
    s.nodes = {narrative, d};
    std::vector<RoleFairness> f = measureFairness(s, {"class_teacher", "social_worker", "dsl"});
    ASSERT_EQ(f.size(), 3u);
    EXPECT_EQ(f[0].role, "class_teacher");
    EXPECT_EQ(f[0].historical.count, 1);
    EXPECT_DOUBLE_EQ(f[0].historical.mean, 1.0);
    EXPECT_EQ(f[0].all.count, 1);
    EXPECT_EQ(f[1].all.count, 2);
    EXPECT_DOUBLE_EQ(f[1].all.mean, -1.0);
    EXPECT_EQ(f[1].all.min, -3);
    EXPECT_EQ(f[1].all.max, 1);
    // Every role has the same historical mean: the gap is zero, not absent.
    std::optional<FairnessGap> gap = widestHistoricalGap(f);
    ASSERT_TRUE(gap);
    EXPECT_DOUBLE_EQ(gap->gap, 0.0);
    // Only one role with historical options: nothing to compare.
    f[1].historical = {};
    f[2].historical = {};
    EXPECT_FALSE(widestHistoricalGap(f));
}

TEST(Fairness, EmptySpreadIsZero) {
    std::vector<RoleFairness> f = measureFairness(Scenario{}, {"dsl"});
    ASSERT_EQ(f.size(), 1u);
    EXPECT_EQ(f[0].all.count, 0);
    EXPECT_DOUBLE_EQ(f[0].all.mean, 0.0);
    EXPECT_EQ(optionScoreSum(Option{}), 0);
}

TEST(Fairness, ReadmeSectionExplainsAGap) {
    EXPECT_TRUE(readmeExplainsFairness("# Case\n\n## Fairness\n\nThe real case turned on one closure.\n"));
    EXPECT_TRUE(readmeExplainsFairness("### Why this case is not even (fairness)\r\nBecause.\r\n"));
    EXPECT_FALSE(readmeExplainsFairness("# Case\n\n## Fairness\n\n## Next section\n\ntext\n")); // empty section
    EXPECT_FALSE(readmeExplainsFairness("# Case\n\nWe thought about fairness a lot.\n"));         // not a heading
    EXPECT_FALSE(readmeExplainsFairness(""));
    EXPECT_FALSE(readmeExplainsFairness("# Fairness fixture\n\nA title is not a section.\n"));
}

#ifdef WPT_BINARY
namespace {
int wptStatus(const std::string& args, std::string* out) {
    std::string command = std::string("'") + WPT_BINARY + "' " + args + " 2>&1";
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe) return -1;
    char buffer[4096];
    size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out->append(buffer, n);
    int raw = ::pclose(pipe);
    return WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
}
} // namespace

TEST(Fairness, WptFailsAnUnexplainedGapAndPassesAnExplainedOne) {
    std::string out;
    EXPECT_EQ(wptStatus("fairness '" + (test::fixtures() / "fairness" / "unfair").string() + "'", &out), 1) << out;
    EXPECT_NE(out.find("social_worker"), std::string::npos) << out;
    EXPECT_NE(out.find("Fairness"), std::string::npos) << out;
    out.clear();
    EXPECT_EQ(wptStatus("fairness '" + (test::fixtures() / "fairness" / "explained").string() + "'", &out), 0) << out;
    out.clear();
    EXPECT_EQ(wptStatus("fairness '" + (test::fixtures() / "fairness" / "unfair").string() + "' --margin 3", &out), 0) << out;
    out.clear();
    EXPECT_EQ(wptStatus("fairness '" + (test::fixtures() / "fairness" / "unfair").string() + "' --margin x", &out), 2) << out;
}

TEST(Fairness, WptJsonReportsEveryRole) {
    std::string out;
    ASSERT_EQ(wptStatus("fairness '" + (test::fixtures() / "fairness" / "explained").string() + "' --json", &out), 0) << out;
    nlohmann::json j = nlohmann::json::parse(out);
    EXPECT_EQ(j["plugin"], "fairness_explained");
    ASSERT_EQ(j["roles"].size(), 2u);
    EXPECT_EQ(j["roles"][1]["role"], "social_worker");
    EXPECT_EQ(j["roles"][1]["historical"]["count"], 1);
    EXPECT_DOUBLE_EQ(j["roles"][1]["historical"]["mean"].get<double>(), -2.0);
    EXPECT_EQ(j["roles"][0]["all"]["count"], 4);
    EXPECT_EQ(j["widest_gap"]["lower"], "social_worker");
    EXPECT_TRUE(j["readme_explains"].get<bool>());
    EXPECT_TRUE(j["pass"].get<bool>());
}
#endif
