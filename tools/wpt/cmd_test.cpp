// wpt test: plays a scenario through the runner, as every playable role, until every option of every
// decision has been played at least once and every ending reached (ChoiceScript's "quicktest"), and
// optionally N seeded random runs ("randomtest") with a visit count per node. The lint proves the
// same properties by analysis; this command proves them by playing, so a broken state comes back
// with the exact choices that lead to it.
//
//   wpt test PLUGIN_DIR [--role R] [--random N] [--seed S] [--max-steps N] [--json] [--content DIR]
//
// How the covering plays are found: the core's breadth-first search over run states (wp::exploreStates
// on wp::StateSpace's compact states, which follow the runner's rules; memoised on what can change the
// future: node, stage, flags and the facts some condition asks about) finds, for each reachable (decision, option), the
// shortest path to a state where it is available. Each target is then played from the start through
// the runner itself (wp::chooseInPlace / wp::proceedInPlace on a real RunState), the option is
// chosen, and the play continues to an ending, preferring options not yet played, so a handful of
// plays usually covers everything.
//
// Unlike `wpt play`, this command still plays a scenario that has lint errors, as long as it parses
// and every "next" names an existing node: the author then sees where a run actually breaks. The exit
// status is 1 whenever the lint found errors or a run broke.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <iomanip>
#include <iostream>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <nlohmann/json.hpp>

#include "wholepicture/core/analysis.h"
#include "wholepicture/core/challenge.h"
#include "wholepicture/core/knowledge.h"
#include "wholepicture/core/loader.h"
#include "wholepicture/core/paths.h"
#include "wholepicture/core/runner.h"
#include "wholepicture/core/state_space.h"
#include "wholepicture/core/two_lanes.h"
#include "commands.h"
#include "common.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct TestArgs {
    std::string dir;
    std::string role;
    std::string content;
    int randomRuns = 0;
    std::uint32_t seed = 1;
    size_t maxSteps = 0; // 0 = derived from the scenario's size
    bool json = false;
    bool noCache = false; // lint again even when an earlier clean lint of the same bytes is cached
};

// One way a run broke. Kinds: dead_end (no option available), no_branch (no "next" applies),
// bad_effect (an option refers to something the scenario does not define), loop (no ending can be
// reached from a state), step_limit (a run did not end), unplayed_option / unreached_ending (coverage
// that the analysis promises but no play achieved), truncated (too many states to explore).
struct Failure {
    std::string kind;
    std::string role;
    std::string node;
    std::string option;
    std::string message;
    std::vector<std::string> path; // the steps that lead here: "node:option", or "node" for a continue
    std::string pointer;           // JSON pointer in the scenario file, for file:line
    int runs = 1;                  // how many random runs hit it (1 for the others)
};

struct RandomReport {
    int runs = 0;
    int brokenRuns = 0;
    std::map<std::string, int> visits;  // node -> visits over all runs
    std::map<std::string, int> endings; // ending -> runs that finished there
};

struct RoleReport {
    std::string role;
    size_t optionsForRole = 0; // options of the role at any decision (roles filter only)
    size_t optionsReachable = 0;
    size_t optionsPlayed = 0;
    std::vector<std::string> unreachableOptions; // "node:option", for the role, never available on any path
    std::set<std::string> endingsReached;
    size_t endingsTotal = 0;
    std::set<std::string> thresholdsPlaced; // threshold points where a play placed the child and chose
    size_t thresholdsTotal = 0;             // threshold points at decisions this role can reach
    std::set<std::string> chronologiesBuilt; // chronology points where a play entered a fact and chose
    size_t chronologiesTotal = 0;            // chronology points at decisions this role can reach
    std::set<std::string> challengesMade;    // challenge points where a play challenged, escalated and chose
    size_t challengesTotal = 0;              // challenge points open to this role at decisions it can reach
    size_t plays = 0;
    size_t playSteps = 0;
    size_t states = 0;
    double seconds = 0;         // wall time for this role (search, plays, random runs)
    double analysisSeconds = 0; // of which wp::analyseRole
    std::vector<Failure> failures;
    std::optional<RandomReport> random;
};

int usageError(const std::string& msg) { return wpt::usageError("test", msg); }

