// Clicking through Peter's case with the real views: library -> role (DSL) -> decisions -> debrief,
// checked against what the core runner says the same choices do.
#include <algorithm>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <imgui_internal.h>

#include "ui_harness.h"
#include "wholepicture/core/analysis.h"
#include "wholepicture/core/runner.h"

namespace wp::test {
namespace {

using ui::PlayPhase;
namespace Screen = app::Screen;

constexpr const char* kPlugin = "peter";
constexpr const char* kRole = "dsl";

std::vector<std::pair<std::string, std::string>> pathOf(const RunState& st) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& step : st.path) out.emplace_back(step.node, step.option);
    return out;
}

class PlayFlowTest : public UiHarness {
protected:
    void SetUp() override {
        UiHarness::SetUp();
        loadLibrary();
        const ScenarioPlugin* p = plugin(kPlugin);
        ASSERT_NE(p, nullptr) << "the bundled plugin '" << kPlugin << "' is missing";
        ASSERT_TRUE(p->usable()) << "the bundled plugin '" << kPlugin << "' does not load";
        scenario = p->scenario.get();
        manifest = &p->manifest;
    }

    // Library -> role screen -> DSL -> start, by clicking.
    void startAsDsl() {
        click(std::string("library/open/") + kPlugin);
        ASSERT_EQ(model.screen, Screen::RoleSelect);
        click(std::string("role/") + kRole);
        ASSERT_EQ(model.selectedRole, kRole);
        click("role/start");
        ASSERT_EQ(model.screen, Screen::Play);
        ASSERT_TRUE(model.session.has_value());
        ASSERT_EQ(model.session->role, kRole);
    }

    // Continues past narrative nodes by clicking Continue until a decision is open.
    void continueToDecision() {
        for (int guard = 0; guard < 20; ++guard) {
            if (model.screen != Screen::Play) return;
            const Node& n = currentNode(*scenario, model.session->current());
            if (model.phase == PlayPhase::Question && n.type == NodeType::Decision) return;
            click("play/continue");
        }
    }

    [[nodiscard]] std::string currentNodeId() const { return model.session->current().node; }

    const Scenario* scenario = nullptr;
    const PluginManifest* manifest = nullptr;
};

TEST_F(PlayFlowTest, LibraryShowsEveryBundledCaseAsACard) {
    frames(3);
    EXPECT_EQ(model.screen, Screen::Library);
    for (const auto& p : model.library) {
        if (p.usable()) {
            EXPECT_TRUE(visible("library/card/" + p.manifest.id)) << p.manifest.id;
        }
    }
    EXPECT_NE(ImGui::FindWindowByName(ui::kRootWindowName), nullptr);
}

TEST_F(PlayFlowTest, ClickingThroughDecisionsMatchesTheRunner) {
    startAsDsl();
    Session expected = startSession(*scenario, *manifest, kRole, 0);

    // Four decisions, each the first option open to the DSL, chosen by clicking its card.
    for (int decision = 0; decision < 4; ++decision) {
        continueToDecision();
        while (currentNode(*scenario, expected.current()).type == NodeType::Narrative)
            ASSERT_TRUE(sessionStep(expected, *scenario, "", 0));
        ASSERT_EQ(currentNodeId(), expected.current().node);

        const auto options = availableOptions(*scenario, model.session->current());
        ASSERT_FALSE(options.empty());
        const std::string optionId = options.front()->id;
        const auto scoresBefore = model.session->current().scores;
        click("play/option/" + optionId);

        ASSERT_EQ(model.phase, PlayPhase::Feedback) << "at " << expected.current().node;
        ASSERT_TRUE(sessionStep(expected, *scenario, optionId, 0));
        EXPECT_EQ(pathOf(model.session->current()), pathOf(expected.current()));
        EXPECT_EQ(model.session->current().scores, expected.current().scores);
        // The feedback names each score change the option makes.
        EXPECT_TRUE(visible("play/feedback"));
        if (!options.front()->effects.scores.empty()) {
            EXPECT_NE(model.session->current().scores, scoresBefore);
        }
        click("play/continue");
        EXPECT_EQ(model.phase, PlayPhase::Question);
    }
    EXPECT_TRUE(emitted<app::SaveProgress>()) << "every step asks for an autosave";
}

