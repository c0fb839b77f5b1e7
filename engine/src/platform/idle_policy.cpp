// The idle loop's sleep (see idle_policy.h).
#include "wholepicture/platform/idle_policy.h"

#include <algorithm>

#include "wholepicture/core/room.h"

namespace wp::platform {

std::optional<std::int64_t> msToTimerTick(const app::AppState& model, std::int64_t nowMs) {
    if (!app::roomTimerRunning(model, nowMs)) return std::nullopt;
    // The countdown shows whole seconds of voting time (room.cpp timerElapsedMs: breaks do not count),
    // so it changes when that time crosses a whole second; +1 ms lands just past the change.
    const std::optional<std::int64_t> counted = timerElapsedMs(model.room->session, nowMs);
    if (!counted) return std::nullopt;
    const std::int64_t elapsed = *counted;
    const std::int64_t into = ((elapsed % 1000) + 1000) % 1000;
    return std::clamp<std::int64_t>(1000 - into + 1, 1, 1000);
}

WaitPlan planWait(const IdleInputs& in) {
    if (in.screenshot || in.framesLeft > 0) return {WaitKind::Poll, 0};
    if (in.animating) return {WaitKind::Timeout, 1.0 / 60.0};
    double seconds = -1;
    if (in.textInput && in.caretBlink) seconds = 0.5; // ImGui blinks the caret about twice a second
    if (in.msToTimerTick) {
        const double tick = static_cast<double>(*in.msToTimerTick) / 1000.0;
        seconds = seconds < 0 ? tick : std::min(seconds, tick);
    }
    if (seconds >= 0) return {WaitKind::Timeout, seconds};
    return {WaitKind::Forever, 0};
}

} // namespace wp::platform
