// Semantic checks on a parsed scenario: every reference resolves (with "did you mean"), every
// decision serves every playable role, every ending is reachable by every playable role, no dead
// ends or loops, and nothing is defined and never used.
#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "wholepicture/core/analysis.h"
#include "wholepicture/core/loader.h"
#include "wholepicture/core/map_layout.h"
#include "wholepicture/core/two_lanes.h"

namespace wp {
namespace {

// From this many nodes a case's roles are explored in two lanes (Linter::checkPaths).
constexpr size_t kNodesForTwoLanes = 500;

class Linter {
public:
    Linter(const Scenario& s, const PluginManifest& m, const KnowledgeBase& kb, const JsonFile& f, Diagnostics& d)
        : s(s), m(m), kb(kb), f(f), d(d) {
        for (const auto& c : s.cast) castIds.push_back(c.id);
        for (const auto& n : s.nodes) nodeIds.push_back(n.id);
        for (const auto& x : s.facts) factIds.push_back(x.id);
        for (const auto& x : s.stages) stageIds.push_back(x.id);
        for (const auto& x : s.flags) flagIds.push_back(x.id);
        for (const auto& x : s.dimensions) dimIds.push_back(x.id);
        for (const auto& x : s.criticalActions) criticalIds.push_back(x.id);
        kbRoleIds = kb.roleIds();
        kbGuidanceIds = kb.guidanceIds();
    }

    void run() {
        checkUnique();
        checkCast();
        checkDefinitions();
        checkNodes();
        checkUsage();
        if (!hasErrors(d)) checkPaths();
    }

private:
    const Scenario& s;
    const PluginManifest& m;
    const KnowledgeBase& kb;
    const JsonFile& f;
    Diagnostics& d;
    std::vector<std::string> castIds, nodeIds, factIds, stageIds, flagIds, dimIds, criticalIds, kbRoleIds, kbGuidanceIds;
    std::set<std::string> factsUsed, flagsSet, flagsRead, dimsScored, criticalUsed;
    // Membership sets for the id lists above (keyed by the member's address), built on first use (a large case has thousands of nodes).
    std::unordered_map<const std::vector<std::string>*, std::unordered_set<std::string>> lookups;

    bool contains(const std::vector<std::string>& known, const std::string& id) {
        if (known.size() < 16) return std::find(known.begin(), known.end(), id) != known.end();
        auto [it, fresh] = lookups.try_emplace(&known);
        if (fresh) it->second.insert(known.begin(), known.end());
        return it->second.count(id) > 0;
    }

    static std::string joinIds(const std::vector<std::string>& ids) {
        std::string out;
        for (size_t i = 0; i < ids.size(); ++i) out += (i ? ", " : "") + ids[i];
        return out;
    }

    void error(const std::string& p, std::string msg) { d.push_back(f.at(Severity::Error, p, std::move(msg))); }
    void warning(const std::string& p, std::string msg) { d.push_back(f.at(Severity::Warning, p, std::move(msg))); }

    // Reports an unknown reference with the closest known id, if any.
    bool ref(const std::string& p, const std::string& what, const std::string& id, const std::vector<std::string>& known,
             const char* where) {
        if (contains(known, id)) return true;
        std::string hint = didYouMean(id, known);
        error(p, "unknown " + what + " \"" + id + "\"" +
                     (hint.empty() ? std::string("; define it in ") + where : "; did you mean \"" + hint + "\"?"));
        return false;
    }
    bool roleRef(const std::string& p, const std::string& id) {
        if (kb.roles.empty()) return true; // no knowledge base loaded: nothing to check against
        if (contains(kbRoleIds, id)) return true;
        // The catalogue is shared and an author cannot add to it: point at role_labels, not at the file.
        std::string hint = didYouMean(id, kbRoleIds);
        error(p, "unknown role \"" + id + "\"" + (hint.empty() ? "" : "; did you mean \"" + hint + "\"?") +
                     " Roles come from the shared list (plugins/README.md section 8); if your case calls a role something "
                     "else, use the nearest role's id and give it this case's name in \"role_labels\", e.g. "
                     "{\"class_teacher\": \"Form tutor\"}");
        return false;
    }
    bool playable(const std::string& role) const {
        return std::find(m.roles.begin(), m.roles.end(), role) != m.roles.end();
    }

