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
