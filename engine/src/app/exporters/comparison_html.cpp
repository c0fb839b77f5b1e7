// A role swap's comparison, saved from the compare screen: the accessible transcript of both runs
// (first run, then the second, side by side in the same file) and each run's debrief report.
#include "wholepicture/app/exporters.h"
#include "wholepicture/core/report.h"
#include "wholepicture/core/transcript.h"

namespace wp::app {

void registerComparisonHtmlExporter(ExporterRegistry& registry) {
    registry.add({"comparison-transcript-html", ExportSubject::Comparison, "-transcript.html",
                  [](const ExportInput& in, const std::filesystem::path& file, std::string& error) {
                      if (!canCompare(in.state)) {
                          error = "there are not two runs to compare";
                          return false;
                      }
                      return writeExportFile(file, sessionTranscriptHtml(*in.state.session, *in.plugin.scenario, in.plugin.manifest,
                                                                         in.state.knowledge, &*in.state.firstRun),
                                             error);
                  }});
    registry.add({"comparison-run1-report-html", ExportSubject::Comparison, "-run1-report.html",
                  [](const ExportInput& in, const std::filesystem::path& file, std::string& error) {
                      if (!in.state.firstDebrief) {
                          error = "the first run has no debrief";
                          return false;
                      }
                      return writeExportFile(file, debriefToHtml(*in.state.firstDebrief, *in.plugin.scenario, in.plugin.manifest,
                                                                 in.state.knowledge), error);
                  }});
    registry.add({"comparison-run2-report-html", ExportSubject::Comparison, "-run2-report.html",
                  [](const ExportInput& in, const std::filesystem::path& file, std::string& error) {
                      if (!in.state.debrief) {
                          error = "the second run has no debrief";
                          return false;
                      }
                      return writeExportFile(file, debriefToHtml(*in.state.debrief, *in.plugin.scenario, in.plugin.manifest,
                                                                 in.state.knowledge), error);
                  }});
}

} // namespace wp::app
