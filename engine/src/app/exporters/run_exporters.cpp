// Running the registered exporters of one subject into a folder.
#include <cctype>
#include <ctime>

#include "wholepicture/app/exporters.h"
#include "wholepicture/core/json_file.h"

namespace wp::app {

namespace {

std::string safeBase(std::string base, std::int64_t startedMs) {
    const std::time_t t = static_cast<std::time_t>(startedMs / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char when[32];
    std::strftime(when, sizeof when, "%Y-%m-%d-%H%M", &tm);
    base += when;
    for (char& c : base)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) c = '_';
    return base;
}

} // namespace

std::string exportBaseName(const Session& session) { return safeBase(session.pluginId + "-" + session.role + "-", session.startedMs); }

std::string comparisonBaseName(const Session& first, const Session& second) {
    return safeBase(second.pluginId + "-compare-" + first.role + "-" + second.role + "-", second.startedMs);
}

bool writeExportFile(const std::filesystem::path& file, const std::string& text, std::string& error) {
    Diagnostics diags;
    if (writeFileAtomically(file, text, diags)) return true;
    error = diags.empty() ? "could not write the file" : formatDiagnostic(diags.front());
    return false;
}

ExportFinished runExporters(const ExporterRegistry& registry, ExportSubject subject, const ExportInput& in,
                            const std::filesystem::path& folder, const std::string& base) {
    ExportFinished result;
    result.folder = folder.string();
    result.room = subject == ExportSubject::Room;
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    if (!std::filesystem::is_directory(folder, ec)) {
        result.problems.push_back("could not create the folder " + folder.string() + (ec ? ": " + ec.message() : std::string()));
        return result;
    }
    for (const auto& e : registry.all()) {
        if (e.subject != subject) continue;
        const std::filesystem::path file = folder / (base + e.suffix);
        std::string error;
        bool ok = false;
        try {
            ok = e.write(in, file, error);
        } catch (const std::exception& ex) {
            error = ex.what(); // a format's bug must not cost the others (or the session)
        }
        if (ok) result.written.push_back(file.filename().string());
        else result.problems.push_back(file.filename().string() + " was not saved: " + error);
    }
    return result;
}

} // namespace wp::app
