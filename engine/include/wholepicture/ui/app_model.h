// The app model and the commands that change it. Views read the model and emit commands; only
// applyCommand() mutates it. No ImGui here, so the whole flow (library -> role -> play -> summary) is
// testable without a UI, and the command line can script it (--plugin/--role/--choose).
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "wholepicture/core/analysis.h"
#include "wholepicture/core/debrief.h"
#include "wholepicture/core/knowledge.h"
#include "wholepicture/core/room.h"
#include "wholepicture/core/runner.h"
#include "wholepicture/core/scenario.h"
#include "wholepicture/ui/author_model.h"

namespace wp {
struct AuthorLoad; // core/author_mode.h
}

namespace wp::ui {

enum class Screen { Library, RoleSelect, Play, Summary, Compare, RoomSetup, RoomConsole, RoomDebrief };
enum class Theme { Dark, Light };

// Within the play screen: answering the current node, or reading the feedback on the choice just made
// (the session has already moved on; the feedback belongs to the state before it).
enum class PlayPhase { Question, Feedback };

enum class StatusKind { Info, Warning, Error };
struct StatusMessage {
    StatusKind kind = StatusKind::Info;
    std::string text;
};

// An autosave found at start-up for a plugin that is in the library.
struct ResumeOffer {
    std::string pluginId;
    std::string role;
    size_t steps = 0;      // path length, to say how far the trainee got
    nlohmann::json saved;  // the session JSON, replayed by sessionFromJson on resume
    // The first run of a role swap (the session file named by the autosave's "compare_with"), read by
    // the composition root; restored beside the resumed run so the comparison survives a restart.
    std::optional<nlohmann::json> compareWith;
};

// A joint session ("room") in progress: the core record plus which surface the single display shows.
struct RoomUi {
    RoomSession session;
    std::string pluginId;
    bool projector = false;   // single display: the projector view is on screen instead of the console
    bool secondWindow = false; // extended display: the projector view is in its own window (set by the platform)
    std::string message;      // last refusal ("Table 1 can vote abc here"), console only
    std::string exportedTo;   // where the last export went (set by the composition root)
};

// A room record found in the state dir at start-up, restored and ready to resume.
struct RoomResumeOffer {
    RoomSession session;
    std::string pluginId;
    std::string path;
};

struct AppModel {
    Screen screen = Screen::Library;
    KnowledgeBase knowledge;
    std::vector<Plugin> library;
    int selectedPlugin = -1;   // index into library
    std::string selectedRole;  // on the role screen, before a session starts
    std::optional<Session> session;
    PlayPhase phase = PlayPhase::Question;
    float uiScale = 1.0f;      // effective scale; the platform rebuilds fonts when it changes
    bool uiScaleChosen = false; // true when the user (flag or shortcut) chose it, so it is persisted
    Theme theme = Theme::Dark;
    std::vector<StatusMessage> status;
    std::optional<ResumeOffer> resume;
    std::optional<AuthorMode> author;             // author mode open (ui/author_model.h)
    std::vector<std::string> recentAuthorFolders; // from the settings, most recent first
    std::optional<RoomUi> room;               // joint session mode (app_model_room.cpp)
    std::optional<RoomResumeOffer> roomResume;
    std::int64_t clockMs = 0;                 // wall clock at the last command/frame (room timer display)

    // Best/worst achievable per (plugin id, role): computed once when a summary first needs it.
    std::map<std::pair<std::string, std::string>, std::shared_ptr<const RoleAnalysis>> analysisCache;

    // The debrief of the session on the summary screen: built once when the summary is entered (it
    // analyses every path), dropped when the session moves on. Never built per frame.
    std::shared_ptr<const Debrief> debrief;

    // Role swap: the first run, kept while the same case is played as another role; the compare
    // screen sets it beside the second run (model.session).
    std::optional<Session> firstRun;
    std::shared_ptr<const Debrief> firstDebrief;

    // Export: the default folder for "Save report" (set by the composition root), and a request for
    // the composition root to write the report, the session and the map there.
    std::string reportsDir;
    std::optional<std::string> exportRequest;

