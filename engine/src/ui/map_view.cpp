// The information-flow map widget (see map_view.h). Geometry follows core mapToSvg (same layout, same
// box-edge clipping, same bend around the child) so the screen and the saved report agree.
#include "wholepicture/ui/map_view.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <queue>
#include <unordered_map>

#include "wholepicture/core/map_layout.h"
#include "wholepicture/ui/backdrop.h"
#include "wholepicture/ui/probe.h"
#include "wholepicture/ui/theme.h"
#include "wholepicture/ui/widgets.h"

namespace wp::ui {

namespace {

// [SECTION] Small geometry helpers

ImVec2 add(ImVec2 a, ImVec2 b) { return {a.x + b.x, a.y + b.y}; }
ImVec2 sub(ImVec2 a, ImVec2 b) { return {a.x - b.x, a.y - b.y}; }
ImVec2 mul(ImVec2 a, float k) { return {a.x * k, a.y * k}; }
float length(ImVec2 a) { return std::sqrt(a.x * a.x + a.y * a.y); }
ImVec2 lerp(ImVec2 a, ImVec2 b, float t) { return {a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t}; }
ImVec4 mix(ImVec4 a, ImVec4 b, float t) {
    return {a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t, a.z + (b.z - a.z) * t, a.w + (b.w - a.w) * t};
}

float distanceToSegment(ImVec2 p, ImVec2 a, ImVec2 b) {
    const ImVec2 ab = sub(b, a);
    const float len2 = ab.x * ab.x + ab.y * ab.y;
    float t = len2 > 0 ? ((p.x - a.x) * ab.x + (p.y - a.y) * ab.y) / len2 : 0.0f;
    t = std::clamp(t, 0.0f, 1.0f);
    return length(sub(p, add(a, mul(ab, t))));
}

float distanceToPath(ImVec2 p, const std::vector<ImVec2>& pts) {
    float best = 1e9f;
    for (size_t i = 1; i < pts.size(); ++i) best = std::min(best, distanceToSegment(p, pts[i - 1], pts[i]));
    return best;
}

float pathLength(const std::vector<ImVec2>& pts) {
    float total = 0;
    for (size_t i = 1; i < pts.size(); ++i) total += length(sub(pts[i], pts[i - 1]));
    return total;
}

// The point `at` along the path (arc length), for placing labels and probes.
ImVec2 pointAlong(const std::vector<ImVec2>& pts, float at) {
    for (size_t i = 1; i < pts.size(); ++i) {
        const float seg = length(sub(pts[i], pts[i - 1]));
        if (at <= seg && seg > 0) return lerp(pts[i - 1], pts[i], at / seg);
        at -= seg;
    }
    return pts.empty() ? ImVec2() : pts.back();
}

// Moves the path's end back by `by` along its last segment (room for an arrow head).
void trimEnd(std::vector<ImVec2>& pts, float by) {
    if (pts.size() < 2) return;
    const ImVec2 d = sub(pts.back(), pts[pts.size() - 2]);
    const float len = length(d);
    if (len <= by + 1) return;
    pts.back() = sub(pts.back(), mul(d, by / len));
}

// Solid (dash <= 0), dashed, or dotted (dots of the line's thickness every `gap`).
void strokePath(ImDrawList* dl, const std::vector<ImVec2>& pts, ImU32 col, float thick, float dash, float gap, bool dots) {
    if (pts.size() < 2) return;
    if (dots) {
        const float total = pathLength(pts);
        for (float at = 0; at <= total; at += gap) dl->AddCircleFilled(pointAlong(pts, at), thick * 0.6f, col, 8);
        return;
    }
    if (dash <= 0) {
        dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), col, 0, thick);
        return;
    }
    // One polyline per dash, however many of the path's points it spans (a dash along a curve was a
    // line per curve segment: more vertices and visible joints).
    // Half a pixel across, as AddLine (which drew each dash before) places a line on pixel centres.
    std::vector<ImVec2> run{pts.front()};
    auto flush = [&] {
        for (auto& q : run) q = add(q, ImVec2(0.5f, 0.5f));
        if (run.size() >= 2) dl->AddPolyline(run.data(), static_cast<int>(run.size()), col, 0, thick);
        run.clear();
    };
    bool on = true;
    float left = dash;
    for (size_t i = 1; i < pts.size(); ++i) {
        const ImVec2 a = pts[i - 1], b = pts[i];
        const float len = length(sub(b, a));
        float pos = 0;
        while (pos < len) {
            const float step = std::min(left, len - pos);
            const ImVec2 end = lerp(a, b, (pos + step) / len);
            if (on) run.push_back(end);
            pos += step;
            left -= step;
            if (left <= 0.001f) {
                if (on) flush();
                on = !on;
                left = on ? dash : gap;
                run.clear();
                if (on) run.push_back(end);
            }
        }
    }
    if (on) flush();
}

void arrowHead(ImDrawList* dl, ImVec2 tip, ImVec2 from, float size, ImU32 col) {
    ImVec2 d = sub(tip, from);
    const float len = length(d);
    if (len < 0.001f) return;
    d = mul(d, 1.0f / len);
    const ImVec2 n(-d.y, d.x);
    const ImVec2 base = sub(tip, mul(d, size));
    dl->AddTriangleFilled(tip, add(base, mul(n, size * 0.55f)), sub(base, mul(n, size * 0.55f)), col);
}

bool sameLink(const Link& a, const Link& b) {
    return (a.from == b.from && a.to == b.to) || (a.from == b.to && a.to == b.from);
}

const CastMember* castMember(const Scenario& s, const std::string& id) {
    for (const auto& c : s.cast)
        if (c.id == id) return &c;
    return nullptr;
}

std::string childNameOf(const Scenario& s) {
    for (const auto& c : s.cast)
        if (c.kind == "child") return c.name;
    return {};
}

std::string shortNameOf(const Scenario& s, const std::string& id) {
    const CastMember* c = castMember(s, id);
    return c ? mapShortName(c->name, childNameOf(s)) : id;
}

// Kind colours come from the core's map palette (so the report matches): the saturated stroke on a
// light theme, the pastel fill on a dark one, each readable on that theme's surfaces.
ImVec4 kindColour(const Palette& p, const std::string& kind) {
    const bool dark = relativeLuminance(p.background) < 0.2;
    return colourFromHex(dark ? kindFill(kind) : kindStroke(kind), p.textMuted);
}

ImVec4 kindColour(const UiState& ui, const std::string& kind) { return kindColour(ui.palette, kind); }

// The app's windows have no padding (theme.cpp), so a tooltip would put its text against its
// border: the map's hover text gets its own padding (read once, when the tooltip begins).
void beginPaddedTooltip() {
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(em(0.7f), em(0.5f)));
    ImGui::BeginTooltip();
    ImGui::PopStyleVar();
}

} // namespace

ImVec4 mapNodeOutline(const Palette& p, const std::string& kind) { return kind == "child" ? p.accentText : kindColour(p, kind); }

ImVec4 mapNodeFill(const Palette& p, const std::string& kind) { return mix(p.surface, mapNodeOutline(p, kind), 0.16f); }

// [SECTION] Pure helpers

std::vector<Link> changedLinks(const std::vector<Link>& before, const std::vector<Link>& after) {
    std::vector<Link> out;
    for (const auto& l : after) {
        auto it = std::find_if(before.begin(), before.end(), [&](const Link& b) { return sameLink(b, l); });
        if (it == before.end() || it->flow != l.flow || it->strength != l.strength) out.push_back(l);
    }
    return out;
}

