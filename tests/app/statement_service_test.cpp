// The statement service (statement_service.h) against a stand-in LRS: saving settings writes lrs.json
// readable only by the user, tells the records database to queue statements and starts a sender that
// delivers them, with its status posted as commands; turning sending off stops it; a test statement
// reports its result; nothing it reports carries the secret.
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>

#include "app_fixture.h"
#include "wholepicture/app/sqlite_store.h"
#include "wholepicture/app/statement_service.h"

namespace wp::test {
namespace {

using namespace wp::app;
namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kSecret = "another-Secret-4411";

// Takes everything: /about says 1.0.3, statements are stored by id.
class AcceptingLrs final : public HttpClient {
public:
    struct Shared {
        std::mutex mutex;
        std::map<std::string, json> stored;
        int abouts = 0;
    };
    explicit AcceptingLrs(std::shared_ptr<Shared> shared) : m_shared(std::move(shared)) {}
    HttpResponse get(const std::string& url, const XapiSettings&) override {
        std::lock_guard lock(m_shared->mutex);
        if (url.ends_with("/about")) {
            ++m_shared->abouts;
            return {200, R"({"version":["1.0.3"]})", ""};
        }
        return {404, "", ""};
    }
    HttpResponse postJson(const std::string&, const std::string& body, const XapiSettings& s) override {
        if (s.secret != kSecret) return {401, "", ""};
        std::lock_guard lock(m_shared->mutex);
        const json list = json::parse(body);
        json ids = json::array();
        for (const auto& st : list) {
            m_shared->stored[st.at("id").get<std::string>()] = st;
            ids.push_back(st.at("id"));
        }
        return {200, ids.dump(), ""};
    }

private:
    std::shared_ptr<Shared> m_shared;
};

// Commands posted by the service's threads, as the app's CommandQueue would hold them.
struct Posted {
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<Command> commands;
    void post(Command c) {
        std::lock_guard lock(mutex);
        commands.push_back(std::move(c));
        changed.notify_all();
    }
    template <class C>
    std::optional<C> waitFor(std::function<bool(const C&)> ok = {}, int seconds = 20) {
        std::unique_lock lock(mutex);
        std::optional<C> found;
        changed.wait_for(lock, std::chrono::seconds(seconds), [&] {
            for (const auto& c : commands)
                if (const C* x = std::get_if<C>(&c); x && (!ok || ok(*x))) found = *x;
            return found.has_value();
        });
        return found;
    }
};

class StatementServiceTest : public AppTest {
protected:
    void SetUp() override {
        AppTest::SetUp();
        dir = fs::temp_directory_path() /
              ("wp-service-test-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "-" + std::to_string(::getpid()));
        fs::remove_all(dir);
        fs::create_directories(dir);
        Diagnostics diags;
        auto db = RecordDatabase::open({dir / kRecordsFileName}, diags);
        ASSERT_TRUE(db);
        dbFile = db->file();
        store = std::make_unique<SqliteStore>(std::move(db), [this](Command c) {
            if (const auto* saved = std::get_if<SaveFinished>(&c); saved && saved->ok && service) service->wake();
        });
        StatementServiceOptions o;
        o.settingsFile = dir / "config" / "lrs.json";
        o.http = [shared = lrs] { return std::make_unique<AcceptingLrs>(shared); };
        o.firstRetryMs = 50;
        service = std::make_unique<StatementService>(o, [this](Command c) { posted.post(std::move(c)); });
        service->attach(dbFile, [s = store.get()](const std::function<void(RecordDatabase&)>& work) { s->withDatabase(work); });
    }
    void TearDown() override {
        service->shutdown();
        store.reset();
        service.reset();
        fs::remove_all(dir);
    }
    XapiSettings settings() const {
        XapiSettings s;
        s.enabled = true;
        s.endpoint = "http://lrs.test/xapi";
        s.key = "k";
        s.secret = kSecret;
        s.statements.homePage = "https://training.example.org";
        return s;
    }
    // One step of the run: the first option at a decision, else on.
    void step() {
        const Scenario& sc = *activeScenario(state);
        const Node& n = currentNode(sc, state.session->current());
        if (state.phase == PlayPhase::Question && n.type == NodeType::Decision)
            ASSERT_TRUE(apply(Choose{availableOptions(sc, state.session->current()).front()->id}));
        else
            ASSERT_TRUE(apply(Continue{}));
    }
    size_t stored() {
        std::lock_guard lock(lrs->mutex);
        return lrs->stored.size();
    }

    fs::path dir, dbFile;
    std::shared_ptr<AcceptingLrs::Shared> lrs = std::make_shared<AcceptingLrs::Shared>();
    std::unique_ptr<SqliteStore> store;
    std::unique_ptr<StatementService> service;
    Posted posted;
};

TEST_F(StatementServiceTest, SavingSettingsStartsSendingTheRunsStatementsWithoutARestart) {
    // A run played before sending was on: nothing queued, nothing sent.
    start("peter", "dsl");
    step();
    store->saveProgress(last<SaveProgress>()->run);
    store->flush();
    EXPECT_EQ(stored(), 0u);

    // The settings screen saves: the app layer asks for an effect, the edge carries it out.
    ASSERT_TRUE(apply(SaveLrsSettings{settings()}));
    service->apply(last<ApplyLrsSettings>()->settings, /*save=*/true);
    const auto applied = posted.waitFor<LrsSettingsApplied>();
    ASSERT_TRUE(applied);
    EXPECT_TRUE(applied->ok) << applied->message;
    EXPECT_TRUE(applied->sending) << applied->message;
    ASSERT_TRUE(apply(*applied));
    EXPECT_TRUE(state.lrs.sending);

    // lrs.json: written, readable only by the user, read back the same.
    struct stat st {};
    ASSERT_EQ(::stat((dir / "config" / "lrs.json").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    Diagnostics diags;
    EXPECT_EQ(loadXapiSettings(dir / "config" / "lrs.json", diags).secret, kSecret);

    // The next step is saved: its statements are queued with it and delivered.
    for (int i = 0; i < 3; ++i) step();
    store->saveProgress(last<SaveProgress>()->run);
    store->flush();
    const auto delivered = posted.waitFor<LrsStatusChanged>([](const LrsStatusChanged& c) { return c.status.sent >= 2 && c.status.queued == 0; });
    ASSERT_TRUE(delivered) << "the sender's status is posted as a command";
    EXPECT_GE(stored(), 2u) << "initialized and answered reached the store";
    ASSERT_TRUE(apply(*delivered));
    EXPECT_GE(state.lrs.outbox->sent, 2);

    // Every report, in words, without the secret.
    std::lock_guard lock(posted.mutex);
    for (const auto& c : posted.commands) {
        if (const auto* a = std::get_if<LrsSettingsApplied>(&c)) {
            EXPECT_EQ(a->message.find(kSecret), std::string::npos);
        }
        if (const auto* s = std::get_if<LrsStatusChanged>(&c)) {
            EXPECT_EQ(s->status.lastError.find(kSecret), std::string::npos);
        }
    }
}

TEST_F(StatementServiceTest, TurningSendingOffStopsQueuingAndSending) {
    service->apply(settings(), true);
    ASSERT_TRUE(posted.waitFor<LrsSettingsApplied>([](const LrsSettingsApplied& a) { return a.sending; }));
    XapiSettings off = settings();
    off.enabled = false;
    service->apply(off, true);
    const auto applied = posted.waitFor<LrsSettingsApplied>([](const LrsSettingsApplied& a) { return !a.sending; });
    ASSERT_TRUE(applied);
    EXPECT_TRUE(applied->ok);
    EXPECT_NE(applied->message.find("off"), std::string::npos) << applied->message;
    bool queuing = true;
    store->withDatabase([&](RecordDatabase& db) { queuing = db.statementOptions().has_value(); });
    EXPECT_FALSE(queuing) << "records saved from now on queue nothing";
}

TEST_F(StatementServiceTest, ATestStatementReportsWhatHappened) {
    Profile who;
    who.account = "acct-1";
    service->test(settings(), who, 1'764'800'000'000);
    const auto result = posted.waitFor<LrsTestFinished>();
    ASSERT_TRUE(result);
    EXPECT_TRUE(result->result.ok) << result->result.message;
    EXPECT_EQ(result->result.message.find(kSecret), std::string::npos);
    EXPECT_EQ(stored(), 1u);
    ASSERT_TRUE(apply(*result));
    ASSERT_TRUE(state.lrs.test);
    EXPECT_TRUE(state.lrs.test->ok);

    XapiSettings wrong = settings();
    wrong.secret = "wrong";
    service->test(wrong, who, 1'764'800'000'000);
    const auto refused = posted.waitFor<LrsTestFinished>([](const LrsTestFinished& r) { return !r.result.ok; });
    ASSERT_TRUE(refused);
    EXPECT_NE(refused->result.message.find("401"), std::string::npos) << refused->result.message;
}

TEST_F(StatementServiceTest, WithoutARecordsDatabaseItSaysStatementsCannotBeQueued) {
    StatementServiceOptions o;
    o.settingsFile = dir / "config2" / "lrs.json";
    o.synchronous = true;
    std::vector<Command> got;
    StatementService files(o, [&](Command c) { got.push_back(std::move(c)); });
    files.apply(settings(), true);
    ASSERT_EQ(got.size(), 1u);
    const auto& a = std::get<LrsSettingsApplied>(got[0]);
    EXPECT_FALSE(a.ok);
    EXPECT_FALSE(a.sending);
    EXPECT_NE(a.message.find("cannot be queued"), std::string::npos) << a.message;
}

} // namespace
} // namespace wp::test
