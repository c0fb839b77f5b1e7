// The projector view: what the room sees. It draws ONLY ReleasedContent (core/room.h
// releasedContent) and every string goes through projectorText(), which tests log to prove that
// nothing unrevealed is ever drawn. No buttons: the facilitator drives from the console (or the keys).
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <imgui_internal.h>

#include "wholepicture/core/debrief.h"
#include "wholepicture/core/lists.h"
#include "wholepicture/core/challenge.h"
#include "wholepicture/core/room.h"
#include "wholepicture/core/room_debrief.h"
#include "wholepicture/core/threshold.h"
#include "wholepicture/ui/probe.h"
#include "wholepicture/ui/projector.h"
#include "wholepicture/ui/room_views.h"
#include "wholepicture/ui/views.h"
#include "wholepicture/ui/widgets.h"

namespace wp::ui {

namespace {

ProjectorTextLog* s_log = nullptr; // test hook (like the probe registry): nullptr in the app

void gap(float ems) { ImGui::Dummy(ImVec2(0, em(ems))); }

struct ProjectorFonts {
    ImFont* body;
    ImFont* bold;
    ImFont* title;
};
// The projector preset fonts when the platform loaded them, else the app's (tests, missing fonts).
ProjectorFonts projectorFonts(const UiState& ui) {
    return {ui.fonts.projectorBody ? ui.fonts.projectorBody : ui.fonts.body,
            ui.fonts.projectorBold ? ui.fonts.projectorBold : ui.fonts.bold,
            ui.fonts.projectorTitle ? ui.fonts.projectorTitle : ui.fonts.title};
}

} // namespace

void setProjectorTextLog(ProjectorTextLog* log) { s_log = log; }

void projectorText(const std::string& text, ImFont* font, const ImVec4& colour, float wrapWidth) {
    if (text.empty()) return;
    if (s_log) s_log->push_back(text);
    pushFont(font);
    if (wrapWidth > 0) ImGui::PushTextWrapPos(ImGui::GetCursorPos().x + wrapWidth);
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::TextWrapped("%s", text.c_str());
    ImGui::PopStyleColor();
    if (wrapWidth > 0) ImGui::PopTextWrapPos();
    popFont(font);
}

void projectorTextCentred(const std::string& text, ImFont* font, const ImVec4& colour, float width) {
    if (text.empty()) return;
    if (s_log) s_log->push_back(text);
    pushFont(font);
    const float w = ImGui::CalcTextSize(text.c_str()).x;
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(0.0f, (width - w) * 0.5f));
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopStyleColor();
    popFont(font);
}

float projectorFontScale(float displayHeight) { return std::clamp(displayHeight / 1080.0f, 0.5f, 1.0f); }

// [SECTION] Paged layout
//
// The projector screen is a header (stage, title) and a list of blocks, measured at the current width
// and font size and packed onto pages that fit the window: nothing is ever clipped. A block that does
// not fit an empty page is split into paragraphs; a paragraph that still does not fit makes the whole
// screen shrink, never below the preset floor (kProjectorMinShrink: 24 pt body text at 1080p). Some
// blocks start a page of their own (each option's feedback, the perspectives after a reveal). The
// facilitator pages with Left/Right (or the console's buttons); the room sees "2 of 4".

