// Commands applied to the app model (see app_model.h). Everything that changes what the trainee is
// doing goes through here, so the UI, the command line and the tests share one flow.
#include "wholepicture/ui/app_model.h"

#include <algorithm>

#include "wholepicture/core/settings.h"

#include "app_model_debrief.h"

namespace wp::ui {

// [SECTION] Queries

const Plugin* selectedPlugin(const AppModel& m) {
    if (m.selectedPlugin < 0 || m.selectedPlugin >= static_cast<int>(m.library.size())) return nullptr;
    return &m.library[static_cast<size_t>(m.selectedPlugin)];
}

const Scenario* activeScenario(const AppModel& m) {
    const Plugin* p = selectedPlugin(m);
    return p && p->usable() ? p->scenario.get() : nullptr;
}

int findPlugin(const AppModel& m, const std::string& pluginId) {
    for (size_t i = 0; i < m.library.size(); ++i)
        if (m.library[i].manifest.id == pluginId && m.library[i].usable()) return static_cast<int>(i);
    return -1;
}

const RoleAnalysis* cachedAnalysis(const AppModel& m) {
    if (!m.session) return nullptr;
    auto it = m.analysisCache.find({m.session->pluginId, m.session->role});
    return it == m.analysisCache.end() ? nullptr : it->second.get();
}

const char* screenName(Screen s) {
    switch (s) {
    case Screen::Library: return "library";
    case Screen::RoleSelect: return "role";
    case Screen::Play: return "play";
    case Screen::Summary: return "summary";
    case Screen::RoomSetup: return "room-setup";
    case Screen::RoomConsole: return "room-console";
    case Screen::RoomDebrief: return "room-debrief";
    case Screen::Compare: return "compare";
    }
    return "?";
}

std::optional<ResumeOffer> resumeOfferFor(const AppModel& model, nlohmann::json saved) {
    if (!saved.is_object() || !saved.contains("plugin") || !saved["plugin"].is_string()) return std::nullopt;
    const std::string pluginId = saved["plugin"].get<std::string>();
    if (findPlugin(model, pluginId) < 0) return std::nullopt;
    ResumeOffer offer;
    offer.pluginId = pluginId;
    if (saved.contains("role") && saved["role"].is_string()) offer.role = saved["role"].get<std::string>();
    if (saved.contains("path") && saved["path"].is_array()) offer.steps = saved["path"].size();
    offer.saved = std::move(saved);
    return offer;
}

// [SECTION] Helpers

namespace {

void report(AppModel& m, StatusKind kind, std::string text) { m.status.push_back({kind, std::move(text)}); }

void enterSummary(AppModel& m, bool justFinished = false) {
    // The debrief (built in onEnterSummary) does its own path analysis; a second one here would
    // double the wait on arrival, so the role analysis is left to whoever asks for it.
    m.screen = Screen::Summary;
    m.phase = PlayPhase::Question;
    detail::onEnterSummary(m, justFinished);
}

// After any step: where the trainee lands (an ending goes straight to the summary only once the
// feedback on the last choice has been read, i.e. in the Question phase).
void settleAfterStep(AppModel& m) {
    m.autosaveDirty = true;
    m.debrief.reset(); // the session moved: the debrief is rebuilt when the summary is next entered
    const Scenario* s = activeScenario(m);
    if (s && m.session && m.phase == PlayPhase::Question && atEnding(*s, m.session->current())) enterSummary(m, true);
}

std::string defaultRoleFor(const Plugin& p, const std::string& avoid) {
    for (const auto& r : p.manifest.roles)
        if (r != avoid) return r;
    return p.manifest.roles.empty() ? std::string{} : p.manifest.roles.front();
}

bool startSelected(AppModel& m, std::int64_t nowMs) {
    const Plugin* p = selectedPlugin(m);
    if (!p || !p->usable()) {
        report(m, StatusKind::Error, "Choose a case in the library first.");
        return false;
    }
    const auto& roles = p->manifest.roles;
    if (std::find(roles.begin(), roles.end(), m.selectedRole) == roles.end()) {
        report(m, StatusKind::Warning, "Choose one of the playable roles first.");
        return false;
    }
    m.session = startSession(*p->scenario, p->manifest, m.selectedRole, nowMs);
    m.phase = PlayPhase::Question;
    m.screen = Screen::Play;
    m.settingsDirty = true; // remembers the last case and role
    settleAfterStep(m);
    return true;
}

bool resume(AppModel& m) {
    // A session still in memory (the trainee went back to the library) wins over the file.
    if (m.session) {
        int idx = findPlugin(m, m.session->pluginId);
        if (idx < 0) return false;
        m.selectedPlugin = idx;
        m.selectedRole = m.session->role;
        m.phase = PlayPhase::Question;
        m.screen = Screen::Play;
        settleAfterStep(m);
        return true;
    }
    if (!m.resume) return false;
    int idx = findPlugin(m, m.resume->pluginId);
    if (idx < 0) {
        report(m, StatusKind::Warning, "The saved case is no longer in the library.");
        m.resume.reset();
        return false;
    }
    const Plugin& p = m.library[static_cast<size_t>(idx)];
    Diagnostics diags;
    auto restored = sessionFromJson(m.resume->saved, *p.scenario, p.manifest, diags, "autosave.json");
    for (const auto& d : diags) report(m, d.severity == Severity::Error ? StatusKind::Error : StatusKind::Warning,
                                        formatDiagnostic(d));
    if (!restored) {
        report(m, StatusKind::Error, "The saved session could not be restored.");
        m.resume.reset();
        return false;
    }
    m.selectedPlugin = idx;
    m.selectedRole = restored->role;
    m.session = std::move(*restored);
    detail::restoreFirstRun(m, m.resume->compareWith); // a role swap's first run, kept beside it
    m.resume.reset();
    m.phase = PlayPhase::Question;
    m.screen = Screen::Play;
    settleAfterStep(m);
    return true;
}

struct Applier {
    AppModel& m;
    std::int64_t nowMs;

