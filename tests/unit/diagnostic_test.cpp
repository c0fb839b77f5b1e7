#include <gtest/gtest.h>

#include "wholepicture/core/diagnostic.h"
#include "wholepicture/core/json_file.h"

using namespace wp;

TEST(Diagnostic, FormatsLikeACompiler) {
    Diagnostic d{Severity::Error, "plugins/x/scenario.json", 12, 7, "/nodes/3/options/0", "missing required field \"text\""};
    EXPECT_EQ(formatDiagnostic(d),
              "plugins/x/scenario.json:12:7: error: missing required field \"text\" (/nodes/3/options/0)");
}

TEST(Diagnostic, DidYouMeanFindsNearMisses) {
    std::vector<std::string> roles = {"class_teacher", "dsl", "social_worker", "senco"};
    EXPECT_EQ(didYouMean("social_workr", roles), "social_worker");
    EXPECT_EQ(didYouMean("teacher", roles), "class_teacher");
    EXPECT_EQ(didYouMean("astronaut", roles), "");
}

TEST(JsonFile, LocatesValuesByPointer) {
    Diagnostics diags;
    auto f = parseJsonText("{\n  \"a\": [1,\n    {\"b/c\": \"x\"}],\n  \"d\": true\n}\n", "t.json", diags);
    ASSERT_TRUE(f);
    EXPECT_TRUE(diags.empty());
    EXPECT_EQ(f->locate("/a").line, 2);
    EXPECT_EQ(f->locate("/a").column, 8);
    EXPECT_EQ(f->locate("/a/1/b~1c").line, 3);
    EXPECT_EQ(f->locate("/d").line, 4);
    // Unknown pointers fall back to the nearest located ancestor.
    EXPECT_EQ(f->locate("/a/1/missing").line, 3);
}

TEST(JsonFile, SyntaxErrorNamesLineAndColumn) {
    Diagnostics diags;
    auto f = parseJsonText("{\n  \"a\": 1\n  \"b\": 2\n}\n", "bad.json", diags);
    EXPECT_FALSE(f);
    ASSERT_EQ(diags.size(), 1u);
    EXPECT_EQ(diags[0].file, "bad.json");
    // Reported where the comma belongs: after the 1 at the end of line 2.
    EXPECT_EQ(diags[0].line, 2);
    EXPECT_EQ(diags[0].column, 9);
    EXPECT_NE(diags[0].message.find("a comma is missing here"), std::string::npos) << diags[0].message;
}

namespace {
Diagnostic syntaxError(const std::string& text) {
    Diagnostics diags;
    auto f = parseJsonText(text, "t.json", diags);
    EXPECT_FALSE(f) << text;
    return diags.empty() ? Diagnostic{} : diags[0];
}
bool says(const Diagnostic& d, const std::string& phrase) { return d.message.find(phrase) != std::string::npos; }
} // namespace

TEST(JsonFile, SyntaxErrorsAreExplainedInPlainWords) {
    Diagnostic d = syntaxError("{\n  \"a\": [1, 2,],\n  \"b\": 2\n}\n");
    EXPECT_TRUE(says(d, "delete this comma")) << d.message;
    EXPECT_EQ(d.line, 2);
    EXPECT_EQ(d.column, 13) << "points at the comma itself";

    d = syntaxError("{\n  \"a\": 1, // note\n  \"b\": 2\n}\n");
    EXPECT_TRUE(says(d, "no comments")) << d.message;
    EXPECT_TRUE(says(d, "_comment")) << d.message;

    d = syntaxError("{\n  \xe2\x80\x9c" "a\xe2\x80\x9d: 1\n}\n");
    EXPECT_TRUE(says(d, "straight double quotes")) << d.message;
    EXPECT_EQ(d.line, 2);
    EXPECT_EQ(d.column, 3);

    d = syntaxError("{\n  \"a\": \"no end,\n  \"b\": 2\n}\n");
    EXPECT_TRUE(says(d, "runs past the end of its line")) << d.message;

    d = syntaxError("{\n  \"a\": {\"b\": 1}\n");
    EXPECT_TRUE(says(d, "closing } or ]")) << d.message;

    d = syntaxError("{\"a\": {\"b\": true \"c\": 2}}");
    EXPECT_TRUE(says(d, "a comma is missing here")) << d.message;
    EXPECT_EQ(d.column, 17) << "just after true";

    d = syntaxError("  \n\n");
    EXPECT_TRUE(says(d, "the file is empty")) << d.message;
    EXPECT_EQ(d.line, 1);
}

