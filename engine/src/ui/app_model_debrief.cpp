// Debrief, role swap and export commands (see app_model_debrief.h).
#include "app_model_debrief.h"

#include <algorithm>

namespace wp::ui {

std::shared_ptr<const Debrief> makeDebrief(const AppModel& m, const Session& session) {
    const int idx = findPlugin(m, session.pluginId);
    if (idx < 0) return nullptr;
    const Plugin& p = m.library[static_cast<size_t>(idx)];
    return std::make_shared<const Debrief>(buildDebrief(*p.scenario, p.manifest, m.knowledge, session));
}

bool canCompare(const AppModel& m) {
    return m.firstRun && m.session && m.firstDebrief && m.debrief && m.firstRun->pluginId == m.session->pluginId &&
           m.firstRun->role != m.session->role;
}

namespace detail {

void onEnterSummary(AppModel& m, bool justFinished) {
    if (!m.session) return;
    if (!m.debrief) m.debrief = makeDebrief(m, *m.session);
    if (justFinished && canCompare(m) && m.debrief && m.debrief->finished) m.screen = Screen::Compare;
}

void restoreFirstRun(AppModel& m, const std::optional<nlohmann::json>& saved) {
    m.firstRun.reset();
    m.firstDebrief.reset();
    if (!saved || !m.session) return;
    const int idx = findPlugin(m, m.session->pluginId);
    if (idx < 0) return;
    const Plugin& p = m.library[static_cast<size_t>(idx)];
    Diagnostics diags;
    std::optional<Session> first = sessionFromJson(*saved, *p.scenario, p.manifest, diags, "compare_with");
    if (!first || first->pluginId != m.session->pluginId || first->role == m.session->role) {
        m.status.push_back({StatusKind::Warning, "The first run of the role swap could not be restored; this run goes on alone."});
        return;
    }
    m.firstDebrief = makeDebrief(m, *first);
    m.firstRun = std::move(*first);
}

void onFreshStart(AppModel& m) {
    m.firstRun.reset();
    m.firstDebrief.reset();
}

namespace {

// The cached debrief (what the report is written from) takes the session's reflection.
void syncReflection(AppModel& m) {
    if (!m.session || !m.debrief || m.debrief->reflection == m.session->reflection) return;
    auto copy = std::make_shared<Debrief>(*m.debrief);
    copy->reflection = m.session->reflection;
    m.debrief = std::move(copy);
}

} // namespace

bool apply(AppModel& m, const SetReflection& c) {
    if (!m.session) return false;
    const bool changed = m.session->reflection != c.text;
    m.session->reflection = c.text;
    if (!c.commit) {
        // Typing: kept in memory only; the file is written on a pause, on leaving the box or on exit.
        m.reflectionUnsaved = m.reflectionUnsaved || changed;
        return true;
    }
    syncReflection(m);
    if (changed || m.reflectionUnsaved) m.autosaveDirty = true;
    m.reflectionUnsaved = false;
    return true;
}

bool apply(AppModel& m, const PlayAsRole& c, std::int64_t nowMs) {
    const Plugin* p = selectedPlugin(m);
    if (!p || !m.session || m.session->role == c.role) return false;
    const auto& roles = p->manifest.roles;
    if (std::find(roles.begin(), roles.end(), c.role) == roles.end()) {
        m.status.push_back({StatusKind::Warning, "'" + c.role + "' is not a playable role in this case."});
        return false;
    }
    if (!m.debrief) m.debrief = makeDebrief(m, *m.session);
    syncReflection(m);
    // Notes about the first run (e.g. "Saved ... report") do not belong on the second one.
    m.status.erase(std::remove_if(m.status.begin(), m.status.end(), [](const StatusMessage& x) { return x.kind == StatusKind::Info; }),
                   m.status.end());
    Session first = *m.session;
    std::shared_ptr<const Debrief> firstDebrief = m.debrief;
    m.selectedRole = c.role;
    if (!applyCommand(m, StartSession{}, nowMs)) return false; // StartSession ends any earlier swap
    m.firstRun = std::move(first);
    m.firstDebrief = std::move(firstDebrief);
    return true;
}

bool apply(AppModel& m, const ShowCompare&) {
    if (!m.session) return false;
    if (!m.debrief) m.debrief = makeDebrief(m, *m.session);
    if (!canCompare(m)) return false;
    m.screen = Screen::Compare;
    return true;
}

bool apply(AppModel& m, const SaveReport& c) {
    if (!m.session) return false;
    if (!m.debrief) m.debrief = makeDebrief(m, *m.session);
    syncReflection(m);
    const std::string folder = c.folder.empty() ? m.reportsDir : c.folder;
    if (folder.empty()) {
        m.status.push_back({StatusKind::Warning, "Choose a folder for the report first."});
        return false;
    }
    m.exportRequest = folder;
    return true;
}

} // namespace detail
} // namespace wp::ui
