// wpt graph: the scenario as a graph, for authors reviewing the shape of a case (Twine's story map,
// Yarn Spinner's graph view) without opening the app.
//
//   wpt graph PLUGIN_DIR [--format dot|svg] [-o FILE] [--role R] [--renderer auto|dot|builtin] [--content DIR]
//
// DOT: stages are clusters (title and date), decisions, narratives and endings have distinct shapes
// and colours, options are labelled edges ("id: short text [CT,DSL]"), conditional ones dashed,
// critical ones bold (green must-do, red must-avoid). SVG: Graphviz `dot` when it is on PATH,
// otherwise our own layered layout (one band per stage, top to bottom, nodes left to right in the
// order the case moves), so the tool works on a machine with only the core libraries.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

#include "wholepicture/core/knowledge.h"
#include "wholepicture/core/loader.h"
#include "wholepicture/core/map_layout.h"
#include "wholepicture/core/paths.h"
#include "wholepicture/core/runner.h"
#include "commands.h"
#include "common.h"

namespace {

namespace fs = std::filesystem;

struct GraphArgs {
    std::string dir;
    std::string format = "dot";
    std::string output; // "" = stdout
    std::string role;
    std::string renderer = "auto";
    std::string content;
};

int usageError(const std::string& msg) { return wpt::usageError("graph", msg); }

// One option (or narrative continue) as a drawn edge: a conditional "next" gives one edge per branch.
struct Edge {
    std::string from;
    std::string to;
    std::string label;    // "" for narrative continues without a condition
    std::string optionId; // "" for narrative edges
    bool conditional = false;
    std::optional<wp::CriticalKind> critical;
};

std::string conditionText(const wp::Condition& c) {
    std::string out;
    for (const auto& f : c.flagsSet) out += (out.empty() ? "" : " & ") + f;
    for (const auto& f : c.flagsUnset) out += (out.empty() ? "!" : " & !") + f;
    for (const auto& k : c.knows) out += (out.empty() ? "" : " & ") + k.role + " knows " + k.fact;
    if (!c.any.empty()) {
        std::string alts;
        for (const auto& alt : c.any) alts += (alts.empty() ? "" : " | ") + conditionText(alt);
        out += (out.empty() ? "(" : " & (") + alts + ")";
    }
    return out;
}

std::string shorten(const std::string& text, size_t max) {
    if (text.size() <= max) return text;
    size_t cut = text.rfind(' ', max - 1);
    if (cut == std::string::npos || cut < max / 2) cut = max - 1;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut; // never split a UTF-8 sequence
    return text.substr(0, cut) + "…";
}

std::string roleMarks(const wp::Option& o, const wp::PluginManifest& m, const wp::KnowledgeBase& kb) {
    const std::vector<std::string>& roles = o.roles.empty() ? m.roles : o.roles;
    if (o.roles.empty()) return "[all]";
    std::string out;
    for (const auto& r : roles) out += (out.empty() ? "" : ",") + kb.roleShort(r);
    return "[" + out + "]";
}

std::vector<Edge> collectEdges(const wp::Scenario& s, const wp::PluginManifest& m, const wp::KnowledgeBase& kb,
                               const std::string& role) {
    std::vector<Edge> edges;
    for (const auto& n : s.nodes) {
        for (const auto& b : n.next) {
            std::string cond = conditionText(b.when);
            edges.push_back({n.id, b.to, cond.empty() ? "" : "if " + cond, "", !cond.empty(), std::nullopt});
        }
        for (const auto& o : n.options) {
            if (!role.empty() && !wp::optionForRole(o, role)) continue;
            std::optional<wp::CriticalKind> critical;
            if (const wp::CriticalAction* ca = s.criticalAction(o.critical)) critical = ca->kind;
            std::string label = o.id + ": " + shorten(o.text, 38);
            if (role.empty()) label += " " + roleMarks(o, m, kb);
            std::string when = conditionText(o.when);
            if (!when.empty()) label += " (when " + when + ")";
            for (const auto& b : o.next) {
                std::string cond = conditionText(b.when);
                edges.push_back({n.id, b.to, cond.empty() ? label : label + " → if " + cond, o.id,
                                 !o.when.empty() || !b.when.empty(), critical});
            }
        }
    }
    return edges;
}

std::string dotQuote(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out + "\"";
}

const char* kDecisionFill = "#dbe8f6";
const char* kNarrativeFill = "#eeeeee";
const char* kEndingFill = "#d9f2d9";
const char* kMustDo = "#1b7a2e";
const char* kMustAvoid = "#b3261e";

[[nodiscard]] std::string toDot(const wp::Scenario& s, const wp::PluginManifest& m, const std::vector<Edge>& edges,
                                const std::string& role, const wp::KnowledgeBase& kb) {
    std::ostringstream o;
    std::string title = s.title + (role.empty() ? "" : " (as " + kb.roleName(role) + ")");
    o << "digraph " << dotQuote(m.id) << " {\n"
      << "  graph [rankdir=LR, fontname=\"Helvetica\", label=" << dotQuote(title) << ", labelloc=t, fontsize=16];\n"
      << "  node [fontname=\"Helvetica\", fontsize=10, style=filled];\n"
      << "  edge [fontname=\"Helvetica\", fontsize=8];\n"
      << "  \"__start\" [shape=point, width=0.15, label=\"\"];\n";
    auto nodeLine = [&](const wp::Node& n) {
        std::string label = n.id + (n.title.empty() ? "" : "\n" + n.title);
        o << "    " << dotQuote(n.id) << " [label=" << dotQuote(label);
        switch (n.type) {
        case wp::NodeType::Decision: o << ", shape=box, style=\"rounded,filled\", fillcolor=\"" << kDecisionFill << "\""; break;
        case wp::NodeType::Narrative: o << ", shape=note, fillcolor=\"" << kNarrativeFill << "\""; break;
        case wp::NodeType::Ending: o << ", shape=doubleoctagon, fillcolor=\"" << kEndingFill << "\""; break;
        }
        o << "];\n";
    };
    std::set<std::string> placed;
    for (const auto& st : s.stages) {
        o << "  subgraph " << dotQuote("cluster_" + st.id) << " {\n"
          << "    label=" << dotQuote(st.title + (st.date.empty() ? "" : "\n" + st.date)) << ";\n"
          << "    style=\"rounded\"; color=\"#999999\";\n";
        for (const auto& n : s.nodes)
            if (n.stage == st.id) {
                nodeLine(n);
                placed.insert(n.id);
            }
        o << "  }\n";
    }
    for (const auto& n : s.nodes)
        if (!placed.count(n.id)) nodeLine(n); // a node whose stage is unknown (the lint reports it)
    o << "  \"__start\" -> " << dotQuote(s.start) << ";\n";
    for (const auto& e : edges) {
        o << "  " << dotQuote(e.from) << " -> " << dotQuote(e.to);
        std::vector<std::string> attrs;
        if (!e.label.empty()) attrs.push_back("label=" + dotQuote(e.label));
        std::string style;
        if (e.conditional) style = "dashed";
        if (e.critical) {
            style += style.empty() ? "bold" : ",bold";
            attrs.push_back("penwidth=2.5");
            attrs.push_back(std::string("color=\"") + (*e.critical == wp::CriticalKind::MustDo ? kMustDo : kMustAvoid) + "\"");
        }
        if (!style.empty()) attrs.push_back("style=\"" + style + "\"");
        if (!attrs.empty()) {
            o << " [";
            for (size_t i = 0; i < attrs.size(); ++i) o << (i ? ", " : "") << attrs[i];
            o << "]";
        }
        o << ";\n";
    }
    o << "}\n";
    return o.str();
}

// ---- Self-rendered SVG ------------------------------------------------------------------------

using wp::xmlEscape; // the one the map and the reports use (map_layout.h)

struct Box {
    double x = 0, y = 0, w = 0, h = 0;
};

// Layout constants (pixels). Text is 11px Helvetica-like; ~6.2px per character is a safe estimate.
constexpr double kNodeWidth = 250, kGapX = 70, kGapY = 22, kBandPad = 18, kBandLabel = 150, kRow = 15, kHeader = 34;
constexpr double kCharWidth = 6.0;

std::vector<std::string> wrap(const std::string& text, size_t width, size_t maxLines) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    std::string word, line;
    while (in >> word) {
        if (!line.empty() && line.size() + 1 + word.size() > width) {
            lines.push_back(line);
            line.clear();
        }
        line += (line.empty() ? "" : " ") + word;
    }
    if (!line.empty()) lines.push_back(line);
    if (lines.size() > maxLines) {
        lines.resize(maxLines);
        lines.back() = shorten(lines.back() + " …", width);
    }
    return lines;
}

