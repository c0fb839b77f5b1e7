// StateSpace (compact states for exploration) against the runner it stands in for, and the path
// analysis built on it against the RunState-based analysis it replaced, kept here as the reference.
#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <random>
#include <unordered_map>

#include "test_support.h"
#include "wholepicture/core/analysis.h"
#include "wholepicture/core/author_mode.h"
#include "wholepicture/core/json_file.h"
#include "wholepicture/core/runner.h"
#include "wholepicture/core/state_space.h"

using namespace wp;

namespace {

// ---- The reference: the analysis as it was written on RunStates (memo key built from strings) ----
struct ReferenceAnalysis {
    struct Record {
        std::string node;
        std::vector<int> best, worst;
        double bestWeighted = 0, worstWeighted = 0;
        int bestNext = -1;
        std::string bestOption;
        bool done = false;
    };
    const Scenario& s;
    std::vector<std::pair<std::string, std::string>> watched;
    std::vector<Record> records;
    std::unordered_map<std::string, int> memo;
    RoleAnalysis seen;

    explicit ReferenceAnalysis(const Scenario& sc) : s(sc) {
        auto note = [&](const Condition& c) {
            for (const auto& k : c.knows) watched.emplace_back(k.role, k.fact);
        };
        for (const auto& n : s.nodes) {
            for (const auto& b : n.next) note(b.when);
            for (const auto& o : n.options) {
                note(o.when);
                for (const auto& b : o.next) note(b.when);
            }
        }
        std::sort(watched.begin(), watched.end());
        watched.erase(std::unique(watched.begin(), watched.end()), watched.end());
    }

    std::string keyOf(const RunState& st) const {
        std::string key = st.role + '|' + st.node + '|';
        for (const auto& f : st.flags) key += f + ',';
        key += '|';
        for (const auto& [role, fact] : watched) key += knows(st, role, fact) ? '1' : '0';
        return key;
    }

    double weightedDelta(const Effects& e, std::vector<int>& delta) const {
        double w = 0;
        for (size_t i = 0; i < s.dimensions.size(); ++i) {
            auto it = e.scores.find(s.dimensions[i].id);
            delta[i] = it == e.scores.end() ? 0 : it->second;
            w += s.dimensions[i].weight * delta[i];
        }
        return w;
    }

    int explore(const RunState& st) {
        const size_t dims = s.dimensions.size();
        std::string key = keyOf(st);
        if (auto it = memo.find(key); it != memo.end()) {
            if (!records[static_cast<size_t>(it->second)].done) seen.loops.push_back(st.node);
            return it->second;
        }
        int index = static_cast<int>(records.size());
        memo.emplace(key, index);
        records.push_back({st.node, std::vector<int>(dims, 0), std::vector<int>(dims, 0), 0, 0, -1, "", false});
        const Node& n = currentNode(s, st);
        seen.reachableNodes.insert(n.id);
        struct Successor {
            std::string option;
            const Effects* effects;
            RunState state;
        };
        std::vector<Successor> successors;
        if (n.type == NodeType::Ending) {
            seen.reachableEndings.insert(n.id);
        } else if (n.type == NodeType::Narrative) {
            if (auto next = proceed(s, st, 0)) successors.push_back({"", nullptr, std::move(*next)});
            else seen.noBranch.push_back(n.id);
        } else {
            auto options = availableOptions(s, st);
            if (options.empty()) seen.deadEnds.push_back(n.id);
            for (const Option* o : options) {
                seen.reachableOptions.emplace(n.id, o->id);
                if (auto next = choose(s, st, o->id, 0)) successors.push_back({o->id, &o->effects, std::move(*next)});
                else seen.noBranch.push_back(n.id);
            }
        }
        bool first = true;
        Record acc{st.node, std::vector<int>(dims, 0), std::vector<int>(dims, 0), 0, 0, -1, "", false};
        for (auto& succ : successors) {
            int child = explore(succ.state);
            const Record c = records[static_cast<size_t>(child)];
            std::vector<int> delta(dims, 0);
            double weighted = succ.effects ? weightedDelta(*succ.effects, delta) : 0.0;
            for (size_t i = 0; i < dims; ++i) {
                int b = delta[i] + c.best[i], w = delta[i] + c.worst[i];
                acc.best[i] = first ? b : std::max(acc.best[i], b);
                acc.worst[i] = first ? w : std::min(acc.worst[i], w);
            }
            double bw = weighted + c.bestWeighted, ww = weighted + c.worstWeighted;
            if (first || bw > acc.bestWeighted) {
                acc.bestWeighted = bw;
                acc.bestNext = child;
                acc.bestOption = succ.option;
            }
            acc.worstWeighted = first ? ww : std::min(acc.worstWeighted, ww);
            first = false;
        }
        acc.done = true;
        records[static_cast<size_t>(index)] = acc;
        return index;
    }

