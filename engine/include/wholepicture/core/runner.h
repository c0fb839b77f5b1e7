// The runner: a deterministic state machine over a scenario. Pure functions on value types, so
// undo is "keep the previous state", save is "keep the path", and tests need no UI.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "wholepicture/core/scenario.h"

namespace wp {

struct PathStep {
    std::string node;
    std::string option;    // "" for continuing past a narrative node
    std::int64_t atMs = 0; // wall-clock milliseconds since the epoch, as supplied by the caller
    std::optional<ThresholdLevel> threshold; // where the trainee placed the child's needs at this decision
};

// How much of the case's key information had reached the roles that needed it.
struct PictureMeasure {
    std::string stage;
    int reached = 0;  // (key fact, role that needs it) pairs where the role knows the fact
    int possible = 0; // pairs for key facts that someone knew by then
};

// A chronology built at a decision: the trainee's mark on each fact entered, and, once the choice is
// made, what the role knew then (what it could have entered), kept for judging in the debrief.
struct ChronologyRecord {
    std::map<std::string, ChronologyMark> marks; // fact -> Entry or Concern (a fact left out has no mark)
    std::vector<std::string> knownAtChoice;      // the role's facts when the choice was made
    bool closed = false;                         // the choice is made: the chronology is final
};

// When the trainee means to challenge another agency's decision at a challenge point.
enum class ChallengeTiming { Undecided, Now, Wait, Accept }; // Wait: note it and wait for more
// One move at a challenge point: the timing, the approach, then along the escalation route.
enum class ChallengeMove { Now, Wait, Accept, Approach, Escalate, Rest };

// A challenge made (or not) at a decision: the timing, the approach, and how far along the route it
// went. Plain values; judged in the debrief (wholepicture/core/challenge.h). Not part of the
// analysis state key: it changes no option, score or flag.
struct ChallengeRecord {
    ChallengeTiming timing = ChallengeTiming::Undecided;
    std::string approach; // the approach id ("" until chosen)
    int reached = 0;      // the furthest step of the route reached: 1 is the first challenge
    bool rested = false;  // the trainee let it rest before it was resolved
    bool closed = false;  // the choice is made: the challenge is final
};

struct RunState {
    std::string role;
    std::string node;
    std::map<std::string, std::set<std::string>> known; // role -> facts it holds
    std::set<std::string> flags;
    std::map<std::string, int> scores; // dimension -> total
    std::vector<Link> map;             // current information-flow links
    std::vector<PathStep> path;
    int stageReached = -1;             // index into Scenario::stages
    std::set<std::string> criticalChosen; // critical action ids whose options were chosen
    std::vector<PictureMeasure> picture;  // one per stage left behind, plus the current one at the end
    // Threshold placements by decision node: set by placeThreshold before the choice, kept with the step.
    std::map<std::string, ThresholdLevel> placements;
    // Chronologies by decision node: marked by markChronology before the choice, closed by it.
    std::map<std::string, ChronologyRecord> chronologies;
    // Challenges by decision node: moved by challengeMove before the choice, closed by it.
    std::map<std::string, ChallengeRecord> challenges;
};

[[nodiscard]] bool conditionHolds(const Condition& c, const RunState& st);
[[nodiscard]] bool knows(const RunState& st, const std::string& role, const std::string& fact);

// A fresh run for `role` at the scenario's start node (stage facts applied).
[[nodiscard]] RunState startRun(const Scenario& s, const std::string& role);

// Options the player's role may take at the current decision (roles and `when` applied).
[[nodiscard]] std::vector<const Option*> availableOptions(const Scenario& s, const RunState& st);

[[nodiscard]] const Node& currentNode(const Scenario& s, const RunState& st);
[[nodiscard]] bool atEnding(const Scenario& s, const RunState& st);

// Applies an option at a decision node. Returns the new state, or nullopt with a message if the
// option does not exist or is not available to this role now.
[[nodiscard]] std::optional<RunState> choose(const Scenario& s, const RunState& st, const std::string& optionId,
                                             std::int64_t atMs, std::string* error = nullptr);
// Places the child's needs on the threshold scale at the current decision (which must have a
// "threshold"); placing again replaces the first placement until the choice is made. False with
// `error` set anywhere else.
bool placeThreshold(const Scenario& s, RunState& st, ThresholdLevel level, std::string* error = nullptr);
// Enters, marks or leaves out one fact of the chronology at the current decision (which must have a
// "chronology"); the fact must be one the player's role knows. False with `error` set otherwise.
bool markChronology(const Scenario& s, RunState& st, const std::string& fact, ChronologyMark mark,
                    std::string* error = nullptr);
// One move at the current decision's challenge (which must have a "challenge" open to the role): the
// timing (changeable until an approach is chosen), the approach (`approach` names it; the first
// challenge, step 1 of the route), then Escalate to the next step or Rest, until the step the case
// says resolves it. False with `error` set when the move does not fit.
bool challengeMove(const Scenario& s, RunState& st, ChallengeMove move, const std::string& approach = {},
                   std::string* error = nullptr);
[[nodiscard]] const char* challengeTimingId(ChallengeTiming t); // "undecided" | "now" | "wait" | "accept"
[[nodiscard]] std::optional<ChallengeTiming> challengeTimingFromId(const std::string& id);
// Moves past a narrative node.
[[nodiscard]] std::optional<RunState> proceed(const Scenario& s, const RunState& st, std::int64_t atMs,
                                              std::string* error = nullptr);

// The error when no "next" branch of `nodeId` applies (or the one that does names no node).
[[nodiscard]] std::string noWayOnMessage(const std::string& nodeId);

// The same two steps applied to `st` itself, without a copy (long automated plays). On failure `st`
// is unchanged when the option or node was wrong, and may be partly changed when no "next" applies.
bool chooseInPlace(const Scenario& s, RunState& st, const std::string& optionId, std::int64_t atMs,
                   std::string* error = nullptr);
bool proceedInPlace(const Scenario& s, RunState& st, std::int64_t atMs, std::string* error = nullptr);

// The first branch whose condition holds, or nullptr.
[[nodiscard]] const Branch* pickBranch(const std::vector<Branch>& next, const RunState& st);

// Map links after applying `link` (replacing an existing link between the same pair; an opposite
// one-way becomes two-way).
void applyLink(std::vector<Link>& map, const Link& link);

// The measure for the current stage (not stored; see RunState::picture for past stages).
[[nodiscard]] PictureMeasure measurePicture(const Scenario& s, const RunState& st);

// Critical action outcome for a finished (or unfinished) run.
struct CriticalOutcome {
    const CriticalAction* action = nullptr;
    bool met = false; // must_do chosen, or must_avoid not chosen
};
[[nodiscard]] std::vector<CriticalOutcome> criticalOutcomes(const Scenario& s, const RunState& st);

// A session: the states so far, so stepping back is popping. Saved as the path, restored by replay.
struct Session {
    std::string pluginId;
    std::string pluginVersion;
    std::string role;
    std::vector<RunState> history; // history.back() is the current state
    std::string reflection;
    std::int64_t startedMs = 0;

