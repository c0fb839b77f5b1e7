// The room's debrief, runnable from the screen (everything here has been revealed by now): scores by
// group and by profession, how the groups diverged at each decision, the anonymous rationales, where
// each table placed the child, every concern on record at a chronology point, the other agency's side
// at a challenge point, the four-step discussion prompts, and the exports (HTML report + CSV).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "wholepicture/core/debrief.h"
#include "wholepicture/core/lists.h"
#include "wholepicture/core/map_layout.h"
#include "wholepicture/core/room_debrief.h"
#include "wholepicture/core/threshold.h"
#include "wholepicture/ui/probe.h"
#include "wholepicture/ui/screens.h"
#include "wholepicture/ui/room_views.h"
#include "wholepicture/ui/views.h"
#include "wholepicture/ui/widgets.h"

namespace wp::ui {

namespace {

std::string professionShortName(const KnowledgeBase& kb, const std::string& p) {
    return p == kMixedProfession ? std::string("Mixed") : kb.roleShort(p);
}

std::string signedInt(int v) { return (v > 0 ? "+" : "") + std::to_string(v); }

// The information-flow map of the path followed, from the same layout as the SVG export: agencies as
// boxes in their kind's colour, critical links bold, peripheral thin, arrows for one-way flow, the
// critical links of the real case that this path lacks in red dots, isolated agencies greyed.
void drawRoomMap(const UiState& ui, const Scenario& s, const RoomDebrief& d, float width) {
    const MapLayout layout = layoutMap(s);
    const float height = width * 0.62f;
    const ImVec2 o = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(width, height));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(o, ImVec2(o.x + width, o.y + height), ImGui::GetColorU32(ui.palette.surface), em(0.5f));
    auto at = [&](const std::string& id) {
        const MapNodePos* n = layout.find(id);
        return n ? ImVec2(o.x + static_cast<float>(n->x) * width, o.y + static_cast<float>(n->y) * height) : ImVec2(-1, -1);
    };
    auto arrow = [&](ImVec2 a, ImVec2 b, ImU32 col, float thick) {
        const float dx = b.x - a.x, dy = b.y - a.y, len = std::sqrt(dx * dx + dy * dy);
        if (len < 1) return;
        const float ux = dx / len, uy = dy / len, back = em(2.2f), wing = em(0.35f);
        const ImVec2 tip(b.x - ux * back, b.y - uy * back);
        dl->AddTriangleFilled(tip, ImVec2(tip.x - ux * wing * 2 + uy * wing, tip.y - uy * wing * 2 - ux * wing),
                              ImVec2(tip.x - ux * wing * 2 - uy * wing, tip.y - uy * wing * 2 + ux * wing), col);
        (void)thick;
    };
    const ImU32 ink = ImGui::GetColorU32(ui.palette.text);
    for (const auto& l : d.pathMap) {
        const ImVec2 a = at(l.from), b = at(l.to);
        if (a.x < 0 || b.x < 0) continue;
        const float thick = l.strength == Strength::Critical ? 3.0f : 1.2f;
        dl->AddLine(a, b, ink, thick);
        if (l.flow == Flow::OneWay) arrow(a, b, ink, thick);
    }
    const ImU32 red = ImGui::GetColorU32(ui.palette.danger);
    for (const auto& l : d.missed) {
        const ImVec2 a = at(l.from), b = at(l.to);
        if (a.x < 0 || b.x < 0) continue;
        for (float t = 0; t < 1.0f; t += 0.04f)
            dl->AddCircleFilled(ImVec2(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t), 2.0f, red);
    }
    pushFont(ui.fonts.small);
    const float bw = static_cast<float>(layout.boxWidth) * width, bh = static_cast<float>(layout.boxHeight) * height;
    for (const auto& n : layout.nodes) {
        const ImVec2 c = at(n.id);
        const bool isolated = std::find(d.isolated.begin(), d.isolated.end(), n.id) != d.isolated.end();
        const ImVec4 fill = isolated ? ui.palette.surfaceActive : colourFromHex(kindFill(n.kind), ui.palette.surfaceActive);
        const ImVec2 mn(c.x - bw * 0.5f, c.y - bh * 0.5f), mx(c.x + bw * 0.5f, c.y + bh * 0.5f);
        dl->AddRectFilled(mn, mx, ImGui::GetColorU32(fill), em(0.3f));
        dl->AddRect(mn, mx, ImGui::GetColorU32(ui.palette.border), em(0.3f));
        const CastMember* cm = s.castMember(n.id);
        const std::string name = cm ? cm->name : n.id;
        ImGui::PushClipRect(mn, mx, true);
        const ImVec2 ts = ImGui::CalcTextSize(name.c_str());
        dl->AddText(ImVec2(c.x - std::min(ts.x, bw) * 0.5f, c.y - ts.y * 0.5f), ImGui::GetColorU32(readableOn(fill)), name.c_str());
        ImGui::PopClipRect();
    }
    popFont(ui.fonts.small);
}

} // namespace

