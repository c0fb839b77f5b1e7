#include "wholepicture/app/training_record.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "wholepicture/app/progress.h"
#include "wholepicture/app/record_database.h"
#include "wholepicture/core/map_layout.h"
#include "wholepicture/core/report.h"

namespace wp::app {

namespace {

std::string esc(const std::string& s) { return xmlEscape(s); }

std::string duration(std::int64_t ms) {
    const std::int64_t minutes = (ms + 30000) / 60000;
    if (minutes < 1) return "under a minute";
    if (minutes < 60) return std::to_string(minutes) + " min";
    return std::to_string(minutes / 60) + " h " + std::to_string(minutes % 60) + " min";
}

std::string plural(size_t n, const char* one, const char* many) { return std::to_string(n) + " " + (n == 1 ? one : many); }

std::string bandAt(const RunRecord& r, const std::string& dimension) {
    for (const auto& d : r.dimensions)
        if (d.id == dimension) return d.band;
    return "";
}

// Rules after reportBaseCss(): a dense record that prints ten runs on two A4 sheets.
constexpr const char* kCss = R"CSS(
.kicker { margin: 0; color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.glance { background: #f3f7fb; border-left: 4px solid var(--accent); padding: 8px 12px; border-radius: 4px; margin: 10px 0; }
section { margin: 16px 0; }
td.num, th.num { text-align: right; white-space: nowrap; }
td.date { white-space: nowrap; }
.missed { color: var(--bad); font-weight: bold; }
.met { color: var(--good); }
.minibar { display: inline-block; width: 90px; height: 9px; background: #eceff3; border-radius: 5px; vertical-align: middle;
           margin-right: 6px; position: relative; border: 1px solid #c7ccd3; }
.minibar span { position: absolute; left: 0; top: 0; bottom: 0; background: var(--accent); border-radius: 5px; }
.note { font-size: 12.5px; color: var(--muted); }
.reflection { background: #fafafa; border: 1px solid #e4e4e4; padding: 6px 10px; border-radius: 4px; margin: 4px 0 10px; }
table.signoff td { height: 30px; }
table.signoff th { width: 34%; }
footer { margin-top: 18px; font-size: 11px; color: var(--muted); border-top: 1px solid var(--rule); padding-top: 6px; }
@page { size: A4; margin: 14mm 13mm 14mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; line-height: 1.3; }
  h1 { font-size: 18pt; }
  h2 { font-size: 12.5pt; page-break-after: avoid; break-after: avoid; }
  table { font-size: 9pt; }
  th, td { padding: 3px 6px; }
  tr, .reflection, table.signoff { page-break-inside: avoid; break-inside: avoid; }
}
)CSS";

} // namespace

TrainingRecordInput trainingRecordInput(const RecordDatabase& db, std::int64_t profile) {
    TrainingRecordInput in;
    for (const auto& p : db.profiles())
        if (p.id == profile) in.profile = p;
    in.runs = db.runs(profile);
    in.rooms = db.rooms(profile, false);
    return in;
}

std::string trainingRecordHtml(const TrainingRecordInput& input, const TrainingRecordOptions& options) {
    const Progress progress = progressOf(input.runs);
    const std::string who = input.profile.name.empty() ? std::string("(name not given)") : input.profile.name;

    std::int64_t totalMs = 0;
    int met = 0, missed = 0;
    std::set<std::string> cases, roles;
    for (const RunSummary* s : progress.finished) {
        totalMs += s->run.timeSpentMs;
        met += std::max(0, s->run.criticalMet);
        missed += std::max(0, s->run.missedCritical);
        cases.insert(s->run.pluginId);
        roles.insert(s->run.role);
    }

    std::string h;
    h += "<!doctype html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n";
    h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    h += "<title>Safeguarding training record: " + esc(who) + "</title>\n";
    h += "<style>" + std::string(reportBaseCss()) + kCss + "</style>\n</head>\n<body>\n<main>\n";

    h += "<header>\n<p class=\"kicker\">Whole Picture &middot; joint safeguarding training</p>\n";
    h += "<h1>Safeguarding training record</h1>\n<p class=\"sub\"><strong>" + esc(who) + "</strong>";
    if (!progress.finished.empty())
        h += " &middot; runs from " + esc(formatReportDate(progress.finished.front()->run.startedMs)) + " to " +
             esc(formatReportDate(progress.finished.back()->run.updatedMs));
    if (options.nowMs > 0) h += " &middot; printed " + esc(formatReportDate(options.nowMs));
    h += "</p>\n</header>\n";

    h += "<p class=\"glance\">";
    if (progress.finished.empty()) {
        h += "No case has been played to its end yet.";
    } else {
        h += plural(progress.finished.size(), "case run", "case runs") + " played to the end (" + plural(cases.size(), "case", "cases") +
             ", " + plural(roles.size(), "role", "roles") + "), " + esc(duration(totalMs)) + " of case work";
        if (met + missed > 0) h += "; " + std::to_string(met) + " of " + std::to_string(met + missed) + " critical actions taken";
        h += ".";
    }
    if (!input.rooms.empty()) h += " " + plural(input.rooms.size(), "joint room session", "joint room sessions") + ".";
    h += "</p>\n";

    // Cases and roles, oldest first as a training file reads.
    h += "<section>\n<h2>Cases and roles completed</h2>\n";
    if (progress.finished.empty()) {
        h += "<p class=\"note\">None yet.</p>\n";
    } else {
        h += "<table>\n<thead><tr><th scope=\"col\">Date</th><th scope=\"col\">Case</th><th scope=\"col\">Role played</th>"
             "<th scope=\"col\" class=\"num\">Time</th><th scope=\"col\">Ending reached</th><th scope=\"col\">Overall</th>"
             "<th scope=\"col\">Critical actions</th></tr></thead>\n<tbody>\n";
        for (const RunSummary* s : progress.finished) {
            const RunRecord& r = s->run;
            h += "<tr><td class=\"date\">" + esc(formatReportDate(r.updatedMs)) + "</td><td>" +
                 esc(r.caseTitle.empty() ? r.pluginId : r.caseTitle) + "</td><td>" + esc(r.roleName.empty() ? r.role : r.roleName) +
                 "</td><td class=\"num\">" + esc(duration(r.timeSpentMs)) + "</td><td>" + esc(r.endingTitle) + "</td><td>" +
                 esc(r.overallBand) + "</td><td>";
            const int total = std::max(0, r.criticalMet) + std::max(0, r.missedCritical);
            if (total == 0) {
                h += "none in this role";
            } else {
                h += "<span class=\"met\">" + std::to_string(std::max(0, r.criticalMet)) + " of " + std::to_string(total) + " taken</span>";
                if (r.missedCritical > 0) h += ", <span class=\"missed\">" + std::to_string(r.missedCritical) + " missed</span>";
            }
            h += "</td></tr>\n";
        }
        h += "</tbody>\n</table>\n";
    }
    std::vector<std::string> unfinished;
    for (const auto& s : input.runs)
        if (!s.run.finished)
            unfinished.push_back((s.run.caseTitle.empty() ? s.run.pluginId : s.run.caseTitle) + " as " +
                                 (s.run.roleName.empty() ? s.run.role : s.run.roleName) + " (" + formatReportDate(s.run.updatedMs) + ")");
    if (!unfinished.empty()) {
        h += "<p class=\"note\">Started and not yet finished: ";
        for (size_t i = 0; i < unfinished.size(); ++i) h += (i ? "; " : "") + esc(unfinished[i]);
        h += ".</p>\n";
    }
    h += "</section>\n";

    if (!progress.trends.empty()) {
        h += "<section>\n<h2>How each part of the work went</h2>\n<table>\n<thead><tr><th scope=\"col\">Dimension</th>"
             "<th scope=\"col\" class=\"num\">Runs</th><th scope=\"col\">First run</th><th scope=\"col\">Latest run</th>"
             "<th scope=\"col\">Average across runs</th></tr></thead>\n<tbody>\n";
        for (const auto& t : progress.trends) {
            const RunSummary* firstRun = progress.finished[static_cast<size_t>(t.points.front().first)];
            const RunSummary* lastRun = progress.finished[static_cast<size_t>(t.points.back().first)];
            const int percent = static_cast<int>(std::lround(std::clamp(t.mean, 0.0, 1.0) * 100));
            h += "<tr><th scope=\"row\">" + esc(t.name) + "</th><td class=\"num\">" + std::to_string(t.points.size()) + "</td><td>" +
                 esc(bandAt(firstRun->run, t.id)) + "</td><td>" + esc(bandAt(lastRun->run, t.id)) +
                 "</td><td><span class=\"minibar\" role=\"img\" aria-label=\"" + std::to_string(percent) +
                 " per cent of the way from the weakest to the strongest choices\"><span style=\"width:" + std::to_string(percent) +
                 "%\"></span></span>" + std::to_string(percent) + "%</td></tr>\n";
        }
        h += "</tbody>\n</table>\n";
        if (progress.strongest && progress.weakest && progress.strongest != progress.weakest)
            h += "<p>Strongest across all runs: <strong>" + esc(progress.strongest->name) + "</strong>. Most room to grow: <strong>" +
                 esc(progress.weakest->name) + "</strong>.</p>\n";
        h += "<p class=\"note\">Each percentage places the choices made between the weakest and the strongest choices the case "
             "allowed in that role; the bands are the case's own words for those ranges.</p>\n</section>\n";
    }

    if (!input.rooms.empty()) {
        h += "<section>\n<h2>Joint room sessions</h2>\n<table>\n<thead><tr><th scope=\"col\">Date</th><th scope=\"col\">Case</th>"
             "<th scope=\"col\">Groups</th><th scope=\"col\">Status</th></tr></thead>\n<tbody>\n";
        for (auto it = input.rooms.rbegin(); it != input.rooms.rend(); ++it) {
            std::string groups;
            for (size_t i = 0; i < it->groups.size(); ++i) groups += (i ? ", " : "") + it->groups[i];
            h += "<tr><td class=\"date\">" + esc(formatReportDate(it->startedMs)) + "</td><td>" +
                 esc(it->caseTitle.empty() ? it->pluginId : it->caseTitle) + "</td><td>" + esc(groups) + "</td><td>" +
                 (it->closed ? "ended" : "not ended") + "</td></tr>\n";
        }
        h += "</tbody>\n</table>\n</section>\n";
    }

    h += "<section>\n<h2>Reflections</h2>\n";
    if (!options.includeReflections) {
        h += "<p class=\"note\">Not included: reflections stay private unless their author chooses to add them to this record.</p>\n";
    } else {
        bool any = false;
        for (const RunSummary* s : progress.finished) {
            if (s->run.reflection.empty()) continue;
            any = true;
            h += "<h3>" + esc(s->run.caseTitle) + " as " + esc(s->run.roleName) + ", " + esc(formatReportDate(s->run.updatedMs)) + "</h3>\n";
            h += "<p class=\"reflection\">" + esc(s->run.reflection) + "</p>\n";
        }
        if (!any) h += "<p class=\"note\">No reflection was written in the finished runs.</p>\n";
    }
    h += "</section>\n";

    h += "<section>\n<h2>For the staff training file</h2>\n<table class=\"signoff\">\n<tbody>\n"
         "<tr><th scope=\"row\">Seen by (name and role)</th><td></td></tr>\n"
         "<tr><th scope=\"row\">Signature</th><td></td></tr>\n<tr><th scope=\"row\">Date</th><td></td></tr>\n"
         "</tbody>\n</table>\n</section>\n";

    h += "</main>\n<footer>Made by Whole Picture" + (options.appVersion.empty() ? std::string() : " " + esc(options.appVersion)) +
         " from the records kept on this computer. The cases are told in our own words from published case reviews; the bands "
         "describe choices in a training scenario, not a judgement of anyone's practice. In real cases, follow your local "
         "safeguarding procedures.</footer>\n</body>\n</html>\n";
    return h;
}

} // namespace wp::app
