// The role screen: the case, the child, the content warning (before any play), and the choice of a
// playable role with its remit from the knowledge base.
#include <algorithm>
#include <cmath>
#include <string>

#include "wholepicture/core/loader.h"
#include "wholepicture/core/lists.h"
#include "wholepicture/ui/probe.h"
#include "wholepicture/ui/screens.h"
#include "wholepicture/ui/speech.h"
#include "wholepicture/ui/views.h"
#include "wholepicture/ui/widgets.h"

namespace wp::ui {

namespace {

void drawRoleCard(const AppState& m, UiState& ui, CommandSink& sink, const std::string& role, int number, float width) {
    const bool selected = role == m.selectedRole;
    const RoleInfo* info = m.knowledge.role(role);
    const Card card = beginCard(ui, width, selected ? ui.palette.surfaceActive : ui.palette.surface,
                                selected ? ui.palette.accentText : withAlpha(ui.palette.border, 0.6f),
                                selected ? 2.0f : 1.0f);
    roleChip(ui, m.knowledge, role);
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    pushFont(ui.fonts.bold);
    ImGui::TextUnformatted(roleLabel(selectedPlugin(m), m.knowledge, role).c_str()); // the case's name for it
    popFont(ui.fonts.bold);
    if (info && !info->remit.empty()) textBlock(info->remit, ui.palette.textMuted);
    if (selected && info && !info->holds.empty()) {
        pushFont(ui.fonts.small);
        textBlock("Holds: " + info->holds, ui.palette.textMuted);
        popFont(ui.fonts.small);
    }
    const std::string label = std::string(selected ? "Selected" : "Choose") + " (" + std::to_string(number) +
                              ")##role/" + role;
    if (selected)
        primaryButton(ui, label.c_str());
    else if (secondaryButton(ui, label.c_str()))
        sink.push(SelectRole{role});
    speakItem(roleLabel(selectedPlugin(m), m.knowledge, role) + " (" + std::to_string(number) + ")", "role button",
              selected ? "selected" : "not selected");
    if (info && !info->remit.empty()) speakItemHint(info->remit);
    WP_PROBE("role/" + role);
    endCard(card);
    if (ImGui::IsItemClicked()) sink.push(SelectRole{role});
}

} // namespace

void drawRoleSelect(const AppState& model, UiState& ui, CommandSink& sink) {
    const ScenarioPlugin* plugin = selectedPlugin(model);
    const Scenario* s = activeScenario(model);
    if (!plugin || !s) return;
    const float scrollH = std::max(em(8), ImGui::GetContentRegionAvail().y - footerBarHeight());
    ImGui::BeginChild("##role-select", ImVec2(0, scrollH), false, ImGuiWindowFlags_NavFlattened);
    keyboardScroll(true); // PageUp/PageDown/Home/End
    ImGui::Dummy(ImVec2(0, em(1.8f)));
    const Column col = beginColumn(76);

    eyebrow(ui, plugin->manifest.complexity + " case" +
                    (plugin->manifest.minutes > 0 ? " · about " + std::to_string(plugin->manifest.minutes) + " minutes"
                                                  : std::string{}));
    pushFont(ui.fonts.title);
    textBlock(s->title.empty() ? plugin->displayName() : s->title);
    popFont(ui.fonts.title);
    ImGui::Dummy(ImVec2(0, em(0.4f)));

    // The content warning comes before anything else a trainee reads about the case.
    if (!plugin->manifest.contentWarnings.empty()) {
        const Card warn = beginCard(ui, col.width, ui.palette.warningSurface, ui.palette.warning, 2.0f);
        pushFont(ui.fonts.bold);
        textBlock("Content warning", ui.palette.warning);
        popFont(ui.fonts.bold);
        textBlock(caseOriginSentence(plugin->manifest) + " It includes: " +
                  joinList(plugin->manifest.contentWarnings, ", ") +
                  ". Take a break whenever you need to; your progress is saved after every step.");
        endCard(warn);
        WP_PROBE("role/content-warning");
        ImGui::Dummy(ImVec2(0, em(0.6f)));
    }

    // Two columns when there is room (the case on the left, the roles on the right), so the choice and
    // the Start button are on the first screen; stacked on narrow windows.
    const bool twoColumns = col.width >= em(52);
    const float gap = em(2.5f);
    const float leftW = twoColumns ? std::floor(col.width * 0.45f) : col.width;
    const float rightW = twoColumns ? col.width - leftW - gap : col.width;

    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(ImGui::GetCursorPos().x + leftW);
    sectionHeader(ui, "The child");
    pushFont(ui.fonts.bold);
    textBlock(s->childName + (s->childAge > 0 ? ", aged " + std::to_string(s->childAge) : std::string{}));
    popFont(ui.fonts.bold);
    if (!s->childSummary.empty()) textBlock(s->childSummary);
    sectionHeader(ui, "The case");
    textBlock(s->caseSummary.empty() ? plugin->manifest.summary : s->caseSummary);
    if (!plugin->manifest.source.empty()) {
        ImGui::Dummy(ImVec2(0, em(0.2f)));
        pushFont(ui.fonts.small);
        textBlock("Source: " + plugin->manifest.source, ui.palette.textMuted);
        popFont(ui.fonts.small);
    }
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    if (twoColumns) ImGui::SameLine(0, gap);

    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(ImGui::GetCursorPos().x + rightW);
    sectionHeader(ui, "Choose your role");
    textBlock("You see only what your role knows, when it knows it. After each decision you see what the others "
              "knew and thought.",
              ui.palette.textMuted);
    ImGui::Dummy(ImVec2(0, em(0.2f)));
    int number = 0;
    for (const auto& role : plugin->manifest.roles) {
        ImGui::PushID(role.c_str());
        drawRoleCard(model, ui, sink, role, ++number, rightW);
        ImGui::PopID();
        ImGui::Dummy(ImVec2(0, em(0.2f)));
    }
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();

    ImGui::Dummy(ImVec2(0, em(2.0f)));
    endColumn(col);

    ImGui::EndChild();

    // Footer: start and back, always in view.
    const FooterBar bar = drawFooterBar(ui);
    const bool canStart = !model.selectedRole.empty();
    ImGui::SetCursorScreenPos(ImVec2(bar.origin.x + bar.padX, bar.buttonY));
    if (secondaryButton(ui, "Back to library  (Esc)##role", ImVec2(0, footerButtonHeight()))) sink.push(BackToLibrary{});
    WP_PROBE("role/back");
    ImGui::SameLine(0, em(1.2f));
    ImGui::SetCursorScreenPos(ImVec2(ImGui::GetCursorScreenPos().x, bar.buttonY + (footerButtonHeight() - ImGui::GetFontSize()) * 0.5f));
    pushFont(ui.fonts.small);
    ImGui::TextColored(ui.palette.textMuted, "Keys: 1-%d choose a role, Enter starts", number);
    popFont(ui.fonts.small);
    const std::string startLabel =
        "Start as " + roleLabel(selectedPlugin(model), model.knowledge, model.selectedRole, true) + "  (Enter)##role-start";
    pushFont(ui.fonts.bold); // the primary button's font
    const float startW = std::max(em(12), ImGui::CalcTextSize(startLabel.c_str(), nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2);
    popFont(ui.fonts.bold);
    ImGui::SetCursorScreenPos(ImVec2(bar.origin.x + bar.width - bar.padX - startW, bar.buttonY));
    ImGui::BeginDisabled(!canStart);
    if (primaryButton(ui, startLabel.c_str(), ImVec2(startW, footerButtonHeight()))) sink.push(StartSession{});
    WP_PROBE("role/start");
    ImGui::EndDisabled();

    if (shortcutsAllowed() && !ImGui::GetIO().KeyCtrl) {
        if (const int digit = digitPressed(); digit > 0 && digit <= number)
            sink.push(SelectRole{plugin->manifest.roles[static_cast<size_t>(digit - 1)]});
        if ((keyPressed(ImGuiKey_Enter) || keyPressed(ImGuiKey_KeyPadEnter)) && canStart && !ImGui::IsAnyItemFocused())
            sink.push(StartSession{});
    }
}

void registerRoleSelectScreen(ScreenRegistry& registry) { registry.add({Screen::RoleSelect, "Choose a role", drawRoleSelect, false,
                  {{"1-9", "choose a role"}, {"Enter (nothing focused)", "start as the chosen role"}, {"Esc", "back to the library"}}}); }

} // namespace wp::ui
