// The app's command line: options, usage text and checks. A wrong option exits with status 2 and a
// message that says what was expected (before any window opens).
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "wholepicture/core/lists.h"
#include "wholepicture/core/room.h"

namespace wp::cli {

namespace fs = std::filesystem;

struct CommandLine {
    std::vector<fs::path> pluginDirs;
    fs::path authorDir;
    std::string caseFile;                    // FILE.wpcase: check it and ask whether to install it
    std::optional<float> uiScale;
    std::optional<std::string> theme;
    std::optional<std::string> procedures;   // a local procedures pack id ("national": none), remembered
    bool speak = false;                      // speech on for this run (the setting is left as it is)
    std::optional<int> speechRate;           // remembered
    std::optional<std::string> speechVoice;  // remembered
    int width = 1600;
    int height = 900;
    std::string plugin;
    std::string role;
    std::vector<std::string> choices;
    bool summary = false;
    std::string openScreen; // --screen history|glossary|settings: a screen that needs no case
    bool showMap = false;
    bool reviewTab = false;                  // --panel review: author mode's panel on its Review tab
    bool editor = false;                     // --screen editor: author mode's case editor
    std::string editNode;                    // --node ID: the node the editor shows
    std::string exportDir;
    std::string section;
    std::string swapRole;
    std::vector<std::string> swapChoices;
    std::string screenshot;
    int frames = 5;
    std::string room;
    std::vector<RoomGroup> groups;
    int timer = 0;
    std::vector<std::string> roomScript;
    bool projectorWindow = false;
    std::string projectorScreenshot;
};

[[noreturn]] void usageError(const std::string& message);
[[nodiscard]] CommandLine parseCommandLine(int argc, char** argv);
[[nodiscard]] std::string availableList(const std::vector<std::string>& items);

} // namespace wp::cli
