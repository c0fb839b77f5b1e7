// Author mode's state: what a trainer sees while writing a plugin (its folder, diagnostics, the node
// being inspected, how the current run was reached). Its commands are in commands.h.
#pragma once
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "wholepicture/core/case_document.h"
#include "wholepicture/core/format_guide.h"
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

// The case editor (issue 14 item 3): the case as the trainer is writing it, which may differ from the
// files until it is saved. The draft is linted off the UI thread after every edit; the diagnostics are
// for `lintedRevision` (the form marks the fields they point at). Views read this and emit commands
// (commands.h, "The case editor"); nothing here is ImGui state.
struct CaseEditor {
    CaseDocument doc;
    CaseEditHistory history;
    CaseFile file = CaseFile::Scenario;  // the file of the selected item
    std::string selected;                // JSON pointer of the item in the form ("" = the file's own fields)
    Diagnostics diagnostics;             // the draft's last lint
    std::uint64_t lintedRevision = static_cast<std::uint64_t>(-1); // none yet
    std::string problem;                 // the last refused edit or failed save, in words
    std::string note;                    // "Saved at 14:52:03", "Reloaded: ..."
    std::string playNode, playRole;      // "Play from here" waiting for its save to be loaded
    std::shared_ptr<const FormatGuide> scenarioGuide, manifestGuide; // null when the schemas could not be read

    [[nodiscard]] bool linted() const { return lintedRevision == history.revision(); }
    [[nodiscard]] const FormatGuide* guide(CaseFile f) const {
        return (f == CaseFile::Manifest ? manifestGuide : scenarioGuide).get();
    }
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
    std::optional<CaseEditor> editor;        // open once "Edit the case" was used; kept when its screen is left
};

} // namespace wp::app
