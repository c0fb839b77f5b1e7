// The UX review's small defects in the application layer (reviews/ux.md rows 20 and 22): the role
// swap's second run says what it is; "Save report" is confirmed in the screen's footer line, with
// "Open folder", and the comparison is exportable.
#include <algorithm>
#include <chrono>
#include <fstream>
#include <thread>

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

fs::path scratchDir(const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / ("wp_ux_review_" + name + "_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST_F(AppTest, TheSecondRunOfARoleSwapSaysItIsRunTwoOfAComparison) {
    start("peter", "dsl");
    EXPECT_EQ(roleSwapNote(state), "") << "a first run is not part of a comparison yet";
    playToEnd();
    ASSERT_TRUE(apply(PlayAsRole{"social_worker"}));
    ASSERT_EQ(state.screen, Screen::Play);
    const std::string note = roleSwapNote(state);
    EXPECT_NE(note.find("Role swap: run 2 of 2"), std::string::npos) << note;
    EXPECT_NE(note.find(state.knowledge.roleName("dsl")), std::string::npos) << "names the first run's role: " << note;
    // A fresh start of the case ends the swap, and the note with it.
    start("peter", "class_teacher");
    EXPECT_EQ(roleSwapNote(state), "");
}

TEST_F(AppTest, ASavedReportIsConfirmedInTheFooterLineNotAsACardOverTheDebrief) {
    start("peter", "dsl");
    playToEnd();
    ASSERT_TRUE(apply(SaveReport{"/tmp/reports"}));
    ASSERT_TRUE(apply(ExportFinished{{"a-report.html", "a-session.json"}, {}, "/tmp/reports", false, /*report=*/true}));
    EXPECT_TRUE(std::none_of(state.status.begin(), state.status.end(), [](const StatusMessage& m) { return m.topic == "export"; }))
        << "no status card above the debrief";
    const SavedReport* saved = savedReportShown(state, false);
    ASSERT_NE(saved, nullptr);
    EXPECT_EQ(saved->folder, "/tmp/reports");
    EXPECT_EQ(saved->files.size(), 2u);
    EXPECT_EQ(savedReportShown(state, true), nullptr) << "the compare screen has its own";

    effects.clear();
    ASSERT_TRUE(apply(OpenFolder{saved->folder}));
    const RevealFolder* reveal = last<RevealFolder>();
    ASSERT_NE(reveal, nullptr);
    EXPECT_EQ(reveal->folder, "/tmp/reports");

    // The next run does not show the last run's line.
    ASSERT_TRUE(apply(PlayAsRole{"social_worker"}));
    EXPECT_EQ(savedReportShown(state, false), nullptr);
}

TEST_F(AppTest, TheComparisonIsExportedWithTheTranscriptOfBothRunsAndEachReport) {
    start("peter", "dsl");
    playToEnd();
    EXPECT_FALSE(apply(SaveComparison{"/tmp/x"})) << "nothing to compare yet";
    ASSERT_TRUE(apply(PlayAsRole{"social_worker"}));
    playToEnd();
    ASSERT_EQ(state.screen, Screen::Compare);
    effects.clear();
    ASSERT_TRUE(apply(SaveComparison{"/tmp/x"}));
    ASSERT_NE(last<ExportComparison>(), nullptr);
    EXPECT_EQ(last<ExportComparison>()->folder, "/tmp/x");

    ExporterRegistry registry;
    registerBuiltinExporters(registry);
    const fs::path dir = scratchDir("compare");
    const std::string base = comparisonBaseName(*state.firstRun, *state.session);
    EXPECT_NE(base.find("peter-compare-dsl-social_worker-"), std::string::npos) << base;
    const ExportFinished done = runExporters(registry, ExportSubject::Comparison, {state, *selectedPlugin(state)}, dir, base);
    EXPECT_TRUE(done.problems.empty()) << done.problems.front();
    EXPECT_EQ(done.written, (std::vector<std::string>{base + "-transcript.html", base + "-run1-report.html", base + "-run2-report.html"}));
    const std::string transcript = slurp(dir / (base + "-transcript.html"));
    EXPECT_NE(transcript.find(state.knowledge.roleName("dsl")), std::string::npos);
    EXPECT_NE(transcript.find(state.knowledge.roleName("social_worker")), std::string::npos);

    ExportFinished posted = done;
    posted.report = true;
    posted.comparison = true;
    ASSERT_TRUE(apply(posted));
    ASSERT_NE(savedReportShown(state, true), nullptr);
    EXPECT_EQ(savedReportShown(state, true)->files.size(), 3u);
    fs::remove_all(dir);
}

// Open folder runs the opener off the UI thread; without one the user is told, in words.
TEST_F(AppTest, OpenFolderSaysSoWhenThereIsNoOpenerAndOtherwiseStartsIt) {
    const fs::path dir = scratchDir("reveal");
    FileWriter writer(true);
    JsonFileStore store(dir, writer, {});
    ExporterRegistry registry;
    CommandQueue queue;
    {
        EffectRunnerOptions options{dir / "settings.json", dir / "rooms", false, true};
        options.folderOpener = "wp-no-such-folder-opener";
        EffectRunner runner(options, store, registry, queue, state.knowledge);
        runner.run(RevealFolder{"/tmp/reports"}, state);
    }
    auto posted = queue.drain();
    ASSERT_EQ(posted.size(), 1u);
    const Notice* notice = std::get_if<Notice>(&posted[0]);
    ASSERT_NE(notice, nullptr);
    EXPECT_NE(notice->text.find("wp-no-such-folder-opener is not installed"), std::string::npos) << notice->text;
    EXPECT_NE(notice->text.find("/tmp/reports"), std::string::npos) << "says where the report is: " << notice->text;

    // A stand-in opener that writes down what it was asked to open.
    const fs::path opener = dir / "opener.sh";
    const fs::path seen = dir / "seen.txt";
    {
        std::ofstream out(opener);
        out << "#!/bin/sh\nprintf '%s' \"$1\" > '" << seen.string() << ".tmp' && mv '" << seen.string() << ".tmp' '" << seen.string() << "'\n";
    }
    fs::permissions(opener, fs::perms::owner_all);
    {
        EffectRunnerOptions options{dir / "settings.json", dir / "rooms", false, true};
        options.folderOpener = opener.string();
        EffectRunner runner(options, store, registry, queue, state.knowledge);
        const auto before = std::chrono::steady_clock::now();
        runner.run(RevealFolder{"/tmp/a folder with spaces"}, state);
        EXPECT_LT(std::chrono::steady_clock::now() - before, std::chrono::milliseconds(200)) << "the UI thread does not wait";
    }
    for (int i = 0; i < 100 && !fs::exists(seen); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    EXPECT_EQ(slurp(seen), "/tmp/a folder with spaces");
    EXPECT_TRUE(queue.drain().empty()) << "no complaint when it worked";
    fs::remove_all(dir);
}

} // namespace
} // namespace wp::test
