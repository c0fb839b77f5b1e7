// The run itself as session JSON (the path, the reflection, the state), readable by `wpt report`.
#include "wholepicture/app/exporters.h"
#include "wholepicture/core/json_file.h"

namespace wp::app {

void registerSessionJsonExporter(ExporterRegistry& registry) {
    registry.add({"session-json", ExportSubject::Debrief, "-session.json",
                  [](const ExportInput& in, const std::filesystem::path& file, std::string& error) {
                      Diagnostics diags;
                      const std::string text = sessionToJson(*in.state.session, *in.plugin.scenario)
                                                   .dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
                      if (writeFileAtomically(file, text, diags)) return true;
                      error = diags.empty() ? "could not write the session" : formatDiagnostic(diags.front());
                      return false;
                  }});
}

} // namespace wp::app