std::vector<std::string> wrapToWidth(ImFont* font, float fontSize, const std::string& text, float width, size_t maxLines,
                                     bool* cutOut) {
    if (!font) font = ImGui::GetFont();
    auto w = [&](const std::string& s) { return font->CalcTextSizeA(fontSize, FLT_MAX, 0.0f, s.c_str()).x; };
    // Words break at spaces, and after a hyphen ("Half-" / "sister") when a line needs it.
    struct Word {
        std::string text;
        bool spaceBefore;
    };
    std::vector<Word> words;
    std::string word;
    bool spaceBefore = true;
    for (char c : text) {
        if (c == ' ') {
            if (!word.empty()) words.push_back({word, spaceBefore});
            word.clear();
            spaceBefore = true;
        } else if (c == '-' && !word.empty()) {
            words.push_back({word + c, spaceBefore});
            word.clear();
            spaceBefore = false;
        } else {
            word += c;
        }
    }
    if (!word.empty()) words.push_back({word, spaceBefore});
    std::vector<std::string> lines;
    std::string line;
    size_t i = 0;
    bool cut = false;
    bool overflow = false; // a single word wider than the box
    for (; i < words.size(); ++i) {
        const std::string candidate = line.empty() ? words[i].text : line + (words[i].spaceBefore ? " " : "") + words[i].text;
        if (w(candidate) <= width || line.empty()) {
            line = candidate;
            continue;
        }
        overflow = overflow || w(line) > width;
        lines.push_back(line);
        line = words[i].text;
        if (lines.size() == maxLines) {
            cut = true;
            break;
        }
    }
    if (!cut && !line.empty()) lines.push_back(line);
    if (lines.size() > maxLines) {
        lines.resize(maxLines);
        cut = true;
    }
    if (lines.empty()) return lines;
    std::string& last = lines.back();
    if (cutOut) *cutOut = cut || overflow || w(last) > width;
    if (cut || w(last) > width) {
        const std::string ellipsis = "\xE2\x80\xA6";
        while (!last.empty() && w(last + ellipsis) > width) {
            size_t at = last.size() - 1;
            while (at > 0 && (static_cast<unsigned char>(last[at]) & 0xC0) == 0x80) --at;
            last.erase(at);
        }
        while (!last.empty() && (last.back() == ' ' || last.back() == ',')) last.pop_back();
        last += ellipsis;
    }
    return lines;
}

std::string describeLink(const Scenario& s, const Link& l) {
    const std::string a = shortNameOf(s, l.from), b = shortNameOf(s, l.to);
    std::string text = l.flow == Flow::TwoWay ? a + " and " + b + " share information both ways."
                                              : a + " passes information to " + b + " (one way).";
    text += l.strength == Strength::Critical ? "\nA critical link: the case turned on it." : "\nA peripheral link.";
    if (!l.note.empty()) text += "\n\n" + l.note;
    return text;
}

std::string describeAgency(const Scenario& s, const std::vector<Link>& links, const CastMember& c) {
    std::vector<std::string> gives, gets, both;
    for (const auto& l : links) {
        if (l.flow == Flow::TwoWay && (l.from == c.id || l.to == c.id)) both.push_back(shortNameOf(s, l.from == c.id ? l.to : l.from));
        else if (l.from == c.id) gives.push_back(shortNameOf(s, l.to));
        else if (l.to == c.id) gets.push_back(shortNameOf(s, l.from));
    }
    std::string text;
    auto list = [&](const char* label, const std::vector<std::string>& names) {
        if (names.empty()) return;
        text += text.empty() ? "" : " ";
        text += label;
        for (size_t i = 0; i < names.size(); ++i) text += (i ? ", " : " ") + names[i];
        text += ".";
    };
    list("Shares both ways with", both);
    list("Passes information to", gives);
    list("Hears from", gets);
    return text.empty() ? "Isolated: no information reaches or leaves this agency here." : text;
}


// [SECTION] Geometry: built once, appended every frame

