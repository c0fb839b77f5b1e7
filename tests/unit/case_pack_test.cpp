// Share a case (core/case_pack.h): packing a plugin folder into one file, reading hostile packs, and
// installing beside (or over) an installed copy.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_support.h"
#include "wholepicture/core/case_pack.h"

namespace {

namespace fs = std::filesystem;
using namespace wp;
using nlohmann::json;

void copyFolder(const fs::path& from, const fs::path& to) {
    fs::create_directories(to);
    fs::copy(from, to, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
}

// Every regular file under `dir` (relative path -> bytes), hidden ones included.
std::map<std::string, std::string> filesUnder(const fs::path& dir) {
    std::map<std::string, std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file()) out[e.path().lexically_relative(dir).generic_string()] = test::readBytes(e.path());
    return out;
}

std::string allBytes() {
    std::string bytes;
    for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i);
    return bytes;
}

TEST(Base64, EncodesAndDecodesEveryLengthAndRefusesDamage) {
    EXPECT_EQ(base64Encode("Man"), "TWFu");
    EXPECT_EQ(base64Encode("Ma"), "TWE=");
    EXPECT_EQ(base64Encode("M"), "TQ==");
    for (size_t n = 0; n < 10; ++n) {
        std::string bytes = allBytes().substr(250 - n, n);
        EXPECT_EQ(base64Decode(base64Encode(bytes)), bytes) << n;
    }
    EXPECT_EQ(base64Decode(base64Encode(allBytes())), allBytes());
    for (const char* bad : {"TWF", "TW=u", "T===", "TWFu!", "TQ==TQ==", "TW\nFu"})
        EXPECT_FALSE(base64Decode(bad)) << bad;
}

TEST(CasePack, PackThenInstallGivesByteIdenticalFiles) {
    test::Scratch scratch("pack_roundtrip");
    const fs::path dir = scratch.dir / "peter";
    copyFolder(test::sourceDir() / "plugins/peter", dir);
    test::writeText(dir / "images/map.png", allBytes());                 // binary: goes as base64
    test::writeText(dir / "notes/crlf.txt", "line one\r\nline two\r\n"); // text with CRs: goes as text
    test::writeText(dir / ".DS_Store", "hidden");
    test::writeText(dir / ".git/config", "hidden");
    test::writeText(dir / "peter-0.9.wpcase", "{}"); // an earlier pack written inside the folder
    const auto original = filesUnder(dir);

    Diagnostics diags;
    auto pack = packPluginFolder(dir, test::knowledgeBase(), diags);
    ASSERT_TRUE(pack) << test::all(diags);
    EXPECT_EQ(pack->id, "peter");
    EXPECT_EQ(pack->version, "1.0.0");
    EXPECT_FALSE(pack->files.count(".DS_Store"));
    EXPECT_FALSE(pack->files.count(".git/config"));
    const std::string text = casePackJson(*pack);
    json j = json::parse(text);
    EXPECT_EQ(j["format"], "wholepicture-case-pack");
    EXPECT_EQ(j["format_version"], 1);
    EXPECT_TRUE(j["files"]["images/map.png"].contains("base64"));
    EXPECT_TRUE(j["files"]["scenario.json"].contains("text")) << "a case's JSON stays readable in the pack";

    auto read = readCasePack(text, "peter.wpcase", diags);
    ASSERT_TRUE(read) << test::all(diags);
    const fs::path plugins = scratch.dir / "user-plugins";
    InstallReport report = installCasePack(*read, plugins, test::knowledgeBase(), false, diags);
    ASSERT_EQ(report.outcome, InstallOutcome::Installed) << test::all(diags);
    EXPECT_EQ(report.folder, plugins / "peter");
    auto installed = filesUnder(plugins / "peter");
    auto expected = original;
    expected.erase(".DS_Store");
    expected.erase(".git/config");
    expected.erase("peter-0.9.wpcase");
    EXPECT_EQ(installed, expected) << "every file comes back byte for byte, and only those";
    EXPECT_EQ(filesUnder(plugins).size(), expected.size()) << "no staging folder is left behind";
}

