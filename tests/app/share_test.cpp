// Sharing cases from the app (issue 14 items 4 and 5), through apply and the real effect runner: a
// .wpcase is checked, the user is asked (both versions when a copy is installed), it is installed only
// on "yes" and the library shows it; a damaged file is named with the place and the fix; author mode's
// review sheet goes out, comes back as a dry run, is applied, and the case is packed (or refused).
#include <fstream>

#include "app_fixture.h"
#include "wholepicture/core/case_pack.h"
#include "wholepicture/core/json_file.h"

namespace wp::test {
namespace {

using namespace wp::app;
namespace fs = std::filesystem;

void writeText(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
}

fs::path fixture(const std::string& relative) { return fs::path(WP_SOURCE_DIR) / "tests/fixtures" / relative; }

class ShareTest : public EdgeAppTest {
protected:
    // The mini fixture packed as `version` into root/packs.
    fs::path packMini(const std::string& version) {
        const fs::path src = root / ("mini-src-" + version);
        fs::copy(fixture("plugins/mini"), src, fs::copy_options::recursive);
        std::string manifest = readText(src / "plugin.json");
        manifest.replace(manifest.find("\"1.0.0\""), 7, "\"" + version + "\"");
        writeText(src / "plugin.json", manifest);
        Diagnostics diags;
        auto pack = packPluginFolder(src, state.knowledge, diags);
        EXPECT_TRUE(pack) << (diags.empty() ? "" : formatDiagnostic(diags.front()));
        const fs::path file = root / "packs" / ("mini-" + version + ".wpcase");
        writeText(file, pack ? casePackJson(*pack) : "");
        return file;
    }

