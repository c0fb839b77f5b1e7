// Command handling for the debrief, role swap and export (private to wp_ui; app_model.cpp calls these
// from one-line Applier overloads so the shared file stays small).
#pragma once
#include <cstdint>
#include <optional>

#include <nlohmann/json.hpp>

#include "wholepicture/ui/app_model.h"

namespace wp::ui::detail {

// On entering the summary: builds the debrief once. `justFinished` (the run reached its ending this
// step) after a role swap opens the compare screen instead.
void onEnterSummary(AppModel& m, bool justFinished);
// A fresh start from the role screen ends any role swap.
void onFreshStart(AppModel& m);

// After a resume: the role swap's first run from its saved session JSON (the autosave's
// "compare_with"), when it is the same case as another role; anything else is ignored with a note.
void restoreFirstRun(AppModel& m, const std::optional<nlohmann::json>& saved);

bool apply(AppModel& m, const SetReflection& c);
bool apply(AppModel& m, const PlayAsRole& c, std::int64_t nowMs);
bool apply(AppModel& m, const ShowCompare& c);
bool apply(AppModel& m, const SaveReport& c);

} // namespace wp::ui::detail
