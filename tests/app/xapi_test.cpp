// The xAPI statement builder (xapi.h): golden files for a fixed run and a fixed room session, and the
// properties the validator does not check (ecosystem.md §2.2): ids are UUIDs, distinct and the same
// across calls; a decision's choices are distinct; the response is one of them; nothing private leaves.
//
// The golden files are tests/fixtures/xapi/*.json. After a deliberate change to what statements say,
// rewrite them with WP_UPDATE_XAPI_GOLDEN=1 and read the diff before committing it.
#include <cstdlib>
#include <fstream>
#include <set>

#include <gtest/gtest.h>

#include "app_fixture.h"
#include "wholepicture/app/xapi.h"
#include "wholepicture/core/room.h"

namespace wp::test {
namespace {

using namespace wp::app;
namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kGoldenDir = fs::path(WP_SOURCE_DIR) / "tests/fixtures/xapi";

Profile sampleProfile() { return {7, "Sam Example", "0c4f9a52-3d1e-4a8b-9f0e-5a6b7c8d9e0f", 1'764'800'000'000}; }

XapiOptions sampleOptions() {
    XapiOptions o;
    o.homePage = "https://training.example.org";
    return o;
}

RunRecord sampleRun() {
    RunRecord r;
    r.id = "run-20261204-153012-peter-dsl";
    r.pluginId = "peter";
    r.pluginVersion = "1.2.0";
    r.caseTitle = "Peter (2007)";
    r.role = "dsl";
    r.roleName = "Designated safeguarding lead";
    r.startedMs = 1'764'862'212'000; // 2025-12-04T15:30:12Z
    r.updatedMs = r.startedMs + 754'320;
    r.timeSpentMs = 754'320;
    r.steps = 3;
    r.finished = true;
    r.endingTitle = "What the review found";
    r.overallFraction = 0.6251234;
    r.overallBand = "Developing";
    r.missedCritical = 1;
    r.criticalMet = 2;
    r.dimensions = {{"information_sharing", "Information sharing", 3, 6, -2, 0.625, "Developing"},
                    {"child_voice", "The child's voice", 4, 4, 0, 1.0, "Secure"}};
    DecisionRecord d1;
    d1.step = 0;
    d1.node = "bruise_noticed";
    d1.title = "A bruise at PE";
    d1.option = "record_and_refer";
    d1.optionText = "Record it and refer to children's social care today";
    d1.atMs = r.startedMs + 120'000;
    d1.scoreChanges = {{"information_sharing", 2}};
    d1.feedback = "The referral reached the team the same day.";
    d1.choices = {{"record_and_refer", d1.optionText}, {"wait_and_see", "Wait to see if it happens again"}};
    DecisionRecord d2;
    d2.step = 2;
    d2.node = "strategy meeting"; // an id with a space: percent-encoded in the IRI
    d2.title = "The strategy meeting";
    d2.option = "attend";
    d2.optionText = "Attend and bring the records";
    d2.atMs = r.startedMs + 600'000;
    d2.choices = {{"attend", d2.optionText}, {"send_report", "Send a written report"}, {"decline", "Decline"}};
    r.decisions = {d1, d2};
    r.reflection = "I would phone the social worker sooner.";
    return r;
}

RoomRecord sampleRoom() {
    RoomRecord r;
    r.id = "room-20261204-101010-peter";
    r.pluginId = "peter";
    r.caseTitle = "Peter (2007)";
    r.startedMs = 1'764'843'010'000;
    r.updatedMs = r.startedMs + 3'600'000;
    r.closed = true;
    r.record = json::parse(R"({
      "format": "wholepicture-room", "version": 1, "id": "room-20261204-101010-peter", "plugin": "peter",
      "plugin_version": "1.2.0", "created_ms": 1764843010000, "timer_seconds": 0,
      "groups": [{"name": "Table 1", "profession": "class_teacher"}, {"name": "Table 2", "profession": "mixed"}],
      "paused": false, "closed": true,
      "breaks": [{"from_ms": 1764844000000, "to_ms": 1764844600000}],
      "events": [], "phase": "ending", "node": "end_review",
      "decisions": [
        {"node": "bruise_noticed", "letters": ["record_and_refer", "wait_and_see"], "chosen": "record_and_refer",
         "rule": "majority", "rule_note": "", "chosen_ms": 1764843500000,
         "rounds": [
           {"opened_ms": 1764843100000, "revealed_ms": 1764843200000, "votes": [
             {"group": "Table 1", "option": "wait_and_see", "letter": "b", "rationale": "Ms Jones said so", "at_ms": 1764843150000},
             {"group": "Table 2", "option": "record_and_refer", "letter": "a", "rationale": "", "at_ms": 1764843160000}]},
           {"opened_ms": 1764843300000, "revealed_ms": 1764843400000, "votes": [
             {"group": "Table 1", "option": "record_and_refer", "letter": "a", "rationale": "", "at_ms": 1764843350000},
             {"group": "Table 2", "option": "record_and_refer", "letter": "a", "rationale": "", "at_ms": 1764843360000}]}]},
        {"node": "strategy meeting", "letters": ["attend", "send_report"], "chosen": "", "rule": "majority",
         "rule_note": "", "chosen_ms": 0,
         "rounds": [{"opened_ms": 1764845000000, "revealed_ms": 0, "votes": [
             {"group": "Table 1", "option": "attend", "letter": "a", "rationale": "", "at_ms": 1764845100000}]}]}
      ]})");
    return r;
}

json asArray(const std::vector<XapiStatement>& list) {
    json out = json::array();
    for (const auto& s : list) out.push_back(s.json);
    return out;
}

void expectGolden(const std::string& name, const json& actual) {
    const fs::path file = kGoldenDir / name;
    const std::string text = actual.dump(2) + "\n";
    if (const char* update = std::getenv("WP_UPDATE_XAPI_GOLDEN"); update && std::string(update) == "1") {
        fs::create_directories(kGoldenDir);
        std::ofstream(file, std::ios::binary) << text;
    }
    std::ifstream in(file, std::ios::binary);
    ASSERT_TRUE(in) << file << " is missing (WP_UPDATE_XAPI_GOLDEN=1 writes it)";
    const std::string expected(std::istreambuf_iterator<char>(in), {});
    EXPECT_EQ(text, expected) << "the statements differ from " << file;
}

// The properties every list of statements must have, whatever the record.
void expectSound(const std::vector<XapiStatement>& list) {
    std::set<std::string> ids;
    for (const auto& s : list) {
        SCOPED_TRACE(s.json.dump());
        EXPECT_TRUE(isUuid(s.id)) << s.id;
        EXPECT_EQ(s.json.at("id"), s.id);
        EXPECT_EQ(s.id[14], '5') << "a version 5 UUID";
        EXPECT_TRUE(ids.insert(s.id).second) << "ids are distinct";
        EXPECT_EQ(statementIdFor(s.json), s.id) << "the id is the content's";
        const std::string ts = s.json.at("timestamp");
        EXPECT_EQ(ts.back(), 'Z') << "UTC with its zone";
        if (s.kind != "answered") continue;
        const json& def = s.json.at("object").at("definition");
        EXPECT_EQ(def.at("interactionType"), "choice");
        std::set<std::string> choices;
        for (const auto& c : def.at("choices")) {
            const std::string id = c.at("id");
            EXPECT_TRUE(choices.insert(id).second) << "choice ids are distinct: " << id;
            EXPECT_EQ(id.find_first_of(" \t\n"), std::string::npos) << "no whitespace in a choice id: " << id;
        }
        EXPECT_TRUE(choices.count(s.json.at("result").at("response").get<std::string>())) << "the response is one of the choices";
        EXPECT_EQ(s.json.at("context").at("contextActivities").at("parent").at(0).at("id").get<std::string>().rfind(kXapiBase, 0), 0u);
    }
}

TEST(Xapi, UuidVersion5MatchesRfc4122) {
    // Python: uuid.uuid5(uuid.uuid5(uuid.NAMESPACE_URL, "https://wholepicture.app/xapi"), "hello")
    EXPECT_EQ(xapiUuid("hello"), "43d9a0d3-fb57-5756-b5f7-7eb69a0684cd");
    EXPECT_TRUE(isUuid(xapiUuid("")));
    EXPECT_FALSE(isUuid("43d9a0d3-fb57-5756-b5f7-7eb69a0684c"));
    EXPECT_FALSE(isUuid("43d9a0d3xfb57-5756-b5f7-7eb69a0684cd"));
}

TEST(Xapi, DurationsAndTimestampsAreIso8601) {
    EXPECT_EQ(isoDuration(0), "PT0S");
    EXPECT_EQ(isoDuration(42'500), "PT42.5S");
    EXPECT_EQ(isoDuration(3'723'040), "PT1H2M3.04S");
    EXPECT_EQ(isoDuration(3'600'000), "PT1H");
    EXPECT_EQ(isoDuration(60'000), "PT1M");
    EXPECT_EQ(isoDuration(-5), "PT0S");
    EXPECT_EQ(isoTimestamp(1'764'862'212'345), "2025-12-04T15:30:12.345Z");
    EXPECT_EQ(iriSegment("strategy meeting/é"), "strategy%20meeting%2F%C3%A9");
}

TEST(Xapi, AFinishedRunMatchesItsGoldenFile) {
    expectGolden("run_finished.json", asArray(runStatements(sampleRun(), sampleProfile(), sampleOptions())));
}

TEST(Xapi, ARoomSessionMatchesItsGoldenFile) {
    expectGolden("room_closed.json", asArray(roomStatements(sampleRoom(), sampleProfile(), sampleOptions())));
}

TEST(Xapi, ARunSaysEachStepOnceInOrder) {
    const auto list = runStatements(sampleRun(), sampleProfile(), sampleOptions());
    std::vector<std::string> kinds;
    for (const auto& s : list) kinds.push_back(s.kind);
    EXPECT_EQ(kinds, (std::vector<std::string>{"initialized", "answered", "answered", "completed", "terminated"}));
    expectSound(list);
    const json& completed = list[3].json;
    EXPECT_DOUBLE_EQ(completed.at("result").at("score").at("scaled").get<double>(), 0.6251);
    EXPECT_EQ(completed.at("result").at("duration"), "PT12M34.32S");
    EXPECT_EQ(completed.at("result").at("extensions").at(std::string(kXapiBase) + "/extensions/dimensions").size(), 2u);
    const std::string registration = list[0].json.at("context").at("registration");
    EXPECT_TRUE(isUuid(registration));
    for (const auto& s : list) EXPECT_EQ(s.json.at("context").at("registration"), registration) << "one registration per run";
}

TEST(Xapi, TheSameRecordGivesTheSameStatementsAndAChangeGivesNewIds) {
    const auto a = runStatements(sampleRun(), sampleProfile(), sampleOptions());
    const auto b = runStatements(sampleRun(), sampleProfile(), sampleOptions());
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].json.dump(), b[i].json.dump());

    RunRecord changed = sampleRun();
    changed.decisions[1].option = "decline"; // a step back and another choice
    const auto c = runStatements(changed, sampleProfile(), sampleOptions());
    EXPECT_EQ(c[1].id, a[1].id) << "the first answer did not change";
    EXPECT_NE(c[2].id, a[2].id) << "a different answer is a different statement, never the old id with new content";

    Profile other = sampleProfile();
    other.account = "another-laptop-account";
    EXPECT_NE(runStatements(sampleRun(), other, sampleOptions())[0].id, a[0].id)
        << "the same run id on another laptop is another attempt";
}

TEST(Xapi, AnUnfinishedRunHasNoCompletedOrTerminated) {
    RunRecord r = sampleRun();
    r.finished = false;
    r.overallFraction = -1;
    const auto list = runStatements(r, sampleProfile(), sampleOptions());
    ASSERT_EQ(list.size(), 3u);
    EXPECT_EQ(list.back().kind, "answered");
    // A finished run saved without the debrief's figures (a later save): no second, different completed.
    r.finished = true;
    EXPECT_EQ(runStatements(r, sampleProfile(), sampleOptions()).size(), 3u);
}

TEST(Xapi, ARunSetAsideAndTakenUpAgainIsSuspendedAndResumedInTimeOrder) {
    RunRecord r = sampleRun();
    r.pauses = {{r.startedMs + 300'000, r.startedMs + 500'000}, {r.startedMs + 700'000, 0}};
    const auto list = runStatements(r, sampleProfile(), sampleOptions());
    std::vector<std::string> kinds;
    for (const auto& s : list) kinds.push_back(s.kind);
    EXPECT_EQ(kinds, (std::vector<std::string>{"initialized", "answered", "suspended", "resumed", "answered", "suspended", "completed",
                                               "terminated"}));
    expectSound(list);
    RunRecord later = r;
    later.pauses.back().resumedMs = r.startedMs + 800'000;
    const auto more = runStatements(later, sampleProfile(), sampleOptions());
    ASSERT_EQ(more.size(), list.size() + 1);
    std::set<std::string> before;
    for (const auto& s : list) before.insert(s.id);
    for (const auto& s : more) EXPECT_TRUE(before.count(s.id) || s.kind == "resumed") << "a pause that ends adds its resumed, nothing else changes";
}

TEST(Xapi, NoNameNoReflectionNoCaseTextUnlessAsked) {
    const RunRecord r = sampleRun();
    const std::string plain = asArray(runStatements(r, sampleProfile(), sampleOptions())).dump();
    EXPECT_EQ(plain.find("Sam Example"), std::string::npos);
    EXPECT_EQ(plain.find(r.reflection), std::string::npos);
    EXPECT_EQ(plain.find(r.decisions[0].optionText), std::string::npos);
    EXPECT_EQ(plain.find(r.decisions[0].feedback), std::string::npos);
    EXPECT_NE(plain.find(r.decisions[0].title), std::string::npos) << "activity names are allowed";

    XapiOptions all = sampleOptions();
    all.includeNames = all.includeReflections = all.includeOptionText = true;
    const std::string told = asArray(runStatements(r, sampleProfile(), all)).dump();
    EXPECT_NE(told.find("Sam Example"), std::string::npos);
    EXPECT_NE(told.find(r.reflection), std::string::npos);
    EXPECT_NE(told.find(r.decisions[0].optionText), std::string::npos);
    EXPECT_EQ(told.find(r.decisions[0].feedback), std::string::npos) << "feedback is case text no option sends";
}

TEST(Xapi, ARoomSpeaksOfGroupsAndProfessionsNeverPeople) {
    const auto list = roomStatements(sampleRoom(), sampleProfile(), sampleOptions());
    expectSound(list);
    std::map<std::string, int> kinds;
    for (const auto& s : list) {
        ++kinds[s.kind];
        EXPECT_EQ(s.json.at("actor").at("objectType"), "Group");
        EXPECT_FALSE(s.json.at("actor").contains("member")) << "no people listed";
    }
    EXPECT_EQ(kinds["answered"], 4) << "two revealed rounds of two groups; the unrevealed vote is not said";
    EXPECT_EQ(kinds["suspended"], 1);
    EXPECT_EQ(kinds["resumed"], 1);
    EXPECT_EQ(kinds["completed"], 1);
    EXPECT_EQ(kinds["terminated"], 1);
    const std::string all = asArray(list).dump();
    EXPECT_EQ(all.find("Ms Jones"), std::string::npos) << "a rationale is the group's words: never sent";
    EXPECT_EQ(all.find("Sam Example"), std::string::npos);
    EXPECT_EQ(all.find("Table 1"), std::string::npos) << "a table's name is the facilitator's words: only with includeNames";
    for (const auto& s : list) {
        if (s.kind == "answered") {
            EXPECT_TRUE(s.json.at("context").at("extensions").contains(std::string(kXapiBase) + "/extensions/profession"));
        }
    }
}

// Real records: Peter played to the end as every role, through the app's own code.
class XapiPlayed : public AppTest {};

TEST_F(XapiPlayed, EveryRoleOfEveryBundledCaseGivesSoundStatements) {
    std::vector<std::pair<std::string, std::string>> plays;
    for (const auto& plugin : state.library)
        if (plugin.usable())
            for (const auto& role : plugin.manifest.roles) plays.emplace_back(plugin.manifest.id, role);
    size_t runs = 0;
    for (const auto& [pluginId, role] : plays) {
        SCOPED_TRACE(pluginId + " as " + role);
        state = app::AppState{};
        effects.clear();
        AppTest::SetUp();
        start(pluginId, role);
        if (HasFatalFailure()) return;
        playToEnd();
        if (HasFatalFailure()) return;
        const SaveProgress* save = last<SaveProgress>();
        ASSERT_TRUE(save);
        const RunRecord& run = save->run;
        ASSERT_TRUE(run.finished);
        const auto list = runStatements(run, sampleProfile(), sampleOptions());
        expectSound(list);
        EXPECT_EQ(list.size(), run.decisions.size() + 3);
        EXPECT_EQ(list.back().kind, "terminated");
        for (const auto& d : run.decisions) EXPECT_FALSE(d.choices.empty()) << "the decision's options are kept with it";
        ++runs;
    }
    EXPECT_GT(runs, 2u);
}

} // namespace
} // namespace wp::test
