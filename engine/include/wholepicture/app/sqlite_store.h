// The record store on SQLite (record_database.h): every save runs on a thread of its own, in the
// order it was asked for, one transaction each, so the UI never waits for the disk. A save of the
// current run is merged into the one queued before it only when that one is for the same run, has not
// started and is the last job queued (each save carries the whole run, so nothing is dropped).
// Each save reports back with SaveFinished (the status card when the disk is full, and clear again
// when saving works).
#pragma once
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "wholepicture/app/record_database.h"
#include "wholepicture/app/record_store.h"

namespace wp::app {

class SqliteStore final : public RecordStore {
public:
    // `report` receives a SaveFinished for every save (on the store's thread); it may be empty.
    // synchronous: every job runs at once on the calling thread (tests).
    SqliteStore(std::unique_ptr<RecordDatabase> db, std::function<void(Command)> report, bool synchronous = false);
    ~SqliteStore() override;
    SqliteStore(const SqliteStore&) = delete;
    SqliteStore& operator=(const SqliteStore&) = delete;

    [[nodiscard]] StartupRecords load(Diagnostics& diags) override;
    void saveProgress(const RunRecord& run) override;
    void clearProgress() override;
    void keepRun(const RunRecord& run) override;
    void deleteRun(const std::string& id) override;
    void saveRoom(const RoomRecord& room) override;
    void flush() override;
    void switchProfile(std::int64_t id) override;
    void addProfile(const std::string& name) override;
    void renameProfile(std::int64_t id, const std::string& name) override;
    void deleteProfileRecords(std::int64_t id) override;
    void loadRun(const std::string& id) override;
    void loadRoom(const std::string& id) override;
    void exportProfile(const std::filesystem::path& file) override;
    void exportTrainingRecord(const std::filesystem::path& file, bool includeReflections, std::int64_t nowMs) override;

    // Runs `work` on the store's thread, after everything queued before it, and waits for it: reads
    // that must see every earlier save (the history screen, the import at start-up).
    void withDatabase(const std::function<void(RecordDatabase&)>& work);

private:
    struct Job {
        std::string mergeKey; // "" = never merged
        std::function<void(RecordDatabase&)> work;
    };
    void enqueue(Job job);
    void run();
    std::function<void(RecordDatabase&)> saving(SaveTarget target, std::function<bool(RecordDatabase&, Diagnostics&)> body);

    std::unique_ptr<RecordDatabase> m_db;
    std::function<void(Command)> m_report;
    bool m_synchronous;
    std::mutex m_mutex;
    std::condition_variable m_wake, m_idle;
    std::deque<Job> m_jobs;
    bool m_busy = false;
    bool m_stop = false;
    std::thread m_thread;
};

// On the first start with the database, the records kept as JSON files before it (autosave,
// role-swap first run, kept runs, room records) are copied in, once, and the files are left where
// they are. Afterwards, an autosave written by the crash barrier after the database last saved that
// run is taken in too. `describe` turns a saved session into a record (it knows the library).
struct JsonImport {
    size_t runs = 0;
    size_t rooms = 0;
    bool alreadyDone = false;
};
JsonImport importJsonRecords(RecordDatabase& db, const std::filesystem::path& stateDir,
                             const std::function<RunRecord(const std::string& id, const nlohmann::json& session)>& describe,
                             Diagnostics& diags);

} // namespace wp::app
