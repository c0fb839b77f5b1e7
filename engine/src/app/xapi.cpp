#include "wholepicture/app/xapi.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <ctime>

namespace wp::app {

namespace {

using nlohmann::json;

// [SECTION] SHA-1 (FIPS 180-4), for UUID v5 only: not used for anything that needs to be secret.
std::array<std::uint8_t, 20> sha1(const std::string& text) {
    std::uint32_t h[5] = {0x67452301u, 0xEFCDAB89u, 0x98BADCFEu, 0x10325476u, 0xC3D2E1F0u};
    std::string msg = text;
    const std::uint64_t bits = static_cast<std::uint64_t>(text.size()) * 8;
    msg.push_back(static_cast<char>(0x80));
    while (msg.size() % 64 != 56) msg.push_back('\0');
    for (int i = 7; i >= 0; --i) msg.push_back(static_cast<char>((bits >> (i * 8)) & 0xff));
    auto rol = [](std::uint32_t v, int n) { return (v << n) | (v >> (32 - n)); };
    for (size_t off = 0; off < msg.size(); off += 64) {
        std::uint32_t w[80];
        for (int i = 0; i < 16; ++i) {
            const auto* p = reinterpret_cast<const unsigned char*>(msg.data() + off + static_cast<size_t>(i) * 4);
            w[i] = (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) | std::uint32_t(p[3]);
        }
        for (int i = 16; i < 80; ++i) w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
        std::uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
        for (int i = 0; i < 80; ++i) {
            std::uint32_t f, k;
            if (i < 20) f = (b & c) | (~b & d), k = 0x5A827999u;
            else if (i < 40) f = b ^ c ^ d, k = 0x6ED9EBA1u;
            else if (i < 60) f = (b & c) | (b & d) | (c & d), k = 0x8F1BBCDCu;
            else f = b ^ c ^ d, k = 0xCA62C1D6u;
            const std::uint32_t t = rol(a, 5) + f + e + k + w[i];
            e = d, d = c, c = rol(b, 30), b = a, a = t;
        }
        h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e;
    }
    std::array<std::uint8_t, 20> out{};
    for (int i = 0; i < 5; ++i)
        for (int j = 0; j < 4; ++j) out[static_cast<size_t>(i * 4 + j)] = static_cast<std::uint8_t>(h[i] >> (24 - j * 8));
    return out;
}

// Our UUID v5 namespace: itself the v5 UUID of our base IRI in the RFC 4122 URL namespace
// (6ba7b811-9dad-11d1-80b4-00c04fd430c8), written out so it never depends on this code.
// = a63a237f-2b0a-5c63-960c-5d986bc2e357.
constexpr std::array<std::uint8_t, 16> kNamespace = {0xa6, 0x3a, 0x23, 0x7f, 0x2b, 0x0a, 0x5c, 0x63,
                                                     0x96, 0x0c, 0x5d, 0x98, 0x6b, 0xc2, 0xe3, 0x57};

const char* const kVerbs = "http://adlnet.gov/expapi/verbs/";

std::string ext(const char* name) { return std::string(kXapiBase) + "/extensions/" + name; }

json langMap(const XapiOptions& o, const std::string& text) { return {{o.language, text}}; }

json verb(const XapiOptions& o, const std::string& name) { return {{"id", std::string(kVerbs) + name}, {"display", langMap(o, name)}}; }

json caseActivity(const XapiOptions& o, const std::string& pluginId, const std::string& title) {
    json def = {{"type", "http://adlnet.gov/expapi/activities/simulation"}};
    if (!title.empty()) def["name"] = langMap(o, title);
    return {{"objectType", "Activity"}, {"id", caseActivityId(pluginId)}, {"definition", def}};
}

json decisionActivity(const XapiOptions& o, const std::string& pluginId, const std::string& node, const std::string& title,
                      const std::vector<ChoiceRecord>& choices) {
    json def = {{"type", "http://adlnet.gov/expapi/activities/cmi.interaction"}, {"interactionType", "choice"}};
    if (!title.empty()) def["name"] = langMap(o, title);
    json list = json::array();
    for (const auto& c : choices) {
        json choice = {{"id", c.id}};
        if (o.includeOptionText && !c.text.empty()) choice["description"] = langMap(o, c.text); // case text: only when asked
        list.push_back(std::move(choice));
    }
    def["choices"] = std::move(list);
    return {{"objectType", "Activity"}, {"id", decisionActivityId(pluginId, node)}, {"definition", def}};
}

json context(const XapiOptions& o, const std::string& registration, const std::string& pluginId, const std::string& pluginVersion,
             json extensions, bool withParent) {
    json c = {{"registration", registration},
              {"platform", o.platform},
              {"language", o.language}};
    if (!pluginVersion.empty()) c["revision"] = pluginVersion;
    json activities = {{"category", json::array({{{"objectType", "Activity"}, {"id", std::string(kXapiBase) + "/profile"}}})}};
    if (withParent) activities["parent"] = json::array({{{"objectType", "Activity"}, {"id", caseActivityId(pluginId)}}});
    c["contextActivities"] = std::move(activities);
    if (!extensions.empty()) c["extensions"] = std::move(extensions);
    return c;
}

XapiStatement finish(const std::string& kind, std::int64_t atMs, json statement) {
    statement["timestamp"] = isoTimestamp(atMs);
    XapiStatement s;
    s.kind = kind;
    s.atMs = atMs;
    s.id = statementIdFor(statement);
    statement["id"] = s.id;
    s.json = std::move(statement);
    return s;
}

json accountActor(const std::string& homePage, const std::string& name) {
    return {{"objectType", "Agent"}, {"account", {{"homePage", homePage}, {"name", name}}}};
}

json agentOf(const Profile& p, const XapiOptions& o) {
    json a = accountActor(o.homePage, p.account);
    if (o.includeNames && !p.name.empty()) a["name"] = p.name;
    return a;
}

// A fraction in [0, 1] kept to 4 decimals, so a value read back from SQLite (a double round trip)
// makes the same statement.
double rounded(double v) { return std::round(std::clamp(v, 0.0, 1.0) * 10000.0) / 10000.0; }

template <class T>
T get(const json& j, const char* key, T fallback) {
    auto it = j.find(key);
    if (it == j.end()) return fallback;
    if constexpr (std::is_same_v<T, std::string>) return it->is_string() ? it->template get<std::string>() : fallback;
    else if constexpr (std::is_same_v<T, bool>) return it->is_boolean() ? it->template get<bool>() : fallback;
    else return it->is_number_integer() ? it->template get<T>() : fallback;
}

} // namespace

// [SECTION] Parts

std::string xapiUuid(const std::string& name) {
    std::string input(kNamespace.begin(), kNamespace.end());
    input += name;
    auto hash = sha1(input);
    hash[6] = static_cast<std::uint8_t>((hash[6] & 0x0f) | 0x50); // version 5
    hash[8] = static_cast<std::uint8_t>((hash[8] & 0x3f) | 0x80); // RFC 4122 variant
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
        out += hex[hash[static_cast<size_t>(i)] >> 4];
        out += hex[hash[static_cast<size_t>(i)] & 0xf];
    }
    return out;
}

