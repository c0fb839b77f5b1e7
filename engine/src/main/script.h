// Scripted states from the command line (--plugin --role --choose ..., --room --room-script ...), for
// screenshots, demos and tests: the same commands the views send, applied through `apply` (which also
// carries out their effects). A step that does not fit exits with status 2 and says what would.
#pragma once
#include <functional>

#include "command_line.h"
#include "wholepicture/app/state.h"

namespace wp::cli {

using Apply = std::function<bool(const app::Command&)>;

void applyScript(const app::AppState& state, const CommandLine& cl, const Apply& apply);
void applyRoomScript(const app::AppState& state, const CommandLine& cl, const Apply& apply);

} // namespace wp::cli
