// Total readers for persisted records (session/autosave, room records, settings): wrong types, nulls,
// huge numbers give diagnostics with a JSON pointer, the file is kept byte-identical, and a record
// cannot steer a write. One test per review finding (Dn, B1x, "Other"), each failing without its fix.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <climits>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "test_support.h"
#include "wholepicture/core/json_file.h"
#include "wholepicture/core/room.h"
#include "wholepicture/core/room_debrief.h"
#include "wholepicture/core/runner.h"
#include "wholepicture/core/settings.h"

using namespace wp;
namespace fs = std::filesystem;

namespace {

using wp::test::all;
using wp::test::OpenRecorder;
using wp::test::readBytes;
using wp::test::Scratch;
using wp::test::writeText;


const ScenarioPlugin& mini() {
    static const ScenarioPlugin p = test::loadFixture("plugins/mini");
    return p;
}

} // namespace

// [SECTION] Persisted records

TEST(JsonText, DumpNeverThrowsOnStringsThatAreNotUtf8) { // B1e
    nlohmann::json j = {{"folder", std::string("/home/caf\xe9")}};
    std::string text;
    EXPECT_NO_THROW(text = dumpJson(j));
    EXPECT_NE(text.find("\xef\xbf\xbd"), std::string::npos);
    Settings s;
    s.recentAuthorFolders = {std::string("/home/caf\xe9")};
    EXPECT_NO_THROW((void)settingsToJson(s).dump());
}

TEST(PluginFolder, ScoreSumsSaturate) {
    const ScenarioPlugin& p = mini();
    ASSERT_TRUE(p.usable());
    RunState st = startRun(*p.scenario, p.manifest.roles[0]);
    ASSERT_FALSE(st.scores.empty());
    st.scores.begin()->second = INT_MAX - 1;
    // Any option that raises that dimension must not wrap it negative.
    for (const auto& n : p.scenario->nodes)
        for (const auto& o : n.options)
            for (const auto& [dim, delta] : o.effects.scores)
                if (dim == st.scores.begin()->first && delta > 1) {
                    RunState copy = st;
                    copy.node = n.id;
                    std::string err;
                    auto next = choose(*p.scenario, copy, o.id, 0, &err);
                    if (next) {
                        EXPECT_EQ(next->scores.at(dim), INT_MAX);
                    }
                }
}


namespace {

nlohmann::json goodSession() {
    const ScenarioPlugin& p = mini();
    Session s = startSession(*p.scenario, p.manifest, p.manifest.roles[0], 1000);
    return sessionToJson(s);
}

} // namespace

TEST(Records, ASessionWithWrongTypesGivesDiagnosticsNotAnAbort) { // B1b, D6, D10
    const ScenarioPlugin& p = mini();
    struct Case {
        const char* pointer;
        nlohmann::json value;
        bool restores;
    };
    const std::vector<Case> cases = {
        {"/reflection", nullptr, true},        {"/reflection", 5, true},
        {"/version", "1", false},              {"/version", 1e300, false},
        {"/started_ms", 1e300, true},          {"/started_ms", "soon", true},
        {"/plugin", 5, false},                 {"/role", nullptr, false},
        {"/path", "x", true},                  {"/path", nlohmann::json::array({5}), true},
        {"/format", nlohmann::json::object(), false},
    };
    for (const auto& c : cases) {
        nlohmann::json j = goodSession();
        j[nlohmann::json::json_pointer(c.pointer)] = c.value;
        Diagnostics diags;
        std::optional<Session> s;
        ASSERT_NO_THROW(s = sessionFromJson(j, *p.scenario, p.manifest, diags, "autosave.json")) << c.pointer;
        EXPECT_EQ(s.has_value(), c.restores) << c.pointer << " = " << c.value.dump();
        ASSERT_FALSE(diags.empty()) << c.pointer;
        EXPECT_EQ(diags[0].file, "autosave.json");
        EXPECT_EQ(diags[0].pointer.rfind(c.pointer, 0), 0u) << c.pointer << ": " << all(diags);
    }
    nlohmann::json j = goodSession();
    j["path"] = nlohmann::json::array({{{"node", 5}, {"option", nullptr}, {"at_ms", 1e300}}});
    Diagnostics diags;
    EXPECT_NO_THROW((void)sessionFromJson(j, *p.scenario, p.manifest, diags, "autosave.json"));
}

