// The espeak-ng fallback of self-voicing (platform/speech.h) against a stand-in espeak-ng on $PATH that
// records its arguments and then talks for a long time: utterances are queued in order, rate and voice
// become its options, and an interruption or F8 kills the child at once.
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "wholepicture/platform/speech.h"

namespace wp::test {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

class ScopedEnv {
public:
    ScopedEnv(const char* name, const std::string& value) : m_name(name) {
        if (const char* old = std::getenv(name)) m_old = old, m_had = true;
        setenv(name, value.c_str(), 1);
    }
    ~ScopedEnv() {
        if (m_had) setenv(m_name, m_old.c_str(), 1);
        else unsetenv(m_name);
    }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

private:
    const char* m_name;
    std::string m_old;
    bool m_had = false;
};

std::vector<std::string> lines(const fs::path& file) {
    std::vector<std::string> out;
    std::ifstream in(file);
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
}

bool waitForLines(const fs::path& file, size_t n, double seconds) {
    const auto until = Clock::now() + std::chrono::duration<double>(seconds);
    while (Clock::now() < until) {
        if (lines(file).size() >= n) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

TEST(EspeakFallback, QueuesInOrderPassesRateAndVoiceAndKillsTheChildOnInterrupt) {
    const fs::path dir = fs::temp_directory_path() / ("wp-fake-espeak-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    const fs::path record = dir / "calls.txt";
    {
        std::ofstream script(dir / "espeak-ng");
        // Records the arguments, then "speaks" for 20 seconds (exec: the pid the app kills is sleep's).
        script << "#!/bin/sh\necho \"$*\" >> '" << record.string() << "'\nexec sleep 20\n";
    }
    fs::permissions(dir / "espeak-ng", fs::perms::owner_all);
    ScopedEnv path("PATH", dir.string() + ":/usr/bin:/bin");
    ScopedEnv backend("WP_SPEECH_BACKEND", "espeak-ng");

    const auto start = Clock::now();
    {
        auto speech = platform::openSpeechService();
        ASSERT_NE(speech, nullptr);
        EXPECT_STREQ(speech->name(), "espeak-ng");
        speech->configure(-100, "en-gb");
        speech->say("Speech on.", true);
        speech->say("-the library", false); // queued behind the first, never read as an option
        ASSERT_TRUE(waitForLines(record, 1, 5));
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        EXPECT_EQ(lines(record).size(), 1u) << "the second waits for the first";
        speech->say("Open case, button.", true); // a new focus: the first is killed, the queued one dropped
        ASSERT_TRUE(waitForLines(record, 2, 5)) << "an interruption must not wait for the old utterance to end";
        speech->stop(); // F8: the child is killed; the destructor does not wait 20 seconds for it
    }
    const double took = std::chrono::duration<double>(Clock::now() - start).count();
    EXPECT_LT(took, 10.0) << "a child was left to talk";
    EXPECT_EQ(lines(record), (std::vector<std::string>{"-s 80 -v en-gb -- Speech on.", "-s 80 -v en-gb -- Open case, button."}));
    fs::remove_all(dir);
}

TEST(EspeakFallback, NoSynthesiserAnywhereIsNoService) {
    const fs::path empty = fs::temp_directory_path() / ("wp-no-espeak-" + std::to_string(::getpid()));
    fs::create_directories(empty);
    ScopedEnv path("PATH", empty.string());
    ScopedEnv backend("WP_SPEECH_BACKEND", "espeak-ng");
    EXPECT_EQ(platform::openSpeechService(), nullptr);
    ScopedEnv none("WP_SPEECH_BACKEND", "none");
    EXPECT_EQ(platform::openSpeechService(), nullptr);
    fs::remove_all(empty);
}

} // namespace
} // namespace wp::test
