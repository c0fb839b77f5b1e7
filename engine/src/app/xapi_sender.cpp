#include "wholepicture/app/xapi_sender.h"

#include "wholepicture/core/json_file.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <type_traits>

#include <curl/curl.h>

#include "wholepicture/core/paths.h"

namespace wp::app {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::int64_t systemMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string trimmedEndpoint(std::string e) {
    while (!e.empty() && e.back() == '/') e.pop_back();
    return e;
}

// What the LRS said, short enough for a status line.
std::string snippet(const std::string& body) {
    std::string s = body.substr(0, 300);
    std::replace(s.begin(), s.end(), '\n', ' ');
    return body.size() > 300 ? s + "..." : s;
}

std::string httpProblem(const HttpResponse& r) {
    if (r.status == 0) return "no answer from the learning record store (" + r.error + ")";
    switch (r.status) {
    case 401: return "the learning record store refused the key and secret (401); check them in settings";
    case 403: return "the key may not send statements (403); ask whoever runs the learning record store";
    case 404: return "there is no learning record store at that address (404); check the endpoint";
    case 408:
    case 429: return "the learning record store is busy (" + std::to_string(r.status) + "); trying again later";
    default:
        if (r.status >= 500) return "the learning record store had an error (" + std::to_string(r.status) + "): " + snippet(r.body);
        return "the learning record store refused it (" + std::to_string(r.status) + "): " + snippet(r.body);
    }
}

// Statuses that say nothing is wrong with the statements themselves: keep them and try later.
bool retryable(int status) { return status == 0 || status == 401 || status == 403 || status == 404 || status == 408 || status == 429 || status >= 500; }

// [SECTION] libcurl
// Opened on the first request rather than linked: with the TLS, Kerberos and LDAP libraries it brings,
// linking it added about 7 ms to every start of the app, for a sender most installations never turn on.
struct Libcurl {
    decltype(&::curl_easy_init) easyInit = nullptr;
    decltype(&::curl_easy_setopt) easySetopt = nullptr;
    decltype(&::curl_easy_perform) easyPerform = nullptr;
    decltype(&::curl_easy_getinfo) easyGetinfo = nullptr;
    decltype(&::curl_easy_strerror) easyStrerror = nullptr;
    decltype(&::curl_easy_cleanup) easyCleanup = nullptr;
    decltype(&::curl_slist_append) slistAppend = nullptr;
    decltype(&::curl_slist_free_all) slistFreeAll = nullptr;
    std::string problem; // why it could not be opened: every request fails with this
};

const Libcurl& libcurl() {
    static const Libcurl lib = [] {
        Libcurl l;
        void* handle = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
        if (!handle) {
            const char* why = dlerror();
            l.problem = std::string("libcurl could not be opened (") + (why ? why : "libcurl.so.4") + "); install the libcurl4 package";
            return l;
        }
        bool all = true;
        auto find = [&](auto& fn, const char* name) {
            fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(dlsym(handle, name));
            if (!fn && all) l.problem = std::string("libcurl.so.4 has no ") + name + "; install a newer libcurl4 package";
            all = all && fn;
        };
        decltype(&::curl_global_init) globalInit = nullptr;
        find(globalInit, "curl_global_init");
        find(l.easyInit, "curl_easy_init");
        find(l.easySetopt, "curl_easy_setopt");
        find(l.easyPerform, "curl_easy_perform");
        find(l.easyGetinfo, "curl_easy_getinfo");
        find(l.easyStrerror, "curl_easy_strerror");
        find(l.easyCleanup, "curl_easy_cleanup");
        find(l.slistAppend, "curl_slist_append");
        find(l.slistFreeAll, "curl_slist_free_all");
        if (all) globalInit(CURL_GLOBAL_DEFAULT); // once, before any thread makes a request (a magic static)
        return l;
    }();
    return lib;
}

size_t collect(char* data, size_t size, size_t n, void* out) {
    static_cast<std::string*>(out)->append(data, size * n);
    return size * n;
}

int abortWhenCancelled(void* cancelled, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    return static_cast<std::atomic<bool>*>(cancelled)->load() ? 1 : 0;
}

class CurlHttpClient final : public HttpClient {
public:
    CurlHttpClient() : m_curl(libcurl()) {}
    HttpResponse get(const std::string& url, const XapiSettings& s) override { return request(url, nullptr, s); }
    HttpResponse postJson(const std::string& url, const std::string& body, const XapiSettings& s) override { return request(url, &body, s); }
    void cancel() override { m_cancelled = true; }

private:
    const Libcurl& m_curl;
    std::atomic<bool> m_cancelled{false};

