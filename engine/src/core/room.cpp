#include "wholepicture/core/room.h"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <limits>

#include <nlohmann/json.hpp>

#include "record_reader.h"
#include "wholepicture/core/json_file.h"

namespace wp {

// [SECTION] Small queries

const RoomVote* RoomRound::voteOf(int group) const {
    for (const auto& v : votes)
        if (v.group == group) return &v;
    return nullptr;
}

const RoomDecision* RoomState::current() const {
    if (decisions.empty() || !decisions.back().chosen.empty()) return nullptr;
    if (phase == RoomPhase::Narrative || phase == RoomPhase::Ending) return nullptr;
    return &decisions.back();
}

int RoomState::round() const {
    const RoomDecision* d = current();
    return d ? static_cast<int>(d->rounds.size()) : 0;
}

const char* roomPhaseName(RoomPhase p) {
    switch (p) {
    case RoomPhase::Narrative: return "narrative";
    case RoomPhase::Situation: return "situation";
    case RoomPhase::Views: return "views";
    case RoomPhase::Voting: return "voting";
    case RoomPhase::Revealed: return "revealed";
    case RoomPhase::Ending: return "ending";
    }
    return "";
}

const char* roomEventName(RoomEventKind k) {
    switch (k) {
    case RoomEventKind::Continue: return "continue";
    case RoomEventKind::ShowViews: return "show_views";
    case RoomEventKind::OpenVoting: return "open_voting";
    case RoomEventKind::Vote: return "vote";
    case RoomEventKind::ClearVote: return "clear_vote";
    case RoomEventKind::Reveal: return "reveal";
    case RoomEventKind::Revote: return "revote";
    case RoomEventKind::ChoosePath: return "choose_path";
    case RoomEventKind::ShowWarning: return "show_warning";
    case RoomEventKind::TurnPage: return "turn_page";
    case RoomEventKind::Place: return "place";
    }
    return "";
}

static std::optional<RoomEventKind> eventKindFromName(const std::string& name) {
    for (int k = 0; k <= static_cast<int>(RoomEventKind::Place); ++k)
        if (name == roomEventName(static_cast<RoomEventKind>(k))) return static_cast<RoomEventKind>(k);
    return std::nullopt;
}

std::vector<std::string> roomProfessions(const RoomSetup& setup) {
    std::vector<std::string> out;
    for (const auto& g : setup.groups)
        if (std::find(out.begin(), out.end(), g.profession) == out.end()) out.push_back(g.profession);
    return out;
}

Diagnostics validateRoomSetup(const RoomSetup& setup, const std::vector<std::string>& roleIds) {
    Diagnostics d;
    auto err = [&](const std::string& ptr, const std::string& msg) { d.push_back({Severity::Error, "room", 0, 0, ptr, msg}); };
    if (setup.groups.empty()) err("/groups", "a room needs at least one group");
    if (setup.groups.size() > 12) err("/groups", "at most 12 groups (keyboard entry uses the group number)");
    std::set<std::string> names;
    for (size_t i = 0; i < setup.groups.size(); ++i) {
        const auto& g = setup.groups[i];
        std::string ptr = "/groups/" + std::to_string(i);
        if (g.name.empty()) err(ptr + "/name", "group " + std::to_string(i + 1) + " needs a name");
        else if (!names.insert(g.name).second) err(ptr + "/name", "two groups are called \"" + g.name + "\"");
        if (g.profession != kMixedProfession &&
            std::find(roleIds.begin(), roleIds.end(), g.profession) == roleIds.end()) {
            std::vector<std::string> all = roleIds;
            all.push_back(kMixedProfession);
            std::string hint = didYouMean(g.profession, all);
            err(ptr + "/profession", "unknown profession \"" + g.profession + "\"" +
                                         (hint.empty() ? std::string(" (a role id, or \"mixed\")") : "; did you mean \"" + hint + "\"?"));
        }
    }
    if (setup.timerSeconds < 0 || setup.timerSeconds > 3600) err("/timer_seconds", "the timer is 0 (off) to 3600 seconds");
    return d;
}

std::string roomIdFor(const std::string& pluginId, std::int64_t nowMs) {
    std::time_t t = static_cast<std::time_t>(nowMs / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    if (std::strftime(buf, sizeof buf, "%Y%m%d-%H%M%S", &tm) == 0) buf[0] = '\0';
    // The id names the record's file, so only plain characters from the plugin id go into it.
    std::string tail;
    for (char c : pluginId) {
        bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        tail += plain ? c : '-';
    }
    std::string id = std::string("room-") + buf + "-" + tail;
    if (id.size() > kMaxRecordIdLength) id.resize(kMaxRecordIdLength);
    return id;
}

std::vector<const Option*> roomOptions(const Scenario& s, const RoomState& st) {
    std::vector<const Option*> out;
    const RoomDecision* d = st.current();
    if (!d) return out;
    const Node* n = s.node(d->node);
    if (!n) return out;
    for (const auto& id : d->letters)
        for (const auto& o : n->options)
            if (o.id == id) out.push_back(&o);
    return out;
}

std::vector<const Option*> optionsForProfession(const Scenario& s, const RoomState& st, const std::string& profession) {
    std::vector<const Option*> all = roomOptions(s, st);
    if (profession == kMixedProfession) return all;
    std::vector<const Option*> mine;
    for (const Option* o : all)
        if (!o->roles.empty() && optionForRole(*o, profession)) mine.push_back(o);
    return mine.empty() ? all : mine;
}

char letterOf(const RoomDecision& d, const std::string& optionId) {
    for (size_t i = 0; i < d.letters.size() && i < 26; ++i)
        if (d.letters[i] == optionId) return static_cast<char>('a' + i);
    return 0;
}

std::string optionOfLetter(const RoomDecision& d, char letter) {
    letter = static_cast<char>(std::tolower(static_cast<unsigned char>(letter)));
    if (letter < 'a' || letter > 'z') return "";
    size_t i = static_cast<size_t>(letter - 'a');
    return i < d.letters.size() ? d.letters[i] : "";
}

std::map<std::string, int> tally(const RoomRound& round) {
    std::map<std::string, int> t;
    for (const auto& v : round.votes) ++t[v.option];
    return t;
}

std::vector<char> tiedLetters(const RoomDecision& d) {
    std::vector<char> out;
    if (d.rounds.empty()) return out;
    const auto latest = tally(d.rounds.back());
    int top = 0;
    for (const auto& [o, n] : latest) top = std::max(top, n);
    if (top == 0) return out;
    for (const auto& id : d.letters)
        if (auto it = latest.find(id); it != latest.end() && it->second == top) out.push_back(letterOf(d, id));
    return out;
}

bool roomTie(const RoomDecision& d) { return tiedLetters(d).size() > 1; }

MajorityResult majority(const RoomDecision& d) {
    MajorityResult r;
    if (d.rounds.empty()) return r;
    auto latest = tally(d.rounds.back());
    auto first = tally(d.rounds.front());
    int top = 0;
    for (const auto& [o, n] : latest) top = std::max(top, n);
    if (top == 0) return r;
    std::vector<std::string> tied; // in letter order
    for (const auto& id : d.letters)
        if (latest.count(id) && latest[id] == top) tied.push_back(id);
    r.votes = top;
    if (tied.size() == 1) {
        r.option = tied.front();
        r.note = "majority (" + std::to_string(top) + " vote" + (top == 1 ? "" : "s") + ")";
        return r;
    }
    r.tie = true;
    int bestFirst = -1;
    std::vector<std::string> still;
    for (const auto& id : tied) {
        int n = first.count(id) ? first[id] : 0;
        if (n > bestFirst) { bestFirst = n; still.clear(); }
        if (n == bestFirst) still.push_back(id);
    }
    r.option = still.front();
    r.note = still.size() == 1 ? "tie at " + std::to_string(top) + " broken by first-round votes"
                               : "tie at " + std::to_string(top) + " broken by option order (first listed)";
    return r;
}

namespace {

// Words of 5+ letters, reduced to their first 5 letters (a crude stem: "neglected" and "neglect" meet
// at "negle"), minus words too common in these cases to mark a hard moment.
std::set<std::string> stems(const std::string& text) {
    static const std::set<std::string> kCommon = {"child", "children", "parent", "parents", "including", "given",
                                                  "detail", "young", "family", "behaviour", "contact", "death"};
    std::set<std::string> out;
    std::string word;
    auto flush = [&] {
        if (word.size() >= 5 && !kCommon.count(word)) out.insert(word.substr(0, 5));
        word.clear();
    };
    for (char c : text) {
        if (std::isalpha(static_cast<unsigned char>(c))) word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        else flush();
    }
    flush();
    return out;
}

void addText(std::string& into, const RoleText& t) {
    into += " " + t.fallback;
    for (const auto& [r, x] : t.byRole) into += " " + x;
}

} // namespace

std::set<std::string> hardStages(const Scenario& s, const PluginManifest& m) {
    std::map<std::string, std::string> textOf;
    for (const auto& n : s.nodes) {
        std::string& t = textOf[n.stage];
        t += " " + n.title;
        addText(t, n.text);
        addText(t, n.situation);
        addText(t, n.question);
    }
    const Node* first = s.node(s.start);
    std::map<std::string, int> count;
    int best = 0;
    for (const auto& [stage, text] : textOf) {
        if (first && stage == first->stage) continue; // the opening warning covers the first stage
        const std::set<std::string> words = stems(text);
        int c = 0;
        for (const auto& w : m.contentWarnings) {
            const std::set<std::string> mine = stems(w);
            c += std::any_of(mine.begin(), mine.end(), [&](const std::string& x) { return words.count(x) > 0; }) ? 1 : 0;
        }
        count[stage] = c;
        best = std::max(best, c);
    }
    std::set<std::string> out;
    if (best == 0) return out;
    for (const auto& [stage, c] : count)
        if (c == best) out.insert(stage);
    return out;
}

// [SECTION] The state machine

namespace {

struct Ctx {
    const RoomSetup& setup;
    const Scenario& s;
    const PluginManifest& m;
    const std::set<std::string>& hard; // hardStages(s, m)
};

void enterNode(RoomState& st, const Ctx& c) {
    const Node& n = currentNode(c.s, st.run.current());
    st.viewsShown.clear();
    st.viewCurrent.clear();
    switch (n.type) {
    case NodeType::Narrative: st.phase = RoomPhase::Narrative; break;
    case NodeType::Ending: st.phase = RoomPhase::Ending; break;
    case NodeType::Decision: {
        st.phase = RoomPhase::Situation;
        RoomDecision d;
        d.node = n.id;
        for (const auto& o : n.options)
            if (conditionHolds(o.when, st.run.current())) d.letters.push_back(o.id);
        st.decisions.push_back(std::move(d));
        break;
    }
    }
    if (c.hard.count(n.stage) && !st.warnedStages.count(n.stage)) {
        st.warnedStages.insert(n.stage);
        st.warning = true;
        st.warningStage = n.stage;
    }
}

RoomState initialState(const Ctx& c) {
    RoomState st;
    st.run = startSession(c.s, c.m, c.m.roles.empty() ? std::string(kMixedProfession) : c.m.roles.front(), c.setup.createdMs);
    st.lastChangeMs = c.setup.createdMs;
    enterNode(st, c);
    // The opening warning covers the first stage.
    st.warning = true;
    st.warningStage.clear();
    return st;
}

bool fail(std::string* error, const std::string& msg) {
    if (error) *error = msg;
    return false;
}

bool openVoting(RoomState& st, const Ctx& c, std::int64_t at) {
    RoomDecision& d = st.decisions.back();
    st.phase = RoomPhase::Voting;
    st.viewsShown = roomProfessions(c.setup);
    st.viewCurrent.clear();
    RoomRound r;
    r.openedMs = at;
    d.rounds.push_back(r);
    return true;
}

// Changes `st` only when it returns true: every check comes before the first change (the runner's
// steps either succeed or leave the session alone), so callers apply events in place.
bool applyEventToScreen(RoomState& st, const Ctx& c, const RoomEvent& e, std::string* error) {
    const bool atDecision = st.current() != nullptr;
    switch (e.kind) {
    case RoomEventKind::TurnPage:
        if (e.page < 0 || e.page > 999) return fail(error, "there is no page " + std::to_string(e.page + 1));
        st.projectorPage = e.page;
        return true;
    case RoomEventKind::ShowWarning:
        st.warning = true;
        st.warningStage.clear();
        return true;
    case RoomEventKind::Continue: {
        if (st.warning) {
            st.warning = false;
            return true;
        }
        switch (st.phase) {
        case RoomPhase::Narrative:
            if (!sessionStep(st.run, c.s, "", e.atMs, error)) return false;
            enterNode(st, c);
            return true;
        case RoomPhase::Situation: {
            auto profs = roomProfessions(c.setup);
            st.phase = RoomPhase::Views;
            st.viewCurrent = profs.empty() ? "" : profs.front();
            if (!st.viewCurrent.empty()) st.viewsShown.push_back(st.viewCurrent);
            return true;
        }
        case RoomPhase::Views: {
            auto profs = roomProfessions(c.setup);
            auto it = std::find(profs.begin(), profs.end(), st.viewCurrent);
            if (st.viewCurrent.empty() || it == profs.end() || it + 1 == profs.end()) return openVoting(st, c, e.atMs);
            st.viewCurrent = *(it + 1);
            if (std::find(st.viewsShown.begin(), st.viewsShown.end(), st.viewCurrent) == st.viewsShown.end())
                st.viewsShown.push_back(st.viewCurrent);
            return true;
        }
        case RoomPhase::Voting: return fail(error, "votes are open: reveal them first");
        case RoomPhase::Revealed: return fail(error, "choose the path the case follows first");
        case RoomPhase::Ending: return fail(error, "the case has ended");
        }
        return false;
    }
    case RoomEventKind::ShowViews: {
        if (!atDecision || (st.phase != RoomPhase::Situation && st.phase != RoomPhase::Views))
            return fail(error, "professions' views are shown before the vote opens");
        auto profs = roomProfessions(c.setup);
        if (!e.profession.empty() && std::find(profs.begin(), profs.end(), e.profession) == profs.end())
            return fail(error, "no group in this room has the profession \"" + e.profession + "\"");
        st.phase = RoomPhase::Views;
        st.viewCurrent = e.profession;
        for (const auto& p : e.profession.empty() ? profs : std::vector<std::string>{e.profession})
            if (std::find(st.viewsShown.begin(), st.viewsShown.end(), p) == st.viewsShown.end()) st.viewsShown.push_back(p);
        return true;
    }
    case RoomEventKind::OpenVoting:
        if (!atDecision || (st.phase != RoomPhase::Situation && st.phase != RoomPhase::Views))
            return fail(error, "voting opens after the situation and the views");
        return openVoting(st, c, e.atMs);
    case RoomEventKind::Vote:
    case RoomEventKind::ClearVote: {
        if (!atDecision || st.phase != RoomPhase::Voting) return fail(error, "votes are not open");
        if (e.group < 0 || e.group >= static_cast<int>(c.setup.groups.size()))
            return fail(error, "there is no group " + std::to_string(e.group + 1));
        RoomRound& r = st.decisions.back().rounds.back();
        auto it = std::find_if(r.votes.begin(), r.votes.end(), [&](const RoomVote& v) { return v.group == e.group; });
        if (e.kind == RoomEventKind::ClearVote) {
            if (it == r.votes.end()) return fail(error, c.setup.groups[static_cast<size_t>(e.group)].name + " has no vote to clear");
            r.votes.erase(it);
            return true;
        }
        const std::string& prof = c.setup.groups[static_cast<size_t>(e.group)].profession;
        auto allowed = optionsForProfession(c.s, st, prof);
        if (std::none_of(allowed.begin(), allowed.end(), [&](const Option* o) { return o->id == e.option; })) {
            std::string letters;
            for (const Option* o : allowed) letters += letterOf(st.decisions.back(), o->id);
            return fail(error, c.setup.groups[static_cast<size_t>(e.group)].name + " can vote " + letters + " here");
        }
        std::string rationale = e.rationale;
        std::replace(rationale.begin(), rationale.end(), '\n', ' ');
        std::replace(rationale.begin(), rationale.end(), '\r', ' ');
        if (it != r.votes.end()) r.votes.erase(it);
        r.votes.push_back({e.group, e.option, rationale, e.atMs});
        return true;
    }
    case RoomEventKind::Place: {
        const Node* n = atDecision ? c.s.node(st.decisions.back().node) : nullptr;
        if (!n || !n->threshold) return fail(error, "this decision does not ask where the child's needs sit");
        if (st.phase != RoomPhase::Situation && st.phase != RoomPhase::Views && st.phase != RoomPhase::Voting)
            return fail(error, "placements are taken before the votes are revealed");
        if (st.decisions.back().rounds.size() > 1) return fail(error, "placements are taken before the votes are revealed");
        if (e.group < 0 || e.group >= static_cast<int>(c.setup.groups.size()))
            return fail(error, "there is no group " + std::to_string(e.group + 1));
        const auto level = thresholdLevelFromId(e.level);
        if (!level) return fail(error, "\"" + e.level.substr(0, 40) + "\" is not a threshold level");
        st.decisions.back().placements[e.group] = *level;
        return true;
    }
    case RoomEventKind::Reveal: {
        if (!atDecision || st.phase != RoomPhase::Voting) return fail(error, "there is no open vote to reveal");
        RoomRound& r = st.decisions.back().rounds.back();
        if (r.votes.empty()) return fail(error, "no group has voted yet");
        r.revealedMs = e.atMs;
        st.phase = RoomPhase::Revealed;
        return true;
    }
    case RoomEventKind::Revote: {
        if (!atDecision || st.phase != RoomPhase::Revealed) return fail(error, "a re-vote follows a reveal");
        RoomDecision& d = st.decisions.back();
        if (d.rounds.size() >= 2) return fail(error, "this decision has had its re-vote");
        RoomRound r;
        r.openedMs = e.atMs;
        r.votes = d.rounds.front().votes; // carried over: only the groups that change need entering
        d.rounds.push_back(r);
        st.phase = RoomPhase::Voting;
        return true;
    }
    case RoomEventKind::ChoosePath: {
        if (!atDecision || st.phase != RoomPhase::Revealed) return fail(error, "the path is chosen after the reveal");
        RoomDecision& d = st.decisions.back();
        std::string option = e.option;
        PathRule rule = PathRule::Facilitator;
        std::string note = "chosen by the facilitator";
        if (option.empty()) {
            MajorityResult mr = majority(d);
            if (mr.option.empty()) return fail(error, "no votes to take a majority from");
            option = mr.option;
            rule = PathRule::Majority;
            note = mr.note;
        }
        if (std::find(d.letters.begin(), d.letters.end(), option) == d.letters.end())
            return fail(error, "option \"" + option + "\" is not available at this decision");
        const Node* n = c.s.node(d.node);
        const Option* o = nullptr;
        for (const auto& x : n->options)
            if (x.id == option) o = &x;
        // The runner plays the chosen path; the option may belong to any profession, so the step is
        // taken as a role the option is for, and the run keeps its own role.
        RunState from = st.run.current();
        const std::string keep = from.role;
        if (o && !o->roles.empty() && !optionForRole(*o, keep)) from.role = o->roles.front();
        std::optional<RunState> next = choose(c.s, from, option, e.atMs, error);
        if (!next) return false;
        next->role = keep;
        st.run.history.push_back(std::move(*next));
        d.chosen = option;
        d.rule = rule;
        d.ruleNote = note;
        d.chosenMs = e.atMs;
        enterNode(st, c);
        return true;
    }
    }
    return false;
}

// Every event, with the page going back to the first whenever the projector's screen changes.
bool applyEvent(RoomState& st, const Ctx& c, const RoomEvent& e, std::string* error) {
    const std::string before = roomScreenKey(st);
    if (!applyEventToScreen(st, c, e, error)) return false;
    if (e.kind != RoomEventKind::TurnPage && roomScreenKey(st) != before) st.projectorPage = 0;
    return true;
}

} // namespace

std::string roomScreenKey(const RoomState& st) {
    return std::to_string(st.warning) + st.warningStage + st.run.current().node + "|" + std::to_string(static_cast<int>(st.phase)) +
           std::to_string(st.round()) + "|" + st.viewCurrent;
}

RoomSession startRoom(const Scenario& s, const PluginManifest& m, RoomSetup setup, std::int64_t nowMs) {
    RoomSession room;
    if (setup.createdMs == 0) setup.createdMs = nowMs;
    if (setup.id.empty()) setup.id = roomIdFor(m.id, setup.createdMs);
    setup.pluginId = m.id;
    setup.pluginVersion = m.version;
    room.setup = std::move(setup);
    room.state = replayRoom(room.setup, {}, s, m);
    return room;
}

RoomState replayRoom(const RoomSetup& setup, const std::vector<RoomEvent>& events, const Scenario& s,
                     const PluginManifest& m, Diagnostics* diags, size_t* applied) {
    const std::set<std::string> hard = hardStages(s, m);
    Ctx c{setup, s, m, hard};
    RoomState st = initialState(c);
    size_t i = 0;
    for (; i < events.size(); ++i) {
        std::string error;
        if (!applyEvent(st, c, events[i], &error)) { // refused: `st` is as it was
            if (diags)
                diags->push_back({Severity::Warning, setup.id, 0, 0, "/events/" + std::to_string(i),
                                  "step " + std::to_string(i + 1) + " (" + roomEventName(events[i].kind) +
                                      ") no longer fits the case: " + error + "; the room resumes from the step before"});
            break;
        }
        st.lastChangeMs = events[i].atMs;
    }
    if (applied) *applied = i;
    return st;
}

bool roomApply(RoomSession& room, const Scenario& s, const PluginManifest& m, RoomEvent event, std::string* error) {
    const auto* memo = room.hardStagesMemo.get();
    if (!memo || memo->scenario != &s || memo->manifest != &m || memo->nodes != s.nodes.size() ||
        memo->contentWarnings != m.contentWarnings) {
        auto fresh = std::make_shared<RoomSession::HardStagesMemo>();
        fresh->scenario = &s;
        fresh->manifest = &m;
        fresh->nodes = s.nodes.size();
        fresh->contentWarnings = m.contentWarnings;
        fresh->stages = hardStages(s, m);
        room.hardStagesMemo = fresh;
    }
    Ctx c{room.setup, s, m, room.hardStagesMemo->stages};
    if (!applyEvent(room.state, c, event, error)) return false; // refused: the state is as it was
    room.state.lastChangeMs = event.atMs;
    room.events.push_back(std::move(event));
    return true;
}

bool canUndo(const RoomSession& room) { return !room.events.empty(); }

bool roomUndo(RoomSession& room, const Scenario& s, const PluginManifest& m) {
    if (room.events.empty()) return false;
    room.events.pop_back();
    room.state = replayRoom(room.setup, room.events, s, m);
    return true;
}

std::optional<std::int64_t> timerElapsedMs(const RoomSession& room, std::int64_t nowMs) {
    if (room.state.phase != RoomPhase::Voting) return std::nullopt;
    const RoomDecision* d = room.state.current();
    if (!d || d->rounds.empty()) return std::nullopt;
    const std::int64_t opened = d->rounds.back().openedMs;
    // Saturating arithmetic: times come from records and the clock, and signed overflow is undefined (D10).
    std::int64_t elapsed = 0;
    if (__builtin_sub_overflow(nowMs, opened, &elapsed))
        elapsed = nowMs > 0 ? std::numeric_limits<std::int64_t>::max() : std::numeric_limits<std::int64_t>::min();
    // A pause stops the clock: the part of each break inside [opened, now] does not count (a break not
    // yet ended runs to now).
    for (const auto& b : room.breaks) {
        const std::int64_t from = std::max(b.fromMs, opened);
        const std::int64_t to = std::min(b.toMs == 0 ? nowMs : b.toMs, nowMs);
        std::int64_t gap = 0;
        if (to > from && !__builtin_sub_overflow(to, from, &gap) && gap > 0) elapsed = elapsed > gap ? elapsed - gap : 0;
    }
    return elapsed;
}

std::optional<int> timerRemaining(const RoomSession& room, std::int64_t nowMs) {
    if (room.setup.timerSeconds <= 0) return std::nullopt;
    const std::optional<std::int64_t> counted = timerElapsedMs(room, nowMs);
    if (!counted) return std::nullopt;
    const std::int64_t elapsed = *counted;
    std::int64_t left = 0;
    if (__builtin_sub_overflow(static_cast<std::int64_t>(room.setup.timerSeconds) * 1000, elapsed, &left))
        left = elapsed > 0 ? std::numeric_limits<std::int64_t>::min() : std::numeric_limits<std::int64_t>::max();
    // Whole seconds, rounding up while time remains (a countdown shows 1 until it reaches 0).
    std::int64_t seconds = left >= 0 ? left / 1000 + (left % 1000 != 0 ? 1 : 0) : left / 1000;
    return static_cast<int>(std::clamp<std::int64_t>(seconds, std::numeric_limits<int>::min(), std::numeric_limits<int>::max()));
}

// [SECTION] Released content

ReleasedContent releasedContent(const RoomSession& room, const Scenario& s, const PluginManifest& m, std::int64_t nowMs) {
    ReleasedContent r;
    if (room.paused) {
        r.paused = true;
        return r;
    }
    const RoomState& st = room.state;
    r.caseTitle = m.name;
    if (st.warning) {
        r.warning = true;
        r.warnings = m.contentWarnings;
        r.caseOrigin = caseOriginSentence(m);
        if (!st.warningStage.empty()) {
            int i = s.stageOrder(st.warningStage);
            r.warningStage = i >= 0 ? s.stages[static_cast<size_t>(i)].title : st.warningStage;
        }
        return r;
    }
    const Node& n = currentNode(s, st.run.current());
    if (int i = s.stageOrder(n.stage); i >= 0) {
        r.stageTitle = s.stages[static_cast<size_t>(i)].title;
        r.date = s.stages[static_cast<size_t>(i)].date;
    }
    r.nodeTitle = n.title;
    // The path the case followed at the last decision taken (shown until the next decision's views).
    for (auto it = st.decisions.rbegin(); it != st.decisions.rend(); ++it) {
        if (it->chosen.empty()) continue;
        const Node* dn = s.node(it->node);
        for (const auto& o : dn ? dn->options : std::vector<Option>{})
            if (o.id == it->chosen) r.chosenText = o.text;
        break;
    }
    if (st.phase == RoomPhase::Narrative || st.phase == RoomPhase::Ending) {
        r.narrative = n.text.fallback;
        if (st.phase == RoomPhase::Ending) r.whatHappened = n.whatHappened;
        return r;
    }
    const RoomDecision* d = st.current();
    if (!d) return r;
    if (st.phase != RoomPhase::Situation) r.chosenText.clear();
    r.situation = n.situation.fallback;
    std::vector<std::string> shown;
    if (st.phase == RoomPhase::Views)
        shown = st.viewCurrent.empty() ? roomProfessions(room.setup) : std::vector<std::string>{st.viewCurrent};
    else if (st.phase == RoomPhase::Voting || st.phase == RoomPhase::Revealed)
        shown = roomProfessions(room.setup);
    for (const auto& p : shown) {
        ReleasedView v;
        v.profession = p;
        v.situation = n.situation.forRole(p);
        v.question = n.question.forRole(p);
        for (const Option* o : optionsForProfession(s, st, p)) v.options.push_back({letterOf(*d, o->id), o->id, o->text});
        r.views.push_back(std::move(v));
    }
    r.round = static_cast<int>(d->rounds.size());
    if (st.phase == RoomPhase::Voting) {
        r.voting = true;
        for (const auto& v : d->rounds.back().votes)
            r.groupsVoted.push_back(room.setup.groups[static_cast<size_t>(v.group)].name);
        r.timerSeconds = timerRemaining(room, nowMs);
    }
    // Revealed rounds only: the latest revealed one (round 1 stays on screen while round 2 is open).
    const RoomRound* shownRound = nullptr;
    for (const auto& rd : d->rounds)
        if (rd.revealedMs != 0) shownRound = &rd;
    // A threshold point: who has placed the child (names only) until the reveal; then every placement
    // by group and profession, with the case's judgement.
    r.thresholdAsked = n.threshold.has_value();
    if (r.thresholdAsked && !shownRound)
        for (const auto& [group, level] : d->placements)
            r.groupsPlaced.push_back(room.setup.groups[static_cast<size_t>(group)].name);
    if (r.thresholdAsked && shownRound) {
        for (const auto& [group, level] : d->placements)
            r.placements.push_back({room.setup.groups[static_cast<size_t>(group)].name,
                                    room.setup.groups[static_cast<size_t>(group)].profession, level});
        r.threshold = n.threshold;
    }
    r.chronologyAsked = n.chronology.has_value();
    if (r.chronologyAsked && shownRound) {
        r.concernsOnRecord = concernsOnRecord(s, n);
        r.chronologyWhy = n.chronology->why;
    }
    r.challengeAsked = n.challenge.has_value();
    if (r.challengeAsked) {
        r.challengeDecision = n.challenge->decision;
        r.challengeAgency = n.challenge->agency;
        for (const auto& member : s.cast)
            if (member.id == n.challenge->agency) r.challengeAgency = member.name;
    }
    if (r.challengeAsked && shownRound) {
        r.challengeReply = n.challenge->reply;
        r.challengeWhy = n.challenge->why;
        r.challengeRoute = n.challenge->escalation;
    }
    if (!shownRound) return r;
    const bool second = shownRound != &d->rounds.front();
    auto textOf = [&](const std::string& id) {
        for (const auto& o : n.options)
            if (o.id == id) return o.text;
        return std::string();
    };
    for (size_t g = 0; g < room.setup.groups.size(); ++g) {
        ReleasedVote v;
        v.group = room.setup.groups[g].name;
        v.profession = room.setup.groups[g].profession;
        if (const RoomVote* x = shownRound->voteOf(static_cast<int>(g))) {
            v.letter = letterOf(*d, x->option);
            v.optionText = textOf(x->option);
            v.rationale = x->rationale;
        }
        if (second)
            if (const RoomVote* x = d->rounds.front().voteOf(static_cast<int>(g))) v.firstRoundLetter = letterOf(*d, x->option);
        r.votes.push_back(std::move(v));
    }
    r.perspectives = n.perspectives;
    for (const auto& per : r.perspectives)
        if (std::string label = caseRoleLabel(s, per.role); !label.empty()) r.perspectiveLabels[per.role] = label;
    std::set<std::string> voted;
    for (const auto& rd : d->rounds)
        if (rd.revealedMs != 0)
            for (const auto& v : rd.votes) voted.insert(v.option);
    for (const auto& id : d->letters) {
        if (!voted.count(id)) continue;
        for (const auto& o : n.options)
            if (o.id == id) r.feedback.push_back({letterOf(*d, id), o.text, o.feedback.outcome, o.feedback.views});
    }
    return r;
}

// [SECTION] JSON

namespace {

nlohmann::json eventToJson(const RoomEvent& e) {
    nlohmann::json j = {{"kind", roomEventName(e.kind)}, {"at_ms", e.atMs}};
    if (e.group >= 0) j["group"] = e.group;
    if (!e.option.empty()) j["option"] = e.option;
    if (!e.rationale.empty()) j["rationale"] = e.rationale;
    if (e.kind == RoomEventKind::ShowViews) j["profession"] = e.profession;
    if (e.kind == RoomEventKind::TurnPage) j["page"] = e.page;
    if (e.kind == RoomEventKind::Place) j["level"] = e.level;
    return j;
}

nlohmann::json decisionToJson(const RoomDecision& d, const RoomSetup& setup) {
    nlohmann::json rounds = nlohmann::json::array();
    for (const auto& r : d.rounds) {
        nlohmann::json votes = nlohmann::json::array();
        for (const auto& v : r.votes)
            votes.push_back({{"group", setup.groups[static_cast<size_t>(v.group)].name},
                             {"option", v.option},
                             {"letter", std::string(1, letterOf(d, v.option))},
                             {"rationale", v.rationale},
                             {"at_ms", v.atMs}});
        rounds.push_back({{"opened_ms", r.openedMs}, {"revealed_ms", r.revealedMs}, {"votes", votes}});
    }
    nlohmann::json placements = nlohmann::json::array();
    for (const auto& [group, level] : d.placements)
        placements.push_back({{"group", setup.groups[static_cast<size_t>(group)].name},
                              {"profession", setup.groups[static_cast<size_t>(group)].profession},
                              {"level", thresholdLevelId(level)}});
    return {{"node", d.node},       {"letters", d.letters}, {"rounds", rounds},
            {"chosen", d.chosen},   {"rule", d.rule == PathRule::Majority ? "majority" : "facilitator"},
            {"rule_note", d.ruleNote}, {"chosen_ms", d.chosenMs}, {"placements", placements}};
}

} // namespace

void roomSetPaused(RoomSession& room, bool paused, std::int64_t nowMs) {
    if (room.paused == paused) return;
    room.paused = paused;
    if (paused) room.breaks.push_back({nowMs, 0});
    else if (!room.breaks.empty() && room.breaks.back().toMs == 0) room.breaks.back().toMs = nowMs;
}

nlohmann::json roomToJson(const RoomSession& room) {
    nlohmann::json groups = nlohmann::json::array();
    for (const auto& g : room.setup.groups) groups.push_back({{"name", g.name}, {"profession", g.profession}});
    nlohmann::json events = nlohmann::json::array();
    for (const auto& e : room.events) events.push_back(eventToJson(e));
    nlohmann::json decisions = nlohmann::json::array();
    for (const auto& d : room.state.decisions) decisions.push_back(decisionToJson(d, room.setup));
    nlohmann::json breaks = nlohmann::json::array();
    for (const auto& b : room.breaks) breaks.push_back({{"from_ms", b.fromMs}, {"to_ms", b.toMs}});
    nlohmann::json j = {{"format", "wholepicture-room"},
            {"version", 1},
            {"id", room.setup.id},
            {"plugin", room.setup.pluginId},
            {"plugin_version", room.setup.pluginVersion},
            {"created_ms", room.setup.createdMs},
            {"timer_seconds", room.setup.timerSeconds},
            {"groups", groups},
            {"paused", room.paused},
            {"closed", room.closed},
            {"breaks", breaks},
            {"events", events},
            {"phase", roomPhaseName(room.state.phase)},
            {"node", room.state.run.current().node},
            {"decisions", decisions}};
    if (!room.setup.procedures.empty()) j["procedures"] = room.setup.procedures;
    return j;
}

std::optional<RoomSession> roomFromJson(const nlohmann::json& j, const Scenario& s, const PluginManifest& m,
                                        Diagnostics& diags, const std::string& file) {
    // Total: typed reads only (a wrong type used to throw out of peekRoomRecord at every start, B1a/D2).
    detail::RecordReader r(diags, file, "a room record");
    auto fail = [&](const std::string& ptr, const std::string& msg) {
        r.report(Severity::Error, ptr, msg + "; the file is kept as it is");
        return std::nullopt;
    };
    Diagnostics quiet;
    detail::RecordReader q(quiet, file, "a room record");
    if (!j.is_object() || q.str(j, "", "format", true) != std::optional<std::string>("wholepicture-room"))
        return fail("", "not a Whole Picture room record (expected \"format\": \"wholepicture-room\")");
    if (q.integer(j, "", "version", true, 1, 1) != std::optional<std::int64_t>(1))
        return fail("/version", "room record version is not 1; this app cannot read it");
    RoomSession room;
    auto plugin = r.str(j, "", "plugin", true);
    if (!plugin) return fail("/plugin", "the record does not say which case it is for");
    room.setup.pluginId = *plugin;
    if (room.setup.pluginId != m.id)
        return fail("/plugin", "room record is for case \"" + room.setup.pluginId + "\", not \"" + m.id + "\"");
    room.setup.pluginVersion = r.str(j, "", "plugin_version", false, Severity::Warning).value_or("");
    if (room.setup.pluginVersion != m.version)
        r.report(Severity::Warning, "/plugin_version",
                 "room was recorded on version " + room.setup.pluginVersion + " of the case; replaying it on " + m.version);
    room.setup.createdMs = r.integer(j, "", "created_ms", false, -kMaxRecordMs, kMaxRecordMs, Severity::Warning).value_or(0);
    // The id names the record's file: only a generated-style id is kept (code review: path traversal).
    std::string id = r.str(j, "", "id", false, Severity::Warning).value_or("");
    if (!isSafeRecordId(id)) {
        std::string fresh = roomIdFor(m.id, room.setup.createdMs);
        if (!id.empty() || j.contains("id"))
            r.report(Severity::Warning, "/id",
                     "the room id \"" + id.substr(0, 80) + "\" is not a plain name (letters, digits, - and _ only); "
                     "using \"" + fresh + "\" instead");
        id = fresh;
    }
    room.setup.id = id;
    room.setup.timerSeconds =
        static_cast<int>(r.integer(j, "", "timer_seconds", false, 0, kMaxTimerSeconds, Severity::Warning).value_or(0));
    // A pack that is no longer installed is the app's concern (it falls back to national guidance).
    room.setup.procedures = r.str(j, "", "procedures", false, Severity::Warning).value_or("");
    const nlohmann::json* groups = r.array(j, "", "groups", true);
    if (!groups) return fail("/groups", "a room record needs a list of groups");
    for (size_t i = 0; i < groups->size(); ++i) {
        std::string gp = "/groups/" + std::to_string(i);
        const auto& g = (*groups)[i];
        auto name = r.str(g, gp, "name", true);
        auto profession = r.str(g, gp, "profession", true);
        if (!g.is_object() || !name || !profession)
            return fail(gp, "each group needs {\"name\": ..., \"profession\": ...}");
        room.setup.groups.push_back({*name, *profession});
    }
    if (room.setup.groups.empty()) return fail("/groups", "a room record needs at least one group");
    room.paused = r.boolean(j, "", "paused", false, Severity::Warning).value_or(false);
    room.closed = r.boolean(j, "", "closed", false, Severity::Warning).value_or(false);
    if (const nlohmann::json* breaks = r.array(j, "", "breaks", false, Severity::Warning)) {
        for (size_t i = 0; i < breaks->size(); ++i) {
            std::string bp = "/breaks/" + std::to_string(i);
            const auto& b = (*breaks)[i];
            if (!b.is_object()) {
                r.report(Severity::Warning, bp, "a break must be {\"from_ms\", \"to_ms\"}; skipped");
                continue;
            }
            auto from = r.integer(b, bp, "from_ms", false, -kMaxRecordMs, kMaxRecordMs, Severity::Warning);
            auto to = r.integer(b, bp, "to_ms", false, -kMaxRecordMs, kMaxRecordMs, Severity::Warning);
            room.breaks.push_back({from.value_or(0), to.value_or(0)});
        }
    }
    const nlohmann::json* events = r.array(j, "", "events", false);
    if (j.contains("events") && !events) return fail("/events", "expected a list of events");
    for (size_t i = 0; events && i < events->size(); ++i) {
        const auto& e = (*events)[i];
        std::string ep = "/events/" + std::to_string(i);
        if (!e.is_object()) return fail(ep, "an event must be an object {\"kind\", ...}");
        std::string kindName = r.str(e, ep, "kind", true).value_or("");
        auto kind = eventKindFromName(kindName);
        if (!kind) return fail(ep + "/kind", "unknown event kind \"" + kindName.substr(0, 80) + "\"");
        RoomEvent ev;
        ev.kind = *kind;
        ev.group = static_cast<int>(
            r.integer(e, ep, "group", false, -1, static_cast<std::int64_t>(room.setup.groups.size()) - 1, Severity::Warning).value_or(-1));
        ev.option = r.str(e, ep, "option", false, Severity::Warning).value_or("");
        ev.rationale = r.str(e, ep, "rationale", false, Severity::Warning).value_or("");
        ev.profession = r.str(e, ep, "profession", false, Severity::Warning).value_or("");
        ev.atMs = r.integer(e, ep, "at_ms", false, -kMaxRecordMs, kMaxRecordMs, Severity::Warning).value_or(0);
        ev.page = static_cast<int>(r.integer(e, ep, "page", false, 0, 999, Severity::Warning).value_or(0));
        ev.level = r.str(e, ep, "level", false, Severity::Warning).value_or("");
        room.events.push_back(std::move(ev));
    }
    size_t applied = 0;
    room.state = replayRoom(room.setup, room.events, s, m, &diags, &applied);
    if (applied < room.events.size()) room.events.resize(applied);
    for (auto& d : diags)
        if (d.file == room.setup.id) d.file = file;
    return room;
}

std::filesystem::path roomsDir(const std::filesystem::path& stateDir) { return stateDir / "rooms"; }

bool isSafeRecordId(const std::string& id) {
    if (id.empty() || id.size() > kMaxRecordIdLength) return false;
    return std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
}

std::filesystem::path roomFile(const std::filesystem::path& stateDir, const std::string& id) {
    if (!isSafeRecordId(id)) return {};
    return roomsDir(stateDir) / (id + ".json");
}

bool saveRoomTo(const RoomSession& room, const std::filesystem::path& file, Diagnostics& diags) {
    return writeFileAtomically(file, dumpJson(roomToJson(room), 2) + "\n", diags);
}

bool saveRoom(const RoomSession& room, const std::filesystem::path& stateDir, Diagnostics& diags) {
    std::filesystem::path file = roomFile(stateDir, room.setup.id);
    if (file.empty()) {
        diags.push_back({Severity::Error, roomsDir(stateDir).string(), 0, 0, "/id",
                         "the room id \"" + room.setup.id.substr(0, 80) +
                             "\" cannot name a file (only letters, digits, - and _, at most " +
                             std::to_string(kMaxRecordIdLength) + " characters); the room was not saved"});
        return false;
    }
    return saveRoomTo(room, file, diags);
}

std::optional<RoomSession> loadRoom(const std::filesystem::path& path, const Scenario& s, const PluginManifest& m,
                                    Diagnostics& diags) {
    std::optional<JsonFile> f = loadJsonFile(path, diags);
    if (!f) return std::nullopt;
    size_t from = diags.size();
    auto room = roomFromJson(f->value, s, m, diags, f->path);
    locateDiagnostics(*f, diags, from);
    return room;
}

std::optional<RoomRecordInfo> peekRoomRecord(const std::filesystem::path& path, Diagnostics& diags) {
    std::optional<JsonFile> f = loadJsonFile(path, diags);
    if (!f) return std::nullopt;
    return peekRoomRecord(*f, path, diags);
}

std::optional<RoomRecordInfo> peekRoomRecord(const JsonFile& file, const std::filesystem::path& path, Diagnostics& diags) {
    const JsonFile* f = &file;
    const auto& j = f->value;
    size_t from = diags.size();
    detail::RecordReader r(diags, f->path, "a room record");
    Diagnostics quiet;
    detail::RecordReader q(quiet, f->path, "a room record");
    auto plugin = q.str(j, "", "plugin", true);
    if (!j.is_object() || q.str(j, "", "format", true) != std::optional<std::string>("wholepicture-room") || !plugin) {
        r.report(Severity::Error, "", "not a Whole Picture room record; the file is kept as it is");
        locateDiagnostics(*f, diags, from);
        return std::nullopt;
    }
    RoomRecordInfo info;
    info.path = path;
    info.id = r.str(j, "", "id", false, Severity::Warning).value_or(path.stem().string());
    info.pluginId = *plugin;
    const nlohmann::json* events = r.array(j, "", "events", false, Severity::Warning);
    info.events = events ? events->size() : 0;
    info.closed = r.boolean(j, "", "closed", false, Severity::Warning).value_or(false);
    info.modifiedMs = r.integer(j, "", "created_ms", false, -kMaxRecordMs, kMaxRecordMs, Severity::Warning).value_or(0);
    if (info.events > 0 && events->back().is_object()) {
        std::string last = "/events/" + std::to_string(info.events - 1);
        auto at = r.integer(events->back(), last, "at_ms", false, -kMaxRecordMs, kMaxRecordMs, Severity::Warning);
        info.modifiedMs = std::max(info.modifiedMs, at.value_or(0));
    }
    for (size_t i = from; i < diags.size(); ++i) diags[i].message += " (the file is kept as it is)";
    locateDiagnostics(*f, diags, from);
    return info;
}

std::vector<RoomRecordInfo> listRoomRecords(const std::filesystem::path& stateDir, Diagnostics& diags) {
    std::vector<RoomRecordInfo> out;
    std::error_code ec;
    auto dir = roomsDir(stateDir);
    if (!std::filesystem::is_directory(dir, ec)) return out;
    std::filesystem::directory_iterator it(dir, ec), end;
    if (ec) diags.push_back({Severity::Warning, dir.string(), 0, 0, "", "cannot list the room records: " + ec.message()});
    for (; !ec && it != end; it.increment(ec)) {
        if (it->path().extension() != ".json") continue;
        if (auto info = peekRoomRecord(it->path(), diags)) out.push_back(std::move(*info));
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        return a.modifiedMs != b.modifiedMs ? a.modifiedMs > b.modifiedMs : a.id > b.id;
    });
    return out;
}

} // namespace wp
