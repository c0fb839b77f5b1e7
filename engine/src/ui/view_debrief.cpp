// The debrief at an ending, built from the model's cached core Debrief (never recomputed per frame).
// Read top to bottom it answers, in order: how did it end and how did I do (headline), what must I
// not miss (critical actions), on which dimensions (score bars against the best and worst
// achievable), whom did I leave out (my map beside the real one), where did my path leave the
// strongest one and why (timeline), what really happened, what to discuss, and what I take away
// (reflection, kept with the session). Then export and role swap.
#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "wholepicture/core/map_layout.h"
#include "wholepicture/ui/map_view.h"
#include "wholepicture/core/threshold.h"
#include "wholepicture/ui/probe.h"
#include "wholepicture/ui/screens.h"
#include "wholepicture/ui/speech.h"
#include "wholepicture/ui/views.h"
#include "wholepicture/ui/widgets.h"

namespace wp::ui {

namespace {

std::string percent(double fraction) { return std::to_string(static_cast<int>(std::lround(100.0 * std::clamp(fraction, 0.0, 1.0)))) + "%"; }

std::string castName(const Scenario& s, const std::string& id) {
    for (const auto& c : s.cast)
        if (c.id == id) return mapShortName(c.name);
    return id;
}

std::string joinNames(const Scenario& s, const std::vector<std::string>& ids) {
    std::string out;
    for (size_t i = 0; i < ids.size(); ++i) out += (i ? (i + 1 == ids.size() ? " and " : ", ") : "") + castName(s, ids[i]);
    return out;
}

// The scored dimensions furthest along and least far along their own worst-to-best scales.
std::pair<const DebriefDimension*, const DebriefDimension*> strongestAndWeakest(const Debrief& d) {
    const DebriefDimension* strongest = nullptr;
    const DebriefDimension* weakest = nullptr;
    for (const auto& dim : d.dimensions) {
        if (dim.best == dim.worst) continue;
        if (!strongest || dim.fraction > strongest->fraction + 1e-9) strongest = &dim;
        if (!weakest || dim.fraction < weakest->fraction - 1e-9) weakest = &dim;
    }
    return {strongest, weakest};
}

// [SECTION] Headline: the ending and three figures

void drawHeadline(const AppState& m, const UiState& ui, const Debrief& d, float width) {
    const KnowledgeBase& kb = m.knowledge;
    const Card card = beginCard(ui, width, ui.palette.surface, withAlpha(ui.palette.border, 0.6f));
    eyebrow(ui, d.finished ? "How it ended" : "Not finished yet");
    pushFont(ui.fonts.heading);
    textBlock(d.finished ? d.endingTitle : "The debrief covers the steps taken so far");
    popFont(ui.fonts.heading);
    if (!d.finished) textBlock("Step back into the case to carry on.", ui.palette.textMuted);
    const size_t missed = d.missedCriticalCount();
    // The ending's title is where the case went, which a missed critical action does not undo: said
    // so, or "A picture put together in time" beside "1 missed" reads as a mixed message (UX review 11).
    if (d.finished && missed > 0)
        textBlock("That is where the case ended. Along the way, " + std::to_string(missed) + " critical action" +
                      (missed == 1 ? " was" : "s were") + " missed: see Critical actions below.",
                  ui.palette.textMuted);
    ImGui::Dummy(ImVec2(0, em(0.4f)));

    const float inner = width - em(2.4f);
    const float cell = (inner - em(2)) / 3.0f;
    const double overall = overallFraction(d);
    const DimensionBand* band = overallBand(kb, d);
    int reached = 0, possible = 0;
    if (!d.picture.empty()) {
        reached = d.picture.back().reached;
        possible = d.picture.back().possible;
    }
    auto figure = [&](int i, const std::string& big, const ImVec4& colour, const std::string& small, const char* probe) {
        if (i) ImGui::SameLine(0, em(1));
        ImGui::BeginGroup();
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + cell);
        pushFont(ui.fonts.title);
        textBlock(big, colour);
        popFont(ui.fonts.title);
        pushFont(ui.fonts.small);
        textBlock(small, ui.palette.textMuted);
        popFont(ui.fonts.small);
        ImGui::PopTextWrapPos();
        ImGui::Dummy(ImVec2(cell, 0));
        ImGui::EndGroup();
        WP_PROBE(probe);
    };
    const size_t criticalTotal = d.critical.size();
    const size_t pending = d.pendingCriticalCount();
    const size_t met = criticalTotal - missed - pending;
    std::string critBig, critSmall;
    if (criticalTotal == 0) {
        critBig = "-";
        critSmall = "this case names no critical actions for a " + d.roleName;
    } else if (missed > 0) {
        critBig = std::to_string(missed) + " missed";
        critSmall = "critical action" + std::string(missed == 1 ? "" : "s") + " of " + std::to_string(criticalTotal) + " (listed below)";
        if (pending > 0) critSmall += "; " + std::to_string(pending) + " not reached yet";
    } else if (pending > 0) {
        critBig = "None missed";
        critSmall = "critical actions: " + std::to_string(met) + " met, " + std::to_string(pending) + " not reached yet";
    } else {
        critBig = "All met";
        critSmall = "critical actions: all " + std::to_string(criticalTotal) + " met";
    }
    figure(0, critBig, missed > 0 ? ui.palette.danger : pending > 0 || criticalTotal == 0 ? ui.palette.text : ui.palette.success, critSmall,
           "summary/headline/critical");
    // An unfinished run sits low on a whole-case scale: no band verdict yet, only where it stands.
    if (d.finished)
        figure(1, band ? band->label : percent(overall), bandColour(ui, overall),
               "overall: " + percent(overall) + " of the way from the weakest to the strongest path a " + d.roleName + " could take",
               "summary/headline/overall");
    else
        figure(1, percent(overall) + " so far", ui.palette.text,
               "of the way from the weakest to the strongest whole path a " + d.roleName +
                   " could take; it moves as you finish the case",
               "summary/headline/overall");
    figure(2, possible > 0 ? std::to_string(reached) + " of " + std::to_string(possible) : "-", ui.palette.text,
           std::string(d.finished ? "key facts had reached the people who needed them by the end (the whole picture)"
                                  : "key facts had reached the people who needed them so far (the whole picture)") +
               (d.finished && d.strongestPicture.possible > 0 ? "; the strongest path: " + std::to_string(d.strongestPicture.reached) + " of " +
                                                      std::to_string(d.strongestPicture.possible)
                                                : std::string()),
           "summary/headline/picture");
    // Where it went well and where it did not, in one line, before any detail.
    const auto [strongest, weakest] = strongestAndWeakest(d);
    if (strongest && weakest && strongest != weakest) {
        ImGui::Dummy(ImVec2(0, em(0.3f)));
        ImGui::TextColored(ui.palette.textMuted, "Strongest:");
        ImGui::SameLine();
        pushFont(ui.fonts.bold);
        ImGui::TextColored(ui.palette.success, "%s", strongest->name.c_str());
        popFont(ui.fonts.bold);
        ImGui::SameLine(0, em(1.5f));
        ImGui::TextColored(ui.palette.textMuted, "Most room to grow:");
        ImGui::SameLine();
        pushFont(ui.fonts.bold);
        ImGui::TextColored(bandColour(ui, weakest->fraction), "%s", weakest->name.c_str());
        popFont(ui.fonts.bold);
        WP_PROBE("summary/headline/dimensions");
    }
    endCard(card);
}

// [SECTION] Critical actions, missed first

void drawCritical(const UiState& ui, const Debrief& d) {
    if (d.critical.empty()) return;
    sectionHeader(ui, "Critical actions");
    for (const auto& c : d.critical) {
        ImGui::PushID(c.id.c_str());
        // Missed in red with a cross, met in green with a tick, not reached yet (an unfinished run) in a
        // neutral colour with an ellipsis: words and shapes, never colour alone.
        const std::string mark = c.pending ? "\xE2\x80\xA6 " : c.met ? "\xE2\x9C\x93 " : "\xE2\x9C\x97 ";
        badge(ui, mark + criticalVerdict(c), c.pending ? ui.palette.textMuted : c.met ? ui.palette.success : ui.palette.danger);
        WP_PROBE("summary/critical/" + c.id);
        ImGui::SameLine();
        ImGui::BeginGroup();
        textBlock(c.text, c.met || c.pending ? ui.palette.textMuted : ui.palette.text);
        ImGui::EndGroup();
        ImGui::PopID();
    }
}

// [SECTION] Scores by dimension against the best and worst achievable

void drawScores(const UiState& ui, const Debrief& d, float width) {
    sectionHeader(ui, "Your scores, from the weakest to the strongest path");
    if (!ImGui::BeginTable("##summary-scores", 3, ImGuiTableFlags_SizingFixedFit)) return;
    const float nameW = em(15), valueW = em(17);
    const float barW = std::max(em(6), width - nameW - valueW - em(1.5f));
    ImGui::TableSetupColumn("dimension", ImGuiTableColumnFlags_WidthFixed, nameW);
    ImGui::TableSetupColumn("bar", ImGuiTableColumnFlags_WidthFixed, barW);
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthFixed, valueW);
    for (const auto& dim : d.dimensions) {
        ImGui::PushID(dim.id.c_str());
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(dim.name.c_str());
        ImGui::TableNextColumn();
        const bool inPlay = dim.best != dim.worst;
        if (!inPlay) {
            // No choice open to this role moves this dimension: nothing to judge, so no bar and no band.
            ImGui::AlignTextToFramePadding();
            ImGui::TextColored(ui.palette.textMuted, "not scored for this role in this case");
            WP_PROBE("summary/score/" + dim.id);
            ImGui::TableNextColumn();
            ImGui::PopID();
            continue;
        }
        scoreBar(ui, dim.fraction, dim.worst, dim.best, barW);
        WP_PROBE("summary/score/" + dim.id);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("Your score %d. The weakest path scores %d, the strongest %d.", dim.score, dim.worst, dim.best);
        ImGui::TableNextColumn();
        ImGui::AlignTextToFramePadding();
        // The numbers say what the bar shows: the score, and the worst and best ends of its track.
        pushFont(ui.fonts.bold);
        ImGui::Text("%d", dim.score);
        popFont(ui.fonts.bold);
        ImGui::SameLine(0, em(0.3f));
        ImGui::TextColored(ui.palette.textMuted, "(worst %d, best %d)", dim.worst, dim.best);
        if (!dim.bandLabel.empty()) {
            ImGui::SameLine();
            pushFont(ui.fonts.bold);
            ImGui::TextColored(bandColour(ui, dim.fraction), "%s", dim.bandLabel.c_str());
            popFont(ui.fonts.bold);
            if (ImGui::IsItemHovered() && !dim.bandText.empty()) {
                ImGui::BeginTooltip();
                ImGui::PushTextWrapPos(em(26));
                ImGui::TextUnformatted(dim.bandText.c_str());
                ImGui::PopTextWrapPos();
                ImGui::EndTooltip();
            }
        }
        ImGui::PopID();
    }
    ImGui::EndTable();

