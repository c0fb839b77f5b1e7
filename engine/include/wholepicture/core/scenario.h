// The scenario model (format version 1): plain structs, loaded from a plugin folder.
// The reference for authors is plugins/README.md; this header is the reference for code.
#pragma once
#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "wholepicture/core/diagnostic.h"

namespace wp {

inline constexpr int kScenarioFormatVersion = 1;
// The largest score change one option may make, either way. Checked when the scenario is read, so
// the score sums along any path stay far inside int (code review: unbounded score deltas).
inline constexpr int kMaxScoreDelta = 1000;

// A string, or a per-role variant with a default ("default" key in JSON).
struct RoleText {
    std::string fallback;
    std::map<std::string, std::string> byRole;

    [[nodiscard]] const std::string& forRole(const std::string& role) const;
    [[nodiscard]] bool empty() const { return fallback.empty() && byRole.empty(); }

    bool operator==(const RoleText&) const = default;
};

struct FactRef {
    std::string role;
    std::string fact;

    bool operator==(const FactRef&) const = default;
};

// All listed parts must hold, and, when `any` is given, at least one of its conditions ("knows X or
// knows Y"). Empty condition = always true.
struct Condition {
    std::vector<std::string> flagsSet;
    std::vector<std::string> flagsUnset;
    std::vector<FactRef> knows;
    std::vector<Condition> any; // OR: at least one must hold (none given: no OR part)
    [[nodiscard]] bool empty() const { return flagsSet.empty() && flagsUnset.empty() && knows.empty() && any.empty(); }

    bool operator==(const Condition&) const = default;
};

struct Branch {
    Condition when;
    std::string to;
    std::string pointer;

    bool operator==(const Branch&) const = default;
};

enum class Flow { OneWay, TwoWay };
enum class Strength { Critical, Peripheral };

struct Link {
    std::string from; // cast ids
    std::string to;
    Flow flow = Flow::OneWay;
    Strength strength = Strength::Peripheral;
    std::string note;

    bool operator==(const Link&) const = default;
};

struct Share {
    std::string fact;
    std::vector<std::string> to; // roles

    bool operator==(const Share&) const = default;
};

struct Effects {
    std::vector<Share> share;
    std::vector<Link> links;
    std::map<std::string, int> scores; // dimension id -> delta
    std::vector<std::string> set;
    std::vector<std::string> clear;

    bool operator==(const Effects&) const = default;
};

struct GuidanceCitation {
    std::string ref;
    std::string section;

    bool operator==(const GuidanceCitation&) const = default;
};

struct Feedback {
    std::string outcome;
    std::map<std::string, std::string> views; // role id -> how that profession reads the choice
    std::vector<GuidanceCitation> guidance;

    bool operator==(const Feedback&) const = default;
};

struct Option {
    std::string id;
    std::string text;
    std::vector<std::string> roles; // empty = every playable role
    Condition when;
    Effects effects;
    Feedback feedback;
    std::string critical; // critical action id, or ""
    bool historical = false; // "historical": true marks what (close to) really happened in the case
    std::vector<Branch> next;
    std::string pointer;

    bool operator==(const Option&) const = default;
};

struct Perspective {
    std::string role;
    std::string knows;
    std::string thinks;
    std::string pressures;

    bool operator==(const Perspective&) const = default;
};

enum class NodeType { Narrative, Decision, Ending };

// The threshold scale a trainee places the child's needs on (issue 13: threshold judgement), lowest
// first. A local procedures pack may give the levels its own names; the ids stay these four.
enum class ThresholdLevel { Universal, EarlyHelp, ChildInNeed, ChildProtection };
inline constexpr int kThresholdLevelCount = 4;

// A decision where the trainee first says where the child's needs sit now ("threshold" in JSON).
struct ThresholdPoint {
    ThresholdLevel level = ThresholdLevel::Universal; // the case's judgement
    std::vector<ThresholdLevel> defensible;            // other levels the case accepts as a sound reading
    std::optional<ThresholdLevel> atTheTime;           // how the agencies treated it then, where the record says
    std::string why;                                   // the reasons, shown after the choice and in the debrief
    std::string pointer;

    bool operator==(const ThresholdPoint&) const = default;
};

// What the trainee did with one fact at a chronology point: left it out, entered it, or entered it and
// marked it as a concern.
enum class ChronologyMark { Out, Entry, Concern };

// A decision where the trainee first builds a chronology from the dated facts their role holds
// ("chronology" in JSON; see wholepicture/core/chronology.h).
struct ChronologyPoint {
    std::string why;                   // what the chronology shows, in the debrief and after the choice
    std::vector<std::string> mattered; // fact ids the chronology should hold (empty: every concern)
    std::string pointer;

