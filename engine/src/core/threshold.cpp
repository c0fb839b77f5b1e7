#include "wholepicture/core/threshold.h"

#include <cstdlib>

#include "wholepicture/core/map_layout.h"

namespace wp {

const ThresholdScale& nationalThresholdScale() {
    static const ThresholdScale scale{
        "the levels of need in Working Together to Safeguard Children 2023 and the Children Act 1989",
        {"Universal", "Early help", "Child in need (section 17)", "Child protection (section 47)"},
        {"Universal", "Early help", "CIN s17", "CP s47"},
        {"Needs met by the services every child uses: school, GP, health visitor.",
         "Needs one agency cannot meet alone: a co-ordinated offer with the family's agreement.",
         "The child is unlikely to reach a reasonable standard of health or development without services from "
         "the local authority: an assessment by children's social care.",
         "Reasonable cause to suspect the child is suffering, or likely to suffer, significant harm: a "
         "strategy discussion and enquiries by children's social care."}};
    return scale;
}

const std::string& levelName(const ThresholdScale& scale, ThresholdLevel level) {
    return scale.names[static_cast<size_t>(level)];
}

PlacementVerdict judgePlacement(const ThresholdPoint& point, ThresholdLevel placed) {
    if (placed == point.level) return PlacementVerdict::Matches;
    for (ThresholdLevel l : point.defensible)
        if (l == placed) return PlacementVerdict::Defensible;
    return static_cast<int>(placed) < static_cast<int>(point.level) ? PlacementVerdict::Lower : PlacementVerdict::Higher;
}

JudgedPlacement judgeAt(const ThresholdPoint& point, std::optional<ThresholdLevel> placed) {
    JudgedPlacement p;
    p.point = point;
    p.placed = placed;
    if (placed) {
        p.verdict = judgePlacement(point, *placed);
        p.levelsOff = static_cast<int>(*placed) - static_cast<int>(point.level);
    }
    return p;
}

ThresholdSummary summariseThresholds(const Scenario& s, const RunState& st) {
    ThresholdSummary out;
    for (const PathStep& step : st.path) {
        const Node* n = s.node(step.node);
        if (!n || n->type != NodeType::Decision || !n->threshold) continue;
        JudgedPlacement p = judgeAt(*n->threshold, step.threshold);
        p.node = n->id;
        p.title = n->title;
        if (auto it = s.stageIndex.find(n->stage); it != s.stageIndex.end()) {
            p.stage = s.stages[it->second].title;
            p.date = s.stages[it->second].date;
        }
        if (p.placed) {
            ++out.placed;
            if (p.sound()) ++out.sound;
            else if (p.verdict == PlacementVerdict::Lower) ++out.lower;
            else ++out.higher;
        }
        out.points.push_back(std::move(p));
    }
    return out;
}

std::string verdictText(const JudgedPlacement& p) {
    auto levels = [](int n) { return n == 1 ? std::string("One level") : std::to_string(n) + " levels"; };
    switch (p.verdict) {
    case PlacementVerdict::NotPlaced: return "Not placed";
    case PlacementVerdict::Matches: return "Matches the case's judgement";
    case PlacementVerdict::Defensible: return "A defensible reading beside the case's judgement";
    case PlacementVerdict::Lower: return levels(std::abs(p.levelsOff)) + " lower than the case's judgement";
    case PlacementVerdict::Higher: return levels(std::abs(p.levelsOff)) + " higher than the case's judgement";
    }
    return {};
}

std::string thresholdHeadline(const ThresholdSummary& t, const std::string& childName) {
    if (t.points.empty()) return {};
    const std::string total = std::to_string(t.points.size());
    const std::string whose = childName.empty() ? std::string("the child's") : childName + "'s";
    if (t.placed == 0) return "You did not place " + whose + " needs at any of the " + total + " threshold points.";
    std::string out = std::to_string(t.sound) + " of " + total + " placements of " + whose +
                      " needs were sound (the case's judgement or a defensible reading).";
    if (t.lower > t.higher)
        out += " Where you differed, you placed them lower than the case did (" + std::to_string(t.lower) + " of " +
               total + "): ask what would have had to happen before you acted.";
    else if (t.higher > t.lower)
        out += " Where you differed, you placed them higher than the case did (" + std::to_string(t.higher) + " of " +
               total + "): ask what the higher level would have asked of the family and the agencies.";
    else if (t.lower > 0)
        out += " Where you differed, you went both ways.";
    if (t.placed < static_cast<int>(t.points.size()))
        out += " " + std::to_string(static_cast<int>(t.points.size()) - t.placed) + " not placed.";
    return out;
}

nlohmann::json thresholdsToJson(const ThresholdSummary& t) {
    auto level = [](std::optional<ThresholdLevel> l) { return l ? nlohmann::json(thresholdLevelId(*l)) : nlohmann::json(nullptr); };
    nlohmann::json points = nlohmann::json::array();
    for (const JudgedPlacement& p : t.points) {
        nlohmann::json defensible = nlohmann::json::array();
        for (ThresholdLevel l : p.point.defensible) defensible.push_back(thresholdLevelId(l));
        points.push_back({{"node", p.node},
                          {"title", p.title},
                          {"stage", p.stage},
                          {"date", p.date},
                          {"placed", level(p.placed)},
                          {"judgement", thresholdLevelId(p.point.level)},
                          {"defensible", defensible},
                          {"at_the_time", level(p.point.atTheTime)},
                          {"why", p.point.why},
                          {"verdict", verdictText(p)}});
    }
    return {{"placed", t.placed}, {"sound", t.sound}, {"lower", t.lower}, {"higher", t.higher}, {"points", points}};
}

std::string thresholdTableHtml(const ThresholdSummary& t, const std::string& childName, const ThresholdScale& scale) {
    if (t.points.empty()) return {};
    auto name = [&](std::optional<ThresholdLevel> l) { return l ? xmlEscape(levelName(scale, *l)) : std::string("not placed"); };
    std::string h = "<p>" + xmlEscape(thresholdHeadline(t, childName)) + "</p>\n<table>\n<caption>Where you placed " +
                    xmlEscape(childName.empty() ? std::string("the child's") : childName + "'s") +
                    " needs at each threshold point, against the case's judgement and how the agencies treated it at "
                    "the time</caption>\n<thead><tr><th scope=\"col\">When</th><th scope=\"col\">Your placement</th>"
                    "<th scope=\"col\">The case's judgement</th><th scope=\"col\">At the time</th>"
                    "<th scope=\"col\">Verdict</th><th scope=\"col\">Why</th></tr></thead>\n<tbody>\n";
    for (const JudgedPlacement& p : t.points) {
        std::string judgement = xmlEscape(levelName(scale, p.point.level));
        for (size_t i = 0; i < p.point.defensible.size(); ++i)
            judgement += (i == 0 ? " (also defensible: " : ", ") + xmlEscape(levelName(scale, p.point.defensible[i]));
        if (!p.point.defensible.empty()) judgement += ")";
        h += "<tr><th scope=\"row\">" + xmlEscape(p.date.empty() ? p.title : p.date + ": " + p.title) + "</th><td>" +
             name(p.placed) + "</td><td>" + judgement + "</td><td>" +
             (p.point.atTheTime ? name(p.point.atTheTime) : std::string("not recorded")) + "</td><td>" +
             xmlEscape(verdictText(p)) + "</td><td>" + xmlEscape(p.point.why) + "</td></tr>\n";
    }
    return h + "</tbody>\n</table>\n";
}

} // namespace wp
