// The map's geometry cache (map_view.h): a map scrolled out of its window builds and draws nothing,
// an unchanged map is built once however many frames show it, a change (a link, the theme, the size)
// builds it again, and the cached triangles are the ones a fresh build makes.
#include <cmath>
#include <string>
#include <vector>

#include "ui_harness.h"
#include "wholepicture/ui/map_view.h"

namespace wp::test {
namespace {

class MapCacheTest : public UiHarness {
protected:
    void SetUp() override {
        UiHarness::SetUp();
        loadLibrary();
        ui::setProbeRegistry(nullptr); // probes would make an unseen map build its boxes for the tests
        ui::resetMapCache();
        const ScenarioPlugin* p = plugin("james");
        ASSERT_NE(p, nullptr);
        scenario = p->scenario.get();
        for (const auto& c : scenario->cast)
            if (c.kind != "child") {
                links.push_back({scenario->cast.front().id, c.id, Flow::OneWay, Strength::Peripheral, {}});
                if (links.size() == 6) break;
            }
        links.front().strength = Strength::Critical;
        links.back().flow = Flow::TwoWay;
    }

    // One frame with the map in a 600x400 window, `offset` pixels below the window's top (scrolled
    // out of view when larger than the window). Returns the window's vertices.
    std::vector<ImDrawVert> frame(float offset, float width = 500, float height = 300) {
        ImGui::GetIO().DeltaTime = 1.0f / 60.0f;
        ImGui::NewFrame();
        ImGui::SetNextWindowPos(ImVec2(20, 20));
        ImGui::SetNextWindowSize(ImVec2(600, 400));
        ImGui::Begin("map-host", nullptr, ImGuiWindowFlags_NoSavedSettings);
        ImGui::SetCursorPos(ImVec2(10, 10 + offset));
        ui::MapViewInput in;
        in.scenario = scenario;
        in.links = &links;
        in.legend = false;
        ui::drawInfoMap("m", in, ui, width, height);
        ImDrawList* dl = ImGui::GetWindowDrawList();
        std::vector<ImDrawVert> out(dl->VtxBuffer.begin(), dl->VtxBuffer.end());
        ImGui::End();
        ImGui::Render();
        return out;
    }

    const Scenario* scenario = nullptr;
    std::vector<Link> links;
};

TEST_F(MapCacheTest, AnUnchangedMapIsBuiltOnceAcrossManyFrames) {
    for (int i = 0; i < 30; ++i) (void)frame(0);
    const ui::MapCacheStats st = ui::mapCacheStats();
    EXPECT_EQ(st.builds, 1);
    EXPECT_EQ(st.reuses, 29);
    EXPECT_EQ(st.draws, 30) << "drawn every frame, built once";
}

TEST_F(MapCacheTest, AMapOutOfViewBuildsAndDrawsNothing) {
    for (int i = 0; i < 10; ++i) (void)frame(2000);
    EXPECT_EQ(ui::mapCacheStats().builds, 0);
    EXPECT_EQ(ui::mapCacheStats().draws, 0);
    // Scrolled back into view: built once, then drawn from the cache.
    for (int i = 0; i < 5; ++i) (void)frame(0);
    EXPECT_EQ(ui::mapCacheStats().builds, 1);
    EXPECT_EQ(ui::mapCacheStats().draws, 5);
}

TEST_F(MapCacheTest, ALinkTheThemeOrTheSizeChangingBuildsItAgain) {
    (void)frame(0);
    (void)frame(0);
    ASSERT_EQ(ui::mapCacheStats().builds, 1);
    links.front().strength = Strength::Peripheral;
    (void)frame(0);
    EXPECT_EQ(ui::mapCacheStats().builds, 2) << "a link changed";
    ui.palette = ui::paletteFor(ui::Theme::Light);
    (void)frame(0);
    EXPECT_EQ(ui::mapCacheStats().builds, 3) << "the theme changed";
    (void)frame(0, 520, 300);
    EXPECT_EQ(ui::mapCacheStats().builds, 4) << "the size changed";
    (void)frame(0, 520, 300);
    EXPECT_EQ(ui::mapCacheStats().builds, 4);
}

// The cached triangles moved by a scroll are exactly what a fresh build at the new place draws.
TEST_F(MapCacheTest, CachedTrianglesEqualAFreshBuild) {
    (void)frame(0);
    const std::vector<ImDrawVert> cached = frame(37); // moved by whole pixels: taken from the cache
    ASSERT_EQ(ui::mapCacheStats().builds, 1);
    ui::resetMapCache();
    const std::vector<ImDrawVert> fresh = frame(37);
    ASSERT_EQ(ui::mapCacheStats().builds, 1);
    ASSERT_GT(fresh.size(), 500u) << "the map drew its boxes, links and names";
    ASSERT_EQ(cached.size(), fresh.size());
    int differ = 0;
    for (size_t i = 0; i < fresh.size(); ++i) {
        const bool same = std::abs(cached[i].pos.x - fresh[i].pos.x) < 0.01f && std::abs(cached[i].pos.y - fresh[i].pos.y) < 0.01f &&
                          cached[i].uv.x == fresh[i].uv.x && cached[i].uv.y == fresh[i].uv.y && cached[i].col == fresh[i].col;
        if (!same) ++differ;
    }
    EXPECT_EQ(differ, 0);
}

} // namespace
} // namespace wp::test
