// The debrief at an ending: critical actions first (named whatever the total), scores against the
// best and worst achievable, the path taken beside the strongest one, what actually happened, the
// champion group's proposals and the discussion prompts in the group's four steps.
#include <algorithm>
#include <cmath>
#include <set>
#include <string>

#include "wholepicture/ui/probe.h"
#include "wholepicture/ui/views.h"
#include "wholepicture/ui/widgets.h"

namespace wp::ui {

namespace {

const char* promptStepTitle(int step) {
    switch (step) {
    case 1: return "1. Why work together?";
    case 2: return "2. What constraints do we put on each other?";
    case 3: return "3. What should change in our organisations?";
    case 4: return "4. What should change in our practice?";
    }
    return "Other prompts";
}

std::string optionText(const Scenario& s, const PathStep& step) {
    const Node* n = s.node(step.node);
    if (!n) return step.option;
    for (const auto& o : n->options)
        if (o.id == step.option) return o.text;
    return step.option;
}

// A horizontal bar: the track spans worst..best, the fill reaches the score.
void scoreBar(const UiState& ui, int score, int best, int worst, float width) {
    const float height = em(0.7f);
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const float y = pos.y + (ImGui::GetFrameHeight() - height) * 0.5f;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(ImVec2(pos.x, y), ImVec2(pos.x + width, y + height), ImGui::GetColorU32(ui.palette.barTrack), height * 0.5f);
    const float span = static_cast<float>(std::max(1, best - worst));
    const float fraction = std::clamp(static_cast<float>(score - worst) / span, 0.0f, 1.0f);
    // Colour follows the share of the best achievable, as the band labels do (and the numbers say it
    // too, so colour is never the only cue).
    const float ofBest = best > 0 ? static_cast<float>(score) / static_cast<float>(best) : 0.0f;
    const ImVec4 fill = ofBest >= 0.75f ? ui.palette.success : ofBest >= 0.4f ? ui.palette.accentText : ui.palette.danger;
    if (fraction > 0)
        dl->AddRectFilled(ImVec2(pos.x, y), ImVec2(pos.x + std::max(height, width * fraction), y + height),
                          ImGui::GetColorU32(fill), height * 0.5f);
    // A tick where zero sits, when the worst path can go below zero.
    if (worst < 0 && best > 0) {
        const float zx = pos.x + width * static_cast<float>(-worst) / span;
        dl->AddLine(ImVec2(zx, y - em(0.2f)), ImVec2(zx, y + height + em(0.2f)), ImGui::GetColorU32(ui.palette.textMuted), 1.5f);
    }
    ImGui::Dummy(ImVec2(width, ImGui::GetFrameHeight()));
}

void drawScores(const AppModel& m, const UiState& ui, const Scenario& s, const RunState& st, const RoleAnalysis* a,
                float width) {
    const KnowledgeBase& kb = m.knowledge;
    if (!ImGui::BeginTable("##summary-scores", 3, ImGuiTableFlags_SizingFixedFit)) return;
    const float nameW = em(16), valueW = em(11);
    const float barW = std::max(em(6), width - nameW - valueW - em(2));
    ImGui::TableSetupColumn("dimension", ImGuiTableColumnFlags_WidthFixed, nameW);
    ImGui::TableSetupColumn("bar", ImGuiTableColumnFlags_WidthFixed, barW);
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthFixed, valueW);

