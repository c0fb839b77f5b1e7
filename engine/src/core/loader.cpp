#include "wholepicture/core/loader.h"

#include "wholepicture/core/compiled_case.h"
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

namespace {

// plugin.json read and parsed; `pending` when the scenario is still to be loaded.
struct ManifestStep {
    ScenarioPlugin plugin;
    std::optional<JsonFile> file;
    bool more = false; // the manifest is fine: its entry file is next
};

// `text`: plugin.json as the case editor holds it, instead of the file.
ManifestStep readManifest(const std::filesystem::path& dir, const KnowledgeBase& kb, PluginOrigin origin,
                          const std::string* text = nullptr) {
    ManifestStep step;
    ScenarioPlugin& plugin = step.plugin;
    plugin.dir = dir;
    plugin.origin = origin;
    // Every plugin file is read through readFileInFolder: only regular files, at most
    // kMaxPluginFileBytes, and never outside the plugin folder (symlinks included).
    step.file = text ? parseJsonText(*text, (dir / "plugin.json").string(), plugin.diagnostics)
                     : loadJsonFileInFolder(dir, "plugin.json", plugin.diagnostics, (dir / "plugin.json").string());
    if (!step.file) {
        plugin.manifest.id = dir.filename().string();
        return step;
    }
    auto manifest = parseManifest(*step.file, kb, plugin.diagnostics);
    if (!manifest) return step;
    plugin.manifest = *manifest;
    if (plugin.manifest.entry.size() != 1 || hasErrors(plugin.diagnostics)) return step;

    const std::string& entry = plugin.manifest.entry.front();
    if (std::string problem = relativePathProblem(entry); !problem.empty()) {
        plugin.diagnostics.push_back(step.file->at(Severity::Error, "/entry/0", "entry \"" + entry + "\" " + problem));
        return step;
    }
    step.more = true;
    return step;
}

} // namespace

ScenarioPlugin loadPluginManifest(const std::filesystem::path& dir, const KnowledgeBase& kb, PluginOrigin origin) {
    ManifestStep step = readManifest(dir, kb, origin);
    step.plugin.pending = step.more;
    return std::move(step.plugin);
}

namespace {

// loadPlugin, with the two files' texts given (the case editor's draft) or read from the folder.
ScenarioPlugin loadPluginFrom(const std::filesystem::path& dir, const KnowledgeBase& kb, PluginOrigin origin,
                              const LintCache* cache, LoadStats* stats, const std::string* manifestText,
                              const std::string* scenarioText) {
    ManifestStep step = readManifest(dir, kb, origin, manifestText);
    ScenarioPlugin& plugin = step.plugin;
    if (!step.more) return std::move(plugin);
    const JsonFile& manifestFile = *step.file;

    const std::string& entry = plugin.manifest.entry.front();
    Diagnostics readDiags;
    ScenarioRead read = readScenarioFile(dir, entry, kb, manifestFile.text, cache, readDiags, scenarioText);
    if (!read.file) {
        // A file that cannot be read is traced back to the line of plugin.json that names it (D13).
        TextPosition at = manifestFile.locate("/entry/0");
        for (auto& d : readDiags) {
            if (d.line == 0) d.message += " (named by \"entry\" in " + manifestFile.path + ":" + std::to_string(at.line) + ")";
            plugin.diagnostics.push_back(std::move(d));
        }
        return std::move(plugin);
    }
    for (auto& d : readDiags) plugin.diagnostics.push_back(std::move(d));
    if (!read.scenario) return std::move(plugin);
    if (stats) stats->caseFromCache = read.fromCache;
    // The tree is read; the lint locates what it finds in the text. Freed beside the lint rather than at
    // the end, it is not held beside the lint's path analysis (a large case's tree is six times its text).
    const std::shared_future<void> treeFreed = freeTreeBeside(*read.file).share();

    CompiledCaseStore store(read, dir, cache, *read.scenario, treeFreed);
    lintScenarioCached(*read.scenario, plugin.manifest, kb, *read.file, dir, manifestFile.text, cache, plugin.diagnostics, stats,
                       read.signature);
    const bool stored = store.finish(!hasErrors(plugin.diagnostics));
    if (stats) stats->caseWritten = stored;
    if (!hasErrors(plugin.diagnostics)) plugin.scenario = std::make_shared<const Scenario>(std::move(*read.scenario));
    return std::move(plugin);
}

} // namespace