TEST(CasePack, APluginWithErrorsOrALinkOutOfItsFolderIsNotPacked) {
    Diagnostics diags;
    EXPECT_FALSE(packPluginFolder(test::fixtures() / "broken/dangling_reference", test::knowledgeBase(), diags));
    std::string all = test::all(diags);
    EXPECT_NE(all.find("not packed: the case has"), std::string::npos) << all;
    EXPECT_NE(all.find("error:"), std::string::npos) << "the errors themselves are named";

    test::Scratch scratch("pack_symlink");
    const fs::path dir = scratch.dir / "mini";
    copyFolder(test::fixtures() / "plugins/mini", dir);
    test::writeText(scratch.dir / "secret.txt", "outside");
    fs::create_symlink(scratch.dir / "secret.txt", dir / "notes.txt");
    diags.clear();
    EXPECT_FALSE(packPluginFolder(dir, test::knowledgeBase(), diags));
    all = test::all(diags);
    EXPECT_NE(all.find("notes.txt"), std::string::npos) << all;
    EXPECT_NE(all.find("outside the case folder"), std::string::npos) << all;
}

// A valid pack of the mini fixture, as JSON, for tests to damage.
json miniPack() {
    Diagnostics diags;
    auto pack = packPluginFolder(test::fixtures() / "plugins/mini", test::knowledgeBase(), diags);
    EXPECT_TRUE(pack) << test::all(diags);
    return json::parse(casePackJson(*pack));
}

std::string refusal(const std::string& text) {
    Diagnostics diags;
    auto pack = readCasePack(text, "bad.wpcase", diags);
    EXPECT_FALSE(pack) << "accepted: " << text.substr(0, 200);
    EXPECT_TRUE(hasErrors(diags));
    return test::all(diags);
}

TEST(CasePack, MaliciousAndDamagedPacksAreRefusedWithTheReason) {
    const json good = miniPack();
    {
        json j = good;
        j["files"]["../escape.json"] = {{"text", "x"}};
        std::string why = refusal(j.dump());
        EXPECT_NE(why.find("goes up out of the case folder"), std::string::npos) << why;
        EXPECT_NE(why.find("/files/..~1escape.json"), std::string::npos) << "the place is named: " << why;
    }
    {
        json j = good;
        j["files"]["notes/../../x"] = {{"text", "x"}};
        EXPECT_NE(refusal(j.dump()).find("goes up out of the case folder"), std::string::npos);
    }
    {
        json j = good;
        j["files"]["/etc/cron.d/x"] = {{"text", "x"}};
        EXPECT_NE(refusal(j.dump()).find("is an absolute path"), std::string::npos);
    }
    {
        json j = good;
        j["files"]["images/map.png"] = {{"base64", "not base64!"}};
        std::string why = refusal(j.dump());
        EXPECT_NE(why.find("not valid base64"), std::string::npos) << why;
        EXPECT_NE(why.find("images/map.png"), std::string::npos) << why;
    }
    {
        json j = good;
        j["format"] = "zip";
        EXPECT_NE(refusal(j.dump()).find("is not a Whole Picture case file"), std::string::npos);
        EXPECT_NE(refusal("[1, 2]").find("is not a Whole Picture case file"), std::string::npos);
        j = good;
        j["format_version"] = 2;
        EXPECT_NE(refusal(j.dump()).find("update Whole Picture"), std::string::npos);
    }
    {
        std::string text = good.dump(1);
        std::string why = refusal(text.substr(0, text.size() / 2));
        EXPECT_NE(why.find("cut short"), std::string::npos) << why;
        EXPECT_NE(why.find("bad.wpcase:"), std::string::npos) << why;
    }
    {
        // The same path twice: the JSON reader refuses duplicate keys and names both lines.
        std::string text = good.dump(1);
        size_t files = text.find("\"files\": {") + 10;
        text.insert(files, "\n  \"plugin.json\": {\"text\": \"{}\"},");
        std::string why = refusal(text);
        EXPECT_NE(why.find("plugin.json"), std::string::npos) << why;
        EXPECT_NE(why.find("appears twice"), std::string::npos) << why;
    }
    {
        json j = good;
        j["files"]["plugin.json/x"] = {{"text", "x"}};
        EXPECT_NE(refusal(j.dump()).find("both a file and a folder"), std::string::npos);
        j = good;
        j["files"]["scenario.json"] = {{"text", "x"}, {"base64", "eA=="}};
        EXPECT_NE(refusal(j.dump()).find("must be {\"text\""), std::string::npos);
        j = good;
        j["files"].erase("plugin.json");
        EXPECT_NE(refusal(j.dump()).find("holds no plugin.json"), std::string::npos);
        j = good;
        j["files"][".hidden"] = {{"text", "x"}};
        EXPECT_NE(refusal(j.dump()).find("hidden"), std::string::npos);
        j = good;
        j["files"]["a\\b"] = {{"text", "x"}};
        EXPECT_NE(refusal(j.dump()).find("write / between folders"), std::string::npos);
    }
}

