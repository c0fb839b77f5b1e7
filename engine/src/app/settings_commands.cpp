// The settings screen's commands: the organisation's learning record store (saved to lrs.json and
// sending restarted by the statement service at the edge, a test statement sent off the UI thread,
// the outbox's status as the sender reports it) and how the app looks (reduced motion, the font,
// line spacing). Theme, text size and speech have their own commands (solo_commands.cpp,
// speech_commands.cpp). Nothing here prints the secret: messages name the endpoint at most.
#include <algorithm>
#include <cctype>
#include <string>

#include "handlers.h"
#include "wholepicture/app/xapi_sender.h"

namespace wp::app {

namespace {

std::string trimmed(std::string text) {
    auto space = [](char ch) { return std::isspace(static_cast<unsigned char>(ch)) != 0; };
    while (!text.empty() && space(text.back())) text.pop_back();
    size_t start = 0;
    while (start < text.size() && space(text[start])) ++start;
    return text.substr(start);
}

// Addresses and names as typed, without the spaces a paste brings along (never the secret: a space
// may be part of it).
XapiSettings cleaned(XapiSettings s) {
    s.endpoint = trimmed(std::move(s.endpoint));
    s.key = trimmed(std::move(s.key));
    s.statements.homePage = trimmed(std::move(s.statements.homePage));
    return s;
}

} // namespace

namespace detail {

bool handle(Context& c, const SaveLrsSettings& cmd) {
    LrsView& l = c.s.lrs;
    const XapiSettings settings = cleaned(cmd.settings);
    if (settings.enabled)
        if (const std::string problem = xapiSettingsProblem(settings); !problem.empty()) {
            l.message = "Not saved: " + problem + ".";
            l.messageOk = false;
            return false;
        }
    l.settings = settings;
    l.saving = true;
    l.message = "Saving...";
    l.messageOk = true;
    c.effects.push_back(ApplyLrsSettings{settings});
    return true;
}

bool handle(Context& c, const TestLrs& cmd) {
    LrsView& l = c.s.lrs;
    if (l.testing) return false; // one at a time: the first one's answer is on its way
    XapiSettings settings = cleaned(cmd.settings);
    settings.enabled = true; // a test is asked for before sending is turned on, too
    if (const std::string problem = xapiSettingsProblem(settings); !problem.empty()) {
        l.test = XapiTestResult{false, "Not sent: " + problem + "."};
        return false;
    }
    // The statement's actor is the current profile's pseudonymous account, as real statements' are.
    Profile who;
    for (const auto& p : c.s.records.profiles)
        if (p.id == c.s.records.currentProfile) who = p;
    if (who.account.empty()) who.account = "connection-test";
    l.testing = true;
    l.test.reset();
    c.effects.push_back(SendLrsTest{std::move(settings), std::move(who), c.nowMs});
    return true;
}

bool handle(Context& c, const RequeueStatements&) {
    if (!c.s.lrs.outbox || c.s.lrs.outbox->quarantined == 0) return false;
    c.effects.push_back(RequeueLrsStatements{});
    return true;
}

bool handle(Context& c, const LrsSettingsApplied& cmd) {
    LrsView& l = c.s.lrs;
    l.saving = false;
    l.sending = cmd.sending;
    l.message = cmd.message;
    l.messageOk = cmd.ok;
    if (!cmd.ok) c.report(StatusKind::Warning, "Learning record store: " + cmd.message, "lrs");
    else
        std::erase_if(c.s.status, [](const StatusMessage& m) { return m.topic == "lrs"; });
    return true;
}

bool handle(Context& c, const LrsTestFinished& cmd) {
    c.s.lrs.testing = false;
    c.s.lrs.test = cmd.result;
    return true;
}

bool handle(Context& c, const LrsStatusChanged& cmd) {
    c.s.lrs.outbox = cmd.status;
    return true;
}

bool handle(Context& c, const SetReduceMotion& cmd) {
    if (c.s.settings.reduceMotion == cmd.on) return false;
    c.s.settings.reduceMotion = cmd.on;
    c.saveSettings = true;
    return true;
}

bool handle(Context& c, const SetFont& cmd) {
    if (!knownFont(cmd.font)) {
        c.report(StatusKind::Warning, "\"" + cmd.font + "\" is not a font the app offers (default, opendyslexic).", "font");
        return false;
    }
    if (c.s.settings.font == cmd.font) return false;
    c.s.settings.font = cmd.font;
    c.saveSettings = true;
    return true;
}

bool handle(Context& c, const SetLineSpacing& cmd) {
    const float spacing = std::clamp(cmd.spacing, kMinLineSpacing, kMaxLineSpacing);
    if (!(spacing == spacing) || c.s.settings.lineSpacing == spacing) return false; // NaN, or no change
    c.s.settings.lineSpacing = spacing;
    c.saveSettings = true;
    return true;
}

bool handle(Context& c, const SetProcedures& cmd) {
    AppState& s = c.s;
    if (!cmd.packId.empty() && !findPack(s.procedures, cmd.packId)) {
        c.report(StatusKind::Warning,
                 "There is no usable local procedures pack \"" + cmd.packId + "\" in the plugin folders; the cases keep national guidance only.",
                 "procedures");
        return false;
    }
    if (s.settings.procedures == cmd.packId) return false;
    s.settings.procedures = cmd.packId;
    c.saveSettings = true;
    // A debrief on screen names the levels as the pack does: rebuilt with the new names.
    if (s.debrief && s.session) s.debrief = makeDebrief(s, *s.session);
    if (s.firstDebrief && s.firstRun) s.firstDebrief = makeDebrief(s, *s.firstRun);
    return true;
}

bool handle(Context& c, const VoicesListed& cmd) {
    std::vector<std::string> voices;
    for (const auto& v : cmd.voices) // names a synthesiser is given: only well-formed ones, once each
        if (!v.empty() && validSpeechVoice(v) && std::find(voices.begin(), voices.end(), v) == voices.end()) voices.push_back(v);
    std::sort(voices.begin(), voices.end());
    c.s.speechVoices = std::move(voices);
    return true;
}

void enterSettings(Context& c) {
    if (c.s.speechVoicesAsked) return;
    c.s.speechVoicesAsked = true;
    c.effects.push_back(ListVoices{});
}

} // namespace detail
} // namespace wp::app
