// wpt room-bench: times the room (joint session) record operations on a whole generated session: every
// decision of a case voted by N groups (each group the first option its profession may take, with a
// rationale), revealed, re-voted, a path chosen by majority, to the end. Prints JSON with the time the
// whole session took to build event by event (apply_ms, each event one roomApply) and the median of
// several runs of: undo (drop the last event and replay everything), save (JSON + atomic write) and the
// room debrief (scores, divergence, map) with its HTML report.
//
//   wpt room-bench PLUGIN_DIR [--groups N] [--runs N]
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <optional>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "wholepicture/core/loader.h"
#include "wholepicture/core/paths.h"
#include "wholepicture/core/room.h"
#include "wholepicture/core/room_debrief.h"
#include "commands.h"
#include "common.h"

namespace {

int usage(const std::string& msg) {
    std::cerr << "wpt room-bench: " << msg << "\n(run 'wpt room-bench --help' for usage)\n";
    return 2;
}

double msSince(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
}

int runRoomBench(const std::vector<std::string>& args) {
    std::string dir, keep;
    int groups = 6, runs = 5;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& x = args[i];
        if (x == "-h" || x == "--help") {
            std::cout << "usage: wpt room-bench PLUGIN_DIR [--groups N] [--runs N] [--keep ROOM.json]\n"
                         "Plays a whole room session (N groups, default 6) and prints, as JSON, the median ms of undo\n"
                         "(replay of every event), save (record JSON + atomic write) and the room debrief + HTML report.\n"
                         "--keep writes the generated room record there (for report and transcript tests).\n";
            return 0;
        }
        if (x == "--keep") {
            if (i + 1 >= args.size()) return usage(x + " needs a value");
            keep = args[++i];
        } else if (x == "--groups" || x == "--runs") {
            if (i + 1 >= args.size()) return usage(x + " needs a value");
            const int v = std::atoi(args[++i].c_str());
            if (v < 1 || v > 12) return usage(x + " must be 1..12");
            (x == "--groups" ? groups : runs) = v;
        } else if (dir.empty()) {
            dir = x;
        } else {
            return usage("give one plugin folder");
        }
    }
    if (dir.empty()) return usage("give the case's plugin folder");
    wp::Diagnostics diags;
    wp::KnowledgeBase kb = wpt::loadKnowledge("", diags);
    std::optional<wp::ScenarioPlugin> plugin = wpt::loadUsablePlugin(dir, kb, "room-bench", "the case cannot be used", true);
    if (!plugin) return 1;
    const wp::ScenarioPlugin& p = *plugin;
    const wp::Scenario& s = *p.scenario;

    wp::RoomSetup setup;
    const std::vector<std::string> profs{"class_teacher", "social_worker", wp::kMixedProfession};
    for (int g = 0; g < groups; ++g) setup.groups.push_back({"Table " + std::to_string(g + 1), profs[static_cast<size_t>(g) % profs.size()]});
    std::int64_t now = 1'700'000'000'000;
    wp::RoomSession room = wp::startRoom(s, p.manifest, setup, now);
    auto step = [&](wp::RoomEventKind k, int group = -1, std::string option = {}, std::string rationale = {}) {
        return wp::roomApply(room, s, p.manifest, wp::RoomEvent{k, group, std::move(option), std::move(rationale), "", now += 1000});
    };
    const auto applyStarted = std::chrono::steady_clock::now();
    for (int guard = 0; guard < 10000 && room.state.phase != wp::RoomPhase::Ending; ++guard) {
        if (room.state.warning || room.state.phase == wp::RoomPhase::Narrative) {
            if (!step(wp::RoomEventKind::Continue)) break;
            continue;
        }
        if (room.state.phase == wp::RoomPhase::Situation || room.state.phase == wp::RoomPhase::Views) {
            if (!step(wp::RoomEventKind::OpenVoting)) break;
            continue;
        }
        if (room.state.phase == wp::RoomPhase::Voting) {
            for (int g = 0; g < groups; ++g) {
                auto allowed = wp::optionsForProfession(s, room.state, setup.groups[static_cast<size_t>(g)].profession);
                if (allowed.empty()) continue;
                const wp::Option* o = allowed[static_cast<size_t>(g + room.state.round()) % allowed.size()];
                (void)step(wp::RoomEventKind::Vote, g, o->id, "we would " + o->id);
            }
            if (!step(wp::RoomEventKind::Reveal)) break;
            continue;
        }
        if (room.state.phase == wp::RoomPhase::Revealed) {
            if (room.state.round() == 1) (void)step(wp::RoomEventKind::Revote);
            else if (!step(wp::RoomEventKind::ChoosePath)) break;
            continue;
        }
        break;
    }
    const double applyMs = msSince(applyStarted);
    wp::roomSetPaused(room, true, now += 60000);
    wp::roomSetPaused(room, false, now += 300000);
    const std::filesystem::path scratch = std::filesystem::temp_directory_path() / ("wpt-room-bench-" + std::to_string(::getpid()));
    std::vector<double> undo, save, debrief;
    for (int r = 0; r < runs; ++r) {
        wp::RoomSession copy = room;
        auto t0 = std::chrono::steady_clock::now();
        (void)wp::roomUndo(copy, s, p.manifest);
        undo.push_back(msSince(t0));
        wp::Diagnostics d2;
        t0 = std::chrono::steady_clock::now();
        (void)wp::saveRoom(room, scratch, d2);
        save.push_back(msSince(t0));
        t0 = std::chrono::steady_clock::now();
        wp::RoomDebrief rd = wp::buildRoomDebrief(room, s, p.manifest, kb);
        const std::string html = wp::roomReportHtml(rd, room, s, kb);
        debrief.push_back(msSince(t0));
        if (html.empty()) return 1;
    }
    std::error_code ec;
    std::filesystem::remove_all(scratch, ec);
    if (!keep.empty()) {
        wp::Diagnostics d3;
        if (!wp::saveRoomTo(room, keep, d3)) {
            for (const auto& d : d3) std::cerr << wp::formatDiagnostic(d) << "\n";
            return 1;
        }
    }
    nlohmann::json out{{"plugin", p.manifest.id},
                       {"groups", groups},
                       {"events", room.events.size()},
                       {"decisions", room.state.decisions.size()},
                       {"finished", room.state.phase == wp::RoomPhase::Ending},
                       {"apply_ms", applyMs},
                       {"undo_ms", median(undo)},
                       {"save_ms", median(save)},
                       {"debrief_ms", median(debrief)}};
    std::cout << wp::dumpJson(out) << "\n";
    return 0;
}

const bool kRegistered = wpt::registerCommand({"room-bench", "room-bench PLUGIN_DIR [--groups N] [--runs N]",
                                               "times undo (replay), save and the debrief on a whole generated room session",
                                               &runRoomBench, true});

} // namespace
