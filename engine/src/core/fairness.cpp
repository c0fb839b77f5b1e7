// Fairness spread of score changes per role (see fairness.h). Pure computation over the model.
#include "wholepicture/core/fairness.h"

#include <algorithm>
#include <cctype>
#include <sstream>

namespace wp {
namespace {

struct Accumulator {
    int count = 0;
    long long sum = 0;
    int min = 0;
    int max = 0;
    void add(int v) {
        if (count == 0 || v < min) min = v;
        if (count == 0 || v > max) max = v;
        ++count;
        sum += v;
    }
    ScoreSpread spread() const {
        ScoreSpread s;
        s.count = count;
        s.min = min;
        s.max = max;
        s.mean = count == 0 ? 0.0 : static_cast<double>(sum) / count;
        return s;
    }
};

bool forRole(const Option& o, const std::string& role) {
    return o.roles.empty() || std::find(o.roles.begin(), o.roles.end(), role) != o.roles.end();
}

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool blank(const std::string& line) {
    return std::all_of(line.begin(), line.end(), [](unsigned char c) { return std::isspace(c) != 0; });
}

// An ATX heading: 0 for none, else its level (1 for "# Title").
int headingLevel(const std::string& line) {
    size_t i = line.find_first_not_of(' ');
    if (i == std::string::npos || i >= 4 || line[i] != '#') return 0;
    size_t end = line.find_first_not_of('#', i);
    return static_cast<int>((end == std::string::npos ? line.size() : end) - i);
}

} // namespace

int optionScoreSum(const Option& o) {
    int sum = 0;
    for (const auto& [dim, delta] : o.effects.scores) sum += delta;
    return sum;
}

std::vector<RoleFairness> measureFairness(const Scenario& s, const std::vector<std::string>& roles) {
    std::vector<RoleFairness> out;
    for (const auto& role : roles) {
        Accumulator historical, all;
        for (const auto& n : s.nodes) {
            if (n.type != NodeType::Decision) continue;
            for (const auto& o : n.options) {
                if (!forRole(o, role)) continue;
                int v = optionScoreSum(o);
                all.add(v);
                if (o.historical) historical.add(v);
            }
        }
        out.push_back({role, historical.spread(), all.spread()});
    }
    return out;
}

std::optional<FairnessGap> widestHistoricalGap(const std::vector<RoleFairness>& roles) {
    const RoleFairness* lo = nullptr;
    const RoleFairness* hi = nullptr;
    int compared = 0;
    for (const auto& r : roles) {
        if (r.historical.count == 0) continue;
        ++compared;
        if (!lo || r.historical.mean < lo->historical.mean) lo = &r;
        if (!hi || r.historical.mean > hi->historical.mean) hi = &r;
    }
    if (compared < 2) return std::nullopt;
    return FairnessGap{lo->role, hi->role, hi->historical.mean - lo->historical.mean};
}

bool readmeExplainsFairness(const std::string& markdown) {
    std::istringstream in(markdown);
    std::string line;
    bool inSection = false;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (int level = headingLevel(line)) {
            // The document title ("# Fairness fixture") is not a section.
            inSection = level >= 2 && lower(line).find("fairness") != std::string::npos;
            continue;
        }
        if (inSection && !blank(line)) return true;
    }
    return false;
}

} // namespace wp
