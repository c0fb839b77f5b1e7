// Path analysis: depth-first exploration of run states, memoised on the part of the state that can
// change what happens next (node, flags, and the (role, fact) pairs some condition asks about).
// Scores are left out of the key because they only add up along the way.
#include <algorithm>
#include <unordered_map>

#include "wholepicture/core/analysis.h"
#include "wholepicture/core/runner.h"

namespace wp {
namespace {

// The path and the per-stage measures do not change what can happen next; dropping them keeps every
// explored state small (otherwise long cases cost time and memory growing with the square of their length).
std::optional<RunState> lean(std::optional<RunState> next) {
    if (next) {
        next->path.clear();
        next->picture.clear();
    }
    return next;
}

} // namespace

struct FutureScores::Impl {
    struct Record {
        std::string node;
        std::vector<int> best, worst; // further score per dimension from this state on
        double bestWeighted = 0, worstWeighted = 0;
        int bestNext = -1;
        std::string bestOption;
        bool done = false;
    };

    const Scenario& s;
    size_t limit;
    std::vector<DimensionWeight> dims;
    std::vector<std::pair<std::string, std::string>> watched;
    std::vector<Record> records;
    std::unordered_map<std::string, int> memo;
    RoleAnalysis seen; // reachability and loops, accumulated over every query
    bool truncated = false;

    Impl(const Scenario& sc, size_t lim) : s(sc), limit(lim), dims(sc.dimensions) {
        auto note = [&](const Condition& c) {
            for (const auto& k : c.knows) watched.emplace_back(k.role, k.fact);
        };
        for (const auto& n : s.nodes) {
            for (const auto& b : n.next) note(b.when);
            for (const auto& o : n.options) {
                note(o.when);
                for (const auto& b : o.next) note(b.when);
            }
        }
        std::sort(watched.begin(), watched.end());
        watched.erase(std::unique(watched.begin(), watched.end()), watched.end());
    }

    std::string keyOf(const RunState& st) const {
        std::string key = st.role;
        key += '|';
        key += st.node;
        key += '|';
        for (const auto& f : st.flags) key += f + ',';
        key += '|';
        for (const auto& [role, fact] : watched) key += knows(st, role, fact) ? '1' : '0';
        return key;
    }

    double weightedDelta(const Effects& e, std::vector<int>* delta) const {
        double w = 0;
        for (size_t i = 0; i < dims.size(); ++i) {
            auto it = e.scores.find(dims[i].id);
            int d = it == e.scores.end() ? 0 : it->second;
            if (delta) (*delta)[i] = d;
            w += dims[i].weight * d;
        }
        return w;
    }

    int explore(const RunState& st) {
        std::string key = keyOf(st);
        if (auto it = memo.find(key); it != memo.end()) {
            if (!records[static_cast<size_t>(it->second)].done) seen.loops.push_back(st.node);
            return it->second;
        }
        int index = static_cast<int>(records.size());
        memo.emplace(key, index);
        Record fresh;
        fresh.node = st.node;
        fresh.best.assign(dims.size(), 0);
        fresh.worst.assign(dims.size(), 0);
        records.push_back(std::move(fresh));
        if (records.size() > limit) {
            truncated = true;
            records[static_cast<size_t>(index)].done = true;
            return index;
        }
        const Node* np = s.node(st.node);
        if (!np) {
            records[static_cast<size_t>(index)].done = true;
            return index;
        }
        const Node& n = *np;
        seen.reachableNodes.insert(n.id);
        struct Successor {
            std::string option;
            const Effects* effects;
            RunState state;
        };
        std::vector<Successor> successors;
        if (n.type == NodeType::Ending) {
            seen.reachableEndings.insert(n.id);
        } else if (n.type == NodeType::Narrative) {
            if (auto next = lean(proceed(s, st, 0))) successors.push_back({"", nullptr, std::move(*next)});
            else seen.noBranch.push_back(n.id);
        } else {
            auto options = availableOptions(s, st);
            if (options.empty()) seen.deadEnds.push_back(n.id);
            for (const Option* o : options) {
                seen.reachableOptions.emplace(n.id, o->id);
                if (auto next = lean(choose(s, st, o->id, 0))) successors.push_back({o->id, &o->effects, std::move(*next)});
                else seen.noBranch.push_back(n.id);
            }
        }
        bool first = true;
        Record acc;
        acc.best.assign(dims.size(), 0);
        acc.worst.assign(dims.size(), 0);
        for (auto& succ : successors) {
            int child = explore(succ.state);
            const Record& c = records[static_cast<size_t>(child)];
            std::vector<int> delta(dims.size(), 0);
            double weighted = succ.effects ? weightedDelta(*succ.effects, &delta) : 0.0;
            for (size_t i = 0; i < dims.size(); ++i) {
                int b = delta[i] + c.best[i], w = delta[i] + c.worst[i];
                acc.best[i] = first ? b : std::max(acc.best[i], b);
                acc.worst[i] = first ? w : std::min(acc.worst[i], w);
            }
            double bw = weighted + c.bestWeighted, ww = weighted + c.worstWeighted;
            if (first || bw > acc.bestWeighted) {
                acc.bestWeighted = bw;
                acc.bestNext = child;
                acc.bestOption = succ.option;
            }
            acc.worstWeighted = first ? ww : std::min(acc.worstWeighted, ww);
            first = false;
        }
        Record& r = records[static_cast<size_t>(index)];
        r.best = std::move(acc.best);
        r.worst = std::move(acc.worst);
        r.bestWeighted = acc.bestWeighted;
        r.worstWeighted = acc.worstWeighted;
        r.bestNext = acc.bestNext;
        r.bestOption = std::move(acc.bestOption);
        r.done = true;
        return index;
    }

