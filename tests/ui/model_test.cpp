// Commands on the app model without any UI: the flow the command line scripts use.
#include <gtest/gtest.h>

#include "wholepicture/core/loader.h"
#include "wholepicture/core/paths.h"
#include "wholepicture/core/settings.h"
#include "wholepicture/app/apply.h"

namespace wp::test {
namespace {

using namespace wp::app;

class ModelTest : public ::testing::Test {
protected:
    void SetUp() override {
        Diagnostics diags;
        model.knowledge = loadKnowledgeBase(findBundled("content"), diags);
        model.library = discoverPlugins({{findBundled("plugins"), PluginOrigin::Bundled}}, model.knowledge);
        ASSERT_GE(findPlugin(model, "peter"), 0);
    }
    AppState model;
};

TEST_F(ModelTest, ChoosingBeforeStartingIsRefused) {
    EXPECT_FALSE(applyCommand(model, Choose{"anything"}, 0));
    EXPECT_FALSE(applyCommand(model, StartSession{}, 0));
    EXPECT_FALSE(model.status.empty());
}

TEST_F(ModelTest, UnknownRoleIsRefused) {
    ASSERT_TRUE(applyCommand(model, OpenPlugin{"peter"}, 0));
    EXPECT_FALSE(applyCommand(model, SelectRole{"astronaut"}, 0));
    EXPECT_NE(model.selectedRole, "astronaut");
}

TEST_F(ModelTest, ScaleIsClampedAndMarkedForSaving) {
    const Outcome o = apply(model, SetScale{10.0f}, 0);
    ASSERT_TRUE(o.applied);
    EXPECT_FLOAT_EQ(model.uiScale, kMaxUiScale);
    EXPECT_TRUE(model.uiScaleChosen);
    ASSERT_EQ(o.effects.size(), 1u);
    const auto* saved = std::get_if<SaveSettingsFile>(&o.effects.front());
    ASSERT_TRUE(saved) << "the settings are written at the edge";
    EXPECT_FLOAT_EQ(saved->settings.uiScale, kMaxUiScale);
}

TEST(Settings, RoundTripAndBadValuesFallBack) {
    Settings s;
    s.uiScale = 1.5f;
    s.theme = "light";
    s.lastPlugin = "peter";
    Diagnostics diags;
    const Settings back = settingsFromJson(settingsToJson(s), diags, "settings.json");
    EXPECT_TRUE(diags.empty());
    EXPECT_FLOAT_EQ(back.uiScale, 1.5f);
    EXPECT_EQ(back.theme, "light");
    EXPECT_EQ(back.lastPlugin, "peter");

    const Settings bad = settingsFromJson(nlohmann::json{{"ui_scale", "big"}, {"theme", "purple"}}, diags, "settings.json");
    EXPECT_EQ(bad.theme, "dark");
    EXPECT_FLOAT_EQ(bad.uiScale, 0.0f);
    EXPECT_EQ(diags.size(), 2u);
}

} // namespace
} // namespace wp::test
