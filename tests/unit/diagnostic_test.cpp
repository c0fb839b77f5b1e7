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
    EXPECT_EQ(diags[0].line, 3);
    EXPECT_NE(diags[0].message.find("missing comma"), std::string::npos) << diags[0].message;
}

TEST(JsonFile, RejectsInvalidUtf8WithPosition) {
    Diagnostics diags;
    std::string text = "{\n \"a\": \"caf\xe9\"\n}";
    auto f = parseJsonText(text, "latin1.json", diags);
    EXPECT_FALSE(f);
    ASSERT_EQ(diags.size(), 1u);
    EXPECT_EQ(diags[0].line, 2);
    EXPECT_NE(diags[0].message.find("UTF-8"), std::string::npos);
    EXPECT_EQ(firstInvalidUtf8("plain ascii and caf\xc3\xa9"), std::string::npos);
    EXPECT_EQ(firstInvalidUtf8("\xc0\x80"), 0u) << "overlong encodings are not UTF-8";
}