    void checkUnique() {
        auto dup = [&](const auto& items, const std::string& list, const char* what) {
            std::map<std::string, size_t> seen;
            for (size_t i = 0; i < items.size(); ++i) {
                const std::string& id = items[i].id;
                if (id.empty()) continue;
                auto [it, fresh] = seen.emplace(id, i);
                if (!fresh)
                    error("/" + list + "/" + std::to_string(i) + "/id",
                          std::string("duplicate ") + what + " id \"" + id + "\" (first defined at /" + list + "/" +
                              std::to_string(it->second) + "); ids must be unique in their list: rename one of them "
                              "(and any reference to it)");
            }
        };
        dup(s.cast, "cast", "cast member");
        dup(s.stages, "stages", "stage");
        dup(s.facts, "facts", "fact");
        dup(s.flags, "flags", "flag");
        dup(s.criticalActions, "critical_actions", "critical action");
        dup(s.nodes, "nodes", "node");
    }

    void checkCast() {
        int children = 0;
        std::map<std::string, std::string> roleHome;
        static const std::set<std::string> kinds = {"child", "family", "school", "social_care", "health",
                                                    "police", "voluntary", "education", "other"};
        for (size_t i = 0; i < s.cast.size(); ++i) {
            const auto& c = s.cast[i];
            std::string p = "/cast/" + std::to_string(i);
            if (c.kind == "child") ++children;
            if (!kinds.count(c.kind))
                error(p + "/kind", "unknown cast kind \"" + c.kind +
                                       "\"; expected child, family, school, social_care, health, police, voluntary, education or other");
            // The map shows a shortened name (mapShortName); a long one may not fit its box (review 13).
            if (c.kind != "child") {
                const std::string onMap = mapShortName(c.name, s.childName);
                if (onMap.size() > kMapNameFits)
                    warning(p + "/name", "the map shows this member as \"" + onMap + "\" (" + std::to_string(onMap.size()) +
                                             " characters); a map box holds about " + std::to_string(kMapNameFits) +
                                             ", so on a small screen the name ends in \"\xE2\x80\xA6\". Shorten the name, or put the "
                                             "long part in brackets (\"Behaviour clinic (community child health)\"): the map "
                                             "leaves out what is in brackets and shows the whole name when pointed at");
            }
            for (size_t k = 0; k < c.roles.size(); ++k) {
                std::string rp = p + "/roles/" + std::to_string(k);
                if (!roleRef(rp, c.roles[k])) continue;
                auto [it, fresh] = roleHome.emplace(c.roles[k], c.id);
                if (!fresh)
                    error(rp, "role \"" + c.roles[k] + "\" already sits in cast member \"" + it->second +
                                  "\"; a role belongs to one agency in a case");
            }
        }
        if (children != 1)
            error("/cast", "the cast needs exactly one member of kind \"child\" (found " + std::to_string(children) + ")");
        for (size_t i = 0; i < m.roles.size(); ++i)
            if (!s.castOfRole.count(m.roles[i]))
                error("/cast", "playable role \"" + m.roles[i] + "\" (from plugin.json) is not in any cast member's \"roles\"");
    }

    void checkLink(const Link& l, const std::string& p) {
        ref(p + "/from", "cast member", l.from, castIds, "\"cast\"");
        ref(p + "/to", "cast member", l.to, castIds, "\"cast\"");
        if (l.from == l.to) error(p, "a link must join two different cast members");
    }

    void checkCondition(const Condition& c, const std::string& p) {
        for (const auto& fl : c.flagsSet) {
            flagsRead.insert(fl);
            ref(p + "/flags", "flag", fl, flagIds, "\"flags\"");
        }
        for (const auto& fl : c.flagsUnset) {
            flagsRead.insert(fl);
            ref(p + "/flags", "flag", fl, flagIds, "\"flags\"");
        }
        for (size_t i = 0; i < c.knows.size(); ++i) {
            std::string kp = p + "/knows/" + std::to_string(i);
            factsUsed.insert(c.knows[i].fact);
            ref(kp + "/fact", "fact", c.knows[i].fact, factIds, "\"facts\"");
            roleRef(kp + "/role", c.knows[i].role);
        }
        for (size_t i = 0; i < c.any.size(); ++i) checkCondition(c.any[i], p + "/any/" + std::to_string(i));
    }