    double weighted = 0;
    for (const auto& dw : s.dimensions) {
        const auto it = st.scores.find(dw.id);
        const int score = it == st.scores.end() ? 0 : it->second;
        weighted += dw.weight * score;
        const DimensionInfo* d = kb.dimension(dw.id);
        ScoreRange range;
        if (a) {
            auto r = a->dimensions.find(dw.id);
            if (r != a->dimensions.end()) range = r->second;
        }
        ImGui::PushID(dw.id.c_str());
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(d ? d->name.c_str() : dw.id.c_str());
        ImGui::TableNextColumn();
        scoreBar(ui, score, range.best, range.worst, barW);
        WP_PROBE("summary/score/" + dw.id);
        ImGui::TableNextColumn();
        ImGui::AlignTextToFramePadding();
        ImGui::Text("%d of %d", score, range.best);
        const DimensionBand* band = nullptr;
        if (d && range.best > 0) band = bandFor(*d, static_cast<double>(score) / range.best);
        if (band) {
            ImGui::SameLine();
            ImGui::TextColored(ui.palette.accentText, "%s", band->label.c_str());
            if (ImGui::IsItemHovered() && !band->text.empty()) ImGui::SetTooltip("%s", band->text.c_str());
        }
        ImGui::PopID();
    }
    if (a) {
        // Weighted totals are fractional; the bar works in hundredths.
        const int total = static_cast<int>(std::lround(weighted * 100.0));
        const int bestTotal = static_cast<int>(std::lround(a->bestWeighted * 100.0));
        const int worstTotal = static_cast<int>(std::lround(a->worstWeighted * 100.0));
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::AlignTextToFramePadding();
        pushFont(ui.fonts.bold);
        ImGui::TextUnformatted("Overall (weighted)");
        popFont(ui.fonts.bold);
        ImGui::TableNextColumn();
        scoreBar(ui, total, bestTotal, worstTotal, barW);
        ImGui::TableNextColumn();
        ImGui::AlignTextToFramePadding();
        const int pct = bestTotal > 0 ? static_cast<int>(std::lround(100.0 * total / bestTotal)) : 0;
        ImGui::Text("%d%% of the best", std::max(pct, -999));
    }
    ImGui::EndTable();
    pushFont(ui.fonts.small);
    textBlock("Bars run from the weakest to the strongest path a " + kb.roleName(st.role) +
                  " could take through this case.",
              ui.palette.textMuted);
    popFont(ui.fonts.small);
}

} // namespace

