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

void onFreshStart(AppModel& m) {
    m.firstRun.reset();
    m.firstDebrief.reset();
}

bool apply(AppModel& m, const SetReflection& c) {
    if (!m.session) return false;
    if (m.session->reflection == c.text) return true;
    m.session->reflection = c.text;
    if (m.debrief) {
        auto copy = std::make_shared<Debrief>(*m.debrief);
        copy->reflection = c.text;
        m.debrief = std::move(copy);
    }
    m.autosaveDirty = true;
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
