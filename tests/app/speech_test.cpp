// Self-voicing in the application layer (issue 12 item 2): what is said for a focused control and for
// each part of the screen, that nothing is said while speech is off, the setting and its file, and
// the edge that writes every utterance to $WP_SPEECH_LOG with or without a synthesiser.
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <unistd.h>

#include "app_fixture.h"
#include "wholepicture/app/speech.h"
#include "wholepicture/core/runner.h"
#include "wholepicture/core/settings.h"

namespace wp::test {
namespace {

namespace fs = std::filesystem;

// Content as a listener hears it: one line, single spaces.
std::string flat(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
        if (!(c == ' ' && !out.empty() && out.back() == ' ')) out += c;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

class SpeechTest : public AppTest {
protected:
    // The text of every Speak effect since the last call, in order.
    std::vector<std::string> said() {
        std::vector<std::string> out;
        for (size_t i = seen; i < effects.size(); ++i)
            if (const auto* s = std::get_if<app::Speak>(&effects[i])) out.push_back(s->text);
        seen = effects.size();
        return out;
    }
    std::string sayOne(const app::Command& c) {
        seen = effects.size();
        EXPECT_TRUE(apply(c));
        const auto lines = said();
        EXPECT_EQ(lines.size(), 1u);
        return lines.empty() ? std::string() : lines.front();
    }
    // Plays on (Continue) to the first decision.
    void toDecision() {
        const Scenario& s = *app::activeScenario(state);
        for (int guard = 0; guard < 40 && currentNode(s, state.session->current()).type != NodeType::Decision; ++guard)
            ASSERT_TRUE(apply(app::Continue{}));
        ASSERT_EQ(currentNode(s, state.session->current()).type, NodeType::Decision);
    }
    size_t seen = 0;
};

TEST_F(SpeechTest, OffByDefaultNothingIsSaid) {
    EXPECT_FALSE(state.speech);
    EXPECT_FALSE(state.settings.speech);
    EXPECT_FALSE(apply(app::AnnounceFocus{"Open case", "button", "", ""}));
    EXPECT_FALSE(apply(app::ReadAloud{app::SpeechPart::Situation}));
    EXPECT_FALSE(apply(app::StopSpeech{}));
    EXPECT_TRUE(said().empty());
    EXPECT_TRUE(all<app::StopSpeaking>().empty());
}

TEST_F(SpeechTest, TurningSpeechOnIsRememberedAndSaysSo) {
    ASSERT_TRUE(apply(app::SetSpeech{true}));
    EXPECT_TRUE(state.speech);
    EXPECT_TRUE(state.settings.speech);
    ASSERT_NE(last<app::SaveSettingsFile>(), nullptr);
    EXPECT_TRUE(last<app::SaveSettingsFile>()->settings.speech);
    ASSERT_NE(last<app::ConfigureSpeech>(), nullptr);
    const auto lines = said();
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0], "Speech on. F1 lists the keys; F2 turns speech off.");
    EXPECT_TRUE(last<app::Speak>()->interrupt);

