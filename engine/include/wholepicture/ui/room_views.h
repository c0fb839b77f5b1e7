// Joint session (room) views: set-up, facilitator console, projector, the room's debrief, and the
// library's resume card. Free functions like views.h; declared here to keep views.h small.
#pragma once
#include "wholepicture/app/state.h"
#include "wholepicture/ui/ui_state.h"

namespace wp::ui {

void drawRoomSetup(const AppState& model, UiState& ui, CommandSink& sink);
void drawRoomConsole(const AppState& model, UiState& ui, CommandSink& sink);
// The projector view, full window: only released content (see projector.h).
void drawProjector(const AppState& model, UiState& ui, CommandSink& sink);
void drawRoomDebrief(const AppState& model, UiState& ui, CommandSink& sink);
// In the library: return to (or resume) a room session. Draws nothing when there is none.
void drawRoomResumeCard(const AppState& model, UiState& ui, CommandSink& sink, float width);
// Room keys that work on both surfaces (F5 switch, P pause, Enter, Ctrl+Z, vote entry "2b").
void handleRoomKeys(const AppState& model, UiState& ui, CommandSink& sink);

inline constexpr const char* kProjectorWindowName = "Projector##room";
inline constexpr int kKeyF5 = 294;    // GLFW_KEY_F5
inline constexpr int kKeyPause = 284; // GLFW_KEY_PAUSE

} // namespace wp::ui
