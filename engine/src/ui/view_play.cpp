// The play screen: the case as this role sees it, the decision, then feedback and the other roles'
// perspectives. Left: the story and the decision; right: scores and this role's case file; bottom:
// step back / continue.
#include <algorithm>
#include <string>

#include <imgui_internal.h>

#include "wholepicture/core/loader.h"
#include "wholepicture/core/chronology.h"
#include "wholepicture/core/challenge.h"
#include "wholepicture/core/threshold.h"
#include "wholepicture/ui/map_view.h"
#include "wholepicture/ui/backdrop.h"
#include "wholepicture/ui/probe.h"
#include "wholepicture/ui/screens.h"
#include "wholepicture/ui/speech.h"
#include "wholepicture/ui/views.h"
#include "wholepicture/ui/widgets.h"

namespace wp::ui {

namespace {

// Everything a play frame needs, resolved once at the top of the frame.
struct PlayContext {
    const AppState& model;
    const Scenario& scenario;
    const Session& session;
    const RunState& state;      // now
    const RunState* previous;   // the state before the last step, if any
    const Node& node;           // the node shown: the decision just answered while in Feedback
    const Option* chosen;       // the option just chosen (Feedback phase)
    bool feedback;
};

const Option* findOption(const Node& node, const std::string& id) {
    for (const auto& o : node.options)
        if (o.id == id) return &o;
    return nullptr;
}

std::string stageLine(const Scenario& s, const std::string& stageId) {
    const int order = s.stageOrder(stageId);
    if (order < 0) return {};
    const Stage& st = s.stages[static_cast<size_t>(order)];
    std::string line = st.date.empty() ? st.title : st.date + "  ·  " + st.title;
    return line + "  ·  stage " + std::to_string(order + 1) + " of " + std::to_string(s.stages.size());
}

std::string guidanceLabel(const KnowledgeBase& kb, const GuidanceCitation& c) {
    const GuidanceInfo* g = kb.guidanceRef(c.ref);
    std::string text = g ? displayTitle(*g) : c.ref;
    if (!c.section.empty()) text += ", " + c.section;
    return text;
}

// "What it says": a citation opens a short note of the cited guidance (its summary, edition and
// status), by click or by keys, so a trainee need not leave the case to look it up.
void guidanceNote(const UiState& ui, const KnowledgeBase& kb, const GuidanceCitation& c) {
    const GuidanceInfo* g = kb.guidanceRef(c.ref);
    if (!g || g->summary.empty()) return;
    ImGui::PushID(&c);
    ImGuiStorage* storage = ImGui::GetStateStorage();
    const ImGuiID key = ImGui::GetID("note-open");
    const bool open = storage->GetBool(key, false);
    ImGui::Indent(em(1.2f));
    if (ImGui::SmallButton(open ? "Hide what it says" : "What it says")) storage->SetBool(key, !open);
    speakItem(std::string(open ? "Hide what it says: " : "What it says: ") + displayTitle(*g), "button");
    WP_PROBE("play/guidance-note/" + c.ref);
    if (open) {
        const std::string status = g->status == "statutory"     ? "Statutory guidance."
                                   : g->status == "legislation" ? "Legislation."
                                   : g->status == "historical"  ? "Historical: in force at the time, since replaced."
                                                                : "Advice.";
        textBlock(ui.fonts.small, status + (g->publisher.empty() ? "" : " " + g->publisher) + (g->date.empty() ? "" : ", " + g->date) + ".",
                  ui.palette.textMuted);
        textBlock(ui.fonts.small, g->summary, ui.palette.text);
        textBlock(ui.fonts.small, "Follow your local procedures: your safeguarding partnership says how this applies where you work.",
                  ui.palette.textMuted);
        WP_PROBE("play/guidance-note-text/" + c.ref);
    }
    ImGui::Unindent(em(1.2f));
    ImGui::PopID();
}

// A large, wrapped, numbered option. ImGui buttons do not wrap text, so this draws its own.
bool optionButton(const UiState& ui, const std::string& id, int number, const std::string& text, float width,
                  bool highlighted) {
    const float pad = em(0.8f);
    const float badgeSize = em(1.7f);
    const float textWidth = width - pad * 3 - badgeSize;
    const ImVec2 textSize = ImGui::CalcTextSize(text.c_str(), nullptr, false, textWidth);
    const float height = std::max(textSize.y, badgeSize) + pad * 2;
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const bool pressed = ImGui::InvisibleButton(id.c_str(), ImVec2(width, height));
    const bool hovered = ImGui::IsItemHovered();
    const bool held = ImGui::IsItemActive();
    const bool focused = ImGui::IsItemFocused() && ImGui::GetIO().NavVisible;

    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 max(pos.x + width, pos.y + height);
    const ImVec4 bg = held ? ui.palette.surfaceActive : (hovered || highlighted) ? ui.palette.surfaceHover : ui.palette.surface;
    const float rounding = em(0.45f);
    dl->AddRectFilled(pos, max, ImGui::GetColorU32(bg), rounding);
    const bool strong = focused || hovered || highlighted;
    dl->AddRect(pos, max, ImGui::GetColorU32(strong ? ui.palette.accentText : withAlpha(ui.palette.border, 0.6f)),
                rounding, 0, strong ? 2.0f : 1.0f);

    const ImVec2 badgeCentre(pos.x + pad + badgeSize * 0.5f, pos.y + pad + badgeSize * 0.5f);
    dl->AddCircleFilled(badgeCentre, badgeSize * 0.5f, ImGui::GetColorU32(ui.palette.accent));
    const std::string digit = std::to_string(number);
    ImFont* bold = ui.fonts.bold ? ui.fonts.bold : ImGui::GetFont();
    const ImVec2 digitSize = bold->CalcTextSizeA(ImGui::GetFontSize(), FLT_MAX, 0, digit.c_str());
    dl->AddText(bold, ImGui::GetFontSize(), ImVec2(badgeCentre.x - digitSize.x * 0.5f, badgeCentre.y - digitSize.y * 0.5f),
                ImGui::GetColorU32(ui.palette.onAccent), digit.c_str());

    const float textY = pos.y + pad + std::max(0.0f, (badgeSize - textSize.y) * 0.5f);
    dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(pos.x + pad * 2 + badgeSize, textY),
                ImGui::GetColorU32(ui.palette.text), text.c_str(), nullptr, textWidth);
    return pressed;
}

void drawPerspectives(const PlayContext& c, const UiState& ui, float width) {
    bool any = false;
    for (const auto& p : c.node.perspectives) {
        if (p.role == c.session.role) continue;
        any = true;
        ImGui::PushID(p.role.c_str());
        const Card card = beginCard(ui, width, ui.palette.surface, withAlpha(ui.palette.border, 0.5f));
        roleChip(ui, c.model.knowledge, p.role);
        ImGui::SameLine();
        ImGui::AlignTextToFramePadding();
        pushFont(ui.fonts.bold);
        ImGui::TextUnformatted(roleLabel(c.scenario, c.model.knowledge, p.role).c_str());
        popFont(ui.fonts.bold);
        auto part = [&](const char* label, const std::string& text) {
            if (text.empty()) return;
            ImGui::Dummy(ImVec2(0, em(0.1f)));
            pushFont(ui.fonts.small);
            textBlock(label, ui.palette.textMuted);
            popFont(ui.fonts.small);
            textBlock(text);
        };
        part("WHAT I KNOW", p.knows);
        part("WHAT I THINK IS GOING ON", p.thinks);
        part("WHAT IS PRESSING ON ME", p.pressures);
        endCard(card);
        WP_PROBE("play/perspective/" + p.role);
        ImGui::PopID();
        ImGui::Dummy(ImVec2(0, em(0.3f)));
    }
    if (!any) textBlock("No other role has a perspective recorded at this point.", ui.palette.textMuted);
}

// "Where do Peter's needs sit now?": the four levels as buttons in a row (wrapping when narrow), the
// one placed drawn as selected, with what the placed (or hovered) level means under them.
void drawThresholdPicker(const PlayContext& c, UiState& ui, CommandSink& sink, float width) {
    const ThresholdScale& scale = activeScale(c.model);
    const auto placedIt = c.state.placements.find(c.node.id);
    const std::optional<ThresholdLevel> placed =
        placedIt == c.state.placements.end() ? std::nullopt : std::optional<ThresholdLevel>(placedIt->second);
    const Card card = beginCard(ui, width, ui.palette.surface, ui.palette.border);
    eyebrow(ui, "Before you decide");
    pushFont(ui.fonts.bold);
    textBlock("Where do " + (c.scenario.childName.empty() ? std::string("the child's") : c.scenario.childName + "'s") +
              " needs sit now?");
    popFont(ui.fonts.bold);
    std::optional<ThresholdLevel> hovered;
    const float right = ImGui::GetCursorScreenPos().x + width - em(1.2f);
    for (int i = 0; i < kThresholdLevelCount; ++i) {
        const auto level = static_cast<ThresholdLevel>(i);
        const std::string& name = levelName(scale, level);
        const std::string label = name + "##threshold-" + thresholdLevelId(level);
        const float w = ImGui::CalcTextSize(name.c_str()).x + ImGui::GetStyle().FramePadding.x * 2;
        if (i > 0) {
            ImGui::SameLine(0, em(0.4f));
            if (ImGui::GetCursorScreenPos().x + w > right) ImGui::NewLine();
        }
        const bool selected = placed == level;
        if (selected ? primaryButton(ui, label.c_str()) : secondaryButton(ui, label.c_str()))
            sink.push(PlaceThreshold{level});
        if (ImGui::IsItemHovered() || itemKeyboardFocused()) hovered = level;
        speakItem("Threshold: " + name, "button", selected ? "selected" : "");
        WP_PROBE(std::string("play/threshold/") + thresholdLevelId(level));
    }
    const std::optional<ThresholdLevel> explain = hovered ? hovered : placed;
    pushFont(ui.fonts.small);
    textBlock(explain ? scale.meanings[static_cast<size_t>(*explain)]
                      : "Place the child first, then choose. You will see the case's judgement after your choice.",
              ui.palette.textMuted);
    popFont(ui.fonts.small);
    endCard(card);
    WP_PROBE("play/threshold");
    ImGui::Dummy(ImVec2(0, em(0.3f)));
}

// After the choice: where the trainee placed the child, the case's judgement and its reasons, and how
// the agencies treated it at the time.
void drawThresholdVerdict(const PlayContext& c, const UiState& ui, float width) {
    const ThresholdPoint& t = *c.node.threshold;
    const ThresholdScale& scale = activeScale(c.model);
    const std::optional<ThresholdLevel> placed = c.state.path.empty() ? std::nullopt : c.state.path.back().threshold;
    const JudgedPlacement judged = judgeAt(t, placed);
    const bool sound = judged.sound();
    ImGui::Dummy(ImVec2(0, em(0.3f)));
    const Card card = beginCard(ui, width, ui.palette.surface, sound ? ui.palette.success : ui.palette.warning);
    eyebrow(ui, "Where the child's needs sat");
    pushFont(ui.fonts.bold);
    textBlock(placed ? "You placed them at " + levelName(scale, *placed) + ": " + verdictText(judged) + "."
                     : std::string("You did not place them before choosing."),
              sound ? ui.palette.success : ui.palette.warning);
    popFont(ui.fonts.bold);
    std::string judgement = "The case's judgement: " + levelName(scale, t.level);
    for (size_t i = 0; i < t.defensible.size(); ++i)
        judgement += (i == 0 ? "; also defensible: " : ", ") + levelName(scale, t.defensible[i]);
    textBlock(judgement + ".");
    if (t.atTheTime) textBlock("At the time the agencies treated it as " + levelName(scale, *t.atTheTime) + ".", ui.palette.textMuted);
    textBlock(t.why);
    endCard(card);
    WP_PROBE("play/threshold-verdict");
}

// "Build Tina's chronology": the dated facts the role holds, in date order, each with "In the chronology"
// and "A concern" boxes; then the chronology as it stands. The list keeps itself in date order, as a
// chronology on a child's file does: the judgement is what goes in and what is a concern.
void drawChronologyBuilder(const PlayContext& c, UiState& ui, CommandSink& sink, float width) {
    const std::string child = c.scenario.childName.empty() ? std::string("the child") : c.scenario.childName;
    const std::vector<ChronologyItem> pool = chronologyPool(c.scenario, c.state, c.model.knowledge);
    const Card card = beginCard(ui, width, ui.palette.surface, ui.palette.border);
    eyebrow(ui, "Before you decide");
    pushFont(ui.fonts.bold);
    textBlock("Build " + (c.scenario.childName.empty() ? std::string("the child's") : child + "'s") + " chronology");
    popFont(ui.fonts.bold);
    pushFont(ui.fonts.small);
    textBlock("From what your role holds now, enter what belongs in the chronology and mark each entry that is a concern. "
              "You will see after your choice what the case looked for, and in the debrief every concern the agencies held.",
              ui.palette.textMuted);
    popFont(ui.fonts.small);
    int entered = 0, concerns = 0;
    for (const ChronologyItem& item : pool) {
        ImGui::PushID(item.fact.c_str());
        ImGui::Dummy(ImVec2(0, em(0.2f)));
        // The date and the two boxes on one line, the fact under them: the list scans by date.
        const float lineX = ImGui::GetCursorPosX();
        pushFont(ui.fonts.bold);
        ImGui::AlignTextToFramePadding();
        ImGui::TextColored(ui.palette.textMuted, "%s", item.date.empty() ? "(undated)" : item.date.c_str());
        popFont(ui.fonts.bold);
        ImGui::SameLine(0, 0);
        ImGui::SetCursorPosX(std::max(ImGui::GetCursorPosX() + em(1.0f), lineX + em(9.0f)));
        bool in = item.mark != ChronologyMark::Out;
        bool concern = item.mark == ChronologyMark::Concern;
        entered += in ? 1 : 0;
        concerns += concern ? 1 : 0;
        ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, em2(0.2f, 0.2f));
        if (ImGui::Checkbox("In the chronology", &in))
            sink.push(MarkChronology{item.fact, in ? ChronologyMark::Entry : ChronologyMark::Out});
        speakItem("In the chronology: " + item.date + ", " + item.text, "checkbox", in ? "checked" : "not checked");
        WP_PROBE("play/chronology/" + item.fact + "/in");
        ImGui::SameLine(0, em(1.2f));
        if (ImGui::Checkbox("A concern", &concern))
            sink.push(MarkChronology{item.fact, concern ? ChronologyMark::Concern : in ? ChronologyMark::Entry : ChronologyMark::Out});
        speakItem("Mark as a concern: " + item.date, "checkbox", concern ? "checked" : "not checked");
        WP_PROBE("play/chronology/" + item.fact + "/concern");
        ImGui::PopStyleVar();
        textBlock(item.text);
        ImGui::PopID();
    }
    if (pool.empty()) textBlock("Your role holds no dated facts yet.", ui.palette.textMuted);
    ImGui::Dummy(ImVec2(0, em(0.3f)));
    pushFont(ui.fonts.small);
    textBlock(entered == 0 ? std::string("Nothing entered yet.")
                           : std::to_string(entered) + (entered == 1 ? " entry" : " entries") + ", " + std::to_string(concerns) +
                                 " marked as " + (concerns == 1 ? "a concern" : "concerns") + ".",
              ui.palette.textMuted);
    popFont(ui.fonts.small);
    endCard(card);
    WP_PROBE("play/chronology");
    ImGui::Dummy(ImVec2(0, em(0.3f)));
}