    // A per-role text's keys are "default" and playable roles. Any other key is a text nobody would ever
    // read: a typo ("socail_worker") used to fall back to the default without a word (issue 14).
    void checkRoleText(const RoleText& t, const std::string& p) {
        std::string list;
        for (size_t i = 0; i < m.roles.size(); ++i) list += (i ? ", " : "") + m.roles[i];
        for (const auto& [key, text] : t.byRole) {
            if (playable(key)) continue;
            std::string hint = didYouMean(key, m.roles);
            bool known = !kb.roles.empty() && kb.role(key);
            error(p + "/" + pointerToken(key),
                  "\"" + key + "\" is not a playable role of this case, so nobody would ever read this text" +
                      (hint.empty() ? "" : "; did you mean \"" + hint + "\"?") +
                      (known ? " (it is a role, but plugin.json does not list it in \"roles\")" : "") +
                      ". A per-role text takes \"default\" and the playable roles: " + list);
        }
    }

    void checkNext(const std::vector<Branch>& next, const std::string& p) {
        for (size_t i = 0; i < next.size(); ++i) {
            const auto& b = next[i];
            checkCondition(b.when, b.pointer + "/when");
            ref(b.pointer.empty() ? p : b.pointer, "node", b.to, nodeIds, "\"nodes\"");
            if (b.when.empty() && i + 1 < next.size())
                warning(b.pointer, "this branch has no \"when\", so the branches after it can never be taken");
        }
        if (!next.empty() && !next.back().when.empty())
            warning(next.back().pointer, "the last branch has a \"when\"; add a final branch without one so the case "
                                         "always has a way on");
    }

    void checkDefinitions() {
        for (const auto& [role, label] : s.roleLabels) roleRef("/role_labels/" + pointerToken(role), role);
        for (size_t i = 0; i < s.dimensions.size(); ++i) {
            const auto& dim = s.dimensions[i];
            if (!kb.dimensions.empty() && !kb.dimension(dim.id)) {
                std::string hint = didYouMean(dim.id, kb.dimensionIds());
                error("/dimensions/" + pointerToken(dim.id),
                      "unknown dimension \"" + dim.id + "\"" +
                          (hint.empty() ? "; see content/dimensions.json" : "; did you mean \"" + hint + "\"?"));
            }
        }
        if (s.dimensions.empty()) error("/dimensions", "list at least one scoring dimension");
        if (s.stages.empty()) error("/stages", "list at least one stage");
        for (size_t i = 0; i < s.facts.size(); ++i) {
            const auto& x = s.facts[i];
            std::string p = "/facts/" + std::to_string(i);
            ref(p + "/stage", "stage", x.stage, stageIds, "\"stages\"");
            if (x.holders.empty()) error(p + "/holders", "a fact needs at least one holder (the role that knows it first)");
            for (size_t k = 0; k < x.holders.size(); ++k) roleRef(p + "/holders/" + std::to_string(k), x.holders[k]);
            for (size_t k = 0; k < x.neededBy.size(); ++k) roleRef(p + "/needed_by/" + std::to_string(k), x.neededBy[k]);
            if (x.key && x.neededBy.empty())
                warning(p, "key fact \"" + x.id + "\" has no \"needed_by\", so the whole-picture measure cannot count it");
        }
        for (size_t i = 0; i < s.criticalActions.size(); ++i) {
            const auto& a = s.criticalActions[i];
            std::string p = "/critical_actions/" + std::to_string(i);
            for (size_t k = 0; k < a.roles.size(); ++k) {
                std::string rp = p + "/roles/" + std::to_string(k);
                if (roleRef(rp, a.roles[k]) && !playable(a.roles[k]))
                    warning(rp, "critical action names role \"" + a.roles[k] + "\", which is not playable in this plugin");
            }
        }
        for (size_t i = 0; i < s.initialMap.size(); ++i) checkLink(s.initialMap[i], "/initial_map/" + std::to_string(i));
        for (size_t i = 0; i < s.historicalMap.size(); ++i)
            checkLink(s.historicalMap[i], "/historical_map/links/" + std::to_string(i));
        if (s.historicalMap.empty())
            warning("/historical_map", "no historical map: the debrief cannot set the trainee's map beside what happened");
        if (!s.start.empty()) ref("/start", "node", s.start, nodeIds, "\"nodes\"");
    }

