// JSON -> Scenario / PluginManifest. Structural problems (missing fields, wrong types, unknown
// enum values) are reported here; reference and graph checks live in lint.cpp.
#include <algorithm>
#include <array>
#include <iterator>

#include "json_reader.h"
#include "wholepicture/core/loader.h"
#include "wholepicture/core/two_lanes.h"

namespace wp {
namespace {

using detail::JsonReader;
using nlohmann::json;

RoleText readRoleText(JsonReader& r, const json& obj, const std::string& ptr, const char* key, bool required) {
    RoleText t;
    const json* v = r.field(obj, ptr, key, required);
    if (!v) return t;
    std::string p = ptr + "/" + key;
    if (v->is_string()) {
        t.fallback = v->get<std::string>();
        if (t.fallback.empty()) r.error(p, std::string("\"") + key + "\" is empty; write the text between the quotes");
    } else if (v->is_object()) {
        for (auto it = v->begin(); it != v->end(); ++it) {
            if (r.noteKey(it.key(), it.value(), p)) continue;
            if (!it.value().is_string()) {
                r.error(p + "/" + pointerToken(it.key()), "per-role text must be a string, found " +
                                                               JsonReader::typeName(it.value()));
                continue;
            }
            if (it.value().get<std::string>().empty())
                r.error(p + "/" + pointerToken(it.key()), "the text for \"" + it.key() +
                                                              "\" is empty; write it, or delete the key");
            if (it.key() == "default") t.fallback = it.value().get<std::string>();
            else if (it.key() != "_comment" && it.key() != "$schema") t.byRole[it.key()] = it.value().get<std::string>();
        }
    } else {
        r.error(p, std::string("\"") + key + "\" must be a string or an object of per-role texts {\"default\": ...}, found " +
                       JsonReader::typeName(*v));
    }
    return t;
}

Condition readConditionValue(JsonReader& r, const json& cv, const std::string& p, int depth);

Condition readCondition(JsonReader& r, const json& obj, const std::string& ptr, const char* key) {
    const json* v = r.object(obj, ptr, key, false);
    if (!v) return {};
    return readConditionValue(r, *v, ptr + "/" + key, 0);
}

Condition readConditionValue(JsonReader& r, const json& cv, const std::string& p, int depth) {
    Condition c;
    const json* v = &cv;
    for (const auto& f : r.strings(*v, p, "flags")) {
        if (!f.empty() && f[0] == '!') c.flagsUnset.push_back(f.substr(1));
        else c.flagsSet.push_back(f);
    }
    if (const json* k = r.array(*v, p, "knows", false)) {
        for (size_t i = 0; i < k->size(); ++i) {
            std::string kp = p + "/knows/" + std::to_string(i);
            if (!r.expectObject((*k)[i], kp, "a \"knows\" entry")) continue;
            r.knownKeys((*k)[i], kp, {"role", "fact"}, "a \"knows\" entry");
            c.knows.push_back({r.text((*k)[i], kp, "role"), r.text((*k)[i], kp, "fact")});
        }
    }
    if (const json* any = r.array(*v, p, "any", false)) {
        for (size_t i = 0; i < any->size(); ++i) {
            std::string ap = p + "/any/" + std::to_string(i);
            if (!r.expectObject((*any)[i], ap, "an \"any\" entry (a condition)")) continue;
            if (depth >= 8) {
                r.error(ap, "conditions inside \"any\" are nested too deeply; write at most a few levels");
                continue;
            }
            c.any.push_back(readConditionValue(r, (*any)[i], ap, depth + 1));
        }
        if (any->empty()) r.error(p + "/any", "\"any\" is an empty list; give two or more conditions, one of which must hold");
    }
    r.knownKeys(*v, p, {"flags", "knows", "any"}, "a condition");
    return c;
}

std::vector<Branch> readNext(JsonReader& r, const json& obj, const std::string& ptr, bool required) {
    std::vector<Branch> out;
    const json* v = r.field(obj, ptr, "next", required);
    if (!v) return out;
    std::string p = ptr + "/next";
    if (v->is_string()) {
        out.push_back({{}, v->get<std::string>(), p});
    } else if (v->is_array()) {
        out.reserve(v->size());
        for (size_t i = 0; i < v->size(); ++i) {
            std::string bp = p + "/" + std::to_string(i);
            if (!r.expectObject((*v)[i], bp, "a branch")) continue;
            r.knownKeys((*v)[i], bp, {"when", "to"}, "a branch of \"next\"");
            Branch b;
            b.when = readCondition(r, (*v)[i], bp, "when");
            b.to = r.text((*v)[i], bp, "to");
            b.pointer = bp;
            out.push_back(std::move(b));
        }
        if (v->empty()) r.error(p, "\"next\" is an empty list; give at least one {\"to\": node}");
    } else {
        r.error(p, "\"next\" must be a node id or a list of {\"when\", \"to\"} branches, found " + JsonReader::typeName(*v));
    }
    return out;
}

std::optional<Link> readLink(JsonReader& r, const json& v, const std::string& p) {
    if (!r.expectObject(v, p, "a link")) return std::nullopt;
    r.knownKeys(v, p, {"from", "to", "flow", "strength", "note"}, "a link");
    Link l;
    l.from = r.text(v, p, "from");
    l.to = r.text(v, p, "to");
    // Absent (or not a string, already reported): the default. Present but "" is a mistake like any other word.
    auto givenText = [&](const char* key) { const json* f = r.field(v, p, key, false); return f && f->is_string(); };
    std::string flow = r.str(v, p, "flow", false);
    if (flow.empty() && !givenText("flow")) l.flow = Flow::OneWay;
    else if (flow == "one_way") l.flow = Flow::OneWay;
    else if (flow == "two_way") l.flow = Flow::TwoWay;
    else r.error(p + "/flow", "\"flow\" must be \"one_way\" or \"two_way\", found \"" + flow + "\"");
    std::string strength = r.str(v, p, "strength", false);
    if (strength.empty() && !givenText("strength")) l.strength = Strength::Peripheral;
    else if (strength == "peripheral") l.strength = Strength::Peripheral;
    else if (strength == "critical") l.strength = Strength::Critical;
    else r.error(p + "/strength", "\"strength\" must be \"critical\" or \"peripheral\", found \"" + strength + "\"");
    l.note = r.str(v, p, "note", false);
    return l;
}

std::vector<Link> readLinks(JsonReader& r, const json* list, const std::string& p) {
    std::vector<Link> out;
    if (!list) return out;
    for (size_t i = 0; i < list->size(); ++i)
        if (auto l = readLink(r, (*list)[i], p + "/" + std::to_string(i))) out.push_back(*l);
    return out;
}

Option readOption(JsonReader& r, const json& v, const std::string& p) {
    Option o;
    o.pointer = p;
    r.knownKeys(v, p, {"id", "roles", "text", "when", "effects", "feedback", "critical", "historical", "next"}, "an option");
    o.id = r.text(v, p, "id");
    o.text = r.text(v, p, "text");
    o.roles = r.strings(v, p, "roles");
    if (o.roles.empty() && r.field(v, p, "roles", false))
        r.error(p + "/roles", "\"roles\" is an empty list; name the roles who may take this option, or leave \"roles\" "
                              "out so every playable role may");
    o.when = readCondition(r, v, p, "when");
    if (const json* e = r.object(v, p, "effects", false)) {
        std::string ep = p + "/effects";
        r.knownKeys(*e, ep, {"share", "links", "scores", "set", "clear"}, "\"effects\"");
        if (const json* share = r.array(*e, ep, "share", false)) {
            for (size_t i = 0; i < share->size(); ++i) {
                std::string sp = ep + "/share/" + std::to_string(i);
                if (!r.expectObject((*share)[i], sp, "a share")) continue;
                r.knownKeys((*share)[i], sp, {"fact", "to"}, "a share");
                o.effects.share.push_back({r.text((*share)[i], sp, "fact"), r.strings((*share)[i], sp, "to", true)});
                if (o.effects.share.back().to.empty() && r.field((*share)[i], sp, "to", false))
                    r.error(sp + "/to", "\"to\" is an empty list; name the roles who learn the fact");
            }
        }
        o.effects.links = readLinks(r, r.array(*e, ep, "links", false), ep + "/links");
        if (const json* sc = r.object(*e, ep, "scores", false)) {
            for (auto it = sc->begin(); it != sc->end(); ++it) {
                if (r.noteKey(it.key(), it.value(), ep + "/scores")) continue;
                if (!it.value().is_number_integer()) {
                    r.error(ep + "/scores/" + pointerToken(it.key()),
                            "a score change must be a whole number such as 2 or -1, found " +
                                JsonReader::typeName(it.value()));
                    continue;
                }
                // Bounded here so every sum over a path fits an int (code review: unbounded score deltas).
                auto delta = JsonReader::intIn(it.value(), -kMaxScoreDelta, kMaxScoreDelta);
                if (!delta) {
                    r.error(ep + "/scores/" + pointerToken(it.key()),
                            "a score change of " + it.value().dump() + " is out of range: write a whole number between -" +
                                std::to_string(kMaxScoreDelta) + " and " + std::to_string(kMaxScoreDelta));
                    continue;
                }
                o.effects.scores[it.key()] = static_cast<int>(*delta);
            }
        }
        o.effects.set = r.strings(*e, ep, "set");
        o.effects.clear = r.strings(*e, ep, "clear");
    }
    if (const json* f = r.object(v, p, "feedback", false)) { // absence is reported by the lint, once
        std::string fp = p + "/feedback";
        r.knownKeys(*f, fp, {"outcome", "views", "guidance"}, "\"feedback\"");
        o.feedback.outcome = r.text(*f, fp, "outcome");
        if (const json* views = r.object(*f, fp, "views", false)) {
            for (auto it = views->begin(); it != views->end(); ++it) {
                if (r.noteKey(it.key(), it.value(), fp + "/views")) continue;
                if (it.value().is_string() && !it.value().get<std::string>().empty())
                    o.feedback.views[it.key()] = it.value().get<std::string>();
                else if (it.value().is_string())
                    r.error(fp + "/views/" + pointerToken(it.key()), "the view of \"" + it.key() +
                                                                         "\" is empty; write it, or delete the key");
                else r.error(fp + "/views/" + pointerToken(it.key()), "a view must be a string");
            }
        }
        if (const json* g = r.array(*f, fp, "guidance", false)) {
            for (size_t i = 0; i < g->size(); ++i) {
                std::string gp = fp + "/guidance/" + std::to_string(i);
                if (!r.expectObject((*g)[i], gp, "a guidance citation")) continue;
                r.knownKeys((*g)[i], gp, {"ref", "section"}, "a guidance citation");
                o.feedback.guidance.push_back({r.text((*g)[i], gp, "ref"), r.str((*g)[i], gp, "section", false)});
            }
        }
    }
    o.critical = r.str(v, p, "critical", false);
    // The fairness marker (wpt fairness): true on an option that is (close to) what the real
    // professional did. Optional; a non-boolean is an error.
    o.historical = r.boolean(v, p, "historical", false);
    o.next = readNext(r, v, p, true);
    return o;
}

// One level id of the threshold scale; an unknown one is an error naming the four (with the closest).
std::optional<ThresholdLevel> readLevel(JsonReader& r, const json& v, const std::string& p) {
    if (!v.is_string()) {
        r.error(p, "a threshold level must be a string such as \"child_in_need\", found " + JsonReader::typeName(v));
        return std::nullopt;
    }
    const std::string id = v.get<std::string>();
    if (auto level = thresholdLevelFromId(id)) return level;
    std::vector<std::string> ids;
    for (int i = 0; i < kThresholdLevelCount; ++i) ids.push_back(thresholdLevelId(static_cast<ThresholdLevel>(i)));
    std::string hint = didYouMean(id, ids);
    r.error(p, "unknown threshold level \"" + id + "\"" + (hint.empty() ? "" : "; did you mean \"" + hint + "\"?") +
                   " The levels are \"universal\", \"early_help\", \"child_in_need\" and \"child_protection\"");
    return std::nullopt;
}

ThresholdPoint readThreshold(JsonReader& r, const json& v, const std::string& p) {
    ThresholdPoint t;
    t.pointer = p;
    r.knownKeys(v, p, {"level", "defensible", "at_the_time", "why"}, "\"threshold\"");
    if (const json* level = r.field(v, p, "level", true))
        if (auto l = readLevel(r, *level, p + "/level")) t.level = *l;
    if (const json* d = r.array(v, p, "defensible", false))
        for (size_t i = 0; i < d->size(); ++i)
            if (auto l = readLevel(r, (*d)[i], p + "/defensible/" + std::to_string(i))) t.defensible.push_back(*l);
    if (const json* then = r.field(v, p, "at_the_time", false)) t.atTheTime = readLevel(r, *then, p + "/at_the_time");
    t.why = r.text(v, p, "why");
    return t;
}

ChronologyPoint readChronology(JsonReader& r, const json& v, const std::string& p) {
    ChronologyPoint c;
    c.pointer = p;
    r.knownKeys(v, p, {"why", "mattered"}, "\"chronology\"");
    c.why = r.text(v, p, "why");
    c.mattered = r.strings(v, p, "mattered");
    return c;
}

// "good" | "partial" | "poor"; anything else is an error naming the three words.
ChallengeRating readRating(JsonReader& r, const json& v, const std::string& p, const char* key) {
    const json* field = r.field(v, p, key, true);
    if (!field) return ChallengeRating::Partial; // missing: already reported
    const std::string id = r.str(v, p, key, true);
    if (!field->is_string()) return ChallengeRating::Partial; // not a string: already reported
    if (auto rating = challengeRatingFromId(id)) return *rating;
    std::string hint = didYouMean(id, {"good", "partial", "poor"});
    r.error(p + "/" + key, "\"" + std::string(key) + "\" is \"" + id + "\"" +
                               (hint.empty() ? "" : "; did you mean \"" + hint + "\"?") +
                               " A rating is \"good\", \"partial\" or \"poor\"");
    return ChallengeRating::Partial;
}

std::vector<EscalationStep> readEscalation(JsonReader& r, const json& v, const std::string& p) {
    std::vector<EscalationStep> route;
    const json* steps = r.array(v, p, "escalation", false);
    if (steps && steps->empty())
        r.error(p + "/escalation", "\"escalation\" is an empty list: give the route's steps, or leave it out to use the "
                                   "local procedures pack's route or the national one");
    if (steps)
        for (size_t i = 0; i < steps->size(); ++i) {
            const std::string sp = p + "/escalation/" + std::to_string(i);
            if (!r.expectObject((*steps)[i], sp, "an escalation step")) continue;
            const json& e = (*steps)[i];
            r.knownKeys(e, sp, {"who", "how", "within"}, "an escalation step");
            route.push_back({r.text(e, sp, "who"), r.text(e, sp, "how"), r.str(e, sp, "within", false)});
        }
    return route;
}

ChallengePoint readChallenge(JsonReader& r, const json& v, const std::string& p) {
    ChallengePoint c;
    c.pointer = p;
    r.knownKeys(v, p,
                {"agency", "decision", "roles", "approaches", "reply", "escalation", "resolves_at", "outcome", "why"},
                "\"challenge\"");
    c.agency = r.text(v, p, "agency");
    c.decision = r.text(v, p, "decision");
    c.roles = r.strings(v, p, "roles");
    if (const json* as = r.array(v, p, "approaches", true))
        for (size_t i = 0; i < as->size(); ++i) {
            const std::string ap = p + "/approaches/" + std::to_string(i);
            if (!r.expectObject((*as)[i], ap, "an approach")) continue;
            const json& e = (*as)[i];
            r.knownKeys(e, ap, {"id", "text", "tone", "child_focus", "feedback"}, "an approach");
            ChallengeApproach a;
            a.pointer = ap;
            a.id = r.text(e, ap, "id");
            a.text = r.text(e, ap, "text");
            a.tone = readRating(r, e, ap, "tone");
            a.childFocus = readRating(r, e, ap, "child_focus");
            a.feedback = r.text(e, ap, "feedback");
            c.approaches.push_back(std::move(a));
        }
    c.reply = r.text(v, p, "reply");
    c.escalation = readEscalation(r, v, p);
    c.resolvesAt = r.integer(v, p, "resolves_at", false, 2);
    c.outcome = r.text(v, p, "outcome");
    c.why = r.text(v, p, "why");
    return c;
}

Node readNode(JsonReader& r, const json& v, const std::string& p) {
    Node n;
    n.pointer = p;
    n.id = r.text(v, p, "id");
    n.stage = r.text(v, p, "stage");
    n.title = r.str(v, p, "title", false);
    std::string type = r.text(v, p, "type");
    if (type == "narrative") {
        n.type = NodeType::Narrative;
        r.knownKeys(v, p, {"id", "type", "stage", "title", "text", "reveals", "next"}, "a narrative node");
        n.text = readRoleText(r, v, p, "text", true);
        if (const json* rv = r.array(v, p, "reveals", false)) {
            for (size_t i = 0; i < rv->size(); ++i) {
                std::string sp = p + "/reveals/" + std::to_string(i);
                if (!r.expectObject((*rv)[i], sp, "a \"reveals\" entry")) continue;
                r.knownKeys((*rv)[i], sp, {"fact", "to"}, "a \"reveals\" entry");
                n.reveals.push_back({r.text((*rv)[i], sp, "fact"), r.strings((*rv)[i], sp, "to", true)});
                if (n.reveals.back().to.empty() && r.field((*rv)[i], sp, "to", false))
                    r.error(sp + "/to", "\"to\" is an empty list; name the roles who learn the fact");
            }
        }
        n.next = readNext(r, v, p, true);
    } else if (type == "decision") {
        n.type = NodeType::Decision;
        r.knownKeys(v, p,
                    {"id", "type", "stage", "title", "situation", "question", "perspectives", "options", "threshold",
                     "chronology", "challenge"},
                    "a decision node");
        if (const json* t = r.object(v, p, "threshold", false)) n.threshold = readThreshold(r, *t, p + "/threshold");
        if (const json* c = r.object(v, p, "chronology", false)) n.chronology = readChronology(r, *c, p + "/chronology");
        if (const json* c = r.object(v, p, "challenge", false)) n.challenge = readChallenge(r, *c, p + "/challenge");
        n.situation = readRoleText(r, v, p, "situation", true);
        n.question = readRoleText(r, v, p, "question", false);
        if (const json* ps = r.array(v, p, "perspectives", false)) {
            n.perspectives.reserve(ps->size());
            for (size_t i = 0; i < ps->size(); ++i) {
                std::string pp = p + "/perspectives/" + std::to_string(i);
                if (!r.expectObject((*ps)[i], pp, "a perspective")) continue;
                const json& e = (*ps)[i];
                r.knownKeys(e, pp, {"role", "knows", "thinks", "pressures"}, "a perspective");
                n.perspectives.push_back(
                    {r.text(e, pp, "role"), r.text(e, pp, "knows"), r.text(e, pp, "thinks"), r.text(e, pp, "pressures")});
            }
        }
        if (const json* os = r.array(v, p, "options", true)) {
            // Exactly as many as the case has: a doubling vector keeps up to twice that, and a large
            // case's options are a good part of its memory (wpt test of 2,000 decisions, heaptrack).
            n.options.reserve(os->size());
            for (size_t i = 0; i < os->size(); ++i) {
                std::string op = p + "/options/" + std::to_string(i);
                if (!r.expectObject((*os)[i], op, "an option")) continue;
                n.options.push_back(readOption(r, (*os)[i], op));
            }
        }
    } else if (type == "ending") {
        n.type = NodeType::Ending;
        r.knownKeys(v, p, {"id", "type", "stage", "title", "roles", "text", "what_happened", "proposals", "prompts"},
                    "an ending node");
        n.endingRoles = r.strings(v, p, "roles");
        if (n.endingRoles.empty() && r.field(v, p, "roles", false))
            r.error(p + "/roles", "\"roles\" is an empty list; name the playable roles this ending is for, or leave it out");
        n.text = readRoleText(r, v, p, "text", true);
        n.whatHappened = r.str(v, p, "what_happened", false);
        n.proposals = r.strings(v, p, "proposals");
        if (const json* ps = r.array(v, p, "prompts", false)) {
            for (size_t i = 0; i < ps->size(); ++i) {
                std::string pp = p + "/prompts/" + std::to_string(i);
                if (!r.expectObject((*ps)[i], pp, "a prompt")) continue;
                r.knownKeys((*ps)[i], pp, {"step", "text"}, "a prompt");
                n.prompts.push_back({r.integer((*ps)[i], pp, "step", true, 1), r.text((*ps)[i], pp, "text")});
            }
        }
    } else if (!type.empty()) {
        r.error(p + "/type", "unknown node type \"" + type + "\"; expected \"narrative\", \"decision\" or \"ending\"");
    }
    return n;
}

std::vector<Node> readNodeRange(JsonReader& r, const json& nodes, size_t from, size_t to) {
    std::vector<Node> out;
    out.reserve(to - from);
    for (size_t i = from; i < to; ++i) {
        std::string p = "/nodes/" + std::to_string(i);
        if (!r.expectObject(nodes[i], p, "a node")) continue;
        out.push_back(readNode(r, nodes[i], p));
    }
    return out;
}

// From this many nodes on, they are read in two lanes (two_lanes.h): a 2,000-decision case's nodes take
// a tenth of a second on one core.
constexpr size_t kNodesReadInTwoLanes = 256;

std::vector<Node> readNodes(JsonReader& r, const json& nodes) {
    if (nodes.size() >= kNodesReadInTwoLanes) {
        const size_t half = nodes.size() / 2;
        std::array<Diagnostics, 2> found;
        std::array<JsonReader, 2> lanes{JsonReader(r.file(), found[0], JsonReader::Locate::Never),
                                        JsonReader(r.file(), found[1], JsonReader::Locate::Never)};
        std::vector<std::vector<Node>> halves = inTwoLanes<std::vector<Node>>(2, [&](size_t lane) {
            return lane == 0 ? readNodeRange(lanes[0], nodes, 0, half) : readNodeRange(lanes[1], nodes, half, nodes.size());
        });
        // Anything to report: read again in order, so the messages come located and in the file's order.
        if (found[0].empty() && found[1].empty()) {
            std::vector<Node> all = std::move(halves[0]);
            all.insert(all.end(), std::make_move_iterator(halves[1].begin()), std::make_move_iterator(halves[1].end()));
            return all;
        }
    }
    return readNodeRange(r, nodes, 0, nodes.size());
}

} // namespace

std::optional<PluginManifest> parseManifest(const JsonFile& file, const KnowledgeBase& kb, Diagnostics& diags) {
    JsonReader r(file, diags);
    const json& v = file.value;
    if (!r.expectObject(v, "", "plugin.json")) return std::nullopt;
    size_t before = diags.size();
    r.knownKeys(v, "", {"id", "name", "version", "kind", "format_version", "entry", "roles", "summary", "complexity",
                        "minutes", "content_warnings", "source", "invented"},
                "plugin.json");
    PluginManifest m;
    m.id = r.text(v, "", "id");
    // A plain loop, not std::regex: libstdc++'s regex recurses per character, and a multi-megabyte id
    // in a hostile plugin.json overflowed the stack.
    auto plainId = [](const std::string& id) {
        if (id.empty() || id.size() > 64 || !(id[0] >= 'a' && id[0] <= 'z')) return false;
        return std::all_of(id.begin(), id.end(),
                           [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'; });
    };
    if (!m.id.empty() && !plainId(m.id))
        r.error("/id", "plugin id \"" + m.id.substr(0, 80) + (m.id.size() > 80 ? "...": "") + "\" must start with a lower-case letter and use only a-z, 0-9, _ and - (at most 64 characters)");
    m.name = r.text(v, "", "name");
    m.version = r.text(v, "", "version");
    m.kind = r.text(v, "", "kind");
    if (!m.kind.empty() && m.kind != "scenario")
        r.error("/kind", "unknown plugin kind \"" + m.kind + "\"; this version of Whole Picture loads \"scenario\" plugins");
    m.formatVersion = r.integer(v, "", "format_version", true);
    if (m.formatVersion != 0 && m.formatVersion != kScenarioFormatVersion)
        r.error("/format_version", "plugin is written for scenario format " + std::to_string(m.formatVersion) +
                                       " but this app reads format " + std::to_string(kScenarioFormatVersion) +
                                       "; update Whole Picture or convert the plugin");
    m.entry = r.strings(v, "", "entry", true);
    if (m.entry.size() != 1 && r.field(v, "", "entry", false))
        r.error("/entry", "format 1 takes exactly one scenario file in \"entry\", e.g. [\"scenario.json\"]");
    m.roles = r.strings(v, "", "roles", true);
    if (m.roles.empty() && r.field(v, "", "roles", false)) r.error("/roles", "list at least one playable role");
    for (size_t i = 0; i < m.roles.size(); ++i) {
        if (kb.roles.empty() || kb.role(m.roles[i])) continue;
        std::string hint = didYouMean(m.roles[i], kb.roleIds());
        r.error("/roles/" + std::to_string(i), "unknown role \"" + m.roles[i] + "\"" +
                                                   (hint.empty() ? "" : "; did you mean \"" + hint + "\"?") +
                                                   " Roles come from the shared list (plugins/README.md section 8); a role "
                                                   "this case names differently takes the nearest role's id and a "
                                                   "\"role_labels\" entry in the scenario");
    }
    m.summary = r.text(v, "", "summary");
    m.complexity = r.text(v, "", "complexity");
    if (!m.complexity.empty() && m.complexity != "modest" && m.complexity != "significant" && m.complexity != "complex")
        r.error("/complexity", "\"complexity\" must be \"modest\", \"significant\" or \"complex\", found \"" + m.complexity + "\"");
    m.minutes = r.integer(v, "", "minutes", true);
    if (const json* mins = r.field(v, "", "minutes", false); mins && mins->is_number_integer() && m.minutes <= 0)
        r.error("/minutes", "\"minutes\" must be more than 0");
    m.contentWarnings = r.strings(v, "", "content_warnings", true);
    if (m.contentWarnings.empty() && r.field(v, "", "content_warnings", false))
        r.error("/content_warnings", "every scenario needs at least one content warning saying what the case contains");
    m.source = r.str(v, "", "source", false);
    m.invented = r.boolean(v, "", "invented", false);
    (void)before;
    return m;
}

std::optional<Scenario> parseScenario(const JsonFile& file, Diagnostics& diags) {
    JsonReader r(file, diags);
    const json& v = file.value;
    if (!r.expectObject(v, "", "the scenario file")) return std::nullopt;
    Scenario s;
    r.knownKeys(v, "", {"format_version", "title", "child", "case_summary", "role_labels", "cast", "dimensions", "stages",
                        "facts", "flags", "critical_actions", "initial_map", "historical_map", "start", "nodes"},
                "the scenario file (top level)");
    s.formatVersion = r.integer(v, "", "format_version", true, kScenarioFormatVersion);
    if (s.formatVersion != kScenarioFormatVersion)
        r.error("/format_version", "scenario file is format " + std::to_string(s.formatVersion) + "; this app reads format " +
                                       std::to_string(kScenarioFormatVersion));
    s.title = r.text(v, "", "title");
    if (const json* c = r.object(v, "", "child", true)) {
        r.knownKeys(*c, "/child", {"name", "age", "summary"}, "\"child\"");
        s.childName = r.text(*c, "/child", "name");
        s.childAge = r.integer(*c, "/child", "age", false);
        s.childSummary = r.str(*c, "/child", "summary", false);
    }
    s.caseSummary = r.text(v, "", "case_summary");
    if (const json* labels = r.object(v, "", "role_labels", false)) {
        for (auto it = labels->begin(); it != labels->end(); ++it) {
            std::string lp = "/role_labels/" + pointerToken(it.key());
            if (r.noteKey(it.key(), it.value(), "/role_labels")) continue;
            if (!it.value().is_string() || it.value().get<std::string>().empty()) {
                r.error(lp, "a role label must be a non-empty text such as \"Form tutor\", found " +
                                JsonReader::typeName(it.value()));
                continue;
            }
            s.roleLabels[it.key()] = it.value().get<std::string>();
        }
    }
    if (const json* cast = r.array(v, "", "cast", true)) {
        for (size_t i = 0; i < cast->size(); ++i) {
            std::string p = "/cast/" + std::to_string(i);
            if (!r.expectObject((*cast)[i], p, "a cast member")) continue;
            const json& e = (*cast)[i];
            r.knownKeys(e, p, {"id", "name", "kind", "roles", "description"}, "a cast member");
            s.cast.push_back({r.text(e, p, "id"), r.text(e, p, "name"), r.text(e, p, "kind"), r.strings(e, p, "roles"),
                              r.str(e, p, "description", false)});
        }
    }
    if (const json* dims = r.object(v, "", "dimensions", true)) {
        for (auto it = dims->begin(); it != dims->end(); ++it) {
            if (r.noteKey(it.key(), it.value(), "/dimensions")) continue;
            if (!it.value().is_number() || it.value().get<double>() <= 0) {
                r.error("/dimensions/" + pointerToken(it.key()), "a dimension weight must be a number above 0, e.g. 1");
                continue;
            }
            s.dimensions.push_back({it.key(), it.value().get<double>()});
        }
    }
    if (const json* st = r.array(v, "", "stages", true)) {
        for (size_t i = 0; i < st->size(); ++i) {
            std::string p = "/stages/" + std::to_string(i);
            if (!r.expectObject((*st)[i], p, "a stage")) continue;
            r.knownKeys((*st)[i], p, {"id", "title", "date"}, "a stage");
            s.stages.push_back({r.text((*st)[i], p, "id"), r.text((*st)[i], p, "title"), r.str((*st)[i], p, "date", false)});
        }
    }
    if (const json* fs = r.array(v, "", "facts", false)) {
        for (size_t i = 0; i < fs->size(); ++i) {
            std::string p = "/facts/" + std::to_string(i);
            if (!r.expectObject((*fs)[i], p, "a fact")) continue;
            const json& e = (*fs)[i];
            r.knownKeys(e, p, {"id", "stage", "holders", "text", "key", "needed_by", "date", "concern"}, "a fact");
            Fact f;
            f.pointer = p;
            f.id = r.text(e, p, "id");
            f.stage = r.text(e, p, "stage");
            f.holders = r.strings(e, p, "holders", true);
            f.text = r.text(e, p, "text");
            f.key = r.boolean(e, p, "key", false);
            f.neededBy = r.strings(e, p, "needed_by");
            f.date = r.str(e, p, "date", false);
            f.concern = r.boolean(e, p, "concern", false);
            s.facts.push_back(std::move(f));
        }
    }
    if (const json* fl = r.array(v, "", "flags", false)) {
        for (size_t i = 0; i < fl->size(); ++i) {
            std::string p = "/flags/" + std::to_string(i);
            if (!r.expectObject((*fl)[i], p, "a flag")) continue;
            r.knownKeys((*fl)[i], p, {"id", "description"}, "a flag");
            s.flags.push_back({r.text((*fl)[i], p, "id"), r.str((*fl)[i], p, "description", false)});
        }
    }
    if (const json* ca = r.array(v, "", "critical_actions", false)) {
        for (size_t i = 0; i < ca->size(); ++i) {
            std::string p = "/critical_actions/" + std::to_string(i);
            if (!r.expectObject((*ca)[i], p, "a critical action")) continue;
            const json& e = (*ca)[i];
            r.knownKeys(e, p, {"id", "kind", "roles", "text"}, "a critical action");
            CriticalAction a;
            a.id = r.text(e, p, "id");
            std::string kind = r.text(e, p, "kind");
            if (kind == "must_do") a.kind = CriticalKind::MustDo;
            else if (kind == "must_avoid") a.kind = CriticalKind::MustAvoid;
            else if (!kind.empty()) r.error(p + "/kind", "\"kind\" must be \"must_do\" or \"must_avoid\", found \"" + kind + "\"");
            a.roles = r.strings(e, p, "roles");
            if (a.roles.empty() && r.field(e, p, "roles", false))
                r.error(p + "/roles", "\"roles\" is an empty list; name the playable roles this action applies to, or "
                                      "leave \"roles\" out so it applies to every playable role");
            a.text = r.text(e, p, "text");
            s.criticalActions.push_back(std::move(a));
        }
    }
    s.initialMap = readLinks(r, r.array(v, "", "initial_map", false), "/initial_map");
    if (const json* hm = r.object(v, "", "historical_map", false)) {
        r.knownKeys(*hm, "/historical_map", {"links", "note"}, "\"historical_map\"");
        s.historicalMap = readLinks(r, r.array(*hm, "/historical_map", "links", true), "/historical_map/links");
        s.historicalNote = r.str(*hm, "/historical_map", "note", false);
    }
    s.start = r.text(v, "", "start");
    if (const json* ns = r.array(v, "", "nodes", true)) s.nodes = readNodes(r, *ns);
    indexScenario(s);
    return s;
}

} // namespace wp
