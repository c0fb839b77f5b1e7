// Settings: the organisation's learning record store (where statements go, a test statement, what the
// outbox holds), speech (on or off, rate, voice) and appearance (theme, text size, reduced motion,
// the font, line spacing). Reached from the library; Esc goes back. The form for the record store is
// a draft in UiState until Save: nothing is sent or written while typing. The secret is masked unless
// the person asks to see it, and is never read aloud.
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <string>

#include <imgui.h>

#include "wholepicture/app/xapi_sender.h"
#include "wholepicture/ui/probe.h"
#include "wholepicture/ui/screens.h"
#include "wholepicture/ui/speech.h"
#include "wholepicture/ui/widgets.h"

namespace wp::ui {

inline constexpr ScreenId kSettingsScreen{"settings"};

namespace {

bool checkbox(const char* label, bool* value) {
    const bool changed = ImGui::Checkbox(label, value);
    speakItem(label, "checkbox", *value ? "checked" : "not checked");
    return changed;
}

bool radio(const char* label, bool active) {
    const bool pressed = ImGui::RadioButton(label, active);
    speakItem(label, "radio button", active ? "selected" : "not selected");
    return pressed;
}

std::string clockText(std::int64_t ms) {
    if (ms <= 0) return "-";
    const std::time_t t = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    localtime_r(&t, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%d %b %H:%M:%S", &tm);
    return text;
}

// A field's label above it (a label beside the box is cut off in a narrow column).
void fieldLabel(const UiState& ui, const char* text) {
    pushFont(ui.fonts.bold);
    textBlock(text);
    popFont(ui.fonts.bold);
}

void problemNote(const UiState& ui, const std::string& text) {
    if (!text.empty()) textBlock(text, ui.palette.danger);
}

// [SECTION] Learning record store

void drawOutbox(const AppState& s, UiState& ui, CommandSink& sink) {
    const LrsView& l = s.lrs;
    pushFont(ui.fonts.bold);
    textBlock("What has been sent");
    popFont(ui.fonts.bold);
    if (!l.outbox) {
        textBlock(l.sending ? "The sender has started; its first report comes after it looks at the outbox."
                            : "Nothing is being sent now.",
                  ui.palette.textMuted);
        return;
    }
    const OutboxStatus& o = *l.outbox;
    textBlock("Queued " + std::to_string(o.queued) + "  ·  sent " + std::to_string(o.sent) + "  ·  failing " + std::to_string(o.failing) +
              "  ·  refused (kept aside) " + std::to_string(o.quarantined));
    WP_PROBE("settings/lrs/outbox");
    if (o.failing > 0)
        textBlock("Failing: " + std::to_string(o.failing) + " statement(s) could not be sent yet and are tried again" +
                      (o.nextAttemptMs > 0 ? " at " + clockText(o.nextAttemptMs) : std::string()) + ". Nothing is lost.",
                  ui.palette.warning);
    if (!o.lastError.empty()) textBlock("Last problem (" + clockText(o.lastErrorMs) + "): " + o.lastError, ui.palette.warning);
    if (o.lastSentMs > 0) textBlock("Last sent: " + clockText(o.lastSentMs), ui.palette.textMuted);
    if (o.quarantined > 0) {
        textBlock("The learning record store refused " + std::to_string(o.quarantined) +
                      " statement(s) as wrong. They are kept; once your organisation has fixed its store, send them again.",
                  ui.palette.textMuted);
        if (secondaryButton(ui, "Send refused statements again##lrs")) sink.push(RequeueStatements{});
        WP_PROBE("settings/lrs/requeue");
    }
}

void drawLrs(const AppState& s, UiState& ui, CommandSink& sink, float width) {
    const LrsView& l = s.lrs;
    if (!ui.lrsDraftLoaded) {
        ui.lrsDraft = l.settings;
        ui.lrsDraftLoaded = true;
    }
    XapiSettings& d = ui.lrsDraft;
    sectionHeader(ui, "LEARNING RECORD STORE (xAPI)");
    textBlock("Your organisation can collect a record of each run (who took part is a pseudonymous account, never a name "
              "unless you say so) in its learning record store. Off unless you turn it on.",
              ui.palette.textMuted);
    (void)checkbox("Send statements to my organisation's learning record store##lrs-enabled", &d.enabled);
    WP_PROBE("settings/lrs/enabled");

    XapiSettings on = d;
    on.enabled = true;
    const std::string problem = xapiSettingsProblem(on);
    const bool endpointProblem = problem.find("endpoint") != std::string::npos;
    const bool homeProblem = problem.find("home page") != std::string::npos;
    const float field = std::min(width, em(36));

    fieldLabel(ui, "Endpoint");
    ImGui::SetNextItemWidth(field);
    (void)inputTextWithHint("##lrs-endpoint", "Endpoint: https://lrs.example.org/xapi", &d.endpoint);
    WP_PROBE("settings/lrs/endpoint");
    if (endpointProblem && (d.enabled || !d.endpoint.empty())) problemNote(ui, "The " + problem.substr(problem.find("endpoint")) + ".");

    fieldLabel(ui, "Key");
    ImGui::SetNextItemWidth(field);
    (void)inputTextWithHint("##lrs-key", "Key (the user name your organisation gave you)", &d.key);
    WP_PROBE("settings/lrs/key");

    fieldLabel(ui, "Secret");
    ImGui::SetNextItemWidth(field - em(9.5f));
    (void)inputTextWithHint("##lrs-secret", "Secret", &d.secret, ui.lrsShowSecret ? 0 : ImGuiInputTextFlags_Password);
    WP_PROBE("settings/lrs/secret");
    ImGui::SameLine();
    (void)checkbox("Show the secret##lrs-show", &ui.lrsShowSecret);
    WP_PROBE("settings/lrs/show-secret");

    fieldLabel(ui, "Organisation's home page (it names the accounts in statements)");
    ImGui::SetNextItemWidth(field);
    (void)inputTextWithHint("##lrs-home-page", "Home page: https://www.example-school.org.uk", &d.statements.homePage);
    WP_PROBE("settings/lrs/home-page");
    if (homeProblem) problemNote(ui, "The " + problem.substr(problem.find("home page")) + ".");

    ImGui::Dummy(ImVec2(0, em(0.3f)));
    textBlock("What statements may say beyond scores and choices (all off by default):", ui.palette.textMuted);
    (void)checkbox("People's display names##lrs-names", &d.statements.includeNames);
    WP_PROBE("settings/lrs/names");
    (void)checkbox("Reflections##lrs-reflections", &d.statements.includeReflections);
    WP_PROBE("settings/lrs/reflections");
    (void)checkbox("The text of each option##lrs-option-text", &d.statements.includeOptionText);
    WP_PROBE("settings/lrs/option-text");

    ImGui::Dummy(ImVec2(0, em(0.4f)));
    const bool changed = !(d == l.settings);
    if (primaryButton(ui, "Save##lrs")) sink.push(SaveLrsSettings{d});
    WP_PROBE("settings/lrs/save");
    ImGui::SameLine();
    ImGui::BeginDisabled(l.testing);
    if (secondaryButton(ui, "Send a test statement##lrs")) sink.push(TestLrs{d});
    ImGui::EndDisabled();
    WP_PROBE("settings/lrs/test");
    ImGui::SameLine();
    ImGui::BeginDisabled(!changed);
    if (secondaryButton(ui, "Undo changes##lrs")) ui.lrsDraft = l.settings;
    ImGui::EndDisabled();
    WP_PROBE("settings/lrs/undo");
    if (changed) textBlock("Changes not saved yet.", ui.palette.warning);
    if (!l.message.empty()) textBlock(l.message, l.messageOk ? ui.palette.success : ui.palette.danger);
    WP_PROBE("settings/lrs/message");
    if (l.testing) textBlock("Sending a test statement: asking " + d.endpoint + "/about, then posting one statement...", ui.palette.textMuted);
    if (l.test) {
        textBlock(std::string(l.test->ok ? "Test statement: " : "Test statement failed: ") + l.test->message,
                  l.test->ok ? ui.palette.success : ui.palette.danger);
        if (!l.test->ok)
            textBlock("Check the endpoint (it usually ends in /xapi or /data/xAPI), the key and the secret your organisation gave "
                      "you, and that this computer can reach the store.",
                      ui.palette.textMuted);
    }
    WP_PROBE("settings/lrs/test-result");
    ImGui::Dummy(ImVec2(0, em(0.4f)));
    drawOutbox(s, ui, sink);
}

// [SECTION] Speech

void drawSpeech(const AppState& s, UiState& ui, CommandSink& sink, float width) {
    sectionHeader(ui, "SPEECH");
    bool speech = s.speech;
    if (checkbox("Read aloud: the control you move to, and the case on request (F2)##speech", &speech)) sink.push(SetSpeech{speech, true});
    WP_PROBE("settings/speech/on");
    fieldLabel(ui, "Rate (-100 slowest, 0 normal, 100 fastest)");
    int rate = s.settings.speechRate;
    ImGui::SetNextItemWidth(std::min(width, em(20)));
    ImGui::SliderInt("##speech-rate", &rate, kMinSpeechRate, kMaxSpeechRate);
    speakItem("Speech rate", "slider", std::to_string(rate));
    if (rate != s.settings.speechRate) sink.push(SetSpeechRate{rate});
    WP_PROBE("settings/speech/rate");
    fieldLabel(ui, "Voice");
    // The synthesiser's voices when it can list them (asked for when this screen opened).
    if (!s.speechVoices.empty()) {
        const std::string current = s.settings.speechVoice.empty() ? std::string("Default voice") : s.settings.speechVoice;
        ImGui::SetNextItemWidth(std::min(width, em(16)));
        if (ImGui::BeginCombo("##speech-voice-list", current.c_str())) {
            if (listItem("Default voice", s.settings.speechVoice.empty()) && !s.settings.speechVoice.empty()) {
                sink.push(SetSpeechVoice{""});
                ui.speechVoiceDraft.clear();
            }
            for (const auto& v : s.speechVoices) {
                const bool selected = v == s.settings.speechVoice;
                if (listItem(v.c_str(), selected) && !selected) {
                    sink.push(SetSpeechVoice{v});
                    ui.speechVoiceDraft = v;
                }
                if (selected) ImGui::SetItemDefaultFocus();
            }
            ImGui::EndCombo();
        }
        speakItem("Voice", "list", current);
        WP_PROBE("settings/speech/voice-list");
        textBlock("Or type one:", ui.palette.textMuted);
    }
    if (!ui.speechVoiceDraftLoaded) {
        ui.speechVoiceDraft = s.settings.speechVoice;
        ui.speechVoiceDraftLoaded = true;
    }
    ImGui::SetNextItemWidth(std::min(width, em(16)));
    const bool entered = inputTextWithHint("##speech-voice", "Voice or language, e.g. en-gb", &ui.speechVoiceDraft,
                                           ImGuiInputTextFlags_EnterReturnsTrue);
    WP_PROBE("settings/speech/voice");
    ImGui::SameLine();
    if ((secondaryButton(ui, "Use this voice##speech") || entered) && ui.speechVoiceDraft != s.settings.speechVoice)
        sink.push(SetSpeechVoice{ui.speechVoiceDraft});
    WP_PROBE("settings/speech/use-voice");
    if (!validSpeechVoice(ui.speechVoiceDraft))
        problemNote(ui, "A voice name is letters, digits, '-', '_' and '+' only (at most 40), such as en-gb or en-gb-scotland.");
    textBlock("Empty: the synthesiser's default voice. espeak-ng lists its voices with \"espeak-ng --voices\".", ui.palette.textMuted);
}

// [SECTION] Appearance

void drawAppearance(const AppState& s, UiState& ui, CommandSink& sink, float width) {
    sectionHeader(ui, "APPEARANCE");
    fieldLabel(ui, "Theme");
    if (radio("Dark##theme", s.theme == Theme::Dark) && s.theme != Theme::Dark) sink.push(SetTheme{Theme::Dark});
    WP_PROBE("settings/appearance/dark");
    ImGui::SameLine();
    if (radio("Light (high contrast, for projectors)##theme", s.theme == Theme::Light) && s.theme != Theme::Light)
        sink.push(SetTheme{Theme::Light});
    WP_PROBE("settings/appearance/light");

    fieldLabel(ui, "Text size");
    const float scale = s.uiScale > 0 ? s.uiScale : 1.0f;
    char size[48];
    std::snprintf(size, sizeof size, "%d%%", static_cast<int>(scale * 100.0f + 0.5f));
    if (secondaryButton(ui, "Smaller##text-size")) sink.push(SetScale{scale - 0.1f});
    WP_PROBE("settings/appearance/smaller");
    ImGui::SameLine();
    if (secondaryButton(ui, "Normal##text-size")) sink.push(SetScale{1.0f});
    WP_PROBE("settings/appearance/normal");
    ImGui::SameLine();
    if (secondaryButton(ui, "Larger##text-size")) sink.push(SetScale{scale + 0.1f});
    WP_PROBE("settings/appearance/larger");
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(size);

    bool reduce = s.settings.reduceMotion;
    if (checkbox("Reduce motion: no pulsing links, no animated transitions##reduce-motion", &reduce)) sink.push(SetReduceMotion{reduce});
    WP_PROBE("settings/appearance/reduce-motion");

    fieldLabel(ui, "Font");
    if (radio("Default (DejaVu Sans)##font", s.settings.font != "opendyslexic") && s.settings.font != "default") sink.push(SetFont{"default"});
    WP_PROBE("settings/appearance/font-default");
    ImGui::SameLine();
    if (radio("OpenDyslexic (dyslexia-friendly)##font", s.settings.font == "opendyslexic") && s.settings.font != "opendyslexic")
        sink.push(SetFont{"opendyslexic"});
    WP_PROBE("settings/appearance/font-opendyslexic");
    if (ui.fonts.chosenFontMissing)
        textBlock("OpenDyslexic is not installed on this computer, so the default font is used. Install Debian's "
                  "fonts-opendyslexic package (tools/setup does) and it is used at once.",
                  ui.palette.warning);

    fieldLabel(ui, "Line spacing");
    float spacing = s.settings.lineSpacing;
    ImGui::SetNextItemWidth(std::min(width, em(20)));
    const bool moved = ImGui::SliderFloat("##line-spacing", &spacing, kMinLineSpacing, kMaxLineSpacing, "%.1f x");
    const int tenths = static_cast<int>(spacing * 10.0f + 0.5f);
    speakItem("Line spacing", "slider", std::to_string(tenths / 10) + "." + std::to_string(tenths % 10));
    // In steps of a tenth: each step rebuilds the fonts once.
    if (moved && static_cast<float>(tenths) / 10.0f != s.settings.lineSpacing) sink.push(SetLineSpacing{static_cast<float>(tenths) / 10.0f});
    WP_PROBE("settings/appearance/line-spacing");
}

// [SECTION] Local procedures

// National guidance only, or one of the local procedures packs found in the plugin folders: the
// cases then name the levels of need, the front door and the escalation route as that area does.
void drawProcedures(const AppState& s, UiState& ui, CommandSink& sink) {
    sectionHeader(ui, "LOCAL PROCEDURES");
    textBlock("The cases cite national guidance. Choose your area's pack and they also use its names for the levels "
              "of need, its front door, its escalation route and its reading of the guidance.",
              ui.palette.textMuted);
    if (radio("National guidance only##procedures", s.settings.procedures.empty()) && !s.settings.procedures.empty())
        sink.push(SetProcedures{""});
    WP_PROBE("settings/procedures/national");
    for (const ProceduresPack& pack : s.procedures) {
        ImGui::PushID(pack.dir.string().c_str());
        if (pack.usable()) {
            const bool chosen = s.settings.procedures == pack.id;
            if (radio((pack.name + "##procedures").c_str(), chosen) && !chosen) sink.push(SetProcedures{pack.id});
            WP_PROBE("settings/procedures/" + pack.id);
            ImGui::Indent(em(1.6f));
            pushFont(ui.fonts.small);
            textBlock(pack.scale.document + (pack.summary.empty() ? "" : ". " + pack.summary), ui.palette.textMuted);
            popFont(ui.fonts.small);
            ImGui::Unindent(em(1.6f));
        } else {
            // A broken pack is listed with its first problem, so its author knows why it is not offered.
            textBlock((pack.name.empty() ? pack.dir.filename().string() : pack.name) + ": cannot be used",
                      ui.palette.warning);
            if (!pack.diagnostics.empty()) problemNote(ui, formatDiagnostic(pack.diagnostics.front()));
        }
        ImGui::PopID();
    }
    if (s.procedures.empty())
        textBlock("No local procedures pack is installed. Copy plugins/harbridge_procedures into your plugins folder "
                  "and write your area's procedures in it.",
                  ui.palette.textMuted);
}

void drawSettings(const AppState& s, UiState& ui, CommandSink& sink) {
    ImGui::BeginChild("##settings", ImVec2(0, 0), false, ImGuiWindowFlags_NavFlattened);
    keyboardScroll(true); // PageUp/PageDown/Home/End
    ImGui::Dummy(ImVec2(0, em(1.0f)));
    const Column col = beginColumn(48);
    pushFont(ui.fonts.title);
    textBlock("Settings");
    popFont(ui.fonts.title);
    textBlock("Where your records go, how the app speaks and how it looks, and your area's procedures. Everything here is "
              "remembered.",
              ui.palette.textMuted);
    ImGui::Dummy(ImVec2(0, em(0.6f)));
    drawLrs(s, ui, sink, col.width);
    ImGui::Dummy(ImVec2(0, em(1.0f)));
    drawSpeech(s, ui, sink, col.width);
    ImGui::Dummy(ImVec2(0, em(1.0f)));
    drawAppearance(s, ui, sink, col.width);
    ImGui::Dummy(ImVec2(0, em(1.0f)));
    drawProcedures(s, ui, sink);
    ImGui::Dummy(ImVec2(0, em(1.0f)));
    if (secondaryButton(ui, "Back to the library##settings")) sink.push(BackToLibrary{});
    WP_PROBE("settings/back");
    ImGui::Dummy(ImVec2(0, em(1.5f)));
    endColumn(col);
    ImGui::EndChild();
}

} // namespace

void registerSettingsScreen(ScreenRegistry& registry) {
    registry.add({kSettingsScreen, "Settings", drawSettings, true,
                  {{"Tab, Shift+Tab", "move through the fields and buttons, top to bottom"},
                   {"Type in a box", "change it; nothing is saved or sent until Save"},
                   {"Space on a checkbox or choice", "turn it on or off, or pick it"},
                   {"Space on a slider, then Left or Right", "change the speech rate or line spacing (Esc or Tab to leave it)"},
                   {"Enter on Save", "save the learning record store settings and start sending with them"},
                   {"Enter on Send a test statement", "check the store: it is asked for /about and sent one statement"},
                   {"Esc", "back to the library"}}});
}

} // namespace wp::ui