namespace {

struct Para {
    std::string text;
    ImFont* font = nullptr;
    ImVec4 colour;
    float gapBefore = 0; // in body lines
};

struct TallyRow {
    char letter = 0;          // 0 = the groups that did not vote
    std::string text;         // the option's text, whole (wrapped, never cut)
    int outOf = 1;            // groups in the room: a full bar is every group
    struct Chip {
        std::string label;    // "Table 1 - teachers"
        std::string tag;      // "was E" (the re-vote changed it), or ""
        int colour = 0;       // profession index (colour)
    };
    std::vector<Chip> chips;
    bool faded = false;       // no votes left after the re-vote
};

struct Block {
    std::vector<Para> paras;                // drawn one under another
    std::vector<std::vector<Para>> columns; // or side by side
    // or one list flowed into `flowColumns` balanced columns, newspaper-style (a heading, marked by
    // `keep`, stays with the paragraph after it)
    std::vector<Para> flow;
    std::vector<bool> keep;
    int flowColumns = 0;
    std::vector<TallyRow> tally;            // or the tally of a reveal
    // The tally at a glance: letters, bars and groups without the options' texts. Put before a tally
    // too long for one page (a 720p projector, four or more options), so the room sees every vote at
    // once; the rows with their texts follow on the next pages.
    bool compactTally = false;
    // or a table: the first row is the header (bold); the first column takes what the others leave
    // and wraps, the others are as wide as their widest cell (a header wraps, never cut).
    std::vector<std::vector<std::string>> table;
    ImVec4 tableColour{1, 1, 1, 1}, tableMuted{1, 1, 1, 1};
    bool newPage = false;                   // starts a page of its own
    bool keepWithNext = false;              // a heading: on the page of the block after it
    std::string label;                      // names the page it starts ("Feedback on E")
};

struct ProjScreen {
    bool wide = false;         // columns side by side: the whole width, not the reading column
    std::vector<Para> header;  // on every page
    std::vector<Para> sticky;  // under the header on every page (vote status)
    std::vector<Block> blocks;
};

struct Page {
    std::vector<size_t> blocks;
    std::string label;
};

char upperLetter(char c) { return static_cast<char>(std::toupper(static_cast<unsigned char>(c))); }

float lineGap() { return ImGui::GetStyle().ItemSpacing.y; }

float paraHeight(const Para& p, float width) {
    if (p.text.empty()) return 0;
    pushFont(p.font);
    const float h = ImGui::CalcTextSize(p.text.c_str(), nullptr, false, width).y;
    const float gap = p.gapBefore * ImGui::GetFontSize();
    popFont(p.font);
    return gap + h + lineGap();
}

float parasHeight(const std::vector<Para>& ps, float width) {
    float h = 0;
    for (const auto& p : ps) h += paraHeight(p, width);
    return h;
}

ImVec4 professionColour(const Palette& p, int i) {
    const ImVec4 colours[] = {p.accentText, p.success, p.warning, p.danger};
    return i < 0 ? p.textMuted : colours[static_cast<size_t>(i) % 4];
}

struct ChipMetrics {
    float padX, padY, gap, h;
};
ChipMetrics chipMetrics() {
    const float fs = ImGui::GetFontSize();
    return {fs * 0.45f, fs * 0.18f, fs * 0.4f, fs + fs * 0.36f};
}
std::string chipText(const TallyRow::Chip& c) { return c.tag.empty() ? c.label : c.label + "  \xC2\xB7  " + c.tag; }

// Height of the chips laid out in rows within `width` (same flow as drawChips).
// The first row starts `startX` in (after the bar and its count), the rest at 0.
float chipsHeight(const std::vector<TallyRow::Chip>& chips, float width, float startX = 0) {
    const ChipMetrics cm = chipMetrics();
    float x = startX, rows = chips.empty() ? 0.0f : 1.0f;
    for (const auto& c : chips) {
        const float w = std::min(width, ImGui::CalcTextSize(chipText(c).c_str()).x + 2 * cm.padX + cm.h * 0.5f);
        if (x > 0 && x + w > width) {
            rows += 1;
            x = 0;
        }
        x += w + cm.gap;
    }
    return rows * cm.h + std::max(0.0f, rows - 1) * cm.gap;
}

struct TallyGeometry {
    float letterBox, textX;
};
TallyGeometry tallyGeometry(const ProjectorFonts& F) {
    pushFont(F.title);
    const float box = ImGui::GetFontSize() * 1.5f;
    popFont(F.title);
    return {box, box + ImGui::GetFontSize() * 0.8f};
}

// A tally row: the letter in a box; beside it the option's whole text (wrapped), a horizontal bar as
// long as its share of the groups with the count after it, then the groups that chose it as chips.
struct TallyRowLayout {
    float textH, barH, track, chipsX, chipsH, total;
};
// Under the option's text, one line: the bar (its track half the text's width), the count, then the
// groups' chips (flowing onto further lines when they do not fit).
TallyRowLayout tallyRowLayout(const TallyRow& row, float width, const ProjectorFonts& F, bool compact = false) {
    const TallyGeometry g = tallyGeometry(F);
    const float textW = width - g.textX;
    const bool withText = !compact || !row.letter; // "No vote" has no letter: its words are its name
    const float sp = withText ? ImGui::GetStyle().ItemSpacing.y : 0.0f;
    pushFont(F.bold);
    const float textH = withText ? ImGui::CalcTextSize(row.text.c_str(), nullptr, false, textW).y : 0.0f;
    const float barH = row.letter ? ImGui::GetFontSize() * 1.15f : 0.0f;
    const float countW = ImGui::CalcTextSize("00 groups").x;
    popFont(F.bold);
    const float track = row.letter ? textW * 0.45f : 0.0f;
    const float chipsX = row.letter ? track + em(0.5f) + countW + em(0.8f) : 0.0f;
    const float chipsH = chipsHeight(row.chips, textW, chipsX);
    const float right = textH + sp + std::max(chipsH, barH);
    return {textH, barH, track, chipsX, chipsH, std::max(g.letterBox, right) + ImGui::GetFontSize() * (compact ? 0.3f : 0.6f)};
}

float tallyRowHeight(const TallyRow& row, float width, const ProjectorFonts& F, bool compact = false) {
    return tallyRowLayout(row, width, F, compact).total;
}

// Column widths of a table block within `width`.
std::vector<float> tableWidths(const Block& b, float width, const ProjectorFonts& F) {
    const size_t cols = b.table.empty() ? 0 : b.table.front().size();
    std::vector<float> w(cols, 0.0f);
    const float pad = ImGui::GetFontSize() * 1.0f;
    for (size_t r = 0; r < b.table.size(); ++r)
        for (size_t c = 1; c < cols && c < b.table[r].size(); ++c) {
            ImFont* f = r == 0 ? F.bold : F.body;
            pushFont(f);
            // A header stays on one line up to 7 em; a longer one may wrap (never cut): its longest word.
            float cw = 0;
            if (r == 0 && ImGui::CalcTextSize(b.table[r][c].c_str()).x <= ImGui::GetFontSize() * 7.0f) {
                cw = ImGui::CalcTextSize(b.table[r][c].c_str()).x;
            } else if (r == 0) {
                size_t pos = 0;
                const std::string& t = b.table[r][c];
                while (pos <= t.size()) {
                    size_t sp = t.find(' ', pos);
                    const std::string word = t.substr(pos, sp == std::string::npos ? std::string::npos : sp - pos);
                    cw = std::max(cw, ImGui::CalcTextSize(word.c_str()).x);
                    if (sp == std::string::npos) break;
                    pos = sp + 1;
                }
            } else {
                cw = ImGui::CalcTextSize(b.table[r][c].c_str()).x;
            }
            popFont(f);
            w[c] = std::max(w[c], cw + pad);
        }
    float rest = width;
    for (size_t c = 1; c < cols; ++c) rest -= w[c];
    if (cols) w[0] = std::max(rest, width * 0.25f);
    return w;
}

float tableRowHeight(const Block& b, size_t r, const std::vector<float>& w, const ProjectorFonts& F) {
    ImFont* f = r == 0 ? F.bold : F.body;
    pushFont(f);
    float h = 0;
    for (size_t c = 0; c < b.table[r].size() && c < w.size(); ++c)
        h = std::max(h, ImGui::CalcTextSize(b.table[r][c].c_str(), nullptr, false, w[c] - ImGui::GetFontSize() * 0.5f).y);
    popFont(f);
    return h + ImGui::GetFontSize() * 0.5f;
}

struct FlowLayout {
    float colW = 0, gutter = 0, height = 0;
    std::vector<size_t> starts; // the first paragraph of each column
};
// Splits the flow into at most flowColumns columns so that the tallest is as short as it can be.
FlowLayout flowLayout(const Block& b, float width) {
    FlowLayout out;
    const int k = std::max(1, b.flowColumns);
    out.gutter = ImGui::GetFontSize() * 1.2f;
    out.colW = (width - out.gutter * static_cast<float>(k - 1)) / static_cast<float>(k);
    // Units that never split: a kept paragraph with the one after it.
    // Each unit's height counts its gap before, which drawFlow drops only at the top of a column.
    std::vector<size_t> unitStart;
    std::vector<float> unitH, unitGap;
    for (size_t i = 0; i < b.flow.size(); ++i) {
        float h = 0;
        const size_t start = i;
        while (true) {
            h += paraHeight(b.flow[i], out.colW);
            if (i < b.keep.size() && b.keep[i] && i + 1 < b.flow.size()) ++i;
            else break;
        }
        Para first = b.flow[start];
        const float withGap = paraHeight(first, out.colW);
        first.gapBefore = 0;
        unitStart.push_back(start);
        unitH.push_back(h);
        unitGap.push_back(withGap - paraHeight(first, out.colW));
    }
    auto columnsFor = [&](float limit, std::vector<size_t>* starts) {
        int cols = 1;
        float used = 0, tallest = 0;
        if (starts) starts->assign(1, unitStart.empty() ? 0 : unitStart[0]);
        for (size_t u = 0; u < unitH.size(); ++u) {
            if (used > 0 && used + unitH[u] > limit) {
                ++cols;
                used = 0;
                if (starts) starts->push_back(unitStart[u]);
            }
            used += used == 0 ? unitH[u] - unitGap[u] : unitH[u];
            tallest = std::max(tallest, used);
        }
        return std::make_pair(cols, tallest);
    };
    float lo = 0, hi = 0;
    for (size_t u = 0; u < unitH.size(); ++u) lo = std::max(lo, unitH[u] - unitGap[u]), hi += unitH[u];
    for (int it = 0; it < 30 && hi - lo > 0.5f; ++it) {
        const float mid = (lo + hi) * 0.5f;
        if (columnsFor(mid, nullptr).first <= k) hi = mid;
        else lo = mid;
    }
    out.height = columnsFor(hi, &out.starts).second;
    return out;
}

float blockHeight(const Block& b, float width, const ProjectorFonts& F) {
    if (!b.flow.empty()) return flowLayout(b, width).height;
    if (!b.table.empty()) {
        const std::vector<float> w = tableWidths(b, width, F);
        float h = 0;
        for (size_t r = 0; r < b.table.size(); ++r) h += tableRowHeight(b, r, w, F);
        return h + lineGap();
    }
    if (!b.tally.empty()) {
        float h = 0;
        for (const auto& r : b.tally) h += tallyRowHeight(r, width, F, b.compactTally);
        return h;
    }
    if (!b.columns.empty()) {
        const float gutter = ImGui::GetFontSize() * 1.2f;
        const float colW = (width - gutter * static_cast<float>(b.columns.size() - 1)) / static_cast<float>(b.columns.size());
        float h = 0;
        for (const auto& c : b.columns) h = std::max(h, parasHeight(c, colW));
        return h;
    }
    return parasHeight(b.paras, width);
}

// Packs blocks onto pages of `avail` height; splits a block too tall for an empty page into paragraphs
// (a heading stays with what follows). Returns false when something still does not fit a page.
bool paginate(std::vector<Block>& blocks, float width, float avail, const ProjectorFonts& F, const Palette& pal,
              std::vector<Page>& pages) {
    // Split first, so that packing only moves whole blocks.
    std::vector<Block> split;
    float keptH = 0; // the heading kept with this block, which shares its page
    for (auto& b : blocks) {
        const float room = avail - keptH;
        keptH = b.keepWithNext ? blockHeight(b, width, F) : 0.0f;
        if (b.paras.size() > 1 && blockHeight(b, width, F) > room) {
            bool first = true;
            for (size_t i = 0; i < b.paras.size(); ++i) {
                Block one;
                one.newPage = first && b.newPage;
                one.label = first ? b.label : std::string();
                one.paras.push_back(b.paras[i]);
                // keep a heading-like short paragraph with the next one
                if (i + 1 < b.paras.size() && b.paras[i].font != nullptr && b.paras[i].text.size() < 60 &&
                    paraHeight(b.paras[i], width) + paraHeight(b.paras[i + 1], width) <= avail)
                    one.paras.push_back(b.paras[++i]);
                split.push_back(std::move(one));
                first = false;
            }
        } else if (!b.flow.empty() && blockHeight(b, width, F) > room) {
            // Columns that do not fit a page: one under another, a heading with what follows it.
            bool first = true;
            for (size_t i = 0; i < b.flow.size(); ++i) {
                Block one;
                one.newPage = first && b.newPage;
                one.label = first ? b.label : std::string();
                one.paras.push_back(b.flow[i]);
                while (i < b.keep.size() && b.keep[i] && i + 1 < b.flow.size()) one.paras.push_back(b.flow[++i]);
                split.push_back(std::move(one));
                first = false;
            }
        } else if (b.tally.size() > 1 && blockHeight(b, width, F) > room) {
            Block glance;
            glance.tally = b.tally;
            glance.compactTally = true;
            glance.newPage = b.newPage;
            glance.label = b.label;
            const bool glanceFits = blockHeight(glance, width, F) <= room;
            if (glanceFits) {
                split.push_back(std::move(glance));
                Block head;
                head.paras.push_back({"Each option in full", F.bold, pal.accentText, 0.4f});
                head.keepWithNext = true;
                split.push_back(std::move(head));
            }
            bool first = !glanceFits;
            for (auto& r : b.tally) {
                Block one;
                one.newPage = first && b.newPage;
                one.label = first ? b.label : std::string();
                one.tally.push_back(r);
                split.push_back(std::move(one));
                first = false;
            }
        } else {
            split.push_back(std::move(b));
        }
    }
    blocks = std::move(split);
    pages.clear();
    bool fits = true;
    float used = 0;
    for (size_t i = 0; i < blocks.size(); ++i) {
        const float h = blockHeight(blocks[i], width, F);
        if (h > avail) fits = false;
        // A heading goes to the next page with the block it heads when they do not both fit here.
        const float withNext = blocks[i].keepWithNext && i + 1 < blocks.size() ? blockHeight(blocks[i + 1], width, F) : 0.0f;
        if (pages.empty() || blocks[i].newPage || (used + h + withNext > avail && !pages.back().blocks.empty())) {
            pages.push_back({});
            used = 0;
        }
        if (pages.back().label.empty()) pages.back().label = blocks[i].label;
        pages.back().blocks.push_back(i);
        used += h;
    }
    if (pages.empty()) pages.push_back({});
    return fits;
}

void drawParas(const std::vector<Para>& ps, float x, float width) {
    for (const auto& p : ps) {
        if (p.text.empty()) continue;
        if (p.gapBefore > 0) {
            pushFont(p.font);
            ImGui::SetCursorPosY(ImGui::GetCursorPosY() + p.gapBefore * ImGui::GetFontSize());
            popFont(p.font);
        }
        ImGui::SetCursorPosX(x);
        ImGui::PushTextWrapPos(x + width);
        projectorText(p.text, p.font, p.colour);
        ImGui::PopTextWrapPos();
    }
}

void drawTally(const std::vector<TallyRow>& rows, float x, float width, const ProjectorFonts& F, const Palette& pal,
               bool compact = false) {
    const TallyGeometry g = tallyGeometry(F);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float sp = ImGui::GetStyle().ItemSpacing.y;
    for (const auto& row : rows) {
        const TallyRowLayout lay = tallyRowLayout(row, width, F, compact);
        const ImVec2 origin(ImGui::GetWindowPos().x + x - ImGui::GetScrollX(), ImGui::GetCursorScreenPos().y);
        const float y0 = ImGui::GetCursorPosY();
        const ImVec4 fg = row.faded ? pal.textMuted : pal.text;
        // The letter in a box.
        if (row.letter) {
            dl->AddRectFilled(origin, ImVec2(origin.x + g.letterBox, origin.y + g.letterBox),
                              ImGui::GetColorU32(row.faded ? pal.surface : pal.accent), g.letterBox * 0.15f);
            const std::string l(1, upperLetter(row.letter));
            pushFont(F.title);
            const ImVec2 ts = ImGui::CalcTextSize(l.c_str());
            ImGui::SetCursorPos(ImVec2(x + (g.letterBox - ts.x) * 0.5f, y0 + (g.letterBox - ts.y) * 0.5f));
            popFont(F.title);
            projectorText(l, F.title, row.faded ? pal.textMuted : pal.onAccent);
        }
        // The option's whole text (never cut with an ellipsis), wrapped beside the letter.
        const float textX = x + g.textX, textW = width - g.textX;
        float cy = y0;
        if (lay.textH > 0) {
            ImGui::SetCursorPos(ImVec2(textX, y0));
            projectorText(row.text, F.bold, fg, textW);
            cy += lay.textH + sp;
        } else {
            cy += std::max(0.0f, (g.letterBox - chipMetrics().h) * 0.5f); // the bar beside the letter's middle
        }
        // The bar: its share of the room's groups, the count after it, then who chose it.
        const ChipMetrics cm = chipMetrics();
        float cx = lay.chipsX;
        if (row.letter) {
            const int n = static_cast<int>(row.chips.size());
            const std::string count = std::to_string(n) + (n == 1 ? " group" : " groups");
            const float len = lay.track * static_cast<float>(n) / static_cast<float>(std::max(1, row.outOf));
            const float by = cy + std::max(0.0f, (cm.h - lay.barH) * 0.5f);
            const ImVec2 a(ImGui::GetWindowPos().x + textX - ImGui::GetScrollX(), ImGui::GetWindowPos().y + by - ImGui::GetScrollY());
            dl->AddRectFilled(a, ImVec2(a.x + lay.track, a.y + lay.barH), ImGui::GetColorU32(pal.surface), lay.barH * 0.2f);
            if (len > 0)
                dl->AddRectFilled(a, ImVec2(a.x + std::max(len, lay.barH * 0.4f), a.y + lay.barH),
                                  ImGui::GetColorU32(row.faded ? pal.textMuted : pal.accent), lay.barH * 0.2f);
            pushFont(F.bold);
            const float th = ImGui::GetFontSize();
            popFont(F.bold);
            ImGui::SetCursorPos(ImVec2(textX + lay.track + em(0.5f), by + (lay.barH - th) * 0.5f));
            projectorText(count, F.bold, fg);
        }
        const float chipsX = textX, chipsW = textW;
        for (const auto& c : row.chips) {
            const std::string t = chipText(c);
            const float w = std::min(chipsW, ImGui::CalcTextSize(t.c_str()).x + 2 * cm.padX + cm.h * 0.5f);
            if (cx > 0 && cx + w > chipsW) {
                cx = 0;
                cy += cm.h + cm.gap;
            }
            const ImVec2 a(ImGui::GetWindowPos().x + chipsX + cx - ImGui::GetScrollX(),
                           ImGui::GetWindowPos().y + cy - ImGui::GetScrollY());
            const ImVec4 col = professionColour(pal, c.colour);
            dl->AddRectFilled(a, ImVec2(a.x + w, a.y + cm.h), ImGui::GetColorU32(pal.surface), cm.h * 0.3f);
            dl->AddRect(a, ImVec2(a.x + w, a.y + cm.h), ImGui::GetColorU32(c.tag.empty() ? col : pal.warning), cm.h * 0.3f, 0,
                        c.tag.empty() ? 2.0f : 3.0f);
            dl->AddCircleFilled(ImVec2(a.x + cm.padX + cm.h * 0.15f, a.y + cm.h * 0.5f), cm.h * 0.15f, ImGui::GetColorU32(col));
            ImGui::SetCursorPos(ImVec2(chipsX + cx + cm.padX + cm.h * 0.5f, cy + cm.padY));
            ImGui::PushTextWrapPos(chipsX + cx + w); // a chip wider than the row wraps inside it
            projectorText(t, nullptr, pal.text);
            ImGui::PopTextWrapPos();
            cx += w + cm.gap;
        }
        ImGui::SetCursorPos(ImVec2(x, y0 + lay.total));
    }
}

void drawTable(const Block& b, float x, float width, const ProjectorFonts& F, const Palette& pal) {
    const std::vector<float> w = tableWidths(b, width, F);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    float y = ImGui::GetCursorPosY();
    for (size_t r = 0; r < b.table.size(); ++r) {
        const float h = tableRowHeight(b, r, w, F);
        ImFont* f = r == 0 ? F.bold : F.body;
        float cx = x;
        for (size_t c = 0; c < b.table[r].size() && c < w.size(); ++c) {
            const std::string& t = b.table[r][c];
            float tx = cx;
            if (c > 0) { // numbers and headers right-aligned in their column
                pushFont(f);
                const float tw = ImGui::CalcTextSize(t.c_str(), nullptr, false, w[c] - ImGui::GetFontSize() * 0.5f).x;
                popFont(f);
                tx = cx + w[c] - tw - ImGui::GetFontSize() * 0.25f;
            }
            ImGui::SetCursorPos(ImVec2(tx, y));
            pushFont(f);
            const float wrap = w[c] - ImGui::GetFontSize() * 0.5f; // as measured by tableRowHeight
            popFont(f);
            projectorText(t, f, r == 0 ? b.tableMuted : b.tableColour, wrap);
            cx += w[c];
        }
        y += h;
        const float ly = ImGui::GetWindowPos().y + y - ImGui::GetFontSize() * 0.2f - ImGui::GetScrollY();
        dl->AddLine(ImVec2(ImGui::GetWindowPos().x + x, ly), ImVec2(ImGui::GetWindowPos().x + x + width, ly),
                    ImGui::GetColorU32(pal.border), r == 0 ? 2.0f : 1.0f);
    }
    ImGui::SetCursorPos(ImVec2(x, y + lineGap()));
}

void drawFlow(const Block& b, float x, float width) {
    const FlowLayout fl = flowLayout(b, width);
    const float y0 = ImGui::GetCursorPosY();
    float bottom = y0;
    for (size_t c = 0; c < fl.starts.size(); ++c) {
        const size_t end = c + 1 < fl.starts.size() ? fl.starts[c + 1] : b.flow.size();
        std::vector<Para> ps(b.flow.begin() + static_cast<std::ptrdiff_t>(fl.starts[c]), b.flow.begin() + static_cast<std::ptrdiff_t>(end));
        if (!ps.empty()) ps.front().gapBefore = 0;
        ImGui::SetCursorPosY(y0);
        drawParas(ps, x + static_cast<float>(c) * (fl.colW + fl.gutter), fl.colW);
        bottom = std::max(bottom, ImGui::GetCursorPosY());
    }
    ImGui::SetCursorPos(ImVec2(x, bottom));
}

void drawBlock(const Block& b, float x, float width, const ProjectorFonts& F, const Palette& pal) {
    if (!b.flow.empty()) {
        drawFlow(b, x, width);
        return;
    }
    if (!b.table.empty()) {
        drawTable(b, x, width, F, pal);
        return;
    }
    if (!b.tally.empty()) {
        drawTally(b.tally, x, width, F, pal, b.compactTally);
        return;
    }
    if (b.columns.empty()) {
        drawParas(b.paras, x, width);
        return;
    }
    const float gutter = ImGui::GetFontSize() * 1.2f;
    const float colW = (width - gutter * static_cast<float>(b.columns.size() - 1)) / static_cast<float>(b.columns.size());
    const float y0 = ImGui::GetCursorPosY();
    float bottom = y0;
    for (size_t i = 0; i < b.columns.size(); ++i) {
        ImGui::SetCursorPosY(y0);
        drawParas(b.columns[i], x + static_cast<float>(i) * (colW + gutter), colW);
        bottom = std::max(bottom, ImGui::GetCursorPosY());
    }
    ImGui::SetCursorPos(ImVec2(x, bottom));
}

std::string professionShort(const KnowledgeBase& kb, const std::string& p) {
    return p == kMixedProfession ? std::string("Mixed") : kb.roleShort(p);
}

Block paraBlock(std::vector<Para> ps, bool newPage = false, std::string label = {}) {
    Block b;
    b.paras = std::move(ps);
    b.newPage = newPage;
    b.label = std::move(label);
    return b;
}

// A chronology point's whole picture: every concern on record by `date`, date by date, with who held
// it. The tables set it beside the lists they made from their own profession's records (on the reveal,
// and again in the room debrief).
void pushConcernsOnRecord(std::vector<Block>& blocks, const std::string& date, const std::vector<ChronologyItem>& items,
                          const KnowledgeBase& kb, const ProjectorFonts& F, const Palette& p) {
    Block head = paraBlock({{"Every concern on record by " + date + ", across the agencies", F.bold, p.accentText, 0.3f}}, true,
                           "Chronology");
    head.keepWithNext = true;
    blocks.push_back(std::move(head));
    for (const auto& item : items) {
        std::vector<std::string> names;
        for (const auto& role : item.holders) names.push_back(professionShort(kb, role));
        blocks.push_back(paraBlock({{item.date + "  \xC2\xB7  " + joinList(names), F.bold, p.textMuted, 0.15f},
                                    {item.text, F.body, p.text, 0}}));
    }
}

// What one released screen holds, as header, sticky lines and blocks (no drawing).
ProjScreen buildScreen(const AppState& m, const UiState& ui, const ReleasedContent& r, int viewsVariant) {
    const KnowledgeBase& kb = m.knowledge;
    const Palette& p = ui.palette;
    const ProjectorFonts F = projectorFonts(ui);
    ProjScreen s;
    // The stage and its date above the title; a stage named like its first node is not said twice.
    const std::string stage = r.stageTitle == r.nodeTitle ? std::string() : r.stageTitle;
    s.header.push_back({stage + (!stage.empty() && !r.date.empty() ? "  \xC2\xB7  " : "") + r.date, F.bold, p.textMuted, 0});
    s.header.push_back({r.nodeTitle, F.title, p.text, 0});

    std::vector<std::string> professions;
    if (m.room)
        for (const auto& g : m.room->session.setup.groups)
            if (std::find(professions.begin(), professions.end(), g.profession) == professions.end())
                professions.push_back(g.profession);
    auto colourIndex = [&](const std::string& prof) {
        if (prof == kMixedProfession) return -1;
        int i = 0;
        for (const auto& x : professions) {
            if (x == prof) return i;
            if (x != kMixedProfession) ++i;
        }
        return i;
    };

    // Paragraphs of a long text become separate paragraphs (they may go on separate pages).
    auto paragraphs = [&](const std::string& text, ImFont* font, ImVec4 colour, float gap) {
        std::vector<Para> out;
        size_t pos = 0;
        while (pos <= text.size()) {
            size_t nl = text.find("\n\n", pos);
            std::string piece = text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
            if (!piece.empty()) out.push_back({piece, font, colour, out.empty() ? gap : 0.3f});
            if (nl == std::string::npos) break;
            pos = nl + 2;
        }
        return out;
    };

    if (!r.chosenText.empty()) s.blocks.push_back(paraBlock({{"The case followed: " + r.chosenText, F.body, p.accentText, 0.3f}}));
    if (!r.narrative.empty()) s.blocks.push_back(paraBlock(paragraphs(r.narrative, F.body, p.text, 0.3f)));
    if (!r.whatHappened.empty()) {
        auto ps = paragraphs(r.whatHappened, F.body, p.text, 0);
        ps.insert(ps.begin(), Para{"What actually happened", F.bold, p.accentText, 0.5f});
        s.blocks.push_back(paraBlock(std::move(ps)));
    }
    const bool revealed = !r.votes.empty() && !r.voting;
    if (!r.situation.empty() && r.views.size() != 1 && !revealed && !r.voting)
        s.blocks.push_back(paraBlock(paragraphs(r.situation, F.body, p.text, 0.3f)));

    auto tallyOf = [&](bool roundOneWhileVoting) {
        Block b;
        std::map<char, TallyRow> rows;
        const int groupsInRoom = m.room ? std::max(1, static_cast<int>(m.room->session.setup.groups.size())) : 1;
        TallyRow none;
        none.text = "No vote";
        none.outOf = groupsInRoom;
        for (const auto& v : r.votes) {
            TallyRow::Chip chip{v.group, "", colourIndex(v.profession)};
            if (!roundOneWhileVoting && v.firstRoundLetter && v.firstRoundLetter != v.letter)
                chip.tag = std::string("was ") + upperLetter(v.firstRoundLetter);
            if (!v.letter) {
                none.chips.push_back(chip);
                continue;
            }
            TallyRow& row = rows[v.letter];
            row.letter = v.letter;
            row.text = v.optionText;
            row.outOf = groupsInRoom;
            row.chips.push_back(chip);
        }
        // Options the re-vote emptied stay, faded, so the room sees where groups moved from.
        for (const auto& v : r.votes)
            if (!roundOneWhileVoting && v.firstRoundLetter && !rows.count(v.firstRoundLetter)) {
                TallyRow& row = rows[v.firstRoundLetter];
                row.letter = v.firstRoundLetter;
                row.outOf = groupsInRoom;
                row.faded = true;
                for (const auto& f : r.feedback)
                    if (f.letter == v.firstRoundLetter) row.text = "No votes now: " + f.optionText;
            }
        for (auto& [l, row] : rows) b.tally.push_back(std::move(row));
        if (!none.chips.empty()) b.tally.push_back(std::move(none));
        return b;
    };

    if (r.chronologyAsked && !revealed)
        s.sticky.push_back({"Chronology first: each table lists, in date order, what its profession holds by now, and marks "
                            "the concerns",
                            F.body, p.accentText, 0.2f});
    if (r.challengeAsked && !revealed)
        s.sticky.push_back({"Would your table challenge " + r.challengeAgency + "'s decision now, wait for more, or accept it? "
                            "How would you put it? " + r.challengeDecision,
                            F.body, p.accentText, 0.2f});
    if (r.thresholdAsked && !revealed) {
        std::string placed = "Placed: ";
        for (size_t i = 0; i < r.groupsPlaced.size(); ++i) placed += (i ? ", " : "") + r.groupsPlaced[i];
        s.sticky.push_back({"Where do the child's needs sit now? Each group places them first", F.bold, p.accentText, 0.3f});
        s.sticky.push_back({r.groupsPlaced.empty() ? std::string("No group has placed them yet") : placed, F.body, p.text, 0});
    }
    if (r.voting) {
        s.sticky.push_back({r.round > 1 ? "Re-vote open: discuss, then vote again" : "Vote now: one option per group", F.bold,
                            p.accentText, 0.3f});
        std::string voted = "Voted: ";
        for (size_t i = 0; i < r.groupsVoted.size(); ++i) voted += (i ? ", " : "") + r.groupsVoted[i];
        s.sticky.push_back({r.groupsVoted.empty() ? std::string("Waiting for the groups") : voted, F.body, p.text, 0});
        if (r.timerSeconds) {
            // The countdown in the title face: read from the back of the room.
            const int t = *r.timerSeconds;
            if (t >= 0)
                s.sticky.push_back({std::to_string(t / 60) + ":" + (t % 60 < 10 ? "0" : "") + std::to_string(t % 60) + " left",
                                    F.title, t <= 10 ? p.warning : p.accentText, 0.1f});
            else
                s.sticky.push_back({"Time is up (take the time you need)", F.title, p.warning, 0.1f});
        }
        if (!r.votes.empty()) {
            Block head = paraBlock({{"Round 1 choices", F.bold, p.accentText, 0.4f}});
            head.keepWithNext = true;
            s.blocks.push_back(std::move(head));
            s.blocks.push_back(tallyOf(true));
        }
    }

    // The professions' views (not after a reveal: the tally and feedback carry the option texts).
    if (!r.views.empty() && !revealed) {
        std::set<char> listed;
        for (const auto& v : r.views)
            if (v.profession != kMixedProfession)
                for (const auto& o : v.options) listed.insert(o.letter);
        const bool several = r.views.size() > 1;
        // A mixed group may vote any option: with other professions on screen its column lists only the
        // options no profession has (none: a note says so), never a heading that reads as cut off.
        auto viewHeading = [&](const ReleasedView& v) {
            return Para{v.profession == kMixedProfession ? std::string("Mixed groups") : kb.roleName(v.profession), F.bold,
                        p.accentText, 0.4f};
        };
        auto optionParas = [&](const ReleasedView& v) {
            std::vector<Para> out;
            const bool mixedWithOthers = v.profession == kMixedProfession && several;
            for (const auto& o : v.options) {
                if (mixedWithOthers && listed.count(o.letter)) continue;
                out.push_back({std::string(1, upperLetter(o.letter)) + "   " + o.text, F.body, p.text, 0});
            }
            if (mixedWithOthers)
                out.insert(out.begin(), Para{out.empty() ? "Vote for any option on the screen." : "Any option on the screen, including these:",
                                             F.body, p.textMuted, 0});
            return out;
        };
        if (r.voting && several) {
            // Voting: every profession's options at once (UX review defect 12), flowed into two (then
            // three) balanced columns across the whole width, so no profession's options wait on
            // another page. A mixed group may vote any option: its heading says so and lists only the
            // options no profession on screen has. When all of that cannot fit one page (variant 2),
            // the room's professions fill the first page and a mixed group's further options follow.
            Block flow, more;
            flow.flowColumns = viewsVariant == 1 ? 3 : 2;
            more.flowColumns = 2;
            for (const auto& v : r.views) {
                std::vector<Para> opts = optionParas(v);
                const bool mixed = v.profession == kMixedProfession;
                if (mixed && opts.size() <= 1) {
                    flow.flow.push_back({"Mixed groups: vote for any option on the screen.", F.bold, p.accentText, 0.6f});
                    flow.keep.push_back(false);
                    continue;
                }
                Para head = viewHeading(v);
                head.gapBefore = flow.flow.empty() ? 0.0f : 0.6f;
                if (mixed) {
                    opts.erase(opts.begin()); // the note is in the heading
                    if (viewsVariant >= 2) {
                        flow.flow.push_back({"Mixed groups may vote any option on the screen, or those on the next page.", F.bold,
                                             p.accentText, 0.6f});
                        flow.keep.push_back(false);
                        more.flow.push_back({"Mixed groups may also vote:", F.bold, p.accentText, 0});
                        more.keep.push_back(true);
                        for (auto& x : opts) {
                            more.flow.push_back(x);
                            more.keep.push_back(false);
                        }
                        continue;
                    }
                    head.text = "Mixed groups may vote any option on the screen, including these:";
                }
                flow.flow.push_back(head);
                flow.keep.push_back(true);
                for (auto& x : opts) {
                    flow.flow.push_back(x);
                    flow.keep.push_back(false);
                }
            }
            flow.label = "Options";
            s.wide = true;
            s.blocks.push_back(std::move(flow));
            if (!more.flow.empty()) {
                more.newPage = true;
                more.label = "Options for mixed groups";
                s.blocks.push_back(std::move(more));
            }
        } else if (r.voting || !several || viewsVariant >= 2) {
            // One under another (voting: options only), each view a block; pages as needed.
            for (const auto& v : r.views) {
                std::vector<Para> ps{viewHeading(v)};
                if (!r.voting) {
                    if (!several || v.situation != r.situation)
                        for (auto& x : paragraphs(v.situation, F.body, p.text, 0)) ps.push_back(x);
                    ps.push_back({v.question, F.bold, p.text, 0.2f});
                }
                for (auto& x : optionParas(v)) ps.push_back(x);
                // One under another, each labelled, a new page only when the next view does not fit
                // (a page per view left most of each page empty).
                s.blocks.push_back(paraBlock(std::move(ps), false, professionShort(kb, v.profession)));
            }
        } else {
            // Side by side: one page of columns, or (variant 1) the situations, then the questions and options.
            Block situations, options;
            for (const auto& v : r.views) {
                std::vector<Para> a{viewHeading(v)}, b{viewHeading(v)};
                if (v.situation != r.situation) a.push_back({v.situation, F.body, p.text, 0});
                else if (v.profession == kMixedProfession && viewsVariant == 1)
                    a = {{"Mixed groups", F.bold, p.accentText, 0.4f},
                         {"Hear both sides; a mixed group may vote any option.", F.body, p.textMuted, 0}};
                b.push_back({v.question, F.bold, p.text, 0});
                for (auto& x : optionParas(v)) b.push_back(x);
                if (viewsVariant == 0) a.insert(a.end(), b.begin() + 1, b.end());
                situations.columns.push_back(std::move(a));
                options.columns.push_back(std::move(b));
            }
            bool anySituation = false;
            for (const auto& c : situations.columns) anySituation = anySituation || c.size() > 1;
            s.wide = true;
            if (viewsVariant == 0) s.blocks.push_back(std::move(situations));
            else {
                if (anySituation) s.blocks.push_back(std::move(situations));
                options.newPage = true;
                options.label = "Questions and options";
                s.blocks.push_back(std::move(options));
            }
        }
    }

    if (revealed) {
        Block head = paraBlock({{r.round > 1 ? "Choices after the re-vote" : "The groups' choices", F.bold, p.accentText, 0.3f}}, false,
                               "Choices");
        head.keepWithNext = true;
        s.blocks.push_back(std::move(head));
        s.blocks.push_back(tallyOf(false));
        // A threshold point: where each group placed the child, as bars by level (numbered 1 to 4, lowest
        // first), each group named with its profession in its colour (the discussion opener: do the
        // professions place the child differently?), then the case's judgement and why.
        if (r.threshold) {
            const ThresholdScale& scale = activeScale(m);
            const int groupsInRoom = m.room ? std::max(1, static_cast<int>(m.room->session.setup.groups.size())) : 1;
            Block placements;
            for (int i = kThresholdLevelCount - 1; i >= 0; --i) {
                TallyRow row;
                row.letter = static_cast<char>('1' + i);
                row.text = levelName(scale, static_cast<ThresholdLevel>(i));
                row.outOf = groupsInRoom;
                for (const auto& pl : r.placements)
                    if (static_cast<int>(pl.level) == i)
                        row.chips.push_back({pl.group + "  \xC2\xB7  " + professionShort(kb, pl.profession), "", colourIndex(pl.profession)});
                row.faded = row.chips.empty();
                placements.tally.push_back(std::move(row));
            }
            Block head = paraBlock({{"Where the groups placed the child's needs", F.bold, p.accentText, 0.3f}}, true,
                                   "Threshold");
            head.keepWithNext = true;
            s.blocks.push_back(std::move(head));
            s.blocks.push_back(std::move(placements));
            std::string judgement = "The case's judgement: " + levelName(scale, r.threshold->level);
            for (size_t i = 0; i < r.threshold->defensible.size(); ++i)
                judgement += (i == 0 ? "; also defensible: " : ", ") + levelName(scale, r.threshold->defensible[i]);
            std::vector<Para> ps{{judgement + ".", F.bold, p.text, 0.3f}};
            if (r.threshold->atTheTime)
                ps.push_back({"At the time: " + levelName(scale, *r.threshold->atTheTime) + ".", F.body, p.textMuted, 0});
            for (auto& x : paragraphs(r.threshold->why, F.body, p.text, 0.2f)) ps.push_back(x);
            s.blocks.push_back(paraBlock(std::move(ps)));
        }
        // A chronology point: every concern on record by then, date by date, with who held it: the
        // tables compare it with the lists they made from their own profession's records.
        if (!r.concernsOnRecord.empty()) {
            pushConcernsOnRecord(s.blocks, r.date, r.concernsOnRecord, kb, F, p);
            s.blocks.push_back(paraBlock(paragraphs(r.chronologyWhy, F.body, p.text, 0.3f)));
        }
        // A challenge point: the other agency's own side, then the route a disagreement takes (the case's,
        // the room's local pack's, or the national outline), then what the point teaches.
        if (!r.challengeReply.empty()) {
            Block head = paraBlock({{r.challengeAgency + "'s side", F.bold, p.accentText, 0.3f}}, true, "Challenge");
            head.keepWithNext = true;
            s.blocks.push_back(std::move(head));
            s.blocks.push_back(paraBlock(paragraphs(r.challengeReply, F.body, p.text, 0.2f)));
            const ProceduresPack* pack = roomProcedures(m);
            const std::vector<EscalationStep>& route = !r.challengeRoute.empty() ? r.challengeRoute
                                                       : pack && !pack->escalation.empty() ? pack->escalation
                                                                                           : nationalEscalationRoute();
            std::vector<Para> steps{{"If the first challenge does not settle it", F.bold, p.accentText, 0.2f}};
            for (size_t i = 0; i < route.size(); ++i)
                steps.push_back({std::to_string(i + 1) + ". " + route[i].who +
                                     (route[i].within.empty() ? "" : " (within " + route[i].within + ")"),
                                 F.body, p.text, 0});
            s.blocks.push_back(paraBlock(std::move(steps)));
            s.blocks.push_back(paraBlock(paragraphs(r.challengeWhy, F.body, p.text, 0.3f)));
        }
        std::vector<Para> said;
        for (const auto& v : r.votes)
            if (!v.rationale.empty())
                said.push_back({v.group + ": \xE2\x80\x9C" + v.rationale + "\xE2\x80\x9D", F.body, p.textMuted, 0});
        if (!said.empty()) {
            said.insert(said.begin(), Para{"What the groups said", F.bold, p.accentText, 0.4f});
            s.blocks.push_back(paraBlock(std::move(said)));
        }
        // The feedback starts a page after the choices (the room discusses the choices first); the
        // options' feedback then follow one another, a new page only when the next does not fit.
        bool firstFeedback = true;
        for (const auto& f : r.feedback) {
            const std::string l(1, upperLetter(f.letter));
            std::vector<Para> ps{{"Feedback on " + l + ": " + f.optionText, F.bold, p.accentText, 0.2f}};
            for (auto& x : paragraphs(f.outcome, F.body, p.text, 0.2f)) ps.push_back(x);
            for (const auto& [role, view] : f.views) ps.push_back({kb.roleShort(role) + ": " + view, F.body, p.textMuted, 0.1f});
            s.blocks.push_back(paraBlock(std::move(ps), firstFeedback, "Feedback on " + l));
            firstFeedback = false;
        }
        bool first = true;
        for (const auto& per : r.perspectives) {
            std::vector<Para> ps;
            if (first) ps.push_back({"Each profession's perspective at this moment", F.bold, p.accentText, 0.2f});
            const auto label = r.perspectiveLabels.find(per.role); // the case's name for it ("Peter (imagined)")
            ps.push_back({label != r.perspectiveLabels.end() ? label->second : kb.roleName(per.role), F.bold, p.text,
                          first ? 0.1f : 0.4f});
            if (!per.knows.empty()) ps.push_back({"Knows: " + per.knows, F.body, p.text, 0});
            if (!per.thinks.empty()) ps.push_back({"Thinks: " + per.thinks, F.body, p.text, 0});
            if (!per.pressures.empty()) ps.push_back({"Under pressure from: " + per.pressures, F.body, p.textMuted, 0});
            s.blocks.push_back(paraBlock(std::move(ps), first, first ? "Perspectives" : ""));
            first = false;
        }
    }
    return s;
}

// The room debrief for the room (UX review defect 14), in projector type: the scores by group (a
// profession's mean only where it has more than one group: otherwise it repeats that group's column),
// where each table placed the child, each decision's choices and the path followed (with the other
// agency's side at a challenge, every concern on record at a chronology point), then the discussion
// prompts. Everything in it has
// been revealed: it is shown only after the case's ending (projectorShowsDebrief).
ProjScreen buildDebriefScreen(const AppState& m, const UiState& ui, const RoomDebrief& d) {
    const KnowledgeBase& kb = m.knowledge;
    const Palette& p = ui.palette;
    const ProjectorFonts F = projectorFonts(ui);
    auto signedInt = [](int v) { return v > 0 ? "+" + std::to_string(v) : v < 0 ? "\xE2\x88\x92" + std::to_string(-v) : std::string("0"); };
    auto upperL = [](char c) { return std::string(1, upperLetter(c)); };
    ProjScreen s;
    s.wide = true;
    s.header.push_back({"Room debrief", F.bold, p.textMuted, 0});
    s.header.push_back({d.caseName, F.title, p.text, 0});

    std::vector<std::string> meanOf; // professions with two or more groups
    for (const auto& pr : d.professions) {
        int n = 0;
        for (const auto& g : d.groups) n += g.profession == pr ? 1 : 0;
        if (n > 1) meanOf.push_back(pr);
    }
    Block scoresHead;
    scoresHead.paras = {{"Scores by group", F.bold, p.accentText, 0.2f}};
    scoresHead.label = "Scores";
    s.blocks.push_back(std::move(scoresHead));
    Block table;
    table.tableColour = p.text;
    table.tableMuted = p.textMuted;
    std::vector<std::string> head{""};
    for (const auto& g : d.groups) head.push_back(g.name);
    for (const auto& pr : meanOf) head.push_back((pr == kMixedProfession ? std::string("Mixed") : kb.roleShort(pr)) + " mean");
    head.push_back("Case path");
    table.table.push_back(head);
    for (const auto& ds : d.dimensions) {
        std::vector<std::string> row{ds.name};
        for (int v : ds.byGroup) row.push_back(signedInt(v));
        for (const auto& pr : meanOf) {
            char buf[32];
            const double v = ds.byProfession.count(pr) ? ds.byProfession.at(pr) : 0.0;
            std::snprintf(buf, sizeof buf, "%+.1f", v);
            std::string t = buf;
            if (!t.empty() && t[0] == '-') t = "\xE2\x88\x92" + t.substr(1);
            row.push_back(t);
        }
        row.push_back(signedInt(ds.path));
        table.table.push_back(std::move(row));
    }
    s.blocks.push_back(std::move(table));

    // Where each table placed the child at each threshold point, beside the case's judgement: the
    // classic opener of joint training ("why did the teachers put it higher than we did?").
    const bool anyThreshold = std::any_of(d.decisions.begin(), d.decisions.end(), [](const auto& dec) { return dec.threshold.has_value(); });
    if (anyThreshold) {
        Block head = paraBlock({{"Where the tables placed the child", F.bold, p.accentText, 0.5f}}, false, "Placements");
        head.keepWithNext = true;
        s.blocks.push_back(std::move(head));
        Block placed;
        placed.tableColour = p.text;
        placed.tableMuted = p.textMuted;
        std::vector<std::string> header{""};
        for (const auto& g : d.groups) header.push_back(g.name + " (" + professionShort(kb, g.profession) + ")"); // by profession
        header.push_back("The case");
        placed.table.push_back(std::move(header));
        const ThresholdScale& scale = d.thresholdScale;
        auto shortLevel = [&](ThresholdLevel l) { return scale.shortNames[static_cast<size_t>(l)]; };
        for (const auto& dec : d.decisions) {
            if (!dec.threshold) continue;
            std::vector<std::string> row{(dec.date.empty() ? std::string() : dec.date + "  \xC2\xB7  ") + dec.title};
            for (const auto& g : d.groups) {
                const auto at = std::find_if(dec.placements.begin(), dec.placements.end(), [&](const auto& pl) { return pl.group == g.name; });
                row.push_back(at == dec.placements.end() ? "\xE2\x80\x94" : shortLevel(at->level));
            }
            row.push_back(shortLevel(dec.threshold->level));
            placed.table.push_back(std::move(row));
        }
        s.blocks.push_back(std::move(placed));
    }

    bool first = true;
    for (const auto& dec : d.decisions) {
        std::vector<Para> ps;
        if (first) ps.push_back({"Decision by decision", F.bold, p.accentText, 0.3f});
        ps.push_back({(dec.date.empty() ? std::string() : dec.date + "  \xC2\xB7  ") + dec.title +
                          (dec.unanimous ? "  (all groups agreed)" : dec.professionsSplit ? "  (professions split)" : ""),
                      F.bold, p.text, first ? 0.1f : 0.5f});
        for (const auto& c : dec.choices) {
            if (c.groups.empty()) continue;
            std::string who;
            for (const auto& g : c.groups) who += (who.empty() ? "" : ", ") + g;
            ps.push_back({upperL(c.letter) + "   " + c.text + "  \xE2\x80\x94  " + who, F.body, p.text, 0});
        }
        for (const auto& ch : dec.changedInRevote) ps.push_back({"Changed in the re-vote: " + ch, F.body, p.textMuted, 0});
        ps.push_back({"The case followed " + upperL(dec.chosenLetter) + (dec.ruleNote.empty() ? "" : ": " + dec.ruleNote), F.body,
                      p.accentText, 0});
        s.blocks.push_back(paraBlock(std::move(ps), first, first ? "Decisions" : ""));
        first = false;
        if (!dec.challengeReply.empty())
            s.blocks.push_back(paraBlock({{"Challenged: " + dec.challengeDecision, F.body, p.text, 0.2f},
                                          {dec.challengeAgency + "'s side", F.bold, p.accentText, 0.2f},
                                          {dec.challengeReply, F.body, p.text, 0}}));
        if (!dec.concernsOnRecord.empty()) pushConcernsOnRecord(s.blocks, dec.date, dec.concernsOnRecord, kb, F, p);
    }
    first = true;
    for (const auto& [step, prompts] : d.prompts) {
        std::vector<Para> ps;
        if (first) ps.push_back({"Discussion", F.bold, p.accentText, 0.3f});
        ps.push_back({std::to_string(step) + ". " + debriefStepTitle(step), F.bold, p.text, first ? 0.1f : 0.5f});
        for (const auto& pr : prompts) ps.push_back({"\xE2\x80\xA2 " + pr, F.body, p.text, 0});
        Block b;
        b.paras = std::move(ps);
        b.newPage = first;
        b.label = first ? "Discussion" : "";
        s.blocks.push_back(std::move(b));
        first = false;
    }
    return s;
}

} // namespace