    // The band text for the strongest and the weakest dimension, in words.
    const auto [strongest, weakest] = strongestAndWeakest(d);
    ImGui::Dummy(ImVec2(0, em(0.3f)));
    if (strongest && weakest && strongest != weakest) {
        pushFont(ui.fonts.bold);
        textBlock("Strongest: " + strongest->name + " (" + strongest->bandLabel + ")", ui.palette.success);
        popFont(ui.fonts.bold);
        if (!strongest->bandText.empty()) textBlock(strongest->bandText, ui.palette.textMuted);
        ImGui::Dummy(ImVec2(0, em(0.2f)));
        pushFont(ui.fonts.bold);
        textBlock("Most room to grow: " + weakest->name + " (" + weakest->bandLabel + ")", bandColour(ui, weakest->fraction));
        popFont(ui.fonts.bold);
        if (!weakest->bandText.empty()) textBlock(weakest->bandText, ui.palette.textMuted);
        WP_PROBE("summary/weakest");
    }
    pushFont(ui.fonts.small);
    textBlock("Each bar runs from the weakest (left) to the strongest (right) path a " + d.roleName +
                  " could take through this case (a thin tick marks a score of zero); bands follow the same scale (hover a band for its feedback).",
              ui.palette.textMuted);
    popFont(ui.fonts.small);
}

