#include "wholepicture/core/case_templates.h"

namespace wp {

namespace {

std::vector<std::string> playableRoles(const CaseDocument& doc) {
    std::vector<std::string> roles;
    if (auto it = doc.manifest.find("roles"); it != doc.manifest.end() && it->is_array())
        for (const auto& r : *it)
            if (r.is_string()) roles.push_back(r.get<std::string>());
    return roles;
}

std::string lastId(const OrderedJson& scenario, const char* list) {
    auto it = scenario.find(list);
    if (it == scenario.end() || !it->is_array() || it->empty() || !it->back().is_object()) return {};
    return it->back().value("id", "");
}

std::string firstEnding(const OrderedJson& scenario) {
    if (auto nodes = scenario.find("nodes"); nodes != scenario.end() && nodes->is_array())
        for (const auto& n : *nodes)
            if (n.is_object() && n.value("type", "") == "ending") return n.value("id", "");
    return {};
}

OrderedJson newOption(const std::string& id, const std::vector<std::string>& roles, const std::string& next, int n) {
    OrderedJson option = {{"id", id}};
    if (!roles.empty()) option["roles"] = roles;
    option["text"] = "Option " + std::to_string(n) + ": what the trainee could do, in their words";
    option["effects"] = {{"scores", OrderedJson::object()}};
    option["feedback"] = {{"outcome", "What follows from this choice, and why it matters for the child."}};
    option["next"] = next;
    return option;
}

} // namespace

OrderedJson emptyValueFor(const FieldGuide& field) {
    if (!field.enumValues.empty()) return field.enumValues.front();
    if (field.string) return "";
    if (field.object && !field.array) return OrderedJson::object();
    if (field.array) return OrderedJson::array();
    if (field.boolean) return false;
    if (field.number) return 0;
    return "";
}

OrderedJson newNode(const CaseDocument& doc, NewNodeKind kind, const std::string& stage) {
    const OrderedJson& s = doc.scenario;
    const std::string inStage = stage.empty() ? lastId(s, "stages") : stage;
    const char* base = kind == NewNodeKind::Decision ? "decision" : kind == NewNodeKind::Narrative ? "narrative" : "ending";
    OrderedJson node = {{"id", unusedId(s, "/nodes", std::string("new_") + base)}, {"stage", inStage}};
    const std::string next = firstEnding(s);
    switch (kind) {
    case NewNodeKind::Decision: {
        node["title"] = "New decision";
        node["type"] = "decision";
        node["situation"] = "What the trainee sees and knows at this moment, in their role.";
        node["question"] = "What do you do?";
        OrderedJson options = OrderedJson::array();
        int n = 1;
        for (const std::string& role : playableRoles(doc))
            for (int k = 0; k < 2; ++k, ++n)
                options.push_back(newOption(role + "_option_" + std::to_string(k + 1), {role}, next, n));
        if (options.empty()) options.push_back(newOption("option_1", {}, next, 1));
        node["options"] = std::move(options);
        break;
    }
    case NewNodeKind::Narrative:
        node["title"] = "New scene";
        node["type"] = "narrative";
        node["text"] = "What happens next, as the trainee would learn it.";
        node["next"] = next;
        break;
    case NewNodeKind::Ending:
        node["title"] = "New ending";
        node["type"] = "ending";
        node["text"] = "Where this path leaves the child.";
        node["what_happened"] = "What really happened in the case at this point.";
        break;
    }
    return node;
}

OrderedJson newListItem(const CaseDocument& doc, CaseFile file, const std::string& arrayPointer, const FormatGuide* guide) {
    const OrderedJson& root = doc.file(file);
    const std::string list = lastToken(arrayPointer);
    const std::string parent = parentPointer(arrayPointer);
    if (file == CaseFile::Scenario && parent.empty()) {
        if (list == "nodes") return newNode(doc, NewNodeKind::Decision);
        if (list == "stages") return {{"id", unusedId(root, arrayPointer, "stage")}, {"title", "New stage"}, {"date", "When it happens"}};
        if (list == "facts") {
            const auto roles = playableRoles(doc);
            return {{"id", unusedId(root, arrayPointer, "fact")}, {"stage", lastId(root, "stages")},
                    {"holders", roles.empty() ? OrderedJson::array() : OrderedJson::array({roles.front()})},
                    {"text", "A dated fact one role holds, in plain words."}};
        }
        if (list == "flags") return {{"id", unusedId(root, arrayPointer, "flag")}, {"description", "What having this flag means."}};
        if (list == "critical_actions")
            return {{"id", unusedId(root, arrayPointer, "critical")}, {"kind", "must_do"}, {"text", "What a trainee must do (or avoid)."}};
        if (list == "cast")
            return {{"id", unusedId(root, arrayPointer, "person")}, {"name", "New person or agency"}, {"kind", "family"}, {"roles", OrderedJson::array()}};
    }
    if (list == "options") {
        const OrderedJson* options = valueAt(root, arrayPointer);
        const int n = options && options->is_array() ? static_cast<int>(options->size()) + 1 : 1;
        return newOption(unusedId(root, arrayPointer, "option_" + std::to_string(n)), {}, firstEnding(doc.scenario), n);
    }
    if (list == "perspectives") {
        const auto roles = playableRoles(doc);
        return {{"role", roles.empty() ? std::string() : roles.front()},
                {"knows", "What this role knew at the time."},
                {"thinks", "What they made of it."},
                {"pressures", "What pressed on them."}};
    }
    // Anything else: the schema's required fields, empty, with a fresh id when the items have one.
    if (!guide) return "";
    const FieldGuide item = guide->at(root, arrayPointer + "/-");
    if (!item.object) return emptyValueFor(item);
    OrderedJson out = OrderedJson::object();
    for (const std::string& key : item.required)
        out[key] = key == "id" ? OrderedJson(unusedId(root, arrayPointer, list.empty() ? "item" : list))
                               : emptyValueFor(guide->at(root, arrayPointer + "/-/" + key));
    return out;
}

OrderedJson duplicateItem(const CaseDocument& doc, CaseFile file, const std::string& itemPointer) {
    const OrderedJson& root = doc.file(file);
    const OrderedJson* item = valueAt(root, itemPointer);
    if (!item) return nullptr;
    OrderedJson copy = *item;
    if (copy.is_object() && copy.contains("id") && copy["id"].is_string())
        copy["id"] = unusedId(root, parentPointer(itemPointer), copy["id"].get<std::string>() + "_copy");
    return copy;
}

} // namespace wp
