// Room (joint session) projector screenshots under Xvfb at 1280x720 and 1920x1080, one per step of a
// decision cycle, scripted with --room/--groups/--room-script. Coarse checks only: a real screen, and
// the pause screen nearly empty (the case hidden). The PNGs stay in tests/visual/screenshots/room/.
#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include <sys/wait.h>

#include <gtest/gtest.h>
#include <stb_image.h>

namespace {

namespace fs = std::filesystem;

const fs::path kOut = fs::path(WP_VISUAL_OUT) / "room";

std::string quoted(const std::string& s) { return "'" + s + "'"; }

int runAt(int w, int h, const std::string& args) {
    fs::create_directories(kOut);
    const fs::path home = kOut / "xdg";
    const std::string size = std::to_string(w) + "x" + std::to_string(h);
    const std::string command = "XDG_CONFIG_HOME=" + quoted((home / "config").string()) + " XDG_STATE_HOME=" +
                                quoted((home / "state").string()) + " XDG_DATA_HOME=" + quoted((home / "data").string()) +
                                " " WP_XVFB_RUN " -a -s '-screen 0 " + size + "x24' " + quoted(WP_APP_BINARY) + " --size " + size +
                                " " + args;
    const int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Share of pixels that differ from the top-left (background) colour, and the number of distinct colours.
struct Coarse {
    int width = 0, height = 0;
    double inked = 0;
    size_t colours = 0;
};

Coarse measure(const fs::path& png) {
    Coarse c;
    int channels = 0;
    unsigned char* data = stbi_load(png.string().c_str(), &c.width, &c.height, &channels, 3);
    if (!data) return c;
    const size_t n = static_cast<size_t>(c.width) * c.height;
    const unsigned bg = (data[0] << 16) | (data[1] << 8) | data[2];
    std::set<unsigned> colours;
    size_t inked = 0;
    for (size_t i = 0; i < n; ++i) {
        const unsigned v = (data[3 * i] << 16) | (data[3 * i + 1] << 8) | data[3 * i + 2];
        if (v != bg) ++inked;
        if (colours.size() < 5000) colours.insert(v);
    }
    stbi_image_free(data);
    c.inked = static_cast<double>(inked) / static_cast<double>(n);
    c.colours = colours.size();
    return c;
}

struct Step {
    const char* name;
    const char* script;
};

// One cycle at the first decision of Peter's case, three tables.
const std::vector<Step> kCycle = {
    {"1-warning", "projector"},
    {"2-narrative", "c,projector"},
    {"3-situation", "c,c,projector"},
    {"4-view-teacher", "c,c,c,projector"},
    {"5-views-side-by-side", "c,c,c,views,projector"},
    {"6-voting", "c,c,c,views,open,1a,2g,projector"},
    {"7-revealed", "c,c,c,views,open,1a,2g,3e,reveal,projector"},
    {"8-revote", "c,c,c,views,open,1a,2g,3e,reveal,revote,3g,projector"},
    {"9-revote-revealed", "c,c,c,views,open,1a,2g,3e,reveal,revote,3g,reveal,projector"},
    {"10-next-decision", "c,c,c,views,open,1a,2g,3e,reveal,revote,3g,reveal,path,projector"},
    {"11-paused", "c,c,c,views,open,1a,2g,pause,projector"},
};

void cycleAt(int w, int h) {
    const std::string groups = "--groups 'Table 1:class_teacher,Table 2:social_worker,Table 3:mixed' ";
    std::vector<Coarse> shots;
    for (const auto& step : kCycle) {
        const fs::path png = kOut / (std::string("projector-") + std::to_string(w) + "x" + std::to_string(h) + "-" + step.name + ".png");
        fs::remove(png);
        ASSERT_EQ(runAt(w, h, "--room peter " + groups + "--room-script " + quoted(step.script) + " --screenshot " + quoted(png.string())), 0)
            << step.name;
        const Coarse c = measure(png);
        EXPECT_EQ(c.width, w) << step.name;
        EXPECT_EQ(c.height, h) << step.name;
        shots.push_back(c);
        if (std::string(step.name) != "11-paused") {
            EXPECT_GT(c.inked, 0.004) << step.name << ": looks blank";
            EXPECT_GT(c.colours, 20u) << step.name;
        }
    }
    // The pause screen hides the case: far less ink than the reveal, the situation or the warning.
    const Coarse& paused = shots.back();
    EXPECT_LT(paused.inked, shots[6].inked / 4) << "pause vs revealed";
    EXPECT_LT(paused.inked, shots[0].inked) << "pause vs warning";
    // A reveal adds the choices, feedback and perspectives: more ink than the situation alone.
    EXPECT_GT(shots[6].inked, shots[2].inked * 2);
}

TEST(VisualRoom, ProjectorCycleAt1280x720) { cycleAt(1280, 720); }
TEST(VisualRoom, ProjectorCycleAt1920x1080) { cycleAt(1920, 1080); }

TEST(VisualRoom, ConsoleAt1280x720InTheLightTheme) {
    const fs::path png = kOut / "console-1280x720-light-voting.png";
    fs::remove(png);
    ASSERT_EQ(runAt(1280, 720, "--theme light --room peter --room-script 'c,c,c,open,1a,2g,3e' --screenshot " + quoted(png.string())), 0);
    const Coarse c = measure(png);
    EXPECT_EQ(c.width, 1280);
    EXPECT_GT(c.inked, 0.05);
}

TEST(VisualRoom, BadRoomArgumentsExitWithUsageError) {
    EXPECT_EQ(runAt(1280, 720, "--groups 'A:dsl' --screenshot /dev/null"), 2);
    EXPECT_EQ(runAt(1280, 720, "--room peter --groups 'A:nobody' --screenshot /dev/null"), 2);
    EXPECT_EQ(runAt(1280, 720, "--room peter --room-script 'reveal' --screenshot /dev/null"), 2);
}

} // namespace

namespace {

// Extended display: the projector view in its own window (forced here: Xvfb has one monitor), drawn by a
// second ImGui context sharing the font atlas. Both windows must show real screens.
TEST(VisualRoom, ProjectorInASecondWindow) {
    const fs::path console = kOut / "extended-console.png";
    const fs::path projector = kOut / "extended-projector.png";
    fs::remove(console);
    fs::remove(projector);
    ASSERT_EQ(runAt(1600, 900, "--room peter --room-script 'c,c,c,views,open,1a,2g,3e,reveal' --screenshot " + quoted(console.string()) +
                                   " --screenshot-projector " + quoted(projector.string())),
              0);
    const Coarse c = measure(console);
    const Coarse p = measure(projector);
    EXPECT_EQ(c.width, 1600);
    EXPECT_EQ(p.width, 1280);
    EXPECT_EQ(p.height, 720);
    EXPECT_GT(c.inked, 0.05);
    EXPECT_GT(p.inked, 0.02) << "the projector window drew text (the shared font atlas works in both contexts)";
    EXPECT_GT(p.colours, 20u);
}

} // namespace
