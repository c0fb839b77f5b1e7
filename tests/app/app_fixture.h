// The application layer without any window: the real knowledge base and bundled plugins, commands
// applied as the loop applies them, and every effect kept for the test to look at.
#pragma once
#include <filesystem>
#include <memory>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <unistd.h>

#include "wholepicture/app/apply.h"
#include "wholepicture/app/command_queue.h"
#include "wholepicture/app/effect_runner.h"
#include "wholepicture/app/exporters.h"
#include "wholepicture/app/file_writer.h"
#include "wholepicture/app/record_store.h"
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

// AppTest with the real effect runner (files read and written in a scratch folder, loads inline): a
// command is applied, its effects carried out, and what the edge posts back applied, until quiet.
class EdgeAppTest : public AppTest {
protected:
    void SetUp() override {
        AppTest::SetUp();
        root = std::filesystem::temp_directory_path() /
               ("wp-edge-test-" + std::to_string(::getpid()) + "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(root);
        std::filesystem::create_directories(root);
        pluginsDir = root / "user-plugins";
        runner = std::make_unique<app::EffectRunner>(
            app::EffectRunnerOptions{root / "settings.json", root / "rooms", true, true, "xdg-open", pluginsDir}, store,
            registry, queue, state.knowledge);
    }
    void TearDown() override {
        runner.reset();
        std::filesystem::remove_all(root);
    }

    bool send(const app::Command& c) {
        const size_t from = effects.size();
        const bool applied = apply(c);
        pump(from);
        return applied;
    }
    void pump(size_t from) {
        for (int round = 0; round < 10; ++round) {
            std::vector<app::Effect> todo(effects.begin() + static_cast<std::ptrdiff_t>(from), effects.end());
            from = effects.size();
            runner->runAll(todo, state);
            auto posted = queue.drain();
            if (posted.empty() && from == effects.size()) return;
            for (const auto& p : posted) (void)apply(p);
        }
    }

    std::filesystem::path root, pluginsDir;
    app::FileWriter writer{true};
    app::JsonFileStore store{std::filesystem::temp_directory_path() / "wp-edge-test-unused", writer, {}};
    app::ExporterRegistry registry;
    app::CommandQueue queue;
    std::unique_ptr<app::EffectRunner> runner;
};

} // namespace wp::test
