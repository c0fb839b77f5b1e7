// The per-frame input queue (see input_queue.h).
#include "wholepicture/platform/input_queue.h"

#include <imgui.h>
#include <imgui_internal.h>

namespace wp::platform {

bool InputQueue::isCommandKey(int key) {
    // GLFW_KEY_ESCAPE (256) .. GLFW_KEY_F25 (314) are all non-text keys; keypad Enter sits apart.
    return (key >= kKeyEscape && key <= kKeyF25) || key == kKeyKpEnter;
}

bool InputQueue::isModifier(int key) { return key >= kKeyLeftShift && key <= kKeyRightSuper; }

void InputQueue::pushKey(int key, bool down) {
    if (key < 0 || key >= kKeyCount) return;
    m_events.push_back({key, down, 0});
}

void InputQueue::pushChar(unsigned int codepoint) {
    if (codepoint == 0) return;
    m_events.push_back({-1, false, codepoint});
}

void InputQueue::pushMouseButton(int button, bool down) {
    if (button < 0 || button >= kMouseButtons) return;
    m_events.push_back({-1, down, 0, button});
}

void InputQueue::applyMouse(ImGuiIO& io) const {
    for (int b = 0; b < kMouseButtons; ++b) io.MouseDown[b] = m_mouseDown[b];
}

bool InputQueue::applyFrame(ImGuiIO& io) {
    // An event waits for the next frame (and everything after it, so the order holds) when, in this
    // frame, it would be:
    // 1. a second transition of the same key: io.KeysDown has one state per frame, so "down, up" in
    //    one frame is never seen down;
    // 2. a character after a command key press (Enter, Tab, Esc, Backspace, arrows...), or
    // 3. a command key press after characters: InputText takes a frame's characters before its keys,
    //    so "spe", Enter, "ak" in one frame would type "speak" and then press Enter;
    // 4. a second command key press: InputText handles one editing key per frame (an else-if chain),
    //    and the views cannot tell in which order two presses came;
    // 5. a modifier change after a key press: a frame has one modifier state, so Shift released just
    //    after Tab went down must not turn Shift+Tab into Tab (a change BEFORE a press is fine: the
    //    press sees it, which is what happened).
    // 6. a mouse button change after any key or character, or a second change of the same button: the
    //    keys reach the control they were typed into before the click moves the focus, and a click
    //    shorter than a frame is still seen down;
    // 7. anything after a mouse button change: the click moves the focus first.
    bool seen[kKeyCount] = {};
    bool mouseSeen[kMouseButtons] = {};
    bool typed = false, commandPressed = false, keyPressed = false, clicked = false;
    std::size_t applied = 0;
    for (; applied < m_events.size(); ++applied) {
        const Event& e = m_events[applied];
        if (e.mouseButton >= 0) {
            if (typed || keyPressed || mouseSeen[e.mouseButton]) break; // rule 6
            mouseSeen[e.mouseButton] = true;
            m_mouseDown[e.mouseButton] = e.down;
            clicked = true;
            continue;
        }
        if (clicked) break;                                          // rule 7
        if (e.key < 0) {
            if (commandPressed) break;                               // rule 2
            io.AddInputCharacter(e.codepoint);
            typed = true;
            continue;
        }
        if (seen[e.key]) break;                                      // rule 1
        const bool command = e.down && isCommandKey(e.key);
        if (command && (typed || commandPressed)) break;             // rules 3 and 4
        if (isModifier(e.key) && keyPressed) break;                  // rule 5
        seen[e.key] = true;
        io.KeysDown[e.key] = e.down;
        commandPressed = commandPressed || command;
        keyPressed = keyPressed || (e.down && !isModifier(e.key));
    }
    m_events.erase(m_events.begin(), m_events.begin() + static_cast<std::ptrdiff_t>(applied));
    // Derived from the keys as applied (the GLFW backend would use the latest, possibly later, state).
    io.KeyCtrl = io.KeysDown[kKeyLeftControl] || io.KeysDown[kKeyRightControl];
    io.KeyShift = io.KeysDown[kKeyLeftShift] || io.KeysDown[kKeyRightShift];
    io.KeyAlt = io.KeysDown[kKeyLeftAlt] || io.KeysDown[kKeyRightAlt];
    io.KeySuper = io.KeysDown[kKeyLeftSuper] || io.KeysDown[kKeyRightSuper];
    return !m_events.empty();
}

void applyNavKeys(ImGuiIO& io) {
    constexpr int kKeyPageUp = 266, kKeyPageDown = 267, kKeyHome = 268, kKeyEnd = 269;
    const ImGuiContext& g = *ImGui::GetCurrentContext();
    // Last frame's active item: a text field being edited keeps its keys.
    const bool editing = g.ActiveId != 0 && ImGui::GetInputTextState(g.ActiveId) != nullptr;
    // Tab's direction is the one Shift gave it when it went down, for as long as it is held: a chord
    // released Shift first (people do, and xdotool always does) turned a held Shift+Tab into a fresh
    // Tab, which moved the focus back and then forward again.
    struct HeldTab {
        const ImGuiContext* context = nullptr;
        bool down = false;
        bool back = false;
    };
    static HeldTab held;
    const bool tabDown = io.KeysDown[InputQueue::kKeyTab] && !io.KeyCtrl;
    if (held.context != &g) held = {&g, false, false};
    if (tabDown && !held.down) held.back = io.KeyShift;
    held.down = tabDown;
    if (tabDown) io.NavInputs[held.back ? ImGuiNavInput_KeyLeft_ : ImGuiNavInput_KeyRight_] = 1.0f;
    if (!editing && g.ActiveId == 0 && (io.KeysDown[InputQueue::kKeyEnter] || io.KeysDown[InputQueue::kKeyKpEnter]) && !io.KeyCtrl &&
        !io.KeyAlt)
        io.NavInputs[ImGuiNavInput_Activate] = 1.0f;
    // 1.86's own Tab jumps to (and starts editing) the next text field, skipping every button: the
    // Tab above replaces it. In a field, Esc leaves it (keeping the text), then Tab goes on.
    io.KeyMap[ImGuiKey_Tab] = -1;
    io.KeyMap[ImGuiKey_PageUp] = editing ? kKeyPageUp : -1;
    io.KeyMap[ImGuiKey_PageDown] = editing ? kKeyPageDown : -1;
    io.KeyMap[ImGuiKey_Home] = editing ? kKeyHome : -1;
    io.KeyMap[ImGuiKey_End] = editing ? kKeyEnd : -1;
}

} // namespace wp::platform