    HttpResponse request(const std::string& url, const std::string* body, const XapiSettings& s) {
        HttpResponse out;
        if (m_cancelled) {
            out.error = "cancelled: the app is closing";
            return out;
        }
        if (!m_curl.problem.empty()) {
            out.error = m_curl.problem;
            return out;
        }
        const Libcurl& lib = m_curl;
        CURL* curl = lib.easyInit();
        if (!curl) {
            out.error = "could not start an HTTP request";
            return out;
        }
        char errbuf[CURL_ERROR_SIZE] = {0};
        curl_slist* headers = nullptr;
        headers = lib.slistAppend(headers, (std::string("X-Experience-API-Version: ") + kXapiVersion).c_str());
        if (body) headers = lib.slistAppend(headers, "Content-Type: application/json");
        headers = lib.slistAppend(headers, "Expect:"); // no 100-continue round trip for a batch
        lib.easySetopt(curl, CURLOPT_URL, url.c_str());
        lib.easySetopt(curl, CURLOPT_HTTPHEADER, headers);
        lib.easySetopt(curl, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));
        lib.easySetopt(curl, CURLOPT_USERNAME, s.key.c_str());
        lib.easySetopt(curl, CURLOPT_PASSWORD, s.secret.c_str());
        lib.easySetopt(curl, CURLOPT_CONNECTTIMEOUT_MS, 10'000L);
        lib.easySetopt(curl, CURLOPT_TIMEOUT_MS, 60'000L);
        lib.easySetopt(curl, CURLOPT_NOSIGNAL, 1L); // a thread of ours: no SIGALRM for DNS timeouts
        lib.easySetopt(curl, CURLOPT_ERRORBUFFER, errbuf);
        lib.easySetopt(curl, CURLOPT_WRITEFUNCTION, &collect);
        lib.easySetopt(curl, CURLOPT_WRITEDATA, &out.body);
        lib.easySetopt(curl, CURLOPT_USERAGENT, "WholePicture-xAPI/1.0");
        lib.easySetopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
        lib.easySetopt(curl, CURLOPT_NOPROGRESS, 0L);
        lib.easySetopt(curl, CURLOPT_XFERINFOFUNCTION, &abortWhenCancelled);
        lib.easySetopt(curl, CURLOPT_XFERINFODATA, &m_cancelled);
        if (body) {
            lib.easySetopt(curl, CURLOPT_POST, 1L);
            lib.easySetopt(curl, CURLOPT_POSTFIELDS, body->data());
            lib.easySetopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body->size()));
        }
        const CURLcode rc = lib.easyPerform(curl);
        if (rc == CURLE_OK) {
            long status = 0;
            lib.easyGetinfo(curl, CURLINFO_RESPONSE_CODE, &status);
            out.status = static_cast<int>(status);
        } else {
            out.error = errbuf[0] ? errbuf : lib.easyStrerror(rc);
        }
        lib.slistFreeAll(headers);
        lib.easyCleanup(curl);
        return out;
    }
};

// The parts of a statement the LRS keeps as sent (it adds stored, authority, version and may fill in
// objectType): ours is the LRS's when each of these is equal.
bool sameStatement(const json& ours, const json& theirs) {
    for (const char* key : {"id", "verb", "result", "timestamp"}) {
        if (ours.contains(key) != theirs.contains(key)) return false;
        if (ours.contains(key) && ours[key] != theirs[key]) return false;
    }
    auto accountOf = [](const json& s) { return s.contains("actor") && s["actor"].contains("account") ? s["actor"]["account"] : json(); };
    auto objectId = [](const json& s) { return s.contains("object") && s["object"].contains("id") ? s["object"]["id"] : json(); };
    auto registration = [](const json& s) { return s.contains("context") && s["context"].contains("registration") ? s["context"]["registration"] : json(); };
    return accountOf(ours) == accountOf(theirs) && objectId(ours) == objectId(theirs) && registration(ours) == registration(theirs);
}

} // namespace

std::unique_ptr<HttpClient> makeCurlHttpClient() { return std::make_unique<CurlHttpClient>(); }

// [SECTION] Settings

fs::path xapiSettingsFile() { return appPaths().configDir / "lrs.json"; }