// After the choice: the trainee's chronology judged, what the case looked for, and the whole picture.
void drawChronologyVerdict(const PlayContext& c, const UiState& ui, float width) {
    const ChronologySummary summary = summariseChronologies(c.scenario, c.state, c.model.knowledge);
    const JudgedChronology* judged = nullptr;
    for (const auto& p : summary.points)
        if (p.node == c.node.id) judged = &p;
    if (!judged) return;
    ImGui::Dummy(ImVec2(0, em(0.3f)));
    const bool complete = judged->built() && judged->complete();
    const Card card = beginCard(ui, width, ui.palette.surface, complete ? ui.palette.success : ui.palette.warning);
    eyebrow(ui, "Your chronology");
    pushFont(ui.fonts.bold);
    textBlock(chronologyVerdict(*judged) + ".", complete ? ui.palette.success : ui.palette.warning);
    popFont(ui.fonts.bold);
    std::vector<std::string> missed;
    for (const auto& item : judged->pool)
        if (item.mattered && item.mark == ChronologyMark::Out) missed.push_back(item.date + ": " + item.text);
    if (!missed.empty()) {
        textBlock("Left out, and it mattered:");
        for (const auto& m : missed) textBlock("  - " + m, ui.palette.textMuted);
    }
    textBlock(wholePictureSentence(*judged, c.scenario.childName));
    textBlock(judged->why, ui.palette.textMuted);
    endCard(card);
    WP_PROBE("play/chronology-verdict");
}

