// The projector view: what the room sees. It draws ONLY ReleasedContent (core/room.h
// releasedContent) and every string goes through projectorText(), which tests log to prove that
// nothing unrevealed is ever drawn. No buttons: the facilitator drives from the console (or the keys).
#include <algorithm>
#include <cmath>
#include <set>
#include <string>

#include "wholepicture/core/room.h"
#include "wholepicture/ui/probe.h"
#include "wholepicture/ui/projector.h"
#include "wholepicture/ui/room_views.h"
#include "wholepicture/ui/views.h"
#include "wholepicture/ui/widgets.h"

namespace wp::ui {

namespace {

ProjectorTextLog* s_log = nullptr; // test hook (like the probe registry): nullptr in the app

std::string professionLabel(const KnowledgeBase& kb, const std::string& p) {
    return p == kMixedProfession ? std::string("Mixed group") : kb.roleName(p);
}

void gap(float ems) { ImGui::Dummy(ImVec2(0, em(ems))); }

struct ProjectorFonts {
    ImFont* body;
    ImFont* bold;
    ImFont* title;
};
// The projector preset fonts when the platform loaded them, else the app's (tests, missing fonts).
ProjectorFonts projectorFonts(const UiState& ui) {
    return {ui.fonts.projectorBody ? ui.fonts.projectorBody : ui.fonts.body,
            ui.fonts.projectorBold ? ui.fonts.projectorBold : ui.fonts.bold,
            ui.fonts.projectorTitle ? ui.fonts.projectorTitle : ui.fonts.title};
}

void heading(const UiState& ui, const std::string& text, const ImVec4& colour) {
    projectorText(text, projectorFonts(ui).bold, colour);
}

} // namespace

void setProjectorTextLog(ProjectorTextLog* log) { s_log = log; }

void projectorText(const std::string& text, ImFont* font, const ImVec4& colour, float wrapWidth) {
    if (text.empty()) return;
    if (s_log) s_log->push_back(text);
    pushFont(font);
    if (wrapWidth > 0) ImGui::PushTextWrapPos(ImGui::GetCursorPos().x + wrapWidth);
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::TextWrapped("%s", text.c_str());
    ImGui::PopStyleColor();
    if (wrapWidth > 0) ImGui::PopTextWrapPos();
    popFont(font);
}

void projectorTextCentred(const std::string& text, ImFont* font, const ImVec4& colour, float width) {
    if (text.empty()) return;
    if (s_log) s_log->push_back(text);
    pushFont(font);
    const float w = ImGui::CalcTextSize(text.c_str()).x;
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(0.0f, (width - w) * 0.5f));
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopStyleColor();
    popFont(font);
}

float projectorFontScale(float displayHeight) { return std::clamp(displayHeight / 1080.0f, 0.5f, 1.0f); }

