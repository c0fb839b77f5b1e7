// Applying commands: the one place the application state changes.
// - apply() is pure apart from the state it is given: no I/O, no threads, no clock (nowMs is passed).
// - It returns whether the command applied (a refusal says why in state.status) and the effects the
//   edge must carry out, in order.
#pragma once
#include <cstdint>
#include <vector>

#include "wholepicture/app/commands.h"
#include "wholepicture/app/effects.h"
#include "wholepicture/app/state.h"

namespace wp::app {

struct Outcome {
    bool applied = false;
    std::vector<Effect> effects;
};

[[nodiscard]] Outcome apply(AppState& state, const Command& command, std::int64_t nowMs);

// For tests and scripts that do not care about the effects: applies and reports success.
bool applyCommand(AppState& state, const Command& command, std::int64_t nowMs);
// Applies everything in the sink, in order, and clears it; the effects of all of them, in order.
std::vector<Effect> applyCommands(AppState& state, CommandSink& sink, std::int64_t nowMs);

} // namespace wp::app
