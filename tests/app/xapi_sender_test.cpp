// The sender (xapi_sender.h) against a scripted LRS: what each answer does to the outbox, the back-off,
// the test statement's plain words, and the settings file (readable only by the user).
#include <sys/stat.h>
#include <unistd.h>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <fstream>

#include <gtest/gtest.h>

#include "wholepicture/app/sqlite_store.h"
#include "wholepicture/app/xapi_sender.h"

namespace wp::test {
namespace {

using namespace wp::app;
namespace fs = std::filesystem;
using nlohmann::json;

// Answers in order; records every request.
class ScriptedLrs final : public HttpClient {
public:
    struct Request {
        std::string method, url, body;
    };
    std::deque<HttpResponse> answers;
    std::vector<Request> requests;
    // When set, answers a GET of a statement with what was posted under that id.
    std::map<std::string, json> stored;

    HttpResponse get(const std::string& url, const XapiSettings&) override {
        requests.push_back({"GET", url, ""});
        if (auto at = url.find("statementId="); at != std::string::npos) {
            auto it = stored.find(url.substr(at + 12));
            if (it != stored.end()) return {200, it->second.dump(), ""};
        }
        return next();
    }
    HttpResponse postJson(const std::string& url, const std::string& body, const XapiSettings&) override {
        requests.push_back({"POST", url, body});
        return next();
    }
    HttpResponse next() {
        if (answers.empty()) return {0, "", "Connection refused"};
        HttpResponse r = answers.front();
        answers.pop_front();
        return r;
    }
    [[nodiscard]] size_t posted(size_t i) const { return json::parse(requests.at(i).body).size(); }
};

class SenderTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir = fs::temp_directory_path() /
              ("wp-sender-test-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "-" + std::to_string(::getpid()));
        fs::remove_all(dir);
        fs::create_directories(dir);
        Diagnostics diags;
        RecordDatabaseOptions o;
        o.file = dir / kRecordsFileName;
        db = RecordDatabase::open(o, diags);
        ASSERT_TRUE(db);
        profile = *db->profile(db->currentProfile());
        settings.enabled = true;
        settings.endpoint = "http://lrs.invalid/xapi/";
        settings.key = "key";
        settings.secret = "secret";
        settings.statements.homePage = "https://training.example.org";
    }
    void TearDown() override {
        db.reset();
        fs::remove_all(dir);
    }
    std::vector<XapiStatement> queue(int n) {
        std::vector<XapiStatement> list;
        for (int i = 0; i < n; ++i) list.push_back(testStatement(profile, settings.statements, 1000 + i));
        Diagnostics diags;
        EXPECT_TRUE(db->queueStatements(list, profile.id, "run-1", "", diags));
        return list;
    }
    XapiSender sender(ScriptedLrs*& lrs, int batch = 50) {
        auto http = std::make_unique<ScriptedLrs>();
        lrs = http.get();
        XapiSenderOptions o;
        o.database = dir / kRecordsFileName;
        o.settings = settings;
        o.batchSize = batch;
        o.firstRetryMs = 1000;
        o.maxRetryMs = 8000;
        o.clock = [this] { return clock; };
        return XapiSender(std::move(o), std::move(http));
    }
    fs::path dir;
    std::unique_ptr<RecordDatabase> db;
    Profile profile;
    XapiSettings settings;
    std::int64_t clock = 1'000'000;
};

TEST_F(SenderTest, ABatchTheLrsTakesIsSentOnceWithItsIds) {
    auto list = queue(5);
    ScriptedLrs* lrs = nullptr;
    XapiSender s = sender(lrs, 3);
    lrs->answers = {{200, "[]", ""}, {200, "[]", ""}};
    Diagnostics diags;
    EXPECT_EQ(s.sendDueNow(diags), 5);
    ASSERT_EQ(lrs->requests.size(), 2u) << "batches of 3";
    EXPECT_EQ(lrs->requests[0].url, "http://lrs.invalid/xapi/statements");
    EXPECT_EQ(lrs->posted(0), 3u);
    EXPECT_EQ(json::parse(lrs->requests[0].body)[0].at("id"), list[0].id) << "posted with the ids set";
    EXPECT_EQ(s.status().sent, 5);
    EXPECT_EQ(s.sendDueNow(diags), 0);
    EXPECT_EQ(lrs->requests.size(), 2u) << "nothing is sent twice";
}

TEST_F(SenderTest, NoAnswerKeepsThemQueuedAndBacksOffExponentially) {
    queue(2);
    ScriptedLrs* lrs = nullptr;
    XapiSender s = sender(lrs);
    Diagnostics diags;
    EXPECT_EQ(s.sendDueNow(diags), 0); // no answers scripted: connection refused
    OutboxStatus st = s.status();
    EXPECT_EQ(st.failing, 2);
    EXPECT_NE(st.lastError.find("no answer"), std::string::npos) << st.lastError;
    EXPECT_EQ(st.nextAttemptMs, clock + 1000);
    EXPECT_EQ(s.sendDueNow(diags), 0);
    EXPECT_EQ(lrs->requests.size(), 1u) << "not before the back-off";
    clock += 1000;
    EXPECT_EQ(s.sendDueNow(diags), 0);
    EXPECT_EQ(s.status().nextAttemptMs, clock + 2000) << "doubled";
    clock += 2000;
    (void)s.sendDueNow(diags);
    EXPECT_EQ(s.status().nextAttemptMs, clock + 4000);
    clock += 4000;
    (void)s.sendDueNow(diags);
    EXPECT_EQ(s.status().nextAttemptMs, clock + 8000);
    clock += 8000;
    (void)s.sendDueNow(diags);
    EXPECT_EQ(s.status().nextAttemptMs, clock + 8000) << "up to the maximum";
    clock += 8000;
    lrs->answers = {{200, "[]", ""}};
    EXPECT_EQ(s.sendDueNow(diags), 2) << "they arrive when the LRS is back";
    EXPECT_EQ(s.status().failing, 0);
    EXPECT_TRUE(s.status().lastError.empty());
}

TEST_F(SenderTest, WrongCredentialsAreNotTheStatementsFault) {
    queue(2);
    ScriptedLrs* lrs = nullptr;
    XapiSender s = sender(lrs);
    lrs->answers = {{401, "Unauthorised", ""}};
    Diagnostics diags;
    EXPECT_EQ(s.sendDueNow(diags), 0);
    EXPECT_EQ(s.status().quarantined, 0);
    EXPECT_EQ(s.status().failing, 2);
    EXPECT_NE(s.status().lastError.find("key and secret"), std::string::npos) << s.status().lastError;
}

TEST_F(SenderTest, ARefusedBatchIsSplitAndOnlyTheRefusedStatementIsQuarantined) {
    auto list = queue(3);
    ScriptedLrs* lrs = nullptr;
    XapiSender s = sender(lrs);
    lrs->answers = {{400, "bad batch", ""}, {200, "[]", ""}, {400, "{\"warnings\":[\"actor\"]}", ""}, {200, "[]", ""}};
    Diagnostics diags;
    EXPECT_EQ(s.sendDueNow(diags), 2);
    EXPECT_EQ(db->statementState(list[0].id), "sent");
    EXPECT_EQ(db->statementState(list[1].id), "failed");
    EXPECT_EQ(db->statementState(list[2].id), "sent");
    EXPECT_EQ(s.status().quarantined, 1);
    EXPECT_NE(s.status().lastError.find("refused it (400)"), std::string::npos) << s.status().lastError;
    EXPECT_EQ(s.sendDueNow(diags), 0);
    EXPECT_EQ(lrs->requests.size(), 4u) << "a quarantined statement is not sent again by itself";
    s.requeueQuarantined(); // not started: takes effect at the next pass of the thread; here by hand
    Diagnostics d2;
    EXPECT_EQ(db->requeueQuarantined(d2), 1);
    lrs->answers = {{200, "[]", ""}};
    EXPECT_EQ(s.sendDueNow(diags), 1);
}

TEST_F(SenderTest, AConflictIsDeliveredOnlyWhenTheLrsHoldsOurStatement) {
    auto list = queue(2);
    ScriptedLrs* lrs = nullptr;
    XapiSender s = sender(lrs);
    lrs->stored[list[0].id] = list[0].json;
    lrs->stored[list[0].id]["stored"] = "2026-12-05T00:00:00.000Z"; // what an LRS adds
    json other = list[1].json;
    other["verb"]["id"] = "http://adlnet.gov/expapi/verbs/failed";
    lrs->stored[list[1].id] = other;
    lrs->answers = {{409, "conflict", ""}, {409, "conflict", ""}, {409, "conflict", ""}};
    Diagnostics diags;
    EXPECT_EQ(s.sendDueNow(diags), 1);
    EXPECT_EQ(db->statementState(list[0].id), "sent") << "the same statement was there already";
    EXPECT_EQ(db->statementState(list[1].id), "failed") << "another statement under our id: never overwritten, kept aside";
    EXPECT_NE(s.status().lastError.find("different statement"), std::string::npos) << s.status().lastError;
}

TEST_F(SenderTest, TheBackgroundThreadSendsWithoutTheCallerWaitingAndTellsOfEachChange) {
    queue(3);
    auto http = std::make_unique<ScriptedLrs>();
    http->answers = {{200, "[]", ""}};
    XapiSenderOptions o;
    o.database = dir / kRecordsFileName;
    o.settings = settings;
    std::mutex m;
    std::vector<OutboxStatus> told;
    o.onStatus = [&](const OutboxStatus& st) {
        std::lock_guard lock(m);
        told.push_back(st);
    };
    XapiSender s(std::move(o), std::move(http));
    Diagnostics diags;
    ASSERT_TRUE(s.start(diags));
    for (int i = 0; i < 200 && s.status().sent < 3; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    EXPECT_EQ(s.status().sent, 3);
    s.stop();
    std::lock_guard lock(m);
    ASSERT_EQ(told.size(), 2u) << "at start (3 queued), after sending (3 sent); nothing when nothing changed";
    EXPECT_EQ(told[0].queued, 3);
    EXPECT_EQ(told[1].sent, 3);
}

// An LRS that never answers until the request is cancelled.
class SilentLrs final : public HttpClient {
public:
    HttpResponse get(const std::string&, const XapiSettings&) override { return wait(); }
    HttpResponse postJson(const std::string&, const std::string&, const XapiSettings&) override { return wait(); }
    void cancel() override {
        std::lock_guard lock(m);
        cancelled = true;
        cv.notify_all();
    }
    HttpResponse wait() {
        std::unique_lock lock(m);
        inFlight = true;
        cv.notify_all();
        cv.wait_for(lock, std::chrono::seconds(20), [this] { return cancelled; });
        return {0, "", "cancelled"};
    }
    std::mutex m;
    std::condition_variable cv;
    bool inFlight = false, cancelled = false;
};

TEST_F(SenderTest, ClosingNeverWaitsForASilentLrs) {
    queue(2);
    auto http = std::make_unique<SilentLrs>();
    SilentLrs* lrs = http.get();
    XapiSenderOptions o;
    o.database = dir / kRecordsFileName;
    o.settings = settings;
    auto s = std::make_unique<XapiSender>(std::move(o), std::move(http));
    Diagnostics diags;
    ASSERT_TRUE(s->start(diags));
    {
        std::unique_lock lock(lrs->m);
        ASSERT_TRUE(lrs->cv.wait_for(lock, std::chrono::seconds(10), [&] { return lrs->inFlight; }));
    }
    const auto t0 = std::chrono::steady_clock::now();
    s.reset(); // what closing the app does
    EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(2)) << "the request in flight was cancelled";
    EXPECT_EQ(db->outboxStatus().sent, 0);
    EXPECT_EQ(db->outboxStatus().queued + db->outboxStatus().failing, 2) << "still queued for the next start";
}

TEST_F(SenderTest, TheAppsWiringQueuesWithEachSaveAndSendsAfterIt) {
    XapiSettings off = settings;
    off.enabled = false;
    Diagnostics diags;
    EXPECT_FALSE(startStatementSending(*db, off, diags));
    EXPECT_TRUE(diags.empty()) << "off is not a problem";
    EXPECT_FALSE(db->statementOptions()) << "off: nothing is queued";

    XapiSettings wrong = settings;
    wrong.endpoint = "lrs.example.org";
    EXPECT_FALSE(startStatementSending(*db, wrong, diags));
    ASSERT_EQ(diags.size(), 1u);
    EXPECT_NE(diags[0].message.find("not sent"), std::string::npos) << diags[0].message;
    diags.clear();

    auto http = std::make_unique<ScriptedLrs>();
    ScriptedLrs* lrs = http.get();
    lrs->answers = {{200, "[]", ""}, {200, "[]", ""}};
    auto sender = startStatementSending(*db, settings, diags, {}, std::move(http));
    ASSERT_TRUE(sender) << diags.size();
    SqliteStore store(std::move(db), [s = sender.get()](Command c) {
        if (const auto* saved = std::get_if<SaveFinished>(&c); saved && saved->ok) s->wake();
    });
    RunRecord run;
    run.id = "run-20261205-101010-peter-dsl";
    run.pluginId = "peter";
    run.role = "dsl";
    run.startedMs = 1'764'900'000'000;
    run.session = json::object();
    store.saveProgress(run);
    store.flush();
    for (int i = 0; i < 300 && sender->status().sent < 1; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    EXPECT_EQ(sender->status().sent, 1) << "the run's initialized, queued with it and sent after the save";
    store.flush();
    sender.reset();
}

TEST_F(SenderTest, TheTestStatementSaysPlainlyWhatHappened) {
    ScriptedLrs lrs;
    lrs.answers = {{200, R"({"version":["1.0.3"]})", ""}, {200, "[\"x\"]", ""}};
    XapiTestResult ok = sendTestStatement(settings, profile, lrs, 5000);
    EXPECT_TRUE(ok.ok) << ok.message;
    EXPECT_NE(ok.message.find("Connected"), std::string::npos);
    ASSERT_EQ(lrs.requests.size(), 2u);
    EXPECT_EQ(lrs.requests[0].url, "http://lrs.invalid/xapi/about");
    EXPECT_EQ(lrs.requests[1].url, "http://lrs.invalid/xapi/statements");

    lrs.answers = {{200, R"({"version":["1.0.3"]})", ""}, {401, "", ""}};
    XapiTestResult refused = sendTestStatement(settings, profile, lrs, 5000);
    EXPECT_FALSE(refused.ok);
    EXPECT_NE(refused.message.find("key and secret"), std::string::npos) << refused.message;

    lrs.answers = {};
    XapiTestResult down = sendTestStatement(settings, profile, lrs, 5000);
    EXPECT_FALSE(down.ok);
    EXPECT_NE(down.message.find("Could not reach"), std::string::npos) << down.message;

    lrs.answers = {{200, "<html>a web page</html>", ""}};
    XapiTestResult page = sendTestStatement(settings, profile, lrs, 5000);
    EXPECT_FALSE(page.ok);
    EXPECT_NE(page.message.find("does not say it is an xAPI"), std::string::npos) << page.message;

    XapiSettings bad = settings;
    bad.endpoint = "lrs.example.org";
    EXPECT_NE(sendTestStatement(bad, profile, lrs, 5000).message.find("https://"), std::string::npos);
}

TEST_F(SenderTest, SettingsAreReadableOnlyByTheUserAndReadBack) {
    const fs::path file = dir / "config" / "lrs.json";
    ::umask(022);
    Diagnostics diags;
    settings.statements.includeReflections = true;
    ASSERT_TRUE(saveXapiSettings(file, settings, diags));
    struct stat st {};
    ASSERT_EQ(::stat(file.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    XapiSettings back = loadXapiSettings(file, diags);
    EXPECT_TRUE(diags.empty());
    EXPECT_TRUE(back.enabled);
    EXPECT_EQ(back.endpoint, settings.endpoint);
    EXPECT_EQ(back.secret, "secret");
    EXPECT_EQ(back.statements.homePage, "https://training.example.org");
    EXPECT_TRUE(back.statements.includeReflections);
    EXPECT_FALSE(back.statements.includeNames);

    ::chmod(file.c_str(), 0644);
    Diagnostics warned;
    (void)loadXapiSettings(file, warned);
    ASSERT_EQ(warned.size(), 1u);
    EXPECT_NE(warned[0].message.find("other users"), std::string::npos);
    ASSERT_TRUE(saveXapiSettings(file, back, diags));
    ASSERT_EQ(::stat(file.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u) << "made private again at the next save";

    Diagnostics missing;
    EXPECT_FALSE(loadXapiSettings(dir / "none.json", missing).enabled) << "off by default";
    EXPECT_TRUE(missing.empty());
}

} // namespace
} // namespace wp::test

namespace wp::test {
namespace {

// lrs.json is read by the core's total reader: a FIFO (which blocked the old reader for ever), a
// directory, a value of the wrong type: the defaults (off), a message naming the file and the place,
// and the file left as it is.
TEST(LrsSettingsFile, AnythingButUsableSettingsLeavesSendingOffWithAMessage) {
    const fs::path dir = fs::temp_directory_path() / ("wp-lrs-settings-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    {
        const fs::path fifo = dir / "fifo.json";
        ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
        Diagnostics diags;
        const app::XapiSettings s = app::loadXapiSettings(fifo, diags);
        EXPECT_FALSE(s.enabled);
        ASSERT_FALSE(diags.empty());
        EXPECT_EQ(diags[0].file, fifo.string());
        EXPECT_NE(diags[0].message.find("sending to the learning record store is off"), std::string::npos) << diags[0].message;
    }
    {
        const fs::path folder = dir / "folder.json";
        fs::create_directories(folder);
        Diagnostics diags;
        EXPECT_FALSE(app::loadXapiSettings(folder, diags).enabled);
        ASSERT_FALSE(diags.empty());
        EXPECT_NE(diags[0].message.find("directory"), std::string::npos) << diags[0].message;
    }
    {
        const fs::path typed = dir / "typed.json";
        const std::string text = "{\n  \"enabled\": \"yes\",\n  \"endpoint\": \"https://lrs.example.org/xapi/\",\n  \"key\": 5\n}\n";
        std::ofstream(typed) << text;
        Diagnostics diags;
        const app::XapiSettings s = app::loadXapiSettings(typed, diags);
        EXPECT_FALSE(s.enabled) << "\"yes\" is not true: sending stays off";
        EXPECT_EQ(s.endpoint, "https://lrs.example.org/xapi/");
        EXPECT_EQ(s.key, "");
        std::string all;
        for (const auto& d : diags) all += formatDiagnostic(d) + "\n";
        EXPECT_NE(all.find(typed.string() + ":2:"), std::string::npos) << all;
        EXPECT_NE(all.find(typed.string() + ":4:"), std::string::npos) << all;
        std::ifstream in(typed);
        EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), text) << "the file is left as it is";
    }
    fs::remove_all(dir);
}

} // namespace
} // namespace wp::test
