#include "wholepicture/core/json_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

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
class Locator {
public:
    Locator(const std::string& text, JsonFile::PositionIndex& out) : m_text(text), m_out(out) {}

    void run() {
        skipSpace();
        value(kFnvBasis);
    }

private:
    const std::string& m_text;
    JsonFile::PositionIndex& m_out;
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
                case 'u': add('?'); m_pos += 4; break; // keys with \u escapes are rare; position stays right
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
    void value(std::uint64_t pointer) {
        if (m_pos >= m_text.size()) return;
        m_out[pointer] = TextPosition{m_line, static_cast<int>(m_pos - m_lineStart) + 1};
        char c = m_text[m_pos];
        if (c == '{') {
            advance();
            skipSpace();
            while (m_pos < m_text.size() && m_text[m_pos] != '}') {
                std::uint64_t child = key(fnv(pointer, '/'));
                skipSpace();
                if (m_pos < m_text.size() && m_text[m_pos] == ':') advance();
                skipSpace();
                value(child);
                skipSpace();
                if (m_pos < m_text.size() && m_text[m_pos] == ',') advance();
                skipSpace();
            }
            if (m_pos < m_text.size()) advance();
        } else if (c == '[') {
            advance();
            skipSpace();
            size_t index = 0;
            while (m_pos < m_text.size() && m_text[m_pos] != ']') {
                std::string digits = std::to_string(index++);
                value(fnv(fnv(pointer, '/'), digits, digits.size()));
                skipSpace();
                if (m_pos < m_text.size() && m_text[m_pos] == ',') advance();
                skipSpace();
            }
            if (m_pos < m_text.size()) advance();
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
    TextPosition p{1, 1};
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

Diagnostic JsonFile::at(Severity s, const std::string& pointer, std::string message) const {
    TextPosition pos = locate(pointer);
    return Diagnostic{s, path, pos.line, pos.column, pointer, std::move(message)};
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

} // namespace

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
    if (has("control character"))
        return {offset, "a text in double quotes runs past the end of its line: close it with \" on the same line "
                        "(write a line break inside a text as \\n), or add the missing closing quote"};
    if (has("end of input"))
        return {offset, "the file ends before every { and [ is closed: a closing } or ] (or a closing quote) is "
                        "missing; check that each { has its } and each [ its ]"};
    return {offset, parserMessage + " (check for a missing comma, quote or bracket near here; JSON allows no "
                                    "comments or trailing commas)"};
}

std::optional<JsonFile> parseJsonText(std::string text, const std::string& displayPath, Diagnostics& diags) {
    if (size_t bad = firstInvalidUtf8(text); bad != std::string::npos) {
        TextPosition p = positionOfOffset(text, bad);
        unsigned char b = static_cast<unsigned char>(text[bad]);
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02X", b);
        std::string guess = guessLegacyCharacter(b);
        diags.push_back({Severity::Error, displayPath, p.line, p.column, "",
                         "file is not valid UTF-8: the byte " + std::string(hex) + " here" +
                             (guess.empty() ? "" : " is probably " + guess + ",") +
                             " saved in an older encoding such as Windows-1252 (\"ANSI\"). Save the file as UTF-8 "
                             "in your editor (\"Save with encoding\" / \"Reopen with encoding\", or in Notepad "
                             "\"Save as\" with Encoding: UTF-8)"});
        return std::nullopt;
    }
    JsonFile f;
    f.path = displayPath;
    try {
        f.value = nlohmann::json::parse(text);
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
        TextPosition p = positionOfOffset(text, x.offset);
        diags.push_back({Severity::Error, displayPath, p.line, p.column, "", "JSON syntax error: " + x.message});
        return std::nullopt;
    }
    f.text = std::move(text);
    return f;
}

std::optional<JsonFile> loadJsonFile(const std::filesystem::path& path, Diagnostics& diags,
                                     const std::string& displayPath) {
    std::string shown = displayPath.empty() ? path.string() : displayPath;
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
        diags.push_back({Severity::Error, shown, 0, 0, "", "file not found; create it or fix the path that names it"});
        return std::nullopt;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        diags.push_back({Severity::Error, shown, 0, 0, "", "cannot open file for reading (check its permissions)"});
        return std::nullopt;
    }
    // One read into a string of the file's size (a stringstream copies a large case twice).
    std::string text;
    in.seekg(0, std::ios::end);
    std::streamoff size = in.tellg();
    in.seekg(0, std::ios::beg);
    if (size > 0) {
        text.resize(static_cast<size_t>(size));
        in.read(text.data(), size);
        text.resize(static_cast<size_t>(in.gcount()));
    } else if (size < 0) { // not seekable (a pipe): read it as a stream
        in.clear();
        std::ostringstream ss;
        ss << in.rdbuf();
        text = ss.str();
    }
    return parseJsonText(std::move(text), shown, diags);
}

bool writeFileAtomically(const std::filesystem::path& path, const std::string& text, Diagnostics& diags) {
    std::error_code ec;
    if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
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
