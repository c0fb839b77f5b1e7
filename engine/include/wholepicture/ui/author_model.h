// Author mode in the app: the state a trainer sees while writing a plugin (its folder, diagnostics,
// the node being inspected, how the current run was reached) and the commands that change it.
// Included by app_model.h; the commands are part of its Command variant.
#pragma once
#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "wholepicture/core/scenario.h"

namespace wp::ui {

struct AuthorMode {
    std::filesystem::path dir;               // the folder being written
    Plugin loaded;                           // the latest load: manifest and every diagnostic
    std::shared_ptr<const Scenario> draft;   // latest parse, even with lint errors (browse only)
    std::string playingId;                   // library id of the last version without errors ("" if none yet)
    std::string status;                      // "Reloaded at 14:52:03: 0 errors, 2 warnings"
    std::string positionNote;                // what the reload did to the run ("position kept at ...")
    bool statusHasErrors = false;
    int loads = 0;                           // 1 after opening, +1 per reload
    std::string inspectedNode;               // node shown in the panel ("" = the list)
    std::vector<std::string> reachedBy;      // route of the last "play from here", one line per step
    std::string watchError;                  // set by the composition root when watching is unavailable
};

// [SECTION] Commands
struct OpenAuthorFolder { std::string path; }; // the composition root loads it and starts watching
struct ReloadAuthorFolder {};                  // by hand (the watcher does it on save)
struct CloseAuthorMode {};
struct InspectNode { std::string node; };      // "" goes back to the list
struct PlayFromNode { std::string node; std::string role; };
struct RewindTo { size_t step; };              // back to history[step] (0 = the start)

} // namespace wp::ui
