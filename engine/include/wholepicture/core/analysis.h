// Path analysis: explores every reachable state of a scenario for a role (memoised on state, since
// the cases are graphs with shared state) to find best and worst achievable scores, reachability,
// dead ends and loops.
#pragma once
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "wholepicture/core/scenario.h"

namespace wp {
struct RunState;
}

namespace wp {

struct ScoreRange {
    int best = 0;
    int worst = 0;
};

struct RoleAnalysis {
    std::string role;
    std::map<std::string, ScoreRange> dimensions; // every scenario dimension
    double bestWeighted = 0;  // best and worst achievable weighted total (sum of weight x score)
    double worstWeighted = 0;
    std::set<std::string> reachableNodes;
    std::set<std::string> reachableEndings;
    std::set<std::pair<std::string, std::string>> reachableOptions; // (node, option)
    std::vector<std::string> deadEnds;  // decision nodes where, in some state, the role has no option
    std::vector<std::string> noBranch;  // nodes whose conditional next matched nothing in some state
    std::vector<std::string> loops;     // nodes on a cycle
    std::vector<std::pair<std::string, std::string>> strongestPath; // (node, option) along a best weighted path
    size_t statesExplored = 0;
    bool truncated = false; // state limit hit
};

// Everything reachable from the start for `role`. `stateLimit` guards against pathological content
// (reported as truncated, never a hang).
[[nodiscard]] RoleAnalysis analyseRole(const Scenario& s, const std::string& role, size_t stateLimit = 2'000'000);

// The whole-picture measure (key facts known, at the end, by the roles that need them: one count per
// fact and needed_by role) at its best over every ending `role` can reach.
struct WholePictureBest {
    int reached = 0;       // the most (fact, role) pairs known at any reachable ending
    int possible = 0;      // the pairs that count at that ending (key facts of the stages reached)
    int allKeyPairs = 0;   // every (key fact, needed_by role) pair in the case
    std::string ending;    // an ending where the best is reached
    bool truncated = false;
    size_t statesExplored = 0;
};
[[nodiscard]] WholePictureBest bestWholePicture(const Scenario& s, const std::string& role, size_t stateLimit = 2'000'000);

// ---- Looking ahead from a state  ------------------------------

// What is still achievable from `st` onwards, for st.role: `dimensions` hold the best and worst
// *further* score per dimension (add st.scores for totals), bestWeighted/worstWeighted the same for
// the weighted sum, strongestPath the (node, option) pairs of a best weighted continuation.
// Memoised on node, flags and the facts conditions ask about).
[[nodiscard]] RoleAnalysis analyseFrom(const Scenario& s, const RunState& st, size_t stateLimit = 2'000'000);

// The same, memoised across many queries on one scenario (the debrief asks once per option per step).
class FutureScores {
public:
    explicit FutureScores(const Scenario& s, size_t stateLimit = 2'000'000);
    ~FutureScores();
    FutureScores(const FutureScores&) = delete;
    FutureScores& operator=(const FutureScores&) = delete;

    [[nodiscard]] RoleAnalysis from(const RunState& st);
    // Weighted value of taking `optionId` at st's decision: its own weighted delta plus the best
    // weighted total still achievable afterwards. False if the option cannot be taken.
    bool optionValue(const RunState& st, const std::string& optionId, double& value);
    [[nodiscard]] size_t statesExplored() const;
    [[nodiscard]] bool truncated() const;

    struct Impl; // defined in analysis.cpp

private:
    std::unique_ptr<Impl> m_impl;
};


} // namespace wp
