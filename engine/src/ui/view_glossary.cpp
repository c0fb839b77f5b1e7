// The glossary: the knowledge base's terms (content/glossary.json) with their definitions and the terms
// they lead to, filtered as you type. Reached from the library; Esc goes back.
#include <algorithm>
#include <cctype>
#include <string>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "wholepicture/ui/probe.h"
#include "wholepicture/ui/screens.h"
#include "wholepicture/ui/widgets.h"

namespace wp::ui {

inline constexpr ScreenId kGlossaryScreen{"glossary"};

namespace {

std::string lowered(std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

void drawGlossary(const AppState& s, UiState& ui, CommandSink& sink) {
    ImGui::BeginChild("##glossary", ImVec2(0, 0), false, ImGuiWindowFlags_NavFlattened);
    keyboardScroll(true); // PageUp/PageDown/Home/End
    ImGui::Dummy(ImVec2(0, em(1.0f)));
    const Column col = beginColumn(48);
    pushFont(ui.fonts.title);
    textBlock("Glossary");
    popFont(ui.fonts.title);
    textBlock("The words the cases use, as each profession uses them.", ui.palette.textMuted);
    ImGui::Dummy(ImVec2(0, em(0.5f)));
    ImGui::SetNextItemWidth(col.width);
    inputTextWithHint("##glossary-filter", "Find a term", &ui.glossaryFilter); // Esc keeps the filter
    WP_PROBE("glossary/filter");
    ImGui::Dummy(ImVec2(0, em(0.5f)));
    const std::string wanted = lowered(ui.glossaryFilter);
    int shown = 0;
    for (const auto& t : s.knowledge.glossary) {
        if (!wanted.empty() && lowered(t.term).find(wanted) == std::string::npos &&
            lowered(t.definition).find(wanted) == std::string::npos)
            continue;
        ++shown;
        ImGui::PushID(t.id.c_str());
        pushFont(ui.fonts.bold);
        textBlock(t.term);
        popFont(ui.fonts.bold);
        WP_PROBE("glossary/term/" + t.id);
        textBlock(t.definition);
        if (!t.seeAlso.empty()) {
            std::string also;
            for (const auto& id : t.seeAlso)
                if (const GlossaryTerm* other = s.knowledge.term(id)) also += (also.empty() ? "" : "; ") + other->term;
            if (!also.empty()) textBlock("See also: " + also, ui.palette.textMuted);
        }
        ImGui::Dummy(ImVec2(0, em(0.6f)));
        ImGui::PopID();
    }
    if (shown == 0) textBlock("No term matches \"" + ui.glossaryFilter + "\".", ui.palette.textMuted);
    if (secondaryButton(ui, "Back to the library##glossary")) sink.push(BackToLibrary{});
    WP_PROBE("glossary/back");
    endColumn(col);
    ImGui::EndChild();
}

} // namespace

void registerGlossaryScreen(ScreenRegistry& registry) { registry.add({kGlossaryScreen, "Glossary", drawGlossary, true, {{"Tab to the search box, then type", "find a term"}, {"Esc", "back to the library"}}}); }

} // namespace wp::ui