    RoleAnalysis run(const std::string& role) {
        int root = explore(startRun(s, role));
        RoleAnalysis out = seen;
        out.role = role;
        const Record& r = records[static_cast<size_t>(root)];
        for (size_t i = 0; i < s.dimensions.size(); ++i) out.dimensions[s.dimensions[i].id] = {r.best[i], r.worst[i]};
        out.bestWeighted = r.bestWeighted;
        out.worstWeighted = r.worstWeighted;
        std::vector<bool> walked(records.size(), false);
        for (int at = root; at >= 0 && !walked[static_cast<size_t>(at)] && records[static_cast<size_t>(at)].bestNext >= 0;) {
            walked[static_cast<size_t>(at)] = true;
            const Record& rec = records[static_cast<size_t>(at)];
            if (!rec.bestOption.empty()) out.strongestPath.emplace_back(rec.node, rec.bestOption);
            at = rec.bestNext;
        }
        out.statesExplored = records.size();
        for (auto* v : {&out.deadEnds, &out.noBranch, &out.loops}) {
            std::sort(v->begin(), v->end());
            v->erase(std::unique(v->begin(), v->end()), v->end());
        }
        return out;
    }
};

void expectSameAnalysis(const RoleAnalysis& a, const RoleAnalysis& ref) {
    EXPECT_EQ(a.statesExplored, ref.statesExplored);
    EXPECT_EQ(a.truncated, ref.truncated);
    for (const auto& [dim, r] : ref.dimensions) {
        auto it = a.dimensions.find(dim);
        ASSERT_NE(it, a.dimensions.end()) << dim;
        EXPECT_EQ(it->second.best, r.best) << dim;
        EXPECT_EQ(it->second.worst, r.worst) << dim;
    }
    EXPECT_EQ(a.dimensions.size(), ref.dimensions.size());
    EXPECT_EQ(a.bestWeighted, ref.bestWeighted); // same sums in the same order: exactly equal
    EXPECT_EQ(a.worstWeighted, ref.worstWeighted);
    EXPECT_EQ(a.reachableNodes, ref.reachableNodes);
    EXPECT_EQ(a.reachableEndings, ref.reachableEndings);
    EXPECT_EQ(a.reachableOptions, ref.reachableOptions);
    EXPECT_EQ(a.deadEnds, ref.deadEnds);
    EXPECT_EQ(a.noBranch, ref.noBranch);
    EXPECT_EQ(a.loops, ref.loops);
    EXPECT_EQ(a.strongestPath, ref.strongestPath);
}

// ---- Random scenarios that use every rule: stages and stage facts, shares, knows conditions,
// narratives with conditional branches, flags set and cleared, branches to missing nodes and options
// that can all be closed (dead ends), and flags no one defines ----
Scenario richRandomScenario(unsigned seed, int count) {
    std::mt19937 rng(seed);
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    const std::vector<std::string> roles = {"class_teacher", "dsl", "social_worker"};
    const std::vector<std::string> facts = {"fa", "fb", "fc", "fd"};
    auto flag = [&] { return "g" + std::to_string(pick(0, 3)); }; // g3 is never defined
    auto role = [&] { return roles[static_cast<size_t>(pick(0, 2))]; };
    auto fact = [&] { return facts[static_cast<size_t>(pick(0, 3))]; };
    auto condition = [&](int chance) {
        Condition c;
        if (pick(0, chance) == 0) c.flagsSet.push_back(flag());
        if (pick(0, chance) == 0) c.flagsUnset.push_back(flag());
        if (pick(0, chance) == 0) c.knows.push_back({role(), fact()});
        return c;
    };
    Scenario s;
    s.dimensions = {{"a", 1.0}, {"b", 2.5}, {"c", 0.5}, {"a", 1.5}}; // a repeated id (a lint error) still adds up alike
    s.stages = {{"s0", "", ""}, {"s1", "", ""}, {"s2", "", ""}};
    s.flags = {{"g0", ""}, {"g1", ""}, {"g2", ""}};
    for (size_t i = 0; i < facts.size(); ++i) {
        Fact f;
        f.id = facts[i];
        f.stage = i == 3 ? "nowhen" : s.stages[i % 3].id; // fd's stage does not exist: never held
        f.holders = {role()};
        s.facts.push_back(f);
    }
    s.start = "n0";
    auto id = [&](int i) { return i >= count ? (i == count ? std::string("end_a") : std::string("end_b")) : "n" + std::to_string(i); };
    auto target = [&](int i) { return pick(0, 25) == 0 ? std::string("missing") : id(std::min(count + 1, i + pick(1, 3))); };
    auto branches = [&](int i) {
        std::vector<Branch> next;
        if (pick(0, 1) == 0) next.push_back({condition(1), target(i), ""});
        Branch last{{}, target(i), ""};
        if (pick(0, 12) == 0) last.when = condition(0); // sometimes no branch applies
        next.push_back(last);
        return next;
    };
    for (int i = 0; i < count; ++i) {
        Node n;
        n.id = id(i);
        n.stage = pick(0, 4) == 0 ? "" : s.stages[static_cast<size_t>(std::min(2, i * 3 / count))].id;
        if (pick(0, 3) == 0) {
            n.type = NodeType::Narrative;
            n.next = branches(i);
        } else {
            n.type = NodeType::Decision;
            int options = pick(1, 4);
            for (int k = 0; k < options; ++k) {
                Option o;
                o.id = "o" + std::to_string(k);
                if (pick(0, 3) == 0) o.roles = {role()};
                if (pick(0, 2) == 0 || k > 0) o.when = condition(2);
                for (const auto& d : s.dimensions)
                    if (pick(0, 1)) o.effects.scores[d.id] = pick(-3, 3);
                if (pick(0, 1)) o.effects.share.push_back({fact(), {role(), role()}});
                if (pick(0, 2) == 0) o.effects.set.push_back(flag());
                if (pick(0, 3) == 0) o.effects.clear.push_back(flag());
                o.next = branches(i);
                n.options.push_back(o);
            }
        }
        s.nodes.push_back(n);
    }
    for (const char* e : {"end_a", "end_b"}) {
        Node n;
        n.id = e;
        n.type = NodeType::Ending;
        n.stage = "s2";
        s.nodes.push_back(n);
    }
    indexScenario(s);
    return s;
}

// The bundled cases, parsed (their lint is covered elsewhere).
std::vector<ScenarioPlugin> bundledPlugins() {
    std::vector<ScenarioPlugin> out;
    for (const char* id : {"peter", "james", "tina"}) {
        ScenarioPlugin p = loadPlugin(test::sourceDir() / "plugins" / id, test::knowledgeBase());
        EXPECT_TRUE(p.usable()) << id;
        if (p.usable()) out.push_back(std::move(p));
    }
    return out;
}

// Walks runner states breadth first and, beside each, the StateSpace state reached by the same
// steps; they must agree on everything that decides what happens next, and on the memo keys.
void expectLockstep(const Scenario& s, const std::string& role, size_t limit = 20'000) {
    StateSpace space(s, role);
    const auto watched = ReferenceAnalysis(s).watched;
    auto oldKey = [&](const RunState& st) {
        std::string key = st.node + '|' + std::to_string(st.stageReached) + '|';
        for (const auto& f : st.flags) key += f + ',';
        key += '|';
        for (const auto& [r, f] : watched) key += knows(st, r, f) ? '1' : '0';
        return key;
    };
    std::unordered_map<std::string, std::string> oldToNew, newToOld; // keys must partition states alike
    std::deque<std::pair<RunState, StateSpace::State>> queue;
    queue.emplace_back(startRun(s, role), space.start());
    size_t visited = 0;
    std::vector<int> options;
    while (!queue.empty() && visited < limit) {
        auto [st, compact] = std::move(queue.front());
        queue.pop_front();
        std::string ko = oldKey(st), kn = space.key(compact, true);
        auto [a, freshOld] = oldToNew.emplace(ko, kn);
        auto [b, freshNew] = newToOld.emplace(kn, ko);
        ASSERT_EQ(a->second, kn) << "one runner state, two compact keys, at " << st.node;
        ASSERT_EQ(b->second, ko) << "two runner states, one compact key, at " << st.node;
        EXPECT_EQ(space.key(space.fromRunState(st), true), kn) << st.node;
        if (!freshOld) continue;
        ++visited;
        ASSERT_EQ(space.node(compact).id, st.node);
        ASSERT_EQ(compact.stageReached, st.stageReached);
        for (const auto& f : s.flags) EXPECT_EQ(space.flagSet(compact, f.id), st.flags.count(f.id) > 0) << f.id;
        for (const auto& [r, f] : watched) EXPECT_EQ(space.knowsWatched(compact, r, f), knows(st, r, f)) << r << f;
        const Node& n = currentNode(s, st);
        if (n.type == NodeType::Narrative) {
            auto next = proceed(s, st, 0);
            StateSpace::State out;
            ASSERT_EQ(space.step(compact, -1, out), next.has_value()) << n.id;
            if (next) queue.emplace_back(std::move(*next), std::move(out));
        } else if (n.type == NodeType::Decision) {
            auto expected = availableOptions(s, st);
            space.availableOptions(compact, options);
            ASSERT_EQ(options.size(), expected.size()) << n.id;
            for (size_t i = 0; i < options.size(); ++i) {
                const Option& o = n.options[static_cast<size_t>(options[i])];
                ASSERT_EQ(&o, expected[i]) << n.id;
                auto next = choose(s, st, o.id, 0);
                StateSpace::State out;
                ASSERT_EQ(space.step(compact, options[i], out), next.has_value()) << n.id << ":" << o.id;
                if (next) {
                    RunState inPlace = st;
                    EXPECT_TRUE(chooseInPlace(s, inPlace, o.id, 0));
                    EXPECT_EQ(inPlace.node, next->node);
                    EXPECT_EQ(inPlace.known, next->known);
                    EXPECT_EQ(inPlace.flags, next->flags);
                    EXPECT_EQ(inPlace.scores, next->scores);
                    EXPECT_EQ(inPlace.criticalChosen, next->criticalChosen);
                    EXPECT_EQ(inPlace.map.size(), next->map.size());
                    queue.emplace_back(std::move(*next), std::move(out));
                }
            }
        }
    }
}

// ---- The reference for shortestRouteTo: the breadth-first search over RunStates (string keys of
// node, flags and watched facts) that author mode used before it moved onto exploreStates ----
NodeRoute referenceRoute(const Scenario& s, const std::string& role, const std::string& nodeId, size_t stateLimit) {
    NodeRoute route;
    if (!s.node(nodeId) || !s.node(s.start)) return route;
    const auto watched = ReferenceAnalysis(s).watched;
    auto keyOf = [&](const RunState& st) {
        std::string key = st.node;
        key += '|';
        for (const auto& f : st.flags) key += f + ',';
        key += '|';
        for (const auto& [r, f] : watched) key += knows(st, r, f) ? '1' : '0';
        return key;
    };
    struct Visit {
        RunState state;
        int parent = -1;
        PathStep step;
    };
    std::vector<Visit> visits;
    std::unordered_map<std::string, int> seen;
    std::deque<int> queue;
    visits.push_back({startRun(s, role), -1, {}});
    seen.emplace(keyOf(visits.back().state), 0);
    queue.push_back(0);
    int found = -1;
    while (!queue.empty()) {
        const int at = queue.front();
        queue.pop_front();
        if (visits[static_cast<size_t>(at)].state.node == nodeId) {
            found = at;
            break;
        }
        if (visits.size() >= stateLimit) {
            route.truncated = true;
            break;
        }
        const RunState st = visits[static_cast<size_t>(at)].state;
        const Node& node = currentNode(s, st);
        auto consider = [&](std::optional<RunState> next, const std::string& option) {
            if (!next) return;
            std::string key = keyOf(*next);
            if (seen.count(key)) return;
            const int index = static_cast<int>(visits.size());
            seen.emplace(std::move(key), index);
            visits.push_back({std::move(*next), at, {st.node, option, 0}});
            queue.push_back(index);
        };
        if (node.type == NodeType::Decision) {
            for (const Option* o : availableOptions(s, st)) consider(choose(s, st, o->id, 0), o->id);
        } else if (node.type == NodeType::Narrative) {
            consider(proceed(s, st, 0), "");
        }
    }
    route.statesExplored = visits.size();
    if (found < 0) return route;
    route.found = true;
    for (int at = found; visits[static_cast<size_t>(at)].parent >= 0; at = visits[static_cast<size_t>(at)].parent)
        route.steps.push_back(visits[static_cast<size_t>(at)].step);
    std::reverse(route.steps.begin(), route.steps.end());
    return route;
}

void expectSameRoute(const NodeRoute& got, const NodeRoute& want, const std::string& what) {
    EXPECT_EQ(got.found, want.found) << what;
    EXPECT_EQ(got.truncated, want.truncated) << what;
    EXPECT_EQ(got.statesExplored, want.statesExplored) << what;
    ASSERT_EQ(got.steps.size(), want.steps.size()) << what;
    for (size_t i = 0; i < got.steps.size(); ++i) {
        EXPECT_EQ(got.steps[i].node, want.steps[i].node) << what << " step " << i;
        EXPECT_EQ(got.steps[i].option, want.steps[i].option) << what << " step " << i;
    }
}

} // namespace

