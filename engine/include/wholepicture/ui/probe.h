// UI probe: records the screen rectangle of named widgets so tests can click them by name, the way
// imgui_test_engine addresses items, on ImGui 1.86. Off (one pointer test) unless a test installs a
// registry.
#pragma once
#include <map>
#include <string>
#include <vector>

#include <imgui.h>

namespace wp::ui {

struct ProbeRect {
    ImVec2 min;
    ImVec2 max;
    ImGuiID id = 0;         // the item's id (0 for text): keyboard tests match it with the focus
    bool interactive = false; // an enabled control the keyboard must be able to reach
    [[nodiscard]] ImVec2 centre() const { return {(min.x + max.x) * 0.5f, (min.y + max.y) * 0.5f}; }
};
using ProbeRegistry = std::map<std::string, ProbeRect>;

// Installs (or, with nullptr, removes) the registry that WP_PROBE writes to.
void setProbeRegistry(ProbeRegistry* registry);
[[nodiscard]] bool probesActive();
// Records the last item's rectangle under `name`.
void probeLastItem(const std::string& name);
// Text drawn through textBlock(), for tests that check what is on screen ("the new text is drawn").
// Installed separately; nullptr turns it off.
void setProbeTextLog(std::vector<std::string>* log);
void probeText(const std::string& text);
// Records a rectangle under `name` (custom-drawn parts of a widget, e.g. the nodes of the map).
void probeRect(const std::string& name, ImVec2 min, ImVec2 max);

} // namespace wp::ui

// After a widget: WP_PROBE("play/continue"). The name expression is only evaluated when probing.
#define WP_PROBE(name)                                                                                \
    do {                                                                                              \
        if (::wp::ui::probesActive()) ::wp::ui::probeLastItem(name);                                  \
    } while (0)
