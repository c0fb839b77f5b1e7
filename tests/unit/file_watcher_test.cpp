// The folder watcher on a real temporary folder: saves in place, saves by rename (vim, VS Code,
// sed -i), deletes, new sub-folders, and silence when nothing changes.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <mutex>
#include <random>
#include <thread>

#include "wholepicture/core/file_watcher.h"

using namespace wp;
namespace fs = std::filesystem;

namespace {

class WatchedFolder : public ::testing::Test {
protected:
    void SetUp() override {
        std::random_device rd;
        dir = fs::temp_directory_path() / ("wp-watch-" + std::to_string(rd()));
        fs::create_directories(dir);
        write("scenario.json", "{}\n");
    }
    void TearDown() override {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
    void write(const std::string& name, const std::string& text) {
        std::ofstream out(dir / name, std::ios::binary | std::ios::trunc);
        out << text;
    }
    static bool contains(const std::vector<std::string>& names, const std::string& name) {
        return std::find(names.begin(), names.end(), name) != names.end();
    }
    // Long enough never to fail on a loaded machine; returns as soon as the event arrives.
    static constexpr int kGenerousMs = 10'000;
    fs::path dir;
};

#ifdef __linux__

TEST_F(WatchedFolder, SeesAFileWrittenInPlace) {
    FileWatcher w(dir);
    ASSERT_TRUE(w.ok()) << w.error();
    write("scenario.json", "{\"changed\": true}\n");
    const auto changed = w.waitForChanges(kGenerousMs, 50);
    EXPECT_TRUE(contains(changed, "scenario.json"));
}

TEST_F(WatchedFolder, SeesASaveByRenameOverTheFile) {
    FileWatcher w(dir);
    ASSERT_TRUE(w.ok()) << w.error();
    write(".scenario.json.tmp", "{\"renamed\": true}\n"); // what vim and VS Code do
    fs::rename(dir / ".scenario.json.tmp", dir / "scenario.json");
    const auto changed = w.waitForChanges(kGenerousMs, 50);
    EXPECT_TRUE(contains(changed, "scenario.json"));
    // And the watch survives the rename: the next save is seen too.
    write("scenario.json", "{\"again\": true}\n");
    EXPECT_TRUE(contains(w.waitForChanges(kGenerousMs, 50), "scenario.json"));
}

TEST_F(WatchedFolder, SeesADelete) {
    FileWatcher w(dir);
    ASSERT_TRUE(w.ok()) << w.error();
    fs::remove(dir / "scenario.json");
    EXPECT_TRUE(contains(w.waitForChanges(kGenerousMs, 50), "scenario.json"));
}

TEST_F(WatchedFolder, SeesFilesInANewSubfolder) {
    FileWatcher w(dir);
    ASSERT_TRUE(w.ok()) << w.error();
    fs::create_directories(dir / "locale");
    EXPECT_TRUE(contains(w.waitForChanges(kGenerousMs, 50), "locale"));
    write("locale/en-GB.json", "{}\n");
    EXPECT_TRUE(contains(w.waitForChanges(kGenerousMs, 50), "locale/en-GB.json"));
}

TEST_F(WatchedFolder, GathersOneSaveIntoOneBatch) {
    FileWatcher w(dir);
    ASSERT_TRUE(w.ok()) << w.error();
    write("4913", "");                        // vim's write test
    fs::remove(dir / "4913");
    write("scenario.json.new", "{}\n");
    fs::rename(dir / "scenario.json.new", dir / "scenario.json");
    const auto changed = w.waitForChanges(kGenerousMs, 100);
    EXPECT_TRUE(contains(changed, "scenario.json"));
    EXPECT_TRUE(std::is_sorted(changed.begin(), changed.end()));
    EXPECT_EQ(std::adjacent_find(changed.begin(), changed.end()), changed.end()) << "names are unique";
    // The whole save came in that batch: nothing of it is left for the next wait.
    EXPECT_TRUE(w.waitForChanges(300, 100).empty()) << "one save, one batch";
}

TEST_F(WatchedFolder, ReportsNothingWhenNothingChanges) {
    FileWatcher w(dir);
    ASSERT_TRUE(w.ok()) << w.error();
    EXPECT_TRUE(w.waitForChanges(200).empty());
    // Reading a file is not a change.
    std::ifstream in(dir / "scenario.json");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(text, "{}\n");
    EXPECT_TRUE(w.waitForChanges(200).empty());
}

TEST_F(WatchedFolder, InterruptWakesABlockedWait) {
    FileWatcher w(dir);
    ASSERT_TRUE(w.ok()) << w.error();
    // The waiter has a time limit far beyond the wake, so a broken wake fails this test (the wait ends
    // at its limit) instead of hanging it. It waits long enough first to be blocked in poll().
    std::vector<std::string> result{"not returned"};
    std::atomic<bool> waiting{false};
    std::thread waiter([&] {
        waiting = true;
        result = w.waitForChanges(kGenerousMs);
    });
    while (!waiting) std::this_thread::yield();
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    const auto interrupted = std::chrono::steady_clock::now();
    w.interrupt();
    waiter.join();
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - interrupted);
    EXPECT_LT(took.count(), kGenerousMs / 2) << "interrupt() did not wake the blocked wait";
    EXPECT_TRUE(result.empty());
}

TEST_F(WatchedFolder, ThreadCallsBackWithTheBatch) {
    std::mutex mutex;
    std::condition_variable cv;
    std::vector<std::string> got;
    {
        FolderWatchThread thread(dir, [&](std::vector<std::string> names) {
            std::lock_guard lock(mutex);
            got.insert(got.end(), names.begin(), names.end());
            cv.notify_all();
        }, 50);
        ASSERT_TRUE(thread.ok()) << thread.error();
        write("plugin.json", "{}\n");
        std::unique_lock lock(mutex);
        cv.wait_for(lock, std::chrono::milliseconds(kGenerousMs), [&] { return contains(got, "plugin.json"); });
    } // joins the thread
    EXPECT_TRUE(contains(got, "plugin.json"));
}

#endif

TEST_F(WatchedFolder, AMissingFolderIsAnErrorNotACrash) {
    FileWatcher w(dir / "missing");
    EXPECT_FALSE(w.ok());
    EXPECT_FALSE(w.error().empty());
    EXPECT_TRUE(w.waitForChanges(0).empty());
}

} // namespace
