// Room set-up: the case, the groups (name and profession), an optional timer (off by default, never
// scored), and what the room will see first (the content warning).
#include <algorithm>
#include <string>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "wholepicture/core/room.h"
#include "wholepicture/ui/probe.h"
#include "wholepicture/ui/screens.h"
#include "wholepicture/ui/speech.h"
#include "wholepicture/ui/room_views.h"
#include "wholepicture/ui/views.h"
#include "wholepicture/ui/widgets.h"

namespace wp::ui {

namespace {

std::string professionChoiceLabel(const KnowledgeBase& kb, const std::string& p) {
    return p == kMixedProfession ? std::string("Mixed (teachers and social workers together)") : kb.roleName(p);
}

// The groups of the last room session (UX review defect 18: a facilitator with the same tables does not
// type them again), a profession this case has no role for becoming a mixed table; else three tables:
// the case's first playable roles, then a mixed table.
void defaultDraft(const AppState& m, UiState& ui, const ScenarioPlugin& p) {
    ui.roomDraftPlugin = p.manifest.id;
    ui.roomDraftGroups.clear();
    for (const auto& g : m.lastRoomGroups) {
        const bool known = g.profession == kMixedProfession ||
                           std::find(p.manifest.roles.begin(), p.manifest.roles.end(), g.profession) != p.manifest.roles.end();
        ui.roomDraftGroups.emplace_back(g.name, known ? g.profession : std::string(kMixedProfession));
    }
    if (ui.roomDraftGroups.empty())
        for (const auto& g : defaultRoomGroups(p.manifest)) ui.roomDraftGroups.emplace_back(g.name, g.profession);
    ui.roomDraftTimerOn = false;
    ui.roomDraftProcedures = m.settings.procedures;
}

bool roomRadio(const char* label, bool active) {
    const bool pressed = ImGui::RadioButton(label, active);
    speakItem(label, "radio button", active ? "selected" : "not selected");
    return pressed;
}

} // namespace

void drawRoomSetup(const AppState& m, UiState& ui, CommandSink& sink) {
    const ScenarioPlugin* p = selectedPlugin(m);
    if (!p || !p->usable()) {
        textBlock("Choose a case in the library first.");
        return;
    }
    if (ui.roomDraftPlugin != p->manifest.id) defaultDraft(m, ui, *p);

    const float footerH = footerBarHeight();
    ImGui::BeginChild("##room-setup", ImVec2(0, -footerH), false, ImGuiWindowFlags_NavFlattened);
    keyboardScroll(true); // PageUp/PageDown/Home/End
    ImGui::Dummy(ImVec2(0, em(1.0f)));
    const Column col = beginColumn(52);
    eyebrow(ui, "RUN A ROOM SESSION");
    pushFont(ui.fonts.title);
    textBlock(p->displayName());
    popFont(ui.fonts.title);
    textBlock("One laptop, one projector, groups of teachers and social workers. At each decision the room sees the "
              "situation, each profession's view of it, then each group votes as its profession would. You reveal the "
              "votes, the perspectives and the feedback when you choose, and decide which path the case follows.",
              ui.palette.textMuted);

    if (!p->manifest.contentWarnings.empty()) {
        ImGui::Dummy(ImVec2(0, em(0.4f)));
        const Card card = beginCard(ui, col.width, ui.palette.warningSurface, ui.palette.warning);
        pushFont(ui.fonts.bold);
        std::string list;
        for (const auto& w : p->manifest.contentWarnings) list += (list.empty() ? "" : ", ") + w;
        textBlock("Content warning: " + list, ui.palette.warning);
        popFont(ui.fonts.bold);
        textBlock("The projector shows this warning to the room first, and again before the hardest stages of the case.",
                  ui.palette.text);
        endCard(card);
    }

    ImGui::Dummy(ImVec2(0, em(0.6f)));
    sectionHeader(ui, "GROUPS");
    std::vector<std::string> professions = p->manifest.roles;
    professions.push_back(kMixedProfession);
    int remove = -1;
    for (size_t i = 0; i < ui.roomDraftGroups.size(); ++i) {
        auto& [name, prof] = ui.roomDraftGroups[i];
        ImGui::PushID(static_cast<int>(i));
        ImGui::AlignTextToFramePadding();
        ImGui::Text("%d", static_cast<int>(i + 1));
        ImGui::SameLine(0, em(0.8f));
        ImGui::SetNextItemWidth(em(12));
        inputText("##name", &name);
        speakItem("Group " + std::to_string(i + 1) + " name", "text box", name);
        WP_PROBE("room-setup/group/" + std::to_string(i + 1) + "/name");
        ImGui::SameLine();
        ImGui::SetNextItemWidth(em(24));
        // The list opens with padding above its first entry: with the app's zero window padding the
        // first profession sat under the popup's rounded border, cut off (UX review defect 18).
        ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(em(0.5f), em(0.6f)));
        const bool open = ImGui::BeginCombo("##profession", professionChoiceLabel(m.knowledge, prof).c_str());
        ImGui::PopStyleVar();
        if (open) {
            for (const auto& r : professions) {
                if (listItem(professionChoiceLabel(m.knowledge, r).c_str(), r == prof)) prof = r;
                WP_PROBE("room-setup/profession-option/" + r);
            }
            ImGui::EndCombo();
        }
        speakItem("Group " + std::to_string(i + 1) + " profession", "drop-down list", professionChoiceLabel(m.knowledge, prof));
        WP_PROBE("room-setup/group/" + std::to_string(i + 1) + "/profession");
        ImGui::SameLine();
        if (ui.roomDraftGroups.size() > 1 && secondaryButton(ui, "Remove")) remove = static_cast<int>(i);
        ImGui::PopID();
    }
    if (remove >= 0) ui.roomDraftGroups.erase(ui.roomDraftGroups.begin() + remove);
    if (ui.roomDraftGroups.size() < 9 && secondaryButton(ui, "Add a group##room-setup")) {
        ui.roomDraftGroups.push_back({"Table " + std::to_string(ui.roomDraftGroups.size() + 1), kMixedProfession});
    }
    WP_PROBE("room-setup/add");

