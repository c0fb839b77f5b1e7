// wpt records-bench: fills a fresh records database with N real runs (the bundled cases played to
// their endings in every role, with varied choices, the app's own run records with their debriefs),
// and prints, as JSON, what a person with that many runs would wait for: saving a step's run, opening
// "Your records" (the view of every run with its dimensions), building the progress and the training
// record, and the database's size per run.
//
//   wpt records-bench [--runs N] [--keep FILE.sqlite3] [--reflections]
//
// --keep leaves the database there (tests render its training record; a trainer can look at a full
// history with `XDG_DATA_HOME`). Nothing is read from or written to the user's own records.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <optional>

#include <unistd.h>

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "commands.h"
#include "common.h"
#include "wholepicture/app/progress.h"
#include "wholepicture/app/record_database.h"
#include "wholepicture/app/run_record.h"
#include "wholepicture/app/training_record.h"
#include "wholepicture/core/debrief.h"
#include "wholepicture/core/loader.h"
#include "wholepicture/core/runner.h"

namespace {

namespace fs = std::filesystem;
using namespace wp;
using namespace wp::app;

constexpr const char* kHelp = R"(usage: wpt records-bench [--runs N] [--keep FILE.sqlite3] [--reflections]

Fills a fresh records database with N runs of the bundled cases (default 1000; every case in every
role, choices varied), then prints as JSON the median ms of: saving a run, opening the history (every
run with its dimensions), the progress view and the training record, and the bytes per run.

  --runs N          how many runs (1..100000)
  --keep FILE       keep the database at FILE (it must not exist yet)
  --reflections     give every run a reflection (to see them in a training record)
)";

int usage(const std::string& msg) {
    std::cerr << "wpt records-bench: " << msg << "\n\n" << kHelp;
    return 2;
}

double msSince(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
}

// A run of `plugin` as `role`, the options picked by `seed` (the same seed, the same run).
std::optional<Session> play(const ScenarioPlugin& plugin, const std::string& role, std::uint64_t seed, std::int64_t& clockMs) {
    const Scenario& s = *plugin.scenario;
    Session session = startSession(s, plugin.manifest, role, clockMs);
    std::string error;
    for (int guard = 0; guard < 2000 && !atEnding(s, session.current()); ++guard) {
        clockMs += 45'000 + static_cast<std::int64_t>(seed % 7) * 15'000; // reading and thinking time
        const Node& n = currentNode(s, session.current());
        std::string option;
        if (n.type == NodeType::Decision) {
            const auto open = availableOptions(s, session.current());
            if (open.empty()) return std::nullopt;
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            option = open[static_cast<size_t>((seed >> 33) % open.size())]->id;
        }
        if (!sessionStep(session, s, option, clockMs, &error)) return std::nullopt;
    }
    return session;
}

