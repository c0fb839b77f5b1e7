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
    const Plugin* broken = nullptr;
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

} // namespace
} // namespace wp::test