    ImGui::Dummy(ImVec2(0, em(0.6f)));
    sectionHeader(ui, "TIMER");
    ImGui::Checkbox("A timer for each vote##room-setup", &ui.roomDraftTimerOn);
    speakItem("A timer for each vote", "checkbox", ui.roomDraftTimerOn ? "checked" : "not checked");
    WP_PROBE("room-setup/timer");
    if (ui.roomDraftTimerOn) {
        ImGui::SameLine();
        ImGui::SetNextItemWidth(em(8));
        inputInt("seconds##room-setup", &ui.roomDraftTimerSeconds, 30, 60);
        ui.roomDraftTimerSeconds = std::clamp(ui.roomDraftTimerSeconds, 30, 1800);
    }
    textBlock("Off by default. The timer is only shown, never enforced, and speed is never scored.", ui.palette.textMuted);
    // A session run for another area (a partnership's training) uses that area's names and routes.
    bool anyPack = false;
    for (const ProceduresPack& pack : m.procedures) anyPack = anyPack || pack.usable();
    if (anyPack) {
        ImGui::Dummy(ImVec2(0, em(0.6f)));
        sectionHeader(ui, "LOCAL PROCEDURES");
        if (roomRadio("National guidance only##room-procedures", ui.roomDraftProcedures.empty())) ui.roomDraftProcedures.clear();
        WP_PROBE("room-setup/procedures/national");
        for (const ProceduresPack& pack : m.procedures) {
            if (!pack.usable()) continue;
            if (roomRadio((pack.name + "##room-procedures").c_str(), ui.roomDraftProcedures == pack.id)) ui.roomDraftProcedures = pack.id;
            WP_PROBE("room-setup/procedures/" + pack.id);
        }
        textBlock("For this room only: the levels of need, the front door and the escalation route as that area names "
                  "them. Your own setting is unchanged.",
                  ui.palette.textMuted);
    }
    ImGui::Dummy(ImVec2(0, em(0.6f)));
    sectionHeader(ui, "DURING THE SESSION");
    textBlock("Enter: the next step (reveal, follow the majority...).   2b: group 2 votes b.   F5: switch between this "
              "console and the projector view.   Left/Right: page the projector (a long reveal).   R: re-vote.   P: pause the "
              "projector.   Ctrl+Z: undo one step.",
              ui.palette.textMuted);
    textBlock("Everything is saved as it happens; if the app stops, it offers to resume the room when it starts again.",
              ui.palette.textMuted);
    endColumn(col);
    ImGui::EndChild();

