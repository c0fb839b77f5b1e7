// wpt: the Whole Picture tool for scenario authors and CI. Links only wp_core and wp_app (no ImGui, GL or GLFW).
//
//   wpt lint PATH... [--format text|json] [--no-cache] [--content DIR]
//   wpt play PLUGIN_DIR --role ROLE [--choose OPT,OPT,...] [--json] [--content DIR]
//
// Exit codes: 0 success (lint: no errors; warnings allowed), 1 errors found or a choice failed,
// 2 bad command line.
#include <chrono>
#include <cstdio>
#include <iostream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "wholepicture/core/procedures.h"
#include "wholepicture/core/chronology.h"
#include "wholepicture/core/challenge.h"
#include "wholepicture/core/threshold.h"
#include "wholepicture/core/analysis.h"
#include "wholepicture/core/debrief.h"
#include "wholepicture/core/knowledge.h"
#include "wholepicture/core/lists.h"
#include "wholepicture/core/loader.h"
#include "wholepicture/core/paths.h"
#include "wholepicture/core/runner.h"
#include "commands.h"
#include "common.h"

namespace wpt {

static std::vector<Command>& registry() {
    static std::vector<Command> commands; // function-local so registration order across files is safe
    return commands;
}
bool registerCommand(const Command& command) {
    registry().push_back(command);
    return true;
}
const std::vector<Command>& registeredCommands() { return registry(); }

} // namespace wpt

