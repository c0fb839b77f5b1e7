// The map PNG exporter draws through the window it is given, not through a global: without a window
// attached it refuses plainly, and the registry holds it as one more exporter of the debrief.
#include <gtest/gtest.h>

#include "wholepicture/platform/window.h"

namespace wp {
namespace {

TEST(MapPngTarget, WithoutAWindowSaysSoAndWritesNothing) {
    platform::MapPngTarget target;
    app::AppState state;
    const std::string path = testing::TempDir() + "wp-map-target-test.png";
    std::string error;
    EXPECT_FALSE(target.render(state, path, error));
    EXPECT_NE(error.find("window"), std::string::npos) << error;
    EXPECT_FALSE(std::filesystem::exists(path));
}

TEST(MapPngTarget, IsRegisteredAsADebriefExporterThatUsesItsTarget) {
    platform::MapPngTarget target;
    app::ExporterRegistry registry;
    platform::registerMapPngExporter(registry, target);
    ASSERT_EQ(registry.all().size(), 1u);
    const app::Exporter& e = registry.all().front();
    EXPECT_EQ(e.id, "map-png");
    EXPECT_EQ(e.subject, app::ExportSubject::Debrief);
    app::AppState state;
    const ScenarioPlugin none;
    std::string error;
    EXPECT_FALSE(e.write({state, none}, testing::TempDir() + "wp-map-target-test-2.png", error));
    EXPECT_NE(error.find("window"), std::string::npos) << error;
}

} // namespace
} // namespace wp
