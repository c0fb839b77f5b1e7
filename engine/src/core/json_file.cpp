#include "wholepicture/core/json_file.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <future>
#include <iterator>
#include <mutex>
#include <optional>
#include <string_view>
#include <system_error>

namespace wp {
namespace {

// FNV-1a, fed a JSON pointer piece by piece: hashing "/a/b" in one go or as "/a" then "/b" agrees,
// so the locator hashes each pointer from its parent's hash without building the string.
constexpr std::uint64_t kFnvBasis = 14695981039346656037ULL;
constexpr std::uint64_t kFnvPrime = 1099511628211ULL;
inline std::uint64_t fnv(std::uint64_t h, char c) { return (h ^ static_cast<unsigned char>(c)) * kFnvPrime; }
std::uint64_t fnv(std::uint64_t h, const std::string& s, size_t n) {
    for (size_t i = 0; i < n; ++i) h = fnv(h, s[i]);
    return h;
}

// Walks JSON text (already known to parse) and records where every value starts, keyed by the hash
// of its pointer. nlohmann/json keeps no positions, and editors need line:col, so we scan once more.
// The walk keeps its own stack instead of recursing: a deeply nested file must not overflow the
// thread's stack (reliability review D5: recursion crashed at about 75,000 levels).
class Locator {
public:
    Locator(const std::string& text, JsonFile::PositionIndex& out) : m_text(text), m_out(out) {}

    void run() {
        skipSpace();
        beginValue(kFnvBasis);
        while (!m_stack.empty()) {
            skipSpace();
            if (m_pos >= m_text.size()) return;
            char c = m_text[m_pos];
            if (c == '}' || c == ']') { // closes the innermost container (the text parsed, so it matches)
                advance();
                m_stack.pop_back();
                continue;
            }
            if (c == ',') {
                advance();
                continue;
            }
            Frame& f = m_stack.back();
            if (f.isObject) {
                if (c != '"') { // cannot happen in text that parsed; never loop on it
                    advance();
                    continue;
                }
                std::uint64_t child = key(fnv(f.pointer, '/'));
                skipSpace();
                if (m_pos < m_text.size() && m_text[m_pos] == ':') advance();
                skipSpace();
                beginValue(child); // may push: `f` is not used after this
            } else {
                std::string digits = std::to_string(f.index++);
                std::uint64_t child = fnv(fnv(f.pointer, '/'), digits, digits.size());
                beginValue(child);
            }
        }
    }

private:
    struct Frame {
        std::uint64_t pointer;
        bool isObject;
        size_t index;
    };
    const std::string& m_text;
    JsonFile::PositionIndex& m_out;
    std::vector<Frame> m_stack;
    size_t m_pos = 0;
    int m_line = 1;
    size_t m_lineStart = 0;

    void advance() {
        if (m_text[m_pos] == '\n') {
            ++m_line;
            m_lineStart = m_pos + 1;
        }
        ++m_pos;
    }
    void skipSpace() {
        while (m_pos < m_text.size() && (m_text[m_pos] == ' ' || m_text[m_pos] == '\t' || m_text[m_pos] == '\n' ||
                                         m_text[m_pos] == '\r'))
            advance();
    }
    // Reads a key and feeds it to the hash as a pointer token ("~" -> "~0", "/" -> "~1").
    std::uint64_t key(std::uint64_t h) {
        auto add = [&](char c) {
            if (c == '~') h = fnv(fnv(h, '~'), '0');
            else if (c == '/') h = fnv(fnv(h, '~'), '1');
            else h = fnv(h, c);
        };
        advance(); // opening quote
        while (m_pos < m_text.size() && m_text[m_pos] != '"') {
            if (m_text[m_pos] == '\\' && m_pos + 1 < m_text.size()) {
                advance();
                char e = m_text[m_pos];
                switch (e) {
                case 'n': add('\n'); break;
                case 't': add('\t'); break;
                case 'r': add('\r'); break;
                case 'b': add('\b'); break;
                case 'f': add('\f'); break;
                case 'u': add('?'); m_pos = std::min(m_pos + 4, m_text.size() - 1); break; // rare in keys
                default: add(e);
                }
                advance();
            } else {
                add(m_text[m_pos]);
                advance();
            }
        }
        if (m_pos < m_text.size()) advance(); // closing quote
        return h;
    }
    void skipString() {
        advance(); // opening quote
        while (m_pos < m_text.size() && m_text[m_pos] != '"') {
            if (m_text[m_pos] == '\\' && m_pos + 1 < m_text.size()) advance();
            advance();
        }
        if (m_pos < m_text.size()) advance(); // closing quote
    }
    // Records where the value at `pointer` starts; a container is pushed, a scalar skipped.
    void beginValue(std::uint64_t pointer) {
        if (m_pos >= m_text.size()) return;
        m_out[pointer] = TextPosition{m_line, static_cast<int>(m_pos - m_lineStart) + 1, m_pos};
        char c = m_text[m_pos];
        if (c == '{' || c == '[') {
            advance();
            m_stack.push_back({pointer, c == '{', 0});
        } else if (c == '"') {
            skipString();
        } else {
            while (m_pos < m_text.size() && m_text[m_pos] != ',' && m_text[m_pos] != '}' && m_text[m_pos] != ']' &&
                   m_text[m_pos] != ' ' && m_text[m_pos] != '\n' && m_text[m_pos] != '\t' && m_text[m_pos] != '\r')
                advance();
        }
    }
};

} // namespace

std::string pointerToken(const std::string& key) {
    std::string out;
    for (char c : key) {
        if (c == '~') out += "~0";
        else if (c == '/') out += "~1";
        else out += c;
    }
    return out;
}

TextPosition positionOfOffset(const std::string& text, size_t offset) {
    TextPosition p{1, 1, std::min(offset, text.size())};
    for (size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++p.line;
            p.column = 1;
        } else {
            ++p.column;
        }
    }
    return p;
}

