// Author mode: the side panel (problems, nodes, the run's state) and the "Open a plugin folder" card
// in the library. Reads the model, pushes commands; the folder is read and watched by the composition
// root.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include <imgui.h>
#include <imgui_stdlib.h> // needs imgui.h first (IMGUI_API)

#include "wholepicture/core/author_mode.h"
#include "wholepicture/core/challenge.h"
#include "wholepicture/core/lists.h"
#include "wholepicture/core/threshold.h"
#include "wholepicture/ui/backdrop.h"
#include "wholepicture/ui/probe.h"
#include "wholepicture/ui/speech.h"
#include "wholepicture/ui/views.h"
#include "wholepicture/ui/widgets.h"

namespace wp::ui {

namespace {

enum AuthorTab { kProblems = 0, kNodes = 1, kState = 2, kReview = 3 };

std::string shortFile(const AuthorMode& a, const std::string& file) {
    const std::string dir = a.dir.string();
    if (!dir.empty() && file.rfind(dir, 0) == 0) {
        std::string rest = file.substr(dir.size());
        while (!rest.empty() && rest.front() == '/') rest.erase(rest.begin());
        return rest;
    }
    return file;
}

std::string location(const AuthorMode& a, const Diagnostic& d) {
    std::string out = shortFile(a, d.file);
    if (d.line > 0) out += ":" + std::to_string(d.line) + ":" + std::to_string(d.column);
    return out;
}

std::string conditionText(const Condition& c) {
    std::vector<std::string> parts;
    for (const auto& f : c.flagsSet) parts.push_back(f);
    for (const auto& f : c.flagsUnset) parts.push_back("not " + f);
    for (const auto& k : c.knows) parts.push_back(k.role + " knows " + k.fact);
    if (!c.any.empty()) { // OR conditions: "(a or b)"
        std::vector<std::string> alternatives;
        for (const auto& alt : c.any) alternatives.push_back(conditionText(alt));
        parts.push_back("(" + joinList(alternatives, " or ") + ")");
    }
    return joinList(parts, " and ");
}

// Where the branches lead. A target that is not a node of `draft` is marked "(no such node)" and
// `broken` set, so the view draws the line in the warning colour (UX review defect 24).
std::string leadsTo(const std::vector<Branch>& next, const Scenario& draft, bool& broken) {
    broken = false;
    if (next.empty()) return "nowhere";
    std::vector<std::string> parts;
    for (const auto& b : next) {
        std::string to = b.to;
        if (!draft.node(b.to)) {
            to += " (no such node)";
            broken = true;
        }
        parts.push_back(b.when.empty() ? to : "if " + conditionText(b.when) + ": " + to);
    }
    return joinList(parts, "; otherwise ");
}

std::string nodeLabel(const Node& n) { return (n.title.empty() ? n.id : n.title) + "  (" + n.id + ")"; }

// The roles the author can play: the manifest's, or the roles the scenario's cast names when the
// manifest did not load.
std::vector<std::string> playableRoles(const AuthorMode& a) { return a.loaded.manifest.roles; }

void tabButton(const UiState& ui, const char* label, int tab, const char* probe, UiState& state) {
    const bool active = state.authorTab == tab;
    if (active ? primaryButton(ui, label) : secondaryButton(ui, label)) state.authorTab = tab;
    WP_PROBE(probe);
}

// [SECTION] Problems

void drawProblems(const AppState& m, const AuthorMode& a, UiState& ui, CommandSink& sink) {
    const auto& diags = a.loaded.diagnostics;
    if (diags.empty()) {
        textBlock("No errors or warnings: wpt lint would pass.", ui.palette.success);
        return;
    }
    (void)m;
    for (size_t i = 0; i < diags.size(); ++i) {
        const Diagnostic& d = diags[i];
        ImGui::PushID(static_cast<int>(i));
        const std::string node = a.draft ? nodeForPointer(*a.draft, d.pointer) : std::string{};
        const ImVec4 colour = d.severity == Severity::Error ? ui.palette.danger : ui.palette.warning;
        const std::string head = std::string(severityName(d.severity)) + "  " + location(a, d) +
                                 (node.empty() ? std::string{} : "  \xE2\x80\xBA " + node); // ›
        ImGui::PushStyleColor(ImGuiCol_Text, colour);
        if (listItem((head + "##diag").c_str(), false)) {
            if (!node.empty()) {
                sink.push(InspectNode{node});
                ui.authorTab = kNodes;
            }
        }
        ImGui::PopStyleColor();
        if (ImGui::IsItemHovered() && !node.empty()) ImGui::SetTooltip("Show the node \"%s\"", node.c_str());
        WP_PROBE("author/diagnostic/" + std::to_string(i));
        ImGui::Indent(em(0.8f));
        textBlock(d.message);
        // The line itself, as the file has it: the author sees the mistake without opening the file.
        if (!d.sourceLine.empty()) {
            textBlock(ui.fonts.small, "line " + std::to_string(d.line) + ":  " + d.sourceLine, ui.palette.text);
            WP_PROBE("author/diagnostic/" + std::to_string(i) + "/line");
        }
        if (!d.pointer.empty()) textBlock(ui.fonts.small, d.pointer, ui.palette.textMuted);
        ImGui::Unindent(em(0.8f));
        ImGui::Dummy(ImVec2(0, em(0.3f)));
        ImGui::PopID();
    }
}

// [SECTION] Nodes

void drawNodeList(const AuthorMode& a, UiState& ui, CommandSink& sink) {
    const Scenario& s = *a.draft;
    std::vector<std::string> stageOrder;
    for (const auto& st : s.stages) stageOrder.push_back(st.id);
    for (const auto& n : s.nodes)
        if (std::find(stageOrder.begin(), stageOrder.end(), n.stage) == stageOrder.end()) stageOrder.push_back(n.stage);
    for (const auto& stageId : stageOrder) {
        std::string title = stageId.empty() ? std::string("No stage") : stageId;
        for (const auto& st : s.stages)
            if (st.id == stageId && !st.title.empty()) title = st.title;
        sectionHeader(ui, title.c_str());
        for (const auto& n : s.nodes) {
            if (n.stage != stageId) continue;
            ImGui::PushID(n.id.c_str());
            const std::string label = nodeLabel(n) + "  \xC2\xB7 " + nodeTypeName(n.type) + "##node";
            if (listItem(label.c_str(), a.inspectedNode == n.id)) sink.push(InspectNode{n.id});
            WP_PROBE("author/node/" + n.id);
            ImGui::PopID();
        }
    }
}

void drawNodeDetail(const AppState& m, const AuthorMode& a, const Node& n, UiState& ui, CommandSink& sink) {
    if (secondaryButton(ui, "\xE2\x80\xB9 All nodes##author")) sink.push(InspectNode{""}); // ‹
    WP_PROBE("author/all-nodes");
    ImGui::Dummy(ImVec2(0, em(0.3f)));
    pushFont(ui.fonts.heading);
    textBlock(n.title.empty() ? n.id : n.title);
    popFont(ui.fonts.heading);
    textBlock(n.id + "  \xC2\xB7  " + nodeTypeName(n.type) + "  \xC2\xB7  stage " + n.stage, ui.palette.textMuted);
    WP_PROBE("author/detail/" + n.id);

    // Problems in this node first: that is why the author is looking.
    for (const auto& d : a.loaded.diagnostics)
        if (a.draft && nodeForPointer(*a.draft, d.pointer) == n.id)
            textBlock(ui.fonts.small, std::string(severityName(d.severity)) + ": " + d.message,
                      d.severity == Severity::Error ? ui.palette.danger : ui.palette.warning);

    // The text each role reads (the same text for every role is shown once).
    const auto roles = playableRoles(a);
    auto textFor = [&](const std::string& role) {
        if (n.type == NodeType::Decision) {
            std::string t = n.situation.forRole(role);
            const std::string& q = n.question.forRole(role);
            if (!q.empty()) t += (t.empty() ? "" : "\n\n") + q;
            return t;
        }
        return n.text.forRole(role);
    };
    sectionHeader(ui, "What each role reads");
    bool allSame = true;
    for (const auto& r : roles) allSame = allSame && textFor(r) == textFor(roles.empty() ? r : roles.front());
    if (roles.empty() || allSame) {
        textBlock(ui.fonts.small, "Every role", ui.palette.textMuted);
        textBlock(textFor(roles.empty() ? std::string{} : roles.front()));
    } else {
        for (const auto& r : roles) {
            roleChip(ui, m.knowledge, r);
            textBlock(textFor(r));
            ImGui::Dummy(ImVec2(0, em(0.2f)));
        }
    }

    if (n.type == NodeType::Decision && n.threshold) {
        // The threshold point as the trainee meets it after the choice: the judgement, the other levels
        // the case accepts, how it was treated then, and the reasons.
        const ThresholdScale& scale = activeScale(m);
        sectionHeader(ui, "Threshold point");
        std::string judgement = "Judgement: " + levelName(scale, n.threshold->level);
        for (size_t i = 0; i < n.threshold->defensible.size(); ++i)
            judgement += (i == 0 ? "  \xC2\xB7  also defensible: " : ", ") + levelName(scale, n.threshold->defensible[i]);
        if (n.threshold->atTheTime) judgement += "  \xC2\xB7  at the time: " + levelName(scale, *n.threshold->atTheTime);
        textBlock(judgement);
        textBlock(ui.fonts.small, n.threshold->why, ui.palette.textMuted);
        WP_PROBE("author/threshold/" + n.id);
    }

    if (n.type == NodeType::Decision && n.chronology) {
        // The chronology point as the debrief judges it: the entries it looks for and what they show.
        sectionHeader(ui, "Chronology point");
        std::vector<std::string> looksFor;
        if (n.chronology->mattered.empty()) {
            for (const auto& f : a.draft->facts)
                if (f.concern) looksFor.push_back(f.id);
            textBlock("Looks for every fact marked as a concern that the role knows here (" + std::to_string(looksFor.size()) +
                      " in the case): " + joinList(looksFor));
        } else {
            textBlock("Looks for: " + joinList(n.chronology->mattered));
        }
        textBlock(ui.fonts.small, n.chronology->why, ui.palette.textMuted);
        WP_PROBE("author/chronology/" + n.id);
    }

    if (n.type == NodeType::Decision && n.challenge) {
        // The challenge point as the trainee meets it and the debrief judges it: whose decision, the
        // approaches with their ratings, the reply, and where along the route it resolves.
        const ChallengePoint& ch = *n.challenge;
        sectionHeader(ui, "Challenge point");
        textBlock("Challenges " + ch.agency + ": " + ch.decision);
        textBlock(ui.fonts.small, "Open to: " + (ch.roles.empty() ? std::string("every playable role") : joinList(ch.roles)) +
                                      "  \xC2\xB7  resolves at step " + std::to_string(ch.resolvesAt) + " of " +
                                      (ch.escalation.empty() ? std::string("the pack's or the national route")
                                                             : "its own route of " + std::to_string(ch.escalation.size())),
                  ui.palette.textMuted);
        for (const auto& ap : ch.approaches)
            textBlock(ui.fonts.small, ap.id + " (tone " + challengeRatingId(ap.tone) + ", child focus " +
                                          challengeRatingId(ap.childFocus) + "): " + ap.text,
                      ui.palette.textMuted);
        textBlock(ui.fonts.small, "Reply: " + ch.reply, ui.palette.textMuted);
        textBlock(ui.fonts.small, ch.why, ui.palette.textMuted);
        WP_PROBE("author/challenge/" + n.id);
    }

    if (n.type == NodeType::Decision) {
        sectionHeader(ui, "Options");
        for (const auto& o : n.options) {
            bulletBlock(o.text.empty() ? o.id : o.text);
            ImGui::Indent(em(1.2f));
            std::string meta = o.id + "  \xC2\xB7  " + (o.roles.empty() ? std::string("every role") : joinList(o.roles, ", "));
            if (!o.when.empty()) meta += "  \xC2\xB7  only if " + conditionText(o.when);
            textBlock(ui.fonts.small, meta, ui.palette.textMuted);
            bool broken = false;
            const std::string to = leadsTo(o.next, *a.draft, broken);
            textBlock(ui.fonts.small, "\xE2\x86\x92 " + to, broken ? ui.palette.warning : ui.palette.accentText); // →
            if (broken) WP_PROBE("author/option/" + o.id + "/broken");
            ImGui::Unindent(em(1.2f));
        }
    } else if (n.type == NodeType::Narrative) {
        sectionHeader(ui, "Leads to");
        bool broken = false;
        const std::string to = leadsTo(n.next, *a.draft, broken);
        textBlock("\xE2\x86\x92 " + to, broken ? ui.palette.warning : ui.palette.accentText);
        if (broken) WP_PROBE("author/next/broken");
    } else {
        sectionHeader(ui, "Ending");
        textBlock(ui.fonts.small, n.whatHappened, ui.palette.textMuted);
    }

    // Play from here, as any role.
    sectionHeader(ui, "Play from here");
    const ScenarioPlugin* playing = authorPlugin(m);
    if (!playing || !playing->scenario->node(n.id)) {
        textBlock(playing ? "This node is not in the version without errors yet; fix the errors first."
                          : "A plugin with errors cannot be played; fix the errors first.",
                  ui.palette.warning);
        return;
    }
    if (std::find(roles.begin(), roles.end(), ui.authorRole) == roles.end())
        ui.authorRole = roles.empty() ? std::string{} : roles.front();
    for (const auto& r : roles) {
        ImGui::PushID(r.c_str());
        if (ImGui::RadioButton(m.knowledge.roleName(r).c_str(), ui.authorRole == r)) ui.authorRole = r;
        WP_PROBE("author/role/" + r);
        ImGui::PopID();
    }
    if (primaryButton(ui, "Play from here##author")) sink.push(PlayFromNode{n.id, ui.authorRole});
    WP_PROBE("author/play-from");
    textBlock(ui.fonts.small, "Takes the shortest path from the start that reaches this node for the role, so facts, "
                              "flags and scores are what that path gives.",
              ui.palette.textMuted);
}

// [SECTION] State

void drawState(const AppState& m, const AuthorMode& a, UiState& ui, CommandSink& sink) {
    const ScenarioPlugin* playing = authorPlugin(m);
    if (!playing || !m.session || m.session->pluginId != playing->manifest.id) {
        textBlock("Start a run (or use Play from here on a node) to see its state.", ui.palette.textMuted);
        return;
    }
    const Scenario& s = *playing->scenario;
    const Session& session = *m.session;
    const RunState& st = session.current();

    // Where "Play from here" landed: the state was built along this route. Once the author steps on
    // or rewinds, the path below tells the story.
    const auto lines = describePath(s, st.path);
    if (!a.reachedBy.empty() && lines == a.reachedBy) {
        sectionHeader(ui, "Reached by (the shortest path from the start)");
        for (const auto& line : a.reachedBy) bulletBlock(line);
        WP_PROBE("author/reached-by");
    }

    sectionHeader(ui, "Path (click a step to go back to it)");
    for (size_t i = 0; i < lines.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        const std::string label = std::to_string(i + 1) + ". " + lines[i] + "##step";
        if (listItem(label.c_str(), false)) sink.push(RewindTo{i});
        itemTooltip("Go back to this step");
        WP_PROBE("author/step/" + std::to_string(i));
        ImGui::PopID();
    }
    const Node* here = s.node(st.node);
    textBlock("Now: " + (here ? nodeLabel(*here) : st.node), ui.palette.accentText);
    WP_PROBE("author/now");

    sectionHeader(ui, "Scores");
    for (const auto& dim : s.dimensions) {
        const DimensionInfo* info = m.knowledge.dimension(dim.id);
        auto it = st.scores.find(dim.id);
        textBlock((info ? info->name : dim.id) + ": " + std::to_string(it == st.scores.end() ? 0 : it->second));
    }

    // A preview's state can be changed by hand ("what if the DSL already knew?"); a run of the
    // trainee's own is shown as it is.
    const bool preview = m.sessionRunId.empty();
    if (preview)
        textBlock(ui.fonts.small,
                  "This is a preview: tick or untick a flag or a fact to try the branch it opens, then play on.",
                  ui.palette.textMuted);

    sectionHeader(ui, "Flags");
    if (s.flags.empty()) textBlock("(none defined)", ui.palette.textMuted);
    for (const auto& f : s.flags) {
        const bool set = st.flags.count(f.id) > 0;
        if (preview) {
            bool ticked = set;
            ImGui::PushID(f.id.c_str());
            if (ImGui::Checkbox((f.id + "##flag").c_str(), &ticked)) sink.push(SetPreviewFlag{f.id, ticked});
            speakItem(f.id, "check box", set ? "set" : "not set");
            WP_PROBE("author/flag/" + f.id);
            ImGui::PopID();
            if (!f.description.empty()) itemTooltip(f.description.c_str());
            continue;
        }
        textBlock((set ? "set       " : "not set   ") + f.id, set ? ui.palette.text : ui.palette.textMuted);
    }

    sectionHeader(ui, "Facts held by each role");
    std::vector<std::string> roles = playing->manifest.roles;
    std::vector<std::string> others;
    for (const auto& [role, cast] : s.castOfRole)
        if (std::find(roles.begin(), roles.end(), role) == roles.end()) others.push_back(role);
    std::sort(others.begin(), others.end());
    roles.insert(roles.end(), others.begin(), others.end());
    for (const auto& role : roles) {
        std::vector<const Fact*> held;
        for (const auto& f : s.facts)
            if (knows(st, role, f.id)) held.push_back(&f);
        pushFont(ui.fonts.bold);
        textBlock(m.knowledge.roleName(role) + " (" + std::to_string(held.size()) + ")");
        popFont(ui.fonts.bold);
        ImGui::PushID(role.c_str());
        WP_PROBE("author/facts/" + role);
        ImGui::PopID();
        pushFont(ui.fonts.small);
        ImGui::PushID(role.c_str());
        for (const Fact* f : held) {
            if (!preview) {
                bulletBlock(f->id + (f->key ? " (key): " : ": ") + f->text);
                continue;
            }
            bool ticked = true;
            if (ImGui::Checkbox((f->id + (f->key ? " (key)" : "") + "##held").c_str(), &ticked))
                sink.push(SetPreviewFact{role, f->id, false});
            speakItem(f->id, "check box", "held");
            WP_PROBE("author/facts/" + role + "/" + f->id);
            itemTooltip(f->text.c_str());
        }
        if (preview && held.size() < s.facts.size()) {
            ImGui::SetNextItemWidth(-1.0f);
            if (ImGui::BeginCombo("##give", "Give this role a fact\xE2\x80\xA6")) {
                for (const auto& f : s.facts) {
                    if (knows(st, role, f.id)) continue;
                    if (listItem((f.id + "##give-" + f.id).c_str())) sink.push(SetPreviewFact{role, f.id, true});
                    itemTooltip(f.text.c_str());
                    WP_PROBE("author/give/" + role + "/" + f.id);
                }
                ImGui::EndCombo();
            }
            speakItem("Give " + m.knowledge.roleName(role) + " a fact", "list", "");
            WP_PROBE("author/facts/" + role + "/give");
        }
        ImGui::PopID();
        popFont(ui.fonts.small);
    }

    sectionHeader(ui, "Map");
    auto castName = [&](const std::string& id) {
        const CastMember* c = s.castMember(id);
        return c && !c->name.empty() ? c->name : id;
    };
    for (const auto& l : st.map)
        bulletBlock(castName(l.from) + (l.flow == Flow::TwoWay ? " \xE2\x86\x94 " : " \xE2\x86\x92 ") + castName(l.to) + "  (" +
                    strengthName(l.strength) + ")");
}

// [SECTION] Review: the texts out to a colleague and back, and the case as one file to send

// A labelled path field and its button on the next line (the panel is narrow); true when pressed or
// Enter was pressed in the field.
bool pathRow(const UiState& ui, const char* speech, const char* fieldId, const char* hint, std::string* text,
             const char* probe, const char* button, const char* buttonProbe) {
    textBlock(ui.fonts.small, speech, ui.palette.text);
    ImGui::SetNextItemWidth(-1.0f);
    const bool entered = inputTextWithHint(fieldId, hint, text, ImGuiInputTextFlags_EnterReturnsTrue);
    speakItem(speech, "text box", text->empty() ? std::string("empty") : *text);
    WP_PROBE(probe);
    const bool pressed = secondaryButton(ui, button);
    WP_PROBE(buttonProbe);
    return pressed || entered;
}

void problemLines(const UiState& ui, const std::vector<std::string>& lines, const char* probe) {
    pushFont(ui.fonts.small);
    for (size_t i = 0; i < lines.size(); ++i) {
        textBlock(lines[i], ui.palette.danger);
        WP_PROBE(std::string(probe) + std::to_string(i));
    }
    popFont(ui.fonts.small);
}

void drawReview(const AuthorMode& a, UiState& ui, CommandSink& sink) {
    const AuthorReview& r = a.review;
    const std::string near = a.dir.parent_path().string();
    if (ui.reviewFolder.empty()) ui.reviewFolder = near;
    if (ui.packFolder.empty()) ui.packFolder = near;

    sectionHeader(ui, "Export texts for review");
    textBlock(ui.fonts.small,
              "Every text a reader sees, one row each, in a spreadsheet (CSV) a colleague can edit "
              "without touching the JSON.",
              ui.palette.textMuted);
    if (pathRow(ui, "Folder for the review sheet", "##review-folder", "/home/you/reviews", &ui.reviewFolder,
                "author/review/export-folder", "Export texts for review\xE2\x80\xA6##author-review",
                "author/review/export"))
        sink.push(ExportReviewSheet{ui.reviewFolder});
    if (!r.exportedTo.empty()) {
        textBlock(ui.fonts.small,
                  "Wrote " + std::to_string(r.exportedTexts) + " texts to " + r.exportedTo +
                      ". Send it; they edit the \"text\" column and save it as CSV.",
                  ui.palette.success);
        WP_PROBE("author/review/exported");
    }
    problemLines(ui, r.exportProblems, "author/review/export-problem/");

    sectionHeader(ui, "Import reviewed texts");
    textBlock(ui.fonts.small,
              "Checked first: nothing is written until you apply. A row whose source text changed "
              "since the export is refused.",
              ui.palette.textMuted);
    if (ui.reviewCsv.empty() && !r.exportedTo.empty()) ui.reviewCsv = r.exportedTo;
    if (pathRow(ui, "Reviewed sheet to import", "##review-csv", "/home/you/reviews/case-review.csv", &ui.reviewCsv,
                "author/review/import-path", "Check the reviewed texts\xE2\x80\xA6##author-review",
                "author/review/check"))
        sink.push(CheckReviewSheet{ui.reviewCsv});
    if (!r.checkedCsv.empty()) {
        const TextImportSummary& sum = r.summary;
        std::string line = std::to_string(sum.rows) + (sum.rows == 1 ? " row: " : " rows: ") +
                           std::to_string(sum.changed) + (r.importApplied ? " changed, " : " would change, ") +
                           std::to_string(sum.unchanged) + " unchanged";
        if (!sum.filesChanged.empty()) line += " (" + joinList(sum.filesChanged, ", ") + ")";
        if (!r.importOk)
            line = std::to_string(sum.rows) + (sum.rows == 1 ? " row read, " : " rows read, ") +
                   std::to_string(r.refusedRows) + " refused. Nothing is written while a row is refused";
        textBlock(ui.fonts.small, line + (r.importOk ? "." : ":"), r.importOk ? ui.palette.text : ui.palette.danger);
        WP_PROBE("author/review/counts");
        problemLines(ui, r.importProblems, "author/review/refused/");
        if (r.importApplied) {
            textBlock(ui.fonts.small, "Applied. The case was loaded again: " + a.status,
                      a.statusHasErrors ? ui.palette.danger : ui.palette.success);
            WP_PROBE("author/review/applied");
        } else if (r.importOk && sum.changed > 0) {
            const std::string apply = "Apply " + std::to_string(sum.changed) +
                                      (sum.changed == 1 ? " change" : " changes") + "##author-review";
            if (primaryButton(ui, apply.c_str())) sink.push(ApplyReviewSheet{});
            WP_PROBE("author/review/apply");
        }
    }

    sectionHeader(ui, "Pack this case");
    textBlock(ui.fonts.small,
              "One file to email: the receiver opens it in Whole Picture (Install a case) or runs wpt "
              "install. A case with errors is not packed.",
              ui.palette.textMuted);
    if (pathRow(ui, "Folder for the case file", "##pack-folder", "/home/you/Documents", &ui.packFolder,
                "author/review/pack-folder", "Pack this case\xE2\x80\xA6##author-review", "author/review/pack"))
        sink.push(PackAuthorCase{ui.packFolder});
    if (!r.packedTo.empty()) {
        textBlock(ui.fonts.small,
                  "Packed " + std::to_string(r.packedFiles) + (r.packedFiles == 1 ? " file" : " files") + " into " +
                      r.packedTo + ".",
                  ui.palette.success);
        WP_PROBE("author/review/packed");
    }
    if (!r.packProblems.empty()) textBlock(ui.fonts.small, "Not packed:", ui.palette.danger);
    problemLines(ui, r.packProblems, "author/review/pack-problem/");
}

} // namespace

float authorPanelWidth() {
    const float w = ImGui::GetMainViewport()->WorkSize.x;
    return std::min(em(30), w * 0.4f);
}

void drawAuthorPanel(const AppState& model, UiState& ui, CommandSink& sink) {
    if (!model.author) return;
    const AuthorMode& a = *model.author;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const float width = authorPanelWidth();
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x - width, vp->WorkPos.y));
    ImGui::SetNextWindowSize(ImVec2(width, vp->WorkSize.y));
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoScrollbar |
                                   ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoBackground;
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, em2(1.0f, 0.8f));
    ImGui::Begin(kAuthorWindowName, nullptr, flags);
    ImGui::PopStyleVar();
    { // the panel's surface as a backdrop (ui/backdrop.h), the whole window and not only its clip rect
        const ImVec2 pos = ImGui::GetWindowPos(), max(pos.x + ImGui::GetWindowWidth(), pos.y + ImGui::GetWindowHeight());
        ImGui::PushClipRect(pos, max, false);
        fillBackdrop(pos, max, ui.palette.surface);
        ImGui::PopClipRect();
    }

    eyebrow(ui, "Author mode");
    pushFont(ui.fonts.heading);
    textBlock(a.loaded.manifest.name.empty() ? a.dir.filename().string() : a.loaded.manifest.name);
    popFont(ui.fonts.heading);
    textBlock(ui.fonts.small, a.dir.string(), ui.palette.textMuted);
    textBlock(a.status, a.statusHasErrors ? ui.palette.danger : ui.palette.success);
    WP_PROBE("author/status");
    // The note's place is kept (two small lines) whether or not there is one, so the tab row below
    // does not jump when "Still playing..." comes and goes (UX review defect 24).
    const float noteTop = ImGui::GetCursorPosY();
    pushFont(ui.fonts.small);
    const float noteH = ImGui::GetTextLineHeightWithSpacing() * 2.0f;
    popFont(ui.fonts.small);
    if (!a.positionNote.empty()) textBlock(ui.fonts.small, a.positionNote, ui.palette.textMuted);
    if (const float used = ImGui::GetCursorPosY() - noteTop; used < noteH)
        ImGui::Dummy(ImVec2(0, std::max(0.0f, noteH - used - ImGui::GetStyle().ItemSpacing.y)));
    if (!a.watchError.empty())
        textBlock(ui.fonts.small, "Not watching for saves (" + a.watchError + "): use Reload.", ui.palette.warning);
    if (primaryButton(ui, a.editor && a.editor->history.dirty() ? "Edit the case (unsaved)###author-edit" : "Edit the case###author-edit"))
        sink.push(OpenCaseEditor{});
    WP_PROBE("author/edit");
    itemTooltip("Write and change the case in forms, without a text editor: stages, facts, decisions, options, "
                "feedback, perspectives, endings and the map's cast.");
    ImGui::SameLine();
    if (secondaryButton(ui, "Reload##author")) sink.push(ReloadAuthorFolder{});
    WP_PROBE("author/reload");
    ImGui::SameLine();
    if (secondaryButton(ui, "Close author mode##author")) sink.push(CloseAuthorMode{});
    WP_PROBE("author/close");

    ImGui::Dummy(ImVec2(0, em(0.3f)));
    const size_t problems = a.loaded.diagnostics.size();
    const std::string problemsLabel = "Problems (" + std::to_string(problems) + ")##author-tab";
    tabButton(ui, problemsLabel.c_str(), kProblems, "author/tab/problems", ui);
    ImGui::SameLine();
    tabButton(ui, "Nodes##author-tab", kNodes, "author/tab/nodes", ui);
    ImGui::SameLine();
    tabButton(ui, "State##author-tab", kState, "author/tab/state", ui);
    ImGui::SameLine();
    tabButton(ui, "Review##author-tab", kReview, "author/tab/review", ui);
    ImGui::Separator();

    ImGui::BeginChild("##author-body", ImVec2(0, 0), false, ImGuiWindowFlags_NavFlattened);
    keyboardScroll(true); // PageUp/PageDown/Home/End
    ImGui::PushTextWrapPos(0.0f);
    switch (ui.authorTab) {
    case kProblems: drawProblems(model, a, ui, sink); break;
    case kNodes:
        if (!a.draft) {
            textBlock("The scenario file did not parse: see Problems.", ui.palette.warning);
        } else if (const Node* n = a.inspectedNode.empty() ? nullptr : a.draft->node(a.inspectedNode)) {
            drawNodeDetail(model, a, *n, ui, sink);
        } else {
            drawNodeList(a, ui, sink);
        }
        break;
    case kReview: drawReview(a, ui, sink); break;
    default: drawState(model, a, ui, sink); break;
    }
    ImGui::PopTextWrapPos();
    ImGui::Dummy(ImVec2(0, em(1.0f)));
    ImGui::EndChild();
    ImGui::End();
}

