// Self-voicing through the real views and the real input path (issue 12 item 2): speech turned on by
// its key, then Tab through the library, the role screen and a decision. What a listener hears is
// read back from the speech log ($WP_SPEECH_LOG's format: one utterance a line), written by the same
// SpeechOutput the app uses, in front of a synthesiser that only records.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <unistd.h>

#include <imgui_internal.h>

#include "ui_harness.h"
#include "wholepicture/app/speech.h"
#include "wholepicture/core/loader.h"
#include "wholepicture/core/runner.h"
#include "wholepicture/ui/speech.h"

namespace wp::test {
namespace {

namespace fs = std::filesystem;
namespace Screen = app::Screen;
using ui::PlayPhase;

constexpr int kKeyF2 = 291, kKeyF3 = 292, kKeyF4 = 293, kKeyF7 = 296, kKeyF8 = 297;

std::string flat(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
        if (!(c == ' ' && !out.empty() && out.back() == ' ')) out += c;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

struct RecordingSynth final : app::SpeechService {
    std::vector<std::pair<std::string, bool>>* said;
    int* stops;
    RecordingSynth(std::vector<std::pair<std::string, bool>>* s, int* st) : said(s), stops(st) {}
    void say(const std::string& text, bool interrupt) override { said->push_back({text, interrupt}); }
    void stop() override { ++*stops; }
    void configure(int, const std::string&) override {}
    [[nodiscard]] const char* name() const override { return "recording"; }
};

class SpeechWalk : public UiHarness {
protected:
    void SetUp() override {
        UiHarness::SetUp();
        log = fs::temp_directory_path() / ("wp-ui-speech-" + std::to_string(::getpid()) + ".log");
        fs::remove(log);
        output = std::make_unique<app::SpeechOutput>(
            [this] { return std::unique_ptr<app::SpeechService>(new RecordingSynth(&synth, &stops)); }, log, nullptr);
        loadLibrary();
        ASSERT_NE(plugin("peter"), nullptr);
        frames(3);
    }
    void TearDown() override {
        output.reset();
        fs::remove(log);
        UiHarness::TearDown();
    }

    // The speech effects so far go to the output, as the app's effect runner sends them.
    void pump() {
        for (; carried < effects.size(); ++carried) {
            const app::Effect& e = effects[carried];
            if (const auto* s = std::get_if<app::Speak>(&e)) output->speak(s->text, s->interrupt);
            else if (std::holds_alternative<app::StopSpeaking>(e)) output->stop();
        }
    }
    void drain() {
        ImGuiIO& io = ImGui::GetIO();
        for (int n = 0; n < 400 && !input.empty(); ++n) {
            io.InputQueueCharacters.resize(0);
            input.applyFrame(io);
            frame();
        }
        io.InputQueueCharacters.resize(0);
        input.applyFrame(io);
        frames(3);
        pump();
    }
    void tap(int key, bool shift = false) {
        if (shift) input.pushKey(kGlfwKeyLeftShift, true);
        pushTap(input, key);
        if (shift) input.pushKey(kGlfwKeyLeftShift, false);
        drain();
    }
    [[nodiscard]] bool focusIs(const std::string& name) const {
        const ImGuiContext& g = *ImGui::GetCurrentContext();
        return !g.NavDisableHighlight && g.NavId != 0 && probes.count(name) && probes.at(name).id == g.NavId;
    }
    // Tab until `target` has the focus (false if it never does).
    bool tabTo(const std::string& target) {
        for (int i = 0; i < 80; ++i) {
            if (focusIs(target)) return true;
            tap(kGlfwKeyTab);
        }
        return focusIs(target);
    }

    // The log, one utterance a line; `from` skips what was heard before.
    [[nodiscard]] std::vector<std::string> heard(size_t from = 0) const {
        std::vector<std::string> out;
        std::ifstream in(log);
        size_t n = 0;
        for (std::string l; std::getline(in, l); ++n)
            if (n >= from) out.push_back(l);
        return out;
    }
    [[nodiscard]] size_t mark() const { return heard().size(); }
    [[nodiscard]] std::string transcript(size_t from = 0) const {
        std::string t;
        for (const auto& l : heard(from)) t += "\n  " + l;
        return t;
    }
    // A line heard since `from` that starts with `prefix` ("" when none).
    [[nodiscard]] std::string lineStarting(const std::string& prefix, size_t from = 0) const {
        for (const auto& l : heard(from))
            if (l.rfind(prefix, 0) == 0) return l;
        return "";
    }
    [[nodiscard]] bool heardLine(const std::string& line, size_t from = 0) const {
        for (const auto& l : heard(from))
            if (l == line) return true;
        return false;
    }

    platform::InputQueue input;
    fs::path log;
    std::vector<std::pair<std::string, bool>> synth;
    int stops = 0;
    std::unique_ptr<app::SpeechOutput> output;
    size_t carried = 0;
};

TEST_F(SpeechWalk, SilentUntilTurnedOn) {
    tap(kGlfwKeyTab);
    tap(kGlfwKeyTab);
    tap(kKeyF3);
    EXPECT_TRUE(heard().empty()) << "speech is off by default:" << transcript();
    EXPECT_FALSE(model.speech);
}

TEST_F(SpeechWalk, LibraryRoleScreenAndADecisionByTabAsAListenerHearsThem) {
    const ScenarioPlugin& peter = *plugin("peter");
    // F2: on, and where you are.
    tap(kKeyF2);
    ASSERT_TRUE(model.speech);
    ASSERT_GE(heard().size(), 2u) << transcript();
    EXPECT_EQ(heard()[0], "Speech on. F1 lists the keys; F2 turns speech off.");
    EXPECT_EQ(heard()[1].rfind("Library: ", 0), 0u) << transcript();

    // Library: each control as label and kind; the case's name on its "Open case" button.
    size_t from = mark();
    ASSERT_TRUE(tabTo("library/open/peter")) << transcript(from);
    const std::string open = lineStarting("Open case: " + peter.displayName() + ", button", from);
    EXPECT_FALSE(open.empty()) << "the focused Open case button, named with its case:" << transcript(from);
    for (const auto& l : heard(from)) EXPECT_NE(l.find(", "), std::string::npos) << "every control with its kind: " << l;
    // A new item stops the old one: every focus announcement interrupts.
    for (const auto& [text, interrupt] : synth)
        if (text == open) {
            EXPECT_TRUE(interrupt);
        }

    // Enter: the role screen says what it is; Tab names each role as a role button with its state.
    from = mark();
    tap(kGlfwKeyEnter);
    ASSERT_EQ(model.screen, Screen::RoleSelect);
    EXPECT_TRUE(heardLine(peter.displayName() + ": choose your role. " + std::to_string(peter.manifest.roles.size()) +
                              " roles: press a role's number, or Tab to it.",
                          from))
        << transcript(from);
    from = mark();
    ASSERT_TRUE(tabTo("role/class_teacher")) << transcript(from);
    const std::string teacher = roleLabel(&peter, model.knowledge, "class_teacher");
    EXPECT_FALSE(lineStarting(teacher + " (", from).empty()) << transcript(from);
    const std::string roleLine = lineStarting(teacher + " (", from);
    EXPECT_TRUE(roleLine.find(", role button, selected.") != std::string::npos ||
                roleLine.find(", role button, not selected.") != std::string::npos)
        << "the role's name, its kind and whether it is chosen:" << transcript(from);
    tap(kGlfwKeyEnter);
    ASSERT_EQ(model.selectedRole, "class_teacher");
    from = mark();
    ASSERT_TRUE(tabTo("role/start")) << transcript(from);
    EXPECT_FALSE(lineStarting("Start", from).empty()) << transcript(from);
    EXPECT_NE(lineStarting("Start", from).find(", button."), std::string::npos) << transcript(from);
    tap(kGlfwKeyEnter);
    ASSERT_EQ(model.screen, Screen::Play);

    // On to the first decision by Enter: each new step is read as it arrives.
    const Scenario& s = *peter.scenario;
    for (int guard = 0; guard < 20 && currentNode(s, model.session->current()).type != NodeType::Decision; ++guard) {
        from = mark();
        tap(kGlfwKeyEnter);
    }
    const Node& node = currentNode(s, model.session->current());
    ASSERT_EQ(node.type, NodeType::Decision);
    EXPECT_FALSE(lineStarting("Stage ", from).empty()) << "the decision read on arrival:" << transcript(from);

    // F3: the situation and the question; F4: the options, numbered.
    from = mark();
    tap(kKeyF3);
    ASSERT_EQ(heard(from).size(), 1u) << transcript(from);
    EXPECT_NE(heard(from)[0].find(flat(node.situation.forRole("class_teacher"))), std::string::npos) << transcript(from);
    EXPECT_NE(heard(from)[0].find(flat(node.question.forRole("class_teacher"))), std::string::npos) << transcript(from);
    from = mark();
    tap(kKeyF4);
    const auto options = availableOptions(s, model.session->current());
    ASSERT_EQ(heard(from).size(), 1u) << transcript(from);
    EXPECT_EQ(heard(from)[0].rfind(std::to_string(options.size()) + " options. Option 1: " + flat(options[0]->text), 0), 0u)
        << transcript(from);

    // Tab: the options as buttons, then the checkbox with its state.
    from = mark();
    ASSERT_TRUE(tabTo("play/option/1")) << transcript(from);
    EXPECT_TRUE(heardLine("Option 1: " + flat(options[0]->text) + ", button.", from)) << transcript(from);
    from = mark();
    ASSERT_TRUE(tabTo("play/perspectives-toggle")) << transcript(from);
    EXPECT_TRUE(heardLine("Show the other roles' perspectives before I choose, checkbox, not checked.", from)) << transcript(from);

    // F7 before the choice tells why there is nothing yet; F8 stops.
    from = mark();
    tap(kKeyF7);
    EXPECT_EQ(lineStarting("The other roles' perspectives are shown after your choice", from).empty(), false) << transcript(from);
    const int stopsBefore = stops;
    tap(kKeyF8);
    EXPECT_EQ(stops, stopsBefore + 1) << "F8 stops the synthesiser";

    // Choosing (its number): the feedback is read on arrival.
    from = mark();
    tap('1');
    ASSERT_EQ(model.phase, PlayPhase::Feedback);
    EXPECT_FALSE(lineStarting("Feedback on your decision. Your decision: " + flat(options[0]->text), from).empty()) << transcript(from);

    // F2 again: off, remembered as off; nothing more is heard.
    tap(kKeyF2);
    EXPECT_FALSE(model.speech);
    EXPECT_FALSE(model.settings.speech);
    from = mark();
    tap(kGlfwKeyTab);
    tap(kKeyF3);
    EXPECT_TRUE(heard(from).empty()) << transcript(from);
}

// A glossary term in the situation is a stop for Tab: its explanation is shown beside it and read
// out, so a keyboard user or a listener reaches what a mouse user gets by hovering.
TEST_F(SpeechWalk, AGlossaryTermIsReachedByTabAndReadWithItsMeaning) {
    ASSERT_TRUE(apply(app::OpenPlugin{"peter"}));
    ASSERT_TRUE(apply(app::SelectRole{"dsl"}));
    ASSERT_TRUE(apply(app::StartSession{}));
    const Scenario& s = *plugin("peter")->scenario;
    for (int guard = 0; guard < 20 && currentNode(s, model.session->current()).type != NodeType::Decision; ++guard)
        ASSERT_TRUE(apply(app::Continue{}));
    frames(3);
    std::string term;
    for (const auto& [name, r] : probes)
        if (name.rfind("glossary/", 0) == 0 && r.interactive) term = name.substr(9);
    ASSERT_FALSE(term.empty()) << "Peter's first decision names a glossary term (DSL, at least)";
    const GlossaryTerm* entry = nullptr;
    for (const auto& g : model.knowledge.glossary)
        if (g.term == term) entry = &g;
    ASSERT_NE(entry, nullptr);
    tap(kKeyF2);
    const size_t from = mark();
    ASSERT_TRUE(tabTo("glossary/" + term)) << "Tab reaches the term:" << transcript(from);
    EXPECT_TRUE(heardLine(term + ", glossary term, " + entry->definition + (entry->definition.back() == '.' ? "" : "."), from))
        << transcript(from);
    const ImGuiWindow* note = ImGui::FindWindowByName("##Tooltip_00");
    ASSERT_TRUE(note && note->Active) << "the explanation is shown while the term has the focus";
    EXPECT_GE(note->Pos.y, probes.at("glossary/" + term).max.y) << "below the term, clear of it";
}

TEST_F(SpeechWalk, TheSpeechKeysAreInTheKeyHelp) {
    std::vector<std::string> text;
    ScopedProbeTextLog textLog(&text);
    tap(290); // F1
    auto shown = [&](const std::string& s) { return std::find(text.begin(), text.end(), s) != text.end(); };
    for (const char* key : {"F2", "F3", "F4", "F6", "F7", "F8"}) EXPECT_TRUE(shown(key)) << key;
    tap(kGlfwKeyEscape);
    // With speech on, the list is read when it opens.
    tap(kKeyF2);
    const size_t from = mark();
    tap(290);
    const std::string keys = lineStarting("Keys: ", from);
    EXPECT_NE(keys.find(", list, "), std::string::npos) << transcript(from);
    EXPECT_NE(keys.find("F3: read aloud the situation"), std::string::npos) << transcript(from);
    EXPECT_NE(keys.find("1-9: open the n-th case"), std::string::npos) << "the screen's own keys first" << transcript(from);
}

} // namespace
} // namespace wp::test
