// One queue for key transitions AND characters, in the order they arrived, applied to ImGui 1.86 a
// frame at a time (UX review defect 2).
// - 1.86 has no input event queue: io.KeysDown holds one state per key per frame, and InputText
//   handles all of a frame's characters before its keys. Events that arrive together in one poll (an
//   instant press: on-screen keyboards, voice control, remote desktop, xdotool) must therefore be
//   spread over frames, or a key is lost, applied late, or applied to the wrong control.
// - Mouse buttons go through the same queue: the 1.86 backend applies a click at once, ahead of keys
//   still waiting, so a fast typist's last characters and an Esc reached whatever the click focused
//   (the rest of a text was lost and Esc left the screen). A click now waits for the keys before it.
// - No GLFW here (key codes are GLFW's, as plain ints) so render-less tests drive the same code the
//   window does.
#pragma once
#include <cstddef>
#include <vector>

struct ImGuiIO;

namespace wp::platform {

class InputQueue {
public:
    // ImGuiIO::KeysDown has 512 entries in 1.86; keys outside it are ignored.
    static constexpr int kKeyCount = 512;

    // A GLFW key press (down) or release. Auto-repeats are not queued: ImGui repeats held keys itself.
    void pushKey(int key, bool down);
    // A character (Unicode code point) from the char callback.
    void pushChar(unsigned int codepoint);
    // A mouse button press or release (0 left, 1 right, 2 middle, ...; others are ignored).
    void pushMouseButton(int button, bool down);

    // Before ImGui::NewFrame(): applies events in arrival order up to the first one that must wait for
    // the next frame (see input_queue.cpp for the rules), sets io.KeysDown, io.InputQueueCharacters
    // and the modifiers, and drops what it applied. Returns true while events are still waiting: the
    // caller must draw another frame.
    bool applyFrame(ImGuiIO& io);
    // After the backend's NewFrame (which polls the buttons' present state): the buttons as applied.
    void applyMouse(ImGuiIO& io) const;

    [[nodiscard]] bool empty() const { return m_events.empty(); }
    [[nodiscard]] std::size_t size() const { return m_events.size(); }

    // GLFW key codes the rules need (values from glfw3.h, which this header does not include).
    static constexpr int kKeyEscape = 256, kKeyEnter = 257, kKeyTab = 258, kKeyBackspace = 259, kKeyF25 = 314,
                         kKeyKpEnter = 335, kKeyLeftShift = 340, kKeyLeftControl = 341, kKeyLeftAlt = 342,
                         kKeyLeftSuper = 343, kKeyRightShift = 344, kKeyRightControl = 345, kKeyRightAlt = 346,
                         kKeyRightSuper = 347;
    // Enter, Tab, Esc, Backspace, Insert, Delete, arrows, Page/Home/End, locks, F1-F25, keypad Enter:
    // keys that edit or move rather than type.
    [[nodiscard]] static bool isCommandKey(int key);
    [[nodiscard]] static bool isModifier(int key);

private:
    static constexpr int kMouseButtons = 5; // ImGuiIO::MouseDown's size in 1.86
    struct Event {
        int key = -1;           // -1: a character or a mouse button
        bool down = false;
        unsigned int codepoint = 0;
        int mouseButton = -1;
    };
    std::vector<Event> m_events;
    bool m_mouseDown[kMouseButtons] = {};
};

// Keyboard navigation on top of 1.86's, applied after the backend's NewFrame (which clears
// io.NavInputs) and before ImGui::NewFrame(), by the window loop and by the render-less tests alike:
// - Tab and Shift+Tab walk the controls in reading order (1.86's Tab only cycles text fields, and is
//   turned off): they act as Right and Left, and the root view wraps them to the next or previous row
//   (ui::wrapTabNavigation).
// - Enter (and keypad Enter) activates the focused control, as Space does (1.86 buttons take only
//   Space), unless a text field is being edited: there Enter belongs to the field.
// - PageUp, PageDown, Home and End belong to the views' scrolling panes (widgets.h keyboardScroll)
//   unless a text field is being edited: 1.86 would move the focus a page instead, and text-only
//   panes (feedback, guidance) would never scroll.
void applyNavKeys(ImGuiIO& io);

} // namespace wp::platform
