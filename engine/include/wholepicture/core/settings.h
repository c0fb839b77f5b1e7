// What the desktop app keeps between runs: the user's settings (configDir/settings.json) and the
// autosaved session (stateDir/autosave.json). Core code: no ImGui, GL or GLFW.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "wholepicture/core/diagnostic.h"

namespace wp {

// - uiScale 0 means "not chosen by the user": the platform uses the monitor's content scale.
// - theme is "dark" or "light" (the light theme doubles as the high-contrast one for projectors).
// - speech: the app reads the focused control and, on demand, the case aloud (self-voicing, off by
//   default). speechRate runs from -100 (slowest) to 100 (fastest), 0 = the synthesiser's normal
//   rate; speechVoice is a language or voice name ("en-gb", "en-gb-scotland"), "" = the default.
// - reduceMotion: no pulsing links, map transitions jump to their end.
// - font: "default" (DejaVu Sans) or "opendyslexic" (Debian's fonts-opendyslexic, when installed);
//   lineSpacing: 1.0 (the font's own) to 2.0 times the line height of wrapped text.
struct Settings {
    float uiScale = 0.0f;
    std::string theme = "dark";
    bool speech = false;
    int speechRate = 0;
    std::string speechVoice;
    bool reduceMotion = false;
    std::string font = "default";
    float lineSpacing = 1.0f;
    std::string lastPlugin; // plugin id of the last case opened
    std::string lastRole;   // role id last played
    std::string procedures; // the local procedures pack chosen (its id; "" = national guidance only)
    std::vector<std::string> recentAuthorFolders; // author mode: most recent first
};

inline constexpr size_t kMaxRecentAuthorFolders = 8;
// Puts `folder` first in the recent list (once), keeping at most kMaxRecentAuthorFolders.
void rememberAuthorFolder(Settings& s, const std::string& folder);

inline constexpr int kMinSpeechRate = -100;
inline constexpr int kMaxSpeechRate = 100;
// A voice name is passed to a synthesiser (an argument of espeak-ng, a speech-dispatcher voice): only
// letters, digits, '-', '_' and '+', at most 40 characters, not starting with '-'.
[[nodiscard]] bool validSpeechVoice(const std::string& voice);

inline constexpr float kMinLineSpacing = 1.0f;
inline constexpr float kMaxLineSpacing = 2.0f;
// The fonts a reader can choose ("default", "opendyslexic").
[[nodiscard]] bool knownFont(const std::string& font);

inline constexpr float kMinUiScale = 0.75f;
inline constexpr float kMaxUiScale = 3.0f;

[[nodiscard]] float clampUiScale(float scale);
// Strings that are not UTF-8 are stored with U+FFFD, so dump() on the result never throws.
[[nodiscard]] nlohmann::json settingsToJson(const Settings& s);
// Total: never throws. Unknown keys are ignored; a wrong type, null, huge or out-of-range value falls
// back to its default with a warning naming the JSON pointer; the other settings are still read.
[[nodiscard]] Settings settingsFromJson(const nlohmann::json& j, Diagnostics& diags, const std::string& file);

[[nodiscard]] std::filesystem::path settingsFile(const std::filesystem::path& configDir);
// A missing file is not an error (first run): the defaults come back without diagnostics.
[[nodiscard]] Settings loadSettings(const std::filesystem::path& file, Diagnostics& diags);
bool saveSettings(const std::filesystem::path& file, const Settings& s, Diagnostics& diags);

// The autosave is the session JSON (wp::sessionToJson) written after every step, so progress
// survives a crash or a closed lid.
[[nodiscard]] std::filesystem::path autosaveFile(const std::filesystem::path& stateDir);
bool writeAutosave(const std::filesystem::path& file, const nlohmann::json& session, Diagnostics& diags);
// nullopt when there is no autosave (silently) or it cannot be read (with a diagnostic); the file is
// then left as it is. The value is not checked here: sessionFromJson does that.
[[nodiscard]] std::optional<nlohmann::json> readAutosave(const std::filesystem::path& file, Diagnostics& diags);
void removeAutosave(const std::filesystem::path& file);

// A role swap's first run is written beside the autosave (its session JSON) and the autosave names
// it in "compare_with", so a restart can still set the two runs side by side.
[[nodiscard]] std::filesystem::path compareRunFile(const std::filesystem::path& stateDir);
// The first run of a role swap, if the autosave says there is one. Only compareRunFile(stateDir) is
// ever read: "compare_with" must name exactly that file, any other path from the file's content is
// ignored with a warning and never opened. nullopt when none is named (silently) or the file cannot
// be read (with a diagnostic).
[[nodiscard]] std::optional<nlohmann::json> readCompareWith(const nlohmann::json& autosave,
                                                            const std::filesystem::path& stateDir, Diagnostics& diags);
// Same, with stateDir = appPaths().stateDir (what the app uses).
[[nodiscard]] std::optional<nlohmann::json> readCompareWith(const nlohmann::json& autosave, Diagnostics& diags);

} // namespace wp
