// Joint session mode ("a room"): one facilitator, one projector, several groups of teachers and social
// workers voting on each decision of a case. Plain structs and free functions, no drawing.
//
// - The room is event-sourced: RoomSession::events is the record (what happened, when) and
//   RoomSession::state is derived by replaying it, so undo is "drop the last event and replay", and a
//   record saved after every change restores the session exactly, undo included.
// - The case advances with the runner (runner.h Session) playing the facilitator's chosen path.
// - What the projector may show is explicit: releasedContent() returns exactly the released text; the
//   projector view draws from that struct and nothing else.
// - Cycle at a decision: Situation -> Views (each profession's view of it, one at a time or side by
//   side) -> Voting (round 1) -> Revealed -> [Voting round 2 -> Revealed] -> path chosen -> next node.
// - Option letters: every option available at the decision (any role, `when` holding) gets a letter
//   a, b, c... in the scenario's order. A group votes by letter; it may vote the options of its
//   profession, or any option when its profession is "mixed" or has no option at this decision.
// - Tie rule (path by majority): most votes in the latest round; ties go to the option with more
//   first-round votes; a remaining tie goes to the option listed first (lowest letter). The facilitator
//   can always choose a path outright instead.
// - Content warning: shown to the room first, and repeated on entering a "hard" stage: among the stages
//   after the first (the opening warning covers that one), those whose node texts touch the most of the
//   case's content warnings (word stems of 5+ letters; see hardStages()). The facilitator can show it
//   again at any time (ShowWarning). Peter: spring 2004 and spring 2005.
// - Timer: optional per decision (timerSeconds, 0 = off, the default). Never scored.
#pragma once
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "wholepicture/core/chronology.h"
#include "wholepicture/core/diagnostic.h"
#include "wholepicture/core/runner.h"
#include "wholepicture/core/scenario.h"

namespace wp {

inline constexpr const char* kMixedProfession = "mixed";

struct RoomGroup {
    std::string name;       // "Table 1"
    std::string profession; // a role id from the knowledge base, or "mixed"
};

struct RoomSetup {
    std::string id;            // record name: "room-20261122-143000-peter"
    std::string pluginId;
    std::string pluginVersion;
    std::vector<RoomGroup> groups;
    int timerSeconds = 0;      // per decision; 0 = no timer (the default)
    std::int64_t createdMs = 0;
    std::string procedures;    // the local procedures pack this room uses ("" = national guidance only)
};

enum class RoomPhase { Narrative, Situation, Views, Voting, Revealed, Ending };

enum class RoomEventKind {
    Continue,     // dismiss warning / past narrative / situation -> views -> next view -> voting
    ShowViews,    // profession = one view; "" = all side by side
    OpenVoting,   // situation/views -> voting (round 1)
    Vote,         // group, option, rationale (replaces the group's vote before reveal)
    ClearVote,    // group
    Reveal,       // voting -> revealed
    Revote,       // revealed (round 1) -> voting round 2 (round 1 votes carried over)
    ChoosePath,   // option ("" = by majority); revealed -> next node
    ShowWarning,  // the content warning again, now
    TurnPage,     // page: the projector shows this page of the current screen (0 = the first)
    Place,        // group, level: where the group places the child's needs at a threshold point
};

struct RoomEvent {
    RoomEventKind kind = RoomEventKind::Continue;
    int group = -1;          // Vote, ClearVote: index into setup.groups
    std::string option;      // Vote, ChoosePath
    std::string rationale;   // Vote: optional one line
    std::string profession;  // ShowViews
    std::int64_t atMs = 0;
    int page = 0;            // TurnPage
    std::string level;       // Place: a threshold level id ("child_in_need")
};

struct RoomVote {
    int group = -1;
    std::string option;
    std::string rationale;
    std::int64_t atMs = 0;
};

struct RoomRound {
    std::vector<RoomVote> votes; // at most one per group, in entry order
    std::int64_t openedMs = 0;
    std::int64_t revealedMs = 0; // 0 = not revealed

