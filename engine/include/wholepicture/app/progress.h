// Progress across a person's runs: which case x role pairs are finished, how each dimension has gone
// over time, and the strongest and the weakest dimension. The "Your records" screen draws it and the
// training record prints it, so both say the same thing.
#pragma once
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "wholepicture/app/run_record.h"

namespace wp::app {

struct DimensionTrend {
    std::string id, name;
    std::vector<std::pair<int, double>> points; // (index among finished runs, oldest first; fraction)
    double mean = 0;
    [[nodiscard]] double first() const { return points.empty() ? 0 : points.front().second; }
    [[nodiscard]] double last() const { return points.empty() ? 0 : points.back().second; }
};

// Pointers refer into the runs the progress was built from: keep them alive while it is used.
struct Progress {
    std::vector<const RunSummary*> finished;                                // oldest first
    std::map<std::pair<std::string, std::string>, const RunSummary*> best; // (case, role) -> best finished run
    std::set<std::pair<std::string, std::string>> started;                 // (case, role) begun, finished or not
    std::vector<DimensionTrend> trends;                                    // in the order first met
    const DimensionTrend* strongest = nullptr;                             // by mean fraction
    const DimensionTrend* weakest = nullptr;
};

// `runs` newest first, as RecordsView and RecordDatabase::runs give them. A run counts as finished
// when it reached an ending and was banded.
[[nodiscard]] Progress progressOf(const std::vector<RunSummary>& runs);

} // namespace wp::app