void lintScenarioCached(const Scenario& s, const PluginManifest& manifest, const KnowledgeBase& kb, const JsonFile& file,
                        const std::filesystem::path& dir, const std::string& manifestText, const LintCache* cache,
                        Diagnostics& diags, LoadStats* stats, std::uint64_t knownSignature) {
    // The lint is the same for the same bytes in the same folder, with the same program and knowledge:
    // a clean result is kept and reused.
    const bool useCache = cache && !cache->dir.empty() && !manifest.entry.empty();
    const std::uint64_t signature =
        !useCache ? 0 : knownSignature != 0 ? knownSignature : lintSignature(kb, dir, manifestText, manifest.entry.front(), file.text);
    std::optional<Diagnostics> cached;
    if (signature != 0 && !hasErrors(diags)) cached = readLintCache(*cache, signature);
    if (cached) {
        if (stats) stats->cacheHit = true;
        for (auto& d : *cached) diags.push_back(std::move(d));
        return;
    }
    const size_t before = diags.size();
    lintScenario(s, manifest, kb, file, diags);
    if (stats) stats->linted = true;
    if (signature != 0 && !hasErrors(diags)) {
        const Diagnostics lint(diags.begin() + static_cast<std::ptrdiff_t>(before), diags.end());
        const bool written = writeLintCache(*cache, signature, lint);
        if (stats) stats->cacheWritten = written;
    }
}

ScenarioRead readScenarioFile(const std::filesystem::path& dir, const std::string& entry, const KnowledgeBase& kb,
                              const std::string& manifestText, const LintCache* cache, Diagnostics& diags, const std::string* text) {
    ScenarioRead read;
    const std::string shown = (dir / entry).string();
    if (text) {
        read.file = parseJsonText(*text, shown, diags);
    } else {
        std::optional<std::string> bytes = readFileInFolder(dir, entry, diags, shown);
        if (!bytes) return read;
        if (cache && !cache->dir.empty()) {
            read.signature = lintSignature(kb, dir, manifestText, entry, *bytes);
            if (std::optional<Scenario> compiled = readCompiledCase(*cache, dir, read.signature)) {
                read.scenario = std::move(compiled);
                read.fromCache = true;
                read.file = JsonFile{shown, std::move(*bytes), nlohmann::json(), nullptr};
                return read;
            }
        }
        read.file = parseJsonText(std::move(*bytes), shown, diags);
    }
    if (!read.file) return read;
    const size_t before = diags.size();
    read.scenario = parseScenario(*read.file, diags);
    read.readClean = read.scenario && diags.size() == before;
    return read;
}

CompiledCaseStore::CompiledCaseStore(const ScenarioRead& read, const std::filesystem::path& dir, const LintCache* cache,
                                     const Scenario& s, std::shared_future<void> after)
    : m_dir(dir), m_cache(cache), m_signature(read.signature) {
    if (!cache || !cache->write || read.fromCache || !read.readClean || read.signature == 0) return;
    const std::uint64_t signature = read.signature;
    auto encode = [&s, signature, after = std::move(after)] {
        if (after.valid()) after.wait();
        return encodeCompiledCase(s, signature);
    };
    try {
        m_encoded = std::async(std::launch::async, encode);
    } catch (const std::system_error&) { // no thread: encoded by finish()
        m_encoded = std::async(std::launch::deferred, encode);
    }
}

bool CompiledCaseStore::finish(bool lintClean) {
    if (!m_encoded.valid()) return false;
    try {
        std::string bytes = m_encoded.get();
        return lintClean && writeCompiledCase(*m_cache, m_dir, m_signature, bytes);
    } catch (...) { // bad_alloc while encoding: not stored, as a cache that cannot be written
        return false;
    }
}

ScenarioPlugin loadPlugin(const std::filesystem::path& dir, const KnowledgeBase& kb, PluginOrigin origin,
                          const LintCache* cache, LoadStats* stats) {
    return loadPluginFrom(dir, kb, origin, cache, stats, nullptr, nullptr);
}

ScenarioPlugin loadPluginFromTexts(const std::filesystem::path& dir, const std::string& manifestText,
                                   const std::string& scenarioText, const KnowledgeBase& kb, PluginOrigin origin) {
    return loadPluginFrom(dir, kb, origin, nullptr, nullptr, &manifestText, &scenarioText);
}

ScenarioPlugin finishLoad(const ScenarioPlugin& plugin, const KnowledgeBase& kb, const LintCache* cache, LoadStats* stats) {
    if (!plugin.pending) return plugin;
    return loadPlugin(plugin.dir, kb, plugin.origin, cache, stats);
}

bool finishPendingLoad(std::vector<ScenarioPlugin>& library, const std::string& id, const KnowledgeBase& kb,
                       const LintCache* cache) {
    bool loaded = false;
    for (auto& p : library) {
        if (!p.pending || p.manifest.id != id) continue;
        p = finishLoad(p, kb, cache);
        loaded = true;
    }
    return loaded;
}

void finishAllPendingLoads(std::vector<ScenarioPlugin>& library, const KnowledgeBase& kb, const LintCache* cache) {
    for (auto& p : library)
        if (p.pending) p = finishLoad(p, kb, cache);
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

std::vector<ScenarioPlugin> discoverPlugins(const std::vector<SearchDir>& dirs, const KnowledgeBase& kb, DiscoverMode mode,
                                            const LintCache* cache) {
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
        ScenarioPlugin p = mode == DiscoverMode::Manifests ? loadPluginManifest(dir, kb, origin) : loadPlugin(dir, kb, origin, cache);
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
            p.pending = false; // never loaded: the other copy is used
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