std::optional<TestArgs> parseArgs(const std::vector<std::string>& args, int& exitCode) {
    TestArgs a;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& x = args[i];
        auto value = [&]() -> std::optional<std::string> {
            if (i + 1 >= args.size()) return std::nullopt;
            return args[++i];
        };
        auto number = [&](long long lo, long long hi) -> std::optional<long long> {
            auto v = value();
            if (!v) return std::nullopt;
            try {
                size_t used = 0;
                long long n = std::stoll(*v, &used);
                if (used != v->size() || n < lo || n > hi) return std::nullopt;
                return n;
            } catch (...) {
                return std::nullopt;
            }
        };
        if (x == "--json") {
            a.json = true;
        } else if (x == "--no-cache") {
            a.noCache = true;
        } else if (x == "--role" || x == "--content") {
            auto v = value();
            if (!v) return exitCode = usageError(x + " needs a value"), std::nullopt;
            (x == "--role" ? a.role : a.content) = *v;
        } else if (x == "--random") {
            auto n = number(0, 1'000'000);
            if (!n) return exitCode = usageError("--random needs a number of runs from 0 to 1000000"), std::nullopt;
            a.randomRuns = static_cast<int>(*n);
        } else if (x == "--seed") {
            auto n = number(0, 4'294'967'295LL);
            if (!n) return exitCode = usageError("--seed needs a whole number from 0 to 4294967295"), std::nullopt;
            a.seed = static_cast<std::uint32_t>(*n);
        } else if (x == "--max-steps") {
            auto n = number(1, 100'000'000);
            if (!n) return exitCode = usageError("--max-steps needs a positive number"), std::nullopt;
            a.maxSteps = static_cast<size_t>(*n);
        } else if (x.rfind("--", 0) == 0) {
            return exitCode = usageError("unknown option " + x), std::nullopt;
        } else if (a.dir.empty()) {
            a.dir = x;
        } else {
            return exitCode = usageError("test takes one plugin folder (got \"" + a.dir + "\" and \"" + x + "\")"), std::nullopt;
        }
    }
    if (a.dir.empty()) return exitCode = usageError("test needs a plugin folder"), std::nullopt;
    return a;
}

// The plugin as the loader reads it, but kept when the lint finds errors (see the header comment).
struct LoadedPlugin {
    wp::PluginManifest manifest;
    std::optional<wp::JsonFile> scenarioFile;
    std::optional<wp::Scenario> scenario;
    wp::Diagnostics diagnostics;
    bool lintRan = false;
    bool lintCached = false; // the lint's result came from the cache (lint_cache.h): unchanged since a clean lint
    bool caseFromCache = false; // the scenario came from its compiled form in the same cache (compiled_case.h)
    std::string notRunnable; // why the runner cannot be used on it, or ""
};

// Node references the runner relies on (it asserts on them rather than failing softly).
std::string danglingNodeReference(const wp::Scenario& s) {
    if (!s.node(s.start)) return "the start node \"" + s.start + "\" does not exist";
    auto check = [&](const std::vector<wp::Branch>& next, const std::string& from) -> std::string {
        for (const auto& b : next)
            if (!s.node(b.to)) return "\"" + from + "\" leads to node \"" + b.to + "\", which does not exist";
        return "";
    };
    for (const auto& n : s.nodes) {
        if (auto m = check(n.next, n.id); !m.empty()) return m;
        for (const auto& o : n.options)
            if (auto m = check(o.next, n.id + ":" + o.id); !m.empty()) return m;
    }
    return "";
}

LoadedPlugin loadForTesting(const fs::path& dir, const wp::KnowledgeBase& kb, const wp::LintCache& cache) {
    LoadedPlugin p;
    auto manifestFile = wp::loadJsonFileInFolder(dir, "plugin.json", p.diagnostics, (dir / "plugin.json").string());
    if (!manifestFile) return p.notRunnable = "plugin.json could not be read", p;
    auto manifest = wp::parseManifest(*manifestFile, kb, p.diagnostics);
    if (!manifest || wp::hasErrors(p.diagnostics)) return p.notRunnable = "plugin.json has errors", p;
    p.manifest = *manifest;
    if (p.manifest.entry.size() != 1) return p.notRunnable = "plugin.json must name one scenario file", p;
    const std::string& entry = p.manifest.entry.front();
    if (std::string problem = wp::relativePathProblem(entry); !problem.empty()) {
        p.diagnostics.push_back(manifestFile->at(wp::Severity::Error, "/entry/0", "entry \"" + entry + "\" " + problem));
        return p.notRunnable = "plugin.json has errors", p;
    }
    // An unchanged case read cleanly before comes from its compiled form, not its JSON (compiled_case.h).
    wp::ScenarioRead read = wp::readScenarioFile(dir, entry, kb, manifestFile->text, &cache, p.diagnostics);
    p.scenarioFile = std::move(read.file);
    if (!p.scenarioFile) return p.notRunnable = "the scenario file could not be read", p;
    p.caseFromCache = read.fromCache;
    // The tree is read; findings are located in the text. Freed beside the lint, it is not held beside
    // the plays (a large case's tree is six times its text).
    const std::shared_future<void> treeFreed = wp::freeTreeBeside(*p.scenarioFile).share();
    p.scenario = std::move(read.scenario);
    if (!p.scenario || wp::hasErrors(p.diagnostics)) return p.notRunnable = "the scenario file has structural errors", p;
    // An unchanged case whose last lint was clean is not linted again (`wpt lint` stores it too).
    wp::LoadStats stats;
    wp::CompiledCaseStore store(read, dir, &cache, *p.scenario, treeFreed);
    wp::lintScenarioCached(*p.scenario, p.manifest, kb, *p.scenarioFile, dir, manifestFile->text, &cache, p.diagnostics, &stats,
                           read.signature);
    store.finish(!wp::hasErrors(p.diagnostics));
    p.lintCached = stats.cacheHit;
    p.lintRan = true;
    if (auto m = danglingNodeReference(*p.scenario); !m.empty()) p.notRunnable = m;
    return p;
}

