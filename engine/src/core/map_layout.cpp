#include "wholepicture/core/map_layout.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <tuple>

namespace wp {
namespace {

constexpr double kPi = 3.14159265358979323846;

int kindOrder(const std::string& kind) {
    static const char* order[] = {"school", "education", "social_care", "health", "police", "voluntary", "other", "family"};
    for (int i = 0; i < 8; ++i)
        if (kind == order[i]) return i;
    return 6; // unknown kinds sit with "other"
}

std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

// Greedy word wrap by estimated width; the last line gets an ellipsis if the text does not fit.
std::vector<std::string> wrap(const std::string& text, double maxChars, size_t maxLines) {
    std::vector<std::string> words, lines;
    std::string w;
    for (char c : text) {
        if (c == ' ') {
            if (!w.empty()) words.push_back(w);
            w.clear();
        } else {
            w += c;
        }
    }
    if (!w.empty()) words.push_back(w);
    auto width = [](const std::string& s) { // UTF-8 aware character count
        double n = 0;
        for (unsigned char c : s)
            if ((c & 0xC0) != 0x80) n += 1;
        return n;
    };
    std::string line;
    size_t i = 0;
    for (; i < words.size(); ++i) {
        std::string candidate = line.empty() ? words[i] : line + " " + words[i];
        if (width(candidate) <= maxChars || line.empty()) {
            line = candidate;
        } else {
            lines.push_back(line);
            line = words[i];
            if (lines.size() == maxLines) break;
        }
    }
    if (lines.size() < maxLines && !line.empty()) {
        lines.push_back(line);
        line.clear();
        ++i;
    }
    if (i < words.size() || width(lines.empty() ? "" : lines.back()) > maxChars) {
        std::string& last = lines.back();
        while (!last.empty() && width(last) > maxChars - 1) {
            // drop one UTF-8 character
            size_t cut = last.size() - 1;
            while (cut > 0 && (static_cast<unsigned char>(last[cut]) & 0xC0) == 0x80) --cut;
            last.erase(cut);
        }
        while (!last.empty() && last.back() == ' ') last.pop_back();
        last += "\xE2\x80\xA6";
    }
    return lines;
}

} // namespace

const MapNodePos* MapLayout::find(const std::string& id) const {
    for (const auto& n : nodes)
        if (n.id == id) return &n;
    return nullptr;
}

const char* kindFill(const std::string& kind) {
    if (kind == "child") return "#ffd166";
    if (kind == "family") return "#f6c1b6";
    if (kind == "school") return "#a9cdf2";
    if (kind == "education") return "#c7ddf5";
    if (kind == "social_care") return "#b5e0b5";
    if (kind == "health") return "#f9d7a7";
    if (kind == "police") return "#c3c7e8";
    if (kind == "voluntary") return "#dcc5ea";
    return "#e3ddd2";
}

const char* kindStroke(const std::string& kind) {
    if (kind == "child") return "#a57800";
    if (kind == "family") return "#a4493a";
    if (kind == "school") return "#1f5f9e";
    if (kind == "education") return "#4a78a8";
    if (kind == "social_care") return "#2e7d32";
    if (kind == "health") return "#a6620f";
    if (kind == "police") return "#3a428f";
    if (kind == "voluntary") return "#6f3d8f";
    return "#6d6253";
}

const char* kindLabel(const std::string& kind) {
    if (kind == "child") return "Child";
    if (kind == "family") return "Family";
    if (kind == "school") return "School";
    if (kind == "education") return "Education services";
    if (kind == "social_care") return "Social care";
    if (kind == "health") return "Health";
    if (kind == "police") return "Police";
    if (kind == "voluntary") return "Voluntary sector";
    return "Other";
}

MapLayout layoutMap(const Scenario& s) { return layoutCast(s.cast); }

MapLayout layoutCast(const std::vector<CastMember>& cast) {
    MapLayout out;
    for (const auto& c : cast) out.nodes.push_back({c.id, c.kind, 0.5, 0.5, 0});
    // Everyone but the (first) child goes on the rings, in kind order, scenario order within a kind.
    std::vector<size_t> around;
    bool childPlaced = false;
    for (size_t i = 0; i < cast.size(); ++i) {
        if (cast[i].kind == "child" && !childPlaced) {
            childPlaced = true;
            continue;
        }
        around.push_back(i);
    }
    std::stable_sort(around.begin(), around.end(),
                     [&](size_t a, size_t b) { return kindOrder(cast[a].kind) < kindOrder(cast[b].kind); });
    const size_t n = around.size();
    if (n == 0) return out;

    if (n <= 12) {
        // One ring; half a slot of space between kinds when there is room for it.
        std::set<int> kinds;
        for (size_t i : around) kinds.insert(kindOrder(cast[i].kind));
        double gap = (kinds.size() > 1 && double(n) + 0.5 * double(kinds.size()) <= 12.0) ? 0.5 : 0.0;
        double total = double(n) + gap * (kinds.size() > 1 ? double(kinds.size()) : 0.0);
        double pos = 0;
        double radius = 0.40;
        for (size_t k = 0; k < n; ++k) {
            if (k > 0 && kindOrder(cast[around[k]].kind) != kindOrder(cast[around[k - 1]].kind)) pos += gap;
            double angle = -kPi / 2 + 2 * kPi * pos / total;
            MapNodePos& p = out.nodes[around[k]];
            p.x = 0.5 + radius * std::cos(angle);
            p.y = 0.5 + radius * std::sin(angle);
            p.ring = 1;
            pos += 1;
        }
    } else {
        // Two interleaved rings (alternate nodes inner and outer), an even number of slots so the
        // alternation closes up.
        double slots = double(n % 2 == 0 ? n : n + 1);
        for (size_t k = 0; k < n; ++k) {
            double angle = -kPi / 2 + 2 * kPi * double(k) / slots;
            bool inner = k % 2 == 1;
            double radius = inner ? 0.27 : 0.43;
            MapNodePos& p = out.nodes[around[k]];
            p.x = 0.5 + radius * std::cos(angle);
            p.y = 0.5 + radius * std::sin(angle);
            p.ring = inner ? 1 : 2;
        }
    }
    out.minSpacing = minPairwiseDistance(out);
    double d = out.minSpacing > 0 ? out.minSpacing : 0.3;
    // Boxes as wide as the layout allows: two boxes overlap only if they are closer than a box
    // width across AND a box height down, so the width is the smallest horizontal gap between
    // centres that sit within a box height of each other (at least sqrt(d^2 - h^2) > 0.89 d).
    out.boxHeight = std::min(0.085, 0.42 * d);
    double w = 0.26;
    for (size_t i = 0; i < out.nodes.size(); ++i)
        for (size_t j = i + 1; j < out.nodes.size(); ++j)
            if (std::abs(out.nodes[i].y - out.nodes[j].y) < out.boxHeight + 0.005)
                w = std::min(w, std::abs(out.nodes[i].x - out.nodes[j].x) - 0.012);
    out.boxWidth = std::max(w, 0.5 * d);
    return out;
}

double minPairwiseDistance(const MapLayout& layout) {
    double best = 0;
    bool first = true;
    for (size_t i = 0; i < layout.nodes.size(); ++i)
        for (size_t j = i + 1; j < layout.nodes.size(); ++j) {
            double d = std::hypot(layout.nodes[i].x - layout.nodes[j].x, layout.nodes[i].y - layout.nodes[j].y);
            if (first || d < best) best = d;
            first = false;
        }
    return best;
}

std::string xmlEscape(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default:
            // Control characters other than tab/newline are not allowed in XML 1.0.
            if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') out += ' ';
            else out += c;
        }
    }
    return out;
}

