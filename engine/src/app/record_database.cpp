#include "wholepicture/app/record_database.h"

#include <sys/statfs.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <map>
#include <random>

#include <sqlite3.h>

namespace wp::app {

namespace fs = std::filesystem;

namespace {

constexpr int kApplicationId = 0x57506963; // "WPic"

// [SECTION] Migrations: each is applied once, in order, in its own transaction. Never edit a released
// one; add the next.
const char* const kMigrations[] = {
    // 1: profiles, runs with their decisions and dimensions, rooms, once-only flags.
    R"sql(
CREATE TABLE profiles(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL DEFAULT '',
  account TEXT NOT NULL UNIQUE,
  created_ms INTEGER NOT NULL);
CREATE TABLE runs(
  id TEXT PRIMARY KEY,
  profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
  status TEXT NOT NULL CHECK(status IN ('current','kept','done')),
  plugin_id TEXT NOT NULL,
  plugin_version TEXT NOT NULL DEFAULT '',
  case_title TEXT NOT NULL DEFAULT '',
  role TEXT NOT NULL,
  role_name TEXT NOT NULL DEFAULT '',
  started_ms INTEGER NOT NULL DEFAULT 0,
  updated_ms INTEGER NOT NULL DEFAULT 0,
  saved_ms INTEGER NOT NULL DEFAULT 0,
  time_spent_ms INTEGER NOT NULL DEFAULT 0,
  steps INTEGER NOT NULL DEFAULT 0,
  finished INTEGER NOT NULL DEFAULT 0,
  ending_title TEXT NOT NULL DEFAULT '',
  overall_fraction REAL,
  overall_band TEXT,
  missed_critical INTEGER,
  critical_met INTEGER,
  reflection TEXT NOT NULL DEFAULT '',
  session_json TEXT NOT NULL,
  first_run_id TEXT REFERENCES runs(id) ON DELETE SET NULL);
CREATE INDEX runs_by_profile ON runs(profile_id, updated_ms DESC);
CREATE INDEX runs_by_first ON runs(first_run_id);
CREATE TABLE decisions(
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  step INTEGER NOT NULL,
  node TEXT NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  option TEXT NOT NULL,
  option_text TEXT NOT NULL DEFAULT '',
  at_ms INTEGER NOT NULL DEFAULT 0,
  score_changes TEXT NOT NULL DEFAULT '{}',
  feedback TEXT NOT NULL DEFAULT '',
  PRIMARY KEY(run_id, step)) WITHOUT ROWID;
CREATE TABLE dimension_results(
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  dimension TEXT NOT NULL,
  name TEXT NOT NULL DEFAULT '',
  score INTEGER NOT NULL, best INTEGER NOT NULL, worst INTEGER NOT NULL,
  fraction REAL NOT NULL,
  band TEXT NOT NULL DEFAULT '',
  PRIMARY KEY(run_id, dimension)) WITHOUT ROWID;
CREATE TABLE rooms(
  id TEXT PRIMARY KEY,
  profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
  file TEXT NOT NULL DEFAULT '',
  plugin_id TEXT NOT NULL,
  case_title TEXT NOT NULL DEFAULT '',
  started_ms INTEGER NOT NULL DEFAULT 0,
  updated_ms INTEGER NOT NULL DEFAULT 0,
  closed INTEGER NOT NULL DEFAULT 0,
  events INTEGER NOT NULL DEFAULT 0,
  saved_ms INTEGER NOT NULL DEFAULT 0,
  groups_json TEXT NOT NULL DEFAULT '[]',
  record_json TEXT NOT NULL);
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
)sql",
    // 2: the outbox of statements for a learning record store, written in the same transaction as the
    // record they describe and sent by a background worker.
    R"sql(
CREATE TABLE outbox(
  id TEXT PRIMARY KEY,
  profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
  run_id TEXT,
  room_id TEXT,
  created_ms INTEGER NOT NULL,
  statement TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'queued' CHECK(state IN ('queued','sent','failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_ms INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  sent_ms INTEGER);
CREATE INDEX outbox_queue ON outbox(state, next_attempt_ms);
)sql",
    // 3: each decision's options (the xAPI choices of its statement), a run's pauses (set aside unfinished,
    // taken up again: its suspended and resumed statements), and the outbox by run and room (the export
    // of a run's statements, the settings screen's counts).
    R"sql(
ALTER TABLE decisions ADD COLUMN choices TEXT NOT NULL DEFAULT '[]';
CREATE TABLE run_pauses(
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  suspended_ms INTEGER NOT NULL,
  resumed_ms INTEGER,
  PRIMARY KEY(run_id, suspended_ms)) WITHOUT ROWID;
CREATE INDEX outbox_by_run ON outbox(run_id);
CREATE INDEX outbox_by_room ON outbox(room_id);
)sql",
};
static_assert(std::size(kMigrations) == kRecordsSchemaVersion, "one migration per schema version");

std::int64_t clockMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// A prepared statement, finalized on every path.
class Stmt {
public:
    Stmt(sqlite3* db, const char* sql) : m_db(db) { m_prepared = m_rc = sqlite3_prepare_v2(db, sql, -1, &m_stmt, nullptr); }
    ~Stmt() { sqlite3_finalize(m_stmt); }
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;
    [[nodiscard]] bool ok() const { return m_prepared == SQLITE_OK && m_stmt; }
    Stmt& bind(int i, const std::string& v) {
        sqlite3_bind_text(m_stmt, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Stmt& bind(int i, std::int64_t v) {
        sqlite3_bind_int64(m_stmt, i, v);
        return *this;
    }
    Stmt& bind(int i, int v) { return bind(i, static_cast<std::int64_t>(v)); }
    Stmt& bind(int i, double v) {
        sqlite3_bind_double(m_stmt, i, v);
        return *this;
    }
    Stmt& bindNull(int i) {
        sqlite3_bind_null(m_stmt, i);
        return *this;
    }
    // SQLITE_ROW, SQLITE_DONE or an error code.
    int step() { return ok() ? (m_rc = sqlite3_step(m_stmt)) : m_rc; }
    bool run() { return step() == SQLITE_DONE; }
    [[nodiscard]] std::string text(int col) const {
        const auto* p = sqlite3_column_text(m_stmt, col);
        return p ? std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(m_stmt, col))) : std::string();
    }
    [[nodiscard]] std::int64_t integer(int col) const { return sqlite3_column_int64(m_stmt, col); }
    [[nodiscard]] double real(int col) const { return sqlite3_column_double(m_stmt, col); }
    [[nodiscard]] bool isNull(int col) const { return sqlite3_column_type(m_stmt, col) == SQLITE_NULL; }
    [[nodiscard]] int rc() const { return m_rc; }

private:
    sqlite3* m_db;
    sqlite3_stmt* m_stmt = nullptr;
    int m_prepared = SQLITE_OK;
    int m_rc = SQLITE_OK;
};

// What a failed call means to the person at the keyboard, and what to do.
std::string explain(sqlite3* db, int rc) {
    const std::string detail = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    switch (rc & 0xff) {
    case SQLITE_FULL: return "the disk is full (" + detail + "); free some space: your progress is kept in memory and saved at the next step";
    case SQLITE_READONLY: return "the file or its folder is read-only (" + detail + "); make it writable or set XDG_DATA_HOME to a writable folder";
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return "another program is holding the records (" + detail + "); close the other Whole Picture window or program and try again";
    case SQLITE_CANTOPEN: return "the file cannot be opened (" + detail + "); check that its folder exists and is writable";
    case SQLITE_IOERR: return "the disk reported an error (" + detail + ")";
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return "the file is damaged or not a records database (" + detail + ")";
    default: return detail;
    }
}

void fail(Diagnostics& diags, const fs::path& file, sqlite3* db, int rc, const std::string& what) {
    diags.push_back({Severity::Error, file.string(), 0, 0, "", what + ": " + explain(db, rc)});
}

bool exec(sqlite3* db, const char* sql, Diagnostics& diags, const fs::path& file, const char* what) {
    char* err = nullptr;
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &err);
    if (err) sqlite3_free(err);
    if (rc == SQLITE_OK) return true;
    fail(diags, file, db, rc, what);
    return false;
}

std::int64_t pragmaInt(sqlite3* db, const char* sql) {
    Stmt q(db, sql);
    return q.step() == SQLITE_ROW ? q.integer(0) : -1;
}

std::string newUuid() {
    std::random_device rd;
    std::mt19937_64 gen((static_cast<std::uint64_t>(rd()) << 32) ^ rd() ^ static_cast<std::uint64_t>(clockMs()));
    const std::uint64_t a = gen(), b = gen();
    char out[37];
    std::snprintf(out, sizeof out, "%08x-%04x-4%03x-%04x-%012llx", static_cast<unsigned>(a >> 32), static_cast<unsigned>((a >> 16) & 0xffff),
                  static_cast<unsigned>(a & 0x0fff), static_cast<unsigned>(0x8000 | ((b >> 48) & 0x3fff)),
                  static_cast<unsigned long long>(b & 0xffffffffffffULL));
    return out;
}

std::string stamp(std::int64_t ms) {
    const std::time_t t = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y%m%d-%H%M%S", &tm);
    return buf;
}

// Moves a database we must not use out of the way (with its -wal and -shm), never deleting anything.
std::optional<fs::path> setAside(const fs::path& file, const char* why, std::int64_t nowMs) {
    std::error_code ec;
    fs::path target = file.string() + "." + why + "-" + stamp(nowMs);
    for (int n = 2; fs::exists(target, ec); ++n) target = file.string() + "." + why + "-" + stamp(nowMs) + "-" + std::to_string(n);
    fs::rename(file, target, ec);
    if (ec) return std::nullopt;
    for (const char* side : {"-wal", "-shm", "-journal"}) {
        std::error_code se;
        if (fs::exists(file.string() + side, se)) fs::rename(file.string() + side, target.string() + side, se);
    }
    return target;
}

const char* statusText(RunStatus s) {
    switch (s) {
    case RunStatus::Current: return "current";
    case RunStatus::Kept: return "kept";
    case RunStatus::Done: return "done";
    }
    return "done";
}

RunStatus statusFrom(const std::string& s) {
    if (s == "current") return RunStatus::Current;
    if (s == "kept") return RunStatus::Kept;
    return RunStatus::Done;
}

nlohmann::json parseOr(const std::string& text, nlohmann::json fallback) {
    auto j = nlohmann::json::parse(text, nullptr, false);
    return j.is_discarded() ? fallback : j;
}

std::string dump(const nlohmann::json& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

enum class Verdict { Usable, Damaged, Foreign, Newer, Unreadable };

// What the file at `db` is, before anything is written to it.
Verdict inspect(sqlite3* db, std::string& why) {
    Stmt id(db, "PRAGMA application_id");
    const int rc = id.step();
    if (rc != SQLITE_ROW) {
        why = explain(db, rc);
        const int primary = rc & 0xff;
        return primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT ? Verdict::Damaged : Verdict::Unreadable;
    }
    const std::int64_t appId = id.integer(0);
    const std::int64_t tables = pragmaInt(db, "SELECT count(*) FROM sqlite_master");
    if (tables < 0) {
        why = explain(db, sqlite3_errcode(db));
        return Verdict::Damaged;
    }
    if (appId != kApplicationId && (appId != 0 || tables > 0)) {
        why = "it belongs to another program";
        return Verdict::Foreign;
    }
    if (pragmaInt(db, "PRAGMA user_version") > kRecordsSchemaVersion) {
        why = "it was written by a newer version of Whole Picture";
        return Verdict::Newer;
    }
    if (tables > 0) {
        Stmt check(db, "PRAGMA quick_check");
        if (check.step() != SQLITE_ROW) {
            why = explain(db, check.rc());
            return Verdict::Damaged;
        }
        if (check.text(0) != "ok") {
            why = "it is damaged (" + check.text(0) + ")";
            return Verdict::Damaged;
        }
    }
    return Verdict::Usable;
}

} // namespace

const char* runStatusName(RunStatus s) { return statusText(s); }

bool onNetworkFileSystem(const fs::path& dir) {
    struct statfs st {};
    if (statfs(dir.c_str(), &st) != 0) return false;
    switch (static_cast<unsigned long>(st.f_type)) {
    case 0x6969UL:     // NFS
    case 0x517BUL:     // SMB
    case 0xFF534D42UL: // CIFS
    case 0xFE534D42UL: // SMB2
    case 0x01021997UL: // 9p (virtual machine shares)
    case 0x65735546UL: // FUSE (sshfs, network mounts)
    case 0x5346414FUL: // AFS
    case 0x73757245UL: // Coda
        return true;
    default: return false;
    }
}

bool createRecordsSchema(sqlite3* db, int version, Diagnostics& diags, const std::string& file) {
    const int from = static_cast<int>(pragmaInt(db, "PRAGMA user_version"));
    for (int v = std::max(from, 0); v < version && v < kRecordsSchemaVersion; ++v) {
        if (!exec(db, "BEGIN IMMEDIATE", diags, file, "Could not update the records")) return false;
        const std::string sql = std::string(kMigrations[v]) + "PRAGMA user_version = " + std::to_string(v + 1) + ";" +
                                "PRAGMA application_id = " + std::to_string(kApplicationId) + ";";
        if (!exec(db, sql.c_str(), diags, file, ("Could not update the records to version " + std::to_string(v + 1)).c_str())) {
            sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
            return false;
        }
        if (!exec(db, "COMMIT", diags, file, "Could not update the records")) return false;
    }
    return true;
}

std::unique_ptr<RecordDatabase> RecordDatabase::open(const RecordDatabaseOptions& options, Diagnostics& diags) {
    const std::int64_t nowMs = options.nowMs ? options.nowMs : clockMs();
    const fs::path& file = options.file;
    std::error_code ec;
    if (options.readOnly && !fs::exists(file, ec)) {
        diags.push_back({Severity::Error, file.string(), 0, 0, "", "there are no records here yet (play a case first)"});
        return nullptr;
    }
    if (!options.readOnly) fs::create_directories(file.parent_path(), ec);

    for (int attempt = 0; attempt < 2; ++attempt) {
        sqlite3* raw = nullptr;
        const int flags = options.readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
        int rc = sqlite3_open_v2(file.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
        if (rc != SQLITE_OK) {
            fail(diags, file, raw, rc, "Could not open the records");
            sqlite3_close(raw);
            return nullptr;
        }
        sqlite3_busy_timeout(raw, 3000);
        sqlite3_extended_result_codes(raw, 1);
        std::string why;
        const Verdict verdict = inspect(raw, why);
        if (verdict == Verdict::Usable) {
            const bool network = options.assumeNetworkFileSystem || onNetworkFileSystem(file.parent_path());
            std::unique_ptr<RecordDatabase> db(new RecordDatabase(raw, file, network, options.nowMs));
            if (options.readOnly) return db;
            // WAL and a full sync at each commit: a saved step survives a power cut. On a network file
            // system WAL's shared memory is unsafe, so a rollback journal is used there.
            const char* journal = network ? "PRAGMA journal_mode=DELETE" : "PRAGMA journal_mode=WAL";
            if (!exec(raw, journal, diags, file, "Could not open the records") ||
                !exec(raw, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON", diags, file, "Could not open the records") ||
                !createRecordsSchema(raw, kRecordsSchemaVersion, diags, file.string()) || !db->ensureProfile(diags))
                return nullptr;
            Diagnostics tidying; // a failure costs only space, and the next start tries again: not the user's concern
            (void)db->slimSentStatements(nowMs, kKeepSentStatementsMs, tidying);
            return db;
        }
        sqlite3_close(raw);
        if (verdict == Verdict::Unreadable || verdict == Verdict::Newer || options.readOnly) {
            diags.push_back({Severity::Error, file.string(), 0, 0, "",
                             "The records cannot be used: " + why +
                                 (verdict == Verdict::Newer ? ". Use the newer version, or move the file away to start afresh; it is left as it is."
                                                            : ". It is left as it is.")});
            return nullptr;
        }
        const auto aside = setAside(file, verdict == Verdict::Foreign ? "not-ours" : "damaged", nowMs);
        if (!aside) {
            diags.push_back({Severity::Error, file.string(), 0, 0, "",
                             "The records cannot be used (" + why + ") and could not be moved aside; move the file away to start afresh."});
            return nullptr;
        }
        diags.push_back({Severity::Warning, file.string(), 0, 0, "",
                         "The records file could not be used (" + why + "). It was moved, unchanged, to " + aside->string() +
                             "; a fresh one was started. Nothing was deleted."});
    }
    return nullptr;
}

RecordDatabase::RecordDatabase(sqlite3* db, fs::path file, bool networkJournal, std::int64_t nowMs)
    : m_db(db), m_file(std::move(file)), m_networkJournal(networkJournal), m_nowMs(nowMs) {}

RecordDatabase::~RecordDatabase() { sqlite3_close(m_db); }

int RecordDatabase::schemaVersion() const { return static_cast<int>(pragmaInt(m_db, "PRAGMA user_version")); }

std::string RecordDatabase::integrityCheck() const {
    Stmt q(m_db, "PRAGMA integrity_check");
    std::string out;
    while (q.step() == SQLITE_ROW) out += (out.empty() ? "" : "; ") + q.text(0);
    return out.empty() ? explain(m_db, q.rc()) : out;
}

bool RecordDatabase::reconnect(Diagnostics& diags) {
    // Closed first: connections of one process share what SQLite knows of the file (its locks, its
    // shared memory), and a stale one would pass on the read-only state it met.
    sqlite3_close(m_db);
    m_db = nullptr;
    sqlite3* fresh = nullptr;
    const int rc = sqlite3_open_v2(m_file.c_str(), &fresh, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
    m_db = fresh; // even a failed open gives a handle, closed by the next reconnect or the destructor
    if (rc != SQLITE_OK) {
        fail(diags, m_file, fresh, rc, "Could not save to the records");
        return false;
    }
    sqlite3_busy_timeout(fresh, 3000);
    sqlite3_extended_result_codes(fresh, 1);
    const char* journal = m_networkJournal ? "PRAGMA journal_mode=DELETE" : "PRAGMA journal_mode=WAL";
    if (!exec(fresh, journal, diags, m_file, "Could not save to the records") ||
        !exec(fresh, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON", diags, m_file, "Could not save to the records"))
        return false;
    m_reconnect = false;
    return true;
}

bool RecordDatabase::begin(Diagnostics& diags) {
    if (m_depth++ > 0) return true;
    if (m_reconnect && !reconnect(diags)) {
        m_depth = 0;
        return false;
    }
    if (exec(m_db, "BEGIN IMMEDIATE", diags, m_file, "Could not save to the records")) return true;
    m_depth = 0;
    m_reconnect = true;
    return false;
}

bool RecordDatabase::commit(Diagnostics& diags) {
    if (--m_depth > 0) return true;
    if (exec(m_db, "COMMIT", diags, m_file, "Could not save to the records")) return true;
    sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
    return false;
}

void RecordDatabase::rollback() {
    if (--m_depth > 0) return;
    sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
}

// [SECTION] Profiles and meta

std::optional<std::string> RecordDatabase::meta(const std::string& key) const {
    Stmt q(m_db, "SELECT value FROM meta WHERE key = ?");
    q.bind(1, key);
    if (q.step() != SQLITE_ROW) return std::nullopt;
    return q.text(0);
}

bool RecordDatabase::setMeta(const std::string& key, const std::string& value, Diagnostics& diags) {
    Stmt q(m_db, "INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    q.bind(1, key).bind(2, value);
    if (q.run()) return true;
    fail(diags, m_file, m_db, q.rc(), "Could not save to the records");
    return false;
}

bool RecordDatabase::ensureProfile(Diagnostics& diags) {
    if (pragmaInt(m_db, "SELECT count(*) FROM profiles") > 0) return true;
    return addProfile("", diags).has_value();
}

std::vector<Profile> RecordDatabase::profiles() const {
    std::vector<Profile> out;
    Stmt q(m_db, "SELECT id, name, account, created_ms FROM profiles ORDER BY id");
    while (q.step() == SQLITE_ROW) out.push_back({q.integer(0), q.text(1), q.text(2), q.integer(3)});
    return out;
}

std::int64_t RecordDatabase::currentProfile() const {
    if (auto v = meta("current_profile")) {
        Stmt q(m_db, "SELECT id FROM profiles WHERE id = ?");
        q.bind(1, static_cast<std::int64_t>(std::strtoll(v->c_str(), nullptr, 10)));
        if (q.step() == SQLITE_ROW) return q.integer(0);
    }
    return pragmaInt(m_db, "SELECT min(id) FROM profiles");
}

bool RecordDatabase::setCurrentProfile(std::int64_t id, Diagnostics& diags) {
    Stmt q(m_db, "SELECT id FROM profiles WHERE id = ?");
    q.bind(1, id);
    if (q.step() != SQLITE_ROW) {
        diags.push_back({Severity::Error, m_file.string(), 0, 0, "", "there is no profile " + std::to_string(id)});
        return false;
    }
    return setMeta("current_profile", std::to_string(id), diags);
}

std::optional<Profile> RecordDatabase::addProfile(const std::string& name, Diagnostics& diags) {
    Profile p{0, name, newUuid(), m_nowMs ? m_nowMs : clockMs()};
    Stmt q(m_db, "INSERT INTO profiles(name, account, created_ms) VALUES(?, ?, ?)");
    q.bind(1, p.name).bind(2, p.account).bind(3, p.createdMs);
    if (!q.run()) {
        fail(diags, m_file, m_db, q.rc(), "Could not add the profile");
        return std::nullopt;
    }
    p.id = sqlite3_last_insert_rowid(m_db);
    return p;
}

bool RecordDatabase::renameProfile(std::int64_t id, const std::string& name, Diagnostics& diags) {
    Stmt q(m_db, "UPDATE profiles SET name = ? WHERE id = ?");
    q.bind(1, name).bind(2, id);
    if (q.run() && sqlite3_changes(m_db) == 1) return true;
    fail(diags, m_file, m_db, q.rc(), "Could not rename the profile");
    return false;
}

bool RecordDatabase::deleteProfileRecords(std::int64_t id, Diagnostics& diags) {
    return transaction(diags, [&] {
        const bool last = pragmaInt(m_db, "SELECT count(*) FROM profiles") <= 1;
        // Runs refer to each other (a role swap's first run): clear those links before the rows go.
        for (const char* sql : {"UPDATE runs SET first_run_id = NULL WHERE profile_id = ?", "DELETE FROM runs WHERE profile_id = ?",
                                "DELETE FROM rooms WHERE profile_id = ?", "DELETE FROM outbox WHERE profile_id = ?"}) {
            Stmt q(m_db, sql);
            q.bind(1, id);
            if (!q.run()) {
                fail(diags, m_file, m_db, q.rc(), "Could not delete the records");
                return false;
            }
        }
        if (last) return true; // the only profile stays, empty
        Stmt q(m_db, "DELETE FROM profiles WHERE id = ?");
        q.bind(1, id);
        if (!q.run()) {
            fail(diags, m_file, m_db, q.rc(), "Could not delete the profile");
            return false;
        }
        return true;
    });
}

// [SECTION] Runs

bool RecordDatabase::saveRunRows(const RunRecord& r, RunStatus status, std::int64_t profile, Diagnostics& diags) {
    auto failed = [&](Stmt& q) {
        fail(diags, m_file, m_db, q.rc(), "Could not save the run");
        return false;
    };
    if (status == RunStatus::Current) {
        Stmt q(m_db, "UPDATE runs SET status = 'done' WHERE profile_id = ? AND status = 'current' AND id <> ?");
        q.bind(1, profile).bind(2, r.id);
        if (!q.run()) return failed(q);
    }
    // The first run of a role swap has its own record (saved while it was played); one restored from
    // an older file may not, and is written from its JSON.
    if (!r.firstRunId.empty() && r.firstRun) {
        Stmt q(m_db, "INSERT INTO runs(id, profile_id, status, plugin_id, role, started_ms, updated_ms, saved_ms, steps, session_json) "
                     "VALUES(?, ?, 'done', ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING");
        const nlohmann::json& f = *r.firstRun;
        auto str = [&](const char* k) { return f.contains(k) && f[k].is_string() ? f[k].get<std::string>() : std::string(); };
        const std::int64_t started = f.contains("started_ms") && f["started_ms"].is_number_integer() ? f["started_ms"].get<std::int64_t>() : 0;
        const int steps = f.contains("path") && f["path"].is_array() ? static_cast<int>(f["path"].size()) : 0;
        q.bind(1, r.firstRunId).bind(2, profile).bind(3, str("plugin")).bind(4, str("role")).bind(5, started).bind(6, started)
            .bind(7, m_nowMs ? m_nowMs : clockMs()).bind(8, steps).bind(9, dump(f));
        if (!q.run()) return failed(q);
    }
    Stmt q(m_db, R"sql(
INSERT INTO runs(id, profile_id, status, plugin_id, plugin_version, case_title, role, role_name, started_ms, updated_ms,
                 saved_ms, time_spent_ms, steps, finished, ending_title, overall_fraction, overall_band, missed_critical,
                 critical_met, reflection, session_json, first_run_id)
VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)
ON CONFLICT(id) DO UPDATE SET
  status = excluded.status, plugin_version = excluded.plugin_version,
  case_title = CASE WHEN excluded.case_title <> '' THEN excluded.case_title ELSE runs.case_title END,
  role_name = excluded.role_name, started_ms = excluded.started_ms, updated_ms = excluded.updated_ms,
  saved_ms = excluded.saved_ms, time_spent_ms = excluded.time_spent_ms, steps = excluded.steps,
  finished = excluded.finished, ending_title = excluded.ending_title,
  overall_fraction = CASE WHEN excluded.steps = runs.steps THEN coalesce(excluded.overall_fraction, runs.overall_fraction) ELSE excluded.overall_fraction END,
  overall_band = CASE WHEN excluded.steps = runs.steps THEN coalesce(excluded.overall_band, runs.overall_band) ELSE excluded.overall_band END,
  missed_critical = CASE WHEN excluded.steps = runs.steps THEN coalesce(excluded.missed_critical, runs.missed_critical) ELSE excluded.missed_critical END,
  critical_met = CASE WHEN excluded.steps = runs.steps THEN coalesce(excluded.critical_met, runs.critical_met) ELSE excluded.critical_met END,
  reflection = excluded.reflection, session_json = excluded.session_json,
  first_run_id = coalesce(excluded.first_run_id, runs.first_run_id)
)sql");
    q.bind(1, r.id).bind(2, profile).bind(3, std::string(statusText(status))).bind(4, r.pluginId).bind(5, r.pluginVersion)
        .bind(6, r.caseTitle).bind(7, r.role).bind(8, r.roleName).bind(9, r.startedMs).bind(10, r.updatedMs)
        .bind(11, m_nowMs ? m_nowMs : clockMs()).bind(12, r.timeSpentMs).bind(13, r.steps).bind(14, r.finished ? 1 : 0)
        .bind(15, r.endingTitle).bind(20, r.reflection).bind(21, dump(r.session));
    if (r.overallFraction >= 0) q.bind(16, r.overallFraction); else q.bindNull(16);
    if (!r.overallBand.empty()) q.bind(17, r.overallBand); else q.bindNull(17);
    if (r.missedCritical >= 0) q.bind(18, r.missedCritical); else q.bindNull(18);
    if (r.criticalMet >= 0) q.bind(19, r.criticalMet); else q.bindNull(19);
    if (!r.firstRunId.empty()) q.bind(22, r.firstRunId); else q.bindNull(22);
    if (!q.run()) return failed(q);

    // Pauses: a run kept unfinished, or saved as the app closes mid-run, is suspended (once, until it
    // is taken up again); saved as the current run afterwards, it was resumed.
    const std::int64_t savedMs = m_nowMs ? m_nowMs : clockMs();
    if ((status == RunStatus::Kept || r.suspending) && !r.finished) {
        Stmt p(m_db, "INSERT INTO run_pauses(run_id, suspended_ms) SELECT ?1, ?2 "
                     "WHERE NOT EXISTS (SELECT 1 FROM run_pauses WHERE run_id = ?1 AND resumed_ms IS NULL) ON CONFLICT DO NOTHING");
        p.bind(1, r.id).bind(2, savedMs);
        if (!p.run()) return failed(p);
    } else if (status == RunStatus::Current) {
        Stmt p(m_db, "UPDATE run_pauses SET resumed_ms = max(?2, suspended_ms) WHERE run_id = ?1 AND resumed_ms IS NULL");
        p.bind(1, r.id).bind(2, savedMs);
        if (!p.run()) return failed(p);
    }

    // Decisions and dimensions are rewritten whole: a step back removes a decision.
    Stmt clearDecisions(m_db, "DELETE FROM decisions WHERE run_id = ?");
    clearDecisions.bind(1, r.id);
    if (!clearDecisions.run()) return failed(clearDecisions);
    for (const auto& d : r.decisions) {
        Stmt ins(m_db, "INSERT INTO decisions(run_id, step, node, title, option, option_text, at_ms, score_changes, feedback, choices) "
                       "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        nlohmann::json choices = nlohmann::json::array();
        for (const auto& c : d.choices) choices.push_back({{"id", c.id}, {"text", c.text}});
        ins.bind(1, r.id).bind(2, d.step).bind(3, d.node).bind(4, d.title).bind(5, d.option).bind(6, d.optionText).bind(7, d.atMs)
            .bind(8, dump(nlohmann::json(d.scoreChanges))).bind(9, d.feedback).bind(10, dump(choices));
        if (!ins.run()) return failed(ins);
    }
    if (!r.dimensions.empty() || r.overallFraction >= 0) {
        Stmt clearDims(m_db, "DELETE FROM dimension_results WHERE run_id = ?");
        clearDims.bind(1, r.id);
        if (!clearDims.run()) return failed(clearDims);
        for (const auto& dim : r.dimensions) {
            Stmt ins(m_db, "INSERT INTO dimension_results(run_id, dimension, name, score, best, worst, fraction, band) VALUES(?, ?, ?, ?, ?, ?, ?, ?)");
            ins.bind(1, r.id).bind(2, dim.id).bind(3, dim.name).bind(4, dim.score).bind(5, dim.best).bind(6, dim.worst)
                .bind(7, dim.fraction).bind(8, dim.band);
            if (!ins.run()) return failed(ins);
        }
    }
    return true;
}

bool RecordDatabase::saveRun(const RunRecord& run, RunStatus status, Diagnostics& diags) {
    if (!isSafeRecordId(run.id)) {
        diags.push_back({Severity::Error, m_file.string(), 0, 0, "", "a run id made of other than letters, digits, '-' and '_': " + run.id});
        return false;
    }
    const std::int64_t profile = currentProfile();
    return transaction(diags, [&] {
        if (!saveRunRows(run, status, profile, diags)) return false;
        if (!m_statementOptions) return true;
        const auto who = this->profile(profile);
        if (!who) return true;
        RunRecord withPauses = run;
        withPauses.pauses = pausesOf(run.id);
        return queueStatements(runStatements(withPauses, *who, *m_statementOptions), profile, run.id, "", diags);
    });
}

bool RecordDatabase::clearCurrent(Diagnostics& diags) {
    return transaction(diags, [&] {
        Stmt q(m_db, "UPDATE runs SET status = 'done' WHERE profile_id = ? AND status = 'current'");
        q.bind(1, currentProfile());
        if (q.run()) return true;
        fail(diags, m_file, m_db, q.rc(), "Could not save to the records");
        return false;
    });
}

bool RecordDatabase::deleteRun(const std::string& id, Diagnostics& diags) {
    return transaction(diags, [&] {
        Stmt q(m_db, "DELETE FROM runs WHERE id = ?");
        q.bind(1, id);
        Stmt unsent(m_db, "DELETE FROM outbox WHERE run_id = ? AND state != 'sent'");
        unsent.bind(1, id);
        if (q.run() && unsent.run()) return true;
        fail(diags, m_file, m_db, q.rc() != SQLITE_DONE ? q.rc() : unsent.rc(), "Could not delete the run");
        return false;
    });
}

namespace {

constexpr const char* kRunColumns =
    "id, status, plugin_id, plugin_version, case_title, role, role_name, started_ms, updated_ms, time_spent_ms, steps, "
    "finished, ending_title, overall_fraction, overall_band, missed_critical, critical_met, reflection, first_run_id";

RunSummary readSummary(const Stmt& q) {
    RunSummary s;
    RunRecord& r = s.run;
    r.id = q.text(0);
    s.status = statusFrom(q.text(1));
    r.pluginId = q.text(2);
    r.pluginVersion = q.text(3);
    r.caseTitle = q.text(4);
    r.role = q.text(5);
    r.roleName = q.text(6);
    r.startedMs = q.integer(7);
    r.updatedMs = q.integer(8);
    r.timeSpentMs = q.integer(9);
    r.steps = static_cast<int>(q.integer(10));
    r.finished = q.integer(11) != 0;
    r.endingTitle = q.text(12);
    r.overallFraction = q.isNull(13) ? -1 : q.real(13);
    r.overallBand = q.text(14);
    r.missedCritical = q.isNull(15) ? -1 : static_cast<int>(q.integer(15));
    r.criticalMet = q.isNull(16) ? -1 : static_cast<int>(q.integer(16));
    r.reflection = q.text(17);
    r.firstRunId = q.text(18);
    return s;
}

} // namespace

std::vector<RunSummary> RecordDatabase::runs(std::optional<std::int64_t> profile) const {
    std::vector<RunSummary> out;
    Stmt q(m_db, (std::string("SELECT ") + kRunColumns + " FROM runs WHERE profile_id = ? ORDER BY updated_ms DESC, id").c_str());
    q.bind(1, profile.value_or(currentProfile()));
    while (q.step() == SQLITE_ROW) out.push_back(readSummary(q));
    // Dimensions for the progress view, in one pass.
    Stmt dims(m_db, "SELECT d.run_id, d.dimension, d.name, d.score, d.best, d.worst, d.fraction, d.band FROM dimension_results d "
                    "JOIN runs r ON r.id = d.run_id WHERE r.profile_id = ? ORDER BY d.run_id, d.dimension");
    dims.bind(1, profile.value_or(currentProfile()));
    std::map<std::string, std::vector<DimensionResult>> byRun;
    while (dims.step() == SQLITE_ROW)
        byRun[dims.text(0)].push_back({dims.text(1), dims.text(2), static_cast<int>(dims.integer(3)), static_cast<int>(dims.integer(4)),
                                       static_cast<int>(dims.integer(5)), dims.real(6), dims.text(7)});
    for (auto& s : out)
        if (auto it = byRun.find(s.run.id); it != byRun.end()) s.run.dimensions = std::move(it->second);
    return out;
}

std::optional<RunRecord> RecordDatabase::run(const std::string& id) const {
    Stmt q(m_db, (std::string("SELECT ") + kRunColumns + ", session_json FROM runs WHERE id = ?").c_str());
    q.bind(1, id);
    if (q.step() != SQLITE_ROW) return std::nullopt;
    RunRecord r = readSummary(q).run;
    r.session = parseOr(q.text(19), nlohmann::json::object());
    if (!r.firstRunId.empty()) {
        Stmt f(m_db, "SELECT session_json FROM runs WHERE id = ?");
        f.bind(1, r.firstRunId);
        if (f.step() == SQLITE_ROW) r.firstRun = parseOr(f.text(0), nlohmann::json::object());
    }
    Stmt d(m_db, "SELECT step, node, title, option, option_text, at_ms, score_changes, feedback, choices FROM decisions WHERE run_id = ? ORDER BY step");
    d.bind(1, id);
    while (d.step() == SQLITE_ROW) {
        DecisionRecord rec;
        rec.step = static_cast<int>(d.integer(0));
        rec.node = d.text(1);
        rec.title = d.text(2);
        rec.option = d.text(3);
        rec.optionText = d.text(4);
        rec.atMs = d.integer(5);
        const nlohmann::json changes = parseOr(d.text(6), nlohmann::json::object());
        if (changes.is_object())
            for (auto it = changes.begin(); it != changes.end(); ++it)
                if (it->is_number_integer()) rec.scoreChanges[it.key()] = it->get<int>();
        rec.feedback = d.text(7);
        const nlohmann::json choices = parseOr(d.text(8), nlohmann::json::array());
        if (choices.is_array())
            for (const auto& c : choices)
                if (c.is_object() && c.contains("id") && c["id"].is_string())
                    rec.choices.push_back({c["id"].get<std::string>(), c.value("text", std::string())});
        r.decisions.push_back(std::move(rec));
    }
    Stmt dims(m_db, "SELECT dimension, name, score, best, worst, fraction, band FROM dimension_results WHERE run_id = ? ORDER BY dimension");
    dims.bind(1, id);
    while (dims.step() == SQLITE_ROW)
        r.dimensions.push_back({dims.text(0), dims.text(1), static_cast<int>(dims.integer(2)), static_cast<int>(dims.integer(3)),
                                static_cast<int>(dims.integer(4)), dims.real(5), dims.text(6)});
    r.pauses = pausesOf(id);
    return r;
}

std::vector<RunPause> RecordDatabase::pausesOf(const std::string& id) const {
    std::vector<RunPause> out;
    Stmt q(m_db, "SELECT suspended_ms, resumed_ms FROM run_pauses WHERE run_id = ? ORDER BY suspended_ms");
    q.bind(1, id);
    while (q.step() == SQLITE_ROW) out.push_back({q.integer(0), q.isNull(1) ? 0 : q.integer(1)});
    return out;
}

std::optional<RunStatus> RecordDatabase::runStatus(const std::string& id) const {
    Stmt q(m_db, "SELECT status FROM runs WHERE id = ?");
    q.bind(1, id);
    if (q.step() != SQLITE_ROW) return std::nullopt;
    return statusFrom(q.text(0));
}

std::int64_t RecordDatabase::runSavedMs(const std::string& id) const {
    Stmt q(m_db, "SELECT saved_ms FROM runs WHERE id = ?");
    q.bind(1, id);
    return q.step() == SQLITE_ROW ? q.integer(0) : 0;
}

// [SECTION] Rooms

bool RecordDatabase::saveRoom(const RoomRecord& room, Diagnostics& diags) {
    if (!isSafeRecordId(room.id)) {
        diags.push_back({Severity::Error, m_file.string(), 0, 0, "", "a room id made of other than letters, digits, '-' and '_': " + room.id});
        return false;
    }
    return transaction(diags, [&] {
        if (!saveRoomRow(room, diags)) return false;
        if (!m_statementOptions) return true;
        const std::int64_t profile = currentProfile();
        const auto who = this->profile(profile);
        return !who || queueStatements(roomStatements(room, *who, *m_statementOptions), profile, "", room.id, diags);
    });
}

bool RecordDatabase::saveRoomRow(const RoomRecord& room, Diagnostics& diags) {
    Stmt q(m_db, R"sql(
INSERT INTO rooms(id, profile_id, file, plugin_id, case_title, started_ms, updated_ms, closed, events, groups_json, record_json, saved_ms)
VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT(id) DO UPDATE SET file = excluded.file, case_title = excluded.case_title, updated_ms = excluded.updated_ms,
  closed = excluded.closed, events = excluded.events, groups_json = excluded.groups_json, record_json = excluded.record_json,
  saved_ms = excluded.saved_ms
)sql");
    q.bind(1, room.id).bind(2, currentProfile()).bind(3, room.file).bind(4, room.pluginId).bind(5, room.caseTitle)
        .bind(6, room.startedMs).bind(7, room.updatedMs).bind(8, room.closed ? 1 : 0).bind(9, room.events)
        .bind(10, dump(nlohmann::json(room.groups))).bind(11, dump(room.record)).bind(12, m_nowMs ? m_nowMs : clockMs());
    if (q.run()) return true;
    fail(diags, m_file, m_db, q.rc(), "Could not save the room session");
    return false;
}

namespace {

constexpr const char* kRoomColumns = "id, file, plugin_id, case_title, started_ms, updated_ms, closed, events, groups_json";

RoomRecord readRoomRow(const Stmt& q) {
    RoomRecord r;
    r.id = q.text(0);
    r.file = q.text(1);
    r.pluginId = q.text(2);
    r.caseTitle = q.text(3);
    r.startedMs = q.integer(4);
    r.updatedMs = q.integer(5);
    r.closed = q.integer(6) != 0;
    r.events = static_cast<int>(q.integer(7));
    const nlohmann::json groups = parseOr(q.text(8), nlohmann::json::array());
    if (groups.is_array())
        for (const auto& g : groups)
            if (g.is_string()) r.groups.push_back(g.get<std::string>());
    return r;
}

} // namespace

std::optional<RoomRecord> RecordDatabase::room(const std::string& id) const {
    Stmt q(m_db, (std::string("SELECT ") + kRoomColumns + ", record_json FROM rooms WHERE id = ?").c_str());
    q.bind(1, id);
    if (q.step() != SQLITE_ROW) return std::nullopt;
    RoomRecord r = readRoomRow(q);
    r.record = parseOr(q.text(9), nlohmann::json::object());
    return r;
}

std::vector<RoomRecord> RecordDatabase::rooms(std::optional<std::int64_t> profile, bool withRecord) const {
    std::vector<RoomRecord> out;
    Stmt q(m_db, (std::string("SELECT ") + kRoomColumns + (withRecord ? ", record_json" : "") +
                  " FROM rooms WHERE profile_id = ? ORDER BY updated_ms DESC, id").c_str());
    q.bind(1, profile.value_or(currentProfile()));
    while (q.step() == SQLITE_ROW) {
        RoomRecord r = readRoomRow(q);
        if (withRecord) r.record = parseOr(q.text(9), nlohmann::json::object());
        out.push_back(std::move(r));
    }
    return out;
}

// [SECTION] The outbox

std::optional<Profile> RecordDatabase::profile(std::int64_t id) const {
    Stmt q(m_db, "SELECT id, name, account, created_ms FROM profiles WHERE id = ?");
    q.bind(1, id);
    if (q.step() != SQLITE_ROW) return std::nullopt;
    return Profile{q.integer(0), q.text(1), q.text(2), q.integer(3)};
}

bool RecordDatabase::queueStatements(const std::vector<XapiStatement>& statements, std::int64_t profile, const std::string& runId,
                                     const std::string& roomId, Diagnostics& diags) {
    return transaction(diags, [&] {
        for (const auto& st : statements) {
            // The id is the content's (xapi.h): a statement already here is this one; it keeps its state.
            Stmt q(m_db, "INSERT INTO outbox(id, profile_id, run_id, room_id, created_ms, statement) VALUES(?, ?, ?, ?, ?, ?) "
                         "ON CONFLICT(id) DO NOTHING");
            q.bind(1, st.id).bind(2, profile);
            if (runId.empty()) q.bindNull(3); else q.bind(3, runId);
            if (roomId.empty()) q.bindNull(4); else q.bind(4, roomId);
            q.bind(5, st.atMs).bind(6, dump(st.json));
            if (!q.run()) {
                fail(diags, m_file, m_db, q.rc(), "Could not queue the statements");
                return false;
            }
        }
        return true;
    });
}

std::vector<OutboxEntry> RecordDatabase::dueStatements(std::int64_t nowMs, int limit) const {
    std::vector<OutboxEntry> out;
    Stmt q(m_db, "SELECT id, statement, attempts FROM outbox WHERE state = 'queued' AND next_attempt_ms <= ? "
                 "ORDER BY created_ms, rowid LIMIT ?");
    q.bind(1, nowMs).bind(2, limit);
    while (q.step() == SQLITE_ROW) out.push_back({q.text(0), q.text(1), static_cast<int>(q.integer(2))});
    return out;
}

bool RecordDatabase::markSent(const std::vector<std::string>& ids, std::int64_t nowMs, Diagnostics& diags) {
    return transaction(diags, [&] {
        for (const auto& id : ids) {
            Stmt q(m_db, "UPDATE outbox SET state = 'sent', sent_ms = ?, attempts = attempts + 1, last_error = '' WHERE id = ?");
            q.bind(1, nowMs).bind(2, id);
            if (!q.run()) {
                fail(diags, m_file, m_db, q.rc(), "Could not note the statements as sent");
                return false;
            }
        }
        return true;
    });
}

bool RecordDatabase::markFailing(const std::vector<std::string>& ids, const std::string& error, std::int64_t nowMs,
                                 std::int64_t nextAttemptMs, Diagnostics& diags) {
    return transaction(diags, [&] {
        for (const auto& id : ids) {
            Stmt q(m_db, "UPDATE outbox SET attempts = attempts + 1, next_attempt_ms = ?, last_error = ?, sent_ms = NULL "
                         "WHERE id = ? AND state = 'queued'");
            q.bind(1, nextAttemptMs).bind(2, error).bind(3, id);
            if (!q.run()) {
                fail(diags, m_file, m_db, q.rc(), "Could not note the failed sending");
                return false;
            }
        }
        return setMeta("outbox_last_error", error, diags) && setMeta("outbox_last_error_ms", std::to_string(nowMs), diags);
    });
}

bool RecordDatabase::markQuarantined(const std::string& id, const std::string& error, std::int64_t nowMs, Diagnostics& diags) {
    return transaction(diags, [&] {
        Stmt q(m_db, "UPDATE outbox SET state = 'failed', attempts = attempts + 1, last_error = ? WHERE id = ?");
        q.bind(1, error).bind(2, id);
        if (!q.run()) {
            fail(diags, m_file, m_db, q.rc(), "Could not note the refused statement");
            return false;
        }
        return setMeta("outbox_last_error", error, diags) && setMeta("outbox_last_error_ms", std::to_string(nowMs), diags);
    });
}

std::int64_t RecordDatabase::requeueQuarantined(Diagnostics& diags) {
    std::int64_t changed = 0;
    transaction(diags, [&] {
        Stmt q(m_db, "UPDATE outbox SET state = 'queued', next_attempt_ms = 0 WHERE state = 'failed'");
        if (!q.run()) {
            fail(diags, m_file, m_db, q.rc(), "Could not queue the statements again");
            return false;
        }
        changed = sqlite3_changes(m_db);
        return true;
    });
    return changed;
}

OutboxStatus RecordDatabase::outboxStatus() const {
    OutboxStatus s;
    Stmt q(m_db, "SELECT count(*) FILTER (WHERE state = 'queued' AND attempts = 0), count(*) FILTER (WHERE state = 'queued' AND attempts > 0), "
                 "count(*) FILTER (WHERE state = 'sent'), count(*) FILTER (WHERE state = 'failed'), "
                 "min(next_attempt_ms) FILTER (WHERE state = 'queued' AND attempts > 0), max(sent_ms) FROM outbox");
    if (q.step() == SQLITE_ROW) {
        s.queued = q.integer(0);
        s.failing = q.integer(1);
        s.sent = q.integer(2);
        s.quarantined = q.integer(3);
        s.nextAttemptMs = q.isNull(4) ? 0 : q.integer(4);
        s.lastSentMs = q.isNull(5) ? 0 : q.integer(5);
    }
    if (s.failing > 0 || s.quarantined > 0) {
        s.lastError = meta("outbox_last_error").value_or("");
        s.lastErrorMs = std::strtoll(meta("outbox_last_error_ms").value_or("0").c_str(), nullptr, 10);
    }
    return s;
}

std::string RecordDatabase::statementState(const std::string& id) const {
    Stmt q(m_db, "SELECT state FROM outbox WHERE id = ?");
    q.bind(1, id);
    return q.step() == SQLITE_ROW ? q.text(0) : std::string();
}

std::int64_t RecordDatabase::slimSentStatements(std::int64_t nowMs, std::int64_t keepMs, Diagnostics& diags) {
    std::int64_t slimmed = 0;
    {
        // Most starts have nothing to slim: they read and never write (a read-only disk stays quiet).
        Stmt any(m_db, "SELECT 1 FROM outbox WHERE state = 'sent' AND sent_ms < ? AND statement != '' LIMIT 1");
        any.bind(1, nowMs - keepMs);
        if (any.step() != SQLITE_ROW) return 0;
    }
    (void)transaction(diags, [&] {
        Stmt q(m_db, "UPDATE outbox SET statement = '' WHERE state = 'sent' AND sent_ms < ? AND statement != ''");
        q.bind(1, nowMs - keepMs);
        if (!q.run()) {
            fail(diags, m_file, m_db, q.rc(), "Could not tidy the statements already sent");
            return false;
        }
        slimmed = sqlite3_changes(m_db);
        return true;
    });
    return slimmed;
}

std::vector<nlohmann::json> RecordDatabase::outboxStatements(const std::string& runOrRoomId) const {
    std::vector<nlohmann::json> out;
    Stmt q(m_db, "SELECT statement FROM outbox WHERE run_id = ?1 OR room_id = ?1 ORDER BY created_ms, rowid");
    q.bind(1, runOrRoomId);
    while (q.step() == SQLITE_ROW) out.push_back(parseOr(q.text(0), nlohmann::json::object()));
    return out;
}

RecordsView RecordDatabase::view() const {
    RecordsView v;
    v.available = true;
    v.profiles = profiles();
    v.currentProfile = currentProfile();
    v.askName = v.profiles.size() == 1 && v.profiles.front().name.empty() && !meta("name_asked");
    v.runs = runs();
    v.rooms = rooms(std::nullopt, false);
    return v;
}

StartupRecords RecordDatabase::startup() const {
    StartupRecords out;
    out.view = view();
    Stmt q(m_db, "SELECT id, status FROM runs WHERE profile_id = ? AND status IN ('current','kept') ORDER BY updated_ms DESC, id");
    q.bind(1, currentProfile());
    std::vector<std::pair<std::string, RunStatus>> ids;
    while (q.step() == SQLITE_ROW) ids.emplace_back(q.text(0), statusFrom(q.text(1)));
    for (const auto& [id, status] : ids) {
        auto r = run(id);
        if (!r) continue;
        StoredRun stored{id, std::move(r->session), std::move(r->firstRun)};
        if (status == RunStatus::Current && !out.autosave) {
            out.compareRun = stored.firstRun;
            out.autosave = std::move(stored);
        } else {
            out.keptRuns.push_back(std::move(stored));
        }
    }
    out.rooms = rooms();
    return out;
}

} // namespace wp::app

namespace wp::app {

nlohmann::json runToJson(const RunRecord& r, const char* status) {
    nlohmann::json j = {{"id", r.id},
                        {"case", r.pluginId},
                        {"case_title", r.caseTitle},
                        {"case_version", r.pluginVersion},
                        {"role", r.role},
                        {"role_name", r.roleName},
                        {"started_ms", r.startedMs},
                        {"updated_ms", r.updatedMs},
                        {"time_spent_ms", r.timeSpentMs},
                        {"steps", r.steps},
                        {"finished", r.finished},
                        {"ending", r.endingTitle}};
    if (status) j["status"] = status;
    if (r.overallFraction >= 0) j["overall"] = {{"fraction", r.overallFraction}, {"band", r.overallBand}};
    if (r.missedCritical >= 0) j["critical"] = {{"missed", r.missedCritical}, {"met", r.criticalMet}};
    if (!r.firstRunId.empty()) j["compared_with"] = r.firstRunId;
    nlohmann::json dims = nlohmann::json::array();
    for (const auto& d : r.dimensions)
        dims.push_back({{"id", d.id}, {"name", d.name}, {"score", d.score}, {"best", d.best}, {"worst", d.worst},
                        {"fraction", d.fraction}, {"band", d.band}});
    j["dimensions"] = std::move(dims);
    if (!r.decisions.empty()) {
        nlohmann::json decisions = nlohmann::json::array();
        for (const auto& d : r.decisions)
            decisions.push_back({{"step", d.step}, {"decision", d.node}, {"title", d.title}, {"option", d.option},
                                 {"option_text", d.optionText}, {"at_ms", d.atMs}, {"score_changes", d.scoreChanges},
                                 {"feedback", d.feedback}});
        j["decisions"] = std::move(decisions);
    }
    j["reflection"] = r.reflection;
    return j;
}

nlohmann::json roomToRecordJson(const RoomRecord& r) {
    nlohmann::json j = {{"id", r.id},           {"case", r.pluginId}, {"case_title", r.caseTitle}, {"started_ms", r.startedMs},
                        {"updated_ms", r.updatedMs}, {"closed", r.closed}, {"events", r.events},     {"groups", r.groups}};
    if (!r.record.is_null()) j["record"] = r.record;
    return j;
}

nlohmann::json exportProfileRecords(const RecordDatabase& db, std::int64_t profile) {
    nlohmann::json out = {{"format", "wholepicture-records"}, {"version", 1}};
    for (const auto& p : db.profiles())
        if (p.id == profile) out["profile"] = {{"id", p.id}, {"name", p.name}, {"account", p.account}, {"created_ms", p.createdMs}};
    nlohmann::json runs = nlohmann::json::array();
    for (const auto& summary : db.runs(profile))
        if (auto whole = db.run(summary.run.id)) runs.push_back(runToJson(*whole, runStatusName(summary.status)));
    out["runs"] = std::move(runs);
    nlohmann::json rooms = nlohmann::json::array();
    for (const auto& r : db.rooms(profile)) rooms.push_back(roomToRecordJson(r));
    out["rooms"] = std::move(rooms);
    return out;
}

} // namespace wp::app
