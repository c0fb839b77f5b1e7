// New items for the case editor: what "Add decision", "Add option" or "Add fact" puts into a case. Each
// has a fresh id and every field the format requires, with words that say what to write there, so the
// lint has something to check at once and the trainer sees what belongs in each field.
#pragma once
#include <string>

#include "wholepicture/core/case_document.h"
#include "wholepicture/core/format_guide.h"

namespace wp {

enum class NewNodeKind { Decision, Narrative, Ending };

// A node of `kind` in `stage` (the last stage when ""), its id unused among the case's nodes. A decision
// comes with two options for every playable role, each with feedback and a next node to edit.
[[nodiscard]] OrderedJson newNode(const CaseDocument& doc, NewNodeKind kind, const std::string& stage = {});
// A new element for the list at `arrayPointer` ("/stages", "/nodes/3/options", "/facts"...): a template
// for the lists the editor knows, else the schema's required fields with empty values.
[[nodiscard]] OrderedJson newListItem(const CaseDocument& doc, CaseFile file, const std::string& arrayPointer,
                                      const FormatGuide* guide);
// The empty value of a field the guide describes ("" for text, 0, false, [] or {}).
[[nodiscard]] OrderedJson emptyValueFor(const FieldGuide& field);
// A copy of the element at `itemPointer` with an unused id (the list's ids stay unique).
[[nodiscard]] OrderedJson duplicateItem(const CaseDocument& doc, CaseFile file, const std::string& itemPointer);

} // namespace wp
