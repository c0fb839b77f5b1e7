#include "wholepicture/app/file_writer.h"

#include "wholepicture/core/json_file.h"

namespace wp::app {

FileWriter::FileWriter(bool synchronous) : m_synchronous(synchronous) {
    if (!m_synchronous) m_thread = std::thread([this] { run(); });
}

FileWriter::~FileWriter() {
    flush();
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable()) m_thread.join();
}

bool FileWriter::carryOut(const Job& job, bool previousOk) {
    Diagnostics diags;
    bool ok = true;
    if (job.remove && job.afterSuccess && !previousOk) {
        ok = false;
        diags.push_back({Severity::Warning, job.file.string(), 0, 0, "", "kept, because the save before it failed"});
    } else if (job.remove) {
        std::error_code ec;
        std::filesystem::remove(job.file, ec);
        if (ec) {
            ok = false;
            diags.push_back({Severity::Error, job.file.string(), 0, 0, "", "could not remove the file: " + ec.message()});
        }
    } else {
        ok = writeFileAtomically(job.file, job.text, diags);
    }
    if (job.done) job.done(ok, diags);
    return ok;
}

void FileWriter::write(std::filesystem::path file, std::string text, Done done) {
    Job job{false, false, std::move(file), std::move(text), std::move(done)};
    if (m_synchronous) {
        m_lastOk = carryOut(job, m_lastOk);
        ++m_run;
        return;
    }
    {
        std::lock_guard lock(m_mutex);
        if (!m_jobs.empty() && !m_jobs.back().remove && m_jobs.back().file == job.file) {
            // The newest text of the same file, not yet started and last in line: one write, not two.
            m_jobs.back() = std::move(job);
        } else {
            m_jobs.push_back(std::move(job));
        }
    }
    m_wake.notify_one();
}

void FileWriter::remove(std::filesystem::path file, Done done, bool afterSuccess) {
    Job job{true, afterSuccess, std::move(file), {}, std::move(done)};
    if (m_synchronous) {
        m_lastOk = carryOut(job, m_lastOk);
        ++m_run;
        return;
    }
    {
        std::lock_guard lock(m_mutex);
        m_jobs.push_back(std::move(job));
    }
    m_wake.notify_one();
}

void FileWriter::flush() {
    if (m_synchronous) return;
    std::unique_lock lock(m_mutex);
    m_idle.wait(lock, [this] { return m_jobs.empty() && !m_busy; });
}

size_t FileWriter::jobsRun() const {
    std::lock_guard lock(m_mutex);
    return m_run;
}

void FileWriter::run() {
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [this] { return m_stop || !m_jobs.empty(); });
        if (m_jobs.empty()) {
            if (m_stop) return;
            continue;
        }
        Job job = std::move(m_jobs.front());
        m_jobs.pop_front();
        m_busy = true;
        const bool previousOk = m_lastOk;
        lock.unlock();
        bool ok = false;
        try {
            ok = carryOut(job, previousOk);
        } catch (...) {
            // writeFileAtomically reports failures as diagnostics; anything else (out of memory) must
            // not end the process with the user's work unsaved elsewhere: report and go on.
            if (job.done) job.done(false, {{Severity::Error, job.file.string(), 0, 0, "", "unexpected error while saving"}});
        }
        lock.lock();
        m_lastOk = ok;
        m_busy = false;
        ++m_run;
        if (m_jobs.empty()) m_idle.notify_all();
    }
}

} // namespace wp::app
