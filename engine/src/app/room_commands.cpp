// Joint session (room) commands: set-up, the cycle at each decision, undo, pause, the projector's
// page, the two surfaces, the debrief and export. The room logic itself is core (core/room.h); this
// file routes commands to it and asks for the record to be saved after every change.
#include <algorithm>

#include "handlers.h"

namespace wp::app {

const ScenarioPlugin* roomPlugin(const AppState& s) {
    if (!s.room) return nullptr;
    const int idx = findPlugin(s, s.room->pluginId);
    return idx < 0 ? nullptr : &s.library[static_cast<size_t>(idx)];
}

const ProceduresPack* roomProcedures(const AppState& s) {
    return !s.room || s.room->session.setup.procedures.empty() ? nullptr : findPack(s.procedures, s.room->session.setup.procedures);
}

const ProceduresPack* activeProcedures(const AppState& s) {
    // A room may use another area's pack than the facilitator's own (a session run for a partnership).
    if (s.room && (s.screen == Screen::RoomConsole || s.screen == Screen::RoomDebrief)) return roomProcedures(s);
    return s.settings.procedures.empty() ? nullptr : findPack(s.procedures, s.settings.procedures);
}

const ThresholdScale& activeScale(const AppState& s) { return scaleOf(activeProcedures(s)); }

bool roomTimerRunning(const AppState& s, std::int64_t nowMs) {
    return s.room && s.screen == Screen::RoomConsole && !s.room->session.paused &&
           timerRemaining(s.room->session, nowMs).has_value();
}

std::string projectorPageKey(const RoomSession& room) {
    return std::to_string(room.paused) + roomScreenKey(room.state);
}

bool projectorShowsDebrief(const AppState& s) {
    return s.room && s.screen == Screen::RoomDebrief && s.room->debrief && s.room->session.state.phase == RoomPhase::Ending &&
           !s.room->session.paused;
}

std::string projectorKey(const AppState& s) {
    if (!s.room) return "";
    return projectorShowsDebrief(s) ? std::string("debrief") : projectorPageKey(s.room->session);
}

int projectorPage(const AppState& s) {
    if (!s.room) return 0;
    return projectorShowsDebrief(s) ? s.room->debriefPage : s.room->session.state.projectorPage;
}

namespace detail {

namespace {

bool step(Context& c, RoomEvent e) {
    AppState& s = c.s;
    const ScenarioPlugin* p = roomPlugin(s);
    if (!p) return false;
    e.atMs = c.nowMs;
    std::string error;
    if (!roomApply(s.room->session, *p->scenario, p->manifest, std::move(e), &error)) {
        s.room->message = error;
        return false;
    }
    s.room->message.clear();
    s.room->debrief.reset();
    c.saveRoom = true;
    return true;
}

} // namespace

bool handle(Context& c, const OpenRoomSetup& cmd) {
    const int idx = findPlugin(c.s, cmd.pluginId);
    if (idx < 0) {
        c.report(StatusKind::Error, "The case '" + cmd.pluginId + "' is not available.");
        return false;
    }
    c.s.selectedPlugin = idx;
    c.s.screen = Screen::RoomSetup;
    return true;
}

bool handle(Context& c, const StartRoom& cmd) {
    AppState& s = c.s;
    const int idx = findPlugin(s, cmd.pluginId);
    if (idx < 0) {
        c.report(StatusKind::Error, "The case '" + cmd.pluginId + "' is not available.");
        return false;
    }
    RoomSetup setup;
    setup.groups = cmd.groups;
    setup.timerSeconds = cmd.timerSeconds;
    setup.procedures = cmd.procedures.value_or(s.settings.procedures);
    if (!setup.procedures.empty() && !findPack(s.procedures, setup.procedures)) {
        c.report(StatusKind::Warning, "There is no usable local procedures pack \"" + setup.procedures +
                                          "\"; this room uses national guidance only.");
        setup.procedures.clear();
    }
    Diagnostics problems = validateRoomSetup(setup, s.knowledge.roleIds());
    if (!problems.empty()) {
        for (const auto& d : problems) c.report(StatusKind::Warning, d.message);
        return false;
    }
    const ScenarioPlugin& p = s.library[static_cast<size_t>(idx)];
    RoomUi room;
    room.pluginId = p.manifest.id;
    room.session = startRoom(*p.scenario, p.manifest, setup, c.nowMs);
    // The record's file name is the id the app just generated, made safe for any file system.
    if (!s.roomsDir.empty()) room.recordFile = s.roomsDir / (safeIdPart(room.session.setup.id) + ".json");
    s.room = std::move(room);
    s.roomResume.reset();
    s.lastRoomGroups = cmd.groups; // the next set-up starts from these tables
    s.selectedPlugin = idx;
    s.screen = Screen::RoomConsole;
    c.saveRoom = true;
    return true;
}

bool handle(Context& c, const RoomStep& cmd) { return c.s.room && step(c, cmd.event); }

bool handle(Context& c, const RoomVoteLetter& cmd) {
    AppState& s = c.s;
    if (!s.room) return false;
    const RoomDecision* d = s.room->session.state.current();
    const auto& groups = s.room->session.setup.groups;
    if (!d || s.room->session.state.phase != RoomPhase::Voting) {
        s.room->message = "votes are not open";
        return false;
    }
    if (cmd.group < 0 || cmd.group >= static_cast<int>(groups.size())) {
        s.room->message = "there is no group " + std::to_string(cmd.group + 1);
        return false;
    }
    std::string option = optionOfLetter(*d, cmd.letter);
    if (option.empty()) {
        s.room->message = std::string("there is no option ") + cmd.letter + " at this decision";
        return false;
    }
    std::string rationale = cmd.rationale;
    if (rationale.empty() && cmd.keepRationale)
        if (const RoomVote* v = d->rounds.back().voteOf(cmd.group); v && v->option == option) rationale = v->rationale;
    return step(c, {RoomEventKind::Vote, cmd.group, option, rationale, "", 0});
}

bool handle(Context& c, const RoomUndo&) {
    AppState& s = c.s;
    const ScenarioPlugin* p = roomPlugin(s);
    if (!p) return false;
    if (!roomUndo(s.room->session, *p->scenario, p->manifest)) {
        s.room->message = "nothing to undo";
        return false;
    }
    s.room->message.clear();
    s.room->debrief.reset();
    c.saveRoom = true;
    return true;
}

bool handle(Context& c, const RoomTogglePause&) {
    if (!c.s.room) return false;
    roomSetPaused(c.s.room->session, !c.s.room->session.paused, c.nowMs);
    c.saveRoom = true;
    return true;
}

bool handle(Context& c, const RoomToggleProjector&) {
    if (!c.s.room || c.s.screen != Screen::RoomConsole) return false;
    c.s.room->projector = !c.s.room->projector;
    return true;
}

bool handle(Context& c, const RoomShowDebrief&) {
    if (!c.s.room) return false;
    if (!c.s.room->debrief)
        if (const ScenarioPlugin* p = roomPlugin(c.s)) {
            RoomDebrief d = buildRoomDebrief(c.s.room->session, *p->scenario, p->manifest, c.s.knowledge);
            d.thresholdScale = scaleOf(roomProcedures(c.s));
            c.s.room->debrief = std::make_shared<const RoomDebrief>(std::move(d));
        }
    c.s.room->projector = false;
    c.s.room->debriefPage = 0;
    c.s.screen = Screen::RoomDebrief;
    return true;
}

bool handle(Context& c, const RoomBackToConsole&) {
    if (!c.s.room) return false;
    c.s.screen = Screen::RoomConsole;
    return true;
}

bool handle(Context& c, const RoomExport&) {
    if (!c.s.room) return false;
    c.effects.push_back(ExportRoom{});
    return true;
}

bool handle(Context& c, const RoomEnd& cmd) {
    AppState& s = c.s;
    if (!s.room) return false;
    if (!cmd.confirmed && !s.room->session.closed) {
        s.confirm = Confirmation{"End this room session?",
                                 "The record is kept and can still be exported, but the library will no longer offer to resume it.",
                                 "End the session", "Keep the session open", RoomEnd{true}};
        return true;
    }
    s.room->session.closed = true;
    s.room->projector = false;
    c.saveRoom = true;
    s.screen = Screen::Library;
    return true;
}

bool handle(Context& c, const ResumeRoom&) {
    AppState& s = c.s;
    if (s.room && !s.room->session.closed) {
        s.screen = Screen::RoomConsole;
        return true;
    }
    if (!s.roomResume) return false;
    const int idx = findPlugin(s, s.roomResume->pluginId);
    if (idx < 0) {
        c.report(StatusKind::Warning, "The room session's case is no longer in the library; its record is kept.");
        s.roomResume.reset();
        return false;
    }
    RoomUi room;
    room.pluginId = s.roomResume->pluginId;
    room.session = std::move(s.roomResume->session);
    room.recordFile = s.roomResume->file; // saved back where it was read from
    s.room = std::move(room);
    s.roomResume.reset();
    s.selectedPlugin = idx;
    s.screen = Screen::RoomConsole;
    return true;
}

bool handle(Context& c, const DiscardRoomResume&) {
    // The record stays on disk (saved data is never deleted); the offer goes away for this run.
    if (!c.s.roomResume) return false;
    c.s.roomResume.reset();
    return true;
}

bool handle(Context& c, const RoomTurnPage& cmd) {
    AppState& s = c.s;
    if (!s.room || cmd.delta == 0) return false;
    if (projectorShowsDebrief(s)) {
        if (s.room->pagesKey != projectorKey(s)) return false; // not measured yet
        const int to = std::clamp(s.room->debriefPage + cmd.delta, 0, std::max(0, s.room->pages - 1));
        if (to == s.room->debriefPage) return false;
        s.room->debriefPage = to;
        return true;
    }
    const int page = std::clamp(s.room->session.state.projectorPage + cmd.delta, 0, std::max(0, s.room->pages - 1));
    if (page == s.room->session.state.projectorPage) return false;
    RoomEvent turn;
    turn.kind = RoomEventKind::TurnPage;
    turn.page = page;
    return step(c, std::move(turn));
}

bool handle(Context& c, const ProjectorPagesMeasured& cmd) {
    if (!c.s.room) return false;
    RoomUi& r = *c.s.room;
    if (r.pagesKey == cmd.key && r.pages == cmd.pages && r.pageLabels == cmd.labels) return false;
    r.pagesKey = cmd.key;
    r.pages = std::max(1, cmd.pages);
    r.pageLabels = cmd.labels;
    return true;
}

bool handle(Context& c, const ProjectorWindowChanged& cmd) {
    if (!c.s.room || c.s.room->secondWindow == cmd.open) return false;
    c.s.room->secondWindow = cmd.open;
    return true;
}

} // namespace detail
} // namespace wp::app