// What an option refers to that the scenario (or the knowledge base) does not define. The lint
// reports these for files; this repeats the check at the moment the option is played, so that a
// scenario edited or generated in memory is held to the same rule.
std::vector<std::string> missingReferences(const wp::Scenario& s, const wp::KnowledgeBase& kb, const wp::Option& o) {
    std::vector<std::string> out;
    auto fact = [&](const std::string& id) {
        if (!s.fact(id)) out.push_back("fact \"" + id + "\"");
    };
    auto flag = [&](const std::string& id) {
        if (!s.flagIndex.count(id)) out.push_back("flag \"" + id + "\"");
    };
    auto role = [&](const std::string& id) {
        if (!kb.roles.empty() && !kb.role(id)) out.push_back("role \"" + id + "\"");
    };
    auto cast = [&](const std::string& id) {
        if (!s.castMember(id)) out.push_back("cast member \"" + id + "\"");
    };
    std::function<void(const wp::Condition&)> condition = [&](const wp::Condition& c) {
        for (const auto& f : c.flagsSet) flag(f);
        for (const auto& f : c.flagsUnset) flag(f);
        for (const auto& k : c.knows) {
            fact(k.fact);
            role(k.role);
        }
        for (const auto& alt : c.any) condition(alt); // OR parts are held to the same rule
    };
    condition(o.when);
    for (const auto& sh : o.effects.share) {
        fact(sh.fact);
        for (const auto& r : sh.to) role(r);
    }
    for (const auto& l : o.effects.links) {
        cast(l.from);
        cast(l.to);
    }
    for (const auto& [dim, delta] : o.effects.scores) {
        (void)delta;
        if (std::none_of(s.dimensions.begin(), s.dimensions.end(), [&](const wp::DimensionWeight& d) { return d.id == dim; }))
            out.push_back("dimension \"" + dim + "\" (not in the scenario's \"dimensions\")");
    }
    for (const auto& f : o.effects.set) flag(f);
    for (const auto& f : o.effects.clear) flag(f);
    if (!o.critical.empty() && !s.criticalAction(o.critical)) out.push_back("critical action \"" + o.critical + "\"");
    return out;
}

// (node, option) sets looked up at every step of every play: hashed, not ordered (ids share long prefixes),
// and looked up by views (StepView), so that a lookup copies no id: the plays look up every edge they pass.
using StepKey = std::pair<std::string, std::string>;
using StepView = std::pair<std::string_view, std::string_view>;
struct StepKeyHash {
    using is_transparent = void;
    size_t operator()(const StepView& k) const {
        size_t h = std::hash<std::string_view>()(k.first);
        return h ^ (std::hash<std::string_view>()(k.second) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2));
    }
    size_t operator()(const StepKey& k) const { return (*this)(StepView(k.first, k.second)); }
};
struct StepKeyEqual {
    using is_transparent = void;
    static StepView view(const StepKey& k) { return {k.first, k.second}; }
    static StepView view(const StepView& k) { return k; }
    bool operator()(const auto& a, const auto& b) const { return view(a) == view(b); }
};

std::string stepName(const std::string& node, const std::string& option) {
    return option.empty() ? node : node + ":" + option;
}

// Plays one role. All runner calls use the real wp::choose / wp::proceed.
class RoleTester {
public:
    RoleTester(const wp::Scenario& s, const wp::KnowledgeBase& kb, std::string role, size_t maxSteps)
        : m_s(s), m_kb(kb), m_maxSteps(maxSteps), m_space(s, role) {
        m_report.role = std::move(role);
    }

    [[nodiscard]] RoleReport run(int randomRuns, std::uint32_t seed) {
        auto started = std::chrono::steady_clock::now();
        explore();
        coverWithPlays();
        if (randomRuns > 0) randomRunsFor(randomRuns, seed);
        m_report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        return std::move(m_report);
    }

private:
    static constexpr size_t kStateLimit = 500'000; // far beyond any real case; guards pathological content

    const wp::Scenario& m_s;
    const wp::KnowledgeBase& m_kb;
    size_t m_maxSteps;
    RoleReport m_report;
    wp::StateSpace m_space; // the search's states; plays use real RunStates
    wp::StateGraph m_graph; // every reachable state (wp::exploreStates)
    std::unordered_map<StepKey, int, StepKeyHash> m_optionTarget; // (node, option) -> first state offering it
    std::map<std::string, int> m_endingTarget;                         // ending -> first state at it
    std::unordered_set<StepKey, StepKeyHash, StepKeyEqual> m_played;
    std::set<std::tuple<std::string, std::string, std::string>> m_reported; // (kind, node, option)
    std::unordered_set<StepKey, StepKeyHash> m_effectsChecked;

    const wp::StateGraph::Vertex& vertex(int v) const { return m_graph.vertices[static_cast<size_t>(v)]; }
    const wp::Node& nodeOf(int v) const { return m_s.nodes[static_cast<size_t>(vertex(v).node)]; }

