// Review without JSON: every text a reader sees in a case, as a spreadsheet (CSV) a colleague can
// edit, and the edits applied back to the plugin's JSON files (`wpt strings`, later author mode).
//
// The export walks plugin.json and the scenario file and writes one row per text with a stable locator
// (file and JSON pointer). The import changes only the string tokens of the rows that were edited,
// in place in the original file text, so a one-word edit is a one-line diff and everything else
// (indentation, key order, escapes) stays byte for byte. A row whose source text no longer matches the
// file is refused, and then nothing at all is written.
#pragma once
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "wholepicture/core/diagnostic.h"
#include "wholepicture/core/room_debrief.h" // csvField

namespace wp {

// One text a reader sees.
struct ReaderText {
    std::string file;    // relative to the plugin folder: "plugin.json" or the scenario file
    std::string pointer; // RFC 6901 pointer to the string in that file
    std::string node;    // the node id, or "" for texts outside the nodes
    std::string role;    // the role the text is for ("" when every role reads it)
    std::string field;   // what the text is, in words: "situation", "option b", "view of the GP", ...
    std::string text;

    // The row's locator in the CSV: "scenario.json#/nodes/3/title".
    [[nodiscard]] std::string locator() const { return file + "#" + pointer; }
};

// Every reader-facing text of the plugin in `pluginDir`, in file order. Reads plugin.json and its
// entry file (as json_file.h reads plugin files: never outside the folder); a file that cannot be
// read or parsed adds diagnostics and returns nullopt. The case need not lint clean.
[[nodiscard]] std::optional<std::vector<ReaderText>> collectReaderTexts(const std::filesystem::path& pluginDir,
                                                                        Diagnostics& diags);

// The review spreadsheet: UTF-8 with a byte order mark (so Excel and LibreOffice read the accents),
// RFC 4180 quoting, CRLF between rows. Columns: id, node, role, field, source, text; "text" starts as
// a copy of "source" and is the one to edit.
[[nodiscard]] std::string readerTextsToCsv(const std::vector<ReaderText>& texts);

// RFC 4180 reading: quoted fields with "" for a quote, commas and line breaks inside quotes, CRLF or
// LF between rows, a leading byte order mark ignored. A sheet saved with ';' between fields (Excel in
// many European locales) is read too: the separator is taken from the header row. Refuses (nullopt
// and a diagnostic with the line) text that is not UTF-8 or has a quote left open.
struct CsvRecord {
    int line = 0; // the line of the file the record starts on
    std::vector<std::string> fields;
};
[[nodiscard]] std::optional<std::vector<CsvRecord>> parseCsv(const std::string& text, const std::string& displayPath,
                                                             Diagnostics& diags);
// One field as RFC 4180 writes it: csvField in room_debrief.h (shared with the room CSV).

struct TextImportSummary {
    size_t rows = 0;                       // data rows read
    size_t changed = 0;                    // rows whose text differs from the source (applied unless a dry run)
    size_t unchanged = 0;                  // skipped
    std::vector<std::string> filesChanged; // relative paths, written unless a dry run
    bool written = false;
};

// Applies the edited texts of a review CSV to the plugin's files. Refuses every row (each named by its
// row number, with the fix) whose id is unknown, whose source no longer matches the file, or whose text
// is empty; if any row is refused nothing is written. With `dryRun` nothing is written either, but the
// summary says what would change. Files are written atomically. `howToExport` is how the reader of the
// messages makes a fresh sheet, in their own surface's words (the command line's, or author mode's button).
inline constexpr const char* kExportByCommand = "run `wpt strings export`";
[[nodiscard]] TextImportSummary importReaderTexts(const std::filesystem::path& pluginDir, const std::string& csvText,
                                                  const std::string& csvDisplayPath, bool dryRun, Diagnostics& diags,
                                                  const std::string& howToExport = kExportByCommand);

// One string replacement in a JSON text: the token (quotes included) at [begin, end) becomes `text`
// written as a JSON string.
struct StringTokenEdit {
    size_t begin = 0;
    size_t end = 0;
    std::string text;
};
// `json` with the edits applied (they must not overlap); everything outside the tokens is kept as is.
[[nodiscard]] std::string applyStringTokenEdits(const std::string& json, std::vector<StringTokenEdit> edits);

// Where each string value of a (valid) JSON text lies: pointer -> [begin, end) of its token, quotes
// included. Keys are not listed.
struct StringToken {
    std::string pointer;
    size_t begin = 0;
    size_t end = 0;
};
[[nodiscard]] std::vector<StringToken> locateStringTokens(const std::string& json);

} // namespace wp
