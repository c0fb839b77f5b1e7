// Author mode without a UI: what a change means, keeping the position across a reload, and reaching
// any node from the start with the state that path builds.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <random>
#include <sstream>

#include "test_support.h"
#include "wholepicture/core/author_mode.h"
#include "wholepicture/core/settings.h"

using namespace wp;
namespace fs = std::filesystem;

namespace {

// A private copy of a fixture plugin that a test may edit.
class PluginCopy : public ::testing::Test {
protected:
    void SetUp() override {
        std::random_device rd;
        dir = fs::temp_directory_path() / ("wp-author-" + std::to_string(rd()));
        fs::create_directories(dir);
        fs::copy(test::fixtures() / "plugins/mini", dir, fs::copy_options::recursive);
    }
    void TearDown() override {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
    std::string read(const std::string& name) const {
        std::ifstream in(dir / name, std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        return ss.str();
    }
    void replaceAll(const std::string& name, const std::string& from, const std::string& to) {
        std::string text = read(name);
        size_t at = 0, count = 0;
        while ((at = text.find(from, at)) != std::string::npos) {
            text.replace(at, from.size(), to);
            at += to.size();
            ++count;
        }
        ASSERT_GT(count, 0u) << "'" << from << "' not in " << name;
        std::ofstream(dir / name, std::ios::binary | std::ios::trunc) << text;
    }
    AuthorLoad load() const { return loadAuthorFolder(dir, test::knowledgeBase()); }
    fs::path dir;
};

std::vector<std::string> optionsOf(const std::vector<PathStep>& steps) {
    std::vector<std::string> out;
    for (const auto& s : steps) out.push_back(s.node + ":" + s.option);
    return out;
}

TEST(AuthorChanges, OnlyPluginJsonFilesCount) {
    EXPECT_TRUE(isPluginSourceChange("scenario.json"));
    EXPECT_TRUE(isPluginSourceChange("plugin.json"));
    EXPECT_TRUE(isPluginSourceChange("locale/en-GB.json"));
    EXPECT_FALSE(isPluginSourceChange("4913"));                 // vim's write test
    EXPECT_FALSE(isPluginSourceChange("scenario.json~"));       // backup
    EXPECT_FALSE(isPluginSourceChange(".scenario.json.swp"));   // swap file
    EXPECT_FALSE(isPluginSourceChange(".scenario.json.tmp"));   // hidden temp before a rename
    EXPECT_FALSE(isPluginSourceChange(".git/index"));
    EXPECT_FALSE(isPluginSourceChange("README.md"));
    EXPECT_TRUE(anyPluginSourceChange({"4913", "scenario.json"}));
    EXPECT_FALSE(anyPluginSourceChange({"4913", ".scenario.json.swp"}));
}

TEST_F(PluginCopy, ABrokenFolderStillGivesADraftToBrowse) {
    replaceAll("scenario.json", "\"next\": \"d2\"}", "\"next\": \"d3\"}"); // a dangling reference
    const AuthorLoad l = load();
    EXPECT_FALSE(l.plugin.usable());
    ASSERT_TRUE(hasErrors(l.plugin.diagnostics));
    ASSERT_NE(l.draft, nullptr);
    EXPECT_NE(l.draft->node("d1"), nullptr);
    // The error points into a node, and the panel can show that node.
    bool pointsAtD1 = false;
    for (const auto& d : l.plugin.diagnostics)
        if (d.severity == Severity::Error && nodeForPointer(*l.draft, d.pointer) == "d1") pointsAtD1 = true;
    EXPECT_TRUE(pointsAtD1);
}

TEST_F(PluginCopy, NodeForPointerMatchesWholeTokens) {
    const AuthorLoad l = load();
    ASSERT_TRUE(l.plugin.usable());
    const Scenario& s = *l.draft;
    EXPECT_EQ(nodeForPointer(s, "/nodes/1/options/0/next"), "d1");
    EXPECT_EQ(nodeForPointer(s, "/nodes/1"), "d1");
    EXPECT_EQ(nodeForPointer(s, "/facts/0"), "");
    EXPECT_EQ(nodeForPointer(s, ""), "");
}

TEST_F(PluginCopy, ATextEditKeepsThePosition) {
    const AuthorLoad before = load();
    ASSERT_TRUE(before.plugin.usable());
    const Scenario& s = *before.plugin.scenario;
    Session session = startSession(s, before.plugin.manifest, "class_teacher", 1);
    ASSERT_TRUE(sessionStep(session, s, "", 2));
    ASSERT_TRUE(sessionStep(session, s, "tell", 3));
    ASSERT_EQ(session.current().node, "d2");

    replaceAll("scenario.json", "The case is to close.", "The case is about to close.");
    const AuthorLoad after = load();
    ASSERT_TRUE(after.plugin.usable());
    const Reposition r = repositionSession(session, *after.plugin.scenario, after.plugin.manifest);
    ASSERT_TRUE(r.session);
    EXPECT_TRUE(r.kept) << r.message;
    EXPECT_EQ(r.session->current().node, "d2");
    EXPECT_EQ(r.session->history.size(), session.history.size());
    EXPECT_TRUE(r.session->current().flags.count("referred")) << "the state is rebuilt, not just the node";
    EXPECT_EQ(r.session->current().node, "d2");
}

TEST_F(PluginCopy, ARemovedNodeResumesAtTheLastStepThatFits) {
    const AuthorLoad before = load();
    const Scenario& s = *before.plugin.scenario;
    Session session = startSession(s, before.plugin.manifest, "class_teacher", 1);
    ASSERT_TRUE(sessionStep(session, s, "", 2));
    ASSERT_TRUE(sessionStep(session, s, "wait", 3));
    ASSERT_EQ(session.current().node, "d2");

    replaceAll("scenario.json", "\"d2\"", "\"d2_renamed\""); // the id and every reference to it
    const AuthorLoad after = load();
    ASSERT_TRUE(after.plugin.usable()) << formatDiagnostic(after.plugin.diagnostics.front());
    const Reposition r = repositionSession(session, *after.plugin.scenario, after.plugin.manifest);
    ASSERT_TRUE(r.session);
    EXPECT_FALSE(r.kept);
    EXPECT_NE(r.message.find("gone"), std::string::npos) << r.message;
    // The same choices still replay; they now lead to the renamed node.
    EXPECT_EQ(r.session->current().node, "d2_renamed");
    EXPECT_EQ(r.session->history.size(), session.history.size());
}

TEST_F(PluginCopy, AChangedOptionResumesBeforeIt) {
    const AuthorLoad before = load();
    const Scenario& s = *before.plugin.scenario;
    Session session = startSession(s, before.plugin.manifest, "class_teacher", 1);
    ASSERT_TRUE(sessionStep(session, s, "", 2));
    ASSERT_TRUE(sessionStep(session, s, "wait", 3));

    replaceAll("scenario.json", "\"id\": \"wait\"", "\"id\": \"hold_on\"");
    const AuthorLoad after = load();
    ASSERT_TRUE(after.plugin.usable());
    const Reposition r = repositionSession(session, *after.plugin.scenario, after.plugin.manifest);
    ASSERT_TRUE(r.session);
    EXPECT_FALSE(r.kept);
    EXPECT_EQ(r.session->current().node, "d1");
    EXPECT_FALSE(r.diagnostics.empty()) << "the replay says where it stopped";
}

class Jump : public ::testing::Test {
protected:
    void SetUp() override {
        plugin = test::loadFixture("plugins/mini");
        ASSERT_TRUE(plugin.usable());
        s = plugin.scenario.get();
    }
    ScenarioPlugin plugin;
    const Scenario* s = nullptr;
};

TEST_F(Jump, TheStartIsZeroSteps) {
    const NodeRoute r = shortestRouteTo(*s, "class_teacher", "intro");
    ASSERT_TRUE(r.found);
    EXPECT_TRUE(r.steps.empty());
}

TEST_F(Jump, TakesTheFewestSteps) {
    const NodeRoute r = shortestRouteTo(*s, "class_teacher", "d2");
    ASSERT_TRUE(r.found);
    EXPECT_EQ(optionsOf(r.steps), (std::vector<std::string>{"intro:", "d1:tell"}));
}

TEST_F(Jump, StateDecidesTheRoute) {
    // "Accept" at d2 leads to the poor ending only when the school has not referred: the route must
    // avoid "tell", which sets the flag, even though "tell" is listed first.
    const NodeRoute r = shortestRouteTo(*s, "class_teacher", "poor_end");
    ASSERT_TRUE(r.found);
    EXPECT_EQ(optionsOf(r.steps), (std::vector<std::string>{"intro:", "d1:wait", "d2:accept"}));
}

TEST_F(Jump, EachRoleTakesItsOwnOptions) {
    const NodeRoute r = shortestRouteTo(*s, "social_worker", "poor_end");
    ASSERT_TRUE(r.found);
    EXPECT_EQ(optionsOf(r.steps), (std::vector<std::string>{"intro:", "d1:ask", "d2:close"}));
}

TEST_F(Jump, SessionAtNodeHoldsTheStateOfThatPath) {
    std::string why;
    const auto session = sessionAtNode(*s, plugin.manifest, "class_teacher", "d2", 5, &why);
    ASSERT_TRUE(session) << why;
    const RunState& st = session->current();
    EXPECT_EQ(st.node, "d2");
    EXPECT_TRUE(st.flags.count("referred"));
    EXPECT_TRUE(knows(st, "social_worker", "hungry")) << "the teacher told the DSL and social care on the way";
    EXPECT_EQ(st.scores.at("information_sharing"), 2);
    EXPECT_EQ(session->history.size(), 3u) << "every state is kept, so rewind works";
    const auto lines = describePath(*s, st.path);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0], "Start (intro): continue");
    EXPECT_EQ(lines[1], "Hungry (d1): Tell the DSL today.");
}

TEST_F(Jump, SaysWhyWhenItCannot) {
    std::string why;
    EXPECT_FALSE(sessionAtNode(*s, plugin.manifest, "gp", "d2", 0, &why));
    EXPECT_NE(why.find("not a playable role"), std::string::npos) << why;
    EXPECT_FALSE(sessionAtNode(*s, plugin.manifest, "class_teacher", "nowhere", 0, &why));
    EXPECT_NE(why.find("no node"), std::string::npos) << why;
}

TEST_F(Jump, FindsNodesInTheBundledCases) {
    // Every node that the path analysis can reach, the jump reaches too (Peter is the largest case).
    const ScenarioPlugin peter = loadPlugin(test::sourceDir() / "plugins/peter", test::knowledgeBase());
    ASSERT_TRUE(peter.usable());
    const std::string role = peter.manifest.roles.front();
    for (const auto& n : peter.scenario->nodes) {
        const NodeRoute r = shortestRouteTo(*peter.scenario, role, n.id);
        if (!r.found) continue;
        const auto session = sessionAtNode(*peter.scenario, peter.manifest, role, n.id, 0);
        ASSERT_TRUE(session) << n.id;
        EXPECT_EQ(session->current().node, n.id);
    }
}

TEST(AuthorStatus, CountsErrorsAndWarnings) {
    Diagnostics d{{Severity::Error, "f", 1, 1, "", "e"}, {Severity::Warning, "f", 1, 1, "", "w"},
                  {Severity::Warning, "f", 1, 1, "", "w2"}};
    const std::string text = loadStatusText("Reloaded", 0, d);
    EXPECT_EQ(text.rfind("Reloaded at ", 0), 0u) << text;
    EXPECT_NE(text.find(": 1 error, 2 warnings"), std::string::npos) << text;
    EXPECT_NE(loadStatusText("Opened", 0, {}).find("0 errors, 0 warnings"), std::string::npos);
}

} // namespace

namespace {

TEST(AuthorSettings, RecentFoldersAreMostRecentFirstUniqueAndBounded) {
    Settings s;
    for (int i = 0; i < 12; ++i) rememberAuthorFolder(s, "/cases/" + std::to_string(i));
    rememberAuthorFolder(s, "/cases/9");
    ASSERT_EQ(s.recentAuthorFolders.size(), kMaxRecentAuthorFolders);
    EXPECT_EQ(s.recentAuthorFolders[0], "/cases/9");
    EXPECT_EQ(s.recentAuthorFolders[1], "/cases/11");
    EXPECT_EQ(std::count(s.recentAuthorFolders.begin(), s.recentAuthorFolders.end(), "/cases/9"), 1);

    Diagnostics diags;
    const Settings back = settingsFromJson(settingsToJson(s), diags, "settings.json");
    EXPECT_TRUE(diags.empty());
    EXPECT_EQ(back.recentAuthorFolders, s.recentAuthorFolders);
}

} // namespace
