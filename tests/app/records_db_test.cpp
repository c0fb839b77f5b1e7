// The records database (record_database.h) and the store on it (sqlite_store.h): whole runs written
// and read back, migrations from every earlier schema, damaged, foreign, newer, locked and full
// databases, the one-time import of the JSON records, profiles.
#include <unistd.h>

#include <fstream>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "app_fixture.h"
#include "wholepicture/app/record_database.h"
#include "wholepicture/app/sqlite_store.h"
#include "wholepicture/core/room.h"
#include "wholepicture/core/settings.h"

namespace wp::test {
namespace {

using namespace wp::app;
namespace fs = std::filesystem;

fs::path freshDir(const std::string& name) {
    fs::path p = fs::temp_directory_path() / ("wp-records-test-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(p);
    fs::create_directories(p);
    return p;
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string joined(const Diagnostics& diags) {
    std::string out;
    for (const auto& d : diags) out += formatDiagnostic(d) + "\n";
    return out;
}

std::unique_ptr<RecordDatabase> openAt(const fs::path& file, Diagnostics& diags, bool network = false) {
    RecordDatabaseOptions o;
    o.file = file;
    o.assumeNetworkFileSystem = network;
    return RecordDatabase::open(o, diags);
}

// Real runs: the app's own records of real plays of the bundled cases.
class RecordsTest : public AppTest {
protected:
    void SetUp() override {
        AppTest::SetUp();
        dir = freshDir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    }
    void TearDown() override { fs::remove_all(dir); }
    fs::path dbFile() const { return dir / kRecordsFileName; }
    fs::path dir;
};

TEST_F(RecordsTest, AFinishedRunIsWrittenWholeAndReadBack) {
    start("peter", "dsl");
    playToEnd();
    ASSERT_EQ(state.screen, Screen::Debrief);
    ASSERT_TRUE(apply(SetReflection{"Ask the nurse what she saw.", true}));
    const SaveProgress* save = last<SaveProgress>();
    ASSERT_TRUE(save);
    Diagnostics diags;
    auto db = openAt(dbFile(), diags);
    ASSERT_TRUE(db) << joined(diags);
    ASSERT_TRUE(db->saveRun(save->run, RunStatus::Current, diags)) << joined(diags);

    auto back = db->run(save->run.id);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->pluginId, "peter");
    EXPECT_EQ(back->role, "dsl");
    EXPECT_TRUE(back->finished);
    EXPECT_FALSE(back->endingTitle.empty());
    EXPECT_EQ(back->reflection, "Ask the nurse what she saw.");
    EXPECT_GE(back->overallFraction, 0.0) << "the band comes from the debrief the app built at the ending";
    EXPECT_FALSE(back->overallBand.empty());
    EXPECT_GE(back->missedCritical, 0);
    EXPECT_FALSE(back->dimensions.empty());
    size_t choices = 0;
    for (const auto& step : state.session->current().path) choices += step.option.empty() ? 0 : 1;
    ASSERT_EQ(back->decisions.size(), choices) << "one row per decision taken";
    for (const auto& d : back->decisions) {
        EXPECT_FALSE(d.title.empty());
        EXPECT_FALSE(d.optionText.empty());
        EXPECT_FALSE(d.feedback.empty()) << "the feedback the trainee read is kept with the decision";
        EXPECT_GT(d.atMs, 0);
    }
    EXPECT_EQ(back->session.at("run_id"), save->run.id);
    EXPECT_EQ(back->session.at("path").size(), state.session->current().path.size());

    StartupRecords startup = db->startup();
    ASSERT_TRUE(startup.autosave) << "a current run is the one offered for resuming";
    EXPECT_EQ(startup.autosave->id, save->run.id);
    EXPECT_EQ(db->integrityCheck(), "ok");
}

TEST_F(RecordsTest, AStepBackRemovesTheDecisionAndTheBandThatNoLongerHolds) {
    start("peter", "dsl");
    playToEnd();
    Diagnostics diags;
    auto db = openAt(dbFile(), diags);
    ASSERT_TRUE(db);
    ASSERT_TRUE(db->saveRun(last<SaveProgress>()->run, RunStatus::Current, diags));
    const size_t before = db->run(state.sessionRunId)->decisions.size();
    ASSERT_TRUE(apply(StepBack{})) << "from the debrief, back to the last decision";
    ASSERT_EQ(state.screen, Screen::Play);
    ASSERT_TRUE(apply(StepBack{}));
    ASSERT_TRUE(db->saveRun(last<SaveProgress>()->run, RunStatus::Current, diags)) << joined(diags);
    auto back = db->run(state.sessionRunId);
    ASSERT_TRUE(back);
    EXPECT_LT(back->decisions.size(), before);
    EXPECT_FALSE(back->finished);
    EXPECT_LT(back->overallFraction, 0) << "an unfinished run has no band";
}

TEST_F(RecordsTest, ARoleSwapKeepsBothRunsAndTheirLink) {
    start("peter", "dsl");
    playToEnd();
    Diagnostics openDiags;
    SqliteStore store(openAt(dbFile(), openDiags), {}, /*synchronous=*/true);
    for (const auto* s : all<SaveProgress>()) store.saveProgress(s->run);
    const std::string firstId = state.sessionRunId;
    effects.clear();
    ASSERT_TRUE(apply(PlayAsRole{"social_worker"}));
    playToEnd();
    ASSERT_EQ(state.screen, Screen::Compare);
    for (const auto* s : all<SaveProgress>()) store.saveProgress(s->run);
    EXPECT_EQ(last<SaveProgress>()->run.firstRunId, firstId);

    Diagnostics diags;
    StartupRecords startup = store.load(diags);
    ASSERT_TRUE(startup.autosave);
    EXPECT_EQ(startup.autosave->session.at("role"), "social_worker");
    ASSERT_TRUE(startup.compareRun) << "a restart still ends on the comparison";
    EXPECT_EQ(startup.compareRun->at("role"), "dsl");
    EXPECT_EQ(startup.compareRun->at("run_id"), firstId);
    std::vector<RunSummary> runs;
    store.withDatabase([&](RecordDatabase& db) { runs = db.runs(); });
    ASSERT_EQ(runs.size(), 2u) << "both runs are in the history";
}

TEST_F(RecordsTest, EveryEarlierSchemaIsMigratedAndKeepsItsRecords) {
    for (int from = 0; from < kRecordsSchemaVersion; ++from) {
        const fs::path file = dir / ("v" + std::to_string(from) + ".sqlite3");
        sqlite3* raw = nullptr;
        ASSERT_EQ(sqlite3_open(file.c_str(), &raw), SQLITE_OK);
        Diagnostics diags;
        ASSERT_TRUE(createRecordsSchema(raw, from, diags, file.string())) << joined(diags);
        if (from >= 1) {
            ASSERT_EQ(sqlite3_exec(raw,
                                   "INSERT INTO profiles(id, name, account, created_ms) VALUES(1, 'Sam', 'acct-1', 1);"
                                   "INSERT INTO runs(id, profile_id, status, plugin_id, role, session_json) "
                                   "VALUES('run-old', 1, 'kept', 'peter', 'dsl', '{\"plugin\":\"peter\",\"role\":\"dsl\",\"path\":[]}');"
                                   "INSERT INTO decisions(run_id, step, node, option) VALUES('run-old', 0, 'first_call', 'phone');",
                                   nullptr, nullptr, nullptr),
                      SQLITE_OK)
                << sqlite3_errmsg(raw);
        }
        sqlite3_close(raw);

        auto db = openAt(file, diags);
        ASSERT_TRUE(db) << "from version " << from << ": " << joined(diags);
        EXPECT_EQ(db->schemaVersion(), kRecordsSchemaVersion);
        EXPECT_EQ(db->integrityCheck(), "ok");
        sqlite3_stmt* q = nullptr;
        EXPECT_EQ(sqlite3_prepare_v2(db->handle(), "SELECT count(*) FROM outbox", -1, &q, nullptr), SQLITE_OK) << "version 2 added the outbox";
        sqlite3_finalize(q);
        EXPECT_EQ(sqlite3_prepare_v2(db->handle(), "SELECT choices FROM decisions", -1, &q, nullptr), SQLITE_OK) << "version 3 added the choices";
        sqlite3_finalize(q);
        EXPECT_EQ(sqlite3_prepare_v2(db->handle(), "SELECT count(*) FROM run_pauses", -1, &q, nullptr), SQLITE_OK) << "and the pauses";
        sqlite3_finalize(q);
        if (from >= 1) {
            auto run = db->run("run-old");
            ASSERT_TRUE(run) << "from version " << from;
            EXPECT_EQ(run->role, "dsl");
            ASSERT_EQ(run->decisions.size(), 1u);
            EXPECT_EQ(run->decisions[0].option, "phone");
            EXPECT_TRUE(run->decisions[0].choices.empty()) << "version 3 added each decision's options; an older decision has none";
            ASSERT_EQ(db->profiles().size(), 1u);
            EXPECT_EQ(db->profiles().front().name, "Sam");
        }
        EXPECT_TRUE(diags.empty()) << joined(diags);
    }
}

TEST_F(RecordsTest, ADamagedFileIsSetAsideUnchangedAndAFreshOneStarts) {
    const std::string garbage = "this is not a database, but someone's records might be in it\n";
    {
        std::ofstream out(dbFile(), std::ios::binary);
        out << garbage;
    }
    Diagnostics diags;
    auto db = openAt(dbFile(), diags);
    ASSERT_TRUE(db) << joined(diags);
    EXPECT_EQ(db->integrityCheck(), "ok");
    ASSERT_EQ(diags.size(), 1u);
    EXPECT_NE(diags[0].message.find("moved, unchanged, to"), std::string::npos) << diags[0].message;
    EXPECT_NE(diags[0].message.find("Nothing was deleted"), std::string::npos);
    int setAside = 0;
    for (const auto& e : fs::directory_iterator(dir)) {
        if (e.path().filename().string().find(".damaged-") == std::string::npos) continue;
        ++setAside;
        EXPECT_EQ(slurp(e.path()), garbage) << "the old file is kept byte for byte";
    }
    EXPECT_EQ(setAside, 1);
}

TEST_F(RecordsTest, AnotherProgramsDatabaseIsNeverWrittenTo) {
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(dbFile().c_str(), &raw), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(raw, "CREATE TABLE invoices(id INTEGER); INSERT INTO invoices VALUES(42);", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(raw);
    const std::string before = slurp(dbFile());
    Diagnostics diags;
    auto db = openAt(dbFile(), diags);
    ASSERT_TRUE(db);
    ASSERT_EQ(diags.size(), 1u);
    EXPECT_NE(diags[0].message.find("another program"), std::string::npos) << diags[0].message;
    bool found = false;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().filename().string().find(".not-ours-") != std::string::npos) found = slurp(e.path()) == before;
    EXPECT_TRUE(found) << "the foreign file is moved aside as it was";
}

TEST_F(RecordsTest, ADatabaseFromANewerVersionIsLeftAlone) {
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(dbFile().c_str(), &raw), SQLITE_OK);
    Diagnostics diags;
    ASSERT_TRUE(createRecordsSchema(raw, kRecordsSchemaVersion, diags, "x"));
    ASSERT_EQ(sqlite3_exec(raw, "PRAGMA user_version = 99", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(raw);
    const std::string before = slurp(dbFile());
    auto db = openAt(dbFile(), diags);
    EXPECT_FALSE(db);
    ASSERT_FALSE(diags.empty());
    EXPECT_NE(diags.back().message.find("newer version"), std::string::npos) << joined(diags);
    EXPECT_EQ(slurp(dbFile()), before);
    int files = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++files;
    EXPECT_EQ(files, 1) << "nothing set aside, nothing created";
}

TEST_F(RecordsTest, AFolderThatCannotHoldTheDatabaseIsAClearMessage) {
    // A regular file where the folder should be: the database cannot be created under it.
    {
        std::ofstream out(dir / "blocked");
        out << "x";
    }
    Diagnostics diags;
    auto db = openAt(dir / "blocked" / kRecordsFileName, diags);
    EXPECT_FALSE(db);
    ASSERT_FALSE(diags.empty());
    EXPECT_NE(diags.back().file.find("blocked"), std::string::npos) << "the message names the file";
    EXPECT_NE(diags.back().message.find("cannot be opened"), std::string::npos) << joined(diags);
}

TEST_F(RecordsTest, ALockHeldByAnotherProgramIsReportedAndNothingIsLost) {
    start("peter", "dsl");
    ASSERT_TRUE(apply(Continue{}));
    Diagnostics diags;
    auto db = openAt(dbFile(), diags);
    ASSERT_TRUE(db);
    ASSERT_TRUE(db->saveRun(last<SaveProgress>()->run, RunStatus::Current, diags));

    sqlite3* other = nullptr;
    ASSERT_EQ(sqlite3_open(dbFile().c_str(), &other), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(other, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
    ASSERT_TRUE(apply(Continue{}) || apply(Choose{availableOptions(*activeScenario(state), state.session->current()).front()->id}));
    const RunRecord second = last<SaveProgress>()->run;
    EXPECT_FALSE(db->saveRun(second, RunStatus::Current, diags));
    ASSERT_FALSE(diags.empty());
    EXPECT_NE(diags.back().message.find("another program is holding the records"), std::string::npos) << joined(diags);
    sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(other);

    diags.clear();
    ASSERT_TRUE(db->saveRun(second, RunStatus::Current, diags)) << "the next save carries the whole run: " << joined(diags);
    EXPECT_EQ(db->run(second.id)->steps, second.steps);
}

TEST_F(RecordsTest, AFullDiskFailsOneSaveClearlyAndTheNextSaveCatchesUp) {
    start("james", "social_worker");
    playToEnd();
    const RunRecord whole = last<SaveProgress>()->run;
    Diagnostics diags;
    auto db = openAt(dbFile(), diags);
    ASSERT_TRUE(db);
    // The disk is "full": the database may not grow past the pages it has.
    sqlite3_stmt* q = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db->handle(), "PRAGMA page_count", -1, &q, nullptr), SQLITE_OK);
    ASSERT_EQ(sqlite3_step(q), SQLITE_ROW);
    const std::string pages = std::to_string(sqlite3_column_int64(q, 0));
    sqlite3_finalize(q);
    ASSERT_EQ(sqlite3_exec(db->handle(), ("PRAGMA max_page_count = " + pages).c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
    EXPECT_FALSE(db->saveRun(whole, RunStatus::Current, diags));
    ASSERT_FALSE(diags.empty());
    EXPECT_NE(diags.back().message.find("the disk is full"), std::string::npos) << joined(diags);
    EXPECT_FALSE(db->run(whole.id)) << "a failed save leaves no half-written run";
    EXPECT_EQ(db->integrityCheck(), "ok");

    ASSERT_EQ(sqlite3_exec(db->handle(), "PRAGMA max_page_count = 1073741823", nullptr, nullptr, nullptr), SQLITE_OK);
    diags.clear();
    ASSERT_TRUE(db->saveRun(whole, RunStatus::Current, diags)) << joined(diags);
    EXPECT_EQ(db->run(whole.id)->decisions.size(), whole.decisions.size());
}

TEST_F(RecordsTest, ANetworkHomeUsesARollbackJournal) {
    Diagnostics diags;
    auto db = openAt(dbFile(), diags, /*network=*/true);
    ASSERT_TRUE(db);
    EXPECT_TRUE(db->networkJournal());
    sqlite3_stmt* q = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db->handle(), "PRAGMA journal_mode", -1, &q, nullptr), SQLITE_OK);
    ASSERT_EQ(sqlite3_step(q), SQLITE_ROW);
    EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(q, 0)), "delete");
    sqlite3_finalize(q);

    auto local = openAt(dir / "local.sqlite3", diags);
    ASSERT_TRUE(local);
    ASSERT_EQ(sqlite3_prepare_v2(local->handle(), "PRAGMA journal_mode", -1, &q, nullptr), SQLITE_OK);
    ASSERT_EQ(sqlite3_step(q), SQLITE_ROW);
    EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(q, 0)), "wal");
    sqlite3_finalize(q);
}

