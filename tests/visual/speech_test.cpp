// Self-voicing in the real app under Xvfb (issue 12 item 2): --speak and WP_SPEECH_LOG, keys sent with
// xdotool (speech_keys.sh), and the log checked for what a listener hears on each screen. No sound
// card is needed: the log is written whatever the synthesiser does.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <sys/wait.h>

#include <gtest/gtest.h>

namespace {

namespace fs = std::filesystem;

std::string quoted(const std::string& s) { return "'" + s + "'"; }

TEST(VisualSpeech, SpeakReadsTheFocusedControlAndTheCaseOnDemand) {
    if (std::system("command -v xdotool > /dev/null 2>&1") != 0) GTEST_SKIP() << "xdotool is not installed";
    const fs::path out = fs::path(WP_VISUAL_OUT) / "speech";
    fs::remove_all(out);
    const fs::path home = out / "xdg";
    fs::create_directories(home);
    const fs::path log = out / "speech.log";
    const std::string script = (fs::path(WP_SOURCE_DIR) / "tests/visual/speech_keys.sh").string();
    const std::string command = "XDG_CONFIG_HOME=" + quoted((home / "config").string()) + " XDG_STATE_HOME=" +
                                quoted((home / "state").string()) + " XDG_DATA_HOME=" + quoted((home / "data").string()) +
                                " timeout 110 " WP_XVFB_RUN " -a -s '-screen 0 1600x900x24' sh " + quoted(script) + " " +
                                quoted(WP_APP_BINARY) + " " + quoted(log.string());
    const int status = std::system(command.c_str());

    std::vector<std::string> lines;
    std::ifstream in(log);
    std::string all;
    for (std::string l; std::getline(in, l);) {
        lines.push_back(l);
        all += "\n  " + l;
    }
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "the driving script failed: " << command << "\nheard:" << all;
    auto count = [&](const std::string& prefix) {
        int n = 0;
        for (const auto& l : lines) n += l.rfind(prefix, 0) == 0 ? 1 : 0;
        return n;
    };
    auto any = [&](const std::string& part) {
        for (const auto& l : lines)
            if (l.find(part) != std::string::npos) return true;
        return false;
    };
    ASSERT_GE(lines.size(), 6u) << all;
    EXPECT_EQ(lines[0], "Speech on. F1 lists the keys; F2 turns speech off.") << all;
    EXPECT_EQ(count("Library: "), 1) << "where you are, once" << all;
    EXPECT_TRUE(any(", button.")) << "Tab: a control, as label and kind" << all;
    EXPECT_TRUE(any(": choose your role. ")) << "the role screen on arrival" << all;
    EXPECT_TRUE(any(", role button, ")) << "Tab on the role screen: a role, as its name and kind" << all;
    EXPECT_TRUE(any("Start as ")) << "the start button, reached by Tab" << all;
    EXPECT_GE(count("Stage "), 2) << "the case on arrival, then again on F3" << all;
    EXPECT_TRUE(count("No options to choose from here.") + count("1 option.") + count("2 options.") + count("3 options.") +
                    count("4 options.") + count("5 options.") > 0)
        << "F4: the options" << all;
    // For the merger and the README: a real run's log.
    std::ofstream(out / "heard.txt") << all << "\n";
}

} // namespace
