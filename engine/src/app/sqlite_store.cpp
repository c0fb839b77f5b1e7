#include "wholepicture/app/sqlite_store.h"

#include <chrono>

#include "wholepicture/app/training_record.h"
#include "wholepicture/core/json_file.h"
#include "wholepicture/core/settings.h"

namespace wp::app {

namespace fs = std::filesystem;

SqliteStore::SqliteStore(std::unique_ptr<RecordDatabase> db, std::function<void(Command)> report, bool synchronous)
    : m_db(std::move(db)), m_report(std::move(report)), m_synchronous(synchronous) {
    if (!m_synchronous) m_thread = std::thread([this] { run(); });
}

SqliteStore::~SqliteStore() {
    flush();
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable()) m_thread.join();
}

void SqliteStore::enqueue(Job job) {
    if (m_synchronous) {
        job.work(*m_db);
        return;
    }
    {
        std::lock_guard lock(m_mutex);
        if (!job.mergeKey.empty() && !m_jobs.empty() && m_jobs.back().mergeKey == job.mergeKey)
            m_jobs.back() = std::move(job); // the later save carries the whole run
        else
            m_jobs.push_back(std::move(job));
    }
    m_wake.notify_one();
}

void SqliteStore::run() {
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [this] { return m_stop || !m_jobs.empty(); });
        if (m_jobs.empty()) {
            if (m_stop) return;
            continue;
        }
        Job job = std::move(m_jobs.front());
        m_jobs.pop_front();
        m_busy = true;
        lock.unlock();
        // A thread entry: nothing a job meets may end the process.
        try {
            job.work(*m_db);
        } catch (const std::exception& e) {
            if (m_report) m_report(SaveFinished{SaveTarget::Progress, false, std::string("Could not save to the records: ") + e.what()});
        } catch (...) {
            if (m_report) m_report(SaveFinished{SaveTarget::Progress, false, "Could not save to the records."});
        }
        lock.lock();
        m_busy = false;
        if (m_jobs.empty()) m_idle.notify_all();
    }
}

void SqliteStore::flush() {
    if (m_synchronous) return;
    std::unique_lock lock(m_mutex);
    m_idle.wait(lock, [this] { return m_jobs.empty() && !m_busy; });
}

void SqliteStore::withDatabase(const std::function<void(RecordDatabase&)>& work) {
    if (m_synchronous) {
        work(*m_db);
        return;
    }
    std::mutex done;
    std::condition_variable cv;
    bool finished = false;
    enqueue({"", [&](RecordDatabase& db) {
                 work(db);
                 std::lock_guard lock(done);
                 finished = true;
                 cv.notify_all();
             }});
    std::unique_lock lock(done);
    cv.wait(lock, [&] { return finished; });
}

std::function<void(RecordDatabase&)> SqliteStore::saving(SaveTarget target, std::function<bool(RecordDatabase&, Diagnostics&)> body) {
    auto report = m_report;
    return [report, target, body = std::move(body)](RecordDatabase& db) {
        Diagnostics diags;
        const bool ok = body(db, diags);
        if (!report) return;
        std::string message;
        for (const auto& d : diags) message += (message.empty() ? "" : " ") + formatDiagnostic(d);
        report(SaveFinished{target, ok, message});
    };
}

StartupRecords SqliteStore::load(Diagnostics&) {
    StartupRecords out;
    withDatabase([&](RecordDatabase& db) { out = db.startup(); });
    return out;
}

void SqliteStore::saveProgress(const RunRecord& run) {
    enqueue({"progress:" + run.id,
             saving(SaveTarget::Progress, [run](RecordDatabase& db, Diagnostics& d) { return db.saveRun(run, RunStatus::Current, d); })});
}

void SqliteStore::clearProgress() {
    enqueue({"", saving(SaveTarget::Progress, [](RecordDatabase& db, Diagnostics& d) { return db.clearCurrent(d); })});
}

void SqliteStore::keepRun(const RunRecord& run) {
    enqueue({"", saving(SaveTarget::KeptRun, [run](RecordDatabase& db, Diagnostics& d) { return db.saveRun(run, RunStatus::Kept, d); })});
}

void SqliteStore::deleteRun(const std::string& id) {
    enqueue({"", saving(SaveTarget::KeptRun, [id](RecordDatabase& db, Diagnostics& d) { return db.deleteRun(id, d); })});
}

void SqliteStore::saveRoom(const RoomRecord& room) {
    enqueue({"room:" + room.id, saving(SaveTarget::Room, [room](RecordDatabase& db, Diagnostics& d) { return db.saveRoom(room, d); })});
}