TEST(CasePack, AnInstalledCopyIsReplacedOnlyWhenAsked) {
    test::Scratch scratch("pack_replace");
    const fs::path plugins = scratch.dir / "plugins";
    Diagnostics diags;
    auto v1 = readCasePack(miniPack().dump(), "mini.wpcase", diags);
    ASSERT_TRUE(v1) << test::all(diags);
    ASSERT_EQ(installCasePack(*v1, plugins, test::knowledgeBase(), false, diags).outcome, InstallOutcome::Installed)
        << test::all(diags);
    const auto installed = filesUnder(plugins / "mini");

    json changed = miniPack();
    std::string manifest = changed["files"]["plugin.json"]["text"];
    manifest.replace(manifest.find("\"1.0.0\""), 7, "\"1.1.0\"");
    changed["files"]["plugin.json"]["text"] = manifest;
    changed["version"] = "1.1.0";
    changed["files"]["extra.txt"] = {{"text", "new in 1.1"}};
    auto v2 = readCasePack(changed.dump(), "mini-1.1.0.wpcase", diags);
    ASSERT_TRUE(v2) << test::all(diags);

    InstallReport report = installCasePack(*v2, plugins, test::knowledgeBase(), false, diags);
    EXPECT_EQ(report.outcome, InstallOutcome::AlreadyInstalled);
    EXPECT_EQ(report.existingVersion, "1.0.0");
    EXPECT_EQ(report.packVersion, "1.1.0");
    EXPECT_EQ(report.existingFolder, plugins / "mini");
    EXPECT_EQ(filesUnder(plugins / "mini"), installed) << "without replace the old copy is untouched";
    EXPECT_EQ(filesUnder(plugins).size(), installed.size()) << "and nothing is left beside it";

    report = installCasePack(*v2, plugins, test::knowledgeBase(), true, diags);
    ASSERT_EQ(report.outcome, InstallOutcome::Replaced) << test::all(diags);
    auto now = filesUnder(plugins / "mini");
    EXPECT_EQ(now, v2->files);
    EXPECT_EQ(filesUnder(plugins).size(), v2->files.size()) << "the old copy and the staging folder are gone";
}

// What the app shows before it asks: the preview lints the case and finds an installed copy, and
// writes nothing into the plugins folder (not even the folder itself).
TEST(CasePack, APreviewFindsTheInstalledCopyAndChangesNothing) {
    test::Scratch scratch("pack_preview");
    const fs::path plugins = scratch.dir / "plugins";
    Diagnostics diags;
    auto v1 = readCasePack(miniPack().dump(), "mini.wpcase", diags);
    ASSERT_TRUE(v1) << test::all(diags);
    InstallReport preview = previewCasePackInstall(*v1, plugins, test::knowledgeBase(), diags);
    EXPECT_EQ(preview.outcome, InstallOutcome::Installed) << test::all(diags);
    EXPECT_EQ(preview.folder, plugins / "mini");
    EXPECT_FALSE(fs::exists(plugins)) << "a preview writes nothing";
    ASSERT_EQ(installCasePack(*v1, plugins, test::knowledgeBase(), false, diags).outcome, InstallOutcome::Installed);
    const auto installed = filesUnder(plugins);

    json changed = miniPack();
    std::string manifest = changed["files"]["plugin.json"]["text"];
    manifest.replace(manifest.find("\"1.0.0\""), 7, "\"1.10.0\"");
    changed["files"]["plugin.json"]["text"] = manifest;
    changed["version"] = "1.10.0";
    auto v2 = readCasePack(changed.dump(), "mini-1.10.0.wpcase", diags);
    ASSERT_TRUE(v2) << test::all(diags);
    preview = previewCasePackInstall(*v2, plugins, test::knowledgeBase(), diags);
    EXPECT_EQ(preview.outcome, InstallOutcome::AlreadyInstalled);
    EXPECT_EQ(preview.existingVersion, "1.0.0");
    EXPECT_EQ(preview.existingFolder, plugins / "mini");
    EXPECT_EQ(filesUnder(plugins), installed) << "the installed copy is untouched";
    EXPECT_EQ(compareVersions("1.10.0", "1.9.2"), "newer");
    EXPECT_EQ(compareVersions("1.0", "1.0.0"), "the same");
    EXPECT_EQ(compareVersions("1.0.0", "1.2.0"), "older");
    EXPECT_EQ(compareVersions("draft", "1.0"), "");
}