float projectorMinShrink() { return 32.0f / (kProjectorBodyPx * kDejaVuEmPerSize); }

namespace {

// Draws the page the room's record asks for (clamped to what fits) and returns every page's label: how
// many pages this screen needs on this display.
std::vector<std::string> drawProjectorContent(const AppState& m, UiState& ui, const ReleasedContent& r) {
    const float width = ImGui::GetContentRegionAvail().x;
    const float height = ImGui::GetContentRegionAvail().y;
    const Palette& p = ui.palette;
    const ProjectorFonts F = projectorFonts(ui);
    // The probe of where the content ends, for the "nothing runs off the bottom" tests.
    auto markEnd = [&ui]() {
        ImGui::Dummy(ImVec2(0, 0));
        WP_PROBE("projector/end");
        ui.projectorOverflow = ImGui::GetItemRectMin().y > ImGui::GetWindowPos().y + ImGui::GetWindowHeight() + 0.5f;
    };

    const bool showDebrief = app::projectorShowsDebrief(m);
    if (r.paused) {
        ImGui::SetCursorPosY(ImGui::GetCursorPosY() + height * 0.36f);
        const float x0 = ImGui::GetCursorPosX();
        projectorTextCentred("Taking a moment", F.title, p.text, width);
        ImGui::SetCursorPosX(x0);
        gap(0.6f);
        projectorTextCentred("Break", F.bold, p.textMuted, width);
        markEnd();
        return {""};
    }
    if (r.warning && !showDebrief) {
        ImGui::SetCursorPosY(ImGui::GetCursorPosY() + height * 0.08f);
        const Column col = beginColumn(34);
        projectorText("Content warning", F.title, p.warning);
        gap(0.4f);
        projectorText(r.warningStage.empty() ? r.caseTitle : "Before the next part of the case: " + r.warningStage,
                      F.bold, p.text);
        gap(0.6f);
        projectorText(r.caseOrigin + " It includes:", F.body, p.text);
        for (const auto& w : r.warnings) projectorText("\xE2\x80\xA2 " + w, F.bold, p.text);
        gap(0.6f);
        projectorText("Step out whenever you need to; you do not have to say why. Talk to the facilitator, or follow your "
                      "local procedures for support.",
                      nullptr, p.textMuted);
        endColumn(col);
        markEnd();
        return {""};
    }

    // A centred column (long lines are hard to follow from the back), 1.5 em from the edges at least.
    // Columns side by side take the whole width (less the edges).
    const float margin = std::max(em(1.5f), (width - em(44)) * 0.5f);
    const float wideMargin = em(1.5f);
    const float x0 = ImGui::GetCursorPosX();
    const float y0 = ImGui::GetCursorPosY();
    float colW = width - 2 * margin;
    float x = x0 + margin;

    // Plan: side-by-side views try one page of columns, then two pages, then one view per page; if a
    // paragraph is still too tall, shrink (down to the floor) and plan again.
    const float baseScale = ImGui::GetCurrentWindow()->FontWindowScale;
    ProjScreen screen;
    std::vector<Page> pages;
    float headerH = 0;
    for (float shrink : {1.0f, 0.97f, projectorMinShrink()}) {
        ImGui::SetWindowFontScale(baseScale * shrink);
        bool fits = false;
        for (int variant = 0; variant < 3 && !fits; ++variant) {
            screen = showDebrief ? buildDebriefScreen(m, ui, *m.room->debrief) : buildScreen(m, ui, r, variant);
            colW = width - 2 * (screen.wide ? wideMargin : margin);
            x = x0 + (screen.wide ? wideMargin : margin);
            headerH = parasHeight(screen.header, colW) + parasHeight(screen.sticky, colW) + em(0.3f);
            fits = paginate(screen.blocks, colW, height - headerH, F, ui.palette, pages);
            const bool sideBySide = r.views.size() > 1 && !r.voting && r.votes.empty();
            if (fits && sideBySide && variant < 2 && pages.size() > (variant == 0 ? 1u : 2u)) fits = false;
            // Voting: the options in columns only when they all fit one page; else one under another.
            if (fits && r.voting && r.views.size() > 1 && variant < 2 && pages.size() > 1) fits = false;
        }
        if (fits) break;
    }

    const int current = std::clamp(app::projectorPage(m), 0, static_cast<int>(pages.size()) - 1);
    const Page& page = pages[static_cast<size_t>(current)];

    // A screen that fits one page with room to spare sits in the middle of the screen, a little above
    // centre, rather than at the top with the bottom half empty.
    float top = y0;
    if (pages.size() == 1) {
        float contentH = 0;
        for (size_t i : page.blocks) contentH += blockHeight(screen.blocks[i], colW, F);
        const float spare = height - headerH - contentH;
        if (spare > height * 0.2f) top += spare * 0.4f;
    }
    ImGui::SetCursorPos(ImVec2(x, top));
    drawParas(screen.header, x, colW);
    drawParas(screen.sticky, x, colW);
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() + em(0.3f));
    for (size_t i : page.blocks) {
        ImGui::SetCursorPosX(x);
        drawBlock(screen.blocks[i], x, colW, F, p);
    }
    ImGui::SetCursorPosX(x);
    markEnd();
    ImGui::SetWindowFontScale(baseScale);
    std::vector<std::string> labels;
    for (const auto& pg : pages) labels.push_back(pg.label);
    return labels;
}

} // namespace

