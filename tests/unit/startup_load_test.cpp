// Start fast (issue 15 item 2): at start only each plugin.json is read (the cases are pending), the
// rest is loaded later with the same result, and the lint of an unchanged case comes from a cache.
#include <gtest/gtest.h>

#include "test_support.h"

using namespace wp;
namespace fs = std::filesystem;

namespace {

std::vector<SearchDir> bundled() { return {{test::sourceDir() / "plugins", PluginOrigin::Bundled}}; }

std::string text(const Diagnostics& d) { return test::all(d); }

TEST(ManifestDiscovery, ReadsOnlyPluginJsonAndListsEveryCaseAsPending) {
    const KnowledgeBase& kb = test::knowledgeBase(); // (its own files are read once, before recording)
    test::OpenRecorder opened;
    const std::vector<ScenarioPlugin> all = discoverPlugins(bundled(), kb, DiscoverMode::Manifests);
    ASSERT_EQ(all.size(), 3u);
    for (const auto& p : all) {
        SCOPED_TRACE(p.dir.string());
        EXPECT_TRUE(p.pending);
        EXPECT_FALSE(p.usable()) << "a pending case cannot be played yet";
        EXPECT_EQ(p.scenario, nullptr);
        EXPECT_FALSE(p.manifest.id.empty());
        EXPECT_FALSE(p.manifest.name.empty());
        EXPECT_FALSE(p.manifest.roles.empty());
        EXPECT_FALSE(p.manifest.summary.empty());
        EXPECT_FALSE(hasErrors(p.diagnostics)) << text(p.diagnostics);
    }
    ASSERT_FALSE(opened.opened.empty());
    for (const auto& f : opened.opened) EXPECT_EQ(f.filename(), "plugin.json") << f << " was read at start";
}

// Broken folders, bad manifests and duplicate ids: everything that is not pending has exactly the
// diagnostics the full load gives, and finishing every pending load gives the full load's library.
TEST(ManifestDiscovery, SameDiagnosticsAsTheFullLoadAndTheSameLibraryOnceFinished) {
    const std::vector<SearchDir> dirs = {{test::fixtures() / "broken", PluginOrigin::CommandLine},
                                         {test::fixtures() / "plugins", PluginOrigin::User},
                                         {test::fixtures() / "plugins/mini", PluginOrigin::User},
                                         {test::sourceDir() / "plugins", PluginOrigin::Bundled}};
    const std::vector<ScenarioPlugin> full = discoverPlugins(dirs, test::knowledgeBase());
    std::vector<ScenarioPlugin> quick = discoverPlugins(dirs, test::knowledgeBase(), DiscoverMode::Manifests);
    ASSERT_EQ(quick.size(), full.size());
    size_t pending = 0, duplicates = 0;
    for (size_t i = 0; i < full.size(); ++i) {
        SCOPED_TRACE(full[i].dir.string());
        EXPECT_EQ(quick[i].dir, full[i].dir) << "the same order";
        EXPECT_EQ(quick[i].manifest.id, full[i].manifest.id);
        if (quick[i].pending) {
            ++pending;
            continue;
        }
        EXPECT_EQ(text(quick[i].diagnostics), text(full[i].diagnostics));
        for (const auto& d : quick[i].diagnostics) duplicates += d.message.find("found earlier in the search path") != std::string::npos;
    }
    EXPECT_GE(pending, 5u);
    EXPECT_EQ(duplicates, 1u) << "the second mini is refused at once, never loaded";

    finishAllPendingLoads(quick, test::knowledgeBase());
    for (size_t i = 0; i < full.size(); ++i) {
        SCOPED_TRACE(full[i].dir.string());
        EXPECT_FALSE(quick[i].pending);
        EXPECT_EQ(quick[i].usable(), full[i].usable());
        EXPECT_EQ(quick[i].origin, full[i].origin);
        EXPECT_EQ(text(quick[i].diagnostics), text(full[i].diagnostics));
    }
}

TEST(ManifestDiscovery, FinishPendingLoadLoadsOnlyTheCaseAskedFor) {
    std::vector<ScenarioPlugin> all = discoverPlugins(bundled(), test::knowledgeBase(), DiscoverMode::Manifests);
    EXPECT_TRUE(finishPendingLoad(all, "peter", test::knowledgeBase()));
    for (const auto& p : all) {
        if (p.manifest.id == "peter") {
            EXPECT_TRUE(p.usable());
            ASSERT_NE(p.scenario, nullptr);
        } else {
            EXPECT_TRUE(p.pending) << p.manifest.id;
        }
    }
    EXPECT_FALSE(finishPendingLoad(all, "peter", test::knowledgeBase())) << "already loaded";
    EXPECT_FALSE(finishPendingLoad(all, "nobody", test::knowledgeBase()));
}

class LintCacheTest : public ::testing::Test {
protected:
    void SetUp() override {
        fs::copy(test::sourceDir() / "plugins/peter", scratch.dir / "peter", fs::copy_options::recursive);
        cache.dir = scratch.dir / "cache" / "lint";
    }
    ScenarioPlugin load(LoadStats& stats) { return loadPlugin(scratch.dir / "peter", test::knowledgeBase(), PluginOrigin::User, &cache, &stats); }
    std::vector<fs::path> entries() const {
        std::vector<fs::path> out;
        std::error_code ec;
        // The lint's entries (the compiled cases beside them are compiled_case_test.cpp's).
        for (fs::directory_iterator it(cache.dir, ec), end; !ec && it != end; it.increment(ec))
            if (it->path().extension() == ".json") out.push_back(it->path());
        return out;
    }

