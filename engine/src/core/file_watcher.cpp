// Folder watching (see file_watcher.h): inotify on Linux, "unavailable" elsewhere.
#include "wholepicture/core/file_watcher.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <system_error>

#ifdef __linux__
#include <cerrno>
#include <cstring>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>
#endif

namespace wp {

namespace fs = std::filesystem;

#ifdef __linux__

struct FileWatcher::Impl {
    fs::path dir;
    int inotifyFd = -1;
    int wakeFd = -1;
    std::string error;
    std::map<int, fs::path> watches; // watch descriptor -> folder relative to dir ("" for dir itself)
    std::atomic<bool> interrupted{false};

    // Saves (close after write, rename in or out, create, delete) and the folder itself going away.
    static constexpr uint32_t kMask = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE |
                                      IN_DELETE_SELF | IN_MOVE_SELF | IN_ATTRIB;

    void addWatch(const fs::path& relative) {
        const fs::path full = relative.empty() ? dir : dir / relative;
        const int wd = inotify_add_watch(inotifyFd, full.c_str(), kMask | IN_ONLYDIR);
        if (wd >= 0) watches[wd] = relative;
    }

    // Reads whatever is queued (non-blocking fd). Returns false when nothing was there.
    bool drain(std::vector<std::string>& changed) {
        alignas(inotify_event) char buffer[16 * 1024];
        bool any = false;
        for (;;) {
            const ssize_t n = read(inotifyFd, buffer, sizeof buffer);
            if (n <= 0) break;
            for (ssize_t off = 0; off < n;) {
                const auto* ev = reinterpret_cast<const inotify_event*>(buffer + off);
                off += static_cast<ssize_t>(sizeof(inotify_event) + ev->len);
                if (ev->mask & IN_Q_OVERFLOW) { // the kernel dropped events: anything may have changed
                    changed.push_back(kWatchOverflow);
                    any = true;
                    continue;
                }
                auto it = watches.find(ev->wd);
                if (it == watches.end()) continue;
                const fs::path base = it->second;
                if (ev->mask & IN_IGNORED) {
                    watches.erase(it);
                    continue;
                }
                const std::string name = ev->len ? std::string(ev->name) : std::string{};
                const fs::path relative = name.empty() ? base : base / name;
                if ((ev->mask & (IN_CREATE | IN_MOVED_TO)) && (ev->mask & IN_ISDIR)) addWatch(relative);
                changed.push_back(relative.empty() ? std::string(".") : relative.generic_string());
                any = true;
            }
        }
        return any;
    }

    // poll() on the inotify fd and the wake fd; true when inotify has something to read.
    bool waitReadable(int timeoutMs) {
        pollfd fds[2] = {{inotifyFd, POLLIN, 0}, {wakeFd, POLLIN, 0}};
        for (;;) {
            const int r = poll(fds, 2, timeoutMs);
            if (r < 0 && errno == EINTR) continue;
            if (r <= 0) return false;
            if (fds[1].revents & POLLIN) return false;
            return (fds[0].revents & POLLIN) != 0;
        }
    }
};

FileWatcher::FileWatcher(const fs::path& dir) : m_impl(std::make_unique<Impl>()) {
    Impl& d = *m_impl;
    d.dir = dir;
    d.inotifyFd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    d.wakeFd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (d.inotifyFd < 0 || d.wakeFd < 0) {
        d.error = std::string("cannot watch files: ") + std::strerror(errno);
        return;
    }
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        d.error = "'" + dir.string() + "' is not a folder";
        return;
    }
    d.addWatch({});
    if (d.watches.empty()) {
        d.error = "cannot watch '" + dir.string() + "': " + std::strerror(errno);
        return;
    }
    // A plugin folder has a handful of sub-folders; a folder typed by mistake (the home folder) must not
    // cost a walk of the whole tree and thousands of watches.
    for (auto it = fs::recursive_directory_iterator(dir, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (d.watches.size() >= kMaxWatchedFolders) {
            d.error = "'" + dir.string() + "' has more than " + std::to_string(kMaxWatchedFolders) +
                      " folders inside; open the plugin's own folder (the one with plugin.json)";
            return;
        }
        if (it->is_directory(ec)) d.addWatch(fs::relative(it->path(), dir, ec));
    }
}

FileWatcher::~FileWatcher() {
    if (m_impl->inotifyFd >= 0) close(m_impl->inotifyFd);
    if (m_impl->wakeFd >= 0) close(m_impl->wakeFd);
}

bool FileWatcher::ok() const { return m_impl->error.empty(); }
const std::string& FileWatcher::error() const { return m_impl->error; }
const fs::path& FileWatcher::dir() const { return m_impl->dir; }

std::vector<std::string> FileWatcher::waitForChanges(int timeoutMs, int quietMs) {
    std::vector<std::string> changed;
    Impl& d = *m_impl;
    if (!ok() || d.interrupted) return changed;
    if (!d.waitReadable(timeoutMs)) return changed;
    d.drain(changed);
    // Debounce: keep gathering until the folder has been quiet for quietMs.
    while (!d.interrupted && d.waitReadable(quietMs)) d.drain(changed);
    if (d.interrupted) return {};
    std::sort(changed.begin(), changed.end());
    changed.erase(std::unique(changed.begin(), changed.end()), changed.end());
    return changed;
}

void FileWatcher::interrupt() {
    m_impl->interrupted = true;
    if (m_impl->wakeFd >= 0) {
        const uint64_t one = 1;
        [[maybe_unused]] const ssize_t n = write(m_impl->wakeFd, &one, sizeof one);
    }
}

#else // no watcher on this platform: the app offers a Reload button

struct FileWatcher::Impl {
    fs::path dir;
    std::string error = "watching files is not available on this platform; use Reload";
};

FileWatcher::FileWatcher(const fs::path& dir) : m_impl(std::make_unique<Impl>()) { m_impl->dir = dir; }
FileWatcher::~FileWatcher() = default;
bool FileWatcher::ok() const { return false; }
const std::string& FileWatcher::error() const { return m_impl->error; }
const fs::path& FileWatcher::dir() const { return m_impl->dir; }
std::vector<std::string> FileWatcher::waitForChanges(int, int) { return {}; }
void FileWatcher::interrupt() {}

#endif

FolderWatchThread::FolderWatchThread(const fs::path& dir, Callback onChange, int quietMs)
    : m_watcher(dir), m_onChange(std::move(onChange)) {
    if (!m_watcher.ok()) return;
    m_thread = std::thread([this, quietMs] {
        // A thread entry: an exception must not reach std::terminate (the app would lose what the user
        // has). Watching stops; the Reload button still works.
        try {
            while (!m_stop) {
                auto changed = m_watcher.waitForChanges(-1, quietMs);
                if (m_stop) break;
                if (!changed.empty() && m_onChange) m_onChange(std::move(changed));
            }
        } catch (...) {
        }
    });
}

FolderWatchThread::~FolderWatchThread() {
    m_stop = true;
    m_watcher.interrupt();
    if (m_thread.joinable()) m_thread.join();
}

} // namespace wp