// From 1 MiB on, the shape and UTF-8 checks run beside the parse: what a file gets told is the same as
// for a small one. Each text is a large list of records with one fault near its end.
TEST(JsonFile, ALargeFileIsToldWhatASmallOneIsTold) {
    auto large = [](const std::string& fault) {
        std::string text = "{\"nodes\": [";
        for (int i = 0; text.size() < (size_t{3} << 19); ++i) text += "{\"id\": \"n" + std::to_string(i) + "\", \"text\": \"a line of text\"},\n";
        return text + fault + "]}";
    };
    struct Case {
        std::string fault, says;
    };
    const Case cases[] = {
        // Not UTF-8 and a syntax error after it: the encoding is named, as in a small file.
        {"{\"id\": \"caf\xe9\"}, {\"id\" 1}", "0xE9 here is probably an accented letter"},
        {"{\"id\": \"x\", \"id\": \"y\"}", "\"id\""},      // a duplicate key (the parse alone would accept it)
        {"{\"id\": \"x\" \"text\": 2}", "a comma is missing here"}, // a syntax error only
        {"{\"n\": 1e400}", "too large for any computer number"},
    };
    for (const Case& c : cases) {
        const std::string text = large(c.fault);
        ASSERT_GE(text.size(), size_t{1} << 20);
        Diagnostics diags;
        EXPECT_FALSE(parseJsonText(text, "large.json", diags)) << c.says;
        ASSERT_FALSE(diags.empty()) << c.says;
        EXPECT_NE(diags[0].message.find(c.says), std::string::npos) << diags[0].message;
        EXPECT_GT(diags[0].line, 1000) << "at the fault, near the end: " << diags[0].message;
        Diagnostics small;
        (void)parseJsonText("{\"nodes\": [" + c.fault + "]}", "small.json", small);
        ASSERT_EQ(diags.size(), small.size()) << c.says;
        auto withoutNumbers = [](std::string m) { // the same words; a line or column may differ
            std::erase_if(m, [](char ch) { return ch >= '0' && ch <= '9'; });
            return m;
        };
        for (size_t i = 0; i < diags.size(); ++i) EXPECT_EQ(withoutNumbers(diags[i].message), withoutNumbers(small[i].message));
    }
    Diagnostics diags;
    auto ok = parseJsonText(large("{\"id\": \"last\"}"), "large.json", diags);
    ASSERT_TRUE(ok) << (diags.empty() ? "" : diags[0].message);
    EXPECT_TRUE(diags.empty());
    EXPECT_EQ(ok->value["nodes"].back()["id"], "last");
}

// A large file's longest list is parsed in two halves side by side: the value is the one a whole parse
// gives, strings with brackets, commas, quotes and backslashes in them included.
TEST(JsonFile, ALargeFileParsedInHalvesIsTheSameValue) {
    std::string text = "{\"title\": \"a [case], with {braces}\", \"facts\": [1, 2, 3],\n \"nodes\": [";
    for (int i = 0; text.size() < (size_t{3} << 19); ++i)
        text += std::string(i ? "," : "") + "{\"id\": \"n" + std::to_string(i) + "\", \"text\": \"said \\\"no, [not] {now}\\\" \\\\\", " +
                "\"options\": [[1, [2, 3]], {\"a\": [\"]\", \",\"]}], \"n\": " + std::to_string(i * 0.5) + "}\n";
    text += "], \"start\": \"n0\", \"more\": [\"x\", \"y\", \"z\"]}";
    Diagnostics diags;
    auto f = parseJsonText(text, "large.json", diags);
    ASSERT_TRUE(f) << (diags.empty() ? "" : diags[0].message);
    EXPECT_TRUE(diags.empty());
    EXPECT_EQ(f->value, nlohmann::json::parse(text));
    EXPECT_GT(f->value["nodes"].size(), 1000u);
    const std::optional<nlohmann::json> halves = parseInHalves(text);
    ASSERT_TRUE(halves) << "the nodes list was not split";
    EXPECT_EQ(*halves, nlohmann::json::parse(text));
    // What cannot be split, or whose halves do not parse, is left to the whole parse.
    EXPECT_FALSE(parseInHalves(text + " trailing"));
    EXPECT_FALSE(parseInHalves("[" + text + "]"));
    EXPECT_FALSE(parseInHalves(text.substr(0, text.size() / 2)));
    EXPECT_FALSE(parseInHalves("{\"a\": [1]}")) << "a list of one";
}

TEST(JsonFile, RejectsInvalidUtf8WithPosition) {
    Diagnostics diags;
    std::string text = "{\n \"a\": \"caf\xe9\"\n}";
    auto f = parseJsonText(text, "latin1.json", diags);
    EXPECT_FALSE(f);
    ASSERT_EQ(diags.size(), 1u);
    EXPECT_EQ(diags[0].line, 2);
    EXPECT_NE(diags[0].message.find("UTF-8"), std::string::npos);
    EXPECT_NE(diags[0].message.find("0xE9 here is probably an accented letter"), std::string::npos) << diags[0].message;
    EXPECT_EQ(firstInvalidUtf8("plain ascii and caf\xc3\xa9"), std::string::npos);
    EXPECT_EQ(firstInvalidUtf8("\xc0\x80"), 0u) << "overlong encodings are not UTF-8";
}

TEST(JsonFile, TheUtf8CheckFindsABadByteAtEveryPlaceAroundItsEightByteSteps) {
    // The check skips ASCII eight bytes at a time; a bad byte or a character across a step must not slip by.
    for (size_t at = 0; at < 40; ++at) {
        std::string text(41, 'a');
        text[at] = '\xff';
        EXPECT_EQ(firstInvalidUtf8(text), at) << at;
        std::string accented(41, 'a');
        accented.replace(at, 2, "\xc3\xa9"); // é, two bytes, across a step for some `at`
        EXPECT_EQ(firstInvalidUtf8(accented), std::string::npos) << at;
        EXPECT_EQ(firstInvalidUtf8(accented.substr(0, at + 1)), at) << "cut inside the character at " << at;
    }
}

TEST(JsonFile, DuplicateKeysAreFoundPastValuesWithEscapedQuotes) {
    // The shape check skips over values without hashing them: an escaped quote must not end one early.
    Diagnostics diags;
    EXPECT_FALSE(parseJsonText("{\"a\": \"say \\\"a\\\": 1\", \"b\": \"x\\\\\", \"a\": 2}", "dup.json", diags));
    ASSERT_EQ(diags.size(), 1u) << test::all(diags);
    EXPECT_NE(diags[0].message.find("the key \"a\" appears twice"), std::string::npos) << diags[0].message;
    Diagnostics none;
    EXPECT_TRUE(parseJsonText("{\"a\": \"\\\"a\\\": 1\", \"b\": [\"a\", \"a\"]}", "fine.json", none)) << test::all(none);
}
