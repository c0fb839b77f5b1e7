// Author mode commands. The decisions (what a change means, whether the position is kept, the route to
// a node) live in core/author_mode.h; this file puts their results into the state. Loading a folder is
// done at the edge (LoadAuthorFolder, off the UI thread) and comes back as AuthorFolderLoaded.
#include <algorithm>

#include "handlers.h"

namespace wp::app {

const ScenarioPlugin* authorPlugin(const AppState& s) {
    if (!s.author || s.author->playingId.empty()) return nullptr;
    const int idx = findPlugin(s, s.author->playingId);
    return idx < 0 ? nullptr : &s.library[static_cast<size_t>(idx)];
}

namespace detail {

namespace {

// The library entry for the author's folder: the same folder, else the same id (a copy of a bundled
// case: the author's folder replaces it while author mode is open).
int libraryEntryFor(const AppState& s, const std::filesystem::path& dir, const std::string& id) {
    for (size_t i = 0; i < s.library.size(); ++i)
        if (s.library[i].dir == dir) return static_cast<int>(i);
    if (id.empty()) return -1;
    for (size_t i = 0; i < s.library.size(); ++i)
        if (s.library[i].manifest.id == id) return static_cast<int>(i);
    return -1;
}

void applyAuthorLoad(Context& c, const std::filesystem::path& dir, AuthorLoad load) {
    AppState& s = c.s;
    const bool opening = !s.author || s.author->dir != dir;
    if (opening) {
        s.author = AuthorMode{};
        s.author->dir = dir;
    }
    AuthorMode& a = *s.author;
    ++a.loads;
    a.loaded = load.plugin;
    a.draft = load.draft;
    a.status = loadStatusText(opening ? "Opened" : "Reloaded", c.nowMs, a.loaded.diagnostics);
    a.statusHasErrors = hasErrors(a.loaded.diagnostics);
    a.positionNote.clear();
    if (!a.inspectedNode.empty() && (!a.draft || !a.draft->node(a.inspectedNode))) a.inspectedNode.clear();

    const int existing = libraryEntryFor(s, dir, a.playingId.empty() ? load.plugin.manifest.id : a.playingId);
    // A room running on this case keeps the scenario it started with: replacing it under the room
    // would pull its record out from under the facilitator (code review B2).
    if (existing >= 0 && s.room && s.room->pluginId == s.library[static_cast<size_t>(existing)].manifest.id) {
        a.positionNote = "A room session is running on this case: the changes show once it has ended.";
        return;
    }
    if (!load.plugin.usable()) {
        if (!a.playingId.empty() && existing >= 0 && s.library[static_cast<size_t>(existing)].usable()) {
            a.positionNote = "Still playing the last version without errors. Fix the errors to see your changes.";
            return;
        }
        // Nothing playable yet: the library lists the folder with its problems, as it does any broken plugin.
        if (existing >= 0 && !(s.session && s.session->pluginId == s.library[static_cast<size_t>(existing)].manifest.id))
            s.library[static_cast<size_t>(existing)] = load.plugin;
        else if (existing < 0)
            s.library.push_back(load.plugin);
        return;
    }

    const std::string id = load.plugin.manifest.id;
    std::shared_ptr<const Scenario> oldScenario;
    std::string oldId;
    if (existing >= 0 && s.library[static_cast<size_t>(existing)].usable()) {
        oldScenario = s.library[static_cast<size_t>(existing)].scenario;
        oldId = s.library[static_cast<size_t>(existing)].manifest.id;
    }
    int index = existing;
    if (index >= 0)
        s.library[static_cast<size_t>(index)] = load.plugin;
    else {
        s.library.push_back(load.plugin);
        index = static_cast<int>(s.library.size()) - 1;
    }
    const ScenarioPlugin& plugin = s.library[static_cast<size_t>(index)];
    a.playingId = id;

    if (opening) {
        // As "Open case" does: the role screen of this plugin.
        s.selectedPlugin = index;
        s.selectedRole = plugin.manifest.roles.empty() ? std::string{} : plugin.manifest.roles.front();
        s.screen = Screen::RoleSelect;
        return;
    }
    if (!s.session || !oldScenario || (s.session->pluginId != id && s.session->pluginId != oldId)) return;

    Reposition r = repositionSession(*s.session, *plugin.scenario, plugin.manifest);
    a.positionNote = r.message;
    // The session moved (or went): a debrief built for the old version no longer belongs to it (B3).
    s.debrief.reset();
    if (!r.session) {
        s.session.reset();
        if (s.screen == Screen::Play || s.screen == Screen::Debrief || s.screen == Screen::Compare) s.screen = Screen::RoleSelect;
        return;
    }
    s.session = std::move(*r.session);
    if (!r.kept) s.phase = PlayPhase::Question;
    if (s.screen == Screen::Debrief || s.screen == Screen::Compare) {
        if (atEnding(*plugin.scenario, s.session->current())) enterDebrief(c);
        else s.screen = Screen::Play;
    }
}

} // namespace

bool handle(Context& c, const OpenAuthorFolder& cmd) {
    std::string path = cmd.path;
    while (!path.empty() && (path.back() == ' ' || path.back() == '\n')) path.pop_back();
    while (!path.empty() && path.front() == ' ') path.erase(path.begin());
    if (path.empty()) {
        c.report(StatusKind::Warning, "Type the path of a plugin folder (the folder with plugin.json).");
        return false;
    }
    c.effects.push_back(LoadAuthorFolder{path, cmd.thenEdit});
    return true;
}

bool handle(Context& c, const ReloadAuthorFolder&) {
    if (!c.s.author) return false;
    c.effects.push_back(ReloadAuthorFolderFiles{c.s.author->dir});
    return true;
}

bool handle(Context& c, const CloseAuthorMode& cmd) {
    if (!c.s.author) return false;
    if (const auto& e = c.s.author->editor; e && e->history.dirty() && !cmd.confirmed) {
        c.s.confirm = Confirmation{"Close author mode without saving?",
                                   "The case editor holds edits to " + c.s.author->dir.filename().string() +
                                       " that are not saved. Closing drops them.",
                                   "Close without saving", "Keep editing", CloseAuthorMode{true}};
        return true;
    }
    if (c.s.screen == Screen::CaseEditor) c.s.screen = Screen::Library;
    // Dropping the edits was confirmed above: their safety copy goes too, so it is not offered back.
    if (const auto& e = c.s.author->editor; e && e->history.dirty()) c.effects.push_back(ForgetUnsavedDraft{e->doc.dir});
    c.s.author.reset();
    c.effects.push_back(StopWatchingFolder{});
    return true;
}

bool handle(Context& c, const InspectNode& cmd) {
    if (!c.s.author) return false;
    c.s.author->inspectedNode = cmd.node;
    return true;
}

bool handle(Context& c, const PlayFromNode& cmd) {
    AppState& s = c.s;
    const ScenarioPlugin* p = authorPlugin(s);
    if (!p) {
        c.report(StatusKind::Error, "Fix the errors first: a plugin with errors cannot be played.");
        return false;
    }
    std::string why;
    auto session = sessionAtNode(*p->scenario, p->manifest, cmd.role, cmd.node, c.nowMs, &why);
    if (!session) {
        c.report(StatusKind::Warning, "Cannot play from \"" + cmd.node + "\": " + why + ".");
        return false;
    }
    keepCurrentRun(c); // a trainee's own run is kept before the preview replaces it
    s.selectedPlugin = findPlugin(s, p->manifest.id);
    s.selectedRole = cmd.role;
    s.author->reachedBy = describePath(*p->scenario, session->current().path);
    s.author->positionNote.clear();
    s.session = std::move(*session);
    s.sessionRunId.clear(); // a preview is not a run of the trainee's
    s.debrief.reset();
    s.phase = PlayPhase::Question;
    s.screen = Screen::Play;
    return true;
}

bool handle(Context& c, const RewindTo& cmd) {
    AppState& s = c.s;
    if (!s.session || cmd.step >= s.session->history.size()) return false;
    s.session->history.resize(cmd.step + 1);
    if (s.author) s.author->positionNote.clear();
    s.debrief.reset();
    s.phase = PlayPhase::Question;
    s.screen = Screen::Play;
    c.saveProgress = true;
    return true;
}

namespace {

// The state a "what if" may change: a preview of the author's own case, never a trainee's recorded run.
RunState* previewState(Context& c) {
    AppState& s = c.s;
    const ScenarioPlugin* p = authorPlugin(s);
    if (!p || !s.session || s.session->pluginId != p->manifest.id || !s.sessionRunId.empty()) {
        c.report(StatusKind::Warning, "Use Play from here on a node first: only a preview's state can be changed by hand.");
        return nullptr;
    }
    return &s.session->history.back();
}

void notePreviewChange(AppState& s, const std::string& what) {
    s.author->positionNote = "Changed by hand for this preview: " + what + ".";
    s.debrief.reset();
}

} // namespace

bool handle(Context& c, const SetPreviewFlag& cmd) {
    RunState* st = previewState(c);
    if (!st) return false;
    if (!authorPlugin(c.s)->scenario->flagIndex.count(cmd.flag)) {
        c.report(StatusKind::Warning, "The case has no flag \"" + cmd.flag + "\".");
        return false;
    }
    if (cmd.set == (st->flags.count(cmd.flag) > 0)) return false;
    if (cmd.set) st->flags.insert(cmd.flag);
    else st->flags.erase(cmd.flag);
    notePreviewChange(c.s, "flag " + cmd.flag + (cmd.set ? " set" : " cleared"));
    return true;
}

bool handle(Context& c, const SetPreviewFact& cmd) {
    RunState* st = previewState(c);
    if (!st) return false;
    const Scenario& scenario = *authorPlugin(c.s)->scenario;
    if (!scenario.factIndex.count(cmd.fact) || !scenario.castOfRole.count(cmd.role)) {
        c.report(StatusKind::Warning, "The case has no fact \"" + cmd.fact + "\" or no role \"" + cmd.role + "\" in its cast.");
        return false;
    }
    if (cmd.held == knows(*st, cmd.role, cmd.fact)) return false;
    if (cmd.held) st->known[cmd.role].insert(cmd.fact);
    else st->known[cmd.role].erase(cmd.fact);
    notePreviewChange(c.s, cmd.role + (cmd.held ? " now knows " : " no longer knows ") + cmd.fact);
    return true;
}

bool handle(Context& c, const AuthorFolderLoaded& cmd) {
    AppState& s = c.s;
    // A load for a folder that was closed, or replaced by another, meanwhile is dropped.
    if (!cmd.opening && (!s.author || s.author->dir != cmd.dir)) return false;
    applyAuthorLoad(c, cmd.dir, cmd.load);
    if (!cmd.opening) editorFollowsReload(c);
    if (cmd.opening) {
        s.author->watchError = cmd.watchError;
        rememberAuthorFolder(s.settings, cmd.dir.string());
        c.saveSettings = true;
        if (cmd.thenEdit) (void)handle(c, OpenCaseEditor{});
    }
    return true;
}

} // namespace detail
} // namespace wp::app