[[nodiscard]] std::string toSvg(const wp::Scenario& s, const wp::PluginManifest& m, const std::vector<Edge>& edges,
                                const std::string& role, const wp::KnowledgeBase& kb) {
    // Bands: one per stage in order, then one for nodes with an unknown stage.
    std::vector<std::string> bandOf; // band index -> stage id
    std::map<std::string, size_t> bandIndex;
    for (const auto& st : s.stages) {
        bandIndex.emplace(st.id, bandOf.size());
        bandOf.push_back(st.id);
    }
    const size_t looseBand = bandOf.size();
    std::vector<std::vector<const wp::Node*>> bandNodes(bandOf.size() + 1);
    std::map<std::string, size_t> nodeBand;
    for (const auto& n : s.nodes) {
        auto it = bandIndex.find(n.stage);
        size_t b = it == bandIndex.end() ? looseBand : it->second;
        bandNodes[b].push_back(&n);
        nodeBand[n.id] = b;
    }
    // Column within a band: longest path from the band's entry nodes over edges inside the band,
    // ignoring edges that go back (a DFS back edge), so loops cannot stretch the layout for ever.
    std::map<std::string, std::vector<std::string>> out;
    for (const auto& e : edges)
        if (e.from != e.to) out[e.from].push_back(e.to);
    std::map<std::string, int> column;
    {
        std::map<std::string, int> state; // 0 new, 1 on stack, 2 done
        std::vector<std::pair<std::string, std::string>> forward;
        // Depth-first with an explicit stack: a case with thousands of nodes in a chain must not
        // overflow the call stack.
        std::vector<std::pair<std::string, size_t>> stack;
        auto visit = [&](const std::string& root) {
            if (state[root] != 0) return;
            state[root] = 1;
            stack.emplace_back(root, 0);
            while (!stack.empty()) {
                auto& [id, next] = stack.back();
                const auto& succ = out[id];
                if (next < succ.size()) {
                    const std::string to = succ[next++];
                    if (state[to] == 1) continue;
                    forward.emplace_back(id, to);
                    if (state[to] == 0) {
                        state[to] = 1;
                        stack.emplace_back(to, 0);
                    }
                } else {
                    state[id] = 2;
                    stack.pop_back();
                }
            }
        };
        visit(s.start);
        for (const auto& n : s.nodes) visit(n.id);
        // Longest path on the forward (acyclic) edges, within a band only, in topological order.
        std::map<std::string, int> indegree;
        std::map<std::string, std::vector<std::string>> fwd;
        for (const auto& [a, b] : forward)
            if (nodeBand[a] == nodeBand[b]) {
                fwd[a].push_back(b);
                ++indegree[b];
            }
        std::vector<std::string> ready;
        for (const auto& n : s.nodes)
            if (!indegree[n.id]) ready.push_back(n.id);
        for (const auto& n : s.nodes) column[n.id] = 0;
        while (!ready.empty()) {
            std::string id = ready.back();
            ready.pop_back();
            for (const auto& to : fwd[id]) {
                column[to] = std::max(column[to], column[id] + 1);
                if (--indegree[to] == 0) ready.push_back(to);
            }
        }
    }
    // Node sizes: decisions list their options as rows, so each option edge leaves from its own row.
    std::map<std::string, Box> boxes;
    std::map<std::string, std::vector<std::string>> titleLines;
    for (const auto& n : s.nodes) {
        titleLines[n.id] = wrap(n.title.empty() ? n.id : n.title, static_cast<size_t>((kNodeWidth - 16) / kCharWidth), 2);
        size_t rows = 0;
        if (n.type == wp::NodeType::Decision)
            for (const auto& o : n.options)
                if (role.empty() || wp::optionForRole(o, role)) ++rows;
        boxes[n.id] = {0, 0, kNodeWidth, kHeader + kRow * static_cast<double>(titleLines[n.id].size()) + kRow * static_cast<double>(rows) + 6};
    }
    // Place: bands top to bottom; columns left to right; nodes of one column stacked.
    double y = 70, width = 0;
    struct BandBox {
        std::string label, date;
        double y, h;
    };
    std::vector<BandBox> bandBoxes;
    for (size_t b = 0; b < bandNodes.size(); ++b) {
        if (bandNodes[b].empty()) continue;
        std::map<int, double> columnHeight;
        double bandHeight = 0;
        for (const wp::Node* n : bandNodes[b]) {
            int c = column[n->id];
            Box& box = boxes[n->id];
            box.x = kBandLabel + kBandPad + c * (kNodeWidth + kGapX);
            box.y = y + kBandPad + columnHeight[c];
            columnHeight[c] += box.h + kGapY;
            bandHeight = std::max(bandHeight, columnHeight[c]);
            width = std::max(width, box.x + box.w + kBandPad);
        }
        double h = bandHeight + 2 * kBandPad - kGapY;
        if (b == looseBand) bandBoxes.push_back({"(no stage)", "", y, h});
        else {
            const wp::Stage& st = s.stages[b];
            bandBoxes.push_back({st.title, st.date, y, h});
        }
        y += h + 16;
    }
    width = std::max(width + 20, 760.0);
    double height = y + 40;

    std::ostringstream o;
    o << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width << "\" height=\"" << height << "\" viewBox=\"0 0 "
      << width << " " << height << "\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"11\">\n"
      << "<title>" << xmlEscape(s.title) << "</title>\n"
      << "<defs>\n";
    auto marker = [&](const char* id, const char* colour) {
        o << "<marker id=\"" << id << "\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" "
          << "orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"" << colour << "\"/></marker>\n";
    };
    marker("arrow", "#555555");
    marker("arrow-do", kMustDo);
    marker("arrow-avoid", kMustAvoid);
    o << "</defs>\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n";
    std::string heading = s.title + (role.empty() ? "" : " (as " + kb.roleName(role) + ")");
    o << "<text x=\"16\" y=\"28\" font-size=\"18\" font-weight=\"bold\">" << xmlEscape(heading) << "</text>\n";
    // Legend.
    o << "<g font-size=\"10\" transform=\"translate(16,44)\">"
      << "<rect width=\"12\" height=\"10\" rx=\"3\" fill=\"" << kDecisionFill << "\" stroke=\"#4a6d94\"/><text x=\"16\" y=\"9\">decision</text>"
      << "<rect x=\"80\" width=\"12\" height=\"10\" fill=\"" << kNarrativeFill << "\" stroke=\"#888888\"/><text x=\"96\" y=\"9\">narrative</text>"
      << "<rect x=\"165\" width=\"12\" height=\"10\" rx=\"5\" fill=\"" << kEndingFill << "\" stroke=\"#3c7a3c\" stroke-width=\"2\"/><text x=\"181\" y=\"9\">ending</text>"
      << "<line x1=\"235\" y1=\"5\" x2=\"265\" y2=\"5\" stroke=\"#555555\" stroke-dasharray=\"5,3\"/><text x=\"270\" y=\"9\">conditional</text>"
      << "<line x1=\"345\" y1=\"5\" x2=\"375\" y2=\"5\" stroke=\"" << kMustDo << "\" stroke-width=\"3\"/><text x=\"380\" y=\"9\">critical: must do</text>"
      << "<line x1=\"480\" y1=\"5\" x2=\"510\" y2=\"5\" stroke=\"" << kMustAvoid << "\" stroke-width=\"3\"/><text x=\"515\" y=\"9\">critical: must avoid</text>"
      << "</g>\n";
    for (size_t i = 0; i < bandBoxes.size(); ++i) {
        const BandBox& bb = bandBoxes[i];
        o << "<g class=\"stage\"><rect x=\"8\" y=\"" << bb.y << "\" width=\"" << width - 16 << "\" height=\"" << bb.h
          << "\" rx=\"8\" fill=\"" << (i % 2 ? "#fafafa" : "#f3f5f8") << "\" stroke=\"#c8c8c8\"/>";
        auto lines = wrap(bb.label, 22, 3);
        double ty = bb.y + 22;
        for (const auto& l : lines) {
            o << "<text x=\"18\" y=\"" << ty << "\" font-weight=\"bold\" font-size=\"12\">" << xmlEscape(l) << "</text>";
            ty += 15;
        }
        if (!bb.date.empty()) o << "<text x=\"18\" y=\"" << ty << "\" fill=\"#555555\">" << xmlEscape(bb.date) << "</text>";
        o << "</g>\n";
    }
    // Edges first, so boxes are drawn over them. Each option leaves from its row's right edge.
    std::map<std::string, std::map<std::string, double>> rowY; // node -> option -> y
    for (const auto& n : s.nodes) {
        const Box& b = boxes[n.id];
        double ry = b.y + kHeader + kRow * static_cast<double>(titleLines[n.id].size()) - 4;
        for (const auto& opt : n.options) {
            if (!role.empty() && !wp::optionForRole(opt, role)) continue;
            rowY[n.id][opt.id] = ry;
            ry += kRow;
        }
    }
    o << "<g class=\"edges\" fill=\"none\">\n";
    for (const auto& e : edges) {
        auto fb = boxes.find(e.from), tb = boxes.find(e.to);
        if (fb == boxes.end() || tb == boxes.end()) continue;
        const Box& a = fb->second;
        const Box& b = tb->second;
        double x1 = a.x + a.w, y1 = a.y + a.h / 2;
        if (!e.optionId.empty()) y1 = rowY[e.from][e.optionId] - 4;
        // Forward (to the right): into the target's left side. Otherwise (the next stage's band, or
        // back): into its top, so the curve does not sweep across the boxes in between.
        bool forward = b.x >= x1;
        double x2 = forward ? b.x : b.x + 24, y2 = forward ? b.y + std::min(b.h / 2, 24.0) : b.y;
        double dx = std::max(40.0, std::abs(x2 - x1) / 2);
        double c1x = x1 + (forward ? dx : 40), c1y = y1, c2x = forward ? x2 - dx : x2, c2y = forward ? y2 : y2 - 60;
        std::string colour = "#555555", arrow = "arrow";
        double widthPx = 1.2;
        if (e.critical) {
            colour = *e.critical == wp::CriticalKind::MustDo ? kMustDo : kMustAvoid;
            arrow = *e.critical == wp::CriticalKind::MustDo ? "arrow-do" : "arrow-avoid";
            widthPx = 2.6;
        }
        o << "<path d=\"M" << x1 << "," << y1 << " C" << c1x << "," << c1y << " " << c2x << "," << c2y << " " << x2 << ","
          << y2 << "\" fill=\"none\" stroke=\"" << colour << "\" stroke-width=\"" << widthPx << "\"" << (e.conditional ? " stroke-dasharray=\"5,3\"" : "")
          << " marker-end=\"url(#" << arrow << ")\" opacity=\"0.8\"><title>" << xmlEscape(e.from + " → " + e.to + (e.label.empty() ? "" : ": " + e.label))
          << "</title></path>\n";
    }
    o << "</g>\n";
    // Start marker.
    if (auto sb = boxes.find(s.start); sb != boxes.end())
        o << "<circle cx=\"" << sb->second.x - 14 << "\" cy=\"" << sb->second.y + 12 << "\" r=\"5\" fill=\"#333333\"><title>start</title></circle>\n";
    for (const auto& n : s.nodes) {
        const Box& b = boxes[n.id];
        const char* fill = n.type == wp::NodeType::Decision ? kDecisionFill : n.type == wp::NodeType::Ending ? kEndingFill : kNarrativeFill;
        const char* stroke = n.type == wp::NodeType::Decision ? "#4a6d94" : n.type == wp::NodeType::Ending ? "#3c7a3c" : "#888888";
        double rx = n.type == wp::NodeType::Decision ? 6 : n.type == wp::NodeType::Ending ? 14 : 0;
        o << "<g class=\"node " << wp::nodeTypeName(n.type) << "\" data-node=\"" << xmlEscape(n.id) << "\">"
          << "<rect x=\"" << b.x << "\" y=\"" << b.y << "\" width=\"" << b.w << "\" height=\"" << b.h << "\" rx=\"" << rx
          << "\" fill=\"" << fill << "\" stroke=\"" << stroke << "\" stroke-width=\"" << (n.type == wp::NodeType::Ending ? 2.5 : 1.2) << "\"/>"
          << "<text x=\"" << b.x + 8 << "\" y=\"" << b.y + 15 << "\" font-size=\"10\" fill=\"#444444\">" << xmlEscape(n.id) << " · "
          << wp::nodeTypeName(n.type) << "</text>";
        double ty = b.y + 30;
        for (const auto& l : titleLines[n.id]) {
            o << "<text x=\"" << b.x + 8 << "\" y=\"" << ty << "\" font-weight=\"bold\" font-size=\"12\">" << xmlEscape(l) << "</text>";
            ty += kRow;
        }
        for (const auto& opt : n.options) {
            if (!role.empty() && !wp::optionForRole(opt, role)) continue;
            double ry = rowY[n.id][opt.id];
            std::string text = opt.id;
            if (role.empty()) text += " " + roleMarks(opt, m, kb);
            const wp::CriticalAction* ca = s.criticalAction(opt.critical);
            std::string mark = ca ? (ca->kind == wp::CriticalKind::MustDo ? " ✓" : " ✗") : "";
            text = shorten(text, static_cast<size_t>((kNodeWidth - 24) / kCharWidth) - mark.size());
            o << "<text x=\"" << b.x + 12 << "\" y=\"" << ry << "\"" << (ca ? " font-weight=\"bold\"" : "")
              << (ca ? std::string(" fill=\"") + (ca->kind == wp::CriticalKind::MustDo ? kMustDo : kMustAvoid) + "\"" : "")
              << (opt.when.empty() ? "" : " font-style=\"italic\"") << "><title>" << xmlEscape(opt.id + ": " + opt.text)
              << "</title>" << xmlEscape(text + mark) << "</text>";
        }
        o << "</g>\n";
    }
    o << "</svg>\n";
    return o.str();
}