namespace {

// What one build of a map leaves: its triangles (positions relative to `base`, the whole-pixel corner
// it was built at; indices relative to its first vertex) and what hover and probes need.
struct MapGeometry {
    struct Box {
        size_t cast; // index in the scenario's cast
        ImVec2 min, max;
    };
    struct Path {
        size_t index; // in the links shown, or in the missed links
        bool missed;
        std::vector<ImVec2> pts;
    };
    std::vector<ImDrawVert> vtx;
    std::vector<ImDrawIdx> idx;
    std::vector<Box> boxes;
    std::vector<Path> paths;
    bool replayable = true; // false: too many vertices for one 16-bit range; drawn straight each frame
    int labelLines = 0;     // lines a box holds
    int cutLabels = 0;      // names that did not fit whole
    int crossings = 0;      // links that run through a box they do not connect
    ImTextureID texture = nullptr; // the triangles drawn once by the canvas, shown from texMin to texMax
    bool opaque = false;           // the texture is cleared to the colour behind the map: copy it
    ImVec2 texMin, texMax;
};

// A link's route kept between builds (a map in transition is rebuilt every frame for a second, and a
// link routed around the boxes costs a search), by everything the route depends on (see buildMap).
struct LinkRoute {
    std::vector<ImVec2> pts; // relative to the map's corner
    bool crossing = false;   // it could not keep out of every box: counted each time it is drawn
};
using LinkRoutes = std::unordered_map<std::uint64_t, LinkRoute>;

// A rectangle a route keeps out of (a box grown by a margin).
struct Wall {
    ImVec2 min, max;
    [[nodiscard]] bool contains(ImVec2 p) const { return p.x > min.x && p.x < max.x && p.y > min.y && p.y < max.y; }
};

// A way from `from` to `to` that keeps out of `walls`, inside the map (p0, width x height): A* on a
// grid of `cell` squares (a square is walled when its centre is in a wall), then pulled straight
// wherever the way between two of its points is clear. Empty when there is none.
std::vector<ImVec2> routeOnGrid(const std::vector<Wall>& walls, ImVec2 p0, float width, float height, float cell, ImVec2 from,
                                ImVec2 to) {
    const int cols = std::max(1, static_cast<int>(width / cell)), rows = std::max(1, static_cast<int>(height / cell));
    auto centreOfCell = [&](int i) {
        return ImVec2(p0.x + (static_cast<float>(i % cols) + 0.5f) * cell, p0.y + (static_cast<float>(i / cols) + 0.5f) * cell);
    };
    std::vector<char> wall(static_cast<size_t>(cols * rows), 0);
    for (int i = 0; i < cols * rows; ++i)
        for (const Wall& w : walls)
            if (w.contains(centreOfCell(i))) wall[static_cast<size_t>(i)] = 1;
    auto cellOf = [&](ImVec2 q) {
        const int x = std::clamp(static_cast<int>((q.x - p0.x) / cell), 0, cols - 1);
        const int y = std::clamp(static_cast<int>((q.y - p0.y) / cell), 0, rows - 1);
        return y * cols + x;
    };
    const int start = cellOf(from), goal = cellOf(to);
    std::vector<float> cost(wall.size(), 1e30f);
    std::vector<int> came(wall.size(), -1);
    using Entry = std::pair<float, int>;
    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> open;
    auto guess = [&](int i) { return length(sub(centreOfCell(i), centreOfCell(goal))); };
    cost[static_cast<size_t>(start)] = 0;
    open.push({guess(start), start});
    while (!open.empty()) {
        const auto [f, i] = open.top();
        open.pop();
        if (i == goal) break;
        if (f > cost[static_cast<size_t>(i)] + guess(i) + 0.01f) continue; // a stale entry
        const int x = i % cols, y = i / cols;
        for (int dy = -1; dy <= 1; ++dy)
            for (int dx = -1; dx <= 1; ++dx) {
                const int nx = x + dx, ny = y + dy;
                if ((dx == 0 && dy == 0) || nx < 0 || ny < 0 || nx >= cols || ny >= rows) continue;
                const int n = ny * cols + nx;
                if (wall[static_cast<size_t>(n)]) continue;
                const float c = cost[static_cast<size_t>(i)] + cell * ((dx != 0 && dy != 0) ? 1.4142f : 1.0f);
                if (c >= cost[static_cast<size_t>(n)]) continue;
                cost[static_cast<size_t>(n)] = c;
                came[static_cast<size_t>(n)] = i;
                open.push({c + guess(n), n});
            }
    }
    if (came[static_cast<size_t>(goal)] < 0) return {};
    std::vector<ImVec2> route;
    for (int i = goal; i >= 0; i = came[static_cast<size_t>(i)]) route.push_back(centreOfCell(i));
    std::reverse(route.begin(), route.end());
    route.front() = from;
    route.back() = to;
    auto clear = [&](ImVec2 u, ImVec2 v) {
        const int steps = std::max(2, static_cast<int>(length(sub(v, u)) / (cell * 0.5f)));
        for (int k = 0; k <= steps; ++k)
            if (wall[static_cast<size_t>(cellOf(lerp(u, v, static_cast<float>(k) / static_cast<float>(steps))))]) return false;
        return true;
    };
    std::vector<ImVec2> pulled{route.front()};
    for (size_t i = 0; i + 1 < route.size();) {
        size_t j = route.size() - 1;
        while (j > i + 1 && !clear(route[i], route[j])) --j;
        pulled.push_back(route[j]);
        i = j;
    }
    return pulled;
}

// Corners rounded (Chaikin, twice), cutting at most `maxCut` from each corner so the curve keeps clear
// of the box it turns around; the ends stay where they are.
std::vector<ImVec2> roundCorners(std::vector<ImVec2> pts, float maxCut) {
    for (int pass = 0; pass < 2 && pts.size() > 2; ++pass) {
        std::vector<ImVec2> round{pts.front()};
        for (size_t i = 0; i + 1 < pts.size(); ++i) {
            const float seg = length(sub(pts[i + 1], pts[i]));
            const float cut = seg > 0 ? std::min(0.25f, maxCut / seg) : 0.25f;
            if (i > 0) round.push_back(lerp(pts[i], pts[i + 1], cut));
            if (i + 2 < pts.size()) round.push_back(lerp(pts[i], pts[i + 1], 1.0f - cut));
        }
        round.push_back(pts.back());
        pts = std::move(round);
    }
    return pts;
}

std::vector<std::string> isolatedOf(const Scenario& s, const std::vector<Link>& links) {
    std::vector<std::string> isolated;
    for (const auto& c : s.cast) {
        if (c.kind == "child") continue;
        const bool linked = std::any_of(links.begin(), links.end(), [&](const Link& l) { return l.from == c.id || l.to == c.id; });
        if (!linked) isolated.push_back(c.id);
    }
    return isolated;
}

// How a map's boxes fit an area: their size, the face and lines of their labels, and where the
// layout's unit square lands (pixels from the map's top-left corner).
struct BoxFit {
    float bw = 0, bh = 0, fontSize = 0, lineH = 0;
    size_t lines = 2;
    int cut = 0; // names that do not fit whole
    float sx = 1, sy = 1, ox = 0, oy = 0;
    // Each box's own width, by the layout's node order: the common width, the child's at least 4.5 em,
    // and a long name's box wider where the boxes level with it leave room.
    std::vector<float> widths;
    [[nodiscard]] float widthOf(const MapLayout& layout, const MapNodePos& p) const {
        const auto i = static_cast<size_t>(&p - layout.nodes.data());
        return i < widths.size() ? widths[i] : bw;
    }
};

BoxFit fitBoxes(const Scenario& s, const MapLayout& layout, const UiState& ui, float width, float height) {
    ImFont* font = ui.fonts.small ? ui.fonts.small : ImGui::GetFont();
    ImFont* bold = ui.fonts.bold ? ui.fonts.bold : ImGui::GetFont();
    const ImVec2 p0(0, 0);
    // Layout positions -> pixels: the nodes' extent stretched over the whole area (a wide panel turns
    // the ring into an ellipse, which gives long names more room), inset by half a box.
    double minX = 1, maxX = 0, minY = 1, maxY = 0;
    for (const auto& n : layout.nodes) {
        minX = std::min(minX, n.x);
        maxX = std::max(maxX, n.x);
        minY = std::min(minY, n.y);
        maxY = std::max(maxY, n.y);
    }
    if (maxX - minX < 1e-6) minX = 0, maxX = 1;
    if (maxY - minY < 1e-6) minY = 0, maxY = 1;
    float fontSize = (font->FontSize > 0 ? font->FontSize : ImGui::GetFontSize()) * (ui.fonts.small ? 1.0f : 0.85f);
    float lineH = fontSize * 1.15f;
    float bw = em(8), bh = 2 * lineH + em(0.35f), sx = 1, sy = 1, ox = p0.x, oy = p0.y;
    auto place = [&] {
        const float mx = bw * 0.5f + em(0.4f), my = bh * 0.5f + em(0.4f);
        sx = std::max(1.0f, width - 2 * mx) / static_cast<float>(maxX - minX);
        sy = std::max(1.0f, height - 2 * my) / static_cast<float>(maxY - minY);
        ox = p0.x + mx - static_cast<float>(minX) * sx;
        oy = p0.y + my - static_cast<float>(minY) * sy;
    };
    // Boxes as wide as the neighbours at about the same height allow (two boxes overlap only when
    // they are closer than a box width across AND a box height down).
    auto widthFor = [&](float h) {
        float w = em(10);
        for (size_t i = 0; i < layout.nodes.size(); ++i)
            for (size_t j = i + 1; j < layout.nodes.size(); ++j) {
                const float dy = static_cast<float>(std::abs(layout.nodes[i].y - layout.nodes[j].y)) * sy;
                if (dy < h + em(0.3f)) w = std::min(w, static_cast<float>(std::abs(layout.nodes[i].x - layout.nodes[j].x)) * sx - em(0.35f));
            }
        return w;
    };
    // The label a box shows, and how many labels would be cut at a box width and number of lines.
    const std::string childName = childNameOf(s);
    auto labelOf = [&](const CastMember& c) { return c.kind == "child" ? c.name : mapShortName(c.name, childName); };
    auto cutLabelsAt = [&](float boxW, size_t lines) {
        int n = 0;
        for (const auto& c : s.cast) {
            if (!layout.find(c.id)) continue;
            const bool child = c.kind == "child";
            bool cut = false;
            (void)wrapToWidth(child ? bold : font, fontSize, labelOf(c), (child ? std::max(boxW, em(4.5f)) : boxW) - em(0.4f),
                              lines, &cut);
            n += cut ? 1 : 0;
        }
        return n;
    };
    // The common width is what the tightest pair of level boxes allows. A name still cut at it takes a
    // wider box of its own when the boxes level with it (and the map's edges) leave room: half an em at
    // a time, the least that holds it whole, else the most there is. Returns the names still cut.
    const float gapX = em(0.35f), edge = em(0.2f);
    auto widen = [&](float boxW, float boxH, size_t lines, std::vector<float>& widths) {
        auto isCut = [&](const CastMember& c, float w) {
            bool cut = false;
            (void)wrapToWidth(c.kind == "child" ? bold : font, fontSize, labelOf(c), w - em(0.4f), lines, &cut);
            return cut;
        };
        widths.resize(layout.nodes.size());
        for (size_t i = 0; i < layout.nodes.size(); ++i) widths[i] = layout.nodes[i].kind == "child" ? std::max(boxW, em(4.5f)) : boxW;
        int cutNames = 0;
        for (size_t i = 0; i < layout.nodes.size(); ++i) {
            const MapNodePos& n = layout.nodes[i];
            const CastMember* c = s.castMember(n.id);
            if (!c || !isCut(*c, widths[i])) continue;
            const float cx = ox + static_cast<float>(n.x) * sx;
            float limit = 2.0f * std::min(cx - edge, width - cx - edge);
            for (size_t j = 0; j < layout.nodes.size(); ++j) {
                if (j == i || static_cast<float>(std::abs(layout.nodes[j].y - n.y)) * sy >= boxH + em(0.3f)) continue;
                const float dx = static_cast<float>(std::abs(layout.nodes[j].x - n.x)) * sx;
                limit = std::min(limit, 2.0f * (dx - widths[j] * 0.5f - gapX));
            }
            bool cut = true;
            for (float w = widths[i] + em(0.5f); cut && w <= limit; w += em(0.5f)) {
                widths[i] = w;
                cut = isCut(*c, w);
            }
            cutNames += cut ? 1 : 0;
        }
        return cutNames;
    };
    // Boxes of one to four lines: the fewest lines that hold every name whole at the width the
    // neighbours allow (widened where they leave room); else the choice that cuts fewest names. A
    // smaller face is the last resort (passes: the width depends on the spread, which depends on the
    // box size).
    size_t boxLines = 2;
    std::vector<float> widths;
    for (int pass = 0; pass < 4; ++pass) {
        if (pass >= 2 && (bw < em(4.0f) || widen(bw, bh, boxLines, widths) > 0) && fontSize > em(0.62f)) { // still cramped
            fontSize = std::max(em(0.62f), fontSize * 0.9f);
            lineH = fontSize * 1.15f;
        }
        place();
        int bestCut = -1;
        for (size_t k = 1; k <= 4; ++k) {
            const float hk = static_cast<float>(k) * lineH + em(0.35f);
            const float wk = std::max(widthFor(hk), em(2.5f));
            int cut = cutLabelsAt(wk, k);
            if (cut > 0 && (bestCut < 0 || cut < bestCut + 3)) cut = widen(wk, hk, k, widths); // only where it may win
            if (bestCut < 0 || cut < bestCut) {
                bestCut = cut;
                boxLines = k;
                bh = hk;
                bw = wk;
            }
            if (cut == 0) break;
        }
    }
    place();
    BoxFit fit;
    fit.bw = bw;
    fit.bh = bh;
    fit.fontSize = fontSize;
    fit.lineH = lineH;
    fit.lines = boxLines;
    fit.sx = sx;
    fit.sy = sy;
    fit.ox = ox;
    fit.oy = oy;
    fit.cut = widen(bw, bh, boxLines, fit.widths);
    return fit;
}

// Builds the map's triangles into `dl` with its top-left corner at p0, and its boxes and link paths
// (absolute positions) into `g`. Links routed around boxes are kept in (and taken from) `routes`.
void buildMap(MapGeometry& g, const MapViewInput& in, const UiState& ui, float width, float height, ImVec2 p0, ImDrawList* dl,
              LinkRoutes& routes) {
    const Scenario& s = *in.scenario;
    const std::vector<Link>& links = *in.links;
    const MapLayout layout = layoutMap(s);
    ImFont* font = ui.fonts.small ? ui.fonts.small : ImGui::GetFont();
    ImFont* bold = ui.fonts.bold ? ui.fonts.bold : ImGui::GetFont();
    dl->AddRectFilled(p0, ImVec2(p0.x + width, p0.y + height), ImGui::GetColorU32(ui.palette.background), em(0.4f));
    dl->AddRect(p0, ImVec2(p0.x + width, p0.y + height), ImGui::GetColorU32(withAlpha(ui.palette.border, 0.5f)), em(0.4f));

    const BoxFit fit = fitBoxes(s, layout, ui, width, height);
    const float bw = fit.bw, bh = fit.bh, fontSize = fit.fontSize, lineH = fit.lineH, sx = fit.sx, sy = fit.sy;
    const float ox = p0.x + fit.ox, oy = p0.y + fit.oy;
    const size_t boxLines = fit.lines;
    const std::string childName = childNameOf(s);
    auto labelOf = [&](const CastMember& c) { return c.kind == "child" ? c.name : mapShortName(c.name, childName); };
    auto centreOf = [&](const MapNodePos& p) { return ImVec2(ox + static_cast<float>(p.x) * sx, oy + static_cast<float>(p.y) * sy); };

    const std::vector<std::string> isolated = isolatedOf(s, links);
    auto isIsolated = [&](const std::string& cid) { return std::find(isolated.begin(), isolated.end(), cid) != isolated.end(); };

    // [Links] geometry: box edge to box edge, bending around the child's box like the report.
    // Half the size of a node's box (its own width: see BoxFit::widths).
    auto halfOf = [&](const MapNodePos& p) { return ImVec2(fit.widthOf(layout, p) * 0.5f, bh * 0.5f); };
    // A link goes from box edge to box edge. A straight line that would pass under another box bends
    // (a quadratic curve, tried at growing offsets on either side) until it clears every box, so a
    // link never seems to touch an agency it does not connect.
    int crossings = 0; // links that could not clear every box they do not connect
    auto routeFor = [&](const Link& l) {
        std::vector<ImVec2> pts;
        const MapNodePos* a = layout.find(l.from);
        const MapNodePos* b = layout.find(l.to);
        if (!a || !b || a == b) return pts;
        const ImVec2 pa = centreOf(*a), pb = centreOf(*b);
        const ImVec2 d = sub(pb, pa);
        const float len = length(d);
        if (len < 1) return pts;
        const float pad = em(0.15f);
        auto clipFrom = [&](ImVec2 from, ImVec2 toward, ImVec2 half) {
            const ImVec2 dir = sub(toward, from);
            const float tx = std::abs(dir.x) < 1e-6f ? 1e9f : (half.x + pad) / std::abs(dir.x);
            const float ty = std::abs(dir.y) < 1e-6f ? 1e9f : (half.y + pad) / std::abs(dir.y);
            return add(from, mul(dir, std::min({tx, ty, 0.45f})));
        };
        auto blocked = [&](const std::vector<ImVec2>& samples) {
            int n = 0;
            for (const auto& node : layout.nodes) {
                if (&node == a || &node == b) continue;
                const ImVec2 c = centreOf(node), h = halfOf(node);
                for (const auto& q : samples)
                    if (std::abs(q.x - c.x) < h.x + em(0.2f) && std::abs(q.y - c.y) < h.y + em(0.2f)) ++n;
            }
            return n;
        };
        auto densely = [&](const std::vector<ImVec2>& v) { // the drawn points, 8 samples a segment
            std::vector<ImVec2> out;
            for (size_t i = 0; i + 1 < v.size(); ++i)
                for (int k = 0; k < 8; ++k) out.push_back(lerp(v[i], v[i + 1], static_cast<float>(k) / 8.0f));
            if (!v.empty()) out.push_back(v.back());
            return out;
        };
        // Samples inside a box (a line that grazes a box's edge or corner by a pixel or two is not
        // "through" it; a rounded corner is not even drawn there).
        auto inside = [&](const std::vector<ImVec2>& samples, float graze = em(0.15f)) {
            int n = 0;
            for (const auto& node : layout.nodes) {
                if (&node == a || &node == b) continue;
                const ImVec2 c = centreOf(node), h = halfOf(node);
                for (const auto& q : samples)
                    if (std::abs(q.x - c.x) < h.x - graze && std::abs(q.y - c.y) < h.y - graze) ++n;
            }
            return n;
        };
        const ImVec2 normal(-d.y / len, d.x / len);
        const ImVec2 mid = mul(add(pa, pb), 0.5f);
        int bestHits = 1 << 30;
        for (const float k : {0.0f, 1.0f, -1.0f, 2.0f, -2.0f, 3.0f, -3.0f, 4.5f, -4.5f}) {
            std::vector<ImVec2> drawn;
            if (k == 0.0f) {
                const ImVec2 s0 = clipFrom(pa, pb, halfOf(*a)), s1 = clipFrom(pb, pa, halfOf(*b));
                drawn = {s0, s1};
            } else {
                const ImVec2 q = add(mid, mul(normal, k * em(2.2f)));
                const ImVec2 s0 = clipFrom(pa, q, halfOf(*a)), s1 = clipFrom(pb, q, halfOf(*b));
                // About one segment per 0.8 em of the curve (at most the 24 it always had): a short
                // bend needs few, and every segment is several triangles per frame.
                const int segments = std::clamp(static_cast<int>((length(sub(q, s0)) + length(sub(s1, q))) / em(0.8f)), 8, 24);
                for (int i = 0; i <= segments; ++i) {
                    const float t = static_cast<float>(i) / static_cast<float>(segments);
                    drawn.push_back(lerp(lerp(s0, q, t), lerp(q, s1, t), t));
                }
            }
            // The polyline as drawn, not the curve it follows: its chords cut a bend's inside.
            const int hits = blocked(densely(drawn));
            if (hits < bestHits) {
                bestHits = hits;
                pts = std::move(drawn);
            }
            if (hits == 0) break;
        }
        // A long link across a crowded map may find no clear bend beside its straight line (at 720p or a
        // large scale the boxes fill the map). Then: a curve through a gap anywhere on the map, either
        // one bend through it or an S through it (two bends, smooth at the gap), the shortest of those
        // that enter no box; a curve that only grazes a box's margin is the last resort.
        if (bestHits > 0) {
            auto within = [&](const std::vector<ImVec2>& samples) {
                return std::all_of(samples.begin(), samples.end(), [&](ImVec2 v) {
                    return v.x >= p0.x && v.x <= p0.x + width && v.y >= p0.y && v.y <= p0.y + height;
                });
            };
            auto quad = [](ImVec2 from, ImVec2 control, ImVec2 to, int n, std::vector<ImVec2>& out) {
                for (int i = out.empty() ? 0 : 1; i <= n; ++i) {
                    const float t = static_cast<float>(i) / static_cast<float>(n);
                    out.push_back(lerp(lerp(from, control, t), lerp(control, to, t), t));
                }
            };
            auto lengthOf = [](const std::vector<ImVec2>& v) {
                float total = 0;
                for (size_t i = 1; i < v.size(); ++i) total += length(sub(v[i], v[i - 1]));
                return total;
            };
            int bestInside = inside(densely(pts));
            float bestLength = 1e30f;
            constexpr int kCols = 16, kRows = 10;
            for (int gy = 0; gy <= kRows; ++gy)
                for (int gx = 0; gx <= kCols; ++gx) {
                    const ImVec2 gap(p0.x + width * static_cast<float>(gx) / kCols, p0.y + height * static_cast<float>(gy) / kRows);
                    for (int shape = 0; shape < 2; ++shape) {
                        std::vector<ImVec2> curve;
                        if (shape == 0) { // one bend whose middle passes through the gap
                            const ImVec2 q = sub(mul(gap, 2.0f), mid);
                            quad(clipFrom(pa, q, halfOf(*a)), q, clipFrom(pb, q, halfOf(*b)), 40, curve);
                        } else { // an S: two bends meeting at the gap, heading from a toward b there
                            const ImVec2 s0 = clipFrom(pa, gap, halfOf(*a)), s1 = clipFrom(pb, gap, halfOf(*b));
                            const ImVec2 dir = mul(d, 1.0f / len);
                            const ImVec2 c0 = sub(gap, mul(dir, length(sub(gap, s0)) * 0.5f));
                            const ImVec2 c1 = add(gap, mul(dir, length(sub(s1, gap)) * 0.5f));
                            quad(s0, c0, gap, 20, curve);
                            quad(gap, c1, s1, 20, curve);
                        }
                        if (!within(curve)) continue;
                        const std::vector<ImVec2> drawnCurve = densely(curve); // its chords, as drawn
                        const int in = inside(drawnCurve);
                        if (in > bestInside) continue;
                        const int hits = blocked(drawnCurve);
                        const float curveLength = lengthOf(curve);
                        const bool better = in < bestInside || hits < bestHits || (hits == bestHits && curveLength < bestLength);
                        if (!better) continue;
                        bestInside = in;
                        bestHits = hits;
                        bestLength = curveLength;
                        pts = std::move(curve);
                    }
                }
            // Still through a box: a route around the boxes (and a margin), its corners rounded; a
            // narrower margin when the wider one leaves no way through.
            for (const float marginEm : {0.3f, 0.12f}) {
                if (bestInside == 0) break;
                std::vector<Wall> walls;
                for (const auto& node : layout.nodes) {
                    if (&node == a || &node == b) continue;
                    const ImVec2 c = centreOf(node), h = halfOf(node), m(em(marginEm), em(marginEm));
                    walls.push_back({sub(sub(c, h), m), add(add(c, h), m)});
                }
                std::vector<ImVec2> pulled = routeOnGrid(walls, p0, width, height, em(0.35f), pa, pb);
                if (pulled.size() < 2) continue;
                pulled.front() = clipFrom(pa, pulled[1], halfOf(*a));
                pulled.back() = clipFrom(pb, pulled[pulled.size() - 2], halfOf(*b));
                std::vector<ImVec2> rounded = roundCorners(pulled, em(0.5f));
                for (std::vector<ImVec2>* candidate : {&rounded, &pulled}) {
                    const int in = inside(densely(*candidate));
                    if (in < bestInside) {
                        bestInside = in;
                        pts = *candidate;
                    }
                }
            }
        }
        // Counted as through a box when it enters by more than a quarter em (its rounded corner is
        // about that): the routes above keep a margin, so only a link with no way round is counted.
        crossings += inside(densely(pts), em(0.25f)) > 0 ? 1 : 0;
        return pts;
    };
    // A route depends only on the boxes' layout and size, the map's size and the scale, and its two ends:
    // all in the key of the routes kept between builds.
    auto pathFor = [&](const Link& l) {
        std::uint64_t h = 1469598103934665603ull;
        auto mix = [&h](const void* data, size_t n) {
            const auto* bytes = static_cast<const unsigned char*>(data);
            for (size_t k = 0; k < n; ++k) h = (h ^ bytes[k]) * 1099511628211ull;
        };
        const float sizes[] = {width, height, bw, bh, sx, sy, fit.ox, fit.oy, em(1)};
        mix(sizes, sizeof sizes);
        for (const auto& node : layout.nodes) { // the boxes (a reloaded case may reuse an address)
            mix(node.id.data(), node.id.size());
            mix(&node.x, sizeof node.x);
            mix(&node.y, sizeof node.y);
            mix(node.kind.data(), node.kind.size());
        }
        mix(l.from.data(), l.from.size());
        mix("\0", 1);
        mix(l.to.data(), l.to.size());
        if (auto it = routes.find(h); it != routes.end()) {
            std::vector<ImVec2> pts = it->second.pts;
            for (auto& q : pts) q = add(q, p0);
            crossings += it->second.crossing ? 1 : 0;
            return pts;
        }
        const int crossingsBefore = crossings;
        std::vector<ImVec2> pts = routeFor(l);
        if (routes.size() > 512) routes.clear();
        LinkRoute& kept = routes[h];
        kept.pts = pts;
        for (auto& q : kept.pts) q = sub(q, p0);
        kept.crossing = crossings > crossingsBefore;
        return pts;
    };

    const float eased = 1.0f - std::pow(1.0f - std::clamp(in.freshProgress, 0.0f, 1.0f), 3.0f);
    // Links the last step made stay in the accent colour (the legend's "new link") until the next step;
    // during the transition they also fade in under a shrinking halo.
    auto isFresh = [&](const Link& l) { return std::any_of(in.fresh.begin(), in.fresh.end(), [&](const Link& f) { return sameLink(f, l); }); };

    auto drawLink = [&](const Link& l, const DebriefLink* missed, size_t index) {
        std::vector<ImVec2> pts = pathFor(l);
        if (pts.size() < 2) return;
        const bool critical = l.strength == Strength::Critical;
        const LinkStyle style = linkStyle(ui.palette, missed ? LinkKind::Missed : critical ? LinkKind::Critical : LinkKind::Peripheral);
        const float thick = style.thickness;
        const float head = style.head;
        ImVec4 colour = style.colour;
        const bool fresh = !missed && isFresh(l);
        if (fresh) colour = ui.palette.accentText;
        const std::vector<ImVec2> full = pts;
        if (fresh && eased < 1.0f) {
            // A halo that shrinks as the link settles: the eye finds the change.
            const float halo = em(0.9f) * (1.0f - eased);
            dl->AddPolyline(full.data(), static_cast<int>(full.size()), ImGui::GetColorU32(withAlpha(ui.palette.accent, 0.45f * (1.0f - eased))), 0,
                            thick + halo);
            colour.w = 0.25f + 0.75f * eased;
        }
        const ImU32 col = ImGui::GetColorU32(colour);
        // Arrow heads: at the receiving end; at both ends for two-way.
        std::vector<ImVec2> body = pts;
        trimEnd(body, head * 0.8f);
        if (l.flow == Flow::TwoWay) {
            std::reverse(body.begin(), body.end());
            trimEnd(body, head * 0.8f);
            std::reverse(body.begin(), body.end());
        }
        strokePath(dl, body, col, thick, style.dash, style.gap, style.dots);
        arrowHead(dl, full.back(), full[full.size() - 2], head, col);
        if (l.flow == Flow::TwoWay) arrowHead(dl, full.front(), full[1], head, col);
        g.paths.push_back({index, missed != nullptr, full});
    };
    for (size_t i = 0; i < links.size(); ++i) drawLink(links[i], nullptr, i);
    if (in.missed)
        for (size_t i = 0; i < in.missed->size(); ++i) drawLink((*in.missed)[i].link, &(*in.missed)[i], i);

    // [Nodes]
    const float rounding = em(0.3f);
    int cutLabels = 0;
    for (size_t ci = 0; ci < s.cast.size(); ++ci) {
        const CastMember& c = s.cast[ci];
        const MapNodePos* p = layout.find(c.id);
        if (!p) continue;
        const ImVec2 ctr = centreOf(*p);
        const bool child = c.kind == "child";
        const bool iso = isIsolated(c.id);
        const float w = fit.widthOf(layout, *p);
        const ImVec2 mn(ctr.x - w / 2, ctr.y - bh / 2), mx(ctr.x + w / 2, ctr.y + bh / 2);
        const ImVec4 kc = mapNodeOutline(ui.palette, c.kind);
        const bool touched = std::any_of(in.fresh.begin(), in.fresh.end(), [&](const Link& f) { return f.from == c.id || f.to == c.id; }) &&
                             in.freshProgress < 1.0f;
        if (iso) {
            dl->AddRectFilled(mn, mx, ImGui::GetColorU32(ui.palette.background), rounding);
            const std::vector<ImVec2> outline{mn, ImVec2(mx.x, mn.y), mx, ImVec2(mn.x, mx.y), mn};
            strokePath(dl, outline, ImGui::GetColorU32(ui.palette.textMuted), std::max(1.0f, em(0.07f)), em(0.35f), em(0.25f), false);
        } else {
            dl->AddRectFilled(mn, mx, ImGui::GetColorU32(mapNodeFill(ui.palette, c.kind)), rounding);
            dl->AddRect(mn, mx, ImGui::GetColorU32(touched ? mix(ui.palette.accentText, kc, eased) : kc), rounding, 0,
                        child ? std::max(2.0f, em(0.14f)) : std::max(1.2f, em(0.08f)));
        }
        ImFont* f = child ? bold : font;
        bool cut = false;
        const auto lines = wrapToWidth(f, fontSize, labelOf(c), w - em(0.4f), boxLines, &cut);
        cutLabels += cut ? 1 : 0;
        float y = ctr.y - lineH * static_cast<float>(lines.size()) * 0.5f + (lineH - fontSize) * 0.5f;
        const ImU32 textCol = ImGui::GetColorU32(iso ? ui.palette.textMuted : ui.palette.text);
        for (const auto& line : lines) {
            const float tw = f->CalcTextSizeA(fontSize, FLT_MAX, 0, line.c_str()).x;
            dl->AddText(f, fontSize, ImVec2(ctr.x - tw / 2, y), textCol, line.c_str());
            y += lineH;
        }
        g.boxes.push_back({ci, mn, mx});
    }
    g.labelLines = static_cast<int>(boxLines);
    g.cutLabels = cutLabels;
    g.crossings = crossings;
}

// FNV-1a over everything a build reads, so an unchanged map is recognised with no layout work.
struct KeyHash {
    std::uint64_t h = 1469598103934665603ull;
    void bytes(const void* p, size_t n) {
        const auto* b = static_cast<const unsigned char*>(p);
        for (size_t i = 0; i < n; ++i) h = (h ^ b[i]) * 1099511628211ull;
    }
    template <class T>
    void pod(const T& v) {
        bytes(&v, sizeof v);
    }
    void str(const std::string& v) {
        pod(v.size());
        bytes(v.data(), v.size());
    }
    void link(const Link& l) {
        str(l.from);
        str(l.to);
        pod(l.flow);
        pod(l.strength);
    }
};

std::uint64_t keyOf(const MapViewInput& in, const UiState& ui, float width, float height, ImVec2 fraction, const ImDrawList* dl) {
    KeyHash k;
    k.pod(ImGui::GetCurrentContext());
    k.pod(in.scenario);
    for (const auto& c : in.scenario->cast) {
        k.str(c.id);
        k.str(c.kind);
        k.str(c.name);
    }
    k.pod(in.links->size());
    for (const auto& l : *in.links) k.link(l);
    k.pod(in.missed ? in.missed->size() : size_t{0});
    if (in.missed)
        for (const auto& m : *in.missed) k.link(m.link);
    k.pod(in.fresh.size());
    for (const auto& l : in.fresh) k.link(l);
    k.pod(ui.palette); // the theme
    k.pod(in.behind);
    k.pod(ui.fonts.small);
    k.pod(ui.fonts.bold);
    k.pod(ImGui::GetFont());
    k.pod(ImGui::GetFontSize()); // the scale
    k.pod(ImGui::GetStyle().Alpha);
    // The atlas: rebuilt (another scale, the projector's faces added) it moves every glyph.
    const ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    k.pod(atlas->TexID);
    k.pod(atlas->TexWidth);
    k.pod(atlas->TexHeight);
    k.pod(atlas->TexUvWhitePixel);
    for (const ImFont* f : {ui.fonts.small, ui.fonts.bold, ImGui::GetFont()})
        if (f)
            if (const ImFontGlyph* glyph = f->FindGlyphNoFallback('A')) k.pod(glyph->U0), k.pod(glyph->V0);
    k.pod(dl->Flags);
    k.pod(width);
    k.pod(height);
    k.pod(fraction); // text snaps to whole pixels: a map moved by a fraction of one is built again
    return k.h;
}

struct MapCacheEntry {
    std::uint64_t key = 0;
    int lastFrame = 0;
    MapGeometry geometry;
};

} // namespace

