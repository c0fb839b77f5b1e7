#include "wholepicture/core/debrief.h"

#include <algorithm>
#include <cmath>
#include <set>

#include <nlohmann/json.hpp>

#include "wholepicture/core/loader.h"

namespace wp {
namespace {

bool samePair(const Link& a, const Link& b) {
    return (a.from == b.from && a.to == b.to) || (a.from == b.to && a.to == b.from);
}

const Link* findPair(const std::vector<Link>& links, const Link& l) {
    for (const auto& x : links)
        if (samePair(x, l)) return &x;
    return nullptr;
}

// Did the trainee's link add to what actually happened (new, stronger, or flowing further)?
bool goesBeyond(const Link& mine, const Link* hist) {
    if (!hist) return true;
    if (mine.strength == Strength::Critical && hist->strength == Strength::Peripheral) return true;
    if (mine.flow == Flow::TwoWay && hist->flow == Flow::OneWay) return true;
    if (mine.flow == Flow::OneWay && hist->flow == Flow::OneWay && mine.from != hist->from) return true;
    return false;
}

// Replays `path` from the start; returns the state before each step, then the final state.
std::vector<RunState> replay(const Scenario& s, const std::string& role, const std::vector<PathStep>& path) {
    std::vector<RunState> states{startRun(s, role)};
    for (const auto& step : path) {
        const RunState& cur = states.back();
        if (cur.node != step.node) break;
        auto next = step.option.empty() ? proceed(s, cur, step.atMs) : choose(s, cur, step.option, step.atMs);
        if (!next) break;
        states.push_back(std::move(*next));
    }
    return states;
}

// Follows (node, option) pairs from the start, proceeding past narratives; returns the final state.
RunState follow(const Scenario& s, const std::string& role, const std::vector<std::pair<std::string, std::string>>& path) {
    RunState st = startRun(s, role);
    size_t i = 0;
    for (int guard = 0; guard < 10000 && s.node(st.node) && !atEnding(s, st); ++guard) {
        const Node& n = currentNode(s, st);
        std::optional<RunState> next;
        if (n.type == NodeType::Narrative) next = proceed(s, st, 0);
        else if (i < path.size() && path[i].first == n.id) next = choose(s, st, path[i++].second, 0);
        if (!next) break;
        st = std::move(*next);
    }
    return st;
}

// Critical action ids named by an option open to `role` at a node reachable from `from` (itself
// included), following every branch whatever its condition: the actions an unfinished run may
// still settle.
std::set<std::string> criticalAhead(const Scenario& s, const std::string& role, const std::string& from) {
    std::set<std::string> out, seen;
    std::vector<std::string> todo{from};
    auto push = [&](const std::vector<Branch>& next) {
        for (const auto& b : next)
            if (!b.to.empty() && !seen.count(b.to)) todo.push_back(b.to);
    };
    while (!todo.empty()) {
        const std::string id = std::move(todo.back());
        todo.pop_back();
        if (!seen.insert(id).second) continue;
        const Node* n = s.node(id);
        if (!n) continue;
        push(n->next);
        for (const auto& o : n->options) {
            const bool forRole = o.roles.empty() || std::find(o.roles.begin(), o.roles.end(), role) != o.roles.end();
            if (forRole && !o.critical.empty()) out.insert(o.critical);
            push(o.next);
        }
    }
    return out;
}

const Option* findOption(const Node& n, const std::string& id) {
    for (const auto& o : n.options)
        if (o.id == id) return &o;
    return nullptr;
}

} // namespace

const char* debriefStepTitle(int step) {
    switch (step) {
    case 1: return "Why work together?";
    case 2: return "What constraints do we put on each other?";
    case 3: return "What should change in our organisations?";
    case 4: return "What should change in our practice?";
    default: return "";
    }
}

const char* linkMarkName(LinkMark m) {
    switch (m) {
    case LinkMark::Made: return "made";
    case LinkMark::Missed: return "missed";
    default: return "kept";
    }
}

const DebriefDimension* Debrief::dimension(const std::string& id) const {
    for (const auto& d : dimensions)
        if (d.id == id) return &d;
    return nullptr;
}

size_t Debrief::missedCriticalCount() const {
    return static_cast<size_t>(
        std::count_if(critical.begin(), critical.end(), [](const DebriefCritical& c) { return !c.met && !c.pending; }));
}

size_t Debrief::pendingCriticalCount() const {
    return static_cast<size_t>(std::count_if(critical.begin(), critical.end(), [](const DebriefCritical& c) { return c.pending; }));
}

const char* criticalStatusName(const DebriefCritical& c) { return c.pending ? "not_reached" : c.met ? "met" : "missed"; }

const char* criticalVerdict(const DebriefCritical& c) {
    if (c.pending) return "Not reached yet";
    return c.met ? (c.mustDo ? "Done" : "Avoided") : (c.mustDo ? "Missed" : "Not avoided");
}

std::string scoreRangeText(const DebriefDimension& dim) {
    return std::to_string(dim.score) + " (worst " + std::to_string(dim.worst) + ", best " + std::to_string(dim.best) + ")";
}

std::set<std::string> criticalStillAhead(const Scenario& s, const RunState& st) {
    if (!s.node(st.node) || atEnding(s, st)) return {};
    return criticalAhead(s, st.role, st.node);
}

std::vector<std::string> isolatedCast(const Scenario& s, const std::vector<Link>& links) {
    std::vector<std::string> out;
    for (const auto& c : s.cast) {
        bool linked = std::any_of(links.begin(), links.end(), [&](const Link& l) { return l.from == c.id || l.to == c.id; });
        if (!linked) out.push_back(c.id);
    }
    return out;
}

double overallFraction(const Debrief& d) {
    const double span = d.bestWeighted - d.worstWeighted;
    return span > 1e-9 ? std::clamp((d.weightedScore - d.worstWeighted) / span, 0.0, 1.0) : 1.0;
}

const DimensionBand* overallBand(const KnowledgeBase& kb, const Debrief& d) {
    for (const auto& dim : d.dimensions)
        if (const DimensionInfo* info = kb.dimension(dim.id); info && !info->bands.empty())
            return bandFor(*info, overallFraction(d));
    return nullptr;
}

Debrief buildDebrief(const Scenario& s, const PluginManifest& m, const KnowledgeBase& kb, const Session& session) {
    Debrief d;
    d.pluginId = m.id;
    d.pluginName = m.name;
    d.pluginVersion = m.version;
    d.title = s.title;
    d.childName = s.childName;
    d.childAge = s.childAge;
    d.role = session.role;
    d.roleName = roleLabel(s, kb, session.role); // the case's own name for the role, if it gives one
    d.startedMs = session.startedMs;
    d.contentWarnings = m.contentWarnings;
    d.caseOrigin = caseOriginSentence(m);
    d.reflection = session.reflection;
    d.historicalNote = s.historicalNote;
    if (session.history.empty() || !s.node(s.start)) return d;

    const RunState& last = session.current();
    std::vector<RunState> states = replay(s, session.role, last.path);
    const RunState& st = states.size() == last.path.size() + 1 ? last : states.back();

    FutureScores future(s);
    RoleAnalysis whole = future.from(states.front());
    d.strongestPath = whole.strongestPath;

    // Dimensions.
    double weighted = 0;
    for (const auto& dw : s.dimensions) {
        DebriefDimension dim;
        dim.id = dw.id;
        dim.weight = dw.weight;
        const DimensionInfo* info = kb.dimension(dw.id);
        dim.name = info && !info->name.empty() ? info->name : dw.id;
        dim.shortName = info && !info->shortName.empty() ? info->shortName : dim.name;
        auto sc = st.scores.find(dw.id);
        dim.score = sc == st.scores.end() ? 0 : sc->second;
        auto range = whole.dimensions.find(dw.id);
        if (range != whole.dimensions.end()) {
            dim.best = range->second.best;
            dim.worst = range->second.worst;
        }
        // An unfinished run can sit outside the bounds of a finished one; keep the bar honest.
        dim.best = std::max(dim.best, dim.score);
        dim.worst = std::min(dim.worst, dim.score);
        dim.fraction = dim.best == dim.worst ? 1.0
                                             : std::clamp(double(dim.score - dim.worst) / double(dim.best - dim.worst), 0.0, 1.0);
        if (dim.best == dim.worst) {
            // No choice open to this role moves it: nothing to judge, so no band (and no "Strong").
            dim.bandText = "Not scored: no choice open to this role changes it in this case.";
        } else if (info)
            if (const DimensionBand* band = bandFor(*info, dim.fraction)) {
                dim.bandLabel = band->label;
                dim.bandText = band->text;
            }
        weighted += dw.weight * dim.score;
        d.dimensions.push_back(std::move(dim));
    }
    d.weightedScore = weighted;
    d.bestWeighted = std::max(whole.bestWeighted, weighted);
    d.worstWeighted = std::min(whole.worstWeighted, weighted);

    // Critical actions: missed first, then met, then (unfinished runs) those whose decisions still lie
    // ahead, which are neither met nor missed yet.
    const std::set<std::string> ahead = criticalStillAhead(s, st);
    for (const auto& c : criticalOutcomes(s, st)) {
        const bool chosen = st.criticalChosen.count(c.action->id) > 0;
        const bool pending = !chosen && ahead.count(c.action->id) > 0;
        d.critical.push_back({c.action->id, c.action->kind == CriticalKind::MustDo, pending ? false : c.met, pending, c.action->text});
    }
    auto rank = [](const DebriefCritical& c) { return c.pending ? 2 : c.met ? 1 : 0; };
    std::stable_sort(d.critical.begin(), d.critical.end(),
                     [&](const DebriefCritical& a, const DebriefCritical& b) { return rank(a) < rank(b); });

    // Timeline, with the strongest option from the trainee's own state at each decision.
    for (size_t i = 0; i + 1 < states.size(); ++i) {
        const RunState& before = states[i];
        const PathStep& step = states[i + 1].path.back();
        const Node* n = s.node(step.node);
        if (!n || n->type != NodeType::Decision || step.option.empty()) continue;
        const Option* chosen = findOption(*n, step.option);
        if (!chosen) continue;
        DebriefStep e;
        e.node = n->id;
        e.stage = n->stage;
        int so = s.stageOrder(n->stage);
        if (so >= 0) {
            e.stageTitle = s.stages[static_cast<size_t>(so)].title;
            e.date = s.stages[static_cast<size_t>(so)].date;
        }
        e.title = n->title;
        e.question = n->question.forRole(session.role);
        e.option = chosen->id;
        e.optionText = chosen->text;
        e.deltas = chosen->effects.scores;
        e.outcome = chosen->feedback.outcome;
        e.views = chosen->feedback.views;
        e.guidance = chosen->feedback.guidance;
        e.critical = chosen->critical;
        for (const auto& g : chosen->feedback.guidance)
            if (std::find(d.guidanceCited.begin(), d.guidanceCited.end(), g.ref) == d.guidanceCited.end())
                d.guidanceCited.push_back(g.ref);
        double chosenValue = 0;
        (void)future.optionValue(before, chosen->id, chosenValue);
        e.chosenValue = e.strongerValue = chosenValue;
        const Option* stronger = nullptr;
        for (const Option* o : availableOptions(s, before)) {
            double v = 0;
            if (o->id == chosen->id || !future.optionValue(before, o->id, v)) continue;
            if (v > e.strongerValue + 1e-9) {
                e.strongerValue = v;
                stronger = o;
            }
        }
        if (stronger) {
            e.differed = true;
            e.strongerOption = stronger->id;
            e.strongerText = stronger->text;
            e.strongerWhy = stronger->feedback.outcome;
            e.strongerDeltas = stronger->effects.scores;
        }
        d.timeline.push_back(std::move(e));
    }

    // Whole-picture measure per stage.
    std::vector<PictureMeasure> picture = st.picture;
    if (!atEnding(s, st)) picture.push_back(measurePicture(s, st));
    for (const auto& p : picture) {
        DebriefStageMeasure pm{p.stage, p.stage, "", p.reached, p.possible};
        int so = s.stageOrder(p.stage);
        if (so >= 0) {
            pm.title = s.stages[static_cast<size_t>(so)].title;
            pm.date = s.stages[static_cast<size_t>(so)].date;
        }
        d.picture.push_back(std::move(pm));
    }
    d.thresholds = summariseThresholds(s, st);
    d.chronologies = summariseChronologies(s, st, kb);
    d.challenges = summariseChallenges(s, st, kb); // the app re-judges with a local pack's route

    // Maps.
    for (const auto& l : st.map)
        d.traineeMap.push_back({l, goesBeyond(l, findPair(s.historicalMap, l)) ? LinkMark::Made : LinkMark::Kept, ""});
    for (const auto& l : s.historicalMap) d.historicalMap.push_back({l, LinkMark::Kept, ""});
    // A critical link of the real case counts as missed only when this role could have made it (an
    // option open to the role draws it): a teacher is not marked down for the helpline's call to
    // social care, which no teacher's choice could make (UX review 11). The real map still shows it.
    std::vector<Link> makeable;
    for (const auto& n : s.nodes)
        for (const auto& o : n.options)
            if (o.roles.empty() || std::find(o.roles.begin(), o.roles.end(), session.role) != o.roles.end())
                makeable.insert(makeable.end(), o.effects.links.begin(), o.effects.links.end());
    for (const auto& l : s.historicalMap)
        if (l.strength == Strength::Critical && !findPair(st.map, l) && findPair(makeable, l))
            d.missed.push_back({l, LinkMark::Missed, "historical"});
    RunState strongest = follow(s, session.role, whole.strongestPath);
    for (const auto& l : strongest.map) {
        if (l.strength != Strength::Critical || findPair(st.map, l)) continue;
        bool dup = std::any_of(d.missed.begin(), d.missed.end(), [&](const DebriefLink& x) { return samePair(x.link, l); });
        if (!dup) d.missed.push_back({l, LinkMark::Missed, "strongest"});
    }
    {
        const PictureMeasure sp = strongest.picture.empty() || !atEnding(s, strongest) ? measurePicture(s, strongest) : strongest.picture.back();
        d.strongestPicture = {sp.stage, sp.stage, "", sp.reached, sp.possible};
    }
    d.isolatedTrainee = isolatedCast(s, st.map);
    d.isolatedHistorical = isolatedCast(s, s.historicalMap);

    // Ending and prompts.
    const Node* here = s.node(st.node);
    d.finished = here && here->type == NodeType::Ending;
    if (!d.finished) d.stoppedAt = st.node;
    for (int step = 1; step <= 4; ++step) d.prompts.push_back({step, debriefStepTitle(step), {}});
    if (d.finished) {
        d.endingId = here->id;
        d.endingTitle = here->title;
        d.endingText = here->text.forRole(session.role);
        d.whatHappened = here->whatHappened;
        d.proposals = here->proposals;
        for (const auto& p : here->prompts)
            if (p.step >= 1 && p.step <= 4) d.prompts[static_cast<size_t>(p.step - 1)].prompts.push_back(p.text);
    }
    d.statesExplored = future.statesExplored();
    d.analysisTruncated = future.truncated();
    return d;
}

namespace {

nlohmann::json linkJson(const Link& l) {
    nlohmann::json j = {{"from", l.from}, {"to", l.to}, {"flow", flowName(l.flow)}, {"strength", strengthName(l.strength)}};
    if (!l.note.empty()) j["note"] = l.note;
    return j;
}

nlohmann::json markedLinks(const std::vector<DebriefLink>& links) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& l : links) {
        nlohmann::json j = linkJson(l.link);
        j["mark"] = linkMarkName(l.mark);
        if (!l.source.empty()) j["source"] = l.source;
        out.push_back(j);
    }
    return out;
}

} // namespace

