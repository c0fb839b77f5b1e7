#include "wholepicture/core/case_document.h"

#include <algorithm>
#include <charconv>
#include <utility>

#include "wholepicture/core/json_file.h"

namespace wp {

namespace {

// RFC 6901 tokens, unescaped. "" is the root (no tokens).
std::vector<std::string> pointerTokens(const std::string& pointer, bool& valid) {
    std::vector<std::string> tokens;
    valid = pointer.empty() || pointer.front() == '/';
    if (pointer.empty() || !valid) return tokens;
    size_t at = 1;
    while (true) {
        size_t slash = pointer.find('/', at);
        std::string raw = pointer.substr(at, slash == std::string::npos ? std::string::npos : slash - at);
        std::string token;
        for (size_t i = 0; i < raw.size(); ++i) {
            if (raw[i] == '~' && i + 1 < raw.size() && (raw[i + 1] == '0' || raw[i + 1] == '1')) {
                token += raw[i + 1] == '0' ? '~' : '/';
                ++i;
            } else {
                token += raw[i];
            }
        }
        tokens.push_back(std::move(token));
        if (slash == std::string::npos) break;
        at = slash + 1;
    }
    return tokens;
}

std::optional<size_t> arrayIndex(const std::string& token) {
    if (token.empty() || (token.size() > 1 && token.front() == '0')) return std::nullopt;
    size_t value = 0;
    auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
    if (ec != std::errc() || end != token.data() + token.size()) return std::nullopt;
    return value;
}

OrderedJson* child(OrderedJson& parent, const std::string& token) {
    if (parent.is_object()) {
        auto it = parent.find(token);
        return it == parent.end() ? nullptr : &*it;
    }
    if (parent.is_array()) {
        auto index = arrayIndex(token);
        return index && *index < parent.size() ? &parent[*index] : nullptr;
    }
    return nullptr;
}

// The container holding the pointer's last token, and that token; null container when the pointer is
// the root or a step on the way names nothing.
struct Place {
    OrderedJson* parent = nullptr;
    std::string token;
};
Place placeOf(OrderedJson& root, const std::string& pointer) {
    bool valid = true;
    std::vector<std::string> tokens = pointerTokens(pointer, valid);
    if (!valid || tokens.empty()) return {};
    OrderedJson* at = &root;
    for (size_t i = 0; i + 1 < tokens.size(); ++i) {
        at = child(*at, tokens[i]);
        if (!at) return {};
    }
    return {at, tokens.back()};
}

size_t keyPosition(const OrderedJson& object, const std::string& key) {
    size_t i = 0;
    for (auto it = object.begin(); it != object.end(); ++it, ++i)
        if (it.key() == key) return i;
    return i;
}

// `object` with `key` added at `position` among its keys (past the end: last).
void insertKeyAt(OrderedJson& object, const std::string& key, OrderedJson value, size_t position) {
    if (position >= object.size()) {
        object[key] = std::move(value);
        return;
    }
    OrderedJson rebuilt = OrderedJson::object();
    size_t i = 0;
    for (auto it = object.begin(); it != object.end(); ++it, ++i) {
        if (i == position) rebuilt[key] = std::move(value);
        rebuilt[it.key()] = std::move(it.value());
    }
    object = std::move(rebuilt);
}

EditOutcome refuse(std::string problem) {
    EditOutcome out;
    out.problem = std::move(problem);
    return out;
}

} // namespace

std::string childPointer(const std::string& parent, const std::string& token) {
    return parent + "/" + pointerToken(token);
}

std::string childPointer(const std::string& parent, size_t index) {
    return parent + "/" + std::to_string(index);
}

std::string parentPointer(const std::string& pointer) {
    size_t slash = pointer.rfind('/');
    return slash == std::string::npos ? std::string() : pointer.substr(0, slash);
}

std::string lastToken(const std::string& pointer) {
    bool valid = true;
    auto tokens = pointerTokens(pointer, valid);
    return tokens.empty() ? std::string() : tokens.back();
}

const OrderedJson* valueAt(const OrderedJson& root, const std::string& pointer) {
    bool valid = true;
    std::vector<std::string> tokens = pointerTokens(pointer, valid);
    if (!valid) return nullptr;
    // child() does not change its argument; the const_cast only lets one walker serve both constnesses.
    const OrderedJson* at = &root;
    for (const auto& token : tokens) {
        at = child(const_cast<OrderedJson&>(*at), token);
        if (!at) return nullptr;
    }
    return at;
}

std::string canonicalJsonText(const OrderedJson& value) {
    return value.dump(2, ' ', false, OrderedJson::error_handler_t::replace) + "\n";
}

std::optional<CaseDocument> caseDocumentFromTexts(const std::filesystem::path& dir, const std::string& manifestText,
                                                  const std::string& scenarioText, Diagnostics& diags) {
    CaseDocument doc;
    doc.dir = dir;
    const size_t before = diags.size();
    // parseJsonText gives the plain-words syntax messages; the ordered parse after it keeps the key order.
    auto manifestFile = parseJsonText(manifestText, (dir / "plugin.json").string(), diags);
    if (manifestFile) {
        const auto& entry = manifestFile->value.find("entry");
        if (entry != manifestFile->value.end() && entry->is_array() && entry->size() == 1 && entry->front().is_string())
            doc.entry = entry->front().get<std::string>();
    }
    auto scenarioFile = parseJsonText(scenarioText, (dir / doc.entry).string(), diags);
    if (diags.size() != before || !manifestFile || !scenarioFile) return std::nullopt;
    doc.manifest = OrderedJson::parse(manifestText, nullptr, false);
    doc.scenario = OrderedJson::parse(scenarioText, nullptr, false);
    if (doc.manifest.is_discarded() || doc.scenario.is_discarded()) {
        diags.push_back({Severity::Error, dir.string(), 0, 0, "", "the case could not be read for editing"});
        return std::nullopt;
    }
    if (!doc.manifest.is_object() || !doc.scenario.is_object()) {
        diags.push_back({Severity::Error, (dir / (doc.manifest.is_object() ? doc.entry : "plugin.json")).string(), 1, 1, "",
                         "the file must hold one JSON object ({ ... }) to be edited"});
        return std::nullopt;
    }
    return doc;
}

std::optional<CaseDocument> readCaseDocument(const std::filesystem::path& dir, Diagnostics& diags) {
    auto manifestText = readFileInFolder(dir, "plugin.json", diags, (dir / "plugin.json").string());
    if (!manifestText) return std::nullopt;
    std::string entry = "scenario.json";
    OrderedJson manifest = OrderedJson::parse(*manifestText, nullptr, false);
    if (manifest.is_object()) {
        auto it = manifest.find("entry");
        if (it != manifest.end() && it->is_array() && it->size() == 1 && it->front().is_string())
            entry = it->front().get<std::string>();
        else if (it != manifest.end() && it->is_array() && it->size() > 1) {
            diags.push_back({Severity::Error, (dir / "plugin.json").string(), 0, 0, "/entry",
                             "the case editor edits a case written in one scenario file; \"entry\" names " +
                                 std::to_string(it->size()) + " files"});
            return std::nullopt;
        }
    }
    if (std::string problem = relativePathProblem(entry); !problem.empty()) {
        diags.push_back({Severity::Error, (dir / "plugin.json").string(), 0, 0, "/entry/0", "entry \"" + entry + "\" " + problem});
        return std::nullopt;
    }
    auto scenarioText = readFileInFolder(dir, entry, diags, (dir / entry).string());
    if (!scenarioText) return std::nullopt;
    return caseDocumentFromTexts(dir, *manifestText, *scenarioText, diags);
}

EditOutcome applyCaseEdit(CaseDocument& doc, const CaseEdit& edit) {
    OrderedJson& root = doc.file(edit.file);
    const std::string where = doc.fileName(edit.file) + " " + (edit.pointer.empty() ? "/" : edit.pointer);
    if (edit.pointer.empty()) {
        if (edit.op != CaseEdit::Op::Set || !edit.value.is_object())
            return refuse("the whole of " + doc.fileName(edit.file) + " can only be replaced by an object");
        EditOutcome out{true, {CaseEdit::Op::Set, edit.file, "", root, edit.index}, ""};
        root = edit.value;
        return out;
    }
    Place place = placeOf(root, edit.pointer);
    if (!place.parent) return refuse(where + " names nothing in the case");
    OrderedJson& parent = *place.parent;
    EditOutcome out;
    out.ok = true;
    out.inverse.file = edit.file;
    out.inverse.pointer = edit.pointer;

    switch (edit.op) {
    case CaseEdit::Op::Set: {
        if (OrderedJson* target = child(parent, place.token)) {
            out.inverse.op = CaseEdit::Op::Set;
            out.inverse.value = std::move(*target);
            *target = edit.value;
            return out;
        }
        if (!parent.is_object()) return refuse(where + " names nothing in the case");
        out.inverse.op = CaseEdit::Op::Remove;
        insertKeyAt(parent, place.token, edit.value, edit.index);
        return out;
    }
    case CaseEdit::Op::Insert: {
        if (parent.is_array()) {
            size_t index = parent.size();
            if (place.token != "-") {
                auto parsed = arrayIndex(place.token);
                if (!parsed || *parsed > parent.size()) return refuse(where + ": no place " + place.token + " in a list of " +
                                                                       std::to_string(parent.size()));
                index = *parsed;
            }
            parent.insert(parent.begin() + static_cast<std::ptrdiff_t>(index), edit.value);
            out.inverse = {CaseEdit::Op::Remove, edit.file, childPointer(parentPointer(edit.pointer), index), {}, 0};
            return out;
        }
        if (!parent.is_object()) return refuse(where + ": can only add to a list or an object");
        if (parent.contains(place.token)) return refuse(where + " is already there");
        insertKeyAt(parent, place.token, edit.value, edit.index);
        out.inverse.op = CaseEdit::Op::Remove;
        return out;
    }
    case CaseEdit::Op::Remove: {
        if (parent.is_array()) {
            auto index = arrayIndex(place.token);
            if (!index || *index >= parent.size()) return refuse(where + " names nothing in the case");
            out.inverse = {CaseEdit::Op::Insert, edit.file, edit.pointer, std::move(parent[*index]), 0};
            parent.erase(*index);
            return out;
        }
        if (!parent.is_object() || !parent.contains(place.token)) return refuse(where + " names nothing in the case");
        const size_t position = keyPosition(parent, place.token);
        out.inverse = {CaseEdit::Op::Insert, edit.file, edit.pointer, std::move(parent[place.token]), position};
        parent.erase(place.token);
        return out;
    }
    case CaseEdit::Op::Move: {
        auto from = arrayIndex(place.token);
        if (!parent.is_array() || !from || *from >= parent.size()) return refuse(where + " is not an item of a list");
        if (edit.index >= parent.size())
            return refuse(where + ": no place " + std::to_string(edit.index) + " in a list of " + std::to_string(parent.size()));
        OrderedJson moved = std::move(parent[*from]);
        parent.erase(*from);
        parent.insert(parent.begin() + static_cast<std::ptrdiff_t>(edit.index), std::move(moved));
        out.inverse = {CaseEdit::Op::Move, edit.file, childPointer(parentPointer(edit.pointer), edit.index), {}, *from};
        return out;
    }
    }
    return refuse(where + ": unknown edit");
}

bool performCaseEdits(CaseDocument& doc, CaseEditHistory& history, const std::vector<CaseEdit>& edits,
                      const std::string& label, bool typing, std::string* problem) {
    std::vector<CaseEdit> backward;
    for (const CaseEdit& edit : edits) {
        EditOutcome outcome = applyCaseEdit(doc, edit);
        if (!outcome.ok) {
            for (auto it = backward.rbegin(); it != backward.rend(); ++it) (void)applyCaseEdit(doc, *it);
            if (problem) *problem = outcome.problem;
            return false;
        }
        backward.push_back(std::move(outcome.inverse));
    }
    std::reverse(backward.begin(), backward.end());
    history.redo.clear();
    const std::string typingPointer = typing && edits.size() == 1 ? edits.front().pointer : std::string();
    if (!typingPointer.empty() && !history.undo.empty() && history.undo.back().typingPointer == typingPointer) {
        // More keys in the same field: the step still undoes to the text before the first key.
        CaseEditStep& step = history.undo.back();
        step.forward = edits;
        step.revision = history.nextRevision++;
        return true;
    }
    history.undo.push_back({edits, std::move(backward), label, typingPointer, history.nextRevision++});
    return true;
}

bool undoCaseEdit(CaseDocument& doc, CaseEditHistory& history) {
    if (history.undo.empty()) return false;
    CaseEditStep step = std::move(history.undo.back());
    history.undo.pop_back();
    for (const CaseEdit& edit : step.backward) (void)applyCaseEdit(doc, edit);
    step.typingPointer.clear();
    history.redo.push_back(std::move(step));
    return true;
}

bool redoCaseEdit(CaseDocument& doc, CaseEditHistory& history) {
    if (history.redo.empty()) return false;
    CaseEditStep step = std::move(history.redo.back());
    history.redo.pop_back();
    std::vector<CaseEdit> backward;
    for (const CaseEdit& edit : step.forward) {
        EditOutcome outcome = applyCaseEdit(doc, edit);
        if (outcome.ok) backward.push_back(std::move(outcome.inverse));
    }
    std::reverse(backward.begin(), backward.end());
    step.backward = std::move(backward);
    history.undo.push_back(std::move(step));
    return true;
}

std::string unusedId(const OrderedJson& root, const std::string& arrayPointer, const std::string& base) {
    const OrderedJson* array = valueAt(root, arrayPointer);
    auto used = [&](const std::string& id) {
        if (!array || !array->is_array()) return false;
        return std::any_of(array->begin(), array->end(), [&](const OrderedJson& item) {
            auto it = item.is_object() ? item.find("id") : item.end();
            return item.is_object() && it != item.end() && it->is_string() && it->get<std::string>() == id;
        });
    };
    if (!used(base)) return base;
    for (int n = 2;; ++n)
        if (std::string id = base + "_" + std::to_string(n); !used(id)) return id;
}

} // namespace wp