TEST(StateSpace, FollowsTheRunnerOnEveryBundledCase) {
    for (const auto& p : bundledPlugins())
        for (const auto& role : p.manifest.roles) {
            SCOPED_TRACE(p.manifest.id + " as " + role);
            expectLockstep(*p.scenario, role, 3000);
        }
}

TEST(StateSpace, FollowsTheRunnerOnRandomScenarios) {
    for (unsigned seed = 1; seed <= 80; ++seed) {
        Scenario s = richRandomScenario(seed, 5 + static_cast<int>(seed % 9));
        for (const std::string role : {"class_teacher", "dsl", "social_worker"}) {
            SCOPED_TRACE("seed " + std::to_string(seed) + " as " + role);
            expectLockstep(s, role);
        }
    }
}

TEST(StateSpace, AnalysisEqualsTheRunStateReferenceOnEveryBundledCase) {
    for (const auto& p : bundledPlugins())
        for (const auto& role : p.manifest.roles) {
            SCOPED_TRACE(p.manifest.id + " as " + role);
            RoleAnalysis a = analyseRole(*p.scenario, role);
            EXPECT_GT(a.statesExplored, 10u);
            expectSameAnalysis(a, ReferenceAnalysis(*p.scenario).run(role));
        }
}

TEST(StateSpace, AnalysisEqualsTheRunStateReferenceOnRandomScenarios) {
    int withDeadEnds = 0, withNoBranch = 0;
    for (unsigned seed = 1; seed <= 120; ++seed) {
        Scenario s = richRandomScenario(seed, 4 + static_cast<int>(seed % 11));
        for (const std::string role : {"class_teacher", "dsl", "social_worker"}) {
            SCOPED_TRACE("seed " + std::to_string(seed) + " as " + role);
            RoleAnalysis ref = ReferenceAnalysis(s).run(role);
            expectSameAnalysis(analyseRole(s, role), ref);
            withDeadEnds += !ref.deadEnds.empty();
            withNoBranch += !ref.noBranch.empty();
        }
    }
    // The generator really reaches the awkward cases.
    EXPECT_GT(withDeadEnds, 5);
    EXPECT_GT(withNoBranch, 5);
}

