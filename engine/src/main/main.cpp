// Composition root: wiring only. It reads the command line and the settings, builds the edge (record
// store, writer thread, exporters, effect runner, command queue) and hands the state to the window loop,
// with the rest of what the app starts with (knowledge base, plugins, records) to load while the window
// is made. Everything that changes the state is a command applied by app::apply; everything that
// touches the world is an effect run by the runner.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>

#include "command_line.h"
#include "crash_barrier.h"
#include "script.h"
#include "wholepicture/app/apply.h"
#include "wholepicture/app/command_queue.h"
#include "wholepicture/app/effect_runner.h"
#include "wholepicture/app/exporters.h"
#include "wholepicture/app/file_writer.h"
#include "wholepicture/app/record_store.h"
#include "wholepicture/app/speech.h"
#include "wholepicture/app/sqlite_store.h"
#include "wholepicture/app/statement_service.h"
#include "wholepicture/app/xapi_sender.h"
#include "wholepicture/core/json_file.h"
#include "wholepicture/core/loader.h"
#include "wholepicture/core/paths.h"
#include "wholepicture/core/settings.h"
#include "wholepicture/platform/speech.h"
#include "wholepicture/platform/window.h"

namespace {

namespace fs = std::filesystem;
using namespace wp;

// Where "Save report" suggests writing: ~/Documents/Whole Picture reports when ~/Documents exists
// (people look there), else $XDG_DATA_HOME/wholepicture/reports.
fs::path defaultReportsDir(const AppPaths& paths) {
    if (const char* home = std::getenv("HOME"); home && *home) {
        std::error_code ec;
        const fs::path docs = fs::path(home) / "Documents";
        if (fs::is_directory(docs, ec)) return docs / "Whole Picture reports";
    }
    return paths.dataDir / "reports";
}

void reportAll(app::AppState& state, const Diagnostics& diags, app::StatusKind kind, const std::string& prefix = {}) {
    for (const auto& d : diags) state.status.push_back({kind, prefix + formatDiagnostic(d), {}});
}

// tools/bench's first-frame run: measure the start, never wait for what comes after the first frame.
bool benchFirstFrame() { return std::getenv("WP_BENCH_FIRST_FRAME") != nullptr; }

// What the app starts with comes in two parts. The first, here and before the window: the command
// line's checks (a mistake stops the start before any window opens) and the settings, which the window
// and its fonts are made from.
struct StartLoad {
    bool knowledge = false;  // the knowledge base is read
    bool procedures = false; // the local procedures packs are found
};

void loadKnowledge(app::AppState& state) {
    Diagnostics kbDiags;
    state.knowledge = loadKnowledgeBase(findBundled("content"), kbDiags);
    for (const auto& d : kbDiags)
        if (d.severity == Severity::Error) state.status.push_back({app::StatusKind::Error, formatDiagnostic(d), {}});
}

void findProcedures(app::AppState& state, const cli::CommandLine& cl) {
    state.procedures = discoverProceduresPacks(pluginSearchPath(cl.pluginDirs), state.knowledge);
    for (const auto& pack : state.procedures)
        reportAll(state, pack.diagnostics, app::StatusKind::Warning, "Local procedures pack: ");
}

StartLoad loadSettingsAndCheck(app::AppState& state, const cli::CommandLine& cl, const AppPaths& paths, bool screenshot) {
    StartLoad loaded;
    for (const auto& d : cl.pluginDirs) {
        std::error_code ec;
        if (!fs::is_directory(d, ec)) cli::usageError("--plugins: '" + d.string() + "' is not a directory");
    }
    if (cl.procedures) {
        const std::string id = *cl.procedures == "national" ? std::string() : *cl.procedures;
        if (!id.empty()) { // checked against the packs found, which need the knowledge base: both now
            loadKnowledge(state);
            findProcedures(state, cl);
            loaded = {true, true};
            if (!findPack(state.procedures, id)) {
                std::string known;
                for (const auto& p : state.procedures)
                    if (p.usable()) known += (known.empty() ? "" : ", ") + p.id;
                cli::usageError("--procedures: no usable local procedures pack '" + id + "' in the plugin folders; found: " +
                                (known.empty() ? std::string("none") : known) + " (or \"national\")");
            }
        }
    }

    // Screenshots are reproducible: they ignore and never write the user's files.
    if (!screenshot) {
        Diagnostics diags;
        state.settings = loadSettings(settingsFile(paths.configDir), diags);
        reportAll(state, diags, app::StatusKind::Warning);
    }
    if (cl.theme) state.settings.theme = *cl.theme;
    if (cl.procedures) state.settings.procedures = *cl.procedures == "national" ? std::string() : *cl.procedures;
    if (cl.uiScale) state.settings.uiScale = *cl.uiScale;
    state.theme = state.settings.theme == "light" ? app::Theme::Light : app::Theme::Dark;
    state.uiScale = state.settings.uiScale > 0 ? state.settings.uiScale : 0.0f; // 0: follow the monitor
    state.uiScaleChosen = state.settings.uiScale > 0;
    state.roomsDir = roomsDir(paths.stateDir);
    state.reportsDir = defaultReportsDir(paths).string();
    return loaded;
}

// The second part, beside the window (WindowOptions::besideWindow): the knowledge base and the plugins
// (their manifests: each case is loaded and checked after the first frame, or at once when something
// needs it, finishPendingLoad). It leaves the settings alone: the fonts are built from them meanwhile.
void loadContent(app::AppState& state, const cli::CommandLine& cl, bool screenshot, const LintCache& cache, const StartLoad& loaded) {
    if (!loaded.knowledge) loadKnowledge(state);
    state.library = discoverPlugins(pluginSearchPath(cl.pluginDirs), state.knowledge, DiscoverMode::Manifests);
    // A screenshot shows every card as it will stay (reproducible), so it waits for every case, as
    // the bench's first-frame run does not; cases named on the command line are needed now.
    if (screenshot && !benchFirstFrame()) finishAllPendingLoads(state.library, state.knowledge, &cache);
    for (const std::string& id : {cl.plugin, cl.room})
        if (!id.empty()) (void)finishPendingLoad(state.library, id, state.knowledge, &cache);
    if (!loaded.procedures) findProcedures(state, cl);
}

// The user's records: the autosave (offered for resuming), kept runs, an unfinished room.
void loadRecords(app::AppState& state, app::RecordStore& store, const LintCache& cache) {
    Diagnostics diags;
    app::StartupRecords records = store.load(diags);
    // The cases these records are of are loaded now (the rest after the first frame): the resume
    // offers and the kept runs are described from their scenarios, as before.
    auto need = [&](const nlohmann::json& session) {
        if (session.is_object() && session.contains("plugin") && session["plugin"].is_string())
            (void)finishPendingLoad(state.library, session["plugin"].get<std::string>(), state.knowledge, &cache);
    };
    if (records.autosave) need(records.autosave->session);
    for (const auto& k : records.keptRuns) need(k.session);
    for (const auto& room : records.rooms)
        if (!room.closed && !room.file.empty()) (void)finishPendingLoad(state.library, room.pluginId, state.knowledge, &cache);
    const std::vector<app::RoomRecord> rooms = records.rooms; // (adoptStartupRecords reads the last room's groups too)
    app::adoptStartupRecords(state, std::move(records));
    reportAll(state, diags, app::StatusKind::Warning); // the readers' messages say the file is kept

    // A room session left unfinished (the app was closed or crashed): offer to resume the newest one.
    Diagnostics roomDiags;
    for (const auto& room : rooms) {
        if (room.closed || room.file.empty()) continue;
        const int idx = app::findPlugin(state, room.pluginId);
        if (idx < 0) continue;
        const ScenarioPlugin& p = state.library[static_cast<size_t>(idx)];
        if (auto restored = roomFromJson(room.record, *p.scenario, p.manifest, roomDiags, room.file)) {
            state.roomResume = app::RoomResumeOffer{std::move(*restored), room.pluginId, room.file};
            break;
        }
    }
    reportAll(state, roomDiags, app::StatusKind::Warning, "Room record: ");
}

// The records database, with the JSON records of earlier versions taken in once. When it cannot be
// used (a read-only disk, another program holding it), records go to JSON files as before and the
// library says why: a run is never lost for want of a database.
std::unique_ptr<app::RecordStore> openRecordStore(app::AppState& state, const AppPaths& paths, app::FileWriter& writer,
                                                  const std::function<void(app::Command)>& report, bool screenshot,
                                                  app::StatementService& statements, const LintCache& cache) {
    auto files = [&] { return std::make_unique<app::JsonFileStore>(paths.stateDir, writer, report); };
    if (screenshot) return files(); // screenshots never read or write the user's records
    Diagnostics diags;
    auto db = app::RecordDatabase::open({paths.dataDir / app::kRecordsFileName}, diags);
    if (!db) {
        reportAll(state, diags, app::StatusKind::Warning);
        state.status.push_back({app::StatusKind::Warning,
                                "Your runs are saved as files in " + paths.stateDir.string() + " until the records can be opened.", "records"});
        return files();
    }
    if (db->networkJournal())
        state.status.push_back({app::StatusKind::Info,
                                "Your records are on a network drive: they are kept with a rollback journal there, which is safe but "
                                "slower. Only one computer should use them at a time.", "records"});
    // Statements for the organisation's learning record store (off unless lrs.json turns them on):
    // queued in the same transaction as each record (from the import on), sent by the statement
    // service's sender, which the settings screen restarts with new settings.
    if (state.lrs.settings.enabled && app::xapiSettingsProblem(state.lrs.settings).empty())
        db->setStatementOptions(state.lrs.settings.statements);
    const app::JsonImport imported = app::importJsonRecords(
        *db, paths.stateDir,
        [&state, &cache](const std::string& id, const nlohmann::json& session) {
            const std::string pluginId = session.is_object() && session.contains("plugin") && session["plugin"].is_string()
                                             ? session["plugin"].get<std::string>() : std::string();
            (void)finishPendingLoad(state.library, pluginId, state.knowledge, &cache); // once: the import runs once
            const int idx = app::findPlugin(state, pluginId);
            return app::runRecordFromJson(state.knowledge, idx >= 0 ? &state.library[static_cast<size_t>(idx)] : nullptr, id, session);
        },
        diags);
    reportAll(state, diags, app::StatusKind::Warning);
    if (!imported.alreadyDone && imported.runs + imported.rooms > 0)
        state.status.push_back({app::StatusKind::Info,
                                "Your earlier runs (" + std::to_string(imported.runs) + ") and room sessions (" +
                                    std::to_string(imported.rooms) + ") are now in your records. The old files are kept in " +
                                    paths.stateDir.string() + ".", "records"});
    // A save that worked may have queued statements: the sender looks at once instead of at its next poll.
    const fs::path dbFile = db->file();
    auto store = std::make_unique<app::SqliteStore>(std::move(db), [report, &statements](app::Command c) {
        if (const auto* saved = std::get_if<app::SaveFinished>(&c); saved && saved->ok) statements.wake();
        report(std::move(c));
    });
    statements.attach(dbFile, [s = store.get()](const std::function<void(app::RecordDatabase&)>& work) { s->withDatabase(work); });
    return store;
}

int run(int argc, char** argv) {
    const cli::CommandLine cl = cli::parseCommandLine(argc, argv);
    const bool screenshot = !cl.screenshot.empty();
    const AppPaths paths = appPaths();

    // Lint results kept between starts; screenshots read them but never write the user's files.
    const LintCache lintCache{paths.lintCache(), !screenshot};
    app::AppState state;
    const StartLoad loaded = loadSettingsAndCheck(state, cl, paths, screenshot);

    // The edge: commands from other threads, files written in order off the UI thread, exporters.
    app::CommandQueue queue(platform::wakeLoop);
    app::FileWriter writer(/*synchronous=*/screenshot);
    auto report = [&queue](app::Command c) { queue.post(std::move(c)); };
    // The learning record store's settings and sender (the settings screen changes them). Declared
    // before the store: it outlives the store's thread, which wakes it.
    app::StatementService statements({app::xapiSettingsFile(), !screenshot, false, {}}, report);
    std::unique_ptr<app::RecordStore> store; // opened beside the window
    app::ExporterRegistry exporters;
    app::registerBuiltinExporters(exporters);
    platform::MapPngTarget mapPng;
    platform::registerMapPngExporter(exporters, mapPng);
    std::optional<app::EffectRunner> runner; // made once the store is open, before the first frame
    std::optional<app::SpeechOutput> speech;
    platform::WindowOptions options;

    // The cases' manifests and the records are read while the window is made (the longest wait of the
    // start; see WindowOptions::besideWindow).
    options.besideWindow = [&] {
        loadContent(state, cl, screenshot, lintCache, loaded);
        if (!screenshot) {
            Diagnostics lrsDiags;
            state.lrs.settings = app::loadXapiSettings(app::xapiSettingsFile(), lrsDiags);
            reportAll(state, lrsDiags, app::StatusKind::Warning);
        }
        store = openRecordStore(state, paths, writer, report, screenshot, statements, lintCache);
        if (!screenshot && state.lrs.settings.enabled) statements.apply(state.lrs.settings, /*save=*/false); // starts sending
        if (!screenshot) loadRecords(state, *store, lintCache);
    };

    // Then the effect runner, and the start-up commands (author folder, scripted states), applied with
    // their effects carried out at once, except exports, which need the window (the map PNG is drawn by
    // GL) and are carried out after the first frame.
    options.beforeFirstFrame = [&]() -> std::vector<app::Effect> {
        std::vector<app::Effect> afterFirstFrame;
        app::EffectRunnerOptions runnerOptions{settingsFile(paths.configDir), paths.dataDir / "room-reports", !screenshot, true};
        runnerOptions.lintCache = lintCache;
        runner.emplace(std::move(runnerOptions), *store, exporters, queue, state.knowledge);
        // Self-voicing: the synthesiser is opened when speech is first used; the log is for tests.
        speech.emplace(platform::openSpeechService, app::speechLogFromEnvironment(), report);
        runner->setSpeech(&*speech);
        runner->setStatements(&statements);
        runner->setVoiceLister(platform::listSpeechVoices);
        if (!screenshot) {
            cli::installCrashBarrier(paths.stateDir, [&state] {
                // Best effort, straight to disk: the store's thread may be the one that failed. The next
                // start takes this file into the records (importJsonRecords).
                const ScenarioPlugin* p = app::selectedPlugin(state);
                if (!state.session || !p || !p->usable() || p->manifest.id != state.session->pluginId) return;
                Diagnostics ignored;
                nlohmann::json saved = sessionToJson(*state.session);
                if (!state.sessionRunId.empty()) saved["run_id"] = state.sessionRunId;
                (void)writeAutosave(autosaveFile(appPaths().stateDir), saved, ignored);
            });
        }
        // What an inline load posts (a folder loaded, then the editor's read and lint) is applied the same
        // way, a few links deep, so a start-up chain such as --author DIR --screen editor completes before
        // the first frame.
        std::function<bool(const app::Command&, int)> applyChain = [&](const app::Command& c, int depth) {
            app::Outcome o = app::apply(state, c, platform::nowMs());
            for (auto& e : o.effects) {
                if (std::holds_alternative<app::ExportDebrief>(e)) afterFirstFrame.push_back(std::move(e));
                else runner->run(e, state);
            }
            for (auto& posted : queue.drain()) {
                if (depth < 6) (void)applyChain(posted, depth + 1);
                else (void)app::apply(state, posted, platform::nowMs());
            }
            return o.applied;
        };
        auto applyNow = [&](const app::Command& c) { return applyChain(c, 0); };
        if (cl.theme) (void)applyNow(app::SetTheme{state.theme}); // a choice on the command line is remembered
        if (cl.uiScale) (void)applyNow(app::SetScale{*cl.uiScale});
        if (cl.speechRate) (void)applyNow(app::SetSpeechRate{*cl.speechRate});
        if (cl.speechVoice) (void)applyNow(app::SetSpeechVoice{*cl.speechVoice});
        if (!cl.authorDir.empty()) (void)applyNow(app::OpenAuthorFolder{cl.authorDir.string(), cl.editor});
        if (!cl.editNode.empty() && state.author && state.author->editor) {
            const OrderedJson* nodes = valueAt(state.author->editor->doc.scenario, "/nodes");
            for (size_t i = 0; nodes && nodes->is_array() && i < nodes->size(); ++i)
                if ((*nodes)[i].is_object() && (*nodes)[i].value("id", "") == cl.editNode)
                    (void)applyNow(app::SelectInEditor{wp::CaseFile::Scenario, "/nodes/" + std::to_string(i)});
            if (state.author->editor->selected.empty())
                (void)applyNow(app::Notice{app::StatusKind::Warning,
                                           "--node " + cl.editNode + ": the case has no node with that id; the editor shows the case's details "
                                           "(the outline lists every node).",
                                           "editor-node"});
        }
        if (!cl.caseFile.empty()) (void)applyNow(app::OpenCaseFile{cl.caseFile}); // checked, then the install question
        cli::applyScript(state, cl, applyNow);
        if (!cl.exportDir.empty()) { // what the screen's own Save button saves: a comparison when one is open
            if (state.screen == app::Screen::Compare) (void)applyNow(app::SaveComparison{cl.exportDir});
            else (void)applyNow(app::SaveReport{cl.exportDir});
        }
        cli::applyRoomScript(state, cl, applyNow);
        if (!cl.plugin.empty() || !cl.room.empty()) state.status.clear(); // a scripted state shows the screen, not notes
        // Speech on from the settings or --speak (for this run only): the first frame says where you are.
        if ((cl.speak || state.settings.speech) && !screenshot) (void)applyNow(app::SetSpeech{true, false});
        runner->flush();
        // The cases only listed so far are loaded and checked on a worker once the first frame is up; the
        // library shows them as "Checking..." until each arrives (PluginLoaded).
        app::LoadPendingPlugins load;
        for (const auto& p : state.library)
            if (p.pending) load.plugins.push_back(p);
        if (!load.plugins.empty()) afterFirstFrame.push_back(std::move(load));
        return afterFirstFrame;
    };

    // A scripted state (--plugin, --room) is checked before any window opens, as every command-line
    // mistake is: a usage error, not a window that opens and goes.
    if (!cl.plugin.empty() || !cl.room.empty()) {
        options.besideWindow();
        options.afterFirstFrame = options.beforeFirstFrame();
        options.besideWindow = nullptr;
        options.beforeFirstFrame = nullptr;
    }

    options.width = cl.width;
    options.height = cl.height;
    options.screenshotPath = cl.screenshot;
    options.screenshotFrames = cl.frames;
    options.projectorWindow = cl.projectorWindow;
    options.projectorScreenshotPath = cl.projectorScreenshot;
    options.showMap = cl.showMap;
    if (cl.reviewTab) options.authorTab = 3;
    options.debriefSection = cl.section;
    options.mapPng = &mapPng;
    options.fontCache = {paths.fontCache(), !screenshot}; // screenshots read it, as the lint cache
    if (!screenshot) {
        std::error_code ec;
        fs::create_directories(paths.stateDir, ec);
        options.iniFile = (paths.stateDir / "imgui.ini").string();
    }

    const int exitCode = platform::runWindow(state, options, queue, [&runner](const std::vector<app::Effect>& effects, const app::AppState& s) {
        if (runner) runner->runAll(effects, s);
    });
    // Closing: a reflection being typed is saved, and everything asked for reaches the disk. (No runner:
    // the window never opened, and nothing was started.)
    if (runner) {
        for (const auto& e : app::apply(state, app::Closing{}, platform::nowMs()).effects)
            if (!std::holds_alternative<app::ExportDebrief>(e)) runner->run(e, state);
        runner->flush();
    }
    statements.shutdown(); // before the store goes: its work runs on the store's thread
    return exitCode;
}

} // namespace

int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const std::exception& e) {
        (void)wp::cli::writeCrashNote(std::string("unexpected error: ") + e.what());
    } catch (...) {
        (void)wp::cli::writeCrashNote("unexpected error of an unknown type");
    }
    return 70;
}
