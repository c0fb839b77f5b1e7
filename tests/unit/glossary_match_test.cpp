// Glossary terms found in a text, for the app to mark and explain (issue 12 item 4).
#include <gtest/gtest.h>

#include "test_support.h"
#include "wholepicture/core/glossary_match.h"

namespace wp {
namespace {

std::vector<std::string> marked(const std::string& text, const std::vector<GlossaryTerm>& glossary) {
    std::vector<std::string> out;
    for (const auto& s : findGlossaryTerms(text, glossary)) out.push_back(text.substr(s.begin, s.end - s.begin) + "=" + s.term->id);
    return out;
}

TEST(GlossaryMatch, FormsAreTheWordsOutsideTheBracketsAndAnAcronymInThem) {
    EXPECT_EQ(glossaryForms({"dsl", "Designated safeguarding lead (DSL)", "", {}}),
              (std::vector<std::string>{"Designated safeguarding lead", "DSL"}));
    EXPECT_EQ(glossaryForms({"s17", "Section 17 (child in need)", "", {}}), (std::vector<std::string>{"Section 17"}));
    EXPECT_EQ(glossaryForms({"camhs", "CAMHS", "", {}}), (std::vector<std::string>{"CAMHS"}));
}

TEST(GlossaryMatch, WholeWordsFirstMentionLongestFormAndAcronymsAsWritten) {
    const std::vector<GlossaryTerm> g{{"dsl", "Designated safeguarding lead (DSL)", "d", {}},
                                      {"cin", "Child in need", "d", {}},
                                      {"cin_plan", "Child in need plan", "d", {}},
                                      {"camhs", "CAMHS", "d", {}}};
    EXPECT_EQ(marked("Tell the DSL. The DSL's reply comes later.", g), (std::vector<std::string>{"DSL=dsl"}));
    EXPECT_EQ(marked("A child in need plan was made for a child in need.", g),
              (std::vector<std::string>{"child in need plan=cin_plan", "child in need=cin"}));
    EXPECT_EQ(marked("The dsl said so; CAMHSX and camhs are not CAMHS.", g), (std::vector<std::string>{"CAMHS=camhs"}))
        << "acronyms match as written, whole words only";
    EXPECT_EQ(marked("The Designated Safeguarding Lead rang.", g), (std::vector<std::string>{"Designated Safeguarding Lead=dsl"}));
    EXPECT_TRUE(marked("", g).empty());
}

TEST(GlossaryMatch, TheBundledGlossaryMarksTermsInABundledCase) {
    const KnowledgeBase& kb = test::knowledgeBase();
    ASSERT_FALSE(kb.glossary.empty());
    const auto spans = findGlossaryTerms("The school's DSL makes a referral; a strategy discussion and a section 47 enquiry follow.", kb.glossary);
    std::vector<std::string> ids;
    for (const auto& s : spans) ids.push_back(s.term->id);
    EXPECT_NE(std::find(ids.begin(), ids.end(), "dsl"), ids.end());
    EXPECT_NE(std::find(ids.begin(), ids.end(), "section_47"), ids.end());
    EXPECT_NE(std::find(ids.begin(), ids.end(), "strategy_discussion"), ids.end());
}

} // namespace
} // namespace wp
