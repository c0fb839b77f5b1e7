// The run states of one scenario for one role, compiled to dense integer indices, for code that
// explores many states (path analysis, `wpt test`). A RunState holds maps and sets of strings, which
// is right for a session and costly when copied hundreds of thousands of times; a StateSpace::State
// holds a node index, the stage reached and one bit set.
//
// - Only what can change what happens next is kept: the node, the stage reached, every flag the
//   scenario mentions, and the (role, fact) pairs some condition asks about ("watched" pairs).
//   Scores, the map, the path, critical choices and facts no condition reads are left out; scores
//   are the sum of the options' deltas along the way (see optionDeltas).
// - The rules are the runner's (runner.cpp): the first branch whose condition holds is taken, a
//   share or a stage entered adds known facts, flags are set and then cleared. StateSpace is
//   checked against the runner on every bundled case and on random graphs (state_space_test.cpp).
// - Built once per (scenario, role) in time linear in the scenario's size; the Scenario must outlive it.
// - exploreStates() below is the one breadth-first search over these states: `wpt test`'s coverage
//   and author mode's shortestRouteTo use it (the path analysis is a depth-first memo of its own, as
//   it folds scores on the way back).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "wholepicture/core/runner.h"
#include "wholepicture/core/scenario.h"

namespace wp {

class StateSpace {
public:
    // `watchKeyFacts` also keeps the (needed_by role, key fact) pairs the whole-picture measure counts,
    // for bestWholePicture(); the search then tells apart states that differ only in those.
    StateSpace(const Scenario& s, std::string role, bool watchKeyFacts = false);

    struct State {
        int node = -1;         // index into Scenario::nodes
        int stageReached = -1; // as RunState::stageReached
        std::vector<std::uint64_t> bits; // flags (flagIndex order), then watched (role, fact) pairs
    };

    // Why a step could not be taken (the runner's error, for messages).
    enum class StepError { None, NoBranch };

    [[nodiscard]] const Scenario& scenario() const { return m_s; }
    [[nodiscard]] const std::string& role() const { return m_role; }

    [[nodiscard]] State start() const;                         // as startRun(s, role)
    [[nodiscard]] State fromRunState(const RunState& st) const; // st.role must be role()
    [[nodiscard]] const Node& node(const State& st) const { return m_s.nodes[static_cast<size_t>(st.node)]; }

    // Options of the state's decision open to the role now, as indices into Node::options, in order
    // (as availableOptions). Empty for narratives and endings.
    void availableOptions(const State& st, std::vector<int>& out) const;
    // The state after option `option` (an index from availableOptions) or, with -1, after continuing
    // past a narrative. False when no "next" branch applies (or it names a node that does not exist).
    bool step(const State& st, int option, State& out) const;

    // Memo keys: the node, flags and watched facts (and the stage reached when `withStage`), as bytes.
    void key(const State& st, bool withStage, std::string& out) const;
    [[nodiscard]] std::string key(const State& st, bool withStage) const {
        std::string k;
        key(st, withStage, k);
        return k;
    }

    // Score deltas of an option per scenario dimension (Scenario::dimensions order; unknown ones ignored).
    [[nodiscard]] const std::vector<int>& optionDeltas(int node, int option) const;
    [[nodiscard]] double optionWeighted(int node, int option) const; // sum of weight x delta

    // Readable queries, for tests and messages.
    [[nodiscard]] bool flagSet(const State& st, const std::string& flag) const;
    [[nodiscard]] bool knowsWatched(const State& st, const std::string& role, const std::string& fact) const;
    [[nodiscard]] size_t flagCount() const { return m_flagIds.size(); }
    [[nodiscard]] size_t watchedCount() const { return m_pairs.size(); }
    [[nodiscard]] int nodeIndex(const std::string& id) const; // -1 if none
    // The (role, fact) pairs some condition asks about, sorted and unique; bit flagCount() + i is pair i.
    [[nodiscard]] const std::vector<std::pair<std::string, std::string>>& watchedPairs() const { return m_pairs; }

private:
    struct Cond {
        std::vector<int> set, unset; // bit indices that must be set / clear
        std::vector<Cond> any;       // at least one must hold (empty: no OR part)
        bool holds(const std::vector<std::uint64_t>& bits) const;
    };
    struct Next {
        Cond when;
        int to = -1; // node index, -1 if it names no node
    };
    struct CompiledOption {
        bool forRole = false;
        Cond when;
        std::vector<int> add;   // bits set by the option's shares
        std::vector<int> set;   // flag bits set, then
        std::vector<int> clear; // flag bits cleared
        std::vector<Next> next;
        std::vector<int> deltas; // per dimension
        double weighted = 0;
    };
    struct CompiledNode {
        int stage = -1; // stage order, -1 if none
        std::vector<Next> next;
        std::vector<CompiledOption> options;
        std::vector<int> reveals; // narrative: pair bits set on passing it
    };

