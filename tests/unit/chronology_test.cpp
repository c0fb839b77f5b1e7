// Chronologies (issue 13, item 4): building a chronology from the facts the role holds before a choice,
// the record closed with the choice, saved and replayed with the run, judged against the case, and set
// beside every concern the agencies held by then.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_support.h"
#include "wholepicture/core/chronology.h"
#include "wholepicture/core/debrief.h"
#include "wholepicture/core/report.h"
#include "wholepicture/core/room.h"
#include "wholepicture/core/room_debrief.h"
#include "wholepicture/core/runner.h"

using namespace wp;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// The mini fixture with two more autumn facts the class teacher holds (one a concern, one context with
// its own date), the two concerns marked, and a chronology point at d2 (spring).
class ChronologyRun : public ::testing::Test {
protected:
    void SetUp() override {
        fs::copy(test::fixtures() / "plugins" / "mini", scratch.dir, fs::copy_options::recursive);
        json scenario = json::parse(test::readBytes(scratch.dir / "scenario.json"));
        for (auto& f : scenario["facts"]) f["concern"] = true; // hungry, missed_gp
        scenario["facts"].push_back({{"id", "thin"}, {"stage", "autumn"}, {"holders", {"class_teacher"}},
                                     {"text", "Sam looks thinner since the summer."}, {"concern", true}});
        scenario["facts"].push_back({{"id", "lunch_money"}, {"stage", "autumn"}, {"holders", {"class_teacher"}},
                                     {"text", "Sam's lunch account was topped up late."}, {"date", "3 October"}});
        for (auto& n : scenario["nodes"])
            if (n["id"] == "d2") n["chronology"] = {{"why", "Hunger, weight and missed care: together, neglect."}};
        test::writeText(scratch.dir / "scenario.json", scenario.dump(2));
        plugin = loadPlugin(scratch.dir, test::knowledgeBase());
        ASSERT_TRUE(plugin.usable()) << test::all(plugin.diagnostics);
        s = plugin.scenario.get();
    }
    // A class teacher's session at d2, having kept the hunger to themselves at d1.
    Session atChronologyPoint() {
        Session session = startSession(*s, plugin.manifest, "class_teacher", 0);
        EXPECT_TRUE(sessionStep(session, *s, "", 1));
        EXPECT_TRUE(sessionStep(session, *s, "wait", 2));
        while (currentNode(*s, session.current()).type == NodeType::Narrative) EXPECT_TRUE(sessionStep(session, *s, "", 3));
        EXPECT_EQ(session.current().node, "d2");
        return session;
    }
    JudgedChronology onlyPoint(const ChronologySummary& summary) {
        EXPECT_EQ(summary.points.size(), 1u);
        return summary.points.empty() ? JudgedChronology{} : summary.points.front();
    }
    test::Scratch scratch{"chronology"};
    ScenarioPlugin plugin;
    const Scenario* s = nullptr;
};

TEST_F(ChronologyRun, TheCaseFileReadsItsChronologyPointsAndTheDatedFacts) {
    const Node* d2 = s->node("d2");
    ASSERT_TRUE(d2 && d2->chronology);
    EXPECT_EQ(d2->chronology->why, "Hunger, weight and missed care: together, neglect.");
    EXPECT_FALSE(s->node("d1")->chronology);
    ASSERT_TRUE(s->fact("lunch_money") && s->fact("hungry"));
    EXPECT_EQ(s->fact("lunch_money")->date, "3 October");
    EXPECT_FALSE(s->fact("lunch_money")->concern);
    EXPECT_TRUE(s->fact("hungry")->concern);
}