namespace {

// "New case": a small case that plays for every role chosen, written and opened in the editor.
void drawNewCase(const AppState& model, UiState& ui, CommandSink& sink, float width) {
    ImGui::Dummy(ImVec2(0, em(0.4f)));
    pushFont(ui.fonts.bold);
    textBlock("Or start a new case");
    popFont(ui.fonts.bold);
    textBlock(ui.fonts.small,
              "A short id for its folder (lower case, such as sam_aged_8) and the roles a trainee can play. It starts as a "
              "small case that plays for every role; the editor opens on it.",
              ui.palette.textMuted);
    ImGui::SetNextItemWidth(std::min(width - em(2), em(20)));
    inputTextWithHint("##new-case-id", "sam_aged_8", &ui.newCaseId);
    WP_PROBE("library/new-case-id");
    float x = 0;
    for (const auto& role : model.knowledge.roles) {
        // A trainee plays a professional: the family's roles (a parent, the child's imagined view) are
        // perspectives in a case, not roles to play it as.
        if (role.agency == "family") continue;
        bool on = ui.newCaseRoles.count(role.id) > 0;
        const std::string label = role.shortName.empty() ? role.name : role.shortName;
        const float w = ImGui::GetFrameHeight() + ImGui::CalcTextSize(label.c_str()).x + em(1.2f);
        if (x > 0 && x + w < width - em(2)) ImGui::SameLine();
        else x = 0;
        x += w;
        if (ImGui::Checkbox((label + "##new-case-role-" + role.id).c_str(), &on)) {
            if (on) ui.newCaseRoles.insert(role.id);
            else ui.newCaseRoles.erase(role.id);
        }
        WP_PROBE("library/new-case-role/" + role.id);
    }
    ImGui::SetNextItemWidth(std::min(width - em(2), em(26)));
    inputTextWithHint("##new-case-folder", "Folder (empty: your plugins folder, listed in the library)", &ui.newCaseFolder);
    WP_PROBE("library/new-case-folder");
    if (secondaryButton(ui, "Create and edit##new-case")) {
        std::vector<std::string> roles;
        for (const auto& role : model.knowledge.roles) // the catalogue's order, not the set's
            if (ui.newCaseRoles.count(role.id)) roles.push_back(role.id);
        sink.push(CreateCase{ui.newCaseFolder, ui.newCaseId, roles});
    }
    WP_PROBE("library/new-case-create");
}

} // namespace