std::string mapToSvg(const Scenario& s, const std::vector<Link>& links, const MapLayout& layout, const SvgOptions& o) {
    const double W = o.width, H = o.height;
    const double titleH = o.title.empty() ? 0 : 30;
    const double legendH = o.legend ? 78 : 0;
    const double totalH = titleH + H + legendH;
    // Unit square -> pixels, inset so the boxes on the outside stay inside the picture.
    const double sx = W / (1.0 + layout.boxWidth + 0.02), sy = H / (1.0 + layout.boxHeight + 0.06);
    const double ox = sx * (layout.boxWidth / 2 + 0.01), oy = titleH + sy * (layout.boxHeight / 2 + 0.02);
    const double bw = layout.boxWidth * sx, bh = layout.boxHeight * sy;
    auto px = [&](const MapNodePos& p) { return std::pair<double, double>{ox + p.x * sx, oy + p.y * sy}; };
    const std::string& P = o.idPrefix;

    std::vector<std::string> isolated;
    if (o.markIsolated)
        for (const auto& c : s.cast) {
            if (c.kind == "child") continue;
            bool linked = std::any_of(links.begin(), links.end(), [&](const Link& l) { return l.from == c.id || l.to == c.id; });
            if (!linked) isolated.push_back(c.id);
        }
    auto isIsolated = [&](const std::string& id) { return std::find(isolated.begin(), isolated.end(), id) != isolated.end(); };

    std::string svg;
    svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(W) + "\" height=\"" + num(totalH) + "\" viewBox=\"0 0 " +
           num(W) + " " + num(totalH) + "\" role=\"img\" font-family=\"'DejaVu Sans', 'Liberation Sans', Arial, sans-serif\">\n";
    svg += "<title>" + xmlEscape(o.title.empty() ? "Information-flow map" : o.title) + "</title>\n";
    svg += "<defs>\n";
    auto marker = [&](const std::string& name, const char* colour) {
        svg += "<marker id=\"" + P + "-" + name + "\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerUnits=\"userSpaceOnUse\" "
               "markerWidth=\"13\" markerHeight=\"13\" orient=\"auto-start-reverse\"><path d=\"M0,0.5 L10,5 L0,9.5 z\" fill=\"" +
               std::string(colour) + "\"/></marker>\n";
    };
    marker("arrow", "#333333");
    marker("arrow-missed", "#c62828");
    svg += "</defs>\n";
    svg += "<rect x=\"0\" y=\"0\" width=\"" + num(W) + "\" height=\"" + num(totalH) + "\" fill=\"#ffffff\"/>\n";
    if (!o.title.empty())
        svg += "<text x=\"12\" y=\"21\" font-size=\"16\" font-weight=\"bold\" fill=\"#222222\">" + xmlEscape(o.title) + "</text>\n";

    // Links: from box edge to box edge.
    auto drawLink = [&](const Link& l, bool missed) {
        const MapNodePos* a = layout.find(l.from);
        const MapNodePos* b = layout.find(l.to);
        if (!a || !b || a == b) return;
        auto [ax, ay] = px(*a);
        auto [bx, by] = px(*b);
        double dx = bx - ax, dy = by - ay, len = std::hypot(dx, dy);
        if (len < 1) return;
        auto edge = [&](double pad) {
            double tx = std::abs(dx) < 1e-9 ? 1e9 : (bw / 2 + pad) / std::abs(dx);
            double ty = std::abs(dy) < 1e-9 ? 1e9 : (bh / 2 + pad) / std::abs(dy);
            return std::min(tx, ty);
        };
        double t = std::min(edge(3), 0.45);
        double x1 = ax + dx * t, y1 = ay + dy * t, x2 = bx - dx * t, y2 = by - dy * t;
        // A link between two outer agencies that would run through the child's box bends around it.
        bool curve = false;
        double qx = 0, qy = 0;
        if (a->ring > 0 && b->ring > 0) {
            double cx = ox + 0.5 * sx, cy = oy + 0.5 * sy;
            double u = std::clamp(((cx - ax) * dx + (cy - ay) * dy) / (len * len), 0.0, 1.0);
            double px0 = ax + u * dx - cx, py0 = ay + u * dy - cy, dist = std::hypot(px0, py0);
            double clear = std::hypot(bw, bh) * 0.75;
            if (dist < clear) {
                double nx = -dy / len, ny = dx / len; // bend to the side the line already leans to
                if (nx * px0 + ny * py0 < 0) { nx = -nx; ny = -ny; }
                double push = 2 * (clear - dist) + 10;
                qx = (ax + bx) / 2 + nx * push;
                qy = (ay + by) / 2 + ny * push;
                curve = true;
                auto clip = [&](double fx, double fy, double tx, double ty) {
                    double ex = tx - fx, ey = ty - fy;
                    double sx2 = std::abs(ex) < 1e-9 ? 1e9 : (bw / 2 + 3) / std::abs(ex);
                    double sy2 = std::abs(ey) < 1e-9 ? 1e9 : (bh / 2 + 3) / std::abs(ey);
                    double k = std::min({sx2, sy2, 0.45});
                    return std::pair<double, double>{fx + ex * k, fy + ey * k};
                };
                std::tie(x1, y1) = clip(ax, ay, qx, qy);
                std::tie(x2, y2) = clip(bx, by, qx, qy);
            }
        }
        std::string style;
        if (missed) style = "stroke=\"#c62828\" stroke-width=\"2.6\" stroke-dasharray=\"1 5\" stroke-linecap=\"round\"";
        else if (l.strength == Strength::Critical) style = "stroke=\"#333333\" stroke-width=\"3.6\"";
        else style = "stroke=\"#555555\" stroke-width=\"1.6\" stroke-dasharray=\"7 5\"";
        std::string m = "url(#" + P + (missed ? "-arrow-missed" : "-arrow") + ")";
        std::string cls = missed ? "missed" : (l.strength == Strength::Critical ? "critical" : "peripheral");
        std::string tag = curve ? "path" : "line";
        svg += "<" + tag + " class=\"" + cls + "\" " +
               (curve ? "d=\"M" + num(x1) + "," + num(y1) + " Q" + num(qx) + "," + num(qy) + " " + num(x2) + "," + num(y2) +
                            "\" fill=\"none\" "
                      : "x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x2) + "\" y2=\"" + num(y2) + "\" ") +
               style +
               " marker-end=\"" + m + "\"" + (l.flow == Flow::TwoWay ? " marker-start=\"" + m + "\"" : std::string()) + ">";
        std::string tip = (missed ? "missed: " : "") + l.from + (l.flow == Flow::TwoWay ? " <-> " : " -> ") + l.to;
        if (!l.note.empty()) tip += ": " + l.note;
        svg += "<title>" + xmlEscape(tip) + "</title></" + tag + ">\n";
    };
    for (const auto& l : links) drawLink(l, false);
    for (const auto& l : o.missed) drawLink(l, true);

    // Nodes.
    for (const auto& c : s.cast) {
        const MapNodePos* p = layout.find(c.id);
        if (!p) continue;
        auto [cx, cy] = px(*p);
        bool iso = isIsolated(c.id);
        bool child = c.kind == "child";
        std::string fill = iso ? "#eeeeee" : kindFill(c.kind);
        std::string stroke = iso ? "#8a8a8a" : kindStroke(c.kind);
        svg += "<g class=\"node" + std::string(iso ? " isolated" : "") + "\">";
        svg += "<rect x=\"" + num(cx - bw / 2) + "\" y=\"" + num(cy - bh / 2) + "\" width=\"" + num(bw) + "\" height=\"" + num(bh) +
               "\" rx=\"8\" ry=\"8\" fill=\"" + fill + "\" stroke=\"" + stroke + "\" stroke-width=\"" + (child ? "2.5" : "1.5") +
               "\"" + (iso ? " stroke-dasharray=\"4 3\"" : "") + "/>";
        double font = child ? 15 : 13;
        size_t maxLines = std::max<size_t>(1, static_cast<size_t>((bh - 6) / (font * 1.12)));
        std::vector<std::string> lines = wrap(c.name, (bw - 10) / (font * 0.56), maxLines);
        if (lines.size() > 1 && font > 11.5) {
            font = 11.5; // a smaller face fits a long agency name on fewer lines
            maxLines = std::max<size_t>(1, static_cast<size_t>((bh - 6) / (font * 1.12)));
            lines = wrap(c.name, (bw - 10) / (font * 0.56), maxLines);
        }
        double lh = font * 1.12;
        double y0 = cy - lh * double(lines.size()) / 2 + font * 0.8;
        svg += "<text text-anchor=\"middle\" font-size=\"" + num(font) + "\" fill=\"" + (iso ? "#555555" : "#1a1a1a") + "\"" +
               (child ? " font-weight=\"bold\"" : "") + ">";
        for (size_t i = 0; i < lines.size(); ++i)
            svg += "<tspan x=\"" + num(cx) + "\" y=\"" + num(y0 + lh * double(i)) + "\">" + xmlEscape(lines[i]) + "</tspan>";
        svg += "<title>" + xmlEscape(c.name) + "</title></text>";
        if (iso) {
            double tw = 50, th = 14;
            svg += "<rect x=\"" + num(cx - tw / 2) + "\" y=\"" + num(cy + bh / 2 - 4) + "\" width=\"" + num(tw) + "\" height=\"" +
                   num(th) + "\" rx=\"7\" fill=\"#6b6b6b\"/>";
            svg += "<text class=\"isolated-caption\" x=\"" + num(cx) + "\" y=\"" + num(cy + bh / 2 + 6.5) +
                   "\" text-anchor=\"middle\" font-size=\"9.5\" fill=\"#ffffff\" font-style=\"italic\">isolated</text>";
        }
        svg += "</g>\n";
    }

    if (o.legend) {
        double y = titleH + H + 8;
        svg += "<g class=\"legend\"><rect x=\"6\" y=\"" + num(y) + "\" width=\"" + num(W - 12) + "\" height=\"" + num(legendH - 12) +
               "\" rx=\"6\" fill=\"#fafafa\" stroke=\"#cccccc\"/>";
        double x = 18, ly = y + 20;
        auto item = [&](const std::string& lineStyle, bool start, bool end, const char* markerName, const std::string& label) {
            std::string m = std::string("url(#") + P + "-" + markerName + ")";
            svg += "<line x1=\"" + num(x) + "\" y1=\"" + num(ly - 4) + "\" x2=\"" + num(x + 42) + "\" y2=\"" + num(ly - 4) + "\" " +
                   lineStyle + (end ? " marker-end=\"" + m + "\"" : "") + (start ? " marker-start=\"" + m + "\"" : "") + "/>";
            svg += "<text x=\"" + num(x + 50) + "\" y=\"" + num(ly) + "\" font-size=\"12\" fill=\"#222222\">" + xmlEscape(label) + "</text>";
            x += 58 + 6.8 * double(label.size());
        };
        item("stroke=\"#333333\" stroke-width=\"3.6\"", false, false, "arrow", "critical link");
        item("stroke=\"#555555\" stroke-width=\"1.6\" stroke-dasharray=\"7 5\"", false, false, "arrow", "peripheral link");
        item("stroke=\"#333333\" stroke-width=\"1.6\"", false, true, "arrow", "one-way");
        item("stroke=\"#333333\" stroke-width=\"1.6\"", true, true, "arrow", "two-way");
        if (!o.missed.empty())
            item("stroke=\"#c62828\" stroke-width=\"2.6\" stroke-dasharray=\"1 5\" stroke-linecap=\"round\"", false, true,
                 "arrow-missed", "missed connection");
        if (!isolated.empty()) {
            svg += "<rect x=\"" + num(x) + "\" y=\"" + num(ly - 12) + "\" width=\"30\" height=\"16\" rx=\"5\" fill=\"#eeeeee\" "
                   "stroke=\"#8a8a8a\" stroke-dasharray=\"4 3\"/>";
            svg += "<text x=\"" + num(x + 38) + "\" y=\"" + num(ly) + "\" font-size=\"12\" fill=\"#222222\">isolated (no link)</text>";
        }
        // Kind swatches for the kinds in this case.
        std::vector<std::string> kinds;
        for (const auto& c : s.cast)
            if (std::find(kinds.begin(), kinds.end(), c.kind) == kinds.end()) kinds.push_back(c.kind);
        std::stable_sort(kinds.begin(), kinds.end(), [](const std::string& a, const std::string& b) {
            return (a == "child" ? -1 : kindOrder(a)) < (b == "child" ? -1 : kindOrder(b));
        });
        x = 18;
        ly = y + 48;
        for (const auto& k : kinds) {
            svg += "<rect x=\"" + num(x) + "\" y=\"" + num(ly - 11) + "\" width=\"22\" height=\"14\" rx=\"4\" fill=\"" +
                   kindFill(k) + "\" stroke=\"" + kindStroke(k) + "\"/>";
            std::string label = kindLabel(k);
            svg += "<text x=\"" + num(x + 28) + "\" y=\"" + num(ly) + "\" font-size=\"12\" fill=\"#222222\">" + xmlEscape(label) + "</text>";
            x += 40 + 6.6 * double(label.size());
        }
        svg += "</g>\n";
    }
    svg += "</svg>\n";
    return svg;
}

