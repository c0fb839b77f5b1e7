#include "wholepicture/core/scenario.h"

#include <algorithm>

namespace wp {

const std::string& RoleText::forRole(const std::string& role) const {
    auto it = byRole.find(role);
    return it != byRole.end() ? it->second : fallback;
}

const Node* Scenario::node(const std::string& id) const {
    auto it = nodeIndex.find(id);
    return it == nodeIndex.end() ? nullptr : &nodes[it->second];
}
const Fact* Scenario::fact(const std::string& id) const {
    auto it = factIndex.find(id);
    return it == factIndex.end() ? nullptr : &facts[it->second];
}
const CastMember* Scenario::castMember(const std::string& id) const {
    for (const auto& c : cast)
        if (c.id == id) return &c;
    return nullptr;
}
const CriticalAction* Scenario::criticalAction(const std::string& id) const {
    for (const auto& c : criticalActions)
        if (c.id == id) return &c;
    return nullptr;
}
int Scenario::stageOrder(const std::string& stageId) const {
    auto it = stageIndex.find(stageId);
    return it == stageIndex.end() ? -1 : static_cast<int>(it->second);
}

void indexScenario(Scenario& s) {
    s.nodeIndex.clear();
    s.factIndex.clear();
    s.stageIndex.clear();
    s.flagIndex.clear();
    s.castOfRole.clear();
    // First definition wins; duplicates are reported by the lint.
    for (size_t i = 0; i < s.nodes.size(); ++i) s.nodeIndex.emplace(s.nodes[i].id, i);
    for (size_t i = 0; i < s.facts.size(); ++i) s.factIndex.emplace(s.facts[i].id, i);
    for (size_t i = 0; i < s.stages.size(); ++i) s.stageIndex.emplace(s.stages[i].id, i);
    for (size_t i = 0; i < s.flags.size(); ++i) s.flagIndex.emplace(s.flags[i].id, i);
    for (const auto& c : s.cast)
        for (const auto& r : c.roles) s.castOfRole.emplace(r, c.id);
}

std::string caseRoleLabel(const Scenario& s, const std::string& role) {
    auto it = s.roleLabels.find(role);
    if (it != s.roleLabels.end()) return it->second;
    // A case review rarely records what the child thought, so the child's view is written from the record
    // and says so under the child's own name.
    if (role == kChildRole && !s.childName.empty()) return s.childName + " (imagined)";
    return {};
}

std::string caseOriginSentence(const PluginManifest& m) {
    return m.invented ? "This case is invented for training; no real family is described, but its themes are real."
                      : "This case is drawn from a real child's case review.";
}

std::string libraryIntroduction(const std::vector<ScenarioPlugin>& library) {
    size_t real = 0, invented = 0;
    for (const auto& p : library) {
        if (!p.usable() && !p.pending) continue; // a case still being checked counts as it will show
        (p.manifest.invented ? invented : real) += 1;
    }
    const char* rest = " Take a professional's decisions as the case unfolds, see what the others knew and thought at "
                       "the same moment, and get feedback on every choice.";
    if (invented == 0) return std::string("Each case follows a real, published case review.") + rest;
    if (real == 0) return std::string("Each case is invented for training: no real family is described, but its themes "
                                      "are those of published case reviews.") + rest;
    return std::string("Most cases follow a real, published case review; those that say so are invented for training.") +
           rest;
}

std::string ScenarioPlugin::displayName() const {
    if (!manifest.name.empty()) return manifest.name;
    if (!manifest.id.empty()) return manifest.id;
    return dir.filename().string();
}

const char* nodeTypeName(NodeType t) {
    switch (t) {
    case NodeType::Narrative: return "narrative";
    case NodeType::Decision: return "decision";
    case NodeType::Ending: return "ending";
    }
    return "narrative";
}
const char* flowName(Flow f) { return f == Flow::OneWay ? "one_way" : "two_way"; }
const char* strengthName(Strength s) { return s == Strength::Critical ? "critical" : "peripheral"; }

const char* thresholdLevelId(ThresholdLevel l) {
    switch (l) {
    case ThresholdLevel::Universal: return "universal";
    case ThresholdLevel::EarlyHelp: return "early_help";
    case ThresholdLevel::ChildInNeed: return "child_in_need";
    case ThresholdLevel::ChildProtection: return "child_protection";
    }
    return "universal";
}

std::optional<ThresholdLevel> thresholdLevelFromId(const std::string& id) {
    for (int i = 0; i < kThresholdLevelCount; ++i)
        if (id == thresholdLevelId(static_cast<ThresholdLevel>(i))) return static_cast<ThresholdLevel>(i);
    return std::nullopt;
}

const char* chronologyMarkId(ChronologyMark m) {
    switch (m) {
    case ChronologyMark::Out: return "out";
    case ChronologyMark::Entry: return "entry";
    case ChronologyMark::Concern: return "concern";
    }
    return "out";
}

std::optional<ChronologyMark> chronologyMarkFromId(const std::string& id) {
    for (auto m : {ChronologyMark::Out, ChronologyMark::Entry, ChronologyMark::Concern})
        if (id == chronologyMarkId(m)) return m;
    return std::nullopt;
}

const char* challengeRatingId(ChallengeRating r) {
    switch (r) {
    case ChallengeRating::Poor: return "poor";
    case ChallengeRating::Partial: return "partial";
    case ChallengeRating::Good: return "good";
    }
    return "poor";
}

std::optional<ChallengeRating> challengeRatingFromId(const std::string& id) {
    for (auto r : {ChallengeRating::Poor, ChallengeRating::Partial, ChallengeRating::Good})
        if (id == challengeRatingId(r)) return r;
    return std::nullopt;
}

bool optionForRole(const Option& option, const std::string& role) {
    return option.roles.empty() || std::find(option.roles.begin(), option.roles.end(), role) != option.roles.end();
}

} // namespace wp
