// The case editor (issue 14 item 3): author mode's case written in the app, without a text editor.
// On the left the outline (the case's details, its stages, facts, flags, critical actions, cast and
// nodes, each with "Add"); on the right the selected item as a form built from the format's schema
// (core/format_guide.h): every field with its title and help, pickers for ids, a red line under a field
// the lint finds fault with, "Add field" for what the format allows there. A second view is the roles x
// decisions grid. Every change is an EditCase command; the view keeps no copy of the case.
#include <algorithm>
#include <string>
#include <vector>

#include <imgui.h>

#include "wholepicture/core/case_templates.h"
#include "wholepicture/core/map_layout.h"
#include "wholepicture/ui/probe.h"
#include "wholepicture/ui/screens.h"
#include "wholepicture/ui/speech.h"
#include "wholepicture/ui/widgets.h"

namespace wp::ui {

namespace {

constexpr const char* kOutlineLists[][2] = {{"stages", "Stages"},     {"facts", "Facts"},
                                            {"flags", "Flags"},       {"critical_actions", "Critical actions"},
                                            {"cast", "Cast (the map)"}, {"nodes", "Nodes"}};
// Keys of the case whose lists have their own place in the outline (not repeated in "Case details").
bool inOutline(const std::string& key) {
    return std::any_of(std::begin(kOutlineLists), std::end(kOutlineLists), [&](const auto& l) { return key == l[0]; });
}

std::vector<std::string> idsOf(const OrderedJson& root, const char* list) {
    std::vector<std::string> ids;
    if (auto it = root.find(list); it != root.end() && it->is_array())
        for (const auto& item : *it)
            if (item.is_object() && item.contains("id") && item["id"].is_string()) ids.push_back(item["id"].get<std::string>());
    return ids;
}

std::string itemLabel(const OrderedJson& item, size_t index) {
    if (!item.is_object()) return item.is_string() ? item.get<std::string>() : "#" + std::to_string(index + 1);
    std::string label = item.value("id", item.value("role", "#" + std::to_string(index + 1)));
    for (const char* key : {"title", "name", "text"})
        if (auto it = item.find(key); it != item.end() && it->is_string()) {
            std::string text = it->get<std::string>();
            if (text.size() > 48) text = text.substr(0, 45) + "...";
            if (!text.empty() && text != label) label += ": " + text;
            break;
        }
    return label;
}

struct Form {
    const AppState& m;
    const CaseEditor& e;
    UiState& ui;
    CommandSink& sink;
    CaseFile file;
    const OrderedJson& root;
    const FormatGuide* guide;
    std::vector<std::string> nodes, stages, facts, flags, flagTests, criticals, playable, allRoles;
    std::string childName;