TEST(StateSpace, FutureScoresFromMidRunStatesEqualTheReference) {
    for (const auto& p : bundledPlugins()) {
        const Scenario& s = *p.scenario;
        const std::string& role = p.manifest.roles.front();
        FutureScores future(s);
        RunState st = startRun(s, role);
        for (int step = 0; step < 5 && !atEnding(s, st); ++step) {
            SCOPED_TRACE(p.manifest.id + " step " + std::to_string(step));
            ReferenceAnalysis ref(s);
            int root = ref.explore(st);
            RoleAnalysis a = future.from(st);
            EXPECT_EQ(a.bestWeighted, ref.records[static_cast<size_t>(root)].bestWeighted);
            EXPECT_EQ(a.worstWeighted, ref.records[static_cast<size_t>(root)].worstWeighted);
            const Node& n = currentNode(s, st);
            if (n.type == NodeType::Narrative) {
                st = *proceed(s, st, 0);
                continue;
            }
            auto options = availableOptions(s, st);
            ASSERT_FALSE(options.empty());
            double value = 0;
            EXPECT_TRUE(future.optionValue(st, options.front()->id, value));
            EXPECT_FALSE(future.optionValue(st, "no_such_option", value));
            st = *choose(s, st, options[static_cast<size_t>(step) % options.size()]->id, 0);
        }
    }
}

