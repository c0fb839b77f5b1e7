// The watcher's limits (code review "Threads"): lost events are reported, not dropped; a huge tree is
// refused instead of walked.
#include <fstream>

#include <gtest/gtest.h>
#include <unistd.h>

#include "wholepicture/core/file_watcher.h"

namespace wp::test {
namespace {

namespace fs = std::filesystem;

fs::path freshDir(const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / ("wp-watch-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

TEST(WatcherLimits, AnOverflowedEventQueueIsReportedAsEverythingChanged) {
    int maxQueued = 16384;
    if (std::ifstream limit("/proc/sys/fs/inotify/max_queued_events"); limit) limit >> maxQueued;
    if (maxQueued > 100000) GTEST_SKIP() << "the kernel queues " << maxQueued << " events; too many to overflow in a test";
    const fs::path dir = freshDir("overflow");
    FileWatcher watcher(dir);
    ASSERT_TRUE(watcher.ok()) << watcher.error();
    for (int i = 0; i < maxQueued / 2 + 100; ++i) std::ofstream(dir / ("f" + std::to_string(i) + ".txt")) << "x";
    const auto changed = watcher.waitForChanges(2000, 50);
    EXPECT_NE(std::find(changed.begin(), changed.end(), std::string(kWatchOverflow)), changed.end())
        << "lost events must not pass silently (" << changed.size() << " names)";
    fs::remove_all(dir);
}

TEST(WatcherLimits, ATreeTooBigToWatchIsRefusedWithTheReason) {
    const fs::path dir = freshDir("big");
    for (size_t i = 0; i < kMaxWatchedFolders + 5; ++i) fs::create_directories(dir / ("d" + std::to_string(i)));
    FileWatcher watcher(dir);
    EXPECT_FALSE(watcher.ok());
    EXPECT_NE(watcher.error().find("plugin.json"), std::string::npos) << watcher.error();
    fs::remove_all(dir);
}

} // namespace
} // namespace wp::test
