// Kill tests: the real app under a private Xvfb, driven by xdotool key presses (instant and held), killed
// with SIGKILL at seeded random moments (0-40 ms after a key, or anywhere in between), then started again
// on the same home. After every kill: the records database passes PRAGMA integrity_check, every
// file left parses as JSON, and the restarted app resumes exactly at the step that was saved.
//  - Self-study (Peter as DSL): Enter on the library resumes; the resume saves the current run again
//    (a new saved_ms), and it must hold the same path and state as the one the kill left behind. A
//    resume at any other step writes a different path.
//  - Room: the library's room resume card ("Resume the room session", clicked); then one Enter (the
//    console's primary action) must write a record whose events start with exactly the events the
//    kill left behind, plus the new one. Peter's rooms never get far; the two-decision fixture's rooms
//    reach their ending, so kills land on the last vote, the ending and the room debrief too.
//  - Role swap (Peter as DSL to the end, then as the social worker): the first run stays in the records
//    unchanged, the second still names it and resumes at its step.
// WP_KILL_SEED changes the seed (printed), WP_KILL_RUNS the number of runs. Label "robust".
#include <cstdio>
#include <iostream>

#include <gtest/gtest.h>

#include "harness.h"

namespace {

// Keys sent after the last save reached the disk (informative: many keys do nothing); adds to the
// tallies when there was a save at all.
int countKeysAfterSave(const std::vector<std::int64_t>& sent, const wp::robust::FileStamp& last, int& killsWithSave, int& keysAfterSave) {
    int after = 0;
    for (auto t : sent)
        if (!last.exists || t > last.mtimeNs) ++after;
    if (last.exists) {
        ++killsWithSave;
        keysAfterSave += after;
    }
    return after;
}

using namespace wp::robust;

constexpr std::uint64_t kDefaultSeed = 20261204;
const fs::path kOut = WP_ROBUST_OUT;
constexpr unsigned kPrimaryButton = 0x2f6db5; // the dark theme's primary button fill

// How the kill is placed in a run.
enum class KillMode { AfterKey, Between, DuringStartup };

struct Plan {
    std::vector<KeyPress> keys;
    std::vector<double> gapsMs; // pause before each key
    KillMode mode = KillMode::AfterKey;
    size_t killAfterKey = 0;    // AfterKey: index of the key
    double killDelayMs = 0;     // AfterKey: 0-40 ms; Between/DuringStartup: offset from the start of the keys
};

// Sends the plan's keys and kills the app at the planned moment. Returns the realtime (ns) of each key sent.
std::vector<std::int64_t> playAndKill(Process& app, const std::string& display, const Plan& plan) {
    std::vector<std::int64_t> sent;
    const auto t0 = Clock::now();
    for (size_t i = 0; i < plan.keys.size(); ++i) {
        double gap = plan.gapsMs[i];
        if (plan.mode != KillMode::AfterKey) {
            const double left = plan.killDelayMs - msSince(t0);
            if (left <= gap) {
                sleepMs(left);
                app.kill9();
                return sent;
            }
        }
        sleepMs(gap);
        sendKey(display, plan.keys[i]);
        sent.push_back(realtimeNs());
        if (plan.mode == KillMode::AfterKey && i == plan.killAfterKey) {
            sleepMs(plan.killDelayMs);
            app.kill9();
            return sent;
        }
    }
    if (plan.mode != KillMode::AfterKey) sleepMs(plan.killDelayMs - msSince(t0));
    app.kill9();
    return sent;
}

Plan makePlan(std::mt19937_64& rng, std::vector<KeyPress> prefix, const std::vector<std::pair<std::string, int>>& alphabet, int maxKeys) {
    Plan plan;
    plan.keys = std::move(prefix);
    int total = 0;
    for (const auto& a : alphabet) total += a.second;
    const int n = std::uniform_int_distribution<int>(1, maxKeys)(rng);
    for (int i = 0; i < n; ++i) {
        int r = std::uniform_int_distribution<int>(0, total - 1)(rng);
        for (const auto& [key, weight] : alphabet) {
            if (r < weight) {
                // A key name may be a sequence ("1 a"): each typed in turn.
                std::istringstream parts(key);
                std::string part;
                bool first = true;
                while (parts >> part) {
                    KeyPress k{part, 0};
                    if (first && std::uniform_int_distribution<int>(0, 9)(rng) == 0)
                        k.holdMs = std::uniform_real_distribution<double>(30, 250)(rng); // a held key (repeats)
                    plan.keys.push_back(k);
                    first = false;
                }
                break;
            }
            r -= weight;
        }
    }
    for (size_t i = 0; i < plan.keys.size(); ++i)
        plan.gapsMs.push_back(std::uniform_int_distribution<int>(0, 4)(rng) == 0 ? 0.0 : std::uniform_real_distribution<double>(5, 120)(rng));
    const int m = std::uniform_int_distribution<int>(0, 9)(rng);
    double span = 0;
    for (double g : plan.gapsMs) span += g + 8; // a key costs about one xdotool start
    if (m < 6) {
        plan.mode = KillMode::AfterKey;
        plan.killAfterKey = std::uniform_int_distribution<size_t>(0, plan.keys.size() - 1)(rng);
        plan.killDelayMs = std::uniform_real_distribution<double>(0, 40)(rng);
    } else {
        plan.mode = KillMode::Between;
        plan.killDelayMs = std::uniform_real_distribution<double>(0, span + 60)(rng);
    }
    return plan;
}

const char* modeName(KillMode m) {
    return m == KillMode::AfterKey ? "after-key" : m == KillMode::Between ? "between" : "startup";
}

std::string pathSummary(const json& session) {
    if (!session.is_object() || !session.contains("path")) return "?";
    std::string s = std::to_string(session["path"].size()) + " steps, at " + session.value("/state/node"_json_pointer, std::string("?"));
    return s;
}

bool atEnding(const json& session) {
    // The library opens the debrief for a finished run; its node is an ending ("end_..." in the bundled cases).
    const std::string node = session.value("/state/node"_json_pointer, std::string());
    return node.rfind("end", 0) == 0;
}

void screenshot(const std::string& display, const fs::path& png, const std::string& crop = "800x600+0+0") {
    if (!haveTool("import")) return;
    fs::create_directories(png.parent_path());
    (void)runCapture({"import", "-display", display, "-window", "root", "-crop", crop, png.string()}, {}, nullptr, 15000);
}

class KillTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (!haveTool("xdotool") || !haveTool("Xvfb")) GTEST_SKIP() << "xdotool or Xvfb is not installed";
        server = std::make_unique<XServer>();
        ASSERT_TRUE(server->ok()) << "Xvfb did not start";
        display = server->display();
        (void)xdo(display, {"mousemove", "400", "300"}); // keys go to the window under the pointer (no WM)
    }
    std::unique_ptr<XServer> server;
    std::string display;

    // A room killed at random moments, resumed from the library after each kill.
    struct RoomKillSpec {
        std::string tag;          // printed before each line ("kill/room")
        int seedOffset = 1;       // added to WP_KILL_SEED
        int runsDivisor = 1;      // WP_KILL_RUNS / runsDivisor runs
        std::string caseId;
        std::vector<std::string> extraArgs; // every start of the app (--plugins DIR)
        std::vector<std::pair<std::string, int>> alphabet; // keys (or "1 a" sequences) and their weights
        bool mustReachEnding = false;
    };
    void roomKills(const RoomKillSpec& spec);
};

