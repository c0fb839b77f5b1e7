// wpt transcript: a saved run (or a role-swap comparison) or a room session record as an accessible
// HTML transcript (core/transcript.h).
//
//   wpt transcript SESSION.json|ROOM.json -o FILE.html [--compare FIRST_RUN.json] [--plugins DIR]... [--content DIR]
#include <algorithm>
#include <filesystem>
#include <iostream>

#include <nlohmann/json.hpp>

#include "wholepicture/core/json_file.h"
#include "wholepicture/core/lists.h"
#include "wholepicture/core/loader.h"
#include "wholepicture/core/paths.h"
#include "wholepicture/core/room.h"
#include "wholepicture/core/transcript.h"
#include "commands.h"
#include "common.h"

namespace {

int usage(const std::string& msg) { return wpt::usageError("transcript", msg); }

// The usable plugin with this id, or an explanation on stderr.
const wp::ScenarioPlugin* findCase(const std::vector<wp::ScenarioPlugin>& plugins, const std::string& id) {
    auto it = std::find_if(plugins.begin(), plugins.end(), [&](const wp::ScenarioPlugin& p) { return p.manifest.id == id && p.usable(); });
    if (it != plugins.end()) return &*it;
    std::vector<std::string> ids;
    for (const auto& p : plugins) ids.push_back(p.manifest.id);
    std::cerr << "wpt transcript: the record is for the case \"" << id << "\", which is not installed or cannot be loaded (found: "
              << wp::joinList(ids, ", ", "none") << "); add its folder with --plugins DIR\n";
    return nullptr;
}

// A saved session file (or its "first_run" part) restored against the case; nullopt with messages.
std::optional<wp::Session> restore(const nlohmann::json& j, const wp::ScenarioPlugin& p, const std::string& file) {
    wp::Diagnostics diags;
    auto session = wp::sessionFromJson(j, *p.scenario, p.manifest, diags, file);
    for (const auto& d : diags) std::cerr << wp::formatDiagnostic(d) << "\n";
    return session;
}

int runTranscript(const std::vector<std::string>& args) {
    std::string file, out, compare, content;
    std::vector<std::string> pluginDirs;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& x = args[i];
        if (x == "-h" || x == "--help") {
            std::cout << "usage: wpt transcript SESSION.json|ROOM.json -o FILE.html [--compare FIRST_RUN.json] [--plugins DIR]...\n"
                         "                      [--content DIR]\n"
                         "Writes a saved run, a role-swap comparison (the session's own first run, or --compare) or a room\n"
                         "session record as an accessible HTML transcript: headings for the stages and decisions, the options\n"
                         "as lists, the choice and its feedback, the perspectives, the map as a table, the debrief.\n"
                         "Exit status: 0 written; 1 the record or case could not be used; 2 usage error.\n";
            return 0;
        }
        if (x == "-o" || x == "--output" || x == "--compare" || x == "--plugins" || x == "--content") {
            if (i + 1 >= args.size()) return usage(x + " needs a value");
            const std::string& v = args[++i];
            if (x == "--compare") compare = v;
            else if (x == "--plugins") pluginDirs.push_back(v);
            else if (x == "--content") content = v;
            else out = v;
        } else if (x.rfind("-", 0) == 0 && x.size() > 1) {
            return usage("unknown option " + x);
        } else if (file.empty()) {
            file = x;
        } else {
            return usage("give one session or room record");
        }
    }
    if (file.empty()) return usage("give the session or room record (SESSION.json or ROOM.json)");
    if (out.empty()) return usage("say where to write the transcript: -o FILE.html");

    wp::Diagnostics diags;
    wp::KnowledgeBase kb = wpt::loadKnowledge(content, diags);
    for (const auto& d : diags)
        if (d.severity == wp::Severity::Error) std::cerr << wp::formatDiagnostic(d) << "\n";
    diags.clear();
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) {
        std::cerr << "wpt transcript: no such file: " << file << "\n";
        return 1;
    }
    auto loaded = wp::loadJsonFile(file, diags);
    if (!loaded || !loaded->value.is_object()) {
        for (const auto& d : diags) std::cerr << wp::formatDiagnostic(d) << "\n";
        std::cerr << "wpt transcript: " << file << " could not be read as a JSON object\n";
        return 1;
    }
    const nlohmann::json& j = loaded->value;
    const std::vector<wp::ScenarioPlugin> plugins = wp::discoverPlugins(wp::pluginSearchPath({pluginDirs.begin(), pluginDirs.end()}), kb);
    std::string html, what;

    if (j.value("format", "") == "wholepicture-session" && j.contains("plugin") && j["plugin"].is_string()) {
        const wp::ScenarioPlugin* p = findCase(plugins, j["plugin"].get<std::string>());
        if (!p) return 1;
        auto run = restore(j, *p, file);
        if (!run) {
            std::cerr << "wpt transcript: the session could not be restored\n";
            return 1;
        }
        std::optional<wp::Session> first;
        if (!compare.empty()) {
            wp::Diagnostics d2;
            auto f = wp::loadJsonFile(compare, d2);
            if (!f) {
                for (const auto& d : d2) std::cerr << wp::formatDiagnostic(d) << "\n";
                std::cerr << "wpt transcript: " << compare << " could not be read\n";
                return 1;
            }
            first = restore(f->value, *p, compare);
            if (!first) return 1;
        } else if (j.contains("first_run") && j["first_run"].is_object()) {
            first = restore(j["first_run"], *p, file + " (first_run)");
        }
        html = wp::sessionTranscriptHtml(*run, *p->scenario, p->manifest, kb, first ? &*first : nullptr);
        what = p->manifest.id + " as " + run->role + (first ? " and " + first->role : std::string());
    } else if (auto info = wp::peekRoomRecord(file, diags)) {
        if (!compare.empty()) return usage("--compare goes with a session file, not a room record");
        const wp::ScenarioPlugin* p = findCase(plugins, info->pluginId);
        if (!p) return 1;
        diags.clear();
        auto room = wp::loadRoom(file, *p->scenario, p->manifest, diags);
        for (const auto& d : diags) std::cerr << wp::formatDiagnostic(d) << "\n";
        if (!room) return 1;
        html = wp::roomTranscriptHtml(*room, *p->scenario, p->manifest, kb);
        what = p->manifest.id + " room session, " + std::to_string(room->setup.groups.size()) + " groups";
    } else {
        for (const auto& d : diags) std::cerr << wp::formatDiagnostic(d) << "\n";
        std::cerr << "wpt transcript: " << file << " is neither a Whole Picture session file nor a room record\n";
        return 1;
    }
    wp::Diagnostics writeDiags;
    if (!wp::writeFileAtomically(out, html, writeDiags)) {
        for (const auto& d : writeDiags) std::cerr << wp::formatDiagnostic(d) << "\n";
        return 1;
    }
    std::cout << "wrote " << out << " (" << what << ")\n";
    return 0;
}

const bool kRegistered = wpt::registerCommand({"transcript", "transcript SESSION.json|ROOM.json -o FILE.html [--compare FIRST.json]",
                                               "a run, a comparison or a room session as an accessible HTML transcript", &runTranscript, true});

} // namespace