// The route a challenge point uses here: the case's own, the chosen local pack's, or the national one.
const std::vector<EscalationStep>& routeHere(const PlayContext& c, const ChallengePoint& point) {
    const ProceduresPack* pack = activeProcedures(c.model);
    return challengeRoute(point, pack ? &pack->escalation : nullptr);
}

std::string agencyLabel(const Scenario& s, const std::string& castId) {
    for (const auto& member : s.cast)
        if (member.id == castId) return member.name;
    return castId;
}

// "Challenge the decision?": when (now, wait for more, accept), how (the case's approaches), the other
// agency's first reply, then each step of the route with the time it allows, until the step that
// resolves it or the trainee lets it rest. Each step is a button, so Tab and Enter reach it.
void drawChallengeCard(const PlayContext& c, UiState& ui, CommandSink& sink, float width) {
    const ChallengePoint& point = *c.node.challenge;
    const auto recordIt = c.state.challenges.find(c.node.id);
    const ChallengeRecord record = recordIt == c.state.challenges.end() || recordIt->second.closed ? ChallengeRecord{}
                                                                                                     : recordIt->second;
    const std::vector<EscalationStep>& route = routeHere(c, point);
    const int resolvesAt = resolvingStep(point, route);
    const std::string agency = agencyLabel(c.scenario, point.agency);
    const Card card = beginCard(ui, width, ui.palette.surface, ui.palette.border);
    eyebrow(ui, "Before you decide");
    pushFont(ui.fonts.bold);
    textBlock("Do you challenge " + agency + "'s decision?");
    popFont(ui.fonts.bold);
    textBlock(point.decision);
    ImGui::Dummy(ImVec2(0, em(0.3f)));
    if (record.approach.empty()) {
        struct Timing { ChallengeMove move; ChallengeTiming timing; const char* label; const char* probe; };
        const Timing timings[] = {{ChallengeMove::Now, ChallengeTiming::Now, "Challenge it now", "now"},
                                  {ChallengeMove::Wait, ChallengeTiming::Wait, "Note it and wait for more", "wait"},
                                  {ChallengeMove::Accept, ChallengeTiming::Accept, "Accept the decision", "accept"}};
        bool first = true;
        for (const Timing& t : timings) {
            if (!first) ImGui::SameLine(0, em(0.4f));
            first = false;
            const bool selected = record.timing == t.timing;
            const std::string label = std::string(t.label) + "##challenge-" + t.probe;
            if (selected ? primaryButton(ui, label.c_str()) : secondaryButton(ui, label.c_str()))
                sink.push(MoveChallenge{t.move, {}});
            speakItem(std::string("Challenge: ") + t.label, "button", selected ? "selected" : "");
            WP_PROBE(std::string("play/challenge/") + t.probe);
        }
        if (record.timing == ChallengeTiming::Now || record.timing == ChallengeTiming::Wait) {
            ImGui::Dummy(ImVec2(0, em(0.3f)));
            pushFont(ui.fonts.bold);
            textBlock(record.timing == ChallengeTiming::Wait ? "Some days later, you decide to raise it. How do you put it?"
                                                             : "How do you put it?");
            popFont(ui.fonts.bold);
            for (const ChallengeApproach& a : point.approaches) {
                ImGui::PushID(a.id.c_str());
                textBlock(a.text);
                if (secondaryButton(ui, "Put it this way##challenge-approach"))
                    sink.push(MoveChallenge{ChallengeMove::Approach, a.id});
                speakItem("Put it this way: " + a.text, "button");
                WP_PROBE("play/challenge/approach/" + a.id);
                ImGui::Dummy(ImVec2(0, em(0.2f)));
                ImGui::PopID();
            }
        } else if (record.timing == ChallengeTiming::Accept) {
            pushFont(ui.fonts.small);
            textBlock("You accept the decision. You can still change your mind before you choose.", ui.palette.textMuted);
            popFont(ui.fonts.small);
        }
    } else {
        for (const ChallengeApproach& a : point.approaches)
            if (a.id == record.approach) textBlock("You: " + a.text, ui.palette.textMuted);
        const EscalationStep* firstStep = route.empty() ? nullptr : &route.front();
        pushFont(ui.fonts.small);
        if (firstStep && !firstStep->within.empty()) textBlock("Within " + firstStep->within + ":", ui.palette.textMuted);
        popFont(ui.fonts.small);
        pushFont(ui.fonts.bold);
        textBlock(agency + " replies");
        popFont(ui.fonts.bold);
        textBlock(point.reply);
        WP_PROBE("play/challenge/reply");
        for (int step = 2; step <= record.reached && step <= static_cast<int>(route.size()); ++step) {
            const EscalationStep& e = route[static_cast<size_t>(step - 1)];
            ImGui::Dummy(ImVec2(0, em(0.2f)));
            pushFont(ui.fonts.small);
            textBlock("Step " + std::to_string(step) + (e.within.empty() ? "" : ", within " + e.within) + ": you escalate to " +
                          e.who + ". " + e.how,
                      ui.palette.textMuted);
            popFont(ui.fonts.small);
        }
        ImGui::Dummy(ImVec2(0, em(0.3f)));
        if (record.reached >= resolvesAt) {
            pushFont(ui.fonts.bold);
            textBlock("Resolved", ui.palette.success);
            popFont(ui.fonts.bold);
            textBlock(point.outcome);
            WP_PROBE("play/challenge/resolved");
        } else if (record.rested) {
            textBlock("You let it rest: " + agency + "'s decision stands.", ui.palette.warning);
        } else if (record.reached < static_cast<int>(route.size())) {
            // The step in words above two short buttons: a long "who" on a button overflowed the card.
            const EscalationStep& next = route[static_cast<size_t>(record.reached)];
            textBlock("The decision stands. Step " + std::to_string(record.reached + 1) + " of the route" +
                      (next.within.empty() ? "" : ", within " + next.within) + ": " + next.who + ".");
            pushFont(ui.fonts.small);
            textBlock(next.how, ui.palette.textMuted);
            popFont(ui.fonts.small);
            if (primaryButton(ui, "Escalate##challenge-escalate")) sink.push(MoveChallenge{ChallengeMove::Escalate, {}});
            speakItem("Escalate to " + next.who, "button");
            WP_PROBE("play/challenge/escalate");
            ImGui::SameLine(0, em(0.4f));
            if (secondaryButton(ui, "Let it rest##challenge-rest")) sink.push(MoveChallenge{ChallengeMove::Rest, {}});
            speakItem("Let it rest", "button");
            WP_PROBE("play/challenge/rest");
        }
    }
    endCard(card);
    WP_PROBE("play/challenge");
    ImGui::Dummy(ImVec2(0, em(0.3f)));
}