TEST_F(ChronologyRun, OnlyFactsTheRoleKnowsCanBeEnteredAndOnlyWhereTheCaseAsks) {
    Session session = startSession(*s, plugin.manifest, "class_teacher", 0);
    ASSERT_TRUE(sessionStep(session, *s, "", 1)); // d1: no chronology here
    std::string error;
    EXPECT_FALSE(markChronology(*s, session.history.back(), "hungry", ChronologyMark::Entry, &error));
    EXPECT_NE(error.find("does not ask for a chronology"), std::string::npos) << error;
    session = atChronologyPoint();
    error.clear();
    EXPECT_FALSE(markChronology(*s, session.history.back(), "missed_gp", ChronologyMark::Entry, &error))
        << "the GP's record is not the teacher's to enter";
    EXPECT_NE(error.find("missed_gp"), std::string::npos) << error;
    EXPECT_FALSE(markChronology(*s, session.history.back(), "no_such_fact", ChronologyMark::Entry));
    ASSERT_TRUE(markChronology(*s, session.history.back(), "hungry", ChronologyMark::Entry));
    ASSERT_TRUE(markChronology(*s, session.history.back(), "hungry", ChronologyMark::Concern)) << "marking again replaces";
    ASSERT_TRUE(markChronology(*s, session.history.back(), "thin", ChronologyMark::Entry));
    ASSERT_TRUE(markChronology(*s, session.history.back(), "thin", ChronologyMark::Out)) << "taking one out again";
    const auto& marks = session.current().chronologies.at("d2").marks;
    EXPECT_EQ(marks.size(), 1u);
    EXPECT_EQ(marks.at("hungry"), ChronologyMark::Concern);
}

TEST_F(ChronologyRun, ThePoolIsWhatTheRoleKnowsInDateOrderWithTheFactsOwnDateOrItsStages) {
    Session session = atChronologyPoint();
    ASSERT_TRUE(markChronology(*s, session.history.back(), "lunch_money", ChronologyMark::Entry));
    const auto pool = chronologyPool(*s, session.current(), test::knowledgeBase());
    std::vector<std::string> facts, dates;
    for (const auto& item : pool) {
        facts.push_back(item.fact);
        dates.push_back(item.date);
    }
    // Autumn facts in the order the case lists them; the GP's spring fact is not the teacher's.
    EXPECT_EQ(facts, (std::vector<std::string>{"hungry", "thin", "lunch_money"}));
    EXPECT_EQ(dates, (std::vector<std::string>{"September", "September", "3 October"}));
    EXPECT_EQ(pool[2].mark, ChronologyMark::Entry);
    EXPECT_TRUE(pool[0].mattered) << "with no list of its own, the point looks for every concern";
    EXPECT_FALSE(pool[2].mattered);
}

TEST_F(ChronologyRun, TheChoiceClosesTheChronologyAndTheDebriefJudgesItAgainstTheWholePicture) {
    Session session = atChronologyPoint();
    ASSERT_TRUE(markChronology(*s, session.history.back(), "hungry", ChronologyMark::Concern));
    ASSERT_TRUE(markChronology(*s, session.history.back(), "lunch_money", ChronologyMark::Concern)); // context, over-marked
    EXPECT_TRUE(summariseChronologies(*s, session.current(), test::knowledgeBase()).empty())
        << "a chronology is judged once the choice is made";
    ASSERT_TRUE(sessionStep(session, *s, "accept", 10));
    const JudgedChronology c = onlyPoint(summariseChronologies(*s, session.current(), test::knowledgeBase()));
    EXPECT_EQ(c.node, "d2");
    EXPECT_EQ(c.date, "January");
    EXPECT_EQ(c.entries, 2);
    EXPECT_EQ(c.mattered, 2);        // hungry, thin
    EXPECT_EQ(c.matteredEntered, 1); // thin was left out
    EXPECT_EQ(c.concernsMarked, 1);
    EXPECT_EQ(c.concernsUnmarked, 0);
    EXPECT_EQ(c.overMarked, 1);
    EXPECT_FALSE(c.complete());
    EXPECT_EQ(chronologyVerdict(c), "1 of the 2 entries that mattered; 1 of 1 concern marked as one; 1 fact marked as "
                                    "a concern that the case reads as context");
    // The whole picture: every concern by spring, the GP's among them, which the teacher never knew.
    ASSERT_EQ(c.whole.size(), 3u);
    EXPECT_EQ(c.whole[2].fact, "missed_gp");
    EXPECT_FALSE(c.whole[2].known);
    EXPECT_EQ(c.whole[2].mark, ChronologyMark::Out);
    EXPECT_EQ(c.wholeConcerns, 3);
    EXPECT_EQ(c.knownConcerns, 2);
    EXPECT_EQ(c.mostHeldByOne, 2);
    const std::string sentence = wholePictureSentence(c, "Sam");
    EXPECT_NE(sentence.find("3 concerns about Sam"), std::string::npos) << sentence;
    EXPECT_NE(sentence.find("no one professional held more than 2"), std::string::npos) << sentence;
    EXPECT_NE(sentence.find("Your role knew 2 of them"), std::string::npos) << sentence;
}

