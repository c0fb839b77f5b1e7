// speech-dispatcher and espeak-ng behind app::SpeechService (platform/speech.h).
#include "wholepicture/platform/speech.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#if WP_HAVE_SPEECHD
#include <libspeechd.h>
#endif

extern char** environ;

namespace wp::platform {

namespace {

// [SECTION] espeak-ng: one child process per utterance, from a worker thread that waits for it.
class EspeakSpeech final : public app::SpeechService {
public:
    explicit EspeakSpeech(std::string program) : m_program(std::move(program)), m_worker([this] { work(); }) {}
    ~EspeakSpeech() override {
        {
            std::lock_guard lock(m_mutex);
            m_quit = true;
            m_queue.clear();
            killCurrent();
        }
        m_wake.notify_all();
        m_worker.join();
    }

    void say(const std::string& text, bool interrupt) override {
        {
            std::lock_guard lock(m_mutex);
            if (interrupt) {
                m_queue.clear();
                killCurrent();
            }
            m_queue.push_back(text);
        }
        m_wake.notify_all();
    }
    void stop() override {
        std::lock_guard lock(m_mutex);
        m_queue.clear();
        killCurrent();
    }
    void configure(int rate, const std::string& voice) override {
        std::lock_guard lock(m_mutex);
        m_rate = rate;
        m_voice = voice;
    }
    [[nodiscard]] const char* name() const override { return "espeak-ng"; }

private:
    // Under the lock. The worker has not reaped the child yet (it waits with WNOWAIT first), so the
    // pid cannot have been reused by another process.
    void killCurrent() {
        if (m_current > 0) kill(m_current, SIGTERM);
    }

    // espeak-ng speaks 80 to 450 words a minute, 175 by default: rate -100..100 maps onto 80..390.
    static int wordsPerMinute(int rate) { return rate < 0 ? 175 + rate * 95 / 100 : 175 + rate * 215 / 100; }

    void work() {
        for (;;) {
            std::string text;
            std::vector<std::string> args;
            {
                std::unique_lock lock(m_mutex);
                m_wake.wait(lock, [this] { return m_quit || !m_queue.empty(); });
                if (m_quit) return;
                text = std::move(m_queue.front());
                m_queue.pop_front();
                args = {m_program, "-s", std::to_string(wordsPerMinute(m_rate))};
                if (!m_voice.empty()) args.insert(args.end(), {"-v", m_voice});
                args.insert(args.end(), {"--", text}); // text starting with '-' is not an option
                posix_spawn_file_actions_t files;
                posix_spawn_file_actions_init(&files);
                for (int fd : {0, 1, 2}) posix_spawn_file_actions_addopen(&files, fd, "/dev/null", fd ? O_WRONLY : O_RDONLY, 0);
                std::vector<char*> argv;
                for (auto& a : args) argv.push_back(a.data());
                argv.push_back(nullptr);
                pid_t pid = 0;
                if (posix_spawn(&pid, m_program.c_str(), &files, nullptr, argv.data(), environ) != 0) pid = 0;
                posix_spawn_file_actions_destroy(&files);
                m_current = pid;
            }
            if (m_current <= 0) continue;
            const pid_t pid = m_current;
            siginfo_t info{};
            while (waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOWAIT) != 0 && errno == EINTR) {
            }
            {
                std::lock_guard lock(m_mutex);
                m_current = 0;
            }
            while (waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
            }
        }
    }

    std::string m_program;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::string> m_queue;
    pid_t m_current = 0;
    bool m_quit = false;
    int m_rate = 0;
    std::string m_voice;
    std::thread m_worker; // last: started once everything above exists
};

// The full path of `name` on $PATH, or "".
std::string findProgram(const std::string& name) {
    const char* path = std::getenv("PATH");
    std::string dirs = path && *path ? path : "/usr/local/bin:/usr/bin:/bin";
    size_t start = 0;
    while (start <= dirs.size()) {
        size_t end = dirs.find(':', start);
        if (end == std::string::npos) end = dirs.size();
        const std::string dir = dirs.substr(start, end - start);
        if (!dir.empty()) {
            const std::string candidate = dir + "/" + name;
            struct stat st {};
            if (stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) && access(candidate.c_str(), X_OK) == 0) return candidate;
        }
        start = end + 1;
    }
    return {};
}

