#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "wholepicture/core/debrief.h"
#include "wholepicture/core/json_file.h"
#include "wholepicture/core/loader.h"
#include "wholepicture/core/report.h"
#include "wholepicture/core/transcript.h"

using namespace wp;
namespace fs = std::filesystem;

namespace {

const KnowledgeBase& kb() {
    static KnowledgeBase k = [] {
        Diagnostics d;
        return loadKnowledgeBase(std::string(WP_SOURCE_DIR) + "/content", d);
    }();
    return k;
}

std::string readFile(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// The mini fixture with markup-like text in the places scenario text reaches the report.
Scenario hostileMini() {
    std::string text = readFile(fs::path(WP_TEST_FIXTURES) / "plugins/mini/scenario.json");
    auto replaceAll = [&](const std::string& from, const std::string& to) {
        for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) text.replace(at, from.size(), to);
    };
    replaceAll("In the real case ...", "In the real case <b>nobody</b> & no one <script>x</script> asked.");
    replaceAll("\"Wait and see.\"", "\"Wait and <b>see</b>.\"");
    replaceAll("\"Oak Primary\"", "\"Oak <i>Primary</i>\"");
    replaceAll("\"proposals\": [\"p\"]", "\"proposals\": [\"<em>Meet</em> termly\"]");
    Diagnostics d;
    auto f = parseJsonText(text, "mini.json", d);
    EXPECT_TRUE(f);
    auto s = parseScenario(*f, d);
    EXPECT_TRUE(s);
    return *s;
}

Session play(const Scenario& s, const PluginManifest& m, const std::string& role, const std::vector<std::string>& choices) {
    Session session = startSession(s, m, role, 1'767'225'600'000); // 1 January 2026
    size_t next = 0;
    while (!atEnding(s, session.current())) {
        const Node& n = currentNode(s, session.current());
        if (n.type != NodeType::Narrative && next >= choices.size()) break;
        EXPECT_TRUE(sessionStep(session, s, n.type == NodeType::Narrative ? "" : choices[next++], 0));
    }
    return session;
}

} // namespace

TEST(Report, HtmlCarriesScoresMapsEndingAndEscapesScenarioText) {
    ScenarioPlugin p = loadPlugin(std::string(WP_TEST_FIXTURES) + "/plugins/mini", kb());
    ASSERT_TRUE(p.usable());
    Scenario s = hostileMini();
    Session session = play(s, p.manifest, "class_teacher", {"wait", "accept"});
    session.reflection = "Next time <u>ask</u>.";
    Debrief d = buildDebrief(s, p.manifest, kb(), session);
    std::string html = debriefToHtml(d, s, p.manifest, kb());

    EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
    EXPECT_NE(html.find("@page"), std::string::npos);
    EXPECT_NE(html.find("size: A4"), std::string::npos);
    EXPECT_NE(html.find("Content warning"), std::string::npos);
    EXPECT_LT(html.find("Content warning"), html.find("At a glance"));
    EXPECT_NE(html.find("1 January 2026"), std::string::npos);
    // Each dimension's name and score.
    for (const auto& dim : d.dimensions) {
        EXPECT_NE(html.find(dim.name), std::string::npos) << dim.id;
        EXPECT_NE(html.find("data-dimension=\"" + dim.id + "\""), std::string::npos);
        EXPECT_NE(html.find("Score <b>" + std::to_string(dim.score) + "</b>"), std::string::npos) << dim.id;
        EXPECT_NE(html.find("best " + std::to_string(dim.best)), std::string::npos);
        // The numbers beside the bar name both of its ends, as the app does.
        EXPECT_NE(html.find("</b></span><span class=\"range\">(worst " + std::to_string(dim.worst) + ", best " +
                            std::to_string(dim.best) + ")"),
                  std::string::npos)
            << dim.id;
    }
    // Two inline maps, the missed marker, the ending, prompts, guidance with the local-procedures line.
    size_t svgs = 0;
    for (size_t at = html.find("<svg "); at != std::string::npos; at = html.find("<svg ", at + 1)) ++svgs;
    EXPECT_EQ(svgs, 2u);
    EXPECT_NE(html.find("missed connection"), std::string::npos);
    EXPECT_NE(html.find("In the real case &lt;b&gt;nobody&lt;/b&gt; &amp; no one &lt;script&gt;"), std::string::npos);
    EXPECT_NE(html.find("Wait and &lt;b&gt;see&lt;/b&gt;"), std::string::npos);
    EXPECT_NE(html.find("&lt;em&gt;Meet&lt;/em&gt; termly"), std::string::npos);
    EXPECT_NE(html.find("Next time &lt;u&gt;ask&lt;/u&gt;"), std::string::npos);
    EXPECT_NE(html.find("Why work together?"), std::string::npos);
    EXPECT_NE(html.find("follow your local safeguarding partnership"), std::string::npos);
    EXPECT_NE(html.find("Keeping Children Safe in Education"), std::string::npos);
    // Missed critical action named in the glance paragraph.
    EXPECT_NE(html.find("Tell the DSL the same day."), std::string::npos);
    EXPECT_LT(html.find("Critical action missed"), html.find("Scores by dimension"));
    // An unfinished run: the critical action still ahead reads "Not reached yet", not "Missed".
    {
        Session early = play(s, p.manifest, "class_teacher", {});
        const std::string partial = debriefToHtml(buildDebrief(s, p.manifest, kb(), early), s, p.manifest, kb());
        EXPECT_NE(partial.find("<span class=\"tag pending\">Not reached yet</span>"), std::string::npos);
        EXPECT_EQ(partial.find("Critical action missed"), std::string::npos);
        EXPECT_NE(partial.find("No critical action missed so far; 1 lies in decisions not reached yet."), std::string::npos);
    }
    // Stronger option shown where the trainee's choice was not the strongest.
    EXPECT_NE(html.find("Stronger from here"), std::string::npos);
    // No scenario markup survives unescaped.
    for (const char* raw : {"<b>nobody", "<script", "<b>see", "<em>", "<i>Primary", "<u>ask"})
        EXPECT_EQ(html.find(raw), std::string::npos) << raw;
    // Self-contained: no external resources.
    EXPECT_EQ(html.find("http://"), html.find("http://www.w3.org/2000/svg"));
    EXPECT_EQ(html.find("https://"), std::string::npos);
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_EQ(html.find("<link"), std::string::npos);
}