TEST_F(ChronologyRun, WhatTheRoleLearnsAfterTheChoiceDoesNotCountAgainstItsChronology) {
    // The social worker asks at d1 (learns the hunger), then checks with the GP at d2: the GP's fact
    // arrives with that choice, after the chronology was closed.
    Session session = startSession(*s, plugin.manifest, "social_worker", 0);
    ASSERT_TRUE(sessionStep(session, *s, "", 1));
    ASSERT_TRUE(sessionStep(session, *s, "ask", 2));
    while (currentNode(*s, session.current()).type == NodeType::Narrative) ASSERT_TRUE(sessionStep(session, *s, "", 3));
    ASSERT_EQ(session.current().node, "d2");
    ASSERT_TRUE(markChronology(*s, session.history.back(), "hungry", ChronologyMark::Concern));
    ASSERT_TRUE(sessionStep(session, *s, "check_gp", 4));
    ASSERT_TRUE(knows(session.current(), "social_worker", "missed_gp"));
    const JudgedChronology c = onlyPoint(summariseChronologies(*s, session.current(), test::knowledgeBase()));
    EXPECT_EQ(c.mattered, 1);
    EXPECT_EQ(c.matteredEntered, 1);
    EXPECT_TRUE(c.complete());
    EXPECT_EQ(c.knownConcerns, 1);
}

TEST_F(ChronologyRun, AChronologyIsSavedAndReplayedWithTheRunIncludingOneStillBeingBuilt) {
    Session session = atChronologyPoint();
    ASSERT_TRUE(markChronology(*s, session.history.back(), "thin", ChronologyMark::Concern));
    const json building = sessionToJson(session);
    EXPECT_EQ(building["building"], (json{{"thin", "concern"}}));
    Diagnostics diags;
    auto resumed = sessionFromJson(building, *s, plugin.manifest, diags);
    ASSERT_TRUE(resumed) << test::all(diags);
    EXPECT_TRUE(diags.empty()) << test::all(diags);
    EXPECT_EQ(resumed->current().chronologies.at("d2").marks.at("thin"), ChronologyMark::Concern);

    ASSERT_TRUE(sessionStep(session, *s, "accept", 10));
    const json saved = sessionToJson(session);
    EXPECT_FALSE(saved.contains("building"));
    bool stepHasIt = false;
    for (const auto& step : saved["path"])
        if (step["node"] == "d2") stepHasIt = step.value("chronology", json()) == json{{"thin", "concern"}};
    EXPECT_TRUE(stepHasIt) << saved["path"].dump();
    auto replayed = sessionFromJson(saved, *s, plugin.manifest, diags);
    ASSERT_TRUE(replayed) << test::all(diags);
    EXPECT_EQ(chronologiesToJson(summariseChronologies(*s, replayed->current(), test::knowledgeBase())),
              chronologiesToJson(summariseChronologies(*s, session.current(), test::knowledgeBase())));
}

