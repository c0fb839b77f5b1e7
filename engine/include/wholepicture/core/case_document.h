// The case editor's document, with no UI: a case's plugin.json and scenario file held as JSON that keeps
// the key order they were written in, the edits a trainer makes as plain values, undo and redo, and the
// one layout the editor writes. Author mode's "Edit" tab (ui/view_case_editor.cpp) and `wpt format` use it.
//
// The layout is the one every bundled case is already in (two-space indentation, one value per line,
// keys in the order held, a final newline), so saving an unchanged case rewrites nothing and a one-word
// edit is a one-line diff. A file edited by hand and saved by the editor keeps every key and value.
#pragma once
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "wholepicture/core/diagnostic.h"

namespace wp {

using OrderedJson = nlohmann::ordered_json;

enum class CaseFile { Manifest, Scenario };

struct CaseDocument {
    std::filesystem::path dir;
    std::string entry = "scenario.json"; // the scenario file plugin.json's "entry" names
    OrderedJson manifest;
    OrderedJson scenario;

    [[nodiscard]] const OrderedJson& file(CaseFile f) const { return f == CaseFile::Manifest ? manifest : scenario; }
    [[nodiscard]] OrderedJson& file(CaseFile f) { return f == CaseFile::Manifest ? manifest : scenario; }
    [[nodiscard]] std::string fileName(CaseFile f) const { return f == CaseFile::Manifest ? "plugin.json" : entry; }
};

// Reads a plugin folder for editing (through readFileInFolder: nothing outside the folder). nullopt with
// diagnostics naming the file and line when plugin.json or its one entry file cannot be read or parsed:
// the editor edits values, so a syntax error has to be mended first (author mode's Problems tab shows it).
[[nodiscard]] std::optional<CaseDocument> readCaseDocument(const std::filesystem::path& dir, Diagnostics& diags);
// The same from texts already in memory (tests); `dir` is only for the names in diagnostics.
[[nodiscard]] std::optional<CaseDocument> caseDocumentFromTexts(const std::filesystem::path& dir,
                                                                const std::string& manifestText,
                                                                const std::string& scenarioText, Diagnostics& diags);

// The editor's layout: two-space indentation, keys in the order held, non-ASCII written as UTF-8, and a
// final newline. Never throws (invalid UTF-8 in a string is written as U+FFFD).
[[nodiscard]] std::string canonicalJsonText(const OrderedJson& value);

// [SECTION] Edits
// One change to one file, addressed by an RFC 6901 JSON pointer ("/nodes/3/options/0/text").
// - Set: the value at `pointer` becomes `value`; a missing key of an existing object is added (at `index`
//   among its keys, or last when index is past the end).
// - Insert: into an array at the pointer's last token (an index, or "-" to append), or a new key of an
//   object at position `index` among its keys; the key must not exist yet.
// - Remove: the value at `pointer` (an array element or an object's key).
// - Move: the array element at `pointer` to position `index` of the same array.
struct CaseEdit {
    enum class Op { Set, Insert, Remove, Move };
    Op op = Op::Set;
    CaseFile file = CaseFile::Scenario;
    std::string pointer;
    OrderedJson value;
    size_t index = static_cast<size_t>(-1);
};

// The edit that undoes `edit`, applied to `doc`; or why the edit cannot be applied (a pointer that names
// nothing, an index out of range), in words for the status line. `doc` is unchanged on failure.
struct EditOutcome {
    bool ok = false;
    CaseEdit inverse;
    std::string problem;
};
[[nodiscard]] EditOutcome applyCaseEdit(CaseDocument& doc, const CaseEdit& edit);

// The value at `pointer`, or null when it names nothing.
[[nodiscard]] const OrderedJson* valueAt(const OrderedJson& root, const std::string& pointer);
// "/nodes/3" + "options" -> "/nodes/3/options" (the token escaped).
[[nodiscard]] std::string childPointer(const std::string& parent, const std::string& token);
[[nodiscard]] std::string childPointer(const std::string& parent, size_t index);
// "/nodes/3/options" -> "/nodes/3"; "" for the root.
[[nodiscard]] std::string parentPointer(const std::string& pointer);
// The last token, unescaped ("/nodes/3" -> "3").
[[nodiscard]] std::string lastToken(const std::string& pointer);

// [SECTION] Undo and redo
// A step is what one undo takes back: one or more edits (a duplicated node and its new id are one step).
// Typing in one field is one step however many keys were pressed: an edit marked `typing` on the same
// field as the step before it joins that step, until the field loses focus (endTyping).
struct CaseEditStep {
    std::vector<CaseEdit> forward;
    std::vector<CaseEdit> backward; // in the order to apply them
    std::string label;              // "Edit text", "Delete option", for the Undo button's tooltip
    std::string typingPointer;      // the field being typed in, "" when the step is closed
    std::uint64_t revision = 0;
};
struct CaseEditHistory {
    std::vector<CaseEditStep> undo;
    std::vector<CaseEditStep> redo;
    std::uint64_t nextRevision = 1;
    std::uint64_t savedRevision = 0; // the revision on disk (0: the document as read)

    [[nodiscard]] std::uint64_t revision() const { return undo.empty() ? 0 : undo.back().revision; }
    [[nodiscard]] bool dirty() const { return revision() != savedRevision; }
    void markSaved() { savedRevision = revision(); }
    void endTyping() {
        if (!undo.empty()) undo.back().typingPointer.clear();
    }
};

// Applies `edits` in order as one step. When one fails, the ones already applied are undone, the document
// is as it was, and `problem` says why. Redo is cleared by any new step.
bool performCaseEdits(CaseDocument& doc, CaseEditHistory& history, const std::vector<CaseEdit>& edits,
                      const std::string& label, bool typing = false, std::string* problem = nullptr);
bool undoCaseEdit(CaseDocument& doc, CaseEditHistory& history);
bool redoCaseEdit(CaseDocument& doc, CaseEditHistory& history);

// [SECTION] Ids
// An id not yet used by any element of the array at `arrayPointer`: `base`, else base_2, base_3, ...
[[nodiscard]] std::string unusedId(const OrderedJson& root, const std::string& arrayPointer, const std::string& base);

} // namespace wp
