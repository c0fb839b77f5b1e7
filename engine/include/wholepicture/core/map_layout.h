// Automatic layout of the information-flow map, and its SVG rendering. No drawing library: the UI
// draws with ImGui draw lists from the same positions; exports use mapToSvg.
#pragma once
#include <string>
#include <vector>

#include "wholepicture/core/scenario.h"

namespace wp {

struct MapNodePos {
    std::string id;   // cast id
    std::string kind; // cast kind
    double x = 0.5;   // centre, in the unit square [0,1]^2 (x right, y down)
    double y = 0.5;
    int ring = 0;     // 0 = the child at the centre, 1 = inner ring, 2 = outer ring
};

struct MapLayout {
    std::vector<MapNodePos> nodes; // scenario cast order
    double minSpacing = 0;         // smallest distance between two node centres
    // Box size (unit-square fractions) that keeps boxes apart at this spacing.
    double boxWidth = 0.16;
    double boxHeight = 0.07;

    [[nodiscard]] const MapNodePos* find(const std::string& id) const;
};

// Guaranteed for 2..20 cast members: every pair of centres at least this far apart, and every centre
// at least kMapEdgeMargin from the square's edge.
inline constexpr double kMapMinSpacing = 0.15;
inline constexpr double kMapEdgeMargin = 0.05;

// Deterministic: the child at the centre; everyone else on one ring (up to 12) or two interleaved
// rings, going clockwise from the top in kind order (school, education, social_care, health, police,
// voluntary, other, family), scenario order within a kind, so the same kinds sit together.
[[nodiscard]] MapLayout layoutMap(const Scenario& s);
[[nodiscard]] MapLayout layoutCast(const std::vector<CastMember>& cast);

[[nodiscard]] double minPairwiseDistance(const MapLayout& layout);

// A cast member's name as shown in a map box, the full name being on hover: the parenthetical part
// dropped ("Encopresis clinic"), the role after a comma ("Mr Hartley, James's father" -> "Father"),
// and a leading "The", "<child>'s" or "Family's" ("James's mother" -> "Mother": the map is his).
[[nodiscard]] std::string mapShortName(const std::string& name, const std::string& childName = "");
// The longest map name (in bytes) that every bundled case's boxes hold whole, on four lines at the
// sizes the map tests use; a longer one may end in "…" on a small screen, and the lint says so.
inline constexpr size_t kMapNameFits = 48;
// Fill and stroke colours ("#rrggbb") for a cast kind.
[[nodiscard]] const char* kindFill(const std::string& kind);
[[nodiscard]] const char* kindStroke(const std::string& kind);
[[nodiscard]] const char* kindLabel(const std::string& kind); // "Social care"

struct SvgOptions {
    double width = 900;   // pixels of the map area (the legend adds a strip below)
    double height = 660;
    bool legend = true;
    bool markIsolated = true;     // grey fill + "isolated" caption for agencies with no link
    std::vector<Link> missed;     // drawn in red dotted, with a "missed" legend entry
    std::string title;            // optional caption above the map
    std::string idPrefix = "wpm"; // prefix for marker ids (two maps inline in one page need different ones)
};

// A self-contained SVG document (no external resources), safe to inline in HTML.
[[nodiscard]] std::string mapToSvg(const Scenario& s, const std::vector<Link>& links, const MapLayout& layout,
                                   const SvgOptions& options = {});

// Escapes & < > " ' for XML and HTML text and attributes.
[[nodiscard]] std::string xmlEscape(const std::string& text);

} // namespace wp
