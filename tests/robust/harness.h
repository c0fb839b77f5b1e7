// Shared pieces of the robustness tests: the real app under a private Xvfb, driven by xdotool, killed
// with SIGKILL, its record files read back with nlohmann/json. Every process and temp dir is owned by
// an RAII object, so a failed ASSERT (which returns from the test body) still cleans up.
#pragma once
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <csignal>
#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>
#include <nlohmann/json.hpp>

extern char** environ;

namespace wp::robust {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using nlohmann::json;

inline void sleepMs(double ms) {
    if (ms > 0) std::this_thread::sleep_for(std::chrono::microseconds(static_cast<long long>(ms * 1000)));
}

inline double msSince(Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

// The seed: WP_KILL_SEED or the fixed default.
inline std::uint64_t seedFromEnv(std::uint64_t fallback) {
    if (const char* s = std::getenv("WP_KILL_SEED"); s && *s) return std::strtoull(s, nullptr, 0);
    return fallback;
}

inline int envInt(const char* name, int fallback) {
    if (const char* s = std::getenv(name); s && *s) return std::atoi(s);
    return fallback;
}

// A temp dir removed with everything in it, whatever happens.
struct TempDir {
    fs::path path;
    explicit TempDir(const std::string& prefix) {
        std::string templ = (fs::temp_directory_path() / (prefix + "-XXXXXX")).string();
        if (char* p = ::mkdtemp(templ.data())) path = p;
    }
    ~TempDir() {
        std::error_code ec;
        if (!path.empty()) fs::remove_all(path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
};

// A child process started with posix_spawn; killed (SIGKILL) and reaped on destruction.
class Process {
public:
    Process() = default;
    Process(const std::vector<std::string>& argv, const std::vector<std::string>& extraEnv, const fs::path& logFile = {}) {
        start(argv, extraEnv, logFile);
    }
    ~Process() { kill9(); }
    Process(const Process&) = delete;
    Process& operator=(const Process&) = delete;
    Process(Process&& o) noexcept : m_pid(o.m_pid), m_status(o.m_status) { o.m_pid = -1; }

    bool start(const std::vector<std::string>& argv, const std::vector<std::string>& extraEnv, const fs::path& logFile = {}) {
        std::vector<std::string> env;
        std::map<std::string, std::string> overrides;
        for (const auto& e : extraEnv) overrides[e.substr(0, e.find('='))] = e;
        for (char** e = environ; *e; ++e) {
            const std::string kv = *e;
            if (!overrides.count(kv.substr(0, kv.find('=')))) env.push_back(kv);
        }
        for (const auto& [k, v] : overrides) env.push_back(v);
        std::vector<char*> av, ev;
        for (const auto& a : argv) av.push_back(const_cast<char*>(a.c_str()));
        av.push_back(nullptr);
        for (const auto& e : env) ev.push_back(const_cast<char*>(e.c_str()));
        ev.push_back(nullptr);
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        const std::string log = logFile.empty() ? std::string("/dev/null") : logFile.string();
        posix_spawn_file_actions_addopen(&fa, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        posix_spawn_file_actions_adddup2(&fa, 1, 2);
        posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
        const int rc = posix_spawnp(&m_pid, av[0], &fa, nullptr, av.data(), ev.data());
        posix_spawn_file_actions_destroy(&fa);
        if (rc != 0) m_pid = -1;
        m_status = -1;
        return rc == 0;
    }

    [[nodiscard]] pid_t pid() const { return m_pid; }
    [[nodiscard]] bool running() {
        if (m_pid <= 0) return false;
        int st = 0;
        const pid_t r = ::waitpid(m_pid, &st, WNOHANG);
        if (r == m_pid) {
            m_status = st;
            m_pid = -1;
            return false;
        }
        return r == 0;
    }
    // Raw wait status once the process ended (-1 while running or never started).
    [[nodiscard]] int status() const { return m_status; }
    void kill9() {
        if (m_pid <= 0) return;
        ::kill(m_pid, SIGKILL);
        int st = 0;
        ::waitpid(m_pid, &st, 0);
        m_status = st;
        m_pid = -1;
    }
    void terminate(int timeoutMs = 3000) {
        if (m_pid <= 0) return;
        ::kill(m_pid, SIGTERM);
        const auto t0 = Clock::now();
        while (running() && msSince(t0) < timeoutMs) sleepMs(5);
        kill9();
    }
    // Waits for the exit; returns the raw status, or -1 after the timeout (the process is killed then).
    int wait(int timeoutMs) {
        const auto t0 = Clock::now();
        while (running() && msSince(t0) < timeoutMs) sleepMs(5);
        if (m_pid > 0) {
            kill9();
            return -1;
        }
        return m_status;
    }

private:
    pid_t m_pid = -1;
    int m_status = -1;
};

// Runs a command to completion (stdout captured) without a shell.
inline int runCapture(const std::vector<std::string>& argv, const std::vector<std::string>& extraEnv, std::string* out = nullptr,
                      int timeoutMs = 10000) {
    char name[] = "/tmp/wp-robust-out-XXXXXX";
    const int fd = ::mkstemp(name);
    if (fd < 0) return -1;
    ::close(fd);
    int status = -1;
    {
        Process p(argv, extraEnv, name);
        status = p.wait(timeoutMs);
    }
    if (out) {
        std::ifstream in(name);
        std::stringstream ss;
        ss << in.rdbuf();
        *out = ss.str();
    }
    ::unlink(name);
    return status >= 0 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// A private X server for one test: Xvfb on a free display (-displayfd), killed at the end.
class XServer {
public:
    explicit XServer(int width = 1600, int height = 900) {
        int fds[2];
        if (::pipe(fds) != 0) return;
        const std::string geometry = std::to_string(width) + "x" + std::to_string(height) + "x24";
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_addclose(&fa, fds[0]);
        posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
        posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
        const std::string fdArg = std::to_string(fds[1]);
        std::vector<std::string> args = {"Xvfb", "-displayfd", fdArg, "-screen", "0", geometry, "-nolisten", "tcp", "-noreset"};
        std::vector<char*> av;
        for (auto& a : args) av.push_back(a.data());
        av.push_back(nullptr);
        const int rc = posix_spawnp(&m_pid, "Xvfb", &fa, nullptr, av.data(), environ);
        posix_spawn_file_actions_destroy(&fa);
        ::close(fds[1]);
        if (rc != 0) {
            m_pid = -1;
            ::close(fds[0]);
            return;
        }
        std::string number;
        char c = 0;
        while (::read(fds[0], &c, 1) == 1 && c != '\n') number += c;
        ::close(fds[0]);
        if (!number.empty()) m_display = ":" + number;
    }
    ~XServer() {
        if (m_pid > 0) {
            ::kill(m_pid, SIGTERM);
            int st = 0;
            for (int i = 0; i < 200 && ::waitpid(m_pid, &st, WNOHANG) == 0; ++i) sleepMs(10);
            ::kill(m_pid, SIGKILL);
            ::waitpid(m_pid, &st, 0);
        }
    }
    XServer(const XServer&) = delete;
    XServer& operator=(const XServer&) = delete;
    [[nodiscard]] const std::string& display() const { return m_display; }
    [[nodiscard]] bool ok() const { return m_pid > 0 && !m_display.empty(); }

private:
    pid_t m_pid = -1;
    std::string m_display;
};

// xdotool on the test's display.
inline int xdo(const std::string& display, std::vector<std::string> args, std::string* out = nullptr) {
    args.insert(args.begin(), "xdotool");
    return runCapture(args, {"DISPLAY=" + display}, out, 10000);
}

// The XDG directories of one app "home", and the app started on it.
struct AppHome {
    fs::path root;
    [[nodiscard]] fs::path stateDir() const { return root / "state" / "wholepicture"; }
    [[nodiscard]] fs::path dataDir() const { return root / "data" / "wholepicture"; }
    [[nodiscard]] fs::path recordsFile() const { return dataDir() / "records.sqlite3"; }
    [[nodiscard]] std::vector<std::string> env(const std::string& display) const {
        return {"XDG_CONFIG_HOME=" + (root / "config").string(), "XDG_STATE_HOME=" + (root / "state").string(),
                "XDG_DATA_HOME=" + (root / "data").string(), "HOME=" + root.string(), "DISPLAY=" + display};
    }
};

// Starts the app and waits until its window is mapped (the X server then queues keys for it).
// Returns false (and the process is killed) if no window appears in `timeoutMs`.
inline bool startApp(Process& app, const AppHome& home, const std::string& display, const std::vector<std::string>& args,
                     int timeoutMs = 15000) {
    std::vector<std::string> argv = {WP_APP_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    if (!app.start(argv, home.env(display), home.root / "app.log")) return false;
    const auto t0 = Clock::now();
    while (msSince(t0) < timeoutMs) {
        if (!app.running()) return false;
        std::string out;
        if (xdo(display, {"search", "--onlyvisible", "--pid", std::to_string(app.pid())}, &out) == 0 && !out.empty()) return true;
        sleepMs(15);
    }
    app.kill9();
    return false;
}

inline std::optional<std::string> readFile(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return std::nullopt;
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

inline std::optional<json> parseFile(const fs::path& p, std::string* error = nullptr) {
    auto text = readFile(p);
    if (!text) {
        if (error) *error = "cannot read";
        return std::nullopt;
    }
    try {
        return json::parse(*text);
    } catch (const std::exception& e) {
        if (error) *error = e.what();
        return std::nullopt;
    }
}

// Every *.json record under the state dir (autosave, compare run, kept runs, room records) must parse.
// Returns the files that do not; `count` receives how many were checked.
inline std::vector<std::string> unparsableRecords(const fs::path& stateDir, int* count = nullptr) {
    std::vector<std::string> bad;
    int n = 0;
    std::error_code ec;
    for (fs::recursive_directory_iterator it(stateDir, ec), end; !ec && it != end; it.increment(ec)) {
        if (!it->is_regular_file() || it->path().extension() != ".json") continue;
        ++n;
        std::string err;
        if (!parseFile(it->path(), &err)) bad.push_back(it->path().string() + ": " + err + " (" +
                                                        std::to_string(fs::file_size(it->path(), ec)) + " bytes)");
    }
    if (count) *count = n;
    return bad;
}

// Temp files a kill left behind mid-write ("autosave.json.tmp1234"): informative (review D11).
inline void collectTempFiles(const fs::path& stateDir, std::set<std::string>& seen) {
    std::error_code ec;
    for (fs::recursive_directory_iterator it(stateDir, ec), end; !ec && it != end; it.increment(ec))
        if (it->path().filename().string().find(".json.tmp") != std::string::npos) seen.insert(it->path().string());
}

// Identity of a file's current version: inode and modification time (an atomic rename gives a new inode).
struct FileStamp {
    bool exists = false;
    ino_t ino = 0;
    std::int64_t mtimeNs = 0;
    bool operator==(const FileStamp&) const = default;
};

inline FileStamp stampOf(const fs::path& p) {
    struct stat st {};
    if (::stat(p.c_str(), &st) != 0) return {};
    return {true, st.st_ino, static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec};
}

inline std::int64_t realtimeNs() {
    timespec ts{};
    ::clock_gettime(CLOCK_REALTIME, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1000000000LL + ts.tv_nsec;
}

// Waits until `p` is replaced (its stamp differs from `before`); returns whether it was.
inline bool waitForChange(const fs::path& p, const FileStamp& before, int timeoutMs) {
    const auto t0 = Clock::now();
    while (msSince(t0) < timeoutMs) {
        if (const FileStamp now = stampOf(p); now.exists && !(now == before)) return true;
        sleepMs(5);
    }
    return false;
}

// [SECTION] The records database, read as another program would (a read-only connection, the app
// still running or killed mid-write).

// One record in the database: the current run ("" room) or a room session by id.
struct RecordRef {
    fs::path db;
    std::string room;
};

namespace detail {
template <class F>
inline bool withRecords(const fs::path& db, F&& body) {
    std::error_code ec;
    if (!fs::exists(db, ec)) return false;
    sqlite3* raw = nullptr;
    if (sqlite3_open_v2(db.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        sqlite3_close(raw);
        return false;
    }
    sqlite3_busy_timeout(raw, 2000);
    const bool ok = body(raw);
    sqlite3_close(raw);
    return ok;
}
// The JSON column and saved_ms of the record, or false.
inline bool readRow(const RecordRef& r, std::string& text, std::int64_t& savedMs) {
    return withRecords(r.db, [&](sqlite3* db) {
        const char* sql = r.room.empty() ? "SELECT session_json, saved_ms FROM runs WHERE status = 'current' ORDER BY saved_ms DESC LIMIT 1"
                                         : "SELECT record_json, saved_ms FROM rooms WHERE id = ?";
        sqlite3_stmt* q = nullptr;
        if (sqlite3_prepare_v2(db, sql, -1, &q, nullptr) != SQLITE_OK) return false;
        if (!r.room.empty()) sqlite3_bind_text(q, 1, r.room.c_str(), -1, SQLITE_TRANSIENT);
        const bool found = sqlite3_step(q) == SQLITE_ROW;
        if (found) {
            text = reinterpret_cast<const char*>(sqlite3_column_text(q, 0));
            savedMs = sqlite3_column_int64(q, 1);
        }
        sqlite3_finalize(q);
        return found;
    });
}
} // namespace detail

inline std::optional<json> readRecord(const RecordRef& r) {
    std::string text;
    std::int64_t savedMs = 0;
    if (!detail::readRow(r, text, savedMs)) return std::nullopt;
    auto j = json::parse(text, nullptr, false);
    if (j.is_discarded()) return std::nullopt;
    return j;
}

// When the record was last saved, as a stamp (mtimeNs: the save's wall-clock time).
inline FileStamp stampOf(const RecordRef& r) {
    std::string text;
    std::int64_t savedMs = 0;
    if (!detail::readRow(r, text, savedMs)) return {};
    return {true, 0, savedMs * 1000000LL};
}

inline bool waitForChange(const RecordRef& r, const FileStamp& before, int timeoutMs) {
    const auto t0 = Clock::now();
    while (msSince(t0) < timeoutMs) {
        if (const FileStamp now = stampOf(r); now.exists && !(now == before)) return true;
        sleepMs(10);
    }
    return false;
}

// "ok", what PRAGMA integrity_check found, or "no database" / "cannot open".
inline std::string integrityOf(const fs::path& db) {
    std::error_code ec;
    if (!fs::exists(db, ec)) return "no database";
    std::string out = "cannot open";
    detail::withRecords(db, [&](sqlite3* raw) {
        sqlite3_stmt* q = nullptr;
        if (sqlite3_prepare_v2(raw, "PRAGMA integrity_check", -1, &q, nullptr) != SQLITE_OK) return false;
        out.clear();
        while (sqlite3_step(q) == SQLITE_ROW) out += (out.empty() ? "" : "; ") + std::string(reinterpret_cast<const char*>(sqlite3_column_text(q, 0)));
        sqlite3_finalize(q);
        return true;
    });
    return out;
}

// Every room session in the database: id and record.
inline std::vector<std::pair<std::string, json>> roomRecords(const fs::path& db) {
    std::vector<std::pair<std::string, json>> out;
    detail::withRecords(db, [&](sqlite3* raw) {
        sqlite3_stmt* q = nullptr;
        if (sqlite3_prepare_v2(raw, "SELECT id, record_json FROM rooms", -1, &q, nullptr) != SQLITE_OK) return false;
        while (sqlite3_step(q) == SQLITE_ROW) {
            auto j = json::parse(reinterpret_cast<const char*>(sqlite3_column_text(q, 1)), nullptr, false);
            if (!j.is_discarded()) out.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(q, 0)), std::move(j));
        }
        sqlite3_finalize(q);
        return true;
    });
    return out;
}

// Milliseconds from a key to the save it caused reaching the disk: "min/median/max".
inline std::string latencySummary(std::vector<double> ms) {
    if (ms.empty()) return "-";
    std::sort(ms.begin(), ms.end());
    char text[96];
    std::snprintf(text, sizeof text, "%.0f/%.0f/%.0f ms", ms.front(), ms[ms.size() / 2], ms.back());
    return text;
}

// A key for xdotool: a tap (`key --delay 0`) or a held press (keydown, a pause, keyup).
struct KeyPress {
    std::string key;
    double holdMs = 0; // 0: instant
};

inline void sendKey(const std::string& display, const KeyPress& k) {
    if (k.holdMs <= 0) {
        (void)xdo(display, {"key", "--delay", "0", k.key});
    } else {
        (void)xdo(display, {"keydown", k.key});
        sleepMs(k.holdMs);
        (void)xdo(display, {"keyup", k.key});
    }
}

inline std::string describe(const std::vector<KeyPress>& keys) {
    std::string s;
    for (const auto& k : keys) s += (s.empty() ? "" : " ") + k.key + (k.holdMs > 0 ? "(held)" : "");
    return s;
}


// The screen (top-left w x h) as raw RGB through ImageMagick's `import`; empty if it is not installed.
inline std::vector<unsigned char> grabRgb(const std::string& display, int w, int h) {
    char name[] = "/tmp/wp-robust-grab-XXXXXX";
    const int fd = ::mkstemp(name);
    if (fd < 0) return {};
    ::close(fd);
    const std::string crop = std::to_string(w) + "x" + std::to_string(h) + "+0+0";
    (void)runCapture({"import", "-display", display, "-window", "root", "-crop", crop, "-depth", "8", std::string("rgb:") + name}, {},
                     nullptr, 15000);
    std::vector<unsigned char> rgb;
    if (auto text = readFile(name); text && text->size() == static_cast<size_t>(w) * h * 3) rgb.assign(text->begin(), text->end());
    ::unlink(name);
    return rgb;
}

// The vertical middle of the first run (top down, from y0) of at least `minRun` pixels in column x close
// to `colour` (0xRRGGBB): where a filled button of that colour is.
inline std::optional<int> findColourRun(const std::vector<unsigned char>& rgb, int w, int h, int x, int y0, unsigned colour, int minRun = 8) {
    if (rgb.size() != static_cast<size_t>(w) * h * 3) return std::nullopt;
    const int r = (colour >> 16) & 0xFF, g = (colour >> 8) & 0xFF, b = colour & 0xFF;
    int start = -1;
    for (int y = y0; y < h; ++y) {
        const unsigned char* p = &rgb[(static_cast<size_t>(y) * w + x) * 3];
        const bool near = std::abs(p[0] - r) <= 14 && std::abs(p[1] - g) <= 14 && std::abs(p[2] - b) <= 14;
        if (near && start < 0) start = y;
        if (!near && start >= 0) {
            if (y - start >= minRun) return (start + y) / 2;
            start = -1;
        }
    }
    return std::nullopt;
}

inline bool haveTool(const char* name) {
    return runCapture({"sh", "-c", std::string("command -v ") + name}, {}, nullptr, 5000) == 0;
}

} // namespace wp::robust
