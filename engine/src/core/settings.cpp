// Settings and autosave persistence (see settings.h).
#include "wholepicture/core/settings.h"

#include <algorithm>
#include <cmath>
#include <system_error>

#include "wholepicture/core/json_file.h"

namespace wp {

float clampUiScale(float scale) {
    if (!std::isfinite(scale)) return 1.0f;
    return std::clamp(scale, kMinUiScale, kMaxUiScale);
}

nlohmann::json settingsToJson(const Settings& s) {
    nlohmann::json j;
    j["format"] = "wholepicture-settings";
    j["version"] = 1;
    j["ui_scale"] = s.uiScale;
    j["theme"] = s.theme;
    j["last_plugin"] = s.lastPlugin;
    j["last_role"] = s.lastRole;
    j["recent_author_folders"] = s.recentAuthorFolders;
    return j;
}

void rememberAuthorFolder(Settings& s, const std::string& folder) {
    auto& list = s.recentAuthorFolders;
    list.erase(std::remove(list.begin(), list.end(), folder), list.end());
    list.insert(list.begin(), folder);
    if (list.size() > kMaxRecentAuthorFolders) list.resize(kMaxRecentAuthorFolders);
}

namespace {

void warn(Diagnostics& diags, const std::string& file, const std::string& pointer, std::string message) {
    diags.push_back({Severity::Warning, file, 0, 0, pointer, std::move(message)});
}

} // namespace

Settings settingsFromJson(const nlohmann::json& j, Diagnostics& diags, const std::string& file) {
    Settings s;
    if (!j.is_object()) {
        warn(diags, file, "", "expected an object; using the default settings");
        return s;
    }
    if (auto it = j.find("ui_scale"); it != j.end()) {
        if (it->is_number() && (it->get<double>() == 0.0 || std::isfinite(it->get<double>())))
            s.uiScale = it->get<float>() == 0.0f ? 0.0f : clampUiScale(it->get<float>());
        else
            warn(diags, file, "/ui_scale", "expected a number (0 = follow the monitor)");
    }
    if (auto it = j.find("theme"); it != j.end()) {
        if (it->is_string() && (*it == "dark" || *it == "light"))
            s.theme = it->get<std::string>();
        else
            warn(diags, file, "/theme", "expected \"dark\" or \"light\"");
    }
    if (auto it = j.find("last_plugin"); it != j.end() && it->is_string()) s.lastPlugin = it->get<std::string>();
    if (auto it = j.find("last_role"); it != j.end() && it->is_string()) s.lastRole = it->get<std::string>();
    if (auto it = j.find("recent_author_folders"); it != j.end() && it->is_array())
        for (const auto& f : *it)
            if (f.is_string() && s.recentAuthorFolders.size() < kMaxRecentAuthorFolders)
                s.recentAuthorFolders.push_back(f.get<std::string>());
    return s;
}

std::filesystem::path settingsFile(const std::filesystem::path& configDir) { return configDir / "settings.json"; }

Settings loadSettings(const std::filesystem::path& file, Diagnostics& diags) {
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) return {};
    auto json = loadJsonFile(file, diags);
    if (!json) return {};
    return settingsFromJson(json->value, diags, json->path);
}

namespace {

// The XDG directories may not exist on a fresh account.
void ensureParentDir(const std::filesystem::path& file) {
    std::error_code ec;
    if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path(), ec);
}

} // namespace

bool saveSettings(const std::filesystem::path& file, const Settings& s, Diagnostics& diags) {
    ensureParentDir(file);
    return writeFileAtomically(file, settingsToJson(s).dump(2) + "\n", diags);
}

std::filesystem::path autosaveFile(const std::filesystem::path& stateDir) { return stateDir / "autosave.json"; }

bool writeAutosave(const std::filesystem::path& file, const nlohmann::json& session, Diagnostics& diags) {
    ensureParentDir(file);
    return writeFileAtomically(file, session.dump(1) + "\n", diags);
}

std::optional<nlohmann::json> readAutosave(const std::filesystem::path& file, Diagnostics& diags) {
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) return std::nullopt;
    auto json = loadJsonFile(file, diags);
    if (!json) return std::nullopt;
    return std::move(json->value);
}

void removeAutosave(const std::filesystem::path& file) {
    std::error_code ec;
    std::filesystem::remove(file, ec); // a missing file is fine
}

std::filesystem::path compareRunFile(const std::filesystem::path& stateDir) { return stateDir / "autosave-compare.json"; }

std::optional<nlohmann::json> readCompareWith(const nlohmann::json& autosave, Diagnostics& diags) {
    if (!autosave.is_object()) return std::nullopt;
    auto it = autosave.find("compare_with");
    if (it == autosave.end() || !it->is_string() || it->get<std::string>().empty()) return std::nullopt;
    const std::filesystem::path file = it->get<std::string>();
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) {
        diags.push_back({Severity::Warning, file.string(), 0, 0, "", "the first run of the role swap is no longer there"});
        return std::nullopt;
    }
    auto json = loadJsonFile(file, diags);
    if (!json) return std::nullopt;
    return std::move(json->value);
}

} // namespace wp
