// Watching a folder for saved files, at no CPU cost while nothing changes.
// - Editors save in several ways: write in place (nano, `echo >`), write a temporary file and rename it
//   over the original (vim, VS Code, `sed -i`), or delete and recreate. The watcher follows the folder,
//   not the open files, so all of these are seen.
// - One save is several events (create, write, rename); waitForChanges() gathers them until the folder
//   has been quiet for `quietMs`, so a save means one reload.
// - Linux uses inotify and blocks in poll(): a waiting thread costs nothing. Elsewhere ok() is false and
//   the app offers a Reload button instead.
#pragma once
#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace wp {

inline constexpr int kWatchQuietMs = 150;
// At most this many folders are watched; a bigger tree is refused (ok() false, error() says why).
inline constexpr size_t kMaxWatchedFolders = 256;
// In a batch: the kernel's event queue overflowed and events were lost; treat it as "everything changed".
inline constexpr const char* kWatchOverflow = "*";

class FileWatcher {
public:
    // Watches `dir` and the folders inside it (also ones created later).
    explicit FileWatcher(const std::filesystem::path& dir);
    ~FileWatcher();
    FileWatcher(const FileWatcher&) = delete;
    FileWatcher& operator=(const FileWatcher&) = delete;

    [[nodiscard]] bool ok() const;                 // false: watching is unavailable (see error())
    [[nodiscard]] const std::string& error() const;
    [[nodiscard]] const std::filesystem::path& dir() const;

    // Blocks until something in the folder changes, `timeoutMs` passes (< 0: no limit) or interrupt()
    // is called; then gathers further changes until `quietMs` pass without one. Returns the changed
    // paths relative to the folder (sorted, unique); empty on timeout or interrupt.
    [[nodiscard]] std::vector<std::string> waitForChanges(int timeoutMs, int quietMs = kWatchQuietMs);
    // Thread-safe: wakes a waitForChanges() blocked in another thread; later waits return at once.
    void interrupt();

    struct Impl;

private:
    std::unique_ptr<Impl> m_impl;
};

// A FileWatcher on its own thread: `onChange` runs on that thread for each debounced batch (post the
// names to the UI thread and wake it). Stops and joins on destruction.
class FolderWatchThread {
public:
    using Callback = std::function<void(std::vector<std::string>)>;
    FolderWatchThread(const std::filesystem::path& dir, Callback onChange, int quietMs = kWatchQuietMs);
    ~FolderWatchThread();
    FolderWatchThread(const FolderWatchThread&) = delete;
    FolderWatchThread& operator=(const FolderWatchThread&) = delete;

    [[nodiscard]] bool ok() const { return m_watcher.ok(); }
    [[nodiscard]] const std::string& error() const { return m_watcher.error(); }

private:
    FileWatcher m_watcher;
    Callback m_onChange;
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
};

} // namespace wp
