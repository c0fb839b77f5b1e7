// Screenshots of the real app under Xvfb, checked coarsely with stb_image, and the idle-CPU budget.
// The PNGs stay in the build tree (tests/visual/screenshots/) for people to look at.
#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <utility>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <stb_image.h>

namespace {

namespace fs = std::filesystem;

const fs::path kOut = WP_VISUAL_OUT;

// A private XDG home so tests never read or write the developer's settings and autosave.
fs::path privateHome() {
    const fs::path home = kOut / "xdg";
    fs::create_directories(home);
    return home;
}

std::string quoted(const std::string& s) { return "'" + s + "'"; }

// `env`: extra variables for the app ("WP_BACKDROPS=off "), each followed by a space.
int runApp(const std::string& args, const std::string& env = "") {
    fs::create_directories(kOut);
    const fs::path home = privateHome();
    const std::string command = env + "XDG_CONFIG_HOME=" + quoted((home / "config").string()) +
                                " XDG_STATE_HOME=" + quoted((home / "state").string()) +
                                " XDG_DATA_HOME=" + quoted((home / "data").string()) + " " WP_XVFB_RUN
                                " -a -s '-screen 0 1600x900x24' " + quoted(WP_APP_BINARY) + " " + args;
    // What the app says on stderr is kept and shown; a GLFW error (a worker waking the loop before
    // glfwInit or after glfwTerminate used to print "not initialized") fails the test.
    const fs::path errFile = kOut / ("stderr-" + std::to_string(::getpid()) + ".txt");
    const int status = std::system((command + " 2> " + quoted(errFile.string())).c_str());
    std::ifstream in(errFile);
    const std::string err((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    fs::remove(errFile);
    if (!err.empty()) std::fprintf(stderr, "%s", err.c_str());
    EXPECT_EQ(err.find("GLFW error"), std::string::npos) << args << "\n" << err;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

struct Image {
    int width = 0, height = 0;
    std::vector<unsigned char> rgb;
};

Image loadPng(const fs::path& path) {
    Image img;
    int channels = 0;
    unsigned char* data = stbi_load(path.string().c_str(), &img.width, &img.height, &channels, 3);
    if (!data) return img;
    img.rgb.assign(data, data + static_cast<size_t>(img.width) * img.height * 3);
    stbi_image_free(data);
    return img;
}

// Not blank: many distinct colours (text, cards, chips) and a real share of non-background pixels.
void expectRealScreen(const fs::path& png, int width, int height) {
    ASSERT_TRUE(fs::exists(png)) << png;
    const Image img = loadPng(png);
    ASSERT_EQ(img.width, width);
    ASSERT_EQ(img.height, height);
    std::set<unsigned> colours;
    const unsigned char* px = img.rgb.data();
    const unsigned background = (px[0] << 16) | (px[1] << 8) | px[2];
    size_t differing = 0;
    for (size_t i = 0; i + 2 < img.rgb.size(); i += 3) {
        const unsigned c = (img.rgb[i] << 16) | (img.rgb[i + 1] << 8) | img.rgb[i + 2];
        if (colours.size() < 5000) colours.insert(c);
        if (c != background) ++differing;
    }
    EXPECT_GT(colours.size(), 50u) << "looks like a flat colour: " << png;
    EXPECT_GT(differing, img.rgb.size() / 3 / 50) << "almost everything is the background colour: " << png;
}

// The same screen captured twice, the second time with `env` (as runApp's), both checked to be real
// screens: the pair a comparison of two ways of drawing it needs. Empty images when a run failed.
std::pair<Image, Image> captureTwice(const std::string& args, const fs::path& first, const fs::path& second, const std::string& env) {
    fs::remove(first);
    fs::remove(second);
    if (runApp(args + " --screenshot " + quoted(first.string())) != 0 || runApp(args + " --screenshot " + quoted(second.string()), env) != 0) {
        ADD_FAILURE() << "the app failed with " << args;
        return {};
    }
    expectRealScreen(first, 1600, 900);
    std::pair<Image, Image> images{loadPng(first), loadPng(second)};
    EXPECT_EQ(images.first.rgb.size(), images.second.rgb.size()) << first << " and " << second;
    return images;
}

TEST(Visual, LibraryScreenshot) {
    const fs::path png = kOut / "library.png";
    fs::remove(png);
    ASSERT_EQ(runApp("--screenshot " + quoted(png.string())), 0);
    expectRealScreen(png, 1600, 900);
}

TEST(Visual, RoleScreenScreenshot) {
    const fs::path png = kOut / "peter-role.png";
    fs::remove(png);
    ASSERT_EQ(runApp("--plugin peter --screenshot " + quoted(png.string())), 0);
    expectRealScreen(png, 1600, 900);
}

TEST(Visual, PeterDecisionWithFeedbackScreenshot) {
    const fs::path png = kOut / "peter-dsl-feedback.png";
    fs::remove(png);
    ASSERT_EQ(runApp("--plugin peter --role dsl --choose dsl_admission_talk,dsl_connect_history --screenshot " +
                     quoted(png.string())),
              0);
    expectRealScreen(png, 1600, 900);
}

TEST(Visual, PeterSummaryScreenshotInTheLightThemeAtAnotherSize) {
    const fs::path png = kOut / "peter-dsl-summary-light.png";
    fs::remove(png);
    ASSERT_EQ(runApp("--plugin peter --role dsl --choose dsl_admission_talk,dsl_connect_history --screen summary "
                     "--theme light --size 1280x800 --screenshot " +
                     quoted(png.string())),
              0);
    expectRealScreen(png, 1280, 800);
}

TEST(Visual, AuthorModeScreenshot) {
    const fs::path png = kOut / "author-mini.png";
    fs::remove(png);
    ASSERT_EQ(runApp("--author " + quoted((fs::path(WP_SOURCE_DIR) / "tests/fixtures/plugins/mini").string()) +
                     " --plugin mini --role class_teacher --choose tell --screenshot " + quoted(png.string())),
              0);
    expectRealScreen(png, 1600, 900);
}

// Pixels within `tolerance` of an RGB colour (anti-aliasing shifts edges; box borders keep the colour).
size_t countNear(const Image& img, unsigned rgb, int tolerance = 10) {
    const int r = static_cast<int>((rgb >> 16) & 0xFF), g = static_cast<int>((rgb >> 8) & 0xFF), b = static_cast<int>(rgb & 0xFF);
    size_t n = 0;
    for (size_t i = 0; i + 2 < img.rgb.size(); i += 3)
        if (std::abs(img.rgb[i] - r) <= tolerance && std::abs(img.rgb[i + 1] - g) <= tolerance && std::abs(img.rgb[i + 2] - b) <= tolerance) ++n;
    return n;
}

// The whole debrief in one tall window: headline, scores, both maps, the timeline. Coarse checks: a
// real screen, and the school's colour (#a9cdf2, the map's box border on the dark theme) drawn.
TEST(Visual, DebriefWithBothMapsScreenshot) {
    const fs::path png = kOut / "peter-dsl-debrief-full.png";
    fs::remove(png);
    ASSERT_EQ(runApp("--plugin peter --role dsl --choose dsl_admission_talk,dsl_connect_history --screen summary --size 1600x3000 "
                     "--screenshot " + quoted(png.string())),
              0);
    expectRealScreen(png, 1600, 3000);
    EXPECT_GT(countNear(loadPng(png), 0xa9cdf2), 200u) << "no map boxes in the school's colour";
}

// "Save report" from the command line: the HTML report (maps inline), the session JSON and the map as
// a PNG rendered through the real GL path, all in the chosen folder.
TEST(Visual, ExportWritesReportSessionAndMapPng) {
    const fs::path dir = kOut / "export";
    fs::remove_all(dir);
    const fs::path png = kOut / "peter-dsl-export.png";
    ASSERT_EQ(runApp("--plugin peter --role dsl --choose dsl_admission_talk,dsl_connect_history --screen summary --export " +
                     quoted(dir.string()) + " --screenshot " + quoted(png.string())),
              0);
    fs::path html, json, map;
    for (const auto& e : fs::directory_iterator(dir)) {
        const std::string name = e.path().filename().string();
        if (name.ends_with("-report.html")) html = e.path();
        if (name.ends_with("-session.json")) json = e.path();
        if (name.ends_with("-map.png")) map = e.path();
    }
    ASSERT_FALSE(html.empty());
    ASSERT_FALSE(json.empty());
    ASSERT_FALSE(map.empty());
    std::ifstream h(html);
    const std::string text((std::istreambuf_iterator<char>(h)), std::istreambuf_iterator<char>());
    EXPECT_NE(text.find("<svg"), std::string::npos) << "the map is embedded in the report";
    std::ifstream j(json);
    const std::string session((std::istreambuf_iterator<char>(j)), std::istreambuf_iterator<char>());
    EXPECT_NE(session.find("\"wholepicture-session\""), std::string::npos);
    expectRealScreen(map, 1600, 900);
    EXPECT_GT(countNear(loadPng(map), 0xa9cdf2), 200u) << "the exported map has no boxes in the school's colour";
}

// The fast paths for a software renderer put the same pixels on screen as the triangles they replace:
// backdrops (large rectangles as scissored clears, ui/backdrop.h) and a map copied from its texture
// (MapViewInput::behind). The play screen with the map panel and the debrief's two maps, both ways.
TEST(Visual, BackdropsAndTheCopiedMapLookLikeTheTrianglesTheyReplace) {
    const std::pair<std::string, std::string> screens[] = {
        {"james-map", "--plugin james --role dsl --choose dsl_off_roll,dsl_ask_on_return,dsl_consult --panel map"},
        {"tina-maps", "--plugin tina --role dsl --screen debrief --section maps"},
        {"library-light", "--theme light"},
    };
    for (const auto& [name, args] : screens) {
        const fs::path fast = kOut / (name + "-fast.png"), drawn = kOut / (name + "-triangles.png");
        const auto [a, b] = captureTwice(args, fast, drawn, "WP_BACKDROPS=off WP_MAP_CANVAS=off ");
        if (a.rgb.empty() || a.rgb.size() != b.rgb.size()) continue;
        size_t differing = 0;
        for (size_t i = 0; i + 2 < a.rgb.size(); i += 3) {
            int worst = 0;
            for (size_t k = 0; k < 3; ++k) worst = std::max(worst, std::abs(int(a.rgb[i + k]) - int(b.rgb[i + k])));
            if (worst > 32) ++differing;
        }
        // Antialiased edges may round differently; a misplaced or missing rectangle is thousands of pixels.
        EXPECT_LT(differing, 1600u * 900u / 500u) << name << ": compare " << fast << " with " << drawn;
    }
}

// A window's first frame draws its backdrops as rectangles through ImGui's pipeline (a software renderer
// compiles each pipeline a frame uses on first use; the clears' would cost the first frame 4-7 ms),
// later frames as clears. The two cover the same pixels in the same colours: the first frame (--frames
// 1) is the same picture, byte for byte, with its backdrops cleared (WP_BACKDROPS=clears).
TEST(Visual, TheFirstFrameDrawsItsBackdropsAsTheClearsOfLaterFramesWould) {
    const std::pair<std::string, std::string> screens[] = {
        {"library", ""},
        {"peter-decision", "--plugin peter --role dsl"},
        {"tina-maps-light-1.5", "--plugin tina --role dsl --screen debrief --section maps --theme light --ui-scale 1.5"},
    };
    for (const auto& [name, args] : screens) {
        const fs::path drawn = kOut / (name + "-frame1.png"), cleared = kOut / (name + "-frame1-cleared.png");
        const auto [a, b] = captureTwice(args + " --frames 1", drawn, cleared, "WP_BACKDROPS=clears ");
        if (a.rgb.empty() || a.rgb.size() != b.rgb.size()) continue;
        size_t differing = 0;
        for (size_t i = 0; i < a.rgb.size(); ++i) differing += a.rgb[i] != b.rgb[i];
        EXPECT_EQ(differing, 0u) << name << ": compare " << drawn << " with " << cleared;
    }
}

// The font texture at one byte a pixel (platform/font_texture.h) draws the same text as the backend's own
// RGBA copy: the library, a decision with its feedback, the debrief's maps (their text goes through the
// map canvas) and a room's console with the projector window, which draws with the console's texture.
// Ours is also sampled with nearest filtering where every glyph is drawn at its baked size, the
// backend's always linearly: the same pixels show both that the one-byte texture reads as the RGBA copy
// and that nearest filtering is used only where it changes nothing. The last two screens draw text
// scaled in the app's own window (the projector on a single display; map labels as triangles).
TEST(Visual, TextFromTheOneByteFontTextureIsTheSameAsFromTheRgbaCopy) {
    struct Screen {
        std::string name, args, env;
    };
    const Screen screens[] = {
        {"library", "", ""},
        {"peter-feedback", "--plugin peter --role dsl --choose dsl_admission_talk,dsl_connect_history", ""},
        {"tina-maps", "--plugin tina --role dsl --screen debrief --section maps", ""},
        {"room", "--room peter --room-script c,c,c,views,open,1a,2g,3e,reveal --screenshot-projector @", ""},
        {"room-single-display", "--room peter --room-script c,c,c,views,open,1a,2g,3e,reveal,projector", ""},
        {"tina-maps-as-triangles", "--plugin tina --role dsl --screen debrief --section maps", "WP_MAP_CANVAS=off "},
    };
    auto differingPixels = [](const fs::path& x, const fs::path& y) {
        const Image a = loadPng(x), b = loadPng(y);
        EXPECT_EQ(a.rgb.size(), b.rgb.size()) << x << " and " << y << " differ in size";
        size_t differing = 0;
        for (size_t i = 0; i + 2 < std::min(a.rgb.size(), b.rgb.size()); i += 3)
            for (size_t k = 0; k < 3; ++k)
                if (std::abs(int(a.rgb[i + k]) - int(b.rgb[i + k])) > 1) {
                    ++differing;
                    break;
                }
        return differing;
    };
    for (const auto& [name, args, env] : screens) {
        const fs::path ours = kOut / (name + "-r8.png"), theirs = kOut / (name + "-rgba.png");
        const fs::path oursProjector = kOut / (name + "-r8-projector.png"), theirsProjector = kOut / (name + "-rgba-projector.png");
        for (const fs::path& f : {ours, theirs, oursProjector, theirsProjector}) fs::remove(f);
        std::string a = args, b = args;
        if (const size_t at = args.find('@'); at != std::string::npos) {
            a.replace(at, 1, quoted(oursProjector.string()));
            b.replace(at, 1, quoted(theirsProjector.string()));
        }
        ASSERT_EQ(runApp(a + " --screenshot " + quoted(ours.string()), env), 0);
        ASSERT_EQ(runApp(b + " --screenshot " + quoted(theirs.string()), env + "WP_FONT_TEXTURE=rgba "), 0);
        expectRealScreen(ours, 1600, 900);
        EXPECT_EQ(differingPixels(ours, theirs), 0u) << name << ": compare " << ours << " with " << theirs;
        if (args.find('@') != std::string::npos) {
            ASSERT_TRUE(fs::exists(oursProjector) && fs::exists(theirsProjector)) << name << ": no projector screenshot";
            EXPECT_EQ(differingPixels(oursProjector, theirsProjector), 0u) << name << ": compare " << oursProjector << " with " << theirsProjector;
        }
    }
}

TEST(Visual, PlayScreenWithTheMapPanelScreenshot) {
    const fs::path png = kOut / "james-dsl-map-panel.png";
    fs::remove(png);
    ASSERT_EQ(runApp("--plugin james --role dsl --choose dsl_off_roll,dsl_ask_on_return,dsl_consult --panel map --size 1280x720 "
                     "--screenshot " + quoted(png.string())),
              0);
    expectRealScreen(png, 1280, 720);
    EXPECT_GT(countNear(loadPng(png), 0xa9cdf2), 100u);
}

// Role swap from the command line, as the debrief's "Play as" button does it: two finished runs of
// Peter's case, the DSL's and the social worker's, on the compare screen.
TEST(Visual, RoleSwapCompareScreenshot) {
    const fs::path png = kOut / "peter-compare.png";
    fs::remove(png);
    ASSERT_EQ(runApp("--plugin peter --role dsl --choose dsl_admission_talk,dsl_nurse_mother_csc,dsl_nurse_check,dsl_senco_plan,dsl_ask_update,dsl_written_referral,dsl_joint_review,dsl_share_progress,dsl_ask_targets,dsl_rerefer,dsl_early_help --screen summary --swap social_worker --swap-choose sw_assess_call_school,sw_see_peter,sw_check_health,sw_share_learning,sw_closing_meeting,sw_ask_around,sw_share_nurse,sw_gather_first,sw_follow_gp,sw_reply_meet,sw_build_support "
                     "--screenshot " + quoted(png.string())),
              0);
    expectRealScreen(png, 1600, 900);
}

TEST(Visual, BadArgumentsExitWithUsageError) {
    EXPECT_EQ(runApp("--no-such-flag"), 2);
    EXPECT_EQ(runApp("--ui-scale banana"), 2);
    EXPECT_EQ(runApp("--plugin no_such_case --screenshot /dev/null"), 2);
    EXPECT_EQ(runApp("--plugin peter --role dsl --choose not_an_option --screenshot /dev/null"), 2);
    EXPECT_EQ(runApp("--plugin peter --role dsl --export /tmp --screenshot /dev/null"), 2) << "--export needs the debrief";
    EXPECT_EQ(runApp("--plugin peter --role dsl --swap social_worker --screenshot /dev/null"), 2) << "--swap starts from the debrief";
    EXPECT_EQ(runApp("--plugin peter --role dsl --screen summary --swap dsl --screenshot /dev/null"), 2) << "the same role is no swap";
    EXPECT_EQ(runApp("--plugin peter --role dsl --screen summary --section nowhere --screenshot /dev/null"), 2);
}

// [Idle CPU] The event-driven loop must sleep when nothing happens (ImHex #1870/#2147 are the bugs
// this guards against). Budget: under 0.2 s of CPU over 5 idle seconds.

double cpuSeconds(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto close = text.rfind(')');
    if (close == std::string::npos) return -1;
    std::istringstream fields(text.substr(close + 2));
    std::string field;
    long utime = 0, stime = 0;
    for (int i = 3; i <= 15 && fields >> field; ++i) {
        if (i == 14) utime = std::stol(field);
        if (i == 15) stime = std::stol(field);
    }
    return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// The app process started by xvfb-run (its child named "wholepicture").
pid_t findApp(pid_t parent) {
    for (const auto& entry : fs::directory_iterator("/proc")) {
        const std::string name = entry.path().filename().string();
        if (name.empty() || !std::all_of(name.begin(), name.end(), ::isdigit)) continue;
        std::ifstream in(entry.path() / "stat");
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const auto open = text.find('('), close = text.rfind(')');
        if (open == std::string::npos || close == std::string::npos) continue;
        if (text.substr(open + 1, close - open - 1) != "wholepicture") continue;
        std::istringstream rest(text.substr(close + 2));
        std::string state;
        long ppid = 0;
        rest >> state >> ppid;
        if (ppid == parent) return static_cast<pid_t>(std::stol(name));
    }
    return -1;
}

// CPU seconds the app spends over 5 idle seconds, started with `args`.
double idleCpu(const std::vector<std::string>& args) {
    const fs::path home = privateHome();
    const pid_t runner = fork();
    if (runner < 0) return -1;
    if (runner == 0) {
        setpgid(0, 0);
        setenv("XDG_CONFIG_HOME", (home / "config").c_str(), 1);
        setenv("XDG_STATE_HOME", (home / "state").c_str(), 1);
        setenv("XDG_DATA_HOME", (home / "data").c_str(), 1);
        std::vector<const char*> argv{"xvfb-run", "-a", "-s", "-screen 0 1600x900x24", WP_APP_BINARY};
        for (const auto& a : args) argv.push_back(a.c_str());
        argv.push_back(nullptr);
        execv(WP_XVFB_RUN, const_cast<char* const*>(argv.data()));
        _exit(127);
    }
    pid_t app = -1;
    for (int i = 0; i < 100 && app < 0; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        app = findApp(runner);
    }
    if (app <= 0) {
        kill(-runner, SIGTERM);
        waitpid(runner, nullptr, 0);
        ADD_FAILURE() << "the app did not start under xvfb-run";
        return -1;
    }
    std::this_thread::sleep_for(std::chrono::seconds(3)); // start-up and the first frames
    const double before = cpuSeconds(app);
    std::this_thread::sleep_for(std::chrono::seconds(5));
    const double after = cpuSeconds(app);
    kill(app, SIGTERM);
    int status = 0;
    waitpid(runner, &status, 0);
    if (before < 0) return -1;
    return after - before;
}

TEST(Visual, IdleCpuStaysUnderBudget) {
    const double idle = idleCpu({"--plugin", "peter"});
    ASSERT_GE(idle, 0.0);
    std::printf("idle CPU over 5 s: %.3f s\n", idle);
    EXPECT_LT(idle, 0.2);
}

// Author mode watches the folder on a thread blocked in poll(): still nothing while idle.
TEST(Visual, AuthorModeIdleCpuStaysUnderBudget) {
    const double idle = idleCpu({"--author", (fs::path(WP_SOURCE_DIR) / "plugins/peter").string()});
    ASSERT_GE(idle, 0.0);
    std::printf("idle CPU over 5 s in author mode: %.3f s\n", idle);
    EXPECT_LT(idle, 0.2);
}

// Opening the play screen after scripted choices starts the map's transition for the links the last
// choice made (about a second of frames); after it the loop must sleep again.
TEST(Visual, IdleCpuAfterAMapTransitionStaysUnderBudget) {
    const double idle = idleCpu({"--plugin", "peter", "--role", "dsl", "--choose", "dsl_admission_talk,dsl_connect_history", "--panel", "map"});
    ASSERT_GE(idle, 0.0) << "the app did not start under xvfb-run";
    std::printf("idle CPU over 5 s after a map transition: %.3f s\n", idle);
    EXPECT_LT(idle, 0.2);
}

// Issue 15: a running vote timer wakes the loop once a second, and the kept frame (frame_render.h)
// redraws and copies only its digits, in the console and the projector window: within the issue's
// budget of 0.1 s per 10 s (it was 0.19-0.24 s drawing both windows whole).
TEST(Visual, IdleCpuWithAVoteTimerAndTheProjectorWindowStaysUnderBudget) {
    const double idle = idleCpu({"--room", "peter", "--timer", "120", "--room-script", "c,c,c,open", "--projector-window"});
    ASSERT_GE(idle, 0.0) << "the app did not start under xvfb-run";
    std::printf("idle CPU over 5 s with a vote timer and the projector window: %.3f s\n", idle);
    EXPECT_LT(idle, 0.05);
}

// The frames the timer redraws in part have the pixels of the same frames drawn whole: WP_DAMAGE=check
// draws each partial frame whole as well and says where they differ.
TEST(Visual, APartialFrameHasTheSamePixelsAsTheSameFrameDrawnWhole) {
    fs::create_directories(kOut);
    const fs::path home = privateHome();
    const fs::path errFile = kOut / ("damage-" + std::to_string(::getpid()) + ".txt");
    const std::string command = "WP_DAMAGE=check XDG_CONFIG_HOME=" + quoted((home / "config").string()) +
                                " XDG_STATE_HOME=" + quoted((home / "state").string()) + " XDG_DATA_HOME=" +
                                quoted((home / "data").string()) + " " WP_XVFB_RUN " -a -s '-screen 0 1600x900x24' timeout -s TERM 5 " +
                                quoted(WP_APP_BINARY) +
                                " --room peter --timer 120 --room-script c,c,c,open --projector-window 2> " + quoted(errFile.string());
    (void)std::system(command.c_str());
    std::ifstream in(errFile);
    const std::string err((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    fs::remove(errFile);
    size_t checked = 0;
    for (size_t at = err.find("checked a partial frame"); at != std::string::npos; at = err.find("checked a partial frame", at + 1)) ++checked;
    EXPECT_GE(checked, 4u) << "the timer's seconds are partial frames, in both windows\n" << err;
    EXPECT_EQ(err.find("mismatch"), std::string::npos) << err;
}

} // namespace