TEST(JsonPositions, LocateFindsNestedValuesEscapedKeysAndFallsBackToAncestors) {
    Diagnostics diags;
    auto f = parseJsonText("{\n  \"a\": [1,\n    {\"b/c\": true, \"d~e\": \"x\"}],\n  \"q\\\"k\": 2\n}\n", "t.json", diags);
    ASSERT_TRUE(f);
    EXPECT_EQ(f->locate("").line, 1);
    EXPECT_EQ(f->locate("/a").line, 2);
    EXPECT_EQ(f->locate("/a").column, 8);
    EXPECT_EQ(f->locate("/a/0").column, 9);
    EXPECT_EQ(f->locate("/a/1").line, 3);
    EXPECT_EQ(f->locate("/a/1").column, 5);
    EXPECT_EQ(f->locate("/a/1/b~1c").column, 13);
    EXPECT_EQ(f->locate("/a/1/d~0e").column, 26);
    EXPECT_EQ(f->locate("/q\"k").line, 4);
    // Missing values point at the nearest ancestor that exists.
    EXPECT_EQ(f->locate("/a/1/missing/deeper").column, 5);
    EXPECT_EQ(f->locate("/a/7").column, 8);
    EXPECT_EQ(f->locate("/nothing").line, 1);
    Diagnostic d = f->at(Severity::Warning, "/a/1/d~0e", "m");
    EXPECT_EQ(d.line, 3);
    EXPECT_EQ(d.column, 26);
    EXPECT_EQ(d.pointer, "/a/1/d~0e");
}

