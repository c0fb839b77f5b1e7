// Issue 13 item 5, on screen: at Peter's second closure the DSL challenges children's social care's
// decision, by mouse and by keys: when, how, the reply, then escalation along the route until it is
// resolved; the feedback judges it, and the debrief shows it with social care's side.
#include <gtest/gtest.h>

#include "ui_harness.h"
#include "wholepicture/core/challenge.h"

#include <imgui_internal.h>

namespace wp::test {
namespace {

using ui::PlayPhase;
namespace Screen = app::Screen;

class ChallengeUiTest : public UiHarness {
protected:
    void SetUp() override {
        UiHarness::SetUp();
        loadLibrary();
        const ScenarioPlugin* p = plugin("peter");
        ASSERT_TRUE(p && p->usable());
        scenario = p->scenario.get();
    }
    // Peter as the DSL, the first open option at every decision, up to the challenge point.
    void toChallengePoint() {
        click("library/open/peter");
        click("role/dsl");
        click("role/start");
        ASSERT_EQ(model.screen, Screen::Play);
        for (int guard = 0; guard < 60; ++guard) {
            const Node& n = currentNode(*scenario, model.session->current());
            if (model.phase == PlayPhase::Question && n.challenge.has_value()) return;
            if (model.phase == PlayPhase::Question && n.type == NodeType::Decision)
                ASSERT_TRUE(apply(app::Choose{availableOptions(*scenario, model.session->current()).front()->id}));
            else
                ASSERT_TRUE(apply(app::Continue{}));
        }
        FAIL() << "no challenge point reached";
    }
    std::string focusedProbe() const {
        const ImGuiContext& g = *ImGui::GetCurrentContext();
        if (g.NavDisableHighlight || g.NavId == 0) return "";
        for (const auto& [name, r] : probes)
            if (r.id == g.NavId) return name;
        return "";
    }
    const Scenario* scenario = nullptr;
};

TEST_F(ChallengeUiTest, ChallengingThenEscalatingResolvesItAndTheDebriefShowsBothSides) {
    toChallengePoint();
    const std::string node = model.session->current().node;
    frames(2);
    ASSERT_TRUE(visible("play/challenge"));
    EXPECT_FALSE(visible("play/challenge/approach/facts_for_peter")) << "when comes before how";
    click("play/challenge/now");
    frames(1);
    scrollIntoView("play/challenge/approach/facts_for_peter");
    click("play/challenge/approach/facts_for_peter");
    frames(1);
    scrollIntoView("play/challenge/reply");
    EXPECT_TRUE(visible("play/challenge/reply")) << "the other agency's side, at once";
    EXPECT_EQ(model.session->current().challenges.at(node).reached, 1);
    scrollIntoView("play/challenge/escalate");
    click("play/challenge/escalate");
    frames(1);
    EXPECT_EQ(model.session->current().challenges.at(node).reached, 2);
    scrollIntoView("play/challenge/resolved");
    EXPECT_TRUE(visible("play/challenge/resolved"));
    EXPECT_FALSE(visible("play/challenge/escalate")) << "nothing more to escalate once resolved";

    const std::string optionId = availableOptions(*scenario, model.session->current()).front()->id;
    scrollIntoView("play/option/" + optionId);
    click("play/option/" + optionId);
    ASSERT_EQ(model.phase, PlayPhase::Feedback);
    frames(2);
    scrollIntoView("play/challenge-verdict");
    EXPECT_TRUE(visible("play/challenge-verdict"));
    for (int guard = 0; guard < 80 && model.screen == Screen::Play; ++guard) {
        const Node& n = currentNode(*scenario, model.session->current());
        if (model.phase == PlayPhase::Question && n.type == NodeType::Decision)
            ASSERT_TRUE(apply(app::Choose{availableOptions(*scenario, model.session->current()).front()->id}));
        else
            ASSERT_TRUE(apply(app::Continue{}));
    }
    ASSERT_EQ(model.screen, Screen::Debrief);
    frames(2);
    scrollIntoView("summary/challenge/" + node);
    EXPECT_TRUE(visible("summary/challenge/" + node));
    ASSERT_TRUE(model.debrief);
    ASSERT_EQ(model.debrief->challenges.points.size(), 1u);
    EXPECT_EQ(model.debrief->challenges.points[0].timeliness, ChallengeRating::Good);
}

TEST_F(ChallengeUiTest, TabAndSpaceReachTheTimingAndTheApproaches) {
    toChallengePoint();
    const std::string node = model.session->current().node;
    frames(2);
    // Tab at the end of a row goes on as a move down a frame later (wrapTabNavigation): let each Tab
    // settle before reading where the ring is.
    bool focused = false;
    for (int i = 0; i < 80 && !focused; ++i) {
        pressKey(kGlfwKeyTab);
        frames(2);
        focused = focusedProbe() == "play/challenge/now";
    }
    ASSERT_TRUE(focused) << "Tab reaches Challenge it now";
    pressKey(kGlfwKeySpace);
    ASSERT_EQ(model.session->current().node, node) << "Space pressed the focused button, not an option";
    ASSERT_TRUE(model.session->current().challenges.count(node));
    EXPECT_EQ(model.session->current().challenges.at(node).timing, ChallengeTiming::Now);
    frames(1);
    focused = false;
    for (int i = 0; i < 20 && !focused; ++i) {
        pressKey(kGlfwKeyTab);
        frames(2);
        focused = focusedProbe().rfind("play/challenge/approach/", 0) == 0;
    }
    ASSERT_TRUE(focused) << "Tab goes on to the approaches";
    pressKey(kGlfwKeyEnter);
    EXPECT_FALSE(model.session->current().challenges.at(node).approach.empty());
}

} // namespace
} // namespace wp::test
