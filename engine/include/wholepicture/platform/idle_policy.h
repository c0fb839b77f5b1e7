// How long the event loop may sleep when nothing happened (see window.cpp). Pure: no GLFW, so tests
// can check that a focused text box or a running vote timer does not wake an idle app needlessly.
#pragma once
#include <cstdint>
#include <optional>

#include "wholepicture/app/state.h"

namespace wp::platform {

enum class WaitKind {
    Poll,    // frames are due: poll and draw
    Timeout, // sleep until an event or `seconds` pass, then draw one frame
    Forever, // sleep until an event
};

struct WaitPlan {
    WaitKind kind = WaitKind::Forever;
    double seconds = 0; // Timeout only
};

struct IdleInputs {
    bool screenshot = false;
    int framesLeft = 0;        // frames still due after the last event
    bool animating = false;    // a transition is running (about 60 frames a second)
    bool textInput = false;    // a text box has the keyboard focus
    bool caretBlink = false;   // io.ConfigInputTextCursorBlink: only then does a focused box change by itself
    std::optional<std::int64_t> msToTimerTick; // until the room timer's displayed second changes
};

// The milliseconds until a running room vote timer shows another second (1..1000), or nullopt when
// no timer is running on the console.
[[nodiscard]] std::optional<std::int64_t> msToTimerTick(const app::AppState& model, std::int64_t nowMs);

[[nodiscard]] WaitPlan planWait(const IdleInputs& in);

} // namespace wp::platform