nlohmann::json debriefToJson(const Debrief& d) {
    nlohmann::json dims = nlohmann::json::array();
    for (const auto& x : d.dimensions)
        dims.push_back({{"id", x.id}, {"name", x.name}, {"short", x.shortName}, {"score", x.score}, {"best", x.best},
                        {"worst", x.worst}, {"weight", x.weight}, {"fraction", x.fraction}, {"band", x.bandLabel},
                        {"band_text", x.bandText}});
    nlohmann::json crit = nlohmann::json::array();
    for (const auto& c : d.critical)
        crit.push_back({{"id", c.id}, {"kind", c.mustDo ? "must_do" : "must_avoid"}, {"met", c.met},
                        {"status", criticalStatusName(c)}, {"text", c.text}});
    nlohmann::json timeline = nlohmann::json::array();
    for (const auto& e : d.timeline) {
        nlohmann::json g = nlohmann::json::array();
        for (const auto& c : e.guidance) g.push_back({{"ref", c.ref}, {"section", c.section}});
        nlohmann::json j = {{"node", e.node},       {"stage", e.stage},     {"stage_title", e.stageTitle},
                            {"date", e.date},       {"title", e.title},     {"question", e.question},
                            {"option", e.option},   {"text", e.optionText}, {"scores", e.deltas},
                            {"outcome", e.outcome}, {"views", e.views},     {"guidance", g},
                            {"value", e.chosenValue}, {"differed", e.differed}};
        if (!e.critical.empty()) j["critical"] = e.critical;
        if (e.differed)
            j["stronger"] = {{"option", e.strongerOption}, {"text", e.strongerText}, {"why", e.strongerWhy},
                             {"scores", e.strongerDeltas}, {"value", e.strongerValue}};
        timeline.push_back(j);
    }
    nlohmann::json strongest = nlohmann::json::array();
    for (const auto& [node, option] : d.strongestPath) strongest.push_back({{"node", node}, {"option", option}});
    nlohmann::json picture = nlohmann::json::array();
    for (const auto& p : d.picture)
        picture.push_back({{"stage", p.stage}, {"title", p.title}, {"date", p.date}, {"reached", p.reached}, {"possible", p.possible}});
    nlohmann::json prompts = nlohmann::json::array();
    for (const auto& p : d.prompts) prompts.push_back({{"step", p.step}, {"title", p.title}, {"prompts", p.prompts}});
    nlohmann::json ending = nullptr;
    if (d.finished)
        ending = {{"id", d.endingId}, {"title", d.endingTitle}, {"text", d.endingText}, {"what_happened", d.whatHappened},
                  {"proposals", d.proposals}};
    return {{"format", "wholepicture-debrief"},
            {"version", 1},
            {"plugin", d.pluginId},
            {"plugin_name", d.pluginName},
            {"plugin_version", d.pluginVersion},
            {"title", d.title},
            {"child", {{"name", d.childName}, {"age", d.childAge}}},
            {"role", d.role},
            {"role_name", d.roleName},
            {"started_ms", d.startedMs},
            {"content_warnings", d.contentWarnings},
            {"case_origin", d.caseOrigin},
            {"finished", d.finished},
            {"stopped_at", d.stoppedAt},
            {"dimensions", dims},
            {"weighted", {{"score", d.weightedScore}, {"best", d.bestWeighted}, {"worst", d.worstWeighted}}},
            {"critical", crit},
            {"timeline", timeline},
            {"strongest_path", strongest},
            {"whole_picture", picture},
            {"thresholds", thresholdsToJson(d.thresholds)},
            {"chronologies", chronologiesToJson(d.chronologies)},
            {"challenges", challengesToJson(d.challenges)},
            {"whole_picture_strongest", {{"reached", d.strongestPicture.reached}, {"possible", d.strongestPicture.possible}}},
            {"map", {{"trainee", markedLinks(d.traineeMap)},
                     {"historical", markedLinks(d.historicalMap)},
                     {"historical_note", d.historicalNote},
                     {"missed", markedLinks(d.missed)},
                     {"isolated_trainee", d.isolatedTrainee},
                     {"isolated_historical", d.isolatedHistorical}}},
            {"ending", ending},
            {"prompts", prompts},
            {"reflection", d.reflection},
            {"guidance_cited", d.guidanceCited},
            {"analysis", {{"states", d.statesExplored}, {"truncated", d.analysisTruncated}}}};
}

} // namespace wp