// [SECTION] The whole picture, stage by stage: how many key facts had reached the people who needed
// them as the case went on.

void drawPicture(const UiState& ui, const Debrief& d, float width) {
    if (d.picture.empty()) return;
    sectionHeader(ui, "The whole picture, stage by stage");
    if (!ImGui::BeginTable("##summary-picture", 3, ImGuiTableFlags_SizingFixedFit)) return;
    const float nameW = em(22), valueW = em(12);
    const float barW = std::max(em(6), width - nameW - valueW - em(1.5f));
    ImGui::TableSetupColumn("stage", ImGuiTableColumnFlags_WidthFixed, nameW);
    ImGui::TableSetupColumn("bar", ImGuiTableColumnFlags_WidthFixed, barW);
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthFixed, valueW);
    for (const auto& st : d.picture) {
        ImGui::PushID(st.stage.c_str());
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::AlignTextToFramePadding();
        // Wrapped within the column: a long stage title was cut mid-word (UX review defect 10).
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted((st.date.empty() ? st.title : st.date + "  \xC2\xB7  " + st.title).c_str());
        ImGui::PopTextWrapPos();
        WP_PROBE("summary/picture-label/" + st.stage);
        ImGui::TableNextColumn();
        const double f = st.possible > 0 ? double(st.reached) / double(st.possible) : 0.0;
        scoreBar(ui, f, 0, 0, barW, &ui.palette.accentText); // a measure, not a grade: one neutral colour
        WP_PROBE("summary/picture/" + st.stage);
        ImGui::TableNextColumn();
        ImGui::AlignTextToFramePadding();
        ImGui::Text("%d of %d facts", st.reached, st.possible);
        ImGui::PopID();
    }
    ImGui::EndTable();
    pushFont(ui.fonts.small);
    textBlock("Key facts someone knew by then, counted for each professional who needed them (the lead practitioner and "
              "those making the decision): how much of the whole picture had come together.",
              ui.palette.textMuted);
    popFont(ui.fonts.small);
}

// [SECTION] Threshold placements against the case's judgement

