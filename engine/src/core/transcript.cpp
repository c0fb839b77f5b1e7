// The accessible HTML transcript (transcript.h). Written for a screen reader first: one h1, headings
// in order without gaps (run, stage, decision, part), lists for options, tables with captions and
// header cells for the map and the scores, text for every meaning (never colour alone).
#include "wholepicture/core/transcript.h"

#include <algorithm>

#include "wholepicture/core/debrief.h"
#include "wholepicture/core/report.h"
#include "wholepicture/core/threshold.h"

namespace wp {

namespace {

std::string esc(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        default: out += c;
        }
    }
    return out;
}

// Paragraphs from text with blank lines between them.
std::string paragraphs(const std::string& text) {
    std::string out, para;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find("\n\n", start);
        if (end == std::string::npos) end = text.size();
        para = text.substr(start, end - start);
        while (!para.empty() && (para.back() == '\n' || para.back() == ' ')) para.pop_back();
        while (!para.empty() && (para.front() == '\n' || para.front() == ' ')) para.erase(para.begin());
        if (!para.empty()) out += "<p>" + esc(para) + "</p>\n";
        start = end + 2;
    }
    return out;
}

std::string heading(int level, const std::string& text, const std::string& id = "") {
    const std::string n = std::to_string(std::clamp(level, 1, 6));
    return "<h" + n + (id.empty() ? "" : " id=\"" + esc(id) + "\"") + ">" + esc(text) + "</h" + n + ">\n";
}

const Option* optionOf(const Node& n, const std::string& id) {
    for (const auto& o : n.options)
        if (o.id == id) return &o;
    return nullptr;
}

std::string castName(const Scenario& s, const std::string& id) {
    const CastMember* c = s.castMember(id);
    return c ? c->name : id;
}

constexpr const char* kCss = R"CSS(
p { margin: 6px 0; }
.choice { border-left: 4px solid var(--accent); padding: 4px 12px; background: #f3f7fb; }
dl { margin: 6px 0; } dt { font-weight: bold; margin-top: 6px; } dd { margin: 0 0 4px 18px; }
nav ul { padding-left: 20px; }
caption { text-align: left; font-weight: bold; padding: 4px 0; }
.muted { color: var(--muted); }
)CSS";

std::string documentStart(const std::string& title, const PluginManifest& m) {
    std::string h = "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n";
    h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    h += "<title>" + esc(title) + "</title>\n<style>" + std::string(reportBaseCss()) + kCss + "</style>\n</head>\n<body>\n";
    h += "<main>\n" + heading(1, title);
    if (!m.contentWarnings.empty()) {
        std::string list;
        for (size_t i = 0; i < m.contentWarnings.size(); ++i) list += (i ? ", " : "") + m.contentWarnings[i];
        h += "<p class=\"warning\"><strong>Content warning:</strong> " + esc(list) + ".</p>\n";
    }
    return h;
}

// Where the case comes from, as the role screen says it: an invented case never claims to be real.
std::string documentEnd(const PluginManifest& m) {
    return "</main>\n<footer><p class=\"muted\">Made by Whole Picture. " + esc(caseOriginSentence(m)) +
           (m.invented ? "" : " The child's first name is the one the review uses; other names are made up.") +
           "</p></footer>\n</body>\n</html>\n";
}

// Every profession's perspective at a node: what it knows, thinks, and what presses on it.
std::string perspectives(const Node& n, const KnowledgeBase& kb, int level) {
    if (n.perspectives.empty()) return "";
    std::string h = heading(level, "Perspectives at this moment");
    for (const Perspective& p : n.perspectives) {
        h += heading(level + 1, kb.roleName(p.role));
        h += "<dl>\n";
        if (!p.knows.empty()) h += "<dt>What they know</dt><dd>" + esc(p.knows) + "</dd>\n";
        if (!p.thinks.empty()) h += "<dt>What they think is going on</dt><dd>" + esc(p.thinks) + "</dd>\n";
        if (!p.pressures.empty()) h += "<dt>What presses on them</dt><dd>" + esc(p.pressures) + "</dd>\n";
        h += "</dl>\n";
    }
    return h;
}

