// Ephemeral UI state: things ImGui cannot keep and the model should not (fonts, palette, which
// diagnostics are expanded, what was on screen last frame). Losing it loses nothing the trainee did.
#pragma once
#include <set>
#include <string>

#include <imgui.h>

#include "wholepicture/ui/theme.h"

namespace wp::ui {

// Fonts the platform loaded; nullptr means "use the default font" (tests, missing font files).
struct UiFonts {
    ImFont* body = nullptr;
    ImFont* bold = nullptr;
    ImFont* small = nullptr;
    ImFont* heading = nullptr;
    ImFont* title = nullptr;
};

struct UiState {
    UiFonts fonts;
    Palette palette = paletteFor(Theme::Dark);
    bool perspectivesBeforeChoice = false;     // self-study default: reveal after the choice
    std::set<std::string> expandedDiagnostics; // plugin ids/dirs whose full diagnostics are open
    bool showStrongestPath = false;            // debrief: the strongest path listed under the trainee's
    std::string shownKey;                      // what the play/summary pane showed last frame
    bool scrollToTop = false;                  // set when shownKey changes
    // Author mode panel
    std::string authorPath;                    // the "Open folder" text field
    int authorTab = 0;                         // 0 problems, 1 nodes, 2 state
    std::string authorRole;                    // role for "Play from here"
};

} // namespace wp::ui