#ifdef WPT_BINARY
namespace {
int run(const std::string& cmd, std::string* err = nullptr) {
    std::string full = cmd + " 2>" + (fs::temp_directory_path() / "wpt_report_err.txt").string();
    int rc = std::system(full.c_str());
    if (err) *err = readFile(fs::temp_directory_path() / "wpt_report_err.txt");
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}
} // namespace

TEST(Report, WptReportEndToEnd) {
    fs::path dir = fs::temp_directory_path() / ("wpt_report_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    std::string wpt = WPT_BINARY;
    std::string fixtures = std::string(WP_TEST_FIXTURES) + "/plugins";
    std::string err;
    // Play, write the report and the session.
    ASSERT_EQ(run(wpt + " report --play " + fixtures + "/mini --role class_teacher --choose wait,accept -o " +
                  (dir / "a.html").string() + " --json-out " + (dir / "s.json").string() + " > /dev/null", &err), 0) << err;
    std::string a = readFile(dir / "a.html");
    EXPECT_NE(a.find("<svg "), std::string::npos);
    EXPECT_NE(a.find("In the real case ..."), std::string::npos);
    // The saved session reproduces the same report, finding the plugin through --plugins.
    ASSERT_EQ(run(wpt + " report " + (dir / "s.json").string() + " --plugins " + fixtures + " -o " + (dir / "b.html").string() +
                  " > /dev/null", &err), 0) << err;
    EXPECT_EQ(readFile(dir / "b.html"), a);
    // A bundled case by id, no --plugins needed.
    ASSERT_EQ(run(wpt + " report --play " + std::string(WP_SOURCE_DIR) + "/plugins/peter --role dsl -o " + (dir / "p.html").string() +
                  " --json-out " + (dir / "p.json").string() + " > /dev/null", &err), 0) << err;
    EXPECT_EQ(run(wpt + " report " + (dir / "p.json").string() + " -o " + (dir / "p2.html").string() + " > /dev/null", &err), 0) << err;
    // Failures: missing file, corrupt file, unknown plugin, a path that no longer fits, usage.
    EXPECT_EQ(run(wpt + " report " + (dir / "nope.json").string() + " -o " + (dir / "x.html").string(), &err), 1);
    EXPECT_NE(err.find("no such session file"), std::string::npos) << err;
    { std::ofstream(dir / "bad.json") << "{ \"format\": "; }
    EXPECT_EQ(run(wpt + " report " + (dir / "bad.json").string() + " -o " + (dir / "x.html").string(), &err), 1);
    EXPECT_NE(err.find("bad.json:"), std::string::npos) << err;
    nlohmann::json s = nlohmann::json::parse(readFile(dir / "s.json"));
    nlohmann::json other = s;
    other["plugin"] = "no_such_case";
    { std::ofstream(dir / "other.json") << other.dump(); }
    EXPECT_EQ(run(wpt + " report " + (dir / "other.json").string() + " -o " + (dir / "x.html").string(), &err), 1);
    EXPECT_NE(err.find("not installed"), std::string::npos) << err;
    nlohmann::json drift = s;
    drift["path"][2]["node"] = "gone";
    { std::ofstream(dir / "drift.json") << drift.dump(); }
    EXPECT_EQ(run(wpt + " report " + (dir / "drift.json").string() + " --plugins " + fixtures + " -o " + (dir / "d.html").string() +
                  " > /dev/null", &err), 0);
    EXPECT_NE(err.find("still fit"), std::string::npos) << err;
    EXPECT_TRUE(fs::exists(dir / "d.html"));
    EXPECT_EQ(run(wpt + " report -o " + (dir / "x.html").string(), &err), 2);
    EXPECT_EQ(run(wpt + " report --play " + fixtures + "/mini -o " + (dir / "x.html").string(), &err), 2);
    EXPECT_EQ(run(wpt + " report --play " + fixtures + "/mini --role class_teacher --choose nope -o " + (dir / "x.html").string(), &err), 1);
    EXPECT_FALSE(fs::exists(dir / "x.html"));
    fs::remove_all(dir);
}
#endif

// UX review defect 23: a must-avoid action that was done reads as a sentence, and the Developing band
// is amber in the report as in the app (ui bandColour: palette.warning).
TEST(Report, ADoneMustAvoidActionReadsNaturallyAndDevelopingIsAmber) {
    ScenarioPlugin p = loadPlugin(std::string(WP_TEST_FIXTURES) + "/plugins/mini", kb());
    ASSERT_TRUE(p.usable());
    Scenario s = hostileMini();
    Session session = play(s, p.manifest, "class_teacher", {"wait", "accept"});
    Debrief d = buildDebrief(s, p.manifest, kb(), session);
    DebriefCritical avoid;
    avoid.id = "promise";
    avoid.mustDo = false;
    avoid.text = "Promise the child secrecy.";
    d.critical.push_back(avoid);
    const std::string html = debriefToHtml(d, s, p.manifest, kb());
    EXPECT_NE(html.find("<li>Done, and it should have been avoided: Promise the child secrecy.</li>"), std::string::npos);
    EXPECT_EQ(html.find("Done, though"), std::string::npos);
    const size_t mid = html.find(".fill.mid { background: #");
    ASSERT_NE(mid, std::string::npos);
    const unsigned rgb = static_cast<unsigned>(std::stoul(html.substr(mid + 25, 6), nullptr, 16));
    const unsigned r = rgb >> 16, g = (rgb >> 8) & 0xFF, b = rgb & 0xFF;
    EXPECT_TRUE(r > g && g > b && g * 10 > r * 5) << "amber (orange-yellow), not blue: " << html.substr(mid + 24, 7);
}

// Authoring review 13: an invented case never claims to be drawn from a real case review, in the
// debrief report or in the transcript's footer; a real one says where it comes from.
TEST(Report, AnInventedCaseSaysItIsInventedAndARealOneThatItIsReal) {
    ScenarioPlugin p = loadPlugin(std::string(WP_TEST_FIXTURES) + "/plugins/mini", kb());
    ASSERT_TRUE(p.usable());
    for (const bool invented : {false, true}) {
        PluginManifest m = p.manifest;
        m.invented = invented;
        const Session session = play(*p.scenario, m, "class_teacher", {"wait", "accept"});
        const Debrief d = buildDebrief(*p.scenario, m, kb(), session);
        const std::string report = debriefToHtml(d, *p.scenario, m, kb());
        const std::string transcript = sessionTranscriptHtml(session, *p.scenario, m, kb());
        for (const std::string* html : {&report, &transcript}) {
            // (The apostrophe in "child's" is escaped in HTML.)
            EXPECT_EQ(html->find("invented for training") != std::string::npos, invented) << invented;
            EXPECT_EQ(html->find("drawn from a real child") != std::string::npos, !invented) << invented;
            EXPECT_EQ(html->find("published case review"), std::string::npos) << "the old fixed wording";
        }
    }
}
