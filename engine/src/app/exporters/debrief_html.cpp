// The debrief as a self-contained A4 HTML report (maps inline as SVG).
#include "wholepicture/app/exporters.h"
#include "wholepicture/core/json_file.h"
#include "wholepicture/core/report.h"

namespace wp::app {

void registerDebriefHtmlExporter(ExporterRegistry& registry) {
    registry.add({"debrief-html", ExportSubject::Debrief, "-report.html",
                  [](const ExportInput& in, const std::filesystem::path& file, std::string& error) {
                      Diagnostics diags;
                      if (writeFileAtomically(file, debriefToHtml(*in.state.debrief, *in.plugin.scenario, in.plugin.manifest,
                                                                  in.state.knowledge),
                                              diags))
                          return true;
                      error = diags.empty() ? "could not write the report" : formatDiagnostic(diags.front());
                      return false;
                  }});
}

} // namespace wp::app
