// A person's training record for the school's or the team's staff training file: one printable HTML
// page (two A4 sheets or fewer for ten runs) in the style of the debrief report. It lists the cases and
// roles completed with dates and time spent, how each dimension went, the critical actions met, the
// room sessions, and (only when the person ticks it) their reflections. Made from the records alone:
// no case needs to be installed.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "wholepicture/app/run_record.h"

namespace wp::app {

class RecordDatabase;

struct TrainingRecordOptions {
    bool includeReflections = false; // reflections are private until their author chooses to share them
    std::int64_t nowMs = 0;          // the date printed on the record
    std::string appVersion;
};

struct TrainingRecordInput {
    Profile profile;
    std::vector<RunSummary> runs;  // newest first (RecordDatabase::runs), reflections included
    std::vector<RoomRecord> rooms; // newest first, event logs not needed
};

[[nodiscard]] TrainingRecordInput trainingRecordInput(const RecordDatabase& db, std::int64_t profile);
[[nodiscard]] std::string trainingRecordHtml(const TrainingRecordInput& input, const TrainingRecordOptions& options);

} // namespace wp::app