    const Scenario& m_s;
    std::string m_role;
    std::vector<std::string> m_flagIds;                       // bit i = flag m_flagIds[i]
    std::vector<std::pair<std::string, std::string>> m_pairs; // bit flagCount + i = (role, fact)
    std::unordered_map<std::string, int> m_flagBits;
    std::unordered_map<std::string, int> m_pairBits;          // role + '\n' + fact -> bit
    std::vector<std::vector<int>> m_stageAdds;                // stage order -> watched bits its facts add
    std::vector<CompiledNode> m_nodes;
    size_t m_words = 0;

    [[nodiscard]] int flagBit(const std::string& id) const;
    [[nodiscard]] int pairBit(const std::string& role, const std::string& fact) const; // -1 if not watched
    Cond compile(const Condition& c) const;
    void moveTo(State& st, int node) const;
    static void setBit(std::vector<std::uint64_t>& bits, int i) { bits[static_cast<size_t>(i) / 64] |= std::uint64_t{1} << (i % 64); }
    static void clearBit(std::vector<std::uint64_t>& bits, int i) { bits[static_cast<size_t>(i) / 64] &= ~(std::uint64_t{1} << (i % 64)); }
    static bool bit(const std::vector<std::uint64_t>& bits, int i) { return (bits[static_cast<size_t>(i) / 64] >> (i % 64)) & 1U; }
};

// [SECTION] Exploring every state
// exploreStates() walks the states reachable from the start breadth-first, in option order, and keeps
// the graph: each state once (memoised on key(st, withStage)), with the step that first reached it and
// every step out of it. Vertices are numbered in the order they were found, which is also the order
// they were expanded, so following `parent` from any vertex gives a shortest route from the start.
struct StateSearch {
    bool withStage = true;      // key on the stage reached too (false: node, flags and watched facts only)
    size_t stateLimit = 500'000; // stop before expanding a state once this many are known (`truncated`)
    int stopAtNode = -1;        // stop when a state at this node index is taken from the queue (`found`)
};

struct StateGraph {
    struct Edge {
        int option = -1; // index into Node::options, -1 to continue past a narrative
        int to = -1;     // the vertex reached, -1 when no "next" branch applies (the runner's error)
    };
    struct Vertex {
        int node = -1;           // index into Scenario::nodes
        StateSpace::State state; // until expanded; then released (its key stays in `index`)
        int parent = -1; // the vertex this one was first reached from; -1 for the start
        int via = -1;    // the option taken there (index into the parent node's options), -1 to continue
        std::vector<Edge> edges; // a decision: one per available option, in order; a narrative: one
        bool expanded = false;   // its edges were computed (false past a truncation or a stop)
        bool deadEnd = false;    // a decision with no option available
        int distance = -1;       // fewest steps to an ending; -1 when none can be reached (or not computed)
        bool trapped = false;    // neither an ending nor a broken state (dead end, edge to -1) can be reached
        [[nodiscard]] bool broken() const;
    };
    std::vector<Vertex> vertices; // [0] is the start
    bool truncated = false;       // the limit was hit: what lies beyond is not known
    int found = -1;               // the vertex StateSearch::stopAtNode stopped at, -1 if none
    bool withStage = true;

    // The vertex holding `st`, -1 if the search never found it.
    [[nodiscard]] int find(const StateSpace& space, const StateSpace::State& st) const;
    // The steps from the start to vertex `v`: node ids and option ids ("" for a continue), atMs 0.
    [[nodiscard]] std::vector<PathStep> route(const StateSpace& space, int v) const;

    std::unordered_map<std::string, int> index; // key(st, withStage) -> vertex
};

// Distances are computed unless the search stopped at StateSearch::stopAtNode; traps only when it ran
// to the end (after a truncation the unexpanded states would all look trapped).
[[nodiscard]] StateGraph exploreStates(const StateSpace& space, const StateSearch& search = {});

} // namespace wp