TEST_F(KillTest, SelfStudyResumesAtTheSavedStepAfterEveryKill) {
    const std::uint64_t seed = seedFromEnv(kDefaultSeed);
    const int runs = envInt("WP_KILL_RUNS", 50);
    std::printf("[kill/self-study] seed %llu (WP_KILL_SEED to change), %d runs\n", static_cast<unsigned long long>(seed), runs);
    std::mt19937_64 rng(seed);
    const auto testStart = Clock::now();

    auto home = std::make_unique<TempDir>("wp-kill-solo");
    int homes = 1, resumeChecks = 0, resumedSame = 0, filesChecked = 0, keysAfterSave = 0, killsWithSave = 0, runsDone = 0;
    int maxPath = 0;
    std::set<std::string> tempLeft;
    std::vector<double> saveLatency; // key to file, for the resume's save
    const std::vector<std::pair<std::string, int>> alphabet = {{"1", 18}, {"2", 14}, {"3", 8}, {"Return", 40}, {"BackSpace", 4}};
    for (int run = 1; run <= runs; ++run) {
        const AppHome app{home->path};
        const RecordRef autosave{app.recordsFile(), ""};
        SCOPED_TRACE("seed " + std::to_string(seed) + ", run " + std::to_string(run) + ", home " + home->path.string());

        // What the previous kill left: every record parses, and the autosave is what must come back.
        int n = 0;
        const auto bad = unparsableRecords(app.stateDir(), &n);
        filesChecked += n;
        ASSERT_TRUE(bad.empty()) << "records that do not parse after run " << run - 1 << ": " << bad.front();
        const std::string integrity = integrityOf(app.recordsFile());
        ASSERT_TRUE(integrity == "ok" || integrity == "no database") << "the records database after run " << run - 1 << ": " << integrity;
        collectTempFiles(app.stateDir(), tempLeft);
        std::optional<json> saved = readRecord(autosave);
        if (saved) maxPath = std::max(maxPath, static_cast<int>((*saved)["path"].size()));

        Process proc;
        const auto startAt = Clock::now();
        // Some runs are killed during start-up, before or while the window appears.
        if (saved && std::uniform_int_distribution<int>(0, 9)(rng) == 0) {
            const double at = std::uniform_real_distribution<double>(0, 700)(rng);
            std::vector<std::string> argv = {WP_APP_BINARY, "--size", "800x600"};
            ASSERT_TRUE(proc.start(argv, app.env(display), app.stateDir().parent_path().parent_path() / "app.log"));
            sleepMs(at);
            proc.kill9();
            std::printf("[kill/self-study] run %d: killed %.0f ms into start-up (saved: %s)\n", run, at, pathSummary(*saved).c_str());
            ++runsDone;
            continue;
        }
        ASSERT_TRUE(startApp(proc, app, display, {"--size", "800x600"})) << "the app did not show a window; log: "
                                                                         << readFile(home->path / "app.log").value_or("");
        std::vector<KeyPress> prefix;
        if (saved) {
            // The resume offer: Enter on the library resumes, and the resume writes the autosave again.
            if (resumeChecks == 0) { // for people to look at: the library after a kill, with the resume card
                sleepMs(400);
                screenshot(display, kOut / "solo-resume-card.png");
            }
            const FileStamp before = stampOf(autosave);
            sendKey(display, {"Return", 0});
            const auto keyAt = Clock::now();
            ++resumeChecks;
            const bool rewritten = waitForChange(autosave, before, 5000);
            if (rewritten) saveLatency.push_back(msSince(keyAt));
            if (!rewritten) screenshot(display, kOut / ("solo-no-resume-run" + std::to_string(run) + ".png"));
            ASSERT_TRUE(rewritten) << "Enter on the library did not resume (the autosave was not written again); saved: "
                                   << pathSummary(*saved);
            const auto after = readRecord(autosave);
            ASSERT_TRUE(after) << "the autosave written by the resume does not parse";
            const bool same = (*after)["path"] == (*saved)["path"] && (*after)["state"] == (*saved)["state"];
            EXPECT_TRUE(same) << "resumed at another step: saved " << pathSummary(*saved) << ", resumed " << pathSummary(*after)
                              << "\nsaved: " << saved->dump() << "\nafter: " << after->dump();
            if (!same) return;
            ++resumedSame;
            if (atEnding(*after)) {
                // A finished run: its debrief is open. The next run plays on a fresh home.
                proc.kill9();
                home = std::make_unique<TempDir>("wp-kill-solo");
                ++homes;
                ++runsDone;
                continue;
            }
        } else {
            prefix = {{"1", 0}, {"2", 0}, {"Return", 0}}; // open case 1 (Peter), role 2 (DSL), start
        }
        const Plan plan = makePlan(rng, prefix, alphabet, 10);
        const std::vector<std::int64_t> sent = playAndKill(proc, display, plan);
        ++runsDone;

        // Informative: keys that reached the app after the last save reached the disk.
        const FileStamp last = stampOf(autosave);
        const int after = countKeysAfterSave(sent, last, killsWithSave, keysAfterSave);
        std::printf("[kill/self-study] run %d: %zu keys (%s), kill %s %.1f ms%s; %d key(s) after the last save; %.0f ms\n", run,
                    sent.size(), describe(plan.keys).c_str(), modeName(plan.mode), plan.killDelayMs,
                    plan.mode == KillMode::AfterKey ? (" after key " + std::to_string(plan.killAfterKey + 1)).c_str() : "", after,
                    msSince(startAt));
    }
    // The last kill is checked too: start once more and resume.
    {
        const AppHome app{home->path};
        const RecordRef autosave{app.recordsFile(), ""};
        int n = 0;
        const auto bad = unparsableRecords(app.stateDir(), &n);
        filesChecked += n;
        ASSERT_TRUE(bad.empty()) << bad.front();
        ASSERT_TRUE(integrityOf(app.recordsFile()) == "ok" || integrityOf(app.recordsFile()) == "no database");
        collectTempFiles(app.stateDir(), tempLeft);
        if (auto saved = readRecord(autosave)) {
            Process proc;
            ASSERT_TRUE(startApp(proc, app, display, {"--size", "800x600"}));
            const FileStamp before = stampOf(autosave);
            sendKey(display, {"Return", 0});
            ++resumeChecks;
            ASSERT_TRUE(waitForChange(autosave, before, 5000)) << "the last kill: Enter did not resume";
            const auto after = readRecord(autosave);
            ASSERT_TRUE(after);
            EXPECT_EQ((*after)["path"], (*saved)["path"]);
            if ((*after)["path"] == (*saved)["path"] && (*after)["state"] == (*saved)["state"]) ++resumedSame;
        }
    }
    const double secs = msSince(testStart) / 1000.0;
    std::printf("[kill/self-study] seed %llu: %d runs (kills) on %d homes, %d record files parsed, %d/%d resumed at the saved step "
                "(%.0f%%), longest saved path %d; informative: %d key(s) sent after the last save over %d kills, %zu temp file(s) left "
                "by kills, key-to-disk %s; %.1f s\n",
                static_cast<unsigned long long>(seed), runsDone, homes, filesChecked, resumedSame, resumeChecks,
                resumeChecks ? 100.0 * resumedSame / resumeChecks : 0.0, maxPath, keysAfterSave, killsWithSave, tempLeft.size(),
                latencySummary(saveLatency).c_str(), secs);
    for (const auto& t : tempLeft)
        std::printf("  temp file left by a kill: %s (%s)\n", t.c_str(),
                    fs::exists(t) ? (std::to_string(fs::file_size(t)) + " bytes").c_str() : "removed with its finished home");
    EXPECT_EQ(runsDone, runs);
    EXPECT_EQ(resumedSame, resumeChecks);
    EXPECT_GE(resumeChecks, runs / 2) << "too few resumes were checked to mean anything";
}


