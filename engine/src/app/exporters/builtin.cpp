// The built-in export formats: one line each. A new format is a new file in this folder with a
// register function, and one line in this list.
#include "wholepicture/app/exporters.h"

#define WP_BUILTIN_EXPORTERS(X) \
    X(DebriefHtml)              \
    X(SessionJson)              \
    X(MapSvg)                   \
    X(RoomHtml)                 \
    X(RoomCsv)                  \
    X(TranscriptHtml)           \
    X(ComparisonHtml)

namespace wp::app {

#define WP_DECLARE(name) void register##name##Exporter(ExporterRegistry& registry);
WP_BUILTIN_EXPORTERS(WP_DECLARE)
#undef WP_DECLARE

void registerBuiltinExporters(ExporterRegistry& registry) {
#define WP_REGISTER(name) register##name##Exporter(registry);
    WP_BUILTIN_EXPORTERS(WP_REGISTER)
#undef WP_REGISTER
}

} // namespace wp::app
