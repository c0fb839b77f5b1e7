// Nothing a trainee did is lost by the next thing they do: a run replaced by another is kept first;
// destructive steps ask; kept runs come back to where they were (reviews: ux 6, code §6 "records").
#include "app_fixture.h"

namespace wp::test {
namespace {

using namespace wp::app;

TEST_F(AppTest, StartingAnotherCaseKeepsAFinishedRunWithItsReflection) {
    start("peter", "dsl");
    playToEnd();
    ASSERT_EQ(state.screen, Screen::Debrief);
    ASSERT_TRUE(apply(SetReflection{"Ring the GP first next time.", true}));
    const size_t steps = state.session->current().path.size();
    effects.clear();

    start("james", "social_worker");
    const KeepRun* kept = last<KeepRun>();
    ASSERT_TRUE(kept) << "the finished run is kept before James replaces it";
    EXPECT_EQ(kept->run.session.at("plugin"), "peter");
    EXPECT_EQ(kept->run.session.at("reflection"), "Ring the GP first next time.");
    EXPECT_EQ(kept->run.session.at("path").size(), steps);
    EXPECT_EQ(kept->run.id.rfind("run-", 0), 0u) << "the file name is an id the app generated";
    ASSERT_EQ(state.keptRuns.size(), 1u);
    EXPECT_TRUE(state.keptRuns.front().finished);
    EXPECT_TRUE(state.keptRuns.front().hasReflection);
    EXPECT_EQ(state.session->pluginId, "james");

    // Back to it: the debrief of the kept run, reflection and all; James's run is kept in turn.
    ASSERT_TRUE(apply(OpenKeptRun{kept->run.id}));
    EXPECT_EQ(state.screen, Screen::Debrief);
    EXPECT_EQ(state.session->pluginId, "peter");
    EXPECT_EQ(state.session->reflection, "Ring the GP first next time.");
    EXPECT_EQ(state.keptRuns.size(), 1u) << "James had no step yet: nothing to keep";
}

TEST_F(AppTest, ARoleSwapComparisonIsKeptWholeWhenAnotherCaseStarts) {
    start("peter", "dsl");
    playToEnd();
    ASSERT_TRUE(apply(PlayAsRole{"social_worker"}));
    playToEnd();
    ASSERT_EQ(state.screen, Screen::Compare);
    effects.clear();
    start("tina", "dsl");
    const KeepRun* kept = last<KeepRun>();
    ASSERT_TRUE(kept);
    EXPECT_EQ(kept->run.session.at("role"), "social_worker");
    ASSERT_TRUE(kept->run.firstRun.has_value()) << "the first run of the swap is kept with the second";
    EXPECT_EQ(kept->run.firstRun->at("role"), "dsl");
    ASSERT_TRUE(apply(OpenKeptRun{kept->run.id}));
    EXPECT_TRUE(canCompare(state)) << "the comparison comes back with it";
}

TEST_F(AppTest, DecliningTheResumeOfferKeepsTheRunBeforeTheSlotIsCleared) {
    start("peter", "class_teacher");
    ASSERT_TRUE(apply(Continue{}));
    const nlohmann::json saved = last<SaveProgress>()->run.session;
    AppState fresh;
    fresh.knowledge = state.knowledge;
    fresh.library = state.library;
    state = fresh;
    state.resume = resumeOfferFor(state, saved);
    ASSERT_TRUE(state.resume);
    effects.clear();
    ASSERT_TRUE(apply(DiscardResume{}));
    ASSERT_EQ(effects.size(), 2u);
    EXPECT_TRUE(std::holds_alternative<KeepRun>(effects[0])) << "kept first";
    EXPECT_TRUE(std::holds_alternative<ClearProgress>(effects[1])) << "then the slot is cleared";
    EXPECT_EQ(std::get<KeepRun>(effects[0]).run.session, saved);
    EXPECT_EQ(state.keptRuns.size(), 1u);
}

TEST_F(AppTest, StartAgainAsksFirstAndKeepsAReflectedRun) {
    start("peter", "dsl");
    ASSERT_TRUE(apply(Continue{}));
    ASSERT_TRUE(apply(Restart{}));
    ASSERT_TRUE(state.confirm) << "start again asks before anything is discarded";
    EXPECT_GT(state.session->current().path.size(), 0u) << "nothing changed yet";
    ASSERT_TRUE(apply(CancelPending{}));
    EXPECT_FALSE(state.confirm);
    EXPECT_GT(state.session->current().path.size(), 0u);
    ASSERT_TRUE(apply(Restart{}));
    ASSERT_TRUE(apply(ConfirmPending{}));
    EXPECT_EQ(state.session->current().path.size(), 0u) << "started again";
    EXPECT_EQ(state.keptRuns.size(), 1u) << "the run set aside is kept";
}

TEST_F(AppTest, DeletingAKeptRunAsksFirst) {
    start("peter", "dsl");
    ASSERT_TRUE(apply(Continue{}));
    start("james", "dsl");
    ASSERT_EQ(state.keptRuns.size(), 1u);
    const std::string id = state.keptRuns.front().id;
    effects.clear();
    ASSERT_TRUE(apply(DeleteKeptRun{id}));
    EXPECT_TRUE(state.confirm);
    EXPECT_EQ(state.keptRuns.size(), 1u);
    EXPECT_TRUE(all<DeleteRun>().empty());
    ASSERT_TRUE(apply(ConfirmPending{}));
    EXPECT_TRUE(state.keptRuns.empty());
    ASSERT_TRUE(last<DeleteRun>());
    EXPECT_EQ(last<DeleteRun>()->id, id);
}

TEST_F(AppTest, EndingARoomAsksFirst) {
    ASSERT_TRUE(apply(StartRoom{"peter", {{"Table 1", "class_teacher"}, {"Table 2", "social_worker"}}, 0}));
    ASSERT_TRUE(apply(RoomEnd{}));
    EXPECT_FALSE(state.room->session.closed);
    ASSERT_TRUE(state.confirm);
    ASSERT_TRUE(apply(GoBack{})) << "Esc answers no";
    EXPECT_FALSE(state.confirm);
    EXPECT_FALSE(state.room->session.closed);
    ASSERT_TRUE(apply(RoomEnd{}));
    ASSERT_TRUE(apply(ConfirmPending{}));
    EXPECT_TRUE(state.room->session.closed);
}

TEST_F(AppTest, AnAuthorPreviewIsNeitherAutosavedNorKept) {
    AuthorLoad load = loadAuthorFolder(std::filesystem::path(WP_SOURCE_DIR) / "tests/fixtures/plugins/mini", state.knowledge);
    ASSERT_TRUE(load.plugin.usable());
    ASSERT_TRUE(apply(AuthorFolderLoaded{load.plugin.dir, load, true, {}}));
    ASSERT_TRUE(apply(StartSession{}));
    ASSERT_TRUE(apply(Continue{}));
    EXPECT_TRUE(all<SaveProgress>().empty()) << "a preview is not the trainee's progress";
    start("peter", "dsl");
    EXPECT_TRUE(state.keptRuns.empty()) << "nor is it kept";
}

} // namespace
} // namespace wp::test