XapiSettings xapiSettingsFromJson(const JsonFile& file, Diagnostics& diags) {
    XapiSettings s;
    const json& j = file.value;
    if (!j.is_object()) {
        diags.push_back(file.at(Severity::Warning, "", "the learning record store settings are not a JSON object; sending is off "
                                                       "until they are saved again from Settings"));
        return s;
    }
    // A value of the wrong type is named with its place and left at its default (sending stays off
    // rather than going somewhere unintended).
    auto typed = [&](const char* key, bool (json::*is)() const noexcept, const char* expected) -> const json* {
        const auto it = j.find(key);
        if (it == j.end()) return nullptr;
        if (((*it).*is)()) return &*it;
        diags.push_back(file.at(Severity::Warning, std::string("/") + key,
                                std::string("\"") + key + "\" must be " + expected + "; it is ignored until Settings saves it again"));
        return nullptr;
    };
    auto str = [&](const char* k, std::string fallback) {
        const json* v = typed(k, &json::is_string, "text");
        return v ? v->get<std::string>() : fallback;
    };
    auto flag = [&](const char* k, bool fallback) {
        const json* v = typed(k, &json::is_boolean, "true or false");
        return v ? v->get<bool>() : fallback;
    };
    s.enabled = flag("enabled", false);
    s.endpoint = str("endpoint", "");
    s.key = str("key", "");
    s.secret = str("secret", "");
    s.statements.homePage = str("home_page", s.statements.homePage);
    s.statements.includeNames = flag("include_names", false);
    s.statements.includeReflections = flag("include_reflections", false);
    s.statements.includeOptionText = flag("include_option_text", false);
    s.statements.language = str("language", s.statements.language);
    return s;
}

XapiSettings loadXapiSettings(const fs::path& file, Diagnostics& diags) {
    std::error_code ec;
    if (!fs::exists(fs::symlink_status(file, ec))) return {};
    // The core's reader: a directory, a FIFO, a huge or binary file or duplicate keys get a plain
    // message and the file is left as it is.
    const size_t from = diags.size();
    const std::optional<JsonFile> loaded = loadJsonFile(file, diags, file.string(), kMaxRecordFileBytes);
    if (!loaded) {
        for (size_t i = from; i < diags.size(); ++i) {
            diags[i].severity = Severity::Warning;
            diags[i].message += "; sending to the learning record store is off until the settings are saved again";
        }
        return {};
    }
    XapiSettings s = xapiSettingsFromJson(*loaded, diags);
    struct stat st {};
    if (::stat(file.c_str(), &st) == 0 && (st.st_mode & 077) != 0)
        diags.push_back({Severity::Warning, file.string(), 0, 0, "",
                         "the learning record store settings (with the secret) can be read by other users; they are made private at the next save"});
    return s;
}

bool saveXapiSettings(const fs::path& file, const XapiSettings& s, Diagnostics& diags) {
    const json j = {{"format", "wholepicture-lrs-settings"},
                    {"version", 1},
                    {"enabled", s.enabled},
                    {"endpoint", s.endpoint},
                    {"key", s.key},
                    {"secret", s.secret},
                    {"home_page", s.statements.homePage},
                    {"include_names", s.statements.includeNames},
                    {"include_reflections", s.statements.includeReflections},
                    {"include_option_text", s.statements.includeOptionText},
                    {"language", s.statements.language}};
    const std::string text = j.dump(2) + "\n";
    std::error_code ec;
    fs::create_directories(file.parent_path(), ec);
    const fs::path tmp = file.string() + ".tmp" + std::to_string(::getpid());
    auto problem = [&](const std::string& what) {
        diags.push_back({Severity::Error, file.string(), 0, 0, "", "Could not save the learning record store settings: " + what + " (" + std::strerror(errno) + ")"});
        ::unlink(tmp.c_str());
        return false;
    };
    // Created 0600 (not chmod after): the secret is never readable by others, not for a moment.
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) return problem("cannot create " + tmp.string());
    ::fchmod(fd, 0600); // an existing temp file of a killed writer keeps no wider mode
    size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            ::close(fd);
            return problem("cannot write");
        }
        done += static_cast<size_t>(n);
    }
    if (::fsync(fd) != 0) {
        ::close(fd);
        return problem("cannot write to the disk");
    }
    ::close(fd);
    if (::rename(tmp.c_str(), file.c_str()) != 0) return problem("cannot replace " + file.string());
    const int dir = ::open(file.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
    return true;
}

std::string xapiSettingsProblem(const XapiSettings& s) {
    if (!s.enabled) return "sending to a learning record store is off";
    if (s.endpoint.rfind("http://", 0) != 0 && s.endpoint.rfind("https://", 0) != 0)
        return "the endpoint must be a web address starting with https:// (or http://)";
    if (s.statements.homePage.rfind("http://", 0) != 0 && s.statements.homePage.rfind("https://", 0) != 0)
        return "the organisation's home page must be a web address (an IRI) starting with https://";
    return "";
}

// [SECTION] The test statement

