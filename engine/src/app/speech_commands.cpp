// Self-voicing commands (speech.h): turning speech on and off, its rate and voice, and what is said
// for the focused control and for each part of the screen. Everything said is built here from the
// state; the UI only says which control has the focus and which part was asked for.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>

#include "handlers.h"
#include "wholepicture/app/speech.h"
#include "wholepicture/core/threshold.h"
#include "wholepicture/core/debrief.h"
#include "wholepicture/core/challenge.h"
#include "wholepicture/core/loader.h"
#include "wholepicture/core/room.h"
#include "wholepicture/core/runner.h"

namespace wp::app {

namespace {

// Sentences end with one full stop (content often ends its own).
void addSentence(std::string& out, const std::string& text) {
    std::string t = text;
    while (!t.empty() && (t.back() == ' ' || t.back() == '\n')) t.pop_back();
    if (t.empty()) return;
    if (!out.empty()) out += ' ';
    out += t;
    const char last = t.back();
    if (last != '.' && last != '?' && last != '!' && last != ':' && last != '"' && last != '\'' && last != ')') out += '.';
}

// One line per utterance in the log, and a synthesiser reads a line break as a pause anyway.
std::string oneLine(std::string text) {
    for (char& ch : text)
        if (ch == '\n' || ch == '\r' || ch == '\t') ch = ' ';
    std::string out;
    for (char ch : text)
        if (!(ch == ' ' && !out.empty() && out.back() == ' ')) out += ch;
    while (!out.empty() && out.back() == ' ') out.pop_back();
    while (!out.empty() && out.front() == ' ') out.erase(out.begin());
    return out;
}

std::string percent(double fraction) { return std::to_string(static_cast<int>(std::lround(100.0 * std::clamp(fraction, 0.0, 1.0)))) + " percent"; }

// What the play screen shows now: the node, the option just chosen (feedback phase).
struct PlayView {
    const Scenario* scenario = nullptr;
    const Session* session = nullptr;
    const Node* node = nullptr;
    const Option* chosen = nullptr; // feedback phase only
};

PlayView playView(const AppState& s) {
    PlayView v;
    const Scenario* scenario = activeScenario(s);
    if (!scenario || !s.session || s.session->history.empty()) return v;
    const Session& session = *s.session;
    const RunState& state = session.current();
    const RunState* previous = session.history.size() > 1 ? &session.history[session.history.size() - 2] : nullptr;
    const bool feedback = s.phase == PlayPhase::Feedback && previous && !state.path.empty();
    v.scenario = scenario;
    v.session = &session;
    v.node = &currentNode(*scenario, feedback ? *previous : state);
    if (feedback)
        for (const auto& o : v.node->options)
            if (o.id == state.path.back().option) v.chosen = &o;
    return v;
}

std::string stageWords(const Scenario& s, const std::string& stageId) {
    const int order = s.stageOrder(stageId);
    if (order < 0) return {};
    const Stage& st = s.stages[static_cast<size_t>(order)];
    std::string line = "Stage " + std::to_string(order + 1) + " of " + std::to_string(s.stages.size()) + ": " + st.title;
    if (!st.date.empty()) line += ", " + st.date;
    return line;
}

// `text` without a first sentence that only repeats `lead` (a node titled "Spring 2005" whose text
// begins "Spring 2005."): a listener heard the date twice.
std::string withoutRepeatedLead(const std::string& text, const std::string& lead) {
    if (lead.empty() || text.rfind(lead, 0) != 0) return text;
    size_t k = lead.size();
    if (k < text.size() && text[k] != '.' && text[k] != ':') return text; // only the start of a longer sentence
    if (k < text.size()) ++k;
    while (k < text.size() && text[k] == ' ') ++k;
    return text.substr(k);
}

std::string situationText(const AppState& s, const PlayView& v) {
    std::string out;
    const std::string& role = v.session->role;
    addSentence(out, stageWords(*v.scenario, v.node->stage));
    addSentence(out, v.node->title);
    if (v.node->type == NodeType::Decision) {
        addSentence(out, withoutRepeatedLead(v.node->situation.forRole(role), v.node->title));
        if (v.node->threshold && !v.chosen)
            addSentence(out, "Before you decide, place " +
                                 (v.scenario->childName.empty() ? std::string("the child's") : v.scenario->childName + "'s") +
                                 " needs: tab to the four levels, Universal, Early help, Child in need or Child protection");
        if (v.node->chronology && !v.chosen)
            addSentence(out, "Before you decide, build the chronology: tab through the facts your role holds, in date order; "
                             "Space ticks In the chronology, and A concern");
        if (v.node->challenge && v.node->challenge->forRole(role) && !v.chosen)
            addSentence(out, "Before you decide, you may challenge another agency's decision: " + v.node->challenge->decision +
                             " Tab to Challenge it now, Note it and wait for more, or Accept the decision; then to how you put "
                             "it, and along the escalation route");
        addSentence(out, v.node->question.forRole(role));
    } else {
        addSentence(out, withoutRepeatedLead(v.node->text.forRole(role), v.node->title));
        if (!v.chosen) addSentence(out, v.node->type == NodeType::Ending ? "This is the end of the case: press Enter for the debrief"
                                                                          : "Press Enter to continue");
    }
    (void)s;
    return out;
}

std::string optionsText(const AppState& s, const PlayView& v) {
    if (v.chosen || v.node->type != NodeType::Decision) return {};
    const auto options = availableOptions(*v.scenario, s.session->current());
    if (options.empty()) return "No option is open to your role here.";
    std::string out = std::to_string(options.size()) + (options.size() == 1 ? " option." : " options.");
    int n = 0;
    for (const Option* o : options) addSentence(out, "Option " + std::to_string(++n) + ": " + o->text);
    addSentence(out, "Press an option's number to choose it");
    return out;
}

std::string feedbackText(const AppState& s, const PlayView& v) {
    if (!v.chosen) return {};
    const Option& o = *v.chosen;
    const KnowledgeBase& kb = s.knowledge;
    std::string out;
    addSentence(out, "Your decision: " + o.text);
    if (v.node->threshold) {
        // The placement made with this choice, judged, then the case's judgement and why.
        const ThresholdScale& scale = activeScale(s);
        const JudgedPlacement judged = judgeAt(*v.node->threshold, v.session->current().path.back().threshold);
        if (judged.placed) {
            addSentence(out, "You placed the child's needs at " + levelName(scale, *judged.placed) + ": " + verdictText(judged));
        } else {
            addSentence(out, "You did not place the child's needs before choosing");
        }
        addSentence(out, "The case's judgement: " + levelName(scale, judged.point.level));
        addSentence(out, judged.point.why);
    }
    if (v.node->chronology)
        for (const JudgedChronology& c : summariseChronologies(*v.scenario, v.session->current(), kb).points)
            if (c.node == v.node->id) {
                addSentence(out, "Your chronology: " + chronologyVerdict(c));
                addSentence(out, wholePictureSentence(c, v.scenario->childName));
                addSentence(out, c.why);
            }
    if (v.node->challenge)
        for (const JudgedChallenge& c : summariseChallenges(*v.scenario, v.session->current(), kb).points)
            if (c.node == v.node->id) {
                addSentence(out, "Your challenge: " + challengeVerdict(c));
                addSentence(out, challengeRatings(c));
                addSentence(out, c.why);
            }
    for (const auto& [dim, delta] : o.effects.scores) {
        if (delta == 0) continue;
        const DimensionInfo* d = kb.dimension(dim);
        addSentence(out, (d ? d->name : dim) + (delta > 0 ? " plus " : " minus ") + std::to_string(std::abs(delta)));
    }
    if (!o.critical.empty())
        if (const CriticalAction* ca = v.scenario->criticalAction(o.critical))
            addSentence(out, ca->kind == CriticalKind::MustDo ? "Critical action met: " + ca->text
                                                              : "Critical action committed, this must be avoided: " + ca->text);
    if (!o.feedback.outcome.empty()) addSentence(out, "What happens next: " + o.feedback.outcome);
    if (!o.feedback.views.empty()) {
        addSentence(out, "How each profession reads your decision:");
        for (const auto& [role, view] : o.feedback.views) addSentence(out, roleLabel(*v.scenario, kb, role) + ": " + view);
    }
    if (!o.feedback.guidance.empty()) {
        std::string g = "Guidance: ";
        for (size_t i = 0; i < o.feedback.guidance.size(); ++i) {
            const GuidanceInfo* info = kb.guidanceRef(o.feedback.guidance[i].ref);
            g += (i ? "; " : "") + (info ? displayTitle(*info) : o.feedback.guidance[i].ref);
            if (!o.feedback.guidance[i].section.empty()) g += ", " + o.feedback.guidance[i].section;
        }
        addSentence(out, g);
    }
    return out;
}

std::string perspectivesText(const AppState& s, const PlayView& v, bool shown) {
    if (!v.chosen && !shown) return {};
    std::string out;
    for (const auto& p : v.node->perspectives) {
        if (p.role == v.session->role) continue;
        addSentence(out, roleLabel(*v.scenario, s.knowledge, p.role) + ":");
        if (!p.knows.empty()) addSentence(out, "What I know: " + p.knows);
        if (!p.thinks.empty()) addSentence(out, "What I think is going on: " + p.thinks);
        if (!p.pressures.empty()) addSentence(out, "What is pressing on me: " + p.pressures);
    }
    return out.empty() ? "No other role has a perspective recorded at this point." : out;
}

// The top of the debrief: the case, the ending and the three headline figures.
std::string debriefTop(const AppState& s) {
    const Scenario* scenario = activeScenario(s);
    const ScenarioPlugin* plugin = selectedPlugin(s);
    if (!scenario || !plugin || !s.session) return {};
    std::string out;
    addSentence(out, "Debrief: " + (scenario->title.empty() ? plugin->displayName() : scenario->title) + ", played as " +
                         s.knowledge.roleName(s.session->role));
    if (!s.debrief) {
        addSentence(out, "The debrief is not ready");
        return out;
    }
    const Debrief& d = *s.debrief;
    addSentence(out, d.finished ? "How it ended: " + d.endingTitle : "Not finished yet: the debrief covers the steps taken so far");
    const size_t total = d.critical.size(), missed = d.missedCriticalCount(), pending = d.pendingCriticalCount();
    if (total == 0) addSentence(out, "This case names no critical actions for a " + d.roleName);
    else if (missed > 0) addSentence(out, "Critical actions: " + std::to_string(missed) + " of " + std::to_string(total) + " missed");
    else if (pending > 0)
        addSentence(out, "Critical actions: none missed, " + std::to_string(total - pending) + " met, " + std::to_string(pending) +
                             " not reached yet");
    else addSentence(out, "Critical actions: all " + std::to_string(total) + " met");
    const double overall = overallFraction(d);
    const DimensionBand* band = overallBand(s.knowledge, d);
    addSentence(out, "Overall: " + (d.finished && band ? band->label + ", " : std::string()) + percent(overall) +
                         " of the way from the weakest to the strongest path a " + d.roleName + " could take");
    if (!d.picture.empty() && d.picture.back().possible > 0)
        addSentence(out, "The whole picture: " + std::to_string(d.picture.back().reached) + " of " +
                             std::to_string(d.picture.back().possible) + " key facts reached the people who needed them");
    const DebriefDimension* strongest = nullptr;
    const DebriefDimension* weakest = nullptr;
    for (const auto& dim : d.dimensions) {
        if (dim.best == dim.worst) continue;
        if (!strongest || dim.fraction > strongest->fraction + 1e-9) strongest = &dim;
        if (!weakest || dim.fraction < weakest->fraction - 1e-9) weakest = &dim;
    }
    if (strongest && weakest && strongest != weakest)
        addSentence(out, "Strongest: " + strongest->name + ". Most room to grow: " + weakest->name);
    for (const JudgedChronology& c : d.chronologies.points) {
        addSentence(out, "Your chronology at " + c.title + ": " + chronologyVerdict(c));
        addSentence(out, wholePictureSentence(c, d.childName));
    }
    for (const JudgedChallenge& c : d.challenges.points) {
        addSentence(out, "Your challenge at " + c.title + ": " + challengeVerdict(c));
        addSentence(out, challengeRatings(c));
    }
    return out;
}

std::string arrivalText(const AppState& s) {
    if (s.confirm) {
        std::string out = "Question:";
        addSentence(out, s.confirm->question);
        addSentence(out, s.confirm->detail);
        addSentence(out, "Enter or Esc: " + s.confirm->noLabel + "; Tab to " + s.confirm->yesLabel);
        return out;
    }
    if (s.screen == Screen::Library) {
        // At start-up the cases are listed before they are checked (off the UI thread): counted too, as
        // the cards show them, or a listener heard "0 cases" on a full library.
        size_t usable = 0, checking = 0;
        for (const auto& p : s.library) {
            usable += p.usable() ? 1 : 0;
            checking += !p.usable() && p.pending ? 1 : 0;
        }
        const size_t listed = usable + checking;
        std::string out = "Library: " + std::to_string(listed) + (listed == 1 ? " case" : " cases");
        out += checking ? " (" + std::to_string(checking) + " still being checked: a number key opens one now)." : ".";
        if (s.session || s.resume) addSentence(out, "A run is waiting where you left off: Enter resumes it");
        addSentence(out, "Tab moves between controls, F1 lists the keys");
        return out;
    }
    if (s.screen == Screen::RoleSelect) {
        const ScenarioPlugin* p = selectedPlugin(s);
        std::string out = (p ? p->displayName() + ": " : std::string()) + "choose your role.";
        if (p) addSentence(out, std::to_string(p->manifest.roles.size()) + " roles: press a role's number, or Tab to it");
        return out;
    }
    if (s.screen == Screen::Play) {
        const PlayView v = playView(s);
        if (!v.node) return "Play.";
        if (v.chosen) return "Feedback on your decision. " + feedbackText(s, v);
        std::string out = situationText(s, v);
        if (v.node->type == NodeType::Decision) addSentence(out, "F4 reads the options");
        return out;
    }
    if (s.screen == Screen::Debrief) return debriefTop(s);
    if (s.screen == Screen::Compare) {
        // Who is compared, and how each run ended: what a sighted trainee takes in at a glance.
        std::string out = "Compare the two runs";
        if (s.firstRun && s.session) {
            out += ": " + s.knowledge.roleName(s.firstRun->role) + " and " + s.knowledge.roleName(s.session->role) + ".";
            for (const auto& [debrief, role] : {std::pair{s.firstDebrief, s.firstRun->role}, std::pair{s.debrief, s.session->role}})
                if (debrief && debrief->finished) addSentence(out, s.knowledge.roleName(role) + ": " + debrief->endingTitle);
        } else {
            out += ".";
        }
        addSentence(out, "Go to: Scores, Choices, Maps, Save. Tab moves between them; F1 lists the keys");
        return out;
    }
    if (s.screen == Screen::RoomSetup) {
        const ScenarioPlugin* p = selectedPlugin(s);
        std::string out = "Run a room session" + (p ? ": " + p->displayName() : std::string()) + ".";
        addSentence(out, "Name each group and its profession, choose a timer and the local procedures, then Start the room "
                         "session at the bottom. Tab moves through them; F1 lists the keys");
        return out;
    }
    if (s.screen == Screen::RoomConsole) {
        const ScenarioPlugin* p = roomPlugin(s);
        std::string out = "Room console" + (p ? ": " + p->displayName() : std::string()) + ".";
        if (s.room) {
            const RoomState& st = s.room->session.state;
            const RoomDecision* d = st.current();
            const Scenario* scenario = p ? p->scenario.get() : nullptr;
            const Node* node = d && scenario ? scenario->node(d->node) : nullptr;
            if (st.warning) addSentence(out, "The content warning is on the projector");
            else if (node) addSentence(out, "Decision: " + node->title);
            const size_t groups = s.room->session.setup.groups.size();
            if (!st.warning && d && !d->rounds.empty()) {
                const RoomRound& round = d->rounds.back();
                if (st.phase == RoomPhase::Voting) {
                    addSentence(out, (d->rounds.size() > 1 ? "Re-vote open: " : "Voting open: ") + std::to_string(round.votes.size()) +
                                         " of " + std::to_string(groups) + " groups have voted. Type a group's number and a letter");
                } else if (st.phase == RoomPhase::Revealed) {
                    // The tally, as the projector shows it: each option voted, with its votes.
                    const auto counts = tally(round);
                    std::string tallied = "Votes revealed:";
                    for (const std::string& option : d->letters) { // in letter order
                        const auto it = counts.find(option);
                        if (it == counts.end() || it->second == 0) continue;
                        const char letter = static_cast<char>(std::toupper(static_cast<unsigned char>(letterOf(*d, option))));
                        tallied += std::string(tallied.back() == ':' ? " " : ", ") + letter + " " + std::to_string(it->second) +
                                   (it->second == 1 ? " vote" : " votes");
                    }
                    addSentence(out, tallied);
                    const MajorityResult mr = majority(*d);
                    if (mr.tie) addSentence(out, "A tie: choose the path the case follows");
                    else if (!mr.option.empty()) addSentence(out, "Enter follows the majority");
                }
            }
        }
        addSentence(out, "Enter moves the room on; F5 shows or hides the projector; F1 lists the keys");
        return out;
    }
    if (s.screen == Screen::RoomDebrief) {
        const ScenarioPlugin* p = roomPlugin(s);
        return "Room debrief" + (p ? ": " + p->displayName() : std::string()) + ". Tab moves through it; F1 lists the keys.";
    }
    if (s.screen.id == "glossary") return "Glossary: " + std::to_string(s.knowledge.glossary.size()) + " terms. Type to narrow the list; Tab moves through it.";
    if (s.screen.id == "settings")
        return "Settings: the learning record store, speech and appearance. Tab moves through them; Esc goes back.";
    // Any other screen by its name as words ("case-editor": "Case editor").
    std::string name(screenName(s.screen));
    for (char& ch : name)
        if (ch == '-' || ch == '_') ch = ' ';
    if (!name.empty()) name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
    return name + ".";
}

const char* partName(SpeechPart p) {
    switch (p) {
    case SpeechPart::Situation: return "situation";
    case SpeechPart::Options: return "options";
    case SpeechPart::Feedback: return "feedback";
    case SpeechPart::Perspectives: return "perspectives";
    case SpeechPart::Arrival: return "screen";
    }
    return "";
}

} // namespace

std::string focusUtterance(const AnnounceFocus& f) {
    if (oneLine(f.label).empty()) return {};
    std::string out = oneLine(f.label);
    if (!f.kind.empty()) out += ", " + f.kind;
    if (!f.state.empty()) out += ", " + oneLine(f.state);
    if (out.back() != '.' && out.back() != '?' && out.back() != '!') out += '.'; // a state that is a sentence has its stop
    if (!f.hint.empty()) addSentence(out, oneLine(f.hint));
    return out;
}

std::string speechText(const AppState& s, SpeechPart part, bool perspectivesShown) {
    std::string text;
    if (part == SpeechPart::Arrival) {
        text = arrivalText(s);
    } else if (s.screen == Screen::Play) {
        const PlayView v = playView(s);
        if (v.node) {
            switch (part) {
            case SpeechPart::Situation: text = situationText(s, v); break;
            case SpeechPart::Options: text = optionsText(s, v); break;
            case SpeechPart::Feedback: text = feedbackText(s, v); break;
            case SpeechPart::Perspectives: text = perspectivesText(s, v, perspectivesShown); break;
            case SpeechPart::Arrival: break;
            }
        }
    } else if (part == SpeechPart::Situation && s.screen == Screen::Debrief) {
        text = debriefTop(s);
    } else if (part == SpeechPart::Situation) {
        text = arrivalText(s);
    }
    return oneLine(text);
}

namespace detail {

namespace {

void say(Context& c, std::string text, bool interrupt) {
    text = oneLine(std::move(text));
    if (!text.empty()) c.effects.push_back(Speak{std::move(text), interrupt});
}

} // namespace

bool handle(Context& c, const SetSpeech& cmd) {
    AppState& s = c.s;
    if (cmd.remember && s.settings.speech != cmd.on) {
        s.settings.speech = cmd.on;
        c.saveSettings = true;
    }
    s.speech = cmd.on;
    if (cmd.on) {
        c.effects.push_back(ConfigureSpeech{s.settings.speechRate, s.settings.speechVoice});
        // Where you are follows from the UI (ReadAloud Arrival on the next frame).
        say(c, "Speech on. F1 lists the keys; F2 turns speech off.", true);
    } else {
        c.effects.push_back(StopSpeaking{});
        say(c, "Speech off.", true);
    }
    return true;
}

bool handle(Context& c, const SetSpeechRate& cmd) {
    AppState& s = c.s;
    const int rate = std::clamp(cmd.rate, kMinSpeechRate, kMaxSpeechRate);
    if (rate != s.settings.speechRate) {
        s.settings.speechRate = rate;
        c.saveSettings = true;
    }
    c.effects.push_back(ConfigureSpeech{rate, s.settings.speechVoice});
    if (s.speech) say(c, "Speech rate " + std::to_string(rate) + ".", true);
    return true;
}

bool handle(Context& c, const SetSpeechVoice& cmd) {
    AppState& s = c.s;
    if (!validSpeechVoice(cmd.voice)) {
        c.report(StatusKind::Warning, "\"" + cmd.voice + "\" is not a voice name (letters, digits, '-', '_' and '+' only).", "speech");
        return false;
    }
    if (cmd.voice != s.settings.speechVoice) {
        s.settings.speechVoice = cmd.voice;
        c.saveSettings = true;
    }
    c.effects.push_back(ConfigureSpeech{s.settings.speechRate, cmd.voice});
    if (s.speech) say(c, "Voice " + (cmd.voice.empty() ? std::string("default") : cmd.voice) + ".", true);
    return true;
}

bool handle(Context& c, const StopSpeech&) {
    if (!c.s.speech) return false;
    c.effects.push_back(StopSpeaking{});
    return true;
}

bool handle(Context& c, const AnnounceFocus& cmd) {
    if (!c.s.speech) return false;
    const std::string text = focusUtterance(cmd);
    if (text.empty()) return false;
    say(c, text, cmd.interrupt);
    return true;
}

bool handle(Context& c, const ReadAloud& cmd) {
    if (!c.s.speech) return false;
    std::string text = speechText(c.s, cmd.part, cmd.perspectivesShown);
    if (text.empty()) {
        if (cmd.part == SpeechPart::Arrival) return false;
        const bool play = c.s.screen == Screen::Play;
        if (play && cmd.part == SpeechPart::Feedback) text = "No feedback yet: choose an option first.";
        else if (play && cmd.part == SpeechPart::Perspectives)
            text = "The other roles' perspectives are shown after your choice, or before it if you tick the box to see them.";
        else if (play && cmd.part == SpeechPart::Options) text = "No options to choose from here.";
        else text = std::string("No ") + partName(cmd.part) + " on this screen.";
    }
    say(c, text, cmd.interrupt);
    return true;
}

} // namespace detail

} // namespace wp::app
