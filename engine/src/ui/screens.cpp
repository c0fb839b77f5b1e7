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
    X(History)

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

} // namespace wp::ui
