// The built-in screens: one line each. A new screen is a new view file with a register function, and
// one line in this list.
#include "wholepicture/ui/screens.h"

#define WP_BUILTIN_SCREENS(X) \
    X(Library)                \
    X(RoleSelect)             \
    X(Play)                   \
    X(Debrief)                \
    X(Compare)                \
    X(RoomSetup)              \
    X(RoomConsole)            \
    X(RoomDebrief)            \
    X(Glossary)               \
    X(History)                \
    X(Settings)               \
    X(CaseEditor)

namespace wp::ui {

#define WP_DECLARE(name) void register##name##Screen(ScreenRegistry& registry);
WP_BUILTIN_SCREENS(WP_DECLARE)
#undef WP_DECLARE

const ScreenRegistry& screens() {
    static const ScreenRegistry registry = [] {
        ScreenRegistry r;
#define WP_REGISTER(name) register##name##Screen(r);
        WP_BUILTIN_SCREENS(WP_REGISTER)
#undef WP_REGISTER
        return r;
    }();
    return registry;
}

const std::vector<KeyHint>& globalKeys() {
    static const std::vector<KeyHint> keys{
        {"Tab, Shift+Tab", "move to the next or previous control (a ring shows where you are)"},
        {"Up, Down, Left, Right", "move between controls; arrows never change the case"},
        {"Enter or Space", "press the focused control"},
        {"PageUp, PageDown, Home, End", "scroll the pane you are in"},
        {"Esc", "leave a text box (keeping the text), or go back a screen"},
        {"Ctrl+=, Ctrl+-, Ctrl+0", "larger, smaller or normal text"},
        {"Ctrl+Tab", "author mode: move between the screen and the author panel"},
        {"F1 or ?", "show or hide this list of keys"},
        {"F2", "speech on or off: the app reads aloud the control you move to"},
        {"F3", "read aloud the situation (on the debrief: its headline)"},
        {"F4", "read aloud the options"},
        {"F6", "read aloud the feedback on your choice"},
        {"F7", "read aloud the other roles' perspectives"},
        {"F8", "stop reading aloud"},
    };
    return keys;
}

} // namespace wp::ui