    void checkOption(const Node& n, const Option& o) {
        const std::string& p = o.pointer;
        if (o.text.empty()) return; // already reported as missing
        for (size_t k = 0; k < o.roles.size(); ++k) {
            std::string rp = p + "/roles/" + std::to_string(k);
            if (roleRef(rp, o.roles[k]) && !playable(o.roles[k]))
                warning(rp, "role \"" + o.roles[k] + "\" is not playable in this plugin (plugin.json \"roles\"), so no one "
                            "can take this option as it");
        }
        checkCondition(o.when, p + "/when");
        for (size_t i = 0; i < o.effects.share.size(); ++i) {
            std::string sp = p + "/effects/share/" + std::to_string(i);
            const auto& sh = o.effects.share[i];
            factsUsed.insert(sh.fact);
            ref(sp + "/fact", "fact", sh.fact, factIds, "\"facts\"");
            for (size_t k = 0; k < sh.to.size(); ++k) roleRef(sp + "/to/" + std::to_string(k), sh.to[k]);
        }
        for (size_t i = 0; i < o.effects.links.size(); ++i)
            checkLink(o.effects.links[i], p + "/effects/links/" + std::to_string(i));
        for (const auto& [dim, delta] : o.effects.scores) {
            dimsScored.insert(dim);
            ref(p + "/effects/scores/" + pointerToken(dim), "dimension", dim, dimIds, "the scenario's \"dimensions\"");
            if (delta < -5 || delta > 5)
                warning(p + "/effects/scores/" + pointerToken(dim), "score change " + std::to_string(delta) +
                                                                        " is outside -5..5; is that intended?");
        }
        for (const auto& fl : o.effects.set) {
            flagsSet.insert(fl);
            ref(p + "/effects/set", "flag", fl, flagIds, "\"flags\"");
        }
        for (const auto& fl : o.effects.clear) ref(p + "/effects/clear", "flag", fl, flagIds, "\"flags\"");
        if (o.feedback.outcome.empty()) {
            error(p + "/feedback", "every option needs feedback: an \"outcome\" saying what happens next and why it matters");
            return;
        }
        if (o.feedback.views.size() < 2)
            warning(p + "/feedback/views", "give at least two professions' views of this choice (found " +
                                               std::to_string(o.feedback.views.size()) + ")");
        for (const auto& [role, text] : o.feedback.views) roleRef(p + "/feedback/views/" + pointerToken(role), role);
        if (o.feedback.guidance.empty())
            warning(p + "/feedback/guidance", "cite the guidance behind this feedback (a dated edition from content/guidance.json)");
        for (size_t i = 0; i < o.feedback.guidance.size(); ++i) {
            std::string gp = p + "/feedback/guidance/" + std::to_string(i) + "/ref";
            if (!kb.guidance.empty()) ref(gp, "guidance reference", o.feedback.guidance[i].ref, kbGuidanceIds, "content/guidance.json");
        }
        if (!o.critical.empty()) {
            criticalUsed.insert(o.critical);
            ref(p + "/critical", "critical action", o.critical, criticalIds, "\"critical_actions\"");
        }
        checkNext(o.next, p + "/next");
        (void)n;
    }

    // Feedback teaches by its difference: two choices at one decision that give a profession word-for-word
    // the same view (or the same outcome) tell a learner nothing about which was better.
    void warnRepeatedFeedback(const Node& n) {
        std::map<std::string, std::string> firstWith; // text -> pointer of its first use
        auto note = [&](const std::string& text, const std::string& where, const std::string& what) {
            if (text.empty()) return;
            auto [it, fresh] = firstWith.emplace(text, where);
            if (!fresh)
                warning(where, what + " repeats word for word the one at " + it->second +
                                   "; say how this choice looks different from that one");
        };
        for (const Option& o : n.options) {
            note(o.feedback.outcome, o.pointer + "/feedback/outcome", "this outcome");
            for (const auto& [role, text] : o.feedback.views)
                note(text, o.pointer + "/feedback/views/" + pointerToken(role), "this view");
        }
    }

