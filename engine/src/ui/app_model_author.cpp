// Author mode commands and the reload entry point (see author_model.h and app_model.h). The decisions
// (what a change means, whether the position is kept, the route to a node) live in core/author_mode.h;
// this file only puts their results into the app model.
#include <algorithm>

#include "wholepicture/core/author_mode.h"
#include "wholepicture/ui/app_model.h"

namespace wp::ui {

namespace {

// The library entry for the author's folder: the same folder, else the same id (a copy of a bundled
// case: the author's folder replaces it while author mode is open).
int libraryEntryFor(const AppModel& m, const std::filesystem::path& dir, const std::string& id) {
    for (size_t i = 0; i < m.library.size(); ++i)
        if (m.library[i].dir == dir) return static_cast<int>(i);
    if (id.empty()) return -1;
    for (size_t i = 0; i < m.library.size(); ++i)
        if (m.library[i].manifest.id == id) return static_cast<int>(i);
    return -1;
}

void forgetAnalyses(AppModel& m, const std::string& pluginId) {
    for (auto it = m.analysisCache.begin(); it != m.analysisCache.end();)
        it = it->first.first == pluginId ? m.analysisCache.erase(it) : std::next(it);
}

void applyAuthorLoad(AppModel& m, const std::filesystem::path& dir, AuthorLoad load, std::int64_t nowMs) {
    const bool opening = !m.author || m.author->dir != dir;
    if (opening) {
        m.author = AuthorMode{};
        m.author->dir = dir;
    }
    AuthorMode& a = *m.author;
    ++a.loads;
    a.loaded = load.plugin;
    a.draft = load.draft;
    a.status = loadStatusText(opening ? "Opened" : "Reloaded", nowMs, a.loaded.diagnostics);
    a.statusHasErrors = hasErrors(a.loaded.diagnostics);
    a.positionNote.clear();
    if (!a.inspectedNode.empty() && (!a.draft || !a.draft->node(a.inspectedNode))) a.inspectedNode.clear();

    const int existing = libraryEntryFor(m, dir, a.playingId.empty() ? load.plugin.manifest.id : a.playingId);
    if (!load.plugin.usable()) {
        if (!a.playingId.empty() && existing >= 0 && m.library[static_cast<size_t>(existing)].usable()) {
            a.positionNote = "Still playing the last version without errors. Fix the errors to see your changes.";
            return;
        }
        // Nothing playable yet: the library lists the folder with its problems, as it does any broken plugin.
        if (existing >= 0 && !(m.session && m.session->pluginId == m.library[static_cast<size_t>(existing)].manifest.id))
            m.library[static_cast<size_t>(existing)] = load.plugin;
        else if (existing < 0)
            m.library.push_back(load.plugin);
        return;
    }

    const std::string id = load.plugin.manifest.id;
    std::shared_ptr<const Scenario> oldScenario;
    std::string oldId;
    if (existing >= 0 && m.library[static_cast<size_t>(existing)].usable()) {
        oldScenario = m.library[static_cast<size_t>(existing)].scenario;
        oldId = m.library[static_cast<size_t>(existing)].manifest.id;
    }
    int index = existing;
    if (index >= 0)
        m.library[static_cast<size_t>(index)] = load.plugin;
    else {
        m.library.push_back(load.plugin);
        index = static_cast<int>(m.library.size()) - 1;
    }
    const Plugin& plugin = m.library[static_cast<size_t>(index)];
    a.playingId = id;
    forgetAnalyses(m, id);
    if (!oldId.empty()) forgetAnalyses(m, oldId);

    if (opening) {
        // As "Open case" does: the role screen of this plugin.
        m.selectedPlugin = index;
        m.selectedRole = plugin.manifest.roles.empty() ? std::string{} : plugin.manifest.roles.front();
        m.screen = Screen::RoleSelect;
        return;
    }
    if (!m.session || !oldScenario || (m.session->pluginId != id && m.session->pluginId != oldId)) return;

    Reposition r = repositionSession(*m.session, *oldScenario, *plugin.scenario, plugin.manifest);
    a.positionNote = r.message;
    if (!r.session) {
        m.session.reset();
        if (m.screen == Screen::Play || m.screen == Screen::Summary) m.screen = Screen::RoleSelect;
        return;
    }
    m.session = std::move(*r.session);
    if (!r.kept) m.phase = PlayPhase::Question;
    if (m.screen == Screen::Summary) {
        if (atEnding(*plugin.scenario, m.session->current()))
            m.analysisCache[{id, m.session->role}] =
                std::make_shared<const RoleAnalysis>(analyseRole(*plugin.scenario, m.session->role));
        else
            m.screen = Screen::Play;
    }
}

} // namespace

const Plugin* authorPlugin(const AppModel& m) {
    if (!m.author || m.author->playingId.empty()) return nullptr;
    const int idx = findPlugin(m, m.author->playingId);
    return idx < 0 ? nullptr : &m.library[static_cast<size_t>(idx)];
}

void openAuthorFolder(AppModel& model, const std::filesystem::path& dir, std::int64_t nowMs) {
    applyAuthorLoad(model, dir, loadAuthorFolder(dir, model.knowledge), nowMs);
}

void reloadAuthorFolder(AppModel& model, std::int64_t nowMs) {
    if (!model.author) return;
    const std::filesystem::path dir = model.author->dir;
    applyAuthorLoad(model, dir, loadAuthorFolder(dir, model.knowledge), nowMs);
}

bool applyAuthorReload(AppModel& model, const std::filesystem::path& dir, AuthorLoad load, std::int64_t nowMs) {
    if (!model.author || model.author->dir != dir) return false;
    applyAuthorLoad(model, dir, std::move(load), nowMs);
    return true;
}

bool applyAuthorCommand(AppModel& m, const OpenAuthorFolder& c) {
    std::string path = c.path;
    while (!path.empty() && (path.back() == ' ' || path.back() == '\n')) path.pop_back();
    while (!path.empty() && path.front() == ' ') path.erase(path.begin());
    if (path.empty()) {
        m.status.push_back({StatusKind::Warning, "Type the path of a plugin folder (the folder with plugin.json)."});
        return false;
    }
    m.authorOpenRequest = path;
    return true;
}

bool applyAuthorCommand(AppModel& m, const ReloadAuthorFolder&) {
    if (!m.author) return false;
    m.authorReloadRequest = true;
    return true;
}

bool applyAuthorCommand(AppModel& m, const CloseAuthorMode&) {
    if (!m.author) return false;
    m.author.reset();
    m.authorCloseRequest = true;
    return true;
}

bool applyAuthorCommand(AppModel& m, const InspectNode& c) {
    if (!m.author) return false;
    m.author->inspectedNode = c.node;
    return true;
}

bool applyAuthorCommand(AppModel& m, const PlayFromNode& c, std::int64_t nowMs) {
    const Plugin* p = authorPlugin(m);
    if (!p) {
        m.status.push_back({StatusKind::Error, "Fix the errors first: a plugin with errors cannot be played."});
        return false;
    }
    std::string why;
    auto session = sessionAtNode(*p->scenario, p->manifest, c.role, c.node, nowMs, &why);
    if (!session) {
        m.status.push_back({StatusKind::Warning, "Cannot play from \"" + c.node + "\": " + why + "."});
        return false;
    }
    m.selectedPlugin = findPlugin(m, p->manifest.id);
    m.selectedRole = c.role;
    m.author->reachedBy = describePath(*p->scenario, session->current().path);
    m.author->positionNote.clear();
    m.session = std::move(*session);
    m.phase = PlayPhase::Question;
    m.screen = Screen::Play;
    return true;
}

bool applyAuthorCommand(AppModel& m, const RewindTo& c) {
    if (!m.session || c.step >= m.session->history.size()) return false;
    m.session->history.resize(c.step + 1);
    if (m.author) m.author->positionNote.clear();
    m.phase = PlayPhase::Question;
    m.screen = Screen::Play;
    m.autosaveDirty = true;
    return true;
}

} // namespace wp::ui