// Draw commands per ImGui context (the console and the projector window have one each) and map widget
// (by ImGui id), not model state: it changes nothing a view reads, and a frame with an empty memo
// draws the same pixels.
struct MapMemo {
    std::unordered_map<ImGuiContext*, std::unordered_map<ImGuiID, MapCacheEntry>> contexts;
    struct GrownHeight {
        float height = 0;
        int cut = 0; // names still cut at that height
    };
    std::unordered_map<std::uint64_t, GrownHeight> heights; // grown map heights, by what they depend on
    LinkRoutes routes;                                 // links routed around boxes (buildMap)
    MapCacheStats stats;
    MapCanvas* canvas = nullptr;
};

std::shared_ptr<MapMemo> newMapMemo() { return std::make_shared<MapMemo>(); }

namespace {

void releaseTexture(MapMemo& memo, MapGeometry& g) {
    if (g.texture && memo.canvas) memo.canvas->release(g.texture);
    g.texture = nullptr;
}

// The geometry for this map, from the cache when nothing it depends on changed. A map in transition
// (freshProgress < 1) changes every frame and is built every frame.
const MapGeometry& geometryFor(ImGuiID id, const MapViewInput& in, const UiState& ui, float width, float height, ImVec2 base,
                               ImVec2 p0, const ImDrawList* target) {
    IM_ASSERT(ui.mapMemo && "a UiState always has a map memo");
    MapMemo& memo = *ui.mapMemo;
    auto& entries = memo.contexts[ImGui::GetCurrentContext()];
    const int frame = ImGui::GetFrameCount();
    if (entries.size() > 4) // maps no longer drawn (another screen, another case): textures are memory
        for (auto it = entries.begin(); it != entries.end();) {
            if (frame - it->second.lastFrame <= 2) {
                ++it;
                continue;
            }
            releaseTexture(memo, it->second.geometry);
            it = entries.erase(it);
        }
    const bool settled = in.freshProgress >= 1.0f;
    const std::uint64_t key = keyOf(in, ui, width, height, sub(p0, base), target);
    MapCacheEntry& e = entries[id];
    e.lastFrame = frame;
    if (settled && e.key == key && key != 0) {
        ++memo.stats.reuses;
        return e.geometry;
    }
    ++memo.stats.builds;
    e.key = settled ? key : 0;
    releaseTexture(memo, e.geometry);
    e.geometry = {};
    // Built into a scratch list: no clip rect but the map's own extent, so no text line is culled by
    // where the window happens to be scrolled when it is built.
    ImDrawList scratch(ImGui::GetDrawListSharedData());
    scratch._ResetForNewFrame();
    scratch.Flags = target->Flags & ~ImDrawListFlags_AllowVtxOffset;
    scratch.PushClipRect(ImVec2(p0.x - 1, p0.y - 1), ImVec2(p0.x + width + 1, p0.y + height + 1));
    scratch.PushTextureID(ImGui::GetIO().Fonts->TexID);
    buildMap(e.geometry, in, ui, width, height, p0, &scratch, memo.routes);
    MapGeometry& g = e.geometry;
    memo.stats.labelLines = g.labelLines;
    memo.stats.cutLabels = g.cutLabels;
    memo.stats.linkCrossings += g.crossings;
    g.replayable = scratch.VtxBuffer.Size < (1 << 16);
    if (g.replayable) {
        g.vtx.assign(scratch.VtxBuffer.begin(), scratch.VtxBuffer.end());
        g.idx.assign(scratch.IdxBuffer.begin(), scratch.IdxBuffer.end());
        for (auto& v : g.vtx) v.pos = sub(v.pos, base);
    }
    // Drawn once into a texture when the platform offers a canvas and the map will be shown again as
    // it is (a map in transition changes every frame: its triangles are appended instead).
    if (g.replayable && settled && memo.canvas) {
        const ImVec2 texMin(base.x - 1, base.y - 1);
        const ImVec2 texMax(std::ceil(p0.x + width) + 1, std::ceil(p0.y + height) + 1);
        scratch._PopUnusedDrawCmd();
        // Cleared to what it sits on when that is known (then copied, see MapViewInput::behind), else to
        // nothing, with the window's colour under the alpha so the rounded corners blend onto it.
        const ImVec4 clear = in.behind.w >= 1.0f ? in.behind : ImVec4(ui.palette.background.x, ui.palette.background.y, ui.palette.background.z, 0.0f);
        g.texture = memo.canvas->render(scratch, texMin, sub(texMax, texMin), clear);
        g.opaque = in.behind.w >= 1.0f;
        g.texMin = sub(texMin, base);
        g.texMax = sub(texMax, base);
    }
    for (auto& b : g.boxes) b.min = sub(b.min, base), b.max = sub(b.max, base);
    for (auto& path : g.paths)
        for (auto& q : path.pts) q = sub(q, base);
    return g;
}

// Appends cached triangles to the window's list, moved to `base`: a copy, no geometry work.
void appendTranslated(ImDrawList* dl, const MapGeometry& g, ImVec2 base) {
    if (g.vtx.empty()) return;
    dl->PrimReserve(static_cast<int>(g.idx.size()), static_cast<int>(g.vtx.size()));
    const unsigned first = dl->_VtxCurrentIdx; // after PrimReserve, which may start a new 64k range
    ImDrawVert* v = dl->_VtxWritePtr;
    for (const ImDrawVert& src : g.vtx) {
        *v = src;
        v->pos = add(src.pos, base);
        ++v;
    }
    ImDrawIdx* ix = dl->_IdxWritePtr;
    for (const ImDrawIdx i : g.idx) *ix++ = static_cast<ImDrawIdx>(first + i);
    dl->_VtxWritePtr = v;
    dl->_IdxWritePtr = ix;
    dl->_VtxCurrentIdx += static_cast<unsigned>(g.vtx.size());
}

} // namespace

