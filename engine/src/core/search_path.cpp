// The one plugin search order (loader.h), shared by the app and every wpt command.
#include "wholepicture/core/loader.h"
#include "wholepicture/core/paths.h"

namespace wp {

std::vector<SearchDir> pluginSearchPath(const std::vector<std::filesystem::path>& commandLine) {
    std::vector<SearchDir> dirs;
    for (const auto& d : commandLine) dirs.push_back({d, PluginOrigin::CommandLine});
    dirs.push_back({appPaths().userPlugins(), PluginOrigin::User});
    if (const std::filesystem::path bundled = findBundled("plugins"); !bundled.empty()) dirs.push_back({bundled, PluginOrigin::Bundled});
    return dirs;
}

} // namespace wp
