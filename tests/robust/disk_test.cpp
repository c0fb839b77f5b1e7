// A full disk and a read-only data directory under the real app. The data directory
// ($XDG_DATA_HOME/wholepicture, where the records database lives) is a small tmpfs mounted inside a private mount namespace of this
// test process (unshare(CLONE_NEWNS), mounts made private), so nothing leaks out and everything goes
// when the process ends. Needs root (CI runs as root); without the permission the tests SKIP and say why.
// Checked: the app keeps running and answering keys, the saved run is still whole and the database
// passes its integrity check, one status card (not a stack: the screen after two more failed saves is
// pixel-identical), and the next step after space is freed (or the directory is writable again) saves.
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include <sched.h>
#include <sys/mount.h>

#include <gtest/gtest.h>

#include "harness.h"

namespace {

using namespace wp::robust;

const fs::path kOut = WP_ROBUST_OUT;
constexpr int kW = 800, kH = 600;

// A tmpfs at `dir` in this process's private mount namespace; unmounted (lazily) on destruction.
struct TmpfsMount {
    fs::path dir;
    bool mounted = false;
    std::string error;
    TmpfsMount(const fs::path& d, const std::string& options) : dir(d) {
        if (::geteuid() != 0) {
            error = "not running as root (mounting a tmpfs needs root)";
            return;
        }
        if (::unshare(CLONE_NEWNS) != 0) {
            error = std::string("unshare(CLONE_NEWNS) refused: ") + std::strerror(errno);
            return;
        }
        if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
            error = std::string("making the mounts private refused: ") + std::strerror(errno);
            return;
        }
        std::error_code ec;
        fs::create_directories(dir, ec);
        if (::mount("wp-robust", dir.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, options.c_str()) != 0) {
            error = std::string("mounting a tmpfs refused: ") + std::strerror(errno);
            return;
        }
        mounted = true;
    }
    bool remount(bool readOnly) {
        const unsigned long flags = MS_REMOUNT | MS_NOSUID | MS_NODEV | (readOnly ? MS_RDONLY : 0);
        return ::mount("wp-robust", dir.c_str(), "tmpfs", flags, nullptr) == 0;
    }
    ~TmpfsMount() {
        if (mounted) ::umount2(dir.c_str(), MNT_DETACH);
    }
};

// Fills the file system holding `dir` until a write fails (ENOSPC).
void fill(const fs::path& file) {
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) return;
    const std::string block(1024, 'x');
    while (::write(fd, block.data(), block.size()) > 0) {
    }
    // The last partial block too.
    while (::write(fd, block.data(), 1) > 0) {
    }
    ::close(fd);
}

void savePng(const std::string& display, const fs::path& png) {
    fs::create_directories(png.parent_path());
    (void)runCapture({"import", "-display", display, "-window", "root", "-crop", "800x600+0+0", png.string()}, {}, nullptr, 15000);
}

// Pixels within 12 of an RGB colour: the warning card's text and border are the theme's warning colour.
size_t countNear(const std::vector<unsigned char>& rgb, unsigned colour) {
    const int r = (colour >> 16) & 0xFF, g = (colour >> 8) & 0xFF, b = colour & 0xFF;
    size_t n = 0;
    for (size_t i = 0; i + 2 < rgb.size(); i += 3)
        if (std::abs(rgb[i] - r) <= 12 && std::abs(rgb[i + 1] - g) <= 12 && std::abs(rgb[i + 2] - b) <= 12) ++n;
    return n;
}
constexpr unsigned kWarning = 0xf2b84e; // the dark theme's warning colour

size_t differingPixels(const std::vector<unsigned char>& a, const std::vector<unsigned char>& b) {
    if (a.size() != b.size()) return static_cast<size_t>(-1);
    size_t n = 0;
    for (size_t i = 0; i + 2 < a.size(); i += 3)
        if (a[i] != b[i] || a[i + 1] != b[i + 1] || a[i + 2] != b[i + 2]) ++n;
    return n;
}

// Waits until the screen stops changing (the app draws on events; a few frames settle the layout).
std::vector<unsigned char> settledScreen(const std::string& display) {
    std::vector<unsigned char> last = grabRgb(display, kW, kH);
    for (int i = 0; i < 10; ++i) {
        sleepMs(150);
        auto now = grabRgb(display, kW, kH);
        if (now == last) return now;
        last = std::move(now);
    }
    return last;
}

enum class Breakage { FullDisk, ReadOnly };

