// The views: free functions that draw the model and push commands. They never mutate the model, do
// no file I/O and keep no state of their own beyond UiState.
#pragma once
#include "wholepicture/app/state.h"
#include "wholepicture/ui/ui_state.h"

namespace wp::ui {

// The whole frame: one full-window borderless root, the header bar, status messages, the current
// screen and the global shortcuts (Esc, Ctrl+= / Ctrl+-).
void drawApp(const AppState& model, UiState& ui, CommandSink& sink);

void drawLibrary(const AppState& model, UiState& ui, CommandSink& sink);
// Whose records these are, in the library: the first start's name question, or a one-step switch
// between the people who share this computer (view_history.cpp).
void drawWhoseRecords(const AppState& model, UiState& ui, CommandSink& sink, float width);
void drawRoleSelect(const AppState& model, UiState& ui, CommandSink& sink);
void drawPlay(const AppState& model, UiState& ui, CommandSink& sink);
void drawDebrief(const AppState& model, UiState& ui, CommandSink& sink); // the debrief (view_summary.cpp)
void drawCompare(const AppState& model, UiState& ui, CommandSink& sink); // role swap: two runs side by side
// "Save report" on the debrief and the compare screen: the folder box and the button, then the line
// above the footer that says where the report went, with "Open folder" (view_debrief.cpp). The line
// never covers content: the screen's scrolling pane ends above it (savedLineHeight).
void drawReportExport(const AppState& model, UiState& ui, CommandSink& sink, float width, bool comparison);
[[nodiscard]] float savedLineHeight(const AppState& model, bool comparison);
void drawSavedLine(const AppState& model, UiState& ui, CommandSink& sink, bool comparison);
// The debrief's map alone in a full-window frame, for the PNG export (the platform renders it).
void drawMapExport(const AppState& model, UiState& ui);

// Author mode (view_author.cpp): the side panel while author mode is open, its width (the root window
// leaves room for it), and the "open a plugin folder" card in the library.
void drawAuthorPanel(const AppState& model, UiState& ui, CommandSink& sink);
[[nodiscard]] float authorPanelWidth();
void drawAuthorOpen(const AppState& model, UiState& ui, CommandSink& sink, float width);
inline constexpr const char* kAuthorWindowName = "Author mode##author";

// Title of the root window, for tests (FindWindowByName).
inline constexpr const char* kRootWindowName = "Whole Picture##root";

} // namespace wp::ui
