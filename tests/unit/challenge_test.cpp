// Challenge and escalation (issue 13, item 5): the trainee challenges another agency's decision before
// a choice, hears its honest reply, escalates along the route with time passing, and is judged on
// timeliness, tone and child focus. The record is closed with the choice, saved and replayed with the
// run, and a damaged one is a warning while the rest resumes.
#include <gtest/gtest.h>

#include <map>

#include <nlohmann/json.hpp>

#include "test_support.h"
#include "wholepicture/core/challenge.h"
#include "wholepicture/core/debrief.h"
#include "wholepicture/core/room.h"
#include "wholepicture/core/room_debrief.h"
#include "wholepicture/core/runner.h"

using namespace wp;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

json challengePoint() {
    return {{"agency", "csc"},
            {"decision", "Children's social care closes the case after one visit."},
            {"roles", {"class_teacher"}},
            {"approaches",
             {{{"id", "facts"}, {"text", "Ring the worker with what school sees, day by day."}, {"tone", "good"},
               {"child_focus", "good"}, {"feedback", "Specific, and about Sam."}},
              {{"id", "complain"}, {"text", "Email that social care never listens."}, {"tone", "poor"},
               {"child_focus", "poor"}, {"feedback", "About the agencies, not the child."}}}},
            {"reply", "One visit found food in the house and a calm home; the team holds forty cases."},
            {"resolves_at", 2},
            {"outcome", "The case is reopened for an assessment."},
            {"why", "A first no is not the end: the route is there to use."}};
}

// The mini fixture with a challenge point at d2, open to the class teacher.
class ChallengeRun : public ::testing::Test {
protected:
    void SetUp() override {
        fs::copy(test::fixtures() / "plugins" / "mini", scratch.dir, fs::copy_options::recursive);
        json scenario = json::parse(test::readBytes(scratch.dir / "scenario.json"));
        for (auto& n : scenario["nodes"])
            if (n["id"] == "d2") n["challenge"] = challengePoint();
        test::writeText(scratch.dir / "scenario.json", scenario.dump(2));
        plugin = loadPlugin(scratch.dir, test::knowledgeBase());
        ASSERT_TRUE(plugin.usable()) << test::all(plugin.diagnostics);
        s = plugin.scenario.get();
    }
    Session atChallengePoint(const std::string& role = "class_teacher") {
        Session session = startSession(*s, plugin.manifest, role, 0);
        EXPECT_TRUE(sessionStep(session, *s, "", 1));
        EXPECT_TRUE(sessionStep(session, *s, role == "class_teacher" ? "wait" : "ask", 2));
        while (currentNode(*s, session.current()).type == NodeType::Narrative) EXPECT_TRUE(sessionStep(session, *s, "", 3));
        EXPECT_EQ(session.current().node, "d2");
        return session;
    }
    bool move(Session& session, ChallengeMove m, const std::string& approach = {}, std::string* error = nullptr) {
        return challengeMove(*s, session.history.back(), m, approach, error);
    }
    JudgedChallenge onlyPoint(const Session& session) {
        const ChallengeSummary summary = summariseChallenges(*s, session.current(), test::knowledgeBase());
        EXPECT_EQ(summary.points.size(), 1u);
        return summary.points.empty() ? JudgedChallenge{} : summary.points.front();
    }
    test::Scratch scratch{"challenge"};
    ScenarioPlugin plugin;
    const Scenario* s = nullptr;
};

TEST_F(ChallengeRun, TheCaseFileReadsItsChallengePoint) {
    const Node* d2 = s->node("d2");
    ASSERT_TRUE(d2 && d2->challenge);
    const ChallengePoint& c = *d2->challenge;
    EXPECT_EQ(c.agency, "csc");
    ASSERT_EQ(c.approaches.size(), 2u);
    EXPECT_EQ(c.approaches[0].tone, ChallengeRating::Good);
    EXPECT_EQ(c.approaches[1].childFocus, ChallengeRating::Poor);
    EXPECT_EQ(c.resolvesAt, 2);
    EXPECT_TRUE(c.escalation.empty());
    EXPECT_TRUE(c.forRole("class_teacher"));
    EXPECT_FALSE(c.forRole("social_worker"));
    EXPECT_FALSE(s->node("d1")->challenge);
    // Without the case's or a pack's route, the national default, which points to local procedures.
    const auto& route = challengeRoute(c, nullptr);
    ASSERT_EQ(route.size(), 3u);
    EXPECT_NE(route.back().how.find("follow your local procedures"), std::string::npos);
    const std::vector<EscalationStep> pack = {{"a", "b", "1 day"}, {"c", "d", "2 days"}, {"e", "f", ""}, {"g", "h", ""}};
    EXPECT_EQ(challengeRoute(c, &pack).size(), 4u);
    const std::vector<EscalationStep> shortPack = {{"a", "b", "1 day"}};
    EXPECT_EQ(resolvingStep(c, shortPack), 1) << "a shorter route resolves at its last step";
}