void runScenario(Breakage how) {
    const char* name = how == Breakage::FullDisk ? "full-disk" : "read-only";
    if (!haveTool("xdotool") || !haveTool("Xvfb")) GTEST_SKIP() << "xdotool or Xvfb is not installed";
    if (!haveTool("import")) GTEST_SKIP() << "ImageMagick's import is not installed (tools/setup installs it)";
    TempDir home("wp-robust-disk");
    ASSERT_FALSE(home.path.empty());
    const AppHome app{home.path};
    const fs::path data = app.dataDir();
    TmpfsMount mount(data, "size=4m,mode=0755");
    if (!mount.mounted) GTEST_SKIP() << "cannot mount a small tmpfs for the data directory here: " << mount.error;

    XServer server;
    ASSERT_TRUE(server.ok());
    const std::string display = server.display();
    (void)xdo(display, {"mousemove", "790", "590"});
    const RecordRef autosave{app.recordsFile(), ""};

    // 1. A run on a healthy disk: Peter as DSL, to the second decision (d2_soiling) unanswered.
    {
        Process proc;
        ASSERT_TRUE(startApp(proc, app, display, {"--size", "800x600"}));
        for (const char* k : {"1", "2", "Return", "Return", "1", "Return"}) {
            sendKey(display, {k, 0});
            sleepMs(150);
        }
        // Wait (not a fixed sleep) for the writer thread: the autosave of the second step.
        const auto t0 = Clock::now();
        while (msSince(t0) < 10000) {
            if (auto j = readRecord(autosave); j && j->contains("path") && (*j)["path"].size() >= 2) break;
            sleepMs(20);
        }
        proc.kill9();
    }
    const auto saved = readRecord(autosave);
    ASSERT_TRUE(saved) << "no saved run from the healthy run";
    ASSERT_EQ((*saved)["path"].size(), 2u) << saved->dump();
    ASSERT_EQ(integrityOf(app.recordsFile()), "ok");

    // 2. Break the directory.
    const fs::path filler = data / "filler";
    if (how == Breakage::FullDisk) {
        fill(filler);
    } else {
        ASSERT_TRUE(mount.remount(true)) << "remount read-only refused: " << std::strerror(errno);
    }

    // 3. Play on: resume (a save), then steps, each a save that fails.
    Process proc;
    ASSERT_TRUE(startApp(proc, app, display, {"--size", "800x600"}));
    sendKey(display, {"Return", 0}); // resume
    sleepMs(400);
    for (const char* k : {"1", "BackSpace"}) { // choose, back: at d2_soiling's question again
        sendKey(display, {k, 0});
        sleepMs(200);
    }
    ASSERT_TRUE(proc.running()) << "the app ended while saves failed";
    const auto screenA = settledScreen(display);
    savePng(display, kOut / (std::string(name) + "-status.png"));
    // Two more failed saves (choose, back): the same screen, so the status card was replaced, not stacked.
    sendKey(display, {"1", 0});
    sleepMs(250);
    const auto chosenScreen = settledScreen(display);
    sendKey(display, {"BackSpace", 0});
    sleepMs(250);
    const auto screenB = settledScreen(display);
    savePng(display, kOut / (std::string(name) + "-status-after-two-more.png"));
    ASSERT_TRUE(proc.running()) << "the app ended while saves failed";
    EXPECT_GT(differingPixels(screenA, chosenScreen), 1000u) << "choosing an option changed nothing on the screen: is the app answering keys?";
    EXPECT_GT(countNear(screenA, kWarning), 300u) << "no warning card on the screen after failed saves";
    EXPECT_EQ(differingPixels(screenA, screenB), 0u)
        << "the same screen after two more failed saves looks different (status cards stacking?); see "
        << (kOut / (std::string(name) + "-status.png")) << " and " << (kOut / (std::string(name) + "-status-after-two-more.png"));

    // 4. Repair: the run saved before is still there, whole, and the next step saves again.
    if (how == Breakage::FullDisk) {
        fs::remove(filler);
    } else {
        ASSERT_TRUE(mount.remount(false)) << "remount read-write refused: " << std::strerror(errno);
    }
    EXPECT_EQ(integrityOf(app.recordsFile()), "ok") << "the database after the directory was " << name;
    const auto kept = readRecord(autosave);
    ASSERT_TRUE(kept);
    EXPECT_EQ((*kept)["path"], (*saved)["path"]) << "the saved run changed while the directory was " << name;
    const FileStamp stamp = stampOf(autosave);
    sendKey(display, {"1", 0});
    ASSERT_TRUE(waitForChange(autosave, stamp, 5000)) << "no save after the directory was repaired";
    const auto after = readRecord(autosave);
    ASSERT_TRUE(after);
    EXPECT_EQ((*after)["path"].size(), 3u) << "the save after the repair is not the step just taken: " << after->dump();
    for (size_t i = 0; i < 2 && i < (*after)["path"].size(); ++i) EXPECT_EQ((*after)["path"][i], (*saved)["path"][i]);
    const auto savedScreen = settledScreen(display);
    savePng(display, kOut / (std::string(name) + "-saved-again.png"));
    // The warning card is replaced by "Saving works again", not left beside it.
    EXPECT_LT(countNear(savedScreen, kWarning), 50u) << "the warning card is still on the screen after saving worked again";
    EXPECT_TRUE(proc.running());
    std::printf("[%s] app kept running; the saved run whole, integrity ok; one status card; saved again after the repair\n", name);
}

TEST(Disk, FullStateDirectoryKeepsPlayingAndKeepsOldFiles) { runScenario(Breakage::FullDisk); }

TEST(Disk, ReadOnlyStateDirectoryKeepsPlayingAndKeepsOldFiles) { runScenario(Breakage::ReadOnly); }

} // namespace
