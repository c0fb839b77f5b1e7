// The sender against a real learning record store (issue 11, item 6): Learning Locker's xapi-statements
// 5.0.1 in memory mode on loopback (tests/xapi/lrs, installed by tools/setup into build/npm-lrs; GPL,
// test-only). The app's own code plays runs and a room session into a records database with sending
// configured; the C++ sender posts them; the statements are read back from the LRS by registration: all
// there, none twice. Then the LRS is stopped (they stay queued, failing, and arrive when it returns), and
// the sender is killed mid-batch, in its own process, and restarted (nothing lost, nothing doubled).
//
//   wp_xapi_lrs_tests --node NODE --modules BUILD/npm-lrs --shim tests/xapi/force-loopback.cjs --scratch DIR
//   wp_xapi_lrs_tests --send-child DB ENDPOINT MODE     (the sender process the test kills; MODE
//                                                        "die-after-3" or "slow")
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <cstdio>
#include <map>
#include <random>
#include <set>
#include <thread>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "../app/app_fixture.h"
#include "wholepicture/app/record_database.h"
#include "wholepicture/app/sqlite_store.h"
#include "wholepicture/app/statement_service.h"
#include "wholepicture/app/xapi_sender.h"

namespace {

using namespace wp;
using namespace wp::app;
namespace fs = std::filesystem;
using nlohmann::json;

std::string g_node, g_modules, g_shim, g_scratch;

std::int64_t nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

int freePort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    socklen_t len = sizeof a;
    int port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 && ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0)
        port = ntohs(a.sin_port);
    ::close(fd);
    return port;
}

XapiSettings settingsFor(const std::string& endpoint) {
    XapiSettings s;
    s.enabled = true;
    s.endpoint = endpoint;
    s.key = "key";
    s.secret = "secret";
    s.statements.homePage = "https://training.example.org";
    return s;
}

