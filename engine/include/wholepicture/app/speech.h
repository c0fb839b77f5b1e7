// Self-voicing: Dear ImGui exposes nothing to screen readers, so the app reads itself aloud, as
// Ren'Py's self-voicing does (issue 12 item 2).
// - The UI names the focused control (AnnounceFocus) and asks for parts of the screen (ReadAloud);
//   app::apply turns them into Speak / StopSpeaking effects (speech_commands.cpp) from the state, so
//   what is said is decided here, testable without a window.
// - The edge carries the effects out through SpeechOutput: a SpeechService (speech-dispatcher, else
//   an espeak-ng child process; platform/speech.h) plus a log. Every utterance is appended, one per
//   line, to the file named by $WP_SPEECH_LOG, even with no synthesiser, so tests can assert what a
//   listener hears.
#pragma once
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "wholepicture/app/commands.h"
#include "wholepicture/app/state.h"

namespace wp::app {

// [SECTION] What is said (pure: from the state)
// The words for one control: "Continue, button. Goes to the next step." ("" label: nothing to say).
[[nodiscard]] std::string focusUtterance(const AnnounceFocus& focus);
// A part of the current screen in words; "" when the screen has no such part now (the options during
// the feedback, the feedback before a choice, the perspectives before the choice unless shown).
[[nodiscard]] std::string speechText(const AppState& s, SpeechPart part, bool perspectivesShown = false);

// [SECTION] Who says it
// A speech synthesiser. Calls come from the UI thread; implementations must not block it.
class SpeechService {
public:
    virtual ~SpeechService() = default;
    // Queues `text` after what is being said, or (interrupt) stops that first.
    virtual void say(const std::string& text, bool interrupt) = 0;
    virtual void stop() = 0;
    // rate -100..100 (0 normal); voice "" = the default.
    virtual void configure(int rate, const std::string& voice) = 0;
    [[nodiscard]] virtual const char* name() const = 0; // "speech-dispatcher", "espeak-ng"
};

// Makes the synthesiser when speech is first used (speech-dispatcher can take a moment to start);
// nullptr when there is none.
using SpeechServiceFactory = std::function<std::unique_ptr<SpeechService>()>;

// Carries out Speak, StopSpeaking and ConfigureSpeech: the log first, then the synthesiser. With no
// synthesiser the app keeps working, and `report` gets one notice saying so (the first time anything
// is to be said).
class SpeechOutput {
public:
    SpeechOutput(SpeechServiceFactory factory, std::filesystem::path logFile, std::function<void(Command)> report);
    ~SpeechOutput();
    SpeechOutput(const SpeechOutput&) = delete;
    SpeechOutput& operator=(const SpeechOutput&) = delete;

    void speak(const std::string& text, bool interrupt);
    void stop();
    void configure(int rate, const std::string& voice);
    // The synthesiser in use ("" before the first utterance or when there is none).
    [[nodiscard]] std::string backend() const;

private:
    SpeechService* service();

    SpeechServiceFactory m_factory;
    std::filesystem::path m_logFile;
    std::function<void(Command)> m_report;
    std::unique_ptr<SpeechService> m_service;
    bool m_opened = false;
    int m_rate = 0;
    std::string m_voice;
};

// $WP_SPEECH_LOG, or an empty path.
[[nodiscard]] std::filesystem::path speechLogFromEnvironment();

} // namespace wp::app