    test::Scratch scratch{"lint_cache"};
    LintCache cache;
};

TEST_F(LintCacheTest, AnUnchangedCaseSkipsTheLintWithTheSameResult) {
    LoadStats first;
    const ScenarioPlugin a = load(first);
    ASSERT_TRUE(a.usable()) << text(a.diagnostics);
    EXPECT_TRUE(first.linted);
    EXPECT_FALSE(first.cacheHit);
    EXPECT_TRUE(first.cacheWritten);
    ASSERT_EQ(entries().size(), 1u);

    LoadStats second;
    const ScenarioPlugin b = load(second);
    EXPECT_TRUE(second.cacheHit);
    EXPECT_FALSE(second.linted) << "an unchanged case with a clean cached result is not linted again";
    ASSERT_TRUE(b.usable());
    ASSERT_NE(b.scenario, nullptr) << "still parsed: it must be playable";
    EXPECT_EQ(text(b.diagnostics), text(a.diagnostics)) << "the cached warnings are the lint's own";
}

TEST_F(LintCacheTest, AChangedFileIsLintedAgain) {
    LoadStats first;
    (void)load(first);
    ASSERT_TRUE(first.cacheWritten);
    // One byte more in the scenario (whitespace: the same case, but not the same bytes).
    test::writeText(scratch.dir / "peter/scenario.json", test::readBytes(scratch.dir / "peter/scenario.json") + "\n");
    LoadStats second;
    EXPECT_TRUE(load(second).usable());
    EXPECT_FALSE(second.cacheHit);
    EXPECT_TRUE(second.linted);
    // And a change to plugin.json too.
    std::string manifest = test::readBytes(scratch.dir / "peter/plugin.json");
    test::writeText(scratch.dir / "peter/plugin.json", manifest + " ");
    LoadStats third;
    EXPECT_TRUE(load(third).usable());
    EXPECT_TRUE(third.linted);
    EXPECT_EQ(entries().size(), 3u);
}

TEST_F(LintCacheTest, ACorruptOrUnreadableEntryIsIgnored) {
    LoadStats first;
    const ScenarioPlugin a = load(first);
    const std::vector<fs::path> files = entries();
    ASSERT_EQ(files.size(), 1u);
    for (const std::string& junk : {std::string("{not json"), std::string(), std::string("\0\xff\x01", 3),
                                    std::string("{\"format\":1,\"signature\":\"0\",\"diagnostics\":[]}"),
                                    std::string("{\"format\":1,\"diagnostics\":[{\"severity\":\"error\"}]}")}) {
        test::writeText(files.front(), junk);
        LoadStats stats;
        const ScenarioPlugin b = load(stats);
        EXPECT_FALSE(stats.cacheHit) << junk;
        EXPECT_TRUE(stats.linted);
        EXPECT_TRUE(b.usable()) << "a bad cache is never the user's problem";
        EXPECT_EQ(text(b.diagnostics), text(a.diagnostics));
    }
    // A folder where the entry should be: a miss too.
    fs::remove(files.front());
    fs::create_directories(files.front());
    LoadStats stats;
    EXPECT_TRUE(load(stats).usable());
    EXPECT_FALSE(stats.cacheHit);
    EXPECT_FALSE(stats.cacheWritten);
}

TEST_F(LintCacheTest, AReadOnlyCacheIsReadButNeverWritten) {
    cache.write = false;
    LoadStats stats;
    EXPECT_TRUE(load(stats).usable());
    EXPECT_FALSE(stats.cacheWritten);
    EXPECT_FALSE(fs::exists(cache.dir));
}

TEST_F(LintCacheTest, ACaseWithErrorsIsNotCached) {
    fs::copy(test::fixtures() / "broken/loop_no_ending", scratch.dir / "broken", fs::copy_options::recursive);
    LoadStats stats;
    const ScenarioPlugin p = loadPlugin(scratch.dir / "broken", test::knowledgeBase(), PluginOrigin::User, &cache, &stats);
    EXPECT_FALSE(p.usable());
    EXPECT_TRUE(stats.linted);
    EXPECT_FALSE(stats.cacheWritten);
    EXPECT_TRUE(entries().empty());
}

} // namespace
