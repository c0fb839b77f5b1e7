// Fairness: is one profession judged more harshly than another? For each playable role, the spread
// of the score changes (summed over dimensions) of the options marked "historical": true (what the
// real professional did, or close to it) and of all the options that role can take. The CI check
// (wpt fairness, ctest label content) fails a case whose roles' historical options average more
// than a margin apart, unless the case's README.md has a "Fairness" section saying why.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "wholepicture/core/scenario.h"

namespace wp {

// The default margin, in score points per option (the sum over dimensions): see plugins/README.md §5a.
inline constexpr double kFairnessMargin = 2.0;

struct ScoreSpread {
    int count = 0;
    double mean = 0.0; // 0 when count is 0
    int min = 0;
    int max = 0;
};

struct RoleFairness {
    std::string role;
    ScoreSpread historical; // options marked "historical": true that this role can take
    ScoreSpread all;        // every option this role can take
};

struct FairnessGap {
    std::string lower;  // the role whose historical options average lowest
    std::string higher; // the role whose historical options average highest
    double gap = 0.0;   // higher mean minus lower mean
};

// The sum of an option's score changes over all dimensions.
[[nodiscard]] int optionScoreSum(const Option& o);

// Per role, in the order given. An option with no "roles" counts for every role.
[[nodiscard]] std::vector<RoleFairness> measureFairness(const Scenario& s, const std::vector<std::string>& roles);

// The widest gap between two roles' historical means; nullopt when fewer than two roles have any
// historical option (nothing to compare).
[[nodiscard]] std::optional<FairnessGap> widestHistoricalGap(const std::vector<RoleFairness>& roles);

// True when the Markdown text has a section heading (level 2 or deeper: "## Fairness") whose text
// contains "fairness" (any case), followed by at least one non-blank line before the next heading:
// the author's explanation. The document title (level 1) does not count.
[[nodiscard]] bool readmeExplainsFairness(const std::string& markdown);

} // namespace wp
