// wpt fairness: is one profession judged more harshly than another? Per playable role, the count,
// mean, min and max of the score changes (summed over dimensions) of the options marked
// "historical": true, and of all the options that role can take. Fails (status 1) when one role's
// historical options average more than the margin below another's, unless the case's README.md
// has a "Fairness" section explaining why (plugins/README.md §5a).
//
//   wpt fairness PLUGIN_DIR [--json] [--margin POINTS] [--content DIR]
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "wholepicture/core/fairness.h"
#include "commands.h"
#include "common.h"

namespace {

nlohmann::json spreadJson(const wp::ScoreSpread& s) {
    return {{"count", s.count}, {"mean", s.mean}, {"min", s.min}, {"max", s.max}};
}

std::string fixed(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    return buf;
}

std::string spreadText(const wp::ScoreSpread& s) {
    if (s.count == 0) return "none";
    return std::to_string(s.count) + (s.count == 1 ? " option, mean " : " options, mean ") + fixed(s.mean) + ", min " + std::to_string(s.min) + ", max " +
           std::to_string(s.max);
}

int runFairness(const std::vector<std::string>& args) {
    std::string dir, content;
    bool json = false;
    double margin = wp::kFairnessMargin;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& x = args[i];
        if (x == "--json") {
            json = true;
        } else if (x == "--content" || x == "--margin") {
            if (i + 1 >= args.size()) return wpt::usageError("fairness", x + " needs a value");
            const std::string& v = args[++i];
            if (x == "--content") {
                content = v;
            } else {
                try {
                    size_t used = 0;
                    margin = std::stod(v, &used);
                    if (used != v.size() || margin < 0) throw std::invalid_argument(v);
                } catch (const std::exception&) {
                    return wpt::usageError("fairness", "--margin needs a number of points, 0 or more, such as 2 or 1.5");
                }
            }
        } else if (x.rfind("--", 0) == 0) {
            return wpt::usageError("fairness", "unknown option " + x);
        } else if (dir.empty()) {
            dir = x;
        } else {
            return wpt::usageError("fairness", "fairness takes one plugin folder");
        }
    }
    if (dir.empty()) return wpt::usageError("fairness", "fairness needs a plugin folder");
    wp::Diagnostics kbDiags;
    wp::KnowledgeBase kb = wpt::loadKnowledge(content, kbDiags);
    std::optional<wp::ScenarioPlugin> plugin = wpt::loadUsablePlugin(dir, kb, "fairness", "fix the errors above first", true);
    if (!plugin) return 1;

    std::vector<wp::RoleFairness> roles = wp::measureFairness(*plugin->scenario, plugin->manifest.roles);
    std::optional<wp::FairnessGap> gap = wp::widestHistoricalGap(roles);
    std::string readme;
    {
        std::ifstream in(plugin->dir / "README.md", std::ios::binary);
        std::ostringstream ss;
        ss << in.rdbuf();
        readme = ss.str();
    }
    const bool explained = wp::readmeExplainsFairness(readme);
    const bool over = gap && gap->gap > margin;
    const bool pass = !over || explained;

    if (json) {
        nlohmann::json out = {{"plugin", plugin->manifest.id}, {"margin", margin}, {"roles", nlohmann::json::array()},
                              {"widest_gap", nullptr}, {"readme_explains", explained}, {"pass", pass}};
        for (const auto& r : roles)
            out["roles"].push_back({{"role", r.role}, {"historical", spreadJson(r.historical)}, {"all", spreadJson(r.all)}});
        if (gap) out["widest_gap"] = {{"lower", gap->lower}, {"higher", gap->higher}, {"gap", gap->gap}};
        std::cout << wp::dumpJson(out, 2) << "\n";
    } else {
        std::cout << plugin->manifest.id << ": score changes per option (sum over dimensions), by role\n";
        for (const auto& r : roles) {
            std::cout << "  " << r.role << "\n    historical: " << spreadText(r.historical)
                      << "\n    all:        " << spreadText(r.all) << "\n";
        }
        if (!gap) {
            std::cout << "fewer than two roles have historical options: nothing to compare\n";
        } else if (gap->gap == 0.0) {
            std::cout << "every role's historical options average the same (gap 0.00, margin " << fixed(margin) << ")\n";
        } else {
            std::cout << "widest gap in historical means: " << gap->lower << " " << fixed(gap->gap) << " below "
                      << gap->higher << " (margin " << fixed(margin) << ")\n";
            if (over && explained) std::cout << "over the margin; README.md explains why in its Fairness section\n";
            else if (over) std::cout << std::flush, std::cerr << "wpt fairness: " << plugin->manifest.id << ": " << gap->lower
                                     << "'s historical options average " << fixed(gap->gap) << " points below "
                                     << gap->higher << "'s (margin " << fixed(margin)
                                     << "): rebalance, or explain why in a \"Fairness\" section of README.md\n";
        }
    }
    return pass ? 0 : 1;
}

[[maybe_unused]] const bool kRegistered = wpt::registerCommand(
    {"fairness", "fairness PLUGIN_DIR [--json] [--margin POINTS]",
     "score changes per role of the historical options and of all options; fails when one role's historical\n"
     "      options average more than the margin (default 2) below another's and README.md has no Fairness section",
     &runFairness});

} // namespace