    std::vector<std::string> pathTo(int state) const {
        std::vector<std::string> out;
        for (const auto& step : m_graph.route(m_space, state)) out.push_back(stepName(step.node, step.option));
        return out;
    }

    const std::string& pointerOf(const std::string& node, const std::string& option = "") const {
        static const std::string none;
        const wp::Node* n = m_s.node(node);
        if (!n) return none;
        for (const auto& o : n->options)
            if (o.id == option) return o.pointer;
        return n->pointer;
    }

    // Records a failure once per (kind, node, option); later hits only count (random runs).
    void fail(std::string kind, const std::string& node, const std::string& option, std::string message,
              std::vector<std::string> path) {
        if (!m_reported.emplace(kind, node, option).second) {
            for (auto& f : m_report.failures)
                if (f.kind == kind && f.node == node && f.option == option) ++f.runs;
            return;
        }
        m_report.failures.push_back({std::move(kind), m_report.role, node, option, std::move(message), std::move(path),
                                     pointerOf(node, option), 1});
    }

    // `pathOf` is called only when something is missing: building a path costs as much as the run so far.
    template <typename PathOf>
    bool checkEffects(const std::string& node, const wp::Option& o, PathOf&& pathOf) {
        if (!m_effectsChecked.emplace(node, o.id).second) return true;
        auto missing = missingReferences(m_s, m_kb, o);
        if (missing.empty()) return true;
        fail("bad_effect", node, o.id, "option \"" + o.id + "\" at \"" + node + "\" refers to " + wp::joinList(missing) +
                                           ", which the scenario does not define", pathOf());
        return false;
    }

    // Breadth first over compact states (wp::exploreStates follows the runner's rules; the plays below
    // then go through the runner itself). The failures are reported in the order the search met them.
    void explore() {
        wp::StateSearch search;
        search.stateLimit = kStateLimit + 1; // stop once more than kStateLimit states are known
        m_graph = wp::exploreStates(m_space, search);
        for (size_t i = 0; i < m_graph.vertices.size() && m_graph.vertices[i].expanded; ++i) {
            const int index = static_cast<int>(i);
            const wp::StateGraph::Vertex& v = m_graph.vertices[i];
            const wp::Node& n = nodeOf(index);
            if (n.type == wp::NodeType::Ending) {
                m_endingTarget.emplace(n.id, index);
            } else if (n.type == wp::NodeType::Narrative) {
                if (v.edges.front().to < 0) fail("no_branch", n.id, "", wp::noWayOnMessage(n.id), pathTo(index));
            } else {
                if (v.deadEnd)
                    fail("dead_end", n.id, "", "no option is available to " + m_report.role + " at \"" + n.id +
                                                   "\" in this state (check the options' \"roles\" and \"when\")",
                         pathTo(index));
                for (const auto& e : v.edges) {
                    const wp::Option& o = n.options[static_cast<size_t>(e.option)];
                    m_optionTarget.emplace(std::make_pair(n.id, o.id), index);
                    checkEffects(n.id, o, [&] { return pathTo(index); });
                    if (e.to < 0) fail("no_branch", n.id, o.id, "choosing \"" + o.id + "\": " + wp::noWayOnMessage(n.id), pathTo(index));
                }
            }
        }
        if (m_graph.truncated)
            fail("truncated", m_s.start, "", "stopped after " + std::to_string(kStateLimit) +
                                                 " distinct states; coverage below is incomplete", {});
        m_report.states = m_graph.vertices.size();
        // A state from which neither an ending nor a reported failure can be reached goes round for ever.
        if (!m_graph.truncated)
            for (size_t i = 0; i < m_graph.vertices.size(); ++i)
                if (m_graph.vertices[i].trapped) {
                    const std::string& node = nodeOf(static_cast<int>(i)).id;
                    fail("loop", node, "", "from \"" + node + "\" no ending can be reached: the case goes round in a loop",
                         pathTo(static_cast<int>(i)));
                }
    }

