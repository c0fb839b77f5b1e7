// Self-voicing in the UI (ui/speech.h).
#include "wholepicture/ui/speech.h"

#include <imgui_internal.h>

#include "wholepicture/core/runner.h"
#include "wholepicture/ui/widgets.h"

namespace wp::ui {

namespace {

// Set between beginSpeechFrame and endSpeechFrame while speech is on: where the widgets leave the
// focused control's words. Like the probe registry, a frame-scoped pointer, not state.
UiState* s_frame = nullptr;

// The label as shown; a hidden one ("##export-folder") read from its id ("export folder").
std::string visibleLabel(const std::string& label) {
    const size_t hashes = label.find("##");
    std::string out = hashes == std::string::npos ? label : label.substr(0, hashes);
    while (!out.empty() && out.back() == ' ') out.pop_back();
    if (out.empty() && hashes != std::string::npos) {
        out = label.substr(hashes + 2);
        for (char& c : out)
            if (c == '-' || c == '_' || c == '/') c = ' ';
    }
    return out;
}

// Where the listener is: the screen, and on the play screen the step and phase; a question asked.
std::string arrivalKey(const AppState& m) {
    std::string key(m.screen.id);
    if (m.screen == Screen::Play && m.session)
        key += "|" + m.session->pluginId + "|" + m.session->role + "|" + std::to_string(m.session->history.size()) + "|" +
               (m.phase == PlayPhase::Feedback ? "feedback" : "question");
    if (m.screen == Screen::Debrief && m.session) key += "|" + m.session->role + "|" + std::to_string(m.session->history.size());
    if (m.confirm) key += "|?" + m.confirm->question;
    // The room console: each new step of the room (a decision opened, voting, a reveal) is said.
    if (m.screen == Screen::RoomConsole && m.room) {
        const RoomState& st = m.room->session.state;
        const RoomDecision* d = st.current();
        key += "|" + std::to_string(static_cast<int>(st.phase)) + "|" + std::to_string(st.decisions.size()) + "|" +
               (d ? std::to_string(d->rounds.size()) : std::string()) + (st.warning ? "|warning" : "");
    }
    return key;
}

} // namespace

void speakItem(const std::string& label, const char* kind, const std::string& state) {
    if (!s_frame) return;
    const ImGuiContext& g = *ImGui::GetCurrentContext();
    const ImGuiID id = g.LastItemData.ID;
    if (id == 0 || id != g.NavId) return;
    s_frame->speechFocus = {id, visibleLabel(label), kind ? kind : "", state, {}};
}

void speakItemHint(const std::string& hint) {
    if (!s_frame) return;
    const ImGuiContext& g = *ImGui::GetCurrentContext();
    if (g.LastItemData.ID != 0 && g.LastItemData.ID == s_frame->speechFocus.id) s_frame->speechFocus.hint = hint;
}

void beginSpeechFrame(const AppState& model, UiState& ui) {
    ui.speechFocus = {};
    s_frame = model.speech ? &ui : nullptr;
}

void endSpeechFrame(const AppState& model, UiState& ui, CommandSink& sink) {
    s_frame = nullptr;
    const ImGuiContext& g = *ImGui::GetCurrentContext();
    const std::string key = arrivalKey(model);
    if (!model.speech) {
        ui.speechWasOn = false;
        return;
    }
    bool arrived = false;
    if (!ui.speechWasOn) {
        // Speech just came on ("Speech on" is being said): where you are, then the focused control.
        ui.speechWasOn = true;
        ui.speechArrivalKey = key;
        ui.speechFocusId = 0;
        sink.push(ReadAloud{SpeechPart::Arrival, false, false});
        arrived = true;
    } else if (key != ui.speechArrivalKey) {
        ui.speechArrivalKey = key;
        sink.push(ReadAloud{SpeechPart::Arrival, false, true});
        arrived = true;
    }
    if (g.NavId == ui.speechFocusId) return;
    if (g.NavId == 0) {
        ui.speechFocusId = 0;
        return;
    }
    if (ui.speechFocus.id == g.NavId) {
        const UiState::SpokenItem& f = ui.speechFocus;
        // After an arrival the control is said next, not instead.
        sink.push(AnnounceFocus{f.label, f.kind, f.state, f.hint, !arrived});
        ui.speechFocusId = g.NavId;
    } else if (g.NavIdIsAlive) {
        ui.speechFocusId = g.NavId; // drawn but not described: nothing to say about it
    }
}

void handleSpeechKeys(const AppState& model, const UiState& ui, CommandSink& sink) {
    // Function keys type nothing, so they work in a text box too.
    if (rawKeyPressed(kKeySpeechToggle)) sink.push(SetSpeech{!model.speech, true});
    if (!model.speech) return;
    if (rawKeyPressed(kKeyReadSituation)) sink.push(ReadAloud{SpeechPart::Situation, ui.perspectivesBeforeChoice, true});
    if (rawKeyPressed(kKeyReadOptions)) sink.push(ReadAloud{SpeechPart::Options, ui.perspectivesBeforeChoice, true});
    if (rawKeyPressed(kKeyReadFeedback)) sink.push(ReadAloud{SpeechPart::Feedback, ui.perspectivesBeforeChoice, true});
    if (rawKeyPressed(kKeyReadPerspectives)) sink.push(ReadAloud{SpeechPart::Perspectives, ui.perspectivesBeforeChoice, true});
    if (rawKeyPressed(kKeyStopSpeaking)) sink.push(StopSpeech{});
}

} // namespace wp::ui
