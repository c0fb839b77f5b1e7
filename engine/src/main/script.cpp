// Scripted states from the command line (script.h).
#include "script.h"

#include <cctype>
#include <cstdlib>

#include "wholepicture/core/challenge.h"

namespace wp::cli {

// Drives the state through the scripted steps with the same commands the UI sends.
void applyScript(const app::AppState& model, const CommandLine& cl, const Apply& apply) {
    using namespace wp::app;
    if (!cl.openScreen.empty()) {
        // The state keeps a ScreenId (a view of its name): name one that lives as long as the program.
        for (ScreenId screen : {ScreenId{"history"}, ScreenId{"glossary"}, ScreenId{"settings"}})
            if (screen.id == cl.openScreen) (void)apply(Navigate{screen});
        return;
    }
    if (cl.plugin.empty()) return;
    if (findPlugin(model, cl.plugin) < 0) {
        std::vector<std::string> ids;
        for (const auto& p : model.library)
            if (p.usable() || p.pending) ids.push_back(p.manifest.id);
        usageError("no usable plugin '" + cl.plugin + "'; available: " + availableList(ids));
    }
    (void)apply(OpenPlugin{cl.plugin});
    if (cl.role.empty()) return;
    const ScenarioPlugin& plugin = *selectedPlugin(model);
    if (!apply(SelectRole{cl.role}))
        usageError("'" + cl.role + "' is not playable in " + cl.plugin + "; playable: " + availableList(plugin.manifest.roles));
    (void)apply(StartSession{});

    const Scenario& s = *plugin.scenario;
    auto play = [&](const std::vector<std::string>& choices, const char* flag) {
        for (size_t i = 0; i < choices.size(); ++i) {
            // Narrative nodes (and the feedback of the previous choice) are continued automatically.
            while (model.screen == Screen::Play &&
                   (model.phase == PlayPhase::Feedback || currentNode(s, model.session->current()).type == NodeType::Narrative))
                if (!apply(Continue{})) break;
            const RunState& st = model.session->current();
            const std::string which = std::string(flag) + " choice " + std::to_string(i + 1);
            if (model.screen != Screen::Play || currentNode(s, st).type != NodeType::Decision)
                usageError(which + " ('" + choices[i] + "'): the case has no open decision here (node '" + st.node + "')");
            if (choices[i].starts_with("?")) { // a challenge move: ?now, ?wait, ?accept, ?APPROACH, ?escalate, ?rest
                const ScriptedChallengeMove m = scriptedChallengeMove(choices[i].substr(1));
                if (!apply(MoveChallenge{m.move, m.approach}))
                    usageError(which + ": cannot make the challenge move '" + choices[i] + "' at '" + st.node +
                               "' (the case has a challenge only at its challenge points, for the roles they name)");
                continue;
            }
            if (choices[i].starts_with("+") || choices[i].starts_with("!")) { // a chronology entry ("!": a concern)
                const auto mark = choices[i][0] == '!' ? ChronologyMark::Concern : ChronologyMark::Entry;
                if (!apply(MarkChronology{choices[i].substr(1), mark}))
                    usageError(which + ": cannot enter '" + choices[i].substr(1) + "' in a chronology at '" + st.node +
                               "' (the case asks for one only at its chronology points, from facts the role knows)");
                continue;
            }
            if (choices[i].starts_with("@")) { // "@child_in_need": place the child at this threshold point
                const auto level = thresholdLevelFromId(choices[i].substr(1));
                if (!level)
                    usageError(which + ": '" + choices[i] + "' is not a threshold level (@universal, @early_help, "
                               "@child_in_need, @child_protection)");
                if (!apply(PlaceThreshold{*level}))
                    usageError(which + ": '" + st.node + "' is not a threshold point; place the child only where the case asks");
                continue;
            }
            if (!apply(Choose{choices[i]})) {
                std::vector<std::string> ids;
                for (const Option* o : availableOptions(s, st)) ids.push_back(o->id);
                usageError(which + ": '" + choices[i] + "' is not available at '" + st.node + "'; available: " + availableList(ids));
            }
        }
    };
    auto toDebrief = [&] {
        while (model.screen == Screen::Play &&
               (model.phase == PlayPhase::Feedback || currentNode(s, model.session->current()).type == NodeType::Narrative))
            if (!apply(Continue{})) break;
    };
    play(cl.choices, "--choose");
    if (cl.summary) {
        toDebrief();
        if (model.screen != Screen::Debrief) (void)apply(ShowDebrief{});
    }
    if (!cl.swapRole.empty()) {
        // Role swap as the debrief's "Play as" button does it; a finished second run opens the comparison.
        if (!apply(PlayAsRole{cl.swapRole}))
            usageError("--swap: cannot play '" + cl.swapRole + "' after " + cl.role + "; playable: " + availableList(plugin.manifest.roles));
        play(cl.swapChoices, "--swap-choose");
        toDebrief();
        if (model.screen != Screen::Compare) (void)apply(ShowCompare{});
    }
}

// A room session scripted from the command line (screenshots, demos), with the commands the console sends.
void applyRoomScript(const app::AppState& model, const CommandLine& cl, const Apply& apply) {
    using namespace wp::app;
    if (cl.room.empty()) return;
    if (findPlugin(model, cl.room) < 0) usageError("no usable plugin '" + cl.room + "' for --room");
    std::vector<RoomGroup> groups = cl.groups;
    if (groups.empty()) groups = defaultRoomGroups(model.library[static_cast<size_t>(findPlugin(model, cl.room))].manifest);
    if (!apply(StartRoom{cl.room, groups, cl.timer})) {
        std::string why;
        for (const auto& st : model.status) why += "\n  " + st.text;
        usageError("the room could not start:" + why);
    }
    auto event = [](RoomEventKind k, std::string option = {}, std::string prof = {}) {
        return Command{RoomStep{RoomEvent{k, -1, std::move(option), "", std::move(prof), 0}}};
    };
    for (const auto& step : cl.roomScript) {
        Command c = event(RoomEventKind::Continue);
        if (step == "c" || step == "continue") c = event(RoomEventKind::Continue);
        else if (step == "views") c = event(RoomEventKind::ShowViews);
        else if (step.rfind("view:", 0) == 0) c = event(RoomEventKind::ShowViews, "", step.substr(5));
        else if (step == "open") c = event(RoomEventKind::OpenVoting);
        else if (step == "reveal") c = event(RoomEventKind::Reveal);
        else if (step == "revote") c = event(RoomEventKind::Revote);
        else if (step == "path") c = event(RoomEventKind::ChoosePath);
        else if (step.rfind("path:", 0) == 0 && step.size() == 6) {
            const RoomDecision* d = model.room->session.state.current();
            c = event(RoomEventKind::ChoosePath, d ? optionOfLetter(*d, step[5]) : std::string("?"));
        } else if (step == "warn") c = event(RoomEventKind::ShowWarning);
        else if (step == "undo") c = RoomUndo{};
        else if (step == "pause") c = RoomTogglePause{};
        else if (step == "projector") c = RoomToggleProjector{};
        else if (step == "debrief") c = RoomShowDebrief{};
        else if (const size_t at = step.find('@'); at != std::string::npos && at > 0 &&
                 std::isdigit(static_cast<unsigned char>(step[0]))) {
            RoomEvent e{RoomEventKind::Place, std::atoi(step.c_str()) - 1, "", "", "", 0};
            e.level = step.substr(at + 1);
            c = RoomStep{e};
        } else if (step.size() >= 2 && std::isdigit(static_cast<unsigned char>(step[0])) && std::isalpha(static_cast<unsigned char>(step.back())))
            c = RoomVoteLetter{std::atoi(step.c_str()) - 1, static_cast<char>(std::tolower(static_cast<unsigned char>(step.back()))), "", true};
        else usageError("--room-script: unknown step '" + step + "'");
        if (!apply(c))
            usageError("--room-script: step '" + step + "' does not apply here: " + (model.room ? model.room->message : std::string()));
    }
}

} // namespace wp::cli