// The feedback of a chosen option: the outcome, each profession's reading, the guidance behind it.
std::string feedback(const Option& o, const KnowledgeBase& kb, int level) {
    std::string h = heading(level, "Feedback");
    h += paragraphs(o.feedback.outcome);
    if (!o.feedback.views.empty()) {
        h += heading(level + 1, "How each profession reads this choice");
        h += "<dl>\n";
        for (const auto& [role, view] : o.feedback.views) h += "<dt>" + esc(kb.roleName(role)) + "</dt><dd>" + esc(view) + "</dd>\n";
        h += "</dl>\n";
    }
    if (!o.feedback.guidance.empty()) {
        h += heading(level + 1, "Guidance behind it");
        h += "<ul>\n";
        for (const auto& g : o.feedback.guidance) {
            const GuidanceInfo* info = kb.guidanceRef(g.ref);
            const std::string title = info ? displayTitle(*info) : g.ref;
            h += "<li>" + esc(title) + (g.section.empty() ? "" : ", " + esc(g.section)) + "</li>\n";
        }
        h += "</ul>\n";
    }
    return h;
}

std::string mapTable(const Scenario& s, const std::vector<Link>& links, const std::string& caption) {
    std::string h = "<table>\n<caption>" + esc(caption) + "</caption>\n<thead><tr><th scope=\"col\">From</th><th scope=\"col\">To</th>"
                    "<th scope=\"col\">Direction</th><th scope=\"col\">Strength</th><th scope=\"col\">What passes</th></tr></thead>\n<tbody>\n";
    for (const Link& l : links) {
        h += "<tr><th scope=\"row\">" + esc(castName(s, l.from)) + "</th><td>" + esc(castName(s, l.to)) + "</td><td>" +
             (l.flow == Flow::TwoWay ? "Both ways" : "One way") + "</td><td>" +
             (l.strength == Strength::Critical ? "Critical" : "Peripheral") + "</td><td>" + esc(l.note) + "</td></tr>\n";
    }
    if (links.empty()) h += "<tr><td colspan=\"5\">No information passed between the agencies.</td></tr>\n";
    h += "</tbody>\n</table>\n";
    const std::vector<std::string> isolated = isolatedCast(s, links);
    if (!isolated.empty()) {
        std::string names;
        for (size_t i = 0; i < isolated.size(); ++i) names += (i ? ", " : "") + castName(s, isolated[i]);
        h += "<p>Isolated (no information reaches or leaves them): " + esc(names) + ".</p>\n";
    }
    return h;
}

// The debrief: scores against the best and worst achievable, critical actions, the ending, what
// really happened, the missed connections, the discussion prompts and the reflection.
std::string debriefPart(const Debrief& d, const Scenario& s, int level) {
    std::string h = heading(level, "Debrief");
    h += heading(level + 1, "Scores by dimension");
    h += "<table>\n<caption>Your score on each dimension, against the weakest and strongest paths for this role</caption>\n"
         "<thead><tr><th scope=\"col\">Dimension</th><th scope=\"col\">Your score</th><th scope=\"col\">Weakest path</th>"
         "<th scope=\"col\">Strongest path</th><th scope=\"col\">Band</th></tr></thead>\n<tbody>\n";
    for (const auto& dim : d.dimensions)
        h += "<tr><th scope=\"row\">" + esc(dim.name) + "</th><td>" + std::to_string(dim.score) + "</td><td>" + std::to_string(dim.worst) +
             "</td><td>" + std::to_string(dim.best) + "</td><td>" + esc(dim.bandLabel) + "</td></tr>\n";
    h += "</tbody>\n</table>\n";
    if (!d.thresholds.empty()) {
        h += heading(level + 1, "Where you placed " + (d.childName.empty() ? std::string("the child's") : d.childName + "'s") + " needs");
        h += thresholdTableHtml(d.thresholds, d.childName, d.thresholdScale);
    }
    if (!d.chronologies.empty()) {
        h += heading(level + 1, "Your chronology and the whole picture");
        h += chronologyHtml(d.chronologies, d.childName, level + 2);
    }
    if (!d.challenges.empty()) {
        h += heading(level + 1, "Challenge and escalation");
        h += challengeHtml(d.challenges, level + 2);
    }
    if (!d.critical.empty()) {
        h += heading(level + 1, "Critical actions");
        h += "<ul>\n";
        for (const auto& c : d.critical) h += "<li><strong>" + esc(criticalVerdict(c)) + ":</strong> " + esc(c.text) + "</li>\n";
        h += "</ul>\n";
    }
    if (!d.endingTitle.empty()) {
        h += heading(level + 1, "How the case ended: " + d.endingTitle);
        h += paragraphs(d.endingText);
    }
    if (!d.whatHappened.empty()) {
        h += heading(level + 1, "What actually happened");
        h += paragraphs(d.whatHappened);
    }
    if (!d.missed.empty()) {
        h += heading(level + 1, "Connections missed");
        h += "<ul>\n";
        for (const auto& m : d.missed)
            h += "<li>" + esc(castName(s, m.link.from)) + (m.link.flow == Flow::TwoWay ? " and " : " to ") + esc(castName(s, m.link.to)) +
                 (m.source == "historical" ? " (this link existed in the real case)" : " (the strongest path makes this link)") + "</li>\n";
        h += "</ul>\n";
    }
    bool anyPrompt = false;
    for (const auto& g : d.prompts) anyPrompt = anyPrompt || !g.prompts.empty();
    if (anyPrompt) {
        h += heading(level + 1, "Discussion prompts");
        for (const auto& g : d.prompts) {
            if (g.prompts.empty()) continue;
            h += heading(level + 2, g.title);
            h += "<ul>\n";
            for (const auto& p : g.prompts) h += "<li>" + esc(p) + "</li>\n";
            h += "</ul>\n";
        }
    }
    if (!d.reflection.empty()) {
        h += heading(level + 1, "Reflection");
        h += paragraphs(d.reflection);
    }
    return h;
}

