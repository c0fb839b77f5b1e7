#include "crash_barrier.h"

#include <cstdio>
#include <ctime>
#include <exception>
#include <fstream>

namespace wp::cli {

namespace {

std::filesystem::path s_stateDir;
std::function<void()> s_flush;

[[noreturn]] void onTerminate() {
    std::string what = "std::terminate was called";
    if (std::exception_ptr e = std::current_exception()) {
        try {
            std::rethrow_exception(e);
        } catch (const std::exception& ex) {
            what = std::string("unexpected error: ") + ex.what();
        } catch (...) {
            what = "unexpected error of an unknown type";
        }
    }
    (void)writeCrashNote(what);
    std::_Exit(70); // EX_SOFTWARE; no destructors: the state may be inconsistent
}

} // namespace

std::filesystem::path writeCrashNote(const std::string& what) {
    if (s_flush) {
        auto flush = std::move(s_flush); // once: a second failure inside the flush must not loop
        s_flush = nullptr;
        try {
            flush();
        } catch (...) {
        }
    }
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    if (s_stateDir.empty()) {
        std::fprintf(stderr, "wholepicture: %s\n", what.c_str());
        return {};
    }
    std::error_code ec;
    std::filesystem::create_directories(s_stateDir, ec);
    const std::filesystem::path note = s_stateDir / (std::string("crash-") + stamp + ".txt");
    std::ofstream out(note);
    out << "Whole Picture stopped unexpectedly at " << stamp << " UTC.\n" << what << "\n"
        << "Your progress was saved before it stopped, as far as it could be. Please send this note to whoever "
           "supports Whole Picture for you.\n";
    std::fprintf(stderr, "wholepicture: %s\nA note is in %s\n", what.c_str(), note.c_str());
    return note;
}

void installCrashBarrier(std::filesystem::path stateDir, std::function<void()> flush) {
    s_stateDir = std::move(stateDir);
    s_flush = std::move(flush);
    std::set_terminate(onTerminate);
}

} // namespace wp::cli
