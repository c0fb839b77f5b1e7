#include "wholepicture/core/loader.h"

#include "wholepicture/core/procedures.h"

#include <algorithm>
#include <map>
#include <set>

namespace wp {

std::string roleLabel(const Scenario& s, const KnowledgeBase& kb, const std::string& role) {
    std::string label = caseRoleLabel(s, role);
    return label.empty() ? kb.roleName(role) : label;
}

std::string roleLabel(const ScenarioPlugin* plugin, const KnowledgeBase& kb, const std::string& role, bool shortName) {
    if (plugin && plugin->scenario)
        if (std::string label = caseRoleLabel(*plugin->scenario, role); !label.empty()) return label;
    return shortName ? kb.roleShort(role) : kb.roleName(role);
}

ScenarioPlugin loadPlugin(const std::filesystem::path& dir, const KnowledgeBase& kb, PluginOrigin origin) {
    ScenarioPlugin plugin;
    plugin.dir = dir;
    plugin.origin = origin;
    // Every plugin file is read through readFileInFolder: only regular files, at most
    // kMaxPluginFileBytes, and never outside the plugin folder (symlinks included).
    auto manifestFile = loadJsonFileInFolder(dir, "plugin.json", plugin.diagnostics, (dir / "plugin.json").string());
    if (!manifestFile) {
        plugin.manifest.id = dir.filename().string();
        return plugin;
    }
    auto manifest = parseManifest(*manifestFile, kb, plugin.diagnostics);
    if (!manifest) return plugin;
    plugin.manifest = *manifest;
    if (plugin.manifest.entry.size() != 1 || hasErrors(plugin.diagnostics)) return plugin;

    const std::string& entry = plugin.manifest.entry.front();
    if (std::string problem = relativePathProblem(entry); !problem.empty()) {
        plugin.diagnostics.push_back(manifestFile->at(Severity::Error, "/entry/0", "entry \"" + entry + "\" " + problem));
        return plugin;
    }
    Diagnostics readDiags;
    auto scenarioFile = loadJsonFileInFolder(dir, entry, readDiags, (dir / entry).string());
    if (!scenarioFile) {
        // A file that cannot be read is traced back to the line of plugin.json that names it (D13).
        TextPosition at = manifestFile->locate("/entry/0");
        for (auto& d : readDiags) {
            if (d.line == 0) d.message += " (named by \"entry\" in " + manifestFile->path + ":" + std::to_string(at.line) + ")";
            plugin.diagnostics.push_back(std::move(d));
        }
        return plugin;
    }
    for (auto& d : readDiags) plugin.diagnostics.push_back(std::move(d));
    auto scenario = parseScenario(*scenarioFile, plugin.diagnostics);
    if (!scenario) return plugin;
    lintScenario(*scenario, plugin.manifest, kb, *scenarioFile, plugin.diagnostics);
    if (!hasErrors(plugin.diagnostics)) plugin.scenario = std::make_shared<const Scenario>(std::move(*scenario));
    return plugin;
}

namespace {

// A folder that could not be looked at, as a plugin entry the library and `wpt lint` can show.
ScenarioPlugin unreadableFolder(const std::filesystem::path& dir, PluginOrigin origin, const std::error_code& ec) {
    ScenarioPlugin p;
    p.dir = dir;
    p.origin = origin;
    p.manifest.id = dir.filename().string();
    p.diagnostics.push_back({Severity::Error, dir.string(), 0, 0, "",
                             "cannot look inside this folder (" + ec.message() +
                                 "); it is skipped: fix its permissions or move it out of the plugins folder"});
    return p;
}

// Whether `dir` holds a plugin.json; a folder that cannot be examined sets `ec` (never throws:
// an unreadable sub-folder used to abort discovery, code review B1d).
bool holdsManifest(const std::filesystem::path& dir, std::error_code& ec) {
    ec.clear();
    std::filesystem::file_status st = std::filesystem::symlink_status(dir / "plugin.json", ec);
    if (ec) {
        if (ec == std::errc::no_such_file_or_directory || ec == std::errc::not_a_directory) ec.clear();
        return false;
    }
    return std::filesystem::exists(st);
}

} // namespace

std::vector<ScenarioPlugin> discoverPlugins(const std::vector<SearchDir>& dirs, const KnowledgeBase& kb) {
    std::vector<ScenarioPlugin> out;
    struct FirstCopy {
        std::filesystem::path dir;
        std::string version;
        PluginOrigin origin;
    };
    std::map<std::string, FirstCopy> ids; // id -> the copy that is used
    auto originName = [](PluginOrigin o) {
        return o == PluginOrigin::CommandLine ? "from --plugins" : o == PluginOrigin::User ? "the user plugins folder" : "bundled";
    };
    auto describe = [&](const std::filesystem::path& dir, const std::string& version, PluginOrigin origin) {
        return dir.string() + " (" + (version.empty() ? std::string("no version") : "version " + version) + ", " +
               originName(origin) + ")";
    };
    auto add = [&](const std::filesystem::path& dir, PluginOrigin origin) {
        ScenarioPlugin p = loadPlugin(dir, kb, origin);
        if (p.manifest.id.empty()) {
            out.push_back(std::move(p));
            return;
        }
        auto [it, fresh] = ids.emplace(p.manifest.id, FirstCopy{dir, p.manifest.version, origin});
        if (!fresh) {
            // Name both folders, both versions and which copy is used, so an older installed copy never
            // silently hides the one being written (authoring review 11, issue 14).
            const FirstCopy& used = it->second;
            std::string why =
                "another plugin with id \"" + p.manifest.id + "\" was found earlier in the search path, in " +
                describe(used.dir, used.version, used.origin) + "; that copy is used and this one, in " +
                describe(dir, p.manifest.version, origin) +
                ", is ignored. Remove or update the other copy if this one is newer, or rename this one's id";
            p.diagnostics.push_back({Severity::Error, (dir / "plugin.json").string(), 0, 0, "/id", why});
            p.scenario.reset();
        }
        out.push_back(std::move(p));
    };
    for (const auto& sd : dirs) {
        std::error_code ec;
        if (!std::filesystem::is_directory(sd.path, ec)) continue; // missing search dirs are normal
        if (holdsManifest(sd.path, ec)) {
            if (!isProceduresPackFolder(sd.path)) add(sd.path, sd.origin);
            continue;
        }
        if (ec) {
            out.push_back(unreadableFolder(sd.path, sd.origin, ec));
            continue;
        }
        std::vector<std::filesystem::path> children;
        std::vector<std::pair<std::filesystem::path, std::error_code>> unreadable;
        std::filesystem::directory_iterator it(sd.path, ec), end;
        if (ec) out.push_back(unreadableFolder(sd.path, sd.origin, ec));
        for (; !ec && it != end; it.increment(ec)) {
            std::error_code entryEc;
            if (!it->is_directory(entryEc)) continue; // files, and links that lead nowhere
            // A local procedures pack lives beside the cases but is not one (procedures.h loads it).
            if (holdsManifest(it->path(), entryEc)) {
                if (!isProceduresPackFolder(it->path())) children.push_back(it->path());
            }
            else if (entryEc) unreadable.emplace_back(it->path(), entryEc);
        }
        std::sort(children.begin(), children.end());
        for (const auto& c : children) add(c, sd.origin);
        for (const auto& [dir, why] : unreadable) out.push_back(unreadableFolder(dir, sd.origin, why));
    }
    // A library reads from the gentlest case to the hardest: modest, significant, complex.
    auto rank = [](const ScenarioPlugin& p) {
        const std::string& c = p.manifest.complexity;
        return c == "modest" ? 0 : c == "significant" ? 1 : c == "complex" ? 2 : 3;
    };
    std::stable_sort(out.begin(), out.end(), [&](const ScenarioPlugin& a, const ScenarioPlugin& b) {
        if (a.origin != b.origin) return a.origin < b.origin;
        return rank(a) < rank(b);
    });
    return out;
}

} // namespace wp