    ASSERT_TRUE(apply(app::SetSpeech{false}));
    EXPECT_FALSE(state.speech);
    EXPECT_FALSE(state.settings.speech);
    EXPECT_NE(last<app::StopSpeaking>(), nullptr);
    EXPECT_EQ(said(), std::vector<std::string>{"Speech off."});
}

TEST_F(SpeechTest, SpeakOnTheCommandLineIsForThisRunOnly) {
    effects.clear();
    ASSERT_TRUE(apply(app::SetSpeech{true, /*remember=*/false}));
    EXPECT_TRUE(state.speech);
    EXPECT_FALSE(state.settings.speech);
    EXPECT_EQ(last<app::SaveSettingsFile>(), nullptr);
}

TEST_F(SpeechTest, RateAndVoiceAreSettings) {
    ASSERT_TRUE(apply(app::SetSpeech{true}));
    ASSERT_TRUE(apply(app::SetSpeechRate{250}));
    EXPECT_EQ(state.settings.speechRate, 100) << "clamped to -100..100";
    ASSERT_TRUE(apply(app::SetSpeechVoice{"en-gb"}));
    EXPECT_EQ(state.settings.speechVoice, "en-gb");
    ASSERT_NE(last<app::ConfigureSpeech>(), nullptr);
    EXPECT_EQ(last<app::ConfigureSpeech>()->rate, 100);
    EXPECT_EQ(last<app::ConfigureSpeech>()->voice, "en-gb");
    EXPECT_FALSE(apply(app::SetSpeechVoice{"--output=/etc/passwd"})) << "never an option for the synthesiser";
    EXPECT_EQ(state.settings.speechVoice, "en-gb");

    // Kept in the settings file like the others, and a bad value falls back with a warning.
    Diagnostics diags;
    const Settings back = settingsFromJson(settingsToJson(state.settings), diags, "settings.json");
    EXPECT_TRUE(diags.empty());
    EXPECT_TRUE(back.speech);
    EXPECT_EQ(back.speechRate, 100);
    EXPECT_EQ(back.speechVoice, "en-gb");
    const Settings bad =
        settingsFromJson(nlohmann::json::parse(R"({"speech": "yes", "speech_rate": 900, "speech_voice": "-v x"})"), diags, "s.json");
    EXPECT_EQ(diags.size(), 3u);
    EXPECT_FALSE(bad.speech);
    EXPECT_EQ(bad.speechRate, 0);
    EXPECT_EQ(bad.speechVoice, "");
}

TEST_F(SpeechTest, AFocusedControlIsSaidAsLabelKindStateAndHintAndInterrupts) {
    ASSERT_TRUE(apply(app::SetSpeech{true}));
    EXPECT_EQ(sayOne(app::AnnounceFocus{"Start again", "button", "", "The same case and role, from the beginning"}),
              "Start again, button. The same case and role, from the beginning.");
    EXPECT_TRUE(last<app::Speak>()->interrupt) << "a new item stops the old one";
    EXPECT_EQ(sayOne(app::AnnounceFocus{"Show the other roles' perspectives before I choose", "checkbox", "not checked", ""}),
              "Show the other roles' perspectives before I choose, checkbox, not checked.");
    EXPECT_EQ(sayOne(app::AnnounceFocus{"export folder", "text box", "empty", ""}), "export folder, text box, empty.");
    EXPECT_FALSE(apply(app::AnnounceFocus{"", "button", "", ""})) << "nothing to say for an unnamed control";
}

TEST_F(SpeechTest, ThePlayScreenIsReadOnDemandWithoutGivingAwayWhatComesAfterTheChoice) {
    start("peter", "class_teacher");
    ASSERT_TRUE(apply(app::SetSpeech{true}));
    toDecision();
    const Scenario& s = *app::activeScenario(state);
    const Node& node = currentNode(s, state.session->current());

    const std::string situation = sayOne(app::ReadAloud{app::SpeechPart::Situation});
    EXPECT_NE(situation.find(flat(node.situation.forRole("class_teacher"))), std::string::npos) << situation;
    EXPECT_NE(situation.find(flat(node.question.forRole("class_teacher"))), std::string::npos) << situation;
    EXPECT_EQ(situation.rfind("Stage ", 0), 0u) << situation;

    const auto options = availableOptions(s, state.session->current());
    const std::string read = sayOne(app::ReadAloud{app::SpeechPart::Options});
    for (size_t i = 0; i < options.size(); ++i)
        EXPECT_NE(read.find("Option " + std::to_string(i + 1) + ": " + flat(options[i]->text)), std::string::npos) << read;

    // Before the choice: no feedback, and no perspectives unless the trainee asked to see them.
    const std::string noFeedback = sayOne(app::ReadAloud{app::SpeechPart::Feedback});
    EXPECT_EQ(noFeedback, "No feedback yet: choose an option first.");
    const std::string hidden = sayOne(app::ReadAloud{app::SpeechPart::Perspectives});
    for (const auto& p : node.perspectives)
        if (!p.knows.empty()) {
            EXPECT_EQ(hidden.find(flat(p.knows)), std::string::npos) << "a perspective before its reveal";
        }
    for (const auto& o : options)
        if (!o->feedback.outcome.empty()) {
            EXPECT_EQ(read.find(flat(o->feedback.outcome)), std::string::npos);
        }
    const std::string shown = sayOne(app::ReadAloud{app::SpeechPart::Perspectives, /*perspectivesShown=*/true});
    bool any = false;
    for (const auto& p : node.perspectives)
        if (p.role != "class_teacher" && !p.knows.empty()) {
            any = true;
            EXPECT_NE(shown.find("What I know: " + flat(p.knows)), std::string::npos) << shown;
        }
    EXPECT_TRUE(any) << "the first decision needs another role's perspective for this test";

    // After the choice: the feedback and the perspectives; the options are gone.
    const Option& chosen = *options.front();
    ASSERT_TRUE(apply(app::Choose{chosen.id}));
    const std::string feedback = sayOne(app::ReadAloud{app::SpeechPart::Feedback});
    EXPECT_EQ(feedback.rfind("Your decision: " + flat(chosen.text), 0), 0u) << feedback;
    if (!chosen.feedback.outcome.empty()) {
        EXPECT_NE(feedback.find("What happens next: " + flat(chosen.feedback.outcome)), std::string::npos) << feedback;
    }
    EXPECT_NE(sayOne(app::ReadAloud{app::SpeechPart::Perspectives}).find("What I know: "), std::string::npos);
    EXPECT_EQ(sayOne(app::ReadAloud{app::SpeechPart::Options}), "No options to choose from here.");
    EXPECT_EQ(sayOne(app::ReadAloud{app::SpeechPart::Arrival}).rfind("Feedback on your decision. Your decision: ", 0), 0u);
}

TEST_F(SpeechTest, TheTopOfTheDebriefIsReadOnDemand) {
    start("peter", "class_teacher");
    playToEnd();
    ASSERT_EQ(state.screen, app::Screen::Debrief);
    ASSERT_TRUE(apply(app::SetSpeech{true}));
    const std::string top = sayOne(app::ReadAloud{app::SpeechPart::Situation});
    EXPECT_EQ(top.rfind("Debrief: ", 0), 0u) << top;
    EXPECT_NE(top.find("played as " + state.knowledge.roleName("class_teacher")), std::string::npos) << top;
    ASSERT_TRUE(state.debrief);
    EXPECT_NE(top.find("How it ended: " + flat(state.debrief->endingTitle)), std::string::npos) << top;
    EXPECT_NE(top.find("Critical actions: "), std::string::npos) << top;
    EXPECT_NE(top.find("Overall: "), std::string::npos) << top;
}

TEST_F(SpeechTest, AQuestionOnScreenIsSaidOnArrival) {
    start("peter", "class_teacher");
    toDecision();
    ASSERT_TRUE(apply(app::Choose{availableOptions(*app::activeScenario(state), state.session->current()).front()->id}));
    ASSERT_TRUE(apply(app::SetSpeech{true}));
    ASSERT_TRUE(apply(app::Restart{}));
    ASSERT_TRUE(state.confirm);
    const std::string arrival = sayOne(app::ReadAloud{app::SpeechPart::Arrival});
    EXPECT_NE(arrival.find(flat(state.confirm->question)), std::string::npos) << arrival;
}

// At start-up the library lists its cases before they are checked: a listener hears how many there
// are, and that some are still being checked (it said "0 cases" on a full library).
TEST_F(SpeechTest, TheLibrarysArrivalCountsTheCasesStillBeingChecked) {
    ASSERT_TRUE(apply(app::SetSpeech{true}));
    ASSERT_GE(state.library.size(), 3u);
    for (auto& p : state.library) {
        p.scenario.reset();
        p.pending = true;
    }
    const std::string arrival = sayOne(app::ReadAloud{app::SpeechPart::Arrival});
    const std::string n = std::to_string(state.library.size());
    EXPECT_EQ(arrival.rfind("Library: " + n + " cases (" + n + " still being checked", 0), 0u) << arrival;
}

// Each step as it is read on arrival never says the same sentence twice in a row (Peter's last
// narrative, titled "Spring 2005", begins "Spring 2005.": the date was heard twice).
TEST_F(SpeechTest, NoStepRepeatsASentenceOnArrival) {
    start("peter", "class_teacher");
    ASSERT_TRUE(apply(app::SetSpeech{true}));
    const Scenario& s = *app::activeScenario(state);
    for (int guard = 0; guard < 80 && state.screen == app::Screen::Play; ++guard) {
        const std::string arrival = sayOne(app::ReadAloud{app::SpeechPart::Arrival});
        std::vector<std::string> sentences;
        for (size_t at = 0; at < arrival.size();) {
            size_t end = arrival.find(". ", at);
            if (end == std::string::npos) end = arrival.size();
            sentences.push_back(arrival.substr(at, end - at));
            at = end + 2;
        }
        for (size_t i = 1; i < sentences.size(); ++i) EXPECT_NE(sentences[i], sentences[i - 1]) << arrival;
        const Node& n = currentNode(s, state.session->current());
        if (state.phase == app::PlayPhase::Question && n.type == NodeType::Decision)
            ASSERT_TRUE(apply(app::Choose{availableOptions(s, state.session->current()).front()->id}));
        else
            ASSERT_TRUE(apply(app::Continue{}));
    }
    EXPECT_EQ(state.screen, app::Screen::Debrief);
}

// The compare screen says who is compared and how each run ended (it said only "Compare the two runs.").
TEST_F(SpeechTest, TheCompareScreenSaysWhoIsComparedAndHowEachRunEnded) {
    start("peter", "class_teacher");
    playToEnd();
    ASSERT_EQ(state.screen, app::Screen::Debrief);
    ASSERT_TRUE(apply(app::PlayAsRole{"social_worker"}));
    playToEnd();
    if (state.screen != app::Screen::Compare) {
        ASSERT_TRUE(apply(app::ShowCompare{}));
    }
    ASSERT_EQ(state.screen, app::Screen::Compare);
    ASSERT_TRUE(apply(app::SetSpeech{true}));
    const std::string arrival = sayOne(app::ReadAloud{app::SpeechPart::Arrival});
    EXPECT_NE(arrival.find(state.knowledge.roleName("class_teacher") + " and " + state.knowledge.roleName("social_worker")),
              std::string::npos)
        << arrival;
    ASSERT_TRUE(state.debrief && state.firstDebrief);
    EXPECT_NE(arrival.find(state.knowledge.roleName("class_teacher") + ": " + state.firstDebrief->endingTitle), std::string::npos)
        << arrival;
}

// What appears on screen after an action is said too: a saved report's footer line, and a message
// card (a failed export here). Before, a listener heard nothing after pressing Save.
TEST_F(SpeechTest, ASavedReportAndAMessageAreSaid) {
    start("peter", "class_teacher");
    ASSERT_TRUE(apply(app::SetSpeech{true}));
    seen = effects.size();
    ASSERT_TRUE(apply(app::ExportFinished{{"peter-report.html", "peter-session.json"}, {}, "/tmp/reports", false, true, false}));
    auto lines = said();
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines.front(), "Saved peter-report.html and peter-session.json in /tmp/reports.");
    (void)apply(app::ExportFinished{{}, {"the folder /nowhere cannot be written"}, "/nowhere", false, true, false});
    lines = said();
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_NE(lines.front().find("the folder /nowhere cannot be written"), std::string::npos) << lines.front();
}

