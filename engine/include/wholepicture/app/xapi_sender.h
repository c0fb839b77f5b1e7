// Sending the outbox (record_database.h) to the organisation's learning record store, and the settings
// that say where. The API a settings screen needs:
//
//   XapiSettings s = loadXapiSettings(xapiSettingsFile(), diags);   // edit, then
//   saveXapiSettings(xapiSettingsFile(), s, diags);                  // written readable only by the user (0600)
//   XapiSender::status()        -> OutboxStatus: queued / failing / sent / quarantined counts, the last
//                                  error in plain words, the next retry (never waits: a copy);
//                                  XapiSenderOptions::onStatus is told of every change (to post to the UI)
//   XapiSender::requeueQuarantined()  after the organisation fixed its LRS
//   sendTestStatement(s, profile, http) -> XapiTestResult{ok, message}: GET /about, then POST one
//                                  statement; the message says plainly what happened (run it off the UI
//                                  thread: it waits for the network, up to the timeouts)
//
// The sender is a thread of its own with its own connection to the records file: the UI thread never
// waits for the network. It POSTs batches to {endpoint}/statements with their ids and
// X-Experience-API-Version: 1.0.3 and Basic auth.
//   200                      delivered (sent)
//   409 Conflict             the LRS has a statement with that id; our ids are the content's (xapi.h), so
//                            it is delivered when the LRS's copy is ours (checked with a GET), else quarantined
//   400, 413, 422, other 4xx a batch is split and tried statement by statement; a single statement the
//                            LRS refuses is quarantined with the LRS's reason (kept, never resent by itself)
//   401, 403, 404, 408, 429  the key, the secret or the endpoint is wrong, or the LRS is busy: nothing is
//                            wrong with the statements, so they stay queued and are retried (failing)
//   5xx, no answer           retried with exponential back-off (failing, with the error)
// A statement is marked sent only after the LRS said so: a sender killed mid-batch sends the batch again,
// with the same ids and the same content, which the LRS takes as the same statements.
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "wholepicture/app/record_database.h"
#include "wholepicture/app/xapi.h"
#include "wholepicture/app/xapi_settings.h"
#include "wholepicture/core/diagnostic.h"

namespace wp {
struct JsonFile;
}

namespace wp::app {

// [SECTION] Settings (XapiSettings: xapi_settings.h), in $XDG_CONFIG_HOME/wholepicture/lrs.json, mode 0600.
[[nodiscard]] std::filesystem::path xapiSettingsFile(); // appPaths().configDir / "lrs.json"
// Missing file: the defaults (off). A file that cannot be read: the defaults and a diagnostic.
[[nodiscard]] XapiSettings loadXapiSettings(const std::filesystem::path& file, Diagnostics& diags);
// The same from a parsed file (wrong types are warnings with their place; the fuzz target reads this).
[[nodiscard]] XapiSettings xapiSettingsFromJson(const wp::JsonFile& file, Diagnostics& diags);
// Written whole (temp file, fsync, rename) and readable only by the user, whatever the umask.
bool saveXapiSettings(const std::filesystem::path& file, const XapiSettings& settings, Diagnostics& diags);
// "" when the settings can be used to send; else what is missing, in plain words.
[[nodiscard]] std::string xapiSettingsProblem(const XapiSettings& settings);

// [SECTION] HTTP: a port, so tests can stand in for the network.
struct HttpResponse {
    int status = 0;     // 0: no answer (the error says why)
    std::string body;
    std::string error;  // the network error, when status is 0
};

class HttpClient {
public:
    virtual ~HttpClient() = default;
    [[nodiscard]] virtual HttpResponse get(const std::string& url, const XapiSettings& settings) = 0;
    [[nodiscard]] virtual HttpResponse postJson(const std::string& url, const std::string& body, const XapiSettings& settings) = 0;
    // From another thread: the request in flight (and any later one) ends at once with status 0, so
    // closing the app never waits for a slow network.
    virtual void cancel() {}
};
// libcurl: the version header, Basic auth, JSON, connect timeout 10 s, whole request 60 s.
[[nodiscard]] std::unique_ptr<HttpClient> makeCurlHttpClient();

// [SECTION] The test statement
[[nodiscard]] XapiTestResult sendTestStatement(const XapiSettings& settings, const Profile& profile, HttpClient& http,
                                               std::int64_t nowMs);

// [SECTION] The sender
struct XapiSenderOptions {
    std::filesystem::path database;   // the records file (the sender opens its own connection)
    XapiSettings settings;
    int batchSize = 50;
    std::int64_t firstRetryMs = 5'000;     // back-off: doubles per failed attempt ...
    std::int64_t maxRetryMs = 15 * 60'000; // ... up to this
    std::int64_t idlePollMs = 30'000;      // looks for new statements at least this often (wake() is sooner)
    std::function<std::int64_t()> clock;   // ms since the epoch; empty: the system clock
    // Called on the sender's thread whenever the outbox's state changed (after a pass): the composition
    // root posts it to the UI thread as a command for a settings screen to show. May be empty.
    std::function<void(const OutboxStatus&)> onStatus;
};

class XapiSender {
public:
    // `http` null: libcurl.
    XapiSender(XapiSenderOptions options, std::unique_ptr<HttpClient> http = nullptr);
    ~XapiSender(); // stops the thread; a POST in flight is cancelled (its statements stay queued)
    XapiSender(const XapiSender&) = delete;
    XapiSender& operator=(const XapiSender&) = delete;

    // Starts the background thread. False (and why) when the database cannot be opened or the
    // settings cannot be used.
    bool start(Diagnostics& diags);
    // Final: the thread ends, a request in flight is cancelled, and this sender sends nothing more.
    void stop();
    // Something was queued: look now rather than at the next poll.
    void wake();

    // One pass on the calling thread (tests, `wpt`): sends every due statement, batch by batch, until
    // none is due or the LRS cannot be reached. Returns how many were delivered. Not while started.
    std::int64_t sendDueNow(Diagnostics& diags);

    // The last known state of the outbox (updated after every pass); never waits.
    [[nodiscard]] OutboxStatus status() const;
    // Quarantined statements are queued again and the sender woken.
    void requeueQuarantined();

private:
    bool openDatabase(Diagnostics& diags);
    std::int64_t now() const;
    bool stopping() const;
    std::int64_t pass(Diagnostics& diags);
    // Sends `batch`; returns false when the LRS could not be reached (stop this pass).
    bool sendBatch(const std::vector<OutboxEntry>& batch, std::int64_t& delivered, Diagnostics& diags);
    bool confirmConflict(const OutboxEntry& entry, std::string& why);
    void refreshStatus();
    void loop();

    XapiSenderOptions m_options;
    std::unique_ptr<HttpClient> m_http;
    std::unique_ptr<RecordDatabase> m_db;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_woken = false;
    bool m_stop = false;
    bool m_requeue = false;
    OutboxStatus m_status;
    bool m_statusTold = false;
    std::thread m_thread;
};

// [SECTION] Wiring (the composition root, and tests of it)
// When `settings` turn sending on and can be used: the database queues each record's statements from
// now on, and a sender is started on its file (returned; keep it alive longer than anything that
// saves, and wake() it after a save). Null when sending is off, or (with a diagnostic saying why, in
// plain words) when the settings cannot be used or the sender cannot start.
[[nodiscard]] std::unique_ptr<XapiSender> startStatementSending(RecordDatabase& db, const XapiSettings& settings, Diagnostics& diags,
                                                                std::function<void(const OutboxStatus&)> onStatus = {},
                                                                std::unique_ptr<HttpClient> http = nullptr);

} // namespace wp::app
