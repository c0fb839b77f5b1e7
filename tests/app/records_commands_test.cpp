// Profiles and the history in the application layer: the view of the records follows every save, a
// run is reopened from the history, a switch of person keeps the run on screen for its owner first,
// and deleting one's records asks first and keeps nothing of them in memory.
#include <unistd.h>

#include <gtest/gtest.h>

#include "app_fixture.h"
#include "wholepicture/app/record_database.h"

namespace wp::test {
namespace {

using namespace wp::app;
namespace fs = std::filesystem;

class RecordsCommands : public AppTest {
protected:
    void SetUp() override {
        AppTest::SetUp();
        state.records.available = true;
        state.records.profiles = {{1, "Sam", "acct-1", 1}, {2, "Priya", "acct-2", 2}};
        state.records.currentProfile = 1;
    }
};

TEST_F(RecordsCommands, TheHistoryFollowsEverySaveWithoutReadingTheDisk) {
    start("peter", "dsl");
    ASSERT_TRUE(apply(Continue{}));
    ASSERT_EQ(state.records.runs.size(), 1u);
    EXPECT_EQ(state.records.runs[0].run.id, state.sessionRunId);
    EXPECT_EQ(state.records.runs[0].status, RunStatus::Current);
    EXPECT_TRUE(state.records.runs[0].run.session.is_null()) << "the view holds summaries, not sessions";
    playToEnd();
    ASSERT_EQ(state.records.runs.size(), 1u) << "one run, one row, however many steps";
    EXPECT_TRUE(state.records.runs[0].run.finished);
    EXPECT_GE(state.records.runs[0].run.overallFraction, 0.0);
    EXPECT_FALSE(state.records.runs[0].run.overallBand.empty());

    const std::string peterRun = state.sessionRunId;
    start("james", "social_worker");
    ASSERT_TRUE(apply(Continue{}));
    ASSERT_EQ(state.records.runs.size(), 2u);
    EXPECT_EQ(state.records.runs[0].run.pluginId, "james") << "newest first";
    EXPECT_EQ(state.records.runs[1].run.id, peterRun);
    EXPECT_EQ(state.records.runs[1].status, RunStatus::Kept);
}

TEST_F(RecordsCommands, ARunIsReopenedFromTheHistoryAtItsDebrief) {
    start("peter", "dsl");
    playToEnd();
    const std::string id = state.sessionRunId;
    const nlohmann::json saved = last<SaveProgress>()->run.session;
    start("tina", "dsl");
    state.keptRuns.clear(); // as after a restart: the run is only in the database
    effects.clear();
    ASSERT_TRUE(apply(OpenRecordedRun{id}));
    ASSERT_TRUE(last<ReadRun>()) << "read from the store, off the UI thread";
    EXPECT_EQ(last<ReadRun>()->id, id);
    ASSERT_TRUE(apply(RunLoaded{id, StoredRun{id, saved, std::nullopt}}));
    EXPECT_EQ(state.screen, Screen::Debrief);
    EXPECT_EQ(state.session->pluginId, "peter");
    EXPECT_EQ(state.sessionRunId, id) << "saves go on updating the same record";

    EXPECT_FALSE(apply(RunLoaded{"run-gone", std::nullopt}));
    EXPECT_NE(state.status.back().text.find("no longer in your records"), std::string::npos);
}

TEST_F(RecordsCommands, SwitchingPersonKeepsTheRunForItsOwnerFirst) {
    start("peter", "dsl");
    ASSERT_TRUE(apply(Continue{}));
    effects.clear();
    ASSERT_TRUE(apply(SwitchProfile{2}));
    ASSERT_GE(effects.size(), 3u);
    EXPECT_TRUE(std::holds_alternative<KeepRun>(effects[0])) << "Sam's run is kept under Sam";
    EXPECT_TRUE(std::holds_alternative<ClearProgress>(effects[1]));
    ASSERT_TRUE(std::holds_alternative<ChangeProfile>(effects[2])) << "and only then the switch";
    EXPECT_EQ(std::get<ChangeProfile>(effects[2]).id, 2);
    EXPECT_FALSE(state.session) << "nothing of Sam's stays on screen for Priya";
    EXPECT_TRUE(state.keptRuns.empty());
    EXPECT_EQ(state.screen, Screen::Library);
    EXPECT_FALSE(apply(SwitchProfile{2})) << "already Priya";
    EXPECT_FALSE(apply(SwitchProfile{9})) << "no such person";

    // The store answers with Priya's records.
    RecordsView priya = state.records;
    priya.currentProfile = 2;
    priya.runs.clear();
    StartupRecords startup;
    ASSERT_TRUE(apply(RecordsChanged{priya, startup}));
    EXPECT_EQ(state.records.currentProfile, 2);
    EXPECT_TRUE(state.records.runs.empty());
}

TEST_F(RecordsCommands, DeletingMyRecordsAsksFirstAndKeepsNothing) {
    start("peter", "dsl");
    ASSERT_TRUE(apply(Continue{}));
    effects.clear();
    ASSERT_TRUE(apply(DeleteMyRecords{}));
    ASSERT_TRUE(state.confirm) << "asks first";
    EXPECT_NE(state.confirm->question.find("Sam's"), std::string::npos);
    EXPECT_FALSE(last<EraseProfileRecords>());
    ASSERT_TRUE(apply(ConfirmPending{}));
    ASSERT_TRUE(last<EraseProfileRecords>());
    EXPECT_EQ(last<EraseProfileRecords>()->id, 1);
    EXPECT_FALSE(last<KeepRun>()) << "the run on screen is deleted with the rest, not kept";
    EXPECT_FALSE(state.session);
    EXPECT_TRUE(state.records.runs.empty());
}

TEST_F(RecordsCommands, TheFirstStartNamesTheProfileOrIsJustMe) {
    state.records.profiles = {{1, "", "acct-1", 1}};
    state.records.askName = true;
    ASSERT_TRUE(apply(NameProfile{"  Sam  "}));
    EXPECT_FALSE(state.records.askName);
    ASSERT_TRUE(last<SetProfileName>());
    EXPECT_EQ(last<SetProfileName>()->name, "Sam");
    EXPECT_EQ(state.records.profiles[0].name, "Sam");
    EXPECT_FALSE(apply(AddProfile{"   "})) << "a person needs a name";
    ASSERT_TRUE(apply(AddProfile{"Priya"}));
    EXPECT_EQ(last<CreateProfile>()->name, "Priya");
}

TEST_F(RecordsCommands, WithoutTheDatabaseProfilesSayWhy) {
    state.records.available = false;
    EXPECT_FALSE(apply(SwitchProfile{2}));
    EXPECT_FALSE(apply(AddProfile{"Priya"}));
    ASSERT_FALSE(state.status.empty());
    EXPECT_NE(state.status.back().text.find("records database"), std::string::npos);
}

// Issue 11: every room session in the history reopens, from the database, at its debrief when it
// ended (re-exportable there) and at its console when it did not.
// Every save of a room shows in "Your records" at once, as runs do: one row per room, the newest state.
TEST_F(RecordsCommands, TheHistoryFollowsEveryRoomSave) {
    ASSERT_TRUE(apply(StartRoom{"peter", {{"Table 1", "class_teacher"}, {"Table 2", "social_worker"}}, 0}));
    ASSERT_TRUE(last<SaveRoomRecord>());
    const std::string id = last<SaveRoomRecord>()->room.id;
    ASSERT_EQ(state.records.rooms.size(), 1u) << "the new room is listed";
    EXPECT_EQ(state.records.rooms[0].id, id);
    ASSERT_TRUE(apply(RoomStep{RoomEvent{RoomEventKind::Continue, -1, "", "", "", 0}}));
    ASSERT_EQ(state.records.rooms.size(), 1u) << "saved again: still one row";
    EXPECT_EQ(state.records.rooms[0].events, last<SaveRoomRecord>()->room.events);
    EXPECT_GT(state.records.rooms[0].events, 0);
    ASSERT_TRUE(apply(RoomEnd{true}));
    ASSERT_EQ(state.records.rooms.size(), 1u);
    EXPECT_TRUE(state.records.rooms[0].closed);
}

TEST_F(RecordsCommands, ARoomSessionReopensFromTheRecordsAtItsDebriefOrItsConsole) {
    const fs::path dir = fs::temp_directory_path() / ("wp-reopen-room-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    RecordDatabaseOptions o;
    o.file = dir / kRecordsFileName;
    Diagnostics diags;
    auto db = RecordDatabase::open(o, diags);
    ASSERT_TRUE(db);

    ASSERT_TRUE(apply(StartRoom{"peter", {{"Table 1", "class_teacher"}, {"Table 2", "social_worker"}}, 0}));
    ASSERT_TRUE(apply(RoomStep{RoomEvent{RoomEventKind::Continue, -1, "", "", "", 0}}));
    const RoomRecord open = last<SaveRoomRecord>()->room;
    ASSERT_TRUE(db->saveRoom(open, diags));
    ASSERT_TRUE(apply(RoomEnd{true}));
    const RoomRecord ended = last<SaveRoomRecord>()->room;
    ASSERT_TRUE(ended.closed);
    state.room.reset();
    state.screen = Screen::Library;

    effects.clear();
    ASSERT_TRUE(apply(OpenRecordedRoom{ended.id}));
    ASSERT_TRUE(last<ReadRoom>()) << "read from the store, off the UI thread";
    ASSERT_TRUE(db->saveRoom(ended, diags));
    auto stored = db->room(ended.id);
    ASSERT_TRUE(stored) << "the database gives back one room with its event log";
    EXPECT_EQ(stored->events, ended.events);
    ASSERT_TRUE(apply(RoomLoaded{ended.id, stored}));
    EXPECT_EQ(state.screen, Screen::RoomDebrief) << "an ended session opens at its debrief";
    ASSERT_TRUE(state.room);
    EXPECT_TRUE(state.room->debrief) << "built, so it can be saved again";
    EXPECT_EQ(state.room->recordFile, fs::path(ended.file)) << "it saves back to its own record";
    effects.clear();
    ASSERT_TRUE(apply(RoomExport{}));
    EXPECT_TRUE(last<ExportRoom>()) << "and re-exported";

    // A session that never ended opens where the facilitator left it.
    RoomRecord unfinished = open;
    unfinished.id = "room-unfinished";
    unfinished.record["id"] = "room-unfinished";
    ASSERT_TRUE(apply(RoomLoaded{unfinished.id, unfinished}));
    EXPECT_EQ(state.screen, Screen::RoomConsole);
    EXPECT_FALSE(state.room->session.closed);
    EXPECT_EQ(state.room->session.events.size(), open.record["events"].size());

    // While that session runs, another cannot replace it.
    EXPECT_FALSE(apply(OpenRecordedRoom{ended.id}));
    EXPECT_NE(state.status.back().text.find("end it"), std::string::npos);
    EXPECT_FALSE(apply(RoomLoaded{ended.id, stored}));
    EXPECT_EQ(state.room->session.setup.id, "room-unfinished");

    state.room.reset();
    EXPECT_FALSE(apply(RoomLoaded{"room-gone", std::nullopt}));
    EXPECT_NE(state.status.back().text.find("no longer in your records"), std::string::npos);
    db.reset();
    fs::remove_all(dir);
}

} // namespace
} // namespace wp::test
