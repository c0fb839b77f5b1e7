// Reading JSON files with positions, so every diagnostic can name file:line:col and a JSON pointer.
#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "wholepicture/core/diagnostic.h"

namespace wp {

struct TextPosition {
    int line = 0;   // 1-based
    int column = 0; // 1-based, in bytes
};

// A parsed JSON document that can say where each value starts.
// - The position index (JSON pointer -> line:col) is built from `text` on the first locate(), so a
//   file that lints clean never pays for it. Keys are 64-bit hashes of the pointers, so building it
//   allocates no strings. locate() on one JsonFile is not safe from two threads at once.
struct JsonFile {
    std::string path;  // as displayed in diagnostics
    std::string text;
    nlohmann::json value;

    // Position of the value at `pointer`, or of its nearest located ancestor.
    [[nodiscard]] TextPosition locate(const std::string& pointer) const;
    // A diagnostic positioned at `pointer`.
    [[nodiscard]] Diagnostic at(Severity s, const std::string& pointer, std::string message) const;

    using PositionIndex = std::unordered_map<std::uint64_t, TextPosition>; // hash of a JSON pointer -> start
    mutable std::shared_ptr<const PositionIndex> positions;                // built on first use
};

// Reads and parses `path`. On failure returns nullopt and appends a diagnostic that names the file
// and, for syntax and encoding errors, the line and column.
[[nodiscard]] std::optional<JsonFile> loadJsonFile(const std::filesystem::path& path, Diagnostics& diags,
                                                   const std::string& displayPath = {});
// Same, from text already in memory (tests, hot reload).
[[nodiscard]] std::optional<JsonFile> parseJsonText(std::string text, const std::string& displayPath,
                                                    Diagnostics& diags);

// A JSON syntax error in plain words for a non-programmer, and the byte offset to report it at
// (for a missing comma: just after the value that needs one). `offset` is where the parser stopped,
// `parserMessage` its own text (kept only when no plainer explanation fits).
struct JsonSyntaxExplanation {
    size_t offset = 0;
    std::string message;
};
[[nodiscard]] JsonSyntaxExplanation explainJsonSyntaxError(const std::string& text, size_t offset,
                                                           const std::string& parserMessage);

// Byte offset -> 1-based line and column.
[[nodiscard]] TextPosition positionOfOffset(const std::string& text, size_t offset);
// Offset of the first byte that is not valid UTF-8, or npos.
[[nodiscard]] size_t firstInvalidUtf8(const std::string& text);
// Escapes one reference token for a JSON pointer ("~" -> "~0", "/" -> "~1").
[[nodiscard]] std::string pointerToken(const std::string& key);

// Writes `text` to `path` atomically (temp file, fsync, rename, fsync dir). Returns false and
// appends a diagnostic on failure; the old file is never left half-written.
bool writeFileAtomically(const std::filesystem::path& path, const std::string& text, Diagnostics& diags);

} // namespace wp