bool isUuid(const std::string& t) {
    if (t.size() != 36) return false;
    for (size_t i = 0; i < t.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? t[i] != '-' : !std::isxdigit(static_cast<unsigned char>(t[i]))) return false;
    }
    return true;
}

std::string statementIdFor(const json& statement) {
    json copy = statement;
    copy.erase("id");
    // nlohmann::json keeps object keys sorted: dump() is canonical.
    return xapiUuid("statement:" + copy.dump(-1, ' ', false, json::error_handler_t::replace));
}

std::string isoTimestamp(std::int64_t ms) {
    if (ms < 0) ms = 0;
    const std::time_t t = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[80];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                  tm.tm_sec, static_cast<int>(ms % 1000));
    return buf;
}

std::string isoDuration(std::int64_t ms) {
    if (ms < 0) ms = 0;
    const std::int64_t cs = (ms + 5) / 10; // centiseconds, as the spec asks providers to keep
    const std::int64_t h = cs / 360000, m = (cs / 6000) % 60, s = (cs / 100) % 60, frac = cs % 100;
    std::string out = "PT";
    if (h) out += std::to_string(h) + "H";
    if (m) out += std::to_string(m) + "M";
    if (s || frac || (!h && !m)) {
        out += std::to_string(s);
        if (frac) {
            char f[4];
            std::snprintf(f, sizeof f, "%02d", static_cast<int>(frac));
            std::string digits = f;
            if (digits.back() == '0') digits.pop_back();
            out += "." + digits;
        }
        out += "S";
    }
    return out;
}

std::string iriSegment(const std::string& id) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : id) {
        if (std::isalnum(c) && c < 0x80) out += static_cast<char>(c);
        else if (c == '-' || c == '.' || c == '_' || c == '~') out += static_cast<char>(c);
        else out += std::string("%") + hex[c >> 4] + hex[c & 0xf];
    }
    return out.empty() ? "_" : out;
}

std::string caseActivityId(const std::string& pluginId) { return std::string(kXapiBase) + "/cases/" + iriSegment(pluginId); }

std::string decisionActivityId(const std::string& pluginId, const std::string& node) {
    return caseActivityId(pluginId) + "/decisions/" + iriSegment(node);
}

std::string runRegistration(const Profile& profile, const std::string& runId) { return xapiUuid("registration:" + profile.account + "\n" + runId); }