// A small chart (levels up the side, the threshold points along the bottom): the trainee's placements
// joined by a line, the case's judgement as a hollow square with its defensible levels shaded, how the
// agencies treated it then as a cross. Then the same as a table, which is what speech and the reports use.
void drawThresholds(const UiState& ui, const Debrief& d, float width) {
    if (d.thresholds.empty()) return;
    const ThresholdScale& scale = d.thresholdScale;
    sectionHeader(ui, ("Where you placed " + (d.childName.empty() ? std::string("the child's") : d.childName + "'s") +
                       " needs, against the case")
                          .c_str());
    textBlock(thresholdHeadline(d.thresholds, d.childName));
    WP_PROBE("summary/thresholds/headline");

    const size_t n = d.thresholds.points.size();
    float labelW = 0;
    for (int i = 0; i < kThresholdLevelCount; ++i)
        labelW = std::max(labelW, ImGui::CalcTextSize(levelName(scale, static_cast<ThresholdLevel>(i)).c_str()).x);
    labelW += em(0.8f);
    const float rowH = em(1.9f), chartH = rowH * kThresholdLevelCount;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const bool chartVisible = ImGui::IsRectVisible(ImVec2(width, chartH)); // scrolled away: no triangles
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float plotX = origin.x + labelW, plotW = std::max(em(6), width - labelW - em(0.5f));
    auto rowY = [&](ThresholdLevel l) { return origin.y + chartH - rowH * (static_cast<float>(l) + 0.5f); };
    auto colX = [&](size_t i) { return plotX + plotW * (static_cast<float>(i) + 0.5f) / static_cast<float>(n); };
    const ImU32 grid = ImGui::GetColorU32(withAlpha(ui.palette.textMuted, 0.35f));
    for (int i = 0; i < kThresholdLevelCount && chartVisible; ++i) {
        const auto level = static_cast<ThresholdLevel>(i);
        const float y = rowY(level);
        dl->AddText(ImVec2(origin.x, y - ImGui::GetFontSize() * 0.5f), ImGui::GetColorU32(ui.palette.textMuted),
                    levelName(scale, level).c_str());
        dl->AddLine(ImVec2(plotX, y), ImVec2(plotX + plotW, y), grid);
    }
    const float mark = em(0.38f);
    const ImU32 caseColour = ImGui::GetColorU32(ui.palette.text), thenColour = ImGui::GetColorU32(ui.palette.textMuted);
    const ImU32 yourColour = ImGui::GetColorU32(ui.palette.accentText);
    const ImU32 shade = ImGui::GetColorU32(withAlpha(ui.palette.success, 0.22f));
    std::optional<ImVec2> lastPlaced;
    for (size_t i = 0; i < n && chartVisible; ++i) {
        const JudgedPlacement& p = d.thresholds.points[i];
        const float x = colX(i);
        for (ThresholdLevel l : p.point.defensible)
            dl->AddRectFilled(ImVec2(x - mark * 1.8f, rowY(l) - rowH * 0.4f), ImVec2(x + mark * 1.8f, rowY(l) + rowH * 0.4f), shade);
        const float jy = rowY(p.point.level);
        dl->AddRectFilled(ImVec2(x - mark * 1.8f, jy - rowH * 0.4f), ImVec2(x + mark * 1.8f, jy + rowH * 0.4f), shade);
        dl->AddRect(ImVec2(x - mark, jy - mark), ImVec2(x + mark, jy + mark), caseColour, 0, 0, 2.0f);
        if (p.point.atTheTime) {
            const float ty = rowY(*p.point.atTheTime);
            const float xo = x + mark * 2.6f;
            dl->AddLine(ImVec2(xo - mark, ty - mark), ImVec2(xo + mark, ty + mark), thenColour, 2.0f);
            dl->AddLine(ImVec2(xo - mark, ty + mark), ImVec2(xo + mark, ty - mark), thenColour, 2.0f);
        }
        if (p.placed) {
            const ImVec2 at(x - mark * 2.6f, rowY(*p.placed));
            if (lastPlaced) dl->AddLine(*lastPlaced, at, yourColour, 2.0f);
            dl->AddCircleFilled(at, mark, yourColour);
            lastPlaced = at;
        }
    }
    ImGui::Dummy(ImVec2(width, chartH + em(0.3f)));
    WP_PROBE("summary/thresholds/chart");
    pushFont(ui.fonts.small);
    textBlock("Filled circle: your placement. Hollow square: the case's judgement, shaded with the levels it also accepts. "
              "Cross: how the agencies treated it at the time, where the record says.",
              ui.palette.textMuted);
    popFont(ui.fonts.small);

    for (const JudgedPlacement& p : d.thresholds.points) {
        ImGui::PushID(p.node.c_str());
        ImGui::Dummy(ImVec2(0, em(0.3f)));
        pushFont(ui.fonts.bold);
        textBlock((p.date.empty() ? p.title : p.date + "  \xC2\xB7  " + p.title));
        popFont(ui.fonts.bold);
        const bool sound = p.sound();
        textBlock(p.placed ? "You: " + levelName(scale, *p.placed) + ". " + verdictText(p) + "." : std::string("You did not place them here."),
                  sound ? ui.palette.success : ui.palette.warning);
        std::string line = "The case: " + levelName(scale, p.point.level);
        if (p.point.atTheTime) line += ". At the time: " + levelName(scale, *p.point.atTheTime);
        textBlock(line + ".");
        textBlock(p.point.why, ui.palette.textMuted);
        WP_PROBE("summary/thresholds/" + p.node);
        ImGui::PopID();
    }
}

// [SECTION] Challenge and escalation

// Each challenge point: what the other agency decided, what the trainee did and how far along the route,
// the three ratings, the other agency's reply (its perspective), and what the point teaches.
void drawChallenges(const UiState& ui, const Debrief& d, float width) {
    if (d.challenges.empty()) return;
    sectionHeader(ui, "Challenge and escalation");
    for (const JudgedChallenge& c : d.challenges.points) {
        ImGui::PushID(c.node.c_str());
        pushFont(ui.fonts.bold);
        textBlock(c.date.empty() ? c.title : c.date + "  \xC2\xB7  " + c.title);
        popFont(ui.fonts.bold);
        textBlock(c.decision, ui.palette.textMuted); // the case's words name the agency already
        const bool good = c.timeliness == ChallengeRating::Good && c.tone == ChallengeRating::Good &&
                          c.childFocus == ChallengeRating::Good;
        textBlock(challengeVerdict(c), good ? ui.palette.success : ui.palette.warning);
        textBlock(challengeRatings(c) + ".");
        WP_PROBE("summary/challenge/" + c.node);
        const Card card = beginCard(ui, width, ui.palette.surface, ui.palette.border);
        eyebrow(ui, c.agency + "'s side");
        textBlock(c.reply);
        ImGui::Dummy(ImVec2(0, em(0.2f)));
        eyebrow(ui, "The route");
        for (size_t i = 0; i < c.route.size(); ++i) {
            const int step = static_cast<int>(i) + 1;
            const EscalationStep& e = c.route[i];
            std::string line = std::to_string(step) + ". " + e.who + (e.within.empty() ? "" : " (within " + e.within + ")");
            if (step == c.reached) line += ": you reached this step";
            if (step == c.resolvesAt) line += step == c.reached ? ", where it was resolved" : " (resolved here in this case)";
            textBlock(line, step <= c.reached ? ui.palette.text : ui.palette.textMuted);
        }
        endCard(card);
        if (c.resolved) textBlock(c.outcome);
        textBlock(c.why, ui.palette.textMuted);
        ImGui::Dummy(ImVec2(0, em(0.4f)));
        ImGui::PopID();
    }
}

// [SECTION] The chronology beside the whole picture

