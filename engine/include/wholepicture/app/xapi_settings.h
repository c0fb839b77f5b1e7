// The plain values a settings screen speaks in about the organisation's learning record store: where
// statements go (XapiSettings, kept in lrs.json), what the outbox holds (OutboxStatus) and what a test
// statement found (XapiTestResult). Values only: the sender and the database are in xapi_sender.h and
// record_database.h, so commands and the state can carry these without pulling either in.
#pragma once
#include <cstdint>
#include <string>

#include "wholepicture/app/xapi.h"

namespace wp::app {

// Settings, in $XDG_CONFIG_HOME/wholepicture/lrs.json, mode 0600 (it holds the secret).
struct XapiSettings {
    bool enabled = false;   // off by default: nothing is queued or sent
    std::string endpoint;   // "https://lrs.example.org/xapi" ({endpoint}/statements, {endpoint}/about)
    std::string key;        // Basic auth user
    std::string secret;     // Basic auth password
    XapiOptions statements; // homePage and what statements may say
    friend bool operator==(const XapiSettings&, const XapiSettings&) = default;
};

// What the outbox holds, for the settings screen. A statement is queued (never tried), failing (tried,
// to be tried again after a back-off: lastError says why), sent, or quarantined (the LRS refused it
// as wrong: it is kept, never sent again unless requeued, and lastError says why).
struct OutboxStatus {
    std::int64_t queued = 0;
    std::int64_t failing = 0;
    std::int64_t sent = 0;
    std::int64_t quarantined = 0;
    std::string lastError;          // of the most recently failed or quarantined statement
    std::int64_t lastErrorMs = 0;
    std::int64_t nextAttemptMs = 0; // the earliest retry of a failing statement (0: none)
    std::int64_t lastSentMs = 0;
};

// What "Send a test statement" found.
struct XapiTestResult {
    bool ok = false;
    std::string message; // plain words: what happened, and what to do
};

} // namespace wp::app