void drawSummary(const AppModel& model, UiState& ui, CommandSink& sink) {
    const Scenario* s = activeScenario(model);
    const Plugin* plugin = selectedPlugin(model);
    if (!s || !plugin || !model.session) return;
    const float scrollH = std::max(em(8), ImGui::GetContentRegionAvail().y - footerBarHeight());
    ImGui::BeginChild("##summary", ImVec2(0, scrollH), false);
    const Session& session = *model.session;
    const RunState& st = session.current();
    const Node& node = currentNode(*s, st);
    const bool finished = node.type == NodeType::Ending;
    const RoleAnalysis* analysis = cachedAnalysis(model);
    const KnowledgeBase& kb = model.knowledge;

    const std::string shownKey = "summary#" + session.pluginId + session.role + std::to_string(session.history.size());
    if (ui.shownKey != shownKey) {
        ui.shownKey = shownKey;
        ImGui::SetScrollY(0);
    }

    ImGui::Dummy(ImVec2(0, em(1.8f)));
    const Column col = beginColumn(56);
    eyebrow(ui, "Debrief");
    pushFont(ui.fonts.title);
    textBlock(s->title.empty() ? plugin->displayName() : s->title);
    popFont(ui.fonts.title);
    pushFont(ui.fonts.small);
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(ui.palette.textMuted, "Played as");
    popFont(ui.fonts.small);
    ImGui::SameLine();
    roleChip(ui, kb, session.role, true);
    ImGui::Dummy(ImVec2(0, em(0.4f)));

    // [The ending]
    const Card ending = beginCard(ui, col.width, ui.palette.surface, withAlpha(ui.palette.border, 0.6f));
    pushFont(ui.fonts.heading);
    textBlock(finished ? node.title : "The case is not finished yet");
    popFont(ui.fonts.heading);
    textBlock(finished ? node.text.forRole(session.role)
                       : "This debrief covers the steps taken so far. Step back into the case to carry on.");
    endCard(ending);
    WP_PROBE("summary/ending");

    // [Critical actions] first: missing one is named whatever the total.
    const auto outcomes = criticalOutcomes(*s, st);
    if (!outcomes.empty()) {
        sectionHeader(ui, "Critical actions");
        for (const auto& o : outcomes) {
            if (!o.action) continue;
            ImGui::PushID(o.action->id.c_str());
            const bool mustDo = o.action->kind == CriticalKind::MustDo;
            const std::string verdict = o.met ? (mustDo ? "Done" : "Avoided") : (mustDo ? "Missed" : "Not avoided");
            badge(ui, verdict, o.met ? ui.palette.success : ui.palette.danger);
            WP_PROBE("summary/critical/" + o.action->id);
            ImGui::SameLine();
            ImGui::BeginGroup();
            textBlock(o.action->text);
            ImGui::EndGroup();
            ImGui::PopID();
        }
    }

    // [Scores]
    sectionHeader(ui, "Your scores against the best achievable");
    drawScores(model, ui, *s, st, analysis, col.width);

    // [Path]
    sectionHeader(ui, "The path you took");
    std::set<std::string> strongest;
    if (analysis)
        for (const auto& [n, o] : analysis->strongestPath) strongest.insert(n + ":" + o);
    int stepNo = 0;
    for (const auto& step : st.path) {
        if (step.option.empty()) continue; // narrative continues are not decisions
        const Node* n = s->node(step.node);
        ImGui::PushID(stepNo);
        const bool onStrongest = strongest.count(step.node + ":" + step.option) > 0;
        pushFont(ui.fonts.small);
        textBlock(std::to_string(++stepNo) + ".  " + (n ? n->title : step.node), ui.palette.textMuted);
        popFont(ui.fonts.small);
        ImGui::Indent(em(1.4f));
        textBlock(optionText(*s, step), onStrongest ? ui.palette.text : ui.palette.warning);
        if (analysis && !onStrongest) {
            pushFont(ui.fonts.small);
            textBlock("(the strongest path chose differently here)", ui.palette.textMuted);
            popFont(ui.fonts.small);
        }
        ImGui::Unindent(em(1.4f));
        ImGui::PopID();
    }
    if (stepNo == 0) textBlock("No decisions taken yet.", ui.palette.textMuted);
    if (analysis && !analysis->strongestPath.empty()) {
        ImGui::Dummy(ImVec2(0, em(0.2f)));
        const char* toggle = ui.showStrongestPath ? "Hide the strongest path##summary" : "Show the strongest path through this case##summary";
        if (secondaryButton(ui, toggle)) ui.showStrongestPath = !ui.showStrongestPath;
        if (ui.showStrongestPath) {
            ImGui::Dummy(ImVec2(0, em(0.2f)));
            int n = 0;
            for (const auto& [nodeId, optionId] : analysis->strongestPath) {
                const PathStep step{nodeId, optionId, 0};
                const Node* sn = s->node(step.node);
                ImGui::PushID(n);
                pushFont(ui.fonts.small);
                textBlock(std::to_string(++n) + ".  " + (sn ? sn->title : step.node), ui.palette.textMuted);
                popFont(ui.fonts.small);
                ImGui::Indent(em(1.4f));
                textBlock(optionText(*s, step), ui.palette.success);
                ImGui::Unindent(em(1.4f));
                ImGui::PopID();
            }
        }
        WP_PROBE("summary/strongest");
    }

    // [What actually happened]
    if (finished && !node.whatHappened.empty()) {
        sectionHeader(ui, "What actually happened");
        textBlock(node.whatHappened);
    }
    if (!s->historicalNote.empty()) {
        pushFont(ui.fonts.small);
        textBlock(s->historicalNote, ui.palette.textMuted);
        popFont(ui.fonts.small);
    }
    if (finished && !node.proposals.empty()) {
        sectionHeader(ui, "What the champion group proposed");
        for (const auto& p : node.proposals) {
            bulletBlock(p);
        }
    }
    if (finished && !node.prompts.empty()) {
        sectionHeader(ui, "For discussion");
        for (int step = 1; step <= 5; ++step) {
            bool any = false;
            for (const auto& p : node.prompts) {
                const bool inStep = step <= 4 ? p.step == step : (p.step < 1 || p.step > 4);
                if (!inStep) continue;
                if (!any) {
                    ImGui::Dummy(ImVec2(0, em(0.2f)));
                    pushFont(ui.fonts.bold);
                    textBlock(promptStepTitle(step), ui.palette.accentText);
                    popFont(ui.fonts.bold);
                    any = true;
                }
                bulletBlock(p.text);
            }
        }
    }

    ImGui::Dummy(ImVec2(0, em(2.5f)));
    endColumn(col);
    ImGui::EndChild();

    // [Actions] in the footer bar, as on the other screens.
    const FooterBar bar = drawFooterBar(ui);
    const float buttonH = footerButtonHeight();
    ImGui::SetCursorScreenPos(ImVec2(bar.origin.x + bar.padX, bar.buttonY));
    if (secondaryButton(ui, "Back to library  (Esc)##summary", ImVec2(0, buttonH))) sink.push(BackToLibrary{});
    WP_PROBE("summary/library");
    ImGui::SameLine();
    if (secondaryButton(ui, "Step back into the case##summary", ImVec2(0, buttonH))) sink.push(StepBack{});
    WP_PROBE("summary/step-back");
    if (plugin->manifest.roles.size() > 1) {
        const char* again = "Play again as another role##summary";
        pushFont(ui.fonts.bold);
        const float w = ImGui::CalcTextSize(again, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
        popFont(ui.fonts.bold);
        ImGui::SetCursorScreenPos(ImVec2(bar.origin.x + bar.width - bar.padX - w, bar.buttonY));
        if (primaryButton(ui, again, ImVec2(w, buttonH))) sink.push(PlayAgain{});
        WP_PROBE("summary/play-again");
    }
}

} // namespace wp::ui
