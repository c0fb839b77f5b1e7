// The records database: one SQLite file, $XDG_DATA_HOME/wholepicture/records.sqlite3, holding
// profiles, every run (each decision with its time, option, score changes and the feedback read, the
// dimensions and the reflection), role-swap pairs, room sessions (their event log), and the outbox of
// statements for an organisation's learning record store.
//
// - One connection, used by one thread at a time (the store's writer thread, or `wpt records`).
// - WAL with synchronous=FULL: a step the store reported as saved survives a killed process and a
//   power cut. On a network file system (NFS, SMB/CIFS, 9p, FUSE), where WAL's shared memory does not
//   work, the database uses a rollback journal instead, and says so (networkJournal()).
// - Foreign keys on; schema changes are numbered migrations (PRAGMA user_version), each applied once in
//   its own transaction; application_id marks the file as ours.
// - A file that is not a database, is damaged, or belongs to another program is never written to or
//   deleted: open() moves it aside under a new name, says where, and starts a fresh database.
// - Expected failures (a read-only disk, a lock held by another program, a full disk) are diagnostics
//   naming the file and what to do; nothing here throws.
#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "wholepicture/app/record_store.h"
#include "wholepicture/app/run_record.h"
#include "wholepicture/app/xapi.h"
#include "wholepicture/app/xapi_settings.h"
#include "wholepicture/core/diagnostic.h"

struct sqlite3;

namespace wp::app {

inline constexpr int kRecordsSchemaVersion = 3;
inline constexpr const char* kRecordsFileName = "records.sqlite3";

// OutboxStatus (what the outbox holds, for the settings screen): xapi_settings.h.


// One statement due to be sent.
struct OutboxEntry {
    std::string id;
    std::string statement; // its JSON, exactly as queued
    int attempts = 0;
};

struct RecordDatabaseOptions {
    std::filesystem::path file;
    bool readOnly = false;             // `wpt records`: never creates, migrates or sets aside anything
    bool assumeNetworkFileSystem = false; // tests: behave as on NFS
    std::int64_t nowMs = 0;            // for names of set-aside files and new profiles (0: the clock)
};

class RecordDatabase {
public:
    // Opens the database, creating and migrating it as needed. nullptr when it cannot be used: the
    // reason is in `diags` (a read-only folder, a lock, a newer schema). A damaged or foreign file is
    // set aside and a fresh database is opened (with a warning saying where the old one is).
    [[nodiscard]] static std::unique_ptr<RecordDatabase> open(const RecordDatabaseOptions& options, Diagnostics& diags);
    ~RecordDatabase();
    RecordDatabase(const RecordDatabase&) = delete;
    RecordDatabase& operator=(const RecordDatabase&) = delete;

    [[nodiscard]] const std::filesystem::path& file() const { return m_file; }
    [[nodiscard]] int schemaVersion() const;
    [[nodiscard]] bool networkJournal() const { return m_networkJournal; }
    // "ok", or what PRAGMA integrity_check found.
    [[nodiscard]] std::string integrityCheck() const;

    // [SECTION] Profiles. There is always at least one; the current one is remembered in the database.
    [[nodiscard]] std::vector<Profile> profiles() const;
    [[nodiscard]] std::int64_t currentProfile() const;
    bool setCurrentProfile(std::int64_t id, Diagnostics& diags);
    [[nodiscard]] std::optional<Profile> addProfile(const std::string& name, Diagnostics& diags);
    bool renameProfile(std::int64_t id, const std::string& name, Diagnostics& diags);
    // Everything of the profile: runs, rooms, queued statements. The last profile cannot be deleted
    // (it is emptied instead).
    bool deleteProfileRecords(std::int64_t id, Diagnostics& diags);

    // [SECTION] Runs (of the current profile unless a profile is given)
    // Writes the whole record in one transaction: the run, its decisions and dimensions. Current:
    // any other current run of the profile becomes Done (one autosave slot). A role swap's first run
    // is written too when it has no row yet (firstRun JSON).
    bool saveRun(const RunRecord& run, RunStatus status, Diagnostics& diags);
    bool clearCurrent(Diagnostics& diags);          // the current run becomes Done
    // Deletes the run, and withdraws its statements not yet sent (what was sent stays in the outbox's log).
    bool deleteRun(const std::string& id, Diagnostics& diags);
    [[nodiscard]] std::vector<RunSummary> runs(std::optional<std::int64_t> profile = std::nullopt) const;
    // The whole record (session JSON, decisions, dimensions, the first run's JSON), or nullopt.
    [[nodiscard]] std::optional<RunRecord> run(const std::string& id) const;
    [[nodiscard]] std::optional<RunStatus> runStatus(const std::string& id) const;
    // When the run was set aside unfinished and taken up again (its suspended and resumed statements).
    [[nodiscard]] std::vector<RunPause> pausesOf(const std::string& id) const;
    [[nodiscard]] std::int64_t runSavedMs(const std::string& id) const; // 0 when there is no such run

    // [SECTION] Rooms
    bool saveRoom(const RoomRecord& room, Diagnostics& diags);
    // One room session with its event log (to reopen or re-export it), whoever's profile it is under.
    [[nodiscard]] std::optional<RoomRecord> room(const std::string& id) const;
    [[nodiscard]] std::vector<RoomRecord> rooms(std::optional<std::int64_t> profile = std::nullopt, bool withRecord = true) const;

