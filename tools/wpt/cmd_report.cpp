// wpt report: the debrief of a saved session (or of a headless play-through) as a self-contained HTML
// report.
//
//   wpt report SESSION.json -o report.html [--plugins DIR]... [--json-out session.json] [--debrief-json FILE]
//   wpt report --play PLUGIN_DIR --role ROLE [--choose A,B,...] [--reflection TEXT] -o report.html ...
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "wholepicture/core/debrief.h"
#include "wholepicture/core/json_file.h"
#include "wholepicture/core/loader.h"
#include "wholepicture/core/paths.h"
#include "wholepicture/core/report.h"
#include "wholepicture/core/runner.h"
#include "commands.h"
#include "common.h"

namespace {

int usage(const std::string& msg) { return wpt::usageError("report", msg); }

std::int64_t nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

int runReport(const std::vector<std::string>& args) {
    std::string sessionFile, out, jsonOut, debriefJson, playDir, role, choose, content, reflection;
    bool chooseGiven = false, reflectionGiven = false, chooseFirst = false;
    std::vector<std::string> pluginDirs;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& x = args[i];
        auto value = [&](std::string& into) {
            if (i + 1 >= args.size()) return false;
            into = args[++i];
            return true;
        };
        if (x == "-h" || x == "--help") {
            std::cout << "usage: wpt report SESSION.json -o report.html [--plugins DIR]... [--json-out session.json]\n"
                         "                  [--debrief-json debrief.json] [--content DIR]\n"
                         "       wpt report --play PLUGIN_DIR --role ROLE [--choose A,B,...] [--first] [--reflection TEXT] -o report.html\n"
                         "--first takes the first option open to the role at every decision after the --choose list.\n"
                         "Writes the debrief of a saved session (or of a headless play-through) as one HTML file that\n"
                         "prints on A4. Exit status: 0 written; 1 the session or plugin could not be used; 2 usage error.\n";
            return 0;
        }
        std::string v;
        if (x == "--first") {
            chooseFirst = true;
            continue;
        }
        if (x == "-o" || x == "--output" || x == "--plugins" || x == "--json-out" || x == "--debrief-json" || x == "--play" ||
            x == "--role" || x == "--choose" || x == "--content" || x == "--reflection") {
            if (!value(v)) return usage(x + " needs a value");
            if (x == "-o" || x == "--output") out = v;
            else if (x == "--plugins") pluginDirs.push_back(v);
            else if (x == "--json-out") jsonOut = v;
            else if (x == "--debrief-json") debriefJson = v;
            else if (x == "--play") playDir = v;
            else if (x == "--role") role = v;
            else if (x == "--choose") { choose = v; chooseGiven = true; }
            else if (x == "--content") content = v;
            else { reflection = v; reflectionGiven = true; }
        } else if (x.rfind("-", 0) == 0 && x.size() > 1) {
            return usage("unknown option " + x);
        } else if (sessionFile.empty()) {
            sessionFile = x;
        } else {
            return usage("give one session file (got \"" + sessionFile + "\" and \"" + x + "\")");
        }
    }
    if (sessionFile.empty() == playDir.empty()) return usage("give either SESSION.json or --play PLUGIN_DIR (exactly one)");
    if (!playDir.empty() && role.empty()) return usage("--play needs --role ROLE");
    if (playDir.empty() && (!role.empty() || chooseGiven || chooseFirst)) return usage("--role, --choose and --first go with --play");
    if (out.empty() && jsonOut.empty() && debriefJson.empty()) return usage("say where to write the report: -o report.html");

    wp::Diagnostics kbDiags;
    wp::KnowledgeBase kb = wpt::loadKnowledge(content, kbDiags);
    for (const auto& d : kbDiags)
        if (d.severity == wp::Severity::Error) std::cerr << wp::formatDiagnostic(d) << "\n";

