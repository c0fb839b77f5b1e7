// Unsaved edits of the case editor, kept outside the case's folder so that closing the app, a crash or
// a power cut does not lose a trainer's afternoon: the draft is written (in the editor's layout) under
// $XDG_STATE_HOME/wholepicture/unsaved-cases/ as it changes, forgotten when it is saved or discarded,
// and offered back the next time the editor opens that folder. The case's own files are never touched.
#pragma once
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "wholepicture/core/diagnostic.h"

namespace wp {

struct UnsavedDraft {
    std::filesystem::path dir; // the case's folder, as the editor had it open
    std::string manifestText;  // plugin.json, canonicalJsonText
    std::string scenarioText;  // the entry file, canonicalJsonText
    std::int64_t keptMs = 0;   // when it was written (ms since the epoch)
};

// One file per case folder: its name is a hash of the folder's absolute path.
[[nodiscard]] std::filesystem::path unsavedDraftFile(const std::filesystem::path& stateDir, const std::filesystem::path& caseDir);
// Written atomically (a crash mid-write leaves the previous one); false with a diagnostic when it cannot be.
bool keepUnsavedDraft(const std::filesystem::path& stateDir, const UnsavedDraft& draft, Diagnostics& diags);
// The kept draft of `caseDir`, or nullopt when there is none, or it is unreadable or for another folder
// (a hash collision): a damaged file is never offered.
[[nodiscard]] std::optional<UnsavedDraft> readUnsavedDraft(const std::filesystem::path& stateDir, const std::filesystem::path& caseDir);
void forgetUnsavedDraft(const std::filesystem::path& stateDir, const std::filesystem::path& caseDir);

} // namespace wp
