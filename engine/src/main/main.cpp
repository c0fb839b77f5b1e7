// Composition root: wiring only. It reads the command line, loads what the app starts with (knowledge
// base, plugins, settings, records), builds the edge (record store, writer thread, exporters, effect
// runner, command queue) and hands the state to the window loop. Everything that changes the state is
// a command applied by app::apply; everything that touches the world is an effect run by the runner.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>

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

// What the app starts with: the knowledge base, the plugins, the settings.
void loadStart(app::AppState& state, const cli::CommandLine& cl, const AppPaths& paths, bool screenshot) {
    Diagnostics kbDiags;
    state.knowledge = loadKnowledgeBase(findBundled("content"), kbDiags);
    for (const auto& d : kbDiags)
        if (d.severity == Severity::Error) state.status.push_back({app::StatusKind::Error, formatDiagnostic(d), {}});
    for (const auto& d : cl.pluginDirs) {
        std::error_code ec;
        if (!fs::is_directory(d, ec)) cli::usageError("--plugins: '" + d.string() + "' is not a directory");
    }
    state.library = discoverPlugins(pluginSearchPath(cl.pluginDirs), state.knowledge);
    state.procedures = discoverProceduresPacks(pluginSearchPath(cl.pluginDirs), state.knowledge);
    for (const auto& pack : state.procedures)
        reportAll(state, pack.diagnostics, app::StatusKind::Warning, "Local procedures pack: ");

    // Screenshots are reproducible: they ignore and never write the user's files.
    if (!screenshot) {
        Diagnostics diags;
        state.settings = loadSettings(settingsFile(paths.configDir), diags);
        reportAll(state, diags, app::StatusKind::Warning);
    }
    if (cl.theme) state.settings.theme = *cl.theme;
    if (cl.procedures) {
        const std::string id = *cl.procedures == "national" ? std::string() : *cl.procedures;
        if (!id.empty() && !findPack(state.procedures, id)) {
            std::string known;
            for (const auto& p : state.procedures)
                if (p.usable()) known += (known.empty() ? "" : ", ") + p.id;
            cli::usageError("--procedures: no usable local procedures pack '" + id + "' in the plugin folders; found: " +
                            (known.empty() ? std::string("none") : known) + " (or \"national\")");
        }
        state.settings.procedures = id;
    }
    if (cl.uiScale) state.settings.uiScale = *cl.uiScale;
    state.theme = state.settings.theme == "light" ? app::Theme::Light : app::Theme::Dark;
    state.uiScale = state.settings.uiScale > 0 ? state.settings.uiScale : 0.0f; // 0: follow the monitor
    state.uiScaleChosen = state.settings.uiScale > 0;
    state.roomsDir = roomsDir(paths.stateDir);
    state.reportsDir = defaultReportsDir(paths).string();
}

// The user's records: the autosave (offered for resuming), kept runs, an unfinished room.
void loadRecords(app::AppState& state, app::RecordStore& store) {
    Diagnostics diags;
    app::StartupRecords records = store.load(diags);
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
                                                  app::StatementService& statements) {
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
        [&state](const std::string& id, const nlohmann::json& session) {
            const int idx = app::findPlugin(state, session.is_object() && session.contains("plugin") && session["plugin"].is_string()
                                                       ? session["plugin"].get<std::string>() : std::string());
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

    app::AppState state;
    loadStart(state, cl, paths, screenshot);

    // The edge: commands from other threads, files written in order off the UI thread, exporters.
    app::CommandQueue queue(platform::wakeLoop);
    app::FileWriter writer(/*synchronous=*/screenshot);
    auto report = [&queue](app::Command c) { queue.post(std::move(c)); };
    // The learning record store's settings and sender (the settings screen changes them). Declared
    // before the store: it outlives the store's thread, which wakes it.
    app::StatementService statements({app::xapiSettingsFile(), !screenshot, false, {}}, report);
    if (!screenshot) {
        Diagnostics lrsDiags;
        state.lrs.settings = app::loadXapiSettings(app::xapiSettingsFile(), lrsDiags);
        reportAll(state, lrsDiags, app::StatusKind::Warning);
    }
    std::unique_ptr<app::RecordStore> store = openRecordStore(state, paths, writer, report, screenshot, statements);
    if (!screenshot && state.lrs.settings.enabled) statements.apply(state.lrs.settings, /*save=*/false); // starts sending
    app::ExporterRegistry exporters;
    app::registerBuiltinExporters(exporters);
    platform::MapPngTarget mapPng;
    platform::registerMapPngExporter(exporters, mapPng);
    app::EffectRunner runner({settingsFile(paths.configDir), paths.dataDir / "room-reports", !screenshot, true}, *store,
                             exporters, queue, state.knowledge);
    // Self-voicing: the synthesiser is opened when speech is first used; the log is for tests.
    app::SpeechOutput speech(platform::openSpeechService, app::speechLogFromEnvironment(), report);
    runner.setSpeech(&speech);
    runner.setStatements(&statements);
    runner.setVoiceLister(platform::listSpeechVoices);
    if (!screenshot) {
        loadRecords(state, *store);
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

    // Start-up commands (author folder, scripted states) are applied now, their effects carried out at
    // once, except exports, which need the window (the map PNG is drawn by GL).
    platform::WindowOptions options;
    auto applyNow = [&](const app::Command& c) {
        app::Outcome o = app::apply(state, c, platform::nowMs());
        for (auto& e : o.effects) {
            if (std::holds_alternative<app::ExportDebrief>(e)) options.afterFirstFrame.push_back(std::move(e));
            else runner.run(e, state);
        }
        for (auto& posted : queue.drain()) (void)app::apply(state, posted, platform::nowMs()); // inline loads
        return o.applied;
    };
    if (cl.theme) (void)applyNow(app::SetTheme{state.theme}); // a choice on the command line is remembered
    if (cl.uiScale) (void)applyNow(app::SetScale{*cl.uiScale});
    if (cl.speechRate) (void)applyNow(app::SetSpeechRate{*cl.speechRate});
    if (cl.speechVoice) (void)applyNow(app::SetSpeechVoice{*cl.speechVoice});
    if (!cl.authorDir.empty()) (void)applyNow(app::OpenAuthorFolder{cl.authorDir.string()});
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
    runner.flush();

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
    if (!screenshot) {
        std::error_code ec;
        fs::create_directories(paths.stateDir, ec);
        options.iniFile = (paths.stateDir / "imgui.ini").string();
    }

    const int exitCode = platform::runWindow(state, options, queue, [&runner](const std::vector<app::Effect>& effects,
                                                                              const app::AppState& s) { runner.runAll(effects, s); });
    // Closing: a reflection being typed is saved, and everything asked for reaches the disk.
    for (const auto& e : app::apply(state, app::Closing{}, platform::nowMs()).effects)
        if (!std::holds_alternative<app::ExportDebrief>(e)) runner.run(e, state);
    runner.flush();
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
