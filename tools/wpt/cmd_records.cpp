// wpt records: reads the same records database the app writes, read-only (it never creates,
// migrates or sets aside anything; the app may be running).
//
//   wpt records list [--json] [--profile ID] [--db FILE]      runs and room sessions, newest first
//   wpt records show RUN_ID [--json] [--db FILE]             one run, decision by decision
//   wpt records export -o FILE.json [--profile ID] [--db FILE]  everything of a profile, as JSON
//   wpt records export --training-record -o FILE.html [--reflections]  the printable training record
//   wpt records export --xapi FILE.json [--run ID | --since DAY --until DAY] [--profile ID] [--home-page IRI] [--db FILE]
//                                                            the xAPI statements of a run, or of every run
//                                                            and room session of a profile, as a JSON array
//   wpt records profiles [--json] [--db FILE]
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <limits>
#include <optional>

#include <nlohmann/json.hpp>

#include "commands.h"
#include "wholepicture/app/record_database.h"
#include "wholepicture/app/training_record.h"
#include "wholepicture/app/xapi_sender.h"
#include "wholepicture/core/paths.h"

namespace {

using namespace wp;
using namespace wp::app;

constexpr const char* kHelp = R"(usage: wpt records list|show|export|profiles [options]

  list                 every run and room session of a profile, newest first
  show RUN_ID          one run: its decisions with time, option, score changes and feedback
  export -o FILE.json  everything of a profile as JSON (what "Export my records" writes)
  export --training-record -o FILE.html
                       the printable training record for a staff training file (what "Save my
                       training record" writes); add --reflections to include the reflections
  export --xapi FILE.json
                       the xAPI 1.0.3 statements of every run and room session of a profile (or of
                       one run or room with --run), as a JSON array: the same statements, with the
                       same ids, the app queues for the organisation's learning record store
  profiles             the profiles in the records

options:
  --json               one JSON document on stdout (list, show, profiles)
  --profile ID         a profile other than the current one (list, export)
  --db FILE            another records file (default: $XDG_DATA_HOME/wholepicture/records.sqlite3)
  -o FILE              where export writes
  --run ID             export --xapi: one run or room session only
  --since DAY, --until DAY
                       export --xapi: only runs and room sessions started on or after / on or
                       before that day (YYYY-MM-DD, local time)
  --home-page IRI      export --xapi: the organisation's IRI for accounts (default: the one in the
                       learning record store settings, $XDG_CONFIG_HOME/wholepicture/lrs.json)

The records are only read: the app may be running.
)";

std::string date(std::int64_t ms) {
    if (ms <= 0) return "-";
    const std::time_t t = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    localtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
    return buf;
}

std::string minutes(std::int64_t ms) { return std::to_string((ms + 30000) / 60000) + " min"; }

int usage(const std::string& why) {
    std::cerr << "wpt records: " << why << "\n\n" << kHelp;
    return 2;
}