TEST_F(PlayFlowTest, PerspectivesOfOtherRolesAppearAfterTheChoice) {
    startAsDsl();
    continueToDecision();
    const Node& node = currentNode(*scenario, model.session->current());
    frames(2);
    for (const auto& p : node.perspectives) EXPECT_FALSE(visible("play/perspective/" + p.role)) << "hidden before choosing";
    click("play/option/1");
    ASSERT_EQ(model.phase, PlayPhase::Feedback);
    frames(2);
    for (const auto& p : node.perspectives) {
        if (p.role == kRole) continue;
        EXPECT_TRUE(visible("play/perspective/" + p.role)) << p.role;
    }
}

TEST_F(PlayFlowTest, NumberKeyChoosesTheNthOption) {
    startAsDsl();
    continueToDecision();
    const auto options = availableOptions(*scenario, model.session->current());
    ASSERT_GE(options.size(), 2u);
    pressKey('2'); // GLFW_KEY_2
    ASSERT_EQ(model.phase, PlayPhase::Feedback);
    EXPECT_EQ(model.session->current().path.back().option, options[1]->id);
    pressKey(kGlfwKeyEnter);
    EXPECT_EQ(model.phase, PlayPhase::Question);
}

TEST_F(PlayFlowTest, StepBackRestoresThePreviousState) {
    startAsDsl();
    continueToDecision();
    const RunState before = model.session->current();
    const size_t historyBefore = model.session->history.size();
    pressKey('1');
    ASSERT_EQ(model.phase, PlayPhase::Feedback);
    ASSERT_EQ(model.session->history.size(), historyBefore + 1);

    pressKey(kGlfwKeyBackspace);
    EXPECT_EQ(model.phase, PlayPhase::Question);
    EXPECT_EQ(model.session->history.size(), historyBefore);
    EXPECT_EQ(model.session->current().node, before.node);
    EXPECT_EQ(model.session->current().scores, before.scores);
    EXPECT_EQ(model.session->current().known, before.known);

    // And by clicking, after choosing again.
    pressKey('1');
    click("play/step-back");
    EXPECT_EQ(model.session->history.size(), historyBefore);
}

TEST_F(PlayFlowTest, EscapeGoesBackAScreenAndTheSessionCanBeResumed) {
    startAsDsl();
    continueToDecision();
    pressKey('1');
    const auto path = pathOf(model.session->current());
    pressKey(kGlfwKeyEscape);
    EXPECT_EQ(model.screen, Screen::Library);
    click("library/resume");
    EXPECT_EQ(model.screen, Screen::Play);
    EXPECT_EQ(pathOf(model.session->current()), path);
}