    // What the app starts with: the current run, kept runs, rooms (as the JSON store returns them), and
    // the view of the records (profiles, history).
    [[nodiscard]] StartupRecords startup() const;
    [[nodiscard]] RecordsView view() const;

    // [SECTION] The outbox of statements for a learning record store (xapi.h, xapi_sender.h)
    // With options set (sending is configured), saveRun and saveRoom also put the record's statements in
    // the outbox in the same transaction as the record: a statement is queued exactly when its record is
    // saved. A statement already there (the same id: by construction the same content) is left as it
    // is, whatever its state. Without options (the default) nothing is queued.
    void setStatementOptions(std::optional<XapiOptions> options) { m_statementOptions = std::move(options); }
    [[nodiscard]] const std::optional<XapiOptions>& statementOptions() const { return m_statementOptions; }
    // Queues statements (inside the caller's transaction when there is one). False on a write error.
    bool queueStatements(const std::vector<XapiStatement>& statements, std::int64_t profile, const std::string& runId,
                         const std::string& roomId, Diagnostics& diags);
    // Queued statements whose back-off has passed, oldest first.
    [[nodiscard]] std::vector<OutboxEntry> dueStatements(std::int64_t nowMs, int limit) const;
    bool markSent(const std::vector<std::string>& ids, std::int64_t nowMs, Diagnostics& diags);
    // Still queued; attempts + 1, tried again at `nextAttemptMs`.
    bool markFailing(const std::vector<std::string>& ids, const std::string& error, std::int64_t nowMs, std::int64_t nextAttemptMs,
                     Diagnostics& diags);
    bool markQuarantined(const std::string& id, const std::string& error, std::int64_t nowMs, Diagnostics& diags);
    // Quarantined statements are queued again (after the organisation fixed its LRS). Returns how many.
    std::int64_t requeueQuarantined(Diagnostics& diags);
    [[nodiscard]] OutboxStatus outboxStatus() const;
    // Sent statements older than `keepMs` lose their text and keep their id (a few bytes): the outbox
    // does not grow with every statement ever sent, and a record saved again still never sends one twice.
    // Done when the database is opened. Returns how many were slimmed.
    static constexpr std::int64_t kKeepSentStatementsMs = std::int64_t{90} * 24 * 60 * 60 * 1000;
    std::int64_t slimSentStatements(std::int64_t nowMs, std::int64_t keepMs, Diagnostics& diags);
    // The state of one statement: "queued", "sent", "failed" (quarantined), or "" when unknown.
    [[nodiscard]] std::string statementState(const std::string& id) const;
    // The queued statements of a run or a room, oldest first (the JSON as queued).
    [[nodiscard]] std::vector<nlohmann::json> outboxStatements(const std::string& runOrRoomId) const;
    [[nodiscard]] std::optional<Profile> profile(std::int64_t id) const;

    // [SECTION] Once-only work, remembered in the database
    [[nodiscard]] std::optional<std::string> meta(const std::string& key) const;
    bool setMeta(const std::string& key, const std::string& value, Diagnostics& diags);

    // Runs `body` in one transaction (BEGIN IMMEDIATE ... COMMIT, rolled back when it returns false).
    // After a failed one, the next opens a fresh connection first: a connection that met a read-only
    // or failing disk does not always write again once the disk is repaired.
    template <class F>
    bool transaction(Diagnostics& diags, F&& body) {
        if (!begin(diags)) return false;
        if (!body()) {
            rollback();
            m_reconnect = m_depth == 0;
            return false;
        }
        const bool ok = commit(diags);
        if (!ok) m_reconnect = true;
        return ok;
    }

    [[nodiscard]] sqlite3* handle() const { return m_db; } // for tests (corrupting, inspecting)

private:
    RecordDatabase(sqlite3* db, std::filesystem::path file, bool networkJournal, std::int64_t nowMs);
    bool begin(Diagnostics& diags);
    bool reconnect(Diagnostics& diags);
    bool commit(Diagnostics& diags);
    void rollback();
    bool saveRunRows(const RunRecord& run, RunStatus status, std::int64_t profile, Diagnostics& diags);
    bool ensureProfile(Diagnostics& diags);
    bool saveRoomRow(const RoomRecord& room, Diagnostics& diags);

    sqlite3* m_db = nullptr;
    std::filesystem::path m_file;
    bool m_networkJournal = false;
    std::int64_t m_nowMs = 0; // a fixed clock for tests; 0 = the system clock
    int m_depth = 0; // nested transaction() calls join the outer one
    bool m_reconnect = false;
    std::optional<XapiOptions> m_statementOptions;
};

// The schema as the given version had it: the migrations up to `version` (tests build old databases).
bool createRecordsSchema(sqlite3* db, int version, Diagnostics& diags, const std::string& file);
[[nodiscard]] const char* runStatusName(RunStatus s);
// True when `dir` is on a network file system, where WAL does not work.
[[nodiscard]] bool onNetworkFileSystem(const std::filesystem::path& dir);

// [SECTION] As JSON: for `wpt records` and "Export my records" (a person's right to their data).
[[nodiscard]] nlohmann::json runToJson(const RunRecord& run, const char* status = nullptr);
[[nodiscard]] nlohmann::json roomToRecordJson(const RoomRecord& room);
// Everything of one profile: {"format":"wholepicture-records","version":1,"profile":{..},"runs":[..],"rooms":[..]}.
[[nodiscard]] nlohmann::json exportProfileRecords(const RecordDatabase& db, std::int64_t profile);

} // namespace wp::app
