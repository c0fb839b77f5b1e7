// The views: free functions that draw the model and push commands. They never mutate the model, do
// no file I/O and keep no state of their own beyond UiState.
#pragma once
#include "wholepicture/ui/app_model.h"
#include "wholepicture/ui/ui_state.h"

namespace wp::ui {

// The whole frame: one full-window borderless root, the header bar, status messages, the current
// screen and the global shortcuts (Esc, Ctrl+= / Ctrl+-).
void drawApp(const AppModel& model, UiState& ui, CommandSink& sink);

void drawLibrary(const AppModel& model, UiState& ui, CommandSink& sink);
void drawRoleSelect(const AppModel& model, UiState& ui, CommandSink& sink);
void drawPlay(const AppModel& model, UiState& ui, CommandSink& sink);
void drawSummary(const AppModel& model, UiState& ui, CommandSink& sink); // the debrief (view_summary.cpp)
void drawCompare(const AppModel& model, UiState& ui, CommandSink& sink); // role swap: two runs side by side
// The debrief's map alone in a full-window frame, for the PNG export (the platform renders it).
void drawMapExport(const AppModel& model, UiState& ui);

// Title of the root window, for tests (FindWindowByName).
inline constexpr const char* kRootWindowName = "Whole Picture##root";

} // namespace wp::ui
