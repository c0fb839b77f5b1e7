// Review without JSON (core/strings_table.h): the CSV export and import of a case's reader texts.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_support.h"
#include "wholepicture/core/strings_table.h"

namespace {

namespace fs = std::filesystem;
using namespace wp;
using nlohmann::json;

std::vector<std::string> linesOf(const std::string& text) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= text.size()) {
        size_t nl = text.find('\n', start);
        out.push_back(text.substr(start, nl == std::string::npos ? std::string::npos : nl - start));
        if (nl == std::string::npos) break;
        start = nl + 1;
    }
    return out;
}

// The 1-based numbers of the lines that differ (files whose line count is the same).
std::vector<size_t> changedLines(const std::string& before, const std::string& after) {
    std::vector<std::string> a = linesOf(before), b = linesOf(after);
    std::vector<size_t> out;
    EXPECT_EQ(a.size(), b.size()) << "an edit of a string value must not add or remove lines";
    for (size_t i = 0; i < std::min(a.size(), b.size()); ++i)
        if (a[i] != b[i]) out.push_back(i + 1);
    return out;
}

// Every string value of a JSON text by pointer.
std::map<std::string, std::string> stringValues(const std::string& text) {
    std::map<std::string, std::string> out;
    for (const auto& t : locateStringTokens(text))
        out[t.pointer] = json::parse(text.substr(t.begin, t.end - t.begin)).get<std::string>();
    return out;
}

std::string csvOf(const std::vector<CsvRecord>& records) {
    std::string out;
    for (const auto& r : records) {
        for (size_t i = 0; i < r.fields.size(); ++i) out += (i ? "," : "") + csvField(r.fields[i]);
        out += "\r\n";
    }
    return out;
}

