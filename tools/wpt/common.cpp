#include "common.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "wholepicture/core/paths.h"

namespace wpt {

int usageError(const std::string& command, const std::string& message) {
    std::cerr << "wpt" << (command.empty() ? "" : " " + command) << ": " << message << "\n(run 'wpt --help' for usage)\n";
    return 2;
}

wp::KnowledgeBase loadKnowledge(const std::string& contentDir, wp::Diagnostics& diags) {
    return wp::loadKnowledgeBase(contentDir.empty() ? wp::findBundled("content") : std::filesystem::path(contentDir), diags);
}

std::optional<wp::ScenarioPlugin> loadUsablePlugin(const std::string& dir, const wp::KnowledgeBase& kb, const std::string& command,
                                           const std::string& complaint, bool errorsOnly) {
    wp::ScenarioPlugin plugin = wp::loadPlugin(dir, kb, wp::PluginOrigin::CommandLine);
    if (plugin.usable()) return plugin;
    for (const auto& d : plugin.diagnostics)
        if (!errorsOnly || d.severity == wp::Severity::Error) std::cerr << wp::formatDiagnostic(d) << "\n";
    std::cerr << "wpt" << (command.empty() ? "" : " " + command) << ": " << complaint << " (run 'wpt lint')\n";
    return std::nullopt;
}

bool playable(const wp::PluginManifest& m, const std::string& role) {
    return std::find(m.roles.begin(), m.roles.end(), role) != m.roles.end();
}

std::string notPlayableMessage(const wp::PluginManifest& m, const std::string& role) {
    return "role \"" + role + "\" is not playable in " + m.id + " (playable: " + wp::joinList(m.roles) + ")";
}

wp::LintCache lintCache(bool noCache) {
    if (noCache) return {{}, false};
    return {wp::appPaths().lintCache(), true};
}

int exitWithoutFreeing(int code) {
#if defined(__SANITIZE_ADDRESS__)
    return code;
#else
    std::cout.flush();
    std::cerr.flush();
    std::fflush(nullptr);
    std::_Exit(code);
#endif
}

} // namespace wpt
