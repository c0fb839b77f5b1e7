// Every group's choice in every vote round, as CSV for a spreadsheet.
#include "wholepicture/app/exporters.h"
#include "wholepicture/core/json_file.h"
#include "wholepicture/core/room_debrief.h"

namespace wp::app {

void registerRoomCsvExporter(ExporterRegistry& registry) {
    registry.add({"room-csv", ExportSubject::Room, ".csv",
                  [](const ExportInput& in, const std::filesystem::path& file, std::string& error) {
                      return writeExportFile(file, roomChoicesCsv(in.state.room->session, *in.plugin.scenario), error);
                  }});
}

} // namespace wp::app