    bool operator()(const OpenPlugin& c) {
        int idx = findPlugin(m, c.pluginId);
        if (idx < 0) {
            report(m, StatusKind::Error, "The case '" + c.pluginId + "' is not available.");
            return false;
        }
        m.selectedPlugin = idx;
        m.selectedRole = defaultRoleFor(m.library[static_cast<size_t>(idx)], "");
        m.screen = Screen::RoleSelect;
        return true;
    }
    bool operator()(const SelectRole& c) {
        const Plugin* p = selectedPlugin(m);
        if (!p) return false;
        const auto& roles = p->manifest.roles;
        if (std::find(roles.begin(), roles.end(), c.role) == roles.end()) {
            report(m, StatusKind::Warning, "'" + c.role + "' is not a playable role in this case.");
            return false;
        }
        m.selectedRole = c.role;
        return true;
    }
    bool operator()(const StartSession&) {
        detail::onFreshStart(m);
        return startSelected(m, nowMs);
    }
    bool operator()(const ResumeSession&) { return resume(m); }
    bool operator()(const DiscardResume&) {
        m.resume.reset();
        m.autosaveClear = true;
        return true;
    }
    bool operator()(const Choose& c) {
        const Scenario* s = activeScenario(m);
        if (!s || !m.session || m.screen != Screen::Play || m.phase != PlayPhase::Question) return false;
        if (currentNode(*s, m.session->current()).type != NodeType::Decision) return false;
        std::string error;
        if (!sessionStep(*m.session, *s, c.optionId, nowMs, &error)) {
            report(m, StatusKind::Error, error.empty() ? "That choice is not available now." : error);
            return false;
        }
        m.phase = PlayPhase::Feedback;
        settleAfterStep(m);
        return true;
    }
    bool operator()(const Continue&) {
        const Scenario* s = activeScenario(m);
        if (!s || !m.session) return false;
        if (m.screen == Screen::Summary) return false;
        if (m.phase == PlayPhase::Feedback) {
            m.phase = PlayPhase::Question;
            settleAfterStep(m);
            return true;
        }
        const Node& node = currentNode(*s, m.session->current());
        if (node.type == NodeType::Ending) {
            enterSummary(m, true);
            return true;
        }
        if (node.type != NodeType::Narrative) return false; // a decision needs a choice
        std::string error;
        if (!sessionStep(*m.session, *s, "", nowMs, &error)) {
            report(m, StatusKind::Error, error.empty() ? "The case cannot continue from here." : error);
            return false;
        }
        settleAfterStep(m);
        return true;
    }
    bool operator()(const StepBack&) {
        if (!m.session) return false;
        if (m.screen == Screen::Play && m.phase == PlayPhase::Feedback) {
            (void)sessionStepBack(*m.session);
            m.phase = PlayPhase::Question;
            m.autosaveDirty = true;
            return true;
        }
        if (m.screen != Screen::Play && m.screen != Screen::Summary) return false;
        if (!m.session->canStepBack()) return false;
        (void)sessionStepBack(*m.session);
        m.debrief.reset();
        m.screen = Screen::Play;
        m.phase = PlayPhase::Question;
        m.autosaveDirty = true;
        return true;
    }
    bool operator()(const Restart&) {
        if (!m.session) return false;
        m.selectedRole = m.session->role;
        return startSelected(m, nowMs);
    }
    bool operator()(const ShowSummary&) {
        if (!m.session) return false;
        enterSummary(m);
        return true;
    }
    bool operator()(const PlayAgain&) {
        const Plugin* p = selectedPlugin(m);
        if (!p) return false;
        m.selectedRole = defaultRoleFor(*p, m.session ? m.session->role : std::string{});
        m.session.reset();
        m.debrief.reset();
        m.screen = Screen::RoleSelect;
        return true;
    }
    bool operator()(const BackToLibrary&) {
        m.screen = Screen::Library;
        return true;
    }
    bool operator()(const GoBack&) {
        if (m.screen == Screen::Library) return false;
        if (m.screen == Screen::RoomConsole || m.screen == Screen::RoomDebrief) return applyRoomCommand(m, GoBack{}, nowMs);
        m.screen = m.screen == Screen::Compare ? Screen::Summary : Screen::Library;
        return true;
    }
    bool operator()(const SetScale& c) {
        m.uiScale = clampUiScale(c.scale);
        m.uiScaleChosen = true;
        m.settingsDirty = true;
        return true;
    }
    bool operator()(const SetTheme& c) {
        m.theme = c.theme;
        m.settingsDirty = true;
        return true;
    }
    bool operator()(const DismissStatus& c) {
        if (c.index >= m.status.size()) return false;
        m.status.erase(m.status.begin() + static_cast<std::ptrdiff_t>(c.index));
        return true;
    }
    bool operator()(const Quit&) {
        m.quitRequested = true;
        return true;
    }
    bool operator()(const OpenAuthorFolder& c) { return applyAuthorCommand(m, c); }
    bool operator()(const ReloadAuthorFolder& c) { return applyAuthorCommand(m, c); }
    bool operator()(const CloseAuthorMode& c) { return applyAuthorCommand(m, c); }
    bool operator()(const InspectNode& c) { return applyAuthorCommand(m, c); }
    bool operator()(const PlayFromNode& c) { return applyAuthorCommand(m, c, nowMs); }
    bool operator()(const RewindTo& c) { return applyAuthorCommand(m, c); }
    // Joint session (room) commands live in app_model_room.cpp.
    template <class RoomCommand>
    bool operator()(const RoomCommand& c) { return applyRoomCommand(m, Command{c}, nowMs); }
    bool operator()(const SetReflection& c) { return detail::apply(m, c); }
    bool operator()(const PlayAsRole& c) { return detail::apply(m, c, nowMs); }
    bool operator()(const ShowCompare& c) { return detail::apply(m, c); }
    bool operator()(const SaveReport& c) { return detail::apply(m, c); }
};

} // namespace

bool applyCommand(AppModel& model, const Command& command, std::int64_t nowMs) {
    model.clockMs = nowMs;
    return std::visit(Applier{model, nowMs}, command);
}

void applyCommands(AppModel& model, CommandSink& sink, std::int64_t nowMs) {
    // Take the list first: applying must not see commands pushed while applying.
    std::vector<Command> pending;
    pending.swap(sink.commands);
    for (const auto& c : pending) (void)applyCommand(model, c, nowMs);
}

} // namespace wp::ui