MapCacheStats mapCacheStats(const UiState& ui) { return ui.mapMemo->stats; }

void resetMapCache(UiState& ui) {
    MapMemo& memo = *ui.mapMemo;
    for (auto& [context, entries] : memo.contexts)
        for (auto& [id, e] : entries) releaseTexture(memo, e.geometry);
    memo.contexts.clear();
    memo.heights.clear();
    memo.routes.clear();
    memo.stats = {};
}

void setMapCanvas(UiState& ui, MapCanvas* canvas) { ui.mapMemo->canvas = canvas; }

// [SECTION] The widget

LinkStyle linkStyle(const Palette& p, LinkKind kind) {
    switch (kind) {
    case LinkKind::Critical: return {p.text, std::max(2.0f, em(0.17f)), em(0.62f), 0, 0, false};
    case LinkKind::Peripheral: return {p.textMuted, std::max(1.2f, em(0.08f)), em(0.5f), em(0.55f), em(0.4f), false};
    case LinkKind::Missed: return {p.danger, std::max(2.0f, em(0.13f)), em(0.5f), 0, em(0.42f), true};
    }
    return {p.text, 1, em(0.5f), 0, 0, false};
}

namespace {

const MapMemo::GrownHeight& grownHeight(const MapViewInput& in, const UiState& ui, float width, float height) {
    KeyHash k;
    k.pod(in.scenario);
    k.pod(width);
    k.pod(height);
    k.pod(em(1));
    for (const ImFont* f : {ui.fonts.small, ui.fonts.bold}) {
        k.pod(f);
        k.pod(f ? f->FontSize : 0.0f);
    }
    auto [it, fresh] = ui.mapMemo->heights.try_emplace(k.h, MapMemo::GrownHeight{height, 0});
    if (!fresh) return it->second;
    // Taller, a step at a time, until every name is whole (the rows spread apart, so each box can be
    // wider as well as taller); at most four times the space offered.
    const MapLayout layout = layoutMap(*in.scenario);
    float best = height;
    int bestCut = fitBoxes(*in.scenario, layout, ui, width, height).cut;
    for (float h = height * 1.15f; bestCut > 0 && h <= height * 4.0f; h *= 1.15f) {
        const int cut = fitBoxes(*in.scenario, layout, ui, width, h).cut;
        if (cut < bestCut) bestCut = cut, best = h;
    }
    it->second = {std::floor(best), bestCut};
    return it->second;
}

} // namespace