    // Requests for the composition root, which owns the files (views and commands do no I/O).
    bool autosaveDirty = false;  // write the session to the autosave after this step
    bool reflectionUnsaved = false; // reflection typed but not yet committed: flush on leaving or exit
    bool autosaveClear = false;  // the run was abandoned on purpose: remove the autosave
    bool settingsDirty = false;  // scale/theme/last case changed: save settings
    bool roomDirty = false;      // write the room record (after every room change)
    bool roomExportRequested = false; // write the room's HTML report and CSV
    bool quitRequested = false;
    std::string authorOpenRequest; // author mode: load this folder and watch it
    bool authorReloadRequest = false;
    bool authorCloseRequest = false; // stop watching
};

// [SECTION] Model queries (shared by views, commands and tests)
[[nodiscard]] const Plugin* selectedPlugin(const AppModel& m);
[[nodiscard]] const Scenario* activeScenario(const AppModel& m);
[[nodiscard]] int findPlugin(const AppModel& m, const std::string& pluginId); // -1 if absent or unusable
// The analysis for the current session's plugin and role, or nullptr if not computed yet.
[[nodiscard]] const RoleAnalysis* cachedAnalysis(const AppModel& m);

// [SECTION] Commands: small value types, one per user intent
struct OpenPlugin { std::string pluginId; };     // library -> role screen
struct SelectRole { std::string role; };         // highlight a role on the role screen
struct StartSession {};                          // start the selected role
struct ResumeSession {};                         // restore the autosave offered in the library
struct DiscardResume {};
struct Choose { std::string optionId; };         // answer the current decision
struct Continue {};                              // past feedback or a narrative node
struct StepBack {};                              // undo the last step (or leave the feedback view)
struct Restart {};                               // same case and role, from the start
struct ShowSummary {};                           // jump to the summary (command line, finished runs)
struct PlayAgain {};                             // summary -> role screen of the same case
struct BackToLibrary {};
struct GoBack {};                                // Esc: one screen up
struct SetScale { float scale; };
struct SetTheme { Theme theme; };
struct DismissStatus { size_t index; };
// The debrief's reflection box (kept with the session). While typing (commit false) the session holds
// the text but no file is written; a pause or leaving the box commits it (autosave).
struct SetReflection { std::string text; bool commit = true; };
struct PlayAsRole { std::string role; };           // debrief -> the same case as another role, keeping this run
struct ShowCompare {};                             // the two runs of a role swap side by side
struct SaveReport { std::string folder; };         // ask the composition root to export the debrief
struct Quit {};
// Joint session mode (applied in app_model_room.cpp).
struct OpenRoomSetup { std::string pluginId; };  // library -> room set-up
struct StartRoom { std::string pluginId; std::vector<RoomGroup> groups; int timerSeconds = 0; };
struct RoomStep { RoomEvent event; };            // one room event (atMs stamped when applied)
struct RoomVoteLetter { int group; char letter; std::string rationale; bool keepRationale = true; };
struct RoomUndo {};
struct RoomTogglePause {};
struct RoomToggleProjector {};
struct RoomShowDebrief {};
struct RoomBackToConsole {};
struct RoomExport {};
struct RoomEnd {};                               // close the session (no resume offer) -> library
struct ResumeRoom {};
struct DiscardRoomResume {};

using Command = std::variant<OpenPlugin, SelectRole, StartSession, ResumeSession, DiscardResume, Choose,
                             Continue, StepBack, Restart, ShowSummary, PlayAgain, BackToLibrary, GoBack,
                             SetScale, SetTheme, DismissStatus, Quit, OpenAuthorFolder, ReloadAuthorFolder,
                             CloseAuthorMode, InspectNode, PlayFromNode, RewindTo, OpenRoomSetup, StartRoom, RoomStep,
                             RoomVoteLetter, RoomUndo, RoomTogglePause, RoomToggleProjector, RoomShowDebrief,
                             RoomBackToConsole, RoomExport, RoomEnd, ResumeRoom, DiscardRoomResume,
                             SetReflection, PlayAsRole, ShowCompare, SaveReport>;

// Views push commands here; the loop applies them after the frame, so a frame always draws one model.
struct CommandSink {
    std::vector<Command> commands;
    void push(Command c) { commands.push_back(std::move(c)); }
};

// Applies one command. `nowMs` stamps session steps (wall clock in the app, fixed in tests).
// Returns false when the command did not apply (the reason goes to model.status).
bool applyCommand(AppModel& model, const Command& command, std::int64_t nowMs);
// Applies and clears everything in the sink, in order.
void applyCommands(AppModel& model, CommandSink& sink, std::int64_t nowMs);

// The autosave offer for `saved` if its plugin is in the library and usable.
[[nodiscard]] std::optional<ResumeOffer> resumeOfferFor(const AppModel& model, nlohmann::json saved);

// [SECTION] Author mode (app_model_author.cpp)
bool applyAuthorCommand(AppModel& model, const OpenAuthorFolder& c);
bool applyAuthorCommand(AppModel& model, const ReloadAuthorFolder& c);
bool applyAuthorCommand(AppModel& model, const CloseAuthorMode& c);
bool applyAuthorCommand(AppModel& model, const InspectNode& c);
bool applyAuthorCommand(AppModel& model, const PlayFromNode& c, std::int64_t nowMs);
bool applyAuthorCommand(AppModel& model, const RewindTo& c);
// Opens (or re-reads) `dir` through the core loader and updates the model: the library entry that
// plays it, the diagnostics, the status line, and the trainee's position when the session is in
// this plugin. The one entry point for opening, saving in an editor and the Reload button; the
// composition root calls it (it reads files), and so do the tests.
void openAuthorFolder(AppModel& model, const std::filesystem::path& dir, std::int64_t nowMs);
void reloadAuthorFolder(AppModel& model, std::int64_t nowMs);
// The same reload with the folder already loaded and linted elsewhere (the app does it on the file
// watcher's thread, so a large case does not freeze the window). Applied only while author mode still
// has `dir` open; returns false and changes nothing when the folder was closed or another was opened.
bool applyAuthorReload(AppModel& model, const std::filesystem::path& dir, AuthorLoad load, std::int64_t nowMs);
// The playing (error-free) version of the author's plugin, or nullptr.
[[nodiscard]] const Plugin* authorPlugin(const AppModel& model);
// [SECTION] Room queries and command handling (app_model_room.cpp)
[[nodiscard]] const Plugin* roomPlugin(const AppModel& m);
// True while a room decision timer is counting (the loop wakes each second to redraw it).
[[nodiscard]] bool roomTimerRunning(const AppModel& m);
bool applyRoomCommand(AppModel& m, const Command& command, std::int64_t nowMs);
// True when the compare screen can show two runs (a kept first run and a finished second run of the
// same case as a different role).
[[nodiscard]] bool canCompare(const AppModel& m);
// The debrief for `session` (no caching; the model caches it in AppModel::debrief).
[[nodiscard]] std::shared_ptr<const Debrief> makeDebrief(const AppModel& m, const Session& session);

// Name for breadcrumbs and tests.
[[nodiscard]] const char* screenName(Screen s);

} // namespace wp::ui