// After the choice: the challenge judged on timeliness, tone and child focus, and what it teaches.
void drawChallengeVerdict(const PlayContext& c, const UiState& ui, float width) {
    const ProceduresPack* pack = activeProcedures(c.model);
    const ChallengeSummary summary =
        summariseChallenges(c.scenario, c.state, c.model.knowledge, pack ? &pack->escalation : nullptr);
    const JudgedChallenge* judged = nullptr;
    for (const auto& p : summary.points)
        if (p.node == c.node.id) judged = &p;
    if (!judged) return;
    ImGui::Dummy(ImVec2(0, em(0.3f)));
    const bool good = judged->timeliness == ChallengeRating::Good && judged->tone == ChallengeRating::Good &&
                      judged->childFocus == ChallengeRating::Good;
    const Card card = beginCard(ui, width, ui.palette.surface, good ? ui.palette.success : ui.palette.warning);
    eyebrow(ui, "Your challenge");
    pushFont(ui.fonts.bold);
    textBlock(challengeVerdict(*judged), good ? ui.palette.success : ui.palette.warning);
    popFont(ui.fonts.bold);
    textBlock(challengeRatings(*judged) + ".");
    if (!judged->approachFeedback.empty()) textBlock(judged->approachFeedback, ui.palette.textMuted);
    if (judged->resolved && !judged->outcome.empty()) textBlock(judged->outcome);
    if (!judged->challenged()) textBlock(judged->agency + "'s reply, had you asked: " + judged->reply, ui.palette.textMuted);
    textBlock(judged->why, ui.palette.textMuted);
    endCard(card);
    WP_PROBE("play/challenge-verdict");
}