TEST_F(PlayFlowTest, StrongestPathReachesTheDebriefWithTheBestScores) {
    const RoleAnalysis analysis = analyseRole(*scenario, kRole);
    ASSERT_FALSE(analysis.strongestPath.empty());
    startAsDsl();
    for (const auto& [nodeId, optionId] : analysis.strongestPath) {
        continueToDecision();
        ASSERT_EQ(model.screen, Screen::Play);
        ASSERT_EQ(currentNodeId(), nodeId);
        click("play/option/" + optionId);
        ASSERT_EQ(model.phase, PlayPhase::Feedback) << nodeId << ":" << optionId;
        click("play/continue");
    }
    for (int guard = 0; guard < 10 && model.screen == Screen::Play; ++guard) click("play/continue");
    ASSERT_EQ(model.screen, Screen::Debrief);
    ASSERT_NE(model.debrief, nullptr) << "the debrief (with its path analysis) is computed once, on arrival";

    double weighted = 0;
    for (const auto& dw : scenario->dimensions) {
        const auto it = model.session->current().scores.find(dw.id);
        weighted += dw.weight * (it == model.session->current().scores.end() ? 0 : it->second);
    }
    EXPECT_NEAR(weighted, analysis.bestWeighted, 1e-6);

    frames(2);
    EXPECT_TRUE(visible("summary/ending"));
    for (const auto& outcome : criticalOutcomes(*scenario, model.session->current())) {
        if (outcome.action) {
            EXPECT_TRUE(visible("summary/critical/" + outcome.action->id)) << outcome.action->id;
        }
    }
    for (const auto& dw : scenario->dimensions) EXPECT_TRUE(visible("summary/score/" + dw.id)) << dw.id;

    // Role swap: "Play as <other role>" starts the same case as that role and keeps this run.
    std::string other;
    for (const auto& r : plugin("peter")->manifest.roles)
        if (r != kRole && other.empty()) other = r;
    click("summary/play-as/" + other);
    EXPECT_EQ(model.screen, Screen::Play);
    ASSERT_TRUE(model.session.has_value());
    EXPECT_EQ(model.session->role, other);
    ASSERT_TRUE(model.firstRun.has_value());
    EXPECT_EQ(model.firstRun->role, kRole);
}

// Issue 13, threshold judgement: at Peter's threshold points the DSL places his needs by clicking one
// of the four levels before choosing; the feedback then gives the case's judgement and its reasons,
// and the debrief charts every placement against the case.
TEST_F(PlayFlowTest, PlacingTheChildBeforeChoosingIsJudgedInTheFeedbackAndTheDebrief) {
    startAsDsl();
    int placedAt = 0;
    for (int guard = 0; guard < 40 && model.screen == Screen::Play; ++guard) {
        continueToDecision();
        if (model.screen != Screen::Play) break;
        const Node& n = currentNode(*scenario, model.session->current());
        if (n.threshold) {
            ASSERT_TRUE(visible("play/threshold")) << n.id;
            scrollIntoView("play/threshold/early_help");
            click("play/threshold/early_help");
            ASSERT_EQ(model.session->current().placements.at(n.id), ThresholdLevel::EarlyHelp) << n.id;
            EXPECT_EQ(model.phase, PlayPhase::Question) << "placing does not answer the decision";
            ++placedAt;
        } else {
            EXPECT_FALSE(visible("play/threshold")) << n.id << " asks no threshold";
        }
        const std::string optionId = availableOptions(*scenario, model.session->current()).front()->id;
        scrollIntoView("play/option/" + optionId);
        click("play/option/" + optionId);
        ASSERT_EQ(model.phase, PlayPhase::Feedback);
        EXPECT_EQ(visible("play/threshold-verdict"), n.threshold.has_value()) << n.id;
        if (n.threshold) {
            EXPECT_EQ(model.session->current().path.back().threshold, ThresholdLevel::EarlyHelp);
        }
        click("play/continue");
    }
    for (int guard = 0; guard < 10 && model.screen == Screen::Play; ++guard) click("play/continue");
    ASSERT_EQ(model.screen, Screen::Debrief);
    EXPECT_GE(placedAt, 3);
    ASSERT_NE(model.debrief, nullptr);
    EXPECT_EQ(model.debrief->thresholds.placed, placedAt);
    scrollIntoView("summary/thresholds/chart");
    EXPECT_TRUE(visible("summary/thresholds/headline"));
    EXPECT_TRUE(visible("summary/thresholds/chart"));
}