    wp::ScenarioPlugin plugin;
    std::optional<wp::Session> session;
    std::error_code ec;
    if (!playDir.empty()) {
        if (!std::filesystem::is_directory(playDir, ec)) {
            std::cerr << "wpt report: no such plugin folder: " << playDir << "\n";
            return 1;
        }
        std::optional<wp::ScenarioPlugin> loaded =
            wpt::loadUsablePlugin(playDir, kb, "report", "the plugin cannot be played until the errors above are fixed");
        if (!loaded) return 1;
        plugin = std::move(*loaded);
        if (!wpt::playable(plugin.manifest, role)) return usage(wpt::notPlayableMessage(plugin.manifest, role));
        const wp::Scenario& s = *plugin.scenario;
        session = wp::startSession(s, plugin.manifest, role, nowMs());
        std::vector<std::string> choices = wp::splitList(choose);
        size_t next = 0;
        std::string error;
        while (!wp::atEnding(s, session->current())) {
            const wp::Node& n = wp::currentNode(s, session->current());
            if (n.type == wp::NodeType::Narrative) {
                if (!wp::sessionStep(*session, s, "", nowMs(), &error)) break;
                continue;
            }
            if (next >= choices.size()) {
                const auto open = wp::availableOptions(s, session->current());
                if (!chooseFirst || open.empty()) break;
                if (!wp::sessionStep(*session, s, open.front()->id, nowMs(), &error)) break;
                continue;
            }
            if (!wp::sessionStep(*session, s, choices[next], nowMs(), &error)) break;
            ++next;
        }
        if (!error.empty()) {
            std::cerr << "wpt report: " << error << "\n";
            return 1;
        }
        if (next < choices.size()) {
            std::cerr << "wpt report: the case ended before all choices were used (" << choices.size() - next << " left over)\n";
            return 1;
        }
        if (!wp::atEnding(s, session->current()))
            std::cerr << "wpt report: warning: the play-through stops at \"" << session->current().node
                      << "\" before an ending; the report covers the decisions taken\n";
        if (reflectionGiven) session->reflection = reflection;
    } else {
        wp::Diagnostics diags;
        if (!std::filesystem::exists(sessionFile, ec)) {
            std::cerr << "wpt report: no such session file: " << sessionFile << "\n";
            return 1;
        }
        auto file = wp::loadJsonFile(sessionFile, diags);
        if (!file) {
            for (const auto& d : diags) std::cerr << wp::formatDiagnostic(d) << "\n";
            std::cerr << "wpt report: the session file could not be read as JSON\n";
            return 1;
        }
        const nlohmann::json& j = file->value;
        if (!j.is_object() || !j.contains("format") || j["format"] != "wholepicture-session" || !j.contains("plugin") ||
            !j["plugin"].is_string()) {
            std::cerr << "wpt report: " << sessionFile
                      << ": not a Whole Picture session file (expected {\"format\": \"wholepicture-session\", \"plugin\": ...})\n";
            return 1;
        }
        std::string id = j["plugin"].get<std::string>();
        std::vector<wp::ScenarioPlugin> plugins = wp::discoverPlugins(wp::pluginSearchPath({pluginDirs.begin(), pluginDirs.end()}), kb);
        auto it = std::find_if(plugins.begin(), plugins.end(), [&](const wp::ScenarioPlugin& p) { return p.manifest.id == id && p.usable(); });
        if (it == plugins.end()) {
            auto broken = std::find_if(plugins.begin(), plugins.end(), [&](const wp::ScenarioPlugin& p) { return p.manifest.id == id; });
            if (broken != plugins.end()) {
                for (const auto& d : broken->diagnostics) std::cerr << wp::formatDiagnostic(d) << "\n";
                std::cerr << "wpt report: the case \"" << id << "\" was found at " << broken->dir.string()
                          << " but cannot be loaded (errors above)\n";
            } else {
                std::vector<std::string> ids;
                for (const auto& p : plugins) ids.push_back(p.manifest.id);
                std::cerr << "wpt report: the session is for the case \"" << id
                          << "\", which is not installed (found: " << wp::joinList(ids, ", ", "none")
                          << "); add its folder with --plugins DIR\n";
            }
            return 1;
        }
        plugin = std::move(*it);
        session = wp::sessionFromJson(j, *plugin.scenario, plugin.manifest, diags, sessionFile);
        for (const auto& d : diags) std::cerr << wp::formatDiagnostic(d) << "\n";
        if (!session) {
            std::cerr << "wpt report: the session could not be restored\n";
            return 1;
        }
        size_t saved = j.contains("path") && j["path"].is_array() ? j["path"].size() : 0;
        size_t replayed = session->current().path.size();
        if (replayed < saved)
            std::cerr << "wpt report: warning: only " << replayed << " of " << saved
                      << " saved steps still fit this version of the case; the report covers those\n";
        if (reflectionGiven) session->reflection = reflection;
    }

    const wp::Scenario& s = *plugin.scenario;
    wp::Debrief debrief = wp::buildDebrief(s, plugin.manifest, kb, *session);
    wp::Diagnostics writeDiags;
    bool ok = true;
    if (!out.empty()) ok = wp::writeFileAtomically(out, wp::debriefToHtml(debrief, s, plugin.manifest, kb), writeDiags) && ok;
    if (!jsonOut.empty()) ok = wp::writeFileAtomically(jsonOut, wp::dumpJson(wp::sessionToJson(*session), 2) + "\n", writeDiags) && ok;
    if (!debriefJson.empty()) ok = wp::writeFileAtomically(debriefJson, wp::dumpJson(wp::debriefToJson(debrief), 2) + "\n", writeDiags) && ok;
    for (const auto& d : writeDiags) std::cerr << wp::formatDiagnostic(d) << "\n";
    if (!ok) return 1;
    if (!out.empty())
        std::cout << "wrote " << out << " (" << plugin.manifest.id << " as " << session->role << ", "
                  << debrief.timeline.size() << " decisions, " << debrief.missedCriticalCount() << " critical action(s) missed)\n";
    return 0;
}

const bool kRegistered = wpt::registerCommand(
    {"report", "report SESSION.json -o FILE.html [--plugins DIR] [--json-out FILE] | report --play PLUGIN_DIR --role R [--choose A,B]",
     "the debrief of a saved session (or a headless play-through) as a printable, self-contained HTML report", &runReport, true});

} // namespace
