// The information-flow map widget: the cast around the child (positions from core layoutMap), drawn
// with ImGui draw lists. Critical links bold, peripheral links dashed, arrows for the direction of
// flow, isolated agencies marked, missed connections in red dots, links just made fading in. Hovering
// a node or a link explains it. Sized in em; colours from the palette, so both themes work.
#pragma once
#include <string>
#include <vector>

#include <imgui.h>

#include "wholepicture/core/debrief.h"
#include "wholepicture/core/map_layout.h"
#include "wholepicture/core/scenario.h"
#include "wholepicture/ui/ui_state.h"

namespace wp::ui {

// How long a link made or changed by a step takes to fade and pulse in.
inline constexpr double kMapTransitionSeconds = 1.0;

struct MapViewInput {
    const Scenario* scenario = nullptr;
    const std::vector<Link>* links = nullptr;         // the map shown
    const std::vector<DebriefLink>* missed = nullptr; // drawn red dotted (debrief)
    std::vector<Link> fresh;                          // links to animate in (made or changed by the last step)
    float freshProgress = 1.0f;                       // 0 = just made, 1 = settled
    bool legend = true;
    bool kindLegend = true;                           // colour swatches for the kinds of agency
    std::string probe;                                // probe prefix ("play/map"): nodes and links are probed under it
    // The opaque colour the map sits on, when the caller knows it (alpha 1). The drawn map is then a
    // straight copy onto the screen instead of a blended quad: on a software renderer the cheapest way.
    ImVec4 behind = ImVec4(0, 0, 0, 0);
};

// Draws the map `width` wide and `height` tall (plus the legend below, if any) at the cursor, as one
// hoverable item. Hovering shows a tooltip for the node or link under the mouse. When the names would
// not fit whole in their boxes (a small panel, a large UI scale), the map grows taller than `height`
// (see mapHeightFor): callers lay out what follows from the cursor, not from `height`.
void drawInfoMap(const char* id, const MapViewInput& in, UiState& ui, float width, float height);
// The height drawInfoMap uses for `height` offered: the same, or up to four times taller, the least
// that keeps every name whole (or cuts the fewest). Remembered per size, scale and face.
[[nodiscard]] float mapHeightFor(const MapViewInput& in, const UiState& ui, float width, float height);
// The names still cut short in a map `width` wide offered `height`, after it has grown as drawInfoMap
// grows it: 0 when every name is whole. A caller with room to spare (the play screen's panel, the
// debrief's maps side by side) gives the map more width when this is not 0.
[[nodiscard]] int mapCutNamesFor(const MapViewInput& in, const UiState& ui, float width, float height);

// The map's triangles are built once and appended to the window's draw list every frame while
// nothing they depend on changes (the map, the theme, the scale, its size); a map scrolled out of its
// window builds and draws nothing. These counters let tests see that happen.
struct MapCacheStats {
    int builds = 0; // geometry built (layout, paths, triangles)
    int reuses = 0; // geometry taken from the cache
    int draws = 0;  // times a map's triangles went into a draw list
    // The last build's box labels: how many lines a box holds, and how many names still did not fit
    // whole (drawn ending in an ellipsis; the full name is on hover).
    int labelLines = 0;
    int cutLabels = 0;
    // Links, over every build since resetMapCache, that could not be routed clear of every box they do
    // not connect (drawn through the fewest).
    int linkCrossings = 0;
};
[[nodiscard]] MapCacheStats mapCacheStats(const UiState& ui);
void resetMapCache(UiState& ui); // forgets every cached map (releasing its texture) and zeroes the counters

// Where a built map can be drawn once (the platform layer renders the triangles into a GL texture;
// wp_ui knows no GL). With a canvas, an unchanged map costs one textured quad a frame; without one
// (render-less tests) its cached triangles are appended every frame.
class MapCanvas {
public:
    virtual ~MapCanvas() = default;
    // Renders `list` (screen positions) into a new texture showing the `size` pixels from `origin`
    // (whole pixels), cleared to `clear` first. Returns nullptr when it cannot.
    virtual ImTextureID render(const ImDrawList& list, ImVec2 origin, ImVec2 size, ImVec4 clear) = 0;
    virtual void release(ImTextureID texture) = 0;
    // Adds to `list` a straight copy of `texture` (made by render, opaque) to min..max, its exact size
    // in whole pixels, within the list's clip rect. False when it cannot: draw the texture as a quad.
    virtual bool present(ImDrawList& list, ImTextureID texture, ImVec2 min, ImVec2 max) = 0;
};
void setMapCanvas(UiState& ui, MapCanvas* canvas); // nullptr: none (call resetMapCache(ui) first)

// Links in `after` that are new or changed (flow or strength) compared with `before`.
[[nodiscard]] std::vector<Link> changedLinks(const std::vector<Link>& before, const std::vector<Link>& after);

using wp::mapShortName; // core/map_layout.h: the core's lint and the case editor name it too

// Up to `maxLines` lines of `text` no wider than `width` at `fontSize` of `font`; the last line ends in
// an ellipsis when the text does not fit (then `*cut` is set, when given). Needs an ImGui context.
[[nodiscard]] std::vector<std::string> wrapToWidth(ImFont* font, float fontSize, const std::string& text, float width,
                                                   size_t maxLines, bool* cut = nullptr);

// How each kind of link is stroked. Kinds differ in pattern as well as colour (solid, dashed, dotted),
// so a reader who cannot tell red from grey (a red-green colour-vision deficiency) still sees which
// connections were missed; the legend shows the same strokes.
enum class LinkKind { Critical, Peripheral, Missed };
struct LinkStyle {
    ImVec4 colour;
    float thickness, head; // pixels
    float dash, gap;       // a dashed stroke when dash > 0; dots `gap` apart when `dots`
    bool dots;
};
[[nodiscard]] LinkStyle linkStyle(const Palette& palette, LinkKind kind);

// The colours a linked node is drawn in, from the palette (the theme test checks their contrast):
// its outline (the kind's colour; the child's is the accent) and the fill behind its name.
[[nodiscard]] ImVec4 mapNodeOutline(const Palette& p, const std::string& kind);
[[nodiscard]] ImVec4 mapNodeFill(const Palette& p, const std::string& kind);

// Text for the tooltip of a link (who shares with whom, critical or peripheral, the scenario's note).
[[nodiscard]] std::string describeLink(const Scenario& s, const Link& link);
// What an agency shares on this map, in one sentence ("Shares both ways with ... Hears from ..."), or
// that it is isolated: the hover tooltip's words, for the keyboard list beside the map.
[[nodiscard]] std::string describeAgency(const Scenario& s, const std::vector<Link>& links, const CastMember& member);

} // namespace wp::ui