float mapHeightFor(const MapViewInput& in, const UiState& ui, float width, float height) {
    if (!in.scenario || !in.links) return height;
    return grownHeight(in, ui, width, height).height;
}

int mapCutNamesFor(const MapViewInput& in, const UiState& ui, float width, float height) {
    if (!in.scenario || !in.links) return 0;
    return grownHeight(in, ui, width, height).cut;
}

void drawInfoMap(const char* id, const MapViewInput& in, UiState& ui, float width, float offeredHeight) {
    if (!in.scenario || !in.links) return;
    const float height = mapHeightFor(in, ui, width, offeredHeight);
    const Scenario& s = *in.scenario;
    const std::vector<Link>& links = *in.links;

    ImGui::PushID(id);
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const ImGuiID mapId = ImGui::GetID("##map");
    ImGui::InvisibleButton("##map", ImVec2(width, height));
    const bool hovered = ImGui::IsItemHovered();
    const bool keyboardFocused = itemKeyboardFocused();
    // Scrolled out of its window: no geometry at all (unless a test reads the probes).
    const bool visible = ImGui::IsItemVisible();
    if (!in.probe.empty()) WP_PROBE(in.probe);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float rounding = em(0.3f);
    const float thickCritical = std::max(2.0f, em(0.17f));
    const float thickPeripheral = std::max(1.2f, em(0.08f));
    const std::vector<std::string> isolated = isolatedOf(s, links);
    auto isIsolated = [&](const std::string& cid) { return std::find(isolated.begin(), isolated.end(), cid) != isolated.end(); };

    const bool probing = !in.probe.empty() && probesActive();
    if (visible || probing) {
        const ImVec2 base(std::floor(p0.x), std::floor(p0.y));
        const MapGeometry& g = geometryFor(mapId, in, ui, width, height, base, p0, dl);
        if (visible) {
            ++ui.mapMemo->stats.draws;
            if (g.texture) {
                const ImVec2 min = add(g.texMin, base), max = add(g.texMax, base);
                if (g.opaque && ui.mapMemo->canvas && ui.mapMemo->canvas->present(*dl, g.texture, min, max))
                    excludeFromBackdrops(min, max); // the copy covers the panel's backdrop there: fill it once
                else
                    dl->AddImage(g.texture, min, max, ImVec2(0, 1), ImVec2(1, 0));
            } else if (g.replayable) {
                appendTranslated(dl, g, base);
                ui.textScaledThisFrame = true; // the labels' size is fitted to the boxes
            } else {
                ui.textScaledThisFrame = true;
                MapGeometry direct;
                buildMap(direct, in, ui, width, height, p0, dl, ui.mapMemo->routes);
            }
            // 1.86 draws no focus ring for an invisible button: without this one the keyboard focus
            // vanished on the map. Drawn each frame, never part of the cached map.
            if (keyboardFocused)
                dl->AddRect(ImVec2(p0.x - 3, p0.y - 3), ImVec2(p0.x + width + 3, p0.y + height + 3),
                            ImGui::GetColorU32(ImGuiCol_NavHighlight), em(0.4f), 0, 2.0f);
        }
        auto at = [&](ImVec2 q) { return add(q, base); };
        if (probing) {
            for (const auto& b : g.boxes) probeRect(in.probe + "/node/" + s.cast[b.cast].id, at(b.min), at(b.max));
            for (const auto& d : g.paths) {
                const Link& l = d.missed ? (*in.missed)[d.index].link : links[d.index];
                const ImVec2 mid = at(pointAlong(d.pts, pathLength(d.pts) * 0.5f));
                probeRect(in.probe + (d.missed ? "/missed/" : "/link/") + l.from + ">" + l.to, ImVec2(mid.x - 2, mid.y - 2),
                          ImVec2(mid.x + 2, mid.y + 2));
            }
        }

        // [Hover] a node wins over a link under it.
        if (hovered && visible) {
            const ImVec2 mouse = sub(ImGui::GetIO().MousePos, base);
            const MapGeometry::Box* overNode = nullptr;
            for (const auto& b : g.boxes)
                if (mouse.x >= b.min.x && mouse.x <= b.max.x && mouse.y >= b.min.y && mouse.y <= b.max.y) overNode = &b;
            const MapGeometry::Path* overLink = nullptr;
            if (!overNode) {
                float best = em(0.5f);
                for (const auto& d : g.paths) {
                    const float dist = distanceToPath(mouse, d.pts);
                    if (dist < best) {
                        best = dist;
                        overLink = &d;
                    }
                }
            }
            if (overNode) {
                const CastMember& c = s.cast[overNode->cast];
                dl->AddRect(at(overNode->min), at(overNode->max), ImGui::GetColorU32(ui.palette.accentText), rounding, 0, std::max(2.0f, em(0.14f)));
                beginPaddedTooltip();
                ImGui::PushTextWrapPos(em(24));
                pushFont(ui.fonts.bold);
                ImGui::TextUnformatted(c.name.c_str());
                popFont(ui.fonts.bold);
                ImGui::TextColored(ui.palette.textMuted, "%s", kindLabel(c.kind));
                if (!c.description.empty()) ImGui::TextUnformatted(c.description.c_str());
                std::vector<std::string> gives, gets, both;
                for (const auto& l : links) {
                    if (l.flow == Flow::TwoWay && (l.from == c.id || l.to == c.id)) both.push_back(shortNameOf(s, l.from == c.id ? l.to : l.from));
                    else if (l.from == c.id) gives.push_back(shortNameOf(s, l.to));
                    else if (l.to == c.id) gets.push_back(shortNameOf(s, l.from));
                }
                auto list = [&](const char* label, const std::vector<std::string>& names) {
                    if (names.empty()) return;
                    std::string text = label;
                    for (size_t i = 0; i < names.size(); ++i) text += (i ? ", " : " ") + names[i];
                    ImGui::TextUnformatted(text.c_str());
                };
                ImGui::Spacing();
                list("Shares both ways with:", both);
                list("Passes information to:", gives);
                list("Hears from:", gets);
                if (isIsolated(c.id))
                    ImGui::TextColored(ui.palette.warning, "Isolated: no information reaches or leaves this agency here.");
                ImGui::PopTextWrapPos();
                ImGui::EndTooltip();
                if (!in.probe.empty()) WP_PROBE(in.probe + "/tooltip/node/" + c.id);
            } else if (overLink) {
                const DebriefLink* missed = overLink->missed ? &(*in.missed)[overLink->index] : nullptr;
                const Link& l = missed ? missed->link : links[overLink->index];
                std::vector<ImVec2> pts = overLink->pts;
                for (auto& q : pts) q = at(q);
                dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), ImGui::GetColorU32(withAlpha(ui.palette.accentText, 0.5f)), 0, em(0.45f));
                beginPaddedTooltip();
                ImGui::PushTextWrapPos(em(24));
                pushFont(ui.fonts.bold);
                const std::string title = shortNameOf(s, l.from) + (l.flow == Flow::TwoWay ? "  \xE2\x86\x90\xE2\x86\x92  " : "  \xE2\x86\x92  ") +
                                          shortNameOf(s, l.to);
                ImGui::TextUnformatted(title.c_str());
                popFont(ui.fonts.bold);
                if (missed) {
                    ImGui::TextColored(ui.palette.danger, "%s",
                                       missed->source == "historical"
                                           ? "Missed: this link existed in the real case, and your map lacks it."
                                           : "Missed: the strongest path makes this link, and your map lacks it.");
                }
                ImGui::TextUnformatted(describeLink(s, l).c_str());
                ImGui::PopTextWrapPos();
                ImGui::EndTooltip();
                if (!in.probe.empty()) WP_PROBE(in.probe + "/tooltip/link/" + l.from + ">" + l.to);
            }
        }
    }

    // [Legend] below the map, wrapping to the map's width.
    ImGui::SetCursorScreenPos(ImVec2(p0.x, p0.y + height + em(0.35f)));
    if (in.legend) {
        pushFont(ui.fonts.small);
        const float right = p0.x + width;
        const float swatchW = em(2.4f);
        bool first = true;
        auto item = [&](const std::string& label, const std::function<void(ImDrawList*, ImVec2, ImVec2)>& swatch) {
            const float w = swatchW + em(0.4f) + ImGui::CalcTextSize(label.c_str()).x;
            if (!first) {
                ImGui::SameLine(0, em(1.0f));
                if (ImGui::GetCursorScreenPos().x + w > right) ImGui::NewLine();
            }
            first = false;
            ImGui::SetCursorScreenPos(ImVec2(std::max(ImGui::GetCursorScreenPos().x, p0.x), ImGui::GetCursorScreenPos().y));
            const ImVec2 a = ImGui::GetCursorScreenPos();
            ImGui::Dummy(ImVec2(swatchW, ImGui::GetTextLineHeight()));
            swatch(dl, a, ImVec2(a.x + swatchW, a.y + ImGui::GetTextLineHeight()));
            ImGui::SameLine(0, em(0.4f));
            ImGui::TextColored(ui.palette.textMuted, "%s", label.c_str());
        };
        auto line = [&](ImDrawList* d, ImVec2 a, ImVec2 b, ImVec4 c, float thick, float dash, bool dots, bool arrowEnd, bool arrowStart) {
            const float y = (a.y + b.y) * 0.5f;
            std::vector<ImVec2> pts{ImVec2(a.x + em(0.1f), y), ImVec2(b.x - em(0.1f), y)};
            const std::vector<ImVec2> full = pts;
            if (arrowEnd) trimEnd(pts, em(0.4f));
            if (arrowStart) {
                std::reverse(pts.begin(), pts.end());
                trimEnd(pts, em(0.4f));
                std::reverse(pts.begin(), pts.end());
            }
            strokePath(d, pts, ImGui::GetColorU32(c), thick, dash, dots ? em(0.42f) : em(0.4f), dots);
            if (arrowEnd) arrowHead(d, full.back(), full.front(), em(0.5f), ImGui::GetColorU32(c));
            if (arrowStart) arrowHead(d, full.front(), full.back(), em(0.5f), ImGui::GetColorU32(c));
        };
        // The same strokes as the map's links (linkStyle).
        auto styled = [&](ImDrawList* d, ImVec2 a, ImVec2 b, LinkKind kind, bool arrow) {
            const LinkStyle st = linkStyle(ui.palette, kind);
            line(d, a, b, st.colour, st.thickness, st.dash, st.dots, arrow, false);
        };
        item("critical link", [&](ImDrawList* d, ImVec2 a, ImVec2 b) { styled(d, a, b, LinkKind::Critical, false); });
        item("peripheral link", [&](ImDrawList* d, ImVec2 a, ImVec2 b) { styled(d, a, b, LinkKind::Peripheral, false); });
        item("one-way", [&](ImDrawList* d, ImVec2 a, ImVec2 b) { line(d, a, b, ui.palette.text, thickPeripheral, 0, false, true, false); });
        item("two-way", [&](ImDrawList* d, ImVec2 a, ImVec2 b) { line(d, a, b, ui.palette.text, thickPeripheral, 0, false, true, true); });
        if (in.missed && !in.missed->empty())
            item("missed connection", [&](ImDrawList* d, ImVec2 a, ImVec2 b) { styled(d, a, b, LinkKind::Missed, true); });
        if (!in.fresh.empty())
            item("new link", [&](ImDrawList* d, ImVec2 a, ImVec2 b) { line(d, a, b, ui.palette.accentText, thickCritical, 0, false, false, false); });
        if (!isolated.empty())
            item("isolated (no link)", [&](ImDrawList* d, ImVec2 a, ImVec2 b) {
                const ImVec2 mn(a.x + em(0.3f), a.y + em(0.1f)), mx(b.x - em(0.3f), b.y - em(0.1f));
                strokePath(d, {mn, ImVec2(mx.x, mn.y), mx, ImVec2(mn.x, mx.y), mn}, ImGui::GetColorU32(ui.palette.textMuted), 1.0f,
                           em(0.3f), em(0.2f), false);
            });
        if (in.kindLegend) {
            std::vector<std::string> kinds;
            for (const auto& c : s.cast)
                if (c.kind != "child" && std::find(kinds.begin(), kinds.end(), c.kind) == kinds.end()) kinds.push_back(c.kind);
            first = true;
            for (const auto& k : kinds) {
                const ImVec4 kc = kindColour(ui, k);
                if (first) ImGui::Dummy(ImVec2(0, em(0.05f)));
                item(kindLabel(k), [&](ImDrawList* d, ImVec2 a, ImVec2 b) {
                    const ImVec2 mn(a.x + em(0.4f), a.y + em(0.1f)), mx(b.x - em(0.4f), b.y - em(0.1f));
                    d->AddRectFilled(mn, mx, ImGui::GetColorU32(mix(ui.palette.surface, kc, 0.16f)), em(0.2f));
                    d->AddRect(mn, mx, ImGui::GetColorU32(kc), em(0.2f));
                });
            }
        }
        popFont(ui.fonts.small);
    }
    ImGui::PopID();
}

} // namespace wp::ui