TEST_F(ChallengeRun, MovesFollowTheFlowAndOnlyWhereTheCaseAsksForTheRolesItNames) {
    Session teacher = startSession(*s, plugin.manifest, "class_teacher", 0);
    ASSERT_TRUE(sessionStep(teacher, *s, "", 1)); // d1: nothing to challenge
    std::string error;
    EXPECT_FALSE(move(teacher, ChallengeMove::Now, {}, &error));
    EXPECT_NE(error.find("no decision to challenge"), std::string::npos) << error;

    Session worker = atChallengePoint("social_worker");
    EXPECT_FALSE(move(worker, ChallengeMove::Now, {}, &error)) << "the point names the class teacher only";

    Session session = atChallengePoint();
    EXPECT_FALSE(move(session, ChallengeMove::Approach, "facts", &error)) << "timing first";
    EXPECT_FALSE(move(session, ChallengeMove::Escalate, {}, &error));
    ASSERT_TRUE(move(session, ChallengeMove::Accept));
    EXPECT_FALSE(move(session, ChallengeMove::Approach, "facts", &error)) << "accepting puts no challenge";
    ASSERT_TRUE(move(session, ChallengeMove::Now)) << "the timing can change until an approach is chosen";
    EXPECT_FALSE(move(session, ChallengeMove::Approach, "shout", &error));
    EXPECT_NE(error.find("facts, complain"), std::string::npos) << error;
    ASSERT_TRUE(move(session, ChallengeMove::Approach, "facts"));
    EXPECT_FALSE(move(session, ChallengeMove::Wait, {}, &error)) << "the challenge is made";
    EXPECT_EQ(session.current().challenges.at("d2").reached, 1);
    ASSERT_TRUE(move(session, ChallengeMove::Escalate));
    EXPECT_EQ(session.current().challenges.at("d2").reached, 2);
    EXPECT_FALSE(move(session, ChallengeMove::Escalate, {}, &error)) << "resolved at step 2";
    EXPECT_NE(error.find("already resolved"), std::string::npos) << error;
    EXPECT_FALSE(move(session, ChallengeMove::Rest, {}, &error));
}

TEST_F(ChallengeRun, ChallengingAtOnceAndFollowingThroughIsTimelyAndTheApproachGivesToneAndFocus) {
    Session session = atChallengePoint();
    ASSERT_TRUE(move(session, ChallengeMove::Now));
    ASSERT_TRUE(move(session, ChallengeMove::Approach, "facts"));
    ASSERT_TRUE(move(session, ChallengeMove::Escalate));
    EXPECT_TRUE(summariseChallenges(*s, session.current(), test::knowledgeBase()).empty()) << "judged after the choice";
    ASSERT_TRUE(sessionStep(session, *s, "accept", 10));
    const JudgedChallenge c = onlyPoint(session);
    EXPECT_EQ(c.agency, "Children's social care");
    EXPECT_TRUE(c.resolved);
    EXPECT_EQ(c.timeliness, ChallengeRating::Good);
    EXPECT_EQ(c.tone, ChallengeRating::Good);
    EXPECT_EQ(c.childFocus, ChallengeRating::Good);
    EXPECT_EQ(challengeRatings(c), "Timeliness good, tone good, the child's situation good");
    EXPECT_NE(challengeVerdict(c).find("at once and escalated to your manager or designated safeguarding lead"),
              std::string::npos)
        << challengeVerdict(c);
    EXPECT_NE(challengeVerdict(c).find("where it was resolved"), std::string::npos) << challengeVerdict(c);
}