namespace {

constexpr const char* kUsage = R"(usage: wpt COMMAND [ARGS]

commands:
  lint PATH...            check plugin folders (or folders of plugins); prints
                          file:line:col: error|warning: message (json-pointer)
      --format json       one JSON object instead of text
      --no-cache          lint every case again, even one unchanged since its last clean lint
                          (kept in $XDG_CACHE_HOME/wholepicture/lint, shared with wpt test)
  play PLUGIN_DIR         play a case headless and print every text on the way, the feedback and scores
      --role ROLE         the playable role to play as (required)
      --choose A,B,...    option ids to choose at each decision, in order; "@LEVEL" before an
                          option places the child's needs first at a threshold point
                          (@universal, @early_help, @child_in_need, @child_protection);
                          "+FACT" enters a fact in a chronology point's chronology,
                          "!FACT" enters it marked as a concern; at a challenge point
                          "?now", "?wait" or "?accept", then "?APPROACH", then "?escalate"
                          or "?rest"
      --proofread         print every text the role could read anywhere in the case (each
                          reachable node's texts, perspectives, options, feedback and endings)
      --json              one JSON object: path, scores {dim: {score, best, worst}},
                          critical {met, missed}, whole_picture, ending

%COMMANDS%
common options:
  --content DIR           the knowledge base (default: the bundled content/)
  -h, --help              this help

exit status: 0 ok (warnings allowed); 1 errors or failures found (lint, test), a choice could not be
made (play), new or strings export refused to overwrite, strings import refused a row, pack or install
refused a case, or install found it installed (without --replace); 2 the command line was wrong, nothing
was checked

The authoring guide, plugins/README.md, walks through writing a case with these commands.
)";

// `wpt COMMAND --help`: that command's usage and options only.
std::string commandHelp(const std::string& name) {
    if (name == "lint" || name == "play") {
        std::string text = kUsage;
        auto start = text.find("  " + name + " ");
        auto end = text.find("\n  ", start + 3);
        while (end != std::string::npos && text.compare(end + 3, 1, " ") == 0) end = text.find("\n  ", end + 1);
        // The last command of the list ends at the blank line after it, not at the next indented line
        // (which was the common options, after the placeholder for the other commands).
        const auto blank = text.find("\n\n", start);
        if (end == std::string::npos || (blank != std::string::npos && blank < end)) end = blank;
        std::string block = text.substr(start, end - start);
        return "usage: wpt " + block.substr(2) + "\n\ncommon options:\n  --content DIR           the knowledge base (default: the bundled content/)\n"
               "  -h, --help              this help\n\nwpt --help lists every command; plugins/README.md explains them.\n";
    }
    for (const auto& c : wpt::registeredCommands())
        if (name == c.name)
            return std::string("usage: wpt ") + c.usage + "\n\n" + c.summary +
                   "\n\ncommon options:\n  --content DIR           the knowledge base (default: the bundled content/)\n"
                   "  -h, --help              this help\n\nwpt --help lists every command; plugins/README.md explains them.\n";
    return "";
}

std::string usageText() {
    std::string text = kUsage, extra;
    for (const auto& c : wpt::registeredCommands()) {
        std::string line = std::string("  ") + c.usage;
        extra += line + "\n      " + c.summary + "\n";
    }
    auto at = text.find("%COMMANDS%");
    text.replace(at, 10, extra);
    return text;
}

struct Args {
    std::string command;
    std::vector<std::string> positional;
    std::string role, choose, format = "text", content;
    bool json = false;
    bool proofread = false;
    bool noCache = false;
};

int usageError(const std::string& msg) { return wpt::usageError("", msg); }

nlohmann::json diagToJson(const wp::Diagnostic& d) {
    nlohmann::json j{{"severity", wp::severityName(d.severity)}, {"file", d.file},       {"line", d.line},
                     {"column", d.column},                       {"pointer", d.pointer}, {"message", d.message}};
    if (!d.sourceLine.empty()) j["source_line"] = d.sourceLine;
    return j;
}

int lint(const Args& a) {
    if (a.positional.empty()) return usageError("lint needs at least one plugin folder");
    wp::Diagnostics kbDiags;
    wp::KnowledgeBase kb = wpt::loadKnowledge(a.content, kbDiags);
    std::vector<wp::SearchDir> dirs;
    for (const auto& p : a.positional) {
        std::error_code ec;
        if (!std::filesystem::is_directory(p, ec)) {
            kbDiags.push_back({wp::Severity::Error, p, 0, 0, "", "no such folder; give a plugin folder (with plugin.json) or a folder of plugins"});
            continue;
        }
        dirs.push_back({p, wp::PluginOrigin::CommandLine});
    }
    const wp::LintCache cache = wpt::lintCache(a.noCache);
    std::vector<wp::ScenarioPlugin> plugins = wp::discoverPlugins(dirs, kb, wp::DiscoverMode::Full, &cache);
    // Local procedures packs in the same folders are checked too (procedures.h).
    const std::vector<wp::ProceduresPack> packs = wp::discoverProceduresPacks(dirs, kb);
    std::error_code ec;
    auto under = [](const std::filesystem::path& dir, const std::string& p) {
        return dir.string().rfind(std::filesystem::path(p).string(), 0) == 0;
    };
    for (const auto& p : a.positional)
        if (std::filesystem::is_directory(p, ec) &&
            std::none_of(plugins.begin(), plugins.end(), [&](const wp::ScenarioPlugin& pl) { return under(pl.dir, p); }) &&
            std::none_of(packs.begin(), packs.end(), [&](const wp::ProceduresPack& pk) { return under(pk.dir, p); }))
            kbDiags.push_back({wp::Severity::Error, p, 0, 0, "", "no plugin.json here or in any folder directly inside"});
    size_t errors = wp::countSeverity(kbDiags, wp::Severity::Error), warnings = wp::countSeverity(kbDiags, wp::Severity::Warning);
    nlohmann::json out = {{"plugins", nlohmann::json::array()}, {"diagnostics", nlohmann::json::array()}};
    for (const auto& d : kbDiags) {
        if (a.format == "json") out["diagnostics"].push_back(diagToJson(d));
        else std::cout << wp::formatDiagnostic(d) << "\n";
    }
    for (const auto& p : plugins) {
        errors += wp::countSeverity(p.diagnostics, wp::Severity::Error);
        warnings += wp::countSeverity(p.diagnostics, wp::Severity::Warning);
        if (a.format == "json") {
            nlohmann::json pj = {{"id", p.manifest.id}, {"dir", p.dir.string()}, {"usable", p.usable()},
                                 {"diagnostics", nlohmann::json::array()}};
            for (const auto& d : p.diagnostics) pj["diagnostics"].push_back(diagToJson(d));
            if (p.scenario) {
                for (const auto& role : p.manifest.roles) {
                    wp::RoleAnalysis an = wp::analyseRole(*p.scenario, role);
                    nlohmann::json dims = nlohmann::json::object();
                    for (const auto& [dim, range] : an.dimensions) dims[dim] = {{"best", range.best}, {"worst", range.worst}};
                    pj["score_bounds"][role] = dims;
                }
            }
            out["plugins"].push_back(pj);
        } else {
            for (const auto& d : p.diagnostics) std::cout << wp::formatDiagnostic(d) << "\n";
        }
    }
    for (const auto& pk : packs) {
        errors += wp::countSeverity(pk.diagnostics, wp::Severity::Error);
        warnings += wp::countSeverity(pk.diagnostics, wp::Severity::Warning);
        if (a.format == "json") {
            nlohmann::json pj = {{"id", pk.id}, {"dir", pk.dir.string()}, {"kind", wp::kProceduresKind}, {"usable", pk.usable()},
                                 {"diagnostics", nlohmann::json::array()}};
            for (const auto& d : pk.diagnostics) pj["diagnostics"].push_back(diagToJson(d));
            out["plugins"].push_back(pj);
        } else {
            for (const auto& d : pk.diagnostics) std::cout << wp::formatDiagnostic(d) << "\n";
        }
    }
    const size_t checked = plugins.size() + packs.size();
    if (a.format == "json") {
        out["errors"] = errors;
        out["warnings"] = warnings;
        std::cout << wp::dumpJson(out, 2) << "\n";
    } else {
        std::cout << checked << (checked == 1 ? " plugin" : " plugins") << " checked: " << errors
                  << (errors == 1 ? " error, " : " errors, ") << warnings << (warnings == 1 ? " warning" : " warnings") << "\n";
    }
    return wpt::exitWithoutFreeing(errors > 0 ? 1 : 0);
}

std::int64_t nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string indent(const std::string& text) {
    std::string out = "  ";
    for (char c : text) {
        out += c;
        if (c == '\n') out += "  ";
    }
    return out;
}

// Every text `role` could read in the case, node by node in file order (only nodes and options the role
// can reach), for proofreading without playing every path.
int proofread(const wp::ScenarioPlugin& plugin, const wp::KnowledgeBase& kb, const std::string& role) {
    const wp::Scenario& s = *plugin.scenario;
    wp::RoleAnalysis an = wp::analyseRole(s, role);
    auto label = [&](const std::string& r) { return wp::roleLabel(s, kb, r); };
    std::cout << plugin.manifest.name << ": every text " << label(role) << " can read\n\n"
              << "Case summary\n" << indent(s.caseSummary) << "\n";
    for (const auto& n : s.nodes) {
        if (!an.reachableNodes.count(n.id)) continue;
        std::cout << "\n== " << (n.title.empty() ? n.id : n.title) << " (" << wp::nodeTypeName(n.type) << " " << n.id << ")\n";
        if (n.type == wp::NodeType::Narrative) {
            std::cout << indent(n.text.forRole(role)) << "\n";
            for (const auto& r : n.reveals)
                if (const wp::Fact* f = s.fact(r.fact)) std::cout << "  (now known to " << wp::joinList(r.to) << ": " << f->text << ")\n";
        } else if (n.type == wp::NodeType::Decision) {
            std::cout << "Situation:\n" << indent(n.situation.forRole(role)) << "\n";
            if (n.threshold) {
                const wp::ThresholdScale& scale = wp::nationalThresholdScale();
                std::cout << "Threshold point: the case's judgement is " << wp::levelName(scale, n.threshold->level);
                for (size_t i = 0; i < n.threshold->defensible.size(); ++i)
                    std::cout << (i == 0 ? " (also defensible: " : ", ") << wp::levelName(scale, n.threshold->defensible[i]);
                if (!n.threshold->defensible.empty()) std::cout << ")";
                if (n.threshold->atTheTime)
                    std::cout << "; at the time: " << wp::levelName(scale, *n.threshold->atTheTime);
                std::cout << "\n  Why: " << n.threshold->why << "\n";
            }
            if (n.chronology) std::cout << "Chronology point: what it shows:\n" << indent(n.chronology->why) << "\n";
            if (n.challenge && n.challenge->forRole(role)) {
                const wp::ChallengePoint& c = *n.challenge;
                std::cout << "Challenge point (" << c.agency << "): " << c.decision << "\n";
                for (const auto& ap : c.approaches)
                    std::cout << "  Approach " << ap.id << " (tone " << wp::challengeRatingId(ap.tone) << ", child focus "
                              << wp::challengeRatingId(ap.childFocus) << "):\n" << indent(ap.text) << "\n"
                              << indent(ap.feedback) << "\n";
                std::cout << "  Reply:\n" << indent(c.reply) << "\n";
                for (const auto& e : c.escalation)
                    std::cout << "  Route: " << e.who << " (" << e.within << "): " << e.how << "\n";
                std::cout << "  Outcome:\n" << indent(c.outcome) << "\n  Why:\n" << indent(c.why) << "\n";
            }
            if (!n.question.forRole(role).empty()) std::cout << "Question:\n" << indent(n.question.forRole(role)) << "\n";
            for (const auto& p : n.perspectives)
                std::cout << "Perspective of " << label(p.role) << ":\n  knows: " << p.knows << "\n  thinks: " << p.thinks
                          << "\n  pressures: " << p.pressures << "\n";
            for (const auto& o : n.options) {
                if (!an.reachableOptions.count({n.id, o.id})) continue;
                std::cout << "Option " << o.id << ": " << o.text << "\n  Feedback: " << o.feedback.outcome << "\n";
                for (const auto& [r, view] : o.feedback.views) std::cout << "  - " << label(r) << ": " << view << "\n";
                for (const auto& g : o.feedback.guidance) {
                    const wp::GuidanceInfo* gi = kb.guidanceRef(g.ref);
                    std::cout << "  Guidance: " << (gi ? wp::displayTitle(*gi) : g.ref) << (g.section.empty() ? "" : ", " + g.section) << "\n";
                }
            }
        } else {
            std::cout << indent(n.text.forRole(role)) << "\n";
            if (!n.whatHappened.empty()) std::cout << "What happened:\n" << indent(n.whatHappened) << "\n";
            for (const auto& p : n.proposals) std::cout << "  Proposal: " << p << "\n";
            for (const auto& p : n.prompts) std::cout << "  Prompt (step " << p.step << "): " << p.text << "\n";
        }
    }
    return 0;
}

int play(const Args& a) {
    if (a.positional.size() != 1) return usageError("play needs exactly one plugin folder");
    if (a.role.empty()) return usageError("play needs --role ROLE");
    wp::Diagnostics kbDiags;
    wp::KnowledgeBase kb = wpt::loadKnowledge(a.content, kbDiags);
    std::optional<wp::ScenarioPlugin> loaded =
        wpt::loadUsablePlugin(a.positional[0], kb, "", "plugin cannot be played until the errors above are fixed");
    if (!loaded) return 1;
    const wp::ScenarioPlugin& plugin = *loaded;
    const wp::Scenario& s = *plugin.scenario;
    if (!wpt::playable(plugin.manifest, a.role)) return usageError(wpt::notPlayableMessage(plugin.manifest, a.role));
    if (a.proofread) return proofread(plugin, kb, a.role);
    auto label = [&](const std::string& role) { return wp::roleLabel(s, kb, role); };
    wp::Session session = wp::startSession(s, plugin.manifest, a.role, nowMs());
    std::vector<std::string> choices = wp::splitList(a.choose);
    size_t next = 0;
    std::string failure;
    nlohmann::json path = nlohmann::json::array();
    std::ostringstream text;
    auto stepDescription = [&](const wp::Node& n, const wp::Option* o) {
        nlohmann::json step = {{"node", n.id}, {"type", wp::nodeTypeName(n.type)}, {"title", n.title}, {"stage", n.stage}};
        if (o) {
            step["option"] = o->id;
            step["text"] = o->text;
            step["scores"] = o->effects.scores;
            step["feedback"] = {{"outcome", o->feedback.outcome}, {"views", o->feedback.views}};
            nlohmann::json refs = nlohmann::json::array();
            for (const auto& g : o->feedback.guidance) {
                const wp::GuidanceInfo* gi = kb.guidanceRef(g.ref);
                refs.push_back({{"ref", g.ref}, {"section", g.section},
                                {"title", gi ? wp::displayTitle(*gi) : g.ref}});
            }
            step["feedback"]["guidance"] = refs;
            if (!o->critical.empty()) step["critical"] = o->critical;
        }
        return step;
    };
    while (!wp::atEnding(s, session.current())) {
        const wp::Node& n = wp::currentNode(s, session.current());
        if (n.type == wp::NodeType::Narrative) {
            path.push_back(stepDescription(n, nullptr));
            text << "\n[" << n.title << "]\n" << indent(n.text.forRole(a.role)) << "\n";
            if (!wp::sessionStep(session, s, "", nowMs(), &failure)) break;
            continue;
        }
        text << "\n== " << n.title << " (" << n.id << ")\n" << indent(n.situation.forRole(a.role)) << "\n";
        if (!n.question.forRole(a.role).empty()) text << indent(n.question.forRole(a.role)) << "\n";
        // "@level" before an option places the child's needs at this decision's threshold point; "+fact"
        // and "!fact" enter a fact in its chronology (the second marked as a concern).
        while (next < choices.size() &&
               (choices[next].starts_with("@") || choices[next].starts_with("+") || choices[next].starts_with("!") ||
                choices[next].starts_with("?"))) {
            const std::string item = choices[next++];
            if (item[0] == '?') { // a challenge move: ?now, ?wait, ?accept, ?APPROACH, ?escalate, ?rest
                const wp::ScriptedChallengeMove m = wp::scriptedChallengeMove(item.substr(1));
                if (wp::challengeMove(s, session.history.back(), m.move, m.approach, &failure))
                    text << "  challenge: " << item.substr(1) << "\n";
                if (!failure.empty()) break;
                continue;
            }
            if (item[0] != '@') {
                const auto mark = item[0] == '!' ? wp::ChronologyMark::Concern : wp::ChronologyMark::Entry;
                if (wp::markChronology(s, session.history.back(), item.substr(1), mark, &failure))
                    text << "  entered " << item.substr(1) << (mark == wp::ChronologyMark::Concern ? " as a concern" : "")
                         << " in the chronology\n";
                if (!failure.empty()) break;
                continue;
            }
            const std::string levelId = item.substr(1);
            const auto level = wp::thresholdLevelFromId(levelId);
            if (!level) failure = "unknown threshold level \"" + levelId + "\" (universal, early_help, child_in_need, child_protection)";
            else if (!wp::placeThreshold(s, session.history.back(), *level, &failure)) {}
            else text << "  placed the child's needs at " << wp::levelName(wp::nationalThresholdScale(), *level) << "\n";
            if (!failure.empty()) break;
        }
        if (!failure.empty() || next >= choices.size()) break;
        const std::string& id = choices[next++];
        const wp::Option* chosen = nullptr;
        for (const wp::Option* o : wp::availableOptions(s, session.current()))
            if (o->id == id) chosen = o;
        if (!wp::sessionStep(session, s, id, nowMs(), &failure)) break;
        path.push_back(stepDescription(n, chosen));
        text << "  chose " << chosen->id << ": " << chosen->text << "\n  " << chosen->feedback.outcome << "\n";
        for (const auto& [role, view] : chosen->feedback.views) text << "  - " << label(role) << ": " << view << "\n";
        for (const auto& [dim, delta] : chosen->effects.scores) text << "  " << (delta >= 0 ? "+" : "") << delta << " " << dim << "\n";
    }
    const wp::RunState& st = session.current();
    wp::RoleAnalysis an = wp::analyseRole(s, a.role);
    nlohmann::json scores = nlohmann::json::object();
    for (const auto& d : s.dimensions) {
        const wp::ScoreRange& r = an.dimensions[d.id];
        scores[d.id] = {{"score", st.scores.at(d.id)}, {"best", r.best}, {"worst", r.worst}, {"max", r.best}, {"weight", d.weight}};
    }
    // An unfinished run: actions whose decisions still lie ahead are "not reached yet", not missed.
    nlohmann::json met = nlohmann::json::array(), missed = nlohmann::json::array(), notReached = nlohmann::json::array();
    const std::set<std::string> ahead = wp::criticalStillAhead(s, st);
    for (const auto& c : wp::criticalOutcomes(s, st))
        (st.criticalChosen.count(c.action->id) == 0 && ahead.count(c.action->id) ? notReached : c.met ? met : missed).push_back({{"id", c.action->id}, {"kind", c.action->kind == wp::CriticalKind::MustDo ? "must_do" : "must_avoid"},
                                         {"text", c.action->text}});
    std::vector<wp::PictureMeasure> picture = st.picture;
    if (!wp::atEnding(s, st)) picture.push_back(wp::measurePicture(s, st));
    nlohmann::json pic = nlohmann::json::array();
    for (const auto& p : picture) pic.push_back({{"stage", p.stage}, {"reached", p.reached}, {"possible", p.possible}});
    const wp::Node& here = wp::currentNode(s, st);
    nlohmann::json ending = nullptr;
    if (here.type == wp::NodeType::Ending) ending = {{"id", here.id}, {"title", here.title}};
    nlohmann::json remaining = nlohmann::json::array();
    for (const wp::Option* o : wp::availableOptions(s, st)) remaining.push_back(o->id);

    if (a.json) {
        nlohmann::json out = {{"plugin", plugin.manifest.id}, {"role", a.role}, {"path", path}, {"scores", scores},
                              {"critical", {{"met", met}, {"missed", missed}, {"not_reached", notReached}}}, {"whole_picture", pic}, {"ending", ending},
                              {"node", st.node}, {"available", remaining},
                              {"thresholds", wp::thresholdsToJson(wp::summariseThresholds(s, st))},
                              {"chronologies", wp::chronologiesToJson(wp::summariseChronologies(s, st, kb))},
                              {"challenges", wp::challengesToJson(wp::summariseChallenges(s, st, kb))}};
        if (!failure.empty()) out["error"] = failure;
        std::cout << wp::dumpJson(out, 2) << "\n";
    } else {
        std::cout << plugin.manifest.name << " as " << label(a.role) << "\n" << text.str() << "\n";
        if (here.type == wp::NodeType::Ending) {
            std::cout << "Ending: " << here.title << "\n" << indent(here.text.forRole(a.role)) << "\n";
            if (!here.whatHappened.empty()) std::cout << "What happened:\n" << indent(here.whatHappened) << "\n";
        } else {
            std::cout << "Stopped at \"" << here.id << "\"; options now (choose with --choose ID,...):\n";
            for (const wp::Option* o : wp::availableOptions(s, st)) std::cout << "  " << o->id << ": " << o->text << "\n";
        }
        std::cout << "Scores (this run / best achievable / worst):\n";
        for (const auto& d : s.dimensions)
            std::cout << "  " << d.id << ": " << scores[d.id]["score"] << " / " << scores[d.id]["best"] << " / "
                      << scores[d.id]["worst"] << "\n";
        for (const auto& m : missed) std::cout << "  MISSED critical action: " << m["text"].get<std::string>() << "\n";
        if (!failure.empty()) std::cerr << "wpt: " << failure << "\n";
    }
    if (!failure.empty()) return 1;
    if (next < choices.size()) {
        std::cerr << "wpt: the case ended before all choices were used (" << choices.size() - next << " left over)\n";
        return 1;
    }
    return 0;
}

} // namespace

