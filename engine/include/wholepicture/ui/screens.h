// Screens register themselves (ImHex's built-in plugin is the model): each screen's view file has a
// register function, listed once in src/ui/screens.cpp. The root view draws whatever screen the state
// names through this registry, so a new screen is one new file and one line in that list.
#pragma once
#include <string>
#include <vector>

#include "wholepicture/app/state.h"
#include "wholepicture/ui/ui_state.h"

namespace wp::ui {

// A key of a screen for the key-help overlay (F1 or ?): "1-9", "choose an option".
struct KeyHint {
    const char* keys = "";
    const char* what = "";
};

struct ScreenView {
    ScreenId id;
    const char* title = "";   // for the breadcrumb trail of screens outside the play flow
    void (*draw)(const AppState& state, UiState& ui, CommandSink& sink) = nullptr;
    bool libraryLink = false; // the library links to it (screens that need no case or run: the glossary)
    std::vector<KeyHint> keys = {}; // this screen's own keys (the overlay adds the keys every screen has)
};

// The keys every screen has, listed first by the key-help overlay.
[[nodiscard]] const std::vector<KeyHint>& globalKeys();

class ScreenRegistry {
public:
    void add(ScreenView view) { m_views.push_back(view); }
    [[nodiscard]] const ScreenView* find(ScreenId id) const {
        for (const auto& v : m_views)
            if (v.id == id) return &v;
        return nullptr;
    }
    [[nodiscard]] const std::vector<ScreenView>& all() const { return m_views; }

private:
    std::vector<ScreenView> m_views;
};

// Every built-in screen, registered on first use.
[[nodiscard]] const ScreenRegistry& screens();

} // namespace wp::ui