void drawProjectorContent(const AppModel& m, UiState& ui, const ReleasedContent& r) {
    const KnowledgeBase& kb = m.knowledge;
    const float width = ImGui::GetContentRegionAvail().x;
    const float height = ImGui::GetContentRegionAvail().y;
    const Palette& p = ui.palette;
    const ProjectorFonts F = projectorFonts(ui);

    if (r.paused) {
        ImGui::SetCursorPosY(ImGui::GetCursorPosY() + height * 0.36f);
        const float x0 = ImGui::GetCursorPosX();
        projectorTextCentred("Taking a moment", F.title, p.text, width);
        ImGui::SetCursorPosX(x0);
        gap(0.6f);
        projectorTextCentred("Break", F.bold, p.textMuted, width);
        return;
    }
    if (r.warning) {
        ImGui::SetCursorPosY(ImGui::GetCursorPosY() + height * 0.12f);
        const Column col = beginColumn(34);
        projectorText("Content warning", F.title, p.warning);
        gap(0.4f);
        projectorText(r.warningStage.empty() ? r.caseTitle : "Before the next part of the case: " + r.warningStage,
                      F.bold, p.text);
        gap(0.6f);
        projectorText("This case is drawn from a real child's life. It includes:", F.body, p.text);
        for (const auto& w : r.warnings) projectorText("\xE2\x80\xA2 " + w, F.bold, p.text);
        gap(0.6f);
        projectorText("Step out whenever you need to; you do not have to say why. Talk to the facilitator, or follow your "
                      "local procedures for support.",
                      nullptr, p.textMuted);
        endColumn(col);
        return;
    }

    const Column col = beginColumn(std::max(30.0f, width / ImGui::GetFontSize() - 4.0f));
    std::string eyebrowText = r.stageTitle + (r.date.empty() ? "" : "  \xC2\xB7  " + r.date);
    projectorText(eyebrowText, F.bold, p.textMuted);
    projectorText(r.nodeTitle, F.title, p.text);
    gap(0.3f);
    if (!r.chosenText.empty()) {
        projectorText("The case followed: " + r.chosenText, F.body, p.accentText);
        gap(0.3f);
    }
    projectorText(r.narrative, F.body, p.text);
    if (!r.whatHappened.empty()) {
        gap(0.5f);
        heading(ui, "What actually happened", p.accentText);
        projectorText(r.whatHappened, F.body, p.text);
    }
    if (!r.situation.empty() && r.views.size() != 1) projectorText(r.situation, F.body, p.text);

    // While voting: the vote status first, then the options compactly (the views were shown before).
    if (r.voting) {
        gap(0.3f);
        heading(ui, r.round > 1 ? "Re-vote open: discuss, then vote again" : "Vote now: one option per group", p.accentText);
        std::string voted = "Voted: ";
        for (size_t i = 0; i < r.groupsVoted.size(); ++i) voted += (i ? ", " : "") + r.groupsVoted[i];
        projectorText(r.groupsVoted.empty() ? std::string("Waiting for the groups") : voted, F.body, p.text);
        if (r.timerSeconds) {
            int s = *r.timerSeconds;
            std::string t = s >= 0 ? std::to_string(s / 60) + ":" + (s % 60 < 10 ? "0" : "") + std::to_string(s % 60) + " left"
                                   : "Time is up (take the time you need)";
            projectorText(t, F.bold, p.textMuted);
        }
    }

    // Professions' views: one at a time, or side by side (columns); compact while voting; not after a
    // reveal (the choices below carry the option texts).
    const bool compact = r.voting;
    if (!r.views.empty() && (r.voting || r.votes.empty())) {
        gap(0.4f);
        const int n = static_cast<int>(r.views.size());
        const bool columns = n > 1 && !compact;
        if (columns) ImGui::Columns(n, "##projector-views", false);
        std::set<char> listed;
        for (const auto& v : r.views)
            if (v.profession != kMixedProfession)
                for (const auto& o : v.options) listed.insert(o.letter);
        for (const auto& v : r.views) {
            ImGui::PushID(v.profession.c_str());
            if (columns) ImGui::PushTextWrapPos(0.0f); // wrap at the column's edge
            const bool mixedWithOthers = v.profession == kMixedProfession && n > 1;
            heading(ui, professionLabel(kb, v.profession) + (mixedWithOthers ? (columns ? ": any option, or:" : ": any option above, or:") : ""),
                    p.accentText);
            if (!compact) {
                if (n == 1 || v.situation != r.situation) projectorText(v.situation, F.body, p.text);
                projectorText(v.question, F.bold, p.text);
            }
            for (const auto& o : v.options) {
                if (mixedWithOthers && listed.count(o.letter)) continue;
                std::string line = std::string(1, static_cast<char>(std::toupper(static_cast<unsigned char>(o.letter)))) + "   " + o.text;
                projectorText(line, F.body, p.text);
            }
            gap(0.3f);
            if (columns) ImGui::PopTextWrapPos();
            ImGui::PopID();
            if (columns) ImGui::NextColumn();
        }
        if (columns) ImGui::Columns(1);
    }

    if (!r.votes.empty()) {
        gap(0.4f);
        heading(ui, r.voting ? "Round 1 choices" : (r.round > 1 ? "Choices after the re-vote" : "The groups' choices"), p.accentText);
        for (const auto& v : r.votes) {
            std::string line = v.group + " (" + (v.profession == kMixedProfession ? std::string("Mixed") : kb.roleShort(v.profession)) + "): ";
            if (!v.letter) line += "no vote";
            else line += std::string(1, static_cast<char>(std::toupper(static_cast<unsigned char>(v.letter)))) + "  " + v.optionText;
            if (v.firstRoundLetter && v.firstRoundLetter != v.letter)
                line += "  (changed from " + std::string(1, static_cast<char>(std::toupper(static_cast<unsigned char>(v.firstRoundLetter)))) + ")";
            projectorText(line, F.body, p.text);
            if (!v.rationale.empty()) projectorText("\xE2\x80\x9C" + v.rationale + "\xE2\x80\x9D", F.body, p.textMuted);
        }
    }
    if (!r.feedback.empty()) {
        gap(0.4f);
        heading(ui, "Feedback on the options chosen", p.accentText);
        for (const auto& f : r.feedback) {
            projectorText(std::string(1, static_cast<char>(std::toupper(static_cast<unsigned char>(f.letter)))) + "  " + f.outcome,
                          nullptr, p.text);
            for (const auto& [role, view] : f.views) projectorText(kb.roleShort(role) + ": " + view, F.body, p.textMuted);
            gap(0.2f);
        }
    }
    if (!r.perspectives.empty()) {
        gap(0.4f);
        heading(ui, "Each profession's perspective at this moment", p.accentText);
        for (const auto& per : r.perspectives) {
            projectorText(kb.roleName(per.role), F.bold, p.text);
            if (!per.knows.empty()) projectorText("Knows: " + per.knows, F.body, p.text);
            if (!per.thinks.empty()) projectorText("Thinks: " + per.thinks, F.body, p.text);
            if (!per.pressures.empty()) projectorText("Under pressure from: " + per.pressures, F.body, p.textMuted);
            gap(0.2f);
        }
    }
    endColumn(col);
}

