// The command handlers, one overload per command, grouped by the feature that owns them (private to
// wp_app). apply.cpp dispatches to them and checks at compile time that every command has one.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "wholepicture/app/apply.h"
#include "wholepicture/app/record_store.h"
#include "wholepicture/app/run_record.h"

namespace wp::app::detail {

// What a handler sees: the state, the time, and where effects go. The save flags are turned into one
// effect each after the command (apply.cpp: finish), from the final state, so a command that touches
// the session twice still writes it once.
struct Context {
    AppState& s;
    std::int64_t nowMs;
    std::vector<Effect>& effects;
    bool saveProgress = false;
    bool saveRoom = false;
    bool saveSettings = false;
    bool suspendProgress = false; // the save of the current run marks it suspended (the app is closing mid-run)

    void report(StatusKind kind, std::string text, std::string topic = {});
};

// [SECTION] solo_commands.cpp
bool handle(Context&, const OpenPlugin&);
bool handle(Context&, const SelectRole&);
bool handle(Context&, const StartSession&);
bool handle(Context&, const ResumeSession&);
bool handle(Context&, const DiscardResume&);
bool handle(Context&, const OpenKeptRun&);
bool handle(Context&, const DeleteKeptRun&);
bool handle(Context&, const Choose&);
bool handle(Context&, const PlaceThreshold&);
bool handle(Context&, const MarkChronology&);
bool handle(Context&, const MoveChallenge&);
bool handle(Context&, const Continue&);
bool handle(Context&, const StepBack&);
bool handle(Context&, const Restart&);
bool handle(Context&, const ShowDebrief&);
bool handle(Context&, const PlayAgain&);
bool handle(Context&, const BackToLibrary&);
bool handle(Context&, const GoBack&);
bool handle(Context&, const Navigate&);
bool handle(Context&, const SetScale&);
bool handle(Context&, const MonitorScaleChanged&);
bool handle(Context&, const SetTheme&);
bool handle(Context&, const DismissStatus&);
bool handle(Context&, const ConfirmPending&);
bool handle(Context&, const CancelPending&);
bool handle(Context&, const Quit&);
bool handle(Context&, const Closing&);
bool handle(Context&, const SaveFinished&);
bool handle(Context&, const Notice&);
bool handle(Context&, const ExportFinished&);
// [SECTION] debrief_commands.cpp
bool handle(Context&, const SetReflection&);
bool handle(Context&, const PlayAsRole&);
bool handle(Context&, const ShowCompare&);
bool handle(Context&, const SaveComparison&);
bool handle(Context&, const OpenFolder&);
bool handle(Context&, const SaveReport&);
// [SECTION] records_commands.cpp
// The view of the records follows the saves a command asked for.
void followInView(AppState& s, const std::vector<Effect>& effects);
bool handle(Context&, const OpenRecordedRun&);
bool handle(Context&, const SwitchProfile&);
bool handle(Context&, const AddProfile&);
bool handle(Context&, const NameProfile&);
bool handle(Context&, const DeleteMyRecords&);
bool handle(Context&, const ExportMyRecords&);
bool handle(Context&, const ExportTrainingRecord&);
bool handle(Context&, const OpenRecordedRoom&);
bool handle(Context&, const RoomLoaded&);
bool handle(Context&, const RecordsChanged&);
bool handle(Context&, const RunLoaded&);
// [SECTION] author_commands.cpp
bool handle(Context&, const OpenAuthorFolder&);
bool handle(Context&, const ReloadAuthorFolder&);
bool handle(Context&, const CloseAuthorMode&);
bool handle(Context&, const InspectNode&);
bool handle(Context&, const PlayFromNode&);
bool handle(Context&, const RewindTo&);
bool handle(Context&, const SetPreviewFlag&);
bool handle(Context&, const SetPreviewFact&);
bool handle(Context&, const AuthorFolderLoaded&);
// [SECTION] share_commands.cpp
bool handle(Context&, const OpenCaseFile&);
bool handle(Context&, const InstallCaseFile&);
bool handle(Context&, const CaseFileChecked&);
bool handle(Context&, const CaseFileInstalled&);
bool handle(Context&, const PluginLoaded&);
bool handle(Context&, const ExportReviewSheet&);
bool handle(Context&, const CheckReviewSheet&);
bool handle(Context&, const ApplyReviewSheet&);
bool handle(Context&, const PackAuthorCase&);
bool handle(Context&, const ReviewSheetExported&);
bool handle(Context&, const ReviewSheetRead&);
bool handle(Context&, const AuthorCasePacked&);
// [SECTION] editor_commands.cpp
bool handle(Context&, const OpenCaseEditor&);
bool handle(Context&, const CreateCase&);
bool handle(Context&, const CaseCreated&);
bool handle(Context&, const CaseEditorOpened&);
bool handle(Context&, const EditCase&);
bool handle(Context&, const EndTyping&);
bool handle(Context&, const EditorUndo&);
bool handle(Context&, const EditorRedo&);
bool handle(Context&, const SelectInEditor&);
bool handle(Context&, const SaveCaseDraft&);
bool handle(Context&, const PlayDraftFrom&);
bool handle(Context&, const CaseDraftLinted&);
bool handle(Context&, const CaseDraftSaved&);
// The editor's part of a folder reload (author_commands.cpp calls it): re-read to notice outside edits,
// and a "Play from here" that was waiting for its save.
void editorFollowsReload(Context& c);
// [SECTION] room_commands.cpp
bool handle(Context&, const OpenRoomSetup&);
bool handle(Context&, const StartRoom&);
bool handle(Context&, const RoomStep&);
bool handle(Context&, const RoomVoteLetter&);
bool handle(Context&, const RoomUndo&);
bool handle(Context&, const RoomTogglePause&);
bool handle(Context&, const RoomToggleProjector&);
bool handle(Context&, const RoomShowDebrief&);
bool handle(Context&, const RoomBackToConsole&);
bool handle(Context&, const RoomExport&);
bool handle(Context&, const RoomEnd&);
bool handle(Context&, const ResumeRoom&);
bool handle(Context&, const DiscardRoomResume&);
bool handle(Context&, const RoomTurnPage&);
bool handle(Context&, const ProjectorPagesMeasured&);
bool handle(Context&, const ProjectorWindowChanged&);

// [SECTION] speech_commands.cpp
bool handle(Context&, const SetSpeech&);
bool handle(Context&, const SetSpeechRate&);
bool handle(Context&, const SetSpeechVoice&);
bool handle(Context&, const StopSpeech&);
bool handle(Context&, const AnnounceFocus&);
bool handle(Context&, const ReadAloud&);

// [SECTION] settings_commands.cpp
bool handle(Context&, const SaveLrsSettings&);
bool handle(Context&, const TestLrs&);
bool handle(Context&, const RequeueStatements&);
bool handle(Context&, const LrsSettingsApplied&);
bool handle(Context&, const LrsTestFinished&);
bool handle(Context&, const LrsStatusChanged&);
bool handle(Context&, const SetReduceMotion&);
bool handle(Context&, const SetFont&);
bool handle(Context&, const SetLineSpacing&);
bool handle(Context&, const SetProcedures&);
bool handle(Context&, const VoicesListed&);
// The settings screen was opened: what it shows that the edge must find out (the voices, once).
void enterSettings(Context& c);

// [SECTION] Shared steps
// Entering the debrief builds it once; `justFinished` after a role swap opens the comparison instead.
void enterDebrief(Context& c, bool justFinished = false);
// A fresh start from the role screen ends any role swap.
void endRoleSwap(AppState& s);
// After a resume: the role swap's first run from its saved session JSON, when it is the same case as
// another role; anything else is ignored with a note.
void restoreFirstRun(Context& c, const std::optional<nlohmann::json>& saved);
// Starts the selected case and role (the run it replaces is kept first).
bool startSelected(Context& c);
// The current run is about to be replaced: keep it (KeepRun) when there is anything to keep (a step,
// a reflection, a role swap's first run). Author-mode previews are not kept.
void keepCurrentRun(Context& c);
// Restores a saved session JSON as the current run; false (with a status message) when it cannot.
bool restoreRun(Context& c, const nlohmann::json& saved, const std::optional<nlohmann::json>& firstRun, const char* what);
// True when the session is an author-mode preview (never autosaved or kept).
[[nodiscard]] bool isPreview(const AppState& s);
// A new kept-run id, unique among the kept runs: "run-YYYYMMDD-HHMMSS-<plugin>-<role>".
// A new record id for a run of `session`: "run-20261204-153012-peter-dsl" (UTC), with "-2", "-3" when taken.
[[nodiscard]] std::string newRunId(const AppState& s, const Session& session, std::int64_t nowMs);
// The file name part of a generated id (letters, digits, '-' and '_' only).
[[nodiscard]] std::string safeIdPart(const std::string& text);

} // namespace wp::app::detail
