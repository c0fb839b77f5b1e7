// Sending statements to the organisation's learning record store, as a service the edge owns: the
// sender's lifecycle (xapi_sender.h) behind the effects ApplyLrsSettings, SendLrsTest and
// RequeueLrsStatements, so new settings take effect without restarting the app and the composition
// root stays wiring.
// - apply(): lrs.json written (0600), the records database told whether to queue statements (on the
//   thread that owns it), the old sender stopped and a new one started; reports LrsSettingsApplied.
// - test(): sendTestStatement on a thread of its own (it waits for the network); reports LrsTestFinished.
// - The running sender's status changes are posted as LrsStatusChanged.
// Every report is a command through `report` (the app's CommandQueue); none carries the secret.
#pragma once
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "wholepicture/app/commands.h"
#include "wholepicture/app/xapi_sender.h"

namespace wp::app {

struct StatementServiceOptions {
    std::filesystem::path settingsFile;  // lrs.json
    bool writeSettings = true;           // false for screenshots: nothing of the user's is written
    bool synchronous = false;            // apply and test on the calling thread (tests)
    // The network for the sender and the test statement (tests stand in for it); empty: libcurl.
    std::function<std::unique_ptr<HttpClient>()> http;
    std::int64_t firstRetryMs = 5'000;   // the sender's back-off (tests make it short)
};

class StatementService {
public:
    StatementService(StatementServiceOptions options, std::function<void(Command)> report);
    ~StatementService(); // shutdown()
    StatementService(const StatementService&) = delete;
    StatementService& operator=(const StatementService&) = delete;

    // The records database statements are queued in: its file (the sender opens its own connection)
    // and how to run work on the thread that owns the store's connection (SqliteStore::withDatabase).
    // Without one (records kept as files), settings are saved but nothing can be queued or sent.
    void attach(std::filesystem::path database, std::function<void(const std::function<void(RecordDatabase&)>&)> onDatabaseThread);

    // Uses `settings` from now on (save: lrs.json written first; a failed write changes nothing).
    void apply(XapiSettings settings, bool save);
    void test(XapiSettings settings, Profile profile, std::int64_t nowMs);
    void requeueQuarantined();
    // A save may have queued statements: the sender looks now rather than at its next poll.
    void wake();
    // Stops the sender and waits for the threads this service started. Call before the record
    // store goes (apply's work runs on the store's thread); apply and test do nothing afterwards.
    void shutdown();

private:
    void applyNow(const XapiSettings& settings, bool save);
    void enqueue(std::function<void()> job); // in order, on the service's own thread
    void run();
    std::unique_ptr<HttpClient> http() const;

    StatementServiceOptions m_options;
    std::function<void(Command)> m_report;
    std::filesystem::path m_database;
    std::function<void(const std::function<void(RecordDatabase&)>&)> m_onDatabaseThread;
    mutable std::mutex m_mutex;            // everything below
    std::condition_variable m_wake;
    std::deque<std::function<void()>> m_jobs;
    std::thread m_thread;                  // applies and requeues, one at a time in the order asked
    std::unique_ptr<XapiSender> m_sender;
    std::vector<std::thread> m_tests;      // test statements (each waits for the network on its own)
    std::vector<std::shared_ptr<HttpClient>> m_testClients; // cancelled on shutdown
    bool m_shutdown = false;
};

// What applying `settings` did, in plain words (for LrsSettingsApplied and the tests).
[[nodiscard]] std::string lrsAppliedMessage(const XapiSettings& settings, bool saved, bool sending, bool haveDatabase,
                                            const std::string& problem);

} // namespace wp::app