bool onPath(const std::string& program) {
    const char* path = std::getenv("PATH");
    if (!path) return false;
    std::stringstream ss(path);
    std::string dir;
    while (std::getline(ss, dir, ':')) {
        if (dir.empty()) continue;
        fs::path candidate = fs::path(dir) / program;
        if (::access(candidate.c_str(), X_OK) == 0) return true;
    }
    return false;
}

// Pipes DOT through Graphviz. Returns nullopt (with a message) if dot fails.
std::optional<std::string> renderWithGraphviz(const std::string& dot, std::string& error) {
    fs::path tmp = fs::temp_directory_path() / ("wpt-graph-" + std::to_string(::getpid()) + ".dot");
    {
        std::ofstream f(tmp);
        f << dot;
        if (!f) {
            error = "cannot write a temporary file for Graphviz";
            return std::nullopt;
        }
    }
    std::string command = "dot -Tsvg '" + tmp.string() + "'"; // tmp is ours: no quote in it
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe) {
        fs::remove(tmp);
        error = "cannot run Graphviz dot";
        return std::nullopt;
    }
    std::string svg;
    char buffer[65536];
    size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) svg.append(buffer, n);
    int status = ::pclose(pipe);
    std::error_code ec;
    fs::remove(tmp, ec);
    if (status != 0 || svg.empty()) {
        error = "Graphviz dot failed (exit status " + std::to_string(status) + ")";
        return std::nullopt;
    }
    return svg;
}

