// The synthesisers behind self-voicing (app/speech.h): speech-dispatcher through libspeechd when it
// was found at build time and its daemon can be reached, else espeak-ng run as a child process (one
// per utterance, killed when speech is interrupted). Neither: nullptr, and the app says so once.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "wholepicture/app/speech.h"

namespace wp::platform {

// $WP_SPEECH_BACKEND chooses one ("speech-dispatcher", "espeak-ng" or "none"); unset: the first that works.
[[nodiscard]] std::unique_ptr<app::SpeechService> openSpeechService();

// The voices (language and variant names, "en-gb", "en-gb-scotland") espeak-ng offers, which both
// synthesisers take; empty when espeak-ng is not installed. Starts a program and waits for it: call
// off the UI thread.
[[nodiscard]] std::vector<std::string> listSpeechVoices();

// True when this build can talk to speech-dispatcher (libspeechd was found by pkg-config).
[[nodiscard]] bool speechDispatcherBuiltIn();

} // namespace wp::platform
