// The projector view: what the room sees. It draws ONLY ReleasedContent (core/room.h
// releasedContent) and every string goes through projectorText(), which tests log to prove that
// nothing unrevealed is ever drawn. No buttons: the facilitator drives from the console (or the keys).
#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <imgui_internal.h>

#include "wholepicture/core/room.h"
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
    std::string text;         // the option's text, shortened to one line when drawn
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
    std::vector<TallyRow> tally;            // or the tally of a reveal
    bool newPage = false;                   // starts a page of its own
    std::string label;                      // names the page it starts ("Feedback on E")
};

struct ProjScreen {
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

// The widest prefix of `text` (at a word boundary) that fits `width` in one line, with an ellipsis.
std::string oneLine(const std::string& text, float width) {
    if (ImGui::CalcTextSize(text.c_str()).x <= width) return text;
    const std::string ell = "\xE2\x80\xA6";
    size_t cut = text.size();
    while (cut > 0) {
        cut = text.rfind(' ', cut - 1);
        if (cut == std::string::npos || cut == 0) break;
        std::string t = text.substr(0, cut);
        while (!t.empty() && (t.back() == ',' || t.back() == ';' || t.back() == ':')) t.pop_back();
        if (ImGui::CalcTextSize((t + ell).c_str()).x <= width) return t + ell;
    }
    return ell;
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
float chipsHeight(const std::vector<TallyRow::Chip>& chips, float width) {
    const ChipMetrics cm = chipMetrics();
    float x = 0, rows = chips.empty() ? 0.0f : 1.0f;
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

float tallyRowHeight(const TallyRow& row, float width, const ProjectorFonts& F) {
    const TallyGeometry g = tallyGeometry(F);
    pushFont(F.bold);
    const float line = ImGui::GetFontSize();
    popFont(F.bold);
    const float right = line + ImGui::GetStyle().ItemSpacing.y + chipsHeight(row.chips, width - g.textX);
    return std::max(g.letterBox, right) + ImGui::GetFontSize() * 0.5f;
}

float blockHeight(const Block& b, float width, const ProjectorFonts& F) {
    if (!b.tally.empty()) {
        float h = 0;
        for (const auto& r : b.tally) h += tallyRowHeight(r, width, F);
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
bool paginate(std::vector<Block>& blocks, float width, float avail, const ProjectorFonts& F, std::vector<Page>& pages) {
    // Split first, so that packing only moves whole blocks.
    std::vector<Block> split;
    for (auto& b : blocks) {
        if (b.paras.size() > 1 && blockHeight(b, width, F) > avail) {
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
        } else if (b.tally.size() > 1 && blockHeight(b, width, F) > avail) {
            bool first = true;
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
        if (pages.empty() || blocks[i].newPage || (used + h > avail && !pages.back().blocks.empty())) {
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

void drawTally(const std::vector<TallyRow>& rows, float x, float width, const ProjectorFonts& F, const Palette& pal) {
    const TallyGeometry g = tallyGeometry(F);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (const auto& row : rows) {
        const float h = tallyRowHeight(row, width, F);
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
        // The option, one line, then the groups that chose it.
        ImGui::SetCursorPos(ImVec2(x + g.textX, y0));
        pushFont(F.bold);
        const std::string line = row.letter ? oneLine(row.text, width - g.textX) : row.text;
        popFont(F.bold);
        projectorText(line, F.bold, fg);
        const ChipMetrics cm = chipMetrics();
        const float chipsX = x + g.textX, chipsW = width - g.textX;
        float cx = 0, cy = ImGui::GetCursorPosY();
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
        ImGui::SetCursorPos(ImVec2(x, y0 + h));
    }
}

void drawBlock(const Block& b, float x, float width, const ProjectorFonts& F, const Palette& pal) {
    if (!b.tally.empty()) {
        drawTally(b.tally, x, width, F, pal);
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

// What one released screen holds, as header, sticky lines and blocks (no drawing).
ProjScreen buildScreen(const AppState& m, const UiState& ui, const ReleasedContent& r, int viewsVariant) {
    const KnowledgeBase& kb = m.knowledge;
    const Palette& p = ui.palette;
    const ProjectorFonts F = projectorFonts(ui);
    ProjScreen s;
    s.header.push_back({r.stageTitle + (r.date.empty() ? "" : "  \xC2\xB7  " + r.date), F.bold, p.textMuted, 0});
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

    auto paraBlock = [](std::vector<Para> ps, bool newPage = false, std::string label = {}) {
        Block b;
        b.paras = std::move(ps);
        b.newPage = newPage;
        b.label = std::move(label);
        return b;
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
        TallyRow none;
        none.text = "No vote";
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
            row.chips.push_back(chip);
        }
        // Options the re-vote emptied stay, faded, so the room sees where groups moved from.
        for (const auto& v : r.votes)
            if (!roundOneWhileVoting && v.firstRoundLetter && !rows.count(v.firstRoundLetter)) {
                TallyRow& row = rows[v.firstRoundLetter];
                row.letter = v.firstRoundLetter;
                row.faded = true;
                for (const auto& f : r.feedback)
                    if (f.letter == v.firstRoundLetter) row.text = "No votes now: " + f.optionText;
            }
        for (auto& [l, row] : rows) b.tally.push_back(std::move(row));
        if (!none.chips.empty()) b.tally.push_back(std::move(none));
        return b;
    };

    if (r.voting) {
        s.sticky.push_back({r.round > 1 ? "Re-vote open: discuss, then vote again" : "Vote now: one option per group", F.bold,
                            p.accentText, 0.3f});
        std::string voted = "Voted: ";
        for (size_t i = 0; i < r.groupsVoted.size(); ++i) voted += (i ? ", " : "") + r.groupsVoted[i];
        s.sticky.push_back({r.groupsVoted.empty() ? std::string("Waiting for the groups") : voted, F.body, p.text, 0});
        if (r.timerSeconds) {
            const int t = *r.timerSeconds;
            s.sticky.push_back({t >= 0 ? std::to_string(t / 60) + ":" + (t % 60 < 10 ? "0" : "") + std::to_string(t % 60) + " left"
                                       : "Time is up (take the time you need)",
                                F.bold, p.textMuted, 0});
        }
        if (!r.votes.empty()) {
            Block head = paraBlock({{"Round 1 choices", F.bold, p.accentText, 0.4f}});
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
        auto viewHeading = [&](const ReleasedView& v) {
            const bool mixedWithOthers = v.profession == kMixedProfession && several;
            return Para{(v.profession == kMixedProfession ? std::string("Mixed groups") : kb.roleName(v.profession)) +
                            (mixedWithOthers ? ": any option, or" : ""),
                        F.bold, p.accentText, 0.4f};
        };
        auto optionParas = [&](const ReleasedView& v) {
            std::vector<Para> out;
            const bool mixedWithOthers = v.profession == kMixedProfession && several;
            for (const auto& o : v.options) {
                if (mixedWithOthers && listed.count(o.letter)) continue;
                out.push_back({std::string(1, upperLetter(o.letter)) + "   " + o.text, F.body, p.text, 0});
            }
            return out;
        };
        if (r.voting || !several || viewsVariant >= 2) {
            // One under another (voting: options only), each view a block; pages as needed.
            for (const auto& v : r.views) {
                std::vector<Para> ps{viewHeading(v)};
                if (!r.voting) {
                    if (!several || v.situation != r.situation)
                        for (auto& x : paragraphs(v.situation, F.body, p.text, 0)) ps.push_back(x);
                    ps.push_back({v.question, F.bold, p.text, 0.2f});
                }
                for (auto& x : optionParas(v)) ps.push_back(x);
                s.blocks.push_back(paraBlock(std::move(ps), !r.voting && viewsVariant >= 2 && several,
                                             professionShort(kb, v.profession)));
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
        s.blocks.push_back(std::move(head));
        s.blocks.push_back(tallyOf(false));
        std::vector<Para> said;
        for (const auto& v : r.votes)
            if (!v.rationale.empty())
                said.push_back({v.group + ": \xE2\x80\x9C" + v.rationale + "\xE2\x80\x9D", F.body, p.textMuted, 0});
        if (!said.empty()) {
            said.insert(said.begin(), Para{"What the groups said", F.bold, p.accentText, 0.4f});
            s.blocks.push_back(paraBlock(std::move(said)));
        }
        for (const auto& f : r.feedback) {
            const std::string l(1, upperLetter(f.letter));
            std::vector<Para> ps{{"Feedback on " + l + ": " + f.optionText, F.bold, p.accentText, 0.2f}};
            for (auto& x : paragraphs(f.outcome, F.body, p.text, 0.2f)) ps.push_back(x);
            for (const auto& [role, view] : f.views) ps.push_back({kb.roleShort(role) + ": " + view, F.body, p.textMuted, 0.1f});
            s.blocks.push_back(paraBlock(std::move(ps), true, "Feedback on " + l));
        }
        bool first = true;
        for (const auto& per : r.perspectives) {
            std::vector<Para> ps;
            if (first) ps.push_back({"Each profession's perspective at this moment", F.bold, p.accentText, 0.2f});
            ps.push_back({kb.roleName(per.role), F.bold, p.text, first ? 0.1f : 0.4f});
            if (!per.knows.empty()) ps.push_back({"Knows: " + per.knows, F.body, p.text, 0});
            if (!per.thinks.empty()) ps.push_back({"Thinks: " + per.thinks, F.body, p.text, 0});
            if (!per.pressures.empty()) ps.push_back({"Under pressure from: " + per.pressures, F.body, p.textMuted, 0});
            s.blocks.push_back(paraBlock(std::move(ps), first, first ? "Perspectives" : ""));
            first = false;
        }
    }
    return s;
}

} // namespace

float projectorMinShrink() { return 32.0f / kProjectorBodyPx; }

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
    if (r.warning) {
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
    const float margin = std::max(em(1.5f), (width - em(44)) * 0.5f);
    const float colW = width - 2 * margin;
    const float x = ImGui::GetCursorPosX() + margin;
    const float y0 = ImGui::GetCursorPosY();

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
            screen = buildScreen(m, ui, r, variant);
            headerH = parasHeight(screen.header, colW) + parasHeight(screen.sticky, colW) + em(0.3f);
            fits = paginate(screen.blocks, colW, height - headerH, F, pages);
            const bool sideBySide = r.views.size() > 1 && !r.voting && r.votes.empty();
            if (fits && sideBySide && variant < 2 && pages.size() > (variant == 0 ? 1u : 2u)) fits = false;
        }
        if (fits) break;
    }

    const int current = std::clamp(m.room->session.state.projectorPage, 0, static_cast<int>(pages.size()) - 1);
    const Page& page = pages[static_cast<size_t>(current)];

    ImGui::SetCursorPos(ImVec2(x, y0));
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
    const std::string key = projectorPageKey(model.room->session);

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
        const int current = std::clamp(model.room->session.state.projectorPage, 0, pages - 1);
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
