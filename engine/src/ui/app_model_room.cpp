// Joint session (room) commands: set-up, the cycle at each decision, undo, pause, the two surfaces,
// the debrief and export requests. The room logic itself is core (core/room.h); this file only
// routes commands to it and tells the composition root what to persist.
#include <algorithm>

#include "wholepicture/ui/app_model.h"

namespace wp::ui {

const Plugin* roomPlugin(const AppModel& m) {
    if (!m.room) return nullptr;
    int idx = findPlugin(m, m.room->pluginId);
    return idx < 0 ? nullptr : &m.library[static_cast<size_t>(idx)];
}

bool roomTimerRunning(const AppModel& m) {
    return m.room && m.screen == Screen::RoomConsole && !m.room->session.paused &&
           timerRemaining(m.room->session, m.clockMs).has_value();
}

namespace {

void report(AppModel& m, StatusKind kind, std::string text) { m.status.push_back({kind, std::move(text)}); }

struct RoomApplier {
    AppModel& m;
    std::int64_t nowMs;

    bool step(RoomEvent e) {
        const Plugin* p = roomPlugin(m);
        if (!p) return false;
        e.atMs = nowMs;
        std::string error;
        if (!roomApply(m.room->session, *p->scenario, p->manifest, std::move(e), &error)) {
            m.room->message = error;
            return false;
        }
        m.room->message.clear();
        m.roomDirty = true;
        return true;
    }

    bool operator()(const OpenRoomSetup& c) {
        int idx = findPlugin(m, c.pluginId);
        if (idx < 0) {
            report(m, StatusKind::Error, "The case '" + c.pluginId + "' is not available.");
            return false;
        }
        m.selectedPlugin = idx;
        m.screen = Screen::RoomSetup;
        return true;
    }
    bool operator()(const StartRoom& c) {
        int idx = findPlugin(m, c.pluginId);
        if (idx < 0) {
            report(m, StatusKind::Error, "The case '" + c.pluginId + "' is not available.");
            return false;
        }
        RoomSetup setup;
        setup.groups = c.groups;
        setup.timerSeconds = c.timerSeconds;
        Diagnostics problems = validateRoomSetup(setup, m.knowledge.roleIds());
        if (!problems.empty()) {
            for (const auto& d : problems) report(m, StatusKind::Warning, d.message);
            return false;
        }
        const Plugin& p = m.library[static_cast<size_t>(idx)];
        RoomUi room;
        room.pluginId = p.manifest.id;
        room.session = startRoom(*p.scenario, p.manifest, setup, nowMs);
        m.room = std::move(room);
        m.selectedPlugin = idx;
        m.screen = Screen::RoomConsole;
        m.roomDirty = true;
        return true;
    }
    bool operator()(const RoomStep& c) { return m.room && step(c.event); }
    bool operator()(const RoomVoteLetter& c) {
        if (!m.room) return false;
        const RoomDecision* d = m.room->session.state.current();
        const auto& groups = m.room->session.setup.groups;
        if (!d || m.room->session.state.phase != RoomPhase::Voting) {
            m.room->message = "votes are not open";
            return false;
        }
        if (c.group < 0 || c.group >= static_cast<int>(groups.size())) {
            m.room->message = "there is no group " + std::to_string(c.group + 1);
            return false;
        }
        std::string option = optionOfLetter(*d, c.letter);
        if (option.empty()) {
            m.room->message = std::string("there is no option ") + c.letter + " at this decision";
            return false;
        }
        std::string rationale = c.rationale;
        if (rationale.empty() && c.keepRationale)
            if (const RoomVote* v = d->rounds.back().voteOf(c.group); v && v->option == option) rationale = v->rationale;
        return step({RoomEventKind::Vote, c.group, option, rationale, "", 0});
    }
    bool operator()(const RoomUndo&) {
        const Plugin* p = roomPlugin(m);
        if (!p) return false;
        if (!roomUndo(m.room->session, *p->scenario, p->manifest)) {
            m.room->message = "nothing to undo";
            return false;
        }
        m.room->message.clear();
        m.roomDirty = true;
        return true;
    }
    bool operator()(const RoomTogglePause&) {
        if (!m.room) return false;
        roomSetPaused(m.room->session, !m.room->session.paused, nowMs);
        m.roomDirty = true;
        return true;
    }
    bool operator()(const RoomToggleProjector&) {
        if (!m.room || m.screen != Screen::RoomConsole) return false;
        m.room->projector = !m.room->projector;
        return true;
    }
    bool operator()(const RoomShowDebrief&) {
        if (!m.room) return false;
        m.room->projector = false;
        m.screen = Screen::RoomDebrief;
        return true;
    }
    bool operator()(const RoomBackToConsole&) {
        if (!m.room) return false;
        m.screen = Screen::RoomConsole;
        return true;
    }
    bool operator()(const RoomExport&) {
        if (!m.room) return false;
        m.roomExportRequested = true;
        return true;
    }
    bool operator()(const RoomEnd&) {
        if (!m.room) return false;
        m.room->session.closed = true;
        m.room->projector = false;
        m.roomDirty = true;
        m.screen = Screen::Library;
        return true;
    }
    bool operator()(const ResumeRoom&) {
        if (m.room && !m.room->session.closed) {
            m.screen = Screen::RoomConsole;
            return true;
        }
        if (!m.roomResume) return false;
        int idx = findPlugin(m, m.roomResume->pluginId);
        if (idx < 0) {
            report(m, StatusKind::Warning, "The room session's case is no longer in the library.");
            m.roomResume.reset();
            return false;
        }
        RoomUi room;
        room.pluginId = m.roomResume->pluginId;
        room.session = std::move(m.roomResume->session);
        m.room = std::move(room);
        m.roomResume.reset();
        m.selectedPlugin = idx;
        m.screen = Screen::RoomConsole;
        return true;
    }
    bool operator()(const DiscardRoomResume&) {
        // The record stays on disk (saved data is never deleted); the offer goes away for this run.
        m.roomResume.reset();
        return true;
    }
    bool operator()(const GoBack&) {
        if (!m.room) return false;
        if (m.room->projector) {
            m.room->projector = false;
            return true;
        }
        m.screen = m.screen == Screen::RoomDebrief ? Screen::RoomConsole : Screen::Library;
        return true;
    }
    template <class Other>
    bool operator()(const Other&) {
        return false;
    }
};

} // namespace

bool applyRoomCommand(AppModel& m, const Command& command, std::int64_t nowMs) {
    return std::visit(RoomApplier{m, nowMs}, command);
}

} // namespace wp::ui
