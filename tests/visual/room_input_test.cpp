// UX review defect 2 in the real app under Xvfb: the room console driven with instant key presses
// (xdotool --delay 0, each burst arriving in one poll), checked in the room record the app writes.
// room_instant_keys.sh drives the app; this test reads what it left.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <sys/wait.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace {

namespace fs = std::filesystem;

std::string quoted(const std::string& s) { return "'" + s + "'"; }

// The one room session's record in a records export (wpt records export), or null.
nlohmann::json readRoomRecord(const fs::path& path) {
    std::ifstream in(path);
    if (!in) return nullptr;
    const auto all = nlohmann::json::parse(in, nullptr, false);
    if (!all.is_object() || !all.contains("rooms") || all["rooms"].size() != 1) return nullptr;
    return all["rooms"][0].value("record", nlohmann::json());
}

bool hasEvent(const nlohmann::json& room, const std::string& kind) {
    for (const auto& e : room.value("events", nlohmann::json::array()))
        if (e.value("kind", "") == kind) return true;
    return false;
}

// The first decision's first-round vote of `group` (by name), or null.
nlohmann::json voteOf(const nlohmann::json& room, const std::string& group) {
    const auto& decisions = room.value("decisions", nlohmann::json::array());
    if (decisions.empty() || decisions[0]["rounds"].empty()) return nullptr;
    for (const auto& v : decisions[0]["rounds"][0]["votes"])
        if (v.value("group", "") == group) return v;
    return nullptr;
}

TEST(VisualRoomInput, InstantKeyPressesSaveWholeRationalesAndOnlyTheFacilitatorsEnterReveals) {
    if (std::system("command -v xdotool > /dev/null 2>&1") != 0) GTEST_SKIP() << "xdotool is not installed";
    const fs::path out = fs::path(WP_VISUAL_OUT) / "room-input";
    fs::remove_all(out);
    const fs::path home = out / "xdg";
    fs::create_directories(home);
    const std::string script = (fs::path(WP_SOURCE_DIR) / "tests/visual/room_instant_keys.sh").string();
    const std::string command = "XDG_CONFIG_HOME=" + quoted((home / "config").string()) + " XDG_STATE_HOME=" +
                                quoted((home / "state").string()) + " XDG_DATA_HOME=" + quoted((home / "data").string()) +
                                " timeout 110 " WP_XVFB_RUN " -a -s '-screen 0 1600x900x24' sh " + quoted(script) + " " +
                                quoted(WP_APP_BINARY) + " " + quoted(out.string());
    const int status = std::system(command.c_str());
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "the driving script failed: " << command;

    const nlohmann::json before = readRoomRecord(out / "before-final-enter.json");
    ASSERT_TRUE(before.is_object()) << "no room record after the rationales";
    const nlohmann::json t1 = voteOf(before, "Table 1");
    ASSERT_TRUE(t1.is_object()) << "1a: Table 1 voted";
    EXPECT_EQ(t1.value("letter", ""), "a");
    EXPECT_EQ(t1.value("rationale", ""), "See James alone; speak to the SENCO")
        << "the whole rationale, saved by its own Enter (if empty: did the console's layout move, so the script's "
           "click at 1100,364 no longer lands on Table 1's rationale box?)";
    const nlohmann::json t2 = voteOf(before, "Table 2");
    ASSERT_TRUE(t2.is_object()) << "2b typed right after the Enter is Table 2's vote";
    EXPECT_EQ(t2.value("letter", ""), "b");
    EXPECT_EQ(t2.value("rationale", ""), "Ring children's social care today");
    EXPECT_FALSE(hasEvent(before, "reveal")) << "the votes were revealed before the facilitator's Enter";
    EXPECT_EQ(before.value("phase", ""), "voting");

    const nlohmann::json after = readRoomRecord(out / "after-final-enter.json");
    ASSERT_TRUE(after.is_object());
    EXPECT_TRUE(hasEvent(after, "reveal")) << "the facilitator's Enter reveals";
    EXPECT_EQ(after.value("phase", ""), "revealed");
}

} // namespace
