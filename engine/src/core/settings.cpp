// Settings and autosave persistence (see settings.h).
#include "wholepicture/core/settings.h"

#include <algorithm>
#include <cmath>
#include <system_error>

#include "wholepicture/core/json_file.h"
#include "wholepicture/core/paths.h"

namespace wp {

float clampUiScale(float scale) {
    if (!std::isfinite(scale)) return 1.0f;
    return std::clamp(scale, kMinUiScale, kMaxUiScale);
}

namespace {

// Strings that are not UTF-8 (a folder name from a Latin-1 file system) made every later dump()
// throw type_error 316 (code review B1e); such bytes become U+FFFD here instead.
std::string asUtf8(const std::string& s) {
    if (firstInvalidUtf8(s) == std::string::npos) return s;
    return nlohmann::json::parse(dumpJson(nlohmann::json(s))).get<std::string>();
}

} // namespace

bool knownFont(const std::string& font) { return font == "default" || font == "opendyslexic"; }

nlohmann::json settingsToJson(const Settings& s) {
    nlohmann::json j;
    j["format"] = "wholepicture-settings";
    j["version"] = 1;
    j["ui_scale"] = s.uiScale;
    j["theme"] = asUtf8(s.theme);
    j["speech"] = s.speech;
    j["speech_rate"] = s.speechRate;
    j["speech_voice"] = asUtf8(s.speechVoice);
    j["reduce_motion"] = s.reduceMotion;
    j["font"] = asUtf8(s.font);
    j["line_spacing"] = s.lineSpacing;
    j["last_plugin"] = asUtf8(s.lastPlugin);
    j["last_role"] = asUtf8(s.lastRole);
    j["procedures"] = asUtf8(s.procedures);
    nlohmann::json folders = nlohmann::json::array();
    for (const auto& f : s.recentAuthorFolders) folders.push_back(asUtf8(f));
    j["recent_author_folders"] = std::move(folders);
    return j;
}

bool validSpeechVoice(const std::string& voice) {
    if (voice.size() > 40 || (!voice.empty() && voice[0] == '-')) return false;
    for (char c : voice)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '+'))
            return false;
    return true;
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

// A file that cannot be read is never deleted or overwritten by reading it: say so (D13), so the user
// knows it can still be repaired or sent to whoever supports them.
void noteKept(Diagnostics& diags, size_t from, const char* note) {
    for (size_t i = from; i < diags.size(); ++i) diags[i].message += note;
}

} // namespace

Settings settingsFromJson(const nlohmann::json& j, Diagnostics& diags, const std::string& file) {
    Settings s;
    if (!j.is_object()) {
        warn(diags, file, "", "expected an object { ... }; using the default settings (the file is kept as it is)");
        return s;
    }
    if (auto it = j.find("ui_scale"); it != j.end()) {
        // Read as double and range-checked before narrowing: a double beyond float range cast to
        // float is undefined behaviour.
        double v = it->is_number() ? it->get<double>() : -1.0;
        if (it->is_number() && v == 0.0) s.uiScale = 0.0f;
        else if (it->is_number() && std::isfinite(v) && v > 0.0 && v <= 100.0)
            s.uiScale = clampUiScale(static_cast<float>(v));
        else
            warn(diags, file, "/ui_scale",
                 "\"ui_scale\" must be a number such as 1.25 (0 = follow the monitor); using the default");
    }
    if (auto it = j.find("theme"); it != j.end()) {
        if (it->is_string() && (*it == "dark" || *it == "light"))
            s.theme = it->get<std::string>();
        else
            warn(diags, file, "/theme", "\"theme\" must be \"dark\" or \"light\"; using \"dark\"");
    }
    if (auto it = j.find("speech"); it != j.end()) {
        if (it->is_boolean()) s.speech = it->get<bool>();
        else warn(diags, file, "/speech", "\"speech\" must be true or false; speech stays off");
    }
    if (auto it = j.find("speech_rate"); it != j.end()) {
        const double v = it->is_number() ? it->get<double>() : 1e9;
        if (std::isfinite(v) && v >= kMinSpeechRate && v <= kMaxSpeechRate) s.speechRate = static_cast<int>(std::lround(v));
        else warn(diags, file, "/speech_rate", "\"speech_rate\" must be a number from -100 to 100 (0 = normal); using 0");
    }
    if (auto it = j.find("speech_voice"); it != j.end()) {
        if (it->is_string() && validSpeechVoice(it->get<std::string>())) s.speechVoice = it->get<std::string>();
        else warn(diags, file, "/speech_voice",
                  "\"speech_voice\" must be a voice or language name such as \"en-gb\" (letters, digits, '-', '_', '+'); "
                  "using the default voice");
    }
    if (auto it = j.find("reduce_motion"); it != j.end()) {
        if (it->is_boolean()) s.reduceMotion = it->get<bool>();
        else warn(diags, file, "/reduce_motion", "\"reduce_motion\" must be true or false; motion stays on");
    }
    if (auto it = j.find("font"); it != j.end()) {
        if (it->is_string() && knownFont(it->get<std::string>())) s.font = it->get<std::string>();
        else warn(diags, file, "/font", "\"font\" must be \"default\" or \"opendyslexic\"; using \"default\"");
    }
    if (auto it = j.find("line_spacing"); it != j.end()) {
        const double v = it->is_number() ? it->get<double>() : 1e9;
        if (std::isfinite(v) && v >= kMinLineSpacing && v <= kMaxLineSpacing) s.lineSpacing = static_cast<float>(v);
        else warn(diags, file, "/line_spacing", "\"line_spacing\" must be a number from 1.0 to 2.0; using 1.0");
    }
    auto text = [&](const char* key, std::string& out) {
        auto it = j.find(key);
        if (it == j.end()) return;
        if (it->is_string()) out = it->get<std::string>();
        else warn(diags, file, std::string("/") + key, std::string("\"") + key + "\" must be a string; ignored");
    };
    text("last_plugin", s.lastPlugin);
    text("last_role", s.lastRole);
    text("procedures", s.procedures);
    if (auto it = j.find("recent_author_folders"); it != j.end()) {
        if (!it->is_array()) {
            warn(diags, file, "/recent_author_folders", "\"recent_author_folders\" must be a list of folder names; ignored");
        } else {
            for (size_t i = 0; i < it->size(); ++i) {
                const auto& f = (*it)[i];
                if (!f.is_string()) {
                    warn(diags, file, "/recent_author_folders/" + std::to_string(i), "expected a folder name (a string); skipped");
                    continue;
                }
                if (s.recentAuthorFolders.size() < kMaxRecentAuthorFolders) s.recentAuthorFolders.push_back(f.get<std::string>());
            }
        }
    }
    return s;
}