// One run, stage by stage: what happened, each decision with its options, the choice, the feedback
// and the perspectives; then the map and the debrief. Headings start at `level`.
std::string runPart(const Session& run, const Scenario& s, const PluginManifest& m, const KnowledgeBase& kb, int level,
                    const std::string& idPrefix) {
    std::string h;
    const std::string role = run.role;
    std::string stage = "\x01";
    const RunState& end = run.current();
    for (size_t i = 0; i <= end.path.size(); ++i) {
        // Step i was taken from history[i] (the state before it); the last node is where the run stands.
        const std::string nodeId = i < end.path.size() ? end.path[i].node : end.node;
        const Node* n = s.node(nodeId);
        if (!n) continue;
        if (n->stage != stage) {
            stage = n->stage;
            const int order = s.stageOrder(stage);
            const Stage* st = order >= 0 ? &s.stages[static_cast<size_t>(order)] : nullptr;
            h += heading(level, st ? "Stage: " + st->title + (st->date.empty() ? "" : " (" + st->date + ")") : "Stage", idPrefix + "stage-" + stage);
        }
        if (n->type == NodeType::Decision) {
            h += heading(level + 1, "Decision: " + n->title);
            h += paragraphs(n->situation.forRole(role));
            const std::string question = n->question.forRole(role);
            if (n->threshold) {
                const std::optional<ThresholdLevel> placed = i < end.path.size() ? end.path[i].threshold : std::nullopt;
                h += "<p><strong>Where the child's needs sit:</strong> " +
                     (placed ? esc(levelName(nationalThresholdScale(), *placed)) : std::string("not placed")) + "</p>\n";
            }
            if (n->chronology && i < end.path.size()) {
                const auto record = end.chronologies.find(n->id);
                const size_t entries = record == end.chronologies.end() ? 0 : record->second.marks.size();
                h += "<p><strong>Chronology built first:</strong> " +
                     (entries == 0 ? std::string("none") : std::to_string(entries) + (entries == 1 ? " entry" : " entries")) +
                     " (the debrief sets it beside the whole picture)</p>\n";
            }
            if (n->challenge && n->challenge->forRole(role) && i < end.path.size()) {
                const auto record = end.challenges.find(n->id);
                const ChallengeRecord made = record == end.challenges.end() ? ChallengeRecord{} : record->second;
                std::string what = made.approach.empty() ? std::string("no challenge put")
                                                         : "challenged (" + std::string(challengeTimingId(made.timing)) +
                                                               "), reached step " + std::to_string(made.reached) +
                                                               (made.rested ? ", then let it rest" : "");
                h += "<p><strong>Challenge to another agency's decision:</strong> " + esc(what) +
                     " (the debrief judges it)</p>\n";
            }
            if (!question.empty()) h += "<p><strong>The question:</strong> " + esc(question) + "</p>\n";
            const RunState& before = i < run.history.size() ? run.history[i] : end;
            const std::vector<const Option*> options = availableOptions(s, before);
            h += heading(level + 2, "Options");
            h += "<ol>\n";
            for (const Option* o : options) h += "<li>" + esc(o->text) + "</li>\n";
            h += "</ol>\n";
            if (i < end.path.size()) {
                const Option* chosen = optionOf(*n, end.path[i].option);
                if (chosen) {
                    size_t number = 0;
                    for (size_t k = 0; k < options.size(); ++k)
                        if (options[k] == chosen) number = k + 1;
                    h += heading(level + 2, "Your choice");
                    h += "<p class=\"choice\">" + (number ? "Option " + std::to_string(number) + ": " : std::string()) + esc(chosen->text) + "</p>\n";
                    h += feedback(*chosen, kb, level + 2);
                }
            } else {
                h += "<p>Not decided yet: the run stops here.</p>\n";
            }
            h += perspectives(*n, kb, level + 2);
        } else {
            h += heading(level + 1, (n->type == NodeType::Ending ? "Ending: " : "") + n->title);
            h += paragraphs(n->text.forRole(role));
            if (n->type == NodeType::Narrative) h += perspectives(*n, kb, level + 2);
        }
    }
    h += heading(level, "The information-flow map", idPrefix + "map");
    h += mapTable(s, end.map, "Who shares with whom at the end of the run");
    const Debrief d = buildDebrief(s, m, kb, run);
    h += debriefPart(d, s, level);
    return h;
}

} // namespace

