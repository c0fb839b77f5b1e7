// Writes files on a thread of its own, in the order they were asked for, so saving after every step
// never waits for the disk on the UI thread (writeFileAtomically fsyncs twice).
// - Order is kept: jobs run one at a time, first in first out. A write is merged into the one before it
//   only when that one is for the same file, has not started and is the last job queued, so no write
//   ever overtakes another.
// - Each job reports back through its callback, on the writer thread (post a command from there).
// - flush() waits until everything asked for so far is on disk; the destructor flushes, then joins.
#pragma once
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "wholepicture/core/diagnostic.h"

namespace wp::app {

class FileWriter {
public:
    using Done = std::function<void(bool ok, const Diagnostics& diags)>;
    // synchronous: every job runs at once on the calling thread (screenshots, tests, the exit flush).
    explicit FileWriter(bool synchronous = false);
    ~FileWriter();
    FileWriter(const FileWriter&) = delete;
    FileWriter& operator=(const FileWriter&) = delete;

    void write(std::filesystem::path file, std::string text, Done done = {});
    // `afterSuccess`: only if the job before it succeeded (a run is removed from the autosave slot only
    // once its kept copy is on disk); otherwise the file stays and `done` reports it.
    void remove(std::filesystem::path file, Done done = {}, bool afterSuccess = false);
    void flush();
    [[nodiscard]] size_t jobsRun() const; // for tests: jobs carried out so far (merged ones count once)

private:
    struct Job {
        bool remove = false;
        bool afterSuccess = false;
        std::filesystem::path file;
        std::string text;
        Done done;
    };
    void run();
    // Runs one job; returns whether it succeeded (the next job may depend on it).
    static bool carryOut(const Job& job, bool previousOk);

    bool m_synchronous;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_idle;
    std::deque<Job> m_jobs;
    bool m_busy = false;
    bool m_stop = false;
    size_t m_run = 0;
    bool m_lastOk = true;
    std::thread m_thread;
};

} // namespace wp::app