    const FooterBar bar = drawFooterBar(ui);
    ImGui::SetCursorScreenPos(ImVec2(bar.origin.x + bar.padX, bar.buttonY));
    if (secondaryButton(ui, "Back to the library##room-setup", ImVec2(0, footerButtonHeight()))) sink.push(BackToLibrary{});
    WP_PROBE("room-setup/back");
    const char* label = "Start the room session##room-setup";
    pushFont(ui.fonts.bold); // primary buttons are bold: measure in their font
    const float w = ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
    popFont(ui.fonts.bold);
    ImGui::SameLine();
    ImGui::SetCursorScreenPos(ImVec2(bar.origin.x + bar.width - bar.padX - w, bar.buttonY));
    if (primaryButton(ui, label, ImVec2(0, footerButtonHeight()))) {
        StartRoom start{p->manifest.id, {}, ui.roomDraftTimerOn ? ui.roomDraftTimerSeconds : 0, ui.roomDraftProcedures};
        for (const auto& [name, prof] : ui.roomDraftGroups) start.groups.push_back({name, prof});
        sink.push(start);
    }
    WP_PROBE("room-setup/start");
}

void drawRoomResumeCard(const AppState& m, UiState& ui, CommandSink& sink, float width) {
    std::string caseName;
    size_t steps = 0;
    bool live = m.room && !m.room->session.closed;
    if (live) {
        const ScenarioPlugin* p = roomPlugin(m);
        if (!p) return;
        caseName = p->displayName();
        steps = m.room->session.events.size();
    } else if (m.roomResume) {
        int idx = findPlugin(m, m.roomResume->pluginId);
        if (idx < 0) return;
        caseName = m.library[static_cast<size_t>(idx)].displayName();
        steps = m.roomResume->session.events.size();
    } else {
        return;
    }
    const Card card = beginCard(ui, width, ui.palette.surface, ui.palette.accent, 2.0f);
    eyebrow(ui, live ? "ROOM SESSION IN PROGRESS" : "A ROOM SESSION WAS INTERRUPTED");
    pushFont(ui.fonts.heading);
    textBlock(caseName + " with " + std::to_string(live ? m.room->session.setup.groups.size() : m.roomResume->session.setup.groups.size()) +
              " groups");
    popFont(ui.fonts.heading);
    textBlock(std::to_string(steps) + (steps == 1 ? " step" : " steps") + " recorded. Every vote and reveal was saved as it happened.", ui.palette.textMuted);
    // Where it stopped, so the facilitator knows what "resume" brings back.
    {
        const RoomSession& rs = live ? m.room->session : m.roomResume->session;
        const int idx = findPlugin(m, live ? m.room->pluginId : m.roomResume->pluginId);
        if (idx >= 0 && m.library[static_cast<size_t>(idx)].scenario) {
            const Scenario& sc = *m.library[static_cast<size_t>(idx)].scenario;
            const Node& n = currentNode(sc, rs.state.run.current());
            textBlock("Stopped at: " + n.title + (rs.paused ? " (on a break; the projector shows the break screen)" : ""), ui.palette.text);
        }
    }
    if (primaryButton(ui, live ? "Return to the room##room-resume" : "Resume the room session##room-resume")) sink.push(ResumeRoom{});
    WP_PROBE("library/room-resume");
    if (!live) {
        ImGui::SameLine();
        if (secondaryButton(ui, "Not now##room-resume")) sink.push(DiscardRoomResume{});
        WP_PROBE("library/room-discard");
    }
    endCard(card);
    ImGui::Dummy(ImVec2(0, em(0.8f)));
}

void registerRoomSetupScreen(ScreenRegistry& registry) { registry.add({Screen::RoomSetup, "Room set-up", drawRoomSetup, false,
                  {{"Tab to a group's name, then type", "name the group"}, {"Esc", "back to the library"}}}); }

} // namespace wp::ui
