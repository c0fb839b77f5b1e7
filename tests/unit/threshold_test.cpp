// Threshold points (issue 13, item 3): placing the child's needs before a choice, the placement kept
// with the step, saved and replayed with the run, and judged against the case in the debrief.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "test_support.h"
#include "wholepicture/core/debrief.h"
#include "wholepicture/core/report.h"
#include "wholepicture/core/runner.h"
#include "wholepicture/core/threshold.h"

using namespace wp;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// The mini fixture with a threshold point at each of its two decisions: d1 judged child in need (child
// protection also defensible, treated at the time as universal), d2 judged child protection.
class ThresholdRun : public ::testing::Test {
protected:
    void SetUp() override {
        fs::copy(test::fixtures() / "plugins" / "mini", scratch.dir, fs::copy_options::recursive);
        json scenario = json::parse(test::readBytes(scratch.dir / "scenario.json"));
        for (auto& n : scenario["nodes"]) {
            if (n["id"] == "d1")
                n["threshold"] = {{"level", "child_in_need"},
                                  {"defensible", {"child_protection"}},
                                  {"at_the_time", "universal"},
                                  {"why", "Hungry every day and nobody has asked why."}};
            if (n["id"] == "d2") n["threshold"] = {{"level", "child_protection"}, {"why", "The GP's worry adds up."}};
        }
        test::writeText(scratch.dir / "scenario.json", scenario.dump(2));
        plugin = loadPlugin(scratch.dir, test::knowledgeBase());
        ASSERT_TRUE(plugin.usable()) << test::all(plugin.diagnostics);
        s = plugin.scenario.get();
    }
    // A class teacher's session at d1 (past the opening narrative).
    Session atFirstDecision() {
        Session session = startSession(*s, plugin.manifest, "class_teacher", 0);
        EXPECT_TRUE(sessionStep(session, *s, "", 1));
        EXPECT_EQ(session.current().node, "d1");
        return session;
    }
    test::Scratch scratch{"threshold"};
    ScenarioPlugin plugin;
    const Scenario* s = nullptr;
};

TEST_F(ThresholdRun, TheCaseFileReadsItsThresholdPoints) {
    const Node* d1 = s->node("d1");
    ASSERT_TRUE(d1 && d1->threshold);
    EXPECT_EQ(d1->threshold->level, ThresholdLevel::ChildInNeed);
    EXPECT_EQ(d1->threshold->defensible, std::vector<ThresholdLevel>{ThresholdLevel::ChildProtection});
    EXPECT_EQ(d1->threshold->atTheTime, ThresholdLevel::Universal);
    EXPECT_FALSE(s->node("intro")->threshold);
}

TEST_F(ThresholdRun, APlacementIsKeptWithTheChoiceAndOnlyWhereTheCaseAsks) {
    Session session = startSession(*s, plugin.manifest, "class_teacher", 0);
    std::string error;
    EXPECT_FALSE(placeThreshold(*s, session.history.back(), ThresholdLevel::EarlyHelp, &error)) << "the narrative asks nothing";
    EXPECT_NE(error.find("does not ask"), std::string::npos) << error;
    ASSERT_TRUE(sessionStep(session, *s, "", 1));
    ASSERT_TRUE(placeThreshold(*s, session.history.back(), ThresholdLevel::Universal));
    ASSERT_TRUE(placeThreshold(*s, session.history.back(), ThresholdLevel::EarlyHelp)) << "placing again replaces";
    ASSERT_TRUE(sessionStep(session, *s, "tell", 2));
    ASSERT_EQ(session.current().path.back().node, "d1");
    EXPECT_EQ(session.current().path.back().threshold, ThresholdLevel::EarlyHelp);
    // Stepping back returns to the question with the placement as it was.
    ASSERT_TRUE(sessionStepBack(session));
    EXPECT_EQ(session.current().placements.at("d1"), ThresholdLevel::EarlyHelp);
}

TEST_F(ThresholdRun, PlacementsAreSavedAndReplayedWithTheRunIncludingOneNotYetChosen) {
    Session session = atFirstDecision();
    ASSERT_TRUE(placeThreshold(*s, session.history.back(), ThresholdLevel::ChildProtection));
    ASSERT_TRUE(sessionStep(session, *s, "tell", 2));
    ASSERT_TRUE(placeThreshold(*s, session.history.back(), ThresholdLevel::ChildInNeed)); // d2, not chosen yet
    const json saved = sessionToJson(session);
    EXPECT_EQ(saved["path"][1]["threshold"], "child_protection");
    EXPECT_FALSE(saved["path"][0].contains("threshold")) << "a narrative step carries no placement";
    EXPECT_EQ(saved["placing"], "child_in_need");

    Diagnostics diags;
    std::optional<Session> back = sessionFromJson(saved, *s, plugin.manifest, diags);
    ASSERT_TRUE(back) << test::all(diags);
    EXPECT_TRUE(diags.empty()) << test::all(diags);
    EXPECT_EQ(back->current().path.back().threshold, ThresholdLevel::ChildProtection);
    EXPECT_EQ(back->current().placements.at("d2"), ThresholdLevel::ChildInNeed);
}

