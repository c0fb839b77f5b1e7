// The application layer's own mechanics: effects as values, saves reported once, the projector's page
// in the record, records named by the app, author reloads that cannot pull a room away.
#include <fstream>
#include <thread>

#include "app_fixture.h"
#include "wholepicture/app/command_queue.h"
#include "wholepicture/app/effect_runner.h"
#include "wholepicture/app/exporters.h"
#include "wholepicture/app/file_writer.h"
#include "wholepicture/app/record_store.h"
#include "wholepicture/core/json_file.h"

namespace wp::test {
namespace {

using namespace wp::app;
namespace fs = std::filesystem;

fs::path scratch(const std::string& name) {
    fs::path p = fs::temp_directory_path() / ("wp-app-test-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(p);
    fs::create_directories(p);
    return p;
}

TEST_F(AppTest, AStepAsksForOneSaveOfTheWholeRunAndTouchesNoFile) {
    start("peter", "dsl");
    effects.clear();
    ASSERT_TRUE(apply(Continue{}));
    ASSERT_EQ(all<SaveProgress>().size(), 1u) << "one command, one save, however many times it touched the session";
    EXPECT_EQ(last<SaveProgress>()->run.session.at("path").size(), 1u);
}

// Issue 13: a threshold placement is part of the run (saved at once, so a crash keeps it) and is taken
// only while the decision that asks for it is open.
TEST_F(AppTest, AThresholdPlacementIsSavedAtOnceAndOnlyTakenWhileItsDecisionIsOpen) {
    start("peter", "dsl");
    const Scenario& s = *activeScenario(state);
    EXPECT_FALSE(apply(PlaceThreshold{ThresholdLevel::EarlyHelp})) << "the opening narrative asks no threshold";
    for (int guard = 0; guard < 60 && !(state.phase == PlayPhase::Question && currentNode(s, state.session->current()).threshold); ++guard) {
        if (state.phase == PlayPhase::Question && currentNode(s, state.session->current()).type == NodeType::Decision)
            ASSERT_TRUE(apply(Choose{availableOptions(s, state.session->current()).front()->id}));
        else
            ASSERT_TRUE(apply(Continue{}));
    }
    const std::string node = state.session->current().node;
    ASSERT_TRUE(currentNode(s, state.session->current()).threshold) << "Peter has a threshold point";
    effects.clear();
    ASSERT_TRUE(apply(PlaceThreshold{ThresholdLevel::ChildInNeed}));
    ASSERT_NE(last<SaveProgress>(), nullptr);
    EXPECT_EQ(last<SaveProgress>()->run.session.at("placing"), "child_in_need");
    ASSERT_TRUE(apply(Choose{availableOptions(s, state.session->current()).front()->id}));
    EXPECT_EQ(state.phase, PlayPhase::Feedback);
    EXPECT_FALSE(apply(PlaceThreshold{ThresholdLevel::Universal})) << "the feedback is on screen: the placement is made";
    EXPECT_EQ(state.session->current().path.back().threshold, ThresholdLevel::ChildInNeed);
    ASSERT_TRUE(apply(StepBack{}));
    EXPECT_EQ(state.session->current().placements.at(node), ThresholdLevel::ChildInNeed) << "back to the question as it was";
}

// Issue 13 item 4: a chronology is built in the run (saved at once), only from the facts the role holds,
// only while the decision that asks for it is open; the debrief then sets it beside the whole picture.
TEST_F(AppTest, AChronologyIsBuiltBeforeTheChoiceSavedAtOnceAndJudgedInTheDebrief) {
    start("tina", "class_teacher");
    const Scenario& s = *activeScenario(state);
    EXPECT_FALSE(apply(MarkChronology{"reception_observations", ChronologyMark::Entry})) << "no chronology asked here";
    for (int guard = 0; guard < 60 && !(state.phase == PlayPhase::Question && currentNode(s, state.session->current()).chronology); ++guard) {
        if (state.phase == PlayPhase::Question && currentNode(s, state.session->current()).type == NodeType::Decision)
            ASSERT_TRUE(apply(Choose{availableOptions(s, state.session->current()).front()->id}));
        else
            ASSERT_TRUE(apply(Continue{}));
    }
    ASSERT_EQ(state.session->current().node, "d06_mother_pleads");
    effects.clear();
    state.status.clear();
    EXPECT_FALSE(apply(MarkChronology{"abuse_suspected_1997", ChronologyMark::Concern}))
        << "the social care file is not the class teacher's to enter";
    ASSERT_FALSE(state.status.empty());
    EXPECT_NE(state.status.back().text.find("abuse_suspected_1997"), std::string::npos) << state.status.back().text;
    ASSERT_TRUE(apply(MarkChronology{"reception_observations", ChronologyMark::Concern}));
    ASSERT_NE(last<SaveProgress>(), nullptr);
    EXPECT_EQ(last<SaveProgress>()->run.session.at("building"), (nlohmann::json{{"reception_observations", "concern"}}));
    ASSERT_TRUE(apply(Choose{availableOptions(s, state.session->current()).front()->id}));
    EXPECT_FALSE(apply(MarkChronology{"pet_remark", ChronologyMark::Entry})) << "the feedback is on screen: it is made";
    playToEnd();
    ASSERT_EQ(state.screen, Screen::Debrief);
    ASSERT_TRUE(state.debrief);
    ASSERT_EQ(state.debrief->chronologies.points.size(), 1u);
    const JudgedChronology& c = state.debrief->chronologies.points.front();
    EXPECT_EQ(c.concernsMarked, 1);
    EXPECT_GT(c.wholeConcerns, c.knownConcerns) << "the whole picture holds concerns the class teacher never knew";
}

// Issue 13 item 5: a challenge is made in the run (saved at once), only by the roles the point names,
// only while its decision is open; the debrief then judges its timeliness, tone and child focus, along
// the local pack's route when one is chosen.
TEST_F(AppTest, AChallengeIsMadeBeforeTheChoiceSavedAtOnceAndJudgedInTheDebrief) {
    start("peter", "dsl");
    const Scenario& s = *activeScenario(state);
    EXPECT_FALSE(apply(MoveChallenge{ChallengeMove::Now, {}})) << "nothing to challenge here";
    for (int guard = 0; guard < 60 && !(state.phase == PlayPhase::Question && currentNode(s, state.session->current()).challenge); ++guard) {
        if (state.phase == PlayPhase::Question && currentNode(s, state.session->current()).type == NodeType::Decision)
            ASSERT_TRUE(apply(Choose{availableOptions(s, state.session->current()).front()->id}));
        else
            ASSERT_TRUE(apply(Continue{}));
    }
    ASSERT_EQ(state.session->current().node, "d9_second_closure");
    effects.clear();
    state.status.clear();
    EXPECT_FALSE(apply(MoveChallenge{ChallengeMove::Approach, "facts_for_peter"})) << "when comes before how";
    ASSERT_FALSE(state.status.empty());
    ASSERT_TRUE(apply(MoveChallenge{ChallengeMove::Now, {}}));
    ASSERT_TRUE(apply(MoveChallenge{ChallengeMove::Approach, "facts_for_peter"}));
    ASSERT_NE(last<SaveProgress>(), nullptr);
    EXPECT_EQ(last<SaveProgress>()->run.session.at("challenging").at("approach"), "facts_for_peter");
    ASSERT_TRUE(apply(MoveChallenge{ChallengeMove::Escalate, {}}));
    EXPECT_FALSE(apply(MoveChallenge{ChallengeMove::Escalate, {}})) << "resolved at the managers' step";
    ASSERT_TRUE(apply(Choose{availableOptions(s, state.session->current()).front()->id}));
    EXPECT_FALSE(apply(MoveChallenge{ChallengeMove::Rest, {}})) << "the feedback is on screen: it is made";
    playToEnd();
    ASSERT_EQ(state.screen, Screen::Debrief);
    ASSERT_TRUE(state.debrief);
    ASSERT_EQ(state.debrief->challenges.points.size(), 1u);
    const JudgedChallenge& c = state.debrief->challenges.points.front();
    EXPECT_EQ(c.timeliness, ChallengeRating::Good);
    EXPECT_EQ(c.tone, ChallengeRating::Good);
    EXPECT_TRUE(c.resolved);
    EXPECT_EQ(c.route.size(), 3u) << "no pack chosen: the national route";
}

// With a local procedures pack chosen, the escalation route is the pack's (Harbridge has four steps),
// both on the way and in the debrief's judging.
TEST_F(AppTest, AChallengeFollowsTheChosenLocalPacksRoute) {
    state.procedures = discoverProceduresPacks({{std::filesystem::path(WP_SOURCE_DIR) / "plugins", PluginOrigin::Bundled}},
                                               state.knowledge);
    ASSERT_TRUE(apply(SetProcedures{"harbridge_procedures"}));
    start("peter", "senco");
    const Scenario& s = *activeScenario(state);
    for (int guard = 0; guard < 60 && !(state.phase == PlayPhase::Question && currentNode(s, state.session->current()).challenge); ++guard) {
        if (state.phase == PlayPhase::Question && currentNode(s, state.session->current()).type == NodeType::Decision)
            ASSERT_TRUE(apply(Choose{availableOptions(s, state.session->current()).front()->id}));
        else
            ASSERT_TRUE(apply(Continue{}));
    }
    ASSERT_EQ(state.session->current().node, "d9_second_closure");
    ASSERT_TRUE(apply(MoveChallenge{ChallengeMove::Wait, {}}));
    ASSERT_TRUE(apply(MoveChallenge{ChallengeMove::Approach, "failed_twice"}));
    ASSERT_TRUE(apply(MoveChallenge{ChallengeMove::Rest, {}}));
    ASSERT_TRUE(apply(Choose{availableOptions(s, state.session->current()).front()->id}));
    playToEnd();
    ASSERT_TRUE(state.debrief);
    ASSERT_EQ(state.debrief->challenges.points.size(), 1u);
    const JudgedChallenge& c = state.debrief->challenges.points.front();
    ASSERT_EQ(c.route.size(), 4u) << "Harbridge's route";
    EXPECT_EQ(c.route.back().who, "the Partnership's escalation panel");
    EXPECT_EQ(c.timeliness, ChallengeRating::Poor) << "waited, then let it rest";
    EXPECT_EQ(c.tone, ChallengeRating::Poor);
    EXPECT_FALSE(c.resolved);
}

TEST_F(AppTest, TheSocialWorkerIsNotAskedToChallengeTheirOwnClosure) {
    start("peter", "social_worker");
    const Scenario& s = *activeScenario(state);
    for (int guard = 0; guard < 60 && state.session->current().node != "d9_second_closure" && state.screen == Screen::Play; ++guard) {
        if (state.phase == PlayPhase::Question && currentNode(s, state.session->current()).type == NodeType::Decision)
            ASSERT_TRUE(apply(Choose{availableOptions(s, state.session->current()).front()->id}));
        else
            ASSERT_TRUE(apply(Continue{}));
    }
    ASSERT_EQ(state.session->current().node, "d9_second_closure");
    EXPECT_FALSE(apply(MoveChallenge{ChallengeMove::Now, {}}));
}

// Code review B4: a command nobody handles is a compile error (apply.cpp's static_assert); at run time
// every alternative of Command reaches a handler that says whether it applied.
TEST_F(AppTest, EveryCommandReachesAHandler) {
    const std::vector<Command> all = {OpenPlugin{"nope"}, SelectRole{"x"}, Choose{"x"}, PlaceThreshold{ThresholdLevel::ChildInNeed},
                                      MarkChronology{"x", ChronologyMark::Entry}, MoveChallenge{ChallengeMove::Now, {}}, Continue{}, StepBack{}, Restart{},
                                      ShowDebrief{}, PlayAgain{}, ShowCompare{}, RoomUndo{}, RoomTurnPage{1},
                                      ReloadAuthorFolder{}, ConfirmPending{}, CancelPending{}, DiscardResume{}};
    for (const auto& c : all) EXPECT_FALSE(apply(c)) << "index " << c.index() << " applies to an empty state";
}

// Reliability D8 and D9: however many saves fail in a row, one card says so, and it says when saving
// works again.
TEST_F(AppTest, FailedSavesShowOneCardAndItClearsWhenSavingWorksAgain) {
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(apply(SaveFinished{SaveTarget::Progress, false, "disk full"}));
    ASSERT_EQ(state.status.size(), 1u);
    EXPECT_EQ(state.status[0].kind, StatusKind::Warning);
    EXPECT_NE(state.status[0].text.find("disk full"), std::string::npos);
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(apply(SaveFinished{SaveTarget::Room, false, "read-only"}));
    EXPECT_EQ(state.status.size(), 2u) << "one card per thing that is not being saved";
    ASSERT_TRUE(apply(SaveFinished{SaveTarget::Progress, true, ""}));
    EXPECT_EQ(state.status.size(), 2u);
    EXPECT_EQ(state.status[0].kind, StatusKind::Info) << "the card now says saving works again";
    ASSERT_TRUE(apply(SaveFinished{SaveTarget::Progress, false, "disk full again"}));
    EXPECT_EQ(state.status[0].kind, StatusKind::Warning) << "and a later failure is reported again, not swallowed";
}

TEST_F(AppTest, TheProjectorPageIsPartOfTheRoomRecordAndUndoable) {
    ASSERT_TRUE(apply(StartRoom{"peter", {{"Table 1", "class_teacher"}}, 0}));
    ASSERT_TRUE(apply(ProjectorPagesMeasured{projectorPageKey(state.room->session), 3, {"", "Feedback on A", "Perspectives"}}));
    ASSERT_TRUE(apply(RoomTurnPage{+1}));
    ASSERT_TRUE(apply(RoomTurnPage{+1}));
    EXPECT_FALSE(apply(RoomTurnPage{+1})) << "there is no fourth page";
    EXPECT_EQ(state.room->session.state.projectorPage, 2);
    const SaveRoomRecord* saved = last<SaveRoomRecord>();
    ASSERT_TRUE(saved);
    EXPECT_EQ(saved->room.record.at("events").back().at("kind"), "turn_page");
    EXPECT_EQ(saved->room.record.at("events").back().at("page"), 2);
    ASSERT_TRUE(apply(RoomUndo{}));
    EXPECT_EQ(state.room->session.state.projectorPage, 1) << "undo turns the page back";
    ASSERT_TRUE(apply(RoomStep{RoomEvent{RoomEventKind::Continue, -1, "", "", "", 0}}));
    EXPECT_EQ(state.room->session.state.projectorPage, 0) << "a new screen starts on its first page";
}

// UX review defects 14 and 18: a new room remembers its groups for the next set-up; the projector
// shows the room debrief only while the console is on it after the case's ending, with its own page
// (from page 1, turned by RoomTurnPage, never an event in the record).
TEST_F(AppTest, TheRoomDebriefGoesOnTheProjectorOnlyAfterTheEndingAndTheGroupsAreRemembered) {
    const std::vector<RoomGroup> groups{{"Red", "class_teacher"}, {"Blue", "social_worker"}};
    ASSERT_TRUE(apply(StartRoom{"peter", groups, 0}));
    ASSERT_EQ(state.lastRoomGroups.size(), 2u);
    EXPECT_EQ(state.lastRoomGroups[1].name, "Blue");
    ASSERT_TRUE(apply(RoomShowDebrief{}));
    EXPECT_FALSE(projectorShowsDebrief(state)) << "mid-session, the debrief stays on the console";
    EXPECT_EQ(projectorKey(state), projectorPageKey(state.room->session));
    ASSERT_TRUE(apply(RoomBackToConsole{}));
    // Walk to the ending: the one group votes, Enter's steps otherwise.
    const ScenarioPlugin& p = state.library[static_cast<size_t>(findPlugin(state, "peter"))];
    for (int guard = 0; guard < 300 && state.room->session.state.phase != RoomPhase::Ending; ++guard) {
        const RoomState& st = state.room->session.state;
        if (st.phase == RoomPhase::Voting) {
            const auto allowed = optionsForProfession(*p.scenario, st, "class_teacher");
            ASSERT_FALSE(allowed.empty());
            ASSERT_TRUE(apply(RoomVoteLetter{0, letterOf(*st.current(), allowed.front()->id), "", true}));
            ASSERT_TRUE(apply(RoomStep{RoomEvent{RoomEventKind::Reveal, -1, "", "", "", 0}}));
        } else if (st.phase == RoomPhase::Revealed) {
            ASSERT_TRUE(apply(RoomStep{RoomEvent{RoomEventKind::ChoosePath, -1, "", "", "", 0}}));
        } else {
            ASSERT_TRUE(apply(RoomStep{RoomEvent{RoomEventKind::Continue, -1, "", "", "", 0}}));
        }
    }
    ASSERT_EQ(state.room->session.state.phase, RoomPhase::Ending);
    ASSERT_TRUE(apply(RoomShowDebrief{}));
    EXPECT_TRUE(projectorShowsDebrief(state));
    EXPECT_EQ(projectorKey(state), "debrief");
    const size_t events = state.room->session.events.size();
    ASSERT_TRUE(apply(ProjectorPagesMeasured{"debrief", 4, {"Scores", "Decisions", "", "Discussion"}}));
    ASSERT_TRUE(apply(RoomTurnPage{+1}));
    EXPECT_EQ(projectorPage(state), 1);
    EXPECT_EQ(state.room->session.events.size(), events) << "the debrief's page is not a room event";
    ASSERT_TRUE(apply(RoomBackToConsole{}));
    EXPECT_FALSE(projectorShowsDebrief(state));
    ASSERT_TRUE(apply(RoomShowDebrief{}));
    EXPECT_EQ(projectorPage(state), 0) << "the debrief starts on its first page again";
    ASSERT_TRUE(apply(RoomTogglePause{}));
    EXPECT_FALSE(projectorShowsDebrief(state)) << "a pause hides it like anything else";
}

TEST_F(AppTest, ARoomRecordIsSavedWhereTheAppChoseNeverWhereItsContentSays) {
    ASSERT_TRUE(apply(StartRoom{"peter", {{"Table 1", "class_teacher"}}, 0}));
    const SaveRoomRecord* saved = last<SaveRoomRecord>();
    ASSERT_TRUE(saved);
    EXPECT_EQ(fs::path(saved->room.file).parent_path(), fs::path("rooms"));
    EXPECT_EQ(fs::path(saved->room.file).filename().string().rfind("room-", 0), 0u);
    EXPECT_EQ(saved->room.id, fs::path(saved->room.file).stem().string()) << "the record's id in the store is the file's name";

    // A record whose id was tampered with ("../autosave") is saved back to the file it came from.
    RoomResumeOffer offer{state.room->session, "peter", "rooms/room-20261204-101010-peter.json"};
    offer.session.setup.id = "../autosave";
    state.room.reset();
    state.roomResume = offer;
    ASSERT_TRUE(apply(ResumeRoom{}));
    effects.clear();
    ASSERT_TRUE(apply(RoomTogglePause{}));
    ASSERT_TRUE(last<SaveRoomRecord>());
    EXPECT_EQ(fs::path(last<SaveRoomRecord>()->room.file), fs::path("rooms/room-20261204-101010-peter.json"));
    EXPECT_EQ(last<SaveRoomRecord>()->room.id, "room-20261204-101010-peter");
}

// Code review B2 and B3.
TEST_F(AppTest, AnAuthorReloadNeverReplacesTheCaseUnderARunningRoomAndDropsAStaleDebrief) {
    const fs::path dir = fs::path(WP_SOURCE_DIR) / "tests/fixtures/plugins/mini";
    AuthorLoad load = loadAuthorFolder(dir, state.knowledge);
    ASSERT_TRUE(apply(AuthorFolderLoaded{dir, load, true, {}}));
    ASSERT_TRUE(apply(StartRoom{"mini", {{"Table 1", "class_teacher"}}, 0}));
    const auto scenarioBefore = roomPlugin(state)->scenario;
    ASSERT_TRUE(apply(AuthorFolderLoaded{dir, loadAuthorFolder(dir, state.knowledge), false, {}}));
    EXPECT_EQ(roomPlugin(state)->scenario, scenarioBefore) << "the room keeps the case it started with";
    EXPECT_NE(state.author->positionNote.find("room session"), std::string::npos);

    state.room.reset();
    ASSERT_TRUE(apply(StartSession{}));
    playToEnd();
    ASSERT_EQ(state.screen, Screen::Debrief);
    const auto debriefBefore = state.debrief;
    ASSERT_TRUE(apply(AuthorFolderLoaded{dir, loadAuthorFolder(dir, state.knowledge), false, {}}));
    EXPECT_NE(state.debrief, debriefBefore) << "the debrief is rebuilt for the reloaded case";
}

TEST(FileWriter, KeepsOrderMergesOnlyTheLastJobAndReportsEachWrite) {
    const fs::path dir = scratch("writer");
    std::atomic<int> reported{0};
    {
        FileWriter writer;
        for (int i = 0; i < 200; ++i) {
            writer.write(dir / "a.json", "a" + std::to_string(i), [&](bool ok, const Diagnostics&) { reported += ok; });
            if (i % 50 == 0) writer.write(dir / "b.json", "b" + std::to_string(i));
        }
        writer.flush();
        EXPECT_EQ(readText(dir / "a.json"), "a199") << "the last write wins";
        EXPECT_EQ(readText(dir / "b.json"), "b150");
        EXPECT_LE(writer.jobsRun(), 204u);
        EXPECT_GE(reported.load(), 1);
    }
    fs::remove_all(dir);
}

TEST(FileWriter, ARemoveThatDependsOnAFailedWriteLeavesTheFile) {
    const fs::path dir = scratch("writer-fail");
    { std::ofstream(dir / "autosave.json") << "{}"; }
    FileWriter writer(/*synchronous=*/true);
    // A write into a path whose parent is a file fails.
    writer.write(dir / "autosave.json" / "x.json", "{}");
    bool removed = true;
    writer.remove(dir / "autosave.json", [&](bool ok, const Diagnostics&) { removed = ok; }, /*afterSuccess=*/true);
    EXPECT_FALSE(removed);
    EXPECT_TRUE(fs::exists(dir / "autosave.json")) << "the run stays in the slot when its kept copy could not be written";
    fs::remove_all(dir);
}

TEST(RecordStore, KeptRunsRoundTripAndUnsafeNamesAreNeverWritten) {
    const fs::path dir = scratch("store");
    FileWriter writer(true);
    std::vector<Command> reports;
    JsonFileStore store(dir, writer, [&](Command c) { reports.push_back(std::move(c)); });
    auto record = [](std::string id, nlohmann::json session, std::optional<nlohmann::json> first) {
        RunRecord r;
        r.id = std::move(id);
        r.session = std::move(session);
        r.firstRun = std::move(first);
        return r;
    };
    store.keepRun(record("run-20261204-101010-peter-dsl", {{"plugin", "peter"}, {"path", nlohmann::json::array()}}, std::nullopt));
    store.keepRun(record("../autosave", {{"plugin", "peter"}}, std::nullopt));
    store.keepRun(record("run-2", {{"plugin", "james"}}, nlohmann::json{{"role", "dsl"}}));
    Diagnostics diags;
    StartupRecords records = store.load(diags);
    ASSERT_EQ(records.keptRuns.size(), 2u);
    EXPECT_FALSE(fs::exists(dir / "autosave.json"));
    EXPECT_FALSE(fs::exists(dir / "runs" / "../autosave.json"));
    bool sawFirstRun = false;
    for (const auto& k : records.keptRuns) sawFirstRun = sawFirstRun || (k.id == "run-2" && k.firstRun && k.firstRun->at("role") == "dsl");
    EXPECT_TRUE(sawFirstRun);
    EXPECT_EQ(reports.size(), 2u) << "each write reports back";
    fs::remove_all(dir);
}

TEST(CommandQueue, PostsFromAnyThreadInOrderAndWakesTheLoop) {
    std::atomic<int> wakes{0};
    CommandQueue queue([&] { ++wakes; });
    std::thread a([&] {
        for (int i = 0; i < 100; ++i) queue.post(Notice{StatusKind::Info, "a" + std::to_string(i), ""});
    });
    std::thread b([&] {
        for (int i = 0; i < 100; ++i) queue.post(Notice{StatusKind::Info, "b" + std::to_string(i), ""});
    });
    a.join();
    b.join();
    const auto commands = queue.drain();
    ASSERT_EQ(commands.size(), 200u);
    EXPECT_EQ(wakes.load(), 200);
    int lastA = -1, lastB = -1;
    for (const auto& c : commands) {
        const std::string& t = std::get<Notice>(c).text;
        int& last = t[0] == 'a' ? lastA : lastB;
        const int n = std::stoi(t.substr(1));
        EXPECT_EQ(n, last + 1) << "each thread's commands stay in the order it posted them";
        last = n;
    }
    EXPECT_TRUE(queue.empty());
}

TEST_F(AppTest, SaveReportRunsEveryRegisteredDebriefExporterAndOneFailureCostsNoOther) {
    start("peter", "dsl");
    playToEnd();
    ASSERT_TRUE(apply(SaveReport{"unused"}));
    ExporterRegistry registry;
    registerBuiltinExporters(registry);
    registry.add({"broken", ExportSubject::Debrief, "-broken.txt",
                  [](const ExportInput&, const fs::path&, std::string& error) { error = "it always fails"; return false; }});
    const fs::path dir = scratch("export");
    const ExportFinished done = runExporters(registry, ExportSubject::Debrief, {state, *selectedPlugin(state)}, dir, "run");
    EXPECT_EQ(done.written, (std::vector<std::string>{"run-report.html", "run-session.json", "run-map.svg", "run-transcript.html"}));
    ASSERT_EQ(done.problems.size(), 1u);
    EXPECT_NE(done.problems[0].find("it always fails"), std::string::npos);
    EXPECT_NE(readText(dir / "run-map.svg").find("<svg"), std::string::npos);
    EXPECT_NE(readText(dir / "run-transcript.html").find("<h2 id=\"map\">The information-flow map</h2>"), std::string::npos);
    ASSERT_TRUE(apply(done));
    fs::remove_all(dir);
}

TEST_F(AppTest, AScreenshotRunnerWritesNoUserFile) {
    const fs::path dir = scratch("runner");
    FileWriter writer(true);
    JsonFileStore store(dir, writer, {});
    ExporterRegistry registry;
    CommandQueue queue;
    EffectRunner runner({dir / "settings.json", dir / "rooms", /*writeUserFiles=*/false, true}, store, registry, queue, state.knowledge);
    start("peter", "dsl");
    ASSERT_TRUE(apply(Continue{}));
    ASSERT_TRUE(apply(SetScale{2.0f}));
    runner.runAll(effects, state);
    runner.flush();
    EXPECT_TRUE(fs::is_empty(dir));
    fs::remove_all(dir);
}

} // namespace
} // namespace wp::test
