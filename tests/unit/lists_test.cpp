// Comma lists (core/lists.h), shared by wpt and the app's command line.
#include <gtest/gtest.h>

#include "wholepicture/core/lists.h"

using namespace wp;

TEST(Lists, SplitDropsEmptyItemsAndOptionallyRepeats) {
    EXPECT_EQ(splitList("a,b,,c,"), (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_EQ(splitList(""), std::vector<std::string>{});
    EXPECT_EQ(splitList(",,"), std::vector<std::string>{});
    EXPECT_EQ(splitList("a,b,a"), (std::vector<std::string>{"a", "b", "a"}));
    EXPECT_EQ(splitList("a,b,a,b", ',', true), (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(splitList(" a ,b"), (std::vector<std::string>{" a ", "b"})) << "no trimming";
    EXPECT_EQ(splitList("a;b", ';'), (std::vector<std::string>{"a", "b"}));
}

TEST(Lists, JoinPutsTheSeparatorBetweenAndSaysWhenEmpty) {
    EXPECT_EQ(joinList({"a", "b", "c"}), "a, b, c");
    EXPECT_EQ(joinList({"a"}), "a");
    EXPECT_EQ(joinList({}), "");
    EXPECT_EQ(joinList({}, ", ", "(none)"), "(none)");
    EXPECT_EQ(joinList({"x", "y"}, " and "), "x and y");
    EXPECT_EQ(joinList(splitList("a,,b")), "a, b");
}
