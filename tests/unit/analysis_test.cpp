#include <gtest/gtest.h>

#include <random>

#include "test_support.h"
#include "wholepicture/core/analysis.h"
#include "wholepicture/core/runner.h"

using namespace wp;

namespace {

// A random layered scenario: decisions d0..d{n-1} with options that score, set flags, require flags
// and branch on flags, ending in one of two endings. Forward-only, so every path is finite.
Scenario randomScenario(unsigned seed, int decisions) {
    std::mt19937 rng(seed);
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    Scenario s;
    s.title = "random";
    s.dimensions = {{"a", 1.0}, {"b", 2.0}};
    s.stages = {{"st", "Stage", ""}};
    s.flags = {{"f0", ""}, {"f1", ""}, {"f2", ""}};
    s.cast = {{"child", "Child", "child", {}, ""}, {"school", "School", "school", {"class_teacher"}, ""}};
    s.start = "d0";
    auto nodeId = [&](int i) {
        if (i >= decisions) return std::string(i == decisions ? "end_x" : "end_y");
        return "d" + std::to_string(i);
    };
    for (int i = 0; i < decisions; ++i) {
        Node n;
        n.id = nodeId(i);
        n.type = NodeType::Decision;
        n.stage = "st";
        int optionCount = pick(1, 3);
        for (int k = 0; k < optionCount; ++k) {
            Option o;
            o.id = "o" + std::to_string(k);
            o.effects.scores["a"] = pick(-2, 3);
            o.effects.scores["b"] = pick(-2, 3);
            if (pick(0, 2) == 0) o.effects.set.push_back("f" + std::to_string(pick(0, 2)));
            if (pick(0, 3) == 0) o.effects.clear.push_back("f" + std::to_string(pick(0, 2)));
            // The first option is always available, so no state is a dead end.
            if (k > 0 && pick(0, 2) == 0) o.when.flagsSet.push_back("f" + std::to_string(pick(0, 2)));
            if (k > 0 && pick(0, 3) == 0) o.when.flagsUnset.push_back("f" + std::to_string(pick(0, 2)));
            int target = std::min(decisions + pick(0, 1), i + pick(1, 3));
            if (pick(0, 2) == 0) {
                Branch conditional;
                conditional.when.flagsSet.push_back("f" + std::to_string(pick(0, 2)));
                conditional.to = nodeId(std::min(decisions + 1, i + pick(1, 4)));
                o.next.push_back(conditional);
            }
            o.next.push_back({{}, nodeId(target), ""});
            n.options.push_back(o);
        }
        s.nodes.push_back(n);
    }
    for (const char* id : {"end_x", "end_y"}) {
        Node e;
        e.id = id;
        e.type = NodeType::Ending;
        e.stage = "st";
        s.nodes.push_back(e);
    }
    indexScenario(s);
    return s;
}

// Every path enumerated without memoisation: the reference the analysis must agree with.
struct BruteForce {
    const Scenario& s;
    std::map<std::string, ScoreRange> dims;
    double bestWeighted = -1e18, worstWeighted = 1e18;
    std::set<std::string> endings, nodes;
    bool first = true;