void drawProjector(const AppState& model, UiState& ui, CommandSink& sink) {
    const ScenarioPlugin* plugin = roomPlugin(model);
    if (!model.room || !plugin) return;
    const ReleasedContent r = releasedContent(model.room->session, *plugin->scenario, plugin->manifest, ui.nowMs);
    const std::string key = app::projectorKey(model);

    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->WorkPos);
    ImGui::SetNextWindowSize(viewport->WorkSize);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::PushStyleColor(ImGuiCol_WindowBg, ui.palette.background);
    pushFont(ui.fonts.projectorBody ? ui.fonts.projectorBody : ui.fonts.body);
    ImGui::Begin(kProjectorWindowName, nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollbar |
                     ImGuiWindowFlags_NoBackground); // the frame is cleared to this colour (window.cpp)
    ImGui::SetWindowFontScale(projectorFontScale(viewport->WorkSize.y));
    ui.textScaledThisFrame = true; // its faces fitted to the screen
    ImGui::PopStyleVar();

    // The body (pages, never scrolled) above a footer line for the page indicator.
    const float footerH = ImGui::GetFontSize() * 1.6f;
    ImGui::SetCursorPos(ImVec2(0, em(0.8f)));
    ImGui::BeginChild("##projector-body", ImVec2(0, -footerH), false,
                      ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
    // (the child inherits the parent window's font scale: no second SetWindowFontScale here)
    const std::vector<std::string> labels = drawProjectorContent(model, ui, r);
    ImGui::EndChild();
    WP_PROBE("projector/body");
    // The console pages through what the projector measured for this display: tell it when that changes.
    const int pages = static_cast<int>(labels.size());
    if (model.room->pagesKey != key || model.room->pages != pages || model.room->pageLabels != labels)
        sink.push(ProjectorPagesMeasured{key, pages, labels});

    // "2 of 4" for the room, centred in the footer line.
    if (pages > 1) {
        const ProjectorFonts F = projectorFonts(ui);
        const int current = std::clamp(app::projectorPage(model), 0, pages - 1);
        const std::string text = std::to_string(current + 1) + " of " + std::to_string(pages);
        ImGui::SetCursorPos(ImVec2(0, viewport->WorkSize.y - footerH + footerH * 0.1f));
        projectorTextCentred(text, F.bold, ui.palette.textMuted, viewport->WorkSize.x);
        WP_PROBE("projector/page");
    }

    // The one private thing allowed: a discreet hint of the switch key, for the facilitator.
    if (!model.room->secondWindow) {
        pushFont(ui.fonts.small);
        const char* hint = "F5";
        ImGui::SetWindowFontScale(1.0f);
        const ImVec2 size = ImGui::CalcTextSize(hint);
        ImGui::SetCursorPos(ImVec2(viewport->WorkSize.x - size.x - em(0.6f), viewport->WorkSize.y - size.y - em(0.3f)));
        if (s_log) s_log->push_back(hint);
        ImGui::TextColored(ui.palette.textMuted, "%s", hint);
        popFont(ui.fonts.small);
    }
    ImGui::End();
    popFont(ui.fonts.projectorBody ? ui.fonts.projectorBody : ui.fonts.body);
    ImGui::PopStyleColor();
}

} // namespace wp::ui