std::string sessionTranscriptHtml(const Session& run, const Scenario& s, const PluginManifest& m, const KnowledgeBase& kb,
                                  const Session* firstRun) {
    const std::string caseName = m.name.empty() ? s.title : m.name;
    std::string h;
    if (!firstRun) {
        h = documentStart("Transcript: " + caseName + ", played as " + kb.roleName(run.role), m);
        if (run.startedMs > 0) h += "<p class=\"sub\">Started " + esc(formatReportDate(run.startedMs)) + ".</p>\n";
        h += runPart(run, s, m, kb, 2, "");
    } else {
        h = documentStart("Transcript: " + caseName + ", played as " + kb.roleName(firstRun->role) + " and as " + kb.roleName(run.role), m);
        h += "<p class=\"sub\">A role swap: the same case played as two professions, one after the other.</p>\n";
        h += "<nav aria-label=\"The two runs\"><ul><li><a href=\"#run-1\">Run 1: as " + esc(kb.roleName(firstRun->role)) +
             "</a></li><li><a href=\"#run-2\">Run 2: as " + esc(kb.roleName(run.role)) + "</a></li></ul></nav>\n";
        h += heading(2, "Run 1: as " + kb.roleName(firstRun->role), "run-1");
        h += runPart(*firstRun, s, m, kb, 3, "run1-");
        h += heading(2, "Run 2: as " + kb.roleName(run.role), "run-2");
        h += runPart(run, s, m, kb, 3, "run2-");
    }
    return h + documentEnd(m);
}

