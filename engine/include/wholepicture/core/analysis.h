// Path analysis: explores every reachable state of a scenario for a role (memoised on state, since
// the cases are graphs with shared state) to find best and worst achievable scores, reachability,
// dead ends and loops.
#pragma once
#include <map>
#include <set>
#include <string>
#include <vector>

#include "wholepicture/core/scenario.h"

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

// `stateLimit` guards against pathological content (reported as truncated, never a hang).
[[nodiscard]] RoleAnalysis analyseRole(const Scenario& s, const std::string& role, size_t stateLimit = 2'000'000);

} // namespace wp
