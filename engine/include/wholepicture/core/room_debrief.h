// The room's debrief: what the end-of-session screen and the exports show, as plain data.
// - Scores: a group's score on a dimension is the sum of the score effects of the option it voted for
//   in the last round of each decision (whatever path the case then followed). A profession's score is
//   the mean over its groups. The path the case followed has its own totals (the runner's).
// - Rationales are listed per decision without group names, sorted alphabetically (entry order would
//   identify groups in a small room).
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "wholepicture/core/knowledge.h"
#include "wholepicture/core/room.h"
#include "wholepicture/core/scenario.h"
#include "wholepicture/core/threshold.h"

namespace wp {

struct RoomDimensionScore {
    std::string id;
    std::string name;
    std::string shortName;
    std::vector<int> byGroup;                   // setup.groups order
    std::map<std::string, double> byProfession; // mean over the profession's groups
    int path = 0;                               // the path the case followed
};

struct RoomOptionChoice {
    char letter = 0;
    std::string option;
    std::string text;
    std::vector<std::string> groups;      // names, last round
    std::vector<std::string> professions; // distinct, in group order
};

struct RoomDecisionSummary {
    std::string node;
    std::string title;
    std::string stageTitle;
    std::string date;
    std::vector<RoomOptionChoice> choices; // options someone voted for in the last round, letter order
    int distinctOptions = 0;
    bool unanimous = false;
    bool professionsSplit = false; // professions' groups chose different options
    std::vector<std::string> changedInRevote; // "Table 2: i -> g"
    std::string chosen;     // option the case followed
    std::string chosenText;
    char chosenLetter = 0;
    std::string ruleNote;
    std::vector<std::string> rationales; // anonymous, sorted
    // A threshold point: each group's placement (group order; groups that did not place are left out)
    // and the case's judgement.
    struct Placement {
        std::string group;
        std::string profession;
        ThresholdLevel level = ThresholdLevel::Universal;
    };
    std::vector<Placement> placements;
    std::optional<ThresholdPoint> threshold;
    bool placementsSplit = false; // the professions placed the child at different levels
    // A chronology point: every concern on record by then (date order, holders as role ids) and why.
    std::vector<ChronologyItem> concernsOnRecord;
    std::string chronologyWhy;
    // A challenge point: the decision the tables were asked about, the other agency's side and why.
    std::string challengeAgency, challengeDecision, challengeReply, challengeWhy;
};

struct RoomDebrief {
    std::string roomId;
    std::string caseName;
    std::string pluginVersion;
    std::int64_t createdMs = 0;
    std::vector<RoomGroup> groups;
    std::vector<std::string> professions;
    std::vector<std::string> contentWarnings;
    std::vector<RoomDimensionScore> dimensions;
    std::vector<RoomDecisionSummary> decisions; // decided ones, in order
    std::vector<Link> pathMap;                  // information-flow map of the path followed
    std::vector<Link> missed;                   // critical historical links the path's map lacks
    std::vector<std::string> isolated;          // cast ids with no link on the path's map
    std::vector<std::pair<int, std::vector<std::string>>> prompts; // steps 1-4
    bool finished = false;
    std::string endingTitle, endingText, whatHappened;
    ThresholdScale thresholdScale = nationalThresholdScale(); // the room's local procedures pack names the levels
};

[[nodiscard]] RoomDebrief buildRoomDebrief(const RoomSession& room, const Scenario& s, const PluginManifest& m,
                                           const KnowledgeBase& kb);

// Self-contained HTML (inline CSS and SVG, no scripts) that prints on A4.
[[nodiscard]] std::string roomReportHtml(const RoomDebrief& d, const RoomSession& room, const Scenario& s,
                                         const KnowledgeBase& kb);
// One row per group per decision per vote round:
// decision,group,profession,option,option_text,rationale,round,revealed_at (RFC 4180 quoting, ISO 8601 UTC).
[[nodiscard]] std::string roomChoicesCsv(const RoomSession& room, const Scenario& s);

// "14:05 to 14:12 (7 min)" in local time; "from 14:05 (not resumed)" while still paused.
[[nodiscard]] std::string describeBreak(const RoomBreak& b);
[[nodiscard]] std::string isoTimeUtc(std::int64_t ms); // "2026-11-22T14:30:00Z"; "" for 0
[[nodiscard]] std::string csvField(const std::string& field);
// The threshold points of the room, as a table: one row per point, one column per group, then the case's
// judgement and how it was treated at the time. "" when the room met none.
[[nodiscard]] std::string roomThresholdTableHtml(const RoomDebrief& d, const KnowledgeBase& kb);

} // namespace wp
