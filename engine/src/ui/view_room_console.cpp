// The facilitator console: everything, including what the room has not seen yet (marked as such), the
// groups' votes with fast keyboard entry ("2b" = group 2 votes b; Enter does the next step), and the
// controls for the cycle. The projector view (view_projector.cpp) shows only what is released.
#include <algorithm>
#include <cctype>
#include <optional>
#include <string>

#include <imgui.h>
#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include "wholepicture/core/loader.h"
#include "wholepicture/core/room.h"
#include "wholepicture/core/threshold.h"
#include "wholepicture/ui/probe.h"
#include "wholepicture/ui/screens.h"
#include "wholepicture/ui/speech.h"
#include "wholepicture/ui/projector.h"
#include "wholepicture/ui/room_views.h"
#include "wholepicture/ui/views.h"
#include "wholepicture/ui/widgets.h"

namespace wp::ui {

namespace {

std::string professionName(const KnowledgeBase& kb, const std::string& p) {
    return p == kMixedProfession ? std::string("Mixed") : kb.roleName(p);
}

char upper(char c) { return static_cast<char>(std::toupper(static_cast<unsigned char>(c))); }

struct PrimaryAction {
    std::string label;
    Command command;
};

// The next step of the cycle: what Enter does and what the big button says.
std::optional<PrimaryAction> primaryAction(const AppState& m) {
    if (!m.room) return std::nullopt;
    const RoomState& st = m.room->session.state;
    auto step = [](RoomEventKind k) { return Command{RoomStep{RoomEvent{k, -1, "", "", "", 0}}}; };
    if (st.warning) return PrimaryAction{"Continue past the warning", step(RoomEventKind::Continue)};
    switch (st.phase) {
    case RoomPhase::Narrative: return PrimaryAction{"Continue", step(RoomEventKind::Continue)};
    case RoomPhase::Situation: return PrimaryAction{"Show the professions' views", step(RoomEventKind::Continue)};
    case RoomPhase::Views: {
        auto profs = roomProfessions(m.room->session.setup);
        const bool last = st.viewCurrent.empty() || st.viewCurrent == profs.back();
        return PrimaryAction{last ? "Open voting" : "Next profession's view", step(RoomEventKind::Continue)};
    }
    case RoomPhase::Voting: return PrimaryAction{"Reveal the votes", step(RoomEventKind::Reveal)};
    case RoomPhase::Revealed: {
        // A tie has no majority to follow (UX review defect 17): the facilitator chooses the path by
        // hand (drawPathChoice says so), and Enter does nothing until then.
        const RoomDecision* d = st.current();
        if (!d || roomTie(*d)) return std::nullopt;
        MajorityResult mr = majority(*d);
        if (mr.option.empty()) return std::nullopt;
        return PrimaryAction{"Follow the majority (" + std::string(1, upper(letterOf(*d, mr.option))) + ")",
                             step(RoomEventKind::ChoosePath)};
    }
    case RoomPhase::Ending: return PrimaryAction{"Room debrief", Command{RoomShowDebrief{}}};
    }
    return std::nullopt;
}

const char* projectorShows(const AppState& m) {
    const RoomSession& r = m.room->session;
    if (r.paused) return "a break screen (the case is hidden). P resumes";
    if (r.state.warning) return "the content warning";
    switch (r.state.phase) {
    case RoomPhase::Narrative: return "the narrative";
    case RoomPhase::Situation: return "the situation";
    case RoomPhase::Views: return r.state.viewCurrent.empty() ? "every profession's view, side by side" : "one profession's view";
    case RoomPhase::Voting: return "the options and who has voted (not what)";
    case RoomPhase::Revealed: return "the groups' choices, then (page by page) the feedback and perspectives";
    case RoomPhase::Ending: return "the ending and what actually happened";
    }
    return "";
}

bool placed(const RoomDecision& d, int group) { return d.placements.count(group) > 0; }

// The four levels as small buttons on a group's row ("Universal", "Early help", "CIN", "CP"), the
// group's placement drawn as selected.
void drawPlacementRow(const ThresholdScale& scale, UiState& ui, CommandSink& sink, const RoomDecision& d, int group) {
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + em(1.5f));
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(ui.palette.textMuted, "Needs:");
    for (int i = 0; i < kThresholdLevelCount; ++i) {
        const auto level = static_cast<ThresholdLevel>(i);
        ImGui::SameLine();
        const std::string label = scale.shortNames[static_cast<size_t>(i)] + "##place-" + thresholdLevelId(level);
        const bool mine = placed(d, group) && d.placements.at(group) == level;
        if (mine ? primaryButton(ui, label.c_str()) : secondaryButton(ui, label.c_str())) {
            RoomEvent e;
            e.kind = RoomEventKind::Place;
            e.group = group;
            e.level = thresholdLevelId(level);
            sink.push(RoomStep{e});
        }
        itemTooltip(levelName(scale, level).c_str());
        speakItem("Group " + std::to_string(group + 1) + " places the child at " + levelName(scale, level), "button",
                  mine ? "selected" : "");
        WP_PROBE("room/group/" + std::to_string(group + 1) + "/place/" + thresholdLevelId(level));
    }
}

void drawGroups(const AppState& m, UiState& ui, CommandSink& sink, const Scenario& s) {
    const RoomSession& room = m.room->session;
    const RoomState& st = room.state;
    const RoomDecision* d = st.current();
    const bool voting = st.phase == RoomPhase::Voting;
    // A rationale typed but not saved (no Enter) belongs to its decision and round: at the next one it
    // would look saved but never was (UX review defect 15), so the boxes start empty there.
    const std::string rationaleKey = room.setup.id + "|" + std::to_string(st.decisions.size()) + "|" +
                                     (d ? d->node : std::string()) + "|" + std::to_string(st.round());
    if (ui.roomRationaleKey != rationaleKey) {
        ui.roomRationaleKey = rationaleKey;
        ui.roomRationale.clear();
    }
    // A threshold point: each group places the child before the votes are revealed (round 1).
    const Node* node = d ? s.node(d->node) : nullptr;
    const bool placing = node && node->threshold && d->rounds.size() <= 1 &&
                         (st.phase == RoomPhase::Situation || st.phase == RoomPhase::Views || st.phase == RoomPhase::Voting);
    sectionHeader(ui, "GROUPS");
    if (node && node->chronology && d->rounds.size() <= 1 &&
        (st.phase == RoomPhase::Situation || st.phase == RoomPhase::Views || st.phase == RoomPhase::Voting)) {
        pushFont(ui.fonts.small);
        textBlock("Chronology point: ask each table to list, in date order, what its profession holds about the child by "
                  "now, and to mark the concerns. The reveal shows every concern on record, with who held it.",
                  ui.palette.textMuted);
        popFont(ui.fonts.small);
        WP_PROBE("room/chronology-prompt");
    }
    if (node && node->challenge && d->rounds.size() <= 1 &&
        (st.phase == RoomPhase::Situation || st.phase == RoomPhase::Views || st.phase == RoomPhase::Voting)) {
        pushFont(ui.fonts.small);
        textBlock("Challenge point: ask each table whether it would challenge this decision now, wait for more, or accept "
                  "it, and how it would put it: " + node->challenge->decision +
                      " The reveal gives the other agency's side and the escalation route.",
                  ui.palette.textMuted);
        popFont(ui.fonts.small);
        WP_PROBE("room/challenge-prompt");
    }
    if (placing) {
        pushFont(ui.fonts.small);
        textBlock("Threshold point: ask each table where the child's needs sit now, and enter it before you reveal the votes.",
                  ui.palette.textMuted);
        popFont(ui.fonts.small);
    }
    for (size_t g = 0; g < room.setup.groups.size(); ++g) {
        const auto& group = room.setup.groups[g];
        ImGui::PushID(static_cast<int>(g));
        const RoomVote* v = d && !d->rounds.empty() ? d->rounds.back().voteOf(static_cast<int>(g)) : nullptr;
        pushFont(ui.fonts.bold);
        ImGui::AlignTextToFramePadding();
        ImGui::Text("%d  %s", static_cast<int>(g + 1), group.name.c_str());
        popFont(ui.fonts.bold);
        ImGui::SameLine();
        ImGui::TextColored(ui.palette.textMuted, "%s", professionName(m.knowledge, group.profession).c_str());
        if (d) {
            // The vote after the labels (at least at em(16), so the letters line up), never over them.
            ImGui::SameLine(std::max(em(16), ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + em(0.8f)));
            if (v) {
                ImGui::TextColored(ui.palette.accentText, "%c", upper(letterOf(*d, v->option)));
                WP_PROBE("room/vote/" + std::to_string(g + 1));
            } else {
                ImGui::TextColored(ui.palette.textMuted, "-");
            }
        }
        if (voting) {
            // Letter buttons for the options this group may vote (mouse alternative to "2b").
            auto allowed = optionsForProfession(s, st, group.profession);
            const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
            for (const Option* o : allowed) {
                const char letter = letterOf(*d, o->id);
                std::string label = std::string(1, upper(letter)) + "##vote";
                const float bw = ImGui::CalcTextSize(label.c_str(), nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
                if (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + bw <= right) ImGui::SameLine();
                else ImGui::SetCursorPosX(ImGui::GetCursorPosX() + em(1.5f));
                const bool mine = v && v->option == o->id;
                if (mine ? primaryButton(ui, label.c_str()) : secondaryButton(ui, label.c_str()))
                    sink.push(RoomVoteLetter{static_cast<int>(g), letter, "", true});
                WP_PROBE("room/group/" + std::to_string(g + 1) + "/" + std::string(1, letter));
            }
            if (v) {
                if (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + em(3.5f) <= right) ImGui::SameLine();
                else ImGui::SetCursorPosX(ImGui::GetCursorPosX() + em(1.5f));
                if (secondaryButton(ui, "Clear##vote")) sink.push(RoomStep{RoomEvent{RoomEventKind::ClearVote, static_cast<int>(g), "", "", "", 0}});
                WP_PROBE("room/group/" + std::to_string(g + 1) + "/clear");
                std::string& buf = ui.roomRationale[static_cast<int>(g)];
                ImGui::SetNextItemWidth(-1);
                const std::string hint = v->rationale.empty() ? "one-line rationale (optional), Enter to save" : v->rationale;
                if (inputTextWithHint("##rationale", hint.c_str(), &buf, ImGuiInputTextFlags_EnterReturnsTrue)) {
                    sink.push(RoomVoteLetter{static_cast<int>(g), letterOf(*d, v->option), buf, false});
                    buf.clear();
                }
                WP_PROBE("room/group/" + std::to_string(g + 1) + "/rationale");
            }
        } else if (v && !v->rationale.empty()) {
            ImGui::TextColored(ui.palette.textMuted, "\xE2\x80\x9C%s\xE2\x80\x9D", v->rationale.c_str());
        }
        if (placing) drawPlacementRow(activeScale(m), ui, sink, *d, static_cast<int>(g));
        else if (d && placed(*d, static_cast<int>(g)))
            ImGui::TextColored(ui.palette.textMuted, "Placed the child at %s",
                               levelName(activeScale(m), d->placements.at(static_cast<int>(g))).c_str());
        ImGui::PopID();
    }
}

void drawPathChoice(const AppState& m, UiState& ui, CommandSink& sink) {
    const RoomState& st = m.room->session.state;
    const RoomDecision* d = st.current();
    if (!d) return;
    // Tallies and the path choice after a reveal (right column, next to the groups).
    if (st.phase == RoomPhase::Revealed) {
        sectionHeader(ui, "CHOOSE THE PATH THE CASE FOLLOWS");
        auto t = tally(d->rounds.back());
        MajorityResult mr = majority(*d);
        if (roomTie(*d)) {
            // Never called a majority: the options with the most votes, and the facilitator's choice.
            std::string tied;
            const std::vector<char> letters = tiedLetters(*d);
            for (size_t i = 0; i < letters.size(); ++i)
                tied += std::string(i == 0 ? "" : i + 1 == letters.size() ? " and " : ", ") + upper(letters[i]);
            pushFont(ui.fonts.bold);
            textBlock("A tie: " + tied + " have " + std::to_string(mr.votes) + " vote" + (mr.votes == 1 ? "" : "s") +
                          " each. Choose the path the case follows.",
                      ui.palette.warning);
            popFont(ui.fonts.bold);
            WP_PROBE("room/tie");
        } else if (!mr.note.empty()) {
            // "Majority: A, 2 of 3 groups" (it read "Majority: A, majority (2 votes)").
            const size_t groups = m.room->session.setup.groups.size();
            textBlock("Majority: " + std::string(1, upper(letterOf(*d, mr.option))) + ", " + std::to_string(mr.votes) + " of " +
                          std::to_string(groups) + (groups == 1 ? " group" : " groups"),
                      ui.palette.accentText);
        }
        if (d->rounds.size() == 1) {
            if (secondaryButton(ui, "Re-vote after discussion (R)##revote")) sink.push(RoomStep{RoomEvent{RoomEventKind::Revote, -1, "", "", "", 0}});
            WP_PROBE("room/revote");
            textBlock("Or follow an option yourself:", ui.palette.textMuted);
        }
        for (const auto& id : d->letters) {
            const char l = letterOf(*d, id);
            ImGui::PushID(id.c_str());
            std::string label = "Follow " + std::string(1, upper(l)) + "##path";
            if (secondaryButton(ui, label.c_str())) sink.push(RoomStep{RoomEvent{RoomEventKind::ChoosePath, -1, id, "", "", 0}});
            WP_PROBE(std::string("room/path/") + l);
            ImGui::SameLine();
            ImGui::AlignTextToFramePadding();
            int votes = t.count(id) ? t[id] : 0;
            ImGui::TextColored(votes ? ui.palette.text : ui.palette.textMuted, "%d vote%s", votes, votes == 1 ? "" : "s");
            ImGui::PopID();
        }
    }
}

void drawDecision(const AppState& m, UiState& ui, CommandSink& sink, const Scenario& s, const Node& n) {
    const RoomSession& room = m.room->session;
    const RoomState& st = room.state;
    const RoomDecision* d = st.current();
    if (!d) return;
    auto profs = roomProfessions(room.setup);
    textBlock(n.situation.fallback);
    ImGui::Dummy(ImVec2(0, em(0.4f)));
    if (st.phase == RoomPhase::Situation || st.phase == RoomPhase::Views) {
        // Buttons flow onto the next line when the column is narrow (never cut off at the edge).
        const float rightEdge = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x - em(1.4f);
        auto flow = [&](const std::string& label) {
            pushFont(ui.fonts.bold);
            const float w = ImGui::CalcTextSize(label.c_str(), nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
            popFont(ui.fonts.bold);
            if (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + w <= rightEdge) ImGui::SameLine();
        };
        ImGui::AlignTextToFramePadding();
        ImGui::TextColored(ui.palette.textMuted, "Show on the projector:");
        for (const auto& p : profs) {
            flow(professionName(m.knowledge, p) + "##view-" + p);
            const bool on = st.phase == RoomPhase::Views && st.viewCurrent == p;
            std::string label = professionName(m.knowledge, p) + "##view-" + p;
            if (on ? primaryButton(ui, label.c_str()) : secondaryButton(ui, label.c_str()))
                sink.push(RoomStep{RoomEvent{RoomEventKind::ShowViews, -1, "", "", p, 0}});
            WP_PROBE("room/view/" + p);
        }
        flow("Side by side##views");
        const bool all = st.phase == RoomPhase::Views && st.viewCurrent.empty();
        if (all ? primaryButton(ui, "Side by side##views") : secondaryButton(ui, "Side by side##views"))
            sink.push(RoomStep{RoomEvent{RoomEventKind::ShowViews, -1, "", "", "", 0}});
        WP_PROBE("room/view/all");
        flow("Open voting##views");
        if (secondaryButton(ui, "Open voting##views")) sink.push(RoomStep{RoomEvent{RoomEventKind::OpenVoting, -1, "", "", "", 0}});
        WP_PROBE("room/open-voting");
    }
    // Every option, by profession, with letters.
    for (const auto& p : profs) {
        ImGui::PushID(p.c_str());
        const bool released = std::find(st.viewsShown.begin(), st.viewsShown.end(), p) != st.viewsShown.end();
        sectionHeader(ui, (professionName(m.knowledge, p) + (released ? "" : "  (not shown yet)")).c_str());
        const std::string& q = n.question.forRole(p == kMixedProfession ? std::string() : p);
        if (!q.empty()) {
            pushFont(ui.fonts.bold);
            textBlock(q);
            popFont(ui.fonts.bold);
        }
        for (const Option* o : optionsForProfession(s, st, p)) textBlock(std::string(1, upper(letterOf(*d, o->id))) + "   " + o->text);
        ImGui::PopID();
    }
    // What the reveal will show (facilitator only until then).
    const bool revealed = st.phase == RoomPhase::Revealed || (d->rounds.size() > 1);
    const std::string tag = revealed ? "" : "  (not on the projector yet)";
    const bool feedbackOpen = ImGui::CollapsingHeader(("Feedback on every option" + tag + "##fb").c_str());
    speakItem("Feedback on every option" + tag, "section", feedbackOpen ? "open" : "closed");
    if (feedbackOpen) {
        for (const auto& id : d->letters)
            for (const auto& o : n.options)
                if (o.id == id) textBlock(std::string(1, upper(letterOf(*d, id))) + "  " + o.feedback.outcome, ui.palette.textMuted);
    }
    const bool perspectivesOpen = ImGui::CollapsingHeader(("Perspectives" + tag + "##persp").c_str());
    speakItem("Perspectives" + tag, "section", perspectivesOpen ? "open" : "closed");
    if (perspectivesOpen) {
        for (const auto& per : n.perspectives) {
            pushFont(ui.fonts.bold);
            textBlock(roleLabel(s, m.knowledge, per.role)); // the case's name for it ("Peter (imagined)")
            popFont(ui.fonts.bold);
            textBlock("Knows: " + per.knows, ui.palette.textMuted);
            textBlock("Thinks: " + per.thinks, ui.palette.textMuted);
        }
    }
}

} // namespace

void handleRoomKeys(const AppState& m, UiState& ui, CommandSink& sink) {
    if (!m.room || m.screen != Screen::RoomConsole || !shortcutsAllowed()) return;
    ImGuiIO& io = ImGui::GetIO();
    if (rawKeyPressed(kKeyF5)) sink.push(RoomToggleProjector{});
    if (rawKeyPressed(kKeyPause)) sink.push(RoomTogglePause{});
    if (io.KeyCtrl) {
        if (keyPressed(ImGuiKey_Z)) sink.push(RoomUndo{});
        return;
    }
    for (int i = 0; i < io.InputQueueCharacters.Size; ++i) {
        const ImWchar c = io.InputQueueCharacters[i];
        if (c >= '0' && c <= '9') {
            if (ui.roomKeys.size() < 2) ui.roomKeys += static_cast<char>(c);
        } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            const char letter = static_cast<char>(std::tolower(static_cast<int>(c)));
            if (!ui.roomKeys.empty()) {
                sink.push(RoomVoteLetter{std::stoi(ui.roomKeys) - 1, letter, "", true});
                ui.roomKeys.clear();
            } else if (letter == 'p') {
                sink.push(RoomTogglePause{});
            } else if (letter == 'r' && m.room->session.state.phase == RoomPhase::Revealed && m.room->session.state.round() == 1) {
                sink.push(RoomStep{RoomEvent{RoomEventKind::Revote, -1, "", "", "", 0}});
            }
        }
    }
    if (keyPressed(ImGuiKey_Backspace) && !ui.roomKeys.empty()) ui.roomKeys.pop_back();
    // Projector pages (a long reveal): Left/Right; the projector clamps and shows "2 of 4".
    const bool right = keyPressed(ImGuiKey_RightArrow, true), left = keyPressed(ImGuiKey_LeftArrow, true);
    if (right) sink.push(RoomTurnPage{+1});
    if (left) sink.push(RoomTurnPage{-1});
    if (right || left) { // paging, not moving between buttons: no focus ring appears and none moves
        ImGui::GetCurrentContext()->NavDisableHighlight = true;
        if (ImGui::GetCurrentContext()->NavMoveScoringItems) ImGui::NavMoveRequestCancel();
    }
    // Enter on a focused button presses that button (platform applyNavKeys); otherwise the next step.
    if (!ImGui::IsAnyItemFocused() && (keyPressed(ImGuiKey_Enter) || keyPressed(ImGuiKey_KeyPadEnter))) {
        ui.roomKeys.clear();
        if (auto a = primaryAction(m)) sink.push(a->command);
    }
}

void drawRoomConsole(const AppState& m, UiState& ui, CommandSink& sink) {
    const ScenarioPlugin* plugin = roomPlugin(m);
    if (!m.room || !plugin) {
        textBlock("No room session is open.");
        return;
    }
    const Scenario& s = *plugin->scenario;
    const RoomSession& room = m.room->session;
    const RoomState& st = room.state;
    const Node& n = currentNode(s, st.run.current());

    const float footerH = footerBarHeight();
    ImGui::BeginChild("##room-console", ImVec2(0, -footerH), false, ImGuiWindowFlags_NavFlattened);
    ImGui::Dummy(ImVec2(0, em(0.5f)));
    const float total = ImGui::GetContentRegionAvail().x;
    const float pad = em(1.5f);
    const float leftW = std::max(em(20), (total - 3 * pad) * 0.58f);
    const float rightW = std::max(em(16), total - 3 * pad - leftW);

    // Left: the case, with everything (released or not).
    ImGui::SetCursorPosX(pad);
    ImGui::BeginChild("##room-left", ImVec2(leftW, 0), false, ImGuiWindowFlags_NavFlattened);
    keyboardScroll(true); // PageUp/PageDown/Home/End
    ImGui::PushTextWrapPos(leftW - em(1.4f)); // clear of the scrollbar
    if (st.warning) {
        const Card card = beginCard(ui, leftW - em(0.5f), ui.palette.warningSurface, ui.palette.warning);
        pushFont(ui.fonts.bold);
        textBlock(st.warningStage.empty() ? "The room sees the content warning first" : "Content warning repeated before a hard stage",
                  ui.palette.warning);
        popFont(ui.fonts.bold);
        std::string list;
        for (const auto& w : plugin->manifest.contentWarnings) list += (list.empty() ? "" : ", ") + w;
        textBlock(list, ui.palette.text);
        endCard(card);
        ImGui::Dummy(ImVec2(0, em(0.4f)));
    }
    if (int i = s.stageOrder(n.stage); i >= 0)
        eyebrow(ui, s.stages[static_cast<size_t>(i)].title + "  \xC2\xB7  " + s.stages[static_cast<size_t>(i)].date);
    pushFont(ui.fonts.heading);
    textBlock(n.title);
    popFont(ui.fonts.heading);
    if (n.type == NodeType::Decision) drawDecision(m, ui, sink, s, n);
    else {
        textBlock(n.text.fallback);
        if (n.type == NodeType::Ending && !n.whatHappened.empty()) {
            sectionHeader(ui, "WHAT ACTUALLY HAPPENED");
            textBlock(n.whatHappened);
        }
    }
    ImGui::PopTextWrapPos();
    ImGui::EndChild();

    // Right: groups and votes, the entry buffer, what the projector shows.
    ImGui::SameLine(0, pad);
    ImGui::BeginChild("##room-right", ImVec2(rightW, 0), false, ImGuiWindowFlags_NavFlattened);
    keyboardScroll(false); // PageUp/PageDown/Home/End
    ImGui::PushTextWrapPos(rightW - em(1.4f));
    {
        const Card card = beginCard(ui, rightW - em(0.5f), ui.palette.surface, room.paused ? ui.palette.warning : ui.palette.border,
                                    room.paused ? 2.0f : 1.0f);
        eyebrow(ui, "PROJECTOR");
        textBlock(std::string(room.paused ? "Paused: " : "Shows ") + projectorShows(m), room.paused ? ui.palette.warning : ui.palette.text);
        textBlock(m.room->secondWindow ? "On the second display." : "F5 switches this screen to the projector view and back.",
                  ui.palette.textMuted);
        const int pages = m.room->pages;
        if (pages > 1 && !room.paused && m.room->pagesKey == projectorPageKey(room)) {
            // A long screen is paged: what the room sees now, and the keys to move on.
            const int page = std::clamp(room.state.projectorPage, 0, pages - 1);
            const std::string label = page < static_cast<int>(m.room->pageLabels.size()) ? m.room->pageLabels[static_cast<size_t>(page)] : std::string();
            pushFont(ui.fonts.bold);
            textBlock("Page " + std::to_string(page + 1) + " of " + std::to_string(pages) + (label.empty() ? "" : ": " + label),
                      ui.palette.accentText);
            popFont(ui.fonts.bold);
            ImGui::BeginDisabled(page <= 0);
            if (secondaryButton(ui, "\xE2\x86\x90 Previous page##proj")) sink.push(RoomTurnPage{-1});
            ImGui::EndDisabled();
            WP_PROBE("room/page-prev");
            ImGui::SameLine();
            ImGui::BeginDisabled(page + 1 >= pages);
            if (secondaryButton(ui, "Next page \xE2\x86\x92##proj")) sink.push(RoomTurnPage{+1});
            ImGui::EndDisabled();
            WP_PROBE("room/page-next");
            textBlock("Left/Right arrow keys page too.", ui.palette.textMuted);
        }
        if (auto t = timerRemaining(room, ui.nowMs)) {
            pushFont(ui.fonts.bold);
            textBlock("Timer: " + std::to_string(*t) + " s" + (*t < 0 ? " (over; not scored)" : "") +
                          (room.paused ? " (stopped while paused)" : ""),
                      ui.palette.accentText);
            WP_PROBE("room/timer");
            popFont(ui.fonts.bold);
        }
        endCard(card);
    }
    ImGui::Dummy(ImVec2(0, em(0.4f)));
    if (st.phase == RoomPhase::Voting) {
        pushFont(ui.fonts.bold);
        textBlock(std::string(st.round() > 1 ? "Re-vote open. " : "Voting open. ") + "Type group number then letter (2b); Enter reveals.",
                  ui.palette.accentText);
        popFont(ui.fonts.bold);
        textBlock("Entry: " + (ui.roomKeys.empty() ? std::string("-") : ui.roomKeys + "_"), ui.palette.text);
        WP_PROBE("room/entry");
    }
    if (!m.room->message.empty()) textBlock(m.room->message, ui.palette.warning);
    drawGroups(m, ui, sink, s);
    drawPathChoice(m, ui, sink);
    ImGui::PopTextWrapPos();
    ImGui::EndChild();
    ImGui::EndChild();

    // Footer: undo, pause, projector, the next step.
    const FooterBar bar = drawFooterBar(ui);
    ImGui::SetCursorScreenPos(ImVec2(bar.origin.x + bar.padX, bar.buttonY));
    const ImVec2 bsize(0, footerButtonHeight());
    ImGui::BeginDisabled(!canUndo(room));
    if (secondaryButton(ui, "Undo##room", bsize)) sink.push(RoomUndo{});
    ImGui::EndDisabled();
    WP_PROBE("room/undo");
    ImGui::SameLine();
    if (secondaryButton(ui, room.paused ? "Resume (P)##room" : "Pause (P)##room", bsize)) sink.push(RoomTogglePause{});
    WP_PROBE("room/pause");
    ImGui::SameLine();
    if (!m.room->secondWindow) {
        if (secondaryButton(ui, "Projector (F5)##room", bsize)) sink.push(RoomToggleProjector{});
        WP_PROBE("room/projector");
        ImGui::SameLine();
    }
    if (secondaryButton(ui, "Warning again##room", bsize))
        sink.push(RoomStep{RoomEvent{RoomEventKind::ShowWarning, -1, "", "", "", 0}});
    WP_PROBE("room/warning");
    ImGui::SameLine();
    if (secondaryButton(ui, "Room debrief##room", bsize)) sink.push(RoomShowDebrief{});
    WP_PROBE("room/debrief");
    if (auto a = primaryAction(m)) {
        const std::string label = a->label + " (Enter)##room-primary";
        pushFont(ui.fonts.bold); // primary buttons are bold: measure in their font
    const float w = ImGui::CalcTextSize(label.c_str(), nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
    popFont(ui.fonts.bold);
        ImGui::SameLine();
        ImGui::SetCursorScreenPos(ImVec2(bar.origin.x + bar.width - bar.padX - w, bar.buttonY));
        if (primaryButton(ui, label.c_str(), bsize)) sink.push(a->command);
        WP_PROBE("room/primary");
    }
    handleRoomKeys(m, ui, sink);
}

void registerRoomConsoleScreen(ScreenRegistry& registry) { registry.add({Screen::RoomConsole, "Room console", drawRoomConsole, false,
                  {{"Enter (nothing focused)", "the next step (the highlighted button)"},
                   {"group number, then option letter (2 b)", "record a group's vote"},
                   {"Backspace", "correct the group number being typed"},
                   {"P or Pause", "pause or resume the session"},
                   {"R", "a second vote round, after a reveal"},
                   {"Left, Right", "the projector's previous or next page"},
                   {"F5", "show or hide the projector"},
                   {"Ctrl+Z", "undo the last room step"}}}); }

} // namespace wp::ui