// Each chronology point: the verdict, then every concern the agencies held by then, in date order, each
// with who held it and whether it was in the trainee's chronology. The pattern of cumulative harm is the
// length of that list against the few lines any one agency held.
void drawChronologies(const UiState& ui, const Debrief& d, float width) {
    if (d.chronologies.empty()) return;
    sectionHeader(ui, "Your chronology and the whole picture");
    for (const JudgedChronology& c : d.chronologies.points) {
        ImGui::PushID(c.node.c_str());
        pushFont(ui.fonts.bold);
        textBlock(c.date.empty() ? c.title : c.date + "  \xC2\xB7  " + c.title);
        popFont(ui.fonts.bold);
        const bool complete = c.built() && c.complete();
        textBlock("You: " + chronologyVerdict(c) + ".", complete ? ui.palette.success : ui.palette.warning);
        textBlock(wholePictureSentence(c, d.childName));
        WP_PROBE("summary/chronology/" + c.node);
        const Card card = beginCard(ui, width, ui.palette.surface, ui.palette.border);
        eyebrow(ui, "Every concern on record by then");
        for (const ChronologyItem& item : c.whole) {
            const bool yours = item.mark != ChronologyMark::Out;
            pushFont(ui.fonts.small);
            textBlock(item.date + "  \xC2\xB7  held by " + item.heldBy, ui.palette.textMuted);
            popFont(ui.fonts.small);
            textBlock(item.text);
            const char* where = item.mark == ChronologyMark::Concern ? "In your chronology, marked as a concern"
                                : item.mark == ChronologyMark::Entry ? "In your chronology, not marked as a concern"
                                : item.known                         ? "Your role knew it; left out"
                                                                     : "Your role did not know it";
            pushFont(ui.fonts.small);
            textBlock(where, yours ? ui.palette.success : item.known ? ui.palette.warning : ui.palette.textMuted);
            popFont(ui.fonts.small);
            ImGui::Dummy(ImVec2(0, em(0.2f)));
        }
        endCard(card);
        textBlock(c.why, ui.palette.textMuted);
        ImGui::Dummy(ImVec2(0, em(0.4f)));
        ImGui::PopID();
    }
}

// [SECTION] The two maps side by side

void drawMaps(UiState& ui, const Scenario& s, const Debrief& d, float width) {
    sectionHeader(ui, "Who shared with whom: your map and the real one");
    std::vector<Link> trainee, historical;
    for (const auto& l : d.traineeMap) trainee.push_back(l.link);
    for (const auto& l : d.historicalMap) historical.push_back(l.link);
    // The maps get the window's full width (not the reading column): 20 agencies need the room.
    const float margin = em(1.5f);
    const float full = std::min(em(100), ImGui::GetWindowContentRegionMax().x - ImGui::GetWindowContentRegionMin().x - 2 * margin);
    width = std::max(width, full);
    const float left = ImGui::GetWindowContentRegionMin().x + (ImGui::GetWindowContentRegionMax().x - ImGui::GetWindowContentRegionMin().x - width) * 0.5f;
    const float gap = em(1.5f);
    float mapW = width >= em(40) ? (width - gap) * 0.5f : width;
    if (mapW < width) {
        // Side by side only while every name fits whole there (a small window at a large scale): else
        // one above the other, each the whole width.
        MapViewInput probe;
        probe.scenario = &s;
        probe.links = &historical;
        if (mapCutNamesFor(probe, ui, mapW, std::clamp(mapW * 0.8f, em(14), em(40))) > 0) mapW = width;
    }
    const float mapH = std::clamp(mapW * 0.8f, em(14), em(40));
    ImGui::SetCursorPosX(left);
    auto one = [&](const char* id, const char* title, const std::vector<Link>& links, const std::vector<DebriefLink>* missed,
                   const std::vector<std::string>& isolated, const std::string& probe, bool legend) {
        ImGui::BeginGroup();
        pushFont(ui.fonts.bold);
        ImGui::TextUnformatted(title);
        popFont(ui.fonts.bold);
        MapViewInput in;
        in.scenario = &s;
        in.links = &links;
        in.missed = missed;
        in.probe = probe;
        in.legend = legend;
        in.behind = ui.palette.background;
        drawInfoMap(id, in, ui, mapW, mapH);
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + mapW);
        pushFont(ui.fonts.small);
        std::vector<std::string> agencies;
        for (const auto& i : isolated)
            if (i != s.cast.front().id) agencies.push_back(i);
        if (!agencies.empty()) textBlock("Isolated: " + joinNames(s, agencies) + ".", ui.palette.warning);
        popFont(ui.fonts.small);
        ImGui::PopTextWrapPos();
        ImGui::EndGroup();
    };
    one("trainee-map", "Your map at the end", trainee, &d.missed, d.isolatedTrainee, "summary/map", true);
    if (mapW < width) ImGui::SameLine(0, gap);
    one("historical-map", "The map in the real case", historical, nullptr, d.isolatedHistorical, "summary/historical-map", false);
    if (!d.missed.empty()) {
        std::string text = std::to_string(d.missed.size()) + " missed connection" + (d.missed.size() == 1 ? "" : "s") +
                           " (red dots on your map): ";
        for (size_t i = 0; i < d.missed.size(); ++i)
            text += (i ? "; " : "") + castName(s, d.missed[i].link.from) + " \xE2\x86\x92 " + castName(s, d.missed[i].link.to);
        textBlock(text + ".", ui.palette.danger);
        WP_PROBE("summary/missed");
    }
    if (!d.historicalNote.empty()) {
        pushFont(ui.fonts.small);
        textBlock(d.historicalNote, ui.palette.textMuted);
        popFont(ui.fonts.small);
    }
}

// [SECTION] The path as a timeline, with the strongest option where it differed