void drawAuthorOpen(const AppState& model, UiState& ui, CommandSink& sink, float width) {
    const Card card = beginCard(ui, width, ui.palette.surface, withAlpha(ui.palette.border, 0.6f));
    pushFont(ui.fonts.heading);
    textBlock("Author mode: open a plugin folder");
    popFont(ui.fonts.heading);
    textBlock("Writing your own case? Open its folder (the one with plugin.json) to see its problems, play any "
              "node as any role, and watch your edits appear as you save. plugins/README.md explains the format.",
              ui.palette.textMuted);
    ImGui::Dummy(ImVec2(0, em(0.2f)));
    ImGui::SetNextItemWidth(width - em(10));
    const bool entered = inputTextWithHint("##author-path", "/home/you/my-case", &ui.authorPath,
                                            ImGuiInputTextFlags_EnterReturnsTrue);
    WP_PROBE("library/author-path");
    ImGui::SameLine();
    if (primaryButton(ui, "Open folder##author") || entered) sink.push(OpenAuthorFolder{ui.authorPath});
    WP_PROBE("library/author-open");
    if (!model.settings.recentAuthorFolders.empty()) {
        ImGui::Dummy(ImVec2(0, em(0.2f)));
        textBlock(ui.fonts.small, "Recent folders", ui.palette.textMuted);
        for (size_t i = 0; i < model.settings.recentAuthorFolders.size(); ++i) {
            ImGui::PushID(static_cast<int>(i));
            if (listItem((model.settings.recentAuthorFolders[i] + "##recent").c_str(), false))
                sink.push(OpenAuthorFolder{model.settings.recentAuthorFolders[i]});
            WP_PROBE("library/author-recent/" + std::to_string(i));
            ImGui::PopID();
        }
    }
    drawNewCase(model, ui, sink, width);
    endCard(card);
}

} // namespace wp::ui
