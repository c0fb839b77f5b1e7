// The debrief's map alone, filling the window: what the PNG export captures (see platform
// MapPngTarget::render). The trainee's final map with the missed connections marked, a title and the legend.
#include <algorithm>
#include <string>

#include "wholepicture/ui/map_view.h"
#include "wholepicture/ui/views.h"
#include "wholepicture/ui/widgets.h"

namespace wp::ui {

void drawMapExport(const AppState& model, UiState& ui) {
    const Scenario* s = activeScenario(model);
    if (!s || !model.debrief) return;
    const Debrief& d = *model.debrief;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->Pos);
    ImGui::SetNextWindowSize(vp->Size);
    ImGui::Begin("##map-export", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoNav);
    const float pad = em(1.2f);
    ImGui::SetCursorPos(ImVec2(pad, pad));
    pushFont(ui.fonts.heading);
    ImGui::TextUnformatted((d.title + ": your information-flow map").c_str());
    popFont(ui.fonts.heading);
    ImGui::SetCursorPosX(pad);
    ImGui::TextColored(ui.palette.textMuted, "Played as %s. Red dots: connections your map lacks.", d.roleName.c_str());
    std::vector<Link> links;
    for (const auto& l : d.traineeMap) links.push_back(l.link);
    MapViewInput in;
    in.scenario = s;
    in.links = &links;
    in.missed = &d.missed;
    in.behind = ui.palette.background; // the window's own background
    const float legendH = em(4.2f);
    const float w = vp->Size.x - 2 * pad;
    const float h = std::max(em(10), vp->Size.y - ImGui::GetCursorPosY() - legendH - pad);
    ImGui::SetCursorPosX(pad);
    drawInfoMap("export-map", in, ui, w, h);
    ImGui::End();
}

} // namespace wp::ui