int run(int argc, char** argv) {
    Args a;
    std::vector<std::string> args(argv + 1, argv + argc);
    // "wpt test --help" is how people ask about one command: answer it rather than call it a wrong option.
    if (!args.empty())
        for (const auto& c : wpt::registeredCommands())
            if (args[0] == c.name && c.ownHelp) return c.run(std::vector<std::string>(args.begin() + 1, args.end()));
    for (const auto& x : args)
        if (x == "-h" || x == "--help") {
            std::string own = args.empty() ? "" : commandHelp(args[0]);
            std::cout << (own.empty() ? usageText() : own);
            return 0;
        }
    if (!args.empty())
        for (const auto& c : wpt::registeredCommands())
            if (args[0] == c.name) return c.run(std::vector<std::string>(args.begin() + 1, args.end()));
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& x = args[i];
        auto value = [&](const char* name) -> std::optional<std::string> {
            if (i + 1 >= args.size()) return std::nullopt;
            (void)name;
            return args[++i];
        };
        if (x == "-h" || x == "--help") {
            std::cout << usageText();
            return 0;
        } else if (x == "--json") {
            a.json = true;
        } else if (x == "--proofread") {
            a.proofread = true;
        } else if (x == "--no-cache") {
            a.noCache = true;
        } else if (x == "--role" || x == "--choose" || x == "--format" || x == "--content") {
            auto v = value(x.c_str());
            if (!v) return usageError(x + " needs a value");
            if (x == "--role") a.role = *v;
            else if (x == "--choose") a.choose = *v;
            else if (x == "--format") a.format = *v;
            else a.content = *v;
        } else if (x.rfind("--", 0) == 0) {
            return usageError("unknown option " + x);
        } else if (a.command.empty()) {
            a.command = x;
        } else {
            a.positional.push_back(x);
        }
    }
    if (a.format != "text" && a.format != "json") return usageError("--format is text or json");
    if (a.command == "lint") return lint(a);
    if (a.command == "play") return play(a);
    if (a.command.empty()) {
        std::cerr << usageText();
        return 2;
    }
    return usageError("unknown command \"" + a.command + "\"");
}

// The barrier: every expected failure is already a diagnostic, so anything thrown this far is a bug.
// It still ends as one line on stderr and status 1, never as std::terminate and SIGABRT, so scripts
// and CI see a failed command rather than a crash.
int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const std::exception& e) {
        std::cerr << "wpt: internal error, nothing was changed: " << e.what() << "\n";
    } catch (...) {
        std::cerr << "wpt: internal error, nothing was changed (unknown exception)\n";
    }
    return 1;
}
