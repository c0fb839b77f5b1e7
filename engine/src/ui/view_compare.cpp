// Role swap: the same case played as two professions, side by side. The choices each made at the
// same moments (matched by decision node), the scores by dimension, and both maps.
#include <algorithm>
#include <cmath>
#include <string>

#include "wholepicture/ui/map_view.h"
#include "wholepicture/ui/probe.h"
#include "wholepicture/ui/screens.h"
#include "wholepicture/ui/views.h"
#include "wholepicture/ui/widgets.h"

namespace wp::ui {

namespace {

const DebriefStep* stepAt(const Debrief& d, const std::string& node) {
    for (const auto& s : d.timeline)
        if (s.node == node) return &s;
    return nullptr;
}

} // namespace

void drawCompare(const AppState& model, UiState& ui, CommandSink& sink) {
    const Scenario* s = activeScenario(model);
    if (!s || !canCompare(model)) {
        textBlock("There is nothing to compare yet: finish the case as a second role first.", ui.palette.textMuted);
        return;
    }
    const Debrief& a = *model.firstDebrief;
    const Debrief& b = *model.debrief;
    const KnowledgeBase& kb = model.knowledge;
    const float scrollH = std::max(em(8), ImGui::GetContentRegionAvail().y - footerBarHeight() - savedLineHeight(model, true));
    ImGui::BeginChild("##compare", ImVec2(0, scrollH), false, ImGuiWindowFlags_NavFlattened);
    keyboardScroll(true); // PageUp/PageDown/Home/End
    ImGui::Dummy(ImVec2(0, em(1.6f)));
    const Column col = beginColumn(70);
    eyebrow(ui, "Role swap");
    pushFont(ui.fonts.title);
    textBlock(s->title + ": two professions, one case");
    popFont(ui.fonts.title);
    textBlock("The same decisions, seen and taken by each role. Where the two runs chose differently, ask why: what did "
              "each know, and what was pressing on them? Green: the strongest option open at that point.",
              ui.palette.textMuted);
    ImGui::Dummy(ImVec2(0, em(0.4f)));
    static constexpr JumpAnchor kAnchors[] = {{"scores", "Scores"}, {"choices", "Choices"}, {"maps", "Maps"}, {"save", "Save"}};
    drawJumpRow(ui, kAnchors, "compare/jump/", "the comparison");
    ImGui::Dummy(ImVec2(0, em(0.4f)));

    const float labelW = std::min(em(16), col.width * 0.28f);
    const float half = (col.width - labelW - em(1.5f)) * 0.5f;
    // Text in a table cell wraps at the cell's edge (the reading column's wrap position is wider).
    auto cellText = [&](const std::string& text, const ImVec4& colour) {
        ImGui::PushTextWrapPos(0.0f);
        textBlock(text, colour);
        ImGui::PopTextWrapPos();
    };
    auto header = [&](const char* id) {
        ImGui::TableSetupColumn(id, ImGuiTableColumnFlags_WidthFixed, labelW);
        ImGui::TableSetupColumn("first", ImGuiTableColumnFlags_WidthFixed, half);
        ImGui::TableSetupColumn("second", ImGuiTableColumnFlags_WidthFixed, half);
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TableNextColumn();
        roleChip(ui, kb, a.role, true);
        ImGui::TableNextColumn();
        roleChip(ui, kb, b.role, true);
    };

    // [Headline] ending and critical actions missed, per run.
    sectionHeader(ui, "How each run ended");
    if (ImGui::BeginTable("##compare-head", 3, ImGuiTableFlags_SizingFixedFit)) {
        header("what");
        auto row = [&](const char* label, const std::string& x, const std::string& y, ImVec4 cx, ImVec4 cy) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextColored(ui.palette.textMuted, "%s", label);
            ImGui::TableNextColumn();
            cellText(x, cx);
            ImGui::TableNextColumn();
            cellText(y, cy);
        };
        row("Ending", a.finished ? a.endingTitle : "not finished", b.finished ? b.endingTitle : "not finished", ui.palette.text,
            ui.palette.text);
        const size_t ma = a.missedCriticalCount(), mb = b.missedCriticalCount();
        auto critical = [](const Debrief& x, size_t missed) {
            return missed ? std::to_string(missed) + " missed" : x.pendingCriticalCount() ? "none missed yet" : "all met";
        };
        row("Critical actions", critical(a, ma), critical(b, mb),
            ma ? ui.palette.danger : ui.palette.success, mb ? ui.palette.danger : ui.palette.success);
        ImGui::EndTable();
    }

    // [Scores] by dimension, each on its own role's worst-to-best scale.
    jumpAnchor(ui, "scores");
    sectionHeader(ui, "Scores by dimension");
    if (ImGui::BeginTable("##compare-scores", 3, ImGuiTableFlags_SizingFixedFit)) {
        header("dimension");
        for (const auto& da : a.dimensions) {
            const DebriefDimension* db = b.dimension(da.id);
            ImGui::PushID(da.id.c_str());
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::AlignTextToFramePadding();
            ImGui::TextUnformatted(da.name.c_str());
            auto cell = [&](const DebriefDimension* x) {
                ImGui::TableNextColumn();
                if (!x) return;
                scoreBar(ui, x->fraction, x->worst, x->best, half * 0.3f);
                ImGui::SameLine();
                ImGui::AlignTextToFramePadding();
                // As on the debrief: the score, then the worst and best ends of its bar.
                ImGui::Text("%d", x->score);
                ImGui::SameLine(0, em(0.3f));
                ImGui::TextColored(ui.palette.textMuted, "(worst %d, best %d)", x->worst, x->best);
                ImGui::SameLine();
                ImGui::TextUnformatted(x->bandLabel.c_str());
            };
            cell(&da);
            cell(db);
            WP_PROBE("compare/score/" + da.id);
            ImGui::PopID();
        }
        ImGui::EndTable();
    }

