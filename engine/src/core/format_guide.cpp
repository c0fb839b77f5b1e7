#include "wholepicture/core/format_guide.h"

#include <algorithm>

#include "wholepicture/core/json_file.h"

namespace wp {

namespace {

using Json = OrderedJson; // the schema's own key order is the order fields are offered and added in

// A schema entry with its $ref, allOf and anyOf folded in for one value: what the form needs.
struct Resolved {
    std::string title, description, kind;
    std::vector<std::pair<std::string, std::vector<const Json*>>> properties; // in the schema's order, each with every
                                                                        // schema that speaks of it (general first)
    std::vector<std::string> required, enumValues;
    const Json* items = nullptr;
    bool string = false, number = false, integer = false, boolean = false, array = false, object = false;
    bool known = false;
};

bool typeFits(const Json& root, const Json& schema, const OrderedJson* value);

const Json* followRef(const Json& root, const Json& schema, std::string* kind) {
    auto ref = schema.find("$ref");
    if (ref == schema.end() || !ref->is_string()) return nullptr;
    const std::string path = ref->get<std::string>();
    const std::string prefix = "#/$defs/";
    if (path.rfind(prefix, 0) != 0) return nullptr;
    const std::string name = path.substr(prefix.size());
    auto defs = root.find("$defs");
    if (defs == root.end() || !defs->contains(name)) return nullptr;
    if (kind && kind->empty()) *kind = name;
    return &(*defs)[name];
}

// Whether an "if" of the form {"properties": {"type": {"const": "decision"}}, "required": ["type"]} holds.
bool conditionHolds(const Json& condition, const OrderedJson* value) {
    if (!value || !value->is_object()) return false;
    if (auto req = condition.find("required"); req != condition.end() && req->is_array())
        for (const auto& key : *req)
            if (key.is_string() && !value->contains(key.get<std::string>())) return false;
    if (auto props = condition.find("properties"); props != condition.end() && props->is_object())
        for (auto it = props->begin(); it != props->end(); ++it) {
            auto field = value->find(it.key());
            if (field == value->end()) continue;
            if (auto c = it->find("const"); c != it->end() && c->is_string())
                if (!field->is_string() || field->get<std::string>() != c->get<std::string>()) return false;
        }
    return true;
}

void resolveInto(const Json& root, const Json& schema, const OrderedJson* value, Resolved& out, int depth) {
    if (depth > 16 || !schema.is_object()) return;
    out.known = true;
    if (out.title.empty() && schema.contains("title") && schema["title"].is_string()) out.title = schema["title"].get<std::string>();
    if (out.description.empty() && schema.contains("description") && schema["description"].is_string())
        out.description = schema["description"].get<std::string>();
    if (const Json* target = followRef(root, schema, &out.kind)) resolveInto(root, *target, value, out, depth + 1);

    if (auto type = schema.find("type"); type != schema.end()) {
        std::vector<std::string> types;
        if (type->is_string()) types.push_back(type->get<std::string>());
        if (type->is_array())
            for (const auto& t : *type)
                if (t.is_string()) types.push_back(t.get<std::string>());
        for (const auto& t : types) {
            out.string |= t == "string";
            out.number |= t == "number" || t == "integer";
            out.integer |= t == "integer";
            out.boolean |= t == "boolean";
            out.array |= t == "array";
            out.object |= t == "object";
        }
    }
    if (auto c = schema.find("const"); c != schema.end() && c->is_string()) {
        out.string = true;
        out.enumValues = {c->get<std::string>()};
    }
    if (auto e = schema.find("enum"); e != schema.end() && e->is_array()) {
        out.enumValues.clear();
        for (const auto& v : *e)
            if (v.is_string()) out.enumValues.push_back(v.get<std::string>());
        out.string = out.string || !out.enumValues.empty();
    }
    if (auto props = schema.find("properties"); props != schema.end() && props->is_object()) {
        out.object = true;
        for (auto it = props->begin(); it != props->end(); ++it) {
            if (it.key() == "$schema" || it.key() == "_comment") continue;
            auto known = std::find_if(out.properties.begin(), out.properties.end(), [&](const auto& p) { return p.first == it.key(); });
            // A key a more specific schema names again (a node's "type" in decision_node) takes that
            // schema's place for it, so the order is the specific schema's.
            std::vector<const Json*> subs;
            if (known != out.properties.end()) {
                subs = std::move(known->second);
                out.properties.erase(known);
            }
            subs.push_back(&*it);
            out.properties.push_back({it.key(), std::move(subs)});
        }
    }
    if (auto req = schema.find("required"); req != schema.end() && req->is_array())
        for (const auto& key : *req)
            if (key.is_string() && std::find(out.required.begin(), out.required.end(), key.get<std::string>()) == out.required.end())
                out.required.push_back(key.get<std::string>());
    if (auto items = schema.find("items"); items != schema.end()) {
        out.array = true;
        out.items = &*items;
    }
    if (auto all = schema.find("allOf"); all != schema.end() && all->is_array())
        for (const auto& part : *all) {
            if (auto cond = part.find("if"); cond != part.end()) {
                if (conditionHolds(*cond, value) && part.contains("then")) resolveInto(root, part["then"], value, out, depth + 1);
                continue;
            }
            resolveInto(root, part, value, out, depth + 1);
        }
    for (const char* choice : {"anyOf", "oneOf"}) {
        auto any = schema.find(choice);
        if (any == schema.end() || !any->is_array() || any->empty()) continue;
        // The alternative the value is written as; with no value yet, the first (the simplest form).
        const Json* pick = &any->front();
        if (value)
            for (const auto& alt : *any)
                if (typeFits(root, alt, value)) {
                    pick = &alt;
                    break;
                }
        // Offer every alternative's types, so the form can say "a text, or a text per role".
        for (const auto& alt : *any) {
            Resolved types;
            resolveInto(root, alt, nullptr, types, depth + 1);
            out.string |= types.string;
            out.array |= types.array;
            out.object |= types.object;
            out.number |= types.number;
            out.boolean |= types.boolean;
        }
        Resolved picked;
        resolveInto(root, *pick, value, picked, depth + 1);
        if (out.title.empty()) out.title = picked.title;
        if (out.description.empty()) out.description = picked.description;
        if (out.kind.empty()) out.kind = picked.kind;
        for (auto& p : picked.properties) out.properties.push_back(std::move(p));
        for (auto& r : picked.required) out.required.push_back(std::move(r));
        if (out.enumValues.empty()) out.enumValues = std::move(picked.enumValues);
        if (!out.items) out.items = picked.items;
    }
}

// Whether `value` is written in a form `schema` allows (a string, an object...): picks an anyOf's branch.
bool typeFits(const Json& root, const Json& schema, const OrderedJson* value) {
    if (!value) return false;
    Resolved r;
    resolveInto(root, schema, nullptr, r, 0);
    if (value->is_string()) return r.string;
    if (value->is_number()) return r.number;
    if (value->is_boolean()) return r.boolean;
    if (value->is_array()) return r.array;
    if (value->is_object()) return r.object;
    return false;
}

} // namespace

FieldGuide FormatGuide::at(const OrderedJson& root, const std::string& pointer) const {
    FieldGuide guide;
    if (empty()) return guide;
    std::vector<const Json*> schemas{&schema_};
    const OrderedJson* value = &root;
    std::string walked;
    // Walk the pointer one token at a time, resolving the alternatives at each level by the document.
    std::vector<std::string> tokens;
    for (std::string rest = pointer; !rest.empty(); rest = parentPointer(rest)) tokens.insert(tokens.begin(), lastToken(rest));
    for (const std::string& token : tokens) {
        Resolved here;
        for (const Json* schema : schemas) resolveInto(schema_, *schema, value, here, 0);
        std::vector<const Json*> next;
        if (here.items && ((value && value->is_array()) || !here.object)) next = {here.items};
        else
            for (const auto& [key, subs] : here.properties)
                if (key == token) next = subs;
        if (next.empty()) return guide;
        schemas = std::move(next);
        walked = childPointer(walked, token);
        value = valueAt(root, walked);
    }
    Resolved r;
    for (const Json* schema : schemas) resolveInto(schema_, *schema, value, r, 0);
    guide.known = r.known;
    guide.title = std::move(r.title);
    guide.description = std::move(r.description);
    guide.kind = std::move(r.kind);
    for (auto& p : r.properties) guide.properties.push_back(p.first);
    guide.required = std::move(r.required);
    guide.enumValues = std::move(r.enumValues);
    guide.string = r.string;
    guide.number = r.number;
    guide.integer = r.integer;
    guide.boolean = r.boolean;
    guide.array = r.array;
    guide.object = r.object;
    return guide;
}

size_t FormatGuide::keyPosition(const OrderedJson& object, const FieldGuide& objectGuide, const std::string& key) {
    auto rank = [&](const std::string& k) {
        auto it = std::find(objectGuide.properties.begin(), objectGuide.properties.end(), k);
        return it == objectGuide.properties.end() ? objectGuide.properties.size() : static_cast<size_t>(it - objectGuide.properties.begin());
    };
    const size_t wanted = rank(key);
    size_t position = 0, i = 0;
    for (auto it = object.begin(); it != object.end(); ++it, ++i)
        if (rank(it.key()) <= wanted) position = i + 1;
    return position;
}

std::optional<FormatGuide> loadFormatGuide(const std::filesystem::path& schemaFile, Diagnostics& diags) {
    auto file = loadJsonFile(schemaFile, diags);
    if (!file) return std::nullopt;
    return FormatGuide(OrderedJson::parse(file->text, nullptr, false));
}

} // namespace wp