void drawRoomDebrief(const AppState& m, UiState& ui, CommandSink& sink) {
    const ScenarioPlugin* p = roomPlugin(m);
    if (!m.room || !p || !m.room->debrief) return;
    const RoomDebrief& d = *m.room->debrief; // built once on entering the debrief, never per frame

    const float footerH = footerBarHeight();
    ImGui::BeginChild("##room-debrief", ImVec2(0, -footerH), false, ImGuiWindowFlags_NavFlattened);
    keyboardScroll(true); // PageUp/PageDown/Home/End
    ImGui::Dummy(ImVec2(0, em(0.8f)));
    const Column col = beginColumn(70);
    eyebrow(ui, "ROOM DEBRIEF");
    pushFont(ui.fonts.title);
    textBlock(d.caseName);
    popFont(ui.fonts.title);
    if (!d.finished) textBlock("The case stopped before its end; the debrief covers the decisions taken.", ui.palette.textMuted);
    if (!m.room->session.breaks.empty()) {
        std::string b = "Breaks: ";
        for (size_t i = 0; i < m.room->session.breaks.size(); ++i) b += (i ? "; " : "") + describeBreak(m.room->session.breaks[i]);
        textBlock(b, ui.palette.textMuted);
    }
    // Where the export went, where the facilitator looks (not at the foot of a long page).
    if (!m.room->exportedTo.empty()) {
        const Card card = beginCard(ui, col.width, ui.palette.surface, ui.palette.success);
        pushFont(ui.fonts.bold);
        textBlock("Report and CSV saved", ui.palette.success);
        popFont(ui.fonts.bold);
        textBlock(m.room->exportedTo, ui.palette.text);
        textBlock("Open the HTML file in a web browser to read or print it (A4); the CSV opens in a spreadsheet. "
                  "Nothing leaves this computer.",
                  ui.palette.textMuted);
        endCard(card);
        WP_PROBE("room-debrief/exported");
    }

    // A profession's mean only where it has two or more groups: with one group it repeats that group's
    // column (UX review defect 14). Number columns are as wide as their header, so none is cut.
    std::vector<std::string> meanOf;
    for (const auto& pr : d.professions) {
        int n = 0;
        for (const auto& g : d.groups) n += g.profession == pr ? 1 : 0;
        if (n > 1) meanOf.push_back(pr);
    }
    sectionHeader(ui, meanOf.empty() ? "SCORES BY GROUP" : "SCORES BY GROUP AND BY PROFESSION");
    const int cols = 1 + static_cast<int>(d.groups.size() + meanOf.size()) + 1;
    if (ImGui::BeginTable("##room-scores", cols, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp,
                          ImVec2(col.width, 0))) {
        auto fixed = [](const std::string& header) {
            ImGui::TableSetupColumn(header.c_str(), ImGuiTableColumnFlags_WidthFixed,
                                    std::max(ImGui::CalcTextSize(header.c_str()).x, ImGui::CalcTextSize("+00.0").x) + em(0.6f));
        };
        ImGui::TableSetupColumn("Dimension", ImGuiTableColumnFlags_WidthStretch, 1.0f);
        for (const auto& g : d.groups) fixed(g.name);
        for (const auto& pr : meanOf) fixed(professionShortName(m.knowledge, pr) + " mean");
        fixed("Case path");
        ImGui::TableHeadersRow();
        for (const auto& ds : d.dimensions) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(ds.name.c_str());
            for (int v : ds.byGroup) {
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(signedInt(v).c_str());
            }
            for (const auto& pr : meanOf) {
                ImGui::TableNextColumn();
                char buf[32];
                std::snprintf(buf, sizeof buf, "%+.1f", ds.byProfession.at(pr));
                ImGui::TextUnformatted(buf);
            }
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(signedInt(ds.path).c_str());
        }
        ImGui::EndTable();
    }
    WP_PROBE("room-debrief/scores");

    sectionHeader(ui, "DECISION BY DECISION");
    for (size_t i = 0; i < d.decisions.size(); ++i) {
        const auto& dec = d.decisions[i];
        ImGui::PushID(static_cast<int>(i));
        pushFont(ui.fonts.bold);
        textBlock(dec.title + (dec.unanimous ? "  (all groups agreed)" : dec.professionsSplit ? "  (professions split)" : ""));
        popFont(ui.fonts.bold);
        for (const auto& c : dec.choices) {
            std::string who;
            for (const auto& g : c.groups) who += (who.empty() ? "" : ", ") + g;
            std::string profs;
            for (const auto& pr : c.professions) profs += (profs.empty() ? "" : ", ") + professionShortName(m.knowledge, pr);
            bulletBlock(std::string(1, static_cast<char>(std::toupper(static_cast<unsigned char>(c.letter)))) + ": " + who + " (" + profs + ")");
        }
        for (const auto& ch : dec.changedInRevote) textBlock("Changed in the re-vote: " + ch, ui.palette.textMuted);
        textBlock("The case followed " + std::string(1, static_cast<char>(std::toupper(static_cast<unsigned char>(dec.chosenLetter)))) +
                      ": " + dec.ruleNote,
                  ui.palette.accentText);
        for (const auto& r : dec.rationales) textBlock("\xE2\x80\x9C" + r + "\xE2\x80\x9D", ui.palette.textMuted);
        if (dec.threshold) {
            // Where each table placed the child, by profession, beside the case's judgement: the classic
            // opener of joint training ("why did the teachers put it higher than we did?").
            const ThresholdScale& scale = activeScale(m);
            std::string line = "Placed the child: ";
            for (size_t k = 0; k < dec.placements.size(); ++k)
                line += (k ? "; " : "") + dec.placements[k].group + " (" + professionShortName(m.knowledge, dec.placements[k].profession) +
                        ") " + levelName(scale, dec.placements[k].level);
            if (dec.placements.empty()) line += "no group placed the child here";
            textBlock(line + (dec.placementsSplit ? "  (professions differ)" : ""));
            textBlock("The case's judgement: " + levelName(scale, dec.threshold->level) +
                          (dec.threshold->atTheTime ? "; at the time: " + levelName(scale, *dec.threshold->atTheTime) : std::string()) + ".",
                      ui.palette.textMuted);
            WP_PROBE("room-debrief/threshold/" + dec.node);
        }
        if (!dec.concernsOnRecord.empty()) {
            // A chronology point: the whole picture the tables' single-agency lists are set beside.
            textBlock("Every concern on record by " + dec.date + ", across the agencies:", ui.palette.accentText);
            for (const auto& item : dec.concernsOnRecord) {
                std::vector<std::string> holders;
                for (const auto& role : item.holders) holders.push_back(m.knowledge.roleShort(role));
                bulletBlock(item.date + " (" + joinList(holders) + "): " + item.text);
            }
            if (!dec.chronologyWhy.empty()) textBlock(dec.chronologyWhy, ui.palette.textMuted);
            WP_PROBE("room-debrief/concerns/" + dec.node);
        }
        if (!dec.challengeReply.empty()) {
            // A challenge point: what the tables were asked to challenge, and the other agency's own side.
            textBlock("The decision challenged: " + dec.challengeDecision);
            pushFont(ui.fonts.bold);
            textBlock(dec.challengeAgency + "'s side", ui.palette.accentText);
            popFont(ui.fonts.bold);
            textBlock(dec.challengeReply);
            if (!dec.challengeWhy.empty()) textBlock(dec.challengeWhy, ui.palette.textMuted);
            WP_PROBE("room-debrief/challenge/" + dec.node);
        }
        ImGui::Dummy(ImVec2(0, em(0.3f)));
        ImGui::PopID();
    }

    sectionHeader(ui, "THE INFORMATION-FLOW MAP OF THE PATH FOLLOWED");
    textBlock(std::to_string(d.pathMap.size()) + " links at the end; " + std::to_string(d.missed.size()) +
              " critical link(s) from the real case missing (red dots); " + std::to_string(d.isolated.size()) +
              " agency(ies) with no link (grey). Bold: critical links; arrows: one-way flow.",
              ui.palette.textMuted);
    drawRoomMap(ui, *p->scenario, d, col.width);
    WP_PROBE("room-debrief/map");

    if (d.finished && !d.whatHappened.empty()) {
        sectionHeader(ui, "WHAT ACTUALLY HAPPENED");
        textBlock(d.whatHappened);
    }
    sectionHeader(ui, "DISCUSSION");
    for (const auto& [step, prompts] : d.prompts) {
        pushFont(ui.fonts.bold);
        textBlock(std::to_string(step) + ". " + debriefStepTitle(step));
        popFont(ui.fonts.bold);
        for (const auto& pr : prompts) bulletBlock(pr);
    }
    endColumn(col);
    ImGui::EndChild();

    const FooterBar bar = drawFooterBar(ui);
    ImGui::SetCursorScreenPos(ImVec2(bar.origin.x + bar.padX, bar.buttonY));
    const ImVec2 bsize(0, footerButtonHeight());
    if (secondaryButton(ui, "Back to the console##room-debrief", bsize)) sink.push(RoomBackToConsole{});
    WP_PROBE("room-debrief/back");
    ImGui::SameLine();
    if (secondaryButton(ui, "End the session##room-debrief", bsize)) sink.push(RoomEnd{}); // asks first
    WP_PROBE("room-debrief/end");
    const char* label = "Export report and CSV##room-debrief";
    pushFont(ui.fonts.bold); // primary buttons are bold: measure in their font
    const float w = ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
    popFont(ui.fonts.bold);
    ImGui::SameLine();
    const float endX = ImGui::GetCursorScreenPos().x;
    const float exportX = bar.origin.x + bar.width - bar.padX - w;
    // Between the buttons, always in view however far the page is scrolled (UX review defect 18): the
    // export's confirmation, or the projector's debrief pages and the keys that turn them.
    std::string note, tip;
    ImVec4 noteColour = ui.palette.textMuted;
    if (!m.room->exportedTo.empty()) {
        note = "\xE2\x9C\x93 Saved in " + m.room->exportedTo;
        noteColour = ui.palette.success;
    } else if (projectorShowsDebrief(m) && m.room->pages > 1 && m.room->pagesKey == projectorKey(m)) {
        note = "Projector: page " + std::to_string(std::clamp(m.room->debriefPage, 0, m.room->pages - 1) + 1) + " of " +
               std::to_string(m.room->pages) + " (Left/Right)";
    }
    if (!note.empty()) {
        const float room = exportX - endX - em(1.0f);
        if (room > em(4)) {
            std::string shown = note;
            if (ImGui::CalcTextSize(shown.c_str()).x > room && !m.room->exportedTo.empty()) shown = "\xE2\x9C\x93 Report and CSV saved";
            ImGui::SetCursorScreenPos(ImVec2(endX + em(0.5f), bar.buttonY + (footerButtonHeight() - ImGui::GetTextLineHeight()) * 0.5f));
            ImGui::TextColored(noteColour, "%s", shown.c_str());
            WP_PROBE("room-debrief/footer-note");
            if (shown != note && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", note.c_str());
        }
    }
    ImGui::SetCursorScreenPos(ImVec2(exportX, bar.buttonY));
    if (primaryButton(ui, label, bsize)) sink.push(RoomExport{});
    WP_PROBE("room-debrief/export");
    // The projector shows this debrief after the ending: Left/Right page it there.
    if (projectorShowsDebrief(m) && shortcutsAllowed()) {
        if (keyPressed(ImGuiKey_RightArrow, true)) sink.push(RoomTurnPage{+1});
        if (keyPressed(ImGuiKey_LeftArrow, true)) sink.push(RoomTurnPage{-1});
    }
}

void registerRoomDebriefScreen(ScreenRegistry& registry) {
    registry.add({Screen::RoomDebrief, "Room debrief", drawRoomDebrief, false,
                  {{"Esc", "back"}, {"Left, Right", "the projector's previous or next page of the debrief (after the ending)"}}});
}

} // namespace wp::ui
