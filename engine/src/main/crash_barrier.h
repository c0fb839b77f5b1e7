// The last barrier: anything unexpected that reaches main (or std::terminate from any thread) is turned
// into a message and a crash note under the state directory, after flushing what the user has. Expected
// failures never get here: they are Diagnostics, shown in the app.
#pragma once
#include <filesystem>
#include <functional>
#include <string>

namespace wp::cli {

// `flush` saves what the user has (it must not throw); `stateDir` is where crash notes go.
void installCrashBarrier(std::filesystem::path stateDir, std::function<void()> flush);
// Writes "crash-YYYYMMDD-HHMMSS.txt" with `what` and says where on stderr; returns the note's path.
std::filesystem::path writeCrashNote(const std::string& what);

} // namespace wp::cli