    [[nodiscard]] const RoomVote* voteOf(int group) const;
};

enum class PathRule { Majority, Facilitator };

struct RoomDecision {
    std::string node;
    std::vector<std::string> letters; // option id per letter (a = letters[0])
    std::vector<RoomRound> rounds;    // 1 or 2
    std::string chosen;               // option the case followed ("" while open)
    PathRule rule = PathRule::Majority;
    std::string ruleNote;             // how a majority was reached ("tie broken by first-round votes")
    std::int64_t chosenMs = 0;
    // At a threshold point: where each group placed the child's needs (group index -> level), taken from
    // the situation until the votes are revealed, so no group is swayed by another's.
    std::map<int, ThresholdLevel> placements;
};

struct RoomState {
    Session run;                 // the case, along the chosen path
    RoomPhase phase = RoomPhase::Narrative;
    bool warning = true;         // the content warning is on screen (the room sees it first)
    std::string warningStage;    // "" = the opening warning; else the hard stage it precedes
    std::set<std::string> warnedStages;
    std::vector<std::string> viewsShown; // professions whose view was released at this decision
    std::string viewCurrent;     // Views phase: the one on screen; "" = all side by side
    std::vector<RoomDecision> decisions; // every decision reached, the current one last
    std::int64_t lastChangeMs = 0;
    // The page of a long projector screen the room sees (TurnPage). Part of the record, so it is
    // undone, replayed and restored like every other step; back to 0 whenever the screen changes.
    int projectorPage = 0;

    [[nodiscard]] const RoomDecision* current() const; // the open decision, or nullptr
    [[nodiscard]] int round() const;                   // 1 or 2 at an open decision, else 0
};

// A pause (break, or a difficult moment): logged with its times for the report, never an undoable step.
struct RoomBreak {
    std::int64_t fromMs = 0;
    std::int64_t toMs = 0; // 0 = still paused
};

struct RoomSession {
    RoomSetup setup;
    std::vector<RoomEvent> events;
    RoomState state;     // derived: replay of events
    bool paused = false; // projector blanked to a pause screen (not an undoable step)
    bool closed = false; // the facilitator ended the session (no resume offer)
    std::vector<RoomBreak> breaks; // every pause, in order (undo leaves them alone)

