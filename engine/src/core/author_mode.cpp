// Author mode without a UI (see author_mode.h).
#include "wholepicture/core/author_mode.h"

#include <algorithm>
#include <ctime>

#include <nlohmann/json.hpp>

#include "wholepicture/core/json_file.h"
#include "wholepicture/core/loader.h"
#include "wholepicture/core/state_space.h"

namespace wp {

namespace fs = std::filesystem;

// [SECTION] Loading

AuthorLoad loadAuthorFolder(const fs::path& dir, const KnowledgeBase& kb) {
    AuthorLoad out;
    out.plugin = loadPlugin(dir, kb, PluginOrigin::CommandLine);
    if (out.plugin.scenario) {
        out.draft = out.plugin.scenario;
        return out;
    }
    // Broken: parse again, quietly, only to let the author browse what is there.
    if (out.plugin.manifest.entry.size() != 1) return out;
    const std::string& entry = out.plugin.manifest.entry.front();
    // The same confined read as loadPlugin: a draft must not reach outside its folder either.
    if (!relativePathProblem(entry).empty()) return out;
    Diagnostics ignored;
    if (auto file = loadJsonFileInFolder(dir, entry, ignored))
        if (auto scenario = parseScenario(*file, ignored)) out.draft = std::make_shared<const Scenario>(std::move(*scenario));
    return out;
}

// [SECTION] What changed

bool isPluginSourceChange(const std::string& relativePath) {
    const fs::path p(relativePath);
    for (const auto& part : p)
        if (!part.empty() && part.string().front() == '.' && part != "." && part != "..") return false;
    const std::string name = p.filename().string();
    if (name.empty() || name.back() == '~') return false;
    return p.extension() == ".json";
}

bool anyPluginSourceChange(const std::vector<std::string>& relativePaths) {
    return std::any_of(relativePaths.begin(), relativePaths.end(), isPluginSourceChange);
}

// [SECTION] Keeping the position

Reposition repositionSession(const Session& old, const Scenario& next,
                             const PluginManifest& manifest) {
    Reposition r;
    const std::string wanted = old.current().node;
    nlohmann::json saved = sessionToJson(old);
    saved["plugin"] = manifest.id;
    saved["plugin_version"] = manifest.version; // an author bumping the version is not news here
    r.session = sessionFromJson(saved, next, manifest, r.diagnostics, "session");
    if (!r.session) {
        // The role is no longer playable, or similar: nothing to keep.
        r.message = "could not keep the position";
        return r;
    }
    const bool exists = next.node(wanted) != nullptr;
    r.kept = exists && r.session->history.size() == old.history.size() && r.session->current().node == wanted;
    if (r.kept)
        r.message = "position kept at \"" + wanted + "\"";
    else if (!exists)
        r.message = "node \"" + wanted + "\" is gone; resumed at \"" + r.session->current().node + "\"";
    else
        r.message = "the path to \"" + wanted + "\" changed; resumed at \"" + r.session->current().node + "\"";
    return r;
}

// [SECTION] Reaching a node

NodeRoute shortestRouteTo(const Scenario& s, const std::string& role, const std::string& nodeId, size_t stateLimit) {
    NodeRoute route;
    if (!s.node(nodeId) || !s.node(s.start)) return route;
    const StateSpace space(s, role);
    StateSearch search;
    search.withStage = false; // the state as the route has always been memoised: node, flags, watched facts
    search.stateLimit = stateLimit;
    search.stopAtNode = space.nodeIndex(nodeId);
    const StateGraph graph = exploreStates(space, search);
    route.statesExplored = graph.vertices.size();
    route.truncated = graph.truncated;
    if (graph.found < 0) return route;
    route.found = true;
    route.steps = graph.route(space, graph.found);
    return route;
}

std::optional<Session> sessionAtNode(const Scenario& s, const PluginManifest& m, const std::string& role,
                                     const std::string& nodeId, std::int64_t nowMs, std::string* why) {
    if (std::find(m.roles.begin(), m.roles.end(), role) == m.roles.end()) {
        if (why) *why = "\"" + role + "\" is not a playable role in this case";
        return std::nullopt;
    }
    if (!s.node(nodeId)) {
        if (why) *why = "there is no node \"" + nodeId + "\"";
        return std::nullopt;
    }
    const NodeRoute route = shortestRouteTo(s, role, nodeId);
    if (!route.found) {
        if (why)
            *why = route.truncated ? "gave up looking for a way to \"" + nodeId + "\" after " +
                                         std::to_string(route.statesExplored) + " states"
                                   : "no path from the start reaches \"" + nodeId + "\" for this role";
        return std::nullopt;
    }
    Session session = startSession(s, m, role, nowMs);
    for (const auto& step : route.steps) {
        std::string error;
        if (!sessionStep(session, s, step.option, nowMs, &error)) {
            if (why) *why = error; // cannot happen: StateSpace follows the runner (state_space_test.cpp)
            return std::nullopt;
        }
    }
    return session;
}

std::vector<std::string> describePath(const Scenario& s, const std::vector<PathStep>& path) {
    std::vector<std::string> out;
    for (const auto& step : path) {
        const Node* n = s.node(step.node);
        std::string line = (n && !n->title.empty() ? n->title + " (" + step.node + ")" : step.node) + ": ";
        if (step.option.empty()) {
            line += "continue";
        } else {
            const Option* chosen = nullptr;
            if (n)
                for (const auto& o : n->options)
                    if (o.id == step.option) chosen = &o;
            line += chosen && !chosen->text.empty() ? chosen->text : step.option;
        }
        out.push_back(std::move(line));
    }
    return out;
}

// [SECTION] Diagnostics and nodes

std::string nodeForPointer(const Scenario& s, const std::string& pointer) {
    for (const auto& n : s.nodes) {
        if (n.pointer.empty() || pointer.compare(0, n.pointer.size(), n.pointer) != 0) continue;
        if (pointer.size() == n.pointer.size() || pointer[n.pointer.size()] == '/') return n.id;
    }
    return {};
}

namespace {

std::string localTimeText(std::int64_t ms, const char* format) {
    const std::time_t t = static_cast<std::time_t>(ms / 1000);
    std::tm local{};
    localtime_r(&t, &local);
    char text[32];
    return std::strftime(text, sizeof text, format, &local) ? std::string(text) : std::string();
}

} // namespace

std::string dayAndTimeText(std::int64_t ms) { return localTimeText(ms, "%-d %b, %H:%M"); } // glibc: %-d, no padding

std::string loadStatusText(const char* verb, std::int64_t nowMs, const Diagnostics& diags) {
    const std::string clock = localTimeText(nowMs, "%H:%M:%S");
    const size_t errors = countSeverity(diags, Severity::Error), warnings = countSeverity(diags, Severity::Warning);
    return std::string(verb) + " at " + clock + ": " + std::to_string(errors) + (errors == 1 ? " error, " : " errors, ") +
           std::to_string(warnings) + (warnings == 1 ? " warning" : " warnings");
}

} // namespace wp
