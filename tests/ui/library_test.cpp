// The library with a broken plugin beside the good ones: greyed out, diagnostics listed, and the good
// cases still open.
#include <optional>
#include <string>

#include "ui_harness.h"

namespace wp::test {
namespace {

const std::filesystem::path kBrokenDir = std::filesystem::path(WP_UI_FIXTURES) / "broken_plugins";

class LibraryTest : public UiHarness {
protected:
    void SetUp() override {
        UiHarness::SetUp();
        loadLibrary({{kBrokenDir, PluginOrigin::CommandLine}});
    }
};

TEST_F(LibraryTest, BrokenPluginIsListedWithItsDiagnosticAndDoesNotStopTheOthers) {
    const ScenarioPlugin* broken = nullptr;
    for (const auto& p : model.library)
        if (p.dir.filename() == "bad_json") broken = &p;
    ASSERT_NE(broken, nullptr);
    ASSERT_FALSE(broken->usable());
    ASSERT_FALSE(broken->diagnostics.empty());
    EXPECT_NE(formatDiagnostic(broken->diagnostics.front()).find("plugin.json"), std::string::npos);

    frames(3);
    scrollIntoView("library/broken/bad_json");
    EXPECT_TRUE(visible("library/broken/bad_json"));
    EXPECT_TRUE(visible("library/diagnostic/bad_json/0")) << "the diagnostic is shown, not just counted";
    EXPECT_FALSE(visible("library/open/bad_json")) << "a broken plugin cannot be opened";

    // The good cases are unaffected.
    click("library/open/peter");
    EXPECT_EQ(model.screen, ui::Screen::RoleSelect);
    EXPECT_TRUE(model.status.empty()) << model.status.front().text;
}

TEST_F(LibraryTest, OpeningABrokenPluginByIdIsRefusedWithAMessage) {
    EXPECT_FALSE(app::applyCommand(model, ui::OpenPlugin{"bad_json"}, 0));
    EXPECT_EQ(model.screen, ui::Screen::Library);
    ASSERT_FALSE(model.status.empty());
    frames(2);
    EXPECT_EQ(model.screen, ui::Screen::Library);
}

TEST_F(LibraryTest, RoleScreenShowsTheContentWarningBeforePlay) {
    click("library/open/peter");
    ASSERT_EQ(model.screen, ui::Screen::RoleSelect);
    frames(2);
    EXPECT_TRUE(visible("role/content-warning"));
    EXPECT_TRUE(visible("role/start"));
    pressKey('2');
    EXPECT_EQ(model.selectedRole, ui::selectedPlugin(model)->manifest.roles.at(1));
}

// The content warning says where the case comes from: a bundled case is a real child's case review; a
// case marked "invented" in plugin.json must never be presented as one.
TEST_F(LibraryTest, ContentWarningSaysWhetherTheCaseIsRealOrInvented) {
    loadLibrary({{std::filesystem::path(WP_UI_FIXTURES) / "../../fixtures/plugins", PluginOrigin::CommandLine}});
    std::vector<std::string> drawn;
    std::optional<ScopedProbeTextLog> logging(&drawn); // taken down by an early ASSERT too
    auto warningText = [&]() {
        for (const auto& t : drawn)
            if (t.find("It includes:") != std::string::npos) return t;
        return std::string{};
    };
    (void)app::applyCommand(model, ui::OpenPlugin{"peter"}, 0);
    frames(2);
    EXPECT_NE(warningText().find("real child's case review"), std::string::npos) << warningText();
    drawn.clear();
    (void)app::applyCommand(model, ui::OpenPlugin{"maya_and_leo"}, 0);
    ASSERT_EQ(model.screen, ui::Screen::RoleSelect);
    frames(2);
    logging.reset();
    EXPECT_NE(warningText().find("invented for training"), std::string::npos) << warningText();
    EXPECT_EQ(warningText().find("real child's case review"), std::string::npos) << warningText();
}

// A run set aside is listed under "Your runs" and comes back where it was; deleting it asks first and
// the safe answer is the default (Enter keeps it).
TEST_F(LibraryTest, KeptRunsAreListedReopenedAndDeletedOnlyAfterAsking) {
    loadLibrary();
    ASSERT_TRUE(apply(ui::OpenPlugin{"peter"}));
    ASSERT_TRUE(apply(ui::SelectRole{"dsl"}));
    ASSERT_TRUE(apply(ui::StartSession{}));
    ASSERT_TRUE(apply(ui::Continue{}));
    ASSERT_TRUE(apply(ui::OpenPlugin{"james"}));
    ASSERT_TRUE(apply(ui::StartSession{}));
    ASSERT_TRUE(apply(ui::BackToLibrary{}));
    ASSERT_EQ(model.keptRuns.size(), 1u);
    const std::string id = model.keptRuns.front().id;
    frames(2);
    ASSERT_TRUE(visible("library/kept/" + id + "/open"));
    click("library/kept/" + id + "/delete");
    ASSERT_TRUE(model.confirm);
    EXPECT_TRUE(visible("confirm/no"));
    pressKey(kGlfwKeyEnter);
    EXPECT_FALSE(model.confirm) << "Enter answers the default, the safe choice";
    EXPECT_EQ(model.keptRuns.size(), 1u) << "kept";
    click("library/kept/" + id + "/open");
    EXPECT_EQ(model.screen, ui::Screen::Play);
    EXPECT_EQ(model.session->pluginId, "peter");
    EXPECT_EQ(model.session->current().path.size(), 1u) << "back at the step it was kept at";
}

TEST_F(LibraryTest, TheGlossaryIsARegisteredScreenLinkedFromTheLibrary) {
    loadLibrary();
    frames(2);
    click("library/screen/glossary");
    EXPECT_EQ(model.screen.id, "glossary");
    EXPECT_TRUE(visible("glossary/term/dsl"));
    ui.glossaryFilter = "section 47";
    frames(2);
    EXPECT_TRUE(visible("glossary/term/section_47"));
    EXPECT_FALSE(visible("glossary/term/dsl")) << "the filter narrows the list";
    pressKey(kGlfwKeyEscape);
    EXPECT_EQ(model.screen, ui::Screen::Library) << "Esc goes back";
}

} // namespace
} // namespace wp::test
