// Reading JSON files with positions, so every diagnostic can name file:line:col and a JSON pointer.
#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <future>
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
    size_t offset = 0; // bytes from the start of the text
};

// The line of `text` around byte `offset`, trimmed, as Diagnostic::sourceLine shows it: at most about
// 160 bytes either side of the offset (cut ends get "…"), "" when that part of the text is not UTF-8.
[[nodiscard]] std::string sourceLineAt(const std::string& text, size_t offset);

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

// Fills in line:col for the diagnostics from `from` on that are about `file` and have a JSON pointer
// but no position yet (what a reader of the parsed value reports): "autosave.json:14:17: ...".
void locateDiagnostics(const JsonFile& file, Diagnostics& diags, size_t from);

// [SECTION] Reading files
//
// Every file the core reads goes through readFileSafely / readFileInFolder. What they guarantee:
// - they never throw, never block and never abort: a directory, FIFO, device or socket where a file
//   belongs gets "X is a directory, expected a file" (checked with stat before open; the open uses
//   O_NONBLOCK, so a FIFO cannot hang the caller); a missing or unreadable file gets a plain message;
// - a file larger than `maxBytes` is refused with a message giving the limit (nothing is allocated
//   beyond the limit, whatever the file system claims the size is);
// - the file is only read, never changed: a corrupt file stays byte-identical for the user to repair.
// plugin.json, scenario files, content. A 2,000-decision case is about 10 MiB; the largest bundled
// case is under 0.5 MiB. The limit keeps a wrong file (a video renamed .json) from filling memory.
inline constexpr size_t kMaxPluginFileBytes = size_t{24} << 20;
inline constexpr size_t kMaxRecordFileBytes = size_t{64} << 20; // settings, autosave, room records
// Deeper nesting is refused before parsing (no Whole Picture file comes near it).
inline constexpr int kMaxJsonDepth = 256;

[[nodiscard]] std::optional<std::string> readFileSafely(const std::filesystem::path& path, Diagnostics& diags,
                                                        const std::string& displayPath = {},
                                                        size_t maxBytes = kMaxRecordFileBytes);
// Reads `relative` inside `folder`, and only there: an empty path, ".", a folder name, an absolute
// path, "..", or a path whose real location (after following symbolic links) is outside `folder` is
// refused with a diagnostic, and then nothing outside the folder is opened, and nothing of an outside
// file is echoed.
[[nodiscard]] std::optional<std::string> readFileInFolder(const std::filesystem::path& folder, const std::string& relative,
                                                          Diagnostics& diags, const std::string& displayPath = {},
                                                          size_t maxBytes = kMaxPluginFileBytes);
// Why `relative` cannot name a file inside a folder ("is empty; ...", "goes up out of ..."), or "".
[[nodiscard]] std::string relativePathProblem(const std::string& relative);

// Test hook: called with each path just before it is opened for reading. Empty by default.
using FileOpenObserver = std::function<void(const std::filesystem::path&)>;
void setFileOpenObserver(FileOpenObserver observer);

// Reads and parses `path`. On failure returns nullopt and appends a diagnostic that names the file
// and, for syntax and encoding errors, the line and column. Never throws: besides syntax errors,
// numbers outside double range (1e400), NUL bytes, nesting deeper than kMaxJsonDepth and duplicate
// keys (both lines named) are reported as errors.
[[nodiscard]] std::optional<JsonFile> loadJsonFile(const std::filesystem::path& path, Diagnostics& diags,
                                                   const std::string& displayPath = {});
[[nodiscard]] std::optional<JsonFile> loadJsonFile(const std::filesystem::path& path, Diagnostics& diags,
                                                   const std::string& displayPath, size_t maxBytes);
// loadJsonFile through readFileInFolder: for plugin files.
[[nodiscard]] std::optional<JsonFile> loadJsonFileInFolder(const std::filesystem::path& folder,
                                                           const std::string& relative, Diagnostics& diags,
                                                           const std::string& displayPath = {},
                                                           size_t maxBytes = kMaxPluginFileBytes);
// Same, from text already in memory (tests, hot reload).
[[nodiscard]] std::optional<JsonFile> parseJsonText(std::string text, const std::string& displayPath,
                                                    Diagnostics& diags);

// JSON text that never throws: strings that are not UTF-8 (a folder name from a Latin-1 file
// system, say) are written with U+FFFD instead of raising type_error 316.
[[nodiscard]] std::string dumpJson(const nlohmann::json& j, int indent = -1);

// A JSON syntax error in plain words for a non-programmer, and the byte offset to report it at
// (for a missing comma: just after the value that needs one). `offset` is where the parser stopped,
// `parserMessage` its own text (kept only when no plainer explanation fits).
// Whether the text is UTF-16 (a byte order mark, or a NUL in every other byte), and the plain-words fix.
[[nodiscard]] bool looksLikeUtf16(const std::string& text);
[[nodiscard]] const char* utf16Message();

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
// An object document parsed with its longest top-level list in two halves side by side (parseJsonText
// does this from 1 MiB on): the value a whole parse gives, or nullopt when the list cannot be split or
// a half does not parse (parse it whole: that gives the error its place). Throws only bad_alloc.
[[nodiscard]] std::optional<nlohmann::json> parseInHalves(const std::string& text);
// Empties the tree of `file` (read into a model, no longer needed). A large file's tree (from 1 MiB of
// text; six times its size in memory) is freed on a thread of its own, which takes tens of milliseconds
// the lint after it need not wait for: the returned future waits for it when destroyed. A smaller one,
// or with no thread to be had, is freed at once.
[[nodiscard]] std::future<void> freeTreeBeside(JsonFile& file);
// Escapes one reference token for a JSON pointer ("~" -> "~0", "/" -> "~1").
[[nodiscard]] std::string pointerToken(const std::string& key);

// Writes `text` to `path` atomically (temp file, fsync, rename, fsync dir). Returns false and
// appends a diagnostic on failure; the old file is never left half-written. Temp files left by a
// writer that was killed mid-write ("<name>.tmp<pid>", pid gone) are removed first.
bool writeFileAtomically(const std::filesystem::path& path, const std::string& text, Diagnostics& diags);

} // namespace wp
