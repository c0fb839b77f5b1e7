#include "wholepicture/app/run_record.h"

#include <algorithm>

#include "wholepicture/app/state.h"
#include "wholepicture/core/debrief.h"
#include "wholepicture/core/knowledge.h"
#include "wholepicture/core/loader.h"

namespace wp::app {

std::int64_t timeSpentMs(const Session& session, std::int64_t maxGapMs) {
    std::int64_t total = 0;
    std::int64_t previous = session.startedMs;
    for (const auto& step : session.current().path) {
        if (previous > 0 && step.atMs > previous) total += std::min(step.atMs - previous, maxGapMs);
        if (step.atMs > 0) previous = step.atMs;
    }
    return total;
}

namespace {

void describeDecisions(RunRecord& r, const Scenario& sc, const std::vector<PathStep>& path) {
    for (size_t i = 0; i < path.size(); ++i) {
        const PathStep& step = path[i];
        if (step.option.empty()) continue; // past a narrative
        DecisionRecord d;
        d.step = static_cast<int>(i);
        d.node = step.node;
        d.option = step.option;
        d.atMs = step.atMs;
        if (const Node* node = sc.node(step.node)) {
            d.title = node->title;
            for (const auto& o : node->options) {
                d.choices.push_back({o.id, o.text});
                if (o.id != step.option) continue;
                d.optionText = o.text;
                d.scoreChanges = o.effects.scores;
                d.feedback = o.feedback.outcome;
            }
        }
        r.decisions.push_back(std::move(d));
    }
}

void fillFromDebrief(RunRecord& r, const KnowledgeBase& kb, const Debrief& d) {
    r.overallFraction = overallFraction(d);
    if (const DimensionBand* band = overallBand(kb, d)) r.overallBand = band->label;
    r.missedCritical = static_cast<int>(d.missedCriticalCount());
    r.criticalMet = static_cast<int>(std::count_if(d.critical.begin(), d.critical.end(), [](const DebriefCritical& c) { return c.met; }));
    for (const auto& dim : d.dimensions) {
        if (dim.best == dim.worst) continue; // no choice moves it: no band to show
        r.dimensions.push_back({dim.id, dim.name, dim.score, dim.best, dim.worst, dim.fraction, dim.bandLabel});
    }
    if (d.finished) r.endingTitle = d.endingTitle;
}

} // namespace

RunRecord makeRunRecord(const KnowledgeBase& kb, const ScenarioPlugin* plugin, const Session& session, const std::string& id,
                        const Debrief* debrief) {
    RunRecord r;
    r.id = id;
    r.pluginId = session.pluginId;
    r.pluginVersion = session.pluginVersion;
    r.role = session.role;
    r.roleName = kb.roleName(session.role);
    r.startedMs = session.startedMs;
    const auto& path = session.current().path;
    r.updatedMs = path.empty() ? session.startedMs : path.back().atMs;
    r.timeSpentMs = timeSpentMs(session);
    r.steps = static_cast<int>(path.size());
    r.reflection = session.reflection;
    r.session = sessionToJson(session);
    r.session["run_id"] = id;
    if (plugin && plugin->usable()) {
        r.caseTitle = plugin->displayName();
        const Scenario& sc = *plugin->scenario;
        if (const Node* node = sc.node(session.current().node); node && node->type == NodeType::Ending) {
            r.finished = true;
            r.endingTitle = node->title;
        }
        describeDecisions(r, sc, path);
    }
    if (debrief) fillFromDebrief(r, kb, *debrief);
    return r;
}

RunRecord makeRunRecord(const AppState& s, const Session& session, const std::string& id, const Debrief* debrief) {
    const int idx = findPlugin(s, session.pluginId);
    const ScenarioPlugin* plugin = idx >= 0 ? &s.library[static_cast<size_t>(idx)] : nullptr;
    return makeRunRecord(s.knowledge, plugin, session, id, debrief);
}

RunRecord runRecordFromJson(const KnowledgeBase& kb, const ScenarioPlugin* plugin, const std::string& id, const nlohmann::json& session) {
    if (plugin && plugin->usable()) {
        Diagnostics ignored; // the caller has read the file; a path that no longer fits is replayed as far as it goes
        if (auto restored = sessionFromJson(session, *plugin->scenario, plugin->manifest, ignored)) {
            RunRecord r = makeRunRecord(kb, plugin, *restored, id, nullptr);
            r.session = session; // exactly what was saved
            r.session["run_id"] = id;
            return r;
        }
    }
    RunRecord r;
    r.id = id;
    auto str = [&](const char* key) {
        auto it = session.find(key);
        return it != session.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    if (session.is_object()) {
        r.pluginId = str("plugin");
        r.pluginVersion = str("plugin_version");
        r.role = str("role");
        r.reflection = str("reflection");
        if (auto it = session.find("started_ms"); it != session.end() && it->is_number_integer()) r.startedMs = it->get<std::int64_t>();
        if (auto it = session.find("path"); it != session.end() && it->is_array()) r.steps = static_cast<int>(it->size());
    }
    r.roleName = kb.roleName(r.role);
    r.caseTitle = plugin ? plugin->displayName() : r.pluginId;
    r.updatedMs = r.startedMs;
    r.session = session.is_object() ? session : nlohmann::json::object();
    r.session["run_id"] = id;
    return r;
}

RoomRecord makeRoomRecord(const std::string& id, const std::string& file, const std::string& caseTitle,
                          const KnowledgeBase& kb, const RoomSession& room) {
    RoomRecord r;
    r.id = id;
    r.file = file;
    r.pluginId = room.setup.pluginId;
    r.caseTitle = caseTitle;
    r.startedMs = room.setup.createdMs;
    r.updatedMs = room.events.empty() ? room.setup.createdMs : std::max(room.setup.createdMs, room.events.back().atMs);
    r.closed = room.closed;
    r.events = static_cast<int>(room.events.size());
    for (const auto& g : room.setup.groups)
        r.groups.push_back(g.name + " (" + (g.profession == "mixed" ? std::string("mixed") : kb.roleName(g.profession)) + ")");
    r.record = roomToJson(room);
    return r;
}

} // namespace wp::app
