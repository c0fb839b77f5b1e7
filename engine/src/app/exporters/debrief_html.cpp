// The debrief as a self-contained A4 HTML report (maps inline as SVG).
#include "wholepicture/app/exporters.h"
#include "wholepicture/core/json_file.h"
#include "wholepicture/core/report.h"

namespace wp::app {

void registerDebriefHtmlExporter(ExporterRegistry& registry) {
    registry.add({"debrief-html", ExportSubject::Debrief, "-report.html",
                  [](const ExportInput& in, const std::filesystem::path& file, std::string& error) {
                      return writeExportFile(file, debriefToHtml(*in.state.debrief, *in.plugin.scenario, in.plugin.manifest,
                                                                  in.state.knowledge), error);
                  }});
}

} // namespace wp::app
