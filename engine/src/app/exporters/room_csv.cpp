// Every group's choice in every vote round, as CSV for a spreadsheet.
#include "wholepicture/app/exporters.h"
#include "wholepicture/core/json_file.h"
#include "wholepicture/core/room_debrief.h"

namespace wp::app {

void registerRoomCsvExporter(ExporterRegistry& registry) {
    registry.add({"room-csv", ExportSubject::Room, ".csv",
                  [](const ExportInput& in, const std::filesystem::path& file, std::string& error) {
                      Diagnostics diags;
                      if (writeFileAtomically(file, roomChoicesCsv(in.state.room->session, *in.plugin.scenario), diags)) return true;
                      error = diags.empty() ? "could not write the CSV" : formatDiagnostic(diags.front());
                      return false;
                  }});
}

} // namespace wp::app
