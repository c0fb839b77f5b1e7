// The outbox (record_database.h): statements are queued in the same transaction as the record they
// describe, once, and only when sending is configured; and the records the xapi ctests validate and
// send (XapiSamples, written where WP_XAPI_SAMPLE_DB says).
#include <unistd.h>

#include <cstdlib>
#include <set>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "app_fixture.h"
#include "wholepicture/app/record_database.h"
#include "wholepicture/app/xapi.h"
#include "wholepicture/core/room.h"

namespace wp::test {
namespace {

using namespace wp::app;
namespace fs = std::filesystem;
using nlohmann::json;

std::string joined(const Diagnostics& diags) {
    std::string out;
    for (const auto& d : diags) out += formatDiagnostic(d) + "\n";
    return out;
}

XapiOptions options() {
    XapiOptions o;
    o.homePage = "https://training.example.org";
    return o;
}

std::int64_t count(sqlite3* db, const char* sql) {
    sqlite3_stmt* q = nullptr;
    sqlite3_prepare_v2(db, sql, -1, &q, nullptr);
    const std::int64_t n = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int64(q, 0) : -1;
    sqlite3_finalize(q);
    return n;
}

class OutboxTest : public AppTest {
protected:
    void SetUp() override {
        AppTest::SetUp();
        dir = fs::temp_directory_path() /
              ("wp-outbox-test-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "-" + std::to_string(::getpid()));
        fs::remove_all(dir);
        fs::create_directories(dir);
    }
    void TearDown() override { fs::remove_all(dir); }
    std::unique_ptr<RecordDatabase> open() {
        Diagnostics diags;
        RecordDatabaseOptions o;
        o.file = dir / kRecordsFileName;
        auto db = RecordDatabase::open(o, diags);
        EXPECT_TRUE(db) << joined(diags);
        return db;
    }
    fs::path dir;
};

TEST_F(OutboxTest, NothingIsQueuedUnlessSendingIsConfigured) {
    start("peter", "dsl");
    playToEnd();
    auto db = open();
    ASSERT_TRUE(db);
    Diagnostics diags;
    ASSERT_TRUE(db->saveRun(last<SaveProgress>()->run, RunStatus::Current, diags)) << joined(diags);
    EXPECT_EQ(count(db->handle(), "SELECT count(*) FROM outbox"), 0);
}

TEST_F(OutboxTest, EveryStepsStatementsAreQueuedOnceAndAreTheRecordsOwn) {
    start("peter", "dsl");
    auto db = open();
    ASSERT_TRUE(db);
    db->setStatementOptions(options());
    Diagnostics diags;
    // Saved after every step, as the store does: each save re-makes the run's statements, and the
    // ones already queued stay as they are.
    playToEnd();
    for (const auto* save : all<SaveProgress>()) ASSERT_TRUE(db->saveRun(save->run, RunStatus::Current, diags)) << joined(diags);
    const std::string id = state.sessionRunId;
    const auto back = db->run(id);
    ASSERT_TRUE(back);
    const auto profile = db->profile(db->currentProfile());
    ASSERT_TRUE(profile);
    const auto expected = runStatements(*back, *profile, options());
    const auto queued = db->outboxStatements(id);
    ASSERT_EQ(queued.size(), expected.size()) << "each statement once, whatever the number of saves";
    std::set<std::string> queuedIds;
    for (const auto& q : queued) queuedIds.insert(q.at("id").get<std::string>());
    for (const auto& e : expected) EXPECT_TRUE(queuedIds.count(e.id)) << "the run read back makes the statements queued: " << e.kind;
    EXPECT_EQ(db->outboxStatus().queued, static_cast<std::int64_t>(expected.size()));
    EXPECT_EQ(expected.back().kind, "terminated");
}

TEST_F(OutboxTest, AStatementThatCannotBeQueuedUndoesTheSaveOfItsRecord) {
    start("peter", "dsl");
    playToEnd();
    auto db = open();
    ASSERT_TRUE(db);
    db->setStatementOptions(options());
    ASSERT_EQ(sqlite3_exec(db->handle(), "CREATE TRIGGER refuse BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'outbox refused'); END;",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    Diagnostics diags;
    EXPECT_FALSE(db->saveRun(last<SaveProgress>()->run, RunStatus::Current, diags));
    EXPECT_FALSE(db->run(state.sessionRunId)) << "one transaction: no run without its statements";
    ASSERT_EQ(sqlite3_exec(db->handle(), "DROP TRIGGER refuse", nullptr, nullptr, nullptr), SQLITE_OK);
    Diagnostics again;
    EXPECT_TRUE(db->saveRun(last<SaveProgress>()->run, RunStatus::Current, again)) << joined(again);
    EXPECT_TRUE(db->run(state.sessionRunId));
    EXPECT_GT(db->outboxStatus().queued, 0);
}

TEST_F(OutboxTest, ARunKeptUnfinishedAndTakenUpAgainIsSuspendedAndResumed) {
    start("peter", "dsl");
    ASSERT_TRUE(apply(Continue{})); // a first step
    auto db = open();
    ASSERT_TRUE(db);
    db->setStatementOptions(options());
    Diagnostics diags;
    RunRecord run = last<SaveProgress>()->run;
    run.finished = false;
    ASSERT_TRUE(db->saveRun(run, RunStatus::Current, diags)) << joined(diags);
    EXPECT_TRUE(db->pausesOf(run.id).empty());
    ASSERT_TRUE(db->saveRun(run, RunStatus::Kept, diags)) << joined(diags);
    ASSERT_TRUE(db->saveRun(run, RunStatus::Kept, diags)) << "kept again while set aside: still one pause";
    ASSERT_EQ(db->pausesOf(run.id).size(), 1u);
    EXPECT_EQ(db->pausesOf(run.id)[0].resumedMs, 0);
    ASSERT_TRUE(db->saveRun(run, RunStatus::Current, diags)) << joined(diags);
    ASSERT_EQ(db->pausesOf(run.id).size(), 1u);
    EXPECT_GT(db->pausesOf(run.id)[0].resumedMs, 0);
    std::map<std::string, int> verbs;
    for (const auto& st : db->outboxStatements(run.id)) {
        const std::string verb = st.at("verb").at("id");
        ++verbs[verb.substr(verb.rfind('/') + 1)];
    }
    EXPECT_EQ(verbs["suspended"], 1);
    EXPECT_EQ(verbs["resumed"], 1);
    EXPECT_EQ(db->run(run.id)->pauses.size(), 1u) << "the pauses are part of the run read back (the export makes the same statements)";
}

TEST_F(OutboxTest, TheDecisionsOptionsSurviveTheDatabase) {
    start("peter", "dsl");
    playToEnd();
    auto db = open();
    ASSERT_TRUE(db);
    Diagnostics diags;
    const RunRecord& run = last<SaveProgress>()->run;
    ASSERT_TRUE(db->saveRun(run, RunStatus::Current, diags));
    const auto back = db->run(run.id);
    ASSERT_TRUE(back);
    ASSERT_EQ(back->decisions.size(), run.decisions.size());
    for (size_t i = 0; i < run.decisions.size(); ++i) {
        ASSERT_EQ(back->decisions[i].choices.size(), run.decisions[i].choices.size());
        for (size_t c = 0; c < run.decisions[i].choices.size(); ++c) EXPECT_EQ(back->decisions[i].choices[c].id, run.decisions[i].choices[c].id);
    }
}

TEST_F(OutboxTest, SendingStatesAreCountedForTheSettingsScreen) {
    auto db = open();
    ASSERT_TRUE(db);
    Profile p = *db->profile(db->currentProfile());
    std::vector<XapiStatement> list;
    for (int i = 0; i < 4; ++i) list.push_back(testStatement(p, options(), 1000 + i));
    Diagnostics diags;
    ASSERT_TRUE(db->queueStatements(list, p.id, "run-x", "", diags));
    ASSERT_TRUE(db->queueStatements(list, p.id, "run-x", "", diags)) << "queued again: nothing changes";
    EXPECT_EQ(db->outboxStatus().queued, 4);
    ASSERT_TRUE(db->markSent({list[0].id}, 5000, diags));
    ASSERT_TRUE(db->markFailing({list[1].id}, "no answer", 5000, 9000, diags));
    ASSERT_TRUE(db->markQuarantined(list[2].id, "refused (400)", 5001, diags));
    OutboxStatus s = db->outboxStatus();
    EXPECT_EQ(s.queued, 1);
    EXPECT_EQ(s.failing, 1);
    EXPECT_EQ(s.sent, 1);
    EXPECT_EQ(s.quarantined, 1);
    EXPECT_EQ(s.lastError, "refused (400)");
    EXPECT_EQ(s.nextAttemptMs, 9000);
    EXPECT_EQ(db->dueStatements(8999, 10).size(), 1u) << "the failing one waits for its back-off";
    EXPECT_EQ(db->dueStatements(9000, 10).size(), 2u);
    ASSERT_TRUE(db->queueStatements({list[0]}, p.id, "run-x", "", diags));
    EXPECT_EQ(db->statementState(list[0].id), "sent") << "a sent statement queued again is not sent again";
    EXPECT_EQ(db->requeueQuarantined(diags), 1);
    EXPECT_EQ(db->statementState(list[2].id), "queued");
}

// A run deleted (the person started again and threw it away): what was not sent yet never leaves;
// what was sent stays in the outbox's log.
TEST_F(OutboxTest, ADeletedRunsUnsentStatementsAreWithdrawn) {
    start("peter", "dsl");
    auto db = open();
    ASSERT_TRUE(db);
    db->setStatementOptions(options());
    Diagnostics diags;
    playToEnd();
    ASSERT_TRUE(db->saveRun(last<SaveProgress>()->run, RunStatus::Current, diags)) << joined(diags);
    const std::string id = state.sessionRunId;
    const auto queued = db->outboxStatements(id);
    ASSERT_GT(queued.size(), 3u);
    const std::string sentId = queued.front().at("id").get<std::string>();
    ASSERT_TRUE(db->markSent({sentId}, 5000, diags));
    ASSERT_TRUE(db->deleteRun(id, diags)) << joined(diags);
    const auto left = db->outboxStatements(id);
    ASSERT_EQ(left.size(), 1u) << "only the statement already sent is left";
    EXPECT_EQ(left.front().at("id").get<std::string>(), sentId);
    EXPECT_EQ(db->outboxStatus().queued, 0);
    EXPECT_TRUE(db->dueStatements(1LL << 50, 100).empty());
}

// Sent statements do not pile up: after 90 days their text goes and their id stays, so a record saved
// again still queues nothing twice. Statements not yet sent are never touched.
TEST_F(OutboxTest, OldSentStatementsAreSlimmedAndNeverSentAgain) {
    auto db = open();
    ASSERT_TRUE(db);
    Profile p = *db->profile(db->currentProfile());
    std::vector<XapiStatement> list;
    for (int i = 0; i < 3; ++i) list.push_back(testStatement(p, options(), 1000 + i));
    Diagnostics diags;
    ASSERT_TRUE(db->queueStatements(list, p.id, "run-x", "", diags));
    ASSERT_TRUE(db->markSent({list[0].id, list[1].id}, 1000, diags));
    const std::int64_t keep = RecordDatabase::kKeepSentStatementsMs;
    EXPECT_EQ(db->slimSentStatements(1000 + keep - 1, keep, diags), 0) << "not old enough yet";
    EXPECT_EQ(db->slimSentStatements(1000 + keep + 1, keep, diags), 2) << joined(diags);
    EXPECT_EQ(count(db->handle(), "SELECT count(*) FROM outbox WHERE statement = ''"), 2);
    EXPECT_EQ(count(db->handle(), "SELECT count(*) FROM outbox"), 3) << "the ids stay";
    ASSERT_TRUE(db->queueStatements(list, p.id, "run-x", "", diags));
    EXPECT_EQ(db->statementState(list[0].id), "sent") << "queued again after slimming: still not sent twice";
    EXPECT_EQ(db->outboxStatus().queued, 1);
    EXPECT_EQ(db->outboxStatus().sent, 2);
    EXPECT_EQ(db->slimSentStatements(1000 + 2 * keep, keep, diags), 0) << "nothing left to slim";
}

// [SECTION] The records of every kind of statement, for the xapi ctests (validator and real LRS).
// Every role of every bundled case played to the end, and a room session per case with a pause, to
// its ending, closed. Written to WP_XAPI_SAMPLE_DB when set (ctest), else to a scratch file.
class XapiSamples : public AppTest {};

TEST_F(XapiSamples, RecordsOfEveryBundledCaseQueueEveryKindOfStatement) {
    const char* target = std::getenv("WP_XAPI_SAMPLE_DB");
    const fs::path file = target && *target ? fs::path(target) : fs::temp_directory_path() / ("wp-xapi-samples-" + std::to_string(::getpid()) + ".sqlite3");
    for (const char* side : {"", "-wal", "-shm"}) fs::remove(file.string() + side);
    Diagnostics diags;
    RecordDatabaseOptions o;
    o.file = file;
    auto db = RecordDatabase::open(o, diags);
    ASSERT_TRUE(db) << joined(diags);
    db->setStatementOptions(options());

    std::vector<std::pair<std::string, std::string>> plays;
    for (const auto& plugin : state.library)
        if (plugin.usable())
            for (const auto& role : plugin.manifest.roles) plays.emplace_back(plugin.manifest.id, role);
    for (const auto& [pluginId, role] : plays) {
        SCOPED_TRACE(pluginId + " as " + role);
        state = app::AppState{};
        effects.clear();
        AppTest::SetUp();
        start(pluginId, role);
        if (HasFatalFailure()) return;
        playToEnd();
        if (HasFatalFailure()) return;
        for (const auto* save : all<SaveProgress>()) ASSERT_TRUE(db->saveRun(save->run, RunStatus::Current, diags)) << joined(diags);
    }

    {
        // A run set aside unfinished and taken up again, as the app keeps it: suspended and resumed.
        state = app::AppState{};
        effects.clear();
        AppTest::SetUp();
        start("peter", "dsl");
        ASSERT_TRUE(apply(Continue{}));
        RunRecord run = last<SaveProgress>()->run;
        ASSERT_TRUE(db->saveRun(run, RunStatus::Kept, diags)) << joined(diags);
        ASSERT_TRUE(db->saveRun(run, RunStatus::Current, diags)) << joined(diags);
    }

    for (const auto& plugin : state.library) {
        if (!plugin.usable()) continue;
        const Scenario& s = *plugin.scenario;
        RoomSetup setup;
        setup.id = roomIdFor(plugin.manifest.id, now);
        setup.pluginId = plugin.manifest.id;
        setup.pluginVersion = plugin.manifest.version;
        const auto& roles = plugin.manifest.roles;
        setup.groups = {{"Table 1", roles.front()}, {"Table 2", roles.size() > 1 ? roles[1] : roles.front()}, {"Table 3", kMixedProfession}};
        RoomSession room = startRoom(s, plugin.manifest, setup, now);
        auto step = [&](RoomEventKind k, int group = -1, std::string option = {}) {
            return roomApply(room, s, plugin.manifest, RoomEvent{k, group, std::move(option), "", "", now += 1000});
        };
        auto save = [&] {
            ASSERT_TRUE(db->saveRoom(makeRoomRecord(setup.id, "rooms/" + setup.id + ".json", plugin.displayName(), state.knowledge, room), diags))
                << joined(diags);
        };
        for (int guard = 0; guard < 2000 && room.state.phase != RoomPhase::Ending; ++guard) {
            if (room.state.warning || room.state.phase == RoomPhase::Narrative) {
                ASSERT_TRUE(step(RoomEventKind::Continue));
            } else if (room.state.phase == RoomPhase::Situation || room.state.phase == RoomPhase::Views) {
                ASSERT_TRUE(step(RoomEventKind::OpenVoting));
            } else if (room.state.phase == RoomPhase::Voting) {
                for (int g = 0; g < static_cast<int>(setup.groups.size()); ++g) {
                    auto allowed = optionsForProfession(s, room.state, setup.groups[static_cast<size_t>(g)].profession);
                    if (!allowed.empty()) (void)step(RoomEventKind::Vote, g, allowed[static_cast<size_t>(g) % allowed.size()]->id);
                }
                ASSERT_TRUE(step(RoomEventKind::Reveal));
            } else if (room.state.phase == RoomPhase::Revealed) {
                ASSERT_TRUE(step(RoomEventKind::ChoosePath));
            } else {
                FAIL() << "unexpected room phase";
            }
            save();
            if (room.state.decisions.size() == 2 && room.breaks.empty()) {
                roomSetPaused(room, true, now += 60'000);
                save();
                roomSetPaused(room, false, now += 300'000);
                save();
            }
        }
        ASSERT_EQ(room.state.phase, RoomPhase::Ending) << plugin.manifest.id;
        room.closed = true;
        save();
    }

    std::map<std::string, int> verbs;
    sqlite3_stmt* q = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db->handle(), "SELECT statement FROM outbox", -1, &q, nullptr), SQLITE_OK);
    while (sqlite3_step(q) == SQLITE_ROW) {
        const json st = json::parse(reinterpret_cast<const char*>(sqlite3_column_text(q, 0)));
        const std::string verb = st.at("verb").at("id");
        ++verbs[verb.substr(verb.rfind('/') + 1)];
    }
    sqlite3_finalize(q);
    for (const char* kind : {"initialized", "answered", "completed", "terminated", "suspended", "resumed"})
        EXPECT_GT(verbs[kind], 0) << "no " << kind << " statement";
    EXPECT_EQ(db->integrityCheck(), "ok");
    if (!target || !*target)
        for (const char* side : {"", "-wal", "-shm"}) fs::remove(file.string() + side);
}

} // namespace
} // namespace wp::test
