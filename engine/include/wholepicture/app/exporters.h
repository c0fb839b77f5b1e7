// Export formats register themselves (ImHex's content registry is the model): each format is one file
// with a register function, listed once in src/app/exporters/builtin.cpp; the platform adds the one
// that needs the GPU (the map PNG). "Save report" and the room's export run every exporter of their
// subject, so a new format needs no change anywhere else.
#pragma once
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "wholepicture/app/state.h"

namespace wp::app {

enum class ExportSubject { Debrief, Room, Comparison };

// What an exporter may read. For the debrief: state.session, state.debrief and the plugin are set;
// for a room: state.room and the plugin; for a comparison, as for the debrief plus state.firstRun and
// state.firstDebrief (canCompare(state) holds).
struct ExportInput {
    const AppState& state;
    const ScenarioPlugin& plugin;
};

struct Exporter {
    std::string id;          // "debrief-html"
    ExportSubject subject = ExportSubject::Debrief;
    std::string suffix;      // appended to the base name: "-report.html"
    // Writes the file; false with `error` in plain words when it could not.
    std::function<bool(const ExportInput& in, const std::filesystem::path& file, std::string& error)> write;
};

class ExporterRegistry {
public:
    void add(Exporter exporter) { m_exporters.push_back(std::move(exporter)); }
    [[nodiscard]] const std::vector<Exporter>& all() const { return m_exporters; }

private:
    std::vector<Exporter> m_exporters;
};

// The formats that need nothing but the core: debrief HTML, session JSON, map SVG, room HTML, room CSV.
void registerBuiltinExporters(ExporterRegistry& registry);

// Runs every exporter of `subject` into `folder` (created if missing), files named `base + suffix`.
// Returns what was written and what failed, as the ExportFinished command the state takes.
[[nodiscard]] ExportFinished runExporters(const ExporterRegistry& registry, ExportSubject subject, const ExportInput& in,
                                          const std::filesystem::path& folder, const std::string& base);

// For exporters: writes `text` to `file` atomically; false with the reason in `error`.
bool writeExportFile(const std::filesystem::path& file, const std::string& text, std::string& error);

// "peter-dsl-2026-03-12-1405": case, role and when the run started (UTC), safe in any file system.
[[nodiscard]] std::string exportBaseName(const Session& session);
// "peter-compare-dsl-social_worker-2026-03-12-1405": the two roles, when the second run started.
[[nodiscard]] std::string comparisonBaseName(const Session& first, const Session& second);

} // namespace wp::app