namespace {

RoomSession aRoom(const std::string& id = "") {
    const ScenarioPlugin& p = mini();
    RoomSetup setup;
    setup.id = id;
    setup.groups = {{"Table 1", p.manifest.roles[0]}};
    return startRoom(*p.scenario, p.manifest, setup, 1'700'000'000'000);
}

} // namespace

TEST(Records, ARoomRecordWithWrongTypesIsListedAndKeptByteIdentical) { // B1a, D2, D10
    const ScenarioPlugin& p = mini();
    struct Case {
        const char* pointer;
        nlohmann::json value;
        bool peeks, loads;
        bool peekWarns = true; // the listing reads only a few fields
    };
    const std::vector<Case> cases = {
        {"/closed", "no", true, true},
        {"/id", 5, true, true},
        {"/created_ms", 1e300, true, true},
        {"/paused", nullptr, true, true, false},
        {"/timer_seconds", 1e300, true, true, false},
        {"/events", "many", true, false},
        {"/groups", 5, true, false, false},
        {"/version", "1", true, false, false},
        {"/plugin", 5, false, false},
        {"/breaks", nlohmann::json::array({{{"from_ms", -1e300}}}), true, true, false},
    };
    for (const auto& c : cases) {
        Scratch t("room");
        nlohmann::json j = roomToJson(aRoom());
        j[nlohmann::json::json_pointer(c.pointer)] = c.value;
        const fs::path file = roomsDir(t.dir) / "room-x.json";
        writeText(file, j.dump(2));
        const std::string before = readBytes(file);
        Diagnostics diags;
        std::vector<RoomRecordInfo> listed;
        ASSERT_NO_THROW(listed = listRoomRecords(t.dir, diags)) << c.pointer;
        EXPECT_EQ(listed.size(), c.peeks ? 1u : 0u) << c.pointer;
        EXPECT_EQ(diags.empty(), !c.peekWarns) << c.pointer << ": " << all(diags);
        if (!diags.empty()) {
            EXPECT_EQ(diags[0].file, file.string());
            EXPECT_GT(diags[0].line, 0) << c.pointer;
            EXPECT_NE(diags[0].message.find("kept"), std::string::npos) << c.pointer << ": " << all(diags);
        }
        Diagnostics d2;
        std::optional<RoomSession> room;
        ASSERT_NO_THROW(room = loadRoom(file, *p.scenario, p.manifest, d2)) << c.pointer;
        EXPECT_EQ(room.has_value(), c.loads) << c.pointer << ": " << all(d2);
        EXPECT_FALSE(d2.empty()) << c.pointer;
        EXPECT_EQ(readBytes(file), before) << "the record is never rewritten by reading it";
    }
}

TEST(Records, ARoomIdFromAFileCannotNameAnotherFile) { // code review: path traversal
    Scratch t("traversal");
    const fs::path autosave = autosaveFile(t.dir);
    writeText(autosave, "{\"keep\": true}\n");
    EXPECT_TRUE(roomFile(t.dir, "../autosave").empty());
    EXPECT_TRUE(roomFile(t.dir, "a.b").empty());
    EXPECT_TRUE(roomFile(t.dir, std::string(200, 'a')).empty());
    EXPECT_FALSE(roomFile(t.dir, "room-20261204-101500-mini").empty());
    Diagnostics diags;
    EXPECT_FALSE(saveRoom(aRoom("../autosave"), t.dir, diags));
    EXPECT_EQ(readBytes(autosave), "{\"keep\": true}\n");
    ASSERT_EQ(diags.size(), 1u);

    // Read back from a record: the id is replaced by a generated one.
    const ScenarioPlugin& p = mini();
    nlohmann::json j = roomToJson(aRoom());
    j["id"] = "../autosave";
    Diagnostics d2;
    auto room = roomFromJson(j, *p.scenario, p.manifest, d2, "room.json");
    ASSERT_TRUE(room);
    EXPECT_TRUE(isSafeRecordId(room->setup.id)) << room->setup.id;
    EXPECT_TRUE(saveRoom(*room, t.dir, d2));
    EXPECT_EQ(readBytes(autosave), "{\"keep\": true}\n");

    // An explicit path, for a record that keeps the file it was loaded from.
    const fs::path elsewhere = t.dir / "kept" / "my-room.json";
    EXPECT_TRUE(saveRoomTo(*room, elsewhere, d2));
    EXPECT_TRUE(loadRoom(elsewhere, *p.scenario, p.manifest, d2));
}

