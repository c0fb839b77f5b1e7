// The library while the cases are still being loaded (issue 15 item 2): a pending case has its card,
// from its plugin.json, saying "Checking..."; it is neither a problem nor playable; once its result
// arrives (PluginLoaded) it is a normal card.
#include <string>

#include "draw_text_capture.h"
#include "ui_harness.h"

namespace wp::test {
namespace {

class LibraryPendingTest : public UiHarness {
protected:
    void SetUp() override {
        UiHarness::SetUp();
        model.library = discoverPlugins({{findBundled("plugins"), PluginOrigin::Bundled}}, model.knowledge, DiscoverMode::Manifests);
    }
    bool drawn(const std::string& s) { return captureRenderedText().all.find(normaliseForCapture(s)) != std::string::npos; }
};

TEST_F(LibraryPendingTest, APendingCaseSaysCheckingAndItsNumberOpensItAtOnce) {
    const ScenarioPlugin* peter = plugin("peter");
    ASSERT_NE(peter, nullptr);
    ASSERT_TRUE(peter->pending);
    frames(2);
    EXPECT_TRUE(visible("library/checking/peter"));
    EXPECT_TRUE(drawn("Checking\xE2\x80\xA6 (press 1 to open it now)"));
    EXPECT_TRUE(drawn(peter->displayName())) << "the card is drawn from the manifest";
    EXPECT_FALSE(visible("library/open/peter")) << "not playable yet";
    EXPECT_FALSE(visible("library/room/peter"));
    EXPECT_FALSE(visible("library/broken/peter")) << "not a problem either";
    EXPECT_FALSE(drawn("Plugins that could not be loaded"));
    EXPECT_FALSE(drawn("No cases could be loaded"));
    pressKey('1');
    EXPECT_EQ(model.screen, ui::Screen::RoleSelect) << "the number key loads the case now and opens it";
    ASSERT_NE(plugin("peter"), nullptr);
    EXPECT_TRUE(plugin("peter")->usable());
}

TEST_F(LibraryPendingTest, TheResultTurnsTheCardIntoANormalOne) {
    const ScenarioPlugin pending = *plugin("peter");
    ASSERT_TRUE(apply(app::PluginLoaded{finishLoad(pending, model.knowledge)}));
    frames(2);
    EXPECT_FALSE(visible("library/checking/peter"));
    EXPECT_TRUE(visible("library/card/peter"));
    EXPECT_TRUE(visible("library/checking/tina")) << "the others are still being checked";
    click("library/open/peter");
    EXPECT_EQ(model.screen, ui::Screen::RoleSelect);
}

} // namespace
} // namespace wp::test
