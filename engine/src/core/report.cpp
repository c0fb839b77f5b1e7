#include "wholepicture/core/report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>

#include "wholepicture/core/map_layout.h"
#include "wholepicture/core/threshold.h"
#include "wholepicture/core/lists.h"

namespace wp {
namespace {

std::string esc(const std::string& s) { return xmlEscape(s); }

// Paragraphs from plain text: blank lines separate paragraphs, single newlines become <br>.
std::string paras(const std::string& text, const char* cls = nullptr) {
    std::string out, cur;
    auto flush = [&] {
        if (cur.empty()) return;
        std::string body = esc(cur);
        std::string withBreaks;
        for (char c : body) withBreaks += c == '\n' ? std::string("<br>") : std::string(1, c);
        out += std::string("<p") + (cls ? std::string(" class=\"") + cls + "\"" : "") + ">" + withBreaks + "</p>\n";
        cur.clear();
    };
    size_t i = 0;
    while (i < text.size()) {
        if (text.compare(i, 2, "\n\n") == 0) {
            flush();
            while (i < text.size() && text[i] == '\n') ++i;
            continue;
        }
        cur += text[i++];
    }
    flush();
    return out;
}

std::string fmt(double v, int decimals = 1) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

std::string castName(const Scenario& s, const std::string& id) {
    const CastMember* c = s.castMember(id);
    return c ? c->name : id;
}


std::string linkSentence(const Scenario& s, const Link& l) {
    std::string arrow = l.flow == Flow::TwoWay ? " \xE2\x86\x94 " : " \xE2\x86\x92 ";
    return castName(s, l.from) + arrow + castName(s, l.to) + " (" + strengthName(l.strength) + ")";
}

std::string deltaChips(const std::map<std::string, int>& deltas, const Debrief& d) {
    std::string out;
    for (const auto& dim : d.dimensions) {
        auto it = deltas.find(dim.id);
        if (it == deltas.end() || it->second == 0) continue;
        out += std::string("<span class=\"chip ") + (it->second > 0 ? "up" : "down") + "\">" + esc(signedChange(it->second)) + " " +
               esc(dim.shortName) + "</span> ";
    }
    return out;
}

// The rules both reports share (page, type, headings, warning, tables); see reportBaseCss().
constexpr const char* kBaseCss = R"CSS(
:root { --ink:#1b1b1b; --muted:#5a5a5a; --rule:#d6d6d6; --accent:#1f5f9e; --bad:#b3261e; --good:#2e7d32; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: var(--ink); margin: 0 auto; max-width: 1240px;
       padding: 24px 28px 48px; line-height: 1.45; font-size: 14px; background: #fff; }
h1 { font-size: 26px; margin: 8px 0 2px; }
h2 { font-size: 18px; margin: 0 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--accent); color: var(--accent); }
h3 { font-size: 15px; margin: 14px 0 6px; }
.sub { color: var(--muted); margin: 0 0 14px; }
.warning { border: 1px solid #c9a227; background: #fff7dc; padding: 8px 12px; border-radius: 6px; font-size: 13px; }
section { margin: 22px 0; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid #e3e3e3; vertical-align: top; }
th { background: #f4f4f4; }
)CSS";

constexpr const char* kCss = R"CSS(
p { margin: 6px 0; }
.warning strong { color: #7a5b00; }
.glance { background: #f3f7fb; border-left: 4px solid var(--accent); padding: 10px 14px; border-radius: 4px; font-size: 15px; }
.dim { display: grid; grid-template-columns: 210px 1fr 150px; gap: 4px 14px; align-items: center; padding: 8px 0;
       border-bottom: 1px solid #eee; break-inside: avoid; page-break-inside: avoid; }
.dim .name { font-weight: bold; }
.dim .score, .dim .range, .dim .band { display: block; }
.dim .range { color: var(--muted); font-size: 12px; }
.dim .name small { display: block; font-weight: normal; color: var(--muted); }
.track { position: relative; height: 16px; background: #eceff3; border-radius: 8px; border: 1px solid #c7ccd3; }
.fill { position: absolute; left: 0; top: 0; bottom: 0; border-radius: 8px; background: var(--accent); }
.fill.low { background: #c0562f; } .fill.mid { background: #d59a1a; } .fill.high { background: var(--good); }
.ends { display: flex; justify-content: space-between; font-size: 11px; color: var(--muted); margin-top: 2px; }
.band { font-weight: bold; }
.bandtext { grid-column: 2 / 4; font-size: 12.5px; color: #333; margin: 0; }
.total { margin-top: 10px; font-size: 13px; color: var(--muted); }
ul.critical { list-style: none; padding: 0; margin: 0; }
ul.critical li { padding: 6px 10px; margin: 4px 0; border-radius: 4px; break-inside: avoid; page-break-inside: avoid; }
ul.critical li.missed { background: #fdecea; border-left: 4px solid var(--bad); }
ul.critical li.met { background: #edf7ee; border-left: 4px solid var(--good); }
ul.critical li.pending { background: #f4f4f4; border-left: 4px solid #767676; }
.tag { display: inline-block; font-size: 11px; font-weight: bold; padding: 1px 7px; border-radius: 9px; margin-right: 6px; color: #fff; }
.tag.missed { background: var(--bad); } .tag.met { background: var(--good); } .tag.pending { background: #595959; }
.minibar { display: inline-block; width: 120px; height: 9px; background: #eceff3; border-radius: 5px; vertical-align: middle; margin-right: 8px; position: relative; }
.minibar span { position: absolute; left: 0; top: 0; bottom: 0; background: var(--accent); border-radius: 5px; }
ol.timeline { list-style: none; padding: 0; margin: 0; counter-reset: step; }
ol.timeline > li { border: 1px solid var(--rule); border-radius: 6px; padding: 10px 14px; margin: 10px 0; break-inside: avoid; page-break-inside: avoid; }
.when { font-size: 12px; color: var(--muted); text-transform: uppercase; letter-spacing: .03em; }
.step-title { font-weight: bold; font-size: 15px; }
.chose { margin: 6px 0; }
.chose b { color: var(--accent); }
.chip { display: inline-block; font-size: 11.5px; padding: 0 7px; border-radius: 9px; margin: 1px 0; border: 1px solid; }
.chip.up { color: #1e5e22; border-color: #8cc790; background: #f0f9f0; }
.chip.down { color: #8a1c14; border-color: #e5a09a; background: #fdf1f0; }
.outcome { color: #333; }
.stronger { margin-top: 8px; padding: 8px 12px; background: #fff8e6; border-left: 4px solid #d59a1a; border-radius: 4px; font-size: 13.5px; }
.same { margin-top: 6px; font-size: 12.5px; color: var(--good); }
.views { font-size: 12.5px; color: #444; margin: 6px 0 0 0; padding-left: 18px; }
.maps { display: flex; gap: 16px; flex-wrap: wrap; }
.maps figure { flex: 1 1 520px; margin: 0; border: 1px solid var(--rule); border-radius: 6px; padding: 8px; break-inside: avoid; page-break-inside: avoid; }
.maps figure svg { width: 100%; height: auto; display: block; }
figcaption { font-size: 13px; font-weight: bold; margin-bottom: 4px; }
.note { font-size: 12.5px; color: var(--muted); }
.missed-list li { color: var(--bad); }
.prompts h3 { color: var(--accent); }
.reflection { white-space: normal; background: #fafafa; border: 1px solid #e4e4e4; padding: 10px 14px; border-radius: 4px; }
.guidance li { margin: 3px 0; }
footer { margin-top: 30px; font-size: 11.5px; color: var(--muted); border-top: 1px solid var(--rule); padding-top: 8px; }
@page { size: A4; margin: 15mm 14mm 16mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  .maps { display: block; }
  .maps figure { margin: 0 0 10px; page-break-inside: avoid; }
  .maps figure svg { max-height: 125mm; }
  section { page-break-inside: auto; }
  h2 { page-break-after: avoid; break-after: avoid; }
  .dim { grid-template-columns: 46mm 1fr 34mm; }
  section.keep { page-break-inside: avoid; break-inside: avoid; }
}
)CSS";

} // namespace

const char* reportBaseCss() { return kBaseCss; }

std::string formatReportDate(std::int64_t ms) {
    if (ms <= 0) return "";
    std::time_t t = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    static const char* months[] = {"January", "February", "March",     "April",   "May",      "June",
                                   "July",    "August",   "September", "October", "November", "December"};
    return std::to_string(tm.tm_mday) + " " + months[tm.tm_mon] + " " + std::to_string(1900 + tm.tm_year);
}

std::string debriefToHtml(const Debrief& d, const Scenario& s, const PluginManifest& m, const KnowledgeBase& kb) {
    std::string h;
    h.reserve(64 * 1024);
    std::string caseName = m.name.empty() ? s.title : m.name;
    h += "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n";
    h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    h += "<title>Debrief: " + esc(caseName) + " \xE2\x80\x94 " + esc(d.roleName) + "</title>\n";
    h += "<style>" + std::string(kBaseCss) + kCss + "</style>\n</head>\n<body>\n<main>\n"; // every part in a landmark (axe: region)

    // Content warnings first, before anything about the case.
    if (!d.contentWarnings.empty()) {
        h += "<div class=\"warning\" role=\"note\"><strong>Content warning.</strong> " + esc(d.caseOrigin) + " It includes: ";
        for (size_t i = 0; i < d.contentWarnings.size(); ++i) h += (i ? ", " : "") + esc(d.contentWarnings[i]);
        h += ". Take a break whenever you need one.</div>\n";
    }

    h += "<header>\n<h1>Debrief: " + esc(caseName) + "</h1>\n<p class=\"sub\">";
    h += "Played as <b>" + esc(d.roleName) + "</b>";
    std::string date = formatReportDate(d.startedMs);
    if (!date.empty()) h += " \xC2\xB7 " + esc(date);
    if (!s.title.empty() && s.title != caseName) h += " \xC2\xB7 " + esc(s.title);
    if (!d.pluginVersion.empty()) h += " \xC2\xB7 case version " + esc(d.pluginVersion);
    h += "</p>\n</header>\n";

    // At a glance.
    const DebriefDimension* strongest = nullptr;
    const DebriefDimension* weakest = nullptr;
    for (const auto& dim : d.dimensions) {
        if (dim.best == dim.worst) continue; // not scored for this role
        if (!strongest || dim.fraction > strongest->fraction + 1e-9) strongest = &dim;
        if (!weakest || dim.fraction < weakest->fraction - 1e-9) weakest = &dim;
    }
    h += "<section class=\"keep\" id=\"glance\"><h2>At a glance</h2><div class=\"glance\">";
    std::string glance;
    size_t missedCount = d.missedCriticalCount();
    if (missedCount > 0) {
        glance += "<p><b>Critical action" + std::string(missedCount == 1 ? "" : "s") + " missed.</b> Whatever the scores below, " +
                  std::string(missedCount == 1 ? "this is" : "these are") + " the first thing to talk about:</p><ul class=\"glance-missed\">";
        for (const auto& c : d.critical)
            if (!c.met && !c.pending) glance += std::string("<li>") + (c.mustDo ? "Not done: " : "Done, and it should have been avoided: ") + esc(c.text) + "</li>";
        glance += "</ul>";
    } else if (d.pendingCriticalCount() > 0) {
        const size_t n = d.pendingCriticalCount();
        glance += "<p>No critical action missed so far; " + std::to_string(n) + (n == 1 ? " lies" : " lie") +
                  " in decisions not reached yet.</p>";
    } else if (!d.critical.empty()) {
        glance += "<p>You met every critical action for this role.</p>";
    }
    if (strongest && weakest) {
        if (strongest == weakest || std::abs(strongest->fraction - weakest->fraction) < 1e-9) {
            glance += "<p>Your play-through sat at the same point of the achievable range on every dimension (" +
                      fmt(100 * strongest->fraction, 0) + "% of the way from the worst to the best).</p>";
        } else {
            glance += "<p>Strongest: <b>" + esc(strongest->name) + "</b> (" + esc(strongest->bandLabel) + ", " +
                      fmt(100 * strongest->fraction, 0) + "% of the way from the worst to the best achievable). Most room to grow: <b>" +
                      esc(weakest->name) + "</b> (" + esc(weakest->bandLabel) + ", " + fmt(100 * weakest->fraction, 0) + "%).</p>";
        }
    }
    size_t differed = static_cast<size_t>(std::count_if(d.timeline.begin(), d.timeline.end(), [](const DebriefStep& e) { return e.differed; }));
    glance += "<p>" + std::to_string(d.timeline.size()) + " decision" + (d.timeline.size() == 1 ? "" : "s") + " taken; at " +
              std::to_string(differed) + " of them a stronger option was open to you from where you stood.";
    if (d.finished) glance += " The case ended with <b>" + esc(d.endingTitle) + "</b>.";
    else glance += " The case was not finished (stopped at \xE2\x80\x9C" + esc(d.stoppedAt) + "\xE2\x80\x9D).";
    glance += "</p>";
    h += glance + "</div></section>\n";

    // Scores by dimension.
    h += "<section id=\"scores\"><h2>Scores by dimension</h2>\n<p class=\"note\">Each bar runs from the worst to the best score "
         "achievable in this case when playing as " + esc(d.roleName) + ".</p>\n";
    for (const auto& dim : d.dimensions) {
        // The colour classes start where the knowledge base's bands do (Developing 0.4, Secure 0.7).
        const char* cls = dim.fraction < 0.4 ? "low" : dim.fraction < 0.7 ? "mid" : "high";
        h += "<div class=\"dim\" data-dimension=\"" + esc(dim.id) + "\"><div class=\"name\">" + esc(dim.name) +
             "<small>weight " + fmt(dim.weight, dim.weight == std::floor(dim.weight) ? 0 : 1) + "</small></div>";
        h += "<div><div class=\"track\" role=\"img\" aria-label=\"" + esc(dim.name) + ": " + esc(scoreRangeText(dim)) + "\"><div class=\"fill " + cls + "\" style=\"width:" +
             fmt(std::max(2.0, 100 * dim.fraction), 1) + "%\"></div></div>";
        h += "<div class=\"ends\"><span>worst " + std::to_string(dim.worst) + "</span><span>best " + std::to_string(dim.best) +
             "</span></div></div>";
        h += "<div><span class=\"score\">Score <b>" + std::to_string(dim.score) + "</b></span><span class=\"range\">(worst " +
             std::to_string(dim.worst) + ", best " + std::to_string(dim.best) + ")</span><span class=\"band\">" +
             esc(dim.bandLabel) + "</span></div>";
        if (!dim.bandText.empty()) h += "<p class=\"bandtext\">" + esc(dim.bandText) + "</p>";
        h += "</div>\n";
    }
    h += "<p class=\"total\">Weighted total " + fmt(d.weightedScore) + " (worst achievable " + fmt(d.worstWeighted) +
         ", best " + fmt(d.bestWeighted) + ").</p></section>\n";

    // Critical actions.
    h += "<section class=\"keep\" id=\"critical\"><h2>Critical actions</h2>\n";
    if (d.critical.empty()) {
        h += "<p>This case names no critical actions for this role.</p>";
    } else {
        h += "<ul class=\"critical\">";
        for (const auto& c : d.critical) {
            const std::string cls = c.pending ? "pending" : c.met ? "met" : "missed";
            h += "<li class=\"" + cls + "\"><span class=\"tag " + cls + "\">" + criticalVerdict(c) + "</span>" + esc(c.text) + "</li>";
        }
        h += "</ul>";
    }
    h += "</section>\n";

    // Whole picture.
    if (!d.picture.empty()) {
        h += "<section class=\"keep\" id=\"picture\"><h2>How much of the picture came together</h2>\n<p class=\"note\">For each stage: "
             "how many of the case's key facts had reached the professionals who needed them, out of those someone knew by then.</p>"
             "<table><tr><th>Stage</th><th>When</th><th>Key information where it was needed</th></tr>";
        for (const auto& p : d.picture) {
            double f = p.possible > 0 ? double(p.reached) / p.possible : 1.0;
            h += "<tr><td>" + esc(p.title) + "</td><td>" + esc(p.date) + "</td><td><span class=\"minibar\"><span style=\"width:" +
                 fmt(100 * f) + "%\"></span></span>" + std::to_string(p.reached) + " of " + std::to_string(p.possible) + "</td></tr>";
        }
        h += "</table></section>\n";
    }

    // Threshold placements.
    if (!d.thresholds.empty())
        h += "<section class=\"keep\" id=\"thresholds\"><h2>Where you placed " +
             esc(d.childName.empty() ? std::string("the child's") : d.childName + "'s") + " needs</h2>\n" +
             thresholdTableHtml(d.thresholds, d.childName, d.thresholdScale) + "</section>\n";

    // Chronologies, beside the whole picture.
    if (!d.chronologies.empty())
        h += "<section class=\"keep\" id=\"chronologies\"><h2>Your chronology and the whole picture</h2>\n" +
             chronologyHtml(d.chronologies, d.childName, 3) + "</section>\n";
    if (!d.challenges.empty())
        h += "<section class=\"keep\" id=\"challenges\"><h2>Challenge and escalation</h2>\n" +
             challengeHtml(d.challenges, 3) + "</section>\n";

    // Path timeline.
    h += "<section id=\"path\"><h2>Your path, decision by decision</h2>\n<p class=\"note\">Where a stronger option was open "
         "from the position you were in at the time (with what you and the others knew then), it is shown beside your choice.</p>\n"
         "<ol class=\"timeline\">\n";
    for (const auto& e : d.timeline) {
        h += "<li><div class=\"when\">" + esc(e.date) + (e.date.empty() || e.stageTitle.empty() ? "" : " \xC2\xB7 ") +
             esc(e.stageTitle) + "</div><div class=\"step-title\">" + esc(e.title) + "</div>";
        h += "<p class=\"chose\"><b>You chose:</b> " + esc(e.optionText) + "</p>";
        std::string chips = deltaChips(e.deltas, d);
        if (!chips.empty()) h += "<div>" + chips + "</div>";
        if (!e.outcome.empty()) h += "<p class=\"outcome\">" + esc(e.outcome) + "</p>";
        if (!e.views.empty()) {
            h += "<ul class=\"views\">";
            for (const auto& [role, view] : e.views) h += "<li><b>" + esc(s.roleLabels.count(role) ? s.roleLabels.at(role) : kb.roleShort(role)) + ":</b> " + esc(view) + "</li>";
            h += "</ul>";
        }
        if (e.differed) {
            h += "<div class=\"stronger\"><b>Stronger from here:</b> " + esc(e.strongerText);
            std::string sc = deltaChips(e.strongerDeltas, d);
            if (!sc.empty()) h += " " + sc;
            if (!e.strongerWhy.empty()) h += "<br><b>Why:</b> " + esc(e.strongerWhy);
            h += "</div>";
        } else {
            h += "<div class=\"same\">\xE2\x9C\x93 This was the strongest option open to you at this point.</div>";
        }
        h += "</li>\n";
    }
    if (d.timeline.empty()) h += "<li>No decisions were taken.</li>";
    h += "</ol></section>\n";

    // Maps.
    MapLayout layout = layoutMap(s);
    std::vector<Link> mine, hist, missed;
    for (const auto& l : d.traineeMap) mine.push_back(l.link);
    for (const auto& l : d.historicalMap) hist.push_back(l.link);
    for (const auto& l : d.missed) missed.push_back(l.link);
    SvgOptions mo;
    mo.missed = missed;
    mo.idPrefix = "mine";
    SvgOptions ho;
    ho.idPrefix = "hist";
    h += "<section id=\"maps\"><h2>The information-flow map</h2>\n<div class=\"maps\">";
    h += "<figure><figcaption>Your map at the end of the case</figcaption>" + mapToSvg(s, mine, layout, mo) + "</figure>";
    h += "<figure><figcaption>What actually happened</figcaption>" + mapToSvg(s, hist, layout, ho) + "</figure>";
    h += "</div>\n";
    if (!d.historicalNote.empty()) h += paras(d.historicalNote, "note");
    std::vector<std::string> made;
    for (const auto& l : d.traineeMap)
        if (l.mark == LinkMark::Made) made.push_back(linkSentence(s, l.link));
    if (!made.empty()) {
        h += "<h3>Connections you made that the real case lacked</h3><ul>";
        for (const auto& x : made) h += "<li>" + esc(x) + "</li>";
        h += "</ul>";
    }
    if (!d.missed.empty()) {
        h += "<h3>Missed connections (red dotted on your map)</h3><ul class=\"missed-list\">";
        for (const auto& l : d.missed)
            h += "<li>" + esc(linkSentence(s, l.link)) +
                 (l.source == "historical" ? " \xE2\x80\x94 existed in the real case" : " \xE2\x80\x94 on the strongest path") + "</li>";
        h += "</ul>";
    }
    auto isolatedList = [&](const std::vector<std::string>& ids, const char* heading) {
        std::vector<std::string> names;
        for (const auto& id : ids) {
            const CastMember* c = s.castMember(id);
            if (c && c->kind != "child") names.push_back(c->name);
        }
        if (names.empty()) return;
        h += std::string("<p><b>") + heading + "</b> ";
        for (size_t i = 0; i < names.size(); ++i) h += (i ? ", " : "") + esc(names[i]);
        h += ".</p>";
    };
    isolatedList(d.isolatedTrainee, "Isolated on your map:");
    isolatedList(d.isolatedHistorical, "Isolated in the real case:");
    h += "</section>\n";

    // Ending and what happened.
    if (d.finished) {
        h += "<section id=\"ending\"><h2>How your case ended: " + esc(d.endingTitle) + "</h2>\n" + paras(d.endingText) + "</section>\n";
        h += "<section id=\"what-happened\"><h2>What actually happened</h2>\n" + paras(d.whatHappened) + "</section>\n";
        if (!d.proposals.empty()) {
            h += "<section id=\"proposals\"><h2>What the professionals proposed</h2><ul>";
            for (const auto& p : d.proposals) h += "<li>" + esc(p) + "</li>";
            h += "</ul></section>\n";
        }
    }

    // Discussion prompts.
    bool anyPrompt = std::any_of(d.prompts.begin(), d.prompts.end(), [](const DebriefPromptGroup& g) { return !g.prompts.empty(); });
    if (anyPrompt) {
        h += "<section class=\"prompts\" id=\"prompts\"><h2>Discussion</h2>";
        for (const auto& g : d.prompts) {
            if (g.prompts.empty()) continue;
            h += "<h3>" + std::to_string(g.step) + ". " + esc(g.title) + "</h3><ul>";
            for (const auto& p : g.prompts) h += "<li>" + esc(p) + "</li>";
            h += "</ul>";
        }
        h += "</section>\n";
    }

    h += "<section class=\"keep\" id=\"reflection\"><h2>Your reflection</h2>";
    if (d.reflection.empty()) h += "<p class=\"note\">No reflection was written for this session.</p>";
    else h += "<div class=\"reflection\">" + paras(d.reflection) + "</div>";
    h += "</section>\n";

    // Guidance.
    h += "<section class=\"keep guidance\" id=\"guidance\"><h2>Guidance cited</h2><ul>";
    for (const auto& ref : d.guidanceCited) {
        const GuidanceInfo* g = kb.guidanceRef(ref);
        if (!g) {
            h += "<li>" + esc(ref) + "</li>";
            continue;
        }
        h += "<li><b>" + esc(displayTitle(*g)) + "</b>";
        if (!g->publisher.empty()) h += ", " + esc(g->publisher);
        if (!g->date.empty()) h += ", " + esc(g->date);
        if (g->status == "historical") h += " <i>(historical edition, in force at the time of the case)</i>";
        h += "</li>";
    }
    if (d.guidanceCited.empty()) h += "<li>No guidance was cited along this path.</li>";
    h += "</ul><p class=\"note\">Feedback refers to national guidance by dated edition. In practice, follow your local "
         "safeguarding partnership's procedures.</p></section>\n";

    h += "</main>\n<footer>Whole Picture \xC2\xB7 " + esc(caseName) + (d.pluginVersion.empty() ? "" : " " + esc(d.pluginVersion)) +
         " \xC2\xB7 played as " + esc(d.roleName) + (date.empty() ? "" : " \xC2\xB7 " + esc(date)) +
         ". A training record, not a case record.</footer>\n";
    h += "</body>\n</html>\n";
    return h;
}

} // namespace wp
