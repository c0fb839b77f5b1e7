#include "wholepicture/core/loader.h"

#include <algorithm>
#include <set>

namespace wp {

Plugin loadPlugin(const std::filesystem::path& dir, const KnowledgeBase& kb, PluginOrigin origin) {
    Plugin plugin;
    plugin.dir = dir;
    plugin.origin = origin;
    std::filesystem::path manifestPath = dir / "plugin.json";
    auto manifestFile = loadJsonFile(manifestPath, plugin.diagnostics);
    if (!manifestFile) {
        plugin.manifest.id = dir.filename().string();
        return plugin;
    }
    auto manifest = parseManifest(*manifestFile, kb, plugin.diagnostics);
    if (!manifest) return plugin;
    plugin.manifest = *manifest;
    if (plugin.manifest.entry.size() != 1 || hasErrors(plugin.diagnostics)) return plugin;

    const std::string& entry = plugin.manifest.entry.front();
    if (entry.find("..") != std::string::npos || (!entry.empty() && entry.front() == '/')) {
        plugin.diagnostics.push_back(manifestFile->at(Severity::Error, "/entry/0",
                                                      "entry \"" + entry + "\" must be a file inside the plugin folder"));
        return plugin;
    }
    auto scenarioFile = loadJsonFile(dir / entry, plugin.diagnostics);
    if (!scenarioFile) return plugin;
    auto scenario = parseScenario(*scenarioFile, plugin.diagnostics);
    if (!scenario) return plugin;
    lintScenario(*scenario, plugin.manifest, kb, *scenarioFile, plugin.diagnostics);
    if (!hasErrors(plugin.diagnostics)) plugin.scenario = std::make_shared<const Scenario>(std::move(*scenario));
    return plugin;
}

std::vector<Plugin> discoverPlugins(const std::vector<SearchDir>& dirs, const KnowledgeBase& kb) {
    std::vector<Plugin> out;
    std::set<std::string> ids;
    auto add = [&](const std::filesystem::path& dir, PluginOrigin origin) {
        Plugin p = loadPlugin(dir, kb, origin);
        if (!p.manifest.id.empty() && !ids.insert(p.manifest.id).second) {
            p.diagnostics.push_back({Severity::Error, (dir / "plugin.json").string(), 0, 0, "/id",
                                     "another plugin with id \"" + p.manifest.id +
                                         "\" was found earlier in the search path; this copy is ignored (rename its id)"});
            p.scenario.reset();
        }
        out.push_back(std::move(p));
    };
    for (const auto& sd : dirs) {
        std::error_code ec;
        if (!std::filesystem::is_directory(sd.path, ec)) continue;
        if (std::filesystem::exists(sd.path / "plugin.json", ec)) {
            add(sd.path, sd.origin);
            continue;
        }
        std::vector<std::filesystem::path> children;
        for (const auto& entry : std::filesystem::directory_iterator(sd.path, ec))
            if (entry.is_directory() && std::filesystem::exists(entry.path() / "plugin.json"))
                children.push_back(entry.path());
        std::sort(children.begin(), children.end());
        for (const auto& c : children) add(c, sd.origin);
    }
    // A library reads from the gentlest case to the hardest: modest, significant, complex.
    auto rank = [](const Plugin& p) {
        const std::string& c = p.manifest.complexity;
        return c == "modest" ? 0 : c == "significant" ? 1 : c == "complex" ? 2 : 3;
    };
    std::stable_sort(out.begin(), out.end(), [&](const Plugin& a, const Plugin& b) {
        if (a.origin != b.origin) return a.origin < b.origin;
        return rank(a) < rank(b);
    });
    return out;
}

} // namespace wp
