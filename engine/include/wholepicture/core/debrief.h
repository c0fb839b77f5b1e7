// The debrief: everything the end-of-case screen and the saved report show, computed from a session
// as plain data (no drawing). Pure: same scenario, knowledge base and session give the same debrief.
#pragma once
#include <cstddef>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "wholepicture/core/analysis.h"
#include "wholepicture/core/knowledge.h"
#include "wholepicture/core/runner.h"
#include "wholepicture/core/chronology.h"
#include "wholepicture/core/challenge.h"
#include "wholepicture/core/threshold.h"
#include "wholepicture/core/scenario.h"

namespace wp {

// ---- The debrief -------------------------------------------------------------------------------

struct DebriefDimension {
    std::string id;
    std::string name;      // from the knowledge base ("Information sharing"), else the id
    std::string shortName;
    int score = 0;
    int best = 0;          // best and worst achievable on this case for this role
    int worst = 0;
    double weight = 1.0;
    double fraction = 1.0; // (score - worst) / (best - worst), in [0,1]; 1 when best == worst
    std::string bandLabel; // knowledge-base band for `fraction` ("Developing")
    std::string bandText;
};

struct DebriefCritical {
    std::string id;
    bool mustDo = true; // false: must_avoid
    bool met = false;
    // An unfinished run whose path can still reach a decision that settles this action: it is neither
    // met nor missed yet ("not reached yet"), and `met` is false.
    bool pending = false;
    std::string text;
};

struct DebriefStep {
    std::string node;
    std::string stage;      // stage id
    std::string stageTitle;
    std::string date;       // the stage's date text
    std::string title;      // the decision's title
    std::string question;   // for the player's role
    std::string option;     // chosen option id
    std::string optionText;
    std::map<std::string, int> deltas; // dimension -> score change
    std::string outcome;    // the chosen option's feedback outcome
    std::map<std::string, std::string> views;  // role -> reading of the choice
    std::vector<GuidanceCitation> guidance;
    std::string critical;   // critical action id named by the chosen option, or ""
    // The strongest option from the state the trainee was in at this step (best weighted total still
    // achievable). Empty when the trainee's choice was (one of) the strongest.
    bool differed = false;
    std::string strongerOption;
    std::string strongerText;
    std::string strongerWhy; // the stronger option's feedback outcome
    std::map<std::string, int> strongerDeltas;
    double chosenValue = 0;  // weighted value from here: this step's delta + best still achievable
    double strongerValue = 0;
};

struct DebriefStageMeasure {
    std::string stage;
    std::string title;
    std::string date;
    int reached = 0;
    int possible = 0;
};

enum class LinkMark { Kept, Made, Missed };

struct DebriefLink {
    Link link;
    // In the trainee's map: Made = added or strengthened beyond what actually happened, Kept = as in
    // the historical map. In `missed`: a connection the trainee's map lacks.
    LinkMark mark = LinkMark::Kept;
    std::string source; // for missed links: "historical" (a critical link that did exist) or "strongest"
};

struct DebriefPromptGroup {
    int step = 1;
    std::string title; // "Why work together?" ...
    std::vector<std::string> prompts;
};

struct Debrief {
    std::string pluginId;
    std::string pluginName;
    std::string pluginVersion;
    std::string title;
    std::string childName;
    int childAge = 0;
    std::string role;
    std::string roleName;
    std::int64_t startedMs = 0;
    std::vector<std::string> contentWarnings;
    std::string caseOrigin;       // caseOriginSentence: drawn from a real review, or invented for training
    bool finished = false;        // reached an ending
    std::string stoppedAt;        // node id when not finished

    std::vector<DebriefDimension> dimensions; // scenario order
    double weightedScore = 0, bestWeighted = 0, worstWeighted = 0;
    std::vector<DebriefCritical> critical;    // missed first, then met, then not reached yet; scenario order within each
    std::vector<DebriefStep> timeline;        // decisions taken, in order
    std::vector<std::pair<std::string, std::string>> strongestPath; // (node, option) from the start
    std::vector<DebriefStageMeasure> picture; // whole-picture measure per stage
    DebriefStageMeasure strongestPicture;     // the measure at the end of the strongest path (for scale)
    ThresholdSummary thresholds;              // where the trainee placed the child's needs, judged
    ThresholdScale thresholdScale = nationalThresholdScale(); // the level names to show (a local pack's)
    ChronologySummary chronologies;           // the chronologies the trainee built, beside the whole picture
    ChallengeSummary challenges;              // the challenges the trainee made (or did not), judged

    std::vector<DebriefLink> traineeMap;      // final map, each marked Made or Kept
    std::vector<DebriefLink> historicalMap;
    std::string historicalNote;
    std::vector<DebriefLink> missed;          // links the trainee's map lacks (mark Missed)
    std::vector<std::string> isolatedTrainee;    // cast ids with no link in the trainee's map
    std::vector<std::string> isolatedHistorical; // cast ids with no link in the historical map

    std::string endingId, endingTitle, endingText, whatHappened;
    std::vector<std::string> proposals;
    std::vector<DebriefPromptGroup> prompts; // always 4 groups, steps 1-4
    std::string reflection;
    std::vector<std::string> guidanceCited;  // guidance ids cited along the path, first-use order
    size_t statesExplored = 0;
    bool analysisTruncated = false;

    [[nodiscard]] const DebriefDimension* dimension(const std::string& id) const;
    [[nodiscard]] size_t missedCriticalCount() const;  // settled and missed (not the pending ones)
    [[nodiscard]] size_t pendingCriticalCount() const; // not reached yet (unfinished runs only)
};

// A critical action's state in words: "met", "missed" or "not_reached" (JSON) and the verdict shown
// ("Done", "Avoided", "Missed", "Not avoided", "Not reached yet").
[[nodiscard]] const char* criticalStatusName(const DebriefCritical& c);
[[nodiscard]] const char* criticalVerdict(const DebriefCritical& c);

// A dimension's score with the range its bar spans, so the numbers say what the bar shows:
// "2 (worst -4, best 5)".
[[nodiscard]] std::string scoreRangeText(const DebriefDimension& dim);

[[nodiscard]] const char* debriefStepTitle(int step); // 1..4, "" otherwise
[[nodiscard]] const char* linkMarkName(LinkMark m);   // kept | made | missed

// Critical action ids an unfinished run may still settle: named by an option open to its role at a
// node reachable from where it stands (every branch followed, whatever its condition). Empty at an
// ending. Such actions are "not reached yet", neither met nor missed.
[[nodiscard]] std::set<std::string> criticalStillAhead(const Scenario& s, const RunState& st);

// Cast ids (scenario order) that have no link in `links`.
[[nodiscard]] std::vector<std::string> isolatedCast(const Scenario& s, const std::vector<Link>& links);

// Where a run sits overall, from the weakest path (0) to the strongest (1) a role could take, on the
// weighted total; 1 when every path scores the same.
[[nodiscard]] double overallFraction(const Debrief& d);
// The overall position labelled with the band names the dimensions use (the first dimension's bands),
// so "Developing" means one thing everywhere; nullptr when no dimension has bands.
[[nodiscard]] const DimensionBand* overallBand(const KnowledgeBase& kb, const Debrief& d);

[[nodiscard]] Debrief buildDebrief(const Scenario& s, const PluginManifest& m, const KnowledgeBase& kb,
                                   const Session& session);
[[nodiscard]] nlohmann::json debriefToJson(const Debrief& d);

} // namespace wp