    void checkNodes() {
        for (size_t i = 0; i < s.nodes.size(); ++i) {
            const Node& n = s.nodes[i];
            const std::string& p = n.pointer;
            if (!n.stage.empty()) ref(p + "/stage", "stage", n.stage, stageIds, "\"stages\"");
            if (n.type == NodeType::Narrative) {
                if (n.text.empty()) error(p + "/text", "a narrative node needs \"text\"");
                checkRoleText(n.text, p + "/text");
                for (size_t k = 0; k < n.reveals.size(); ++k) {
                    std::string sp = p + "/reveals/" + std::to_string(k);
                    factsUsed.insert(n.reveals[k].fact);
                    ref(sp + "/fact", "fact", n.reveals[k].fact, factIds, "\"facts\"");
                    for (size_t r = 0; r < n.reveals[k].to.size(); ++r) roleRef(sp + "/to/" + std::to_string(r), n.reveals[k].to[r]);
                }
                checkNext(n.next, p + "/next");
            } else if (n.type == NodeType::Decision) {
                if (n.situation.fallback.empty())
                    for (const auto& r : m.roles)
                        if (!n.situation.byRole.count(r))
                            error(p + "/situation", "no situation text for role \"" + r + "\"; add it or a \"default\"");
                checkRoleText(n.situation, p + "/situation");
                checkRoleText(n.question, p + "/question");
                std::set<std::string> optionIds;
                for (size_t k = 0; k < n.options.size(); ++k) {
                    if (!optionIds.insert(n.options[k].id).second)
                        error(n.options[k].pointer + "/id", "duplicate option id \"" + n.options[k].id + "\" in node \"" + n.id +
                                                                     "\"; option ids must be unique within a decision: rename one");
                    checkOption(n, n.options[k]);
                }
                if (n.options.empty()) error(p + "/options", "a decision needs at least one option");
                warnRepeatedFeedback(n);
                for (const auto& r : m.roles) {
                    bool any = std::any_of(n.options.begin(), n.options.end(),
                                           [&](const Option& o) { return optionForRole(o, r); });
                    if (!any) error(p + "/options", "decision \"" + n.id + "\" offers no option to playable role \"" + r + "\"");
                }
                std::set<std::string> seen;
                for (size_t k = 0; k < n.perspectives.size(); ++k) {
                    std::string pp = p + "/perspectives/" + std::to_string(k);
                    const auto& per = n.perspectives[k];
                    roleRef(pp + "/role", per.role);
                    if (!seen.insert(per.role).second) warning(pp + "/role", "a second perspective for role \"" + per.role + "\"");
                }
                if (n.perspectives.size() < 3)
                    warning(p + "/perspectives", "give the perspectives of at least three roles at each decision (found " +
                                                     std::to_string(n.perspectives.size()) + ")");
                if (n.threshold) checkThreshold(*n.threshold);
                if (n.chronology) checkChronology(*n.chronology);
                if (n.challenge) checkChallenge(*n.challenge);
            } else {
                if (n.text.empty()) error(p + "/text", "an ending needs \"text\"");
                checkRoleText(n.text, p + "/text");
                for (size_t k = 0; k < n.endingRoles.size(); ++k)
                    if (!playable(n.endingRoles[k])) {
                        std::string hint = didYouMean(n.endingRoles[k], m.roles);
                        error(p + "/roles/" + std::to_string(k),
                              "an ending's \"roles\" names the playable roles meant to reach it; \"" + n.endingRoles[k] +
                                  "\" is not one" + (hint.empty() ? "" : " (did you mean \"" + hint + "\"?)"));
                    }
                if (n.whatHappened.empty())
                    warning(p, "ending has no \"what_happened\": say what happened in the real case");
                std::set<int> steps;
                for (size_t k = 0; k < n.prompts.size(); ++k) {
                    if (n.prompts[k].step < 1 || n.prompts[k].step > 4)
                        error(p + "/prompts/" + std::to_string(k) + "/step", "a prompt's \"step\" is 1 to 4 (the debrief progression)");
                    steps.insert(n.prompts[k].step);
                }
                if (steps.size() < 4)
                    warning(p + "/prompts", "discussion prompts should cover all four steps of the debrief progression (found " +
                                                std::to_string(steps.size()) + ")");
            }
        }
    }

