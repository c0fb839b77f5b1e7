// wpt analyse: the path analysis of a plugin, per playable role: how many states it explored, how
// long it took, the best and worst achievable score per dimension, and the length of a strongest
// path. For authors checking score bounds, and for tools/bench (timing on the largest case).
//
//   wpt analyse PLUGIN_DIR [--role R] [--json] [--content DIR]
#include <chrono>
#include <iostream>

#include <nlohmann/json.hpp>

#include "wholepicture/core/analysis.h"
#include "commands.h"
#include "common.h"

namespace {

int runAnalyse(const std::vector<std::string>& args) {
    std::string dir, role, content;
    bool json = false;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& x = args[i];
        if (x == "--json") {
            json = true;
        } else if (x == "--role" || x == "--content") {
            if (i + 1 >= args.size()) return wpt::usageError("analyse", x + " needs a value");
            (x == "--role" ? role : content) = args[++i];
        } else if (x.rfind("--", 0) == 0) {
            return wpt::usageError("analyse", "unknown option " + x);
        } else if (dir.empty()) {
            dir = x;
        } else {
            return wpt::usageError("analyse", "analyse takes one plugin folder");
        }
    }
    if (dir.empty()) return wpt::usageError("analyse", "analyse needs a plugin folder");
    wp::Diagnostics kbDiags;
    wp::KnowledgeBase kb = wpt::loadKnowledge(content, kbDiags);
    std::optional<wp::ScenarioPlugin> plugin = wpt::loadUsablePlugin(dir, kb, "analyse", "fix the errors above first", true);
    if (!plugin) return 1;
    if (!role.empty() && !wpt::playable(plugin->manifest, role))
        return wpt::usageError("analyse", wpt::notPlayableMessage(plugin->manifest, role));
    std::vector<std::string> roles = role.empty() ? plugin->manifest.roles : std::vector<std::string>{role};
    const wp::Scenario& s = *plugin->scenario;

    nlohmann::json out = {{"plugin", plugin->manifest.id}, {"roles", nlohmann::json::array()}};
    for (const auto& r : roles) {
        auto started = std::chrono::steady_clock::now();
        wp::RoleAnalysis a = wp::analyseRole(s, r);
        double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        nlohmann::json dims = nlohmann::json::object();
        for (const auto& [dim, range] : a.dimensions) dims[dim] = {{"best", range.best}, {"worst", range.worst}};
        out["roles"].push_back({{"role", r}, {"states", a.statesExplored}, {"seconds", seconds}, {"truncated", a.truncated},
                                {"dimensions", dims}, {"best_weighted", a.bestWeighted}, {"worst_weighted", a.worstWeighted},
                                {"strongest_path_steps", a.strongestPath.size()},
                                {"reachable_nodes", a.reachableNodes.size()}, {"reachable_endings", a.reachableEndings.size()}});
        wp::WholePictureBest picture = wp::bestWholePicture(s, r);
        out["roles"].back()["whole_picture_best"] = {{"reached", picture.reached}, {"possible", picture.possible},
                                                     {"all_key_pairs", picture.allKeyPairs}, {"ending", picture.ending},
                                                     {"truncated", picture.truncated}};
        if (!json) {
            std::cout << r << ": " << a.statesExplored << " states in " << static_cast<long>(seconds * 1000 + 0.5) << " ms"
                      << (a.truncated ? " (truncated)" : "") << "; weighted best " << a.bestWeighted << ", worst "
                      << a.worstWeighted << "; strongest path " << a.strongestPath.size() << " choices\n";
            for (const auto& [dim, range] : a.dimensions)
                std::cout << "  " << dim << ": best " << range.best << ", worst " << range.worst << "\n";
            if (picture.allKeyPairs == 0)
                std::cout << "  whole picture: no key facts with \"needed_by\", so nothing to measure\n";
            else
                std::cout << "  whole picture: at best " << picture.reached << " of " << picture.possible
                          << " (a point per key fact known by a role in its needed_by; ending \"" << picture.ending
                          << "\"; " << picture.allKeyPairs << " points in the whole case)"
                          << (picture.truncated ? " (search truncated)" : "") << "\n";
        }
    }
    if (json) std::cout << wp::dumpJson(out, 2) << "\n";
    return 0;
}

[[maybe_unused]] const bool kRegistered = wpt::registerCommand(
    {"analyse", "analyse PLUGIN_DIR [--role R] [--json]",
     "path analysis per role: states explored, time taken, best and worst score per dimension, best whole-picture figure", &runAnalyse});

} // namespace