// [SECTION] A run

std::vector<XapiStatement> runStatements(const RunRecord& run, const Profile& profile, const XapiOptions& o) {
    std::vector<XapiStatement> out;
    const std::string registration = runRegistration(profile, run.id);
    const json actor = agentOf(profile, o);
    const json runExtensions = {{ext("role"), run.role}, {ext("mode"), "self-study"}, {ext("run"), run.id}};
    auto base = [&](const char* v, json object, bool withParent) {
        return json{{"actor", actor}, {"verb", verb(o, v)}, {"object", std::move(object)},
                    {"context", context(o, registration, run.pluginId, run.pluginVersion, runExtensions, withParent)}};
    };
    const json scenario = caseActivity(o, run.pluginId, run.caseTitle);

    out.push_back(finish("initialized", run.startedMs, base("initialized", scenario, false)));

    for (const auto& d : run.decisions) {
        std::vector<ChoiceRecord> choices = d.choices;
        // A decision described without its options (a record from before they were kept) still names
        // the option chosen, so the response is always one of the choices.
        bool listed = false;
        for (const auto& c : choices) listed = listed || c.id == d.option;
        if (!listed) choices.push_back({d.option, d.optionText});
        json st = base("answered", decisionActivity(o, run.pluginId, d.node, d.title, choices), true);
        json result = {{"response", d.option}};
        if (!d.scoreChanges.empty()) result["extensions"] = {{ext("score-changes"), d.scoreChanges}};
        st["result"] = std::move(result);
        out.push_back(finish("answered", d.atMs, std::move(st)));
    }

    // Set aside unfinished and taken up again (the store's record of it). No result: what the run
    // has so far would change the statement at every save, and one event must keep one id.
    for (const auto& pause : run.pauses) {
        if (pause.suspendedMs > 0) out.push_back(finish("suspended", pause.suspendedMs, base("suspended", scenario, false)));
        if (pause.resumedMs > 0) out.push_back(finish("resumed", pause.resumedMs, base("resumed", scenario, false)));
    }

    if (run.finished && run.overallFraction >= 0) {
        const std::int64_t endMs = std::max(run.updatedMs, run.startedMs);
        json st = base("completed", scenario, false);
        json dims = json::object();
        for (const auto& dim : run.dimensions)
            dims[dim.id] = {{"score", dim.score}, {"best", dim.best}, {"worst", dim.worst}, {"fraction", rounded(dim.fraction)}, {"band", dim.band}};
        json extensions = {{ext("dimensions"), dims}};
        if (run.missedCritical >= 0) extensions[ext("critical")] = {{"met", std::max(run.criticalMet, 0)}, {"missed", run.missedCritical}};
        if (o.includeReflections && !run.reflection.empty()) extensions[ext("reflection")] = run.reflection;
        st["result"] = {{"completion", true},
                        {"score", {{"scaled", rounded(run.overallFraction)}}},
                        {"duration", isoDuration(run.timeSpentMs)},
                        {"extensions", std::move(extensions)}};
        out.push_back(finish("completed", endMs, std::move(st)));
        json term = base("terminated", scenario, false);
        term["result"] = {{"duration", isoDuration(run.timeSpentMs)}};
        out.push_back(finish("terminated", endMs, std::move(term)));
    }
    std::stable_sort(out.begin(), out.end(), [](const XapiStatement& a, const XapiStatement& b) { return a.atMs < b.atMs; });
    return out;
}

// [SECTION] A room session: the actors are the room's groups (Identified Groups with accounts that
// name no one) and the room as a whole.

