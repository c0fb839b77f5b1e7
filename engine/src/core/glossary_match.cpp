#include "wholepicture/core/glossary_match.h"

#include <algorithm>
#include <cctype>

namespace wp {

namespace {

bool isGlossaryWordByte(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || (static_cast<unsigned char>(c) & 0x80) != 0; }

std::string foldedCase(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string spaceTrimmed(const std::string& s) {
    const size_t a = s.find_first_not_of(' '), b = s.find_last_not_of(' ');
    return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
}

struct GlossaryForm {
    std::string text;
    bool exactCase = false;
    const GlossaryTerm* term = nullptr;
};

} // namespace

std::vector<std::string> glossaryForms(const GlossaryTerm& term) {
    std::vector<std::string> forms;
    std::string outside;
    int depth = 0;
    std::string inside, bracket;
    for (char c : term.term) {
        if (c == '(') {
            ++depth;
            bracket.clear();
        } else if (c == ')') {
            depth = std::max(0, depth - 1);
            inside = bracket;
        } else if (depth > 0) {
            bracket += c;
        } else {
            outside += c;
        }
    }
    // "Section 20 (accommodation)": the words outside the brackets; "CAMHS": the term itself.
    std::string words;
    for (char c : spaceTrimmed(outside))
        if (!(c == ' ' && !words.empty() && words.back() == ' ')) words += c;
    if (words.size() >= 3) forms.push_back(words);
    const bool acronym = inside.size() >= 3 && std::all_of(inside.begin(), inside.end(), [](char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; });
    if (acronym) forms.push_back(inside);
    return forms;
}

std::vector<GlossarySpan> findGlossaryTerms(const std::string& text, const std::vector<GlossaryTerm>& glossary) {
    std::vector<GlossaryForm> forms;
    for (const auto& t : glossary)
        for (const std::string& f : glossaryForms(t)) {
            const bool exact = std::all_of(f.begin(), f.end(), [](char c) { return !std::isalpha(static_cast<unsigned char>(c)) || std::isupper(static_cast<unsigned char>(c)); });
            forms.push_back({exact ? f : foldedCase(f), exact, &t});
        }
    // Longest first: "child in need plan" before "child in need".
    std::stable_sort(forms.begin(), forms.end(), [](const GlossaryForm& a, const GlossaryForm& b) { return a.text.size() > b.text.size(); });
    const std::string folded = foldedCase(text);
    std::vector<GlossarySpan> spans;
    auto overlaps = [&](size_t b, size_t e) {
        return std::any_of(spans.begin(), spans.end(), [&](const GlossarySpan& s) { return b < s.end && s.begin < e; });
    };
    auto marked = [&](const GlossaryTerm* t) {
        return std::any_of(spans.begin(), spans.end(), [&](const GlossarySpan& s) { return s.term == t; });
    };
    for (const GlossaryForm& f : forms) {
        if (marked(f.term)) continue;
        const std::string& haystack = f.exactCase ? text : folded;
        for (size_t at = haystack.find(f.text); at != std::string::npos; at = haystack.find(f.text, at + 1)) {
            const size_t end = at + f.text.size();
            const bool wholeWord = (at == 0 || !isGlossaryWordByte(text[at - 1])) && (end >= text.size() || !isGlossaryWordByte(text[end]));
            if (!wholeWord || overlaps(at, end)) continue;
            spans.push_back({at, end, f.term});
            break;
        }
    }
    std::sort(spans.begin(), spans.end(), [](const GlossarySpan& a, const GlossarySpan& b) { return a.begin < b.begin; });
    return spans;
}

} // namespace wp