    // Not part of the record: hardStages() of the scenario and manifest the room was last changed with,
    // so that a vote does not re-read the whole case. Worked out again when roomApply is given another
    // Scenario or PluginManifest object, or one whose node count or content warnings differ.
    struct HardStagesMemo {
        const Scenario* scenario = nullptr;
        const PluginManifest* manifest = nullptr;
        size_t nodes = 0;
        std::vector<std::string> contentWarnings;
        std::set<std::string> stages;
    };
    std::shared_ptr<const HardStagesMemo> hardStagesMemo;
};

// [SECTION] Set-up and queries

// Professions present, in group order, without repeats.
[[nodiscard]] std::vector<std::string> roomProfessions(const RoomSetup& setup);
// Checks groups (1..12, names non-empty and distinct, professions known or "mixed") against the
// knowledge base role ids and the timer (0..3600). Empty = fine.
[[nodiscard]] Diagnostics validateRoomSetup(const RoomSetup& setup, const std::vector<std::string>& roleIds);
// The tables a new room starts with: a class teachers' table, a social workers' table (or the case's
// first two roles) and a mixed one. The set-up screen and the command line both start from it.
[[nodiscard]] std::vector<RoomGroup> defaultRoomGroups(const PluginManifest& m);
// "room-YYYYMMDD-HHMMSS-<plugin>"
[[nodiscard]] std::string roomIdFor(const std::string& pluginId, std::int64_t nowMs);

[[nodiscard]] RoomSession startRoom(const Scenario& s, const PluginManifest& m, RoomSetup setup, std::int64_t nowMs);

// Options available at the current decision, by letter order (empty away from a decision).
[[nodiscard]] std::vector<const Option*> roomOptions(const Scenario& s, const RoomState& st);
// The options a profession may vote for at the current decision (see the header comment).
[[nodiscard]] std::vector<const Option*> optionsForProfession(const Scenario& s, const RoomState& st,
                                                              const std::string& profession);
[[nodiscard]] char letterOf(const RoomDecision& d, const std::string& optionId); // 0 if absent
[[nodiscard]] std::string optionOfLetter(const RoomDecision& d, char letter);     // "" if absent

// Votes per option in one round, and the majority pick with the tie rule applied.
[[nodiscard]] std::map<std::string, int> tally(const RoomRound& round);
struct MajorityResult {
    std::string option;   // "" when nobody voted
    int votes = 0;
    bool tie = false;     // a tie had to be broken
    std::string note;     // how it was decided, for the record
};
[[nodiscard]] MajorityResult majority(const RoomDecision& d);
// The letters of the options with the most votes in the latest round (letter order; empty when nobody
// voted), and whether that is a tie (two or more): the console then asks the facilitator to choose
// the path instead of offering "follow the majority".
[[nodiscard]] std::vector<char> tiedLetters(const RoomDecision& d);
[[nodiscard]] bool roomTie(const RoomDecision& d);

// Hard stages for the repeated content warning (see the header comment).
[[nodiscard]] std::set<std::string> hardStages(const Scenario& s, const PluginManifest& m);

// Pause or resume (no-op when already so): sets `paused` and opens or closes a RoomBreak at nowMs.
void roomSetPaused(RoomSession& room, bool paused, std::int64_t nowMs);

// [SECTION] Changing the room. Every change appends one event; false (and `error`) when it does not
// apply now, leaving the room as it was.
bool roomApply(RoomSession& room, const Scenario& s, const PluginManifest& m, RoomEvent event,
               std::string* error = nullptr);
// Both change the state in place, never a copy per event: every refusal happens before anything is
// changed. Undo replays the remaining events once (linear in the room's length).
// Undo one step: drops the last event and replays. False when there is nothing to undo.
bool roomUndo(RoomSession& room, const Scenario& s, const PluginManifest& m);
[[nodiscard]] bool canUndo(const RoomSession& room);
// Rebuilds the state from the events; stops (with a diagnostic) at the first event that no longer fits.
[[nodiscard]] RoomState replayRoom(const RoomSetup& setup, const std::vector<RoomEvent>& events, const Scenario& s,
                                   const PluginManifest& m, Diagnostics* diags = nullptr, size_t* applied = nullptr);

// What the projector shows, as a key (not counting a pause): a new key is a new screen, page 1.
[[nodiscard]] std::string roomScreenKey(const RoomState& st);

// Seconds left on the decision timer (negative once over), or nullopt when off or not voting. The
// timer stands still while the session is paused: breaks (RoomSession::breaks) do not count.
[[nodiscard]] std::optional<int> timerRemaining(const RoomSession& room, std::int64_t nowMs);
// The voting time counted so far in this round (ms since the round opened, minus the breaks in it), or
// nullopt when no vote is open. The loop's wake for the next displayed second is timed from this.
[[nodiscard]] std::optional<std::int64_t> timerElapsedMs(const RoomSession& room, std::int64_t nowMs);

// [SECTION] What the projector may show

struct ReleasedOption {
    char letter = 0;
    std::string id;
    std::string text;
};
struct ReleasedView {
    std::string profession;
    std::string situation;
    std::string question;
    std::vector<ReleasedOption> options;
};
struct ReleasedVote {
    std::string group;
    std::string profession;
    char letter = 0;         // 0 = no vote
    std::string optionText;
    std::string rationale;
    char firstRoundLetter = 0; // round 2: the group's round-1 letter (shows what changed)
};
struct ReleasedPlacement {
    std::string group;
    std::string profession;
    ThresholdLevel level = ThresholdLevel::Universal;
};
struct ReleasedFeedback {
    char letter = 0;
    std::string optionText;
    std::string outcome;
    std::map<std::string, std::string> views; // role -> reading
};
struct ReleasedContent {
    bool paused = false;          // pause screen only; everything else below is empty
    bool warning = false;         // content warning screen only
    std::vector<std::string> warnings;
    std::string caseOrigin;       // "This case is drawn from a real child's case review." (or invented)
    std::string warningStage;     // stage title when repeated before a hard stage
    std::string caseTitle;
    std::string stageTitle, date, nodeTitle;
    std::string narrative;        // narrative / ending text
    std::string situation;        // the decision's common situation text
    std::vector<ReleasedView> views;
    bool voting = false;
    int round = 0;
    std::vector<std::string> groupsVoted; // names only (who has voted, never what)
    std::optional<int> timerSeconds;      // seconds left, when a timer runs
    std::vector<ReleasedVote> votes;      // revealed only
    std::vector<Perspective> perspectives; // revealed only
    std::map<std::string, std::string> perspectiveLabels; // role -> this case's name for it ("Peter (imagined)"), when it has one
    std::vector<ReleasedFeedback> feedback; // revealed only: for each option someone voted for
    bool thresholdAsked = false;  // the decision is a threshold point: groups place the child first
    std::vector<std::string> groupsPlaced;        // names only, before the reveal
    std::vector<ReleasedPlacement> placements;    // revealed only, in group order
    std::optional<ThresholdPoint> threshold;      // revealed only: the case's judgement and its reasons
    // A chronology point: each table lists what its profession holds, in date order, and marks the
    // concerns (on paper); the reveal shows every concern on record by then, across the agencies.
    bool chronologyAsked = false;
    std::vector<ChronologyItem> concernsOnRecord; // revealed only, in date order, holders as role ids
    std::string chronologyWhy;                    // revealed only: what the chronology shows
    // A challenge point: each table decides whether it would challenge the other agency's decision
    // (now, after waiting, or not) and how it would put it; the reveal gives that agency's own side.
    bool challengeAsked = false;
    std::string challengeAgency;   // the agency, in words (shown with the question)
    std::string challengeDecision; // what it decided (shown with the question)
    std::string challengeReply;    // revealed only: the agency's first reply, its reasons
    std::string challengeWhy;      // revealed only: what the point teaches
    std::vector<EscalationStep> challengeRoute; // revealed only: the case's own route (empty: the pack's or the national)
    std::string chosenText;       // path the case followed (previous decision), once chosen
    std::string whatHappened;     // ending
};
[[nodiscard]] ReleasedContent releasedContent(const RoomSession& room, const Scenario& s, const PluginManifest& m,
                                              std::int64_t nowMs);

// [SECTION] Record: JSON and files

// {"format":"wholepicture-room","version":1,"id","plugin","plugin_version","created_ms","timer_seconds",
//  "groups":[{"name","profession"}],"paused","closed","breaks":[{"from_ms","to_ms"}],"events":[...],
//  "decisions":[...derived, for readers]}
[[nodiscard]] nlohmann::json roomToJson(const RoomSession& room);
// Validates the shape; replays the events against the scenario (a step that no longer fits stops the
// replay with a warning). nullopt + diagnostics naming `file` when the record cannot be read.
// Total: never throws; wrong types, nulls and out-of-range numbers are diagnostics with the JSON
// pointer. An id that is not a plain record id (isSafeRecordId) is replaced by a generated one.
[[nodiscard]] std::optional<RoomSession> roomFromJson(const nlohmann::json& j, const Scenario& s, const PluginManifest& m,
                                                      Diagnostics& diags, const std::string& file = "room");
// Just the plugin id and state of a record, without the scenario (for resume offers). Never throws;
// a bad field is a warning (the record is still listed), a file that is not a room record an error.
struct RoomRecordInfo {
    std::filesystem::path path;
    std::string id;
    std::string pluginId;
    size_t events = 0;
    bool closed = false;
    std::int64_t modifiedMs = 0;
};
[[nodiscard]] std::optional<RoomRecordInfo> peekRoomRecord(const std::filesystem::path& path, Diagnostics& diags);
struct JsonFile; // json_file.h
// Same, on a record already read (fuzzing, tests); `path` is what RoomRecordInfo::path will hold.
[[nodiscard]] std::optional<RoomRecordInfo> peekRoomRecord(const JsonFile& file, const std::filesystem::path& path,
                                                           Diagnostics& diags);

// Times in a record are milliseconds since 1970; beyond +-10^15 (31,000 years) they are damage.
inline constexpr std::int64_t kMaxRecordMs = 1'000'000'000'000'000;
inline constexpr std::int64_t kMaxTimerSeconds = 24 * 3600;
inline constexpr size_t kMaxRecordIdLength = 128;
// A record id that may name a file: 1..kMaxRecordIdLength of [A-Za-z0-9_-] (no dots, no slashes).
// roomIdFor always makes one.
[[nodiscard]] bool isSafeRecordId(const std::string& id);

[[nodiscard]] std::filesystem::path roomsDir(const std::filesystem::path& stateDir); // stateDir/rooms
// stateDir/rooms/<id>.json, or an empty path when `id` is not isSafeRecordId: a record's id comes
// from file content and must never steer a write elsewhere ("../autosave").
[[nodiscard]] std::filesystem::path roomFile(const std::filesystem::path& stateDir, const std::string& id);
// Atomic write (json_file.h writeFileAtomically) to roomFile(stateDir, id); refuses (false + a
// diagnostic) an id that is not isSafeRecordId.
bool saveRoom(const RoomSession& room, const std::filesystem::path& stateDir, Diagnostics& diags);
// Atomic write to an explicit path: the app saves a resumed record back where it was loaded from.
bool saveRoomTo(const RoomSession& room, const std::filesystem::path& file, Diagnostics& diags);
// Reads a record; a corrupt or truncated file gives a diagnostic naming it and is left in place.
[[nodiscard]] std::optional<RoomSession> loadRoom(const std::filesystem::path& path, const Scenario& s,
                                                  const PluginManifest& m, Diagnostics& diags);
// Every readable record under stateDir/rooms, newest first; unreadable ones add diagnostics (and
// are left in place). Directories, FIFOs and devices named *.json are reported, never opened.
[[nodiscard]] std::vector<RoomRecordInfo> listRoomRecords(const std::filesystem::path& stateDir, Diagnostics& diags);

[[nodiscard]] const char* roomPhaseName(RoomPhase p);
[[nodiscard]] const char* roomEventName(RoomEventKind k);

} // namespace wp