std::vector<XapiStatement> roomStatements(const RoomRecord& room, const Profile& facilitator, const XapiOptions& o) {
    std::vector<XapiStatement> out;
    const json& rec = room.record;
    if (!rec.is_object()) return out;
    const std::string pluginId = get<std::string>(rec, "plugin", room.pluginId);
    const std::string pluginVersion = get<std::string>(rec, "plugin_version", "");
    const std::string registration = runRegistration(facilitator, room.id);
    auto groupActor = [&](const std::string& key, const std::string& name) {
        json g = {{"objectType", "Group"}, {"account", {{"homePage", o.homePage}, {"name", xapiUuid("group:" + registration + "\n" + key)}}}};
        // A table's name is typed by the facilitator and may name someone ("Sam's table"): like a
        // person's name, it leaves only when the organisation asked for names.
        if (o.includeNames && !name.empty()) g["name"] = name;
        return g;
    };
    struct Group {
        std::string name, profession;
    };
    std::vector<Group> groups;
    if (auto it = rec.find("groups"); it != rec.end() && it->is_array())
        for (const auto& g : *it)
            if (g.is_object()) groups.push_back({get<std::string>(g, "name", ""), get<std::string>(g, "profession", "")});
    // The room as a whole: a group of the tables, with their professions as the team's members would be
    // people (and are never named); the professions go in a context extension instead.
    const json roomActor = groupActor("room", "");
    json professions = json::array();
    for (const auto& g : groups) professions.push_back(g.profession);
    const json roomExtensions = {{ext("mode"), "facilitated-room"}, {ext("run"), room.id}, {ext("profession"), professions}};
    const json scenario = caseActivity(o, pluginId, room.caseTitle);
    auto roomStatement = [&](const char* v) {
        return json{{"actor", roomActor}, {"verb", verb(o, v)}, {"object", scenario},
                    {"context", context(o, registration, pluginId, pluginVersion, roomExtensions, false)}};
    };

    const std::int64_t created = get<std::int64_t>(rec, "created_ms", room.startedMs);
    out.push_back(finish("initialized", created, roomStatement("initialized")));

    if (auto it = rec.find("decisions"); it != rec.end() && it->is_array()) {
        for (const auto& d : *it) {
            if (!d.is_object()) continue;
            const std::string node = get<std::string>(d, "node", "");
            std::vector<ChoiceRecord> choices;
            if (auto l = d.find("letters"); l != d.end() && l->is_array())
                for (const auto& id : *l)
                    if (id.is_string()) choices.push_back({id.get<std::string>(), ""});
            auto rounds = d.find("rounds");
            if (node.empty() || rounds == d.end() || !rounds->is_array()) continue;
            int roundNo = 0;
            for (const auto& r : *rounds) {
                ++roundNo;
                // Votes are said once the room has seen them: a vote changed before the reveal was never the group's answer.
                if (!r.is_object() || get<std::int64_t>(r, "revealed_ms", 0) <= 0) continue;
                auto votes = r.find("votes");
                if (votes == r.end() || !votes->is_array()) continue;
                for (const auto& v : *votes) {
                    if (!v.is_object()) continue;
                    const std::string groupName = get<std::string>(v, "group", "");
                    const std::string option = get<std::string>(v, "option", "");
                    size_t index = groups.size();
                    for (size_t i = 0; i < groups.size(); ++i)
                        if (groups[i].name == groupName) index = i;
                    if (index == groups.size() || option.empty()) continue;
                    std::vector<ChoiceRecord> listed = choices;
                    bool known = false;
                    for (const auto& c : listed) known = known || c.id == option;
                    if (!known) listed.push_back({option, ""});
                    json extensions = {{ext("mode"), "facilitated-room"}, {ext("run"), room.id},
                                       {ext("profession"), groups[index].profession}, {ext("round"), roundNo}};
                    json st = {{"actor", groupActor("group-" + std::to_string(index), groups[index].name)},
                               {"verb", verb(o, "answered")},
                               {"object", decisionActivity(o, pluginId, node, "", listed)},
                               {"result", {{"response", option}}},
                               {"context", context(o, registration, pluginId, pluginVersion, extensions, true)}};
                    out.push_back(finish("answered", get<std::int64_t>(v, "at_ms", created), std::move(st)));
                }
            }
        }
    }

    if (auto it = rec.find("breaks"); it != rec.end() && it->is_array()) {
        for (const auto& b : *it) {
            if (!b.is_object()) continue;
            const std::int64_t from = get<std::int64_t>(b, "from_ms", 0), to = get<std::int64_t>(b, "to_ms", 0);
            if (from > 0) out.push_back(finish("suspended", from, roomStatement("suspended")));
            if (to > 0) out.push_back(finish("resumed", to, roomStatement("resumed")));
        }
    }

    const std::int64_t updated = std::max(room.updatedMs, created);
    if (get<std::string>(rec, "phase", "") == "ending") {
        json st = roomStatement("completed");
        st["result"] = {{"completion", true}};
        out.push_back(finish("completed", updated, std::move(st)));
    }
    if (room.closed || get<bool>(rec, "closed", false)) out.push_back(finish("terminated", updated, roomStatement("terminated")));
    std::stable_sort(out.begin(), out.end(), [](const XapiStatement& a, const XapiStatement& b) { return a.atMs < b.atMs; });
    return out;
}

XapiStatement testStatement(const Profile& profile, const XapiOptions& o, std::int64_t nowMs) {
    json object = {{"objectType", "Activity"},
                   {"id", std::string(kXapiBase) + "/connection-test"},
                   {"definition", {{"type", "http://adlnet.gov/expapi/activities/interaction"},
                                   {"name", langMap(o, "Whole Picture connection test")}}}};
    json st = {{"actor", agentOf(profile, o)},
               {"verb", verb(o, "experienced")},
               {"object", object},
               {"context", {{"platform", o.platform}, {"language", o.language}}}};
    return finish("test", nowMs, std::move(st));
}

} // namespace wp::app