    [[nodiscard]] const ConfirmFact* fact(const std::string& key) const {
        if (!state.confirm) return nullptr;
        for (const auto& f : state.confirm->facts)
            if (f.key == key) return &f;
        return nullptr;
    }
    [[nodiscard]] std::string statusText() const {
        std::string out;
        for (const auto& m : state.status) out += m.text + "\n";
        return out;
    }
    [[nodiscard]] const ScenarioPlugin* inLibrary(const std::string& id) const {
        for (const auto& p : state.library)
            if (p.manifest.id == id) return &p;
        return nullptr;
    }

};

TEST_F(ShareTest, ANewCaseIsShownThenInstalledOnlyOnYesAndTheLibraryShowsIt) {
    const fs::path file = packMini("1.0.0");
    ASSERT_EQ(inLibrary("mini"), nullptr);
    ASSERT_TRUE(send(OpenCaseFile{file.string()}));
    ASSERT_TRUE(state.confirm) << statusText();
    EXPECT_NE(state.confirm->question.find("Install"), std::string::npos);
    ASSERT_NE(fact("id"), nullptr);
    EXPECT_EQ(fact("id")->value, "mini");
    ASSERT_NE(fact("case"), nullptr);
    EXPECT_EQ(fact("case")->value, "Mini case (test fixture)");
    ASSERT_NE(fact("file-version"), nullptr);
    EXPECT_NE(fact("file-version")->value.find("1.0.0"), std::string::npos);
    ASSERT_NE(fact("lint"), nullptr);
    EXPECT_EQ(fact("installed-version"), nullptr) << "nothing is installed yet";
    EXPECT_FALSE(fs::exists(pluginsDir / "mini")) << "nothing is installed before the answer";

    ASSERT_TRUE(send(ConfirmPending{}));
    EXPECT_TRUE(fs::is_regular_file(pluginsDir / "mini" / "plugin.json"));
    const ScenarioPlugin* p = inLibrary("mini");
    ASSERT_NE(p, nullptr) << "the library shows the installed case";
    EXPECT_TRUE(p->usable());
    EXPECT_EQ(p->origin, PluginOrigin::User);
    EXPECT_EQ(state.screen, Screen::Library);
    EXPECT_EQ(state.justInstalled, "mini") << "the library shows the new card";
    EXPECT_NE(statusText().find((pluginsDir / "mini").string()), std::string::npos) << "says where: " << statusText();
}

TEST_F(ShareTest, AnOlderCopyIsReplacedOnlyWhenAskedAndBothVersionsAreShown) {
    ASSERT_TRUE(send(OpenCaseFile{packMini("1.0.0").string()}));
    ASSERT_TRUE(send(ConfirmPending{}));
    ASSERT_NE(readText(pluginsDir / "mini" / "plugin.json").find("\"1.0.0\""), std::string::npos);

    const fs::path newer = packMini("1.2.0");
    ASSERT_TRUE(send(OpenCaseFile{newer.string()}));
    ASSERT_TRUE(state.confirm) << statusText();
    EXPECT_EQ(state.confirm->yesLabel, "Replace");
    EXPECT_EQ(state.confirm->noLabel, "Keep the installed one");
    ASSERT_NE(fact("file-version"), nullptr);
    EXPECT_NE(fact("file-version")->value.find("1.2.0 (newer)"), std::string::npos) << fact("file-version")->value;
    ASSERT_NE(fact("installed-version"), nullptr);
    EXPECT_NE(fact("installed-version")->value.find("1.0.0"), std::string::npos) << fact("installed-version")->value;

    // "Keep the installed one": nothing changes.
    const size_t before = effects.size();
    ASSERT_TRUE(send(CancelPending{}));
    for (size_t i = before; i < effects.size(); ++i) EXPECT_FALSE(std::holds_alternative<InstallCase>(effects[i]));
    EXPECT_NE(readText(pluginsDir / "mini" / "plugin.json").find("\"1.0.0\""), std::string::npos);
    EXPECT_EQ(inLibrary("mini")->manifest.version, "1.0.0");

    // Asked again, "Replace".
    ASSERT_TRUE(send(OpenCaseFile{newer.string()}));
    ASSERT_TRUE(state.confirm);
    ASSERT_TRUE(send(ConfirmPending{}));
    EXPECT_NE(readText(pluginsDir / "mini" / "plugin.json").find("\"1.2.0\""), std::string::npos);
    EXPECT_EQ(inLibrary("mini")->manifest.version, "1.2.0");
    EXPECT_NE(statusText().find("Replaced"), std::string::npos) << statusText();
}

TEST_F(ShareTest, ADamagedFileIsNamedWithThePlaceAndTheFixAndNothingIsAsked) {
    // Not a whole case file: a comma missing.
    const fs::path damaged = root / "damaged.wpcase";
    writeText(damaged, "{\"format\": \"wholepicture-case-pack\"\n \"format_version\": 1}");
    ASSERT_TRUE(send(OpenCaseFile{damaged.string()}));
    EXPECT_FALSE(state.confirm);
    const std::string text = statusText();
    EXPECT_NE(text.find(damaged.string() + ":1:36"), std::string::npos) << "the file and the place: " << text;
    EXPECT_NE(text.find("put a comma"), std::string::npos) << "the fix: " << text;
    EXPECT_FALSE(fs::exists(pluginsDir / "mini"));

    // A well-formed file whose case has errors: the lint's messages, named as in the file.
    CasePack pack;
    pack.id = "dangling";
    pack.version = "1.0.0";
    pack.title = "Broken";
    for (const auto& e : fs::directory_iterator(fixture("broken/dangling_reference")))
        pack.files[e.path().filename().string()] = readText(e.path());
    const fs::path broken = root / "broken.wpcase";
    writeText(broken, casePackJson(pack));
    state.status.clear();
    ASSERT_TRUE(send(OpenCaseFile{broken.string()}));
    EXPECT_FALSE(state.confirm);
    EXPECT_NE(statusText().find("(in the case file)"), std::string::npos) << statusText();
    EXPECT_NE(statusText().find("ask its author to fix"), std::string::npos) << statusText();
    EXPECT_FALSE(fs::exists(pluginsDir / "dangling"));
}

TEST_F(ShareTest, AuthorModeExportsChecksAppliesAndPacks) {
    const fs::path dir = root / "mini";
    fs::copy(fixture("plugins/mini"), dir, fs::copy_options::recursive);
    ASSERT_TRUE(send(OpenAuthorFolder{dir.string()}));
    ASSERT_TRUE(state.author);
    const int loadsBefore = state.author->loads;

    const fs::path out = root / "out";
    ASSERT_TRUE(send(ExportReviewSheet{out.string()}));
    const AuthorReview& r = state.author->review;
    ASSERT_EQ(r.exportedTo, (out / "mini-review.csv").string())
        << (r.exportProblems.empty() ? "" : r.exportProblems[0]);
    EXPECT_GT(r.exportedTexts, 5u);
    const std::string sheet = readText(out / "mini-review.csv");
    ASSERT_TRUE(send(ExportReviewSheet{out.string()}));
    EXPECT_EQ(state.author->review.exportedTo, (out / "mini-review-2.csv").string()) << "a sheet already there is kept";

    // A row whose source was changed: refused with its reason, and no "apply".
    const std::string oldText = "Sam comes to school hungry.";
    const size_t source = sheet.find(oldText);
    ASSERT_NE(source, std::string::npos);
    const size_t text = sheet.find(oldText, source + oldText.size());
    ASSERT_NE(text, std::string::npos);
    std::string bad = sheet; // an edit on a row whose source no longer matches the case
    bad.replace(text, oldText.size(), "Sam comes to school very hungry.");
    bad.replace(source, oldText.size(), "Sam comes to school tired.");
    writeText(root / "bad.csv", bad);
    ASSERT_TRUE(send(CheckReviewSheet{(root / "bad.csv").string()}));
    EXPECT_FALSE(state.author->review.importOk);
    EXPECT_EQ(state.author->review.refusedRows, 1u);
    ASSERT_FALSE(state.author->review.importProblems.empty());
    EXPECT_NE(state.author->review.importProblems[0].find("row"), std::string::npos)
        << state.author->review.importProblems[0];
    EXPECT_FALSE(apply(ApplyReviewSheet{})) << "a sheet with a refused row is not applied";

    // One edited text: a dry run first (nothing written), then "Apply 1 change".
    std::string good = sheet;
    good.replace(text, oldText.size(), "Sam comes to school very hungry.");
    writeText(root / "good.csv", good);
    const std::string scenarioBefore = readText(dir / "scenario.json");
    ASSERT_TRUE(send(CheckReviewSheet{(root / "good.csv").string()}));
    EXPECT_TRUE(state.author->review.importOk)
        << (state.author->review.importProblems.empty() ? "" : state.author->review.importProblems[0]);
    EXPECT_EQ(state.author->review.summary.changed, 1u);
    EXPECT_FALSE(state.author->review.importApplied);
    EXPECT_EQ(readText(dir / "scenario.json"), scenarioBefore) << "the dry run writes nothing";
    ASSERT_TRUE(send(ApplyReviewSheet{}));
    EXPECT_TRUE(state.author->review.importApplied);
    EXPECT_NE(readText(dir / "scenario.json").find("Sam comes to school very hungry."), std::string::npos);
    EXPECT_GT(state.author->loads, loadsBefore) << "the case is loaded again after applying";
    EXPECT_FALSE(apply(ApplyReviewSheet{})) << "applied once only";

    ASSERT_TRUE(send(PackAuthorCase{out.string()}));
    EXPECT_EQ(state.author->review.packedTo, (out / "mini-1.0.0.wpcase").string());
    Diagnostics diags;
    auto pack = loadCasePack(out / "mini-1.0.0.wpcase", diags);
    ASSERT_TRUE(pack);
    EXPECT_NE(pack->files.at("scenario.json").find("very hungry"), std::string::npos)
        << "the pack has the applied edit";
}

TEST_F(ShareTest, AuthorModeRefusesToPackACaseWithErrorsAndListsThem) {
    const fs::path dir = root / "dangling";
    fs::copy(fixture("broken/dangling_reference"), dir, fs::copy_options::recursive);
    ASSERT_TRUE(send(OpenAuthorFolder{dir.string()}));
    ASSERT_TRUE(state.author);
    ASSERT_TRUE(send(PackAuthorCase{(root / "out").string()}));
    EXPECT_TRUE(state.author->review.packedTo.empty());
    ASSERT_FALSE(state.author->review.packProblems.empty());
    bool namesAFile = false;
    for (const auto& p : state.author->review.packProblems)
        namesAFile = namesAFile || p.find(".json") != std::string::npos;
    EXPECT_TRUE(namesAFile) << state.author->review.packProblems[0];
    EXPECT_FALSE(fs::exists(root / "out") && !fs::is_empty(root / "out"));
}

} // namespace
} // namespace wp::test
