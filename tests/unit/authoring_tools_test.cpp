// The authoring commands `wpt test`, `wpt graph` and `wpt new`, run through the real wpt binary
// (WPT_BINARY), since their code lives only in the executable.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>

#include <nlohmann/json.hpp>

#include "test_support.h"
#include "wholepicture/core/analysis.h"
#include "wholepicture/core/case_document.h"
#include "wholepicture/core/runner.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct WptRun {
    int status = -1;
    std::string out; // stdout and stderr together
};

// Runs wpt with `args` (each single-quoted; none of ours contains a quote).
WptRun wpt(const std::vector<std::string>& args, bool withStderr = true) {
    std::string command = std::string("'") + WPT_BINARY + "'";
    for (const auto& a : args) command += " '" + a + "'";
    if (withStderr) command += " 2>&1";
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

std::string fixture(const std::string& rel) { return (wp::test::fixtures() / rel).string(); }
std::string bundled(const std::string& id) { return (wp::test::sourceDir() / "plugins" / id).string(); }

// A fresh, empty temporary folder, removed at the end of the test.
struct TempDir {
    fs::path path;
    explicit TempDir(const std::string& name) {
        path = fs::temp_directory_path() / ("wp-authoring-" + std::to_string(::getpid()) + "-" + name);
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

std::string readFile(const fs::path& p) {
    std::ifstream f(p);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

// A small well-formedness check for XML: balanced, properly nested tags, quoted attributes, no raw
// '<' or stray '&' in text. Enough to catch an unescaped title or a missing close tag.
std::string xmlProblem(const std::string& x) {
    std::vector<std::string> stack;
    size_t i = 0, roots = 0;
    static const std::regex entity("^&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);");
    auto checkText = [&](size_t from, size_t to) -> std::string {
        for (size_t k = from; k < to; ++k)
            if (x[k] == '&' && !std::regex_search(x.begin() + static_cast<long>(k), x.begin() + static_cast<long>(std::min(to, k + 12)), entity))
                return "stray & at byte " + std::to_string(k);
        return "";
    };
    while (i < x.size()) {
        size_t lt = x.find('<', i);
        if (lt == std::string::npos) lt = x.size();
        if (auto p = checkText(i, lt); !p.empty()) return p;
        if (lt == x.size()) break;
        if (x.compare(lt, 4, "<!--") == 0) {
            size_t end = x.find("-->", lt);
            if (end == std::string::npos) return "unclosed comment";
            i = end + 3;
            continue;
        }
        if (x.compare(lt, 2, "<?") == 0) {
            size_t end = x.find("?>", lt);
            if (end == std::string::npos) return "unclosed processing instruction";
            i = end + 2;
            continue;
        }
        // A tag: find its end, skipping quoted attribute values.
        size_t k = lt + 1;
        char quote = 0;
        for (; k < x.size(); ++k) {
            if (quote) {
                if (x[k] == quote) quote = 0;
                else if (x[k] == '<') return "raw < in an attribute at byte " + std::to_string(k);
            } else if (x[k] == '"' || x[k] == '\'') {
                quote = x[k];
            } else if (x[k] == '>') {
                break;
            }
        }
        if (k >= x.size()) return "unclosed tag at byte " + std::to_string(lt);
        std::string tag = x.substr(lt + 1, k - lt - 1);
        i = k + 1;
        if (!tag.empty() && tag[0] == '/') {
            std::string name = tag.substr(1);
            if (stack.empty() || stack.back() != name)
                return "</" + name + "> does not close <" + (stack.empty() ? "" : stack.back()) + ">";
            stack.pop_back();
            continue;
        }
        bool selfClosing = !tag.empty() && tag.back() == '/';
        std::string name = tag.substr(0, tag.find_first_of(" \t\n/"));
        if (!std::regex_match(name, std::regex("[A-Za-z_][A-Za-z0-9_.:-]*"))) return "bad tag name \"" + name + "\"";
        if (stack.empty()) ++roots;
        if (!selfClosing) stack.push_back(name);
    }
    if (!stack.empty()) return "<" + stack.back() + "> never closed";
    if (roots != 1) return "expected one root element, found " + std::to_string(roots);
    return "";
}

// ---- wpt test ---------------------------------------------------------------------------------

void expectFullCoverage(const std::string& dir) {
    WptRun r = wpt({"test", dir, "--json", "--random", "40", "--seed", "5"});
    ASSERT_EQ(r.status, 0) << r.out;
    json j = json::parse(r.out);
    EXPECT_TRUE(j["ok"].get<bool>());
    EXPECT_TRUE(j["failures"].empty()) << j["failures"].dump(2);
    ASSERT_FALSE(j["roles"].empty());
    for (const auto& role : j["roles"]) {
        SCOPED_TRACE(role["role"].get<std::string>());
        EXPECT_GT(role["options"]["reachable"].get<int>(), 0);
        EXPECT_EQ(role["options"]["played"], role["options"]["reachable"]);
        EXPECT_EQ(role["endings"]["reached"].size(), role["endings"]["total"].get<size_t>());
        // Issue 13: every threshold point the role can reach is placed and chosen through by some play.
        EXPECT_EQ(role["thresholds"]["placed"].size(), role["thresholds"]["total"].get<size_t>());
        // Issue 13 item 4: and every chronology point is built and chosen through, its chronology kept.
        EXPECT_EQ(role["chronologies"]["built"].size(), role["chronologies"]["total"].get<size_t>());
        // Issue 13 item 5: and every challenge point open to the role is played through, its challenge kept.
        EXPECT_EQ(role["challenges"]["made"].size(), role["challenges"]["total"].get<size_t>());
        EXPECT_EQ(role["random"]["runs"].get<int>(), 40);
        EXPECT_EQ(role["random"]["broken_runs"].get<int>(), 0);
        int finished = 0;
        for (const auto& [ending, count] : role["random"]["endings"].items()) finished += count.get<int>();
        EXPECT_EQ(finished, 40); // every random run reached an ending
    }
}

TEST(AuthoringTest, CoversEveryOptionOfTheMiniFixture) { expectFullCoverage(fixture("plugins/mini")); }
TEST(AuthoringTest, CoversEveryOptionOfPeter) { expectFullCoverage(bundled("peter")); }
TEST(AuthoringTest, CoversEveryOptionOfJames) { expectFullCoverage(bundled("james")); }
TEST(AuthoringTest, CoversEveryOptionOfTina) { expectFullCoverage(bundled("tina")); }

TEST(AuthoringTest, TextReportShowsCoveragePerRole) {
    WptRun r = wpt({"test", fixture("plugins/mini"), "--random", "10", "--seed", "1"});
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_NE(r.out.find("(class_teacher): options 4/4 played (100%); endings 2/2 reached"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("(social_worker): options 3/3 played"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("random runs: 10 per role, seed 1"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("result: OK"), std::string::npos);
}

TEST(AuthoringTest, RandomRunsAreRepeatableWithTheSameSeed) {
    auto visits = [](const std::string& seed) {
        WptRun r = wpt({"test", bundled("peter"), "--json", "--role", "dsl", "--random", "60", "--seed", seed});
        EXPECT_EQ(r.status, 0) << r.out;
        return json::parse(r.out)["roles"][0]["random"]["visits"];
    };
    json a = visits("11"), b = visits("11"), c = visits("12");
    EXPECT_EQ(a, b);
    EXPECT_NE(a, c); // a different seed takes different paths through an 11-decision case
}

TEST(AuthoringTest, OneRoleOnly) {
    WptRun r = wpt({"test", fixture("plugins/mini"), "--role", "social_worker", "--json"});
    ASSERT_EQ(r.status, 0) << r.out;
    json j = json::parse(r.out);
    ASSERT_EQ(j["roles"].size(), 1u);
    EXPECT_EQ(j["roles"][0]["role"], "social_worker");
}

// The fixture really breaks at run time: checked with the core runner directly, independently of wpt.
TEST(AuthoringTest, DeadEndFixtureReallyHasNoOptionAfterWaiting) {
    wp::Diagnostics diags;
    auto file = wp::loadJsonFile(wp::test::fixtures() / "broken_runtime/dead_end/scenario.json", diags);
    ASSERT_TRUE(file);
    auto s = wp::parseScenario(*file, diags);
    ASSERT_TRUE(s);
    EXPECT_FALSE(wp::hasErrors(diags)); // structurally sound: only playing (or the path analysis) finds it
    wp::RunState st = wp::startRun(*s, "class_teacher");
    auto atD1 = wp::proceed(*s, st, 0);
    ASSERT_TRUE(atD1);
    auto atD2 = wp::choose(*s, *atD1, "wait", 0);
    ASSERT_TRUE(atD2);
    EXPECT_EQ(atD2->node, "d2");
    EXPECT_TRUE(wp::availableOptions(*s, *atD2).empty());
}

TEST(AuthoringTest, FailsOnADeadEndAndNamesTheNodeAndTheChoices) {
    WptRun r = wpt({"test", fixture("broken_runtime/dead_end"), "--json", "--random", "30", "--seed", "3"});
    EXPECT_EQ(r.status, 1) << r.out;
    json j = json::parse(r.out);
    EXPECT_FALSE(j["ok"].get<bool>());
    bool found = false;
    for (const auto& f : j["failures"])
        if (f["kind"] == "dead_end") {
            found = true;
            EXPECT_EQ(f["node"], "d2");
            EXPECT_EQ(f["role"], "class_teacher");
            EXPECT_EQ(f["path"], json::array({"intro", "d1:wait"}));
            EXPECT_GE(f["runs"].get<int>(), 1);
        }
    EXPECT_TRUE(found) << j["failures"].dump(2);
    WptRun text = wpt({"test", fixture("broken_runtime/dead_end")});
    EXPECT_EQ(text.status, 1);
    EXPECT_NE(text.out.find("error: [dead_end] as class_teacher: no option is available to class_teacher at \"d2\""),
              std::string::npos)
        << text.out;
    EXPECT_NE(text.out.find("reached by intro, d1:wait"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("result: FAILED"), std::string::npos);
}

TEST(AuthoringTest, FailsWhenNoBranchApplies) {
    WptRun r = wpt({"test", fixture("broken_runtime/no_branch"), "--json"});
    EXPECT_EQ(r.status, 1) << r.out;
    json j = json::parse(r.out);
    bool found = false;
    for (const auto& f : j["failures"])
        if (f["kind"] == "no_branch") {
            found = true;
            EXPECT_EQ(f["node"], "d2");
            EXPECT_EQ(f["option"], "accept");
            EXPECT_NE(f["message"].get<std::string>().find("\"d2\""), std::string::npos);
        }
    EXPECT_TRUE(found) << j["failures"].dump(2);
}

TEST(AuthoringTest, RefusesWhatCannotBePlayed) {
    WptRun r = wpt({"test", fixture("broken/dangling_reference")});
    EXPECT_EQ(r.status, 1) << r.out;
    EXPECT_NE(r.out.find("result: FAILED"), std::string::npos) << r.out;
    WptRun missing = wpt({"test", fixture("no/such/folder")});
    EXPECT_EQ(missing.status, 1);
}

TEST(AuthoringTest, UsageErrorsExitWithTwo) {
    EXPECT_EQ(wpt({"test"}).status, 2);
    EXPECT_EQ(wpt({"test", fixture("plugins/mini"), "--random", "many"}).status, 2);
    EXPECT_EQ(wpt({"test", fixture("plugins/mini"), "--role", "astronaut"}).status, 2);
    EXPECT_EQ(wpt({"test", fixture("plugins/mini"), "--bogus"}).status, 2);
    EXPECT_EQ(wpt({"graph", fixture("plugins/mini"), "--format", "png"}).status, 2);
    EXPECT_EQ(wpt({"new"}).status, 2);
}

TEST(AuthoringTest, HelpListsTheNewCommands) {
    WptRun r = wpt({"--help"});
    EXPECT_EQ(r.status, 0);
    for (const char* c : {"  test PLUGIN_DIR", "  graph PLUGIN_DIR", "  new ID", "  format PLUGIN_DIR"}) EXPECT_NE(r.out.find(c), std::string::npos) << c;
}

// ---- wpt graph --------------------------------------------------------------------------------

TEST(AuthoringTest, DotHasAClusterPerStageAndEveryNode) {
    for (const std::string& dir : {fixture("plugins/mini"), bundled("peter"), bundled("james"), bundled("tina")}) {
        SCOPED_TRACE(dir);
        WptRun r = wpt({"graph", dir}, false);
        ASSERT_EQ(r.status, 0) << r.out;
        wp::ScenarioPlugin p = wp::loadPlugin(dir, wp::test::knowledgeBase());
        ASSERT_TRUE(p.usable());
        EXPECT_EQ(r.out.rfind("digraph ", 0), 0u);
        for (const auto& st : p.scenario->stages)
            EXPECT_NE(r.out.find("subgraph \"cluster_" + st.id + "\""), std::string::npos) << st.id;
        for (const auto& n : p.scenario->nodes) EXPECT_NE(r.out.find("\n    \"" + n.id + "\" [label="), std::string::npos) << n.id;
    }
}

TEST(AuthoringTest, DotMarksRolesConditionsAndCriticalOptions) {
    WptRun r = wpt({"graph", fixture("plugins/mini")}, false);
    ASSERT_EQ(r.status, 0);
    // "tell" is the class teacher's must-do option; "challenge" has a "when".
    EXPECT_NE(r.out.find("\"d1\" -> \"d2\" [label=\"tell: Tell the DSL today. [Teacher]\", penwidth=2.5, color=\"#1b7a2e\", style=\"bold\"]"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("challenge: Challenge the closure. [Teacher] (when referred)\", style=\"dashed\""), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("shape=doubleoctagon"), std::string::npos);
    EXPECT_NE(r.out.find("shape=note"), std::string::npos);
    WptRun role = wpt({"graph", fixture("plugins/mini"), "--role", "social_worker"}, false);
    ASSERT_EQ(role.status, 0);
    EXPECT_EQ(role.out.find("tell:"), std::string::npos); // the teacher's options are left out
    EXPECT_NE(role.out.find("ask:"), std::string::npos);
}

TEST(AuthoringTest, BuiltInSvgIsWellFormedAndHasEveryNode) {
    TempDir tmp("svg");
    for (const std::string id : {"peter", "james", "tina"}) {
        SCOPED_TRACE(id);
        fs::path out = tmp.path / (id + ".svg");
        WptRun r = wpt({"graph", bundled(id), "--format", "svg", "--renderer", "builtin", "-o", out.string()});
        ASSERT_EQ(r.status, 0) << r.out;
        std::string svg = readFile(out);
        EXPECT_EQ(xmlProblem(svg), "");
        EXPECT_NE(svg.find("<svg xmlns=\"http://www.w3.org/2000/svg\""), std::string::npos);
        wp::ScenarioPlugin p = wp::loadPlugin(bundled(id), wp::test::knowledgeBase());
        ASSERT_TRUE(p.usable());
        for (const auto& n : p.scenario->nodes) EXPECT_NE(svg.find("data-node=\"" + n.id + "\""), std::string::npos) << n.id;
        for (const auto& st : p.scenario->stages) EXPECT_NE(svg.find(">" + st.date + "<"), std::string::npos) << st.id;
    }
}

TEST(AuthoringTest, XmlCheckCatchesBrokenDocuments) {
    EXPECT_EQ(xmlProblem("<a><b x=\"1\"/>t &amp; u</a>"), "");
    EXPECT_NE(xmlProblem("<a><b></a>"), "");
    EXPECT_NE(xmlProblem("<a>x & y</a>"), "");
    EXPECT_NE(xmlProblem("<a>"), "");
}

// ---- wpt new ----------------------------------------------------------------------------------

// Plays every role of a loaded plugin with the core runner, taking the first available option each
// time, and expects an ending within a few steps.
void expectEveryRoleReachesAnEnding(const wp::ScenarioPlugin& p) {
    for (const auto& role : p.manifest.roles) {
        SCOPED_TRACE(role);
        wp::RunState st = wp::startRun(*p.scenario, role);
        for (int steps = 0; steps < 20 && !wp::atEnding(*p.scenario, st); ++steps) {
            std::optional<wp::RunState> next;
            if (wp::currentNode(*p.scenario, st).type == wp::NodeType::Narrative) {
                next = wp::proceed(*p.scenario, st, 0);
            } else {
                auto options = wp::availableOptions(*p.scenario, st);
                ASSERT_FALSE(options.empty()) << st.node;
                next = wp::choose(*p.scenario, st, options.front()->id, 0);
            }
            ASSERT_TRUE(next) << st.node;
            st = *next;
        }
        EXPECT_TRUE(wp::atEnding(*p.scenario, st));
    }
}

TEST(AuthoringTest, NewScaffoldLintsCleanAndPlays) {
    TempDir tmp("new");
    fs::path dir = tmp.path / "sam_aged_8";
    WptRun made = wpt({"new", "sam_aged_8", "--dir", dir.string()});
    ASSERT_EQ(made.status, 0) << made.out;
    for (const char* f : {"plugin.json", "scenario.json", "README.md"}) EXPECT_TRUE(fs::exists(dir / f)) << f;
    // It says the next steps, including the app's author mode, with the folder it made.
    EXPECT_NE(made.out.find("wpt lint " + dir.string()), std::string::npos) << made.out;
    EXPECT_NE(made.out.find("wholepicture --author " + dir.string()), std::string::npos) << made.out;

    WptRun lint = wpt({"lint", dir.string()});
    EXPECT_EQ(lint.status, 0) << lint.out;
    EXPECT_NE(lint.out.find("1 plugin checked: 0 errors, 0 warnings"), std::string::npos) << lint.out;

    wp::ScenarioPlugin p = wp::loadPlugin(dir, wp::test::knowledgeBase());
    ASSERT_TRUE(p.usable());
    EXPECT_TRUE(p.diagnostics.empty());
    EXPECT_EQ(p.manifest.id, "sam_aged_8");
    EXPECT_EQ(p.manifest.roles, (std::vector<std::string>{"class_teacher", "social_worker"}));
    size_t decisions = 0;
    for (const auto& n : p.scenario->nodes) {
        if (n.type != wp::NodeType::Decision) continue;
        ++decisions;
        EXPECT_GE(n.perspectives.size(), 3u);
        for (const auto& o : n.options) {
            EXPECT_FALSE(o.feedback.guidance.empty());
            EXPECT_GE(o.feedback.views.size(), 2u);
        }
    }
    EXPECT_EQ(decisions, 3u);
    EXPECT_FALSE(p.scenario->criticalActions.empty());
    EXPECT_FALSE(p.scenario->flags.empty());
    expectEveryRoleReachesAnEnding(p);

    WptRun test = wpt({"test", dir.string(), "--json", "--random", "50", "--seed", "9"});
    EXPECT_EQ(test.status, 0) << test.out;
    json j = json::parse(test.out);
    for (const auto& role : j["roles"]) {
        EXPECT_EQ(role["options"]["played"], role["options"]["reachable"]);
        EXPECT_EQ(role["endings"]["reached"].size(), 2u);
    }

    // $schema outside the source tree too: a path relative to the folder (an absolute one broke on the next
    // computer, authoring review 11) that leads to the schema.
    json manifest = json::parse(readFile(dir / "plugin.json"));
    fs::path schema = manifest["$schema"].get<std::string>();
    EXPECT_TRUE(schema.is_relative()) << schema;
    EXPECT_TRUE(fs::exists(dir / schema)) << schema;
    EXPECT_EQ(schema.filename(), "plugin.schema.json");
    json scenario = json::parse(readFile(dir / "scenario.json"));
    fs::path scenarioSchema = scenario["$schema"].get<std::string>();
    EXPECT_TRUE(scenarioSchema.is_relative()) << scenarioSchema;
    EXPECT_TRUE(fs::exists(dir / scenarioSchema)) << scenarioSchema;
    EXPECT_NE(readFile(dir / "README.md").find("wpt lint"), std::string::npos);
}

TEST(AuthoringTest, NewScaffoldWorksForOtherRoles) {
    TempDir tmp("roles");
    fs::path dir = tmp.path / "case";
    WptRun made = wpt({"new", "case-two", "--dir", dir.string(), "--roles", "dsl,senco,health_visitor"});
    ASSERT_EQ(made.status, 0) << made.out;
    WptRun lint = wpt({"lint", dir.string()});
    EXPECT_NE(lint.out.find("0 errors, 0 warnings"), std::string::npos) << lint.out;
    wp::ScenarioPlugin p = wp::loadPlugin(dir, wp::test::knowledgeBase());
    ASSERT_TRUE(p.usable());
    expectEveryRoleReachesAnEnding(p);
    EXPECT_EQ(wpt({"test", dir.string()}).status, 0);
}

TEST(AuthoringTest, NewRefusesToOverwriteAndBadIds) {
    TempDir tmp("refuse");
    fs::path dir = tmp.path / "taken";
    fs::create_directories(dir);
    std::ofstream(dir / "notes.txt") << "mine";
    WptRun r = wpt({"new", "taken", "--dir", dir.string()});
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.out.find("already exists"), std::string::npos) << r.out;
    EXPECT_EQ(readFile(dir / "notes.txt"), "mine");
    EXPECT_FALSE(fs::exists(dir / "plugin.json"));

    EXPECT_EQ(wpt({"new", "Bad_Id", "--dir", (tmp.path / "x").string()}).status, 2);
    EXPECT_EQ(wpt({"new", "9lives", "--dir", (tmp.path / "y").string()}).status, 2);
    WptRun role = wpt({"new", "ok", "--dir", (tmp.path / "z").string(), "--roles", "social_workr"});
    EXPECT_EQ(role.status, 2);
    EXPECT_NE(role.out.find("did you mean \"social_worker\""), std::string::npos) << role.out;
    EXPECT_FALSE(fs::exists(tmp.path / "z"));
}

} // namespace

// A trainer asks about one command the way most tools allow; the answer is the usage, not an error.
TEST(WptHelp, HelpAfterACommandPrintsThatCommandsUsage) {
    const std::vector<std::pair<const char*, const char*>> usage = {
        {"analyse", "usage: wpt analyse PLUGIN_DIR"}, {"test", "usage: wpt test PLUGIN_DIR"},
        {"graph", "usage: wpt graph PLUGIN_DIR"},     {"new", "usage: wpt new ID"},
        {"lint", "usage: wpt lint PATH..."},          {"play", "usage: wpt play PLUGIN_DIR"}};
    for (const auto& [command, line] : usage) {
        WptRun r = wpt({command, "--help"});
        EXPECT_EQ(r.status, 0) << command << ": " << r.out;
        EXPECT_NE(r.out.find(line), std::string::npos) << command << ": " << r.out;
        EXPECT_EQ(r.out.find("unknown option"), std::string::npos) << command;
        EXPECT_EQ(r.out.find("commands:"), std::string::npos) << command << " printed the general help: " << r.out;
        EXPECT_EQ(r.out.find('%'), std::string::npos) << command << " printed a placeholder: " << r.out;
        EXPECT_EQ(r.out.find("common options:"), r.out.rfind("common options:")) << command << " repeats its common options: " << r.out;
        for (const auto& [other, otherLine] : usage)
            if (std::string(other) != command) {
                EXPECT_EQ(r.out.find(otherLine), std::string::npos) << command << " shows " << other;
            }
    }
    EXPECT_NE(wpt({"play", "--help"}).out.find("--proofread"), std::string::npos);
    WptRun general = wpt({"--help"});
    EXPECT_NE(general.out.find("commands:"), std::string::npos) << general.out;
}

// Commands with verbs and many options answer --help with all of them, not just a one-line usage.
TEST(WptHelp, CommandsWithTheirOwnHelpListTheirVerbsAndOptions) {
    const std::vector<std::pair<const char*, const char*>> own = {{"records", "--training-record"},
                                                                  {"records", "profiles"},
                                                                  {"records-bench", "--runs N"},
                                                                  {"report", "--play PLUGIN_DIR"},
                                                                  {"room-report", "--csv"},
                                                                  {"transcript", "--compare"}};
    for (const auto& [command, detail] : own) {
        WptRun r = wpt({command, "--help"});
        EXPECT_EQ(r.status, 0) << command << ": " << r.out;
        EXPECT_NE(r.out.find(detail), std::string::npos) << command << " --help leaves out " << detail << ": " << r.out;
        EXPECT_EQ(r.out.find("commands:"), std::string::npos) << command << " printed the general help";
    }
}

TEST(WptNew, RolesWithASpaceAfterTheCommaAndUnknownRolesListTheValidOnes) {
    TempDir tmp("new_roles");
    fs::path dir = tmp.path / "case";
    WptRun made = wpt({"new", "spaced", "--dir", dir.string(), "--roles", "dsl,", "class_teacher"});
    ASSERT_EQ(made.status, 0) << made.out;
    json manifest = json::parse(readFile(dir / "plugin.json"));
    EXPECT_EQ(manifest["roles"], json({"dsl", "class_teacher"}));
    WptRun bad = wpt({"new", "other", "--dir", (tmp.path / "x").string(), "--roles", "form_tutor"});
    EXPECT_EQ(bad.status, 2);
    EXPECT_NE(bad.out.find("The roles are: class_teacher, head_teacher, dsl"), std::string::npos) << bad.out;
}

// `wpt play` shows every text the role reads on the way, so a run can be proofread.
TEST(WptPlay, PrintsNarrativeSituationAndQuestionTexts) {
    const std::string dir = fixture("plugins/maya_and_leo");
    wp::ScenarioPlugin p = wp::loadPlugin(dir, wp::test::knowledgeBase());
    ASSERT_TRUE(p.usable());
    const wp::Node& first = *p.scenario->node(p.scenario->start);
    WptRun r = wpt({"play", dir, "--role", "dsl"});
    EXPECT_EQ(r.status, 0) << r.out;
    const wp::Node* decision = &first;
    if (first.type == wp::NodeType::Narrative) {
        EXPECT_NE(r.out.find(first.text.forRole("dsl").substr(0, 60)), std::string::npos) << r.out;
        decision = p.scenario->node(first.next.front().to);
    }
    ASSERT_NE(decision, nullptr);
    EXPECT_NE(r.out.find(decision->situation.forRole("dsl").substr(0, 60)), std::string::npos) << r.out;
    // Without --choose it lists each option with its text, not ids only.
    for (const auto& o : decision->options)
        if (wp::optionForRole(o, "dsl")) {
            EXPECT_NE(r.out.find(o.id + ": " + o.text), std::string::npos) << r.out;
        }
}

TEST(WptPlay, ProofreadPrintsEveryTextTheRoleCanRead) {
    const std::string dir = fixture("plugins/maya_and_leo");
    wp::ScenarioPlugin p = wp::loadPlugin(dir, wp::test::knowledgeBase());
    ASSERT_TRUE(p.usable());
    for (const std::string role : {"dsl", "social_worker"}) {
        WptRun r = wpt({"play", dir, "--role", role, "--proofread"});
        ASSERT_EQ(r.status, 0) << r.out;
        wp::RoleAnalysis a = wp::analyseRole(*p.scenario, role);
        size_t checked = 0;
        for (const auto& n : p.scenario->nodes) {
            if (!a.reachableNodes.count(n.id)) continue;
            auto has = [&](const std::string& text) {
                ++checked;
                EXPECT_NE(r.out.find(text), std::string::npos) << role << " " << n.id << ": missing \"" << text << "\"";
            };
            if (n.type == wp::NodeType::Decision) {
                has(n.situation.forRole(role));
                for (const auto& per : n.perspectives) has(per.knows);
                for (const auto& o : n.options) {
                    if (!a.reachableOptions.count({n.id, o.id})) {
                        EXPECT_EQ(r.out.find("Option " + o.id + ":"), std::string::npos) << role << " cannot take " << o.id;
                        continue;
                    }
                    has(o.text);
                    has(o.feedback.outcome);
                    for (const auto& [who, view] : o.feedback.views) has(view);
                }
            } else {
                has(n.text.forRole(role));
                if (n.type == wp::NodeType::Ending && !n.whatHappened.empty()) has(n.whatHappened);
            }
        }
        EXPECT_GT(checked, 20u);
    }
}

TEST(WptAnalyse, ReportsTheBestWholePictureFigure) {
    WptRun r = wpt({"analyse", fixture("plugins/mini"), "--json"});
    ASSERT_EQ(r.status, 0) << r.out;
    json j = json::parse(r.out);
    for (const auto& role : j["roles"]) {
        const json& w = role["whole_picture_best"];
        EXPECT_EQ(w["all_key_pairs"], 3) << "hungry for social_worker and dsl, missed_gp for social_worker";
        EXPECT_LE(w["reached"].get<int>(), w["possible"].get<int>());
        if (role["role"] == "social_worker") {
            // Asking (hungry) and checking with the GP (missed_gp) reach the social worker; nothing tells the DSL.
            EXPECT_EQ(w["reached"], 2) << r.out;
            EXPECT_EQ(w["possible"], 3) << r.out;
        }
    }
    WptRun text = wpt({"analyse", fixture("plugins/mini")});
    EXPECT_NE(text.out.find("whole picture: at best"), std::string::npos) << text.out;
}

TEST(WptPlay, RoleLabelsNameTheRole) {
    TempDir tmp("labels");
    fs::copy(fixture("plugins/mini"), tmp.path, fs::copy_options::recursive);
    json scenario = json::parse(readFile(tmp.path / "scenario.json"));
    scenario["role_labels"] = {{"class_teacher", "Form tutor"}};
    std::ofstream(tmp.path / "scenario.json", std::ios::trunc) << scenario.dump(2);
    WptRun r = wpt({"play", tmp.path.string(), "--role", "class_teacher", "--choose", "tell"});
    EXPECT_EQ(r.status, 0) << r.out;
    EXPECT_NE(r.out.find("as Form tutor"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("- Form tutor: "), std::string::npos) << r.out;
}

// The guide's worked example (plugins/README.md section 1, written by following it): it stays clean,
// every option is played for both roles, and the two endings follow from whether the agencies linked up.
TEST(WorkedExample, LintsCleanTestsFullyAndPlaysToBothEndings) {
    const std::string dir = fixture("plugins/maya_and_leo");
    WptRun lint = wpt({"lint", dir});
    EXPECT_EQ(lint.status, 0) << lint.out;
    EXPECT_NE(lint.out.find("0 errors, 0 warnings"), std::string::npos) << lint.out;

    WptRun test = wpt({"test", dir, "--random", "50", "--seed", "1"});
    EXPECT_EQ(test.status, 0) << test.out;
    EXPECT_NE(test.out.find("(dsl): options 6/6 played (100%); endings 2/2 reached"), std::string::npos) << test.out;
    EXPECT_NE(test.out.find("(social_worker): options 6/6 played (100%); endings 2/2 reached"), std::string::npos)
        << test.out;

    WptRun joined = wpt({"play", dir, "--role", "dsl", "--choose", "call_social_care,refer_today,joint_meeting", "--json"});
    ASSERT_EQ(joined.status, 0) << joined.out;
    json j = json::parse(joined.out);
    EXPECT_EQ(j["ending"]["id"], "end_joined");
    EXPECT_TRUE(j["critical"]["missed"].empty()) << joined.out;

    WptRun apart = wpt({"play", dir, "--role", "social_worker", "--choose", "assess_leo_only,close_contact,joint_meeting",
                        "--json"});
    ASSERT_EQ(apart.status, 0) << apart.out;
    j = json::parse(apart.out);
    EXPECT_EQ(j["ending"]["id"], "end_late") << "a joint meeting too late still ends apart";
    EXPECT_FALSE(j["critical"]["missed"].empty()) << apart.out;
}

TEST(WptPlay, AnUnfinishedRunListsCriticalActionsStillAheadAsNotReached) {
    // The class teacher stopped before d1, where the must-do "tell" is open: not reached, not missed.
    WptRun early = wpt({"play", fixture("plugins/mini"), "--role", "class_teacher", "--json"}, false);
    ASSERT_EQ(early.status, 0) << early.out;
    const json a = json::parse(early.out);
    EXPECT_TRUE(a["critical"]["missed"].empty()) << early.out;
    ASSERT_EQ(a["critical"]["not_reached"].size(), 1u) << early.out;
    EXPECT_EQ(a["critical"]["not_reached"][0]["id"], "ca_tell");
    // Past d1 without telling: missed.
    WptRun past = wpt({"play", fixture("plugins/mini"), "--role", "class_teacher", "--choose", "wait", "--json"}, false);
    ASSERT_EQ(past.status, 0) << past.out;
    const json b = json::parse(past.out);
    ASSERT_EQ(b["critical"]["missed"].size(), 1u) << past.out;
    EXPECT_TRUE(b["critical"]["not_reached"].empty());
}

// ---- wpt format -------------------------------------------------------------------------------

// A case written by hand in another layout is rewritten in the editor's, with the same values in the
// same order; --check lists what would change and writes nothing.
TEST(WptFormat, RewritesAHandWrittenCaseInTheEditorsLayoutKeepingEveryValue) {
    TempDir tmp("format");
    const fs::path dir = tmp.path / "mini";
    fs::copy(fixture("plugins/mini"), dir, fs::copy_options::recursive);
    std::ifstream in(dir / "scenario.json", std::ios::binary);
    const nlohmann::ordered_json original = nlohmann::ordered_json::parse(in);
    in.close();
    { std::ofstream(dir / "scenario.json", std::ios::binary | std::ios::trunc) << original.dump(4); } // four spaces, no newline
    const std::string handWritten = readFile(dir / "scenario.json");

    WptRun check = wpt({"format", dir.string(), "--check"});
    EXPECT_EQ(check.status, 1) << check.out;
    EXPECT_NE(check.out.find("scenario.json: would be reformatted"), std::string::npos) << check.out;
    EXPECT_EQ(readFile(dir / "scenario.json"), handWritten) << "--check writes nothing";

    WptRun run = wpt({"format", dir.string()});
    EXPECT_EQ(run.status, 0) << run.out;
    EXPECT_NE(run.out.find("scenario.json: reformatted"), std::string::npos) << run.out;
    const std::string formatted = readFile(dir / "scenario.json");
    EXPECT_EQ(formatted, wp::canonicalJsonText(original));
    EXPECT_EQ(nlohmann::ordered_json::parse(formatted), original) << "the same keys, values and order";
    EXPECT_EQ(wpt({"format", dir.string(), "--check"}).status, 0);

    // A file that does not parse is named and left alone.
    { std::ofstream(dir / "scenario.json", std::ios::binary | std::ios::trunc) << "{\"title\": \"Sam\",\n"; }
    WptRun broken = wpt({"format", dir.string()});
    EXPECT_EQ(broken.status, 1);
    EXPECT_NE(broken.out.find("scenario.json:"), std::string::npos) << broken.out;
    EXPECT_EQ(readFile(dir / "scenario.json"), "{\"title\": \"Sam\",\n");
    EXPECT_EQ(wpt({"format"}).status, 2);
}