    // Applies one step through the runner; returns false (with a failure recorded) if it breaks.
    bool step(wp::RunState& st, const std::string& option, std::vector<std::string>& path) {
        std::string error;
        const std::string node = st.node;
        bool ok;
        if (option.empty()) {
            ok = wp::proceedInPlace(m_s, st, 0, &error);
        } else {
            const wp::Node* n = m_s.node(node);
            if (n)
                for (const auto& o : n->options)
                    if (o.id == option) checkEffects(node, o, [&] { return path; });
            // At a threshold point the play places the child first (a different level each play, so the
            // plays between them try every level) and checks the placement stays with the step.
            std::optional<wp::ThresholdLevel> placed;
            if (n && n->threshold) {
                placed = static_cast<wp::ThresholdLevel>((m_report.plays + path.size()) % wp::kThresholdLevelCount);
                if (!wp::placeThreshold(m_s, st, *placed, &error)) {
                    fail("threshold", node, option, "placing the child at this threshold point: " + error, path);
                    return false;
                }
            }
            // At a chronology point the play enters one fact the role knows (a different one, and the other
            // mark, from play to play) and checks the chronology is closed with the choice, holding it.
            std::optional<std::pair<std::string, wp::ChronologyMark>> entered;
            if (n && n->chronology) {
                const auto known = st.known.find(st.role);
                if (known != st.known.end() && !known->second.empty()) {
                    auto fact = known->second.begin();
                    std::advance(fact, static_cast<long>((m_report.plays + path.size()) % known->second.size()));
                    const auto mark = m_report.plays % 2 ? wp::ChronologyMark::Concern : wp::ChronologyMark::Entry;
                    if (!wp::markChronology(m_s, st, *fact, mark, &error)) {
                        fail("chronology", node, option, "entering \"" + *fact + "\" in the chronology: " + error, path);
                        return false;
                    }
                    entered = std::make_pair(*fact, mark);
                }
            }
            // At a challenge point open to the role the play challenges (now, or after waiting, with a
            // different approach from play to play), escalates to where it resolves or lets it rest, or
            // accepts; it checks the challenge is closed with the choice as made.
            std::optional<wp::ChallengeRecord> challenged;
            if (n && n->challenge && n->challenge->forRole(st.role) && !n->challenge->approaches.empty()) {
                const wp::ChallengePoint& point = *n->challenge;
                const size_t variant = (m_report.plays + path.size()) % 3;
                auto move = [&](wp::ChallengeMove m, const std::string& approach = {}) {
                    if (wp::challengeMove(m_s, st, m, approach, &error)) return true;
                    fail("challenge", node, option, "a challenge move: " + error, path);
                    return false;
                };
                if (variant == 2) {
                    if (!move(wp::ChallengeMove::Accept)) return false;
                } else {
                    const auto& approach = point.approaches[m_report.plays % point.approaches.size()];
                    if (!move(variant == 0 ? wp::ChallengeMove::Now : wp::ChallengeMove::Wait) ||
                        !move(wp::ChallengeMove::Approach, approach.id))
                        return false;
                    if (variant == 0) {
                        while (st.challenges[node].reached < point.resolvesAt)
                            if (!move(wp::ChallengeMove::Escalate)) return false;
                    } else if (point.resolvesAt > 1 && !move(wp::ChallengeMove::Rest)) {
                        return false;
                    }
                }
                challenged = st.challenges[node];
            }
            ok = wp::chooseInPlace(m_s, st, option, 0, &error);
            if (ok && challenged) {
                const auto record = st.challenges.find(node);
                const bool kept = record != st.challenges.end() && record->second.closed &&
                                  record->second.timing == challenged->timing &&
                                  record->second.approach == challenged->approach &&
                                  record->second.reached == challenged->reached;
                if (!kept) {
                    fail("challenge", node, option, "the challenge made before choosing was not closed with the step", path);
                    return false;
                }
                m_report.challengesMade.insert(node);
            }
            if (ok && entered) {
                const auto record = st.chronologies.find(node);
                const bool kept = record != st.chronologies.end() && record->second.closed &&
                                  record->second.marks.count(entered->first) &&
                                  record->second.marks.at(entered->first) == entered->second;
                if (!kept) {
                    fail("chronology", node, option, "the chronology built before choosing was not closed with the step", path);
                    return false;
                }
                m_report.chronologiesBuilt.insert(node);
            }
            if (ok && placed) {
                if (st.path.empty() || st.path.back().threshold != placed) {
                    fail("threshold", node, option, "the placement made before choosing was not kept with the step", path);
                    return false;
                }
                m_report.thresholdsPlaced.insert(node);
            }
        }
        if (!ok) { // the run ends here; callers drop `st`
            fail("no_branch", node, option, option.empty() ? error : "choosing \"" + option + "\": " + error, path);
            return false;
        }
        path.push_back(stepName(node, option));
        if (!option.empty()) m_played.emplace(node, option);
        st.path.clear(); // keep the state small on long runs; `path` holds the steps
        return true;
    }

    // Plays from the start to `target` (a state found by the search), takes `option` there if given,
    // then continues to an ending, preferring options that no play has taken yet.
    void play(int target, const std::string& option) {
        ++m_report.plays;
        wp::RunState st = wp::startRun(m_s, m_report.role);
        std::vector<std::string> path;
        for (const auto& via : m_graph.route(m_space, target))
            if (!step(st, via.option, path)) return;
        if (!option.empty() && !step(st, option, path)) return;
        size_t steps = path.size();
        while (!wp::atEnding(m_s, st)) {
            if (++steps > m_maxSteps) {
                fail("step_limit", st.node, "", "a play did not reach an ending within " + std::to_string(m_maxSteps) + " steps", path);
                return;
            }
            const int at = m_graph.find(m_space, m_space.fromRunState(st));
            if (at < 0) return; // beyond a truncated search; already reported
            const wp::Node& here = nodeOf(at);
            auto optionId = [&](const wp::StateGraph::Edge& e) -> const std::string& {
                static const std::string none;
                return e.option < 0 ? none : here.options[static_cast<size_t>(e.option)].id;
            };
            const wp::StateGraph::Edge* pick = nullptr;
            for (const auto& e : vertex(at).edges) {
                if (e.to < 0) continue; // broken there; reported by the search
                int d = vertex(e.to).distance;
                if (d < 0) continue;
                bool fresh = e.option >= 0 && !m_played.count(StepView(here.id, optionId(e)));
                bool pickFresh = pick && pick->option >= 0 && !m_played.count(StepView(here.id, optionId(*pick)));
                if (!pick || (fresh && !pickFresh) || (fresh == pickFresh && d < vertex(pick->to).distance)) pick = &e;
            }
            if (!pick) return; // only broken states ahead; they are reported where they break
            if (!step(st, optionId(*pick), path)) return;
        }
        m_report.playSteps += path.size();
        m_report.endingsReached.insert(st.node);
    }