TEST_F(ChronologyRun, ADamagedSavedChronologyIsAWarningAndTheRestOfTheRunResumes) {
    Session session = atChronologyPoint();
    json saved = sessionToJson(session);
    saved["building"] = {{"thin", "maybe"}, {"missed_gp", "entry"}, {"hungry", "entry"}};
    Diagnostics diags;
    auto resumed = sessionFromJson(saved, *s, plugin.manifest, diags);
    ASSERT_TRUE(resumed) << test::all(diags);
    EXPECT_EQ(resumed->current().node, "d2");
    EXPECT_EQ(resumed->current().chronologies.at("d2").marks.size(), 1u) << "only the one that still fits";
    ASSERT_EQ(diags.size(), 2u) << test::all(diags);
    EXPECT_NE(test::all(diags).find("/building/thin"), std::string::npos) << test::all(diags);
    EXPECT_NE(test::all(diags).find("missed_gp"), std::string::npos) << test::all(diags);
    saved["building"] = json::array({"thin"});
    Diagnostics more;
    EXPECT_TRUE(sessionFromJson(saved, *s, plugin.manifest, more));
    EXPECT_EQ(more.size(), 1u) << test::all(more);
}

TEST_F(ChronologyRun, SteppingBackFromTheChoiceReturnsToTheChronologyAsItWas) {
    Session session = atChronologyPoint();
    ASSERT_TRUE(markChronology(*s, session.history.back(), "hungry", ChronologyMark::Entry));
    ASSERT_TRUE(sessionStep(session, *s, "accept", 10));
    ASSERT_TRUE(sessionStepBack(session));
    const ChronologyRecord& record = session.current().chronologies.at("d2");
    EXPECT_FALSE(record.closed);
    EXPECT_EQ(record.marks.at("hungry"), ChronologyMark::Entry);
}

TEST_F(ChronologyRun, TheDebriefItsJsonAndTheReportCarryTheChronologyBesideTheWholePicture) {
    Session session = atChronologyPoint();
    ASSERT_TRUE(markChronology(*s, session.history.back(), "hungry", ChronologyMark::Concern));
    ASSERT_TRUE(sessionStep(session, *s, "accept", 10));
    const Debrief d = buildDebrief(*s, plugin.manifest, test::knowledgeBase(), session);
    ASSERT_EQ(d.chronologies.points.size(), 1u);
    const json j = debriefToJson(d);
    ASSERT_EQ(j["chronologies"]["points"].size(), 1u);
    EXPECT_EQ(j["chronologies"]["points"][0]["whole_concerns"], 3);
    EXPECT_EQ(j["chronologies"]["points"][0]["entered"][0]["fact"], "hungry");
    const std::string html = chronologyHtml(d.chronologies, "Sam");
    EXPECT_NE(html.find("<caption>Every concern on record by January"), std::string::npos) << html;
    EXPECT_NE(html.find("Sam missed two GP appointments.</td><td>"), std::string::npos) << html;
    EXPECT_NE(html.find("No (your role did not know it)"), std::string::npos) << html;
    EXPECT_NE(html.find("Sam looks thinner since the summer."), std::string::npos) << "the left-out concern is named";
    EXPECT_NE(html.find("(marked as a concern)"), std::string::npos);
}

TEST(ChronologyLint, APointNeedsSomethingToJudgeAndItsListNamesRealFacts) {
    test::Scratch scratch("chronology_lint");
    fs::copy(test::fixtures() / "plugins" / "mini", scratch.dir, fs::copy_options::recursive);
    json scenario = json::parse(test::readBytes(scratch.dir / "scenario.json"));
    for (auto& n : scenario["nodes"])
        if (n["id"] == "d2") n["chronology"] = {{"why", "A pattern."}};
    test::writeText(scratch.dir / "scenario.json", scenario.dump(2));
    ScenarioPlugin noConcerns = loadPlugin(scratch.dir, test::knowledgeBase());
    EXPECT_FALSE(noConcerns.usable());
    EXPECT_NE(test::all(noConcerns.diagnostics).find("mark the facts that are a concern"), std::string::npos)
        << test::all(noConcerns.diagnostics);

    for (auto& n : scenario["nodes"])
        if (n["id"] == "d2") n["chronology"] = {{"why", "A pattern."}, {"mattered", {"hungy"}}, {"whne", 1}};
    test::writeText(scratch.dir / "scenario.json", scenario.dump(2));
    ScenarioPlugin typo = loadPlugin(scratch.dir, test::knowledgeBase());
    const std::string all = test::all(typo.diagnostics);
    EXPECT_NE(all.find("\"hungy\""), std::string::npos) << all;
    EXPECT_NE(all.find("hungry"), std::string::npos) << "did you mean: " << all;
    EXPECT_NE(all.find("whne"), std::string::npos) << "unknown keys are never silent: " << all;
}

