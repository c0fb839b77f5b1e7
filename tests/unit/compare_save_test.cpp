// A role swap's first run kept beside the autosave: the autosave names it in "compare_with" and a
// restart reads it back.
#include <gtest/gtest.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "wholepicture/core/settings.h"

using namespace wp;
namespace fs = std::filesystem;

TEST(CompareWith, TheFirstRunNamedByTheAutosaveIsReadBack) {
    const fs::path dir = fs::temp_directory_path() / "wp_compare_with_test";
    fs::remove_all(dir);
    fs::create_directories(dir);
    const nlohmann::json first = {{"format", "wholepicture-session"}, {"role", "dsl"}, {"path", nlohmann::json::array()}};
    Diagnostics diags;
    ASSERT_TRUE(writeAutosave(compareRunFile(dir), first, diags));
    EXPECT_EQ(compareRunFile(dir).parent_path(), dir);
    nlohmann::json autosave = {{"role", "social_worker"}, {"compare_with", compareRunFile(dir).string()}};
    ASSERT_TRUE(writeAutosave(autosaveFile(dir), autosave, diags));

    auto saved = readAutosave(autosaveFile(dir), diags);
    ASSERT_TRUE(saved.has_value());
    auto back = readCompareWith(*saved, dir, diags);
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(*back, first);
    EXPECT_TRUE(diags.empty());

    // No "compare_with": nothing, silently. A named file that is gone: nothing, with a warning.
    EXPECT_FALSE(readCompareWith(nlohmann::json{{"role", "dsl"}}, dir, diags).has_value());
    EXPECT_TRUE(diags.empty());
    fs::remove(compareRunFile(dir));
    EXPECT_FALSE(readCompareWith(*saved, dir, diags).has_value());
    ASSERT_EQ(diags.size(), 1u);
    EXPECT_EQ(diags[0].severity, Severity::Warning);
    fs::remove_all(dir);
}
