#include "wholepicture/core/challenge.h"

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "wholepicture/core/map_layout.h"

namespace wp {

const std::vector<EscalationStep>& nationalEscalationRoute() {
    static const std::vector<EscalationStep> route = {
        {"the professional who made the decision",
         "Talk to them directly and soon: what you disagree with, what you know that they may not, and what you think "
         "the child needs. Write down what was agreed.",
         "1 working day"},
        {"your manager or designated safeguarding lead, and theirs",
         "Your manager or DSL takes it to the other agency's manager, in writing, naming the child and the concern.",
         "2 working days"},
        {"the safeguarding partnership's resolution procedure",
         "Senior managers and then the partnership's own procedure decide. National guidance leaves these steps to the "
         "local partnership: follow your local procedures.",
         "the times your local procedures set"},
    };
    return route;
}

const std::vector<EscalationStep>& challengeRoute(const ChallengePoint& point, const std::vector<EscalationStep>* packRoute) {
    if (!point.escalation.empty()) return point.escalation;
    if (packRoute && !packRoute->empty()) return *packRoute;
    return nationalEscalationRoute();
}

int resolvingStep(const ChallengePoint& point, const std::vector<EscalationStep>& route) {
    // A pack's route may be shorter than the case's: the disagreement then resolves at its last step.
    return std::clamp(point.resolvesAt, 1, std::max<int>(1, static_cast<int>(route.size())));
}

namespace {

std::string agencyName(const Scenario& s, const std::string& castId) {
    for (const auto& c : s.cast)
        if (c.id == castId) return c.name;
    return castId;
}

JudgedChallenge judge(const Scenario& s, const Node& n, const ChallengeRecord& record,
                      const std::vector<EscalationStep>* packRoute) {
    const ChallengePoint& point = *n.challenge;
    JudgedChallenge j;
    j.node = n.id;
    j.title = n.title;
    for (const auto& stage : s.stages)
        if (stage.id == n.stage) {
            j.stage = stage.title;
            j.date = stage.date;
        }
    j.agency = agencyName(s, point.agency);
    j.decision = point.decision;
    j.timing = record.timing;
    j.reply = point.reply;
    j.route = challengeRoute(point, packRoute);
    j.resolvesAt = resolvingStep(point, j.route);
    j.outcome = point.outcome;
    j.why = point.why;
    for (const auto& a : point.approaches)
        if (a.id == record.approach) {
            j.approach = a.text;
            j.approachFeedback = a.feedback;
            j.tone = a.tone;
            j.childFocus = a.childFocus;
        }
    j.reached = j.challenged() ? std::min<int>(record.reached, static_cast<int>(j.route.size())) : 0;
    j.resolved = j.challenged() && record.reached >= j.resolvesAt;
    j.rested = record.rested;
    // Timeliness: at once and followed through the route to where it resolves is good; waiting, or
    // stopping short, is partial; both, or no challenge at all, is poor.
    if (!j.challenged())
        j.timeliness = ChallengeRating::Poor;
    else if (record.timing == ChallengeTiming::Now)
        j.timeliness = j.resolved ? ChallengeRating::Good : ChallengeRating::Partial;
    else
        j.timeliness = j.resolved ? ChallengeRating::Partial : ChallengeRating::Poor;
    return j;
}

} // namespace

ChallengeSummary summariseChallenges(const Scenario& s, const RunState& st, const KnowledgeBase& kb,
                                     const std::vector<EscalationStep>* packRoute) {
    (void)kb; // the agencies are named by the case's cast
    ChallengeSummary out;
    std::set<std::string> seen;
    for (const auto& step : st.path) {
        if (step.option.empty() || !seen.insert(step.node).second) continue;
        const Node* n = s.node(step.node);
        if (!n || !n->challenge || !n->challenge->forRole(st.role)) continue;
        auto record = st.challenges.find(step.node);
        if (record == st.challenges.end() || !record->second.closed) continue;
        out.points.push_back(judge(s, *n, record->second, packRoute));
    }
    return out;
}

ScriptedChallengeMove scriptedChallengeMove(const std::string& word) {
    if (word == "now") return {ChallengeMove::Now, {}};
    if (word == "wait") return {ChallengeMove::Wait, {}};
    if (word == "accept") return {ChallengeMove::Accept, {}};
    if (word == "escalate") return {ChallengeMove::Escalate, {}};
    if (word == "rest") return {ChallengeMove::Rest, {}};
    return {ChallengeMove::Approach, word};
}

std::string ratingWord(ChallengeRating r) { return challengeRatingId(r); }

std::string challengeRatings(const JudgedChallenge& c) {
    std::string out = "Timeliness " + ratingWord(c.timeliness);
    out += ", tone " + (c.tone ? ratingWord(*c.tone) : std::string("not rated (no challenge put)"));
    out += ", the child's situation " + (c.childFocus ? ratingWord(*c.childFocus) : std::string("not rated"));
    return out;
}

std::string challengeVerdict(const JudgedChallenge& c) {
    if (!c.challenged()) {
        if (c.timing == ChallengeTiming::Accept) return "You accepted " + c.agency + "'s decision without challenge.";
        return "You did not challenge " + c.agency + "'s decision.";
    }
    std::string out = "You challenged " + c.agency + "'s decision" +
                      (c.timing == ChallengeTiming::Now ? std::string(" at once") : std::string(" after waiting for more"));
    const auto stepName = [&](int step) {
        return step >= 1 && step <= static_cast<int>(c.route.size()) ? c.route[static_cast<size_t>(step - 1)].who
                                                                       : std::string("the next step");
    };
    if (c.reached > 1) out += " and escalated to " + stepName(c.reached);
    if (c.resolved)
        out += c.reached > 1 ? ", where it was resolved." : "; it was resolved there.";
    else if (c.rested)
        out += ", then let it rest before it was resolved.";
    else
        out += "; it was not resolved before the decision.";
    return out;
}

nlohmann::json challengesToJson(const ChallengeSummary& summary) {
    nlohmann::json points = nlohmann::json::array();
    for (const auto& c : summary.points)
        points.push_back({{"node", c.node},
                          {"title", c.title},
                          {"stage", c.stage},
                          {"date", c.date},
                          {"agency", c.agency},
                          {"decision", c.decision},
                          {"timing", challengeTimingId(c.timing)},
                          {"approach", c.approach},
                          {"reached", c.reached},
                          {"resolves_at", c.resolvesAt},
                          {"resolved", c.resolved},
                          {"rested", c.rested},
                          {"timeliness", challengeRatingId(c.timeliness)},
                          {"tone", c.tone ? nlohmann::json(challengeRatingId(*c.tone)) : nlohmann::json()},
                          {"child_focus", c.childFocus ? nlohmann::json(challengeRatingId(*c.childFocus)) : nlohmann::json()},
                          {"verdict", challengeVerdict(c)}});
    return {{"points", points}};
}

std::string challengeHtml(const ChallengeSummary& summary, int headingLevel) {
    std::string h;
    const std::string level = std::to_string(std::clamp(headingLevel, 1, 6));
    for (const auto& c : summary.points) {
        h += "<h" + level + ">" + xmlEscape(c.title) + (c.date.empty() ? "" : " (" + xmlEscape(c.date) + ")") + "</h" + level + ">\n";
        h += "<p><strong>" + xmlEscape(c.agency) + " decided:</strong> " + xmlEscape(c.decision) + "</p>\n";
        h += "<p><strong>" + xmlEscape(challengeVerdict(c)) + "</strong></p>\n";
        h += "<table><caption>How your challenge is judged</caption>\n<tbody>\n";
        h += "<tr><th scope=\"row\">Timeliness</th><td>" + ratingWord(c.timeliness) + "</td></tr>\n";
        h += "<tr><th scope=\"row\">Tone</th><td>" + (c.tone ? ratingWord(*c.tone) : std::string("not rated")) + "</td></tr>\n";
        h += "<tr><th scope=\"row\">The child's situation in focus</th><td>" +
             (c.childFocus ? ratingWord(*c.childFocus) : std::string("not rated")) + "</td></tr>\n";
        h += "</tbody></table>\n";
        if (c.challenged()) {
            h += "<p><strong>What you said:</strong> " + xmlEscape(c.approach) + "</p>\n";
            if (!c.approachFeedback.empty()) h += "<p>" + xmlEscape(c.approachFeedback) + "</p>\n";
        }
        h += "<p><strong>" + xmlEscape(c.agency) + "'s reply:</strong> " + xmlEscape(c.reply) + "</p>\n";
        h += "<p>The escalation route:</p>\n<ol class=\"route\">\n";
        for (size_t i = 0; i < c.route.size(); ++i) {
            const int step = static_cast<int>(i) + 1;
            const EscalationStep& e = c.route[i];
            h += "<li>" + xmlEscape(e.who) + (e.within.empty() ? "" : " (within " + xmlEscape(e.within) + ")");
            if (step == c.reached) h += " <strong>(you reached this step)</strong>";
            if (step == c.resolvesAt) h += " <em>(resolved here in this case)</em>";
            h += "</li>\n";
        }
        h += "</ol>\n";
        if (!c.outcome.empty()) h += "<p><strong>When it is resolved:</strong> " + xmlEscape(c.outcome) + "</p>\n";
        if (!c.why.empty()) h += "<p>" + xmlEscape(c.why) + "</p>\n";
    }
    return h;
}

} // namespace wp