    void checkUsage() {
        for (size_t i = 0; i < s.facts.size(); ++i)
            if (!factsUsed.count(s.facts[i].id))
                warning("/facts/" + std::to_string(i), "fact \"" + s.facts[i].id +
                                                           "\" is never shared or asked about; share it in an option's "
                                                           "effects or remove it");
        for (size_t i = 0; i < s.flags.size(); ++i) {
            const std::string& id = s.flags[i].id;
            if (!flagsSet.count(id))
                warning("/flags/" + std::to_string(i), "flag \"" + id + "\" is never set by any option");
            else if (!flagsRead.count(id))
                warning("/flags/" + std::to_string(i), "flag \"" + id + "\" is set but never read by a condition");
        }
        for (const auto& dim : s.dimensions)
            if (!dimsScored.count(dim.id))
                warning("/dimensions/" + pointerToken(dim.id), "dimension \"" + dim.id + "\" is listed but no option scores it");
        for (size_t i = 0; i < s.criticalActions.size(); ++i)
            if (!criticalUsed.count(s.criticalActions[i].id))
                warning("/critical_actions/" + std::to_string(i),
                        "critical action \"" + s.criticalActions[i].id + "\" is not named by any option's \"critical\"");
    }

    // Plays every path for every playable role (memoised on state) and reports what cannot be reached.
    // A threshold point: "defensible" adds levels beside the judgement, so repeating the judgement there
    // (or a level twice) is a slip the author should see.
    void checkThreshold(const ThresholdPoint& t) {
        std::set<ThresholdLevel> seen{t.level};
        for (size_t k = 0; k < t.defensible.size(); ++k)
            if (!seen.insert(t.defensible[k]).second)
                warning(t.pointer + "/defensible/" + std::to_string(k),
                        std::string("\"") + thresholdLevelId(t.defensible[k]) +
                            "\" is already the judgement or listed before; list only the other levels the case accepts");
    }

    // A chronology point judges entries against the concerns (or its own "mattered" list): with neither,
    // there is nothing to judge, and a "mattered" fact that is not a concern is probably a slip.
    void checkChronology(const ChronologyPoint& c) {
        for (size_t k = 0; k < c.mattered.size(); ++k) {
            const std::string p = c.pointer + "/mattered/" + std::to_string(k);
            ref(p, "fact", c.mattered[k], factIds, "\"facts\"");
            factsUsed.insert(c.mattered[k]);
        }
        const bool anyConcern = std::any_of(s.facts.begin(), s.facts.end(), [](const Fact& f) { return f.concern; });
        if (c.mattered.empty() && !anyConcern)
            error(c.pointer, "a chronology point needs facts to judge: mark the facts that are a concern with "
                             "\"concern\": true, or list the entries that matter in \"mattered\"");
    }

    // A challenge point needs a real agency, a choice of approaches worth making, and a resolving step
    // the route has. The ratings' words are checked when the file is read.
    void checkChallenge(const ChallengePoint& c) {
        ref(c.pointer + "/agency", "cast member", c.agency, castIds, "\"cast\"");
        for (size_t k = 0; k < c.roles.size(); ++k) {
            const std::string rp = c.pointer + "/roles/" + std::to_string(k);
            if (roleRef(rp, c.roles[k]) && !playable(c.roles[k]))
                warning(rp, "role \"" + c.roles[k] + "\" is not playable in this plugin, so no one could make this challenge");
        }
        if (c.approaches.size() < 2 || c.approaches.size() > 4)
            error(c.pointer + "/approaches", "a challenge point needs 2 to 4 approaches to choose between (found " +
                                                 std::to_string(c.approaches.size()) + ")");
        std::set<std::string> approachIds;
        for (const auto& a : c.approaches)
            if (!a.id.empty() && !approachIds.insert(a.id).second)
                error(a.pointer + "/id", "duplicate approach id \"" + a.id + "\"");
        // Without its own route the case uses a pack's or the national one (three steps).
        const size_t routeSteps = c.escalation.empty() ? 3 : c.escalation.size();
        if (c.resolvesAt < 1 || static_cast<size_t>(c.resolvesAt) > routeSteps)
            error(c.pointer + "/resolves_at",
                  "\"resolves_at\" is " + std::to_string(c.resolvesAt) + ", but the route has " + std::to_string(routeSteps) +
                      " steps" + (c.escalation.empty() ? " (the national default; give \"escalation\" for a longer one)" : "") +
                      "; give a step from 1 to " + std::to_string(routeSteps));
    }