std::filesystem::path settingsFile(const std::filesystem::path& configDir) { return configDir / "settings.json"; }

Settings loadSettings(const std::filesystem::path& file, Diagnostics& diags) {
    std::error_code ec;
    if (!std::filesystem::exists(std::filesystem::symlink_status(file, ec))) return {};
    size_t from = diags.size();
    auto json = loadJsonFile(file, diags);
    if (!json) {
        noteKept(diags, from, "; the file is kept as it is and the default settings are used");
        return {};
    }
    from = diags.size();
    Settings settings = settingsFromJson(json->value, diags, json->path);
    locateDiagnostics(*json, diags, from);
    return settings;
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
    return writeFileAtomically(file, wp::dumpJson(settingsToJson(s), 2) + "\n", diags);
}

std::filesystem::path autosaveFile(const std::filesystem::path& stateDir) { return stateDir / "autosave.json"; }

bool writeAutosave(const std::filesystem::path& file, const nlohmann::json& session, Diagnostics& diags) {
    ensureParentDir(file);
    return writeFileAtomically(file, wp::dumpJson(session, 1) + "\n", diags);
}

std::optional<nlohmann::json> readAutosave(const std::filesystem::path& file, Diagnostics& diags) {
    std::error_code ec;
    if (!std::filesystem::exists(std::filesystem::symlink_status(file, ec))) return std::nullopt;
    size_t from = diags.size();
    auto json = loadJsonFile(file, diags);
    if (!json) {
        noteKept(diags, from, "; the file is kept as it is");
        return std::nullopt;
    }
    return std::move(json->value);
}

void removeAutosave(const std::filesystem::path& file) {
    std::error_code ec;
    std::filesystem::remove(file, ec); // a missing file is fine
}

std::filesystem::path compareRunFile(const std::filesystem::path& stateDir) { return stateDir / "autosave-compare.json"; }

std::optional<nlohmann::json> readCompareWith(const nlohmann::json& autosave, const std::filesystem::path& stateDir,
                                              Diagnostics& diags) {
    if (!autosave.is_object()) return std::nullopt;
    auto it = autosave.find("compare_with");
    if (it == autosave.end() || !it->is_string() || it->get<std::string>().empty()) return std::nullopt;
    // The autosave's content only says *whether* there is a first run; where it lives is fixed. A
    // tampered "compare_with" must not make the app open any path it names (a FIFO hung start-up, D4).
    const std::filesystem::path file = compareRunFile(stateDir);
    if (std::filesystem::path(it->get<std::string>()).lexically_normal() != file.lexically_normal()) {
        diags.push_back({Severity::Warning, autosaveFile(stateDir).string(), 0, 0, "/compare_with",
                         "\"compare_with\" names a file other than " + file.string() +
                             ", the only place a role swap's first run is kept; it is ignored"});
        return std::nullopt;
    }
    std::error_code ec;
    if (!std::filesystem::exists(std::filesystem::symlink_status(file, ec))) {
        diags.push_back({Severity::Warning, file.string(), 0, 0, "", "the first run of the role swap is no longer there"});
        return std::nullopt;
    }
    auto json = loadJsonFile(file, diags);
    if (!json) return std::nullopt;
    return std::move(json->value);
}

std::optional<nlohmann::json> readCompareWith(const nlohmann::json& autosave, Diagnostics& diags) {
    return readCompareWith(autosave, appPaths().stateDir, diags);
}

} // namespace wp
