// Ephemeral UI state: things ImGui cannot keep and the model should not (fonts, palette, which
// diagnostics are expanded, what was on screen last frame). Losing it loses nothing the trainee did.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <imgui.h>

#include "wholepicture/app/xapi_settings.h"
#include "wholepicture/core/scenario.h"
#include "wholepicture/ui/theme.h"

namespace wp::ui {

// Fonts the platform loaded; nullptr means "use the default font" (tests, missing font files).
struct UiFonts {
    ImFont* body = nullptr;
    ImFont* bold = nullptr;
    ImFont* small = nullptr;
    ImFont* heading = nullptr;
    ImFont* title = nullptr;
    ImFont* projectorBody = nullptr;  // room projector preset (ui/projector.h): body >= 24 pt at 1080p
    ImFont* projectorBold = nullptr;
    ImFont* projectorTitle = nullptr;
    // The settings asked for a font that is not installed (OpenDyslexic without fonts-opendyslexic):
    // the default font stands in and the settings screen says so.
    bool chosenFontMissing = false;
};

// The map widget's memo of built maps (map_view.h): owned by the UI state that draws them, opaque here.
struct MapMemo;
[[nodiscard]] std::shared_ptr<MapMemo> newMapMemo();

struct UiState {
    std::int64_t nowMs = 0; // wall clock of this frame (the room timer), set by the loop before drawing
    UiFonts fonts;
    Palette palette = paletteFor(Theme::Dark);
    bool perspectivesBeforeChoice = false;     // self-study default: reveal after the choice
    std::set<std::string> expandedDiagnostics; // plugin ids/dirs whose full diagnostics are open
    bool showStrongestPath = false;            // debrief: the strongest path listed under the trainee's
    std::string shownKey;                      // what the play/summary pane showed last frame
    bool scrollToTop = false;                  // set when shownKey changes
    // Author mode panel
    std::string authorPath;                    // the "Open folder" text field
    int authorTab = 0;                         // 0 problems, 1 nodes, 2 state, 3 review
    // "New case": its id, the roles ticked, and where it goes ("" = the user's plugins folder)
    std::string newCaseId;
    std::set<std::string> newCaseRoles{"class_teacher", "social_worker"};
    std::string newCaseFolder;
    // Sharing: the library's "Install a case" path, and the author's Review tab fields ("" until first
    // shown: then the folder above the case's).
    std::string installPath;
    std::string installedShown;                // the installed case the library last scrolled to
    std::string reviewFolder;
    std::string reviewCsv;
    std::string packFolder;
    std::string authorRole;                    // role for "Play from here"
    // Room (joint session) set-up draft and console entry; nothing here the record needs.
    std::string roomDraftPlugin;
    std::vector<std::pair<std::string, std::string>> roomDraftGroups; // name, profession
    bool roomDraftTimerOn = false;
    int roomDraftTimerSeconds = 120;
    std::string roomDraftProcedures;           // the room's local procedures pack ("" = national)
    std::string roomKeys;                      // keyboard vote entry buffer ("2" before "b")
    std::map<int, std::string> roomRationale;  // group -> rationale being typed
    std::string roomRationaleKey;              // the room, decision and round those rationales are for
    // The projector's page is in the room's record (RoomState::projectorPage); how many pages the
    // current screen needs is measured by the projector view and reported with ProjectorPagesMeasured.
    bool projectorOverflow = false;            // last projector frame: content ran past the window (a bug)
    // Set by a view that draws text at another size than its face was baked at (the projector's pages,
    // map labels drawn as triangles rather than from the map's texture); cleared by the loop before each
    // frame. Such a frame samples the font atlas linearly; any other, exactly (font_texture.h).
    bool textScaledThisFrame = false;

    // Play screen: the side panel's tab, and the map transition for links the last step made or changed.
    int playSideTab = 0;                 // 0 = scores and case file, 1 = the information-flow map
    std::string mapTransitionKey;        // the step the transition belongs to
    size_t mapTransitionSteps = 0;       // history length at that step (stepping back does not animate)
    double mapTransitionStart = -1;      // ImGui time the transition started
    std::vector<Link> mapFresh;          // links made or changed by the last step
    // The platform keeps drawing frames while ImGui::GetTime() < animateUntil, then sleeps again: a
    // transition is a bounded burst of frames, never a busy loop.
    double animateUntil = 0;
    bool reduceMotion = false;           // transitions jump to their end (screenshots)

    // Debrief: the reflection being typed (pushed to the session as it changes) and the export folder.
    std::string reflectionDraft;
    std::string reflectionKey;           // the session the draft was loaded from
    double reflectionTypedAt = -1;       // ImGui time of the last keystroke not yet committed; -1 none
    std::string exportFolder;            // "" until first shown: then the model's default folder
    std::string glossaryFilter;          // the glossary's "find a term" field
    std::string profileNameDraft;        // the first start's "who is using this computer" field
    std::string newProfileName;          // "Your records": another person's name
    bool trainingRecordReflections = false; // "Your records": add my reflections to the training record
    std::string paneJump;                // a part of the debrief or comparison to scroll to ("maps", "path", ...), once

    // Settings screen: the learning record store form (a copy of AppState::lrs.settings, edited until
    // Save), whether the secret is shown, the voice being typed.
    app::XapiSettings lrsDraft;
    bool lrsDraftLoaded = false;
    bool lrsShowSecret = false;
    std::string speechVoiceDraft;
    bool speechVoiceDraftLoaded = false;

    // Keyboard: the key-help overlay (F1 or ?), and the map's "what each agency shares" list.
    bool keyHelpOpen = false;
    bool mapSharesOpen = false;

    // Self-voicing (ui/speech.h): the control last announced, this frame's focused control as the
    // widgets described it, and the screen or step last announced.
    struct SpokenItem {
        ImGuiID id = 0;
        std::string label, kind, state, hint;
    };
    ImGuiID speechFocusId = 0;
    bool speechWasOn = false;
    SpokenItem speechFocus;
    std::string speechArrivalKey;

    // Built maps kept between frames, and where they are rendered once (ui/map_view.h). A memo, not
    // state: a frame with an empty one draws the same pixels. Shared by the windows this state draws.
    std::shared_ptr<MapMemo> mapMemo = newMapMemo();
};

} // namespace wp::ui