TEST(CasePack, AnInstallKilledBetweenItsTwoRenamesIsRecoveredByTheNext) {
    test::Scratch scratch("pack_recover");
    const fs::path plugins = scratch.dir / "plugins";
    // What a killed `install --replace` leaves: the old copy set aside, the new one not yet moved in.
    const fs::path aside = plugins / ".wpcase-install-999999999" / "previous-mini";
    copyFolder(test::fixtures() / "plugins/mini", aside);
    test::writeText(aside / "marker.txt", "the old copy");
    Diagnostics diags;
    auto pack = readCasePack(miniPack().dump(), "mini.wpcase", diags);
    ASSERT_TRUE(pack) << test::all(diags);
    InstallReport report = installCasePack(*pack, plugins, test::knowledgeBase(), false, diags);
    EXPECT_EQ(report.outcome, InstallOutcome::AlreadyInstalled) << "the old copy is back in place first";
    EXPECT_EQ(test::readBytes(plugins / "mini/marker.txt"), "the old copy");
    EXPECT_FALSE(fs::exists(plugins / ".wpcase-install-999999999")) << "the dead install's folder is removed";
}

TEST(CasePack, ACaseWithErrorsInsideAPackIsNotInstalled) {
    test::Scratch scratch("pack_lint");
    json j = miniPack();
    std::string scenario = j["files"]["scenario.json"]["text"];
    scenario.replace(scenario.find("\"start\""), 7, "\"strat\"");
    j["files"]["scenario.json"]["text"] = scenario;
    Diagnostics diags;
    auto pack = readCasePack(j.dump(), "mini.wpcase", diags);
    ASSERT_TRUE(pack) << "the pack itself is well formed: " << test::all(diags);
    InstallReport report = installCasePack(*pack, scratch.dir / "plugins", test::knowledgeBase(), false, diags);
    EXPECT_EQ(report.outcome, InstallOutcome::Refused);
    const std::string all = test::all(diags);
    EXPECT_NE(all.find("(in the case file) scenario.json"), std::string::npos) << all;
    EXPECT_NE(all.find("not installed"), std::string::npos) << all;
    EXPECT_TRUE(fs::is_empty(scratch.dir / "plugins")) << "nothing is left in the plugins folder";
}

TEST(Discovery, TheSameIdInTwoFoldersNamesBothFoldersBothVersionsAndTheOneUsed) {
    test::Scratch scratch("duplicate_id");
    const fs::path given = scratch.dir / "given/mini", user = scratch.dir / "user/mini";
    copyFolder(test::fixtures() / "plugins/mini", given);
    copyFolder(test::fixtures() / "plugins/mini", user);
    std::string manifest = test::readBytes(user / "plugin.json");
    manifest.replace(manifest.find("\"1.0.0\""), 7, "\"0.9.0\"");
    test::writeText(user / "plugin.json", manifest);

    std::vector<ScenarioPlugin> all = discoverPlugins(
        {{scratch.dir / "given", PluginOrigin::CommandLine}, {scratch.dir / "user", PluginOrigin::User}},
        test::knowledgeBase());
    ASSERT_EQ(all.size(), 2u);
    // The library lists plugins by origin, so find each copy by its folder.
    const ScenarioPlugin& fromGiven = all[0].dir == given ? all[0] : all[1];
    const ScenarioPlugin& fromUser = all[0].dir == given ? all[1] : all[0];
    ASSERT_EQ(fromGiven.dir, given);
    ASSERT_EQ(fromUser.dir, user);
    EXPECT_TRUE(fromGiven.usable()) << "the --plugins copy comes first in the search path and is used";
    ASSERT_FALSE(fromUser.usable());
    const Diagnostic& d = fromUser.diagnostics.back();
    EXPECT_EQ(d.file, (user / "plugin.json").string());
    EXPECT_NE(d.message.find(given.string() + " (version 1.0.0, from --plugins)"), std::string::npos) << d.message;
    EXPECT_NE(d.message.find(user.string() + " (version 0.9.0, the user plugins folder)"), std::string::npos)
        << d.message;
    EXPECT_NE(d.message.find("that copy is used"), std::string::npos) << d.message;
}

} // namespace