TEST_F(ThresholdRun, ADamagedSavedPlacementIsAWarningAndTheRunGoesOn) {
    Session session = atFirstDecision();
    ASSERT_TRUE(sessionStep(session, *s, "tell", 2));
    json saved = sessionToJson(session);
    saved["path"][1]["threshold"] = "very_high";
    saved["placing"] = 7;
    Diagnostics diags;
    std::optional<Session> back = sessionFromJson(saved, *s, plugin.manifest, diags);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->current().node, "d2") << "the step itself still replays";
    EXPECT_FALSE(back->current().path.back().threshold);
    EXPECT_EQ(countSeverity(diags, Severity::Error), 0u) << test::all(diags);
    EXPECT_NE(test::all(diags).find("unknown threshold level \"very_high\""), std::string::npos) << test::all(diags);
    EXPECT_NE(test::all(diags).find("/placing"), std::string::npos) << test::all(diags);
}

TEST_F(ThresholdRun, EachPlacementIsJudgedAgainstTheCaseAndTheLeanIsNamed) {
    // d1: universal is two levels below child in need; d2 not placed.
    Session session = atFirstDecision();
    ASSERT_TRUE(placeThreshold(*s, session.history.back(), ThresholdLevel::Universal));
    ASSERT_TRUE(sessionStep(session, *s, "wait", 2));
    ASSERT_TRUE(sessionStep(session, *s, "accept", 3));
    ThresholdSummary t = summariseThresholds(*s, session.current());
    ASSERT_EQ(t.points.size(), 2u);
    EXPECT_EQ(t.points[0].verdict, PlacementVerdict::Lower);
    EXPECT_EQ(t.points[0].levelsOff, -2);
    EXPECT_EQ(verdictText(t.points[0]), "2 levels lower than the case's judgement");
    EXPECT_EQ(t.points[1].verdict, PlacementVerdict::NotPlaced);
    EXPECT_EQ(t.placed, 1);
    EXPECT_EQ(t.lower, 1);
    EXPECT_EQ(t.sound, 0);
    const std::string headline = thresholdHeadline(t, "Sam");
    EXPECT_NE(headline.find("0 of 2 placements of Sam's needs were sound"), std::string::npos) << headline;
    EXPECT_NE(headline.find("lower than the case did"), std::string::npos) << headline;
    EXPECT_NE(headline.find("1 not placed"), std::string::npos) << headline;

    // A defensible level is sound; the judgement itself matches.
    const ThresholdPoint& d1 = *s->node("d1")->threshold;
    EXPECT_EQ(judgePlacement(d1, ThresholdLevel::ChildProtection), PlacementVerdict::Defensible);
    EXPECT_EQ(judgePlacement(d1, ThresholdLevel::ChildInNeed), PlacementVerdict::Matches);
    EXPECT_EQ(judgePlacement(*s->node("d2")->threshold, ThresholdLevel::ChildInNeed), PlacementVerdict::Lower);
}

TEST_F(ThresholdRun, TheDebriefAndItsReportCarryThePlacements) {
    Session session = atFirstDecision();
    ASSERT_TRUE(placeThreshold(*s, session.history.back(), ThresholdLevel::ChildInNeed));
    ASSERT_TRUE(sessionStep(session, *s, "tell", 2));
    ASSERT_TRUE(placeThreshold(*s, session.history.back(), ThresholdLevel::ChildProtection));
    ASSERT_TRUE(sessionStep(session, *s, "accept", 3));
    const Debrief d = buildDebrief(*s, plugin.manifest, test::knowledgeBase(), session);
    EXPECT_EQ(d.thresholds.sound, 2);
    const json j = debriefToJson(d);
    ASSERT_EQ(j["thresholds"]["points"].size(), 2u);
    EXPECT_EQ(j["thresholds"]["points"][0]["placed"], "child_in_need");
    EXPECT_EQ(j["thresholds"]["points"][0]["at_the_time"], "universal");
    EXPECT_EQ(j["thresholds"]["points"][1]["verdict"], "Matches the case's judgement");
    const std::string html = thresholdTableHtml(d.thresholds, d.childName);
    EXPECT_NE(html.find("<caption>Where you placed Sam"), std::string::npos);
    EXPECT_NE(html.find("Child protection (section 47)"), std::string::npos);
    EXPECT_NE(html.find("Hungry every day"), std::string::npos);
}

TEST(ThresholdCases, EachBundledCaseHasThresholdPointsThatLintClean) {
    for (const char* id : {"peter", "james", "tina"}) {
        ScenarioPlugin p = loadPlugin(test::sourceDir() / "plugins" / id, test::knowledgeBase());
        ASSERT_TRUE(p.usable()) << id << "\n" << test::all(p.diagnostics);
        int points = 0;
        for (const Node& n : p.scenario->nodes)
            if (n.threshold) {
                ++points;
                EXPECT_GT(n.threshold->why.size(), 200u) << id << "/" << n.id << ": the reasons are the teaching";
            }
        EXPECT_GE(points, 3) << id;
    }
}

} // namespace
