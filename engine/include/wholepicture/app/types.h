// Small value types the whole application layer speaks in: screens, theme, status messages.
#pragma once
#include <string>
#include <string_view>

namespace wp::app {

// A screen is named, not numbered: a feature adds a screen by registering a view under a new id
// (ui/screens.h), without touching an enum here. Ids are string literals (static storage).
struct ScreenId {
    std::string_view id;
    friend constexpr bool operator==(ScreenId a, ScreenId b) { return a.id == b.id; }
};

// The screens the application layer itself moves between.
namespace Screen {
inline constexpr ScreenId Library{"library"};
inline constexpr ScreenId RoleSelect{"role"};
inline constexpr ScreenId Play{"play"};
inline constexpr ScreenId Debrief{"debrief"};
inline constexpr ScreenId Compare{"compare"};
inline constexpr ScreenId RoomSetup{"room-setup"};
inline constexpr ScreenId RoomConsole{"room-console"};
inline constexpr ScreenId RoomDebrief{"room-debrief"};
inline constexpr ScreenId CaseEditor{"case-editor"}; // author mode's case editor (view_case_editor.cpp)
} // namespace Screen

enum class Theme { Dark, Light };

// Within the play screen: answering the current node, or reading the feedback on the choice just made
// (the session has already moved on; the feedback belongs to the state before it).
enum class PlayPhase { Question, Feedback };

enum class StatusKind { Info, Warning, Error };
// A message in the status area. `topic` lets a later message replace an earlier one about the same
// thing (a second failed save updates the card instead of stacking another); "" never replaces.
struct StatusMessage {
    StatusKind kind = StatusKind::Info;
    std::string text;
    std::string topic;
};

} // namespace wp::app