    // [Choices at the same moments] matched by decision node, in the order of the case.
    jumpAnchor(ui, "choices");
    sectionHeader(ui, "Choices at the same moments");
    std::vector<std::string> nodes;
    for (const auto& st : a.timeline) nodes.push_back(st.node);
    for (const auto& st : b.timeline)
        if (std::find(nodes.begin(), nodes.end(), st.node) == nodes.end()) nodes.push_back(st.node);
    std::stable_sort(nodes.begin(), nodes.end(), [&](const std::string& x, const std::string& y) {
        const Node* nx = s->node(x);
        const Node* ny = s->node(y);
        return (nx ? s->stageOrder(nx->stage) : 0) < (ny ? s->stageOrder(ny->stage) : 0);
    });
    if (ImGui::BeginTable("##compare-choices", 3, ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_RowBg)) {
        header("decision");
        int n = 0;
        for (const auto& nodeId : nodes) {
            const DebriefStep* sa = stepAt(a, nodeId);
            const DebriefStep* sb = stepAt(b, nodeId);
            const Node* node = s->node(nodeId);
            ImGui::PushID(n++);
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            pushFont(ui.fonts.small);
            cellText(node ? node->title : nodeId, ui.palette.textMuted);
            popFont(ui.fonts.small);
            const bool same = sa && sb && sa->option == sb->option;
            auto cell = [&](const DebriefStep* x) {
                ImGui::TableNextColumn();
                if (!x) {
                    cellText("(not a decision for this role on this path)", ui.palette.textMuted);
                    return;
                }
                cellText(x->optionText, x->differed ? ui.palette.text : ui.palette.success);
                if (x->differed) {
                    pushFont(ui.fonts.small);
                    cellText("Stronger: " + x->strongerText, ui.palette.textMuted);
                    popFont(ui.fonts.small);
                }
            };
            cell(sa);
            cell(sb);
            if (same) {
                pushFont(ui.fonts.small);
                cellText("(the same choice)", ui.palette.textMuted);
                popFont(ui.fonts.small);
            }
            WP_PROBE("compare/choice/" + nodeId);
            ImGui::PopID();
        }
        ImGui::EndTable();
    }

    // [Maps] each run's final map, missed connections marked.
    jumpAnchor(ui, "maps");
    sectionHeader(ui, "Each run's map at the end");
    std::vector<Link> la, lb;
    for (const auto& l : a.traineeMap) la.push_back(l.link);
    for (const auto& l : b.traineeMap) lb.push_back(l.link);
    const float gap = em(1.5f);
    const float mapW = (col.width - gap) * 0.5f;
    const float mapH = std::clamp(mapW * 0.78f, em(14), em(34));
    auto map = [&](const char* id, const Debrief& d, const std::vector<Link>& links, const char* probe, bool legend) {
        ImGui::BeginGroup();
        roleChip(ui, kb, d.role, true);
        MapViewInput in;
        in.scenario = s;
        in.links = &links;
        in.missed = &d.missed;
        in.probe = probe;
        in.legend = legend;
        in.behind = ui.palette.background;
        drawInfoMap(id, in, ui, mapW, mapH);
        ImGui::EndGroup();
    };
    map("map-first", a, la, "compare/map/first", true);
    ImGui::SameLine(0, gap);
    map("map-second", b, lb, "compare/map/second", false);

    jumpAnchor(ui, "save");
    sectionHeader(ui, "Save the comparison");
    textBlock("The transcript of both runs side by side (HTML) and each run's debrief report, to read or print. "
              "Nothing leaves this computer.",
              ui.palette.textMuted);
    drawReportExport(model, ui, sink, col.width, true);

    ImGui::Dummy(ImVec2(0, em(2.5f)));
    endColumn(col);
    ImGui::EndChild();
    drawSavedLine(model, ui, sink, true);

    const FooterBar bar = drawFooterBar(ui);
    const float buttonH = footerButtonHeight();
    ImGui::SetCursorScreenPos(ImVec2(bar.origin.x + bar.padX, bar.buttonY));
    if (secondaryButton(ui, "Back to library##compare", ImVec2(0, buttonH))) sink.push(BackToLibrary{});
    WP_PROBE("compare/library");
    const std::string back = "Debrief as " + kb.roleName(b.role) + "  (Esc)##compare";
    pushFont(ui.fonts.bold);
    const float w = ImGui::CalcTextSize(back.c_str(), nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
    popFont(ui.fonts.bold);
    ImGui::SetCursorScreenPos(ImVec2(bar.origin.x + bar.width - bar.padX - w, bar.buttonY));
    if (primaryButton(ui, back.c_str(), ImVec2(w, buttonH))) sink.push(ShowDebrief{});
    WP_PROBE("compare/debrief");
}

void registerCompareScreen(ScreenRegistry& registry) { registry.add({Screen::Compare, "Compare the two runs", drawCompare, false, {{"Esc", "back to the debrief"}}}); }

} // namespace wp::ui
