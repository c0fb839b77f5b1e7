// A chronology (issue 13): at chosen decisions the trainee builds a chronology from the dated facts
// their role holds and has been given. They choose the entries and mark the ones that are a concern;
// the list is kept in date order, as a chronology on a child's file is. The case says which entries
// mattered. The debrief sets the trainee's chronology beside the whole picture: every concern that any
// agency held by then, in date order and by agency. That shows the cumulative harm that no single
// agency's records showed.
// Plain functions over the scenario and a run; the play screen, the debrief, the reports and the
// transcript all read the same summary.
#pragma once
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "wholepicture/core/knowledge.h"
#include "wholepicture/core/runner.h"
#include "wholepicture/core/scenario.h"

namespace wp {

// One dated fact as a chronology shows it.
struct ChronologyItem {
    std::string fact;
    std::string date;        // the fact's own date, else its stage's
    std::string text;
    std::string heldBy;      // who held it first, in words ("the health visitor, the GP")
    std::vector<std::string> holders; // the same as role ids
    bool concern = false;    // the case reads it as a concern about the child's welfare
    bool mattered = false;   // the case judges it an entry this chronology should hold
    bool known = false;      // the trainee's role knew it at the point
    ChronologyMark mark = ChronologyMark::Out; // what the trainee did with it
};

// One chronology point on the run's path, judged.
struct JudgedChronology {
    std::string node;
    std::string title; // the decision's title
    std::string stage; // the stage's title
    std::string date;  // the stage's date
    std::string why;   // the case's reading of what the chronology shows
    std::vector<ChronologyItem> pool;  // the facts the role knew at the point, in date order
    std::vector<ChronologyItem> whole; // every concern any agency held by then, in date order
    int entries = 0;           // facts the trainee entered
    int mattered = 0;          // entries the case says should be there (of the facts the role knew)
    int matteredEntered = 0;
    int concernsMarked = 0;    // concerns entered and marked as a concern
    int concernsUnmarked = 0;  // concerns entered but not marked
    int overMarked = 0;        // facts marked as a concern that the case reads as context
    int wholeConcerns = 0;     // concerns any agency held by then
    int knownConcerns = 0;     // of which the trainee's role knew at the point
    int mostHeldByOne = 0;     // the most of those concerns that one agency's own records held
    std::string mostHeldBy;    // that agency, in words
    [[nodiscard]] bool built() const { return entries > 0; }
    // Every entry that mattered is there and every concern entered is marked as one.
    [[nodiscard]] bool complete() const { return matteredEntered == mattered && concernsUnmarked == 0; }
};

struct ChronologySummary {
    std::vector<JudgedChronology> points; // in the order the run met them
    [[nodiscard]] bool empty() const { return points.empty(); }
};

// The facts the player's role could enter at the current decision (those it knows now), in date order,
// each with the mark it has so far. Empty when the decision asks for no chronology.
[[nodiscard]] std::vector<ChronologyItem> chronologyPool(const Scenario& s, const RunState& st,
                                                         const KnowledgeBase& kb);
// Every concern any agency held by the stage of decision `n`, in date order, with who held it (role ids;
// `heldBy` empty, `known` false, `mark` Out): the whole picture a room sees at a chronology point.
[[nodiscard]] std::vector<ChronologyItem> concernsOnRecord(const Scenario& s, const Node& n);
// The chronology points on `st`'s path whose choice is made, judged. `kb` names the agencies.
[[nodiscard]] ChronologySummary summariseChronologies(const Scenario& s, const RunState& st, const KnowledgeBase& kb);

// "4 of the 5 entries that mattered; 3 of 4 concerns marked as concerns" (one line, no full stop).
[[nodiscard]] std::string chronologyVerdict(const JudgedChronology& c);
// The whole picture in one sentence: "By then 9 concerns about Tina sat in the records of 5 agencies; no
// one agency held more than 3 (the health visitor). Your role knew 4."
[[nodiscard]] std::string wholePictureSentence(const JudgedChronology& c, const std::string& childName);

// {"points":[{node,title,stage,date,why,entries,mattered,mattered_entered,concerns_marked,
// concerns_unmarked,over_marked,whole_concerns,known_concerns,most_held_by_one,most_held_by,
// entered:[{fact,date,mark,concern,mattered}],whole:[{fact,date,held_by,known,mark}]}]}
[[nodiscard]] nlohmann::json chronologiesToJson(const ChronologySummary& summary);

// Each point as HTML: the trainee's chronology as a list, then the whole picture as a table with a
// caption (th scope on both axes), for the debrief report and the transcript; "" when none.
// Each point's heading is an <hN> with N = `headingLevel`.
[[nodiscard]] std::string chronologyHtml(const ChronologySummary& summary, const std::string& childName,
                                         int headingLevel = 3);

} // namespace wp
