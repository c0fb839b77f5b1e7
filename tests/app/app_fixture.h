// The application layer without any window: the real knowledge base and bundled plugins, commands
// applied as the loop applies them, and every effect kept for the test to look at.
#pragma once
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "wholepicture/app/apply.h"
#include "wholepicture/core/loader.h"
#include "wholepicture/core/paths.h"

namespace wp::test {

// A file's bytes as a string ("" when it cannot be read).
inline std::string readText(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

class AppTest : public ::testing::Test {
protected:
    void SetUp() override {
        Diagnostics diags;
        state.knowledge = loadKnowledgeBase(std::filesystem::path(WP_SOURCE_DIR) / "content", diags);
        state.library = discoverPlugins({{std::filesystem::path(WP_SOURCE_DIR) / "plugins", PluginOrigin::Bundled}}, state.knowledge);
        state.roomsDir = "rooms";
    }

    bool apply(const app::Command& c) {
        app::Outcome o = app::apply(state, c, now += 1000);
        for (auto& e : o.effects) effects.push_back(std::move(e));
        return o.applied;
    }
    template <class E>
    [[nodiscard]] std::vector<const E*> all() const {
        std::vector<const E*> out;
        for (const auto& e : effects)
            if (const E* x = std::get_if<E>(&e)) out.push_back(x);
        return out;
    }
    template <class E>
    [[nodiscard]] const E* last() const {
        auto v = all<E>();
        return v.empty() ? nullptr : v.back();
    }

    void start(const std::string& plugin, const std::string& role) {
        ASSERT_TRUE(apply(app::OpenPlugin{plugin}));
        ASSERT_TRUE(apply(app::SelectRole{role}));
        ASSERT_TRUE(apply(app::StartSession{}));
    }
    // Plays the first open option at every decision until the ending (the debrief opens by itself).
    void playToEnd() {
        const Scenario& s = *app::activeScenario(state);
        for (int guard = 0; guard < 400 && state.screen == app::Screen::Play; ++guard) {
            const Node& n = currentNode(s, state.session->current());
            if (state.phase == app::PlayPhase::Question && n.type == NodeType::Decision)
                ASSERT_TRUE(apply(app::Choose{availableOptions(s, state.session->current()).front()->id}));
            else
                ASSERT_TRUE(apply(app::Continue{}));
        }
    }

    app::AppState state;
    std::vector<app::Effect> effects;
    std::int64_t now = 1'764'800'000'000;
};

} // namespace wp::test
