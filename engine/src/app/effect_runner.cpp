#include "wholepicture/app/effect_runner.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

#include "wholepicture/core/author_mode.h"
#include "wholepicture/core/case_pack.h"
#include "wholepicture/core/file_watcher.h"
#include "wholepicture/core/json_file.h"
#include "wholepicture/core/loader.h"
#include "wholepicture/core/paths.h"
#include "wholepicture/core/settings.h"
#include "wholepicture/core/strings_table.h"
#include "wholepicture/core/unsaved_draft.h"

namespace wp::app {

namespace fs = std::filesystem;

fs::path resolveUserPath(const std::string& typed) {
    fs::path dir = typed;
    if ((typed == "~" || typed.rfind("~/", 0) == 0) && std::getenv("HOME"))
        dir = fs::path(std::getenv("HOME")) / typed.substr(std::min<size_t>(2, typed.size()));
    std::error_code ec;
    fs::path absolute = fs::absolute(dir, ec);
    if (ec) absolute = dir;
    absolute = absolute.lexically_normal();
    return absolute.has_filename() ? absolute : absolute.parent_path();
}

EffectRunner::EffectRunner(EffectRunnerOptions options, RecordStore& store, const ExporterRegistry& exporters,
                           CommandQueue& queue, KnowledgeBase knowledge)
    : m_options(std::move(options)), m_store(store), m_exporters(exporters), m_queue(queue), m_knowledge(std::move(knowledge)) {}

EffectRunner::~EffectRunner() {
    m_stopping = true;
    {
        std::lock_guard lock(m_lintMutex);
        m_lintJob.reset();
    }
    m_lintWake.notify_all();
    if (m_lintThread.joinable()) m_lintThread.join();
    m_watcher.reset();
    for (auto& w : m_workers)
        if (w.joinable()) w.join();
    flush();
}

void EffectRunner::retire(std::thread worker) { m_workers.push_back(std::move(worker)); }

void EffectRunner::flush() { m_store.flush(); }

void EffectRunner::runAll(const std::vector<Effect>& effects, const AppState& state) {
    for (const auto& e : effects) run(e, state);
}

void EffectRunner::loadAuthor(fs::path dir, bool opening, bool thenEdit) {
    auto work = [this, dir, opening, thenEdit]() {
        // A thread entry: nothing it meets may end the process (the barrier the reliability review asks for).
        try {
            AuthorLoad load = loadAuthorFolder(dir, m_knowledge);
            m_queue.post(AuthorFolderLoaded{dir, std::move(load), opening, {}, thenEdit});
        } catch (const std::exception& e) {
            m_queue.post(Notice{StatusKind::Error, "Could not load " + dir.string() + ": " + e.what(), "author-load"});
        } catch (...) {
            m_queue.post(Notice{StatusKind::Error, "Could not load " + dir.string() + ".", "author-load"});
        }
    };
    if (m_options.loadFoldersInline) work();
    else retire(std::thread(work));
}

void EffectRunner::background(std::function<void()> work, std::string what) {
    auto guarded = [this, work = std::move(work), what = std::move(what)] {
        try {
            work();
        } catch (const std::exception& e) {
            m_queue.post(Notice{StatusKind::Error, "Could not " + what + ": " + e.what(), "share"});
        } catch (...) {
            m_queue.post(Notice{StatusKind::Error, "Could not " + what + ".", "share"});
        }
    };
    if (m_options.loadFoldersInline)
        guarded();
    else
        retire(std::thread(guarded));
}

fs::path EffectRunner::pluginsDir() const {
    return m_options.pluginsDir.empty() ? appPaths().userPlugins() : m_options.pluginsDir;
}

namespace {

// `folder`/`stem``ext`, or with "-2", "-3"... when that name is taken: a reviewer's edited sheet in
// the same folder is never overwritten.
fs::path freshName(const fs::path& folder, const std::string& stem, const std::string& ext) {
    std::error_code ec;
    fs::path file = folder / (stem + ext);
    for (int n = 2; fs::exists(fs::symlink_status(file, ec)) && n < 1000; ++n)
        file = folder / (stem + "-" + std::to_string(n) + ext);
    return file;
}

bool makeFolder(const fs::path& folder, Diagnostics& diags) {
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (!fs::is_directory(folder, ec)) {
        diags.push_back({Severity::Error, folder.string(), 0, 0, "",
                         "cannot create this folder (" + (ec ? ec.message() : std::string("a file has its name")) +
                             "); choose another folder"});
        return false;
    }
    return true;
}

} // namespace

void EffectRunner::checkCaseFile(const std::string& typed) {
    const fs::path file = resolveUserPath(typed);
    background(
        [this, file] {
            CaseFileChecked out;
            out.path = file.string();
            auto pack = loadCasePack(file, out.diagnostics);
            if (pack) {
                out.id = pack->id;
                out.title = pack->title;
                out.version = pack->version;
                InstallReport report = previewCasePackInstall(*pack, pluginsDir(), m_knowledge, out.diagnostics);
                out.outcome = report.outcome;
                out.folder = report.folder.string();
                out.existingFolder = report.existingFolder.string();
                out.existingVersion = report.existingVersion;
            }
            m_queue.post(std::move(out));
        },
        "check " + file.string());
}

// Always on a thread of its own (even with loadFoldersInline): this is what the first frame must not
// wait for. Each case is posted as soon as it is loaded, so the library fills in card by card.
void EffectRunner::loadPending(std::vector<ScenarioPlugin> plugins) {
    retire(std::thread([this, plugins = std::move(plugins)] {
        for (const ScenarioPlugin& p : plugins) {
            if (m_stopping) return; // the app is closing: the rest is loaded at the next start
            if (!p.pending) continue;
            try {
                m_queue.post(PluginLoaded{finishLoad(p, m_knowledge, &m_options.lintCache)});
            } catch (const std::exception& e) {
                m_queue.post(Notice{StatusKind::Error, "Could not load " + p.dir.string() + ": " + e.what(), "plugin-load"});
            } catch (...) {
                m_queue.post(Notice{StatusKind::Error, "Could not load " + p.dir.string() + ".", "plugin-load"});
            }
        }
    }));
}

void EffectRunner::waitForBackgroundWork() {
    for (auto& w : m_workers)
        if (w.joinable()) w.join();
    m_workers.clear();
}

void EffectRunner::installCase(const std::string& typed, bool replace) {
    const fs::path file = resolveUserPath(typed);
    background(
        [this, file, replace] {
            CaseFileInstalled out;
            out.path = file.string();
            auto pack = loadCasePack(file, out.diagnostics);
            if (pack) {
                out.id = pack->id;
                out.title = pack->title;
                out.version = pack->version;
                InstallReport report = installCasePack(*pack, pluginsDir(), m_knowledge, replace, out.diagnostics);
                out.outcome = report.outcome;
                out.folder = report.folder.string();
                out.existingVersion = report.existingVersion;
                if (report.outcome == InstallOutcome::Installed || report.outcome == InstallOutcome::Replaced)
                    out.plugin = loadPlugin(report.folder, m_knowledge, PluginOrigin::User);
            }
            m_queue.post(std::move(out));
        },
        "install " + file.string());
}

void EffectRunner::writeReviewSheet(const fs::path& dir, const std::string& typedFolder, const std::string& id) {
    const fs::path folder = resolveUserPath(typedFolder);
    background(
        [this, dir, folder, id] {
            ReviewSheetExported out;
            out.dir = dir;
            auto texts = collectReaderTexts(dir, out.diagnostics);
            if (texts && makeFolder(folder, out.diagnostics)) {
                const fs::path file = freshName(folder, id + "-review", ".csv");
                if (writeFileAtomically(file, readerTextsToCsv(*texts), out.diagnostics)) {
                    out.ok = true;
                    out.file = file.string();
                    out.texts = texts->size();
                }
            }
            m_queue.post(std::move(out));
        },
        "write the review sheet");
}

void EffectRunner::readReviewSheet(const fs::path& dir, const std::string& typedCsv, bool dryRun) {
    const fs::path csv = resolveUserPath(typedCsv);
    background(
        [this, dir, csv, dryRun] {
            ReviewSheetRead out;
            out.dir = dir;
            out.csv = csv.string();
            out.dryRun = dryRun;
            if (auto text = readFileSafely(csv, out.diagnostics, csv.string()))
                // In the app the fresh sheet comes from the Review tab's button, not the command line.
                out.summary = importReaderTexts(dir, *text, csv.string(), dryRun, out.diagnostics,
                                                "use \"Export texts for review\" in the Review tab");
            m_queue.post(std::move(out));
        },
        "read the review sheet " + csv.string());
}

void EffectRunner::writeCasePack(const fs::path& dir, const std::string& typedFolder) {
    const fs::path folder = resolveUserPath(typedFolder);
    background(
        [this, dir, folder] {
            AuthorCasePacked out;
            out.dir = dir;
            auto pack = packPluginFolder(dir, m_knowledge, out.diagnostics);
            if (pack && makeFolder(folder, out.diagnostics)) {
                const fs::path file =
                    folder / (pack->id + (pack->version.empty() ? "" : "-" + pack->version) + kCasePackExtension);
                if (writeFileAtomically(file, casePackJson(*pack), out.diagnostics)) {
                    out.ok = true;
                    out.file = file.string();
                    out.files = pack->files.size();
                }
            }
            m_queue.post(std::move(out));
        },
        "pack the case");
}

void EffectRunner::watch(const fs::path& dir) {
    stopWatching();
    m_watcher = std::make_unique<FolderWatchThread>(dir, [this, dir](std::vector<std::string> names) {
        const bool overflow = std::find(names.begin(), names.end(), kWatchOverflow) != names.end();
        if (!overflow && !anyPluginSourceChange(names)) return;
        try {
            m_queue.post(AuthorFolderLoaded{dir, loadAuthorFolder(dir, m_knowledge), false, {}});
        } catch (...) {
            m_queue.post(Notice{StatusKind::Error, "Could not reload " + dir.string() + ".", "author-load"});
        }
    });
    if (!m_watcher->ok())
        m_queue.post(Notice{StatusKind::Warning, "Changes to " + dir.string() + " are not picked up by themselves (" +
                                                     m_watcher->error() + "); use Reload after saving.",
                            "author-watch"});
}

void EffectRunner::stopWatching() {
    // Its thread may be in the middle of a load: it ends on a thread of its own.
    if (m_watcher) retire(std::thread([w = std::move(m_watcher)]() mutable { w.reset(); }));
}

namespace {

// `name` as the shell would find it: a path as it is, a bare name in $PATH ("" when it is nowhere).
std::string findProgram(const std::string& name) {
    std::error_code ec;
    if (name.find('/') != std::string::npos) return fs::exists(name, ec) ? name : std::string();
    const char* path = std::getenv("PATH");
    std::string dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
    size_t start = 0;
    while (start <= dirs.size()) {
        const size_t end = std::min(dirs.find(':', start), dirs.size());
        const fs::path candidate = fs::path(dirs.substr(start, end - start).empty() ? "." : dirs.substr(start, end - start)) / name;
        if (::access(candidate.c_str(), X_OK) == 0 && !fs::is_directory(candidate, ec)) return candidate.string();
        start = end + 1;
    }
    return {};
}

} // namespace

// The folder opens in the file manager. The opener is started by a shell that puts it in the
// background and ends at once: the UI thread never waits, and neither does exit (a file manager that
// stays in the foreground of xdg-open is not joined). Output goes nowhere.
void EffectRunner::revealFolder(const std::string& folder) {
    const std::string opener = findProgram(m_options.folderOpener);
    if (opener.empty()) {
        m_queue.post(Notice{StatusKind::Warning,
                            "Cannot open the folder: " + m_options.folderOpener +
                                " is not installed (on Debian and Ubuntu it is in the package xdg-utils). The report is in " + folder + ".",
                            "open-folder"});
        return;
    }
    // A folder named like an option ("-x") is passed as a path, never as one.
    const std::string target = !folder.empty() && folder.front() == '-' ? "./" + folder : folder;
    retire(std::thread([opener, folder, target, &queue = m_queue] {
        try {
            const char* argv[] = {"/bin/sh", "-c", "\"$0\" \"$1\" </dev/null >/dev/null 2>&1 &", opener.c_str(), target.c_str(), nullptr};
            pid_t pid = 0;
            if (::posix_spawn(&pid, "/bin/sh", nullptr, nullptr, const_cast<char* const*>(argv), environ) != 0) {
                queue.post(Notice{StatusKind::Warning, "Could not open the folder " + folder + ".", "open-folder"});
                return;
            }
            int status = 0;
            while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
            }
        } catch (...) {
        }
    }));
}