    [[nodiscard]] bool diagnosticInFile(const Diagnostic& d) const {
        const std::string name = e.doc.fileName(file);
        return d.file.size() >= name.size() && d.file.compare(d.file.size() - name.size(), name.size(), name) == 0;
    }
    // The lint's findings at `pointer` (exact), or at it and below it.
    [[nodiscard]] std::vector<const Diagnostic*> problems(const std::string& pointer, bool below) const {
        std::vector<const Diagnostic*> out;
        for (const auto& d : e.diagnostics) {
            if (d.severity == Severity::Note || !diagnosticInFile(d)) continue;
            const bool at = d.pointer == pointer;
            const bool under = below && d.pointer.size() > pointer.size() && d.pointer.compare(0, pointer.size(), pointer) == 0 &&
                               d.pointer[pointer.size()] == '/';
            if (at || under) out.push_back(&d);
        }
        return out;
    }
    void set(const std::string& pointer, OrderedJson value, const char* label, bool typing = false) const {
        sink.push(EditCase{{{CaseEdit::Op::Set, file, pointer, std::move(value)}}, label, typing, {}});
    }
    [[nodiscard]] FieldGuide fieldAt(const std::string& pointer) const { return guide ? guide->at(root, pointer) : FieldGuide{}; }
};

void problemLines(const Form& f, const std::string& pointer, bool below) {
    for (const Diagnostic* d : f.problems(pointer, below))
        textBlock(f.ui.fonts.small, std::string(d->severity == Severity::Error ? "Error: " : "Warning: ") + d->message,
                  d->severity == Severity::Error ? f.ui.palette.danger : f.ui.palette.warning);
}

void fieldLabel(const Form& f, const std::string& key, const FieldGuide& g, bool required) {
    std::string title = g.title.empty() ? key : g.title;
    // A role's own text is labelled with the role's name, as the trainee sees it.
    if (title.rfind("Text for ", 0) == 0 && std::find(f.allRoles.begin(), f.allRoles.end(), key) != f.allRoles.end())
        title = "Text for " + f.m.knowledge.roleName(key);
    pushFont(f.ui.fonts.bold);
    textBlock(title + (required ? "" : "  (optional)"));
    popFont(f.ui.fonts.bold);
    if (!g.description.empty()) itemTooltip(g.description.c_str());
}

// A combo over `choices`; the current value stays listed even when it names nothing (the lint says so).
void idCombo(const Form& f, const std::string& pointer, const std::string& current, std::vector<std::string> choices,
             const char* label) {
    if (!current.empty() && std::find(choices.begin(), choices.end(), current) == choices.end()) choices.insert(choices.begin(), current);
    ImGui::SetNextItemWidth(em(22));
    if (ImGui::BeginCombo(("##" + pointer).c_str(), current.empty() ? "(choose)" : current.c_str())) {
        for (const std::string& c : choices) {
            if (listItem(c.c_str(), c == current)) f.set(pointer, c, label);
            WP_PROBE("editor/choice" + pointer + "/" + c);
        }
        ImGui::EndCombo();
    }
    WP_PROBE("editor/field" + pointer);
}

// The ids a string field at `key` names, when the format makes it a reference.
const std::vector<std::string>* referenceChoices(const Form& f, const std::string& key, const FieldGuide& g) {
    if (key == "next" || key == "start" || key == "to" || key == "resolves_at") return &f.nodes;
    if (key == "stage") return &f.stages;
    if (key == "fact") return &f.facts;
    if (key == "set" || key == "clear") return &f.flags; // an option's effects
    if (key == "flags" && g.kind == "flag_ref") return &f.flagTests;
    if (key == "critical") return &f.criticals;
    if (key == "role" || g.kind == "role_id") return &f.playable;
    return nullptr;
}

bool isLongText(const std::string& key, const std::string& text) {
    static const char* const kLong[] = {"situation", "text", "outcome", "what_happened", "case_summary", "summary", "knows",
                                        "thinks", "pressures", "description", "why", "question", "reply", "default"};
    return text.size() > 60 || std::any_of(std::begin(kLong), std::end(kLong), [&](const char* k) { return key == k; });
}

void drawValue(const Form& f, const std::string& pointer, const std::string& key, const OrderedJson& value, int depth);

void drawString(const Form& f, const std::string& pointer, const std::string& key, const OrderedJson& value, const FieldGuide& g) {
    const std::string current = value.get<std::string>();
    if (!g.enumValues.empty()) {
        idCombo(f, pointer, current, g.enumValues, "Choose");
        return;
    }
    if (const auto* choices = referenceChoices(f, key, g)) {
        idCombo(f, pointer, current, *choices, "Choose");
        return;
    }
    std::string text = current;
    const float width = ImGui::GetContentRegionAvail().x;
    // One box or several lines is chosen by the text's length, but a field keeps its kind while it is
    // being typed in: switching at the 61st character moved the caret to the start mid-word.
    bool multiLine = isLongText(key, text);
    ImGuiStorage* storage = ImGui::GetStateStorage();
    const ImGuiID kindKey = ImGui::GetID(("##kind" + pointer).c_str());
    if (ImGui::GetActiveID() == ImGui::GetID(("##" + pointer).c_str())) multiLine = storage->GetBool(kindKey, multiLine);
    else storage->SetBool(kindKey, multiLine);
    bool changed;
    if (multiLine) {
        const float lines = std::clamp(static_cast<float>(text.size()) / 70.0f + 1.0f, 2.0f, 8.0f);
        changed = inputTextMultiline(("##" + pointer).c_str(), &text, ImVec2(width, ImGui::GetTextLineHeight() * lines + em(0.6f)));
    } else {
        ImGui::SetNextItemWidth(std::min(width, em(30)));
        changed = inputText(("##" + pointer).c_str(), &text);
    }
    WP_PROBE("editor/field" + pointer);
    if (changed) f.set(pointer, text, "Edit text", true);
    if (ImGui::IsItemDeactivated()) f.sink.push(EndTyping{});
    // 1.86's text boxes cannot wrap: a long text is also shown wrapped below its box, to read it whole.
    if (multiLine && ImGui::CalcTextSize(text.c_str()).x > width)
        textBlock(f.ui.fonts.small, text, f.ui.palette.textMuted);
}

void drawStringList(const Form& f, const std::string& pointer, const OrderedJson& value, const std::vector<std::string>& roles) {
    // A list of roles: one checkbox per role, in the catalogue's order, as many to a row as fit whole.
    const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
    for (size_t i = 0; i < roles.size(); ++i) {
        bool on = std::any_of(value.begin(), value.end(), [&](const OrderedJson& v) { return v.is_string() && v.get<std::string>() == roles[i]; });
        const std::string name = f.m.knowledge.roleShort(roles[i]);
        const float width = ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(name.c_str()).x;
        if (i > 0 && ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + width <= right) ImGui::SameLine();
        if (ImGui::Checkbox((name + "##" + pointer + roles[i]).c_str(), &on)) {
            OrderedJson next = OrderedJson::array();
            for (const std::string& r : roles) {
                const bool has = r == roles[i] ? on : std::any_of(value.begin(), value.end(), [&](const OrderedJson& v) { return v == r; });
                if (has) next.push_back(r);
            }
            for (const auto& v : value) // anything not a known role is kept for the lint to name
                if (!v.is_string() || std::find(roles.begin(), roles.end(), v.get<std::string>()) == roles.end()) next.push_back(v);
            f.set(pointer, next, on ? "Add role" : "Remove role");
        }
        WP_PROBE("editor/field" + pointer + "/" + roles[i]);
    }
}

void itemButtons(const Form& f, const std::string& pointer, size_t index, size_t count) {
    const std::string parent = parentPointer(pointer);
    ImGui::PushID(pointer.c_str());
    if (index > 0) {
        if (ImGui::SmallButton("Up")) f.sink.push(EditCase{{{CaseEdit::Op::Move, f.file, pointer, {}, index - 1}}, "Move up", false, childPointer(parent, index - 1)});
        ImGui::SameLine();
    }
    if (index + 1 < count) {
        if (ImGui::SmallButton("Down")) f.sink.push(EditCase{{{CaseEdit::Op::Move, f.file, pointer, {}, index + 1}}, "Move down", false, childPointer(parent, index + 1)});
        ImGui::SameLine();
    }
    if (ImGui::SmallButton("Duplicate"))
        f.sink.push(EditCase{{{CaseEdit::Op::Insert, f.file, childPointer(parent, index + 1), duplicateItem(f.e.doc, f.file, pointer)}},
                             "Duplicate", false, {}});
    WP_PROBE("editor/duplicate" + pointer);
    ImGui::SameLine();
    if (ImGui::SmallButton("Delete")) f.sink.push(EditCase{{{CaseEdit::Op::Remove, f.file, pointer}}, "Delete", false, {}});
    WP_PROBE("editor/delete" + pointer);
    ImGui::PopID();
}

void drawArray(const Form& f, const std::string& pointer, const std::string& key, const OrderedJson& value, int depth) {
    const bool roleList = key == "roles" || key == "holders" || key == "needed_by" || (key == "to" && depth > 0);
    if (roleList && std::all_of(value.begin(), value.end(), [](const OrderedJson& v) { return v.is_string(); })) {
        const bool castRoles = pointer.rfind("/cast/", 0) == 0;
        drawStringList(f, pointer, value, castRoles || key != "roles" ? f.allRoles : f.playable);
        return;
    }
    ImGui::Indent(em(0.8f));
    for (size_t i = 0; i < value.size(); ++i) {
        const std::string item = childPointer(pointer, i);
        const OrderedJson& v = value[i];
        ImGui::PushID(static_cast<int>(i));
        if (v.is_object() || v.is_array()) {
            const auto issues = f.problems(item, true);
            std::string label = itemLabel(v, i);
            // An item named by its role (a perspective) is listed under the role's name, as the trainee reads it.
            if (v.is_object() && !v.contains("id") && v.contains("role") && v["role"].is_string()) {
                const std::string role = v["role"].get<std::string>();
                if (std::find(f.allRoles.begin(), f.allRoles.end(), role) != f.allRoles.end())
                    label = f.m.knowledge.roleName(role) + label.substr(role.size());
            }
            std::string header = label + (issues.empty() ? "" : "  (" + std::to_string(issues.size()) + " to mend)");
            if (!issues.empty()) ImGui::PushStyleColor(ImGuiCol_Text, f.ui.palette.danger);
            const bool open = ImGui::TreeNodeEx((header + "###item").c_str(), ImGuiTreeNodeFlags_SpanAvailWidth);
            if (!issues.empty()) ImGui::PopStyleColor();
            speakItem(header, "group", open ? "open" : "closed: Enter opens it");
            WP_PROBE("editor/item" + item);
            if (open) {
                itemButtons(f, item, i, value.size());
                drawValue(f, item, key, v, depth + 1);
                ImGui::TreePop();
            }
        } else {
            drawValue(f, item, key, v, depth + 1);
            ImGui::SameLine();
            if (ImGui::SmallButton("Remove")) f.sink.push(EditCase{{{CaseEdit::Op::Remove, f.file, item}}, "Remove", false, {}});
        }
        ImGui::PopID();
    }
    if (ImGui::SmallButton(("Add##" + pointer).c_str()))
        f.sink.push(EditCase{{{CaseEdit::Op::Insert, f.file, pointer + "/-", newListItem(f.e.doc, f.file, pointer, f.guide)}},
                             "Add", false, {}});
    WP_PROBE("editor/add" + pointer);
    ImGui::Unindent(em(0.8f));
}

void drawObject(const Form& f, const std::string& pointer, const OrderedJson& value, int depth, bool skipOutlineLists) {
    const FieldGuide here = f.fieldAt(pointer);
    for (auto it = value.begin(); it != value.end(); ++it) {
        const std::string& key = it.key();
        if (key == "$schema") continue;
        if (skipOutlineLists && inOutline(key)) continue;
        const std::string child = childPointer(pointer, key);
        const FieldGuide g = f.fieldAt(child);
        const bool required = std::find(here.required.begin(), here.required.end(), key) != here.required.end();
        ImGui::PushID(key.c_str());
        fieldLabel(f, key, g, required || !here.known);
        if (!required) {
            ImGui::SameLine();
            if (ImGui::SmallButton("Remove field")) f.sink.push(EditCase{{{CaseEdit::Op::Remove, f.file, child}}, "Remove field", false, {}});
            WP_PROBE("editor/remove" + child);
        }
        if (it->is_object() && depth > 0) {
            ImGui::Indent(em(0.8f));
            drawValue(f, child, key, *it, depth + 1);
            ImGui::Unindent(em(0.8f));
        } else {
            drawValue(f, child, key, *it, depth + 1);
        }
        problemLines(f, child, false);
        ImGui::Dummy(ImVec2(0, em(0.25f)));
        ImGui::PopID();
    }
    // Fields the format allows here and the item does not have yet (required ones first).
    std::vector<std::string> missing;
    for (const auto& key : here.required)
        if (!value.contains(key)) missing.push_back(key);
    for (const auto& key : here.properties)
        if (!value.contains(key) && std::find(missing.begin(), missing.end(), key) == missing.end()) missing.push_back(key);
    if (!missing.empty()) {
        ImGui::SetNextItemWidth(em(16));
        if (ImGui::BeginCombo(("##add-field" + pointer).c_str(), "Add field...")) {
            for (const std::string& key : missing) {
                const FieldGuide g = f.fieldAt(childPointer(pointer, key));
                const bool required = std::find(here.required.begin(), here.required.end(), key) != here.required.end();
                const std::string label = (g.title.empty() ? key : g.title) + (required ? " (required)" : "") + "##" + key;
                if (listItem(label.c_str())) {
                    CaseEdit add{CaseEdit::Op::Insert, f.file, childPointer(pointer, key), emptyValueFor(g),
                                 FormatGuide::keyPosition(value, here, key)};
                    f.sink.push(EditCase{{add}, "Add field", false, {}});
                }
                if (!g.description.empty()) itemTooltip(g.description.c_str());
            }
            ImGui::EndCombo();
        }
        WP_PROBE("editor/add-field" + pointer);
    }
}

void drawValue(const Form& f, const std::string& pointer, const std::string& key, const OrderedJson& value, int depth) {
    const FieldGuide g = f.fieldAt(pointer);
    if (value.is_string()) {
        drawString(f, pointer, key, value, g);
        // The map shows a shorter name than the cast's (mapShortName): say which, so it is no surprise.
        if (key == "name" && f.file == CaseFile::Scenario && pointer.rfind("/cast/", 0) == 0 &&
            pointer.find('/', 6) == pointer.size() - 5) {
            const std::string onMap = mapShortName(value.get<std::string>(), f.childName);
            if (onMap != value.get<std::string>()) {
                textBlock(f.ui.fonts.small, "On the map: " + onMap + "  (the whole name shows when pointed at)", f.ui.palette.textMuted);
                WP_PROBE("editor/map-name" + pointer);
            }
        }
        // A text that may be written per role: offer to split it.
        if (g.kind == "role_text" || g.object) {
            if (ImGui::SmallButton(("A text per role##" + pointer).c_str()))
                f.set(pointer, OrderedJson{{"default", value.get<std::string>()}}, "A text per role");
            itemTooltip("Keep this text as the default and add each role's own text beside it.");
        }
    } else if (value.is_boolean()) {
        bool on = value.get<bool>();
        if (ImGui::Checkbox(("##" + pointer).c_str(), &on)) f.set(pointer, on, "Switch");
        WP_PROBE("editor/field" + pointer);
    } else if (value.is_number_integer()) {
        int n = value.get<int>();
        ImGui::SetNextItemWidth(em(9));
        if (inputInt(("##" + pointer).c_str(), &n, 1, 5)) f.set(pointer, n, "Edit number", true);
        if (ImGui::IsItemDeactivated()) f.sink.push(EndTyping{});
        WP_PROBE("editor/field" + pointer);
    } else if (value.is_number()) {
        double x = value.get<double>();
        ImGui::SetNextItemWidth(em(9));
        if (ImGui::InputDouble(("##" + pointer).c_str(), &x)) f.set(pointer, x, "Edit number", true);
        if (ImGui::IsItemDeactivated()) f.sink.push(EndTyping{});
    } else if (value.is_array()) {
        drawArray(f, pointer, key, value, depth);
    } else if (value.is_object()) {
        drawObject(f, pointer, value, depth, false);
        if (g.kind == "role_text" || (key == "views" || key == "scores")) {
            // Per-role texts and scores: the keys are roles (or dimensions), added from a list.
            std::vector<std::string> keys = key == "scores" ? f.m.knowledge.dimensionIds() : f.playable;
            keys.erase(std::remove_if(keys.begin(), keys.end(), [&](const std::string& k) { return value.contains(k); }), keys.end());
            if (!keys.empty()) {
                ImGui::SetNextItemWidth(em(16));
                if (ImGui::BeginCombo(("##add-key" + pointer).c_str(), key == "scores" ? "Add a score..." : "Add a role's text...")) {
                    for (const std::string& k : keys)
                        if (listItem(k.c_str()))
                            f.sink.push(EditCase{{{CaseEdit::Op::Insert, f.file, childPointer(pointer, k),
                                                   key == "scores" ? OrderedJson(0) : OrderedJson("")}},
                                                 "Add", false, {}});
                    ImGui::EndCombo();
                }
                WP_PROBE("editor/add-key" + pointer);
            }
        }
    } else {
        textBlock("(empty)", f.ui.palette.textMuted);
    }
}

// [SECTION] The outline
void outlineItem(const Form& f, CaseFile file, const std::string& pointer, const std::string& label) {
    const bool selected = f.e.file == file && f.e.selected == pointer;
    Form probe{f.m, f.e, f.ui, f.sink, file, f.e.doc.file(file), f.guide, {}, {}, {}, {}, {}, {}, {}, {}, {}};
    const bool faulty = !probe.problems(pointer, !pointer.empty()).empty();
    if (faulty) ImGui::PushStyleColor(ImGuiCol_Text, f.ui.palette.danger);
    if (listItem((label + (faulty ? "  (!)" : "") + "##" + pointer + (file == CaseFile::Manifest ? "m" : "s")).c_str(), selected))
        f.sink.push(SelectInEditor{file, pointer});
    if (faulty) ImGui::PopStyleColor();
    // The selected item is scrolled into sight once when it is out of it (opened with --node, picked in the grid).
    if (selected) {
        ImGuiStorage* storage = ImGui::GetStateStorage();
        const ImGuiID shown = ImGui::GetID("##outline-shown");
        const auto wanted = static_cast<int>(ImGui::GetID((pointer + (file == CaseFile::Manifest ? "#m" : "#s")).c_str()));
        if (storage->GetInt(shown, 0) != wanted) {
            if (!ImGui::IsItemVisible()) ImGui::SetScrollHereY(0.3f);
            storage->SetInt(shown, wanted);
        }
    }
    WP_PROBE("editor/outline" + std::string(file == CaseFile::Manifest ? "/plugin" : "") + (pointer.empty() ? "/case" : pointer));
}

void drawOutline(const Form& f) {
    outlineItem(f, CaseFile::Scenario, "", "Case details");
    outlineItem(f, CaseFile::Manifest, "", "Plugin: name, roles, warnings");
    const OrderedJson& s = f.e.doc.scenario;
    for (const auto& list : kOutlineLists) {
        ImGui::Dummy(ImVec2(0, em(0.3f)));
        pushFont(f.ui.fonts.bold);
        textBlock(list[1]);
        popFont(f.ui.fonts.bold);
        const std::string pointer = childPointer("", list[0]);
        if (auto it = s.find(list[0]); it != s.end() && it->is_array()) {
            ImGui::Indent(em(0.6f));
            for (size_t i = 0; i < it->size(); ++i) {
                std::string label = itemLabel((*it)[i], i);
                if (std::string(list[0]) == "nodes") label = "[" + (*it)[i].value("type", std::string("?")) + "] " + label;
                outlineItem(f, CaseFile::Scenario, childPointer(pointer, i), label);
            }
            ImGui::Unindent(em(0.6f));
        }
        ImGui::PushID(list[0]);
        if (std::string(list[0]) == "nodes") {
            const std::string at = childPointer(pointer, s.contains("nodes") ? s["nodes"].size() : 0);
            struct NewNodeButton { const char* label; const char* probe; NewNodeKind kind; };
            constexpr NewNodeButton kButtons[] = {{"Add decision", "editor/add-decision", NewNodeKind::Decision},
                                                  {"Add scene", "editor/add-scene", NewNodeKind::Narrative},
                                                  {"Add ending", "editor/add-ending", NewNodeKind::Ending}};
            for (const NewNodeButton& b : kButtons) {
                // A narrow outline puts a button on the next line rather than cutting it off.
                const float roomLeft = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x - ImGui::GetItemRectMax().x -
                                       ImGui::GetStyle().ItemSpacing.x;
                if (&b != kButtons && roomLeft > ImGui::CalcTextSize(b.label).x + em(1.0f)) ImGui::SameLine();
                if (ImGui::SmallButton(b.label))
                    f.sink.push(EditCase{{{CaseEdit::Op::Insert, CaseFile::Scenario, pointer + "/-", newNode(f.e.doc, b.kind)}}, b.label, false, at});
                WP_PROBE(b.probe);
            }
        } else {
            if (ImGui::SmallButton("Add")) { // a case without the list yet gets it, with the new item in it
                const size_t count = s.contains(list[0]) && s[list[0]].is_array() ? s[list[0]].size() : 0;
                OrderedJson item = newListItem(f.e.doc, CaseFile::Scenario, pointer, f.guide);
                CaseEdit add = s.contains(list[0]) ? CaseEdit{CaseEdit::Op::Insert, CaseFile::Scenario, pointer + "/-", std::move(item)}
                                                   : CaseEdit{CaseEdit::Op::Set, CaseFile::Scenario, pointer, OrderedJson::array({std::move(item)})};
                f.sink.push(EditCase{{add}, std::string("Add to ") + list[1], false, childPointer(pointer, count)});
            }
            WP_PROBE("editor/add" + pointer);
        }
        ImGui::PopID();
    }
}

// [SECTION] The roles x decisions grid
// True when a cell was clicked (its decision is selected; the caller shows the form).
bool drawGrid(const Form& f) {
    bool picked = false;
    textBlock("Each decision (rows) for each playable role (columns): S = the role has its own situation text, "
              "the number = options open to the role, P = the role has a perspective. Click a cell to edit the decision.",
              f.ui.palette.textMuted);
    const OrderedJson& s = f.e.doc.scenario;
    if (!s.contains("nodes") || !s["nodes"].is_array() || f.playable.empty()) return false;
    const int columns = static_cast<int>(f.playable.size()) + 1;
    if (!ImGui::BeginTable("##grid", columns, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp))
        return false;
    ImGui::TableSetupColumn("Decision", ImGuiTableColumnFlags_WidthStretch, 2.0f);
    for (const auto& role : f.playable) ImGui::TableSetupColumn(f.m.knowledge.roleShort(role).c_str(), ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableHeadersRow();
    const OrderedJson& nodes = s["nodes"];
    for (size_t i = 0; i < nodes.size(); ++i) {
        const OrderedJson& n = nodes[i];
        if (!n.is_object() || n.value("type", "") != "decision") continue;
        const std::string pointer = childPointer("/nodes", i);
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        textBlock(itemLabel(n, i));
        for (const auto& role : f.playable) {
            ImGui::TableNextColumn();
            const bool ownSituation = n.contains("situation") && n["situation"].is_object() && n["situation"].contains(role);
            int options = 0;
            if (auto it = n.find("options"); it != n.end() && it->is_array())
                for (const auto& o : *it) {
                    const auto roles = o.is_object() ? o.find("roles") : o.end();
                    if (!o.is_object() || roles == o.end() || !roles->is_array() ||
                        std::any_of(roles->begin(), roles->end(), [&](const OrderedJson& r) { return r == role; }))
                        ++options;
                }
            bool perspective = false;
            if (auto it = n.find("perspectives"); it != n.end() && it->is_array())
                perspective = std::any_of(it->begin(), it->end(), [&](const OrderedJson& p) { return p.is_object() && p.value("role", "") == role; });
            const std::string cell = std::string(ownSituation ? "S " : "") + std::to_string(options) + (perspective ? " P" : "");
            if (listItem((cell + "##" + pointer + role).c_str(), f.e.selected == pointer)) {
                f.sink.push(SelectInEditor{CaseFile::Scenario, pointer});
                picked = true;
            }
            WP_PROBE("editor/grid" + pointer + "/" + role);
        }
    }
    ImGui::EndTable();
    return picked;
}

// [SECTION] The screen
void drawCaseEditor(const AppState& m, UiState& ui, CommandSink& sink) {
    if (!m.author || !m.author->editor) {
        textBlock("Open a case in author mode, then choose \"Edit the case\".", ui.palette.textMuted);
        return;
    }
    const CaseEditor& e = *m.author->editor;
    Form f{m, e, ui, sink, e.file, e.doc.file(e.file), e.guide(e.file), {}, {}, {}, {}, {}, {}, {}};
    f.nodes = idsOf(e.doc.scenario, "nodes");
    f.stages = idsOf(e.doc.scenario, "stages");
    f.facts = idsOf(e.doc.scenario, "facts");
    f.flags = idsOf(e.doc.scenario, "flags");
    // A condition names a flag that must be set ("referred") or must not be ("!referred").
    f.flagTests = f.flags;
    for (const std::string& flag : f.flags) f.flagTests.push_back("!" + flag);
    if (const auto child = e.doc.scenario.find("child"); child != e.doc.scenario.end() && child->is_object())
        f.childName = child->value("name", std::string());
    f.criticals = idsOf(e.doc.scenario, "critical_actions");
    if (auto it = e.doc.manifest.find("roles"); it != e.doc.manifest.end() && it->is_array())
        for (const auto& r : *it)
            if (r.is_string()) f.playable.push_back(r.get<std::string>());
    f.allRoles = m.knowledge.roleIds();

    const bool typing = ImGui::GetIO().WantTextInput;
    const bool ctrl = ImGui::GetIO().KeyCtrl, shift = ImGui::GetIO().KeyShift;
    // 1.86 names no S key: the GLFW key codes of letters are their capitals' ASCII codes.
    if (ctrl && rawKeyPressed('S')) sink.push(SaveCaseDraft{});
    if (ctrl && !typing && rawKeyPressed('Z')) sink.push(shift ? Command{EditorRedo{}} : Command{EditorUndo{}});
    if (ctrl && !typing && rawKeyPressed('Y')) sink.push(EditorRedo{});

    // The screen's own margin (the window has none, so that other screens can run their panes to the edge).
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + em(1.0f));
    ImGui::BeginChild("##case-editor", ImVec2(-em(0.5f), 0), false, ImGuiWindowFlags_NavFlattened | ImGuiWindowFlags_NoScrollbar);
    ImGui::Dummy(ImVec2(0, em(0.4f)));
    pushFont(ui.fonts.heading);
    textBlock("Edit: " + e.doc.manifest.value("name", e.doc.dir.filename().string()));
    popFont(ui.fonts.heading);
    // The toolbar: save, undo, redo, and what the lint says of the draft.
    const bool dirty = e.history.dirty();
    if ((dirty ? primaryButton(ui, "Save (Ctrl+S)##editor") : secondaryButton(ui, "Save (Ctrl+S)##editor"))) sink.push(SaveCaseDraft{});
    WP_PROBE("editor/save");
    ImGui::SameLine();
    ImGui::BeginDisabled(e.history.undo.empty());
    if (secondaryButton(ui, "Undo##editor")) sink.push(EditorUndo{});
    if (!e.history.undo.empty()) itemTooltip(("Undo " + e.history.undo.back().label + " (Ctrl+Z)").c_str());
    ImGui::EndDisabled();
    WP_PROBE("editor/undo");
    ImGui::SameLine();
    ImGui::BeginDisabled(e.history.redo.empty());
    if (secondaryButton(ui, "Redo##editor")) sink.push(EditorRedo{});
    ImGui::EndDisabled();
    WP_PROBE("editor/redo");
    ImGui::SameLine();
    const size_t errors = countSeverity(e.diagnostics, Severity::Error), warnings = countSeverity(e.diagnostics, Severity::Warning);
    const std::string lint = !e.linted() ? "Checking..."
                                         : std::to_string(errors) + (errors == 1 ? " error, " : " errors, ") + std::to_string(warnings) +
                                               (warnings == 1 ? " warning" : " warnings") + (dirty ? " (unsaved)" : " (saved)");
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(errors ? ui.palette.danger : ui.palette.textMuted, "%s", lint.c_str());
    WP_PROBE("editor/lint");
    if (!e.problem.empty()) textBlock(e.problem, ui.palette.danger);
    if (!e.note.empty()) textBlock(ui.fonts.small, e.note, ui.palette.textMuted);

    // Outline | Grid
    ImGuiStorage* storage = ImGui::GetStateStorage();
    const ImGuiID viewId = ImGui::GetID("##editor-view");
    int view = storage->GetInt(viewId, 0);
    if (ImGui::RadioButton("Outline and form##editor-view", view == 0)) view = 0;
    WP_PROBE("editor/view/outline");
    ImGui::SameLine();
    if (ImGui::RadioButton("Roles x decisions##editor-view", view == 1)) view = 1;
    WP_PROBE("editor/view/grid");
    storage->SetInt(viewId, view);
    ImGui::Separator();

    if (view == 1) {
        ImGui::BeginChild("##editor-grid", ImVec2(0, 0), false, ImGuiWindowFlags_NavFlattened);
        keyboardScroll(true);
        if (drawGrid(f)) storage->SetInt(viewId, 0);
        ImGui::EndChild();
        ImGui::EndChild();
        return;
    }

    const float outlineWidth = std::min(em(20), ImGui::GetContentRegionAvail().x * 0.35f);
    ImGui::BeginChild("##editor-outline", ImVec2(outlineWidth, 0), true, ImGuiWindowFlags_NavFlattened);
    drawOutline(f);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("##editor-form", ImVec2(0, 0), false, ImGuiWindowFlags_NavFlattened);
    keyboardScroll(true);
    ImGui::PushTextWrapPos(0.0f);
    const OrderedJson* selected = valueAt(f.root, e.selected);
    if (!selected) selected = &f.root;
    const std::string pointer = selected == &f.root ? std::string() : e.selected;
    const FieldGuide g = f.fieldAt(pointer);
    pushFont(ui.fonts.bold);
    textBlock((pointer.empty() ? (e.file == CaseFile::Manifest ? std::string("Plugin (plugin.json)") : std::string("Case details"))
                               : (g.title.empty() ? lastToken(parentPointer(pointer)) : g.title) + ": " +
                                     itemLabel(*selected, 0)));
    popFont(ui.fonts.bold);
    // The schemas' own top-level descriptions are written for tools; the author reads what each file holds.
    const std::string help = !pointer.empty() ? g.description
                             : e.file == CaseFile::Scenario
                                 ? "The case as a whole: its title, the child, the summary a trainee reads first, and where it "
                                   "starts. Its stages, facts, flags, critical actions, cast and nodes are in the outline."
                                 : "The library's card: the case's name and summary, the roles a trainee can play it as, how "
                                   "long it takes, its content warnings and the case review it comes from.";
    if (!help.empty()) textBlock(ui.fonts.small, help, ui.palette.textMuted);
    problemLines(f, pointer, false);
    // An item of a list: move, duplicate, delete; a node: play it from here as a role.
    if (!pointer.empty()) {
        const std::string parent = parentPointer(pointer);
        const OrderedJson* list = valueAt(f.root, parent);
        if (list && list->is_array()) {
            const size_t index = static_cast<size_t>(std::stoul(lastToken(pointer)));
            itemButtons(f, pointer, index, list->size());
        }
        if (parent == "/nodes" && e.file == CaseFile::Scenario && selected->is_object() && !f.playable.empty()) {
            const ImGuiID roleId = ImGui::GetID("##play-role");
            int role = std::clamp(storage->GetInt(roleId, 0), 0, static_cast<int>(f.playable.size()) - 1);
            ImGui::SetNextItemWidth(em(14));
            if (ImGui::BeginCombo("##play-as", m.knowledge.roleName(f.playable[static_cast<size_t>(role)]).c_str())) {
                for (size_t r = 0; r < f.playable.size(); ++r)
                    if (listItem(m.knowledge.roleName(f.playable[r]).c_str(), static_cast<int>(r) == role)) role = static_cast<int>(r);
                ImGui::EndCombo();
            }
            storage->SetInt(roleId, role);
            WP_PROBE("editor/play-role");
            ImGui::SameLine();
            if (primaryButton(ui, "Play from here##editor"))
                sink.push(PlayDraftFrom{selected->value("id", ""), f.playable[static_cast<size_t>(role)]});
            WP_PROBE("editor/play");
            itemTooltip("Saves your edits, then plays this node as the chosen role (by the shortest way there).");
        }
    }
    ImGui::Dummy(ImVec2(0, em(0.4f)));
    if (selected->is_object()) drawObject(f, pointer, *selected, pointer.empty() ? 0 : 1, pointer.empty() && e.file == CaseFile::Scenario);
    else drawValue(f, pointer, lastToken(pointer), *selected, 1);
    ImGui::PopTextWrapPos();
    ImGui::Dummy(ImVec2(0, em(2.0f)));
    ImGui::EndChild();
    ImGui::EndChild();
}

} // namespace

void registerCaseEditorScreen(ScreenRegistry& registry) {
    registry.add({Screen::CaseEditor, "Case editor", drawCaseEditor, false,
                  {{"Ctrl+S", "save the case"},
                   {"Ctrl+Z, Ctrl+Y", "undo, redo (outside a text box)"},
                   {"Tab", "move between fields; type to change a text"},
                   {"Esc", "leave a text box, or go back to the library (the draft is kept)"}}});
}

} // namespace wp::ui
