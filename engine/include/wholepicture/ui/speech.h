// Self-voicing in the UI (app/speech.h says what is said and who says it):
// - Widgets describe themselves after drawing (speakItem); only the focused control's words are kept,
//   and only while speech is on, so this costs a pointer test per widget otherwise.
// - At the end of the frame the root view compares the focus with the one last announced and pushes
//   AnnounceFocus (and ReadAloud Arrival on reaching a new screen or step): a new item interrupts the
//   old one.
// - The speech keys (F2 on/off, F3-F8 read aloud / stop) work on every screen, even in a text box.
#pragma once
#include <string>

#include "wholepicture/app/state.h"
#include "wholepicture/ui/ui_state.h"

namespace wp::ui {

// GLFW key codes of the speech keys (F5 is the room console's projector key, F1 the key help).
inline constexpr int kKeySpeechToggle = 291;       // F2
inline constexpr int kKeyReadSituation = 292;      // F3
inline constexpr int kKeyReadOptions = 293;        // F4
inline constexpr int kKeyReadFeedback = 295;       // F6
inline constexpr int kKeyReadPerspectives = 296;   // F7
inline constexpr int kKeyStopSpeaking = 297;       // F8

// After a widget: its words when it has the focus. `label` may carry an ImGui "##id" (dropped).
// A second call for the same item replaces the first (a view that knows better than the widget).
void speakItem(const std::string& label, const char* kind, const std::string& state = {});
// The hint of the item just drawn (itemTooltip calls it).
void speakItemHint(const std::string& hint);

// The root view, around everything it draws.
void beginSpeechFrame(const AppState& model, UiState& ui);
void endSpeechFrame(const AppState& model, UiState& ui, CommandSink& sink);
// F2-F8 (see above).
void handleSpeechKeys(const AppState& model, const UiState& ui, CommandSink& sink);

} // namespace wp::ui