// [SECTION] Profiles and the history

namespace {

void reportProblem(const std::function<void(Command)>& report, const Diagnostics& diags, const std::string& what) {
    if (!report) return;
    std::string message = what;
    for (const auto& d : diags) message += " " + formatDiagnostic(d);
    report(Notice{StatusKind::Error, message, "records"});
}

} // namespace

void SqliteStore::switchProfile(std::int64_t id) {
    auto report = m_report;
    enqueue({"", [report, id](RecordDatabase& db) {
                 Diagnostics diags;
                 if (!db.setCurrentProfile(id, diags)) return reportProblem(report, diags, "Could not switch to that person's records.");
                 if (report) report(RecordsChanged{db.view(), db.startup()});
             }});
}

void SqliteStore::addProfile(const std::string& name) {
    auto report = m_report;
    enqueue({"", [report, name](RecordDatabase& db) {
                 Diagnostics diags;
                 auto p = db.addProfile(name, diags);
                 if (!p || !db.setCurrentProfile(p->id, diags) || !db.setMeta("name_asked", "1", diags))
                     return reportProblem(report, diags, "Could not add " + name + ".");
                 if (report) report(RecordsChanged{db.view(), db.startup()});
             }});
}

void SqliteStore::renameProfile(std::int64_t id, const std::string& name) {
    auto report = m_report;
    enqueue({"", [report, id, name](RecordDatabase& db) {
                 Diagnostics diags;
                 if (!db.transaction(diags, [&] { return db.renameProfile(id, name, diags) && db.setMeta("name_asked", "1", diags); }))
                     return reportProblem(report, diags, "Could not save the name.");
                 if (report) report(RecordsChanged{db.view(), std::nullopt});
             }});
}

void SqliteStore::deleteProfileRecords(std::int64_t id) {
    auto report = m_report;
    enqueue({"", [report, id](RecordDatabase& db) {
                 Diagnostics diags;
                 if (!db.deleteProfileRecords(id, diags)) return reportProblem(report, diags, "Could not delete the records.");
                 if (report) report(RecordsChanged{db.view(), db.startup()});
             }});
}

void SqliteStore::loadRun(const std::string& id) {
    auto report = m_report;
    enqueue({"", [report, id](RecordDatabase& db) {
                 if (!report) return;
                 auto run = db.run(id);
                 if (!run) return report(RunLoaded{id, std::nullopt});
                 report(RunLoaded{id, StoredRun{id, std::move(run->session), std::move(run->firstRun)}});
             }});
}

void SqliteStore::loadRoom(const std::string& id) {
    auto report = m_report;
    enqueue({"", [report, id](RecordDatabase& db) {
                 if (report) report(RoomLoaded{id, db.room(id)});
             }});
}

