// Diagnostics: expected failures (bad content, missing files) are values, never exceptions.
#pragma once
#include <string>
#include <vector>

namespace wp {

enum class Severity { Error, Warning, Note };

// - file is the path as the user gave it (or as discovered); line/column are 1-based, 0 when unknown.
// - pointer is an RFC 6901 JSON pointer into the file ("" for the whole document).
// - message says what is wrong and what was expected ("expected a string", "did you mean 'dsl'?").
struct Diagnostic {
    Severity severity = Severity::Error;
    std::string file;
    int line = 0;
    int column = 0;
    std::string pointer;
    std::string message;
    // The text of `line` as the file has it (trimmed; a very long line is cut around the column with "…"),
    // so a reader sees what is wrong without opening the file; "" when the line is not known.
    std::string sourceLine;
};

using Diagnostics = std::vector<Diagnostic>;

[[nodiscard]] const char* severityName(Severity s);
// "file:line:col: error: message (/json/pointer)", the shape compilers and editors understand.
[[nodiscard]] std::string formatDiagnostic(const Diagnostic& d);
[[nodiscard]] bool hasErrors(const Diagnostics& diags);
[[nodiscard]] size_t countSeverity(const Diagnostics& diags, Severity s);

// Closest candidate by edit distance, or "" when nothing is close enough to suggest.
[[nodiscard]] std::string didYouMean(const std::string& wanted, const std::vector<std::string>& candidates);

} // namespace wp