    void checkPaths() {
        std::set<std::string> reachedByAnyone;
        std::set<std::pair<std::string, std::string>> optionsReached;
        // A large case's roles are explored in two lanes (two_lanes.h): most of its lint, and independent
        // from role to role. A case of the usual size, one role after another: its roles take milliseconds,
        // and the app lints on a background thread at start-up, where a second one would raise the peak.
        const auto analyse = [this](size_t i) { return analyseRole(s, m.roles[i]); };
        std::vector<RoleAnalysis> analyses;
        if (s.nodes.size() >= kNodesForTwoLanes) {
            analyses = inTwoLanes<RoleAnalysis>(m.roles.size(), analyse);
        } else {
            for (size_t i = 0; i < m.roles.size(); ++i) analyses.push_back(analyse(i));
        }
        for (size_t i = 0; i < m.roles.size(); ++i) {
            const std::string& role = m.roles[i];
            const RoleAnalysis& a = analyses[i];
            reachedByAnyone.insert(a.reachableNodes.begin(), a.reachableNodes.end());
            optionsReached.insert(a.reachableOptions.begin(), a.reachableOptions.end());
            if (a.truncated)
                warning("/nodes", "stopped exploring " + role + "'s paths after " + std::to_string(a.statesExplored) +
                                      " states; reachability below is incomplete");
            for (const auto& id : a.deadEnds)
                error(s.node(id)->pointer, "dead end: as " + role + ", decision \"" + id +
                                               "\" can be reached in a state where no option is available (check the "
                                               "options' \"when\")");
            for (const auto& id : a.noBranch)
                error(s.node(id)->pointer, "as " + role + ", no \"next\" branch applies after \"" + id +
                                               "\" in some state; add a final branch without \"when\"");
            for (const auto& id : a.loops)
                error(s.node(id)->pointer, "loop: as " + role + ", the case can return to \"" + id +
                                               "\" in the same state; a case must always move towards an ending");
            for (const auto& n : s.nodes) {
                if (n.type != NodeType::Ending) continue;
                bool meant = n.endingRoles.empty() ||
                             std::find(n.endingRoles.begin(), n.endingRoles.end(), role) != n.endingRoles.end();
                bool reached = a.reachableEndings.count(n.id) > 0;
                if (meant && !reached)
                    error(n.pointer, "ending \"" + n.id + "\" cannot be reached when playing as " + role +
                                         ": no run as " + role + " leads there (look at the \"when\" of the options and "
                                         "branches that lead to it, and at their \"roles\"). If the ending is meant "
                                         "for other roles only, say so with \"roles\": [...] on the ending");
                else if (!meant && reached)
                    warning(n.pointer, "ending \"" + n.id + "\" is declared for " + joinIds(n.endingRoles) +
                                           " only, but a run as " + role + " can reach it: add " + role +
                                           " to its \"roles\", or change the conditions that lead there");
            }
            if (a.reachableEndings.empty())
                error("/start", "playing as " + role + ", no ending can be reached");
            for (const auto& [dim, range] : a.dimensions)
                if (!a.truncated && range.best == range.worst && !a.reachableEndings.empty())
                    warning("/dimensions/" + pointerToken(dim), "playing as " + role + ", no choice moves \"" + dim +
                                                                    "\", so its score bar would say nothing; score it in "
                                                                    "some of this role's options or drop it");
        }
        for (const auto& n : s.nodes) {
            if (!reachedByAnyone.count(n.id)) {
                warning(n.pointer, "node \"" + n.id + "\" is never reached by any playable role");
                continue;
            }
            for (const auto& o : n.options)
                if (!optionsReached.count({n.id, o.id}))
                    warning(o.pointer, "option \"" + o.id + "\" of \"" + n.id + "\" is never available on any path");
        }
    }
};

} // namespace

void lintScenario(const Scenario& s, const PluginManifest& manifest, const KnowledgeBase& kb, const JsonFile& file,
                  Diagnostics& diags) {
    Linter(s, manifest, kb, file, diags).run();
}

} // namespace wp