// A run row by id: its session JSON, status and first run (empty when none), or nullopt.
struct RunRow {
    std::string session, status, firstRunId;
};
std::optional<RunRow> runRow(const fs::path& db, const std::string& id) {
    std::optional<RunRow> row;
    (void)detail::withRecords(db, [&](sqlite3* raw) {
        const char* sql = id.empty() ? "SELECT session_json, status, IFNULL(first_run_id, ''), id FROM runs WHERE status = 'current' "
                                       "ORDER BY saved_ms DESC LIMIT 1"
                                     : "SELECT session_json, status, IFNULL(first_run_id, ''), id FROM runs WHERE id = ?";
        sqlite3_stmt* q = nullptr;
        if (sqlite3_prepare_v2(raw, sql, -1, &q, nullptr) != SQLITE_OK) return false;
        if (!id.empty()) sqlite3_bind_text(q, 1, id.c_str(), -1, SQLITE_TRANSIENT);
        if (sqlite3_step(q) == SQLITE_ROW)
            row = RunRow{reinterpret_cast<const char*>(sqlite3_column_text(q, 0)), reinterpret_cast<const char*>(sqlite3_column_text(q, 1)),
                         reinterpret_cast<const char*>(sqlite3_column_text(q, 2))};
        sqlite3_finalize(q);
        return true;
    });
    return row;
}

