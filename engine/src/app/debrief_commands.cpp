// Debrief, role swap and export commands.
#include <algorithm>

#include "handlers.h"

namespace wp::app {

std::shared_ptr<const Debrief> makeDebrief(const AppState& s, const Session& session) {
    const int idx = findPlugin(s, session.pluginId);
    if (idx < 0) return nullptr;
    const ScenarioPlugin& p = s.library[static_cast<size_t>(idx)];
    Debrief d = buildDebrief(*p.scenario, p.manifest, s.knowledge, session);
    d.thresholdScale = activeScale(s); // the local procedures pack's names for the levels, when one is chosen
    if (const ProceduresPack* pack = activeProcedures(s)) // the pack's escalation route, when it has one
        d.challenges = summariseChallenges(*p.scenario, session.current(), s.knowledge, &pack->escalation);
    return std::make_shared<const Debrief>(std::move(d));
}

bool canCompare(const AppState& s) {
    return s.firstRun && s.session && s.firstDebrief && s.debrief && s.firstRun->pluginId == s.session->pluginId &&
           s.firstRun->role != s.session->role;
}

std::string roleSwapNote(const AppState& s) {
    if (!s.firstRun || !s.session || s.firstRun->pluginId != s.session->pluginId || s.firstRun->role == s.session->role) return {};
    return "Role swap: run 2 of 2, compared with your run as " + s.knowledge.roleName(s.firstRun->role) + ".";
}

const SavedReport* savedReportShown(const AppState& s, bool comparison) {
    if (!s.savedReport || !s.session || s.savedReport->comparison != comparison || s.savedReport->runId != s.sessionRunId) return nullptr;
    return &*s.savedReport;
}

namespace detail {

void enterDebrief(Context& c, bool justFinished) {
    AppState& s = c.s;
    if (!s.session) return;
    // The debrief does its own path analysis once, here, never per frame.
    s.screen = Screen::Debrief;
    s.phase = PlayPhase::Question;
    if (!s.debrief) s.debrief = makeDebrief(s, *s.session);
    if (justFinished && canCompare(s) && s.debrief && s.debrief->finished) s.screen = Screen::Compare;
}

void restoreFirstRun(Context& c, const std::optional<nlohmann::json>& saved) {
    AppState& s = c.s;
    s.firstRun.reset();
    s.firstDebrief.reset();
    if (!saved || !s.session) return;
    const int idx = findPlugin(s, s.session->pluginId);
    if (idx < 0) return;
    const ScenarioPlugin& p = s.library[static_cast<size_t>(idx)];
    Diagnostics diags;
    std::optional<Session> first = sessionFromJson(*saved, *p.scenario, p.manifest, diags, "the role swap's first run");
    if (!first || first->pluginId != s.session->pluginId || first->role == s.session->role) {
        c.report(StatusKind::Warning, "The first run of the role swap could not be restored; this run goes on alone.");
        return;
    }
    s.firstDebrief = makeDebrief(s, *first);
    s.firstRun = std::move(*first);
    auto id = saved->find("run_id");
    s.firstRunId = id != saved->end() && id->is_string() && isSafeRecordId(id->get<std::string>())
                       ? id->get<std::string>()
                       : newRunId(s, *s.firstRun, c.nowMs);
}

void endRoleSwap(AppState& s) {
    s.firstRun.reset();
    s.firstRunId.clear();
    s.firstDebrief.reset();
}

namespace {

// The cached debrief (what the report is written from) takes the session's reflection.
void syncReflection(AppState& s) {
    if (!s.session || !s.debrief || s.debrief->reflection == s.session->reflection) return;
    auto copy = std::make_shared<Debrief>(*s.debrief);
    copy->reflection = s.session->reflection;
    s.debrief = std::move(copy);
}

} // namespace

bool handle(Context& c, const SetReflection& cmd) {
    AppState& s = c.s;
    if (!s.session) return false;
    const bool changed = s.session->reflection != cmd.text;
    s.session->reflection = cmd.text;
    if (!cmd.commit) {
        // Typing: kept in memory only; the file is written on a pause, on leaving the box or on exit.
        s.reflectionUnsaved = s.reflectionUnsaved || changed;
        return true;
    }
    syncReflection(s);
    if (changed || s.reflectionUnsaved) c.saveProgress = true;
    s.reflectionUnsaved = false;
    return true;
}

bool handle(Context& c, const PlayAsRole& cmd) {
    AppState& s = c.s;
    const ScenarioPlugin* p = selectedPlugin(s);
    if (!p || !s.session || s.session->role == cmd.role) return false;
    const auto& roles = p->manifest.roles;
    if (std::find(roles.begin(), roles.end(), cmd.role) == roles.end()) {
        c.report(StatusKind::Warning, "'" + cmd.role + "' is not a playable role in this case.");
        return false;
    }
    if (!s.debrief) s.debrief = makeDebrief(s, *s.session);
    syncReflection(s);
    // Notes about the first run (e.g. "Saved ... report") do not belong on the second one.
    std::erase_if(s.status, [](const StatusMessage& x) { return x.kind == StatusKind::Info; });
    // An earlier pair (a first run already kept beside this one) is kept whole before it is replaced.
    if (s.firstRun) keepCurrentRun(c);
    Session first = *s.session;
    const std::string firstId = s.sessionRunId;
    std::shared_ptr<const Debrief> firstDebrief = s.debrief;
    s.selectedRole = cmd.role;
    endRoleSwap(s);
    s.session.reset(); // the first run lives on as firstRun, not as a kept run
    if (!startSelected(c)) return false;
    s.firstRun = std::move(first);
    s.firstRunId = firstId;
    s.firstDebrief = std::move(firstDebrief);
    c.saveProgress = true; // with the first run beside it
    return true;
}

bool handle(Context& c, const ShowCompare&) {
    AppState& s = c.s;
    if (!s.session) return false;
    if (!s.debrief) s.debrief = makeDebrief(s, *s.session);
    if (!canCompare(s)) return false;
    s.screen = Screen::Compare;
    return true;
}

bool handle(Context& c, const SaveReport& cmd) {
    AppState& s = c.s;
    if (!s.session) return false;
    if (!s.debrief) s.debrief = makeDebrief(s, *s.session);
    syncReflection(s);
    const std::string folder = cmd.folder.empty() ? s.reportsDir : cmd.folder;
    if (folder.empty()) {
        c.report(StatusKind::Warning, "Choose a folder for the report first.");
        return false;
    }
    c.effects.push_back(ExportDebrief{folder});
    return true;
}

bool handle(Context& c, const SaveComparison& cmd) {
    AppState& s = c.s;
    if (!s.session) return false;
    if (!s.debrief) s.debrief = makeDebrief(s, *s.session);
    if (!canCompare(s)) return false;
    syncReflection(s);
    const std::string folder = cmd.folder.empty() ? s.reportsDir : cmd.folder;
    if (folder.empty()) {
        c.report(StatusKind::Warning, "Choose a folder for the report first.");
        return false;
    }
    c.effects.push_back(ExportComparison{folder});
    return true;
}

bool handle(Context& c, const OpenFolder& cmd) {
    if (cmd.folder.empty()) return false;
    c.effects.push_back(RevealFolder{cmd.folder});
    return true;
}

} // namespace detail
} // namespace wp::app