void drawTimeline(const AppState& m, const UiState& ui, const Debrief& d, float width) {
    sectionHeader(ui, "Your path, decision by decision");
    if (d.timeline.empty()) {
        textBlock("No decisions taken yet.", ui.palette.textMuted);
        return;
    }
    const KnowledgeBase& kb = m.knowledge;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float rail = em(1.6f);
    std::string lastStage;
    int n = 0;
    for (const auto& step : d.timeline) {
        ImGui::PushID(n);
        ++n;
        if (step.stage != lastStage) {
            lastStage = step.stage;
            ImGui::Dummy(ImVec2(0, em(0.2f)));
            eyebrow(ui, step.date.empty() ? step.stageTitle : step.date + "  \xC2\xB7  " + step.stageTitle);
        }
        const ImVec2 top = ImGui::GetCursorScreenPos();
        ImGui::Indent(rail);
        pushFont(ui.fonts.small);
        textBlock(std::to_string(n) + ".  " + step.title, ui.palette.textMuted);
        popFont(ui.fonts.small);
        pushFont(ui.fonts.bold);
        textBlock("You chose: " + step.optionText, step.differed ? ui.palette.text : ui.palette.success);
        popFont(ui.fonts.bold);
        WP_PROBE("summary/step/" + std::to_string(n));
        scoreDeltaChips(ui, kb, step.deltas, ImGui::GetCursorScreenPos().x + width - rail - em(1));
        if (!step.outcome.empty()) textBlock(step.outcome, ui.palette.textMuted);
        if (step.differed) {
            ImGui::Dummy(ImVec2(0, em(0.15f)));
            const Card c = beginCard(ui, width - rail, withAlpha(ui.palette.success, 0.08f), withAlpha(ui.palette.success, 0.7f));
            pushFont(ui.fonts.bold);
            textBlock("The strongest path chose: " + step.strongerText, ui.palette.success);
            popFont(ui.fonts.bold);
            if (!step.strongerWhy.empty()) textBlock("Why: " + step.strongerWhy);
            endCard(c);
            WP_PROBE("summary/stronger/" + std::to_string(n));
        }
        ImGui::Unindent(rail);
        // The rail: a dot per decision (green when it was the strongest choice), joined by a line.
        const float bottom = ImGui::GetCursorScreenPos().y;
        const ImVec2 dot(top.x + rail * 0.4f, top.y + em(0.55f));
        if (ImGui::IsRectVisible(top, ImVec2(top.x + rail, bottom + em(0.2f))))
            dl->AddLine(ImVec2(dot.x, dot.y), ImVec2(dot.x, bottom + em(0.2f)), ImGui::GetColorU32(withAlpha(ui.palette.border, 0.7f)), 2.0f);
        if (ImGui::IsRectVisible(ImVec2(dot.x - em(0.4f), dot.y - em(0.4f)), ImVec2(dot.x + em(0.4f), dot.y + em(0.4f))))
            dl->AddCircleFilled(dot, em(0.32f), ImGui::GetColorU32(step.differed ? ui.palette.warning : ui.palette.success));
        ImGui::Dummy(ImVec2(0, em(0.35f)));
        ImGui::PopID();
    }
}

// [SECTION] What happened, prompts, reflection, export

void drawHistory(const UiState& ui, const Debrief& d) {
    if (d.finished && !d.endingText.empty()) {
        sectionHeader(ui, "Where your path ended");
        textBlock(d.endingText);
    }
    if (d.finished && !d.whatHappened.empty()) {
        sectionHeader(ui, "What actually happened");
        textBlock(d.whatHappened);
        WP_PROBE("summary/what-happened");
    }
    if (d.finished && !d.proposals.empty()) {
        sectionHeader(ui, "What the champion group proposed");
        for (const auto& p : d.proposals) bulletBlock(p);
    }
}

void drawPrompts(const UiState& ui, const Debrief& d) {
    bool any = false;
    for (const auto& g : d.prompts) any = any || !g.prompts.empty();
    if (!any) return;
    sectionHeader(ui, "For discussion, in four steps");
    for (const auto& g : d.prompts) {
        if (g.prompts.empty()) continue;
        ImGui::Dummy(ImVec2(0, em(0.2f)));
        pushFont(ui.fonts.bold);
        textBlock(std::to_string(g.step) + ". " + g.title, ui.palette.accentText);
        popFont(ui.fonts.bold);
        for (const auto& p : g.prompts) bulletBlock(p);
    }
    WP_PROBE("summary/prompts");
}

void drawReflection(const AppState& m, UiState& ui, CommandSink& sink, float width) {
    sectionHeader(ui, "Your reflection");
    textBlock("What will you do differently in your own practice? A few lines are enough; they are kept with this "
              "session and in the saved report.",
              ui.palette.textMuted);
    const std::string key = m.session->pluginId + "|" + m.session->role + "|" + std::to_string(m.session->startedMs);
    if (ui.reflectionKey != key) {
        ui.reflectionKey = key;
        ui.reflectionDraft = m.session->reflection;
        ui.reflectionTypedAt = -1;
    }
    // Each keystroke reaches the session in memory; the autosave is written when typing pauses or the
    // box is left (the platform keeps frames coming every half second while a text field is active).
    constexpr double kPauseSeconds = 1.5;
    if (inputTextMultilineWrapped("##reflection", &ui.reflectionDraft, ImVec2(width, em(6)))) {
        sink.push(SetReflection{ui.reflectionDraft, false});
        ui.reflectionTypedAt = ImGui::GetTime();
    }
    const bool left = ImGui::IsItemDeactivated();
    WP_PROBE("summary/reflection");
    if (ui.reflectionTypedAt >= 0 && (left || ImGui::GetTime() - ui.reflectionTypedAt >= kPauseSeconds)) {
        sink.push(SetReflection{ui.reflectionDraft, true});
        ui.reflectionTypedAt = -1;
    }
    if (!m.session->reflection.empty()) {
        pushFont(ui.fonts.small);
        if (m.reflectionUnsaved) textBlock("Saving when you pause\xE2\x80\xA6", ui.palette.textMuted);
        else textBlock("Saved with your session.", ui.palette.success);
        popFont(ui.fonts.small);
    }
}

void drawExport(const AppState& m, UiState& ui, CommandSink& sink, float width) {
    sectionHeader(ui, "Save the debrief");
    textBlock("A report to read or print (HTML, with the maps), the session itself (JSON) and your map as a picture (PNG). "
              "Nothing leaves this computer.",
              ui.palette.textMuted);
    drawReportExport(m, ui, sink, width, false);
}