TEST_F(ChallengeRun, WaitingStoppingShortOrNotChallengingAtAllCostTimeliness) {
    Session waited = atChallengePoint();
    ASSERT_TRUE(move(waited, ChallengeMove::Wait));
    ASSERT_TRUE(move(waited, ChallengeMove::Approach, "complain"));
    ASSERT_TRUE(move(waited, ChallengeMove::Rest));
    ASSERT_TRUE(sessionStep(waited, *s, "accept", 10));
    const JudgedChallenge w = onlyPoint(waited);
    EXPECT_EQ(w.timeliness, ChallengeRating::Poor) << "waited, and let it rest before it was resolved";
    EXPECT_EQ(w.tone, ChallengeRating::Poor);
    EXPECT_FALSE(w.resolved);
    EXPECT_NE(challengeVerdict(w).find("let it rest"), std::string::npos) << challengeVerdict(w);

    Session shortOfIt = atChallengePoint();
    ASSERT_TRUE(move(shortOfIt, ChallengeMove::Now));
    ASSERT_TRUE(move(shortOfIt, ChallengeMove::Approach, "facts"));
    ASSERT_TRUE(sessionStep(shortOfIt, *s, "accept", 10));
    EXPECT_EQ(onlyPoint(shortOfIt).timeliness, ChallengeRating::Partial) << "at once, but the first no was the end";

    Session untouched = atChallengePoint();
    ASSERT_TRUE(sessionStep(untouched, *s, "accept", 10));
    const JudgedChallenge u = onlyPoint(untouched);
    EXPECT_FALSE(u.challenged());
    EXPECT_EQ(u.timeliness, ChallengeRating::Poor);
    EXPECT_FALSE(u.tone.has_value());
    EXPECT_EQ(challengeVerdict(u), "You did not challenge Children's social care's decision.");

    // The point is not the social worker's: nothing is judged for them.
    Session worker = atChallengePoint("social_worker");
    ASSERT_TRUE(sessionStep(worker, *s, "close", 10));
    EXPECT_TRUE(summariseChallenges(*s, worker.current(), test::knowledgeBase()).empty());
}

TEST_F(ChallengeRun, AChallengeIsSavedAndReplayedWithTheRunIncludingOneInProgress) {
    Session session = atChallengePoint();
    ASSERT_TRUE(move(session, ChallengeMove::Now));
    ASSERT_TRUE(move(session, ChallengeMove::Approach, "facts"));
    const json inProgress = sessionToJson(session);
    EXPECT_EQ(inProgress["challenging"], (json{{"timing", "now"}, {"approach", "facts"}, {"reached", 1}, {"rested", false}}));
    Diagnostics diags;
    auto resumed = sessionFromJson(inProgress, *s, plugin.manifest, diags);
    ASSERT_TRUE(resumed) << test::all(diags);
    EXPECT_TRUE(diags.empty()) << test::all(diags);
    EXPECT_EQ(resumed->current().challenges.at("d2").approach, "facts");

    ASSERT_TRUE(move(session, ChallengeMove::Escalate));
    ASSERT_TRUE(sessionStep(session, *s, "accept", 10));
    const json saved = sessionToJson(session);
    EXPECT_FALSE(saved.contains("challenging"));
    bool stepHasIt = false;
    for (const auto& step : saved["path"])
        if (step["node"] == "d2") stepHasIt = step.value("challenge", json()).value("reached", 0) == 2;
    EXPECT_TRUE(stepHasIt) << saved["path"].dump();
    auto replayed = sessionFromJson(saved, *s, plugin.manifest, diags);
    ASSERT_TRUE(replayed) << test::all(diags);
    EXPECT_TRUE(diags.empty()) << test::all(diags);
    EXPECT_EQ(challengesToJson(summariseChallenges(*s, replayed->current(), test::knowledgeBase())),
              challengesToJson(summariseChallenges(*s, session.current(), test::knowledgeBase())));
}

TEST_F(ChallengeRun, ADamagedSavedChallengeIsAWarningNamingItsPointerAndTheRestOfTheRunResumes) {
    Session session = atChallengePoint();
    json saved = sessionToJson(session);
    saved["challenging"] = {{"timing", "now"}, {"approach", "shout"}, {"reached", 3}};
    Diagnostics diags;
    auto resumed = sessionFromJson(saved, *s, plugin.manifest, diags);
    ASSERT_TRUE(resumed) << test::all(diags);
    EXPECT_EQ(resumed->current().node, "d2");
    EXPECT_EQ(resumed->current().challenges.at("d2").timing, ChallengeTiming::Now) << "the part that fits stands";
    EXPECT_TRUE(resumed->current().challenges.at("d2").approach.empty());
    ASSERT_EQ(diags.size(), 1u) << test::all(diags);
    EXPECT_NE(test::all(diags).find("/challenging/approach"), std::string::npos) << test::all(diags);

    saved["challenging"] = {{"timing", "now"}, {"approach", "facts"}, {"reached", 5}};
    Diagnostics tooFar;
    resumed = sessionFromJson(saved, *s, plugin.manifest, tooFar);
    ASSERT_TRUE(resumed);
    EXPECT_EQ(resumed->current().challenges.at("d2").reached, 2) << "escalation stops where the case resolves";
    EXPECT_NE(test::all(tooFar).find("/challenging/reached"), std::string::npos) << test::all(tooFar);

    saved["challenging"] = "now";
    Diagnostics notAnObject;
    EXPECT_TRUE(sessionFromJson(saved, *s, plugin.manifest, notAnObject));
    ASSERT_EQ(notAnObject.size(), 1u) << test::all(notAnObject);
    EXPECT_NE(test::all(notAnObject).find("/challenging"), std::string::npos);
}