// The room's screens say what they are and what to do there (the set-up was announced as "room-setup.").
TEST_F(SpeechTest, TheRoomScreensSayWhatTheyAreAndWhatToDo) {
    ASSERT_TRUE(apply(app::SetSpeech{true}));
    ASSERT_TRUE(apply(app::OpenRoomSetup{"peter"}));
    const std::string name = app::selectedPlugin(state)->displayName();
    std::string arrival = sayOne(app::ReadAloud{app::SpeechPart::Arrival});
    EXPECT_EQ(arrival.rfind("Run a room session: " + name + ". Name each group", 0), 0u) << arrival;
    ASSERT_TRUE(apply(app::StartRoom{"peter", {{"Table 1", "class_teacher"}, {"Table 2", "class_teacher"}}, 0, {}}));
    ASSERT_EQ(state.screen, app::Screen::RoomConsole);
    arrival = sayOne(app::ReadAloud{app::SpeechPart::Arrival});
    EXPECT_EQ(arrival.rfind("Room console: " + name + ". The content warning is on the projector", 0), 0u) << arrival;
    // On to the first decision's vote, two votes, the reveal: the console says each step, and the tally.
    const RoomState& st = state.room->session.state;
    for (int guard = 0; guard < 20 && (st.warning || st.phase != RoomPhase::Situation); ++guard)
        ASSERT_TRUE(apply(app::RoomStep{RoomEvent{}}));
    ASSERT_TRUE(apply(app::RoomStep{RoomEvent{RoomEventKind::OpenVoting}}));
    arrival = sayOne(app::ReadAloud{app::SpeechPart::Arrival});
    EXPECT_NE(arrival.find("Voting open: 0 of 2 groups have voted"), std::string::npos) << arrival;
    ASSERT_TRUE(apply(app::RoomVoteLetter{0, 'a', ""}));
    ASSERT_TRUE(apply(app::RoomVoteLetter{1, 'a', ""}));
    ASSERT_TRUE(apply(app::RoomStep{RoomEvent{RoomEventKind::Reveal}}));
    arrival = sayOne(app::ReadAloud{app::SpeechPart::Arrival});
    EXPECT_NE(arrival.find("Votes revealed: A 2 votes. Enter follows the majority"), std::string::npos) << arrival;
    for (const auto& screen : {app::Screen::Library, app::Screen::RoomSetup, app::Screen::RoomConsole, app::Screen::RoomDebrief,
                               app::Screen::CaseEditor}) {
        state.screen = screen;
        arrival = sayOne(app::ReadAloud{app::SpeechPart::Arrival});
        EXPECT_EQ(arrival.find(std::string(screen.id)), std::string::npos) << "an id read out: " << arrival;
    }
}

