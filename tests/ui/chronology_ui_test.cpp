// Issue 13 item 4, on screen: at Tina's chronology point the DSL ticks facts into the chronology and
// marks concerns, by mouse and by keys; the feedback judges it, and the debrief lists every concern the
// agencies held beside it.
#include <gtest/gtest.h>

#include "ui_harness.h"
#include "wholepicture/core/chronology.h"

#include <imgui_internal.h>

namespace wp::test {
namespace {

using ui::PlayPhase;
namespace Screen = app::Screen;

class ChronologyUiTest : public UiHarness {
protected:
    void SetUp() override {
        UiHarness::SetUp();
        loadLibrary();
        const ScenarioPlugin* p = plugin("tina");
        ASSERT_TRUE(p && p->usable());
        scenario = p->scenario.get();
    }
    // Tina as the DSL, the first open option at every decision, up to the chronology point.
    void toChronologyPoint() {
        click("library/open/tina");
        click("role/dsl");
        click("role/start");
        ASSERT_EQ(model.screen, Screen::Play);
        for (int guard = 0; guard < 60; ++guard) {
            const Node& n = currentNode(*scenario, model.session->current());
            if (model.phase == PlayPhase::Question && n.chronology.has_value()) return;
            if (model.phase == PlayPhase::Question && n.type == NodeType::Decision)
                ASSERT_TRUE(apply(app::Choose{availableOptions(*scenario, model.session->current()).front()->id}));
            else
                ASSERT_TRUE(apply(app::Continue{}));
        }
        FAIL() << "no chronology point reached";
    }
    const Scenario* scenario = nullptr;
};

TEST_F(ChronologyUiTest, TickingFactsBuildsTheChronologyAndTheDebriefSetsItBesideTheWholePicture) {
    toChronologyPoint();
    const std::string node = model.session->current().node;
    frames(2);
    ASSERT_TRUE(visible("play/chronology"));
    click("play/chronology/mother_pleads/in");
    click("play/chronology/out_at_night/concern"); // marking a concern enters it too
    const auto& marks = model.session->current().chronologies.at(node).marks;
    EXPECT_EQ(marks.at("mother_pleads"), ChronologyMark::Entry);
    EXPECT_EQ(marks.at("out_at_night"), ChronologyMark::Concern);
    click("play/chronology/mother_pleads/in"); // and out again
    EXPECT_EQ(model.session->current().chronologies.at(node).marks.count("mother_pleads"), 0u);
    EXPECT_FALSE(visible("play/chronology/abuse_suspected_1997/in")) << "the social care file is not the school's";

    const std::string optionId = availableOptions(*scenario, model.session->current()).front()->id;
    click("play/option/" + optionId);
    ASSERT_EQ(model.phase, PlayPhase::Feedback);
    frames(2);
    scrollIntoView("play/chronology-verdict");
    EXPECT_TRUE(visible("play/chronology-verdict"));
    for (int guard = 0; guard < 80 && model.screen == Screen::Play; ++guard) {
        const Node& n = currentNode(*scenario, model.session->current());
        if (model.phase == PlayPhase::Question && n.type == NodeType::Decision)
            ASSERT_TRUE(apply(app::Choose{availableOptions(*scenario, model.session->current()).front()->id}));
        else
            ASSERT_TRUE(apply(app::Continue{}));
    }
    ASSERT_EQ(model.screen, Screen::Debrief);
    frames(2);
    scrollIntoView("summary/chronology/" + node);
    EXPECT_TRUE(visible("summary/chronology/" + node));
    ASSERT_TRUE(model.debrief);
    ASSERT_EQ(model.debrief->chronologies.points.size(), 1u);
    EXPECT_EQ(model.debrief->chronologies.points[0].concernsMarked, 1);
}

TEST_F(ChronologyUiTest, SpaceOnAFocusedBoxEntersTheFact) {
    toChronologyPoint();
    const std::string node = model.session->current().node;
    frames(2);
    // Tab from the top of the screen until a chronology box has the keyboard focus (its probe has the ring).
    auto focusedProbe = [&]() -> std::string {
        const ImGuiContext& g = *ImGui::GetCurrentContext();
        if (g.NavDisableHighlight || g.NavId == 0) return "";
        for (const auto& [name, r] : probes)
            if (r.id == g.NavId) return name;
        return "";
    };
    bool focused = false;
    for (int i = 0; i < 80 && !focused; ++i) {
        pressKey(kGlfwKeyTab);
        const std::string name = focusedProbe();
        focused = name.rfind("play/chronology/", 0) == 0 && name.size() > 3 && name.substr(name.size() - 3) == "/in";
    }
    ASSERT_TRUE(focused) << "Tab reaches the chronology's boxes";
    pressKey(kGlfwKeySpace);
    ASSERT_TRUE(model.session->current().chronologies.count(node));
    EXPECT_EQ(model.session->current().chronologies.at(node).marks.size(), 1u);
}

} // namespace
} // namespace wp::test