// [SECTION] Jumping to a part of the debrief

constexpr JumpAnchor kAnchors[] = {{"scores", "Scores"},        {"maps", "Maps"},             {"path", "Your path"},
                                   {"history", "What happened"}, {"discussion", "Discussion"}, {"reflection", "Reflection and report"}};

} // namespace

void drawReportExport(const AppState& m, UiState& ui, CommandSink& sink, float width, bool comparison) {
    const char* prefix = comparison ? "compare" : "summary";
    if (ui.exportFolder.empty()) ui.exportFolder = m.reportsDir;
    const std::string label = std::string("Save report\xE2\x80\xA6##") + prefix;
    pushFont(ui.fonts.bold);
    const float buttonW = ImGui::CalcTextSize(label.c_str(), nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
    popFont(ui.fonts.bold);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Folder");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(std::max(em(10), width - buttonW - em(5)));
    inputText((std::string("##export-folder-") + prefix).c_str(), &ui.exportFolder);
    WP_PROBE(std::string(prefix) + "/export-folder");
    ImGui::SameLine();
    if (primaryButton(ui, label.c_str())) {
        if (comparison) sink.push(SaveComparison{ui.exportFolder});
        else sink.push(SaveReport{ui.exportFolder});
    }
    WP_PROBE(std::string(prefix) + "/save-report");
}

float savedLineHeight(const AppState& model, bool comparison) {
    return savedReportShown(model, comparison) ? em(2.4f) : 0.0f;
}

void drawSavedLine(const AppState& model, UiState& ui, CommandSink& sink, bool comparison) {
    const SavedReport* saved = savedReportShown(model, comparison);
    if (!saved) return;
    const char* prefix = comparison ? "compare" : "summary";
    const float height = savedLineHeight(model, comparison);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float width = ImGui::GetContentRegionAvail().x;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(origin, ImVec2(origin.x + width, origin.y + height), ImGui::GetColorU32(ui.palette.surface));
    dl->AddLine(origin, ImVec2(origin.x + width, origin.y), ImGui::GetColorU32(withAlpha(ui.palette.border, 0.5f)));
    const float padX = em(1.6f);
    const std::string openLabel = std::string("Open folder##saved-") + prefix;
    const float openW = ImGui::CalcTextSize(openLabel.c_str(), nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
    const std::string what = saved->files.size() == 1 ? saved->files.front() : std::to_string(saved->files.size()) + " files";
    // One line: a long folder is cut at the front (its end says where it is), never under the button.
    const float textRoom = width - padX * 2 - openW - em(1.0f);
    const std::string ellipsis = "\xE2\x80\xA6";
    std::string folder = saved->folder;
    auto line = [&](const std::string& f) { return "Saved " + what + " in " + f + "."; };
    std::string text = line(folder);
    while (folder.size() > 4 && ImGui::CalcTextSize(text.c_str()).x > textRoom) {
        size_t cut = 1;
        while (cut < folder.size() && (static_cast<unsigned char>(folder[cut]) & 0xC0) == 0x80) ++cut;
        folder.erase(0, cut);
        text = line(ellipsis + folder);
    }
    ImGui::SetCursorScreenPos(ImVec2(origin.x + padX, origin.y + (height - ImGui::GetFrameHeight()) * 0.5f));
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(ui.palette.success, "%s", text.c_str());
    speakItem(text, "status");
    WP_PROBE(std::string(prefix) + "/saved");
    if (saved->files.size() > 1) {
        std::string list;
        for (const auto& f : saved->files) list += (list.empty() ? "" : "\n") + f;
        itemTooltip(list.c_str());
    }
    ImGui::SetCursorScreenPos(ImVec2(origin.x + width - padX - openW, origin.y + (height - ImGui::GetFrameHeight()) * 0.5f));
    if (secondaryButton(ui, openLabel.c_str())) sink.push(OpenFolder{saved->folder});
    itemTooltip("Show the folder in the file manager");
    WP_PROBE(std::string(prefix) + "/open-folder");
    ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + height));
}

