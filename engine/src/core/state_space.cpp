#include "wholepicture/core/state_space.h"

#include <algorithm>
#include <cassert>
#include <cstring>
#include <deque>
#include <functional>

#include "wholepicture/core/runner.h"

namespace wp {
namespace {

std::string pairName(const std::string& role, const std::string& fact) { return role + '\n' + fact; }

} // namespace

StateSpace::StateSpace(const Scenario& s, std::string role, bool watchKeyFacts) : m_s(s), m_role(std::move(role)) {
    // Flags: every one the scenario defines or mentions (a mention of an undefined flag is a lint
    // error, but `wpt test` still plays such a scenario, and the runner accepts any id).
    auto internFlag = [&](const std::string& id) {
        if (m_flagBits.emplace(id, static_cast<int>(m_flagIds.size())).second) m_flagIds.push_back(id);
    };
    std::function<void(const Condition&)> flagsOf = [&](const Condition& c) {
        for (const auto& f : c.flagsSet) internFlag(f);
        for (const auto& f : c.flagsUnset) internFlag(f);
        for (const auto& alt : c.any) flagsOf(alt);
    };
    for (const auto& f : s.flags) internFlag(f.id);
    for (const auto& n : s.nodes) {
        for (const auto& b : n.next) flagsOf(b.when);
        for (const auto& o : n.options) {
            flagsOf(o.when);
            for (const auto& b : o.next) flagsOf(b.when);
            for (const auto& f : o.effects.set) internFlag(f);
            for (const auto& f : o.effects.clear) internFlag(f);
        }
    }
    // Watched pairs: those some condition asks about, sorted as the analysis always listed them.
    std::function<void(const Condition&)> watch = [&](const Condition& c) {
        for (const auto& k : c.knows) m_pairs.emplace_back(k.role, k.fact);
        for (const auto& alt : c.any) watch(alt);
    };
    for (const auto& n : s.nodes) {
        for (const auto& b : n.next) watch(b.when);
        for (const auto& o : n.options) {
            watch(o.when);
            for (const auto& b : o.next) watch(b.when);
        }
    }
    if (watchKeyFacts)
        for (const auto& f : s.facts)
            if (f.key)
                for (const auto& r : f.neededBy) m_pairs.emplace_back(r, f.id);
    std::sort(m_pairs.begin(), m_pairs.end());
    m_pairs.erase(std::unique(m_pairs.begin(), m_pairs.end()), m_pairs.end());
    for (size_t i = 0; i < m_pairs.size(); ++i)
        m_pairBits.emplace(pairName(m_pairs[i].first, m_pairs[i].second), static_cast<int>(m_flagIds.size() + i));
    m_words = (m_flagIds.size() + m_pairs.size() + 63) / 64;

    m_stageAdds.resize(s.stages.size());
    for (const auto& f : s.facts) {
        int order = s.stageOrder(f.stage);
        if (order < 0) continue; // never entered (runner: order > stageReached >= -1 fails)
        for (const auto& h : f.holders)
            if (int b = pairBit(h, f.id); b >= 0) m_stageAdds[static_cast<size_t>(order)].push_back(b);
    }

    auto compileNext = [&](const std::vector<Branch>& next) {
        std::vector<Next> out;
        for (const auto& b : next) out.push_back({compile(b.when), nodeIndex(b.to)});
        return out;
    };
    m_nodes.resize(s.nodes.size());
    for (size_t i = 0; i < s.nodes.size(); ++i) {
        const Node& n = s.nodes[i];
        CompiledNode& c = m_nodes[i];
        c.stage = s.stageOrder(n.stage);
        c.next = compileNext(n.next);
        for (const auto& sh : n.reveals)
            for (const auto& to : sh.to)
                if (int b = pairBit(to, sh.fact); b >= 0) c.reveals.push_back(b);
        c.options.reserve(n.options.size());
        for (const auto& o : n.options) {
            CompiledOption co;
            co.forRole = optionForRole(o, m_role);
            co.when = compile(o.when);
            for (const auto& sh : o.effects.share)
                for (const auto& to : sh.to)
                    if (int b = pairBit(to, sh.fact); b >= 0) co.add.push_back(b);
            for (const auto& f : o.effects.set) co.set.push_back(flagBit(f));
            for (const auto& f : o.effects.clear) co.clear.push_back(flagBit(f));
            co.next = compileNext(o.next);
            co.deltas.assign(s.dimensions.size(), 0);
            for (const auto& [dim, delta] : o.effects.scores) // an option scores few dimensions
                for (size_t d = 0; d < s.dimensions.size(); ++d)
                    if (s.dimensions[d].id == dim) co.deltas[d] = delta; // every entry of that id, as a lookup finds
            for (size_t d = 0; d < s.dimensions.size(); ++d) co.weighted += s.dimensions[d].weight * co.deltas[d];
            c.options.push_back(std::move(co));
        }
    }
}

int StateSpace::nodeIndex(const std::string& id) const {
    auto it = m_s.nodeIndex.find(id);
    return it == m_s.nodeIndex.end() ? -1 : static_cast<int>(it->second);
}

int StateSpace::flagBit(const std::string& id) const {
    auto it = m_flagBits.find(id);
    return it == m_flagBits.end() ? -1 : it->second;
}

int StateSpace::pairBit(const std::string& role, const std::string& fact) const {
    auto it = m_pairBits.find(pairName(role, fact));
    return it == m_pairBits.end() ? -1 : it->second;
}

StateSpace::Cond StateSpace::compile(const Condition& c) const {
    Cond out;
    for (const auto& f : c.flagsSet) out.set.push_back(flagBit(f));
    for (const auto& f : c.flagsUnset) out.unset.push_back(flagBit(f));
    for (const auto& k : c.knows) out.set.push_back(pairBit(k.role, k.fact));
    for (const auto& alt : c.any) out.any.push_back(compile(alt));
    return out;
}

bool StateSpace::Cond::holds(const std::vector<std::uint64_t>& bits) const {
    for (int b : set)
        if (!bit(bits, b)) return false;
    for (int b : unset)
        if (bit(bits, b)) return false;
    if (any.empty()) return true;
    return std::any_of(any.begin(), any.end(), [&](const Cond& alt) { return alt.holds(bits); });
}

void StateSpace::moveTo(State& st, int node) const {
    st.node = node;
    int stage = m_nodes[static_cast<size_t>(node)].stage;
    if (stage <= st.stageReached) return;
    for (int order = st.stageReached + 1; order <= stage; ++order)
        for (int b : m_stageAdds[static_cast<size_t>(order)]) setBit(st.bits, b);
    st.stageReached = stage;
}

StateSpace::State StateSpace::start() const {
    State st;
    st.bits.assign(m_words, 0);
    int node = nodeIndex(m_s.start);
    assert(node >= 0 && "StateSpace::start: the start node must exist");
    moveTo(st, node);
    return st;
}

StateSpace::State StateSpace::fromRunState(const RunState& st) const {
    assert(st.role == m_role && "StateSpace::fromRunState: a state of another role");
    State out;
    out.bits.assign(m_words, 0);
    out.node = nodeIndex(st.node);
    out.stageReached = st.stageReached;
    for (const auto& f : st.flags)
        if (int b = flagBit(f); b >= 0) setBit(out.bits, b);
    for (size_t i = 0; i < m_pairs.size(); ++i)
        if (knows(st, m_pairs[i].first, m_pairs[i].second)) setBit(out.bits, static_cast<int>(m_flagIds.size() + i));
    return out;
}

void StateSpace::availableOptions(const State& st, std::vector<int>& out) const {
    out.clear();
    if (node(st).type != NodeType::Decision) return;
    const auto& options = m_nodes[static_cast<size_t>(st.node)].options;
    for (size_t i = 0; i < options.size(); ++i)
        if (options[i].forRole && options[i].when.holds(st.bits)) out.push_back(static_cast<int>(i));
}

bool StateSpace::step(const State& st, int option, State& out) const {
    const CompiledNode& n = m_nodes[static_cast<size_t>(st.node)];
    out = st;
    const std::vector<Next>* next = &n.next;
    if (option >= 0) {
        const CompiledOption& o = n.options[static_cast<size_t>(option)];
        for (int b : o.add) setBit(out.bits, b);
        for (int b : o.set) setBit(out.bits, b);
        for (int b : o.clear) clearBit(out.bits, b);
        next = &o.next;
    } else {
        for (int b : n.reveals) setBit(out.bits, b);
    }
    for (const Next& b : *next)
        if (b.when.holds(out.bits)) {
            if (b.to < 0) return false;
            moveTo(out, b.to);
            return true;
        }
    return false;
}

void StateSpace::key(const State& st, bool withStage, std::string& out) const {
    // The node, then (optionally) the stage, then the bit words: fixed widths, so equal keys mean equal states.
    out.resize(sizeof(int) * (withStage ? 2 : 1) + m_words * sizeof(std::uint64_t));
    char* p = out.data();
    std::memcpy(p, &st.node, sizeof(int));
    p += sizeof(int);
    if (withStage) {
        std::memcpy(p, &st.stageReached, sizeof(int));
        p += sizeof(int);
    }
    if (m_words) std::memcpy(p, st.bits.data(), m_words * sizeof(std::uint64_t));
}

const std::vector<int>& StateSpace::optionDeltas(int node, int option) const {
    return m_nodes[static_cast<size_t>(node)].options[static_cast<size_t>(option)].deltas;
}

double StateSpace::optionWeighted(int node, int option) const {
    return m_nodes[static_cast<size_t>(node)].options[static_cast<size_t>(option)].weighted;
}

bool StateSpace::flagSet(const State& st, const std::string& flag) const {
    int b = flagBit(flag);
    return b >= 0 && bit(st.bits, b);
}

bool StateSpace::knowsWatched(const State& st, const std::string& role, const std::string& fact) const {
    int b = pairBit(role, fact);
    return b >= 0 && bit(st.bits, b);
}

// [SECTION] Exploring every state

bool StateGraph::Vertex::broken() const {
    return deadEnd || std::any_of(edges.begin(), edges.end(), [](const Edge& e) { return e.to < 0; });
}

int StateGraph::find(const StateSpace& space, const StateSpace::State& st) const {
    auto it = index.find(space.key(st, withStage));
    return it == index.end() ? -1 : it->second;
}

std::vector<PathStep> StateGraph::route(const StateSpace& space, int v) const {
    std::vector<PathStep> steps;
    for (int at = v; at >= 0 && vertices[static_cast<size_t>(at)].parent >= 0; at = vertices[static_cast<size_t>(at)].parent) {
        const Vertex& here = vertices[static_cast<size_t>(at)];
        const Node& from = space.scenario().nodes[static_cast<size_t>(vertices[static_cast<size_t>(here.parent)].node)];
        steps.push_back({from.id, here.via < 0 ? std::string() : from.options[static_cast<size_t>(here.via)].id, 0});
    }
    std::reverse(steps.begin(), steps.end());
    return steps;
}

namespace {

// Steps to the nearest ending from every vertex (reverse breadth-first search) and, when the whole
// space is known, the vertices from which neither an ending nor a broken state can be reached.
void computeDistances(const StateSpace& space, StateGraph& g, bool traps) {
    auto& v = g.vertices;
    std::vector<std::vector<int>> reverse(v.size());
    std::deque<int> queue;
    for (size_t i = 0; i < v.size(); ++i) {
        for (const auto& e : v[i].edges)
            if (e.to >= 0) reverse[static_cast<size_t>(e.to)].push_back(static_cast<int>(i));
        if (space.scenario().nodes[static_cast<size_t>(v[i].node)].type == NodeType::Ending) {
            v[i].distance = 0;
            queue.push_back(static_cast<int>(i));
        }
    }
    while (!queue.empty()) {
        const int at = queue.front();
        queue.pop_front();
        for (int from : reverse[static_cast<size_t>(at)])
            if (v[static_cast<size_t>(from)].distance < 0) {
                v[static_cast<size_t>(from)].distance = v[static_cast<size_t>(at)].distance + 1;
                queue.push_back(from);
            }
    }
    if (!traps) return;
    std::vector<bool> settles(v.size(), false);
    for (size_t i = 0; i < v.size(); ++i)
        if (v[i].distance >= 0 || v[i].broken()) {
            settles[i] = true;
            queue.push_back(static_cast<int>(i));
        }
    while (!queue.empty()) {
        const int at = queue.front();
        queue.pop_front();
        for (int from : reverse[static_cast<size_t>(at)])
            if (!settles[static_cast<size_t>(from)]) {
                settles[static_cast<size_t>(from)] = true;
                queue.push_back(from);
            }
    }
    for (size_t i = 0; i < v.size(); ++i) v[i].trapped = !settles[i];
}

} // namespace

StateGraph exploreStates(const StateSpace& space, const StateSearch& search) {
    StateGraph g;
    g.withStage = search.withStage;
    std::string key;
    // Adds `st` unless already known; returns its vertex either way.
    auto add = [&](int parent, int via, StateSpace::State&& st) {
        space.key(st, g.withStage, key);
        auto [it, fresh] = g.index.emplace(key, static_cast<int>(g.vertices.size()));
        if (fresh) {
            StateGraph::Vertex vx;
            vx.node = st.node;
            vx.state = std::move(st);
            vx.parent = parent;
            vx.via = via;
            g.vertices.push_back(std::move(vx));
        }
        return it->second;
    };
    add(-1, -1, space.start());
    std::vector<int> options;
    StateSpace::State next;
    // The queue is the vertices themselves: they are expanded in the order they were found.
    for (size_t at = 0; at < g.vertices.size(); ++at) {
        if (search.stopAtNode >= 0 && g.vertices[at].node == search.stopAtNode) {
            g.found = static_cast<int>(at);
            return g;
        }
        if (g.vertices.size() >= search.stateLimit) {
            g.truncated = true;
            break;
        }
        const Node& n = space.node(g.vertices[at].state);
        std::vector<StateGraph::Edge> edges;
        if (n.type == NodeType::Narrative) {
            const bool ok = space.step(g.vertices[at].state, -1, next);
            edges.push_back({-1, ok ? add(static_cast<int>(at), -1, std::move(next)) : -1});
        } else if (n.type == NodeType::Decision) {
            space.availableOptions(g.vertices[at].state, options);
            g.vertices[at].deadEnd = options.empty();
            for (int k : options) {
                const bool ok = space.step(g.vertices[at].state, k, next); // vertices may grow: index again
                edges.push_back({k, ok ? add(static_cast<int>(at), k, std::move(next)) : -1});
            }
        }
        g.vertices[at].edges = std::move(edges);
        g.vertices[at].expanded = true;
        g.vertices[at].state = {}; // only the queue needs it; the key stays in `index`
    }
    if (search.stopAtNode < 0) computeDistances(space, g, !g.truncated);
    return g;
}

} // namespace wp
