// Loading and validating plugins. Nothing here throws or aborts: a broken plugin comes back with
// diagnostics (file, line, column, JSON pointer, what was expected) and the others still load.
#pragma once
#include <cstdint>
#include <filesystem>
#include <future>
#include <optional>
#include <string>
#include <vector>

#include "wholepicture/core/json_file.h"
#include "wholepicture/core/knowledge.h"
#include "wholepicture/core/lint_cache.h"
#include "wholepicture/core/scenario.h"

namespace wp {

// Loads one plugin folder (must contain plugin.json). Runs the full lint; errors make it unusable,
// warnings do not. Every file is read with readFileInFolder (json_file.h): only regular files of at
// most kMaxPluginFileBytes, and nothing whose real location is outside `dir`, so a shared plugin
// cannot make the app open /etc/passwd, a FIFO or a device. Never throws.
// With a `cache` (lint_cache.h), an unchanged case whose clean lint result is stored skips the lint,
// and its scenario comes from the compiled case stored beside it (compiled_case.h) rather than from
// parsing its JSON; a new clean result is stored, both; `stats` says which.
[[nodiscard]] ScenarioPlugin loadPlugin(const std::filesystem::path& dir, const KnowledgeBase& kb,
                                PluginOrigin origin = PluginOrigin::Bundled, const LintCache* cache = nullptr,
                                LoadStats* stats = nullptr);
// The same checks on texts held in memory (the case editor's draft, linted as the trainer types):
// diagnostics name dir/plugin.json and dir/<entry> as if the texts were those files. No cache.
[[nodiscard]] ScenarioPlugin loadPluginFromTexts(const std::filesystem::path& dir, const std::string& manifestText,
                                                 const std::string& scenarioText, const KnowledgeBase& kb,
                                                 PluginOrigin origin = PluginOrigin::User);
// Reads only plugin.json: the manifest (with its diagnostics, exactly as loadPlugin gives them). A
// manifest without errors comes back `pending` (no scenario yet), for finishLoad to complete.
[[nodiscard]] ScenarioPlugin loadPluginManifest(const std::filesystem::path& dir, const KnowledgeBase& kb,
                                                PluginOrigin origin = PluginOrigin::Bundled);
// The full load of a pending plugin (loadPlugin of its folder, keeping its origin). A plugin that is
// not pending is returned unchanged.
[[nodiscard]] ScenarioPlugin finishLoad(const ScenarioPlugin& plugin, const KnowledgeBase& kb, const LintCache* cache = nullptr,
                                        LoadStats* stats = nullptr);
// Something needs the scenario of plugin `id` now (a case named on the command line, a run to
// resume): its pending entries in `library` are loaded in place, on the calling thread. True when
// one was loaded.
bool finishPendingLoad(std::vector<ScenarioPlugin>& library, const std::string& id, const KnowledgeBase& kb,
                       const LintCache* cache = nullptr);
// Every pending entry, in place (screenshots, which show every card as it will stay).
void finishAllPendingLoads(std::vector<ScenarioPlugin>& library, const KnowledgeBase& kb, const LintCache* cache = nullptr);

// Every plugin folder directly inside each search directory (a directory that itself holds a
// plugin.json counts as one plugin). Missing search directories are skipped silently; later
// directories do not override earlier ones: a duplicate id gets a diagnostic on the later copy.
// A folder that cannot be examined (permissions, a symlink loop) comes back as an unusable entry
// with a diagnostic saying it was skipped; the rest still load. Never throws.
struct SearchDir {
    std::filesystem::path path;
    PluginOrigin origin = PluginOrigin::Bundled;
};
// DiscoverMode::Manifests reads only each plugin.json (loadPluginManifest): the app's start, which
// shows the library first and loads the cases afterwards. The diagnostics about folders and duplicate
// ids are the same in both modes; a duplicate is never pending. In Full mode a `cache` is used as
// loadPlugin uses it.
enum class DiscoverMode { Full, Manifests };
[[nodiscard]] std::vector<ScenarioPlugin> discoverPlugins(const std::vector<SearchDir>& dirs, const KnowledgeBase& kb,
                                                          DiscoverMode mode = DiscoverMode::Full, const LintCache* cache = nullptr);

// Where the app and every `wpt` command look for plugins, most specific first: the folders given on
// the command line, then the user's plugins folder ($XDG_DATA_HOME/wholepicture/plugins), then the
// bundled cases. A plugin found earlier wins over a later one with the same id.
[[nodiscard]] std::vector<SearchDir> pluginSearchPath(const std::vector<std::filesystem::path>& commandLine);

// The checks behind `wpt lint`, on an already parsed scenario (semantic rules: references,
// reachability for every role, dead ends, loops, unused definitions, feedback and perspectives).
// `file` is the parsed scenario file, used to position diagnostics.
void lintScenario(const Scenario& s, const PluginManifest& manifest, const KnowledgeBase& kb, const JsonFile& file,
                  Diagnostics& diags);
// lintScenario through a `cache` (lint_cache.h), as loadPlugin and `wpt test` lint: an unchanged case
// (the same bytes of `dir`'s plugin.json and scenario file, the same program and knowledge) whose clean
// result is stored is not linted again; a new clean result is stored. Without a cache (or with errors
// in `diags` already), a plain lint. `stats` says which happened. `signature`: the case's, when already
// known (readScenarioFile's), so a large file is not hashed twice; 0 computes it.
void lintScenarioCached(const Scenario& s, const PluginManifest& manifest, const KnowledgeBase& kb, const JsonFile& file,
                        const std::filesystem::path& dir, const std::string& manifestText, const LintCache* cache,
                        Diagnostics& diags, LoadStats* stats = nullptr, std::uint64_t signature = 0);

// A case's entry file and its scenario, as loadPlugin and `wpt test` read them. With a `cache`, the
// scenario of bytes that were read and linted clean before comes from the compiled case (`fromCache`;
// `file` then holds the text alone, which is all diagnostics need); otherwise the file is parsed and
// read, with its diagnostics in `diags`. `text`: the entry file's text as held in memory (no cache).
struct ScenarioRead {
    std::optional<JsonFile> file;      // none: the file could not be read or is not JSON (see `diags`)
    std::optional<Scenario> scenario;  // none: not a scenario (see `diags`)
    std::uint64_t signature = 0;       // the case's lint signature; 0 without a cache
    bool fromCache = false;
    bool readClean = false;            // parsed and read without a single diagnostic: fit to store
};
[[nodiscard]] ScenarioRead readScenarioFile(const std::filesystem::path& dir, const std::string& entry, const KnowledgeBase& kb,
                                            const std::string& manifestText, const LintCache* cache, Diagnostics& diags,
                                            const std::string* text = nullptr);
// The compiled case of what readScenarioFile parsed, clean, with a cache: encoded on a thread of its own
// while the lint runs (`s` must stay unchanged until finish), and stored by finish() when the lint is
// clean (best effort; true when stored). Nothing to store: finish() is false.
class CompiledCaseStore {
public:
    // `after`: encoding starts once it is done (the JSON tree freed beside the lint: freeTreeBeside), so
    // that the encoded case and the tree are never held at once.
    CompiledCaseStore(const ScenarioRead& read, const std::filesystem::path& dir, const LintCache* cache, const Scenario& s,
                      std::shared_future<void> after = {});
    bool finish(bool lintClean);

private:
    std::filesystem::path m_dir;
    const LintCache* m_cache = nullptr;
    std::uint64_t m_signature = 0;
    std::future<std::string> m_encoded;
};

// Parsing alone (no semantic checks), for tests and tools that build on the model.
[[nodiscard]] std::optional<PluginManifest> parseManifest(const JsonFile& file, const KnowledgeBase& kb,
                                                          Diagnostics& diags);
// The name a role goes by in this case: its "role_labels" entry ("Form tutor" for class_teacher) if the
// case gives one; for the child's role, the case's child's first name marked as imagined ("Peter
// (imagined)"); otherwise the shared catalogue's name. Scoring and ids stay those of the role.
[[nodiscard]] std::string roleLabel(const Scenario& s, const KnowledgeBase& kb, const std::string& role);
// The same for a plugin that may be missing or unusable (then the catalogue's name); `shortName` falls back
// to the catalogue's short name when the case gives no label.
[[nodiscard]] std::string roleLabel(const ScenarioPlugin* plugin, const KnowledgeBase& kb, const std::string& role,
                                    bool shortName = false);

[[nodiscard]] std::optional<Scenario> parseScenario(const JsonFile& file, Diagnostics& diags);

} // namespace wp
