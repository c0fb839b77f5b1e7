// `wpt strings`, `wpt pack` and `wpt install` through the real wpt binary (WPT_BINARY): their options,
// messages and exit statuses (the logic itself is tested in strings_table_test and case_pack_test).
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdio>

#include "test_support.h"
#include "wholepicture/core/strings_table.h"

namespace {

namespace fs = std::filesystem;

struct WptRun {
    int status = -1;
    std::string out; // stdout and stderr together
};

// Runs wpt with `args` (each single-quoted; none of ours contains a quote).
WptRun wpt(const std::vector<std::string>& args) {
    std::string command = std::string("'") + WPT_BINARY + "'";
    for (const auto& a : args) command += " '" + a + "'";
    command += " 2>&1";
    WptRun r;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe) return r;
    char buffer[65536];
    size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) r.out.append(buffer, n);
    int raw = ::pclose(pipe);
    r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    return r;
}

TEST(WptShare, HelpListsTheCommandsAndEachExplainsItself) {
    WptRun help = wpt({"--help"});
    EXPECT_EQ(help.status, 0);
    for (const char* c : {"strings export PLUGIN_DIR", "pack PLUGIN_DIR", "install FILE.wpcase"})
        EXPECT_NE(help.out.find(c), std::string::npos) << c << " missing from:\n" << help.out;
    EXPECT_NE(wpt({"strings", "--help"}).out.find("--dry-run"), std::string::npos);
    EXPECT_NE(wpt({"install", "--help"}).out.find("--replace"), std::string::npos);
    EXPECT_EQ(wpt({"strings", "frobnicate"}).status, 2);
    EXPECT_EQ(wpt({"strings", "export", "x"}).status, 2) << "export without -o is a usage error";
}

TEST(WptShare, StringsExportEditImportAndLint) {
    wp::test::Scratch scratch("wpt_strings");
    const fs::path dir = scratch.dir / "mini";
    fs::create_directories(dir);
    fs::copy(wp::test::fixtures() / "plugins/mini", dir, fs::copy_options::recursive);
    const std::string csvPath = (scratch.dir / "review.csv").string();
    WptRun run = wpt({"strings", "export", dir.string(), "-o", csvPath});
    ASSERT_EQ(run.status, 0) << run.out;
    EXPECT_NE(run.out.find("wpt strings import"), std::string::npos) << "says what to do next: " << run.out;
    EXPECT_EQ(wpt({"strings", "export", dir.string(), "-o", csvPath}).status, 1)
        << "an existing CSV (perhaps with a reviewer's edits) is not overwritten without --force";

    wp::Diagnostics diags;
    auto records = wp::parseCsv(wp::test::readBytes(csvPath), csvPath, diags);
    ASSERT_TRUE(records && records->size() > 2);
    (*records)[2].fields[5] = "Edited, by a \"reviewer\"";
    std::string csv;
    for (const auto& r : *records) {
        for (size_t i = 0; i < r.fields.size(); ++i) csv += (i ? "," : "") + wp::csvField(r.fields[i]);
        csv += "\n";
    }
    wp::test::writeText(csvPath, csv);
    const std::string before = wp::test::readBytes(dir / "plugin.json") + wp::test::readBytes(dir / "scenario.json");

    run = wpt({"strings", "import", dir.string(), csvPath, "--dry-run"});
    EXPECT_EQ(run.status, 0) << run.out;
    EXPECT_NE(run.out.find("1 would change"), std::string::npos) << run.out;
    EXPECT_EQ(wp::test::readBytes(dir / "plugin.json") + wp::test::readBytes(dir / "scenario.json"), before);

    run = wpt({"strings", "import", dir.string(), csvPath});
    EXPECT_EQ(run.status, 0) << run.out;
    EXPECT_NE(run.out.find("1 changed"), std::string::npos) << run.out;
    EXPECT_NE(run.out.find("lint: 0 errors"), std::string::npos) << "the case is linted after the import: " << run.out;
    EXPECT_NE(wp::test::readBytes(dir / "plugin.json") + wp::test::readBytes(dir / "scenario.json"), before);
}

TEST(WptShare, PackInstallAndInstallAgainWithoutReplace) {
    wp::test::Scratch scratch("wpt_pack");
    const std::string pack = (scratch.dir / "mini.wpcase").string();
    const std::string plugins = (scratch.dir / "plugins").string();
    WptRun run = wpt({"pack", (wp::test::fixtures() / "plugins/mini").string(), "-o", pack});
    ASSERT_EQ(run.status, 0) << run.out;
    run = wpt({"install", pack, "--plugins-dir", plugins});
    ASSERT_EQ(run.status, 0) << run.out;
    EXPECT_NE(run.out.find("installed"), std::string::npos) << run.out;
    EXPECT_EQ(wp::test::readBytes(fs::path(plugins) / "mini/scenario.json"),
              wp::test::readBytes(wp::test::fixtures() / "plugins/mini/scenario.json"));

    run = wpt({"install", pack, "--plugins-dir", plugins});
    EXPECT_EQ(run.status, 1) << run.out;
    EXPECT_NE(run.out.find("already installed"), std::string::npos) << run.out;
    EXPECT_NE(run.out.find("(version 1.0.0); this file has version 1.0.0 (the same)"), std::string::npos) << run.out;
    EXPECT_NE(run.out.find("--replace"), std::string::npos) << run.out;
    run = wpt({"install", pack, "--plugins-dir", plugins, "--replace"});
    EXPECT_EQ(run.status, 0) << run.out;
    EXPECT_NE(run.out.find("replaced mini version 1.0.0 with version 1.0.0"), std::string::npos) << run.out;

    run = wpt({"pack", (wp::test::fixtures() / "broken/dangling_reference").string(), "-o", pack + "2"});
    EXPECT_EQ(run.status, 1) << run.out;
    EXPECT_NE(run.out.find("not packed"), std::string::npos) << run.out;
    EXPECT_FALSE(fs::exists(pack + "2"));

    wp::test::writeText(scratch.dir / "bad.wpcase", "{\"format\": \"wholepicture-case-pack\", \"files\": ");
    run = wpt({"install", (scratch.dir / "bad.wpcase").string(), "--plugins-dir", plugins});
    EXPECT_EQ(run.status, 1) << run.out;
    EXPECT_NE(run.out.find("was not installed"), std::string::npos) << run.out;
}

} // namespace