// A role swap killed at random moments: Peter played to the end as the DSL, then again as the social
// worker (started by a scripted launch, a few choices in). After every kill the first run is still in the
// records, byte for byte, and the second still names it; Enter on the library resumes the second run at
// the step it had saved. A finished second run (the comparison) starts a fresh home.
TEST_F(KillTest, ARoleSwapKeepsItsFirstRunAndResumesAfterEveryKill) {
    const std::uint64_t seed = seedFromEnv(kDefaultSeed) + 2;
    const int runs = envInt("WP_KILL_RUNS", 50) / 2;
    std::printf("[kill/swap] seed %llu (WP_KILL_SEED + 2), %d runs\n", static_cast<unsigned long long>(seed), runs);
    std::mt19937_64 rng(seed);
    const auto testStart = Clock::now();
    const std::string dslPath = "dsl_admission_talk,dsl_nurse_mother_csc,dsl_nurse_check,dsl_senco_plan,dsl_ask_update,"
                                "dsl_written_referral,dsl_joint_review,dsl_share_progress,dsl_ask_targets,dsl_rerefer,dsl_early_help";
    const std::vector<std::string> swPath = {"sw_assess_call_school", "sw_see_peter", "sw_check_health", "sw_share_learning"};
    const std::vector<std::pair<std::string, int>> alphabet = {{"1", 18}, {"2", 14}, {"3", 8}, {"Return", 40}, {"BackSpace", 4}};

    std::unique_ptr<TempDir> home;
    std::string firstId;
    RunRow first;
    int homes = 0, resumeChecks = 0, resumedSame = 0, firstKept = 0, comparisons = 0, runsDone = 0;
    for (int run = 1; run <= runs + 1; ++run) { // the extra pass only checks the last kill
        const bool lastPass = run == runs + 1;
        if (!home) {
            if (lastPass) break;
            // A fresh home: the first run finished and the swap started, by a scripted launch.
            home = std::make_unique<TempDir>("wp-kill-swap");
            ++homes;
            const AppHome app{home->path};
            const size_t done = std::uniform_int_distribution<size_t>(0, swPath.size())(rng);
            std::vector<std::string> args = {"--size", "800x600", "--plugin", "peter", "--role", "dsl", "--choose", dslPath,
                                             "--screen", "summary", "--swap", "social_worker"};
            if (done > 0) {
                std::string chosen;
                for (size_t i = 0; i < done; ++i) chosen += (i ? "," : "") + swPath[i];
                args.insert(args.end(), {"--swap-choose", chosen});
            }
            Process seedProc;
            ASSERT_TRUE(startApp(seedProc, app, display, args)) << readFile(home->path / "app.log").value_or("");
            std::optional<RunRow> current;
            for (int tries = 0; tries < 200 && !(current && !current->firstRunId.empty()); ++tries) {
                current = runRow(app.recordsFile(), "");
                if (!(current && !current->firstRunId.empty())) sleepMs(25);
            }
            seedProc.kill9();
            ASSERT_TRUE(current && !current->firstRunId.empty()) << "the scripted role swap was not saved";
            firstId = current->firstRunId;
            const auto kept = runRow(app.recordsFile(), firstId);
            ASSERT_TRUE(kept) << "the first run " << firstId << " is not in the records";
            first = *kept;
        }
        const AppHome app{home->path};
        SCOPED_TRACE("seed " + std::to_string(seed) + ", run " + std::to_string(run) + ", home " + home->path.string());
        const std::string integrity = integrityOf(app.recordsFile());
        ASSERT_EQ(integrity, "ok") << "the records database after run " << run - 1;
        // The first run: still there, unchanged, kept or done.
        const auto kept = runRow(app.recordsFile(), firstId);
        ASSERT_TRUE(kept) << "the first run of the role swap was lost after run " << run - 1;
        EXPECT_EQ(kept->session, first.session) << "the first run changed";
        EXPECT_TRUE(kept->status == "kept" || kept->status == "done") << kept->status;
        ++firstKept;
        const auto current = runRow(app.recordsFile(), "");
        ASSERT_TRUE(current) << "no current run after run " << run - 1;
        EXPECT_EQ(current->firstRunId, firstId) << "the second run no longer names its first";
        const json saved = json::parse(current->session, nullptr, false);
        ASSERT_FALSE(saved.is_discarded());

        Process proc;
        ASSERT_TRUE(startApp(proc, app, display, {"--size", "800x600"})) << readFile(home->path / "app.log").value_or("");
        const RecordRef record{app.recordsFile(), ""};
        const FileStamp before = stampOf(record);
        sendKey(display, {"Return", 0});
        ++resumeChecks;
        const bool rewritten = waitForChange(record, before, 5000);
        if (!rewritten) screenshot(display, kOut / ("swap-no-resume-run" + std::to_string(run) + ".png"));
        ASSERT_TRUE(rewritten) << "Enter on the library did not resume the second run; saved: " << pathSummary(saved);
        const auto after = readRecord(record);
        ASSERT_TRUE(after);
        const bool same = (*after)["path"] == saved["path"] && (*after)["state"] == saved["state"];
        EXPECT_TRUE(same) << "resumed at another step: saved " << pathSummary(saved) << ", resumed " << pathSummary(*after);
        if (!same) return;
        ++resumedSame;
        if (lastPass) {
            proc.kill9();
            break;
        }
        if (atEnding(*after)) {
            ++comparisons; // the comparison is open; the next run starts a fresh home
            proc.kill9();
            home.reset();
            ++runsDone;
            continue;
        }
        const Plan plan = makePlan(rng, {}, alphabet, 10);
        (void)playAndKill(proc, display, plan);
        ++runsDone;
        std::printf("[kill/swap] run %d: %zu keys (%s), kill %s %.1f ms; saved before: %s\n", run, plan.keys.size(),
                    describe(plan.keys).c_str(), modeName(plan.mode), plan.killDelayMs, pathSummary(saved).c_str());
    }
    std::printf("[kill/swap] seed %llu: %d runs (kills) on %d homes; first run kept and unchanged %d times; %d/%d resumed at "
                "the saved step (%.0f%%); comparisons reached %d; %.1f s\n",
                static_cast<unsigned long long>(seed), runsDone, homes, firstKept, resumedSame, resumeChecks,
                resumeChecks ? 100.0 * resumedSame / resumeChecks : 0.0, comparisons, msSince(testStart) / 1000.0);
    EXPECT_EQ(runsDone, runs);
    EXPECT_EQ(resumedSame, resumeChecks);
}