    void coverWithPlays() {
        const std::string& role = m_report.role;
        auto started = std::chrono::steady_clock::now();
        wp::RoleAnalysis analysis = wp::analyseRole(m_s, role);
        m_report.analysisSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        for (const auto& n : m_s.nodes) {
            if (n.type == wp::NodeType::Ending) ++m_report.endingsTotal;
            if (n.threshold && std::any_of(n.options.begin(), n.options.end(),
                                           [&](const wp::Option& o) { return analysis.reachableOptions.count({n.id, o.id}) > 0; }))
                ++m_report.thresholdsTotal;
            if (n.chronology && std::any_of(n.options.begin(), n.options.end(),
                                            [&](const wp::Option& o) { return analysis.reachableOptions.count({n.id, o.id}) > 0; }))
                ++m_report.chronologiesTotal;
            if (n.challenge && n.challenge->forRole(role) &&
                std::any_of(n.options.begin(), n.options.end(),
                            [&](const wp::Option& o) { return analysis.reachableOptions.count({n.id, o.id}) > 0; }))
                ++m_report.challengesTotal;
            for (const auto& o : n.options) {
                if (!wp::optionForRole(o, role)) continue;
                ++m_report.optionsForRole;
                if (!analysis.reachableOptions.count({n.id, o.id})) m_report.unreachableOptions.push_back(stepName(n.id, o.id));
            }
        }
        m_report.optionsReachable = analysis.reachableOptions.size();
        // Targets in search order, so the earliest decisions are covered first and later plays reuse them.
        std::vector<std::pair<int, std::pair<std::string, std::string>>> targets;
        for (const auto& [key, state] : m_optionTarget) targets.push_back({state, key});
        std::sort(targets.begin(), targets.end());
        for (const auto& [state, key] : targets)
            if (!m_played.count(key) && vertex(state).distance >= 0) play(state, key.second);
        for (const auto& [ending, state] : m_endingTarget)
            if (!m_report.endingsReached.count(ending)) play(state, "");
        for (const auto& key : analysis.reachableOptions)
            if (!m_played.count(key))
                fail("unplayed_option", key.first, key.second,
                     "option \"" + key.second + "\" at \"" + key.first + "\" can be reached as " + role +
                         " but no play could take it and then reach an ending",
                     {});
        m_report.optionsPlayed = 0;
        for (const auto& key : m_played)
            if (analysis.reachableOptions.count(key)) ++m_report.optionsPlayed;
        for (const auto& n : m_s.nodes)
            if (n.type == wp::NodeType::Ending && !m_report.endingsReached.count(n.id))
                fail("unreached_ending", n.id, "", "no play as " + role + " reached the ending \"" + n.id + "\"", {});
    }

    // Seeded random runs. std::mt19937 is specified exactly by the standard, and taking `rng() % n`
    // (instead of std::uniform_int_distribution, whose algorithm each library chooses) keeps the same
    // seed giving the same runs on every platform; the slight bias does not matter here.
    void randomRunsFor(int runs, std::uint32_t seed) {
        RandomReport r;
        r.runs = runs;
        std::mt19937 rng(seed);
        for (int run = 0; run < runs; ++run) {
            wp::RunState st = wp::startRun(m_s, m_report.role);
            std::vector<std::string> path;
            bool broken = false;
            for (size_t steps = 0;; ++steps) {
                ++r.visits[st.node];
                const wp::Node& n = wp::currentNode(m_s, st);
                if (n.type == wp::NodeType::Ending) {
                    ++r.endings[n.id];
                    break;
                }
                if (steps >= m_maxSteps) {
                    fail("step_limit", n.id, "", "a random run did not reach an ending within " + std::to_string(m_maxSteps) + " steps", path);
                    broken = true;
                    break;
                }
                std::string option;
                if (n.type == wp::NodeType::Decision) {
                    auto options = wp::availableOptions(m_s, st);
                    if (options.empty()) {
                        fail("dead_end", n.id, "", "no option is available to " + m_report.role + " at \"" + n.id +
                                                       "\" in this state (check the options' \"roles\" and \"when\")", path);
                        broken = true;
                        break;
                    }
                    option = options[rng() % options.size()]->id;
                }
                if (!step(st, option, path)) {
                    broken = true;
                    break;
                }
            }
            if (broken) ++r.brokenRuns;
        }
        m_report.random = std::move(r);
    }
};

json failureToJson(const Failure& f) {
    return {{"kind", f.kind}, {"role", f.role}, {"node", f.node}, {"option", f.option}, {"message", f.message},
            {"path", f.path}, {"pointer", f.pointer}, {"runs", f.runs}};
}

