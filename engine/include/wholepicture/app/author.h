// Author mode's state: what a trainer sees while writing a plugin (its folder, diagnostics, the node
// being inspected, how the current run was reached). Its commands are in commands.h.
#pragma once
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "wholepicture/core/scenario.h"
#include "wholepicture/core/strings_table.h"

namespace wp::app {

// The "Review" tab: the review sheet written, an edited sheet checked (a dry run) and applied, the case
// packed. Each part holds its last result; the problems are formatted diagnostics (file, place, fix).
struct AuthorReview {
    std::string exportedTo;                  // the sheet last written ("" none)
    size_t exportedTexts = 0;
    std::vector<std::string> exportProblems;
    std::string checkedCsv;                  // the sheet last read ("" none)
    bool importApplied = false;              // the read was the real one (not the dry run)
    bool importOk = false;                   // no row refused (an apply may follow)
    TextImportSummary summary;
    std::vector<std::string> importProblems; // one per refused row
    size_t refusedRows = 0;
    std::string packedTo;                    // the .wpcase last written ("" none)
    size_t packedFiles = 0;
    std::vector<std::string> packProblems;   // the lint errors that refused the pack
};

struct AuthorMode {
    std::filesystem::path dir;               // the folder being written
    ScenarioPlugin loaded;                           // the latest load: manifest and every diagnostic
    std::shared_ptr<const Scenario> draft;   // latest parse, even with lint errors (browse only)
    std::string playingId;                   // library id of the last version without errors ("" if none yet)
    std::string status;                      // "Reloaded at 14:52:03: 0 errors, 2 warnings"
    std::string positionNote;                // what the reload did to the run ("position kept at ...")
    bool statusHasErrors = false;
    int loads = 0;                           // 1 after opening, +1 per reload
    std::string inspectedNode;               // node shown in the panel ("" = the list)
    std::vector<std::string> reachedBy;      // route of the last "play from here", one line per step
    std::string watchError;                  // set when watching is unavailable (the Reload button stays)
    AuthorReview review;
};

} // namespace wp::app
