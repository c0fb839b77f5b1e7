#include "wholepicture/core/room_debrief.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdint>
#include <ctime>
#include <set>

#include "wholepicture/core/debrief.h"
#include "wholepicture/core/map_layout.h"
#include "wholepicture/core/report.h"
#include "wholepicture/core/threshold.h"
#include "wholepicture/core/lists.h"

namespace wp {

namespace {
// Option letters as the projector and the console show them.
char upperLetter(char c) { return static_cast<char>(std::toupper(static_cast<unsigned char>(c))); }
} // namespace
namespace {

const Option* findOption(const Node* n, const std::string& id) {
    if (!n) return nullptr;
    for (const auto& o : n->options)
        if (o.id == id) return &o;
    return nullptr;
}

bool samePair(const Link& a, const Link& b) {
    return (a.from == b.from && a.to == b.to) || (a.from == b.to && a.to == b.from);
}

std::string fmt1(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%+.1f", v);
    return buf;
}

} // namespace

std::string isoTimeUtc(std::int64_t ms) {
    if (ms <= 0) return "";
    std::time_t t = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::string csvField(const std::string& field) {
    bool quote = field.find_first_of(",\"\r\n") != std::string::npos;
    if (!quote) return field;
    std::string out = "\"";
    for (char c : field) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

RoomDebrief buildRoomDebrief(const RoomSession& room, const Scenario& s, const PluginManifest& m, const KnowledgeBase& kb) {
    RoomDebrief d;
    d.roomId = room.setup.id;
    d.caseName = m.name.empty() ? s.title : m.name;
    d.pluginVersion = room.setup.pluginVersion;
    d.createdMs = room.setup.createdMs;
    d.groups = room.setup.groups;
    d.professions = roomProfessions(room.setup);
    d.contentWarnings = m.contentWarnings;
    const RoomState& st = room.state;

    // Scores.
    for (const auto& dim : s.dimensions) {
        RoomDimensionScore ds;
        ds.id = dim.id;
        const DimensionInfo* info = kb.dimension(dim.id);
        ds.name = info ? info->name : dim.id;
        ds.shortName = info && !info->shortName.empty() ? info->shortName : ds.name;
        ds.byGroup.assign(room.setup.groups.size(), 0);
        auto it = st.run.current().scores.find(dim.id);
        ds.path = it == st.run.current().scores.end() ? 0 : it->second;
        d.dimensions.push_back(std::move(ds));
    }
    for (const auto& dec : st.decisions) {
        if (dec.rounds.empty()) continue;
        const Node* n = s.node(dec.node);
        for (const auto& v : dec.rounds.back().votes) {
            const Option* o = findOption(n, v.option);
            if (!o) continue;
            for (auto& ds : d.dimensions) {
                auto it = o->effects.scores.find(ds.id);
                if (it != o->effects.scores.end()) ds.byGroup[static_cast<size_t>(v.group)] += it->second;
            }
        }
    }
    for (auto& ds : d.dimensions)
        for (const auto& p : d.professions) {
            double sum = 0;
            int n = 0;
            for (size_t g = 0; g < room.setup.groups.size(); ++g)
                if (room.setup.groups[g].profession == p) {
                    sum += ds.byGroup[g];
                    ++n;
                }
            ds.byProfession[p] = n ? sum / n : 0;
        }

    // Decisions: how the groups diverged.
    for (const auto& dec : st.decisions) {
        if (dec.chosen.empty()) continue;
        const Node* n = s.node(dec.node);
        RoomDecisionSummary sum;
        sum.node = dec.node;
        sum.title = n ? n->title : dec.node;
        if (n)
            if (int i = s.stageOrder(n->stage); i >= 0) {
                sum.stageTitle = s.stages[static_cast<size_t>(i)].title;
                sum.date = s.stages[static_cast<size_t>(i)].date;
            }
        sum.chosen = dec.chosen;
        // Letters upper case, as the projector shows them (UX review defect 23).
        sum.chosenLetter = upperLetter(letterOf(dec, dec.chosen));
        if (const Option* o = findOption(n, dec.chosen)) sum.chosenText = o->text;
        sum.ruleNote = dec.ruleNote;
        if (!dec.rounds.empty()) {
            const RoomRound& last = dec.rounds.back();
            for (const auto& id : dec.letters) {
                RoomOptionChoice c;
                c.letter = upperLetter(letterOf(dec, id));
                c.option = id;
                if (const Option* o = findOption(n, id)) c.text = o->text;
                for (size_t g = 0; g < room.setup.groups.size(); ++g) {
                    const RoomVote* v = last.voteOf(static_cast<int>(g));
                    if (!v || v->option != id) continue;
                    c.groups.push_back(room.setup.groups[g].name);
                    const std::string& p = room.setup.groups[g].profession;
                    if (std::find(c.professions.begin(), c.professions.end(), p) == c.professions.end()) c.professions.push_back(p);
                }
                if (!c.groups.empty()) sum.choices.push_back(std::move(c));
            }
            sum.distinctOptions = static_cast<int>(sum.choices.size());
            sum.unanimous = sum.distinctOptions == 1 && sum.choices[0].groups.size() == last.votes.size() && last.votes.size() > 1;
            // Professions split: two professions (not "mixed") with no option in common.
            std::map<std::string, std::set<std::string>> byProf;
            for (const auto& v : last.votes) byProf[room.setup.groups[static_cast<size_t>(v.group)].profession].insert(v.option);
            for (auto a = byProf.begin(); a != byProf.end(); ++a)
                for (auto b = std::next(a); b != byProf.end(); ++b)
                    if (a->second != b->second) sum.professionsSplit = true;
            if (dec.rounds.size() > 1)
                for (size_t g = 0; g < room.setup.groups.size(); ++g) {
                    const RoomVote* v1 = dec.rounds.front().voteOf(static_cast<int>(g));
                    const RoomVote* v2 = last.voteOf(static_cast<int>(g));
                    auto up = [](char c) { return static_cast<char>(std::toupper(static_cast<unsigned char>(c))); };
                    std::string a = v1 ? std::string(1, up(letterOf(dec, v1->option))) : "-";
                    std::string b = v2 ? std::string(1, up(letterOf(dec, v2->option))) : "-";
                    if (a != b) sum.changedInRevote.push_back(room.setup.groups[g].name + ": " + a + " \xE2\x86\x92 " + b);
                }
            std::set<std::string> seen;
            for (const auto& r : dec.rounds)
                for (const auto& v : r.votes)
                    if (!v.rationale.empty() && seen.insert(v.rationale).second) sum.rationales.push_back(v.rationale);
            std::sort(sum.rationales.begin(), sum.rationales.end());
        }
        if (n && n->chronology) {
            sum.concernsOnRecord = concernsOnRecord(s, *n);
            sum.chronologyWhy = n->chronology->why;
        }
        if (n && n->challenge) {
            sum.challengeAgency = n->challenge->agency;
            for (const auto& member : s.cast)
                if (member.id == n->challenge->agency) sum.challengeAgency = member.name;
            sum.challengeDecision = n->challenge->decision;
            sum.challengeReply = n->challenge->reply;
            sum.challengeWhy = n->challenge->why;
        }
        if (n && n->threshold) {
            sum.threshold = n->threshold;
            std::map<std::string, std::set<ThresholdLevel>> byProfession;
            for (const auto& [group, level] : dec.placements) {
                const RoomGroup& g = room.setup.groups[static_cast<size_t>(group)];
                sum.placements.push_back({g.name, g.profession, level});
                if (g.profession != kMixedProfession) byProfession[g.profession].insert(level);
            }
            for (auto a = byProfession.begin(); a != byProfession.end(); ++a)
                for (auto b = std::next(a); b != byProfession.end(); ++b)
                    if (a->second != b->second) sum.placementsSplit = true;
        }
        d.decisions.push_back(std::move(sum));
    }

    // Map of the path followed.
    const RunState& run = st.run.current();
    d.pathMap = run.map;
    for (const auto& l : s.historicalMap)
        if (l.strength == Strength::Critical &&
            std::none_of(run.map.begin(), run.map.end(), [&](const Link& x) { return samePair(x, l); }))
            d.missed.push_back(l);
    d.isolated = isolatedCast(s, run.map);

    // Prompts: the four-step progression. The ending's prompts, then prompts drawn from the room's own
    // divergences, so the discussion starts from what this room did.
    for (int step = 1; step <= 4; ++step) d.prompts.push_back({step, {}});
    const Node* here = s.node(run.node);
    d.finished = here && here->type == NodeType::Ending;
    if (d.finished) {
        d.endingTitle = here->title;
        d.endingText = here->text.fallback;
        d.whatHappened = here->whatHappened;
        for (const auto& p : here->prompts)
            if (p.step >= 1 && p.step <= 4) d.prompts[static_cast<size_t>(p.step - 1)].second.push_back(p.text);
    }
    const RoomDecisionSummary* widest = nullptr;
    for (const auto& sum : d.decisions)
        if (sum.professionsSplit && (!widest || sum.distinctOptions > widest->distinctOptions)) widest = &sum;
    if (widest)
        d.prompts[0].second.push_back("At \"" + widest->title + "\" the professions chose differently. What did each table "
                                      "know, or fear, that the others did not?");
    for (const auto& sum : d.decisions)
        if (!sum.changedInRevote.empty()) {
            d.prompts[1].second.push_back("At \"" + sum.title + "\" some tables changed their minds after the discussion. "
                                          "What did they hear that changed it?");
            break;
        }
    if (!d.missed.empty())
        d.prompts[2].second.push_back("The map of the path you followed lacks " + std::to_string(d.missed.size()) +
                                      " critical link(s) that existed in the real case. Which of them does your own "
                                      "organisation make hard?");
    if (!d.isolated.empty())
        d.prompts[3].second.push_back("Some agencies ended the case with no link on your map. What would you do on Monday "
                                      "to reach them?");
    return d;
}

std::string roomChoicesCsv(const RoomSession& room, const Scenario& s) {
    // The letter as the projector showed it (upper case), and whether the case went on with the
    // group's option ("followed": yes / no; empty when the group did not vote or nothing was followed yet).
    // "placed": where the group placed the child's needs at a threshold point (a level id; empty elsewhere).
    std::string out = "decision,group,profession,letter,option,option_text,rationale,round,revealed_at,followed,placed\r\n";
    for (const auto& dec : room.state.decisions) {
        const Node* n = s.node(dec.node);
        for (size_t r = 0; r < dec.rounds.size(); ++r) {
            const RoomRound& round = dec.rounds[r];
            for (size_t g = 0; g < room.setup.groups.size(); ++g) {
                const RoomVote* v = round.voteOf(static_cast<int>(g));
                const Option* o = v ? findOption(n, v->option) : nullptr;
                const char letter = v ? upperLetter(letterOf(dec, v->option)) : 0;
                const std::string followed = !v || dec.chosen.empty() ? "" : v->option == dec.chosen ? "yes" : "no";
                out += csvField(dec.node) + "," + csvField(room.setup.groups[g].name) + "," +
                       csvField(room.setup.groups[g].profession) + "," + (letter ? std::string(1, letter) : std::string()) + "," +
                       csvField(v ? v->option : "") + "," + csvField(o ? o->text : "") + "," + csvField(v ? v->rationale : "") + "," +
                       std::to_string(r + 1) + "," + csvField(isoTimeUtc(round.revealedMs)) + "," + followed + "," +
                       (dec.placements.count(static_cast<int>(g)) ? thresholdLevelId(dec.placements.at(static_cast<int>(g))) : "") +
                       "\r\n";
            }
        }
    }
    return out;
}

namespace {

constexpr const char* kRoomCss = R"CSS(
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
ol.decisions { list-style: none; padding: 0; margin: 0; }
ol.decisions > li { border: 1px solid var(--rule); border-radius: 6px; padding: 10px 14px; margin: 10px 0; break-inside: avoid; page-break-inside: avoid; }
.when { font-size: 12px; color: var(--muted); text-transform: uppercase; letter-spacing: .03em; }
.step-title { font-weight: bold; font-size: 15px; }
.followed { margin: 6px 0; color: var(--accent); }
.tag { display: inline-block; font-size: 11px; font-weight: bold; padding: 1px 7px; border-radius: 9px; margin-right: 6px; color: #fff; background: var(--accent); }
.tag.split { background: #b25e00; } .tag.same { background: var(--good); }
.rationales { font-size: 13px; color: #333; margin: 6px 0 0; padding-left: 18px; }
figure { margin: 0; border: 1px solid var(--rule); border-radius: 6px; padding: 8px; break-inside: avoid; page-break-inside: avoid; }
figure svg { width: 100%; height: auto; display: block; }
figcaption { font-size: 13px; font-weight: bold; margin-bottom: 4px; }
.note { font-size: 12.5px; color: var(--muted); }
footer { margin-top: 30px; font-size: 11.5px; color: var(--muted); border-top: 1px solid var(--rule); padding-top: 8px; }
@page { size: A4; margin: 15mm 14mm 16mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  figure svg { max-height: 130mm; }
  h2 { page-break-after: avoid; break-after: avoid; }
  table { page-break-inside: auto; } tr { page-break-inside: avoid; }
}
)CSS";

} // namespace

std::string describeBreak(const RoomBreak& b) {
    auto clock = [](std::int64_t ms) {
        const std::time_t t = static_cast<std::time_t>(ms / 1000);
        std::tm tm{};
        localtime_r(&t, &tm);
        char buf[8];
        std::strftime(buf, sizeof buf, "%H:%M", &tm);
        return std::string(buf);
    };
    if (b.toMs == 0) return "from " + clock(b.fromMs) + " (not resumed)";
    // Saturating: break times come from the record, and signed overflow is undefined (D10).
    std::int64_t span = 0;
    if (__builtin_sub_overflow(b.toMs, b.fromMs, &span)) span = b.toMs > 0 ? INT64_MAX : INT64_MIN;
    const std::int64_t minutes = (span > INT64_MAX - 30000 ? span : span + 30000) / 60000;
    return clock(b.fromMs) + " to " + clock(b.toMs) + " (" + (minutes < 1 ? std::string("under a minute") : std::to_string(minutes) + " min") + ")";
}

std::string roomReportHtml(const RoomDebrief& d, const RoomSession& room, const Scenario& s, const KnowledgeBase& kb) {
    auto esc = [](const std::string& x) { return xmlEscape(x); };
    auto prof = [&](const std::string& p) { return p == kMixedProfession ? std::string("Mixed") : kb.roleName(p); };
    std::string h;
    h.reserve(64 * 1024);
    h += "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n";
    h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    h += "<title>Room session: " + esc(d.caseName) + "</title>\n<style>" + std::string(reportBaseCss()) + kRoomCss + "</style>\n</head>\n<body>\n<main>\n"; // every part in a landmark (axe: region)
    h += "<header><div class=\"when\">Whole Picture \xC2\xB7 joint session report</div>\n<h1>" + esc(d.caseName) + "</h1>\n";
    h += "<p class=\"sub\">" + std::to_string(d.groups.size()) + " groups \xC2\xB7 " + esc(formatReportDate(d.createdMs));
    if (!d.pluginVersion.empty()) h += " \xC2\xB7 case version " + esc(d.pluginVersion);
    h += d.finished ? " \xC2\xB7 case finished" : " \xC2\xB7 stopped before the end";
    h += "</p>\n";
    if (!d.contentWarnings.empty()) {
        h += "<p class=\"warning\"><strong>Content warning:</strong> ";
        for (size_t i = 0; i < d.contentWarnings.size(); ++i) h += (i ? ", " : "") + esc(d.contentWarnings[i]);
        h += ".</p>\n";
    }
    h += "</header>\n";

    // Groups.
    h += "<section><h2>The room</h2><table><tr><th>#</th><th>Group</th><th>Profession</th></tr>\n";
    for (size_t g = 0; g < d.groups.size(); ++g)
        h += "<tr><td>" + std::to_string(g + 1) + "</td><td>" + esc(d.groups[g].name) + "</td><td>" + esc(prof(d.groups[g].profession)) +
             "</td></tr>\n";
    h += "</table>\n";
    // Breaks (pauses), with their times: when the room stopped, and for how long.
    if (!room.breaks.empty()) {
        h += "<p><strong>Breaks:</strong> ";
        for (size_t i = 0; i < room.breaks.size(); ++i) h += (i ? "; " : "") + esc(describeBreak(room.breaks[i]));
        h += ".</p>\n";
    }
    h += "</section>\n";

    // Scores by group and profession.
    h += "<section><h2>Scores by group and by profession</h2>\n<p class=\"note\">Each group's total is the sum of the score "
         "effects of the options it voted for (last round of each decision). A profession's figure is the mean over its "
         "groups. Timing never counts.</p>\n<table><tr><th>Dimension</th>";
    for (const auto& g : d.groups) h += "<th class=\"num\">" + esc(g.name) + "</th>";
    auto profShort = [&](const std::string& p) { return p == kMixedProfession ? std::string("Mixed") : kb.roleShort(p); };
    for (const auto& p : d.professions) h += "<th class=\"num\">" + esc(profShort(p)) + " (mean)</th>";
    h += "<th class=\"num\">Path followed</th></tr>\n";
    for (const auto& ds : d.dimensions) {
        h += "<tr><td>" + esc(ds.name) + "</td>";
        for (int v : ds.byGroup) h += "<td class=\"num\">" + esc(signedChange(v)) + "</td>";
        for (const auto& p : d.professions) h += "<td class=\"num\">" + esc(fmt1(ds.byProfession.at(p))) + "</td>";
        h += "<td class=\"num\">" + esc(signedChange(ds.path)) + "</td></tr>\n";
    }
    h += "</table></section>\n";

    // Decisions.
    h += "<section><h2>Decision by decision</h2>\n<ol class=\"decisions\">\n";
    for (const auto& sum : d.decisions) {
        h += "<li><div class=\"when\">" + esc(sum.stageTitle) + (sum.date.empty() ? "" : " \xC2\xB7 " + esc(sum.date)) + "</div>";
        h += "<div class=\"step-title\">" + esc(sum.title) + " ";
        if (sum.unanimous) h += "<span class=\"tag same\">all groups agreed</span>";
        else if (sum.professionsSplit) h += "<span class=\"tag split\">professions split</span>";
        else h += "<span class=\"tag\">" + std::to_string(sum.distinctOptions) + " option(s) chosen</span>";
        h += "</div>\n<table><tr><th>Option</th><th>Groups</th><th>Professions</th></tr>\n";
        for (const auto& c : sum.choices) {
            std::string groups, profs;
            for (const auto& g : c.groups) groups += (groups.empty() ? "" : ", ") + esc(g);
            for (const auto& p : c.professions) profs += (profs.empty() ? "" : ", ") + esc(prof(p));
            h += "<tr><td><b>" + std::string(1, c.letter) + "</b> " + esc(c.text) + "</td><td>" + groups + "</td><td>" + profs + "</td></tr>\n";
        }
        h += "</table>\n";
        if (!sum.changedInRevote.empty()) {
            h += "<p class=\"note\">Changed in the re-vote: ";
            for (size_t i = 0; i < sum.changedInRevote.size(); ++i) h += (i ? "; " : "") + esc(sum.changedInRevote[i]);
            h += "</p>\n";
        }
        h += "<p class=\"followed\">The case followed <b>" + std::string(1, sum.chosenLetter ? sum.chosenLetter : '?') + "</b> " +
             esc(sum.chosenText) + " <span class=\"note\">(" + esc(sum.ruleNote) + ")</span></p>\n";
        if (!sum.rationales.empty()) {
            h += "<div class=\"note\">Rationales (anonymous):</div><ul class=\"rationales\">";
            for (const auto& r : sum.rationales) h += "<li>" + esc(r) + "</li>";
            h += "</ul>\n";
        }
        h += "</li>\n";
    }
    h += "</ol></section>\n";

    h += roomThresholdTableHtml(d, kb);

    // Each challenge point: what the tables were asked to challenge, and the other agency's own side.
    for (const auto& sum : d.decisions) {
        if (sum.challengeReply.empty()) continue;
        h += "<section><h2>Challenge: " + esc(sum.title) + "</h2>\n<p><strong>The decision:</strong> " +
             esc(sum.challengeDecision) + "</p>\n<p><strong>" + esc(sum.challengeAgency) + "'s side:</strong> " +
             esc(sum.challengeReply) + "</p>\n<p>" + esc(sum.challengeWhy) + "</p></section>\n";
    }

    // The whole picture at each chronology point: what the tables listed from their own records, set
    // beside every concern that any agency held by then.
    for (const auto& sum : d.decisions) {
        if (sum.concernsOnRecord.empty()) continue;
        h += "<section><h2>Every concern on record: " + esc(sum.title) + "</h2>\n<table>\n<caption>By " + esc(sum.date) +
             ", in date order, with who held each one</caption>\n<thead><tr><th scope=\"col\">When</th>"
             "<th scope=\"col\">What</th><th scope=\"col\">Held by</th></tr></thead>\n<tbody>\n";
        for (const auto& item : sum.concernsOnRecord) {
            std::vector<std::string> names;
            for (const auto& role : item.holders) names.push_back(kb.roleName(role));
            h += "<tr><th scope=\"row\">" + esc(item.date) + "</th><td>" + esc(item.text) + "</td><td>" + esc(joinList(names)) +
                 "</td></tr>\n";
        }
        h += "</tbody>\n</table>\n<p>" + esc(sum.chronologyWhy) + "</p></section>\n";
    }

    // Map.
    MapLayout layout = layoutMap(s);
    SvgOptions mo;
    mo.missed = d.missed;
    mo.idPrefix = "room";
    h += "<section><h2>The information-flow map of the path followed</h2>\n<figure><figcaption>Links at the end of the "
         "path the room followed";
    if (!d.missed.empty()) h += " (red dotted: critical links that existed in the real case)";
    h += "</figcaption>" + mapToSvg(s, d.pathMap, layout, mo) + "</figure>\n</section>\n";

    if (d.finished) {
        h += "<section><h2>" + esc(d.endingTitle) + "</h2><p>" + esc(d.endingText) + "</p>";
        if (!d.whatHappened.empty()) h += "<h3>What actually happened</h3><p>" + esc(d.whatHappened) + "</p>";
        h += "</section>\n";
    }

    h += "<section><h2>Discussion prompts</h2>\n";
    for (const auto& [step, prompts] : d.prompts) {
        h += "<h3>" + std::to_string(step) + ". " + esc(debriefStepTitle(step)) + "</h3><ul>";
        for (const auto& p : prompts) h += "<li>" + esc(p) + "</li>";
        if (prompts.empty()) h += "<li class=\"note\">(open discussion)</li>";
        h += "</ul>\n";
    }
    h += "</section>\n";
    h += "</main>\n<footer>Room record " + esc(room.setup.id) + " \xC2\xB7 " + std::to_string(room.events.size()) +
         " recorded steps. Made with Whole Picture on this computer; nothing was sent anywhere. Follow your local "
         "procedures.</footer>\n</body>\n</html>\n";
    return h;
}

std::string roomThresholdTableHtml(const RoomDebrief& d, const KnowledgeBase& kb) {
    bool any = false;
    for (const auto& sum : d.decisions) any = any || sum.threshold.has_value();
    if (!any) return {};
    const ThresholdScale& scale = d.thresholdScale;
    std::string h = "<section><h2>Where the groups placed the child's needs</h2>\n<table>\n<caption>At each threshold "
                    "point, each group's placement, the case's judgement and how the agencies treated it at the time"
                    "</caption>\n<thead><tr><th scope=\"col\">Threshold point</th>";
    for (const auto& g : d.groups)
        h += "<th scope=\"col\">" + xmlEscape(g.name) + " (" +
             xmlEscape(g.profession == kMixedProfession ? std::string("mixed") : kb.roleShort(g.profession)) + ")</th>";
    h += "<th scope=\"col\">The case's judgement</th><th scope=\"col\">At the time</th></tr></thead>\n<tbody>\n";
    for (const auto& sum : d.decisions) {
        if (!sum.threshold) continue;
        h += "<tr><th scope=\"row\">" + xmlEscape(sum.date.empty() ? sum.title : sum.date + ": " + sum.title) +
             (sum.placementsSplit ? " <span class=\"tag split\">professions differ</span>" : std::string()) + "</th>";
        for (const auto& g : d.groups) {
            std::string cell = "not placed";
            for (const auto& p : sum.placements)
                if (p.group == g.name) cell = xmlEscape(levelName(scale, p.level));
            h += "<td>" + cell + "</td>";
        }
        h += "<td>" + xmlEscape(levelName(scale, sum.threshold->level)) + "</td><td>" +
             (sum.threshold->atTheTime ? xmlEscape(levelName(scale, *sum.threshold->atTheTime)) : std::string("not recorded")) +
             "</td></tr>\n";
    }
    return h + "</tbody>\n</table>\n</section>\n";
}

} // namespace wp
