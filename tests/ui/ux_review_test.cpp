// The UX review's small defects on screen (reviews/ux.md rows 20, 22 and 24), with the real views:
// the role swap's second run says so; the saved report's line sits between the debrief and its footer
// (never over the content) with "Open folder"; the compare screen saves the comparison.
#include <string>

#include "ui_harness.h"
#include "wholepicture/core/runner.h"
#include "wholepicture/ui/theme.h"
#include "wholepicture/ui/widgets.h"

namespace wp::test {
namespace {

using ui::PlayPhase;
namespace Screen = app::Screen;

class UxReviewTest : public UiHarness {
protected:
    void SetUp() override {
        UiHarness::SetUp();
        loadLibrary();
        scenario = plugin("peter")->scenario.get();
    }

    void start(const std::string& role) {
        ASSERT_TRUE(app::applyCommand(model, ui::OpenPlugin{"peter"}, ++clockMs));
        ASSERT_TRUE(app::applyCommand(model, ui::SelectRole{role}, ++clockMs));
        ASSERT_TRUE(app::applyCommand(model, ui::StartSession{}, ++clockMs));
    }

    void playToEnd() {
        for (int guard = 0; guard < 200 && model.screen == Screen::Play; ++guard) {
            const Node& n = currentNode(*scenario, model.session->current());
            if (model.phase == PlayPhase::Question && n.type == NodeType::Decision)
                ASSERT_TRUE(app::applyCommand(model, ui::Choose{availableOptions(*scenario, model.session->current()).front()->id}, ++clockMs));
            else
                ASSERT_TRUE(app::applyCommand(model, ui::Continue{}, ++clockMs));
        }
    }

    const Scenario* scenario = nullptr;
};

TEST_F(UxReviewTest, ThePlayScreenOfARoleSwapSaysItIsRunTwoOfTwo) {
    start("dsl");
    frames(3);
    EXPECT_FALSE(visible("play/role-swap")) << "a first run says nothing about a comparison";
    playToEnd();
    ASSERT_TRUE(app::applyCommand(model, ui::PlayAsRole{"social_worker"}, ++clockMs));
    ASSERT_EQ(model.screen, Screen::Play);
    std::vector<std::string> drawn;
    {
        ScopedProbeTextLog logging(&drawn);
        frames(3);
    }
    ASSERT_TRUE(visible("play/role-swap"));
    bool said = false;
    for (const auto& t : drawn) said = said || t.find("Role swap: run 2 of 2") != std::string::npos;
    EXPECT_TRUE(said) << "the line is drawn in words";
    EXPECT_LT(probes.at("play/role-swap").max.y, 900.0f * 0.5f) << "under the header, not below the fold";
}

TEST_F(UxReviewTest, TheSavedLineSitsAboveTheFooterAndOpensTheFolder) {
    start("dsl");
    playToEnd();
    ASSERT_EQ(model.screen, Screen::Debrief);
    frames(2);
    EXPECT_FALSE(visible("summary/saved"));
    ASSERT_TRUE(apply(app::ExportFinished{{"a-report.html", "a-session.json", "a-map.png"}, {}, "/tmp/wp-reports", false, true}));
    frames(3);
    EXPECT_TRUE(model.status.empty()) << "no card pushes into or over the debrief";
    ASSERT_TRUE(visible("summary/saved"));
    ASSERT_TRUE(visible("summary/open-folder"));
    EXPECT_LE(probes.at("summary/saved").max.y, probes.at("summary/library").min.y) << "above the footer's buttons";
    EXPECT_LE(probes.at("summary/open-folder").max.y, probes.at("summary/library").min.y);
    clearEffects();
    click("summary/open-folder");
    const auto* reveal = emitted<app::RevealFolder>();
    ASSERT_NE(reveal, nullptr);
    EXPECT_EQ(reveal->folder, "/tmp/wp-reports");
}

TEST_F(UxReviewTest, TheCompareScreenSavesTheComparison) {
    start("dsl");
    playToEnd();
    ASSERT_TRUE(app::applyCommand(model, ui::PlayAsRole{"social_worker"}, ++clockMs));
    playToEnd();
    ASSERT_EQ(model.screen, Screen::Compare);
    ui.exportFolder = "/tmp/wp-compare";
    clearEffects();
    click("compare/save-report");
    const auto* exported = emitted<app::ExportComparison>();
    ASSERT_NE(exported, nullptr);
    EXPECT_EQ(exported->folder, "/tmp/wp-compare");
    ASSERT_TRUE(apply(app::ExportFinished{{"x-transcript.html"}, {}, "/tmp/wp-compare", false, true, true}));
    frames(3);
    EXPECT_TRUE(visible("compare/saved"));
    EXPECT_TRUE(visible("compare/open-folder"));
}

// The Developing band is amber in the app (palette.warning) as in the HTML report (.fill.mid), in
// both themes; Secure and Weak keep theirs.
TEST_F(UxReviewTest, TheDevelopingBandIsAmberInBothThemes) {
    for (ui::Theme theme : {ui::Theme::Dark, ui::Theme::Light}) {
        ui.palette = ui::paletteFor(theme);
        const ImVec4 developing = ui::bandColour(ui, 0.5);
        EXPECT_EQ(developing.x, ui.palette.warning.x);
        EXPECT_EQ(developing.y, ui.palette.warning.y);
        EXPECT_EQ(developing.z, ui.palette.warning.z);
        EXPECT_TRUE(developing.x > developing.y && developing.y > developing.z) << "amber, not blue";
        EXPECT_EQ(ui::bandColour(ui, 0.9).y, ui.palette.success.y);
        EXPECT_EQ(ui::bandColour(ui, 0.1).x, ui.palette.danger.x);
    }
}

} // namespace
} // namespace wp::test
