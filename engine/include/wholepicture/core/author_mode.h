// Author mode, the parts with no UI: loading a folder for authoring, deciding what a file change
// means, keeping the trainee's position across a reload, and reaching any node from the start.
// The app (ui/app_model_author.cpp) and the tests call these; nothing here draws.
#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "wholepicture/core/knowledge.h"
#include "wholepicture/core/runner.h"
#include "wholepicture/core/scenario.h"

namespace wp {

// [SECTION] Loading
// - plugin is exactly what loadPlugin() returns (usable, or not with its diagnostics).
// - draft is the parsed scenario even when the lint found errors, so the author can still browse its
//   nodes; null when it did not parse. Only plugin.scenario (no errors) is ever played.
struct AuthorLoad {
    ScenarioPlugin plugin;
    std::shared_ptr<const Scenario> draft;
};
[[nodiscard]] AuthorLoad loadAuthorFolder(const std::filesystem::path& dir, const KnowledgeBase& kb);

// [SECTION] What changed
// A changed path that can change the plugin: a .json file that is not hidden and not an editor's
// backup or swap file (vim writes "4913", "file.json~", ".file.json.swp").
[[nodiscard]] bool isPluginSourceChange(const std::string& relativePath);
[[nodiscard]] bool anyPluginSourceChange(const std::vector<std::string>& relativePaths);

// [SECTION] Keeping the position
// - kept: the node the trainee was at still exists and the whole path replayed to it.
// - otherwise the session stops at the last step that still fits (sessionFromJson's rule), or starts
//   again when nothing fits; message says which, in words for the status line.
struct Reposition {
    std::optional<Session> session;
    bool kept = false;
    std::string message;
    Diagnostics diagnostics; // from the replay
};
[[nodiscard]] Reposition repositionSession(const Session& old, const Scenario& next,
                                           const PluginManifest& manifest);

// [SECTION] Reaching a node
// The fewest steps from the start that bring `role` to `nodeId`, taking state into account (flags and
// facts decide which options and branches are open). Breadth-first over states, memoised on node,
// flags and the facts that conditions ask about (exploreStates in state_space.h, without the stage).
struct NodeRoute {
    bool found = false;
    std::vector<PathStep> steps; // node and option taken there ("" to continue a narrative)
    size_t statesExplored = 0;
    bool truncated = false;      // stateLimit hit before the node was found
};
[[nodiscard]] NodeRoute shortestRouteTo(const Scenario& s, const std::string& role, const std::string& nodeId,
                                        size_t stateLimit = 200'000);
// A session standing at `nodeId`, built by playing the shortest route. nullopt with `why` when no
// route exists for that role.
[[nodiscard]] std::optional<Session> sessionAtNode(const Scenario& s, const PluginManifest& m, const std::string& role,
                                                   const std::string& nodeId, std::int64_t nowMs,
                                                   std::string* why = nullptr);
// One line per step, for "reached by": "Start (intro): continue", "Hungry (d1): Tell the DSL today."
[[nodiscard]] std::vector<std::string> describePath(const Scenario& s, const std::vector<PathStep>& path);

// [SECTION] Diagnostics and nodes
// The node a JSON pointer falls inside ("/nodes/3/options/0/next" -> the id of nodes[3]), "" if none.
[[nodiscard]] std::string nodeForPointer(const Scenario& s, const std::string& pointer);
// "Reloaded at 14:52:03: 1 error, 2 warnings" (local time).
[[nodiscard]] std::string loadStatusText(const char* verb, std::int64_t nowMs, const Diagnostics& diags);
// "6 Dec, 14:52" in local time.
[[nodiscard]] std::string dayAndTimeText(std::int64_t ms);

} // namespace wp