TEST(StateSpace, ShortestRouteEqualsTheRunStateReferenceOnEveryBundledCase) {
    int found = 0;
    for (const auto& p : bundledPlugins())
        for (const auto& role : p.manifest.roles)
            for (size_t i = 0; i < p.scenario->nodes.size(); i += 3) { // a third of the nodes: the reference is slow
                const Node& n = p.scenario->nodes[i];
                const std::string what = p.manifest.id + " as " + role + " to " + n.id;
                const NodeRoute got = shortestRouteTo(*p.scenario, role, n.id);
                expectSameRoute(got, referenceRoute(*p.scenario, role, n.id, 200'000), what);
                found += got.found;
            }
    EXPECT_GT(found, 40);
}

TEST(StateSpace, ShortestRouteEqualsTheRunStateReferenceOnRandomScenarios) {
    int found = 0, missed = 0, truncated = 0;
    for (unsigned seed = 1; seed <= 80; ++seed) {
        Scenario s = richRandomScenario(seed, 4 + static_cast<int>(seed % 11));
        for (const std::string role : {"class_teacher", "dsl", "social_worker"})
            for (const auto& n : s.nodes)
                for (size_t limit : {size_t{200'000}, size_t{4}}) {
                    const std::string what = "seed " + std::to_string(seed) + " as " + role + " to " + n.id +
                                             " limit " + std::to_string(limit);
                    const NodeRoute got = shortestRouteTo(s, role, n.id, limit);
                    expectSameRoute(got, referenceRoute(s, role, n.id, limit), what);
                    found += got.found;
                    missed += !got.found && !got.truncated;
                    truncated += got.truncated;
                }
    }
    // The generator reaches every outcome: found, unreachable and given up.
    EXPECT_GT(found, 100);
    EXPECT_GT(missed, 20);
    EXPECT_GT(truncated, 20);
}

TEST(StateSpace, ExploreStatesKeepsShortestParentsDistancesAndTraps) {
    for (unsigned seed = 1; seed <= 60; ++seed) {
        Scenario s = richRandomScenario(seed, 4 + static_cast<int>(seed % 11));
        for (const std::string role : {"class_teacher", "dsl", "social_worker"}) {
            SCOPED_TRACE("seed " + std::to_string(seed) + " as " + role);
            const StateSpace space(s, role);
            const StateGraph g = exploreStates(space);
            ASSERT_FALSE(g.truncated);
            ASSERT_FALSE(g.vertices.empty());
            std::vector<int> depth(g.vertices.size(), 0);
            for (size_t i = 0; i < g.vertices.size(); ++i) {
                const auto& v = g.vertices[i];
                EXPECT_TRUE(v.expanded);
                if (v.parent >= 0) depth[i] = depth[static_cast<size_t>(v.parent)] + 1;
                EXPECT_EQ(g.route(space, static_cast<int>(i)).size(), static_cast<size_t>(depth[i]));
                const Node& n = s.nodes[static_cast<size_t>(v.node)];
                if (n.type == NodeType::Ending) {
                    EXPECT_EQ(v.distance, 0);
                }
                int best = -1;
                bool settles = v.distance >= 0 || v.broken();
                for (const auto& e : v.edges) {
                    if (e.to < 0) continue;
                    // breadth first: no edge skips more than one level forward
                    EXPECT_LE(depth[static_cast<size_t>(e.to)], depth[i] + 1);
                    const int d = g.vertices[static_cast<size_t>(e.to)].distance;
                    if (d >= 0 && (best < 0 || d + 1 < best)) best = d + 1;
                    settles = settles || !g.vertices[static_cast<size_t>(e.to)].trapped;
                }
                if (n.type != NodeType::Ending) {
                    EXPECT_EQ(v.distance, best) << n.id;
                }
                EXPECT_EQ(v.trapped, !settles) << n.id;
            }
        }
    }
}