void copyFolder(const fs::path& from, const fs::path& to) {
    fs::create_directories(to);
    fs::copy(from, to, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
}

size_t rowOf(const std::vector<CsvRecord>& records, const std::string& id) {
    for (size_t i = 1; i < records.size(); ++i)
        if (records[i].fields[0] == id) return i;
    ADD_FAILURE() << "no row " << id;
    return 0;
}

class StringsRoundTrip : public ::testing::TestWithParam<const char*> {};

TEST_P(StringsRoundTrip, ChangesExactlyTheTwoEditedTextsOnTheirOwnLines) {
    test::Scratch scratch(std::string("strings_") + GetParam());
    const fs::path dir = scratch.dir / GetParam();
    copyFolder(test::sourceDir() / "plugins" / GetParam(), dir);
    const std::string manifestBefore = test::readBytes(dir / "plugin.json");
    const std::string scenarioBefore = test::readBytes(dir / "scenario.json");

    Diagnostics diags;
    auto texts = collectReaderTexts(dir, diags);
    ASSERT_TRUE(texts) << test::all(diags);
    ASSERT_GT(texts->size(), 100u) << "a bundled case has hundreds of texts";
    const std::string csv = readerTextsToCsv(*texts);
    ASSERT_EQ(csv.rfind("\xEF\xBB\xBF"
                        "id,node,role,field,source,text\r\n",
                        0),
              0u)
        << "BOM, then the header";

    auto records = parseCsv(csv, "review.csv", diags);
    ASSERT_TRUE(records) << test::all(diags);
    ASSERT_EQ(records->size(), texts->size() + 1) << "the CSV reads back as one row per text";
    for (size_t i = 0; i < texts->size(); ++i) {
        ASSERT_EQ((*records)[i + 1].fields.size(), 6u);
        ASSERT_EQ((*records)[i + 1].fields[4], (*texts)[i].text)
            << "source cell round trips: " << (*texts)[i].locator();
    }

    // A reviewer edits the description (plugin.json) and one option (scenario.json), with the
    // characters CSV has to quote.
    const std::string description = "plugin.json#/summary";
    std::string option;
    for (const auto& t : *texts)
        if (t.field.rfind("option ", 0) == 0 && t.field.find("feedback") == std::string::npos &&
            t.field.find("view") == std::string::npos && option.empty())
            option = t.locator();
    ASSERT_FALSE(option.empty());
    const std::string newDescription = "A reviewed summary, with \"quotes\", commas;\nand a line break.";
    const std::string newOption = "Ask the GP, today, what they know — and \"write it down\".";
    (*records)[rowOf(*records, description)].fields[5] = newDescription;
    (*records)[rowOf(*records, option)].fields[5] = newOption;

    TextImportSummary summary = importReaderTexts(dir, "\xEF\xBB\xBF" + csvOf(*records), "review.csv", false, diags);
    ASSERT_FALSE(hasErrors(diags)) << test::all(diags);
    EXPECT_EQ(summary.changed, 2u);
    EXPECT_EQ(summary.unchanged, texts->size() - 2);
    EXPECT_TRUE(summary.written);

    const std::string manifestAfter = test::readBytes(dir / "plugin.json");
    const std::string scenarioAfter = test::readBytes(dir / "scenario.json");
    // The diff is exactly the line each edited text is on.
    auto lineOf = [](const std::string& text, const std::string& pointer) -> size_t {
        for (const auto& t : locateStringTokens(text))
            if (t.pointer == pointer) return static_cast<size_t>(positionOfOffset(text, t.begin).line);
        return 0;
    };
    const std::string optionPointer = option.substr(option.find('#') + 1);
    EXPECT_EQ(changedLines(manifestBefore, manifestAfter), (std::vector<size_t>{lineOf(manifestBefore, "/summary")}))
        << "a one-text edit is a one-line diff";
    EXPECT_EQ(changedLines(scenarioBefore, scenarioAfter),
              (std::vector<size_t>{lineOf(scenarioBefore, optionPointer)}));

    // Exactly those two strings changed; every other string value (ids included) is as it was.
    auto manifestValues = stringValues(manifestAfter), scenarioValues = stringValues(scenarioAfter);
    auto manifestOld = stringValues(manifestBefore), scenarioOld = stringValues(scenarioBefore);
    ASSERT_EQ(manifestValues.size(), manifestOld.size());
    ASSERT_EQ(scenarioValues.size(), scenarioOld.size());
    for (const auto& [pointer, value] : manifestValues)
        EXPECT_EQ(value, pointer == "/summary" ? newDescription : manifestOld[pointer]) << pointer;
    for (const auto& [pointer, value] : scenarioValues)
        EXPECT_EQ(value, pointer == optionPointer ? newOption : scenarioOld[pointer]) << pointer;

    // The case still loads clean, and importing the same CSV again changes nothing.
    ScenarioPlugin plugin = loadPlugin(dir, test::knowledgeBase());
    EXPECT_TRUE(plugin.usable()) << test::all(plugin.diagnostics);
    summary = importReaderTexts(dir, csvOf(*records), "review.csv", false, diags);
    EXPECT_FALSE(hasErrors(diags)) << test::all(diags);
    EXPECT_EQ(summary.changed, 0u) << "already applied rows count as unchanged";
    EXPECT_EQ(test::readBytes(dir / "scenario.json"), scenarioAfter);
}

INSTANTIATE_TEST_SUITE_P(BundledCases, StringsRoundTrip, ::testing::Values("peter", "james", "tina"));

TEST(StringsImport, StaleSourceRowIsRefusedAndNothingIsWritten) {
    test::Scratch scratch("strings_stale");
    const fs::path dir = scratch.dir / "peter";
    copyFolder(test::sourceDir() / "plugins/peter", dir);
    Diagnostics diags;
    auto texts = collectReaderTexts(dir, diags);
    ASSERT_TRUE(texts);
    auto records = parseCsv(readerTextsToCsv(*texts), "review.csv", diags);
    ASSERT_TRUE(records);
    // Edit two rows in the CSV; meanwhile the author changes the second one's text in the case.
    (*records)[1].fields[5] = "An edit that would be fine";
    const size_t stale = records->size() / 2;
    (*records)[stale].fields[5] = "The reviewer's edit";
    const std::string pointer = (*records)[stale].fields[0].substr((*records)[stale].fields[0].find('#') + 1);
    const std::string file = (*records)[stale].fields[0].substr(0, (*records)[stale].fields[0].find('#'));
    std::string text = test::readBytes(dir / file);
    for (const auto& t : locateStringTokens(text))
        if (t.pointer == pointer) text = applyStringTokenEdits(text, {{t.begin, t.end, "The author's new text"}});
    test::writeText(dir / file, text);
    const std::string manifest = test::readBytes(dir / "plugin.json");

    diags.clear();
    TextImportSummary summary = importReaderTexts(dir, csvOf(*records), "review.csv", false, diags);
    EXPECT_FALSE(summary.written);
    ASSERT_TRUE(hasErrors(diags));
    const std::string all = test::all(diags);
    EXPECT_NE(all.find("row " + std::to_string(stale + 1) + ": the source column no longer matches"), std::string::npos)
        << all;
    EXPECT_NE(all.find("The author's new text"), std::string::npos) << "the message shows what the file says now";
    EXPECT_NE(all.find("wpt strings export"), std::string::npos) << "the message says how to fix it";
    EXPECT_NE(all.find("nothing was written"), std::string::npos);
    EXPECT_EQ(test::readBytes(dir / file), text) << "the other row's edit was not written either";
    EXPECT_EQ(test::readBytes(dir / "plugin.json"), manifest);

    // In the app the same refusal names the app's way to a fresh sheet, not a command line it may not have.
    diags.clear();
    (void)importReaderTexts(dir, csvOf(*records), "review.csv", true, diags, "use \"Export texts for review\" in the Review tab");
    const std::string inApp = test::all(diags);
    EXPECT_NE(inApp.find("use \"Export texts for review\" in the Review tab again and copy this row's edit"), std::string::npos)
        << inApp;
    EXPECT_EQ(inApp.find("wpt strings"), std::string::npos) << inApp;
}

TEST(StringsImport, UnknownIdsRepeatedRowsEmptyTextsAndMissingColumnsAreRefused) {
    test::Scratch scratch("strings_refused");
    const fs::path dir = scratch.dir / "mini";
    copyFolder(test::fixtures() / "plugins/mini", dir);
    const std::string before = test::readBytes(dir / "scenario.json");
    Diagnostics diags;
    auto texts = collectReaderTexts(dir, diags);
    ASSERT_TRUE(texts && texts->size() > 3);
    auto row = [&](const ReaderText& t, const std::string& edited) {
        return csvField(t.locator()) + ",,,," + csvField(t.text) + "," + csvField(edited) + "\r\n";
    };
    const std::string header = "id,node,role,field,source,text\r\n";
    std::string csv = header + row((*texts)[2], "changed") + row((*texts)[2], "again") + row((*texts)[3], "") +
                      "scenario.json#/nodes/99/title,,,,x,y\r\n";
    TextImportSummary summary = importReaderTexts(dir, csv, "review.csv", false, diags);
    const std::string all = test::all(diags);
    EXPECT_FALSE(summary.written);
    EXPECT_NE(all.find("row 3: repeats the id"), std::string::npos) << all;
    EXPECT_NE(all.find("row 4: the text column is empty"), std::string::npos) << all;
    EXPECT_NE(all.find("row 5: there is no text at scenario.json#/nodes/99/title"), std::string::npos) << all;
    EXPECT_EQ(test::readBytes(dir / "scenario.json"), before);

    diags.clear();
    (void)importReaderTexts(dir, "id,node,source\r\n", "review.csv", false, diags);
    EXPECT_NE(test::all(diags).find("no \"text\" column"), std::string::npos) << test::all(diags);

    diags.clear();
    summary = importReaderTexts(dir, header + row((*texts)[2], "changed"), "review.csv", true, diags);
    EXPECT_FALSE(hasErrors(diags)) << test::all(diags);
    EXPECT_EQ(summary.changed, 1u);
    EXPECT_FALSE(summary.written);
    EXPECT_EQ(test::readBytes(dir / "scenario.json"), before) << "a dry run writes nothing";
}

TEST(StringsImport, ASheetSavedBackBySpreadsheetSoftwareChangesOnlyItsEdit) {
    // LibreOffice and Excel quote every text cell, may end rows with LF only, write line breaks inside a
    // cell as CRLF, and drop the byte order mark: none of that is an edit.
    test::Scratch scratch("strings_resaved");
    const fs::path dir = scratch.dir / "james";
    copyFolder(test::sourceDir() / "plugins/james", dir);
    Diagnostics diags;
    auto texts = collectReaderTexts(dir, diags);
    ASSERT_TRUE(texts);
    auto quoted = [](const std::string& text) {
        std::string out = "\"";
        for (char c : text) out += c == '"' ? std::string("\"\"") : c == '\n' ? std::string("\r\n") : std::string(1, c);
        return out + "\"";
    };
    std::string csv = "\"id\",\"node\",\"role\",\"field\",\"source\",\"text\"\n";
    const ReaderText* edited = nullptr;
    for (const auto& t : *texts) {
        std::string text = t.text;
        if (!edited && t.text.find('\n') != std::string::npos) {
            edited = &t;
            text += " (edited)";
        }
        csv += quoted(t.locator()) + "," + quoted(t.node) + "," + quoted(t.role) + "," + quoted(t.field) + "," +
               quoted(t.text) + "," + quoted(text) + "\n";
    }
    ASSERT_NE(edited, nullptr) << "the case has a text with a line break, so the CRLF case is exercised";
    const std::string before = test::readBytes(dir / edited->file);
    TextImportSummary summary = importReaderTexts(dir, csv, "resaved.csv", false, diags);
    ASSERT_FALSE(hasErrors(diags)) << test::all(diags);
    EXPECT_EQ(summary.rows, texts->size());
    EXPECT_EQ(summary.changed, 1u);
    const std::string after = test::readBytes(dir / edited->file);
    EXPECT_EQ(changedLines(before, after).size(), 1u);
    EXPECT_EQ(stringValues(after)[edited->pointer], edited->text + " (edited)") << "line breaks stay LF";
}

TEST(Csv, QuotesCommasAndLineBreaksRoundTrip) {
    const std::vector<std::string> values = {"plain", "a, b", "say \"hi\"", "two\nlines",     "crlf\r\nkept", "",
                                             "\"",    ",",    "semi;colon", "café — “curly”", " padded  "};
    EXPECT_EQ(csvField("plain"), "plain");
    EXPECT_EQ(csvField("a, b"), "\"a, b\"");
    EXPECT_EQ(csvField("say \"hi\""), "\"say \"\"hi\"\"\"");
    std::string csv = "\xEF\xBB\xBF";
    for (size_t i = 0; i < values.size(); ++i) csv += (i ? "," : "") + csvField(values[i]);
    csv += "\r\nlast,row\n";
    Diagnostics diags;
    auto records = parseCsv(csv, "t.csv", diags);
    ASSERT_TRUE(records) << test::all(diags);
    ASSERT_EQ(records->size(), 2u);
    EXPECT_EQ((*records)[0].fields, values);
    EXPECT_EQ((*records)[1].fields, (std::vector<std::string>{"last", "row"}));
    EXPECT_EQ((*records)[1].line, 4) << "the record after two quoted line breaks starts on line 4";

    // A sheet saved with ';' between fields (Excel in a decimal-comma locale).
    records = parseCsv("id;text\r\n\"a;b\";\"x, y\"\r\n", "t.csv", diags);
    ASSERT_TRUE(records);
    EXPECT_EQ((*records)[1].fields, (std::vector<std::string>{"a;b", "x, y"}));

    diags.clear();
    EXPECT_FALSE(parseCsv("id,text\r\n\"open,quote\r\n", "t.csv", diags));
    EXPECT_NE(test::all(diags).find("t.csv:2:"), std::string::npos) << test::all(diags);
    EXPECT_NE(test::all(diags).find("never closed"), std::string::npos);

    diags.clear();
    EXPECT_FALSE(parseCsv("id,text\r\na,caf\xE9\r\n", "t.csv", diags)) << "Windows-1252 is refused";
    EXPECT_NE(test::all(diags).find("CSV UTF-8"), std::string::npos) << test::all(diags);
}

TEST(StringsExport, ListsEveryKindOfReaderTextWithItsNodeAndRole) {
    Diagnostics diags;
    auto texts = collectReaderTexts(test::sourceDir() / "plugins/james", diags);
    ASSERT_TRUE(texts) << test::all(diags);
    std::set<std::string> fields;
    bool perRoleSituation = false, view = false;
    for (const auto& t : *texts) {
        std::string kind = t.field.substr(0, t.field.find(' '));
        fields.insert(kind);
        if (t.field == "situation" && !t.role.empty() && !t.node.empty()) perRoleSituation = true;
        if (t.field.find(" view") != std::string::npos && !t.role.empty()) view = true;
        EXPECT_FALSE(t.text.empty());
        EXPECT_EQ(t.pointer.find("_comment"), std::string::npos) << "authors' notes are not reader texts";
    }
    for (const char* f : {"case", "description", "content", "title", "case", "cast", "stage", "fact", "critical",
                          "situation", "option", "perspective:", "text", "what", "discussion"})
        EXPECT_TRUE(fields.count(f)) << "no " << f << " texts exported";
    EXPECT_TRUE(perRoleSituation) << "per-role situations are exported with their role";
    EXPECT_TRUE(view) << "each profession's view is exported with its role";
}

} // namespace
