// The statement service (statement_service.h): the sender's lifecycle behind effects.
#include "wholepicture/app/statement_service.h"

#include <utility>

namespace wp::app {

std::string lrsAppliedMessage(const XapiSettings& s, bool saved, bool sending, bool haveDatabase, const std::string& problem) {
    const std::string head = saved ? "Saved. " : "";
    if (!s.enabled) return head + "Sending is off: no statement is queued or sent.";
    if (!problem.empty()) return head + "Statements are not sent: " + problem + ".";
    if (!haveDatabase)
        return head + "Statements cannot be queued: your records are kept as files because the records database could not be "
                      "opened (see the library's message).";
    if (!sending) return head + "Statements are queued, but the sender could not start; they are sent once it can.";
    return head + "Statements go to " + s.endpoint + " from now on, in the background.";
}

StatementService::StatementService(StatementServiceOptions options, std::function<void(Command)> report)
    : m_options(std::move(options)), m_report(std::move(report)) {}

StatementService::~StatementService() { shutdown(); }

void StatementService::attach(std::filesystem::path database,
                              std::function<void(const std::function<void(RecordDatabase&)>&)> onDatabaseThread) {
    std::lock_guard lock(m_mutex);
    m_database = std::move(database);
    m_onDatabaseThread = std::move(onDatabaseThread);
}

std::unique_ptr<HttpClient> StatementService::http() const { return m_options.http ? m_options.http() : nullptr; }

void StatementService::enqueue(std::function<void()> job) {
    if (m_options.synchronous) {
        job();
        return;
    }
    std::lock_guard lock(m_mutex);
    if (m_shutdown) return;
    m_jobs.push_back(std::move(job));
    if (!m_thread.joinable()) m_thread = std::thread([this] { run(); });
    m_wake.notify_one();
}

void StatementService::run() {
    std::unique_lock lock(m_mutex);
    while (true) {
        m_wake.wait(lock, [this] { return m_shutdown || !m_jobs.empty(); });
        if (m_jobs.empty()) return; // shutting down with nothing left
        auto job = std::move(m_jobs.front());
        m_jobs.pop_front();
        lock.unlock();
        try { // a thread entry: nothing it meets may end the process
            job();
        } catch (...) {
        }
        lock.lock();
    }
}

void StatementService::apply(XapiSettings settings, bool save) {
    enqueue([this, settings = std::move(settings), save] { applyNow(settings, save); });
}

void StatementService::applyNow(const XapiSettings& settings, bool save) {
    if (save && m_options.writeSettings) {
        Diagnostics diags;
        if (!saveXapiSettings(m_options.settingsFile, settings, diags)) {
            std::string why;
            for (const auto& d : diags) why += (why.empty() ? "" : " ") + d.message;
            if (m_report) m_report(LrsSettingsApplied{false, false, "Not saved: " + why});
            return;
        }
    }
    const std::string problem = settings.enabled ? xapiSettingsProblem(settings) : std::string();
    const bool usable = settings.enabled && problem.empty();
    std::filesystem::path database;
    std::function<void(const std::function<void(RecordDatabase&)>&)> onDatabase;
    std::unique_ptr<XapiSender> old;
    {
        std::lock_guard lock(m_mutex);
        database = m_database;
        onDatabase = m_onDatabaseThread;
        old = std::move(m_sender);
    }
    old.reset(); // stopped: a POST in flight is cancelled, its statements stay queued
    // From the next save on, records queue their statements (or stop queuing them).
    if (onDatabase)
        onDatabase([&](RecordDatabase& db) { db.setStatementOptions(usable ? std::optional<XapiOptions>(settings.statements) : std::nullopt); });
    bool sending = false;
    if (usable && !database.empty()) {
        XapiSenderOptions o;
        o.database = database;
        o.settings = settings;
        o.firstRetryMs = m_options.firstRetryMs;
        o.onStatus = [report = m_report](const OutboxStatus& st) {
            if (report) report(LrsStatusChanged{st});
        };
        auto sender = std::make_unique<XapiSender>(std::move(o), http());
        Diagnostics diags;
        sending = sender->start(diags);
        if (sending) {
            std::lock_guard lock(m_mutex);
            if (!m_shutdown) m_sender = std::move(sender);
            else sending = false;
        }
    }
    const bool ok = !settings.enabled || (usable && !database.empty() && sending);
    if (m_report)
        m_report(LrsSettingsApplied{ok, sending, lrsAppliedMessage(settings, save && m_options.writeSettings, sending, !database.empty(), problem)});
}

void StatementService::test(XapiSettings settings, Profile profile, std::int64_t nowMs) {
    std::shared_ptr<HttpClient> client = http();
    if (!client) client = makeCurlHttpClient();
    auto work = [report = m_report, client, settings = std::move(settings), profile = std::move(profile), nowMs] {
        XapiTestResult result;
        try {
            result = sendTestStatement(settings, profile, *client, nowMs);
        } catch (...) {
            result = {false, "The test statement could not be sent: an unexpected error. Nothing was changed."};
        }
        if (report) report(LrsTestFinished{result});
    };
    if (m_options.synchronous) {
        work();
        return;
    }
    std::lock_guard lock(m_mutex);
    if (m_shutdown) return;
    m_testClients.push_back(client);
    m_tests.emplace_back(std::move(work));
}

void StatementService::requeueQuarantined() {
    std::lock_guard lock(m_mutex);
    if (m_sender) m_sender->requeueQuarantined();
}

void StatementService::wake() {
    std::lock_guard lock(m_mutex);
    if (m_sender) m_sender->wake();
}

void StatementService::shutdown() {
    std::thread worker;
    std::vector<std::thread> tests;
    std::unique_ptr<XapiSender> sender;
    {
        std::lock_guard lock(m_mutex);
        m_shutdown = true;
        m_jobs.clear();
        worker = std::move(m_thread);
        tests = std::move(m_tests);
        m_wake.notify_all();
    }
    if (worker.joinable()) worker.join();
    {
        std::lock_guard lock(m_mutex);
        sender = std::move(m_sender);
    }
    sender.reset();
    // A test statement in flight is cancelled (it would wait for the network up to its timeouts).
    std::vector<std::shared_ptr<HttpClient>> clients;
    {
        std::lock_guard lock(m_mutex);
        clients = std::move(m_testClients);
    }
    for (auto& c : clients) c->cancel();
    for (auto& t : tests)
        if (t.joinable()) t.join();
}

} // namespace wp::app