XapiTestResult sendTestStatement(const XapiSettings& s, const Profile& profile, HttpClient& http, std::int64_t nowMs) {
    XapiSettings on = s;
    on.enabled = true;
    if (const std::string problem = xapiSettingsProblem(on); !problem.empty()) return {false, "Not sent: " + problem + "."};
    const std::string endpoint = trimmedEndpoint(s.endpoint);
    const HttpResponse about = http.get(endpoint + "/about", s);
    if (about.status != 200) return {false, "Could not reach the learning record store: " + httpProblem(about) + "."};
    const json aboutJson = json::parse(about.body, nullptr, false);
    bool speaks103 = false;
    if (aboutJson.is_object() && aboutJson.contains("version") && aboutJson["version"].is_array())
        for (const auto& v : aboutJson["version"]) speaks103 = speaks103 || (v.is_string() && v.get<std::string>().rfind("1.0", 0) == 0);
    if (!speaks103)
        return {false, "Something answered at " + endpoint + "/about, but it does not say it is an xAPI 1.0 learning record store: " + snippet(about.body)};
    const XapiStatement st = testStatement(profile, s.statements, nowMs);
    const HttpResponse posted = http.postJson(endpoint + "/statements", json::array({st.json}).dump(), s);
    if (posted.status == 200 || posted.status == 204)
        return {true, "Connected: the learning record store at " + endpoint + " took a test statement (id " + st.id + ")."};
    return {false, "The learning record store answered, but did not take the test statement: " + httpProblem(posted) + "."};
}

// [SECTION] The sender

XapiSender::XapiSender(XapiSenderOptions options, std::unique_ptr<HttpClient> http)
    : m_options(std::move(options)), m_http(http ? std::move(http) : makeCurlHttpClient()) {}

XapiSender::~XapiSender() { stop(); }

std::int64_t XapiSender::now() const { return m_options.clock ? m_options.clock() : systemMs(); }

bool XapiSender::openDatabase(Diagnostics& diags) {
    if (m_db) return true;
    if (const std::string problem = xapiSettingsProblem(m_options.settings); !problem.empty()) {
        diags.push_back({Severity::Error, xapiSettingsFile().string(), 0, 0, "", "Statements are not sent: " + problem});
        return false;
    }
    RecordDatabaseOptions o;
    o.file = m_options.database;
    m_db = RecordDatabase::open(o, diags);
    if (m_db) refreshStatus();
    return m_db != nullptr;
}

bool XapiSender::start(Diagnostics& diags) {
    if (m_thread.joinable()) return true;
    if (stopping()) {
        diags.push_back({Severity::Error, m_options.database.string(), 0, 0, "", "this sender was stopped; make a new one"});
        return false;
    }
    if (!openDatabase(diags)) return false;
    m_thread = std::thread([this] { loop(); });
    return true;
}

void XapiSender::stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    if (!m_thread.joinable()) return;
    m_http->cancel(); // a request in flight ends now; its statements stay queued for the next start
    m_thread.join();
}

void XapiSender::wake() {
    {
        std::lock_guard lock(m_mutex);
        m_woken = true;
    }
    m_wake.notify_all();
}

void XapiSender::requeueQuarantined() {
    {
        std::lock_guard lock(m_mutex);
        m_requeue = true;
        m_woken = true;
    }
    m_wake.notify_all();
}

OutboxStatus XapiSender::status() const {
    std::lock_guard lock(m_mutex);
    return m_status;
}

void XapiSender::refreshStatus() {
    if (!m_db) return;
    OutboxStatus s = m_db->outboxStatus();
    bool changed = false;
    {
        std::lock_guard lock(m_mutex);
        changed = s.queued != m_status.queued || s.failing != m_status.failing || s.sent != m_status.sent ||
                  s.quarantined != m_status.quarantined || s.lastError != m_status.lastError || s.nextAttemptMs != m_status.nextAttemptMs ||
                  !m_statusTold;
        m_status = s;
        m_statusTold = true;
    }
    if (changed && m_options.onStatus) m_options.onStatus(s);
}

std::int64_t XapiSender::sendDueNow(Diagnostics& diags) {
    if (!openDatabase(diags)) return 0;
    return pass(diags);
}

bool XapiSender::stopping() const {
    std::lock_guard lock(m_mutex);
    return m_stop;
}

std::int64_t XapiSender::pass(Diagnostics& diags) {
    std::int64_t delivered = 0;
    while (!stopping()) {
        const auto batch = m_db->dueStatements(now(), std::max(1, m_options.batchSize));
        if (batch.empty()) break;
        if (!sendBatch(batch, delivered, diags)) break;
    }
    refreshStatus();
    return delivered;
}

