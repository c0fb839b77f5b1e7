// The room's debrief as an A4 HTML report: scores by group and profession, choices, map, prompts.
#include "wholepicture/app/exporters.h"
#include "wholepicture/core/json_file.h"
#include "wholepicture/core/room_debrief.h"

namespace wp::app {

void registerRoomHtmlExporter(ExporterRegistry& registry) {
    registry.add({"room-html", ExportSubject::Room, ".html",
                  [](const ExportInput& in, const std::filesystem::path& file, std::string& error) {
                      const RoomSession& room = in.state.room->session;
                      RoomDebrief d = buildRoomDebrief(room, *in.plugin.scenario, in.plugin.manifest, in.state.knowledge);
                      d.thresholdScale = scaleOf(roomProcedures(in.state));
                      return writeExportFile(file, roomReportHtml(d, room, *in.plugin.scenario, in.state.knowledge), error);
                  }});
}

} // namespace wp::app