wp::Diagnostic failureDiagnostic(const Failure& f, const LoadedPlugin& p, const std::string& scenarioPath) {
    std::string msg = "[" + f.kind + "] as " + f.role + ": " + f.message;
    if (f.runs > 1) msg += " (" + std::to_string(f.runs) + " random runs)";
    if (!f.path.empty()) {
        msg += "; reached by ";
        const size_t shown = 12; // long paths: the last steps are the ones that explain the state
        size_t from = f.path.size() > shown ? f.path.size() - shown : 0;
        if (from > 0) msg += "... ";
        for (size_t i = from; i < f.path.size(); ++i) msg += (i > from ? ", " : "") + f.path[i];
    } else if (f.kind != "unplayed_option" && f.kind != "unreached_ending" && f.kind != "truncated") {
        msg += "; at the start";
    }
    if (p.scenarioFile && !f.pointer.empty()) return p.scenarioFile->at(wp::Severity::Error, f.pointer, msg);
    return {wp::Severity::Error, scenarioPath, 0, 0, f.pointer, msg};
}

std::string percent(size_t part, size_t whole) {
    if (whole == 0) return "100%";
    std::ostringstream o;
    o << (100 * part / whole) << "%";
    return o.str();
}

int runTest(const std::vector<std::string>& args) {
    int exitCode = 0;
    auto parsed = parseArgs(args, exitCode);
    if (!parsed) return exitCode;
    const TestArgs& a = *parsed;
    wp::Diagnostics kbDiags;
    wp::KnowledgeBase kb = wpt::loadKnowledge(a.content, kbDiags);
    std::error_code ec;
    if (!fs::is_directory(a.dir, ec)) {
        std::cerr << "wpt test: no such folder \"" << a.dir << "\"; give a plugin folder (with plugin.json)\n";
        return 1;
    }
    auto loadStarted = std::chrono::steady_clock::now();
    LoadedPlugin p = loadForTesting(a.dir, kb, wpt::lintCache(a.noCache));
    double loadSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - loadStarted).count();
    for (const auto& d : kbDiags) p.diagnostics.insert(p.diagnostics.begin(), d);
    const size_t lintErrors = wp::countSeverity(p.diagnostics, wp::Severity::Error);
    const size_t lintWarnings = wp::countSeverity(p.diagnostics, wp::Severity::Warning);
    std::vector<std::string> roles = p.manifest.roles;
    if (!a.role.empty()) {
        if (p.notRunnable.empty() && !wpt::playable(p.manifest, a.role))
            return usageError(wpt::notPlayableMessage(p.manifest, a.role));
        roles = {a.role};
    }
    std::vector<RoleReport> reports;
    if (p.notRunnable.empty()) {
        const wp::Scenario& s = *p.scenario;
        size_t maxSteps = a.maxSteps ? a.maxSteps : std::max<size_t>(1000, 4 * s.nodes.size());
        // In two lanes (two_lanes.h): each role's random runs have their own generator from the same
        // seed, and share only the scenario and the knowledge base, read-only.
        reports = wp::inTwoLanes<RoleReport>(roles.size(), [&](size_t i) { return RoleTester(s, kb, roles[i], maxSteps).run(a.randomRuns, a.seed); });
    }
    std::string scenarioPath = p.scenarioFile ? p.scenarioFile->path : (fs::path(a.dir) / "plugin.json").string();
    size_t failures = 0;
    for (const auto& r : reports) failures += r.failures.size();
    const bool ok = lintErrors == 0 && failures == 0 && p.notRunnable.empty();

    if (a.json) {
        json out = {{"plugin", p.manifest.id}, {"dir", a.dir}, {"ok", ok}, {"lint", {{"errors", lintErrors}, {"warnings", lintWarnings}, {"seconds", loadSeconds}, {"cached", p.lintCached}, {"case_cached", p.caseFromCache}}},
                    {"diagnostics", json::array()}, {"roles", json::array()}, {"failures", json::array()}};
        for (const auto& d : p.diagnostics)
            out["diagnostics"].push_back({{"severity", wp::severityName(d.severity)}, {"file", d.file}, {"line", d.line},
                                          {"column", d.column}, {"pointer", d.pointer}, {"message", d.message}});
        if (!p.notRunnable.empty()) out["not_runnable"] = p.notRunnable;
        for (const auto& r : reports) {
            json rj = {{"role", r.role},
                       {"options", {{"played", r.optionsPlayed}, {"reachable", r.optionsReachable}, {"for_role", r.optionsForRole},
                                    {"never_available", r.unreachableOptions}}},
                       {"endings", {{"reached", std::vector<std::string>(r.endingsReached.begin(), r.endingsReached.end())},
                                    {"total", r.endingsTotal}}},
                       {"thresholds", {{"placed", std::vector<std::string>(r.thresholdsPlaced.begin(), r.thresholdsPlaced.end())},
                                       {"total", r.thresholdsTotal}}},
                       {"chronologies", {{"built", std::vector<std::string>(r.chronologiesBuilt.begin(), r.chronologiesBuilt.end())},
                                         {"total", r.chronologiesTotal}}},
                       {"challenges", {{"made", std::vector<std::string>(r.challengesMade.begin(), r.challengesMade.end())},
                                       {"total", r.challengesTotal}}},
                       {"plays", r.plays}, {"play_steps", r.playSteps}, {"states", r.states}, {"failures", r.failures.size()},
                       {"seconds", r.seconds}, {"analysis_seconds", r.analysisSeconds}};
            if (r.random) {
                rj["random"] = {{"runs", r.random->runs}, {"seed", a.seed}, {"broken_runs", r.random->brokenRuns},
                                {"visits", r.random->visits}, {"endings", r.random->endings}};
            }
            out["roles"].push_back(rj);
            for (const auto& f : r.failures) out["failures"].push_back(failureToJson(f));
        }
        std::cout << wp::dumpJson(out, 2) << "\n";
        return wpt::exitWithoutFreeing(ok ? 0 : 1);
    }

    std::ostream& o = std::cout;
    o << "wpt test " << a.dir << (p.manifest.name.empty() ? "" : " (" + p.manifest.name + ")") << "\n";
    for (const auto& d : p.diagnostics)
        if (d.severity == wp::Severity::Error) o << wp::formatDiagnostic(d) << "\n";
    o << "lint: " << lintErrors << (lintErrors == 1 ? " error, " : " errors, ") << lintWarnings
      << (lintWarnings == 1 ? " warning" : " warnings") << (lintWarnings ? " (run 'wpt lint' for details)" : "")
      << (p.lintCached ? " (unchanged since its last lint: the result is from the cache; --no-cache lints again)" : "") << "\n";
    if (!p.notRunnable.empty()) {
        o << "cannot play: " << p.notRunnable << "\nresult: FAILED\n";
        return 1;
    }
    if (lintErrors) o << "playing anyway, to show where runs break:\n";
    for (const auto& r : reports) {
        o << "as " << kb.roleName(r.role) << " (" << r.role << "): options " << r.optionsPlayed << "/" << r.optionsReachable
          << " played (" << percent(r.optionsPlayed, r.optionsReachable) << ")";
        if (!r.unreachableOptions.empty()) o << ", " << r.unreachableOptions.size() << " more never available to this role";
        o << "; endings " << r.endingsReached.size() << "/" << r.endingsTotal << " reached";
        if (r.thresholdsTotal > 0) o << "; threshold points " << r.thresholdsPlaced.size() << "/" << r.thresholdsTotal << " placed";
        if (r.chronologiesTotal > 0)
            o << "; chronology points " << r.chronologiesBuilt.size() << "/" << r.chronologiesTotal << " built";
        if (r.challengesTotal > 0)
            o << "; challenge points " << r.challengesMade.size() << "/" << r.challengesTotal << " played";
        o << "; " << r.plays
          << (r.plays == 1 ? " play, " : " plays, ") << r.states << " states explored\n";
        if (!r.unreachableOptions.empty() && r.unreachableOptions.size() <= 12) {
            o << "  never available as " << r.role << ":";
            for (const auto& u : r.unreachableOptions) o << " " << u;
            o << "\n";
        }
    }
    if (a.randomRuns > 0 && !reports.empty()) {
        o << "\nrandom runs: " << a.randomRuns << " per role, seed " << a.seed << " (repeat with --random " << a.randomRuns
          << " --seed " << a.seed << ")\n";
        size_t width = 4;
        for (const auto& n : p.scenario->nodes) width = std::max(width, n.id.size());
        o << "  " << std::left << std::setw(static_cast<int>(width)) << "node";
        for (const auto& r : reports) o << "  " << std::right << std::setw(14) << kb.roleShort(r.role);
        o << "\n";
        for (const auto& n : p.scenario->nodes) {
            o << "  " << std::left << std::setw(static_cast<int>(width)) << n.id;
            for (const auto& r : reports) {
                auto it = r.random->visits.find(n.id);
                o << "  " << std::right << std::setw(14) << (it == r.random->visits.end() ? 0 : it->second);
            }
            o << "\n";
        }
        for (const auto& r : reports)
            if (r.random->brokenRuns) o << "  as " << r.role << ": " << r.random->brokenRuns << " of " << r.random->runs << " runs broke\n";
    }
    for (const auto& r : reports)
        for (const auto& f : r.failures) o << wp::formatDiagnostic(failureDiagnostic(f, p, scenarioPath)) << "\n";
    o << "result: " << (ok ? "OK" : "FAILED");
    if (failures) o << " (" << failures << (failures == 1 ? " failure" : " failures") << ")";
    o << "\n";
    return wpt::exitWithoutFreeing(ok ? 0 : 1);
}

[[maybe_unused]] const bool kRegistered = wpt::registerCommand(
    {"test", "test PLUGIN_DIR [--role R] [--random N --seed S] [--max-steps N] [--json] [--no-cache]",
     "play every option of every decision as each role, plus N seeded random runs; report coverage, visits, broken runs",
     &runTest});

} // namespace
