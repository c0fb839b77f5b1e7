// The edge of self-voicing (speech.h): the log for tests and the synthesiser.
#include <cstdlib>
#include <fstream>

#include "wholepicture/app/speech.h"

namespace wp::app {

std::filesystem::path speechLogFromEnvironment() {
    const char* log = std::getenv("WP_SPEECH_LOG");
    return log && *log ? std::filesystem::path(log) : std::filesystem::path();
}

SpeechOutput::SpeechOutput(SpeechServiceFactory factory, std::filesystem::path logFile, std::function<void(Command)> report)
    : m_factory(std::move(factory)), m_logFile(std::move(logFile)), m_report(std::move(report)) {}

SpeechOutput::~SpeechOutput() {
    if (m_service) m_service->stop();
}

SpeechService* SpeechOutput::service() {
    if (!m_opened) {
        m_opened = true;
        if (m_factory) m_service = m_factory();
        if (m_service) {
            m_service->configure(m_rate, m_voice);
        } else if (m_report) {
            m_report(Notice{StatusKind::Warning,
                            "Speech is on, but no speech synthesiser was found: install speech-dispatcher or espeak-ng "
                            "(Debian: apt install speech-dispatcher espeak-ng). Everything else works as before.",
                            "speech"});
        }
    }
    return m_service.get();
}

void SpeechOutput::speak(const std::string& said, bool interrupt) {
    if (said.empty()) return;
    // One line, whatever the caller built (a message card's text may hold line breaks): the log's
    // contract is one utterance a line, and a synthesiser pauses oddly at a break.
    std::string text = said;
    for (char& ch : text)
        if (ch == '\n' || ch == '\r' || ch == '\t') ch = ' ';
    if (!m_logFile.empty()) {
        // Opened per line, so a test can read the file while the app runs; a line is whole or absent.
        std::ofstream log(m_logFile, std::ios::app);
        log << text << '\n';
    }
    if (SpeechService* s = service()) s->say(text, interrupt);
}

void SpeechOutput::stop() {
    if (m_service) m_service->stop();
}

void SpeechOutput::configure(int rate, const std::string& voice) {
    m_rate = rate;
    m_voice = voice;
    if (m_service) m_service->configure(rate, voice);
}

std::string SpeechOutput::backend() const { return m_service ? m_service->name() : ""; }

} // namespace wp::app
