// Local procedures packs (issue 13, item 7): the bundled invented area loads, lives beside the cases
// without being listed as one, and a broken pack says what is wrong, where, and how to fix it.
#include <gtest/gtest.h>

#include <functional>

#include <nlohmann/json.hpp>

#include "test_support.h"
#include "wholepicture/core/procedures.h"

using namespace wp;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const fs::path kHarbridge = test::sourceDir() / "plugins" / "harbridge_procedures";

TEST(ProceduresPackTest, TheBundledAreaLoadsWithItsOwnNamesForTheLevels) {
    ProceduresPack pack = loadProceduresPack(kHarbridge, test::knowledgeBase());
    ASSERT_TRUE(pack.usable()) << test::all(pack.diagnostics);
    EXPECT_TRUE(pack.diagnostics.empty()) << test::all(pack.diagnostics);
    EXPECT_EQ(pack.id, "harbridge_procedures");
    EXPECT_TRUE(pack.invented);
    EXPECT_EQ(pack.scale.document, "Harbridge Continuum of Need (2025)");
    EXPECT_EQ(levelName(pack.scale, ThresholdLevel::EarlyHelp), "Level 2: Family Help");
    EXPECT_EQ(pack.scale.shortNames[3], "L4 CP");
    EXPECT_EQ(pack.escalation.size(), 4u);
    EXPECT_FALSE(pack.frontDoor.empty());
    EXPECT_NE(localReading(&pack, "wt_2023").find("Locally (Harbridge)"), std::string::npos);
    EXPECT_EQ(localReading(&pack, "children_act_1989"), "") << "guidance the pack says nothing about";
    EXPECT_EQ(localReading(nullptr, "wt_2023"), "") << "no pack: national guidance only";
    EXPECT_EQ(&scaleOf(nullptr), &nationalThresholdScale());
}

TEST(ProceduresPackTest, ItIsFoundBesideTheCasesButNeverListedAsACase) {
    const std::vector<SearchDir> dirs{{test::sourceDir() / "plugins", PluginOrigin::Bundled}};
    const auto packs = discoverProceduresPacks(dirs, test::knowledgeBase());
    ASSERT_EQ(packs.size(), 1u);
    EXPECT_EQ(packs[0].id, "harbridge_procedures");
    for (const ScenarioPlugin& p : discoverPlugins(dirs, test::knowledgeBase())) {
        EXPECT_NE(p.manifest.id, "harbridge_procedures") << "a procedures pack is not a case";
        EXPECT_TRUE(p.usable()) << p.manifest.id << "\n" << test::all(p.diagnostics);
    }
}

// Each mistake a pack's author can make gives one error at its place, with the fix in plain words.
TEST(ProceduresPackTest, MistakesAreNamedWithTheirPlaceAndTheFix) {
    struct Case {
        const char* what;
        std::function<void(json&)> edit;
        const char* pointer;
        const char* phrase;
    };
    const Case cases[] = {
        {"a misspelt level", [](json& j) { j["threshold"]["levels"]["early_hlep"] = j["threshold"]["levels"]["early_help"]; },
         "/threshold/levels/early_hlep", "did you mean \"early_help\""},
        {"an unknown role", [](json& j) { j["contacts"][0]["role"] = "dls"; }, "/contacts/0/role", "did you mean \"dsl\""},
        {"unknown guidance", [](json& j) { j["guidance"]["wt_2099"] = "x"; }, "/guidance/wt_2099", "content/guidance.json"},
        {"a misspelt key", [](json& j) { j["escalaton"] = j["escalation"]; }, "/escalaton", "escalation"},
        {"no threshold document", [](json& j) { j["threshold"].erase("document"); }, "/threshold", "document"},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.what);
        test::Scratch scratch("procedures");
        fs::copy(kHarbridge, scratch.dir, fs::copy_options::recursive);
        json j = json::parse(test::readBytes(scratch.dir / "procedures.json"));
        c.edit(j);
        test::writeText(scratch.dir / "procedures.json", j.dump(2));
        ProceduresPack pack = loadProceduresPack(scratch.dir, test::knowledgeBase());
        EXPECT_FALSE(pack.usable());
        bool found = false;
        for (const Diagnostic& d : pack.diagnostics)
            found = found || (d.pointer == c.pointer && d.message.find(c.phrase) != std::string::npos && d.line > 0 &&
                              d.file.find("procedures.json") != std::string::npos);
        EXPECT_TRUE(found) << test::all(pack.diagnostics);
    }
}

TEST(ProceduresPackTest, ATruncatedFileIsADiagnosticNotACrash) {
    test::Scratch scratch("procedures-cut");
    fs::copy(kHarbridge, scratch.dir, fs::copy_options::recursive);
    const std::string text = test::readBytes(scratch.dir / "procedures.json");
    test::writeText(scratch.dir / "procedures.json", text.substr(0, text.size() / 2));
    ProceduresPack pack = loadProceduresPack(scratch.dir, test::knowledgeBase());
    EXPECT_FALSE(pack.usable());
    ASSERT_FALSE(pack.diagnostics.empty());
    EXPECT_NE(pack.diagnostics.front().file.find("procedures.json"), std::string::npos);
}

} // namespace