int runRecords(const std::vector<std::string>& args) {
    std::string verb, id, out, dbPath, profileText, xapiOut, onlyRun, homePage, since, until;
    bool json = false, trainingRecord = false, reflections = false;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&]() -> std::optional<std::string> {
            if (i + 1 >= args.size()) return std::nullopt;
            return args[++i];
        };
        if (a == "-h" || a == "--help") {
            std::cout << kHelp;
            return 0;
        } else if (a == "--json") {
            json = true;
        } else if (a == "--training-record") {
            trainingRecord = true;
        } else if (a == "--reflections") {
            reflections = true;
        } else if (a == "-o" || a == "--db" || a == "--profile" || a == "--xapi" || a == "--run" || a == "--home-page" || a == "--since" ||
                   a == "--until") {
            auto v = value();
            if (!v) return usage(a + " needs a value");
            (a == "-o"          ? out
             : a == "--db"      ? dbPath
             : a == "--profile" ? profileText
             : a == "--xapi"    ? xapiOut
             : a == "--run"     ? onlyRun
             : a == "--since"   ? since
             : a == "--until"   ? until
                                : homePage) = *v;
        } else if (a.rfind("-", 0) == 0) {
            return usage("unknown option " + a);
        } else if (verb.empty()) {
            verb = a;
        } else if (id.empty()) {
            id = a;
        } else {
            return usage("unexpected \"" + a + "\"");
        }
    }
    if (verb != "list" && verb != "show" && verb != "export" && verb != "profiles")
        return usage(verb.empty() ? "say what to do: list, show, export or profiles" : "unknown records command \"" + verb + "\"");
    if (verb == "show" && id.empty()) return usage("show needs a run id (wpt records list shows them)");
    if (verb == "export" && out.empty() && xapiOut.empty())
        return usage(trainingRecord ? "export --training-record needs -o FILE.html" : "export needs -o FILE.json or --xapi FILE.json");
    if ((trainingRecord || reflections) && verb != "export") return usage("--training-record and --reflections go with export");
    if (reflections && !trainingRecord) return usage("--reflections goes with --training-record");
    if (trainingRecord && !xapiOut.empty()) return usage("write the training record and the statements with two commands");
    if ((!onlyRun.empty() || !homePage.empty() || !since.empty() || !until.empty()) && xapiOut.empty())
        return usage("--run, --since, --until and --home-page go with export --xapi");
    // A day as the first and last millisecond of it, local time.
    auto dayMs = [](const std::string& day, bool end) -> std::optional<std::int64_t> {
        std::tm tm{};
        if (day.size() != 10 || std::sscanf(day.c_str(), "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3) return std::nullopt;
        tm.tm_year -= 1900;
        tm.tm_mon -= 1;
        tm.tm_isdst = -1;
        const std::time_t t = std::mktime(&tm);
        if (t == static_cast<std::time_t>(-1)) return std::nullopt;
        return static_cast<std::int64_t>(t) * 1000 + (end ? 86'400'000 - 1 : 0);
    };
    std::int64_t fromMs = 0, toMs = std::numeric_limits<std::int64_t>::max();
    if (!since.empty()) {
        auto v = dayMs(since, false);
        if (!v) return usage("--since wants a day as YYYY-MM-DD");
        fromMs = *v;
    }
    if (!until.empty()) {
        auto v = dayMs(until, true);
        if (!v) return usage("--until wants a day as YYYY-MM-DD");
        toMs = *v;
    }

    RecordDatabaseOptions options;
    options.file = dbPath.empty() ? appPaths().dataDir / kRecordsFileName : std::filesystem::path(dbPath);
    options.readOnly = true;
    Diagnostics diags;
    auto db = RecordDatabase::open(options, diags);
    if (!db) {
        for (const auto& d : diags) std::cerr << formatDiagnostic(d) << "\n";
        return 1;
    }
    std::int64_t profile = db->currentProfile();
    if (!profileText.empty()) {
        char* end = nullptr;
        profile = std::strtoll(profileText.c_str(), &end, 10);
        bool known = end && *end == '\0';
        bool found = false;
        for (const auto& p : db->profiles()) found = found || p.id == profile;
        if (!known || !found) return usage("there is no profile " + profileText + " (wpt records profiles lists them)");
    }

    if (verb == "profiles") {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& p : db->profiles()) {
            list.push_back({{"id", p.id}, {"name", p.name}, {"current", p.id == db->currentProfile()}, {"created_ms", p.createdMs}});
            if (!json)
                std::printf("%s%lld  %s  (since %s)\n", p.id == db->currentProfile() ? "* " : "  ", static_cast<long long>(p.id),
                            p.name.empty() ? "(not named yet)" : p.name.c_str(), date(p.createdMs).c_str());
        }
        if (json) std::cout << list.dump(2) << "\n";
        return 0;
    }
    if (verb == "list") {
        const auto runs = db->runs(profile);
        const auto rooms = db->rooms(profile, false);
        if (json) {
            nlohmann::json j = {{"runs", nlohmann::json::array()}, {"rooms", nlohmann::json::array()}};
            for (const auto& r : runs) j["runs"].push_back(runToJson(r.run, runStatusName(r.status)));
            for (const auto& r : rooms) j["rooms"].push_back(roomToRecordJson(r));
            std::cout << j.dump(2) << "\n";
            return 0;
        }
        if (runs.empty() && rooms.empty()) std::printf("No runs or room sessions yet.\n");
        for (const auto& s : runs) {
            const RunRecord& r = s.run;
            std::printf("%s  %s as %s  %s, %d steps, %s", date(r.updatedMs).c_str(), r.caseTitle.empty() ? r.pluginId.c_str() : r.caseTitle.c_str(),
                        r.roleName.empty() ? r.role.c_str() : r.roleName.c_str(), r.finished ? "finished" : "unfinished", r.steps,
                        minutes(r.timeSpentMs).c_str());
            if (r.overallFraction >= 0) std::printf(", %s", r.overallBand.empty() ? "banded" : r.overallBand.c_str());
            if (r.missedCritical > 0) std::printf(", %d critical action(s) missed", r.missedCritical);
            if (!r.firstRunId.empty()) std::printf(", compared with %s", r.firstRunId.c_str());
            std::printf("\n    %s  (%s)\n", r.id.c_str(), runStatusName(s.status));
        }
        for (const auto& r : rooms) {
            std::printf("%s  room session: %s, %zu group(s), %d events%s\n    %s\n", date(r.updatedMs).c_str(),
                        r.caseTitle.empty() ? r.pluginId.c_str() : r.caseTitle.c_str(), r.groups.size(), r.events,
                        r.closed ? ", ended" : ", open", r.id.c_str());
        }
        return 0;
    }
    if (verb == "show") {
        auto r = db->run(id);
        if (!r) {
            std::cerr << "wpt records: there is no run \"" << id << "\" in " << db->file().string() << " (wpt records list shows them)\n";
            return 1;
        }
        if (json) {
            std::cout << runToJson(*r, runStatusName(db->runStatus(id).value_or(RunStatus::Done))).dump(2) << "\n";
            return 0;
        }
        std::printf("%s as %s, started %s, %s, %s\n", r->caseTitle.c_str(), r->roleName.c_str(), date(r->startedMs).c_str(),
                    minutes(r->timeSpentMs).c_str(), r->finished ? ("ending: " + r->endingTitle).c_str() : "not finished");
        for (const auto& d : r->decisions) {
            std::printf("\n%s  %s\n  chose: %s\n", date(d.atMs).c_str(), d.title.c_str(), d.optionText.c_str());
            std::string changes;
            for (const auto& [dim, delta] : d.scoreChanges) changes += (changes.empty() ? "" : ", ") + dim + " " + (delta > 0 ? "+" : "") + std::to_string(delta);
            if (!changes.empty()) std::printf("  scores: %s\n", changes.c_str());
            if (!d.feedback.empty()) std::printf("  feedback: %s\n", d.feedback.c_str());
        }
        if (!r->dimensions.empty()) std::printf("\n");
        for (const auto& dim : r->dimensions)
            std::printf("%-40s %3d (worst %d, best %d) %s\n", dim.name.c_str(), dim.score, dim.worst, dim.best, dim.band.c_str());
        if (!r->reflection.empty()) std::printf("\nReflection: %s\n", r->reflection.c_str());
        return 0;
    }
    if (!xapiOut.empty()) {
        Diagnostics settingsDiags;
        XapiOptions options = loadXapiSettings(xapiSettingsFile(), settingsDiags).statements;
        if (!homePage.empty()) options.homePage = homePage;
        nlohmann::json statements = nlohmann::json::array();
        size_t runs = 0, rooms = 0;
        for (const auto& p : db->profiles()) {
            if (onlyRun.empty() && p.id != profile) continue;
            for (const auto& summary : db->runs(p.id)) {
                if (!onlyRun.empty() && summary.run.id != onlyRun) continue;
                if (summary.run.startedMs < fromMs || summary.run.startedMs > toMs) continue;
                auto whole = db->run(summary.run.id);
                if (!whole) continue;
                for (const auto& st : runStatements(*whole, p, options)) statements.push_back(st.json);
                ++runs;
            }
            for (const auto& room : db->rooms(p.id)) {
                if (!onlyRun.empty() && room.id != onlyRun) continue;
                if (room.startedMs < fromMs || room.startedMs > toMs) continue;
                for (const auto& st : roomStatements(room, p, options)) statements.push_back(st.json);
                ++rooms;
            }
        }
        if (!onlyRun.empty() && runs + rooms == 0) {
            std::cerr << "wpt records: there is no run or room session \"" << onlyRun << "\" in " << db->file().string() << " (wpt records list shows them)\n";
            return 1;
        }
        std::ofstream file(xapiOut, std::ios::binary | std::ios::trunc);
        file << statements.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        file.close();
        if (!file) {
            std::cerr << xapiOut << ": could not write the statements; check that the folder exists and is writable\n";
            return 1;
        }
        std::printf("Wrote %zu statement(s) of %zu run(s) and %zu room session(s) to %s\n", statements.size(), runs, rooms, xapiOut.c_str());
        if (out.empty()) return 0;
    }
    if (trainingRecord) {
        TrainingRecordOptions options;
        options.includeReflections = reflections;
        options.nowMs = static_cast<std::int64_t>(std::time(nullptr)) * 1000;
        options.appVersion = WP_VERSION;
        const TrainingRecordInput input = trainingRecordInput(*db, profile);
        std::ofstream file(out, std::ios::binary | std::ios::trunc);
        file << trainingRecordHtml(input, options);
        file.close();
        if (!file) {
            std::cerr << out << ": could not write the training record; check that the folder exists and is writable\n";
            return 1;
        }
        size_t finished = 0;
        for (const auto& r : input.runs) finished += r.run.finished ? 1 : 0;
        std::printf("Wrote the training record of %s (%zu finished run(s)%s) to %s\n",
                    input.profile.name.empty() ? "this computer's user" : input.profile.name.c_str(), finished,
                    reflections ? ", with reflections" : "", out.c_str());
        return 0;
    }
    // export
    const nlohmann::json all = exportProfileRecords(*db, profile);
    std::ofstream file(out, std::ios::binary | std::ios::trunc);
    file << all.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    file.close();
    if (!file) {
        std::cerr << out << ": could not write the export; check that the folder exists and is writable\n";
        return 1;
    }
    std::printf("Wrote %zu run(s) and %zu room session(s) to %s\n", all["runs"].size(), all["rooms"].size(), out.c_str());
    return 0;
}

const bool kRegistered = wpt::registerCommand({"records", "records list|show|export|profiles [--json] [--xapi FILE] [--db FILE]",
                                               "read the app's records: runs, room sessions, profiles (read-only)", &runRecords, true});

} // namespace
