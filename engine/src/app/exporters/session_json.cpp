// The run itself as session JSON (the path, the reflection, the state), readable by `wpt report`.
#include "wholepicture/app/exporters.h"

namespace wp::app {

void registerSessionJsonExporter(ExporterRegistry& registry) {
    registry.add({"session-json", ExportSubject::Debrief, "-session.json",
                  [](const ExportInput& in, const std::filesystem::path& file, std::string& error) {
                      const std::string text = sessionToJson(*in.state.session)
                                                   .dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
                      return writeExportFile(file, text, error);
                  }});
}

} // namespace wp::app
