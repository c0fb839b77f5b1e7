#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "test_support.h"
#include "wholepicture/core/runner.h"

using namespace wp;

namespace {

class MiniRunner : public ::testing::Test {
protected:
    void SetUp() override {
        plugin = test::loadFixture("plugins/mini");
        ASSERT_TRUE(plugin.usable()) << (plugin.diagnostics.empty() ? "" : formatDiagnostic(plugin.diagnostics[0]));
        s = plugin.scenario.get();
    }
    ScenarioPlugin plugin;
    const Scenario* s = nullptr;
};

TEST_F(MiniRunner, StartAppliesFirstStageFactsToHoldersOnly) {
    RunState st = startRun(*s, "class_teacher");
    EXPECT_EQ(st.node, "intro");
    EXPECT_TRUE(knows(st, "class_teacher", "hungry"));
    EXPECT_FALSE(knows(st, "social_worker", "hungry"));
    EXPECT_FALSE(knows(st, "gp", "missed_gp")) << "spring facts are not known in autumn";
    ASSERT_EQ(st.map.size(), 1u);
    EXPECT_EQ(st.scores.at("information_sharing"), 0);
}

TEST_F(MiniRunner, OptionsAreFilteredByRoleAndCondition) {
    RunState st = *proceed(*s, startRun(*s, "class_teacher"), 0);
    auto ids = [&](const RunState& state) {
        std::vector<std::string> out;
        for (const Option* o : availableOptions(*s, state)) out.push_back(o->id);
        return out;
    };
    EXPECT_EQ(ids(st), (std::vector<std::string>{"tell", "wait"}));
    RunState waited = *choose(*s, st, "wait", 0);
    EXPECT_EQ(ids(waited), (std::vector<std::string>{"accept"})) << "challenge needs the referred flag";
    RunState told = *choose(*s, st, "tell", 0);
    EXPECT_EQ(ids(told), (std::vector<std::string>{"challenge", "accept"}));
}

TEST_F(MiniRunner, ChoosingAppliesEveryEffect) {
    RunState st = *proceed(*s, startRun(*s, "class_teacher"), 0);
    RunState told = *choose(*s, st, "tell", 1234);
    EXPECT_TRUE(knows(told, "dsl", "hungry"));
    EXPECT_TRUE(knows(told, "social_worker", "hungry"));
    EXPECT_TRUE(told.flags.count("referred"));
    EXPECT_EQ(told.scores.at("information_sharing"), 2);
    EXPECT_EQ(told.scores.at("timeliness"), 1);
    EXPECT_TRUE(told.criticalChosen.count("ca_tell"));
    EXPECT_EQ(told.map.size(), 2u);
    ASSERT_EQ(told.path.size(), 2u);
    EXPECT_EQ(told.path.back().option, "tell");
    EXPECT_EQ(told.path.back().atMs, 1234);
    EXPECT_EQ(told.node, "d2");
    EXPECT_TRUE(knows(told, "gp", "missed_gp")) << "entering the spring stage gives the GP its fact";
}

TEST_F(MiniRunner, ConditionalNextFollowsFlags) {
    RunState st = *proceed(*s, startRun(*s, "class_teacher"), 0);
    EXPECT_EQ(choose(*s, *choose(*s, st, "tell", 0), "accept", 0)->node, "good_end");
    EXPECT_EQ(choose(*s, *choose(*s, st, "wait", 0), "accept", 0)->node, "poor_end");
}

TEST_F(MiniRunner, UnavailableOptionIsRefusedWithTheAlternatives) {
    RunState st = *proceed(*s, startRun(*s, "class_teacher"), 0);
    std::string error;
    EXPECT_FALSE(choose(*s, st, "ask", 0, &error)) << "ask is the social worker's option";
    EXPECT_NE(error.find("available: tell, wait"), std::string::npos) << error;
    EXPECT_FALSE(proceed(*s, st, 0, &error)) << "a decision cannot be continued past";
}

TEST_F(MiniRunner, CriticalOutcomesCoverMustDoAndMustAvoid) {
    RunState sw = *proceed(*s, startRun(*s, "social_worker"), 0);
    sw = *choose(*s, sw, "ask", 0);
    RunState closed = *choose(*s, sw, "close", 0);
    auto outcomes = criticalOutcomes(*s, closed);
    ASSERT_EQ(outcomes.size(), 1u) << "only the social worker's critical action applies";
    EXPECT_EQ(outcomes[0].action->id, "ca_close_silently");
    EXPECT_FALSE(outcomes[0].met);
    RunState checked = *choose(*s, sw, "check_gp", 0);
    EXPECT_TRUE(criticalOutcomes(*s, checked)[0].met);
}

TEST_F(MiniRunner, WholePictureCountsKeyFactsReachingThoseWhoNeedThem) {
    RunState st = *proceed(*s, startRun(*s, "class_teacher"), 0);
    PictureMeasure before = measurePicture(*s, st);
    EXPECT_EQ(before.possible, 2) << "hungry is needed by the social worker and the DSL";
    EXPECT_EQ(before.reached, 0);
    RunState told = *choose(*s, st, "tell", 0);
    ASSERT_EQ(told.picture.size(), 1u) << "leaving autumn records its measure";
    EXPECT_EQ(told.picture[0].reached, 2);
    PictureMeasure spring = measurePicture(*s, told);
    EXPECT_EQ(spring.possible, 3) << "the GP's spring fact now counts too";
    EXPECT_EQ(spring.reached, 2);
}

TEST(MapLinks, OppositeOneWayBecomesTwoWayAndNeverNarrows) {
    std::vector<Link> map;
    applyLink(map, {"school", "csc", Flow::OneWay, Strength::Peripheral, ""});
    applyLink(map, {"school", "csc", Flow::OneWay, Strength::Critical, "referral"});
    ASSERT_EQ(map.size(), 1u);
    EXPECT_EQ(map[0].flow, Flow::OneWay);
    EXPECT_EQ(map[0].strength, Strength::Critical);
    applyLink(map, {"csc", "school", Flow::OneWay, Strength::Critical, ""});
    EXPECT_EQ(map[0].flow, Flow::TwoWay);
    EXPECT_EQ(map[0].note, "referral");
    applyLink(map, {"school", "csc", Flow::OneWay, Strength::Peripheral, ""});
    EXPECT_EQ(map[0].flow, Flow::TwoWay);
    EXPECT_EQ(map[0].strength, Strength::Peripheral);
}

TEST_F(MiniRunner, StepBackRestoresThePreviousStateExactly) {
    Session session = startSession(*s, plugin.manifest, "class_teacher", 10);
    ASSERT_TRUE(sessionStep(session, *s, "", 11));
    nlohmann::json before = stateToJson(session.current());
    ASSERT_TRUE(sessionStep(session, *s, "tell", 12));
    EXPECT_NE(stateToJson(session.current()), before);
    ASSERT_TRUE(sessionStepBack(session));
    EXPECT_EQ(stateToJson(session.current()), before);
    ASSERT_TRUE(sessionStepBack(session));
    EXPECT_FALSE(sessionStepBack(session)) << "cannot step back past the start";
}

TEST_F(MiniRunner, SessionRoundTripsThroughJsonByReplay) {
    Session session = startSession(*s, plugin.manifest, "class_teacher", 10);
    ASSERT_TRUE(sessionStep(session, *s, "", 11));
    ASSERT_TRUE(sessionStep(session, *s, "tell", 12));
    session.reflection = "I would ring the social worker sooner.";
    nlohmann::json saved = sessionToJson(session);
    Diagnostics diags;
    auto restored = sessionFromJson(nlohmann::json::parse(saved.dump()), *s, plugin.manifest, diags);
    ASSERT_TRUE(restored);
    EXPECT_TRUE(diags.empty());
    EXPECT_EQ(stateToJson(restored->current()), stateToJson(session.current()));
    EXPECT_EQ(restored->current().path.back().atMs, 12);
    EXPECT_EQ(restored->reflection, session.reflection);
    EXPECT_TRUE(restored->canStepBack()) << "history is rebuilt, so step back works after a restore";
}

TEST_F(MiniRunner, CorruptOrMismatchedSessionIsRefusedOrTrimmedWithAMessage) {
    Diagnostics diags;
    EXPECT_FALSE(sessionFromJson(nlohmann::json{{"format", "something-else"}}, *s, plugin.manifest, diags));
    ASSERT_FALSE(diags.empty());
    EXPECT_NE(diags[0].message.find("not a Whole Picture session"), std::string::npos);

    Session session = startSession(*s, plugin.manifest, "class_teacher", 0);
    ASSERT_TRUE(sessionStep(session, *s, "", 0));
    ASSERT_TRUE(sessionStep(session, *s, "tell", 0));
    nlohmann::json saved = sessionToJson(session);
    saved["path"][1]["option"] = "no_such_option";
    diags.clear();
    auto trimmed = sessionFromJson(saved, *s, plugin.manifest, diags);
    ASSERT_TRUE(trimmed) << "a path that no longer fits resumes from the last step that does";
    EXPECT_EQ(trimmed->current().node, "d1");
    ASSERT_EQ(diags.size(), 1u);
    EXPECT_EQ(diags[0].severity, Severity::Warning);
    EXPECT_EQ(diags[0].pointer, "/path/1");
}

} // namespace
