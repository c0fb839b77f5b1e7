// What the format says about each place in a case, read from the same JSON Schemas the guide sends text
// editors to (content/schema/*.schema.json), for the case editor's forms: a field's title and help, the
// keys an object there may have (in the schema's order), which are required, what an enumeration allows,
// and the named kind of value ("next", "guidance_id", "role_text"). One source, so the forms, the schemas,
// the lint and the guide cannot drift apart (the schema-versus-lint test holds the last two together).
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "wholepicture/core/case_document.h"
#include "wholepicture/core/diagnostic.h"

namespace wp {

struct FieldGuide {
    bool known = false;                  // the schema describes this place
    std::string title;                   // "Feedback"
    std::string description;             // the help line
    std::string kind;                    // the $defs entry it comes from ("option", "next"), "" when inline
    std::vector<std::string> properties; // keys an object here may have, in order ($schema, _comment left out)
    std::vector<std::string> required;
    std::vector<std::string> enumValues; // for a string chosen from a list
    bool string = false, number = false, integer = false, boolean = false, array = false, object = false;
};

class FormatGuide {
public:
    FormatGuide() = default;
    explicit FormatGuide(OrderedJson schema) : schema_(std::move(schema)) {}

    [[nodiscard]] bool empty() const { return !schema_.is_object(); }
    // The guide for the value at `pointer` of `root`. The document decides between alternatives: a node's
    // "type" picks narrative, decision or ending; a text is one string or an object of texts per role.
    // A place the value does not exist at yet (a key about to be added) is described too.
    [[nodiscard]] FieldGuide at(const OrderedJson& root, const std::string& pointer) const;
    // Where a new `key` belongs among `object`'s keys: after the last key the schema puts before it, so
    // a field added by the editor lands where an author following the guide would write it.
    [[nodiscard]] static size_t keyPosition(const OrderedJson& object, const FieldGuide& objectGuide, const std::string& key);

private:
    OrderedJson schema_;
};

// Reads one schema file (scenario.schema.json or plugin.schema.json). nullopt with a diagnostic when it
// cannot be read; the editor then works without help texts.
[[nodiscard]] std::optional<FormatGuide> loadFormatGuide(const std::filesystem::path& schemaFile, Diagnostics& diags);

} // namespace wp