// The LRS as a child process: node with the loopback shim, memory repositories, test auth.
class Lrs {
public:
    explicit Lrs(int port) : m_port(port) {}
    ~Lrs() { stop(); }
    std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(m_port) + "/xAPI"; }
    bool start(std::string& why) {
        const std::string server = g_modules + "/node_modules/xapi-statements/dist/server.js";
        if (!fs::exists(server)) {
            why = "the test LRS (xapi-statements) is not installed in " + g_modules + ": run tools/setup";
            return false;
        }
        const fs::path dir = fs::path(g_scratch) / ("lrs-" + std::to_string(m_port));
        fs::create_directories(dir / "storage");
        fs::create_directories(dir / "logs");
        const std::string log = (dir / ("server-" + std::to_string(++m_starts) + ".log")).string();
        m_pid = ::fork();
        if (m_pid == 0) {
            const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            if (fd >= 0) {
                ::dup2(fd, 1);
                ::dup2(fd, 2);
            }
            ::setenv("EXPRESS_PORT", std::to_string(m_port).c_str(), 1);
            ::setenv("MODELS_REPO", "memory", 1);
            ::setenv("AUTH_REPO", "test", 1);
            ::setenv("EVENTS_REPO", "test", 1);
            ::setenv("STORAGE_REPO", "local", 1);
            ::setenv("FS_LOCAL_STORAGE_DIR", (dir / "storage").c_str(), 1);
            ::setenv("EXPRESS_MORGAN_DIRECTORY", (dir / "logs").c_str(), 1);
            ::setenv("WINSTON_CLOUDWATCH_ENABLED", "false", 1);
            ::execl(g_node.c_str(), g_node.c_str(), "-r", g_shim.c_str(), server.c_str(), static_cast<char*>(nullptr));
            ::_exit(127);
        }
        auto http = makeCurlHttpClient();
        const XapiSettings s = settingsFor(endpoint());
        for (int i = 0; i < 300; ++i) {
            if (http->get(endpoint() + "/about", s).status == 200) return true;
            int status = 0;
            if (::waitpid(m_pid, &status, WNOHANG) == m_pid) {
                m_pid = -1;
                why = "the test LRS stopped at once; see " + log;
                return false;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        why = "the test LRS did not answer within 30 s; see " + log;
        return false;
    }
    void stop() {
        if (m_pid <= 0) return;
        ::kill(m_pid, SIGTERM);
        int status = 0;
        for (int i = 0; i < 50 && ::waitpid(m_pid, &status, WNOHANG) == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
        if (::waitpid(m_pid, &status, WNOHANG) == 0) {
            ::kill(m_pid, SIGKILL);
            ::waitpid(m_pid, &status, 0);
        }
        m_pid = -1;
    }

private:
    int m_port;
    pid_t m_pid = -1;
    int m_starts = 0;
};

// Every statement the LRS holds for a registration (following "more").
std::vector<json> statementsOf(const std::string& endpoint, const std::string& registration) {
    auto http = makeCurlHttpClient();
    const XapiSettings s = settingsFor(endpoint);
    const std::string origin = endpoint.substr(0, endpoint.find('/', 8));
    std::vector<json> out;
    std::string url = endpoint + "/statements?limit=100&registration=" + registration;
    for (int page = 0; page < 1000 && !url.empty(); ++page) {
        const HttpResponse r = http->get(url, s);
        if (r.status != 200) {
            ADD_FAILURE() << "GET " << url << ": " << r.status << " " << r.error << " " << r.body;
            break;
        }
        const json j = json::parse(r.body);
        for (const auto& st : j.at("statements")) out.push_back(st);
        const std::string more = j.value("more", "");
        url = more.empty() ? "" : (more.rfind("http", 0) == 0 ? more : origin + more);
    }
    return out;
}

// What the outbox queued, by registration.
std::map<std::string, std::multiset<std::string>> queuedByRegistration(RecordDatabase& db) {
    std::map<std::string, std::multiset<std::string>> out;
    sqlite3_stmt* q = nullptr;
    sqlite3_prepare_v2(db.handle(), "SELECT statement FROM outbox", -1, &q, nullptr);
    while (sqlite3_step(q) == SQLITE_ROW) {
        const json st = json::parse(reinterpret_cast<const char*>(sqlite3_column_text(q, 0)));
        out[st.at("context").at("registration").get<std::string>()].insert(st.at("id").get<std::string>());
    }
    sqlite3_finalize(q);
    return out;
}

// All there, none twice: the LRS holds exactly the queued ids of each registration, each once, and no
// two of its statements say the same event (the same verb, object, actor, time and response).
void expectAllThereNoneTwice(RecordDatabase& db, const std::string& endpoint, size_t* total = nullptr) {
    size_t n = 0;
    for (const auto& [registration, ids] : queuedByRegistration(db)) {
        const auto held = statementsOf(endpoint, registration);
        std::multiset<std::string> heldIds;
        std::set<std::string> events;
        for (const auto& st : held) {
            heldIds.insert(st.at("id").get<std::string>());
            const std::string event = st.at("verb").at("id").dump() + st.at("object").at("id").dump() + st.at("actor").at("account").dump() +
                                      st.at("timestamp").dump() + (st.contains("result") ? st["result"].value("response", "") : "");
            EXPECT_TRUE(events.insert(event).second) << "the same event twice under another id: " << st.dump();
        }
        EXPECT_EQ(heldIds, ids) << "registration " << registration;
        n += ids.size();
    }
    if (total) *total = n;
}

// The app's own code: runs played through app::apply and saved by the SQLite store (synchronous), a
// room session played through the room commands.
class LrsTest : public wp::test::AppTest {
protected:
    void SetUp() override {
        wp::test::AppTest::SetUp();
        dir = fs::path(g_scratch) / ::testing::UnitTest::GetInstance()->current_test_info()->name();
        fs::remove_all(dir);
        fs::create_directories(dir);
        file = dir / kRecordsFileName;
        Diagnostics diags;
        RecordDatabaseOptions o;
        o.file = file;
        auto db = RecordDatabase::open(o, diags);
        ASSERT_TRUE(db);
        db->setStatementOptions(settingsFor("").statements);
        store = std::make_unique<SqliteStore>(std::move(db), nullptr, /*synchronous=*/true);
    }
    // Applies a command and hands the store what the app would (the saves).
    void play(const app::Command& c) {
        const size_t before = effects.size();
        ASSERT_TRUE(apply(c));
        for (size_t i = before; i < effects.size(); ++i) {
            if (const auto* s = std::get_if<SaveProgress>(&effects[i])) store->saveProgress(s->run);
            if (const auto* k = std::get_if<KeepRun>(&effects[i])) store->keepRun(k->run);
            if (const auto* r = std::get_if<SaveRoomRecord>(&effects[i])) store->saveRoom(r->room);
        }
    }
    void playRun(const std::string& plugin, const std::string& role) {
        play(app::OpenPlugin{plugin});
        play(app::SelectRole{role});
        play(app::StartSession{});
        const Scenario& s = *app::activeScenario(state);
        for (int guard = 0; guard < 400 && state.screen == app::Screen::Play; ++guard) {
            const Node& n = currentNode(s, state.session->current());
            if (state.phase == app::PlayPhase::Question && n.type == NodeType::Decision)
                play(app::Choose{availableOptions(s, state.session->current()).front()->id});
            else
                play(app::Continue{});
        }
        ASSERT_EQ(state.screen, app::Screen::Debrief) << plugin << " as " << role;
    }
    void playRoom(const std::string& plugin) {
        play(app::StartRoom{plugin, {{"Table 1", "class_teacher"}, {"Table 2", "social_worker"}, {"Table 3", kMixedProfession}}, 0});
        ASSERT_TRUE(state.room);
        const Scenario& s = *app::activeScenario(state);
        bool paused = false;
        for (int guard = 0; guard < 2000 && state.room->session.state.phase != RoomPhase::Ending; ++guard) {
            const RoomState& st = state.room->session.state;
            auto step = [&](RoomEventKind k, int group = -1, std::string option = {}) {
                play(app::RoomStep{RoomEvent{k, group, std::move(option), "", "", 0}});
            };
            if (st.warning || st.phase == RoomPhase::Narrative) step(RoomEventKind::Continue);
            else if (st.phase == RoomPhase::Situation || st.phase == RoomPhase::Views) step(RoomEventKind::OpenVoting);
            else if (st.phase == RoomPhase::Voting) {
                const auto& groups = state.room->session.setup.groups;
                for (int g = 0; g < static_cast<int>(groups.size()); ++g) {
                    auto allowed = optionsForProfession(s, st, groups[static_cast<size_t>(g)].profession);
                    if (!allowed.empty()) step(RoomEventKind::Vote, g, allowed[static_cast<size_t>(g) % allowed.size()]->id);
                }
                step(RoomEventKind::Reveal);
            } else if (st.phase == RoomPhase::Revealed) {
                step(RoomEventKind::ChoosePath);
            }
            if (HasFatalFailure()) return;
            if (!paused && state.room->session.state.decisions.size() == 2) {
                play(app::RoomTogglePause{});
                play(app::RoomTogglePause{});
                paused = true;
            }
        }
        ASSERT_EQ(state.room->session.state.phase, RoomPhase::Ending);
        play(app::RoomEnd{true});
    }
    // Every role of every bundled case, and a room session of Peter.
    void playEverything() {
        std::vector<std::pair<std::string, std::string>> plays;
        for (const auto& plugin : state.library)
            if (plugin.usable())
                for (const auto& role : plugin.manifest.roles) plays.emplace_back(plugin.manifest.id, role);
        for (const auto& [plugin, role] : plays) {
            playRun(plugin, role);
            if (HasFatalFailure()) return;
        }
        playRoom("peter");
    }
    RecordDatabase& db() {
        RecordDatabase* out = nullptr;
        store->withDatabase([&](RecordDatabase& d) { out = &d; });
        return *out;
    }
    XapiSender sender(const std::string& endpoint, int batch, std::function<std::int64_t()> clock = {}) {
        XapiSenderOptions o;
        o.database = file;
        o.settings = settingsFor(endpoint);
        o.batchSize = batch;
        o.clock = std::move(clock);
        return XapiSender(std::move(o));
    }
    fs::path dir, file;
    std::unique_ptr<SqliteStore> store;
};

TEST_F(LrsTest, PlayedRunsAndARoomSessionArriveAllOnceEach) {
    Lrs lrs(freePort());
    std::string why;
    ASSERT_TRUE(lrs.start(why)) << why;
    playEverything();
    if (HasFatalFailure()) return;
    const std::int64_t queued = db().outboxStatus().queued;
    ASSERT_GT(queued, 20);

    XapiSender s = sender(lrs.endpoint(), 50);
    Diagnostics diags;
    const auto t0 = std::chrono::steady_clock::now();
    const std::int64_t delivered = s.sendDueNow(diags);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_EQ(delivered, queued);
    EXPECT_EQ(s.status().sent, queued);
    std::printf("[ figures  ] %lld statements sent in batches of 50 to the loopback LRS in %.3f s: %.0f statements/s\n",
                static_cast<long long>(delivered), seconds, static_cast<double>(delivered) / seconds);
    size_t total = 0;
    expectAllThereNoneTwice(db(), lrs.endpoint(), &total);
    EXPECT_EQ(static_cast<std::int64_t>(total), queued);

    // Saved again (a reopened run): nothing new is queued, nothing is sent twice.
    playRun("peter", "dsl"); // a new attempt: its own registration
    EXPECT_GT(s.sendDueNow(diags), 0);
    expectAllThereNoneTwice(db(), lrs.endpoint());
}

// The settings screen's path (issue 11 item 5): sending is off; the app layer saves settings naming
// the LRS (SaveLrsSettings -> ApplyLrsSettings); the statement service at the edge writes lrs.json,
// tells the database to queue statements and starts a sender, without a restart; a run played then
// reaches the LRS, all once, and the status comes back to the state as commands.
TEST_F(LrsTest, SavingSettingsInTheAppStartsSendingToTheLrs) {
    Lrs lrs(freePort());
    std::string why;
    ASSERT_TRUE(lrs.start(why)) << why;
    db().setStatementOptions(std::nullopt); // off, as on a first start

    std::mutex mutex;
    std::condition_variable changed;
    std::vector<app::Command> posted;
    StatementServiceOptions o;
    o.settingsFile = dir / "lrs.json";
    StatementService service(o, [&](app::Command c) {
        std::lock_guard lock(mutex);
        posted.push_back(std::move(c));
        changed.notify_all();
    });
    service.attach(file, [this](const std::function<void(RecordDatabase&)>& work) { store->withDatabase(work); });
    auto waitFor = [&](auto pick) {
        std::unique_lock lock(mutex);
        return changed.wait_for(lock, std::chrono::seconds(60), [&] {
            for (const auto& c : posted)
                if (pick(c)) return true;
            return false;
        });
    };

    ASSERT_TRUE(apply(app::SaveLrsSettings{settingsFor(lrs.endpoint())}));
    const auto* effect = last<app::ApplyLrsSettings>();
    ASSERT_NE(effect, nullptr);
    service.apply(effect->settings, /*save=*/true);
    ASSERT_TRUE(waitFor([](const app::Command& c) {
        const auto* a = std::get_if<app::LrsSettingsApplied>(&c);
        return a && a->sending;
    })) << "the sender starts with the saved settings";
    EXPECT_TRUE(fs::exists(dir / "lrs.json"));

    playRun("peter", "dsl");
    if (HasFatalFailure()) return;
    const std::int64_t queued = db().outboxStatus().queued + db().outboxStatus().sent;
    ASSERT_GT(queued, 5) << "the run's statements are queued now that sending is on";
    service.wake();
    ASSERT_TRUE(waitFor([&](const app::Command& c) {
        const auto* st = std::get_if<app::LrsStatusChanged>(&c);
        return st && st->status.sent == queued && st->status.queued == 0;
    })) << "every statement is sent, and the status says so";
    {
        std::lock_guard lock(mutex);
        for (const auto& c : posted)
            if (const auto* st = std::get_if<app::LrsStatusChanged>(&c)) (void)apply(*st);
    }
    ASSERT_TRUE(state.lrs.outbox);
    EXPECT_EQ(state.lrs.outbox->sent, queued);
    service.shutdown();
    expectAllThereNoneTwice(db(), lrs.endpoint());
}

TEST_F(LrsTest, StatementsQueuedWhileTheLrsIsDownArriveWhenItReturns) {
    const int port = freePort();
    auto lrs = std::make_unique<Lrs>(port);
    std::string why;
    ASSERT_TRUE(lrs->start(why)) << why;
    std::int64_t offset = 0;
    XapiSender s = sender(lrs->endpoint(), 20, [&] { return nowMs() + offset; });
    Diagnostics diags;
    playRun("peter", "dsl");
    EXPECT_GT(s.sendDueNow(diags), 0);
    const std::string endpoint = lrs->endpoint();
    lrs->stop();

    playRun("peter", "social_worker");
    const std::int64_t waiting = db().outboxStatus().queued;
    ASSERT_GT(waiting, 0);
    EXPECT_EQ(s.sendDueNow(diags), 0);
    OutboxStatus st = s.status();
    EXPECT_EQ(st.failing, waiting) << "kept, and said to be failing";
    EXPECT_NE(st.lastError.find("no answer"), std::string::npos) << st.lastError;
    EXPECT_GT(st.nextAttemptMs, nowMs()) << "retried after a back-off";

    // The LRS returns (empty: memory mode). The run played meanwhile arrives after its back-off.
    lrs = std::make_unique<Lrs>(port);
    ASSERT_TRUE(lrs->start(why)) << why;
    EXPECT_EQ(s.sendDueNow(diags), 0) << "not before the back-off";
    offset += 60'000;
    EXPECT_EQ(s.sendDueNow(diags), waiting);
    EXPECT_EQ(s.status().failing, 0);
    EXPECT_TRUE(s.status().lastError.empty());
    // Only the second run's registration: the first run's statements went to the LRS before it restarted.
    const auto byRegistration = queuedByRegistration(db());
    std::string second;
    for (const auto& [registration, ids] : byRegistration)
        if (ids.count(db().outboxStatements(state.sessionRunId).front().at("id").get<std::string>())) second = registration;
    ASSERT_FALSE(second.empty());
    const auto held = statementsOf(endpoint, second);
    std::multiset<std::string> heldIds;
    for (const auto& h : held) heldIds.insert(h.at("id").get<std::string>());
    EXPECT_EQ(heldIds, byRegistration.at(second));
}

// Runs a sender in a process of its own, as the app would, and reports how it ended.
int runSenderChild(const fs::path& file, const std::string& endpoint, const char* mode, int killAfterMs) {
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::execl("/proc/self/exe", "wp_xapi_lrs_tests", "--send-child", file.c_str(), endpoint.c_str(), mode, static_cast<char*>(nullptr));
        ::_exit(127);
    }
    if (killAfterMs > 0) {
        std::this_thread::sleep_for(std::chrono::milliseconds(killAfterMs));
        ::kill(pid, SIGKILL);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    return status;
}

TEST_F(LrsTest, ASenderKilledMidBatchLosesNothingAndDoublesNothing) {
    Lrs lrs(freePort());
    std::string why;
    ASSERT_TRUE(lrs.start(why)) << why;
    playEverything();
    if (HasFatalFailure()) return;
    const std::int64_t queued = db().outboxStatus().queued;

    // 1. Killed after the LRS took its third batch and before the outbox heard of it: that batch is
    //    still queued here, and is sent again (same ids, same content) by the next sender.
    const int status = runSenderChild(file, lrs.endpoint(), "die-after-3", 0);
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "the child sender was to kill itself mid-batch (status " << status << ")";
    OutboxStatus st = db().outboxStatus();
    EXPECT_EQ(st.sent, 2 * 10) << "two batches noted as sent";
    EXPECT_EQ(st.queued, queued - 20) << "the third batch reached the LRS but is still queued: it will go again";

    // 2. Killed at random moments while sending, batch after batch, until all is sent.
    std::mt19937 rng(20261205);
    int rounds = 0, killedWhileSending = 0;
    for (; rounds < 60 && db().outboxStatus().queued + db().outboxStatus().failing > 0; ++rounds) {
        const int ended = runSenderChild(file, lrs.endpoint(), "slow", std::uniform_int_distribution<int>(30, 250)(rng));
        if (WIFSIGNALED(ended)) ++killedWhileSending;
    }
    std::printf("[ figures  ] %d sender process(es), %d killed by SIGKILL while sending\n", rounds, killedWhileSending);
    EXPECT_GE(killedWhileSending, 3) << "the random kills are to land while the sender is at work";
    XapiSender s = sender(lrs.endpoint(), 50);
    Diagnostics diags;
    (void)s.sendDueNow(diags); // whatever the last kill left
    EXPECT_EQ(db().outboxStatus().sent, queued);
    size_t total = 0;
    expectAllThereNoneTwice(db(), lrs.endpoint(), &total);
    EXPECT_EQ(static_cast<std::int64_t>(total), queued);
}

// [SECTION] The sender process the test kills.
class DieAfter final : public HttpClient {
public:
    DieAfter(std::unique_ptr<HttpClient> inner, int posts, int delayMs) : m_inner(std::move(inner)), m_left(posts), m_delayMs(delayMs) {}
    HttpResponse get(const std::string& url, const XapiSettings& s) override { return m_inner->get(url, s); }
    HttpResponse postJson(const std::string& url, const std::string& body, const XapiSettings& s) override {
        HttpResponse r = m_inner->postJson(url, body, s);
        if (m_left > 0 && --m_left == 0) ::kill(::getpid(), SIGKILL); // the LRS has them; the outbox does not know
        if (m_delayMs) std::this_thread::sleep_for(std::chrono::milliseconds(m_delayMs));
        return r;
    }

private:
    std::unique_ptr<HttpClient> m_inner;
    int m_left;
    int m_delayMs;
};

int senderChild(const std::string& file, const std::string& endpoint, const std::string& mode) {
    XapiSenderOptions o;
    o.database = file;
    o.settings = settingsFor(endpoint);
    o.batchSize = mode == "die-after-3" ? 10 : 5;
    auto http = mode == "die-after-3" ? std::make_unique<DieAfter>(makeCurlHttpClient(), 3, 0)
                                      : std::make_unique<DieAfter>(makeCurlHttpClient(), 0, 20);
    XapiSender s(std::move(o), std::move(http));
    Diagnostics diags;
    (void)s.sendDueNow(diags);
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    if (argc == 5 && std::string(argv[1]) == "--send-child") return senderChild(argv[2], argv[3], argv[4]);
    ::testing::InitGoogleTest(&argc, argv);
    for (int i = 1; i + 1 < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--node") g_node = argv[++i];
        else if (a == "--modules") g_modules = argv[++i];
        else if (a == "--shim") g_shim = argv[++i];
        else if (a == "--scratch") g_scratch = argv[++i];
    }
    if (g_node.empty() || g_modules.empty() || g_shim.empty() || g_scratch.empty()) {
        std::fprintf(stderr, "usage: wp_xapi_lrs_tests --node NODE --modules DIR --shim FILE --scratch DIR\n");
        return 2;
    }
    if (!fs::exists(fs::path(g_modules) / "node_modules/xapi-statements/dist/server.js")) {
        std::fprintf(stderr, "the test LRS (xapi-statements) is not installed in %s: run tools/setup (npm ci --prefix %s)\n", g_modules.c_str(),
                     g_modules.c_str());
        return 1;
    }
    fs::create_directories(g_scratch);
    return RUN_ALL_TESTS();
}