    bool operator==(const ChronologyPoint&) const = default;
};

// How well one side of a challenge was done, as the case rates an approach and the judging rates timing.
enum class ChallengeRating { Poor, Partial, Good };

// One step of an escalation route for a disagreement between agencies (a case's own, a local
// procedures pack's, or the national default): who hears it, how, and within what time.
struct EscalationStep {
    std::string who;    // "the worker's team manager"
    std::string how;    // "Ring, then confirm by email the same day; say what you disagree with and why"
    std::string within; // "1 working day"

    bool operator==(const EscalationStep&) const = default;
};

// One way to put a challenge to the other agency, rated by the case.
struct ChallengeApproach {
    std::string id;
    std::string text;     // what the trainee says or writes
    ChallengeRating tone = ChallengeRating::Partial;       // respectful, professional, open to their reasons
    ChallengeRating childFocus = ChallengeRating::Partial; // about the child's situation, not the agencies
    std::string feedback; // why the approach lands as it does
    std::string pointer;

    bool operator==(const ChallengeApproach&) const = default;
};

// A decision where the trainee may first challenge another agency's decision and escalate it along
// the route when the first challenge fails ("challenge" in JSON; see wholepicture/core/challenge.h).
struct ChallengePoint {
    std::string agency;                     // cast id of the agency whose decision is in question
    std::string decision;                   // what that agency decided, as the trainee hears of it
    std::vector<std::string> roles;         // roles that may challenge here (empty: every playable role)
    std::vector<ChallengeApproach> approaches;
    std::string reply;                      // the other agency's honest first reply: why it decided so
    std::vector<EscalationStep> escalation; // the case's own route (empty: the pack's, else the national)
    int resolvesAt = 2;                     // the step of the route at which the disagreement is resolved
    std::string outcome;                    // what changes when it is resolved
    std::string why;                        // what the point teaches, after the choice and in the debrief
    std::string pointer;
    [[nodiscard]] bool forRole(const std::string& role) const {
        return roles.empty() || std::find(roles.begin(), roles.end(), role) != roles.end();
    }

    bool operator==(const ChallengePoint&) const = default;
};

struct DebriefPrompt {
    int step = 1; // 1 why work together; 2 constraints; 3 organisations; 4 practice
    std::string text;

    bool operator==(const DebriefPrompt&) const = default;
};

struct Node {
    std::string id;
    NodeType type = NodeType::Narrative;
    std::string stage;
    std::string title;
    RoleText text;      // narrative, ending
    RoleText situation; // decision
    RoleText question;  // decision
    std::vector<Perspective> perspectives;
    std::vector<Option> options;
    std::optional<ThresholdPoint> threshold; // decision: place the child's needs before choosing
    std::optional<ChronologyPoint> chronology; // decision: build a chronology before choosing
    std::optional<ChallengePoint> challenge;   // decision: challenge another agency's decision before choosing
    std::vector<Branch> next; // narrative
    std::vector<Share> reveals; // narrative: facts the listed roles learn on reading it
    std::vector<std::string> endingRoles; // ending: the only playable roles meant to reach it (empty = all)
    std::string whatHappened; // ending
    std::vector<std::string> proposals;
    std::vector<DebriefPrompt> prompts;
    std::string pointer;

    bool operator==(const Node&) const = default;
};

struct Fact {
    std::string id;
    std::string stage;
    std::vector<std::string> holders;
    std::string text;
    bool key = false;
    std::vector<std::string> neededBy;
    std::string date;     // when it happened, for a chronology ("March 2004"); "" means the stage's date
    bool concern = false; // a concern about the child's welfare: a chronology of cumulative harm holds it
    std::string pointer;

    bool operator==(const Fact&) const = default;
};

struct Stage {
    std::string id;
    std::string title;
    std::string date;

    bool operator==(const Stage&) const = default;
};

struct CastMember {
    std::string id;
    std::string name;
    std::string kind; // child | family | school | social_care | health | police | voluntary | education | other
    std::vector<std::string> roles;
    std::string description;

    bool operator==(const CastMember&) const = default;
};

enum class CriticalKind { MustDo, MustAvoid };

struct CriticalAction {
    std::string id;
    CriticalKind kind = CriticalKind::MustDo;
    std::vector<std::string> roles; // empty = every playable role
    std::string text;

    bool operator==(const CriticalAction&) const = default;
};

struct FlagInfo {
    std::string id;
    std::string description;

    bool operator==(const FlagInfo&) const = default;
};

struct DimensionWeight {
    std::string id;
    double weight = 1.0;

