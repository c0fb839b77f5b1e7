#include "wholepicture/core/paths.h"

#include <unistd.h>

#include <cstdlib>

namespace wp {
namespace {

std::filesystem::path xdg(const char* var, const char* fallbackUnderHome) {
    const char* v = std::getenv(var);
    // The spec says relative values are invalid and must be ignored.
    if (v && *v && v[0] == '/') return v;
    const char* home = std::getenv("HOME");
    return std::filesystem::path(home && *home ? home : "/tmp") / fallbackUnderHome;
}

std::filesystem::path executableDir() {
    std::error_code ec;
    auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? std::filesystem::current_path() : exe.parent_path();
}

} // namespace

AppPaths appPaths() {
    AppPaths p;
    p.configDir = xdg("XDG_CONFIG_HOME", ".config") / "wholepicture";
    p.dataDir = xdg("XDG_DATA_HOME", ".local/share") / "wholepicture";
    p.stateDir = xdg("XDG_STATE_HOME", ".local/state") / "wholepicture";
    p.cacheDir = xdg("XDG_CACHE_HOME", ".cache") / "wholepicture";
    return p;
}

std::filesystem::path findBundled(const char* name) {
    std::error_code ec;
    std::string envName = std::string("WP_") + name + "_DIR";
    for (auto& c : envName) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (const char* v = std::getenv(envName.c_str()); v && *v) return v;
    std::filesystem::path exe = executableDir();
    for (const auto& candidate : {exe / name, exe / ".." / "share" / "wholepicture" / name,
                                  std::filesystem::path(WP_SOURCE_DIR) / name}) {
        if (std::filesystem::is_directory(candidate, ec)) return std::filesystem::weakly_canonical(candidate, ec);
    }
    return std::filesystem::path(WP_SOURCE_DIR) / name;
}

} // namespace wp
