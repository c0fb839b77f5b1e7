// Local procedures packs (issue 13, item 7): a data plugin that says how a local area works, so one
// case fits many areas without editing it. A pack names the area's threshold document and its four
// levels, where referrals go, the escalation route for a professional disagreement, contacts by role
// (fictional in the bundled example) and how national guidance reads locally. Chosen in the settings
// (or for a room), it changes what the cases say at those points: the threshold picker and verdicts,
// the guidance notes, the escalation route.
//
// A pack is a folder in plugins/ with a plugin.json of "kind": "local_procedures" and the file its
// "entry" names (procedures.json). The format is in plugins/README.md, "Local procedures packs".
#pragma once
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "wholepicture/core/diagnostic.h"
#include "wholepicture/core/json_file.h"
#include "wholepicture/core/knowledge.h"
#include "wholepicture/core/threshold.h"

namespace wp {

inline constexpr const char* kProceduresKind = "local_procedures";

// EscalationStep (who, how, within) lives in scenario.h: a case may carry its own route too.

struct LocalContact {
    std::string role; // a role id of the knowledge base ("dsl")
    std::string who;  // "Harbridge Children's Advice and Support Hub"
    std::string how;  // "01632 960 000, 8am to 6pm; out of hours the Emergency Duty Team"
};

struct ProceduresPack {
    std::filesystem::path dir;
    std::string id, name, version, summary;
    bool invented = false;
    std::string area;        // "Harbridge (an invented local area)"
    std::string partnership; // "Harbridge Safeguarding Children Partnership"
    ThresholdScale scale;    // the area's threshold document and its names for the four levels
    std::string frontDoor;   // where concerns about a child go ("the Children's Advice and Support Hub")
    std::vector<EscalationStep> escalation;
    std::vector<LocalContact> contacts;
    std::map<std::string, std::string> guidance; // guidance id -> how it reads locally
    Diagnostics diagnostics;

    [[nodiscard]] bool usable() const { return !id.empty() && !hasErrors(diagnostics); }
};

// Whether `dir`'s plugin.json says "kind": "local_procedures" (a cheap look; false when unreadable).
[[nodiscard]] bool isProceduresPackFolder(const std::filesystem::path& dir);

// Loads one pack folder. Never throws: problems are diagnostics naming the file, the line and the fix.
// Level names and meanings the pack leaves out keep the national ones.
[[nodiscard]] ProceduresPack loadProceduresPack(const std::filesystem::path& dir, const KnowledgeBase& kb);
// The same from files already read (tests, fuzzing).
[[nodiscard]] ProceduresPack parseProceduresPack(const JsonFile& manifest, const JsonFile& procedures,
                                                 const KnowledgeBase& kb);

struct SearchDir; // loader.h
// Every pack folder directly inside the search directories (the same path as the cases), first copy of
// an id wins; broken packs come back with their diagnostics (the settings screen lists them).
[[nodiscard]] std::vector<ProceduresPack> discoverProceduresPacks(const std::vector<SearchDir>& dirs,
                                                                  const KnowledgeBase& kb);

// The scale a run uses: the chosen pack's, or the national one.
[[nodiscard]] const ThresholdScale& scaleOf(const ProceduresPack* pack);
// "Locally: ..." for a guidance id, or "" when the pack says nothing about it (or there is no pack).
[[nodiscard]] std::string localReading(const ProceduresPack* pack, const std::string& guidanceId);
// The pack of `id` among `packs`, or nullptr.
[[nodiscard]] const ProceduresPack* findPack(const std::vector<ProceduresPack>& packs, const std::string& id);

} // namespace wp