    [[nodiscard]] const RunState& current() const { return history.back(); }
    [[nodiscard]] bool canStepBack() const { return history.size() > 1; }
};

[[nodiscard]] Session startSession(const Scenario& s, const PluginManifest& m, const std::string& role,
                                   std::int64_t nowMs);
// Applies a choice (decision) or continue (narrative, optionId ""). Returns false with `error` set.
bool sessionStep(Session& session, const Scenario& s, const std::string& optionId, std::int64_t nowMs,
                 std::string* error = nullptr);
bool sessionStepBack(Session& session);

// JSON: {"format":"wholepicture-session","version":1,"plugin":..,"plugin_version":..,"role":..,
//        "started_ms":..,"path":[{"node","option","at_ms"[,"threshold"][,"chronology"]}],"placing":..,
//        "building":..,"reflection":..,"state":{...}}; "placing" is a threshold placed at the current
//        decision before its choice, "building" the chronology begun there ({fact: "entry"|"concern"}).
//        A path step may hold "challenge" and the session "challenging" (the same before the choice):
//        {"timing":"now"|"wait"|"accept","approach":id,"reached":N,"rested":bool}.
[[nodiscard]] nlohmann::json sessionToJson(const Session& session);
// Rebuilds a session by replaying the saved path; a path that no longer fits the scenario stops at
// the last step that still applies, with a diagnostic saying where. Total: never throws; wrong types,
// nulls, missing fields and out-of-range numbers are diagnostics naming `file` and the JSON pointer.
// Only a wrong format, version, plugin or role gives nullopt; a bad optional field (reflection,
// started_ms) or a bad step is a warning and the rest is still read.
[[nodiscard]] std::optional<Session> sessionFromJson(const nlohmann::json& j, const Scenario& s,
                                                     const PluginManifest& m, Diagnostics& diags,
                                                     const std::string& file = "session");
[[nodiscard]] nlohmann::json stateToJson(const RunState& st);

} // namespace wp
