// The information-flow map widget on the play screen: the map panel, links made by a decision with
// their bounded transition, hover explanations, and legible boxes for 5-20 agencies at two sizes.
#include <algorithm>
#include <string>
#include <vector>

#include "ui_harness.h"
#include "wholepicture/core/runner.h"
#include "wholepicture/ui/map_view.h"
#include "wholepicture/ui/widgets.h"

namespace wp::test {
namespace {

using ui::PlayPhase;
namespace Screen = app::Screen;

class MapViewTest : public UiHarness {
protected:
    void SetUp() override {
        UiHarness::SetUp();
        loadLibrary();
    }

    void start(const std::string& pluginId, const std::string& role) {
        ASSERT_TRUE(app::applyCommand(model, ui::OpenPlugin{pluginId}, ++clockMs));
        ASSERT_TRUE(app::applyCommand(model, ui::SelectRole{role}, ++clockMs));
        ASSERT_TRUE(app::applyCommand(model, ui::StartSession{}, ++clockMs));
        scenario = plugin(pluginId)->scenario.get();
    }

    // Past narratives and feedback to the next open decision (by command: the clicking is tested elsewhere).
    void toDecision() {
        for (int guard = 0; guard < 30 && model.screen == Screen::Play; ++guard) {
            const Node& n = currentNode(*scenario, model.session->current());
            if (model.phase == PlayPhase::Question && n.type == NodeType::Decision) return;
            if (!app::applyCommand(model, ui::Continue{}, ++clockMs)) return;
        }
    }

    // The first option open now whose effects make or change a link, or "".
    std::string linkMakingOption() {
        for (const Option* o : availableOptions(*scenario, model.session->current())) {
            std::vector<Link> after = model.session->current().map;
            for (const auto& l : o->effects.links) applyLink(after, l);
            if (!ui::changedLinks(model.session->current().map, after).empty()) return o->id;
        }
        return {};
    }

    // Every agency box probed, none overlapping another, each wide enough for a short name.
    void expectLegibleMap(const std::string& prefix) {
        std::vector<ui::ProbeRect> boxes;
        for (const auto& c : scenario->cast) {
            ASSERT_TRUE(visible(prefix + "/node/" + c.id)) << c.id;
            boxes.push_back(probes.at(prefix + "/node/" + c.id));
        }
        for (size_t i = 0; i < boxes.size(); ++i) {
            EXPECT_GE(boxes[i].max.x - boxes[i].min.x, ImGui::GetFontSize() * 3.0f) << scenario->cast[i].id;
            for (size_t j = i + 1; j < boxes.size(); ++j) {
                const bool apart = boxes[i].max.x <= boxes[j].min.x || boxes[j].max.x <= boxes[i].min.x ||
                                   boxes[i].max.y <= boxes[j].min.y || boxes[j].max.y <= boxes[i].min.y;
                EXPECT_TRUE(apart) << scenario->cast[i].id << " overlaps " << scenario->cast[j].id;
            }
        }
    }