TEST_F(ChallengeRun, TheDebriefAndItsHtmlCarryTheChallenge) {
    Session session = atChallengePoint();
    ASSERT_TRUE(move(session, ChallengeMove::Now));
    ASSERT_TRUE(move(session, ChallengeMove::Approach, "facts"));
    ASSERT_TRUE(move(session, ChallengeMove::Escalate));
    ASSERT_TRUE(sessionStep(session, *s, "accept", 10));
    const Debrief d = buildDebrief(*s, plugin.manifest, test::knowledgeBase(), session);
    ASSERT_EQ(d.challenges.points.size(), 1u);
    EXPECT_EQ(debriefToJson(d)["challenges"]["points"][0]["timeliness"], "good");
    const std::string html = challengeHtml(d.challenges, 3);
    EXPECT_NE(html.find("<caption>How your challenge is judged</caption>"), std::string::npos);
    EXPECT_NE(html.find("(you reached this step)"), std::string::npos);
    EXPECT_NE(html.find("the team holds forty cases"), std::string::npos) << "the other agency's reply";
    EXPECT_NE(html.find("The case is reopened"), std::string::npos);
}

TEST(ChallengeLint, TheAgencyRatingsApproachesAndResolvingStepAreChecked) {
    test::Scratch scratch("challenge_lint");
    fs::copy(test::fixtures() / "plugins" / "mini", scratch.dir, fs::copy_options::recursive);
    json scenario = json::parse(test::readBytes(scratch.dir / "scenario.json"));
    json point = challengePoint();
    point["agency"] = "cssc";
    point["approaches"][0]["tone"] = "excellent";
    point["approaches"][1]["child_focus"] = "parital";
    point["resolves_at"] = 4;
    point["resolve_at"] = 2;
    for (auto& n : scenario["nodes"])
        if (n["id"] == "d2") n["challenge"] = point;
    test::writeText(scratch.dir / "scenario.json", scenario.dump(2));
    const ScenarioPlugin broken = loadPlugin(scratch.dir, test::knowledgeBase());
    EXPECT_FALSE(broken.usable());
    const std::string all = test::all(broken.diagnostics);
    EXPECT_NE(all.find("unknown cast member \"cssc\"; did you mean \"csc\"?"), std::string::npos) << all;
    EXPECT_NE(all.find("\"excellent\""), std::string::npos) << all;
    EXPECT_NE(all.find("did you mean \"partial\"?"), std::string::npos) << all;
    EXPECT_NE(all.find("the route has 3 steps"), std::string::npos) << all;
    EXPECT_NE(all.find("resolve_at"), std::string::npos) << "unknown keys are never silent: " << all;

    point = challengePoint();
    point["approaches"].erase(1);
    point["escalation"] = {{{"who", "the worker"}, {"how", "Ring them."}, {"within", "1 day"}}};
    point["resolves_at"] = 1;
    for (auto& n : scenario["nodes"])
        if (n["id"] == "d2") n["challenge"] = point;
    test::writeText(scratch.dir / "scenario.json", scenario.dump(2));
    const ScenarioPlugin oneApproach = loadPlugin(scratch.dir, test::knowledgeBase());
    const std::string one = test::all(oneApproach.diagnostics);
    EXPECT_NE(one.find("needs 2 to 4 approaches"), std::string::npos) << one;
    EXPECT_EQ(one.find("resolves_at"), std::string::npos) << "a one-step route resolving at step 1 is fine: " << one;
}

