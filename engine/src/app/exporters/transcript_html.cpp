// The accessible HTML transcript (core/transcript.h) of a run (with its role-swap partner, when the
// run is the second of a comparison) or of a room session.
#include "wholepicture/app/exporters.h"
#include "wholepicture/core/transcript.h"

namespace wp::app {

void registerTranscriptHtmlExporter(ExporterRegistry& registry) {
    registry.add({"transcript-html", ExportSubject::Debrief, "-transcript.html",
                  [](const ExportInput& in, const std::filesystem::path& file, std::string& error) {
                      const Session& run = *in.state.session;
                      const Session* first = in.state.firstRun && in.state.firstRun->pluginId == run.pluginId &&
                                                     in.state.firstRun->role != run.role
                                                 ? &*in.state.firstRun
                                                 : nullptr;
                      return writeExportFile(file, sessionTranscriptHtml(run, *in.plugin.scenario, in.plugin.manifest, in.state.knowledge, first),
                                             error);
                  }});
    registry.add({"room-transcript-html", ExportSubject::Room, "-transcript.html",
                  [](const ExportInput& in, const std::filesystem::path& file, std::string& error) {
                      return writeExportFile(file, roomTranscriptHtml(in.state.room->session, *in.plugin.scenario, in.plugin.manifest,
                                                                      in.state.knowledge),
                                             error);
                  }});
}

} // namespace wp::app
