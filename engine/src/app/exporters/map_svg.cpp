// The trainee's information-flow map as SVG: sharp at any size, for slides and printed handouts, with
// the connections the trainee missed in red dots (the PNG from the platform is the same map as pixels).
#include "wholepicture/app/exporters.h"
#include "wholepicture/core/json_file.h"
#include "wholepicture/core/map_layout.h"

namespace wp::app {

void registerMapSvgExporter(ExporterRegistry& registry) {
    registry.add({"map-svg", ExportSubject::Debrief, "-map.svg",
                  [](const ExportInput& in, const std::filesystem::path& file, std::string& error) {
                      const Debrief& d = *in.state.debrief;
                      std::vector<Link> mine;
                      for (const auto& l : d.traineeMap) mine.push_back(l.link);
                      SvgOptions options;
                      for (const auto& l : d.missed) options.missed.push_back(l.link);
                      options.title = in.plugin.displayName() + ": your map at the end of the case";
                      return writeExportFile(file, mapToSvg(*in.plugin.scenario, mine, layoutMap(*in.plugin.scenario), options), error);
                  }});
}

} // namespace wp::app
