// The starting case a trainer writes from: `wpt new` and the app's "New case" make the same folder, which
// lints clean and plays to an ending for every role (moved here from tools/wpt/cmd_new.cpp).
#include "wholepicture/core/case_scaffold.h"

#include <algorithm>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "wholepicture/core/json_file.h"
#include "wholepicture/core/lists.h"

namespace wp {

namespace fs = std::filesystem;

// "$schema": always a path relative to the new folder, so the folder works on another machine and after
// the repository moves (authoring review 11: an absolute path broke on the next computer). Editors
// resolve it from the file's own folder.
std::string schemaReference(const fs::path& contentDir, const fs::path& pluginDir, const char* file) {
    std::error_code ec;
    fs::path schema = fs::weakly_canonical(contentDir / "schema" / file, ec);
    fs::path target = fs::weakly_canonical(fs::absolute(pluginDir), ec);
    fs::path rel = fs::relative(schema, target, ec);
    return ec || rel.empty() ? schema.generic_string() : rel.generic_string();
}

namespace {

// Cast member id for an agency (roles.json "agency"); cast kinds use the same words.
std::string castIdFor(const std::string& agency) {
    static const std::map<std::string, std::string> ids = {
        {"school", "school"}, {"social_care", "social_care"}, {"health", "health"},   {"police", "police"},
        {"family", "family"}, {"voluntary", "voluntary"},     {"education", "local_authority"}, {"other", "other_agency"}};
    auto it = ids.find(agency);
    return it == ids.end() ? "other_agency" : it->second;
}

std::string castName(const std::string& agency) {
    static const std::map<std::string, std::string> names = {
        {"school", "Elm Street Primary School (invented)"}, {"social_care", "Children's social care"},
        {"health", "Health services"},                      {"police", "Police"},
        {"family", "The child's family"},                   {"voluntary", "A voluntary organisation"},
        {"education", "The local authority's education services"}, {"other", "Another agency"}};
    auto it = names.find(agency);
    return it == names.end() ? "Another agency" : it->second;
}


// Each option's views name its own choice: word-for-word repeats across the options of a decision are a
// lint warning (they teach nothing), and a fresh scaffold lints clean.
OrderedJson feedback(const std::string& choice, const std::string& outcome, const std::vector<std::string>& viewRoles,
                      const char* ref, const char* section) {
    OrderedJson views = OrderedJson::object();
    views[viewRoles[0]] = "How this profession would read " + choice + ". Replace with your own words.";
    views[viewRoles[1]] = "How a second profession would read " + choice + "; where they disagree, say so.";
    return {{"outcome", outcome}, {"views", views}, {"guidance", OrderedJson::array({{{"ref", ref}, {"section", section}}})}};
}

} // namespace

CaseScaffold buildCaseScaffold(const std::string& id, const std::vector<std::string>& roles, const KnowledgeBase& kb,
                                     const std::string& pluginSchema, const std::string& scenarioSchema) {
    // Three roles with perspectives at every decision: the playable ones first, then others.
    std::vector<std::string> perspectiveRoles = roles;
    for (const char* extra : {"class_teacher", "social_worker", "school_nurse", "gp"})
        if (perspectiveRoles.size() < 3 && std::find(perspectiveRoles.begin(), perspectiveRoles.end(), extra) == perspectiveRoles.end())
            perspectiveRoles.push_back(extra);
    const std::string& first = roles.front();
    const std::string& second = perspectiveRoles[1];

    // Cast: the child, the family, and one member per agency of every role named anywhere.
    std::map<std::string, std::vector<std::string>> byAgency;
    std::vector<std::string> agencyOrder;
    for (const auto& r : perspectiveRoles) {
        const RoleInfo* info = kb.role(r);
        std::string agency = info && !info->agency.empty() ? info->agency : "other";
        if (!byAgency.count(agency)) agencyOrder.push_back(agency);
        byAgency[agency].push_back(r);
    }
    OrderedJson cast = OrderedJson::array();
    cast.push_back({{"id", "child"}, {"name", "Alex"}, {"kind", "child"}, {"roles", OrderedJson::array()},
                    {"description", "The child at the centre. Use an invented name unless the published review gives one."}});
    if (!byAgency.count("family"))
        cast.push_back({{"id", "family"}, {"name", "Alex's family"}, {"kind", "family"}, {"roles", OrderedJson::array()},
                        {"description", "Who the child lives with."}});
    for (const auto& agency : agencyOrder)
        cast.push_back({{"id", castIdFor(agency)}, {"name", castName(agency)}, {"kind", agency == "education" ? "education" : agency},
                        {"roles", byAgency[agency]}, {"description", "Replace with who they are in your case."}});
    auto castOf = [&](const std::string& role) {
        const RoleInfo* info = kb.role(role);
        return castIdFor(info && !info->agency.empty() ? info->agency : "other");
    };
    std::string from = castOf(first);
    std::string to = castOf(second) != from ? castOf(second) : "child";
    for (const auto& r : perspectiveRoles)
        if (to == "child" && castOf(r) != from) to = castOf(r);

    auto perspectives = [&](const std::string& when) {
        OrderedJson list = OrderedJson::array();
        for (const auto& r : perspectiveRoles)
            list.push_back({{"role", r},
                            {"knows", "What the " + kb.roleName(r) + " knows " + when + ", and nothing more."},
                            {"thinks", "What they think is going on, in their own voice."},
                            {"pressures", "What is pressing on them: caseload, timetable, thresholds, a parent's reaction."}});
        return list;
    };
    OrderedJson allOthers = OrderedJson::array();
    for (const auto& r : perspectiveRoles)
        if (r != first) allOthers.push_back(r);
    const std::vector<std::string> viewRoles = {perspectiveRoles[0], perspectiveRoles[1]};

    CaseScaffold out;
    out.manifest = {{"$schema", pluginSchema},
                    {"id", id},
                    {"name", "New case (" + id + ")"},
                    {"version", "0.1.0"},
                    {"kind", "scenario"},
                    {"format_version", 1},
                    {"entry", {"scenario.json"}},
                    {"roles", roles},
                    {"summary", "One paragraph for the library card: who the child is, what happens, and which roles can be played."},
                    {"complexity", "modest"},
                    {"minutes", 15},
                    {"content_warnings", {"neglect (replace: say what your case contains)"}},
                    {"source", "Say where the facts come from, e.g. a published, anonymised case review."},
                    // Made up until the author says otherwise: a new case never claims to be a real review.
                    {"invented", true}};

    OrderedJson d1Options = OrderedJson::array();
    d1Options.push_back({{"id", "share_today"},
                         {"text", "Write down exactly what you saw and pass it to the person who needs it today."},
                         {"effects", {{"share", {{{"fact", "first_sign"}, {"to", allOthers}}}},
                                      {"links", {{{"from", from}, {"to", to}, {"flow", "one_way"}, {"strength", "critical"}}}},
                                      {"scores", {{"information_sharing", 2}, {"timeliness", 1}}},
                                      {"set", {"shared_early"}}}},
                         {"feedback", feedback("sharing it today", "What happens next because the information moved, and why it matters to the child.",
                                               viewRoles, "kcsie_2025", "Part one")},
                         {"critical", "ca_share_early"},
                         {"next", "d2_second_sign"}});
    d1Options.push_back({{"id", "wait_and_see"},
                         {"text", "Keep an eye on it for another week before saying anything."},
                         {"effects", {{"scores", {{"timeliness", -1}}}}},
                         {"feedback", feedback("waiting a week", "What waiting costs, and what it might gain; avoid a right/wrong tone where the case "
                                               "shows a real dilemma.", viewRoles, "info_sharing_2024", "Golden rules")},
                         {"next", "d2_second_sign"}});
    d1Options.push_back({{"id", "ask_the_child"},
                         {"roles", {first}},
                         {"text", "Ask the child, gently and without leading, how things are at home."},
                         {"effects", {{"scores", {{"curiosity_challenge", 1}}}}},
                         {"feedback", feedback("asking the child", "An option only one role can take: this is how to make choices profession-specific.",
                                               viewRoles, "kcsie_2025", "Part one")},
                         {"next", "d2_second_sign"}});

    OrderedJson d2Options = OrderedJson::array();
    d2Options.push_back({{"id", "check_back"},
                         {"text", "Ask the colleague you told what has happened since."},
                         {"when", {{"flags", {"shared_early"}}}},
                         {"effects", {{"share", {{{"fact", "second_sign"}, {"to", {first}}}}},
                                      {"scores", {{"coordination", 1}, {"information_sharing", 1}}}}},
                         {"feedback", feedback("checking back", "Only offered if the first concern was shared (see \"when\"): conditions make later "
                                               "choices depend on earlier ones.", viewRoles, "wt_2023", "Chapter 2")},
                         {"next", "d3_meeting"}});
    d2Options.push_back({{"id", "ask_around"},
                         {"text", "Ask the other professionals what they know before deciding."},
                         {"effects", {{"share", {{{"fact", "second_sign"}, {"to", {first}}}}},
                                      {"scores", {{"curiosity_challenge", 1}}}}},
                         {"feedback", feedback("asking around first", "Seeking information is a decision too: it moves a fact to your role.", viewRoles,
                                               "info_sharing_2024", "Golden rules")},
                         {"next", "d3_meeting"}});
    d2Options.push_back({{"id", "note_it"},
                         {"text", "Record it on file and carry on."},
                         {"effects", {{"scores", {{"timeliness", -1}}}}},
                         {"feedback", feedback("only recording it", "A record nobody reads does not protect a child; say what it would have taken.",
                                               viewRoles, "wt_2023", "Chapter 2")},
                         {"next", "d3_meeting"}});

    OrderedJson d3Options = OrderedJson::array();
    d3Options.push_back({{"id", "plan_together"},
                         {"text", "Agree one plan with the other agencies, with a named lead and a date to review it."},
                         {"effects", {{"links", {{{"from", to}, {"to", from}, {"flow", "two_way"}, {"strength", "critical"}}}},
                                      {"scores", {{"coordination", 2}}}}},
                         {"feedback", feedback("one plan together", "Which ending this leads to depends on what happened earlier (a conditional \"next\").",
                                               viewRoles, "wt_2023", "Chapter 2")},
                         {"next", {{{"when", {{"flags", {"shared_early"}}}}, {"to", "end_joined_up"}}, {{"to", "end_apart"}}}}});
    d3Options.push_back({{"id", "leave_it_to_them"},
                         {"text", "Leave the next step to the other agency."},
                         {"effects", {{"scores", {{"coordination", -1}}}}},
                         {"feedback", feedback("leaving it to the other agency", "What each agency assumed the other would do.", viewRoles, "wt_2023", "Chapter 2")},
                         {"next", "end_apart"}});

    auto prompts = []() {
        return OrderedJson::array({{{"step", 1}, {"text", "Why did these professionals need to work together on this case?"}},
                                    {{"step", 2}, {"text", "What constraints did they put on each other?"}},
                                    {{"step", 3}, {"text", "What would need to change in our organisations?"}},
                                    {{"step", 4}, {"text", "What would need to change in our own practice?"}}});
    };
    auto ending = [&](const char* nodeId, const char* title, const char* text) {
        return OrderedJson{{"id", nodeId},
                            {"type", "ending"},
                            {"stage", "spring"},
                            {"title", title},
                            {"text", text},
                            {"what_happened", "What happened in the real case, from the published review, in your own words."},
                            {"proposals", {"A proposal for change from the review or your group."}},
                            {"prompts", prompts()}};
    };

    out.scenario = {
        {"$schema", scenarioSchema},
        {"format_version", 1},
        {"title", "New case: replace this title"},
        {"child", {{"name", "Alex"}, {"age", 8}, {"summary", "One sentence about the child."}}},
        {"case_summary", "Shown before play: the setting, the dates and what the trainee needs to know to start."},
        {"cast", cast},
        {"dimensions", {{"information_sharing", 2}, {"timeliness", 1}, {"coordination", 1}, {"curiosity_challenge", 1}}},
        {"stages", {{{"id", "autumn"}, {"title", "First concerns"}, {"date", "Autumn term"}},
                    {{"id", "spring"}, {"title", "Things get harder"}, {"date", "Spring term"}}}},
        {"facts", {{{"id", "first_sign"}, {"stage", "autumn"}, {"holders", {first}},
                    {"text", "The first thing one professional notices. Only the holders know it at the start."},
                    {"key", true}, {"needed_by", allOthers}},
                   {{"id", "second_sign"}, {"stage", "spring"}, {"holders", {second}},
                    {"text", "Something another agency learns later."}, {"key", true}, {"needed_by", {first}}}}},
        {"flags", {{{"id", "shared_early"}, {"description", "the first concern was passed on the same day"}}}},
        {"critical_actions", {{{"id", "ca_share_early"}, {"kind", "must_do"},
                               {"text", "Pass on the first concern the same day."}}}},
        {"initial_map", {{{"from", from}, {"to", "child"}, {"flow", "two_way"}, {"strength", "critical"},
                          {"note", "Who is in touch with the child when the case opens."}}}},
        {"historical_map", {{"links", {{{"from", from}, {"to", to}, {"flow", "one_way"}, {"strength", "peripheral"}}}},
                            {"note", "The map of what actually happened, from the case review."}}},
        {"start", "intro"},
        {"nodes",
         {{{"id", "intro"}, {"type", "narrative"}, {"stage", "autumn"}, {"title", "The start"},
           {"text", "Set the scene in two or three sentences. Say where and when."}, {"next", "d1_first_sign"}},
          {{"id", "d1_first_sign"}, {"type", "decision"}, {"stage", "autumn"}, {"title", "A first sign"},
           {"situation", {{"default", "What the player's role sees, in the present tense."},
                          {first, "The same moment, as the " + kb.roleName(first) + " sees it."}}},
           {"question", "What do you do?"},
           {"perspectives", perspectives("at this moment")},
           {"options", d1Options}},
          {{"id", "d2_second_sign"}, {"type", "decision"}, {"stage", "spring"}, {"title", "A second sign"},
           {"situation", "Months later, something new comes to light."},
           {"question", "What do you do?"},
           {"perspectives", perspectives("now")},
           {"options", d2Options}},
          {{"id", "d3_meeting"}, {"type", "decision"}, {"stage", "spring"}, {"title", "Who does what"},
           {"situation", "The professionals could meet, or each carry on alone."},
           {"question", "What do you do?"},
           {"perspectives", perspectives("by now")},
           {"options", d3Options}},
          ending("end_joined_up", "A picture put together", "What the ending looks like when the agencies joined up."),
          ending("end_apart", "Each did their own part", "What the ending looks like when each agency worked alone.")}}};

    const std::string roleList = joinList(roles);
    out.readme = "# " + id + ": a new Whole Picture case\n\n"
                 "This folder was made by `wpt new " + id + "`. It already works: it passes `wpt lint` with no errors or\n"
                 "warnings and plays to an ending as every role (" + roleList + "). Change it one step at a time and check\n"
                 "after each step. The full guide is `plugins/README.md` in the Whole Picture source.\n\n"
                 "## Step by step\n\n"
                 "1. **plugin.json**: set `name`, `summary`, `complexity`, `minutes`, `source`, and the\n"
                 "   `content_warnings` (say plainly what the case contains). `roles` are the roles a trainee can play.\n"
                 "   `invented` starts as `true`; set it to `false` only if the case is drawn from a real case review (the\n"
                 "   content warning and the library then say so).\n"
                 "2. **scenario.json, the case**: `title`, `child`, `case_summary`. Keep the child's name invented unless\n"
                 "   the published review gives a first name.\n"
                 "3. **cast**: the agencies and people around the child. Each role sits in one cast member. These\n"
                 "   are the points on the information-flow map.\n"
                 "4. **stages and facts**: one stage per period of the case, in time order. Each fact has the roles\n"
                 "   that hold it first (`holders`) and, if it is key, the roles that need it (`needed_by`).\n"
                 "5. **decisions**: rewrite `situation`, `question`, the three `perspectives` (what I know, what I\n"
                 "   think is going on, what is pressing on me), and each option's `text`, `effects` and `feedback`.\n"
                 "   Give every option an `outcome`, at least two professions' `views`, and a `guidance` citation.\n"
                 "6. **endings**: `text`, `what_happened` (the real case, in your own words), `proposals`, and one\n"
                 "   prompt for each of the four debrief steps.\n"
                 "7. **Check** after every change:\n\n"
                 "       wpt lint " + id + "      # every error names file:line:column and what was expected\n"
                 "       wpt test " + id + "      # plays every option as every role; add --random 200 --seed 1\n"
                 "       wpt graph " + id + " --format svg -o " + id + ".svg   # the shape of the case\n\n"
                 "8. **Play it** in the app while you edit: `wholepicture --author " + id + "` (author mode: it\n"
                 "   lists the problems, plays from any node, and reloads every time you save).\n\n"
                 "To add a decision, copy one of the decision nodes, give it a new `id`, and point an option's\n"
                 "`next` at it. To add a role, add it to `roles` in plugin.json and to one cast member, then give it\n"
                 "at least one option at every decision (the lint tells you where it has none).\n\n"
                 "The `$schema` lines let editors such as VS Code check fields and offer completions as you type.\n";
    return out;
}


std::string caseIdProblem(const std::string& id) {
    if (id.empty()) return "a case needs an id, such as sam_aged_8";
    if (!std::regex_match(id, std::regex("[a-z][a-z0-9_-]*")))
        return "the id \"" + id + "\" must start with a lower-case letter and use only a-z, 0-9, _ and -";
    return {};
}

bool createCaseFolder(const fs::path& target, const std::string& id, const std::vector<std::string>& roles,
                      const KnowledgeBase& kb, const fs::path& contentDir, Diagnostics& diags) {
    auto refuse = [&](std::string message) {
        diags.push_back({Severity::Error, target.string(), 0, 0, "", std::move(message)});
        return false;
    };
    if (std::string problem = caseIdProblem(id); !problem.empty()) return refuse(problem);
    if (roles.empty()) return refuse("choose at least one role to play the case as");
    for (const auto& r : roles)
        if (!kb.role(r)) {
            const std::string hint = didYouMean(r, kb.roleIds());
            return refuse("unknown role \"" + r + "\"" + (hint.empty() ? "" : "; did you mean \"" + hint + "\"?") +
                          " The roles are: " + joinList(kb.roleIds()));
        }
    std::error_code ec;
    if (fs::exists(target, ec) || fs::is_symlink(target, ec))
        return refuse("already exists; nothing was written (choose another id or folder)");
    fs::create_directories(target, ec);
    if (ec) return refuse("cannot be created: " + ec.message());
    const CaseScaffold sc = buildCaseScaffold(id, roles, kb, schemaReference(contentDir, target, "plugin.schema.json"),
                                              schemaReference(contentDir, target, "scenario.schema.json"));
    return writeFileAtomically(target / "plugin.json", canonicalJsonText(sc.manifest), diags) &&
           writeFileAtomically(target / "scenario.json", canonicalJsonText(sc.scenario), diags) &&
           writeFileAtomically(target / "README.md", sc.readme, diags);
}

} // namespace wp