TEST_F(RecordsTest, TheJsonRecordsAreImportedOnceAndTheFilesKept) {
    const fs::path state_ = dir / "state";
    // Records as the app wrote them before the database: a role swap in the autosave slot, a kept run
    // and a room record.
    start("peter", "dsl");
    playToEnd();
    ASSERT_TRUE(apply(PlayAsRole{"social_worker"}));
    ASSERT_TRUE(apply(Continue{}));
    {
        FileWriter writer(true);
        JsonFileStore files(state_, writer, {});
        files.saveProgress(last<SaveProgress>()->run);
        RunRecord kept = last<SaveProgress>()->run;
        kept.id = "run-20261101-090000-james-dsl";
        kept.session = {{"format", "wholepicture-session"}, {"version", 1}, {"plugin", "james"}, {"role", "dsl"}, {"path", nlohmann::json::array()}};
        kept.firstRun.reset();
        files.keepRun(kept);
        ASSERT_TRUE(apply(StartRoom{"tina", {{"Table 1", "dsl"}, {"Table 2", "social_worker"}}, 0}));
        RoomRecord room = last<SaveRoomRecord>()->room;
        room.file = (state_ / "rooms" / (room.id + ".json")).string();
        files.saveRoom(room);
    }
    const std::string autosaveBefore = slurp(state_ / "autosave.json");
    auto describe = [&](const std::string& id, const nlohmann::json& s) {
        const int idx = findPlugin(state, s.value("plugin", std::string()));
        return runRecordFromJson(state.knowledge, idx >= 0 ? &state.library[static_cast<size_t>(idx)] : nullptr, id, s);
    };
    Diagnostics diags;
    auto db = openAt(dbFile(), diags);
    ASSERT_TRUE(db);
    JsonImport imported = importJsonRecords(*db, state_, describe, diags);
    EXPECT_TRUE(diags.empty()) << joined(diags);
    EXPECT_FALSE(imported.alreadyDone);
    EXPECT_EQ(imported.runs, 2u);
    EXPECT_EQ(imported.rooms, 1u);
    EXPECT_EQ(slurp(state_ / "autosave.json"), autosaveBefore) << "the files are kept as they were";
    EXPECT_TRUE(fs::exists(state_ / "autosave-compare.json"));

    StartupRecords startup = db->startup();
    ASSERT_TRUE(startup.autosave);
    EXPECT_EQ(startup.autosave->session.at("role"), "social_worker");
    ASSERT_TRUE(startup.compareRun) << "the role swap's first run came in with it";
    EXPECT_EQ(startup.compareRun->at("role"), "dsl");
    ASSERT_EQ(startup.keptRuns.size(), 1u);
    EXPECT_EQ(startup.keptRuns[0].id, "run-20261101-090000-james-dsl");
    ASSERT_EQ(startup.rooms.size(), 1u);
    EXPECT_EQ(db->runs().size(), 3u) << "the first run of the swap is a run of its own in the history";

    const JsonImport again = importJsonRecords(*db, state_, describe, diags);
    EXPECT_TRUE(again.alreadyDone);
    EXPECT_EQ(again.runs, 0u) << "once only";
    EXPECT_EQ(db->runs().size(), 3u);
}

