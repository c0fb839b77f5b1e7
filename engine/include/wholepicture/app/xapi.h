// xAPI 1.0.3 statements for an organisation's learning record store (LRS), built from the records the
// store keeps (run_record.h). Pure: no I/O, no clock, no randomness; the same record and options give
// the same statements, byte for byte.
//
// What is said (../shared/guides/ecosystem.md §1.3):
//   a run (self-study):  initialized (at its start) · answered per decision (a cmi.interaction "choice"
//                        activity with all its options as choices, the option id as result.response) ·
//                        suspended and resumed per pause (RunRecord::pauses: set aside unfinished as a
//                        kept run, then saved as the current run again) · completed at the ending
//                        (dimension scores as a result extension, the overall fraction as
//                        result.score.scaled, the time spent as result.duration) · terminated (at the ending)
//   a room session:      statements about the room's groups and their professions, never people:
//                        initialized · answered per group vote in every revealed round · suspended and
//                        resumed per pause · completed at the ending · terminated when closed
// The actor of a run is a pseudonymous account {homePage: the organisation's IRI, name: the profile's
// opaque account}. No case text beyond activity names (the case's title, a decision's title), no
// reflection and no person's name leave unless an option says so (all off by default).
//
// IRIs we own, all under kXapiBase = "https://wholepicture.app/xapi" (stable; never change a released one):
//   {base}/cases/{plugin}                    the case: activity type .../activities/simulation
//   {base}/cases/{plugin}/decisions/{node}   a decision: .../activities/cmi.interaction, interactionType choice
//   {base}/profile                           context category: statements made to this vocabulary
//   {base}/connection-test                   the object of the settings screen's test statement
//   {base}/extensions/role                   context: the role played ("dsl")
//   {base}/extensions/mode                   context: "self-study" or "facilitated-room"
//   {base}/extensions/run                    context: the app's run or room id
//   {base}/extensions/profession             context: a room group's profession ("class_teacher", "mixed")
//   {base}/extensions/round                  context: a room vote's round (1 or 2)
//   {base}/extensions/dimensions             result: {dimension id: {score, best, worst, fraction, band}}
//   {base}/extensions/score-changes          result: a decision's score changes {dimension id: change}
//   {base}/extensions/critical               result: {met, missed} critical actions at the ending
//   {base}/extensions/reflection             result: the trainee's reflection (only with includeReflections)
// Path segments taken from ids are percent-encoded outside [A-Za-z0-9-._~].
//
// Statement ids are UUID version 5 (SHA-1, RFC 4122 §4.3) of the statement's own content (its canonical
// JSON without the id), in the namespace kXapiNamespace. So a statement made again from the same record
// has the same id, a re-send is idempotent, and one id can never carry two different contents: a changed
// record or changed options make a new statement with a new id, never a different body under an old id.
// The registration of a run (or room) is a UUID v5 of its profile's account and its id: one per attempt.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "wholepicture/app/run_record.h"

namespace wp::app {

inline constexpr const char* kXapiBase = "https://wholepicture.app/xapi";
inline constexpr const char* kXapiVersion = "1.0.3";

// Endpoint-independent choices of what statements say (the endpoint and credentials are in
// xapi_settings.h). Defaults say as little as possible.
struct XapiOptions {
    std::string homePage = "https://wholepicture.app"; // the organisation's IRI for accounts
    bool includeNames = false;       // the profile's display name as actor.name; a room table's name as its group's
    bool includeReflections = false; // the trainee's reflection on the completed statement
    bool includeOptionText = false;  // each choice's description (the option's text: case text)
    // context.platform. Without the app's version on purpose: a statement's id is its content's, so a
    // version in it would give a run re-saved after an update new ids for the same events (doubles in
    // the LRS), and `wpt records export --xapi` would not match what the app queued.
    std::string platform = "Whole Picture";
    std::string language = "en-GB"; // RFC 5646: context.language and the language maps
    friend bool operator==(const XapiOptions&, const XapiOptions&) = default;
};

// One statement with what the outbox keeps beside it.
struct XapiStatement {
    std::string id;
    std::string kind;      // "initialized", "answered", ... (for tests and the export)
    std::int64_t atMs = 0; // its timestamp
    nlohmann::json json;   // the whole statement, id included
};

// The statements of a run so far, in time order. An unfinished run has initialized and its answers;
// completed needs the debrief's figures (overallFraction >= 0), so a save without them adds nothing new.
[[nodiscard]] std::vector<XapiStatement> runStatements(const RunRecord& run, const Profile& profile, const XapiOptions& options);
// The statements of a room session so far (from room.record, the roomToJson event log and decisions).
// `facilitator` is the profile the room is saved under: only its opaque account is used, to make the
// groups' accounts distinct from another laptop's room of the same name.
[[nodiscard]] std::vector<XapiStatement> roomStatements(const RoomRecord& room, const Profile& facilitator, const XapiOptions& options);
// The settings screen's "Send a test statement": the profile experienced the connection test.
[[nodiscard]] XapiStatement testStatement(const Profile& profile, const XapiOptions& options, std::int64_t nowMs);

// [SECTION] Parts, exposed for tests and the sender
// A UUID v5 of `name` in our namespace (lower-case, 8-4-4-4-12).
[[nodiscard]] std::string xapiUuid(const std::string& name);
[[nodiscard]] bool isUuid(const std::string& text);
// The id a statement (without "id") gets: xapiUuid of its canonical JSON.
[[nodiscard]] std::string statementIdFor(const nlohmann::json& statementWithoutId);
// "2026-12-04T15:30:12.345Z"
[[nodiscard]] std::string isoTimestamp(std::int64_t ms);
// ISO 8601 duration to the centisecond: "PT0S", "PT42.5S", "PT1H2M3.04S".
[[nodiscard]] std::string isoDuration(std::int64_t ms);
// Percent-encodes an id for an IRI path segment.
[[nodiscard]] std::string iriSegment(const std::string& id);
[[nodiscard]] std::string caseActivityId(const std::string& pluginId);
[[nodiscard]] std::string decisionActivityId(const std::string& pluginId, const std::string& node);
[[nodiscard]] std::string runRegistration(const Profile& profile, const std::string& runId);

} // namespace wp::app