// A synthesiser that only remembers what it was asked.
struct FakeSynth final : app::SpeechService {
    std::vector<std::string>* calls;
    explicit FakeSynth(std::vector<std::string>* c) : calls(c) {}
    void say(const std::string& text, bool interrupt) override { calls->push_back((interrupt ? "say! " : "say ") + text); }
    void stop() override { calls->push_back("stop"); }
    void configure(int rate, const std::string& voice) override { calls->push_back("rate " + std::to_string(rate) + " " + voice); }
    [[nodiscard]] const char* name() const override { return "fake"; }
};

std::vector<std::string> lines(const fs::path& file) {
    std::vector<std::string> out;
    std::ifstream in(file);
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
}

TEST(SpeechOutput, EveryUtteranceIsLoggedAndNoSynthesiserIsOneNotice) {
    const fs::path log = fs::temp_directory_path() / ("wp-speech-" + std::to_string(::getpid()) + ".log");
    fs::remove(log);
    std::vector<app::Command> reported;
    {
        app::SpeechOutput out([] { return std::unique_ptr<app::SpeechService>(); }, log,
                              [&](app::Command c) { reported.push_back(std::move(c)); });
        out.speak("Speech on.", true);
        out.speak("Open case: Peter, aged 9, button.", true);
        out.speak("A message card's text\non two lines.", false); // one line in the log, whoever built it
        out.stop();
        EXPECT_EQ(out.backend(), "");
    }
    EXPECT_EQ(lines(log), (std::vector<std::string>{"Speech on.", "Open case: Peter, aged 9, button.",
                                                    "A message card's text on two lines."}));
    ASSERT_EQ(reported.size(), 1u) << "one notice, not one per utterance";
    const auto* notice = std::get_if<app::Notice>(&reported[0]);
    ASSERT_NE(notice, nullptr);
    EXPECT_NE(notice->text.find("espeak-ng"), std::string::npos);
    fs::remove(log);
}

TEST(SpeechOutput, TheSynthesiserIsOpenedOnFirstUseConfiguredAndInterrupted) {
    std::vector<std::string> calls;
    int opened = 0;
    app::SpeechOutput out(
        [&] {
            ++opened;
            return std::unique_ptr<app::SpeechService>(new FakeSynth(&calls));
        },
        {}, nullptr);
    out.configure(-20, "en-gb");
    EXPECT_EQ(opened, 0) << "nothing is opened while speech is not used";
    out.speak("Continue, button.", true);
    out.speak("F4 reads the options.", false);
    out.stop();
    out.speak("Start again, button.", true);
    EXPECT_EQ(opened, 1);
    EXPECT_EQ(out.backend(), "fake");
    EXPECT_EQ(calls, (std::vector<std::string>{"rate -20 en-gb", "say! Continue, button.", "say F4 reads the options.", "stop",
                                               "say! Start again, button."}));
}

} // namespace
} // namespace wp::test