TEST(Records, GeneratedRoomIdsAreAlwaysSafe) {
    EXPECT_TRUE(isSafeRecordId(roomIdFor("mini", 1'700'000'000'000)));
    EXPECT_TRUE(isSafeRecordId(roomIdFor("a/../b", INT64_MAX)));
    EXPECT_TRUE(isSafeRecordId(roomIdFor(std::string(500, 'x'), 0)));
}

TEST(Records, SettingsWithWrongTypesFallBackWithWarnings) {
    nlohmann::json j = {{"ui_scale", 1e300}, {"theme", 5}, {"last_plugin", 7}, {"last_role", nullptr},
                        {"recent_author_folders", {"/a", 5, nullptr}}};
    Diagnostics diags;
    Settings s;
    ASSERT_NO_THROW(s = settingsFromJson(j, diags, "settings.json"));
    EXPECT_EQ(s.uiScale, 0.0f);
    EXPECT_EQ(s.theme, "dark");
    EXPECT_EQ(s.lastPlugin, "");
    ASSERT_EQ(s.recentAuthorFolders.size(), 1u);
    EXPECT_GE(diags.size(), 5u) << all(diags);
    for (const auto& d : diags) EXPECT_FALSE(d.pointer.empty()) << d.message;
}

TEST(Records, CompareWithNeverFollowsAPathFromTheFile) { // D4
    Scratch t("compare");
    const fs::path fifo = t.dir / "elsewhere.fifo";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    nlohmann::json autosave = {{"compare_with", fifo.string()}};
    OpenRecorder rec;
    Diagnostics diags;
    EXPECT_FALSE(readCompareWith(autosave, t.dir, diags));
    EXPECT_TRUE(rec.opened.empty());
    ASSERT_EQ(diags.size(), 1u);
    EXPECT_EQ(diags[0].pointer, "/compare_with");
}

TEST(Records, TimesFromRecordsNeverOverflow) { // D10
    const ScenarioPlugin& p = mini();
    RoomSession room = aRoom();
    room.setup.timerSeconds = 60;
    room.state.phase = RoomPhase::Voting;
    RoomDecision d;
    d.node = "x";
    d.rounds.push_back({});
    d.rounds.back().openedMs = INT64_MIN + 5;
    room.state.decisions.push_back(d);
    if (room.state.current()) {
        auto left = timerRemaining(room, INT64_MAX - 5);
        ASSERT_TRUE(left);
        EXPECT_LE(*left, 0) << "a round opened at the dawn of time is long over";
        room.state.decisions.back().rounds.back().openedMs = INT64_MAX - 5;
        left = timerRemaining(room, INT64_MIN + 5);
        ASSERT_TRUE(left);
        EXPECT_GT(*left, 0);
    }
    (void)p;
    const std::string text = describeBreak(RoomBreak{INT64_MIN + 1, INT64_MAX - 1});
    EXPECT_EQ(text.find("under a minute"), std::string::npos) << text;
}

TEST(Records, UnreadableAutosaveAndSettingsAreReportedAndKeptByteIdentical) { // D1, D13
    const std::vector<std::string> bad = {
        "{\"format\": \"wholepicture-session\", \"started_ms\": 1e400}",
        std::string(100, '\0'),
        "{\"format\": \"wholepicture-session\", \"version\": 1, \"path\": [",
        "{\"a\": 1, \"a\": 2}",
        std::string(300, '[') + std::string(300, ']'),
    };
    for (const auto& text : bad) {
        Scratch t("kept");
        const fs::path autosave = autosaveFile(t.dir);
        const fs::path settings = settingsFile(t.dir);
        writeText(autosave, text);
        writeText(settings, text);
        Diagnostics diags;
        EXPECT_NO_THROW(EXPECT_FALSE(readAutosave(autosave, diags)));
        ASSERT_EQ(diags.size(), 1u);
        EXPECT_NE(diags[0].message.find("the file is kept"), std::string::npos) << diags[0].message;
        Diagnostics d2;
        Settings s;
        EXPECT_NO_THROW(s = loadSettings(settings, d2));
        EXPECT_EQ(s.theme, "dark");
        ASSERT_EQ(d2.size(), 1u);
        EXPECT_NE(d2[0].message.find("the file is kept"), std::string::npos) << d2[0].message;
        EXPECT_EQ(readBytes(autosave), text);
        EXPECT_EQ(readBytes(settings), text);
    }
}
