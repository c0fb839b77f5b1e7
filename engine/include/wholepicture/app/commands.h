// Commands: small value types, one per intent, from whoever has one: a view (a click, a key), the
// command line, a worker thread (a folder reloaded, a save finished), later a phone or an extension.
// Each is applied by app::apply (apply.h); every alternative of Command must have a handler, which
// the compiler checks (no catch-all), so a new command cannot be dropped silently.
#pragma once
#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "wholepicture/app/run_record.h"
#include "wholepicture/app/types.h"
#include "wholepicture/app/xapi_settings.h"
#include "wholepicture/core/author_mode.h"
#include "wholepicture/core/case_document.h"
#include "wholepicture/core/case_pack.h"
#include "wholepicture/core/format_guide.h"
#include "wholepicture/core/strings_table.h"
#include "wholepicture/core/room.h"

namespace wp::app {

// [SECTION] Library, role screen and self-study play (solo_commands.cpp)
struct OpenPlugin { std::string pluginId; };     // library -> role screen
struct SelectRole { std::string role; };         // highlight a role on the role screen
struct StartSession {};                          // start the selected role (any run it replaces is kept)
struct ResumeSession {};                         // restore the autosave offered in the library
struct DiscardResume {};                         // not now: the offered run is kept in "Your runs", not deleted
struct OpenKeptRun { std::string id; };          // back to a kept run (its debrief when it had ended)
struct DeleteKeptRun { std::string id; bool confirmed = false; }; // asks first
struct Choose { std::string optionId; };         // answer the current decision
struct PlaceThreshold { ThresholdLevel level; }; // where the child's needs sit, before the current decision's choice
// One fact of the chronology at the current decision: left out, entered, or entered as a concern.
struct MarkChronology { std::string fact; ChronologyMark mark = ChronologyMark::Entry; };
// One move at the current decision's challenge point: when, how (`approach` names it), escalate or rest.
struct MoveChallenge { ChallengeMove move = ChallengeMove::Now; std::string approach; };
struct Continue {};                              // past feedback or a narrative node
struct StepBack {};                              // undo the last step (or leave the feedback view)
struct Restart { bool confirmed = false; };      // same case and role, from the start (asks first)
struct ShowDebrief {};                           // jump to the debrief (command line, finished runs)
struct PlayAgain {};                             // debrief -> role screen of the same case
struct BackToLibrary {};
struct GoBack {};                                // Esc: one screen up
struct Navigate { ScreenId screen; };            // to a registered screen that needs no set-up (glossary)

// [SECTION] Settings and the app itself (solo_commands.cpp)
struct SetScale { float scale; };
struct MonitorScaleChanged { float scale; };     // the platform: the window moved to another monitor
struct SetTheme { Theme theme; };
struct DismissStatus { size_t index; };
struct ConfirmPending {};                        // "yes" to the question on screen
struct CancelPending {};                         // "no"
struct Quit {};
struct Closing {};                               // the window is closing: flush what is unsaved
// A save carried out at the edge finished (posted from the writer thread): status is updated, one
// card per target, and cleared when saving works again.
enum class SaveTarget { Progress, Room, Settings, KeptRun };
struct SaveFinished { SaveTarget target; bool ok = true; std::string message; };
// A message for the status area from the edge (a worker thread's problem, a watcher that stopped).
struct Notice { StatusKind kind = StatusKind::Info; std::string text; std::string topic; };
// `report`: a "Save report" of the debrief or the comparison (shown in the screen's footer line, with
// "Open folder", not as a card over the content); `comparison`: the comparison's.
struct ExportFinished { std::vector<std::string> written; std::vector<std::string> problems; std::string folder; bool room = false;
                        bool report = false; bool comparison = false; };

// [SECTION] Debrief, role swap and export (debrief_commands.cpp)
// The debrief's reflection box (kept with the session). While typing (commit false) the session holds
// the text but no file is written; a pause or leaving the box commits it (autosave).
struct SetReflection { std::string text; bool commit = true; };
struct PlayAsRole { std::string role; };         // debrief -> the same case as another role, keeping this run
struct ShowCompare {};                           // the two runs of a role swap side by side
struct SaveReport { std::string folder; };       // export the debrief with every registered exporter
struct SaveComparison { std::string folder; };   // export the role swap's two runs (compare screen)
struct OpenFolder { std::string folder; };       // show a folder (where a report went) in the file manager

// [SECTION] Records: profiles and the history (records_commands.cpp)
struct OpenRecordedRun { std::string id; };      // history -> the run: its debrief, comparison or where it stopped
struct OpenRecordedRoom { std::string id; };     // history -> a room session: its debrief (ended) or its console
struct SwitchProfile { std::int64_t id; };       // whose records these are (a shared laptop)
struct AddProfile { std::string name; };         // a new person, switched to
struct NameProfile { std::string name; };        // the first start's question; "" = "just me"
struct DeleteMyRecords { bool confirmed = false; }; // everything of the current profile (asks first)
struct ExportMyRecords { std::string folder; };  // everything of the current profile as JSON
// The printable training record of the current profile (HTML); reflections only when asked for.
struct ExportTrainingRecord { bool includeReflections = false; std::string folder; };
// From the store: the records changed (a switch, a new profile, a deletion). After a switch, `startup`
// holds the profile's own current and kept runs.
struct RecordsChanged { RecordsView view; std::optional<StartupRecords> startup; };
// From the store: a run asked for by OpenRecordedRun (nullopt when it is no longer there).
struct RunLoaded { std::string id; std::optional<StoredRun> run; };
// From the store: a room session asked for by OpenRecordedRoom (nullopt when it is no longer there).
struct RoomLoaded { std::string id; std::optional<RoomRecord> room; };

// [SECTION] Author mode (author_commands.cpp)
struct OpenAuthorFolder { std::string path; bool thenEdit = false; }; // loaded and watched at the edge, then AuthorFolderLoaded
struct ReloadAuthorFolder {};                    // by hand (the watcher does it on save)
struct CloseAuthorMode { bool confirmed = false; }; // asks first when the case editor holds unsaved edits
struct InspectNode { std::string node; };        // "" goes back to the list
struct PlayFromNode { std::string node; std::string role; };
struct RewindTo { size_t step; };                // back to history[step] (0 = the start)
// "What if" in a preview (Play from here): the author sets a flag, or gives a role a fact, at the current
// step, to try a branch whose condition the shortest route does not meet. Refused in a trainee's own run.
struct SetPreviewFlag { std::string flag; bool set = true; };
struct SetPreviewFact { std::string role; std::string fact; bool held = true; };
// A folder loaded and linted off the UI thread (open, save in an editor, Reload). Applied only while
// author mode still has `dir` open, or when `opening` it.
struct AuthorFolderLoaded { std::filesystem::path dir; AuthorLoad load; bool opening = false; std::string watchError; bool thenEdit = false; };

// [SECTION] The case editor (editor_commands.cpp): author mode's case, edited in the app
struct OpenCaseEditor {};                        // the author's folder read at the edge, then CaseEditorOpened
// "New case": the starting case (core/case_scaffold.h) written into folder/id at the edge, then opened in
// author mode and the editor (CaseCreated). `folder` "" = the user's plugins folder (the library lists it).
struct CreateCase { std::string folder; std::string id; std::vector<std::string> roles; };
struct CaseCreated { bool ok = false; std::filesystem::path dir; Diagnostics diagnostics; };
// From the edge: the folder read for editing (`refresh`: re-read after a reload, to notice edits made
// outside the editor). No document: the diagnostics say why (a syntax error to mend first).
struct CaseEditorOpened {
    std::filesystem::path dir;
    std::optional<CaseDocument> doc;
    Diagnostics diagnostics;
    std::shared_ptr<const FormatGuide> scenarioGuide, manifestGuide;
    bool refresh = false;
    // Edits left unsaved when the app last closed (core/unsaved_draft.h), when they differ from the files:
    // restored as one undoable step, so the trainer can keep them (save) or drop them (undo).
    std::optional<CaseDocument> unsaved;
    std::int64_t unsavedKeptMs = 0;
};
// One step of edits (core/case_document.h). `typing`: a key in a text field, joined with the keys before it
// into one undo step. `select`: the item to show afterwards (the new option), "" keeps the selection.
struct EditCase { std::vector<CaseEdit> edits; std::string label; bool typing = false; std::string select; };
struct EndTyping {};                             // a text field lost focus: the next key starts a new undo step
struct EditorUndo {};
struct EditorRedo {};
struct SelectInEditor { CaseFile file = CaseFile::Scenario; std::string pointer; };
struct SaveCaseDraft {};                         // both files written in the editor's layout
// "Play from here": saved first when there are unsaved edits, then played once the reload has it.
struct PlayDraftFrom { std::string node; std::string role; };
// From the edge.
struct CaseDraftLinted { std::filesystem::path dir; std::uint64_t revision = 0; Diagnostics diagnostics; };
struct CaseDraftSaved { std::filesystem::path dir; std::uint64_t revision = 0; bool ok = false; Diagnostics diagnostics; };

// [SECTION] Sharing cases (share_commands.cpp): installing a .wpcase from the library or the command
// line, and author mode's "Review" tab (the review sheet out and back in, the case packed).
struct OpenCaseFile { std::string path; };       // a .wpcase: checked at the edge, then the install question
struct InstallCaseFile { std::string path; bool replace = false; }; // the question's "Install" / "Replace"
// From the edge: what installing the file would do (nothing has been written yet).
struct CaseFileChecked {
    std::string path;                 // the file, as resolved
    InstallOutcome outcome = InstallOutcome::Refused; // Installed: new; AlreadyInstalled: a copy is there
    std::string id, title, version;
    std::string folder;               // where it would be installed
    std::string existingFolder, existingVersion;
    Diagnostics diagnostics;          // the file's and the lint's (errors mean it cannot be installed)
};
// From the edge: the install was carried out (or refused); `plugin` is the installed folder, loaded.
struct CaseFileInstalled {
    std::string path;
    InstallOutcome outcome = InstallOutcome::Refused;
    std::string id, title, version, existingVersion;
    std::string folder;
    std::optional<ScenarioPlugin> plugin;
    Diagnostics diagnostics;
};
// From the edge: a case that was only listed at start (ScenarioPlugin::pending) has been loaded and
// checked off the UI thread; it replaces the pending entry of the same folder (if that is still pending).
struct PluginLoaded { ScenarioPlugin plugin; };
struct ExportReviewSheet { std::string folder; }; // author mode: <id>-review.csv into `folder`
struct CheckReviewSheet { std::string csv; };     // author mode: the edited sheet as a dry run
struct ApplyReviewSheet {};                       // author mode: the sheet last checked, for real
struct PackAuthorCase { std::string folder; };    // author mode: <id>-<version>.wpcase into `folder`
// From the edge, for the author folder `dir` (dropped when author mode has another folder open).
struct ReviewSheetExported { std::filesystem::path dir; bool ok = false; std::string file; size_t texts = 0; Diagnostics diagnostics; };
struct ReviewSheetRead {
    std::filesystem::path dir;
    std::string csv;
    bool dryRun = true;
    TextImportSummary summary;
    Diagnostics diagnostics;          // refused rows (each with its row and the fix); any error: nothing written
};
struct AuthorCasePacked { std::filesystem::path dir; bool ok = false; std::string file; size_t files = 0; Diagnostics diagnostics; };

// [SECTION] Speech: self-voicing (speech_commands.cpp, speech.h)
// What can be read on demand: the situation (or, off the play screen, the top of the screen: the
// debrief's headline), the options, the feedback, the other roles' perspectives; Arrival is what a
// listener needs on reaching a screen or a new step (its name and where they are).
enum class SpeechPart { Situation, Options, Feedback, Perspectives, Arrival };
struct SetSpeech { bool on = true; bool remember = true; }; // remember: saved in the settings (not for --speak)
struct SetSpeechRate { int rate = 0; };          // -100..100, remembered
struct SetSpeechVoice { std::string voice; };    // a language or voice name ("" = default), remembered
struct StopSpeech {};                            // be quiet now (speech stays on)
// The focused control changed (the UI names it): "Start as Class teacher, button. <hint>".
// `state` is a checkbox's "checked" / "not checked", a text box's content; "" when none.
struct AnnounceFocus { std::string label; std::string kind; std::string state; std::string hint; bool interrupt = true; };
// Read a part of what is on screen. `perspectivesShown`: the play screen shows the other roles'
// perspectives before the choice (the trainee asked for them), so they may be read then too.
struct ReadAloud { SpeechPart part = SpeechPart::Situation; bool perspectivesShown = false; bool interrupt = true; };

// [SECTION] The settings screen (settings_commands.cpp): the organisation's learning record store,
// and how the app looks. Speech's own settings are SetSpeech, SetSpeechRate and SetSpeechVoice above.
struct SaveLrsSettings { XapiSettings settings; }; // lrs.json written (0600), sending restarted with them
struct TestLrs { XapiSettings settings; };         // "Send a test statement" with what the form holds (off the UI thread)
struct RequeueStatements {};                       // statements the LRS refused are queued again
// From the edge (statement_service.h): the settings were written and sending restarted (or why not);
// a test statement's result; the outbox changed (posted by the sender's thread). Never the secret.
struct LrsSettingsApplied { bool ok = true; bool sending = false; std::string message; };
struct LrsTestFinished { XapiTestResult result; };
struct LrsStatusChanged { OutboxStatus status; };
struct SetReduceMotion { bool on = true; };        // no pulsing links, transitions jump to their end
struct SetFont { std::string font; };              // "default" or "opendyslexic" (core/settings.h)
struct SetLineSpacing { float spacing = 1.0f; };   // 1.0 .. 2.0 times the font's own
struct SetProcedures { std::string packId; };       // the local procedures pack ("" = national guidance only), remembered
// From the edge: the voices the synthesiser offers (listed off the UI thread when the settings screen
// is first opened); empty when it cannot list them (the screen keeps its text box).
struct VoicesListed { std::vector<std::string> voices; };

// [SECTION] Joint session, "room" (room_commands.cpp)
struct OpenRoomSetup { std::string pluginId; };  // library -> room set-up
struct StartRoom {
    std::string pluginId;
    std::vector<RoomGroup> groups;
    int timerSeconds = 0;
    std::optional<std::string> procedures; // this room's local procedures pack ("" = national); unset: the settings' one
};
struct RoomStep { RoomEvent event; };            // one room event (atMs stamped when applied)
struct RoomVoteLetter { int group; char letter; std::string rationale; bool keepRationale = true; };
struct RoomUndo {};
struct RoomTogglePause {};
struct RoomToggleProjector {};
struct RoomShowDebrief {};
struct RoomBackToConsole {};
struct RoomExport {};
struct RoomEnd { bool confirmed = false; };      // close the session (no resume offer); asks first
struct ResumeRoom {};
struct DiscardRoomResume {};
struct RoomTurnPage { int delta; };              // the projector's page, +1 / -1 (recorded, undoable)
// The projector measured how many pages the current screen needs (its layout depends on the display).
struct ProjectorPagesMeasured { std::string key; int pages = 1; std::vector<std::string> labels; };
struct ProjectorWindowChanged { bool open; };    // the platform opened or closed the second window

using Command = std::variant<
    OpenPlugin, SelectRole, StartSession, ResumeSession, DiscardResume, OpenKeptRun, DeleteKeptRun, Choose, PlaceThreshold, MarkChronology, MoveChallenge, Continue,
    StepBack, Restart, ShowDebrief, PlayAgain, BackToLibrary, GoBack, Navigate,
    SetScale, MonitorScaleChanged, SetTheme, DismissStatus, ConfirmPending, CancelPending, Quit, Closing, SaveFinished,
    Notice, ExportFinished,
    SetReflection, PlayAsRole, ShowCompare, SaveReport, SaveComparison, OpenFolder,
    OpenRecordedRun, OpenRecordedRoom, SwitchProfile, AddProfile, NameProfile, DeleteMyRecords, ExportMyRecords, ExportTrainingRecord, RecordsChanged, RunLoaded, RoomLoaded,
    OpenAuthorFolder, ReloadAuthorFolder, CloseAuthorMode, InspectNode, PlayFromNode, RewindTo, SetPreviewFlag, SetPreviewFact, AuthorFolderLoaded,
    OpenCaseFile, InstallCaseFile, CaseFileChecked, CaseFileInstalled, PluginLoaded, ExportReviewSheet, CheckReviewSheet, ApplyReviewSheet,
    PackAuthorCase, ReviewSheetExported, ReviewSheetRead, AuthorCasePacked,
    OpenCaseEditor, CreateCase, CaseCreated, CaseEditorOpened, EditCase, EndTyping, EditorUndo, EditorRedo, SelectInEditor, SaveCaseDraft, PlayDraftFrom,
    CaseDraftLinted, CaseDraftSaved,
    OpenRoomSetup, StartRoom, RoomStep, RoomVoteLetter, RoomUndo, RoomTogglePause, RoomToggleProjector, RoomShowDebrief,
    RoomBackToConsole, RoomExport, RoomEnd, ResumeRoom, DiscardRoomResume, RoomTurnPage, ProjectorPagesMeasured,
    ProjectorWindowChanged,
    SetSpeech, SetSpeechRate, SetSpeechVoice, StopSpeech, AnnounceFocus, ReadAloud,
    SaveLrsSettings, TestLrs, RequeueStatements, LrsSettingsApplied, LrsTestFinished, LrsStatusChanged, SetReduceMotion, SetFont,
    SetLineSpacing, SetProcedures, VoicesListed>;

// Views push commands here during a frame; the loop applies them after it, so a frame draws one state.
struct CommandSink {
    std::vector<Command> commands;
    void push(Command c) { commands.push_back(std::move(c)); }
};

} // namespace wp::app