bool XapiSender::confirmConflict(const OutboxEntry& entry, std::string& why) {
    const HttpResponse got = m_http->get(trimmedEndpoint(m_options.settings.endpoint) + "/statements?statementId=" + entry.id, m_options.settings);
    if (got.status != 200) {
        why = "the learning record store has a statement with this id (409) and would not show it: " + httpProblem(got);
        return false;
    }
    const json theirs = json::parse(got.body, nullptr, false);
    const json ours = json::parse(entry.statement, nullptr, false);
    if (!theirs.is_discarded() && !ours.is_discarded() && sameStatement(ours, theirs)) return true;
    why = "the learning record store holds a different statement with this id (409)";
    return false;
}

bool XapiSender::sendBatch(const std::vector<OutboxEntry>& batch, std::int64_t& delivered, Diagnostics& diags) {
    std::string body = "[";
    std::vector<std::string> ids;
    for (const auto& e : batch) {
        body += (ids.empty() ? "" : ",") + e.statement;
        ids.push_back(e.id);
    }
    body += "]";
    const HttpResponse r = m_http->postJson(trimmedEndpoint(m_options.settings.endpoint) + "/statements", body, m_options.settings);
    const std::int64_t t = now();
    if (r.status == 200 || r.status == 204) {
        if (m_db->markSent(ids, t, diags)) delivered += static_cast<std::int64_t>(ids.size());
        return true;
    }
    if (retryable(r.status)) {
        int attempts = 0;
        for (const auto& e : batch) attempts = std::max(attempts, e.attempts);
        std::int64_t delay = m_options.firstRetryMs;
        for (int i = 0; i < attempts && delay < m_options.maxRetryMs; ++i) delay *= 2;
        delay = std::min(delay, m_options.maxRetryMs);
        (void)m_db->markFailing(ids, httpProblem(r), t, t + delay, diags);
        return false; // the LRS cannot take statements now: the rest waits too
    }
    // The LRS refused the batch (a 409 or another 4xx): find which statement, one by one.
    if (batch.size() > 1) {
        for (const auto& e : batch)
            if (!sendBatch({e}, delivered, diags)) return false;
        return true;
    }
    const OutboxEntry& only = batch.front();
    std::string why;
    if (r.status == 409 && confirmConflict(only, why)) {
        if (m_db->markSent({only.id}, t, diags)) ++delivered;
        return true;
    }
    (void)m_db->markQuarantined(only.id, why.empty() ? httpProblem(r) : why, t, diags);
    return true;
}

std::unique_ptr<XapiSender> startStatementSending(RecordDatabase& db, const XapiSettings& settings, Diagnostics& diags,
                                                  std::function<void(const OutboxStatus&)> onStatus, std::unique_ptr<HttpClient> http) {
    if (!settings.enabled) return nullptr;
    if (const std::string problem = xapiSettingsProblem(settings); !problem.empty()) {
        diags.push_back({Severity::Warning, xapiSettingsFile().string(), 0, 0, "",
                         "Statements are not sent to your organisation's learning record store: " + problem + "."});
        return nullptr;
    }
    db.setStatementOptions(settings.statements);
    XapiSenderOptions o;
    o.database = db.file();
    o.settings = settings;
    o.onStatus = std::move(onStatus);
    auto sender = std::make_unique<XapiSender>(std::move(o), std::move(http));
    Diagnostics startDiags;
    if (!sender->start(startDiags)) {
        // Queued all the same (the options stay set): a later start sends them.
        for (auto& d : startDiags) {
            d.severity = Severity::Warning;
            d.message = "Statements are queued but not sent for now: " + d.message;
            diags.push_back(std::move(d));
        }
        return nullptr;
    }
    return sender;
}

void XapiSender::loop() {
    std::unique_lock lock(m_mutex);
    while (!m_stop) {
        const bool requeue = m_requeue;
        m_requeue = false;
        m_woken = false;
        lock.unlock();
        Diagnostics diags;
        // A thread entry: nothing it meets may end the process.
        try {
            if (requeue) m_db->requeueQuarantined(diags);
            if (!stopping()) pass(diags);
        } catch (...) {
        }
        const OutboxStatus s = status();
        std::int64_t waitMs = m_options.idlePollMs;
        if (s.nextAttemptMs > 0) waitMs = std::clamp<std::int64_t>(s.nextAttemptMs - now(), 50, m_options.idlePollMs);
        lock.lock();
        m_wake.wait_for(lock, std::chrono::milliseconds(waitMs), [this] { return m_stop || m_woken; });
    }
}

} // namespace wp::app
