// Where a text names a glossary term (content/glossary.json), so the app can mark it and explain it on
// hover (issue 12: "glossary terms are marked in the text and explained on focus or hover").
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "wholepicture/core/knowledge.h"

namespace wp {

struct GlossarySpan {
    size_t begin = 0; // byte offsets into the text
    size_t end = 0;
    const GlossaryTerm* term = nullptr;
};

// The ways a text names a term: its words without the part in brackets, matched in any case
// ("Designated safeguarding lead (DSL)" -> "designated safeguarding lead"), and a capitals acronym
// in brackets, matched as written ("DSL"). Forms shorter than three letters are left out.
[[nodiscard]] std::vector<std::string> glossaryForms(const GlossaryTerm& term);

// Each term's first mention in `text`, whole words only, the longest form winning where two overlap;
// in text order. A term is marked once per text, as a reader needs it once.
[[nodiscard]] std::vector<GlossarySpan> findGlossaryTerms(const std::string& text, const std::vector<GlossaryTerm>& glossary);

} // namespace wp
