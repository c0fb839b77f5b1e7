// UX review defect 21: what users see of a case's provenance is written for them. The internal
// provenance (seed numbers, line ranges) stays in each plugin's README.md; a detail the case file does
// not record is labelled in words a trainee understands, never "scenario device".
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <regex>

#include "test_support.h"

namespace wp::test {
namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

TEST(Provenance, TheSourceShownToUsersHasNoInternalReferences) {
    const std::regex internal(R"((seed\s*\d)|(lines?\s+\d)|(appendix\s+\d))", std::regex::icase);
    for (const char* id : {"peter", "james", "tina"}) {
        const ScenarioPlugin p = loadPlugin(sourceDir() / "plugins" / id, knowledgeBase());
        ASSERT_TRUE(p.usable()) << id;
        EXPECT_FALSE(p.manifest.source.empty()) << id << ": users are told where the case comes from";
        EXPECT_FALSE(std::regex_search(p.manifest.source, internal)) << id << ": " << p.manifest.source;
        const std::string readme = readBytes(sourceDir() / "plugins" / id / "README.md");
        EXPECT_NE(lower(readme).find("seed"), std::string::npos) << id << ": the internal provenance stays in the README";
    }
}

TEST(Provenance, InventedDetailsAreLabelledForTrainees) {
    for (const char* id : {"peter", "james", "tina"}) {
        const std::string text = lower(readBytes(sourceDir() / "plugins" / id / "scenario.json"));
        EXPECT_EQ(text.find("scenario device"), std::string::npos) << id << ": an authoring note in the case text";
    }
    const std::string tina = readBytes(sourceDir() / "plugins" / "tina" / "scenario.json");
    size_t labelled = 0;
    for (size_t at = tina.find("(Invented for this training:"); at != std::string::npos; at = tina.find("(Invented for this training:", at + 1))
        ++labelled;
    EXPECT_EQ(labelled, 3u) << "Tina's three invented details still say that they are invented";
}

} // namespace
} // namespace wp::test
