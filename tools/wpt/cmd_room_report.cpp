// wpt room-report: a room (joint session) record as a printable HTML report and a CSV of every
// group's choices.
//
//   wpt room-report ROOM.json -o report.html [--csv choices.csv] [--plugins DIR]... [--content DIR]
#include <filesystem>
#include <iostream>

#include <nlohmann/json.hpp>

#include "wholepicture/core/json_file.h"
#include "wholepicture/core/loader.h"
#include "wholepicture/core/paths.h"
#include "wholepicture/core/room.h"
#include "wholepicture/core/room_debrief.h"
#include "commands.h"

namespace {

int usage(const std::string& msg) {
    std::cerr << "wpt room-report: " << msg << "\n(run 'wpt room-report --help' for usage)\n";
    return 2;
}

int runRoomReport(const std::vector<std::string>& args) {
    std::string roomFile, out, csv, content;
    std::vector<std::string> pluginDirs;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& x = args[i];
        if (x == "-h" || x == "--help") {
            std::cout << "usage: wpt room-report ROOM.json [-o report.html] [--csv choices.csv] [--plugins DIR]... [--content DIR]\n"
                         "Writes a room session record (from $XDG_STATE_HOME/wholepicture/rooms/) as one HTML report that\n"
                         "prints on A4, and/or a CSV with one row per group per decision per vote round.\n"
                         "Exit status: 0 written; 1 the record or case could not be used; 2 usage error.\n";
            return 0;
        }
        if (x == "-o" || x == "--output" || x == "--csv" || x == "--plugins" || x == "--content") {
            if (i + 1 >= args.size()) return usage(x + " needs a value");
            const std::string& v = args[++i];
            if (x == "--csv") csv = v;
            else if (x == "--plugins") pluginDirs.push_back(v);
            else if (x == "--content") content = v;
            else out = v;
        } else if (x.rfind("-", 0) == 0 && x.size() > 1) {
            return usage("unknown option " + x);
        } else if (roomFile.empty()) {
            roomFile = x;
        } else {
            return usage("give one room record");
        }
    }
    if (roomFile.empty()) return usage("give the room record (ROOM.json)");
    if (out.empty() && csv.empty()) return usage("say what to write: -o report.html and/or --csv choices.csv");

    wp::Diagnostics diags;
    wp::KnowledgeBase kb = wp::loadKnowledgeBase(content.empty() ? wp::findBundled("content") : std::filesystem::path(content), diags);
    auto info = wp::peekRoomRecord(roomFile, diags);
    if (!info) {
        for (const auto& d : diags) std::cerr << wp::formatDiagnostic(d) << "\n";
        std::cerr << "wpt room-report: the room record could not be read (the file is left as it is)\n";
        return 1;
    }
    std::vector<wp::ScenarioPlugin> plugins = wp::discoverPlugins(wp::pluginSearchPath({pluginDirs.begin(), pluginDirs.end()}), kb);
    auto it = std::find_if(plugins.begin(), plugins.end(), [&](const wp::ScenarioPlugin& p) { return p.manifest.id == info->pluginId && p.usable(); });
    if (it == plugins.end()) {
        std::cerr << "wpt room-report: the room ran the case \"" << info->pluginId
                  << "\", which is not installed or cannot be loaded; add its folder with --plugins DIR\n";
        return 1;
    }
    diags.clear();
    auto room = wp::loadRoom(roomFile, *it->scenario, it->manifest, diags);
    for (const auto& d : diags) std::cerr << wp::formatDiagnostic(d) << "\n";
    if (!room) return 1;
    wp::RoomDebrief d = wp::buildRoomDebrief(*room, *it->scenario, it->manifest, kb);
    wp::Diagnostics writeDiags;
    bool ok = true;
    if (!out.empty()) ok = wp::writeFileAtomically(out, wp::roomReportHtml(d, *room, *it->scenario, kb), writeDiags) && ok;
    if (!csv.empty()) ok = wp::writeFileAtomically(csv, wp::roomChoicesCsv(*room, *it->scenario), writeDiags) && ok;
    for (const auto& x : writeDiags) std::cerr << wp::formatDiagnostic(x) << "\n";
    if (!ok) return 1;
    std::cout << "wrote " << (out.empty() ? "" : out) << (out.empty() || csv.empty() ? "" : " and ") << csv << " ("
              << it->manifest.id << ", " << room->setup.groups.size() << " groups, " << d.decisions.size() << " decisions)\n";
    return 0;
}

const bool kRegistered = wpt::registerCommand({"room-report", "room-report ROOM.json -o FILE.html [--csv FILE.csv] [--plugins DIR]",
                                               "a room session record as a printable HTML report and a CSV of every group's choices",
                                               &runRoomReport, true});

} // namespace