// The unfinished room record of a home (the one the library offers), if any.
std::optional<std::pair<RecordRef, json>> openRoomRecord(const fs::path& db) {
    std::optional<std::pair<RecordRef, json>> best;
    for (auto& [id, j] : roomRecords(db)) {
        if (!j.is_object() || j.value("closed", false)) continue;
        if (!best || j.value("created_ms", std::int64_t{0}) > best->second.value("created_ms", std::int64_t{0}))
            best = std::make_pair(RecordRef{db, id}, j);
    }
    return best;
}

std::string roomSummary(const json& r) {
    return std::to_string(r.value("events", json::array()).size()) + " events, " + r.value("phase", std::string("?")) + " at " +
           r.value("node", std::string("?")) + (r.value("paused", false) ? ", paused" : "");
}

void KillTest::roomKills(const RoomKillSpec& spec) {
    const std::uint64_t seed = seedFromEnv(kDefaultSeed) + spec.seedOffset;
    const int runs = envInt("WP_KILL_RUNS", 50) / spec.runsDivisor;
    const char* tag = spec.tag.c_str();
    std::printf("[%s] seed %llu (WP_KILL_SEED + %d), %d runs\n", tag, static_cast<unsigned long long>(seed), spec.seedOffset, runs);
    std::mt19937_64 rng(seed);
    const auto testStart = Clock::now();
    std::vector<std::string> baseArgs = {"--size", "800x600"};
    baseArgs.insert(baseArgs.end(), spec.extraArgs.begin(), spec.extraArgs.end());
    std::vector<std::string> startRoom = baseArgs;
    startRoom.insert(startRoom.end(), {"--room", spec.caseId, "--groups", "Table 1:class_teacher,Table 2:social_worker"});
    const auto& alphabet = spec.alphabet;
    auto home = std::make_unique<TempDir>("wp-kill-room");
    int homes = 1, resumeChecks = 0, resumedSame = 0, filesChecked = 0, runsDone = 0, clickRetries = 0, endings = 0;
    int keysAfterSave = 0, killsWithSave = 0;
    size_t maxEvents = 0;
    std::set<std::string> tempLeft;
    std::vector<double> saveLatency; // key to file, for the resume's save
    if (!haveTool("import")) GTEST_SKIP() << "ImageMagick's import is not installed (tools/setup installs it): it finds the resume button";
    for (int run = 1; run <= runs + 1; ++run) { // the extra pass only checks the last kill
        const AppHome app{home->path};
        SCOPED_TRACE("seed " + std::to_string(seed) + ", run " + std::to_string(run) + ", home " + home->path.string());
        int n = 0;
        const auto bad = unparsableRecords(app.stateDir(), &n);
        filesChecked += n;
        ASSERT_TRUE(bad.empty()) << "records that do not parse after run " << run - 1 << ": " << bad.front();
        const std::string integrity = integrityOf(app.recordsFile());
        ASSERT_TRUE(integrity == "ok" || integrity == "no database") << "the records database after run " << run - 1 << ": " << integrity;
        collectTempFiles(app.stateDir(), tempLeft);
        const auto saved = openRoomRecord(app.recordsFile());
        if (saved) maxEvents = std::max(maxEvents, saved->second["events"].size());
        const bool lastPass = run == runs + 1;
        if (lastPass && !saved) break;

        Process proc;
        const auto startAt = Clock::now();
        if (saved && !lastPass && std::uniform_int_distribution<int>(0, 9)(rng) == 0) {
            const double at = std::uniform_real_distribution<double>(0, 700)(rng);
            std::vector<std::string> argv = {WP_APP_BINARY};
            argv.insert(argv.end(), baseArgs.begin(), baseArgs.end());
            ASSERT_TRUE(proc.start(argv, app.env(display), home->path / "app.log"));
            sleepMs(at);
            proc.kill9();
            std::printf("[%s] run %d: killed %.0f ms into start-up (saved: %s)\n", tag, run, at, roomSummary(saved->second).c_str());
            ++runsDone;
            continue;
        }
        if (saved) {
            ASSERT_TRUE(startApp(proc, app, display, baseArgs)) << readFile(home->path / "app.log").value_or("");
            // The library's room resume card is the first card: its "Resume the room session" button.
            // Then P (pause) saves the resumed record without adding an event: it must hold exactly the
            // events, node and phase the kill left, with the pause toggled.
            const RecordRef file = saved->first;
            bool rewritten = false;
            for (int attempt = 0; attempt < 2 && !rewritten; ++attempt) {
                if (attempt) ++clickRetries;
                // Found on the screen: the card's height depends on the text ("on a break" wraps).
                (void)xdo(display, {"mousemove", "790", "590"});
                std::optional<int> y;
                for (int tries = 0; tries < 20 && !y; ++tries) {
                    sleepMs(tries ? 100 : 60);
                    y = findColourRun(grabRgb(display, 800, 600), 800, 600, 55, 200, kPrimaryButton);
                }
                if (!y) continue;
                if (resumeChecks == 0 && attempt == 0) screenshot(display, kOut / "room-resume-card.png");
                (void)xdo(display, {"mousemove", "120", std::to_string(*y)});
                sleepMs(60);
                (void)xdo(display, {"click", "1"});
                sleepMs(80);
                const FileStamp before = stampOf(file);
                sendKey(display, {"p", 0});
                const auto keyAt = Clock::now();
                rewritten = waitForChange(file, before, 5000);
                if (rewritten) saveLatency.push_back(msSince(keyAt));
            }
            ++resumeChecks;
            if (!rewritten) screenshot(display, kOut / ("room-no-resume-run" + std::to_string(run) + ".png"));
            ASSERT_TRUE(rewritten) << "the room was not resumed (no record written after the resume and P); saved: "
                                   << roomSummary(saved->second);
            const auto after = readRecord(file);
            ASSERT_TRUE(after) << "the record written after the resume does not parse";
            const json& was = saved->second;
            const bool same = (*after)["events"] == was["events"] && (*after)["node"] == was["node"] &&
                              (*after)["phase"] == was["phase"] && (*after)["paused"] != was["paused"];
            EXPECT_TRUE(same) << "resumed elsewhere: saved " << roomSummary(was) << ", after the resume and P " << roomSummary(*after);
            if (!same) return;
            ++resumedSame;
            if (lastPass) break;
            if (after->value("paused", false)) sendKey(display, {"p", 0}); // back from the break
            if (was.value("phase", std::string()) == "ending") {
                // The room reached its ending: the next runs start a new room on a fresh home.
                ++endings;
                proc.kill9();
                home = std::make_unique<TempDir>("wp-kill-room");
                ++homes;
                ++runsDone;
                continue;
            }
        } else {
            ASSERT_TRUE(startApp(proc, app, display, startRoom)) << readFile(home->path / "app.log").value_or("");
        }
        const Plan plan = makePlan(rng, {}, alphabet, 12);
        const std::vector<std::int64_t> sent = playAndKill(proc, display, plan);
        ++runsDone;
        const auto now = openRoomRecord(app.recordsFile());
        const FileStamp last = now ? stampOf(now->first) : FileStamp{};
        const int after = countKeysAfterSave(sent, last, killsWithSave, keysAfterSave);
        std::printf("[%s] run %d: %zu keys (%s), kill %s %.1f ms%s; record: %s; %d key(s) after the last save; %.0f ms\n", tag, run,
                    sent.size(), describe(plan.keys).c_str(), modeName(plan.mode), plan.killDelayMs,
                    plan.mode == KillMode::AfterKey ? (" after key " + std::to_string(plan.killAfterKey + 1)).c_str() : "",
                    now ? roomSummary(now->second).c_str() : "none", after, msSince(startAt));
    }
    const double secs = msSince(testStart) / 1000.0;
    std::printf("[%s] seed %llu: %d runs (kills) on %d homes, %d record files parsed, %d/%d resumed at the same events "
                "(%.0f%%), most events in a record %zu, endings reached %d, resume clicks retried %d; informative: %d key(s) sent "
                "after the last save over %d kills, %zu temp file(s) left by kills, key-to-disk %s; %.1f s\n",
                tag, static_cast<unsigned long long>(seed), runsDone, homes, filesChecked, resumedSame, resumeChecks,
                resumeChecks ? 100.0 * resumedSame / resumeChecks : 0.0, maxEvents, endings, clickRetries, keysAfterSave, killsWithSave,
                tempLeft.size(), latencySummary(saveLatency).c_str(), secs);
    for (const auto& t : tempLeft)
        std::printf("  temp file left by a kill: %s (%s)\n", t.c_str(),
                    fs::exists(t) ? (std::to_string(fs::file_size(t)) + " bytes").c_str() : "removed with its finished home");
    EXPECT_EQ(runsDone, runs);
    EXPECT_EQ(resumedSame, resumeChecks);
    EXPECT_GE(resumeChecks, runs / 2) << "too few resumes were checked to mean anything";
    if (spec.mustReachEnding) {
        EXPECT_GE(endings, 1) << "no room reached its ending: kills around the ending were never tried";
        EXPECT_GE(homes, 2);
    }
}

TEST_F(KillTest, RoomResumesAtTheSameEventCountAfterEveryKill) {
    // Enter steps; "1 a" is group 1 voting a (Table 2, the social worker, has g, h and i); r re-votes;
    // Left/Right page the projector; p pauses.
    roomKills({"kill/room", 1, 1, "peter", {},
               {{"Return", 40}, {"1 a", 6}, {"1 b", 5}, {"1 c", 4}, {"2 g", 6}, {"2 h", 5}, {"2 i", 4}, {"r", 4}, {"Right", 5},
                {"Left", 2}, {"p", 3}},
               false});
}

// A two-decision case, so rooms reach their ending (and its debrief) and start again on a fresh home:
// kills land on the last vote, the ending and the room debrief too.
TEST_F(KillTest, RoomKilledAroundItsEndingResumesThere) {
    roomKills({"kill/room-ending", 3, 2, "mini", {"--plugins", (fs::path(WP_SOURCE_DIR) / "tests/fixtures/plugins").string()},
               {{"Return", 50}, {"1 a", 8}, {"1 b", 6}, {"2 a", 6}, {"2 c", 6}, {"2 d", 4}, {"r", 2}, {"Right", 3}, {"p", 2}},
               true});
}

} // namespace
