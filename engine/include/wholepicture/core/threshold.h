// Threshold judgement (issue 13): at chosen decisions the trainee says where the child's needs sit on
// the threshold scale before choosing, and is judged against the case's reading with its reasons.
// Plain functions over the scenario and a run; the play screen, the debrief, the room and the reports
// all read the same summary.
#pragma once
#include <array>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "wholepicture/core/runner.h"
#include "wholepicture/core/scenario.h"

namespace wp {

// The names a scale gives its four levels. The national defaults name the Children Act 1989 sections;
// a local procedures pack gives its own document's names (and keeps the four ids).
struct ThresholdScale {
    std::string document; // what the scale is called ("the threshold levels in Working Together 2023")
    std::array<std::string, kThresholdLevelCount> names;
    std::array<std::string, kThresholdLevelCount> shortNames; // for tight places: the console, the chart
    std::array<std::string, kThresholdLevelCount> meanings; // one line each: what the level means in practice
};
[[nodiscard]] const ThresholdScale& nationalThresholdScale();
[[nodiscard]] const std::string& levelName(const ThresholdScale& scale, ThresholdLevel level);

enum class PlacementVerdict {
    NotPlaced,  // the decision was made without placing the child
    Matches,    // the case's judgement
    Defensible, // another level the case accepts as a sound reading
    Lower,      // below the judgement (and not defensible)
    Higher,     // above it
};

// One threshold point on the run's path, judged.
struct JudgedPlacement {
    std::string node;
    std::string title;   // the decision's title
    std::string stage;   // the stage's title
    std::string date;    // the stage's date
    std::optional<ThresholdLevel> placed;
    ThresholdPoint point; // the case's judgement, its reasons, how it was treated then (a copy: a plain value)
    PlacementVerdict verdict = PlacementVerdict::NotPlaced;
    int levelsOff = 0; // placed minus the judgement (negative: lower); 0 when not placed
    [[nodiscard]] bool sound() const { return verdict == PlacementVerdict::Matches || verdict == PlacementVerdict::Defensible; }
};

struct ThresholdSummary {
    std::vector<JudgedPlacement> points; // in the order the run met them
    int placed = 0;
    int sound = 0;  // matches or defensible
    int lower = 0;
    int higher = 0;
    [[nodiscard]] bool empty() const { return points.empty(); }
};

// The threshold points on `st`'s path (the decisions already made), judged. A point at the current
// decision is not included until its choice is made.
[[nodiscard]] ThresholdSummary summariseThresholds(const Scenario& s, const RunState& st);
[[nodiscard]] PlacementVerdict judgePlacement(const ThresholdPoint& point, ThresholdLevel placed);
// One placement (or none) at a threshold point, judged: the verdict and how many levels off.
[[nodiscard]] JudgedPlacement judgeAt(const ThresholdPoint& point, std::optional<ThresholdLevel> placed);

// "Matches the case's judgement", "One level lower than the case's judgement", ...
[[nodiscard]] std::string verdictText(const JudgedPlacement& p);
// One sentence on the run's placements as a whole: how many were sound, and which way the others leant
// ("You placed Peter's needs lower than the case did at 2 of 3 points"). "" when there were none.
[[nodiscard]] std::string thresholdHeadline(const ThresholdSummary& summary, const std::string& childName);

// {"placed","sound","lower","higher","points":[{node,title,stage,date,placed,judgement,defensible,
// at_the_time,why,verdict}]}: the debrief's JSON and `wpt play --json`.
[[nodiscard]] nlohmann::json thresholdsToJson(const ThresholdSummary& summary);

// The placements as an HTML table with a caption (th scope on both axes), for the debrief report and the
// transcript; "" when the run met no threshold point.
[[nodiscard]] std::string thresholdTableHtml(const ThresholdSummary& summary, const std::string& childName,
                                             const ThresholdScale& scale = nationalThresholdScale());

} // namespace wp
