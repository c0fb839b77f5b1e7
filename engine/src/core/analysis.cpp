// Path analysis: depth-first exploration of run states, memoised on the part of the state that can
// change what happens next (node, flags, and the (role, fact) pairs some condition asks about).
// Scores are left out of the key because they only add up along the way. States are StateSpace's
// compact ones (a node index and a bit set), never copied RunStates: Tina's 15,000 states as the
// social worker take about 10 ms.
#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "wholepicture/core/analysis.h"
#include "wholepicture/core/runner.h"
#include "wholepicture/core/state_space.h"

namespace wp {

struct FutureScores::Impl {
    // One explored state. Scores per dimension live in `best`/`worst` (records x dimensions), so a
    // record is a few integers.
    struct Record {
        int node = -1;
        int bestNext = -1;
        int bestOption = -1; // index into the node's options, -1 for a continue
        double bestWeighted = 0, worstWeighted = 0;
        bool done = false;
    };

    const Scenario& s;
    size_t limit;
    size_t dims;
    std::vector<std::unique_ptr<StateSpace>> spaces; // one per role queried
    std::vector<Record> records;
    std::vector<int> best, worst; // further score per dimension from each record's state on
    std::unordered_map<std::string, int> memo;
    std::string keyBuffer;
    // Reachability and loops, accumulated over every query.
    std::vector<bool> reachedNodes;
    std::vector<std::vector<bool>> reachedOptions; // node -> option
    std::vector<std::string> deadEnds, noBranch, loops;
    bool truncated = false;

    Impl(const Scenario& sc, size_t lim) : s(sc), limit(lim), dims(sc.dimensions.size()) {
        reachedNodes.assign(s.nodes.size(), false);
        reachedOptions.resize(s.nodes.size());
        for (size_t i = 0; i < s.nodes.size(); ++i) reachedOptions[i].assign(s.nodes[i].options.size(), false);
    }

    // The space for `role`, numbered so a memo key can name it.
    size_t spaceFor(const std::string& role) {
        for (size_t i = 0; i < spaces.size(); ++i)
            if (spaces[i]->role() == role) return i;
        spaces.push_back(std::make_unique<StateSpace>(s, role));
        return spaces.size() - 1;
    }

    int addRecord(int node) {
        Record r;
        r.node = node;
        records.push_back(r);
        best.resize(best.size() + dims, 0);
        worst.resize(worst.size() + dims, 0);
        return static_cast<int>(records.size()) - 1;
    }

