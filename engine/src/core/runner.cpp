#include "wholepicture/core/runner.h"

#include <algorithm>
#include <cassert>
#include <limits>

#include <nlohmann/json.hpp>

#include "record_reader.h"

namespace wp {
namespace {

void enterStage(const Scenario& s, RunState& st, int stage) {
    if (stage <= st.stageReached) return;
    if (st.stageReached >= 0) st.picture.push_back(measurePicture(s, st));
    for (const auto& f : s.facts) {
        int order = s.stageOrder(f.stage);
        if (order > st.stageReached && order <= stage)
            for (const auto& h : f.holders) st.known[h].insert(f.id);
    }
    st.stageReached = stage;
}

// Moves to `nodeId`, applying stage facts; at an ending, the last stage's measure is recorded.
void moveTo(const Scenario& s, RunState& st, const std::string& nodeId) {
    const Node* n = s.node(nodeId);
    assert(n && "moveTo: node must exist (the lint guarantees it for loaded plugins)");
    if (!n) return; // release builds: stay where the run is rather than point at nothing (code review B2)
    st.node = nodeId;
    enterStage(s, st, s.stageOrder(n->stage));
    if (n->type == NodeType::Ending) st.picture.push_back(measurePicture(s, st));
}

bool advanceAlong(const Scenario& s, RunState& st, const std::vector<Branch>& next, std::string* error) {
    const Branch* b = pickBranch(next, st);
    if (!b || !s.node(b->to)) {
        if (error) *error = noWayOnMessage(st.node);
        return false;
    }
    moveTo(s, st, b->to);
    return true;
}

} // namespace

std::string noWayOnMessage(const std::string& nodeId) {
    return "no way on from node \"" + nodeId + "\": none of its \"next\" branches applies";
}

bool knows(const RunState& st, const std::string& role, const std::string& fact) {
    auto it = st.known.find(role);
    return it != st.known.end() && it->second.count(fact) > 0;
}

bool conditionHolds(const Condition& c, const RunState& st) {
    for (const auto& f : c.flagsSet)
        if (!st.flags.count(f)) return false;
    for (const auto& f : c.flagsUnset)
        if (st.flags.count(f)) return false;
    for (const auto& k : c.knows)
        if (!knows(st, k.role, k.fact)) return false;
    if (c.any.empty()) return true;
    return std::any_of(c.any.begin(), c.any.end(), [&](const Condition& alt) { return conditionHolds(alt, st); });
}

const Branch* pickBranch(const std::vector<Branch>& next, const RunState& st) {
    for (const auto& b : next)
        if (conditionHolds(b.when, st)) return &b;
    return nullptr;
}

void applyLink(std::vector<Link>& map, const Link& link) {
    for (auto& existing : map) {
        bool same = existing.from == link.from && existing.to == link.to;
        bool opposite = existing.from == link.to && existing.to == link.from;
        if (!same && !opposite) continue;
        // Information that has flowed both ways stays two-way; a link is never silently narrowed.
        bool twoWay = existing.flow == Flow::TwoWay || link.flow == Flow::TwoWay || opposite;
        existing.from = twoWay && opposite ? existing.from : link.from;
        existing.to = twoWay && opposite ? existing.to : link.to;
        existing.flow = twoWay ? Flow::TwoWay : Flow::OneWay;
        existing.strength = link.strength;
        if (!link.note.empty()) existing.note = link.note;
        return;
    }
    map.push_back(link);
}

RunState startRun(const Scenario& s, const std::string& role) {
    RunState st;
    st.role = role;
    for (const auto& d : s.dimensions) st.scores[d.id] = 0;
    for (const auto& l : s.initialMap) applyLink(st.map, l);
    moveTo(s, st, s.start);
    return st;
}

const Node& currentNode(const Scenario& s, const RunState& st) {
    const Node* n = s.node(st.node);
    assert(n && "currentNode: run state points at a node that does not exist");
    if (n) return *n;
    // Release builds: a stand-in ending that says what went wrong, never a null reference (B2). Only a
    // programmer error gets here: loaded plugins are linted and saved runs replayed against them.
    static const Node missing = [] {
        Node m;
        m.id = "(missing)";
        m.type = NodeType::Ending;
        m.title = "This part of the case is missing";
        return m;
    }();
    return missing;
}

bool atEnding(const Scenario& s, const RunState& st) { return currentNode(s, st).type == NodeType::Ending; }

std::vector<const Option*> availableOptions(const Scenario& s, const RunState& st) {
    std::vector<const Option*> out;
    const Node& n = currentNode(s, st);
    if (n.type != NodeType::Decision) return out;
    for (const auto& o : n.options)
        if (optionForRole(o, st.role) && conditionHolds(o.when, st)) out.push_back(&o);
    return out;
}

bool chooseInPlace(const Scenario& s, RunState& st, const std::string& optionId, std::int64_t atMs, std::string* error) {
    const Node& n = currentNode(s, st);
    if (n.type != NodeType::Decision) {
        if (error) *error = "node \"" + n.id + "\" is not a decision";
        return false;
    }
    const Option* chosen = nullptr;
    for (const auto& o : n.options)
        if (o.id == optionId && optionForRole(o, st.role) && conditionHolds(o.when, st)) chosen = &o;
    if (!chosen) {
        if (error) {
            std::string list;
            for (const Option* o : availableOptions(s, st)) list += (list.empty() ? "" : ", ") + o->id;
            *error = "option \"" + optionId + "\" is not available to " + st.role + " at \"" + n.id + "\" (available: " +
                     list + ")";
        }
        return false;
    }
    if (n.chronology) {
        // What the role could have entered: judged later against what it knew at the choice, not after.
        ChronologyRecord& record = st.chronologies[n.id];
        const auto known = st.known.find(st.role);
        record.knownAtChoice = known == st.known.end() ? std::vector<std::string>()
                                                       : std::vector<std::string>(known->second.begin(), known->second.end());
        record.closed = true;
    }
    if (n.challenge && n.challenge->forRole(st.role)) st.challenges[n.id].closed = true; // untouched: not challenged
    const Effects& e = chosen->effects;
    for (const auto& sh : e.share)
        for (const auto& to : sh.to) st.known[to].insert(sh.fact);
    for (const auto& l : e.links) applyLink(st.map, l);
    // Saturating: deltas are bounded at parse, but a long saved path could still sum past int.
    for (const auto& [dim, delta] : e.scores) {
        std::int64_t sum = static_cast<std::int64_t>(st.scores[dim]) + delta;
        st.scores[dim] = static_cast<int>(std::clamp<std::int64_t>(sum, std::numeric_limits<int>::min(),
                                                                    std::numeric_limits<int>::max()));
    }
    for (const auto& f : e.set) st.flags.insert(f);
    for (const auto& f : e.clear) st.flags.erase(f);
    if (!chosen->critical.empty()) st.criticalChosen.insert(chosen->critical);
    PathStep step{n.id, chosen->id, atMs, std::nullopt};
    if (auto placed = st.placements.find(n.id); placed != st.placements.end()) step.threshold = placed->second;
    st.path.push_back(std::move(step));
    return advanceAlong(s, st, chosen->next, error);
}

bool placeThreshold(const Scenario& s, RunState& st, ThresholdLevel level, std::string* error) {
    const Node& n = currentNode(s, st);
    if (n.type != NodeType::Decision || !n.threshold) {
        if (error) *error = "node \"" + n.id + "\" does not ask where the child's needs sit";
        return false;
    }
    st.placements[n.id] = level;
    return true;
}

bool markChronology(const Scenario& s, RunState& st, const std::string& fact, ChronologyMark mark, std::string* error) {
    const Node& n = currentNode(s, st);
    if (n.type != NodeType::Decision || !n.chronology) {
        if (error) *error = "node \"" + n.id + "\" does not ask for a chronology";
        return false;
    }
    if (!knows(st, st.role, fact)) {
        if (error) *error = "fact \"" + fact + "\" is not one the " + st.role + " knows at \"" + n.id + "\"";
        return false;
    }
    ChronologyRecord& record = st.chronologies[n.id];
    if (record.closed) { // a loop back to a decision whose chronology was made: start it afresh
        record = ChronologyRecord{};
    }
    if (mark == ChronologyMark::Out)
        record.marks.erase(fact);
    else
        record.marks[fact] = mark;
    return true;
}

const char* challengeTimingId(ChallengeTiming t) {
    switch (t) {
    case ChallengeTiming::Undecided: return "undecided";
    case ChallengeTiming::Now: return "now";
    case ChallengeTiming::Wait: return "wait";
    case ChallengeTiming::Accept: return "accept";
    }
    return "undecided";
}

std::optional<ChallengeTiming> challengeTimingFromId(const std::string& id) {
    for (auto t : {ChallengeTiming::Undecided, ChallengeTiming::Now, ChallengeTiming::Wait, ChallengeTiming::Accept})
        if (id == challengeTimingId(t)) return t;
    return std::nullopt;
}

bool challengeMove(const Scenario& s, RunState& st, ChallengeMove move, const std::string& approach, std::string* error) {
    const Node& n = currentNode(s, st);
    auto fail = [&](std::string message) {
        if (error) *error = std::move(message);
        return false;
    };
    if (n.type != NodeType::Decision || !n.challenge) return fail("node \"" + n.id + "\" has no decision to challenge");
    const ChallengePoint& point = *n.challenge;
    if (!point.forRole(st.role)) return fail("the " + st.role + " has no challenge to make at \"" + n.id + "\"");
    ChallengeRecord& record = st.challenges[n.id];
    if (record.closed) record = ChallengeRecord{}; // a loop back to a decision already passed: start afresh
    const bool resolved = record.reached >= point.resolvesAt;
    switch (move) {
    case ChallengeMove::Now:
    case ChallengeMove::Wait:
    case ChallengeMove::Accept:
        if (!record.approach.empty()) return fail("the challenge is already made; the timing cannot change now");
        record.timing = move == ChallengeMove::Now ? ChallengeTiming::Now
                        : move == ChallengeMove::Wait ? ChallengeTiming::Wait : ChallengeTiming::Accept;
        return true;
    case ChallengeMove::Approach: {
        if (record.timing != ChallengeTiming::Now && record.timing != ChallengeTiming::Wait)
            return fail("choose to challenge (now, or after waiting) before choosing how");
        if (!record.approach.empty()) return fail("the challenge is already made with \"" + record.approach + "\"");
        const bool known = std::any_of(point.approaches.begin(), point.approaches.end(),
                                       [&](const ChallengeApproach& a) { return a.id == approach; });
        if (!known) {
            std::string list;
            for (const auto& a : point.approaches) list += (list.empty() ? "" : ", ") + a.id;
            return fail("approach \"" + approach + "\" is not one of \"" + n.id + "\"'s (" + list + ")");
        }
        record.approach = approach;
        record.reached = 1;
        return true;
    }
    case ChallengeMove::Escalate:
        if (record.approach.empty()) return fail("make the first challenge before escalating");
        if (resolved) return fail("the disagreement is already resolved");
        if (record.rested) return fail("the challenge was let rest");
        ++record.reached;
        return true;
    case ChallengeMove::Rest:
        if (record.approach.empty()) return fail("make the first challenge before letting it rest");
        if (resolved) return fail("the disagreement is already resolved");
        record.rested = true;
        return true;
    }
    return fail("unknown challenge move");
}

bool proceedInPlace(const Scenario& s, RunState& st, std::int64_t atMs, std::string* error) {
    const Node& n = currentNode(s, st);
    if (n.type != NodeType::Narrative) {
        if (error) *error = "node \"" + n.id + "\" is a " + nodeTypeName(n.type) + ", not a narrative to continue from";
        return false;
    }
    for (const auto& sh : n.reveals)
        for (const auto& to : sh.to) st.known[to].insert(sh.fact);
    st.path.push_back({n.id, "", atMs, std::nullopt});
    return advanceAlong(s, st, n.next, error);
}

std::optional<RunState> choose(const Scenario& s, const RunState& st, const std::string& optionId, std::int64_t atMs,
                               std::string* error) {
    RunState next = st;
    if (!chooseInPlace(s, next, optionId, atMs, error)) return std::nullopt;
    return next;
}

std::optional<RunState> proceed(const Scenario& s, const RunState& st, std::int64_t atMs, std::string* error) {
    RunState next = st;
    if (!proceedInPlace(s, next, atMs, error)) return std::nullopt;
    return next;
}

PictureMeasure measurePicture(const Scenario& s, const RunState& st) {
    PictureMeasure m;
    if (st.stageReached >= 0 && st.stageReached < static_cast<int>(s.stages.size()))
        m.stage = s.stages[static_cast<size_t>(st.stageReached)].id;
    for (const auto& f : s.facts) {
        if (!f.key || s.stageOrder(f.stage) > st.stageReached) continue;
        for (const auto& role : f.neededBy) {
            ++m.possible;
            if (knows(st, role, f.id)) ++m.reached;
        }
    }
    return m;
}

std::vector<CriticalOutcome> criticalOutcomes(const Scenario& s, const RunState& st) {
    std::vector<CriticalOutcome> out;
    for (const auto& a : s.criticalActions) {
        if (!a.roles.empty() && std::find(a.roles.begin(), a.roles.end(), st.role) == a.roles.end()) continue;
        bool chosen = st.criticalChosen.count(a.id) > 0;
        out.push_back({&a, a.kind == CriticalKind::MustDo ? chosen : !chosen});
    }
    return out;
}

Session startSession(const Scenario& s, const PluginManifest& m, const std::string& role, std::int64_t nowMs) {
    Session session;
    session.pluginId = m.id;
    session.pluginVersion = m.version;
    session.role = role;
    session.startedMs = nowMs;
    session.history.push_back(startRun(s, role));
    return session;
}

bool sessionStep(Session& session, const Scenario& s, const std::string& optionId, std::int64_t nowMs,
                 std::string* error) {
    const RunState& cur = session.current();
    std::optional<RunState> next =
        optionId.empty() ? proceed(s, cur, nowMs, error) : choose(s, cur, optionId, nowMs, error);
    if (!next) return false;
    session.history.push_back(std::move(*next));
    return true;
}

bool sessionStepBack(Session& session) {
    if (!session.canStepBack()) return false;
    session.history.pop_back();
    return true;
}

static nlohmann::json linkToJson(const Link& l) {
    return {{"from", l.from}, {"to", l.to}, {"flow", flowName(l.flow)}, {"strength", strengthName(l.strength)},
            {"note", l.note}};
}

static nlohmann::json chronologyMarksToJson(const ChronologyRecord& record) {
    nlohmann::json marks = nlohmann::json::object();
    for (const auto& [fact, mark] : record.marks) marks[fact] = chronologyMarkId(mark);
    return marks;
}

static nlohmann::json challengeToJson(const ChallengeRecord& record) {
    return {{"timing", challengeTimingId(record.timing)},
            {"approach", record.approach},
            {"reached", record.reached},
            {"rested", record.rested}};
}

nlohmann::json stateToJson(const RunState& st) {
    nlohmann::json known = nlohmann::json::object();
    for (const auto& [role, facts] : st.known) known[role] = std::vector<std::string>(facts.begin(), facts.end());
    nlohmann::json map = nlohmann::json::array();
    for (const auto& l : st.map) map.push_back(linkToJson(l));
    nlohmann::json picture = nlohmann::json::array();
    for (const auto& p : st.picture) picture.push_back({{"stage", p.stage}, {"reached", p.reached}, {"possible", p.possible}});
    nlohmann::json placements = nlohmann::json::object();
    for (const auto& [node, level] : st.placements) placements[node] = thresholdLevelId(level);
    nlohmann::json chronologies = nlohmann::json::object();
    for (const auto& [node, record] : st.chronologies) chronologies[node] = chronologyMarksToJson(record);
    nlohmann::json challenges = nlohmann::json::object();
    for (const auto& [node, record] : st.challenges) challenges[node] = challengeToJson(record);
    return {{"role", st.role},
            {"node", st.node},
            {"known", known},
            {"flags", std::vector<std::string>(st.flags.begin(), st.flags.end())},
            {"scores", st.scores},
            {"map", map},
            {"critical_chosen", std::vector<std::string>(st.criticalChosen.begin(), st.criticalChosen.end())},
            {"whole_picture", picture},
            {"placements", placements},
            {"chronologies", chronologies},
            {"challenges", challenges}};
}

nlohmann::json sessionToJson(const Session& session) {
    nlohmann::json path = nlohmann::json::array();
    for (const auto& step : session.current().path) {
        nlohmann::json j = {{"node", step.node}, {"option", step.option}, {"at_ms", step.atMs}};
        if (step.threshold) j["threshold"] = thresholdLevelId(*step.threshold);
        if (auto record = session.current().chronologies.find(step.node);
            !step.option.empty() && record != session.current().chronologies.end() && record->second.closed)
            j["chronology"] = chronologyMarksToJson(record->second);
        if (auto record = session.current().challenges.find(step.node);
            !step.option.empty() && record != session.current().challenges.end() && record->second.closed &&
            record->second.timing != ChallengeTiming::Undecided)
            j["challenge"] = challengeToJson(record->second);
        path.push_back(std::move(j));
    }
    nlohmann::json out = {{"format", "wholepicture-session"},
            {"version", 1},
            {"plugin", session.pluginId},
            {"plugin_version", session.pluginVersion},
            {"role", session.role},
            {"started_ms", session.startedMs},
            {"path", path},
            {"reflection", session.reflection},
            {"state", stateToJson(session.current())}};
    // A placement made at the current decision whose choice is still to come.
    const RunState& cur = session.current();
    if (auto placing = cur.placements.find(cur.node); placing != cur.placements.end())
        out["placing"] = thresholdLevelId(placing->second);
    if (auto building = cur.chronologies.find(cur.node); building != cur.chronologies.end() && !building->second.closed)
        out["building"] = chronologyMarksToJson(building->second);
    if (auto challenging = cur.challenges.find(cur.node); challenging != cur.challenges.end() && !challenging->second.closed)
        out["challenging"] = challengeToJson(challenging->second);
    return out;
}

// A saved threshold placement, replayed onto the current decision; one that no longer fits (an unknown
// level, or the case no longer asks at this decision) is a warning and the run goes on without it.
static void placeSaved(Session& session, const Scenario& s, const std::string& id, const std::string& ptr,
                       detail::RecordReader& r) {
    auto level = thresholdLevelFromId(id);
    if (!level) {
        r.report(Severity::Warning, ptr, "unknown threshold level \"" + id + "\"; the placement is left out");
        return;
    }
    std::string error;
    if (!placeThreshold(s, session.history.back(), *level, &error))
        r.report(Severity::Warning, ptr, error + "; the placement is left out");
}

// A saved chronology ({fact: "entry"|"concern"}), replayed onto the current decision; a mark that no
// longer fits (an unknown mark or fact, or the case no longer asks here) is a warning and is left out.
static void markSaved(Session& session, const Scenario& s, const nlohmann::json& marks, const std::string& ptr,
                      detail::RecordReader& r) {
    if (!marks.is_object()) {
        r.report(Severity::Warning, ptr, "a chronology must be an object {\"fact\": \"entry\" or \"concern\"}; it is left out");
        return;
    }
    for (const auto& [fact, value] : marks.items()) {
        const std::string p = ptr + "/" + fact;
        auto mark = value.is_string() ? chronologyMarkFromId(value.get<std::string>()) : std::nullopt;
        if (!mark) {
            r.report(Severity::Warning, p, "a chronology mark is \"entry\" or \"concern\"; this one is left out");
            continue;
        }
        std::string error;
        if (!markChronology(s, session.history.back(), fact, *mark, &error))
            r.report(Severity::Warning, p, error + "; the entry is left out");
    }
}

// A saved challenge, replayed onto the current decision as the moves that made it: the timing, the
// approach, each escalation, the rest. A part that no longer fits is a warning naming its pointer; the
// moves before it stand and the rest of the session resumes.
static void challengeSaved(Session& session, const Scenario& s, const nlohmann::json& saved, const std::string& ptr,
                           detail::RecordReader& r) {
    if (!saved.is_object()) {
        r.report(Severity::Warning, ptr, "a challenge must be an object {\"timing\", \"approach\", \"reached\", \"rested\"}; it is left out");
        return;
    }
    RunState& st = session.history.back();
    std::string error;
    const std::string timingId = r.str(saved, ptr, "timing", false, Severity::Warning).value_or("undecided");
    const auto timing = challengeTimingFromId(timingId);
    if (!timing) {
        r.report(Severity::Warning, ptr + "/timing", "a challenge's timing is \"now\", \"wait\" or \"accept\"; the challenge is left out");
        return;
    }
    if (*timing == ChallengeTiming::Undecided) return;
    const ChallengeMove timingMove = *timing == ChallengeTiming::Now ? ChallengeMove::Now
                                     : *timing == ChallengeTiming::Wait ? ChallengeMove::Wait : ChallengeMove::Accept;
    if (!challengeMove(s, st, timingMove, {}, &error)) {
        r.report(Severity::Warning, ptr, error + "; the challenge is left out");
        return;
    }
    const std::string approach = r.str(saved, ptr, "approach", false, Severity::Warning).value_or("");
    if (approach.empty()) return;
    if (!challengeMove(s, st, ChallengeMove::Approach, approach, &error)) {
        r.report(Severity::Warning, ptr + "/approach", error + "; the approach and what followed are left out");
        return;
    }
    const int reached = static_cast<int>(r.integer(saved, ptr, "reached", false, 1, 1000, Severity::Warning).value_or(1));
    for (int step = 1; step < reached; ++step)
        if (!challengeMove(s, st, ChallengeMove::Escalate, {}, &error)) {
            r.report(Severity::Warning, ptr + "/reached", error + "; the escalation stops at step " + std::to_string(step));
            return;
        }
    const nlohmann::json* rested = saved.contains("rested") ? &saved["rested"] : nullptr;
    if (rested && !rested->is_boolean())
        r.report(Severity::Warning, ptr + "/rested", "\"rested\" must be true or false; it is left out");
    else if (rested && rested->get<bool>() && !challengeMove(s, st, ChallengeMove::Rest, {}, &error))
        r.report(Severity::Warning, ptr + "/rested", error + "; it is left out");
}

std::optional<Session> sessionFromJson(const nlohmann::json& j, const Scenario& s, const PluginManifest& m,
                                       Diagnostics& diags, const std::string& file) {
    // Total: every field is read through RecordReader, so a tampered or damaged autosave gives
    // diagnostics instead of type_error 302 across this function (code review B1b, D6).
    detail::RecordReader r(diags, file, "a session file");
    auto fail = [&](const std::string& ptr, const std::string& msg) {
        r.report(Severity::Error, ptr, msg + "; the file is kept as it is");
        return std::nullopt;
    };
    if (!j.is_object()) return fail("", "not a Whole Picture session file: expected an object { ... }");
    Diagnostics quiet; // the format check speaks for itself
    detail::RecordReader q(quiet, file, "a session file");
    if (q.str(j, "", "format", true) != std::optional<std::string>("wholepicture-session"))
        return fail("/format", "not a Whole Picture session file (expected \"format\": \"wholepicture-session\")");
    auto version = r.integer(j, "", "version", true, 0, std::numeric_limits<std::int64_t>::max());
    if (!version) return fail("/version", "cannot tell which version this session file is");
    if (*version != 1)
        return fail("/version", "session file version is " + std::to_string(*version) + ", not 1; this app cannot read it");
    auto plugin = r.str(j, "", "plugin", true);
    if (!plugin) return fail("/plugin", "the session does not say which case it is for");
    if (*plugin != m.id) return fail("/plugin", "session is for plugin \"" + *plugin + "\", not \"" + m.id + "\"");
    std::string role = r.str(j, "", "role", true).value_or("");
    if (std::find(m.roles.begin(), m.roles.end(), role) == m.roles.end())
        return fail("/role", "role \"" + role + "\" is not playable in \"" + m.id + "\"");
    std::string savedVersion = r.str(j, "", "plugin_version", false, Severity::Warning).value_or("");
    if (savedVersion != m.version)
        r.report(Severity::Warning, "/plugin_version",
                 "session was saved with version " + savedVersion + " of the case; replaying it on " + m.version);
    // Times are milliseconds since 1970: anything outside +-10^15 (31,000 years) is damage.
    constexpr std::int64_t kMaxMs = 1'000'000'000'000'000;
    std::int64_t started = r.integer(j, "", "started_ms", false, -kMaxMs, kMaxMs, Severity::Warning).value_or(0);
    Session session = startSession(s, m, role, started);
    session.reflection = r.str(j, "", "reflection", false, Severity::Warning).value_or("");
    const nlohmann::json* path = r.array(j, "", "path", false, Severity::Warning);
    if (!path) return session;
    for (size_t i = 0; i < path->size(); ++i) {
        const auto& step = (*path)[i];
        std::string ptr = "/path/" + std::to_string(i);
        if (!step.is_object()) {
            r.report(Severity::Warning, ptr,
                     "a path step must be an object {\"node\", \"option\", \"at_ms\"}; the session resumes from the "
                     "step before");
            break;
        }
        std::string node = r.str(step, ptr, "node", false, Severity::Warning).value_or("");
        if (node != session.current().node) {
            r.report(Severity::Warning, ptr,
                     "saved step is at \"" + node + "\" but the case is now at \"" + session.current().node +
                         "\"; the session resumes from the last step that still fits");
            break;
        }
        std::string option = r.str(step, ptr, "option", false, Severity::Warning).value_or("");
        std::int64_t at = r.integer(step, ptr, "at_ms", false, -kMaxMs, kMaxMs, Severity::Warning).value_or(0);
        std::string error;
        if (auto placed = r.str(step, ptr, "threshold", false, Severity::Warning))
            placeSaved(session, s, *placed, ptr + "/threshold", r);
        if (step.contains("chronology")) markSaved(session, s, step["chronology"], ptr + "/chronology", r);
        if (step.contains("challenge")) challengeSaved(session, s, step["challenge"], ptr + "/challenge", r);
        if (!sessionStep(session, s, option, at, &error)) {
            r.report(Severity::Warning, ptr, error + "; the session resumes from the step before");
            break;
        }
    }
    if (auto placing = r.str(j, "", "placing", false, Severity::Warning)) placeSaved(session, s, *placing, "/placing", r);
    if (j.contains("building")) markSaved(session, s, j["building"], "/building", r);
    if (j.contains("challenging")) challengeSaved(session, s, j["challenging"], "/challenging", r);
    return session;
}

} // namespace wp
