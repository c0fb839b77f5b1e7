// UI probe (see probe.h). These two pointers are wp_ui's only mutable globals: test instrumentation,
// not UI state (the widgets that report to them take no test object), and both stay null in the app.
#include "wholepicture/ui/probe.h"

#include <imgui_internal.h>

namespace wp::ui {

namespace {
ProbeRegistry* g_probeRegistry = nullptr;
std::vector<std::string>* g_probeTextLog = nullptr;
} // namespace

void setProbeRegistry(ProbeRegistry* registry) { g_probeRegistry = registry; }

bool probesActive() { return g_probeRegistry != nullptr; }

void probeLastItem(const std::string& name) {
    if (!g_probeRegistry) return;
    const ImGuiLastItemData& item = GImGui->LastItemData;
    // Text has no id; a disabled control is not a stop (1.86 navigation skips it).
    const bool interactive = item.ID != 0 && !(item.InFlags & ImGuiItemFlags_Disabled);
    (*g_probeRegistry)[name] = ProbeRect{ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), item.ID, interactive};
}

void setProbeTextLog(std::vector<std::string>* log) { g_probeTextLog = log; }

void probeText(const std::string& text) {
    if (g_probeTextLog) g_probeTextLog->push_back(text);
}

void probeRect(const std::string& name, ImVec2 min, ImVec2 max) {
    if (!g_probeRegistry) return;
    (*g_probeRegistry)[name] = ProbeRect{min, max};
}

} // namespace wp::ui