void drawQuestion(const PlayContext& c, UiState& ui, CommandSink& sink, float width) {
    const std::string& role = c.session.role;
    if (c.node.type == NodeType::Narrative || c.node.type == NodeType::Ending) {
        glossaryTextBlock(ui, c.model.knowledge, c.node.text.forRole(role));
        return;
    }
    glossaryTextBlock(ui, c.model.knowledge, c.node.situation.forRole(role));
    ImGui::Dummy(ImVec2(0, em(0.6f)));
    // A chronology first: it is what a placement on the threshold scale rests on.
    if (c.node.chronology) drawChronologyBuilder(c, ui, sink, width);
    if (c.node.threshold) drawThresholdPicker(c, ui, sink, width);
    // Then the challenge: a disagreement with another agency is raised before the trainee's own choice.
    if (c.node.challenge && c.node.challenge->forRole(role)) drawChallengeCard(c, ui, sink, width);
    pushFont(ui.fonts.heading);
    textBlock(c.node.question.forRole(role), ui.palette.accentText);
    popFont(ui.fonts.heading);
    ImGui::Dummy(ImVec2(0, em(0.3f)));

    const auto options = availableOptions(c.scenario, c.state);
    int number = 0;
    for (const Option* o : options) {
        ++number;
        ImGui::PushID(o->id.c_str());
        if (optionButton(ui, "##option", number, o->text, width, false)) sink.push(Choose{o->id});
        speakItem("Option " + std::to_string(number) + ": " + o->text, "button");
        WP_PROBE("play/option/" + o->id);
        WP_PROBE("play/option/" + std::to_string(number));
        ImGui::PopID();
    }
    if (options.empty()) textBlock("No option is open to your role here.", ui.palette.warning);

    ImGui::Dummy(ImVec2(0, em(0.6f)));
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, em2(0.2f, 0.2f)); // a checkbox sized to the text
    ImGui::Checkbox("Show the other roles' perspectives before I choose##play", &ui.perspectivesBeforeChoice);
    speakItem("Show the other roles' perspectives before I choose", "checkbox",
              ui.perspectivesBeforeChoice ? "checked. F7 reads them" : "not checked");
    ImGui::PopStyleVar();
    WP_PROBE("play/perspectives-toggle");
    if (ui.perspectivesBeforeChoice) {
        sectionHeader(ui, "What the others know and think");
        drawPerspectives(c, ui, width);
    }

    if (shortcutsAllowed() && !ImGui::GetIO().KeyCtrl)
        if (const int digit = digitPressed(); digit > 0 && digit <= static_cast<int>(options.size()))
            sink.push(Choose{options[static_cast<size_t>(digit - 1)]->id});
}

void drawFeedback(const PlayContext& c, UiState& ui, float width) {
    const Option& o = *c.chosen;
    const KnowledgeBase& kb = c.model.knowledge;

    // The decision, restated, so the feedback reads on its own (and on a projector).
    const Card decision = beginCard(ui, width, ui.palette.surfaceHover, ui.palette.accentText, 2.0f);
    eyebrow(ui, "Your decision");
    pushFont(ui.fonts.bold);
    textBlock(o.text);
    popFont(ui.fonts.bold);
    if (!o.effects.scores.empty()) {
        ImGui::Dummy(ImVec2(0, em(0.1f)));
        scoreDeltaChips(ui, kb, o.effects.scores, ImGui::GetCursorScreenPos().x + width - em(2.2f));
    }
    endCard(decision);
    WP_PROBE("play/feedback");
    if (c.node.chronology) drawChronologyVerdict(c, ui, width);
    if (c.node.threshold) drawThresholdVerdict(c, ui, width);
    if (c.node.challenge) drawChallengeVerdict(c, ui, width);

    if (!o.critical.empty()) {
        if (const CriticalAction* ca = c.scenario.criticalAction(o.critical)) {
            ImGui::Dummy(ImVec2(0, em(0.3f)));
            const bool mustDo = ca->kind == CriticalKind::MustDo;
            pushFont(ui.fonts.bold);
            textBlock(mustDo ? "Critical action met: " + ca->text : "Critical action committed - this must be avoided: " + ca->text,
                      mustDo ? ui.palette.success : ui.palette.danger);
            popFont(ui.fonts.bold);
        }
    }

    if (!ui.mapFresh.empty()) {
        ImGui::Dummy(ImVec2(0, em(0.3f)));
        std::string change = ui.mapFresh.size() == 1 ? "Your decision changed the information-flow map: "
                                                     : "Your decision changed " + std::to_string(ui.mapFresh.size()) +
                                                           " links on the information-flow map: ";
        for (size_t i = 0; i < ui.mapFresh.size(); ++i) {
            const Link& l = ui.mapFresh[i];
            auto name = [&](const std::string& id) {
                for (const auto& cm : c.scenario.cast)
                    if (cm.id == id) return mapShortName(cm.name);
                return id;
            };
            change += (i ? "; " : "") + name(l.from) + (l.flow == Flow::TwoWay ? " \xE2\x86\x90\xE2\x86\x92 " : " \xE2\x86\x92 ") + name(l.to);
        }
        textBlock(change + ".", ui.palette.accentText);
        if (ui.playSideTab != 1) {
            if (secondaryButton(ui, "Show the map##play-feedback")) ui.playSideTab = 1;
            WP_PROBE("play/show-map");
        }
    }

    if (!o.feedback.outcome.empty()) {
        sectionHeader(ui, "What happens next");
        glossaryTextBlock(ui, kb, o.feedback.outcome);
    }
    if (!o.feedback.views.empty()) {
        sectionHeader(ui, "How each profession reads your decision");
        for (const auto& [role, view] : o.feedback.views) {
            ImGui::PushID(role.c_str());
            roleChip(ui, kb, role);
            ImGui::SameLine();
            ImGui::BeginGroup();
            glossaryTextBlock(ui, kb, view); // wraps at the column's edge
            ImGui::EndGroup();
            ImGui::Dummy(ImVec2(0, em(0.2f)));
            ImGui::PopID();
        }
    }
    if (!o.feedback.guidance.empty()) {
        sectionHeader(ui, "Guidance");
        const ProceduresPack* pack = activeProcedures(c.model);
        for (const auto& g : o.feedback.guidance) {
            bulletBlock(guidanceLabel(kb, g));
            guidanceNote(ui, kb, g);
            // How the chosen area reads this guidance, once per guidance under its first citation.
            const std::string local = localReading(pack, g.ref);
            if (!local.empty() && &g == &*std::find_if(o.feedback.guidance.begin(), o.feedback.guidance.end(),
                                                       [&](const GuidanceCitation& x) { return x.ref == g.ref; })) {
                ImGui::Indent(em(1.2f));
                textBlock(ui.fonts.small, local, ui.palette.textMuted);
                ImGui::Unindent(em(1.2f));
            }
        }
    }
    sectionHeader(ui, "What the others knew and thought");
    drawPerspectives(c, ui, width);
}