void drawDebrief(const AppState& model, UiState& ui, CommandSink& sink) {
    const Scenario* s = activeScenario(model);
    const ScenarioPlugin* plugin = selectedPlugin(model);
    if (!s || !plugin || !model.session) return;
    const Session& session = *model.session;
    const std::shared_ptr<const Debrief> debrief = model.debrief;
    const float scrollH = std::max(em(8), ImGui::GetContentRegionAvail().y - footerBarHeight() - savedLineHeight(model, false));
    ImGui::BeginChild("##summary", ImVec2(0, scrollH), false, ImGuiWindowFlags_NavFlattened);
    keyboardScroll(true); // PageUp/PageDown/Home/End
    const std::string shownKey = "summary#" + session.pluginId + session.role + std::to_string(session.history.size());
    if (ui.shownKey != shownKey) {
        ui.shownKey = shownKey;
        ImGui::SetScrollY(0);
    }
    ImGui::Dummy(ImVec2(0, em(1.6f)));
    const Column col = beginColumn(64);
    eyebrow(ui, "Debrief");
    pushFont(ui.fonts.title);
    textBlock(s->title.empty() ? plugin->displayName() : s->title);
    popFont(ui.fonts.title);
    pushFont(ui.fonts.small);
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(ui.palette.textMuted, "Played as");
    popFont(ui.fonts.small);
    ImGui::SameLine();
    roleChip(ui, model.knowledge, session.role, true);
    ImGui::Dummy(ImVec2(0, em(0.4f)));

    if (!debrief) {
        textBlock("The debrief is not ready.", ui.palette.textMuted);
    } else {
        const Debrief& d = *debrief;
        drawHeadline(model, ui, d, col.width);
        WP_PROBE("summary/ending");
        drawJumpRow(ui, kAnchors, "summary/jump/", "the debrief");
        drawCritical(ui, d);
        jumpAnchor(ui, "scores");
        drawScores(ui, d, col.width);
        drawPicture(ui, d, col.width);
        drawThresholds(ui, d, col.width);
        drawChronologies(ui, d, col.width);
        drawChallenges(ui, d, col.width);
        jumpAnchor(ui, "maps");
        drawMaps(ui, *s, d, col.width);
        jumpAnchor(ui, "path");
        drawTimeline(model, ui, d, col.width);
        jumpAnchor(ui, "history");
        drawHistory(ui, d);
        jumpAnchor(ui, "discussion");
        drawPrompts(ui, d);
        jumpAnchor(ui, "reflection");
        drawReflection(model, ui, sink, col.width);
        drawExport(model, ui, sink, col.width);
    }
    ImGui::Dummy(ImVec2(0, em(2.5f)));
    endColumn(col);
    ImGui::EndChild();

    // Where the report went, between the content and the footer (never over the debrief).
    drawSavedLine(model, ui, sink, false);
    // [Actions] in the footer bar, as on the other screens.
    const FooterBar bar = drawFooterBar(ui);
    const float buttonH = footerButtonHeight();
    // Left labels shorten when the right-hand buttons (even with short role names) would reach them.
    const char* libraryLabel = "Back to library  (Esc)##summary";
    const char* stepBackLabel = "Step back into the case##summary";
    auto leftWidth = [&](const char* a, const char* b) {
        return ImGui::CalcTextSize(a, nullptr, true).x + ImGui::CalcTextSize(b, nullptr, true).x +
               ImGui::GetStyle().FramePadding.x * 4 + ImGui::GetStyle().ItemSpacing.x + em(1.5f);
    };

    // Right: compare (after a role swap) and "Play as <other role>" for each other playable role,
    // with the roles' short names when the full ones do not fit beside the left buttons.
    // Narrowest (a 720p screen at a large scale): "As SENCO", with "Compare" alone.
    auto rightButtons = [&](bool shortNames, bool narrowest = false) {
        std::vector<std::pair<std::string, std::string>> out; // label, role ("" = compare)
        if (canCompare(model)) out.push_back({narrowest ? "Compare##summary" : "Compare the two runs##summary", ""});
        for (const auto& r : plugin->manifest.roles)
            if (r != session.role)
                out.push_back({(narrowest ? "As " : "Play as ") + (shortNames ? model.knowledge.roleShort(r) : model.knowledge.roleName(r)) +
                                   "##summary-" + r,
                               r});
        return out;
    };
    auto totalWidth = [&](const std::vector<std::pair<std::string, std::string>>& buttons) {
        pushFont(ui.fonts.bold);
        float w = 0;
        for (const auto& b : buttons) w += ImGui::CalcTextSize(b.first.c_str(), nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2 + em(0.6f);
        popFont(ui.fonts.bold);
        return w;
    };
    std::vector<std::pair<std::string, std::string>> right = rightButtons(false);
    const float room = bar.width - bar.padX * 2;
    if (leftWidth(libraryLabel, stepBackLabel) + totalWidth(right) > room) right = rightButtons(true);
    if (leftWidth(libraryLabel, stepBackLabel) + totalWidth(right) > room) {
        libraryLabel = "Library  (Esc)##summary";
        stepBackLabel = "Step back##summary";
    }
    if (leftWidth(libraryLabel, stepBackLabel) + totalWidth(right) > room) right = rightButtons(true, true);
    ImGui::SetCursorScreenPos(ImVec2(bar.origin.x + bar.padX, bar.buttonY));
    if (secondaryButton(ui, libraryLabel, ImVec2(0, buttonH))) sink.push(BackToLibrary{});
    itemTooltip("Back to the library of cases (Esc)");
    WP_PROBE("summary/library");
    ImGui::SameLine();
    if (secondaryButton(ui, stepBackLabel, ImVec2(0, buttonH))) sink.push(StepBack{});
    itemTooltip("Step back into the case: undo the last step and carry on from there");
    WP_PROBE("summary/step-back");
    float x = bar.origin.x + bar.width - bar.padX;
    for (size_t i = right.size(); i-- > 0;) {
        pushFont(ui.fonts.bold);
        const float w = ImGui::CalcTextSize(right[i].first.c_str(), nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
        popFont(ui.fonts.bold);
        x -= w;
        ImGui::SetCursorScreenPos(ImVec2(x, bar.buttonY));
        x -= em(0.6f);
        const bool primary = right[i].second.empty() || (!canCompare(model) && i == right.size() - 1);
        const bool pressed = primary ? primaryButton(ui, right[i].first.c_str(), ImVec2(w, buttonH))
                                     : secondaryButton(ui, right[i].first.c_str(), ImVec2(w, buttonH));
        if (pressed) {
            if (right[i].second.empty()) sink.push(ShowCompare{});
            else sink.push(PlayAsRole{right[i].second});
        }
        if (!right[i].second.empty())
            itemTooltip(("The same case from the start as " + model.knowledge.roleName(right[i].second) +
                         ". This run is kept, and the two are compared at the end.").c_str());
        WP_PROBE(right[i].second.empty() ? std::string("summary/compare") : "summary/play-as/" + right[i].second);
    }
}

void registerDebriefScreen(ScreenRegistry& registry) { registry.add({Screen::Debrief, "Debrief", drawDebrief, false,
                  {{"Tab to the reflection box, then type", "write your reflection (Esc leaves the box and keeps the text)"},
                   {"Enter on \"Play as\"", "replay the case as the other profession"},
                   {"Esc", "back to the library"}}}); }

} // namespace wp::ui