    const Scenario* scenario = nullptr;
};

TEST(MapViewHelpers, ChangedLinksFindsNewAndChangedLinksOnly) {
    const std::vector<Link> before{{"a", "b", Flow::OneWay, Strength::Peripheral, ""}, {"c", "d", Flow::TwoWay, Strength::Critical, ""}};
    std::vector<Link> after = before;
    after.push_back({"e", "f", Flow::OneWay, Strength::Critical, "new"});
    after[0].flow = Flow::TwoWay; // changed
    const auto changed = ui::changedLinks(before, after);
    ASSERT_EQ(changed.size(), 2u);
    EXPECT_EQ(changed[0].from, "a");
    EXPECT_EQ(changed[1].from, "e");
    // The same pair written the other way round is the same link.
    EXPECT_TRUE(ui::changedLinks(before, {{"d", "c", Flow::TwoWay, Strength::Critical, ""}}).empty());
}

TEST(MapViewHelpers, ShortNamesDropTheParentheticalPart) {
    EXPECT_EQ(ui::mapShortName("Encopresis (continence) clinic"), "Encopresis clinic");
    EXPECT_EQ(ui::mapShortName("Child and Adolescent Mental Health Service (CAMHS)"), "CAMHS");
    EXPECT_EQ(ui::mapShortName("Mrs Okafor, foster carer"), "Foster carer");
    EXPECT_EQ(ui::mapShortName("Police"), "Police");
    EXPECT_EQ(ui::mapShortName("Mr Hartley, James's father", "James"), "Father");
    EXPECT_EQ(ui::mapShortName("James's mother", "James"), "Mother");
    EXPECT_EQ(ui::mapShortName("The family's GP practice", "James"), "GP practice");
    EXPECT_EQ(ui::mapShortName("Children's services in the family's home town", "Peter"),
              "Children's services in the family's home town");
}

TEST_F(MapViewTest, WrapToWidthKeepsTwoLinesAndEndsInAnEllipsis) {
    frame();
    ImFont* font = ImGui::GetFont();
    const float size = ImGui::GetFontSize();
    const auto lines = ui::wrapToWidth(font, size, "Children's services in the family's home town far away", size * 8, 2);
    ASSERT_EQ(lines.size(), 2u);
    for (const auto& l : lines) EXPECT_LE(font->CalcTextSizeA(size, FLT_MAX, 0, l.c_str()).x, size * 8 + 0.5f) << l;
    EXPECT_NE(lines.back().find("\xE2\x80\xA6"), std::string::npos);
    EXPECT_EQ(ui::wrapToWidth(font, size, "Police", size * 8, 2), std::vector<std::string>{"Police"});
}

TEST_F(MapViewTest, ADecisionThatMakesALinkAnimatesItForAboutASecondThenStops) {
    start("peter", "dsl");
    std::string option;
    for (int guard = 0; guard < 12 && option.empty() && model.screen == Screen::Play; ++guard) {
        toDecision();
        option = linkMakingOption();
        if (option.empty()) {
            ASSERT_TRUE(app::applyCommand(model, ui::Choose{availableOptions(*scenario, model.session->current()).front()->id}, ++clockMs));
        }
    }
    ASSERT_FALSE(option.empty()) << "no decision in Peter's case makes a link for the DSL";
    frames(2);
    click("play/option/" + option);
    ASSERT_EQ(model.phase, PlayPhase::Feedback);
    EXPECT_FALSE(ui.mapFresh.empty()) << "the links the choice made are remembered for the transition";
    EXPECT_GT(ui.animateUntil, ImGui::GetTime()) << "the loop is asked to keep drawing during the transition";
    EXPECT_LE(ui.animateUntil - ImGui::GetTime(), ui::kMapTransitionSeconds + 0.01);

    // The feedback points at the map; the button opens it, and the new links are drawn.
    click("play/show-map");
    EXPECT_EQ(ui.playSideTab, 1);
    EXPECT_TRUE(visible("play/map"));
    for (const auto& l : ui.mapFresh) EXPECT_TRUE(visible("play/map/link/" + l.from + ">" + l.to)) << l.from << ">" << l.to;

    // After the transition, nothing more asks for frames: the idle loop can sleep.
    frames(70);
    EXPECT_LE(ui.animateUntil, ImGui::GetTime());
    // Stepping back does not replay the transition.
    const double settled = ui.animateUntil;
    ASSERT_TRUE(app::applyCommand(model, ui::StepBack{}, ++clockMs));
    frames(2);
    EXPECT_EQ(ui.animateUntil, settled);
}

// Reduced motion (the settings screen, issue 12 item 4): the same link-making choice asks for no
// animation frames and the map draws the new links settled at once.
TEST_F(MapViewTest, WithReducedMotionANewLinkDoesNotAnimate) {
    ASSERT_TRUE(app::applyCommand(model, app::SetReduceMotion{true}, ++clockMs));
    start("peter", "dsl");
    std::string option;
    for (int guard = 0; guard < 12 && option.empty() && model.screen == Screen::Play; ++guard) {
        toDecision();
        option = linkMakingOption();
        if (option.empty()) {
            ASSERT_TRUE(app::applyCommand(model, ui::Choose{availableOptions(*scenario, model.session->current()).front()->id}, ++clockMs));
        }
    }
    ASSERT_FALSE(option.empty());
    frames(2);
    const double before = ui.animateUntil;
    click("play/option/" + option);
    ASSERT_EQ(model.phase, PlayPhase::Feedback);
    EXPECT_FALSE(ui.mapFresh.empty()) << "the new links are still known (and marked)";
    EXPECT_EQ(ui.animateUntil, before) << "no transition frames are asked for";
}

TEST_F(MapViewTest, HoveringANodeOrALinkExplainsIt) {
    start("peter", "dsl");
    ui.playSideTab = 1;
    frames(3);
    ASSERT_TRUE(visible("play/map"));
    ASSERT_FALSE(model.session->current().map.empty()) << "Peter's case starts with some links";
    ImGuiIO& io = ImGui::GetIO();
    const std::string child = scenario->cast.front().id;
    io.MousePos = probes.at("play/map/node/" + child).centre();
    frames(2);
    EXPECT_TRUE(visible("play/map/tooltip/node/" + child));
    const Link& l = model.session->current().map.front();
    io.MousePos = probes.at("play/map/link/" + l.from + ">" + l.to).centre();
    frames(2);
    EXPECT_TRUE(visible("play/map/tooltip/link/" + l.from + ">" + l.to));
    if (!l.note.empty()) {
        EXPECT_NE(ui::describeLink(*scenario, l).find(l.note), std::string::npos) << "the link's note from the scenario";
    }
    io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
}

TEST_F(MapViewTest, TwentyAgenciesStayLegibleAtBothWindowSizes) {
    for (const ImVec2 size : {ImVec2(1600, 900), ImVec2(1280, 720)}) {
        ImGui::GetIO().DisplaySize = size;
        start("james", "dsl");
        ASSERT_EQ(scenario->cast.size(), 20u);
        ui.playSideTab = 1;
        frames(3);
        expectLegibleMap("play/map");
    }
    for (const char* id : {"peter", "tina"}) {
        start(id, "dsl");
        frames(3);
        expectLegibleMap("play/map");
    }
}

} // namespace
} // namespace wp::test