std::string roomTranscriptHtml(const RoomSession& room, const Scenario& s, const PluginManifest& m, const KnowledgeBase& kb) {
    const std::string caseName = m.name.empty() ? s.title : m.name;
    std::string h = documentStart("Transcript of a room session: " + caseName, m);
    h += "<p class=\"sub\">" + std::to_string(room.setup.groups.size()) + " groups";
    if (room.setup.createdMs > 0) h += ", " + esc(formatReportDate(room.setup.createdMs));
    h += ".</p>\n";
    h += heading(2, "The groups");
    h += "<ul>\n";
    for (const auto& g : room.setup.groups)
        h += "<li>" + esc(g.name) + ": " + esc(g.profession == "mixed" ? std::string("mixed professions") : kb.roleName(g.profession)) + "</li>\n";
    h += "</ul>\n";

    std::string stage = "\x01";
    for (const RoomDecision& d : room.state.decisions) {
        const Node* n = s.node(d.node);
        if (!n) continue;
        if (n->stage != stage) {
            stage = n->stage;
            const int order = s.stageOrder(stage);
            const Stage* st = order >= 0 ? &s.stages[static_cast<size_t>(order)] : nullptr;
            h += heading(2, st ? "Stage: " + st->title + (st->date.empty() ? "" : " (" + st->date + ")") : "Stage");
        }
        h += heading(3, "Decision: " + n->title);
        h += paragraphs(n->situation.fallback);
        if (!n->question.fallback.empty()) h += "<p><strong>The question:</strong> " + esc(n->question.fallback) + "</p>\n";
        h += heading(4, "Options");
        h += "<ul>\n";
        auto letterOf = [&](const std::string& option) -> std::string {
            for (size_t i = 0; i < d.letters.size(); ++i)
                if (d.letters[i] == option) return std::string(1, static_cast<char>('A' + i));
            return "?";
        };
        for (size_t i = 0; i < d.letters.size(); ++i) {
            const Option* o = optionOf(*n, d.letters[i]);
            std::string who;
            if (o && !o->roles.empty())
                for (size_t k = 0; k < o->roles.size(); ++k) who += (k ? ", " : "") + kb.roleName(o->roles[k]);
            h += "<li><strong>" + std::string(1, static_cast<char>('A' + i)) + ".</strong> " + esc(o ? o->text : d.letters[i]) +
                 (who.empty() ? "" : " <span class=\"muted\">(for " + esc(who) + ")</span>") + "</li>\n";
        }
        h += "</ul>\n";
        for (size_t r = 0; r < d.rounds.size(); ++r) {
            const RoomRound& round = d.rounds[r];
            h += "<table>\n<caption>" + std::string(d.rounds.size() > 1 ? (r == 0 ? "First vote" : "Second vote") : "The vote") +
                 "</caption>\n<thead><tr><th scope=\"col\">Group</th><th scope=\"col\">Profession</th><th scope=\"col\">Choice</th>"
                 "<th scope=\"col\">Why</th></tr></thead>\n<tbody>\n";
            for (const RoomVote& v : round.votes) {
                const RoomGroup* g = v.group >= 0 && static_cast<size_t>(v.group) < room.setup.groups.size()
                                         ? &room.setup.groups[static_cast<size_t>(v.group)]
                                         : nullptr;
                const Option* o = optionOf(*n, v.option);
                h += "<tr><th scope=\"row\">" + esc(g ? g->name : "?") + "</th><td>" +
                     esc(g ? (g->profession == "mixed" ? std::string("mixed") : kb.roleName(g->profession)) : std::string()) + "</td><td>" +
                     letterOf(v.option) + ". " + esc(o ? o->text : v.option) + "</td><td>" + esc(v.rationale) + "</td></tr>\n";
            }
            if (round.votes.empty()) h += "<tr><td colspan=\"4\">No votes were recorded.</td></tr>\n";
            h += "</tbody>\n</table>\n";
        }
        if (const Option* chosen = d.chosen.empty() ? nullptr : optionOf(*n, d.chosen)) {
            h += heading(4, "The path the room took");
            h += "<p class=\"choice\">" + letterOf(d.chosen) + ". " + esc(chosen->text) + (d.ruleNote.empty() ? "" : " (" + esc(d.ruleNote) + ")") +
                 "</p>\n";
            h += feedback(*chosen, kb, 4);
        } else {
            h += "<p>The room had not chosen a path here when the session stopped.</p>\n";
        }
        h += perspectives(*n, kb, 4);
    }
    const RunState& end = room.state.run.current();
    if (const Node* n = s.node(end.node); n && n->type == NodeType::Ending) {
        h += heading(2, "Ending: " + n->title);
        h += paragraphs(n->text.fallback);
    }
    h += heading(2, "The information-flow map");
    h += mapTable(s, end.map, "Who shares with whom along the room's path");
    const Debrief d = buildDebrief(s, m, kb, room.state.run);
    h += debriefPart(d, s, 2);
    return h + documentEnd(m);
}

} // namespace wp
