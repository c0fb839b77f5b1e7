#include "wholepicture/core/chronology.h"

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "wholepicture/core/lists.h"
#include "wholepicture/core/loader.h"
#include "wholepicture/core/map_layout.h"

namespace wp {

namespace {

int stageIndex(const Scenario& s, const std::string& stage) {
    for (size_t i = 0; i < s.stages.size(); ++i)
        if (s.stages[i].id == stage) return static_cast<int>(i);
    return -1;
}

// Date order: the stages are in date order, and within a stage the facts are in the order the case
// lists them (authors list them as they happened).
std::vector<const Fact*> factsInDateOrder(const Scenario& s) {
    std::vector<const Fact*> out;
    for (const auto& f : s.facts) out.push_back(&f);
    std::stable_sort(out.begin(), out.end(), [&](const Fact* a, const Fact* b) {
        return stageIndex(s, a->stage) < stageIndex(s, b->stage);
    });
    return out;
}

std::string factDate(const Scenario& s, const Fact& f) {
    if (!f.date.empty()) return f.date;
    const int i = stageIndex(s, f.stage);
    return i >= 0 ? s.stages[static_cast<size_t>(i)].date : std::string();
}

std::string heldBy(const Scenario& s, const KnowledgeBase& kb, const Fact& f) {
    std::vector<std::string> names;
    for (const auto& role : f.holders) names.push_back(roleLabel(s, kb, role));
    return joinList(names);
}

// Whether the point judges `f` as an entry that should be there: the point's own list when it gives
// one, else every concern.
bool matters(const ChronologyPoint& point, const Fact& f) {
    if (point.mattered.empty()) return f.concern;
    return std::find(point.mattered.begin(), point.mattered.end(), f.id) != point.mattered.end();
}

ChronologyMark markOf(const ChronologyRecord* record, const std::string& fact) {
    if (!record) return ChronologyMark::Out;
    auto it = record->marks.find(fact);
    return it == record->marks.end() ? ChronologyMark::Out : it->second;
}

ChronologyItem itemFor(const Scenario& s, const KnowledgeBase& kb, const ChronologyPoint& point, const Fact& f,
                       bool known, ChronologyMark mark) {
    return {f.id, factDate(s, f), f.text, heldBy(s, kb, f), f.holders, f.concern, matters(point, f), known, mark};
}

JudgedChronology judge(const Scenario& s, const KnowledgeBase& kb, const Node& n, const ChronologyRecord& record) {
    const ChronologyPoint& point = *n.chronology;
    JudgedChronology j;
    j.node = n.id;
    j.title = n.title;
    j.why = point.why;
    const int pointStage = stageIndex(s, n.stage);
    if (pointStage >= 0) {
        j.stage = s.stages[static_cast<size_t>(pointStage)].title;
        j.date = s.stages[static_cast<size_t>(pointStage)].date;
    }
    const std::set<std::string> known(record.knownAtChoice.begin(), record.knownAtChoice.end());
    std::map<std::string, int> heldByRole;
    for (const Fact* f : factsInDateOrder(s)) {
        const bool isKnown = known.count(f->id) > 0;
        const ChronologyMark mark = markOf(&record, f->id);
        ChronologyItem item = itemFor(s, kb, point, *f, isKnown, mark);
        if (isKnown) {
            j.pool.push_back(item);
            const bool entered = mark != ChronologyMark::Out;
            j.entries += entered ? 1 : 0;
            if (item.mattered) {
                ++j.mattered;
                j.matteredEntered += entered ? 1 : 0;
            }
            if (entered && f->concern) (mark == ChronologyMark::Concern ? j.concernsMarked : j.concernsUnmarked) += 1;
            if (mark == ChronologyMark::Concern && !f->concern) ++j.overMarked;
        }
    }
    // The whole picture: the concerns any agency held by the decision's stage.
    for (ChronologyItem& item : concernsOnRecord(s, n)) {
        const Fact* f = s.fact(item.fact);
        item = itemFor(s, kb, point, *f, known.count(item.fact) > 0, markOf(&record, item.fact));
        ++j.wholeConcerns;
        j.knownConcerns += item.known ? 1 : 0;
        for (const auto& role : f->holders) ++heldByRole[role];
        j.whole.push_back(std::move(item));
    }
    for (const auto& [role, count] : heldByRole)
        if (count > j.mostHeldByOne) {
            j.mostHeldByOne = count;
            j.mostHeldBy = roleLabel(s, kb, role);
        }
    return j;
}

std::string plural(int n, const std::string& one, const std::string& many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

} // namespace

std::vector<ChronologyItem> concernsOnRecord(const Scenario& s, const Node& n) {
    std::vector<ChronologyItem> out;
    const int pointStage = stageIndex(s, n.stage);
    for (const Fact* f : factsInDateOrder(s))
        if (f->concern && (pointStage < 0 || stageIndex(s, f->stage) <= pointStage)) {
            ChronologyItem item;
            item.fact = f->id;
            item.date = factDate(s, *f);
            item.text = f->text;
            item.holders = f->holders;
            item.concern = true;
            out.push_back(std::move(item));
        }
    return out;
}

std::vector<ChronologyItem> chronologyPool(const Scenario& s, const RunState& st, const KnowledgeBase& kb) {
    std::vector<ChronologyItem> out;
    const Node& n = currentNode(s, st);
    if (n.type != NodeType::Decision || !n.chronology) return out;
    const auto knownIt = st.known.find(st.role);
    if (knownIt == st.known.end()) return out;
    const auto recordIt = st.chronologies.find(n.id);
    const ChronologyRecord* record = recordIt == st.chronologies.end() ? nullptr : &recordIt->second;
    for (const Fact* f : factsInDateOrder(s))
        if (knownIt->second.count(f->id)) out.push_back(itemFor(s, kb, *n.chronology, *f, true, markOf(record, f->id)));
    return out;
}

ChronologySummary summariseChronologies(const Scenario& s, const RunState& st, const KnowledgeBase& kb) {
    ChronologySummary out;
    std::set<std::string> seen;
    for (const auto& step : st.path) {
        if (step.option.empty() || !seen.insert(step.node).second) continue;
        const Node* n = s.node(step.node);
        if (!n || !n->chronology) continue;
        auto record = st.chronologies.find(step.node);
        if (record == st.chronologies.end() || !record->second.closed) continue;
        out.points.push_back(judge(s, kb, *n, record->second));
    }
    return out;
}

std::string chronologyVerdict(const JudgedChronology& c) {
    if (!c.built()) return "No chronology was built before the choice";
    std::string out = std::to_string(c.matteredEntered) + " of the " + plural(c.mattered, "entry", "entries") +
                      " that mattered";
    const int concernsEntered = c.concernsMarked + c.concernsUnmarked;
    if (concernsEntered > 0)
        out += "; " + std::to_string(c.concernsMarked) + " of " + plural(concernsEntered, "concern", "concerns") +
               " marked as " + (concernsEntered == 1 ? "one" : "concerns");
    if (c.overMarked > 0) out += "; " + plural(c.overMarked, "fact", "facts") + " marked as a concern that the case reads as context";
    return out;
}

std::string wholePictureSentence(const JudgedChronology& c, const std::string& childName) {
    const std::string child = childName.empty() ? std::string("the child") : childName;
    if (c.wholeConcerns == 0) return "By then no agency's records held a concern about " + child + ".";
    std::string out = "By then " + plural(c.wholeConcerns, "concern", "concerns") + " about " + child +
                      " sat in the records of the agencies";
    if (c.mostHeldByOne > 0 && c.mostHeldByOne < c.wholeConcerns)
        out += "; no one professional held more than " + std::to_string(c.mostHeldByOne) + " (" + c.mostHeldBy + ")";
    return out + ". Your role knew " + std::to_string(c.knownConcerns) + " of them.";
}

nlohmann::json chronologiesToJson(const ChronologySummary& summary) {
    nlohmann::json points = nlohmann::json::array();
    for (const auto& c : summary.points) {
        nlohmann::json entered = nlohmann::json::array();
        for (const auto& item : c.pool)
            if (item.mark != ChronologyMark::Out)
                entered.push_back({{"fact", item.fact}, {"date", item.date}, {"mark", chronologyMarkId(item.mark)},
                                   {"concern", item.concern}, {"mattered", item.mattered}});
        nlohmann::json whole = nlohmann::json::array();
        for (const auto& item : c.whole)
            whole.push_back({{"fact", item.fact}, {"date", item.date}, {"held_by", item.heldBy}, {"known", item.known},
                             {"mark", chronologyMarkId(item.mark)}});
        points.push_back({{"node", c.node}, {"title", c.title}, {"stage", c.stage}, {"date", c.date}, {"why", c.why},
                          {"entries", c.entries}, {"mattered", c.mattered}, {"mattered_entered", c.matteredEntered},
                          {"concerns_marked", c.concernsMarked}, {"concerns_unmarked", c.concernsUnmarked},
                          {"over_marked", c.overMarked}, {"whole_concerns", c.wholeConcerns},
                          {"known_concerns", c.knownConcerns}, {"most_held_by_one", c.mostHeldByOne},
                          {"most_held_by", c.mostHeldBy}, {"entered", entered}, {"whole", whole}});
    }
    return {{"points", points}};
}

std::string chronologyHtml(const ChronologySummary& summary, const std::string& childName, int headingLevel) {
    std::string h;
    const std::string level = std::to_string(std::clamp(headingLevel, 1, 6));
    for (const auto& c : summary.points) {
        h += "<h" + level + ">" + xmlEscape(c.title) + (c.date.empty() ? "" : " (" + xmlEscape(c.date) + ")") + "</h" + level + ">\n";
        h += "<p><strong>" + xmlEscape(chronologyVerdict(c)) + ".</strong></p>\n";
        if (c.built()) {
            h += "<ol class=\"chronology\">\n";
            for (const auto& item : c.pool) {
                if (item.mark == ChronologyMark::Out) continue;
                h += "<li><span class=\"date\">" + xmlEscape(item.date) + "</span>: " + xmlEscape(item.text);
                if (item.mark == ChronologyMark::Concern) h += " <strong>(marked as a concern)</strong>";
                h += "</li>\n";
            }
            h += "</ol>\n";
        }
        std::vector<std::string> missed;
        for (const auto& item : c.pool)
            if (item.mattered && item.mark == ChronologyMark::Out) missed.push_back(item.date + ": " + item.text);
        if (!missed.empty()) {
            h += "<p>Left out, and the case says it mattered:</p>\n<ul>\n";
            for (const auto& m : missed) h += "<li>" + xmlEscape(m) + "</li>\n";
            h += "</ul>\n";
        }
        h += "<p>" + xmlEscape(wholePictureSentence(c, childName)) + "</p>\n";
        if (!c.whole.empty()) {
            h += "<table><caption>Every concern on record by " + xmlEscape(c.date) +
                 ", across the agencies</caption>\n<thead><tr><th scope=\"col\">When</th><th scope=\"col\">What</th>"
                 "<th scope=\"col\">Held by</th><th scope=\"col\">In your chronology</th></tr></thead>\n<tbody>\n";
            for (const auto& item : c.whole) {
                const char* yours = item.mark == ChronologyMark::Concern ? "Yes, marked as a concern"
                                    : item.mark == ChronologyMark::Entry ? "Yes, not marked as a concern"
                                    : item.known                         ? "No (your role knew it)"
                                                                         : "No (your role did not know it)";
                h += "<tr><th scope=\"row\">" + xmlEscape(item.date) + "</th><td>" + xmlEscape(item.text) + "</td><td>" +
                     xmlEscape(item.heldBy) + "</td><td>" + yours + "</td></tr>\n";
            }
            h += "</tbody></table>\n";
        }
        if (!c.why.empty()) h += "<p>" + xmlEscape(c.why) + "</p>\n";
    }
    return h;
}

} // namespace wp