size_t firstInvalidUtf8(const std::string& text) {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    size_t n = text.size();
    size_t i = 0;
    while (i < n) {
        // Eight ASCII bytes at a time: nearly all of a case's text.
        std::uint64_t word;
        if (i + 8 <= n && (std::memcpy(&word, s + i, 8), (word & 0x8080808080808080ull) == 0)) {
            i += 8;
            continue;
        }
        unsigned char c = s[i];
        size_t len = 0;
        unsigned cp = 0;
        if (c < 0x80) { ++i; continue; }
        if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
        else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
        else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
        else return i;
        if (i + len > n) return i;
        for (size_t k = 1; k < len; ++k) {
            if ((s[i + k] & 0xC0) != 0x80) return i;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        // Overlong forms, surrogates and values past U+10FFFF are not UTF-8 either.
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += len;
    }
    return std::string::npos;
}

TextPosition JsonFile::locate(const std::string& pointer) const {
    if (!positions) {
        auto index = std::make_shared<PositionIndex>();
        index->reserve(text.size() / 16);
        Locator(text, *index).run();
        positions = std::move(index);
    }
    size_t length = pointer.size();
    while (true) {
        auto it = positions->find(fnv(kFnvBasis, pointer, length));
        if (it != positions->end()) return it->second;
        if (length == 0) return {};
        auto slash = pointer.rfind('/', length - 1);
        length = slash == std::string::npos ? 0 : slash;
    }
}

std::string sourceLineAt(const std::string& text, size_t offset) {
    constexpr size_t kReach = 160; // either side: a one-line (minified) file must not become one huge line
    offset = std::min(offset, text.size());
    size_t begin = offset, end = offset;
    while (begin > 0 && text[begin - 1] != '\n' && offset - begin < kReach) --begin;
    while (end < text.size() && text[end] != '\n' && end - offset < kReach) ++end;
    const bool cutFront = begin > 0 && text[begin - 1] != '\n';
    const bool cutBack = end < text.size() && text[end] != '\n';
    // A cut must not split a character: step past UTF-8 continuation bytes.
    auto continuation = [&](size_t i) { return (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80; };
    while (cutFront && begin < offset && continuation(begin)) ++begin;
    while (cutBack && end > offset && continuation(end)) --end;
    std::string line = text.substr(begin, end - begin);
    if (line.find('\0') != std::string::npos || firstInvalidUtf8(line) != std::string::npos) return {};
    for (char& c : line)
        if (c == '\t' || c == '\r') c = ' ';
    const size_t first = line.find_first_not_of(' '), last = line.find_last_not_of(' ');
    if (first == std::string::npos) return {};
    line = line.substr(first, last - first + 1);
    const std::string ellipsis = "\xE2\x80\xA6";
    return (cutFront ? ellipsis : "") + line + (cutBack ? ellipsis : "");
}

void locateDiagnostics(const JsonFile& file, Diagnostics& diags, size_t from) {
    for (size_t i = from; i < diags.size(); ++i) {
        Diagnostic& d = diags[i];
        if (d.line != 0 || d.file != file.path) continue;
        const TextPosition p = file.locate(d.pointer);
        d.line = p.line;
        d.column = p.column;
        if (p.line > 0) d.sourceLine = sourceLineAt(file.text, p.offset);
    }
}

Diagnostic JsonFile::at(Severity s, const std::string& pointer, std::string message) const {
    TextPosition pos = locate(pointer);
    return Diagnostic{s, path, pos.line, pos.column, pointer, std::move(message),
                      pos.line > 0 ? sourceLineAt(text, pos.offset) : std::string{}};
}

namespace {

// What a byte that is not UTF-8 most likely is: text typed in Word or Excel and saved as
// Windows-1252 ("ANSI"), where curly quotes, dashes and the pound sign are single bytes.
std::string guessLegacyCharacter(unsigned char b) {
    switch (b) {
    case 0x91: case 0x92: return "a curly apostrophe or single quote (\xe2\x80\x98 \xe2\x80\x99)";
    case 0x93: case 0x94: return "a curly double quote (\xe2\x80\x9c \xe2\x80\x9d)";
    case 0x96: case 0x97: return "a dash (\xe2\x80\x93 \xe2\x80\x94)";
    case 0x85: return "an ellipsis (\xe2\x80\xa6)";
    case 0x80: return "a euro sign (\xe2\x82\xac)";
    case 0xA3: return "a pound sign (\xc2\xa3)";
    default: return b >= 0xC0 ? "an accented letter" : "";
    }
}

size_t lastNonSpaceBefore(const std::string& text, size_t offset) {
    size_t i = std::min(offset, text.size());
    while (i > 0) {
        char c = text[i - 1];
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return i - 1;
        --i;
    }
    return std::string::npos;
}

bool startsWithCurlyQuote(const std::string& text, size_t offset) {
    // U+201C, U+201D, U+2018, U+2019 in UTF-8
    return offset + 2 < text.size() && static_cast<unsigned char>(text[offset]) == 0xE2 &&
           static_cast<unsigned char>(text[offset + 1]) == 0x80 &&
           (static_cast<unsigned char>(text[offset + 2]) >= 0x98 && static_cast<unsigned char>(text[offset + 2]) <= 0x9D);
}

// The { and [ still open at `offset` (outside texts), innermost last, with where each opened.
std::vector<std::pair<char, size_t>> openContainers(const std::string& text, size_t offset) {
    std::vector<std::pair<char, size_t>> open;
    bool inString = false;
    for (size_t i = 0; i < offset && i < text.size(); ++i) {
        char c = text[i];
        if (inString) {
            if (c == '\\') ++i;
            else if (c == '"' || c == '\n') inString = false; // a text never spans lines in valid JSON
            continue;
        }
        if (c == '"') inString = true;
        else if (c == '{' || c == '[') open.emplace_back(c, i);
        else if ((c == '}' || c == ']') && !open.empty()) open.pop_back();
    }
    return open;
}

std::string lineOf(const std::string& text, size_t offset) {
    return std::to_string(positionOfOffset(text, offset).line);
}

// Where the text that `offset` lies in (or just after) opened: the last straight quote before it on
// the same line that is not escaped.
size_t openingQuoteOnLine(const std::string& text, size_t offset) {
    size_t lineStart = text.rfind('\n', offset == 0 ? 0 : offset - 1);
    lineStart = lineStart == std::string::npos ? 0 : lineStart + 1;
    bool inString = false;
    size_t open = std::string::npos;
    for (size_t i = lineStart; i < offset && i < text.size(); ++i) {
        if (inString && text[i] == '\\') {
            ++i;
            continue;
        }
        if (text[i] == '"') {
            inString = !inString;
            if (inString) open = i;
        }
    }
    return inString ? open : std::string::npos;
}

} // namespace

bool looksLikeUtf16(const std::string& text) {
    if (text.size() >= 2) {
        auto b0 = static_cast<unsigned char>(text[0]), b1 = static_cast<unsigned char>(text[1]);
        if ((b0 == 0xFF && b1 == 0xFE) || (b0 == 0xFE && b1 == 0xFF)) return true;
    }
    // Without a byte order mark: plain ASCII text in UTF-16 has a NUL in every other byte.
    size_t n = std::min<size_t>(text.size(), 200) & ~static_cast<size_t>(1);
    if (n < 4) return false;
    size_t evenNul = 0, oddNul = 0;
    for (size_t i = 0; i < n; i += 2) {
        evenNul += text[i] == '\0';
        oddNul += text[i + 1] == '\0';
    }
    size_t pairs = n / 2;
    return (oddNul * 10 >= pairs * 9 && evenNul * 10 < pairs) || (evenNul * 10 >= pairs * 9 && oddNul * 10 < pairs);
}

const char* utf16Message() {
    return "the file is saved as UTF-16 (\"Unicode\"), but Whole Picture reads JSON files saved as UTF-8 only: open "
           "it in your editor and save it again with the encoding UTF-8 (Notepad: Save As, Encoding: UTF-8; VS "
           "Code: click \"UTF-16\" in the status bar, \"Save with Encoding\", UTF-8)";
}

JsonSyntaxExplanation explainJsonSyntaxError(const std::string& text, size_t offset, const std::string& parserMessage) {
    bool blank = text.find_first_not_of(" \t\r\n") == std::string::npos;
    if (blank)
        return {0, "the file is empty: it must hold one JSON object, from { to }. Restore it from your "
                   "editor's undo or a backup, or copy the file from a folder made by \"wpt new\""};
    offset = std::min(offset, text.size() > 0 ? text.size() - 1 : 0);
    auto has = [&](const char* s) { return parserMessage.find(s) != std::string::npos; };
    // The parser reports the end of the token it did not expect; find where that token starts.
    if (has("unexpected string literal") && text[offset] == '"' && offset > 0) {
        size_t q = offset - 1;
        while (q > 0 && !(text[q] == '"' && text[q - 1] != '\\')) --q;
        offset = q;
    } else if (has("unexpected number literal") || has("unexpected true") || has("unexpected false") ||
               has("unexpected null")) {
        while (offset > 0 && text[offset - 1] != ' ' && text[offset - 1] != '\n' && text[offset - 1] != '\t' &&
               text[offset - 1] != ',' && text[offset - 1] != ':' && text[offset - 1] != '[' &&
               text[offset - 1] != '{')
            --offset;
    }
    size_t prev = lastNonSpaceBefore(text, offset);
    char prevChar = prev == std::string::npos ? '\0' : text[prev];
    char here = offset < text.size() ? text[offset] : '\0';
    if (startsWithCurlyQuote(text, offset))
        return {offset, "curly quotes (\xe2\x80\x9c \xe2\x80\x9d) cannot mark a name or a text in JSON: type straight "
                        "double quotes (\") here; curly quotes are fine inside a text"};
    if (here == '/' && offset + 1 < text.size() && (text[offset + 1] == '/' || text[offset + 1] == '*'))
        return {offset, "JSON allows no comments: delete this comment, or write the note as a \"_comment\" field"};
    if ((here == '}' || here == ']') && prevChar == ',')
        return {prev, std::string("a comma before a closing ") + here +
                          " is not allowed in JSON: delete this comma (the last item in a list or object has none)"};
    bool valueEnded = prevChar == '"' || prevChar == '}' || prevChar == ']' || (prevChar >= '0' && prevChar <= '9') ||
                      prevChar == 'e' || prevChar == 'l'; // true, false, null
    if (valueEnded && (has("expected '}'") || has("expected ']'")) && !has("end of input") &&
        (here == '"' || here == '{' || here == '[' || (here >= '0' && here <= '9') || here == 't' || here == 'f' ||
         here == 'n' || here == '-'))
        return {prev + 1, "a comma is missing here: put a comma after this value, before the next one (missing "
                          "comma)"};
    // A straight quote inside a text (says "OK") ends the text early; the parser then meets the word
    // after it. Trainers type this often, so say so in those words.
    if (prevChar == '"' && prev != std::string::npos && here != '\0' && here != ',' && here != ':' && here != '}' &&
        here != ']' && here != '"' && text.find('\n', prev) >= offset && (has("invalid literal") || has("expected"))) {
        size_t lineEnd = text.find('\n', offset);
        bool moreQuotes = text.find('"', offset) < lineEnd;
        if (moreQuotes)
            return {prev, "a straight double quote (\") inside a text ends the text too early: the text stops at "
                          "this quote and the words after it make no sense to JSON. Inside a text, write each "
                          "straight quote as \\\" (for example: says \\\"OK\\\"), or use curly quotes "
                          "(\xe2\x80\x9c \xe2\x80\x9d) or single quotes (') instead"};
    }
    if (has("control character")) {
        bool tab = has("U+0009");
        size_t open = openingQuoteOnLine(text, offset);
        if (tab)
            return {offset, "a tab is typed inside this text, and JSON does not allow tabs inside a text: replace "
                            "the tab with spaces (or write it as \\t)"};
        // The text ran to the end of the line: was it closed with a curly quote from a word processor?
        size_t lineEnd = offset;
        size_t last = lineEnd;
        while (last > 0 && (text[last - 1] == ' ' || text[last - 1] == '\r' || text[last - 1] == '\t' ||
                            text[last - 1] == ',' || text[last - 1] == '\n'))
            --last;
        if (open != std::string::npos && last >= 3 && last > open + 3 && startsWithCurlyQuote(text, last - 3))
            return {last - 3, "this text opens with a straight \" but closes with a curly quote (\xe2\x80\x9d), "
                              "which JSON does not count as a closing quote, so the text runs on past the end of "
                              "the line: type a straight \" in place of the curly one (a word processor or "
                              "autocorrect changed it)"};
        return {offset, "a text in double quotes runs past the end of its line: close it with \" on the same line "
                        "(write a line break inside a text as \\n), or add the missing closing quote"};
    }
    auto open = openContainers(text, offset);
    if (has("end of input")) {
        if (!open.empty()) {
            const auto& [bracket, at] = open.back();
            return {offset, std::string("the file ends before every { and [ is closed: a closing } or ] is missing. "
                                        "The ") + bracket + " opened on line " + lineOf(text, at) + " has no closing " +
                                (bracket == '{' ? "}" : "]") +
                                ": add it where that object or list should end (editors highlight the partner "
                                "of a bracket when the cursor is on it)"};
        }
        return {offset, "the file ends before every { and [ is closed: a closing } or ] (or a closing quote) is "
                        "missing; check that each { has its } and each [ its ]"};
    }
    if (!open.empty()) {
        const auto& [bracket, at] = open.back();
        // The end of the last value before the mistake (before a stray comma, if there is one).
        size_t end = prev;
        if (prevChar == ',' && prev != std::string::npos) end = lastNonSpaceBefore(text, prev);
        size_t after = end == std::string::npos ? offset : end + 1;
        if (bracket == '{' && (here == '{' || here == ']') && prevChar != ':')
            return {after,
                    "a } is missing here: the object (the { ... }) that opens on line " + lineOf(text, at) +
                        " is not closed before this " + std::string(1, here) + ". Type a } at the end of its last "
                        "value" + (prevChar == ',' ? ", before the comma" : "")};
        if (bracket == '[' && here == '}')
            return {after,
                    "a ] is missing here: the list (the [ ... ]) that opens on line " + lineOf(text, at) +
                        " is not closed before this }. Type a ] after its last item"};
    }
    return {offset, parserMessage + " (check for a missing comma, quote or bracket near here; JSON allows no "
                                    "comments or trailing commas)"};
}

namespace {

// [SECTION] Shape check before parsing
//
// nlohmann/json throws for numbers outside double range (out_of_range 406, reliability D1) and keeps
// the last of two equal keys without a word (D13). One linear, non-recursive pass over the text finds
// those, NUL bytes and excessive nesting first, each with a position, so the parser only ever sees
// text it can take and the author learns the line to fix.
struct ShapeFinding {
    size_t offset = 0;
    std::string message;
};

struct ShapeCheck {
    std::optional<ShapeFinding> fatal;      // refuse before parsing
    std::vector<ShapeFinding> duplicateKeys; // reported only if the text then parses
};

constexpr size_t kMaxDuplicateReports = 20;

bool isJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

ShapeCheck checkShape(const std::string& text) {
    ShapeCheck out;
    // Control characters are rare in text and common in binary files (images, archives, programs).
    size_t sample = std::min<size_t>(text.size(), 4096), controls = 0;
    for (size_t i = 0; i < sample; ++i) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') ++controls;
    }
    if (sample >= 8 && controls * 20 > sample && text.find('\0') == std::string::npos) {
        out.fatal = ShapeFinding{0, "the file is binary data (an image, archive or program?), not JSON text: check that "
                                    "the right file is named, or restore it from a backup"};
        return out;
    }
    if (size_t nul = text.find('\0'); nul != std::string::npos) {
        bool allNul = text.find_first_not_of('\0') == std::string::npos;
        out.fatal = ShapeFinding{
            nul, allNul ? "the file holds only NUL (zero) bytes, not text: it was probably cut short by a crash or a "
                          "full disk. Restore it from a backup or your editor's history"
                        : "the file holds a NUL (zero) byte here, so it is binary data, not JSON text: restore it "
                          "from a backup, or check that the right file is named"};
        return out;
    }
    // A key as JSON reads it: "n\u0061me" is "name". Only keys with an escape are decoded (rare);
    // the others are compared as they stand in the text.
    struct Key {
        std::uint64_t hash;
        size_t offset, length;
        std::optional<std::string> decoded;
    };
    auto keyText = [&](const Key& k) {
        return k.decoded ? std::string_view(*k.decoded) : std::string_view(text).substr(k.offset + 1, k.length - 2);
    };
    struct Frame {
        bool isObject;
        bool expectKey;
        size_t firstKey; // index into keys
    };
    std::vector<Frame> stack;
    std::vector<Key> keys;
    auto closeObject = [&](const Frame& f) {
        if (keys.size() - f.firstKey > 1) {
            std::vector<Key> mine(keys.begin() + static_cast<std::ptrdiff_t>(f.firstKey), keys.end());
            std::stable_sort(mine.begin(), mine.end(), [](const Key& a, const Key& b) { return a.hash < b.hash; });
            for (size_t i = 1; i < mine.size(); ++i) {
                const Key& a = mine[i - 1];
                const Key& b = mine[i];
                if (a.hash != b.hash || keyText(a) != keyText(b)) continue;
                // Each report scans for its line; a hostile file with 100,000 duplicates must stay fast.
                if (out.duplicateKeys.size() >= kMaxDuplicateReports) break;
                // The key as JSON reads it ("n\u0061me" is "name"), as the reader of the message knows it.
                const std::string name(keyText(a).substr(0, 80));
                const std::string spelling = a.decoded || b.decoded ? " (one spelled with \\u escapes)" : "";
                TextPosition first = positionOfOffset(text, a.offset);
                out.duplicateKeys.push_back(
                    {b.offset, "the key \"" + name + "\"" + spelling + " appears twice in this object, here and on line " +
                                   std::to_string(first.line) + " (column " + std::to_string(first.column) +
                                   "); JSON keeps only the last one, so the other is silently lost: delete one, or "
                                   "rename it"});
            }
        }
        keys.resize(f.firstKey);
    };
    size_t i = 0, n = text.size();
    while (i < n) {
        char c = text[i];
        if (isJsonSpace(c)) {
            ++i;
        } else if (c == '"') {
            size_t start = i++;
            if (stack.empty() || !stack.back().isObject || !stack.back().expectKey) {
                // A value: only its end matters here (values are most of a case's bytes; keys are hashed below).
                while (i < n && text[i] != '"') i += text[i] == '\\' && i + 1 < n ? 2 : 1;
                if (i < n) ++i;
                continue;
            }
            std::uint64_t h = kFnvBasis;
            bool escaped = false;
            while (i < n && text[i] != '"') {
                if (text[i] == '\\' && i + 1 < n) escaped = true, h = fnv(h, text[i++]);
                h = fnv(h, text[i++]);
            }
            if (i < n) ++i;
            Key key{h, start, i - start, std::nullopt};
            if (escaped) {
                const nlohmann::json name = nlohmann::json::parse(text.begin() + static_cast<std::ptrdiff_t>(start),
                                                                  text.begin() + static_cast<std::ptrdiff_t>(i), nullptr, false);
                if (name.is_string()) { // else a bad escape, which the parser reports with its place
                    key.decoded = name.get<std::string>();
                    key.hash = kFnvBasis;
                    for (char ch : *key.decoded) key.hash = fnv(key.hash, ch);
                }
            }
            keys.push_back(std::move(key));
            stack.back().expectKey = false;
        } else if (c == '{' || c == '[') {
            if (stack.size() >= static_cast<size_t>(kMaxJsonDepth)) {
                out.fatal = ShapeFinding{i, "lists and objects are nested more than " + std::to_string(kMaxJsonDepth) +
                                                " levels deep here; no Whole Picture file needs that many, so this "
                                                "is probably not the right file (or it was generated wrongly)"};
                return out;
            }
            stack.push_back({c == '{', c == '{', keys.size()});
            ++i;
        } else if (c == '}' || c == ']') {
            if (!stack.empty()) {
                if (stack.back().isObject) closeObject(stack.back());
                stack.pop_back();
            }
            ++i;
        } else if (c == ',') {
            if (!stack.empty() && stack.back().isObject) stack.back().expectKey = true;
            ++i;
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            size_t start = i;
            while (i < n && (text[i] == '-' || text[i] == '+' || text[i] == '.' || text[i] == 'e' || text[i] == 'E' ||
                             (text[i] >= '0' && text[i] <= '9')))
                ++i;
            std::string token = text.substr(start, i - start);
            errno = 0;
            double d = std::strtod(token.c_str(), nullptr);
            if (std::isinf(d)) {
                std::string shown = token.size() > 40 ? token.substr(0, 40) + "..." : token;
                out.fatal = ShapeFinding{start, "the number " + shown +
                                                    " is too large for any computer number (the largest is about "
                                                    "1.8e308): write a smaller number"};
                return out;
            }
        } else {
            ++i;
        }
    }
    return out;
}

// What nlohmann's out_of_range says ("number overflow parsing '1e400'"): find that token in the text
// so even a case the shape check missed gets a line and column.
size_t offsetOfQuotedToken(const std::string& text, const std::string& message) {
    auto open = message.find('\'');
    auto close = open == std::string::npos ? std::string::npos : message.find('\'', open + 1);
    if (close == std::string::npos || close == open + 1) return 0;
    size_t at = text.find(message.substr(open + 1, close - open - 1));
    return at == std::string::npos ? 0 : at;
}

// [SECTION] A large file's longest list parsed in two halves

// Where each element of the largest top-level list of an object document lies, so that its two halves
// can be parsed side by side (a 2,000-decision case is 10 MB, nearly all of it "nodes"). Only a plain
// scan: the halves are parsed by nlohmann as ever, and whatever this cannot place is parsed whole.
struct ListSplit {
    std::string key;      // the list's member name (one without escapes)
    size_t open = 0;      // its '['
    size_t middle = 0;    // the ',' between the halves
    size_t close = 0;     // its ']'
};

std::optional<ListSplit> findListSplit(const std::string& text) {
    size_t i = 0;
    const size_t n = text.size();
    auto space = [&] {
        while (i < n && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r')) ++i;
    };
    auto skipString = [&] { // at '"'; false when it runs off the end
        for (++i; i < n; ++i) {
            if (text[i] == '\\') ++i;
            else if (text[i] == '"') return ++i, true;
        }
        return false;
    };
    // Skips one value; for a list, the offsets of its commas at its own level.
    auto skipValue = [&](std::vector<size_t>* commas) {
        if (i >= n) return false;
        if (text[i] == '"') return skipString();
        if (text[i] != '{' && text[i] != '[') {
            while (i < n && text[i] != ',' && text[i] != '}' && text[i] != ']') ++i;
            return i < n;
        }
        int depth = 0;
        for (; i < n; ++i) {
            const char c = text[i];
            if (c == '"') {
                if (!skipString()) return false;
                --i;
            } else if (c == '{' || c == '[') {
                ++depth;
            } else if (c == '}' || c == ']') {
                if (--depth == 0) return ++i, true;
            } else if (c == ',' && depth == 1 && commas) {
                commas->push_back(i);
            }
        }
        return false;
    };
    space();
    if (i >= n || text[i] != '{') return std::nullopt;
    ++i;
    std::optional<ListSplit> best;
    size_t bestSize = 0;
    while (true) {
        space();
        if (i < n && text[i] == '}') break;
        if (i >= n || text[i] != '"') return std::nullopt;
        const size_t keyStart = i + 1;
        if (!skipString()) return std::nullopt;
        const std::string key = text.substr(keyStart, i - 1 - keyStart);
        space();
        if (i >= n || text[i] != ':') return std::nullopt;
        ++i;
        space();
        const size_t valueStart = i;
        std::vector<size_t> commas;
        const bool list = i < n && text[i] == '[';
        if (!skipValue(list ? &commas : nullptr)) return std::nullopt;
        if (list && commas.size() >= 2 && i - valueStart > bestSize && key.find('\\') == std::string::npos) {
            bestSize = i - valueStart;
            best = ListSplit{key, valueStart, commas[commas.size() / 2], i - 1};
        }
        space();
        if (i < n && text[i] == ',') {
            ++i;
            continue;
        }
        if (i < n && text[i] == '}') break;
        return std::nullopt;
    }
    return best;
}

// Three pieces of text read one after another, as one range of characters for nlohmann::json::parse:
// each half of a large file is parsed where it lies, not from a copy of it (10 MB at 2,000 decisions).
class JoinedText {
public:
    using Pieces = std::array<std::string_view, 3>;
    class Iterator {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = char;
        using difference_type = std::ptrdiff_t;
        using pointer = const char*;
        using reference = const char&;
        Iterator() = default;
        Iterator(const Pieces* pieces, size_t piece) : m_pieces(pieces), m_piece(piece) { skipEmpty(); }
        reference operator*() const { return (*m_pieces)[m_piece][m_at]; }
        Iterator& operator++() {
            if (++m_at == (*m_pieces)[m_piece].size()) {
                m_at = 0;
                ++m_piece;
                skipEmpty();
            }
            return *this;
        }
        Iterator operator++(int) {
            Iterator before = *this;
            ++*this;
            return before;
        }
        bool operator==(const Iterator& other) const { return m_piece == other.m_piece && m_at == other.m_at; }
        bool operator!=(const Iterator& other) const { return !(*this == other); }

    private:
        void skipEmpty() {
            while (m_piece < 3 && (*m_pieces)[m_piece].empty()) ++m_piece;
        }
        const Pieces* m_pieces = nullptr;
        size_t m_piece = 3;
        size_t m_at = 0;
    };
    explicit JoinedText(Pieces pieces) : m_pieces(pieces) {}
    [[nodiscard]] nlohmann::json parse() const {
        return nlohmann::json::parse(Iterator(&m_pieces, 0), Iterator(&m_pieces, 3), nullptr, /*allow_exceptions=*/false);
    }

private:
    Pieces m_pieces;
};

std::optional<nlohmann::json> halvesOf(const std::string& text) {
    const std::optional<ListSplit> split = findListSplit(text);
    if (!split) return std::nullopt;
    // The document with the list's first half, and the second half as a list of its own.
    const std::string_view all(text);
    const JoinedText first({all.substr(0, split->middle), "]", all.substr(split->close + 1)});
    const JoinedText second({"[", all.substr(split->middle + 1, split->close - split->middle - 1), "]"});
    std::future<nlohmann::json> secondHalf;
    try {
        secondHalf = std::async(std::launch::async, [&second] { return second.parse(); });
    } catch (const std::system_error&) {
        return std::nullopt;
    }
    nlohmann::json whole = first.parse();
    nlohmann::json rest = secondHalf.get();
    if (whole.is_discarded() || rest.is_discarded() || !whole.is_object()) return std::nullopt;
    const auto list = whole.find(split->key);
    if (list == whole.end() || !list->is_array() || !rest.is_array()) return std::nullopt;
    for (auto& element : rest) list->push_back(std::move(element));
    return whole;
}

// Files from 1 MiB on have their shape and UTF-8 checked beside the parse (parseJsonText).
constexpr size_t kChecksBesideTheParseBytes = size_t{1} << 20;

// What the shape and UTF-8 checks found, in the order they were always reported: NUL bytes or a binary
// file, then text that is not UTF-8, then the rest of the shape check's fatal findings.
template <typename Report>
std::nullopt_t reportChecks(const std::string& text, const ShapeCheck& shape, size_t badUtf8, Report& report) {
    if (shape.fatal && (text.find('\0') != std::string::npos || shape.fatal->message.rfind("the file is binary", 0) == 0))
        return report(shape.fatal->offset, shape.fatal->message);
    if (badUtf8 != std::string::npos) {
        unsigned char b = static_cast<unsigned char>(text[badUtf8]);
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02X", b);
        std::string guess = guessLegacyCharacter(b);
        return report(badUtf8, "file is not valid UTF-8: the byte " + std::string(hex) + " here" +
                                   (guess.empty() ? "" : " is probably " + guess + ",") +
                                   " saved in an older encoding such as Windows-1252 (\"ANSI\"). Save the file as UTF-8 "
                                   "in your editor (\"Save with encoding\" / \"Reopen with encoding\", or in Notepad "
                                   "\"Save as\" with Encoding: UTF-8)");
    }
    return report(shape.fatal->offset, shape.fatal->message);
}

} // namespace

std::optional<nlohmann::json> parseInHalves(const std::string& text) {
    try {
        return halvesOf(text);
    } catch (const nlohmann::json::exception&) { // whatever a half threw, the whole parse says better
        return std::nullopt;
    }
}

std::future<void> freeTreeBeside(JsonFile& file) {
    if (file.text.size() >= kChecksBesideTheParseBytes) {
        try {
            return std::async(std::launch::async, [tree = std::move(file.value)]() mutable { tree = nlohmann::json(); });
        } catch (const std::system_error&) { // the tree, moved into the task that was not started, is freed with it
        }
    }
    file.value = nlohmann::json();
    return {};
}

std::optional<JsonFile> parseJsonText(std::string text, const std::string& displayPath, Diagnostics& diags) {
    auto report = [&](size_t offset, const std::string& message) {
        TextPosition p = positionOfOffset(text, offset);
        diags.push_back({Severity::Error, displayPath, p.line, p.column, "", message, sourceLineAt(text, offset)});
        return std::nullopt;
    };
    // Before the UTF-8 check: a NUL-filled file is valid UTF-8 but deserves its own plain words.
    // UTF-16 ("Unicode" in Notepad) is full of NUL bytes and not UTF-8: name it before either check does.
    if (looksLikeUtf16(text)) return report(0, utf16Message());

    // The shape and UTF-8 checks and the parse read the same text and need nothing of each other. On a
    // large file (a 2,000-decision case is 10 MB) the checks run beside the parse; their findings are
    // still reported first, as when they run before it.
    struct Checks {
        ShapeCheck shape;
        size_t badUtf8 = std::string::npos;
    };
    const auto check = [&text] { return Checks{checkShape(text), firstInvalidUtf8(text)}; };
    std::future<Checks> checksBeside;
    if (text.size() >= kChecksBesideTheParseBytes) {
        try {
            checksBeside = std::async(std::launch::async, check);
        } catch (const std::system_error&) { // no thread to be had: one after the other
        }
    }
    std::optional<Checks> checks;
    if (!checksBeside.valid()) {
        checks = check();
        const ShapeCheck& shape = checks->shape;
        if (shape.fatal || checks->badUtf8 != std::string::npos) return reportChecks(text, shape, checks->badUtf8, report);
    }

    JsonFile f;
    f.path = displayPath;
    std::optional<std::pair<size_t, std::string>> parseProblem; // offset, message
    try {
        std::optional<nlohmann::json> halves = text.size() >= kChecksBesideTheParseBytes ? parseInHalves(text) : std::nullopt;
        f.value = halves ? std::move(*halves) : nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        // byte is 1-based and points just past the offending character.
        size_t offset = e.byte > 0 ? e.byte - 1 : 0;
        std::string what = e.what();
        auto cut = what.find("parse error at line");
        if (cut != std::string::npos) {
            auto colon = what.find(": ", cut);
            if (colon != std::string::npos) what = what.substr(colon + 2);
        }
        JsonSyntaxExplanation x = explainJsonSyntaxError(text, offset, what);
        parseProblem = {x.offset, "JSON syntax error: " + x.message};
    } catch (const nlohmann::json::exception& e) {
        // out_of_range 406 and anything a later nlohmann adds: never let it cross this function.
        parseProblem = {offsetOfQuotedToken(text, e.what()), std::string("cannot read this JSON: ") + e.what() +
                                                                 " (fix the value named, then save again)"};
    } catch (const std::bad_alloc&) {
        parseProblem = {0, "the file is too large to read into memory"};
    }
    if (!checks) {
        checks = checksBeside.get();
        if (checks->shape.fatal || checks->badUtf8 != std::string::npos) return reportChecks(text, checks->shape, checks->badUtf8, report);
    }
    if (parseProblem) return report(parseProblem->first, parseProblem->second);
    for (const auto& d : checks->shape.duplicateKeys) report(d.offset, d.message);
    if (!checks->shape.duplicateKeys.empty()) return std::nullopt;
    f.text = std::move(text);
    return f;
}

// [SECTION] Safe reads

namespace {

std::mutex g_observerMutex;
FileOpenObserver g_observer; // test-only; empty in the app

void notifyOpen(const std::filesystem::path& path) {
    FileOpenObserver copy;
    {
        std::lock_guard<std::mutex> lock(g_observerMutex);
        copy = g_observer;
    }
    if (copy) copy(path);
}

const char* fileKind(mode_t mode) {
    if (S_ISDIR(mode)) return "a directory";
    if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    if (S_ISSOCK(mode)) return "a socket";
    if (S_ISLNK(mode)) return "a symbolic link";
    return "not a regular file";
}

std::string sizeText(size_t bytes) {
    if (bytes >= (1u << 20) && bytes % (1u << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
    return std::to_string(bytes) + " bytes";
}

std::string tooLarge(size_t maxBytes) {
    return "the file is larger than the limit of " + sizeText(maxBytes) +
           " for this kind of file: it is probably not the right file; split a very large case into smaller ones";
}

std::optional<std::string> readRegularFile(const std::filesystem::path& path, const std::string& shown, size_t maxBytes,
                                           bool noFollow, Diagnostics& diags) {
    auto fail = [&](std::string message) {
        diags.push_back({Severity::Error, shown, 0, 0, "", std::move(message)});
        return std::nullopt;
    };
    // stat before open: opening a FIFO for reading blocks until a writer comes (D4), and a directory
    // "opens" fine and then reports a nonsense size (D3).
    struct stat st{};
    if (::stat(path.c_str(), &st) != 0) {
        int err = errno;
        if (err == ENOENT || err == ENOTDIR) return fail("file not found; create it or fix the path that names it");
        if (err == EACCES) return fail("cannot open file for reading: permission denied (check its permissions)");
        if (err == ELOOP) return fail("cannot open file: it is a symbolic link that leads round in a loop");
        return fail(std::string("cannot open file: ") + std::strerror(err));
    }
    if (!S_ISREG(st.st_mode)) return fail(shown + " is " + fileKind(st.st_mode) + ", expected a file");
    if (static_cast<std::uint64_t>(st.st_size) > maxBytes) return fail(tooLarge(maxBytes));
    notifyOpen(path);
    // O_NONBLOCK: if the path was swapped for a FIFO since the stat, open still returns at once.
    int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY | (noFollow ? O_NOFOLLOW : 0));
    if (fd < 0) {
        int err = errno;
        if (err == ELOOP && noFollow) return fail("the file was replaced by a symbolic link while being read; not read");
        if (err == EACCES) return fail("cannot open file for reading: permission denied (check its permissions)");
        return fail(std::string("cannot open file: ") + std::strerror(err));
    }
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
        return fail(shown + " is " + fileKind(st.st_mode) + ", expected a file");
    // Read to the end rather than trusting st_size: files under /proc report 0 and hold text.
    std::string text;
    text.resize(std::min<size_t>(static_cast<size_t>(st.st_size), maxBytes) + 1);
    size_t got = 0;
    while (true) {
        if (got == text.size()) {
            if (text.size() > maxBytes) return fail(tooLarge(maxBytes));
            text.resize(std::min(text.size() * 2 + 4096, maxBytes + 1));
        }
        ssize_t r = ::read(fd, text.data() + got, text.size() - got);
        if (r < 0) {
            if (errno == EINTR) continue;
            return fail(std::string("cannot read file: ") + std::strerror(errno));
        }
        if (r == 0) break;
        got += static_cast<size_t>(r);
    }
    if (got > maxBytes) return fail(tooLarge(maxBytes));
    text.resize(got);
    return text;
}

bool isInside(const std::filesystem::path& inner, const std::filesystem::path& folder) {
    auto f = folder.begin(), i = inner.begin();
    for (; f != folder.end(); ++f, ++i) {
        if (f->empty()) continue; // a trailing separator
        if (i == inner.end() || *i != *f) return false;
    }
    return true;
}

} // namespace

void setFileOpenObserver(FileOpenObserver observer) {
    std::lock_guard<std::mutex> lock(g_observerMutex);
    g_observer = std::move(observer);
}

std::optional<std::string> readFileSafely(const std::filesystem::path& path, Diagnostics& diags,
                                          const std::string& displayPath, size_t maxBytes) {
    return readRegularFile(path, displayPath.empty() ? path.string() : displayPath, maxBytes, false, diags);
}

std::string relativePathProblem(const std::string& relative) {
    if (relative.empty()) return "is empty; name a file inside the plugin folder, such as \"scenario.json\"";
    if (relative.front() == '/') return "is an absolute path; name a file inside the plugin folder, such as \"scenario.json\"";
    if (relative.back() == '/') return "names a folder; name a file inside the plugin folder, such as \"scenario.json\"";
    if (relative.find('\0') != std::string::npos) return "holds a NUL character; name a plain file name";
    std::filesystem::path p(relative);
    bool anyName = false;
    for (const auto& part : p) {
        if (part == "..") return "goes up out of the plugin folder (\"..\"); keep every file inside the plugin folder";
        if (part != "." && !part.empty()) anyName = true;
    }
    if (!anyName) return "names the plugin folder itself, not a file; name a file such as \"scenario.json\"";
    return "";
}

std::optional<std::string> readFileInFolder(const std::filesystem::path& folder, const std::string& relative,
                                            Diagnostics& diags, const std::string& displayPath, size_t maxBytes) {
    std::filesystem::path joined = folder / relative;
    std::string shown = displayPath.empty() ? joined.string() : displayPath;
    auto fail = [&](std::string message) {
        diags.push_back({Severity::Error, shown, 0, 0, "", std::move(message)});
        return std::nullopt;
    };
    if (std::string problem = relativePathProblem(relative); !problem.empty())
        return fail("the path \"" + relative + "\" " + problem);
    std::error_code ec;
    std::filesystem::path realFolder = std::filesystem::canonical(folder, ec);
    if (ec == std::errc::no_such_file_or_directory)
        return fail("file not found: the folder " + folder.string() + " does not exist; fix the path that names it");
    if (ec) return fail("cannot open the plugin folder " + folder.string() + ": " + ec.message());
    std::filesystem::path real = std::filesystem::canonical(joined, ec);
    if (ec) {
        // Missing, a loop, or a permission problem: say which, without reading anything.
        struct stat lst{};
        if (::lstat(joined.c_str(), &lst) == 0 && S_ISLNK(lst.st_mode))
            return fail("this file is a symbolic link to something that cannot be read (" + ec.message() +
                        "); plugins may read only files inside their own folder");
        return readRegularFile(joined, shown, maxBytes, true, diags); // gives the plain "not found" and friends
    }
    // Symlinks, and entry paths through symlinked folders, must not reach outside the plugin (D7):
    // a shared plugin would otherwise read /etc/passwd or /proc and echo pieces of it in diagnostics.
    if (!isInside(real, realFolder))
        return fail("this file leads outside the plugin folder (through a symbolic link): a plugin may read only files inside "
                    "its own folder, so this file was not opened. Copy the file into the plugin folder instead");
    return readRegularFile(real, shown, maxBytes, true, diags);
}

std::optional<JsonFile> loadJsonFile(const std::filesystem::path& path, Diagnostics& diags,
                                     const std::string& displayPath) {
    return loadJsonFile(path, diags, displayPath, kMaxRecordFileBytes);
}

std::optional<JsonFile> loadJsonFile(const std::filesystem::path& path, Diagnostics& diags,
                                     const std::string& displayPath, size_t maxBytes) {
    std::string shown = displayPath.empty() ? path.string() : displayPath;
    auto text = readFileSafely(path, diags, shown, maxBytes);
    if (!text) return std::nullopt;
    return parseJsonText(std::move(*text), shown, diags);
}

std::optional<JsonFile> loadJsonFileInFolder(const std::filesystem::path& folder, const std::string& relative,
                                             Diagnostics& diags, const std::string& displayPath, size_t maxBytes) {
    std::string shown = displayPath.empty() ? (folder / relative).string() : displayPath;
    auto text = readFileInFolder(folder, relative, diags, shown, maxBytes);
    if (!text) return std::nullopt;
    return parseJsonText(std::move(*text), shown, diags);
}

std::string dumpJson(const nlohmann::json& j, int indent) {
    return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

namespace {

// A write killed between open and rename leaves "<name>.tmp<pid>" behind (D11). The next write of
// the same file removes those whose process is gone; a live writer's file is left alone.
void removeStaleTemps(const std::filesystem::path& path) {
    std::error_code ec;
    std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
    std::string prefix = path.filename().string() + ".tmp";
    std::filesystem::directory_iterator it(dir, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
        std::string name = it->path().filename().string();
        if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) continue;
        std::string digits = name.substr(prefix.size());
        if (digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos) continue;
        pid_t pid = static_cast<pid_t>(std::stol(digits));
        if (pid == ::getpid() || (::kill(pid, 0) != 0 && errno == ESRCH)) {
            std::error_code rm;
            std::filesystem::remove(it->path(), rm);
        }
    }
}

} // namespace

bool writeFileAtomically(const std::filesystem::path& path, const std::string& text, Diagnostics& diags) {
    std::error_code ec;
    if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
    removeStaleTemps(path);
    std::filesystem::path tmp = path;
    tmp += ".tmp" + std::to_string(::getpid());
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        diags.push_back({Severity::Error, path.string(), 0, 0, "", "cannot write file (is the folder writable?)"});
        return false;
    }
    const char* data = text.data();
    size_t left = text.size();
    while (left > 0) {
        ssize_t n = ::write(fd, data, left);
        if (n <= 0) {
            ::close(fd);
            ::unlink(tmp.c_str());
            diags.push_back({Severity::Error, path.string(), 0, 0, "", "write failed (disk full?); the old file is kept"});
            return false;
        }
        data += n;
        left -= static_cast<size_t>(n);
    }
    ::fsync(fd);
    ::close(fd);
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        ::unlink(tmp.c_str());
        diags.push_back({Severity::Error, path.string(), 0, 0, "", "could not replace the file; the old file is kept"});
        return false;
    }
    int dfd = ::open(path.has_parent_path() ? path.parent_path().c_str() : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
    return true;
}

} // namespace wp
