// Library, role screen, self-study play, kept runs, settings and the app's own commands.
#include <algorithm>

#include "handlers.h"
#include "wholepicture/core/loader.h"

namespace wp::app {

// [SECTION] Queries

const ScenarioPlugin* selectedPlugin(const AppState& s) {
    if (s.selectedPlugin < 0 || s.selectedPlugin >= static_cast<int>(s.library.size())) return nullptr;
    return &s.library[static_cast<size_t>(s.selectedPlugin)];
}

const Scenario* activeScenario(const AppState& s) {
    const ScenarioPlugin* p = selectedPlugin(s);
    return p && p->usable() ? p->scenario.get() : nullptr;
}

int findPlugin(const AppState& s, const std::string& pluginId) {
    for (size_t i = 0; i < s.library.size(); ++i)
        if (s.library[i].manifest.id == pluginId && s.library[i].usable()) return static_cast<int>(i);
    return -1;
}

const char* screenName(ScreenId s) { return s.id.empty() ? "?" : s.id.data(); }

std::optional<ResumeOffer> resumeOfferFor(const AppState& s, nlohmann::json saved) {
    if (!saved.is_object() || !saved.contains("plugin") || !saved["plugin"].is_string()) return std::nullopt;
    const std::string pluginId = saved["plugin"].get<std::string>();
    if (findPlugin(s, pluginId) < 0) return std::nullopt;
    ResumeOffer offer;
    offer.pluginId = pluginId;
    if (saved.contains("role") && saved["role"].is_string()) offer.role = saved["role"].get<std::string>();
    for (const char* key : {"run_id", "kept_id"}) // "kept_id": saved before every run had an id
        if (auto it = saved.find(key); offer.runId.empty() && it != saved.end() && it->is_string() &&
                                       isSafeRecordId(it->get<std::string>()))
            offer.runId = it->get<std::string>();
    if (saved.contains("path") && saved["path"].is_array()) offer.steps = saved["path"].size();
    offer.saved = std::move(saved);
    return offer;
}

KeptRun describeKeptRun(const AppState& s, std::string id, nlohmann::json session, std::optional<nlohmann::json> firstRun) {
    KeptRun k;
    k.id = std::move(id);
    if (session.is_object()) {
        auto str = [&](const char* key) {
            auto it = session.find(key);
            return it != session.end() && it->is_string() ? it->get<std::string>() : std::string();
        };
        k.pluginId = str("plugin");
        k.role = str("role");
        k.hasReflection = !str("reflection").empty();
        if (auto it = session.find("path"); it != session.end() && it->is_array()) k.steps = it->size();
        if (auto it = session.find("started_ms"); it != session.end() && it->is_number_integer())
            k.startedMs = it->get<std::int64_t>();
        if (const int idx = findPlugin(s, k.pluginId); idx >= 0)
            if (auto st = session.find("state"); st != session.end() && st->is_object())
                if (auto n = st->find("node"); n != st->end() && n->is_string())
                    if (const Node* node = s.library[static_cast<size_t>(idx)].scenario->node(n->get<std::string>()))
                        k.finished = node->type == NodeType::Ending;
    }
    k.session = std::move(session);
    k.firstRun = std::move(firstRun);
    return k;
}

namespace detail {

namespace {

// After any step: where the trainee lands (an ending goes straight to the debrief only once the
// feedback on the last choice has been read, i.e. in the Question phase).
void settleAfterStep(Context& c) {
    AppState& s = c.s;
    c.saveProgress = true;
    s.debrief.reset(); // the session moved: the debrief is rebuilt when it is next entered
    const Scenario* sc = activeScenario(s);
    if (sc && s.session && s.phase == PlayPhase::Question && atEnding(*sc, s.session->current())) enterDebrief(c, true);
}

std::string defaultRoleFor(const ScenarioPlugin& p, const std::string& avoid) {
    for (const auto& r : p.manifest.roles)
        if (r != avoid) return r;
    return p.manifest.roles.empty() ? std::string{} : p.manifest.roles.front();
}

std::string runLabel(const AppState& s, const std::string& pluginId, const std::string& role) {
    const int idx = findPlugin(s, pluginId);
    const std::string name = idx >= 0 ? s.library[static_cast<size_t>(idx)].displayName() : pluginId;
    return name + " as " + s.knowledge.roleName(role);
}

} // namespace

void keepCurrentRun(Context& c) {
    AppState& s = c.s;
    // An offered autosave that was never resumed is a run too: it is kept, not overwritten.
    if (!s.session && s.resume) {
        const ResumeOffer& r = *s.resume;
        Session probe;
        probe.pluginId = r.pluginId;
        probe.role = r.role;
        const std::string id = r.runId.empty() ? newRunId(s, probe, c.nowMs) : r.runId;
        const int idx = findPlugin(s, r.pluginId);
        RunRecord record = runRecordFromJson(s.knowledge, idx >= 0 ? &s.library[static_cast<size_t>(idx)] : nullptr, id, r.saved);
        record.firstRun = r.compareWith;
        c.effects.push_back(KeepRun{std::move(record)});
        std::erase_if(s.keptRuns, [&](const KeptRun& k) { return k.id == id; });
        s.keptRuns.insert(s.keptRuns.begin(), describeKeptRun(s, id, r.saved, r.compareWith));
        s.resume.reset();
        return;
    }
    if (!s.session || isPreview(s)) return;
    const Session& run = *s.session;
    const bool worthKeeping = !run.current().path.empty() || !run.reflection.empty() || s.firstRun;
    if (!worthKeeping) return;
    const int idx = findPlugin(s, run.pluginId);
    if (idx < 0) return;
    const std::string id = s.sessionRunId.empty() ? newRunId(s, run, c.nowMs) : s.sessionRunId;
    RunRecord record = makeRunRecord(s, run, id, s.debrief.get());
    if (s.firstRun && s.firstRun->pluginId == run.pluginId) {
        record.firstRunId = s.firstRunId;
        record.firstRun = sessionToJson(*s.firstRun);
        (*record.firstRun)["run_id"] = s.firstRunId;
    }
    nlohmann::json saved = record.session;
    std::optional<nlohmann::json> first = record.firstRun;
    c.effects.push_back(KeepRun{std::move(record)});
    std::erase_if(s.keptRuns, [&](const KeptRun& k) { return k.id == id; });
    s.keptRuns.insert(s.keptRuns.begin(), describeKeptRun(s, id, std::move(saved), std::move(first)));
    c.report(StatusKind::Info, "Your run of " + runLabel(s, run.pluginId, run.role) +
                                   " is kept under \"Your runs\" in the library.", "kept-run");
    s.sessionRunId.clear();
}

bool startSelected(Context& c) {
    AppState& s = c.s;
    const ScenarioPlugin* p = selectedPlugin(s);
    if (!p || !p->usable()) {
        c.report(StatusKind::Error, "Choose a case in the library first.");
        return false;
    }
    const auto& roles = p->manifest.roles;
    if (std::find(roles.begin(), roles.end(), s.selectedRole) == roles.end()) {
        c.report(StatusKind::Warning, "Choose one of the playable roles first.");
        return false;
    }
    s.session = startSession(*p->scenario, p->manifest, s.selectedRole, c.nowMs);
    s.sessionRunId = newRunId(s, *s.session, c.nowMs);
    s.phase = PlayPhase::Question;
    s.screen = Screen::Play;
    s.reflectionUnsaved = false;
    s.settings.lastPlugin = p->manifest.id; // remembers the last case and role
    s.settings.lastRole = s.selectedRole;
    c.saveSettings = true;
    settleAfterStep(c);
    return true;
}

bool restoreRun(Context& c, const nlohmann::json& saved, const std::optional<nlohmann::json>& firstRun, const char* what) {
    AppState& s = c.s;
    const std::string pluginId = saved.is_object() && saved.contains("plugin") && saved["plugin"].is_string()
                                     ? saved["plugin"].get<std::string>()
                                     : std::string();
    const int idx = findPlugin(s, pluginId);
    if (idx < 0) {
        c.report(StatusKind::Warning, std::string("The case of the ") + what + " is not in the library; the run is kept.");
        return false;
    }
    const ScenarioPlugin& p = s.library[static_cast<size_t>(idx)];
    Diagnostics diags;
    auto restored = sessionFromJson(saved, *p.scenario, p.manifest, diags, what);
    for (const auto& d : diags)
        c.report(d.severity == Severity::Error ? StatusKind::Error : StatusKind::Warning, formatDiagnostic(d));
    if (!restored) {
        c.report(StatusKind::Error, std::string("The ") + what + " could not be restored; its file is kept.");
        return false;
    }
    s.selectedPlugin = idx;
    s.selectedRole = restored->role;
    s.session = std::move(*restored);
    s.reflectionUnsaved = false;
    restoreFirstRun(c, firstRun);
    s.phase = PlayPhase::Question;
    s.screen = Screen::Play;
    settleAfterStep(c);
    return true;
}

// [SECTION] Handlers

bool handle(Context& c, const OpenPlugin& cmd) {
    AppState& s = c.s;
    // A case still being checked after start-up (its card says "Checking...") is loaded now rather than
    // refused: its number key opens it from the first frame, and the keys typed after it (a role, Enter)
    // land on the screen they were meant for. The worker's result for it is then ignored (PluginLoaded).
    if (findPlugin(s, cmd.pluginId) < 0)
        for (const auto& p : s.library)
            if (p.pending && p.manifest.id == cmd.pluginId) {
                (void)finishPendingLoad(s.library, cmd.pluginId, s.knowledge);
                break;
            }
    const int idx = findPlugin(s, cmd.pluginId);
    if (idx < 0) {
        c.report(StatusKind::Error, "The case '" + cmd.pluginId + "' is not available.");
        return false;
    }
    s.selectedPlugin = idx;
    s.selectedRole = defaultRoleFor(s.library[static_cast<size_t>(idx)], "");
    s.screen = Screen::RoleSelect;
    return true;
}

bool handle(Context& c, const SelectRole& cmd) {
    AppState& s = c.s;
    const ScenarioPlugin* p = selectedPlugin(s);
    if (!p) return false;
    const auto& roles = p->manifest.roles;
    if (std::find(roles.begin(), roles.end(), cmd.role) == roles.end()) {
        c.report(StatusKind::Warning, "'" + cmd.role + "' is not a playable role in this case.");
        return false;
    }
    s.selectedRole = cmd.role;
    return true;
}

bool handle(Context& c, const StartSession&) {
    keepCurrentRun(c); // the run this one replaces is never lost
    endRoleSwap(c.s);
    return startSelected(c);
}

bool handle(Context& c, const ResumeSession&) {
    AppState& s = c.s;
    // A session still in memory (the trainee went back to the library) wins over the file.
    if (s.session) {
        const int idx = findPlugin(s, s.session->pluginId);
        if (idx < 0) return false;
        s.selectedPlugin = idx;
        s.selectedRole = s.session->role;
        s.phase = PlayPhase::Question;
        s.screen = Screen::Play;
        settleAfterStep(c);
        return true;
    }
    if (!s.resume) return false;
    ResumeOffer offer = std::move(*s.resume);
    s.resume.reset();
    if (!restoreRun(c, offer.saved, offer.compareWith, "saved session")) {
        s.resume = std::move(offer); // still offered: nothing is dropped because it failed once
        return false;
    }
    s.sessionRunId = offer.runId.empty() ? newRunId(s, *s.session, c.nowMs) : offer.runId;
    // Saved as the current run at once: a pause begun when the app closed mid-run ends now (resumed).
    c.saveProgress = true;
    return true;
}

bool handle(Context& c, const DiscardResume&) {
    if (!c.s.resume) return false;
    keepCurrentRun(c); // kept under "Your runs", then the slot is free
    c.effects.push_back(ClearProgress{});
    return true;
}

bool handle(Context& c, const OpenKeptRun& cmd) {
    AppState& s = c.s;
    auto it = std::find_if(s.keptRuns.begin(), s.keptRuns.end(), [&](const KeptRun& k) { return k.id == cmd.id; });
    if (it == s.keptRuns.end()) {
        c.report(StatusKind::Warning, "That run is no longer kept.");
        return false;
    }
    if (s.sessionRunId == cmd.id && s.session) return handle(c, ResumeSession{});
    const KeptRun kept = *it;
    keepCurrentRun(c);
    endRoleSwap(s);
    if (!restoreRun(c, kept.session, kept.firstRun, "kept run")) return false;
    s.sessionRunId = kept.id;
    if (kept.finished && s.screen != Screen::Debrief && s.screen != Screen::Compare) enterDebrief(c);
    return true;
}

bool handle(Context& c, const DeleteKeptRun& cmd) {
    AppState& s = c.s;
    auto it = std::find_if(s.keptRuns.begin(), s.keptRuns.end(), [&](const KeptRun& k) { return k.id == cmd.id; });
    if (it == s.keptRuns.end()) return false;
    if (!cmd.confirmed) {
        s.confirm = Confirmation{"Delete this run?",
                                 runLabel(s, it->pluginId, it->role) + ", " + std::to_string(it->steps) + " steps" +
                                     (it->hasReflection ? ", with your reflection" : "") +
                                     ". It cannot be brought back.",
                                 "Delete it", "Keep it", DeleteKeptRun{cmd.id, true}};
        return true;
    }
    c.effects.push_back(DeleteRun{cmd.id});
    s.keptRuns.erase(it);
    // The run on screen was that record: from now on it is saved as a new one.
    if (s.sessionRunId == cmd.id) s.sessionRunId = s.session ? newRunId(s, *s.session, c.nowMs) : std::string();
    return true;
}

bool handle(Context& c, const Choose& cmd) {
    AppState& s = c.s;
    const Scenario* sc = activeScenario(s);
    if (!sc || !s.session || s.screen != Screen::Play || s.phase != PlayPhase::Question) return false;
    if (currentNode(*sc, s.session->current()).type != NodeType::Decision) return false;
    std::string error;
    if (!sessionStep(*s.session, *sc, cmd.optionId, c.nowMs, &error)) {
        c.report(StatusKind::Error, error.empty() ? "That choice is not available now." : error);
        return false;
    }
    s.phase = PlayPhase::Feedback;
    settleAfterStep(c);
    return true;
}

bool handle(Context& c, const PlaceThreshold& cmd) {
    AppState& s = c.s;
    const Scenario* sc = activeScenario(s);
    if (!sc || !s.session || s.screen != Screen::Play || s.phase != PlayPhase::Question) return false;
    // The placement changes the state on screen, not the history: stepping back from the choice comes
    // back to the question with the placement as it was made.
    if (!placeThreshold(*sc, s.session->history.back(), cmd.level)) return false;
    c.saveProgress = true;
    return true;
}

bool handle(Context& c, const MarkChronology& cmd) {
    AppState& s = c.s;
    const Scenario* sc = activeScenario(s);
    if (!sc || !s.session || s.screen != Screen::Play || s.phase != PlayPhase::Question) return false;
    // Like a placement, the chronology changes the state on screen, not the history.
    std::string error;
    if (!markChronology(*sc, s.session->history.back(), cmd.fact, cmd.mark, &error)) {
        c.report(StatusKind::Error, error);
        return false;
    }
    c.saveProgress = true;
    return true;
}

bool handle(Context& c, const MoveChallenge& cmd) {
    AppState& s = c.s;
    const Scenario* sc = activeScenario(s);
    if (!sc || !s.session || s.screen != Screen::Play || s.phase != PlayPhase::Question) return false;
    // Like a placement, a challenge changes the state on screen, not the history.
    std::string error;
    if (!challengeMove(*sc, s.session->history.back(), cmd.move, cmd.approach, &error)) {
        c.report(StatusKind::Error, error);
        return false;
    }
    c.saveProgress = true;
    return true;
}

bool handle(Context& c, const Continue&) {
    AppState& s = c.s;
    const Scenario* sc = activeScenario(s);
    if (!sc || !s.session || s.screen != Screen::Play) return false;
    if (s.phase == PlayPhase::Feedback) {
        s.phase = PlayPhase::Question;
        settleAfterStep(c);
        return true;
    }
    const Node& node = currentNode(*sc, s.session->current());
    if (node.type == NodeType::Ending) {
        enterDebrief(c, true);
        return true;
    }
    if (node.type != NodeType::Narrative) return false; // a decision needs a choice
    std::string error;
    if (!sessionStep(*s.session, *sc, "", c.nowMs, &error)) {
        c.report(StatusKind::Error, error.empty() ? "The case cannot continue from here." : error);
        return false;
    }
    settleAfterStep(c);
    return true;
}

bool handle(Context& c, const StepBack&) {
    AppState& s = c.s;
    if (!s.session) return false;
    if (s.screen == Screen::Play && s.phase == PlayPhase::Feedback) {
        (void)sessionStepBack(*s.session);
        s.phase = PlayPhase::Question;
        c.saveProgress = true;
        return true;
    }
    if (s.screen != Screen::Play && s.screen != Screen::Debrief) return false;
    if (!s.session->canStepBack()) return false;
    (void)sessionStepBack(*s.session);
    s.debrief.reset();
    s.screen = Screen::Play;
    s.phase = PlayPhase::Question;
    c.saveProgress = true;
    return true;
}

bool handle(Context& c, const Restart& cmd) {
    AppState& s = c.s;
    if (!s.session) return false;
    const Session& run = *s.session;
    const size_t steps = run.current().path.size();
    if (!cmd.confirmed && steps > 0 && !isPreview(s)) {
        s.confirm = Confirmation{"Start this case again?",
                                 "Your " + std::to_string(steps) + " step" + (steps == 1 ? "" : "s") + " as " +
                                     s.knowledge.roleName(run.role) +
                                     " are kept under \"Your runs\" in the library, and you start again from the beginning.",
                                 "Start again", "Keep playing", Restart{true}};
        return true;
    }
    s.selectedRole = run.role;
    keepCurrentRun(c);
    return startSelected(c);
}

bool handle(Context& c, const ShowDebrief&) {
    if (!c.s.session) return false;
    enterDebrief(c);
    return true;
}

bool handle(Context& c, const PlayAgain&) {
    AppState& s = c.s;
    const ScenarioPlugin* p = selectedPlugin(s);
    if (!p) return false;
    const std::string role = defaultRoleFor(*p, s.session ? s.session->role : std::string{});
    keepCurrentRun(c);
    endRoleSwap(s);
    s.selectedRole = role;
    s.session.reset();
    s.debrief.reset();
    c.effects.push_back(ClearProgress{});
    s.screen = Screen::RoleSelect;
    return true;
}

bool handle(Context& c, const BackToLibrary&) {
    c.s.screen = Screen::Library;
    return true;
}

bool handle(Context& c, const GoBack&) {
    AppState& s = c.s;
    if (s.confirm) return handle(c, CancelPending{});
    if (s.screen == Screen::Library) return false;
    if (s.screen == Screen::RoomConsole || s.screen == Screen::RoomDebrief) {
        if (!s.room) return false;
        if (s.room->projector) {
            s.room->projector = false;
            return true;
        }
        s.screen = s.screen == Screen::RoomDebrief ? Screen::RoomConsole : Screen::Library;
        return true;
    }
    s.screen = s.screen == Screen::Compare ? Screen::Debrief : Screen::Library;
    return true;
}

bool handle(Context& c, const Navigate& cmd) {
    if (cmd.screen.id.empty()) return false;
    c.s.screen = cmd.screen;
    if (cmd.screen.id == "settings") enterSettings(c);
    return true;
}

bool handle(Context& c, const SetScale& cmd) {
    c.s.uiScale = clampUiScale(cmd.scale);
    c.s.uiScaleChosen = true;
    c.s.settings.uiScale = c.s.uiScale;
    c.saveSettings = true;
    return true;
}

bool handle(Context& c, const MonitorScaleChanged& cmd) {
    if (c.s.uiScaleChosen) return false; // the user's own choice wins
    c.s.uiScale = std::clamp(cmd.scale, 1.0f, kMaxUiScale);
    return true;
}

bool handle(Context& c, const SetTheme& cmd) {
    c.s.theme = cmd.theme;
    c.s.settings.theme = cmd.theme == Theme::Light ? "light" : "dark";
    c.saveSettings = true;
    return true;
}

bool handle(Context& c, const DismissStatus& cmd) {
    if (cmd.index >= c.s.status.size()) return false;
    c.s.status.erase(c.s.status.begin() + static_cast<std::ptrdiff_t>(cmd.index));
    return true;
}

bool handle(Context& c, const ConfirmPending&) {
    if (!c.s.confirm) return false;
    const Command yes = c.s.confirm->onYes;
    c.s.confirm.reset();
    return std::visit([&c](const auto& cmd) { return handle(c, cmd); }, yes);
}

bool handle(Context& c, const CancelPending&) {
    if (!c.s.confirm) return false;
    c.s.confirm.reset();
    return true;
}

bool handle(Context& c, const Quit&) {
    (void)handle(c, Closing{});
    c.s.quitRequested = true;
    c.effects.push_back(QuitApp{});
    return true;
}

bool handle(Context& c, const Closing&) {
    AppState& s = c.s;
    if (!s.session || isPreview(s)) return false;
    // Quitting while a reflection is being typed: nothing typed is lost.
    const bool reflection = s.reflectionUnsaved;
    s.reflectionUnsaved = false;
    // Closing mid-run (a step taken, no ending yet): the run is saved once more as suspended, so the
    // organisation's record store hears "suspended" now and "resumed" when it is taken up again.
    // (An ending is no pause: finish() leaves a finished run unsuspended.)
    const bool midRun = s.session->history.size() > 1 && s.screen == Screen::Play;
    if (!reflection && !midRun) return false;
    c.saveProgress = true;
    c.suspendProgress = midRun;
    return true;
}

bool handle(Context& c, const SaveFinished& cmd) {
    const char* topic = cmd.target == SaveTarget::Progress   ? "save-progress"
                        : cmd.target == SaveTarget::Room     ? "save-room"
                        : cmd.target == SaveTarget::Settings ? "save-settings"
                                                             : "save-kept";
    const bool hadProblem = std::any_of(c.s.status.begin(), c.s.status.end(),
                                        [&](const StatusMessage& m) { return m.topic == topic && m.kind != StatusKind::Info; });
    if (cmd.ok) {
        if (!hadProblem) return true;
        c.report(StatusKind::Info, cmd.target == SaveTarget::Room ? "The room is being saved again." : "Saving works again: your progress is saved.",
                 topic);
        return true;
    }
    const char* what = cmd.target == SaveTarget::Progress ? "Progress not saved: "
                       : cmd.target == SaveTarget::Room   ? "Room not saved: "
                       : cmd.target == SaveTarget::Settings ? "Settings not saved: "
                                                          : "Run not kept: ";
    // One card per target, updated on every failure (never a stack of them), and the play goes on:
    // everything is still in memory and the next save tries again.
    std::string why = cmd.message;
    if (!why.empty() && why.back() != '.') why += '.';
    c.report(StatusKind::Warning, std::string(what) + why + " Everything is still here; saving is tried again after each step.", topic);
    return true;
}

bool handle(Context& c, const Notice& cmd) {
    c.report(cmd.kind, cmd.text, cmd.topic);
    return true;
}

bool handle(Context& c, const ExportFinished& cmd) {
    std::string list;
    for (size_t i = 0; i < cmd.written.size(); ++i)
        list += (i ? (i + 1 == cmd.written.size() ? " and " : ", ") : "") + cmd.written[i];
    for (const auto& p : cmd.problems) c.report(StatusKind::Error, "Export: " + p);
    if (cmd.room && c.s.room && !cmd.written.empty()) c.s.room->exportedTo = cmd.folder;
    if (cmd.report && !cmd.written.empty() && c.s.session) {
        // Said in the screen's footer line, beside "Open folder": never a card over the debrief.
        c.s.savedReport = SavedReport{c.s.sessionRunId, cmd.comparison, cmd.folder, cmd.written};
        if (c.s.speech) c.effects.push_back(Speak{"Saved " + list + " in " + cmd.folder + ".", false}); // the footer line, said
        return true;
    }
    if (!cmd.written.empty()) c.report(StatusKind::Info, "Saved " + list + " in " + cmd.folder + ".", "export");
    return !cmd.written.empty();
}

} // namespace detail
} // namespace wp::app