void drawSidePanel(const PlayContext& c, const UiState& ui) {
    const KnowledgeBase& kb = c.model.knowledge;
    sectionHeader(ui, "Your scores");
    const float panelWidth = ImGui::GetCurrentWindow()->DC.TextWrapPos - ImGui::GetCursorPos().x;
    if (ImGui::BeginTable("##scores", 2, ImGuiTableFlags_SizingStretchProp, ImVec2(std::max(em(8), panelWidth), 0))) {
        ImGui::TableSetupColumn("dimension", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("score", ImGuiTableColumnFlags_WidthFixed, em(2.5f));
        for (const auto& dw : c.scenario.dimensions) {
            const auto it = c.state.scores.find(dw.id);
            const int score = it == c.state.scores.end() ? 0 : it->second;
            const DimensionInfo* d = kb.dimension(dw.id);
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::PushTextWrapPos(0.0f); // wrap inside the cell when the panel is narrow (large UI scale)
            ImGui::PushStyleColor(ImGuiCol_Text, ui.palette.textMuted);
            ImGui::TextUnformatted(d ? d->name.c_str() : dw.id.c_str());
            ImGui::PopStyleColor();
            ImGui::PopTextWrapPos();
            ImGui::TableNextColumn();
            const ImVec4 colour = score > 0 ? ui.palette.success : score < 0 ? ui.palette.danger : ui.palette.textMuted;
            ImGui::TextColored(colour, "%+d", score);
        }
        ImGui::EndTable();
    }
    WP_PROBE("play/scores");

    sectionHeader(ui, "Your case file");
    const auto knownIt = c.state.known.find(c.session.role);
    const std::set<std::string>* before = nullptr;
    if (c.previous) {
        auto it = c.previous->known.find(c.session.role);
        if (it != c.previous->known.end()) before = &it->second;
    }
    int shown = 0;
    if (knownIt != c.state.known.end()) {
        // Newest first: what just arrived is what the trainee needs to notice.
        std::vector<const Fact*> fresh, older;
        for (const auto& f : c.scenario.facts) {
            if (!knownIt->second.count(f.id)) continue;
            (before && before->count(f.id) == 0 ? fresh : older).push_back(&f);
        }
        std::reverse(older.begin(), older.end());
        auto drawFact = [&](const Fact* f, bool isNew) {
            ImGui::PushID(f->id.c_str());
            if (isNew) {
                badge(ui, "NEW", ui.palette.accentText);
                WP_PROBE("play/fact-new/" + f->id);
            }
            textBlock(f->text, isNew ? ui.palette.text : ui.palette.textMuted);
            ImGui::Dummy(ImVec2(0, em(0.25f)));
            ImGui::PopID();
            ++shown;
        };
        for (const Fact* f : fresh) drawFact(f, true);
        for (const Fact* f : older) drawFact(f, false);
    }
    if (shown == 0) textBlock("Nothing yet.", ui.palette.textMuted);

    // The local procedures pack in use: where concerns go, how to escalate a disagreement, who to call.
    if (const ProceduresPack* pack = activeProcedures(c.model)) {
        sectionHeader(ui, ("Local procedures: " + pack->area).c_str());
        if (!pack->frontDoor.empty()) textBlock("Concerns about a child go to " + pack->frontDoor + ".");
        for (const LocalContact& contact : pack->contacts)
            if (contact.role == c.session.role)
                textBlock("Your contact: " + contact.who + (contact.how.empty() ? "" : ", " + contact.how) + ".",
                          ui.palette.textMuted);
        if (!pack->escalation.empty()) {
            pushFont(ui.fonts.bold);
            textBlock("If you disagree with another agency's decision");
            popFont(ui.fonts.bold);
            for (size_t i = 0; i < pack->escalation.size(); ++i) {
                const EscalationStep& step = pack->escalation[i];
                textBlock(std::to_string(i + 1) + ". " + step.who + (step.within.empty() ? "" : " (within " + step.within + ")") +
                              ": " + step.how,
                          ui.palette.textMuted);
            }
        }
        WP_PROBE("play/procedures");
    }
}

// A two-way switch at the top of the side panel: "Case file" (scores and facts) or "Map".
void drawSideTabs(const PlayContext& c, UiState& ui) {
    const char* labels[] = {"Case file##side-tab", nullptr};
    const std::string mapLabel = ui.mapFresh.empty() ? std::string("Map##side-tab")
                                                     : "Map  \xE2\x80\xA2 " + std::to_string(ui.mapFresh.size()) + " new##side-tab";
    labels[1] = mapLabel.c_str();
    (void)c;
    for (int i = 0; i < 2; ++i) {
        if (i) ImGui::SameLine(0, em(0.3f));
        const bool active = ui.playSideTab == i;
        ImGui::PushStyleColor(ImGuiCol_Button, active ? ui.palette.accent : ui.palette.background);
        ImGui::PushStyleColor(ImGuiCol_ButtonHovered, active ? ui.palette.accentHover : ui.palette.surfaceHover);
        ImGui::PushStyleColor(ImGuiCol_ButtonActive, active ? ui.palette.accentActive : ui.palette.surfaceActive);
        ImGui::PushStyleColor(ImGuiCol_Text, active ? ui.palette.onAccent : (i == 1 && !ui.mapFresh.empty() ? ui.palette.accentText : ui.palette.text));
        if (ImGui::Button(labels[i], ImVec2(em(7.5f), 0))) ui.playSideTab = i;
        speakItem(labels[i], "tab", active ? "selected" : "");
        ImGui::PopStyleColor(4);
        WP_PROBE(i == 0 ? "play/tab/case-file" : "play/tab/map");
    }
}

// What each agency shares, as text: the map's hover tooltips for keyboard users (UX review defect 9).
void drawMapShares(const PlayContext& c, UiState& ui) {
    if (secondaryButton(ui, ui.mapSharesOpen ? "Hide what each agency shares##map-shares" : "What each agency shares##map-shares"))
        ui.mapSharesOpen = !ui.mapSharesOpen;
    WP_PROBE("play/map/shares-toggle");
    if (!ui.mapSharesOpen) return;
    for (const CastMember& member : c.scenario.cast) {
        pushFont(ui.fonts.bold);
        textBlock(member.name);
        popFont(ui.fonts.bold);
        textBlock(describeAgency(c.scenario, c.state.map, member), ui.palette.textMuted);
        WP_PROBE("play/map/shares/" + member.id);
    }
}

void drawMapPanel(const PlayContext& c, UiState& ui, float width, float height) {
    sectionHeader(ui, "Who is sharing with whom");
    pushFont(ui.fonts.small);
    textBlock("Hover over an agency or a link, or open the list below, to see what it shares.", ui.palette.textMuted);
    popFont(ui.fonts.small);
    drawMapShares(c, ui);
    ImGui::Dummy(ImVec2(0, em(0.2f)));
    MapViewInput in;
    in.scenario = &c.scenario;
    in.links = &c.state.map;
    in.fresh = ui.mapFresh;
    in.freshProgress = ui.reduceMotion || c.model.settings.reduceMotion || ui.mapFresh.empty()
                           ? 1.0f
                           : static_cast<float>(std::clamp((ImGui::GetTime() - ui.mapTransitionStart) / kMapTransitionSeconds, 0.0, 1.0));
    in.probe = "play/map";
    in.behind = ui.palette.surface; // the side panel's backdrop
    in.kindLegend = false; // kinds are named on hover; the play screen needs the height for the map
    const float mapH = std::clamp(std::min(width * 0.9f, height - ImGui::GetCursorPosY() - em(4.2f)), em(12), em(40));
    drawInfoMap("play-map", in, ui, width, mapH);
}

void drawFooter(const PlayContext& c, const UiState& ui, CommandSink& sink) {
    const FooterBar bar = drawFooterBar(ui);
    const ImVec2 origin = bar.origin;
    const float width = bar.width, pad = bar.padX, buttonH = footerButtonHeight(), y = bar.buttonY;

    const bool canBack = c.feedback || c.session.canStepBack();
    ImGui::SetCursorScreenPos(ImVec2(origin.x + pad, y));
    ImGui::BeginDisabled(!canBack);
    if (secondaryButton(ui, "Step back  (Backspace)##play", ImVec2(0, buttonH))) sink.push(StepBack{});
    WP_PROBE("play/step-back");
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (secondaryButton(ui, "Start again##play", ImVec2(0, buttonH))) sink.push(Restart{});
    itemTooltip("The same case and role, from the beginning");
    WP_PROBE("play/restart");

    const bool decisionOpen = !c.feedback && c.node.type == NodeType::Decision;
    const char* continueLabel = "Continue  (Enter)##play";
    pushFont(ui.fonts.bold); // the primary button's font
    const float continueW = ImGui::CalcTextSize(continueLabel, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
    popFont(ui.fonts.bold);
    if (decisionOpen) {
        const std::string hint = "Choose an option: click it or press its number";
        const float w = ImGui::CalcTextSize(hint.c_str()).x;
        ImGui::SetCursorScreenPos(ImVec2(origin.x + width - pad - w, y + (buttonH - ImGui::GetFontSize()) * 0.5f));
        ImGui::TextColored(ui.palette.textMuted, "%s", hint.c_str());
    } else {
        ImGui::SetCursorScreenPos(ImVec2(origin.x + width - pad - std::max(continueW, em(10)), y));
        if (primaryButton(ui, continueLabel, ImVec2(std::max(continueW, em(10)), buttonH))) sink.push(Continue{});
        WP_PROBE("play/continue");
    }

    if (shortcutsAllowed() && !ImGui::GetIO().KeyCtrl) {
        // Enter on a focused control activates that control (platform applyNavKeys), not Continue too.
        // Arrows only move the focus: Left arrow once stepped back, undoing a decision (UX defect 4).
        if (!decisionOpen && !ImGui::IsAnyItemFocused() && (keyPressed(ImGuiKey_Enter) || keyPressed(ImGuiKey_KeyPadEnter)))
            sink.push(Continue{});
        if (canBack && keyPressed(ImGuiKey_Backspace)) sink.push(StepBack{});
    }
}

} // namespace

void drawPlay(const AppState& model, UiState& ui, CommandSink& sink) {
    const Scenario* scenario = activeScenario(model);
    if (!scenario || !model.session || model.session->history.empty()) return;
    const Session& session = *model.session;
    const RunState& state = session.current();
    const RunState* previous = session.history.size() > 1 ? &session.history[session.history.size() - 2] : nullptr;

    // In the feedback phase the node on screen is the decision just answered (the state before the step).
    const bool feedback = model.phase == PlayPhase::Feedback && previous && !state.path.empty();
    const Node& node = currentNode(*scenario, feedback ? *previous : state);
    const Option* chosen = feedback ? findOption(node, state.path.back().option) : nullptr;
    const PlayContext c{model, *scenario, session, state, previous, node, chosen, feedback && chosen};

    const float footerH = footerBarHeight();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float mainH = std::max(em(8), avail.y - footerH);
    float sideW = ui.playSideTab == 1 ? std::clamp(avail.x * 0.5f, em(20), em(48)) : std::clamp(avail.x * 0.32f, em(16), em(28));
    if (ui.playSideTab == 1) {
        // A small window at a large scale: when the map's names would be cut at half the width, the
        // map panel takes up to 62% of it (the reading column stays at least 18 em).
        MapViewInput probe;
        probe.scenario = scenario;
        probe.links = &state.map;
        auto cutAt = [&](float w) {
            const float mapW = w - em(2.4f); // as drawMapPanel is given it
            return mapCutNamesFor(probe, ui, mapW, std::clamp(std::min(mapW * 0.9f, mainH - em(10)), em(12), em(40)));
        };
        const float wider = std::min(avail.x * 0.62f, std::max(sideW, avail.x - em(18)));
        if (wider > sideW + em(1) && cutAt(sideW) > 0) {
            for (float w = sideW + em(1); w <= wider; w += em(1)) {
                sideW = w;
                if (cutAt(w) == 0) break;
            }
        }
    }

    // Links the last step made or changed fade and pulse in for kMapTransitionSeconds.
    const std::string transitionKey = session.pluginId + "|" + session.role + "|" + std::to_string(session.history.size());
    if (ui.mapTransitionKey != transitionKey) {
        const bool forward = session.history.size() > ui.mapTransitionSteps;
        ui.mapTransitionKey = transitionKey;
        ui.mapTransitionSteps = session.history.size();
        ui.mapFresh = forward && previous ? changedLinks(previous->map, state.map) : std::vector<Link>{};
        ui.mapTransitionStart = ImGui::GetTime();
        // Reduced motion (the settings screen, and screenshots): new links are drawn settled at once.
        if (!ui.mapFresh.empty() && !ui.reduceMotion && !model.settings.reduceMotion) ui.animateUntil = ui.mapTransitionStart + kMapTransitionSeconds;
    }

    // [Main] the story and the decision
    ImGui::BeginChild("##play-main", ImVec2(avail.x - sideW, mainH), false, ImGuiWindowFlags_NavFlattened);
    keyboardScroll(true); // PageUp/PageDown/Home/End
    const std::string shownKey = node.id + (c.feedback ? "#feedback" : "#question") + std::to_string(session.history.size());
    if (ui.shownKey != shownKey) {
        ui.shownKey = shownKey;
        ImGui::SetScrollY(0);
    }
    ImGui::Dummy(ImVec2(0, em(1.6f)));
    const Column col = beginColumn(48);
    eyebrow(ui, stageLine(*scenario, node.stage));
    pushFont(ui.fonts.title);
    textBlock(node.title);
    popFont(ui.fonts.title);
    pushFont(ui.fonts.small);
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(ui.palette.textMuted, "You are playing");
    popFont(ui.fonts.small);
    ImGui::SameLine();
    // The role's full name when the column has room for it, else its short name (the full one on hover).
    pushFont(ui.fonts.bold);
    const float longW = ImGui::CalcTextSize(model.knowledge.roleName(session.role).c_str()).x + em(1.1f); // chip() pads 0.55 em a side
    popFont(ui.fonts.bold);
    roleChip(ui, model.knowledge, session.role, ImGui::GetCursorPosX() + longW <= ImGui::GetCurrentWindow()->DC.TextWrapPos);
    // The second run of a role swap says so (UX review defect 22): the trainee knows this run is set
    // beside the first one at the end.
    if (const std::string swap = roleSwapNote(model); !swap.empty()) {
        pushFont(ui.fonts.small);
        textBlock(swap, ui.palette.accentText);
        popFont(ui.fonts.small);
        WP_PROBE("play/role-swap");
    }
    ImGui::Dummy(ImVec2(0, em(0.5f)));

    if (c.feedback)
        drawFeedback(c, ui, col.width);
    else
        drawQuestion(c, ui, sink, col.width);
    ImGui::Dummy(ImVec2(0, em(2.0f)));
    endColumn(col);
    ImGui::EndChild();

    // [Side] scores and the case file, on a slightly raised surface
    ImGui::SameLine(0, 0);
    {
        const ImVec2 p = ImGui::GetCursorScreenPos();
        fillBackdrop(p, ImVec2(p.x + sideW, p.y + mainH), ui.palette.surface);
        ImGui::GetWindowDrawList()->AddLine(p, ImVec2(p.x, p.y + mainH), ImGui::GetColorU32(withAlpha(ui.palette.border, 0.5f)));
    }
    ImGui::BeginChild("##play-side", ImVec2(sideW, mainH), false, ImGuiWindowFlags_NavFlattened);
    keyboardScroll(false); // PageUp/PageDown/Home/End
    ImGui::Dummy(ImVec2(0, em(1.0f)));
    ImGui::Indent(em(1.2f));
    ImGui::PushTextWrapPos(sideW - em(1.2f));
    drawSideTabs(c, ui);
    if (ui.playSideTab == 1)
        drawMapPanel(c, ui, sideW - em(2.4f), mainH);
    else
        drawSidePanel(c, ui);
    ImGui::PopTextWrapPos();
    ImGui::Unindent(em(1.2f));
    ImGui::Dummy(ImVec2(0, em(1.0f)));
    ImGui::EndChild();

    // [Footer]
    drawFooter(c, ui, sink);
}

void registerPlayScreen(ScreenRegistry& registry) { registry.add({Screen::Play, "Play", drawPlay, false,
                  {{"1-9", "choose an option"},
                   {"Enter (nothing focused)", "continue"},
                   {"Backspace", "step back (undo the last step)"},
                   {"Tab to \"Map\", then Enter", "the information-flow map and the list of what each agency shares"},
                   {"Tab to a dotted term", "its meaning, from the glossary"},
                   {"Esc", "back to the choice of role"}}}); }

} // namespace wp::ui