    void walk(const RunState& st) {
        nodes.insert(st.node);
        const Node& n = currentNode(s, st);
        if (n.type == NodeType::Ending) {
            endings.insert(n.id);
            double weighted = 0;
            for (const auto& d : s.dimensions) {
                int v = st.scores.at(d.id);
                weighted += d.weight * v;
                ScoreRange& r = dims[d.id];
                r.best = first ? v : std::max(r.best, v);
                r.worst = first ? v : std::min(r.worst, v);
            }
            bestWeighted = std::max(bestWeighted, weighted);
            worstWeighted = std::min(worstWeighted, weighted);
            first = false;
            return;
        }
        for (const Option* o : availableOptions(s, st)) walk(*choose(s, st, o->id, 0));
    }
};

TEST(PathAnalysis, AgreesWithBruteForceOnRandomGraphs) {
    for (unsigned seed = 1; seed <= 60; ++seed) {
        Scenario s = randomScenario(seed, 4 + static_cast<int>(seed % 7));
        BruteForce brute{s};
        brute.walk(startRun(s, "class_teacher"));
        RoleAnalysis a = analyseRole(s, "class_teacher");
        SCOPED_TRACE("seed " + std::to_string(seed));
        EXPECT_FALSE(a.truncated);
        EXPECT_TRUE(a.deadEnds.empty());
        EXPECT_TRUE(a.loops.empty());
        EXPECT_EQ(a.reachableEndings, brute.endings);
        EXPECT_EQ(a.reachableNodes, brute.nodes);
        for (const auto& d : s.dimensions) {
            EXPECT_EQ(a.dimensions[d.id].best, brute.dims[d.id].best) << d.id;
            EXPECT_EQ(a.dimensions[d.id].worst, brute.dims[d.id].worst) << d.id;
        }
        EXPECT_DOUBLE_EQ(a.bestWeighted, brute.bestWeighted);
        EXPECT_DOUBLE_EQ(a.worstWeighted, brute.worstWeighted);
    }
}

TEST(PathAnalysis, StrongestPathAchievesTheBestWeightedTotal) {
    for (unsigned seed = 100; seed < 130; ++seed) {
        Scenario s = randomScenario(seed, 8);
        RoleAnalysis a = analyseRole(s, "class_teacher");
        RunState st = startRun(s, "class_teacher");
        for (const auto& [node, option] : a.strongestPath) {
            ASSERT_EQ(st.node, node);
            st = *choose(s, st, option, 0);
        }
        ASSERT_TRUE(atEnding(s, st)) << "seed " << seed;
        double weighted = 0;
        for (const auto& d : s.dimensions) weighted += d.weight * st.scores.at(d.id);
        EXPECT_DOUBLE_EQ(weighted, a.bestWeighted) << "seed " << seed;
    }
}

TEST(PathAnalysis, MemoisationKeepsSharedStateGraphsSmall) {
    // 200 decisions in a chain, each with 3 options: 3^200 paths, but few distinct states.
    Scenario s = randomScenario(7, 200);
    RoleAnalysis a = analyseRole(s, "class_teacher");
    EXPECT_FALSE(a.truncated);
    EXPECT_LT(a.statesExplored, 200u * 8u * 4u) << "states are (node, flags), not paths";
}

TEST(PathAnalysis, FindsDeadEndsAndLoops) {
    Scenario s = randomScenario(3, 3);
    s.nodes[1].options.resize(1);
    s.nodes[1].options[0].when.flagsSet = {"f2"}; // unreachable condition on the only option
    s.nodes[1].options[0].next = {{{}, "d0", ""}};
    s.nodes[0].options.resize(1);
    s.nodes[0].options[0].when = {};
    s.nodes[0].options[0].effects.set = {};
    s.nodes[0].options[0].effects.clear = {};
    s.nodes[0].options[0].next = {{{}, "d1", ""}};
    indexScenario(s);
    RoleAnalysis a = analyseRole(s, "class_teacher");
    EXPECT_EQ(a.deadEnds, std::vector<std::string>{"d1"});

    s.nodes[1].options[0].when = {};
    indexScenario(s);
    RoleAnalysis looped = analyseRole(s, "class_teacher");
    EXPECT_FALSE(looped.loops.empty());
    EXPECT_TRUE(looped.reachableEndings.empty());
}

TEST(PathAnalysis, BundledCasesLetEveryRoleReachEveryEndingAndEveryOption) {
    for (const char* id : {"peter", "james", "tina"}) {
        ScenarioPlugin p = loadPlugin(test::sourceDir() / "plugins" / id, test::knowledgeBase());
        ASSERT_TRUE(p.usable()) << id << ": " << (p.diagnostics.empty() ? "" : formatDiagnostic(p.diagnostics[0]));
        const Scenario& s = *p.scenario;
        std::set<std::pair<std::string, std::string>> optionsReached;
        for (const auto& role : p.manifest.roles) {
            RoleAnalysis a = analyseRole(s, role);
            for (const auto& n : s.nodes)
                if (n.type == NodeType::Ending) {
                    EXPECT_TRUE(a.reachableEndings.count(n.id)) << id << " " << role << " " << n.id;
                }
            EXPECT_TRUE(a.deadEnds.empty()) << id << " " << role;
            optionsReached.insert(a.reachableOptions.begin(), a.reachableOptions.end());
            for (const auto& [dim, range] : a.dimensions) EXPECT_LT(range.worst, range.best) << id << " " << role << " " << dim;
        }
        for (const auto& n : s.nodes)
            for (const auto& o : n.options) EXPECT_TRUE(optionsReached.count({n.id, o.id})) << id << " " << n.id << "/" << o.id;
    }
}

} // namespace