int runGraph(const std::vector<std::string>& args) {
    GraphArgs a;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& x = args[i];
        if (x == "--format" || x == "-o" || x == "--output" || x == "--role" || x == "--renderer" || x == "--content") {
            if (i + 1 >= args.size()) return usageError(x + " needs a value");
            const std::string& v = args[++i];
            if (x == "--format") a.format = v;
            else if (x == "-o" || x == "--output") a.output = v;
            else if (x == "--role") a.role = v;
            else if (x == "--renderer") a.renderer = v;
            else a.content = v;
        } else if (x.rfind("-", 0) == 0) {
            return usageError("unknown option " + x);
        } else if (a.dir.empty()) {
            a.dir = x;
        } else {
            return usageError("graph takes one plugin folder");
        }
    }
    if (a.dir.empty()) return usageError("graph needs a plugin folder");
    if (a.format != "dot" && a.format != "svg") return usageError("--format is dot or svg");
    if (a.renderer != "auto" && a.renderer != "dot" && a.renderer != "builtin")
        return usageError("--renderer is auto, dot or builtin");
    wp::Diagnostics kbDiags;
    wp::KnowledgeBase kb = wpt::loadKnowledge(a.content, kbDiags);
    std::optional<wp::ScenarioPlugin> loaded = wpt::loadUsablePlugin(a.dir, kb, "graph", "fix the errors above first", true);
    if (!loaded) return 1;
    const wp::ScenarioPlugin& plugin = *loaded;
    if (!a.role.empty() && !wpt::playable(plugin.manifest, a.role))
        return usageError(wpt::notPlayableMessage(plugin.manifest, a.role));
    const wp::Scenario& s = *plugin.scenario;
    std::vector<Edge> edges = collectEdges(s, plugin.manifest, kb, a.role);
    std::string text;
    if (a.format == "dot") {
        text = toDot(s, plugin.manifest, edges, a.role, kb);
    } else {
        bool useDot = a.renderer == "dot" || (a.renderer == "auto" && onPath("dot"));
        if (useDot) {
            std::string error;
            auto svg = renderWithGraphviz(toDot(s, plugin.manifest, edges, a.role, kb), error);
            if (!svg) {
                std::cerr << "wpt graph: " << error << (a.renderer == "auto" ? "; using the built-in layout\n" : "\n");
                if (a.renderer == "dot") return 1;
            } else {
                text = *svg;
            }
        }
        if (text.empty()) text = toSvg(s, plugin.manifest, edges, a.role, kb);
    }
    if (a.output.empty() || a.output == "-") {
        std::cout << text;
        return 0;
    }
    wp::Diagnostics writeDiags;
    if (!wp::writeFileAtomically(a.output, text, writeDiags)) {
        for (const auto& d : writeDiags) std::cerr << wp::formatDiagnostic(d) << "\n";
        return 1;
    }
    return 0;
}

[[maybe_unused]] const bool kRegistered = wpt::registerCommand(
    {"graph", "graph PLUGIN_DIR [--format dot|svg] [-o FILE] [--role R] [--renderer auto|dot|builtin]",
     "draw the case: stages as clusters, nodes, options as labelled edges (SVG via Graphviz if installed, else built in)",
     &runGraph});

} // namespace