#if WP_HAVE_SPEECHD
// [SECTION] speech-dispatcher: the desktop's own speech service (the voice and rate a screen-reader
// user already set up), through libspeechd.
class SpeechDispatcher final : public app::SpeechService {
public:
    explicit SpeechDispatcher(SPDConnection* connection) : m_connection(connection) {}
    ~SpeechDispatcher() override {
        spd_cancel(m_connection);
        spd_close(m_connection);
    }
    void say(const std::string& text, bool interrupt) override {
        if (interrupt) spd_cancel(m_connection);
        spd_say(m_connection, SPD_TEXT, text.c_str());
    }
    void stop() override { spd_cancel(m_connection); }
    void configure(int rate, const std::string& voice) override {
        spd_set_voice_rate(m_connection, rate);
        if (voice.empty()) return;
        // "en-gb" or "de" is a language; anything else a synthesis voice's name.
        const bool language = voice.size() <= 6 && std::all_of(voice.begin(), voice.end(), [](char c) {
                                  return (c >= 'a' && c <= 'z') || c == '-';
                              });
        if (language) spd_set_language(m_connection, voice.c_str());
        else spd_set_synthesis_voice(m_connection, voice.c_str());
    }
    [[nodiscard]] const char* name() const override { return "speech-dispatcher"; }

private:
    SPDConnection* m_connection;
};

std::unique_ptr<app::SpeechService> openSpeechDispatcher() {
    char* error = nullptr;
    SPDConnection* c = spd_open2("wholepicture", "main", nullptr, SPD_MODE_SINGLE, nullptr, /*autospawn=*/1, &error);
    if (!c) {
        std::fprintf(stderr, "wholepicture: speech-dispatcher: %s; trying espeak-ng\n", error ? error : "cannot connect");
        std::free(error);
        return nullptr;
    }
    std::free(error);
    return std::make_unique<SpeechDispatcher>(c);
}
#else
std::unique_ptr<app::SpeechService> openSpeechDispatcher() { return nullptr; }
#endif

std::unique_ptr<app::SpeechService> openEspeak() {
    const std::string program = findProgram("espeak-ng");
    if (program.empty()) return nullptr;
    return std::make_unique<EspeakSpeech>(program);
}

} // namespace

bool speechDispatcherBuiltIn() { return WP_HAVE_SPEECHD != 0; }

std::vector<std::string> listSpeechVoices() {
    std::vector<std::string> out;
    const std::string program = findProgram("espeak-ng");
    if (program.empty()) return out;
    // A fixed program path and argument: nothing from the user reaches the shell.
    FILE* p = ::popen(("'" + program + "' --voices 2>/dev/null").c_str(), "r");
    if (!p) return out;
    char line[512];
    bool header = true;
    while (std::fgets(line, sizeof line, p)) {
        if (header) { // "Pty Language Age/Gender VoiceName File Other Languages"
            header = false;
            continue;
        }
        char priority[16] = {}, language[64] = {};
        if (std::sscanf(line, "%15s %63s", priority, language) == 2 && out.size() < 400) out.emplace_back(language);
    }
    ::pclose(p);
    return out;
}

std::unique_ptr<app::SpeechService> openSpeechService() {
    const char* env = std::getenv("WP_SPEECH_BACKEND");
    const std::string choice = env ? env : "";
    if (choice == "none") return nullptr;
    if (choice == "espeak-ng") return openEspeak();
    if (choice == "speech-dispatcher") return openSpeechDispatcher();
    if (auto s = openSpeechDispatcher()) return s;
    return openEspeak();
}

} // namespace wp::platform
