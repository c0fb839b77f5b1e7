// Start fast (issue 15 item 2), in the application layer: cases listed from their plugin.json are
// pending (not playable, not broken); the effect runner loads them off the UI thread and each result
// comes back as PluginLoaded, which replaces the pending entry; nothing else is replaced.
#include <unistd.h>

#include "app_fixture.h"
#include "wholepicture/app/command_queue.h"
#include "wholepicture/app/effect_runner.h"
#include "wholepicture/app/exporters.h"
#include "wholepicture/app/file_writer.h"
#include "wholepicture/app/record_store.h"

namespace wp::test {
namespace {

using namespace wp::app;
namespace fs = std::filesystem;

class StartupLoadTest : public AppTest {
protected:
    void SetUp() override {
        AppTest::SetUp();
        state.library = discoverPlugins({{fs::path(WP_SOURCE_DIR) / "plugins", PluginOrigin::Bundled}}, state.knowledge,
                                        DiscoverMode::Manifests);
        root = fs::temp_directory_path() / ("wp-startup-test-" + std::to_string(::getpid()) + "-" +
                                            ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(root);
        EffectRunnerOptions options{root / "settings.json", root / "rooms", true, true, "xdg-open", root / "plugins"};
        options.lintCache = {root / "cache" / "lint", true};
        runner = std::make_unique<EffectRunner>(options, store, registry, queue, state.knowledge);
    }
    void TearDown() override {
        runner.reset();
        fs::remove_all(root);
    }
    LoadPendingPlugins pendingEffect() const {
        LoadPendingPlugins load;
        for (const auto& p : state.library)
            if (p.pending) load.plugins.push_back(p);
        return load;
    }

    fs::path root;
    FileWriter writer{true};
    JsonFileStore store{fs::temp_directory_path() / "wp-startup-test-unused", writer, {}};
    ExporterRegistry registry;
    CommandQueue queue;
    std::unique_ptr<EffectRunner> runner;
};

// A case still being checked is loaded at once when it is opened (its number key from the first frame),
// and the worker's later result for it changes nothing.
TEST_F(StartupLoadTest, OpeningAPendingCaseLoadsItAtOnce) {
    ASSERT_EQ(state.library.size(), 3u);
    const LoadPendingPlugins atStart = pendingEffect(); // the worker started with all three
    EXPECT_LT(findPlugin(state, "peter"), 0);
    ASSERT_TRUE(apply(OpenPlugin{"peter"}));
    EXPECT_EQ(state.screen, Screen::RoleSelect);
    ASSERT_GE(findPlugin(state, "peter"), 0);
    EXPECT_EQ(selectedPlugin(state)->manifest.id, "peter");
    EXPECT_FALSE(apply(OpenPlugin{"nobody"})) << "a case that is not there is still refused";

    runner->run(atStart, state);
    runner->waitForBackgroundWork();
    size_t replaced = 0;
    for (const auto& c : queue.drain()) replaced += apply(c) ? 1 : 0;
    EXPECT_EQ(replaced, 2u) << "James and Tina take the worker's results; Peter, loaded already, does not";
    EXPECT_EQ(selectedPlugin(state)->manifest.id, "peter");
}

TEST_F(StartupLoadTest, TheWorkersResultsReplaceThePendingEntries) {
    runner->run(pendingEffect(), state);
    runner->waitForBackgroundWork();
    std::vector<Command> posted = queue.drain();
    ASSERT_EQ(posted.size(), 3u) << "one PluginLoaded per case";
    for (const auto& c : posted) {
        ASSERT_TRUE(std::holds_alternative<PluginLoaded>(c));
        EXPECT_TRUE(apply(c));
    }
    for (const auto& p : state.library) {
        EXPECT_FALSE(p.pending) << p.manifest.id;
        EXPECT_TRUE(p.usable()) << p.manifest.id;
        EXPECT_EQ(p.origin, PluginOrigin::Bundled);
    }
    EXPECT_EQ(state.library.size(), 3u) << "replaced, not added";
    EXPECT_TRUE(fs::is_directory(root / "cache" / "lint")) << "the results are kept for the next start";
    start("peter", "dsl");
    EXPECT_EQ(state.screen, Screen::Play);

    // The same result again (or one for a case loaded meanwhile) changes nothing.
    for (const auto& c : posted) EXPECT_FALSE(apply(c));
}

TEST_F(StartupLoadTest, AResultNeverReplacesACaseLoadedMeanwhile) {
    ScenarioPlugin stale = state.library.front();
    stale.pending = false;
    stale.diagnostics.push_back({Severity::Error, "x", 0, 0, "", "stale"});
    ASSERT_TRUE(finishPendingLoad(state.library, state.library.front().manifest.id, state.knowledge));
    EXPECT_FALSE(apply(PluginLoaded{stale}));
    EXPECT_TRUE(state.library.front().usable());
}

TEST_F(StartupLoadTest, TheWorkerStopsWhenTheRunnerGoes) {
    // Many cases to load, and the app closing at once: the destructor does not wait for them all.
    LoadPendingPlugins load = pendingEffect();
    for (int i = 0; i < 200; ++i) load.plugins.push_back(load.plugins[static_cast<size_t>(i % 3)]);
    runner->run(load, state);
    runner.reset();
    EXPECT_LT(queue.drain().size(), load.plugins.size());
}

} // namespace
} // namespace wp::test
