// Challenge and escalation (issue 13, item 5): at chosen decisions the trainee may disagree with
// another agency's decision. They choose when (challenge now, note it and wait for more, or accept
// it), how (an approach the case rates for tone and for keeping the child's situation in focus), hear
// the other agency's honest first reply (which does not change its decision), and then may escalate
// along the route (the case's own, the local procedures pack's, or a national default), with time
// passing at each step, until the step the case says resolves it, or let it rest.
// Judged here, apart from the scores: timeliness, tone and child focus, each good, partial or poor.
// Plain functions over the scenario and a run; the play screen, the debrief, the reports and the
// transcript all read the same summary.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "wholepicture/core/knowledge.h"
#include "wholepicture/core/runner.h"
#include "wholepicture/core/scenario.h"

namespace wp {

// The route when neither the case nor a local pack gives one: national guidance leaves the steps to
// the local partnership, so the last step says to follow the local procedures.
[[nodiscard]] const std::vector<EscalationStep>& nationalEscalationRoute();

// The route a challenge point uses: the case's own, else the pack's (`packRoute` may be null or
// empty), else the national default.
[[nodiscard]] const std::vector<EscalationStep>& challengeRoute(const ChallengePoint& point,
                                                                const std::vector<EscalationStep>* packRoute);

// The step of the route at which the case's disagreement resolves, within the route's length.
[[nodiscard]] int resolvingStep(const ChallengePoint& point, const std::vector<EscalationStep>& route);

// One challenge point on the run's path, judged.
struct JudgedChallenge {
    std::string node;
    std::string title;    // the decision's title
    std::string stage;    // the stage's title
    std::string date;     // the stage's date
    std::string agency;   // the agency whose decision was in question, in words
    std::string decision; // what it decided
    ChallengeTiming timing = ChallengeTiming::Undecided;
    std::string approach;         // the approach's text ("" when no challenge was put)
    std::string approachFeedback; // the case's reading of the approach
    std::string reply;            // the other agency's first reply
    std::vector<EscalationStep> route;
    int reached = 0;    // the furthest step reached (1: the first challenge)
    int resolvesAt = 2; // the step that resolves it
    bool resolved = false;
    bool rested = false;
    ChallengeRating timeliness = ChallengeRating::Poor;
    std::optional<ChallengeRating> tone;       // none when no challenge was put
    std::optional<ChallengeRating> childFocus; // likewise
    std::string outcome;
    std::string why;
    [[nodiscard]] bool challenged() const { return !approach.empty(); }
};

struct ChallengeSummary {
    std::vector<JudgedChallenge> points; // in the order the run met them
    [[nodiscard]] bool empty() const { return points.empty(); }
};

// The challenge points on `st`'s path whose choice is made and which were open to the role, judged.
// `kb` names the agencies; `packRoute` is the local pack's route (null: none).
[[nodiscard]] ChallengeSummary summariseChallenges(const Scenario& s, const RunState& st, const KnowledgeBase& kb,
                                                   const std::vector<EscalationStep>* packRoute = nullptr);

// "Timeliness good, tone good, the child's situation partial" (no full stop).
[[nodiscard]] std::string challengeRatings(const JudgedChallenge& c);
// One sentence on what the trainee did: "You challenged children's social care at once and escalated to
// your own line manager or DSL, and theirs, where it was resolved." (with the full stop)
[[nodiscard]] std::string challengeVerdict(const JudgedChallenge& c);
// A scripted challenge move ("?now", "?wait", "?accept", "?escalate", "?rest", or "?APPROACH" for an
// approach id), as wpt play and the app's --choose take it, after the "?".
struct ScriptedChallengeMove {
    ChallengeMove move = ChallengeMove::Now;
    std::string approach;
};
[[nodiscard]] ScriptedChallengeMove scriptedChallengeMove(const std::string& word);

// "good" -> "good" (a word for people)
[[nodiscard]] std::string ratingWord(ChallengeRating r);

// {"points":[{node,title,stage,date,agency,decision,timing,approach,reached,resolves_at,resolved,rested,
// timeliness,tone,child_focus,verdict}]}
[[nodiscard]] nlohmann::json challengesToJson(const ChallengeSummary& summary);

// Each point as HTML for the debrief report and the transcript: the verdict, the ratings as a table
// with a caption, the reply, the route with the step reached, the outcome and why; "" when none.
[[nodiscard]] std::string challengeHtml(const ChallengeSummary& summary, int headingLevel = 3);

} // namespace wp