TEST_F(RecordsTest, AnAutosaveTheCrashBarrierWroteAfterTheLastSaveIsTakenIn) {
    const fs::path state_ = dir / "state";
    fs::create_directories(state_);
    start("peter", "dsl");
    ASSERT_TRUE(apply(Continue{}));
    Diagnostics diags;
    auto db = openAt(dbFile(), diags);
    ASSERT_TRUE(db);
    ASSERT_TRUE(db->setMeta("imported_json", "1", diags));
    ASSERT_TRUE(db->saveRun(last<SaveProgress>()->run, RunStatus::Current, diags));
    // The app failed one step later; the barrier wrote the step straight to autosave.json.
    ASSERT_TRUE(apply(Choose{availableOptions(*activeScenario(state), state.session->current()).front()->id}) || apply(Continue{}));
    nlohmann::json crash = sessionToJson(*state.session);
    crash["run_id"] = state.sessionRunId;
    ::usleep(20 * 1000);
    ASSERT_TRUE(writeAutosave(autosaveFile(state_), crash, diags));
    const ScenarioPlugin* peter = &state.library[static_cast<size_t>(findPlugin(state, "peter"))];
    auto describe = [&](const std::string& id, const nlohmann::json& s) { return runRecordFromJson(state.knowledge, peter, id, s); };
    const JsonImport taken = importJsonRecords(*db, state_, describe, diags);
    EXPECT_EQ(taken.runs, 1u) << joined(diags);
    EXPECT_EQ(db->run(state.sessionRunId)->steps, static_cast<int>(state.session->current().path.size()));
    EXPECT_EQ(importJsonRecords(*db, state_, describe, diags).runs, 0u) << "taken in once";
}