TEST(ChronologyCase, EachBundledCaseAsksForAChronologyWhereTheHistoryDecidesIt) {
    const std::map<std::string, std::string> points = {
        {"tina", "d06_mother_pleads"}, {"peter", "d9_second_closure"}, {"james", "d11_case_conference"}};
    for (const auto& [id, node] : points) {
        SCOPED_TRACE(id);
        const ScenarioPlugin plugin = loadPlugin(test::sourceDir() / "plugins" / id, test::knowledgeBase());
        ASSERT_TRUE(plugin.usable()) << test::all(plugin.diagnostics);
        const Node* n = plugin.scenario->node(node);
        ASSERT_TRUE(n && n->chronology);
        EXPECT_GT(n->chronology->why.size(), 200u) << "the why teaches: what the lines show together";
        int concerns = 0;
        for (const auto& f : plugin.scenario->facts) concerns += f.concern ? 1 : 0;
        EXPECT_GE(concerns, 9);
    }
}

// In a room, the tables list what their own profession holds (on paper); the reveal shows every concern
// on record by then, with who held it, on the projector and in the room's report.
TEST(ChronologyRoom, TheRevealShowsEveryConcernOnRecordAndTheRoomReportKeepsIt) {
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
        const bool point = d->node == "d06_mother_pleads";
        ASSERT_TRUE(act(RoomEventKind::OpenVoting));
        for (int g = 0; g < 2; ++g) {
            const auto options = optionsForProfession(s, room.state, setup.groups[static_cast<size_t>(g)].profession);
            ASSERT_FALSE(options.empty());
            ASSERT_TRUE(act(RoomEventKind::Vote, g, options.front()->id));
        }
        if (point) {
            const ReleasedContent before = releasedContent(room, s, tina.manifest, now);
            EXPECT_TRUE(before.chronologyAsked);
            EXPECT_TRUE(before.concernsOnRecord.empty()) << "nothing is shown before the reveal";
        }
        ASSERT_TRUE(act(RoomEventKind::Reveal));
        if (point) {
            const ReleasedContent after = releasedContent(room, s, tina.manifest, now);
            ASSERT_EQ(after.concernsOnRecord.size(), 9u);
            EXPECT_EQ(after.concernsOnRecord.front().fact, "mother_request_1997");
            EXPECT_EQ(after.concernsOnRecord.back().date, "Autumn 2003");
            EXPECT_EQ(after.concernsOnRecord.front().holders, (std::vector<std::string>{"social_worker", "health_visitor"}));
            EXPECT_FALSE(after.chronologyWhy.empty());
            sawIt = true;
        }
        ASSERT_TRUE(act(RoomEventKind::ChoosePath));
    }
    ASSERT_TRUE(sawIt) << "the room never reached Tina's chronology point";
    const RoomDebrief debrief = buildRoomDebrief(room, s, tina.manifest, test::knowledgeBase());
    const std::string html = roomReportHtml(debrief, room, s, test::knowledgeBase());
    EXPECT_NE(html.find("Every concern on record: A mother begs the school for help"), std::string::npos);
    EXPECT_NE(html.find("Children&#39;s social worker, Health visitor"), std::string::npos) << "who held each one";
}

} // namespace
