// The accessible transcript (issue 12): a run, a role-swap comparison or a room session as one
// self-contained HTML file a screen reader reads in order. Headings for the stages and the decisions,
// the options as lists, the choice and its feedback, every profession's perspective, the map as a
// table of who shares with whom, and the debrief. No scripts, no images, no colour-only meaning.
#pragma once
#include <string>

#include "wholepicture/core/knowledge.h"
#include "wholepicture/core/room.h"
#include "wholepicture/core/runner.h"
#include "wholepicture/core/scenario.h"

namespace wp {

// One run; with `firstRun`, a role swap: the first run, then this one (the comparison).
[[nodiscard]] std::string sessionTranscriptHtml(const Session& run, const Scenario& s, const PluginManifest& m,
                                                const KnowledgeBase& kb, const Session* firstRun = nullptr);

// A room session: each decision with its options, every group's vote and rationale by round, the
// path the room took and why, the feedback, the views, the map and the debrief of the path taken.
[[nodiscard]] std::string roomTranscriptHtml(const RoomSession& room, const Scenario& s, const PluginManifest& m,
                                             const KnowledgeBase& kb);

} // namespace wp
