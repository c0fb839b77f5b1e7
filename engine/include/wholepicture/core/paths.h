// XDG base directories (spec 0.8) and where Whole Picture keeps things.
#pragma once
#include <filesystem>

namespace wp {

struct AppPaths {
    std::filesystem::path configDir; // $XDG_CONFIG_HOME/wholepicture: settings.json
    std::filesystem::path dataDir;   // $XDG_DATA_HOME/wholepicture: plugins/
    std::filesystem::path stateDir;  // $XDG_STATE_HOME/wholepicture: imgui.ini, autosave, logs
    std::filesystem::path cacheDir;  // $XDG_CACHE_HOME/wholepicture: lint/, fonts/ (results that can be rebuilt)

    [[nodiscard]] std::filesystem::path userPlugins() const { return dataDir / "plugins"; }
    [[nodiscard]] std::filesystem::path lintCache() const { return cacheDir / "lint"; }
    [[nodiscard]] std::filesystem::path fontCache() const { return cacheDir / "fonts"; }
};

// Reads XDG_* (absolute values only, per the spec) with the spec's defaults under $HOME.
[[nodiscard]] AppPaths appPaths();

// Finds a bundled folder ("plugins", "content", "assets"): an explicit override, then next to the
// executable, then ../share/wholepicture/<name>, then the source tree the binary was built from.
[[nodiscard]] std::filesystem::path findBundled(const char* name);

} // namespace wp
