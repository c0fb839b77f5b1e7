// The edge where effects become real: files through the record store (written in order off the UI
// thread), settings, exports through the exporter registry, author mode's folder loading and watching.
// Results come back as commands on the queue (SaveFinished, AuthorFolderLoaded, ExportFinished, Notice),
// never by changing the state directly.
#pragma once
#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "wholepicture/app/command_queue.h"
#include "wholepicture/app/effects.h"
#include "wholepicture/app/exporters.h"
#include "wholepicture/app/record_store.h"
#include "wholepicture/app/speech.h"
#include "wholepicture/app/statement_service.h"
#include "wholepicture/app/state.h"
#include "wholepicture/core/knowledge.h"
#include "wholepicture/core/lint_cache.h"

namespace wp {
class FolderWatchThread;
}

namespace wp::app {

struct EffectRunnerOptions {
    std::filesystem::path settingsFile;
    std::filesystem::path roomReportsDir;  // where a room's export goes
    bool writeUserFiles = true;            // false for screenshots: no record, setting or autosave is touched
    bool loadFoldersInline = false;        // author folders loaded on the calling thread (screenshots, tests)
    std::string folderOpener = "xdg-open"; // what RevealFolder runs (a name looked up in PATH, or a path)
    std::filesystem::path pluginsDir;      // where InstallCase installs ("": the user's, appPaths().userPlugins())
    LintCache lintCache{};                 // LoadPendingPlugins keeps and reuses lint results here (no dir: none)
};

class EffectRunner {
public:
    EffectRunner(EffectRunnerOptions options, RecordStore& store, const ExporterRegistry& exporters, CommandQueue& queue,
                 KnowledgeBase knowledge);
    ~EffectRunner();
    EffectRunner(const EffectRunner&) = delete;
    EffectRunner& operator=(const EffectRunner&) = delete;

    // Carries out one effect. `state` is the state after the command that asked for it (exports read
    // the debrief from it). Call on the UI thread.
    void run(const Effect& effect, const AppState& state);
    void runAll(const std::vector<Effect>& effects, const AppState& state);
    // Everything asked for is on disk (before exit, and in tests).
    void flush();
    // Waits for the work started on threads of their own (LoadPendingPlugins, loads, listings) to end:
    // for tests and scripts, never the UI loop.
    void waitForBackgroundWork();
    // Where Speak, StopSpeaking and ConfigureSpeech go (nullptr: nowhere; the runner does not own it).
    void setSpeech(SpeechOutput* speech) { m_speech = speech; }
    // Where ApplyLrsSettings, SendLrsTest and RequeueLrsStatements go (not owned).
    void setStatements(StatementService* statements) { m_statements = statements; }
    // How ListVoices lists the synthesiser's voices (run on a thread of its own; may be empty).
    void setVoiceLister(std::function<std::vector<std::string>()> lister) { m_listVoices = std::move(lister); }

private:
    void loadAuthor(std::filesystem::path dir, bool opening, bool thenEdit = false);
    void watch(const std::filesystem::path& dir);
    void stopWatching();
    void revealFolder(const std::string& folder);
    // Work that reads or writes files for a command: inline with loadFoldersInline, else on a thread
    // of its own (joined at exit). Whatever it meets is posted as a Notice, never thrown.
    void background(std::function<void()> work, std::string what);
    [[nodiscard]] std::filesystem::path pluginsDir() const;
    void checkCaseFile(const std::string& typed);
    void loadPending(std::vector<ScenarioPlugin> plugins);
    void installCase(const std::string& typed, bool replace);
    void writeReviewSheet(const std::filesystem::path& dir, const std::string& typedFolder, const std::string& id);
    void readReviewSheet(const std::filesystem::path& dir, const std::string& typedCsv, bool dryRun);
    void writeCasePack(const std::filesystem::path& dir, const std::string& typedFolder);
    // The case editor (effect_runner_editor.cpp).
    void readCaseDraft(const std::filesystem::path& dir, bool refresh);
    void writeNewCase(const WriteNewCase& job, bool write);
    void lintCaseDraft(LintCaseDraft job);
    void keepOrForgetDraft(const LintCaseDraft& job);
    void writeCaseDraft(const WriteCaseDraft& job, bool write);
    void lintLoop();

    EffectRunnerOptions m_options;
    RecordStore& m_store;
    const ExporterRegistry& m_exporters;
    CommandQueue& m_queue;
    const KnowledgeBase m_knowledge; // a read-only copy for the worker threads
    SpeechOutput* m_speech = nullptr;
    StatementService* m_statements = nullptr;
    std::function<std::vector<std::string>()> m_listVoices;
    void retire(std::thread worker);

    std::unique_ptr<FolderWatchThread> m_watcher;
    // Loads and stopped watchers finish on their own threads, joined only at exit: the UI thread never
    // waits for a load of a large case (about a second) to end (code review "Threads").
    std::vector<std::thread> m_workers;
    // Set when the runner goes: long background loops (LoadPendingPlugins) stop between items.
    std::atomic<bool> m_stopping{false};
    // The case editor's lint: one thread, started on first use, and one waiting draft. A draft typed
    // while another is being linted replaces the waiting one, so a fast typist never queues up lints.
    std::mutex m_lintMutex;
    std::condition_variable m_lintWake;
    std::optional<LintCaseDraft> m_lintJob;
    bool m_warnedDraftCopy = false; // the safety copy of a draft could not be written (said once)
    std::thread m_lintThread;
};

// "~/x" and relative paths as a person means them: absolute, normalised, without a trailing slash.
[[nodiscard]] std::filesystem::path resolveUserPath(const std::string& typed);

} // namespace wp::app
