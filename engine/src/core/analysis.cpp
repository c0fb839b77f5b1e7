#include "wholepicture/core/analysis.h"

#include <algorithm>
#include <limits>
#include <unordered_map>

#include "wholepicture/core/runner.h"

namespace wp {
namespace {

// Depth-first exploration of the run states, memoised on the part of the state that can change
// what happens next: node, flags, and the (role, fact) pairs that some condition asks about.
// Scores are left out of the key because they only add up along the way.
class Explorer {
public:
    Explorer(const Scenario& s, const std::string& role, size_t limit) : m_s(s), m_limit(limit) {
        m_result.role = role;
        for (const auto& d : s.dimensions) m_dims.push_back(d);
        auto note = [&](const Condition& c) {
            for (const auto& k : c.knows) m_watched.emplace_back(k.role, k.fact);
        };
        for (const auto& n : s.nodes) {
            for (const auto& b : n.next) note(b.when);
            for (const auto& o : n.options) {
                note(o.when);
                for (const auto& b : o.next) note(b.when);
            }
        }
        std::sort(m_watched.begin(), m_watched.end());
        m_watched.erase(std::unique(m_watched.begin(), m_watched.end()), m_watched.end());
    }

    RoleAnalysis run() {
        RunState start = startRun(m_s, m_result.role);
        int root = explore(start);
        const Record& r = m_records[static_cast<size_t>(root)];
        for (size_t i = 0; i < m_dims.size(); ++i) m_result.dimensions[m_dims[i].id] = {r.best[i], r.worst[i]};
        m_result.bestWeighted = r.bestWeighted;
        m_result.worstWeighted = r.worstWeighted;
        std::vector<bool> walked(m_records.size(), false); // a cycle must not trap the walk
        for (int at = root; at >= 0 && !walked[static_cast<size_t>(at)] && m_records[static_cast<size_t>(at)].bestNext >= 0;) {
            walked[static_cast<size_t>(at)] = true;
            const Record& rec = m_records[static_cast<size_t>(at)];
            if (!rec.bestOption.empty()) m_result.strongestPath.emplace_back(rec.node, rec.bestOption);
            at = rec.bestNext;
        }
        m_result.statesExplored = m_records.size();
        auto sortUnique = [](std::vector<std::string>& v) {
            std::sort(v.begin(), v.end());
            v.erase(std::unique(v.begin(), v.end()), v.end());
        };
        sortUnique(m_result.deadEnds);
        sortUnique(m_result.noBranch);
        sortUnique(m_result.loops);
        return std::move(m_result);
    }

private:
    struct Record {
        std::string node;
        std::vector<int> best, worst;
        double bestWeighted = 0, worstWeighted = 0;
        int bestNext = -1;
        std::string bestOption;
        bool done = false;
    };

    const Scenario& m_s;
    size_t m_limit;
    RoleAnalysis m_result;
    std::vector<DimensionWeight> m_dims;
    std::vector<std::pair<std::string, std::string>> m_watched;
    std::vector<Record> m_records;
    std::unordered_map<std::string, int> m_memo;

    std::string keyOf(const RunState& st) const {
        std::string key = st.node;
        key += '|';
        for (const auto& f : st.flags) key += f + ',';
        key += '|';
        for (const auto& [role, fact] : m_watched) key += knows(st, role, fact) ? '1' : '0';
        return key;
    }

    int explore(const RunState& st) {
        std::string key = keyOf(st);
        if (auto it = m_memo.find(key); it != m_memo.end()) {
            if (!m_records[static_cast<size_t>(it->second)].done) m_result.loops.push_back(st.node);
            return it->second;
        }
        int index = static_cast<int>(m_records.size());
        m_memo.emplace(key, index);
        Record fresh;
        fresh.node = st.node;
        fresh.best.assign(m_dims.size(), 0);
        fresh.worst.assign(m_dims.size(), 0);
        m_records.push_back(std::move(fresh));
        if (m_records.size() > m_limit) {
            m_result.truncated = true;
            m_records[static_cast<size_t>(index)].done = true;
            return index;
        }

        const Node& n = currentNode(m_s, st);
        m_result.reachableNodes.insert(n.id);
        struct Successor {
            std::string option;
            const Effects* effects;
            RunState state;
        };
        std::vector<Successor> successors;
        // The path and the per-stage measures do not change what can happen next; dropping them
        // keeps every state copy small (the exploration copies one state per option).
        auto lean = [](std::optional<RunState> next) {
            if (next) {
                next->path.clear();
                next->picture.clear();
            }
            return next;
        };
        if (n.type == NodeType::Ending) {
            m_result.reachableEndings.insert(n.id);
        } else if (n.type == NodeType::Narrative) {
            if (auto next = lean(proceed(m_s, st, 0))) successors.push_back({"", nullptr, std::move(*next)});
            else m_result.noBranch.push_back(n.id);
        } else {
            auto options = availableOptions(m_s, st);
            if (options.empty()) m_result.deadEnds.push_back(n.id);
            for (const Option* o : options) {
                m_result.reachableOptions.emplace(n.id, o->id);
                if (auto next = lean(choose(m_s, st, o->id, 0))) successors.push_back({o->id, &o->effects, std::move(*next)});
                else m_result.noBranch.push_back(n.id);
            }
        }

        bool first = true;
        Record acc;
        acc.best.assign(m_dims.size(), 0);
        acc.worst.assign(m_dims.size(), 0);
        for (auto& succ : successors) {
            int child = explore(succ.state);
            const Record& c = m_records[static_cast<size_t>(child)];
            double weighted = 0;
            std::vector<int> delta(m_dims.size(), 0);
            if (succ.effects) {
                for (size_t i = 0; i < m_dims.size(); ++i) {
                    auto it = succ.effects->scores.find(m_dims[i].id);
                    delta[i] = it == succ.effects->scores.end() ? 0 : it->second;
                    weighted += m_dims[i].weight * delta[i];
                }
            }
            for (size_t i = 0; i < m_dims.size(); ++i) {
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
        Record& r = m_records[static_cast<size_t>(index)];
        r.best = std::move(acc.best);
        r.worst = std::move(acc.worst);
        r.bestWeighted = acc.bestWeighted;
        r.worstWeighted = acc.worstWeighted;
        r.bestNext = acc.bestNext;
        r.bestOption = std::move(acc.bestOption);
        r.done = true;
        return index;
    }
};

} // namespace

RoleAnalysis analyseRole(const Scenario& s, const std::string& role, size_t stateLimit) {
    if (!s.node(s.start)) {
        RoleAnalysis empty;
        empty.role = role;
        return empty;
    }
    return Explorer(s, role, stateLimit).run();
}

} // namespace wp
