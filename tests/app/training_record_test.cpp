// The training record (training_record.h): real runs of the bundled cases, saved in a real records
// database, printed for a staff training file. Reflections stay out unless asked for; every run, role,
// date and band is there; names are escaped; the command writes it where the reports go.
#include <unistd.h>

#include <regex>

#include <gtest/gtest.h>

#include "app_fixture.h"
#include "wholepicture/app/progress.h"
#include "wholepicture/app/record_database.h"
#include "wholepicture/app/training_record.h"
#include "wholepicture/core/map_layout.h"
#include "wholepicture/core/report.h"

namespace wp::test {
namespace {

using namespace wp::app;
namespace fs = std::filesystem;

size_t count(const std::string& text, const std::string& needle) {
    size_t n = 0;
    for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++n;
    return n;
}

class TrainingRecordTest : public AppTest {
protected:
    void SetUp() override {
        AppTest::SetUp();
        dir = fs::temp_directory_path() /
              ("wp-training-record-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "-" +
               std::to_string(::getpid()));
        fs::remove_all(dir);
        fs::create_directories(dir);
        RecordDatabaseOptions o;
        o.file = dir / kRecordsFileName;
        Diagnostics diags;
        db = RecordDatabase::open(o, diags);
        ASSERT_TRUE(db);
        ASSERT_TRUE(db->renameProfile(db->currentProfile(), "Sam <b>O'Neill</b>", diags));
    }
    void TearDown() override {
        db.reset();
        fs::remove_all(dir);
    }
    // Plays `plugin` as `role` to the end and stores the run as the app does, with `reflection`.
    RunRecord playAndStore(const std::string& plugin, const std::string& role, const std::string& reflection) {
        start(plugin, role);
        playToEnd();
        if (!reflection.empty()) apply(SetReflection{reflection, true});
        const SaveProgress* saved = last<SaveProgress>();
        EXPECT_TRUE(saved);
        if (!saved) return {};
        Diagnostics diags;
        EXPECT_TRUE(db->saveRun(saved->run, RunStatus::Done, diags));
        return saved->run;
    }
    fs::path dir;
    std::unique_ptr<RecordDatabase> db;
};

TEST_F(TrainingRecordTest, ListsEveryFinishedRunWithItsDateTimeEndingAndBand) {
    const RunRecord peter = playAndStore("peter", "dsl", "");
    const RunRecord james = playAndStore("james", "social_worker", "");
    start("tina", "dsl"); // begun, not finished
    ASSERT_TRUE(apply(Continue{}));
    Diagnostics diags;
    ASSERT_TRUE(db->saveRun(last<SaveProgress>()->run, RunStatus::Current, diags));

    const TrainingRecordInput input = trainingRecordInput(*db, db->currentProfile());
    ASSERT_EQ(input.runs.size(), 3u);
    TrainingRecordOptions options;
    options.nowMs = now;
    options.appVersion = "9.9.9";
    const std::string html = trainingRecordHtml(input, options);

    EXPECT_NE(html.find("Sam &lt;b&gt;O&#39;Neill&lt;/b&gt;"), std::string::npos) << "the name, escaped";
    EXPECT_EQ(html.find("<b>O'Neill</b>"), std::string::npos);
    for (const RunRecord* r : {&peter, &james}) {
        ASSERT_TRUE(r->finished);
        EXPECT_NE(html.find(xmlEscape(r->caseTitle)), std::string::npos) << r->caseTitle;
        EXPECT_NE(html.find(xmlEscape(r->roleName)), std::string::npos) << r->roleName;
        EXPECT_NE(html.find(xmlEscape(r->endingTitle)), std::string::npos) << r->endingTitle;
        EXPECT_NE(html.find("<td>" + xmlEscape(r->overallBand) + "</td>"), std::string::npos) << r->overallBand;
    }
    EXPECT_NE(html.find(formatReportDate(peter.updatedMs)), std::string::npos);
    EXPECT_NE(html.find("2 case runs played to the end (2 cases, 2 roles)"), std::string::npos);
    EXPECT_NE(html.find("Started and not yet finished: "), std::string::npos) << "Tina is begun, not finished";
    EXPECT_EQ(count(html, "<tr><td class=\"date\">"), 2u) << "one row per finished run";
    // Each dimension of the runs, with its band in the first and the latest run.
    for (const auto& d : james.dimensions) EXPECT_NE(html.find("<th scope=\"row\">" + xmlEscape(d.name) + "</th>"), std::string::npos) << d.name;
    EXPECT_NE(html.find("Strongest across all runs"), std::string::npos);
    EXPECT_NE(html.find("Whole Picture 9.9.9"), std::string::npos);
    EXPECT_NE(html.find("follow your local"), std::string::npos);
    EXPECT_EQ(html.find("<script"), std::string::npos) << "a self-contained page with no scripts";
}

TEST_F(TrainingRecordTest, ReflectionsAreOnlyPrintedWhenThePersonTicksTheBox) {
    const std::string words = "I would ring the social worker before the review, not after it.";
    playAndStore("peter", "dsl", words);
    const TrainingRecordInput input = trainingRecordInput(*db, db->currentProfile());
    ASSERT_EQ(input.runs.size(), 1u);
    ASSERT_EQ(input.runs[0].run.reflection, words) << "the database keeps the reflection";

    TrainingRecordOptions options;
    const std::string privateRecord = trainingRecordHtml(input, options);
    EXPECT_EQ(privateRecord.find("ring the social worker"), std::string::npos) << "private unless asked for";
    EXPECT_NE(privateRecord.find("reflections stay private"), std::string::npos);

    options.includeReflections = true;
    const std::string shared = trainingRecordHtml(input, options);
    EXPECT_NE(shared.find(xmlEscape(words)), std::string::npos);
}

TEST_F(TrainingRecordTest, ARecordWithNothingFinishedSaysSo) {
    const std::string html = trainingRecordHtml(trainingRecordInput(*db, db->currentProfile()), {});
    EXPECT_NE(html.find("No case has been played to its end yet."), std::string::npos);
    EXPECT_NE(html.find("None yet."), std::string::npos);
    EXPECT_EQ(html.find("How each part of the work went"), std::string::npos) << "no dimension table without runs";
}

TEST_F(TrainingRecordTest, TheCommandWritesItWhereTheReportsGoWithTheChoiceOfReflections) {
    state.records.available = true;
    state.records.profiles = {{1, "Sam", "acct-1", 1}};
    state.records.currentProfile = 1;
    state.reportsDir = "/reports";
    ASSERT_TRUE(apply(ExportTrainingRecord{true, ""}));
    const WriteTrainingRecord* w = last<WriteTrainingRecord>();
    ASSERT_TRUE(w);
    EXPECT_TRUE(w->includeReflections);
    EXPECT_EQ(w->file.parent_path(), fs::path("/reports"));
    EXPECT_TRUE(std::regex_match(w->file.filename().string(), std::regex(R"(training-record-Sam-\d{8}\.html)")))
        << w->file;
    EXPECT_EQ(w->nowMs, now);

    state.records.available = false; // records kept as files: no training record, and the person is told
    effects.clear();
    EXPECT_FALSE(apply(ExportTrainingRecord{false, ""}));
    EXPECT_FALSE(last<WriteTrainingRecord>());
}

TEST(Progress, StrongestAndWeakestFollowTheMeanOfEachDimension) {
    auto run = [](const std::string& id, double a, double b) {
        RunSummary s;
        s.run.id = id;
        s.run.pluginId = "peter";
        s.run.role = "dsl";
        s.run.finished = true;
        s.run.overallFraction = (a + b) / 2;
        s.run.dimensions = {{"timeliness", "Timeliness", 0, 0, 0, a, ""}, {"coordination", "Coordination", 0, 0, 0, b, ""}};
        return s;
    };
    std::vector<RunSummary> runs = {run("newer", 0.9, 0.2), run("older", 0.5, 0.4)}; // newest first
    RunSummary unfinished;
    unfinished.run.pluginId = "james";
    unfinished.run.role = "senco";
    runs.push_back(unfinished);
    const Progress p = progressOf(runs);
    ASSERT_EQ(p.finished.size(), 2u);
    EXPECT_EQ(p.finished.front()->run.id, "older") << "oldest first";
    ASSERT_TRUE(p.strongest && p.weakest);
    EXPECT_EQ(p.strongest->id, "timeliness");
    EXPECT_EQ(p.weakest->id, "coordination");
    EXPECT_DOUBLE_EQ(p.strongest->first(), 0.5);
    EXPECT_DOUBLE_EQ(p.strongest->last(), 0.9);
    EXPECT_EQ(p.best.at({"peter", "dsl"})->run.id, "newer");
    EXPECT_TRUE(p.started.count({"james", "senco"}));
    EXPECT_FALSE(p.best.count({"james", "senco"}));
}

} // namespace
} // namespace wp::test
