// The idle loop's sleep (platform/idle_policy.h): a focused text box wakes nothing when the caret does
// not blink, and a running vote timer wakes the loop once per displayed second, just after it changes.
#include <gtest/gtest.h>

#include "ui_harness.h"
#include "wholepicture/core/room.h"
#include "wholepicture/platform/idle_policy.h"

namespace wp::test {
namespace {

using platform::IdleInputs;
using platform::planWait;
using platform::WaitKind;

TEST(IdlePolicy, AFocusedTextBoxSleepsUntilAnEvent) {
    IdleInputs in;
    in.textInput = true;
    in.caretBlink = false; // the app's setting (window.cpp)
    EXPECT_EQ(planWait(in).kind, WaitKind::Forever);
    in.caretBlink = true; // only a blinking caret changes the screen by itself
    EXPECT_EQ(planWait(in).kind, WaitKind::Timeout);
    EXPECT_NEAR(planWait(in).seconds, 0.5, 1e-9);
}

TEST(IdlePolicy, FramesDueOrAnAnimationPoll) {
    IdleInputs in;
    in.framesLeft = 2;
    EXPECT_EQ(planWait(in).kind, WaitKind::Poll);
    in.framesLeft = 0;
    in.animating = true;
    EXPECT_EQ(planWait(in).kind, WaitKind::Timeout);
    EXPECT_LT(planWait(in).seconds, 0.02);
    in = {};
    in.screenshot = true;
    EXPECT_EQ(planWait(in).kind, WaitKind::Poll);
    EXPECT_EQ(planWait({}).kind, WaitKind::Forever) << "nothing due: no wake at all";
}

class IdleTimerTest : public UiHarness {};

TEST_F(IdleTimerTest, AVoteTimerWakesTheLoopJustAfterEachDisplayedSecond) {
    loadLibrary();
    const ScenarioPlugin* p = plugin("peter");
    ASSERT_NE(p, nullptr);
    RoomSetup setup;
    setup.groups = {{"Table 1", "class_teacher"}, {"Table 2", "social_worker"}};
    setup.timerSeconds = 60;
    std::int64_t t = 1'000'000;
    RoomSession s = startRoom(*p->scenario, p->manifest, setup, t);
    model.room = app::RoomUi{};
    model.screen = ui::Screen::RoomConsole;
    EXPECT_FALSE(platform::msToTimerTick(model, t)) << "no vote open: no timer";
    for (int i = 0; i < 12 && s.state.phase != RoomPhase::Voting; ++i)
        ASSERT_TRUE(roomApply(s, *p->scenario, p->manifest, {RoomEventKind::OpenVoting, -1, "", "", "", ++t}) ||
                    roomApply(s, *p->scenario, p->manifest, {RoomEventKind::Continue, -1, "", "", "", ++t}));
    ASSERT_EQ(s.state.phase, RoomPhase::Voting);
    ASSERT_NE(s.state.current(), nullptr);
    const std::int64_t opened = s.state.current()->rounds.back().openedMs;
    model.room->session = s;
    // Every wake lands just after the countdown shows another second, never twice within one.
    for (const std::int64_t at : {opened, opened + 1, opened + 250, opened + 999, opened + 1000, opened + 4321}) {
        const auto ms = platform::msToTimerTick(model, at);
        ASSERT_TRUE(ms) << at - opened;
        EXPECT_GE(*ms, 1);
        EXPECT_LE(*ms, 1000);
        const auto before = timerRemaining(model.room->session, at + *ms - 2);
        const auto after = timerRemaining(model.room->session, at + *ms);
        ASSERT_TRUE(before && after);
        EXPECT_EQ(*before - 1, *after) << "the wake " << *ms << " ms after " << at - opened << " shows the next second";
    }
    IdleInputs in;
    in.textInput = true;
    in.msToTimerTick = platform::msToTimerTick(model, opened + 250);
    EXPECT_EQ(planWait(in).kind, WaitKind::Timeout);
    EXPECT_NEAR(planWait(in).seconds, 0.751, 1e-9);
    model.room->session.paused = true;
    EXPECT_FALSE(platform::msToTimerTick(model, opened + 250)) << "a paused room's timer stands still";
}

} // namespace
} // namespace wp::test