TEST_F(RecordsTest, DeletingAProfilesRecordsRemovesThemAllAndNoOneElses) {
    Diagnostics diags;
    auto db = openAt(dbFile(), diags);
    ASSERT_TRUE(db);
    const std::int64_t first = db->currentProfile();
    start("peter", "dsl");
    ASSERT_TRUE(apply(Continue{}));
    ASSERT_TRUE(db->saveRun(last<SaveProgress>()->run, RunStatus::Current, diags));
    auto second = db->addProfile("Priya", diags);
    ASSERT_TRUE(second);
    ASSERT_TRUE(db->setCurrentProfile(second->id, diags));
    start("tina", "social_worker");
    ASSERT_TRUE(apply(Continue{}));
    ASSERT_TRUE(db->saveRun(last<SaveProgress>()->run, RunStatus::Current, diags));
    EXPECT_EQ(db->runs().size(), 1u) << "each profile sees its own runs";
    EXPECT_EQ(db->runs(first).size(), 1u);
    EXPECT_FALSE(db->startup().keptRuns.size());

    ASSERT_TRUE(db->deleteProfileRecords(second->id, diags)) << joined(diags);
    EXPECT_EQ(db->profiles().size(), 1u);
    EXPECT_EQ(db->currentProfile(), first) << "back to the remaining profile";
    EXPECT_EQ(db->runs(first).size(), 1u) << "the other profile's records are untouched";
    EXPECT_TRUE(db->runs(second->id).empty());
    EXPECT_EQ(db->integrityCheck(), "ok");
}

TEST_F(RecordsTest, TheStoreMergesOnlyConsecutiveSavesOfOneRunAndKeepsOrder) {
    start("peter", "dsl");
    std::vector<Command> reports;
    std::mutex m;
    {
        Diagnostics diags;
        SqliteStore store(openAt(dbFile(), diags), [&](Command c) {
            std::lock_guard lock(m);
            reports.push_back(std::move(c));
        });
        playToEnd();
        for (const auto* s : all<SaveProgress>()) store.saveProgress(s->run);
        const RunRecord finalRun = last<SaveProgress>()->run;
        store.keepRun(finalRun);
        store.clearProgress();
        store.flush();
        StartupRecords startup = store.load(diags);
        EXPECT_FALSE(startup.autosave) << "kept, then the slot cleared, in that order";
        ASSERT_EQ(startup.keptRuns.size(), 1u);
        EXPECT_EQ(startup.keptRuns[0].session.at("path").size(), finalRun.session.at("path").size()) << "the last save won";
    }
    std::lock_guard lock(m);
    ASSERT_FALSE(reports.empty());
    for (const auto& r : reports) EXPECT_TRUE(std::get<SaveFinished>(r).ok) << std::get<SaveFinished>(r).message;
}

} // namespace
} // namespace wp::test