TEST_F(PlayFlowTest, AutosaveOfferRestoresTheSession) {
    startAsDsl();
    continueToDecision();
    pressKey('1');
    pressKey(kGlfwKeyEnter);
    continueToDecision();
    pressKey('2');
    const auto path = pathOf(model.session->current());
    const nlohmann::json saved = sessionToJson(*model.session);

    // A fresh start of the app: same library, the autosave on disk.
    app::AppState fresh;
    fresh.knowledge = model.knowledge;
    fresh.library = model.library;
    fresh.resume = ui::resumeOfferFor(fresh, saved);
    ASSERT_TRUE(fresh.resume.has_value());
    model = std::move(fresh);
    click("library/resume");
    ASSERT_EQ(model.screen, Screen::Play);
    EXPECT_EQ(pathOf(model.session->current()), path);
}

TEST_F(PlayFlowTest, ScaleShortcutChangesTheModelScale) {
    frames(2);
    const float before = model.uiScale;
    ImGuiIO& io = ImGui::GetIO();
    io.KeyCtrl = true;
    pressKey('='); // GLFW_KEY_EQUAL
    io.KeyCtrl = false;
    EXPECT_GT(model.uiScale, before);
    EXPECT_TRUE(emitted<app::SaveSettingsFile>());
}

// On a narrow window the breadcrumb trail shortens (short role name, then an ellipsis) instead of
// running under the text-size and theme buttons.
TEST_F(PlayFlowTest, BreadcrumbsNeverRunUnderTheHeaderButtons) {
    startAsDsl();
    for (float width : {1600.0f, 900.0f, 700.0f, 560.0f}) { // 560: the case name is cut too
        ImGui::GetIO().DisplaySize = ImVec2(width, 720);
        frames(3);
        ASSERT_TRUE(visible("header/scale-down"));
        const float buttonsLeft = probes.at("header/scale-down").min.x;
        for (int i = 0; i < 3; ++i) {
            const std::string name = "header/crumb/" + std::to_string(i);
            ASSERT_TRUE(visible(name)) << name << " at width " << width;
            EXPECT_LT(probes.at(name).max.x, buttonsLeft) << name << " overlaps the header buttons at width " << width;
        }
    }
}

} // namespace
} // namespace wp::test

namespace wp::test {
namespace {

// Issue 12 item 4: a guidance citation in the feedback opens a short note of what the guidance is
// (its status, date and summary) and closes again; and the situation, with its glossary terms marked,
// is still drawn whole.
TEST_F(PlayFlowTest, ACitationOpensANoteOfWhatTheGuidanceSays) {
    startAsDsl();
    continueToDecision();
    const Node& n = currentNode(*scenario, model.session->current());
    const Option* cited = nullptr;
    for (const Option* o : availableOptions(*scenario, model.session->current()))
        if (!o->feedback.guidance.empty() && model.knowledge.guidanceRef(o->feedback.guidance.front().ref)) cited = o;
    ASSERT_NE(cited, nullptr) << "a first decision of Peter's with a cited option";
    std::vector<std::string> drawn;
    {
        ScopedProbeTextLog log(&drawn);
        frames(2);
    }
    EXPECT_NE(std::find(drawn.begin(), drawn.end(), n.situation.forRole(kRole)), drawn.end()) << "the situation is drawn";
    click("play/option/" + cited->id);
    ASSERT_EQ(model.phase, PlayPhase::Feedback);
    const std::string ref = cited->feedback.guidance.front().ref;
    EXPECT_FALSE(visible("play/guidance-note-text/" + ref));
    click("play/guidance-note/" + ref);
    EXPECT_TRUE(visible("play/guidance-note-text/" + ref));
    {
        ScopedProbeTextLog log(&drawn);
        drawn.clear();
        frames(2);
    }
    EXPECT_NE(std::find(drawn.begin(), drawn.end(), model.knowledge.guidanceRef(ref)->summary), drawn.end());
    click("play/guidance-note/" + ref);
    EXPECT_FALSE(visible("play/guidance-note-text/" + ref));
}

} // namespace
} // namespace wp::test