int runRecordsBench(const std::vector<std::string>& args) {
    int runs = 1000;
    std::string keep;
    bool reflections = false;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "-h" || a == "--help") {
            std::cout << kHelp;
            return 0;
        } else if (a == "--runs") {
            if (i + 1 >= args.size()) return usage("--runs needs a number");
            runs = std::atoi(args[++i].c_str());
            if (runs < 1 || runs > 100000) return usage("--runs must be 1..100000");
        } else if (a == "--keep") {
            if (i + 1 >= args.size()) return usage("--keep needs a file");
            keep = args[++i];
        } else if (a == "--reflections") {
            reflections = true;
        } else {
            return usage("unexpected \"" + a + "\"");
        }
    }
    std::error_code ec;
    if (!keep.empty() && fs::exists(keep, ec)) return usage(keep + " already exists; give a new file");

    Diagnostics diags;
    const KnowledgeBase kb = wpt::loadKnowledge("", diags);
    std::vector<ScenarioPlugin> plugins;
    for (auto& p : discoverPlugins(pluginSearchPath({}), kb))
        if (p.usable() && p.origin == PluginOrigin::Bundled) plugins.push_back(std::move(p));
    if (plugins.empty()) {
        std::cerr << "wpt records-bench: no bundled case could be loaded\n";
        return 1;
    }
    std::vector<std::pair<const ScenarioPlugin*, std::string>> pairs; // every case in every role
    for (const auto& p : plugins)
        for (const auto& r : p.manifest.roles) pairs.emplace_back(&p, r);

    const fs::path scratch = fs::temp_directory_path() / ("wpt-records-bench-" + std::to_string(::getpid()));
    const fs::path file = keep.empty() ? scratch / kRecordsFileName : fs::path(keep);
    if (keep.empty()) fs::create_directories(scratch, ec);
    RecordDatabaseOptions options;
    options.file = file;
    auto db = RecordDatabase::open(options, diags);
    if (!db) {
        for (const auto& d : diags) std::cerr << formatDiagnostic(d) << "\n";
        return 1;
    }
    (void)db->renameProfile(db->currentProfile(), "Bench", diags);

    std::int64_t clockMs = 1'767'225'600'000; // 1 January 2026
    std::vector<double> save;
    save.reserve(static_cast<size_t>(runs));
    int failed = 0;
    for (int i = 0; i < runs; ++i) {
        const auto& [plugin, role] = pairs[static_cast<size_t>(i) % pairs.size()];
        clockMs += 3 * 60 * 60 * 1000; // a run every few hours
        auto session = play(*plugin, role, static_cast<std::uint64_t>(i) * 2654435761ULL + 17, clockMs);
        if (!session) {
            ++failed;
            continue;
        }
        if (reflections) session->reflection = "What I would do differently in " + plugin->displayName() + " next time.";
        const Debrief debrief = buildDebrief(*plugin->scenario, plugin->manifest, kb, *session);
        char id[64];
        std::snprintf(id, sizeof id, "run-bench-%06d-%s", i, role.c_str());
        const RunRecord record = makeRunRecord(kb, plugin, *session, id, &debrief);
        const auto t0 = std::chrono::steady_clock::now();
        if (!db->saveRun(record, RunStatus::Done, diags)) ++failed;
        save.push_back(msSince(t0));
    }

    std::vector<double> open, progress, training;
    size_t shown = 0, bytes = 0;
    for (int r = 0; r < 5; ++r) {
        auto t0 = std::chrono::steady_clock::now();
        const RecordsView view = db->view();
        open.push_back(msSince(t0));
        shown = view.runs.size();
        t0 = std::chrono::steady_clock::now();
        const Progress p = progressOf(view.runs);
        progress.push_back(msSince(t0));
        if (p.finished.empty()) ++failed;
        t0 = std::chrono::steady_clock::now();
        TrainingRecordOptions to;
        to.includeReflections = reflections;
        to.nowMs = clockMs;
        bytes = trainingRecordHtml(trainingRecordInput(*db, db->currentProfile()), to).size();
        training.push_back(msSince(t0));
    }
    sqlite3_exec(db->handle(), "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr);
    const auto fileBytes = static_cast<double>(fs::file_size(file, ec));

    nlohmann::json out = {{"runs", runs},
                          {"runs_shown", shown},
                          {"failed", failed},
                          {"save_run_ms_median", median(save)},
                          {"open_history_ms_median", median(open)},
                          {"progress_ms_median", median(progress)},
                          {"training_record_ms_median", median(training)},
                          {"training_record_bytes", bytes},
                          {"database_bytes", fileBytes},
                          {"bytes_per_run", fileBytes / runs}};
    std::cout << out.dump(2) << "\n";
    db.reset();
    if (keep.empty()) fs::remove_all(scratch, ec);
    for (const auto& d : diags) std::cerr << formatDiagnostic(d) << "\n";
    return failed == 0 && shown == static_cast<size_t>(runs) ? 0 : 1;
}

const bool kRegistered = wpt::registerCommand({"records-bench", "records-bench [--runs N] [--keep FILE.sqlite3]",
                                               "fill a scratch records database with N runs and time the history", &runRecordsBench, true});

} // namespace