    bool operator==(const DimensionWeight&) const = default;
};

struct Scenario {
    int formatVersion = kScenarioFormatVersion;
    std::string title;
    std::string childName;
    int childAge = 0;
    std::string childSummary;
    std::string caseSummary;
    std::vector<CastMember> cast;
    std::vector<DimensionWeight> dimensions;
    std::vector<Stage> stages;
    std::vector<Fact> facts;
    std::vector<FlagInfo> flags;
    std::vector<CriticalAction> criticalActions;
    std::vector<Link> initialMap;
    std::vector<Link> historicalMap;
    std::string historicalNote;
    std::string start;
    std::vector<Node> nodes;
    std::map<std::string, std::string> roleLabels; // role id -> this case's name for it ("Form tutor")

    // Lookups (built by indexScenario; the loader calls it).
    std::unordered_map<std::string, size_t> nodeIndex;
    std::unordered_map<std::string, size_t> factIndex;
    std::unordered_map<std::string, size_t> stageIndex;
    std::unordered_map<std::string, size_t> flagIndex;
    std::unordered_map<std::string, std::string> castOfRole; // role id -> cast id

    [[nodiscard]] const Node* node(const std::string& id) const;
    [[nodiscard]] const Fact* fact(const std::string& id) const;
    [[nodiscard]] const CastMember* castMember(const std::string& id) const;
    [[nodiscard]] const CriticalAction* criticalAction(const std::string& id) const;
    [[nodiscard]] int stageOrder(const std::string& stageId) const; // -1 if unknown

    bool operator==(const Scenario&) const = default;
};

void indexScenario(Scenario& s);

// The role id of the child's own perspective, imagined from the record (content/roles.json).
inline constexpr const char* kChildRole = "child";
// This case's own name for a role, or "" when it has none: its "role_labels" entry ("Form tutor" for
// class_teacher), or for the child's role the child's first name marked as imagined ("Peter (imagined)").
[[nodiscard]] std::string caseRoleLabel(const Scenario& s, const std::string& role);

struct PluginManifest {
    std::string id;
    std::string name;
    std::string version;
    std::string kind;
    int formatVersion = 0;
    std::vector<std::string> entry;
    std::vector<std::string> roles; // playable
    std::string summary;
    std::string complexity; // modest | significant | complex
    int minutes = 0;
    std::vector<std::string> contentWarnings;
    std::string source;
    bool invented = false; // a case made up for training, not drawn from a real child's case review
};

// The first sentence of a content warning: where the case comes from ("drawn from a real child's case
// review" or "invented for training"), so a made-up case never claims to be real.
[[nodiscard]] std::string caseOriginSentence(const PluginManifest& m);

struct ScenarioPlugin;
// The library's opening sentence about where its cases come from: "Each case follows a real, published
// case review" only when every usable case does; invented cases are said to be invented (review 13).
[[nodiscard]] std::string libraryIntroduction(const std::vector<ScenarioPlugin>& library);

enum class PluginOrigin { Bundled, User, CommandLine };

// A scenario plugin: one case's folder (plugin.json, its scenario files), as discovered and loaded.
// "Plugin" alone names every kind that lives in plugins/ (scenario, local procedures, native extension).
struct ScenarioPlugin {
    std::filesystem::path dir;
    PluginOrigin origin = PluginOrigin::Bundled;
    PluginManifest manifest;
    std::shared_ptr<const Scenario> scenario; // null when the plugin could not be loaded, or not yet
    Diagnostics diagnostics;
    // Only plugin.json has been read so far (discoverPlugins with DiscoverMode::Manifests): the manifest
    // is there for the library's card, the scenario is loaded and linted later (off the UI thread, or at
    // once by finishPendingLoad when something needs it now). Never usable while pending.
    bool pending = false;

    [[nodiscard]] bool usable() const { return !pending && scenario != nullptr && !hasErrors(diagnostics); }
    [[nodiscard]] std::string displayName() const;
};

[[nodiscard]] const char* nodeTypeName(NodeType t);
[[nodiscard]] const char* flowName(Flow f);
[[nodiscard]] const char* strengthName(Strength s);
[[nodiscard]] const char* thresholdLevelId(ThresholdLevel l); // "early_help"
[[nodiscard]] std::optional<ThresholdLevel> thresholdLevelFromId(const std::string& id);
[[nodiscard]] const char* chronologyMarkId(ChronologyMark m); // "out" | "entry" | "concern"
[[nodiscard]] std::optional<ChronologyMark> chronologyMarkFromId(const std::string& id);
[[nodiscard]] const char* challengeRatingId(ChallengeRating r); // "poor" | "partial" | "good"
[[nodiscard]] std::optional<ChallengeRating> challengeRatingFromId(const std::string& id);

// Does `option` apply to `role`? (empty roles = all)
[[nodiscard]] bool optionForRole(const Option& option, const std::string& role);

} // namespace wp