void drawProjector(const AppModel& model, UiState& ui, CommandSink& sink) {
    (void)sink;
    const Plugin* plugin = roomPlugin(model);
    if (!model.room || !plugin) return;
    const ReleasedContent r = releasedContent(model.room->session, *plugin->scenario, plugin->manifest, model.clockMs);

    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->WorkPos);
    ImGui::SetNextWindowSize(viewport->WorkSize);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::PushStyleColor(ImGuiCol_WindowBg, ui.palette.background);
    pushFont(ui.fonts.projectorBody ? ui.fonts.projectorBody : ui.fonts.body);
    ImGui::Begin(kProjectorWindowName, nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollbar);
    ImGui::SetWindowFontScale(projectorFontScale(viewport->WorkSize.y));
    ImGui::PopStyleVar();

    // Scrollable body (the facilitator scrolls with the wheel or Page Down when a reveal is long).
    const float hintH = ImGui::GetFontSize() * 0.9f;
    ImGui::SetCursorPos(ImVec2(0, em(1.0f)));
    ImGui::BeginChild("##projector-body", ImVec2(0, -hintH), false, ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoScrollbar);
    // (the child inherits the parent window's font scale: no second SetWindowFontScale here)
    if (shortcutsAllowed()) {
        if (keyPressed(ImGuiKey_PageDown)) ImGui::SetScrollY(ImGui::GetScrollY() + ImGui::GetWindowHeight() * 0.8f);
        if (keyPressed(ImGuiKey_PageUp)) ImGui::SetScrollY(ImGui::GetScrollY() - ImGui::GetWindowHeight() * 0.8f);
    }
    drawProjectorContent(model, ui, r);
    ImGui::EndChild();
    WP_PROBE("projector/body");

    // The one private thing allowed: a discreet hint of the switch key, for the facilitator.
    if (!model.room->secondWindow) {
        pushFont(ui.fonts.small);
        const char* hint = "F5";
        ImGui::SetWindowFontScale(1.0f);
        const ImVec2 size = ImGui::CalcTextSize(hint);
        ImGui::SetCursorPos(ImVec2(viewport->WorkSize.x - size.x - em(0.6f), viewport->WorkSize.y - size.y - em(0.3f)));
        if (s_log) s_log->push_back(hint);
        ImGui::TextColored(ui.palette.textMuted, "%s", hint);
        popFont(ui.fonts.small);
    }
    ImGui::End();
    popFont(ui.fonts.projectorBody ? ui.fonts.projectorBody : ui.fonts.body);
    ImGui::PopStyleColor();
}

} // namespace wp::ui