std::string mapShortName(const std::string& name, const std::string& childName) {
    // "Child and Adolescent Mental Health Service (CAMHS)": the acronym is what people say.
    if (const auto open = name.find('('), close = name.find(')'); open != std::string::npos && close > open + 1 && close - open <= 9) {
        const std::string inside = name.substr(open + 1, close - open - 1);
        if (std::all_of(inside.begin(), inside.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) return inside;
    }
    std::string out;
    int depth = 0;
    for (char c : name) {
        if (c == '(') ++depth;
        else if (c == ')') depth = std::max(0, depth - 1);
        else if (depth == 0) out += c;
    }
    // "Mr Hartley, James's father": the part after the comma says who this is on the map.
    if (const auto comma = out.find(", "); comma != std::string::npos && comma + 2 < out.size()) out = out.substr(comma + 2);
    // Collapse the spaces the parenthesis left behind; drop trailing punctuation.
    std::string tidy;
    for (char c : out)
        if (!(c == ' ' && (tidy.empty() || tidy.back() == ' '))) tidy += c;
    while (!tidy.empty() && (tidy.back() == ' ' || tidy.back() == ',')) tidy.pop_back();
    // "The family's GP practice" -> "Family's GP practice"; "James's mother" -> "Mother" (the map is
    // drawn around James already).
    auto dropLead = [&](size_t n) {
        tidy = tidy.substr(n);
        if (!tidy.empty() && tidy[0] >= 'a' && tidy[0] <= 'z') tidy[0] = static_cast<char>(tidy[0] - 'a' + 'A');
    };
    if (tidy.rfind("The ", 0) == 0 && tidy.size() > 4) dropLead(4);
    for (const std::string& owner : {childName, std::string("Family")})
        if (!owner.empty() && tidy.rfind(owner + "'s ", 0) == 0 && tidy.size() > owner.size() + 3) dropLead(owner.size() + 3);
    if (!tidy.empty() && tidy[0] >= 'a' && tidy[0] <= 'z') tidy[0] = static_cast<char>(tidy[0] - 'a' + 'A');
    return tidy.empty() ? name : tidy;
}

} // namespace wp