void EffectRunner::run(const Effect& effect, const AppState& state) {
    const bool write = m_options.writeUserFiles;
    struct Visitor {
        EffectRunner& r;
        const AppState& s;
        bool write;
        void operator()(const SaveProgress& e) { if (write) r.m_store.saveProgress(e.run); }
        void operator()(const ClearProgress&) { if (write) r.m_store.clearProgress(); }
        void operator()(const KeepRun& e) { if (write) r.m_store.keepRun(e.run); }
        void operator()(const DeleteRun& e) { if (write) r.m_store.deleteRun(e.id); }
        void operator()(const SaveRoomRecord& e) { if (write) r.m_store.saveRoom(e.room); }
        void operator()(const ChangeProfile& e) { if (write) r.m_store.switchProfile(e.id); }
        void operator()(const CreateProfile& e) { if (write) r.m_store.addProfile(e.name); }
        void operator()(const SetProfileName& e) { if (write) r.m_store.renameProfile(e.id, e.name); }
        void operator()(const EraseProfileRecords& e) { if (write) r.m_store.deleteProfileRecords(e.id); }
        void operator()(const ReadRun& e) { r.m_store.loadRun(e.id); }
        void operator()(const ReadRoom& e) { r.m_store.loadRoom(e.id); }
        void operator()(const WriteRecordsExport& e) { r.m_store.exportProfile(e.file); }
        void operator()(const WriteTrainingRecord& e) { r.m_store.exportTrainingRecord(e.file, e.includeReflections, e.nowMs); }
        void operator()(const SaveSettingsFile& e) {
            if (!write) return;
            Diagnostics diags;
            if (!saveSettings(r.m_options.settingsFile, e.settings, diags) && !diags.empty())
                r.m_queue.post(SaveFinished{SaveTarget::Settings, false, formatDiagnostic(diags.front())});
        }
        void operator()(const ExportDebrief& e) {
            const ScenarioPlugin* p = selectedPlugin(s);
            if (!p || !p->usable() || !s.session || !s.debrief) {
                r.m_queue.post(Notice{StatusKind::Error, "There is no debrief to save yet.", "export"});
                return;
            }
            ExportFinished done = runExporters(r.m_exporters, ExportSubject::Debrief, {s, *p}, e.folder, exportBaseName(*s.session));
            done.report = true;
            r.m_queue.post(std::move(done));
        }
        void operator()(const ExportComparison& e) {
            const ScenarioPlugin* p = selectedPlugin(s);
            if (!p || !p->usable() || !canCompare(s)) {
                r.m_queue.post(Notice{StatusKind::Error, "There is no comparison to save yet.", "export"});
                return;
            }
            ExportFinished done = runExporters(r.m_exporters, ExportSubject::Comparison, {s, *p}, e.folder,
                                               comparisonBaseName(*s.firstRun, *s.session));
            done.report = true;
            done.comparison = true;
            r.m_queue.post(std::move(done));
        }
        void operator()(const RevealFolder& e) { r.revealFolder(e.folder); }
        void operator()(const ExportRoom& e) {
            const ScenarioPlugin* p = roomPlugin(s);
            if (!p || !s.room) return;
            const fs::path folder = e.folder.empty() ? r.m_options.roomReportsDir : fs::path(e.folder);
            // Named like the record (an app-generated id), never from the record's content.
            const std::string base = s.room->recordFile.empty() ? std::string("room") : s.room->recordFile.stem().string();
            r.m_queue.post(runExporters(r.m_exporters, ExportSubject::Room, {s, *p}, folder, base));
        }
        void operator()(const LoadAuthorFolder& e) {
            const fs::path dir = resolveUserPath(e.path);
            r.loadAuthor(dir, true, e.thenEdit);
            std::error_code ec;
            if (fs::is_regular_file(dir / "plugin.json", ec)) r.watch(dir); // never a walk of some other tree
        }
        void operator()(const ReloadAuthorFolderFiles& e) { r.loadAuthor(e.dir, false); }
        void operator()(const StopWatchingFolder&) { r.stopWatching(); }
        void operator()(const QuitApp&) { r.flush(); }
        void operator()(const CheckCaseFile& e) { r.checkCaseFile(e.path); }
        void operator()(const InstallCase& e) {
            // Screenshots never change the user's files: the question can be shown, not answered.
            if (!write) {
                r.m_queue.post(Notice{StatusKind::Warning,
                                      "Not installed: this run of the app does not change your files.", "install"});
                return;
            }
            r.installCase(e.path, e.replace);
        }
        void operator()(const LoadPendingPlugins& e) { r.loadPending(e.plugins); }
        void operator()(const WriteReviewSheet& e) { r.writeReviewSheet(e.dir, e.folder, e.id); }
        void operator()(const ReadReviewSheet& e) { r.readReviewSheet(e.dir, e.csv, e.dryRun); }
        void operator()(const WriteCasePack& e) { r.writeCasePack(e.dir, e.folder); }
        void operator()(const WriteNewCase& e) { r.writeNewCase(e, write); }
        void operator()(const ReadCaseDraft& e) { r.readCaseDraft(e.dir, e.refresh); }
        // Screenshots keep no copy of a draft: they only lint it.
        void operator()(const LintCaseDraft& e) {
            LintCaseDraft job = e;
            if (!write) job.copy = DraftCopy::Leave;
            r.lintCaseDraft(std::move(job));
        }
        void operator()(const ForgetUnsavedDraft& e) {
            if (write) forgetUnsavedDraft(appPaths().stateDir, e.dir);
        }
        void operator()(const WriteCaseDraft& e) { r.writeCaseDraft(e, write); }
        // Speech is not a user file: screenshots stay silent only because nothing turns speech on.
        void operator()(const Speak& e) { if (r.m_speech) r.m_speech->speak(e.text, e.interrupt); }
        void operator()(const StopSpeaking&) { if (r.m_speech) r.m_speech->stop(); }
        void operator()(const ConfigureSpeech& e) { if (r.m_speech) r.m_speech->configure(e.rate, e.voice); }
        // The learning record store: the statement service (which writes lrs.json only when it may).
        void operator()(const ApplyLrsSettings& e) {
            if (r.m_statements) r.m_statements->apply(e.settings, /*save=*/true);
            else r.m_queue.post(LrsSettingsApplied{false, false, "Not saved: statements cannot be sent from here."});
        }
        void operator()(const SendLrsTest& e) {
            if (r.m_statements) r.m_statements->test(e.settings, e.profile, e.nowMs);
            else r.m_queue.post(LrsTestFinished{{false, "Not sent: statements cannot be sent from here."}});
        }
        void operator()(const RequeueLrsStatements&) { if (r.m_statements) r.m_statements->requeueQuarantined(); }
        // Listing may start a program and wait for it: never on the UI thread.
        void operator()(const ListVoices&) {
            if (!r.m_listVoices) {
                r.m_queue.post(VoicesListed{});
                return;
            }
            r.retire(std::thread([lister = r.m_listVoices, &queue = r.m_queue] {
                std::vector<std::string> voices;
                try {
                    voices = lister();
                } catch (...) {
                }
                queue.post(VoicesListed{std::move(voices)});
            }));
        }
    };
    std::visit(Visitor{*this, state, write}, effect);
}

} // namespace wp::app