void SqliteStore::exportProfile(const fs::path& file) {
    auto report = m_report;
    enqueue({"", [report, file](RecordDatabase& db) {
                 const nlohmann::json all = exportProfileRecords(db, db.currentProfile());
                 Diagnostics diags;
                 std::error_code ec;
                 fs::create_directories(file.parent_path(), ec);
                 const bool ok = writeFileAtomically(file, all.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n", diags);
                 if (!report) return;
                 std::vector<std::string> problems;
                 for (const auto& d : diags) problems.push_back(formatDiagnostic(d));
                 report(ExportFinished{ok ? std::vector<std::string>{file.string()} : std::vector<std::string>{}, problems,
                                       file.parent_path().string(), false});
             }});
}

void SqliteStore::exportTrainingRecord(const fs::path& file, bool includeReflections, std::int64_t nowMs) {
    auto report = m_report;
    enqueue({"", [report, file, includeReflections, nowMs](RecordDatabase& db) {
                 TrainingRecordOptions options;
                 options.includeReflections = includeReflections;
                 options.nowMs = nowMs;
                 options.appVersion = WP_VERSION;
                 const std::string html = trainingRecordHtml(trainingRecordInput(db, db.currentProfile()), options);
                 Diagnostics diags;
                 std::error_code ec;
                 fs::create_directories(file.parent_path(), ec);
                 const bool ok = writeFileAtomically(file, html, diags);
                 if (!report) return;
                 std::vector<std::string> problems;
                 for (const auto& d : diags) problems.push_back(formatDiagnostic(d));
                 report(ExportFinished{ok ? std::vector<std::string>{file.string()} : std::vector<std::string>{}, problems,
                                       file.parent_path().string(), false});
             }});
}

// [SECTION] The import of the JSON records

namespace {

std::string importedId(RecordDatabase& db, const nlohmann::json& session, const char* what) {
    auto str = [&](const char* k) {
        auto it = session.find(k);
        return it != session.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    std::string base = std::string("run-imported-") + what + "-" + str("plugin") + "-" + str("role");
    std::string clean;
    for (char ch : base) clean += (std::isalnum(static_cast<unsigned char>(ch)) && static_cast<unsigned char>(ch) < 0x80) || ch == '-' ? ch : '_';
    clean = clean.substr(0, 100);
    std::string id = clean;
    for (int n = 2; db.runStatus(id); ++n) id = clean + "-" + std::to_string(n);
    return id;
}

std::string idOf(const nlohmann::json& session) {
    for (const char* key : {"run_id", "kept_id"})
        if (auto it = session.find(key); it != session.end() && it->is_string() && isSafeRecordId(it->get<std::string>()))
            return it->get<std::string>();
    return {};
}

std::int64_t mtimeMs(const fs::path& p) {
    std::error_code ec;
    const auto t = fs::last_write_time(p, ec);
    if (ec) return 0;
    const auto sys = std::chrono::file_clock::to_sys(t);
    return std::chrono::duration_cast<std::chrono::milliseconds>(sys.time_since_epoch()).count();
}

} // namespace

JsonImport importJsonRecords(RecordDatabase& db, const fs::path& stateDir,
                             const std::function<RunRecord(const std::string& id, const nlohmann::json& session)>& describe,
                             Diagnostics& diags) {
    JsonImport out;
    FileWriter unused(true);
    JsonFileStore files(stateDir, unused, {});
    if (db.meta("imported_json")) {
        out.alreadyDone = true;
        // The crash barrier writes autosave.json when the app fails: take it in when it is newer than
        // the database's copy of that run.
        const fs::path autosave = autosaveFile(stateDir);
        std::error_code ec;
        if (!fs::is_regular_file(autosave, ec)) return out;
        Diagnostics readDiags;
        auto saved = readAutosave(autosave, readDiags);
        if (!saved) return out;
        const std::string id = idOf(*saved);
        const std::int64_t fileMs = mtimeMs(autosave);
        if (id.empty() || fileMs <= db.runSavedMs(id) || db.meta("crash_autosave_taken") == std::to_string(fileMs)) return out;
        RunRecord run = describe(id, *saved);
        if (auto existing = db.run(id)) {
            run.firstRunId = existing->firstRunId;
            run.firstRun = existing->firstRun;
        }
        if (db.transaction(diags, [&] { return db.saveRun(run, RunStatus::Current, diags) && db.setMeta("crash_autosave_taken", std::to_string(fileMs), diags); }))
            out.runs = 1;
        return out;
    }
    StartupRecords found = files.load(diags);
    const bool ok = db.transaction(diags, [&] {
        if (found.autosave) {
            std::string id = found.autosave->id.empty() ? importedId(db, found.autosave->session, "autosave") : found.autosave->id;
            RunRecord run = describe(id, found.autosave->session);
            if (found.compareRun) {
                run.firstRunId = idOf(*found.compareRun).empty() ? importedId(db, *found.compareRun, "first") : idOf(*found.compareRun);
                run.firstRun = *found.compareRun;
                (*run.firstRun)["run_id"] = run.firstRunId;
                RunRecord first = describe(run.firstRunId, *run.firstRun);
                if (!db.saveRun(first, RunStatus::Done, diags)) return false;
            }
            if (!db.saveRun(run, RunStatus::Current, diags)) return false;
            ++out.runs;
        }
        for (const auto& kept : found.keptRuns) {
            RunRecord run = describe(kept.id, kept.session);
            if (kept.firstRun) {
                run.firstRunId = idOf(*kept.firstRun).empty() ? importedId(db, *kept.firstRun, "first") : idOf(*kept.firstRun);
                run.firstRun = *kept.firstRun;
                (*run.firstRun)["run_id"] = run.firstRunId;
                if (!db.saveRun(describe(run.firstRunId, *run.firstRun), RunStatus::Done, diags)) return false;
            }
            if (!db.saveRun(run, RunStatus::Kept, diags)) return false;
            ++out.runs;
        }
        for (const auto& room : found.rooms) {
            if (!isSafeRecordId(room.id)) continue;
            if (!db.saveRoom(room, diags)) return false;
            ++out.rooms;
        }
        const auto now = std::chrono::system_clock::now().time_since_epoch();
        return db.setMeta("imported_json", std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(now).count()), diags);
    });
    if (!ok) out = JsonImport{};
    return out;
}

} // namespace wp::app