// Each bundled case has a challenge point where the record supports one, and not only of social care:
// the PRU (education) in James and CAMHS (health) in Tina. The other agency's reply gives its reasons.
TEST(ChallengeCase, EachBundledCaseHasAChallengePointAndTheOtherAgencyExplainsItself) {
    const std::map<std::string, std::pair<std::string, std::string>> points = {
        {"peter", {"d9_second_closure", "eastbridge_csc"}},
        {"james", {"d07_pru_refusal", "pru"}},
        {"tina", {"d11_camhs", "camhs"}}};
    for (const auto& [id, point] : points) {
        SCOPED_TRACE(id);
        const ScenarioPlugin plugin = loadPlugin(test::sourceDir() / "plugins" / id, test::knowledgeBase());
        ASSERT_TRUE(plugin.usable()) << test::all(plugin.diagnostics);
        const Node* n = plugin.scenario->node(point.first);
        ASSERT_TRUE(n && n->challenge);
        EXPECT_EQ(n->challenge->agency, point.second);
        EXPECT_GT(n->challenge->reply.size(), 300u) << "the reply gives the other agency's reasons and pressures";
        EXPECT_NE(n->challenge->why.find("follow your local procedures"), std::string::npos);
        EXPECT_NE(n->challenge->why.find("Working Together to Safeguard Children 2023 (chapter 1)"), std::string::npos);
        EXPECT_NE(n->challenge->outcome.find("In this version"), std::string::npos) << "the resolution is invented: say so";
        bool anyGood = false, anyPoor = false;
        for (const auto& a : n->challenge->approaches) {
            anyGood = anyGood || (a.tone == ChallengeRating::Good && a.childFocus == ChallengeRating::Good);
            anyPoor = anyPoor || a.tone == ChallengeRating::Poor;
        }
        EXPECT_TRUE(anyGood && anyPoor) << "the approaches are a real choice";
    }
}

// In a room every table decides whether and how it would challenge; the reveal (never before) gives the
// other agency's own side, and the room's report keeps it.
TEST(ChallengeRoom, TheRevealGivesTheOtherAgencysSideAndTheRoomReportKeepsIt) {
    const ScenarioPlugin tina = loadPlugin(test::sourceDir() / "plugins" / "tina", test::knowledgeBase());
    ASSERT_TRUE(tina.usable());
    const Scenario& s = *tina.scenario;
    RoomSetup setup;
    setup.groups = {{"Table 1", "class_teacher"}, {"Table 2", "social_worker"}};
    RoomSession room = startRoom(s, tina.manifest, setup, test::kT0);
    std::int64_t now = test::kT0;
    auto act = [&](RoomEventKind k, int group = -1, std::string option = {}) {
        std::string error;
        const bool ok = roomApply(room, s, tina.manifest, RoomEvent{k, group, std::move(option), {}, {}, ++now}, &error);
        EXPECT_TRUE(ok) << error;
        return ok;
    };
    bool sawIt = false;
    for (int guard = 0; guard < 200 && !sawIt; ++guard) {
        if (room.state.warning || room.state.phase != RoomPhase::Situation) {
            if (!act(RoomEventKind::Continue)) return;
            continue;
        }
        const RoomDecision* d = room.state.current();
        ASSERT_NE(d, nullptr);
        const bool point = d->node == "d11_camhs";
        ASSERT_TRUE(act(RoomEventKind::OpenVoting));
        for (int g = 0; g < 2; ++g) {
            const auto options = optionsForProfession(s, room.state, setup.groups[static_cast<size_t>(g)].profession);
            ASSERT_FALSE(options.empty());
            ASSERT_TRUE(act(RoomEventKind::Vote, g, options.front()->id));
        }
        if (point) {
            const ReleasedContent before = releasedContent(room, s, tina.manifest, now);
            EXPECT_TRUE(before.challengeAsked);
            EXPECT_EQ(before.challengeAgency, "Child and adolescent mental health service (CAMHS)");
            EXPECT_FALSE(before.challengeDecision.empty()) << "the question is asked with the decision";
            EXPECT_TRUE(before.challengeReply.empty()) << "the other agency's side waits for the reveal";
        }
        ASSERT_TRUE(act(RoomEventKind::Reveal));
        if (point) {
            const ReleasedContent after = releasedContent(room, s, tina.manifest, now);
            EXPECT_NE(after.challengeReply.find("waiting list"), std::string::npos) << after.challengeReply;
            EXPECT_FALSE(after.challengeWhy.empty());
            sawIt = true;
        }
        ASSERT_TRUE(act(RoomEventKind::ChoosePath));
    }
    ASSERT_TRUE(sawIt) << "the room never reached Tina's challenge point";
    const RoomDebrief debrief = buildRoomDebrief(room, s, tina.manifest, test::knowledgeBase());
    const std::string html = roomReportHtml(debrief, room, s, test::knowledgeBase());
    EXPECT_NE(html.find("<h2>Challenge: CAMHS: not until she is settled</h2>"), std::string::npos);
    EXPECT_NE(html.find("s side:</strong> The CAMHS clinician replies."), std::string::npos) << "the reply, in the report";
}

} // namespace