    // Depth first, memoised on (role, node, flags, watched facts): the first state explored with a key
    // stands for every later one (stageReached and unwatched facts cannot change what follows).
    int explore(size_t space, const StateSpace::State& st) {
        const StateSpace& sp = *spaces[space];
        sp.key(st, false, keyBuffer);
        keyBuffer.append(reinterpret_cast<const char*>(&space), sizeof(space));
        if (auto it = memo.find(keyBuffer); it != memo.end()) {
            if (!records[static_cast<size_t>(it->second)].done) loops.push_back(s.nodes[static_cast<size_t>(st.node)].id);
            return it->second;
        }
        int index = addRecord(st.node);
        memo.emplace(keyBuffer, index);
        if (records.size() > limit) {
            truncated = true;
            records[static_cast<size_t>(index)].done = true;
            return index;
        }
        const Node& n = sp.node(st);
        reachedNodes[static_cast<size_t>(st.node)] = true;
        struct Successor {
            int option; // -1 = continue
            StateSpace::State state;
        };
        std::vector<Successor> successors;
        if (n.type == NodeType::Narrative) {
            StateSpace::State next;
            if (sp.step(st, -1, next)) successors.push_back({-1, std::move(next)});
            else noBranch.push_back(n.id);
        } else if (n.type == NodeType::Decision) {
            std::vector<int> options;
            sp.availableOptions(st, options);
            if (options.empty()) deadEnds.push_back(n.id);
            for (int o : options) {
                reachedOptions[static_cast<size_t>(st.node)][static_cast<size_t>(o)] = true;
                StateSpace::State next;
                if (sp.step(st, o, next)) successors.push_back({o, std::move(next)});
                else noBranch.push_back(n.id);
            }
        }
        bool first = true;
        std::vector<int> accBest(dims, 0), accWorst(dims, 0);
        Record acc;
        for (auto& succ : successors) {
            int child = explore(space, succ.state);
            const Record& c = records[static_cast<size_t>(child)];
            const size_t cb = static_cast<size_t>(child) * dims;
            static const std::vector<int> none;
            const std::vector<int>& delta = succ.option >= 0 ? sp.optionDeltas(st.node, succ.option) : none;
            double weighted = succ.option >= 0 ? sp.optionWeighted(st.node, succ.option) : 0.0;
            for (size_t i = 0; i < dims; ++i) {
                int d = delta.empty() ? 0 : delta[i];
                int b = d + best[cb + i], w = d + worst[cb + i];
                accBest[i] = first ? b : std::max(accBest[i], b);
                accWorst[i] = first ? w : std::min(accWorst[i], w);
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
        std::copy(accBest.begin(), accBest.end(), best.begin() + static_cast<std::ptrdiff_t>(static_cast<size_t>(index) * dims));
        std::copy(accWorst.begin(), accWorst.end(), worst.begin() + static_cast<std::ptrdiff_t>(static_cast<size_t>(index) * dims));
        r.bestWeighted = acc.bestWeighted;
        r.worstWeighted = acc.worstWeighted;
        r.bestNext = acc.bestNext;
        r.bestOption = acc.bestOption;
        r.done = true;
        return index;
    }

    int exploreFrom(const RunState& st) {
        size_t space = spaceFor(st.role);
        StateSpace::State compact = spaces[space]->fromRunState(st);
        if (compact.node < 0) { // a state at a node that does not exist: nothing follows
            int index = addRecord(-1);
            records[static_cast<size_t>(index)].done = true;
            return index;
        }
        return explore(space, compact);
    }

    RoleAnalysis summarise(int root, const std::string& role) const {
        RoleAnalysis out;
        out.role = role;
        const Record& r = records[static_cast<size_t>(root)];
        for (size_t i = 0; i < dims; ++i) {
            const size_t at = static_cast<size_t>(root) * dims + i;
            out.dimensions[s.dimensions[i].id] = {best[at], worst[at]};
        }
        out.bestWeighted = r.bestWeighted;
        out.worstWeighted = r.worstWeighted;
        std::vector<bool> walked(records.size(), false);
        for (int at = root; at >= 0 && !walked[static_cast<size_t>(at)] && records[static_cast<size_t>(at)].bestNext >= 0;) {
            walked[static_cast<size_t>(at)] = true;
            const Record& rec = records[static_cast<size_t>(at)];
            const Node& n = s.nodes[static_cast<size_t>(rec.node)];
            if (rec.bestOption >= 0) out.strongestPath.emplace_back(n.id, n.options[static_cast<size_t>(rec.bestOption)].id);
            at = rec.bestNext;
        }
        out.statesExplored = records.size();
        out.truncated = truncated;
        return out;
    }
};

FutureScores::FutureScores(const Scenario& s, size_t stateLimit) : m_impl(std::make_unique<Impl>(s, stateLimit)) {}
FutureScores::~FutureScores() = default;

RoleAnalysis FutureScores::from(const RunState& st) { return m_impl->summarise(m_impl->exploreFrom(st), st.role); }

bool FutureScores::optionValue(const RunState& st, const std::string& optionId, double& value) {
    const Node* n = m_impl->s.node(st.node);
    if (!n || n->type != NodeType::Decision) return false;
    size_t space = m_impl->spaceFor(st.role);
    const StateSpace& sp = *m_impl->spaces[space];
    StateSpace::State here = sp.fromRunState(st);
    std::vector<int> options;
    sp.availableOptions(here, options);
    int chosen = -1;
    for (int o : options)
        if (n->options[static_cast<size_t>(o)].id == optionId) chosen = o;
    StateSpace::State next;
    if (chosen < 0 || !sp.step(here, chosen, next)) return false;
    int child = m_impl->explore(space, next);
    value = sp.optionWeighted(here.node, chosen) + m_impl->records[static_cast<size_t>(child)].bestWeighted;
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
    RoleAnalysis out = impl.summarise(impl.exploreFrom(st), st.role);
    for (size_t i = 0; i < s.nodes.size(); ++i) {
        if (!impl.reachedNodes[i]) continue;
        const Node& n = s.nodes[i];
        out.reachableNodes.insert(n.id);
        if (n.type == NodeType::Ending) out.reachableEndings.insert(n.id);
        for (size_t k = 0; k < n.options.size(); ++k)
            if (impl.reachedOptions[i][k]) out.reachableOptions.emplace(n.id, n.options[k].id);
    }
    auto sortUnique = [](std::vector<std::string>& v) {
        std::sort(v.begin(), v.end());
        v.erase(std::unique(v.begin(), v.end()), v.end());
    };
    out.deadEnds = std::move(impl.deadEnds);
    out.noBranch = std::move(impl.noBranch);
    out.loops = std::move(impl.loops);
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

WholePictureBest bestWholePicture(const Scenario& s, const std::string& role, size_t stateLimit) {
    WholePictureBest out;
    for (const auto& f : s.facts)
        if (f.key) out.allKeyPairs += static_cast<int>(f.neededBy.size());
    if (!s.node(s.start)) return out;
    StateSpace space(s, role, true);
    std::unordered_set<std::string> seen;
    std::vector<StateSpace::State> queue{space.start()};
    seen.insert(space.key(queue.front(), true));
    std::vector<int> options;
    StateSpace::State next;
    bool any = false;
    for (size_t at = 0; at < queue.size(); ++at) {
        if (seen.size() >= stateLimit) {
            out.truncated = true;
            break;
        }
        const StateSpace::State st = queue[at];
        const Node& n = space.node(st);
        if (n.type == NodeType::Ending) {
            int reached = 0, possible = 0;
            for (const auto& f : s.facts) {
                if (!f.key || s.stageOrder(f.stage) > st.stageReached) continue;
                for (const auto& r : f.neededBy) {
                    ++possible;
                    if (space.knowsWatched(st, r, f.id)) ++reached;
                }
            }
            if (!any || reached > out.reached || (reached == out.reached && possible > out.possible)) {
                out.reached = reached;
                out.possible = possible;
                out.ending = n.id;
                any = true;
            }
            continue;
        }
        auto push = [&](int option) {
            if (!space.step(st, option, next)) return;
            if (seen.insert(space.key(next, true)).second) queue.push_back(next);
        };
        if (n.type == NodeType::Narrative) {
            push(-1);
        } else {
            space.availableOptions(st, options);
            for (int k : options) push(k);
        }
    }
    out.statesExplored = seen.size();
    return out;
}

} // namespace wp