    RoleAnalysis summarise(int root, const std::string& role) const {
        RoleAnalysis out;
        out.role = role;
        const Record& r = records[static_cast<size_t>(root)];
        for (size_t i = 0; i < dims.size(); ++i) out.dimensions[dims[i].id] = {r.best[i], r.worst[i]};
        out.bestWeighted = r.bestWeighted;
        out.worstWeighted = r.worstWeighted;
        std::vector<bool> walked(records.size(), false);
        for (int at = root; at >= 0 && !walked[static_cast<size_t>(at)] && records[static_cast<size_t>(at)].bestNext >= 0;) {
            walked[static_cast<size_t>(at)] = true;
            const Record& rec = records[static_cast<size_t>(at)];
            if (!rec.bestOption.empty()) out.strongestPath.emplace_back(rec.node, rec.bestOption);
            at = rec.bestNext;
        }
        out.statesExplored = records.size();
        out.truncated = truncated;
        return out;
    }
};

FutureScores::FutureScores(const Scenario& s, size_t stateLimit) : m_impl(std::make_unique<Impl>(s, stateLimit)) {}
FutureScores::~FutureScores() = default;

RoleAnalysis FutureScores::from(const RunState& st) { return m_impl->summarise(m_impl->explore(st), st.role); }

bool FutureScores::optionValue(const RunState& st, const std::string& optionId, double& value) {
    const Node* n = m_impl->s.node(st.node);
    if (!n || n->type != NodeType::Decision) return false;
    const Option* opt = nullptr;
    for (const Option* o : availableOptions(m_impl->s, st))
        if (o->id == optionId) opt = o;
    if (!opt) return false;
    auto next = choose(m_impl->s, st, optionId, 0);
    if (!next) return false;
    int child = m_impl->explore(*next);
    value = m_impl->weightedDelta(opt->effects, nullptr) + m_impl->records[static_cast<size_t>(child)].bestWeighted;
    return true;
}

size_t FutureScores::statesExplored() const { return m_impl->records.size(); }
bool FutureScores::truncated() const { return m_impl->truncated; }

RoleAnalysis analyseFrom(const Scenario& s, const RunState& st, size_t stateLimit) {
    if (!s.node(st.node)) {
        RoleAnalysis empty;
        empty.role = st.role;
        return empty;
    }
    FutureScores::Impl impl(s, stateLimit);
    RoleAnalysis out = impl.summarise(impl.explore(st), st.role);
    out.reachableNodes = std::move(impl.seen.reachableNodes);
    out.reachableEndings = std::move(impl.seen.reachableEndings);
    out.reachableOptions = std::move(impl.seen.reachableOptions);
    auto sortUnique = [](std::vector<std::string>& v) {
        std::sort(v.begin(), v.end());
        v.erase(std::unique(v.begin(), v.end()), v.end());
    };
    out.deadEnds = std::move(impl.seen.deadEnds);
    out.noBranch = std::move(impl.seen.noBranch);
    out.loops = std::move(impl.seen.loops);
    sortUnique(out.deadEnds);
    sortUnique(out.noBranch);
    sortUnique(out.loops);
    return out;
}

RoleAnalysis analyseRole(const Scenario& s, const std::string& role, size_t stateLimit) {
    if (!s.node(s.start)) {
        RoleAnalysis empty;
        empty.role = role;
        return empty;
    }
    return analyseFrom(s, startRun(s, role), stateLimit);
}

} // namespace wp
