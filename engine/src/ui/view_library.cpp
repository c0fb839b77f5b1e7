// The library: one card per case, the resume offer, and broken plugins greyed out with their
// diagnostics (a broken plugin never stops the app).
#include <algorithm>
#include <ctime>
#include <string>
#include <vector>

#include "wholepicture/core/lists.h"
#include "wholepicture/ui/probe.h"
#include "wholepicture/ui/screens.h"
#include "wholepicture/ui/speech.h"
#include "wholepicture/ui/room_views.h"
#include "wholepicture/ui/views.h"
#include "wholepicture/ui/widgets.h"

namespace wp::ui {

namespace {

ImVec4 complexityColour(const UiState& ui, const std::string& complexity) {
    if (complexity == "modest") return ui.palette.success;
    if (complexity == "significant") return ui.palette.warning;
    return ui.palette.danger;
}

int complexityRank(const std::string& c) {
    return c == "modest" ? 0 : c == "significant" ? 1 : c == "complex" ? 2 : 3;
}

// Cases from the gentlest to the most complex, then by name: the order a new trainee should meet them.
// `withPending`: the cases still being checked too, in the place their card will keep.
std::vector<const ScenarioPlugin*> usableInShelfOrder(const AppState& m, bool withPending = false) {
    std::vector<const ScenarioPlugin*> out;
    for (const auto& p : m.library)
        if (p.usable() || (withPending && p.pending)) out.push_back(&p);
    std::stable_sort(out.begin(), out.end(), [](const ScenarioPlugin* a, const ScenarioPlugin* b) {
        const int ra = complexityRank(a->manifest.complexity), rb = complexityRank(b->manifest.complexity);
        return ra != rb ? ra < rb : a->displayName() < b->displayName();
    });
    return out;
}

const char* originName(PluginOrigin o) {
    switch (o) {
    case PluginOrigin::Bundled: return "bundled";
    case PluginOrigin::User: return "your plugins folder";
    case PluginOrigin::CommandLine: return "--plugins";
    }
    return "";
}

void drawResumeBanner(const AppState& m, UiState& ui, CommandSink& sink, float width) {
    std::string pluginId, role;
    size_t steps = 0;
    bool finished = false;
    if (m.session) {
        pluginId = m.session->pluginId;
        role = m.session->role;
        steps = m.session->current().path.size();
        const int idx = findPlugin(m, pluginId);
        finished = idx >= 0 && atEnding(*m.library[static_cast<size_t>(idx)].scenario, m.session->current());
    } else if (m.resume) {
        pluginId = m.resume->pluginId;
        role = m.resume->role;
        steps = m.resume->steps;
    } else {
        return;
    }
    const int idx = findPlugin(m, pluginId);
    if (idx < 0) return;
    const ScenarioPlugin& p = m.library[static_cast<size_t>(idx)];
    if (!m.session) { // the saved state's node says whether the run reached an ending
        const auto& saved = m.resume->saved;
        const auto state = saved.find("state");
        if (state != saved.end() && state->is_object() && state->contains("node") && (*state)["node"].is_string()) {
            const Node* node = p.scenario->node((*state)["node"].get<std::string>());
            finished = node && node->type == NodeType::Ending;
        }
    }

    const Card card = beginCard(ui, width, ui.palette.surface, ui.palette.accent, 2.0f);
    eyebrow(ui, finished ? "Finished - the debrief is waiting" : "Where you left off");
    pushFont(ui.fonts.heading);
    textBlock(p.displayName() + " as " + m.knowledge.roleName(role));
    popFont(ui.fonts.heading);
    // A role swap: the first run is kept too, and the two are compared at the end.
    std::string firstRole;
    if (m.session && m.firstRun && m.firstRun->pluginId == pluginId) firstRole = m.firstRun->role;
    else if (!m.session && m.resume && m.resume->compareWith && m.resume->compareWith->is_object())
        firstRole = m.resume->compareWith->value("role", "");
    textBlock(std::to_string(steps) + (steps == 1 ? " step taken." : " steps taken.") +
                  (firstRole.empty() || firstRole == role ? std::string()
                                                          : " Your run as " + m.knowledge.roleName(firstRole) + " is kept beside it for the comparison.") +
                  " Your progress is saved after every step.",
              ui.palette.textMuted);
    ImGui::Dummy(ImVec2(0, em(0.2f)));
    const std::string label = std::string(finished ? "Open the debrief" : "Resume") + "##library-resume";
    if (primaryButton(ui, label.c_str())) sink.push(ResumeSession{});
    WP_PROBE("library/resume");
    if (!m.session) {
        ImGui::SameLine();
        if (secondaryButton(ui, "Set aside##library-resume")) sink.push(DiscardResume{});
        itemTooltip("Keeps this run under \"Your runs\" and frees the slot.");
        WP_PROBE("library/discard");
    }
    endCard(card);
    ImGui::Dummy(ImVec2(0, em(0.8f)));
}

std::string localDate(std::int64_t ms) {
    if (ms <= 0) return {};
    const std::time_t t = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    localtime_r(&t, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%d %b %Y, %H:%M", &tm);
    return text;
}

// Runs set aside: never lost by starting another case; each can be reopened or deleted (after asking).
void drawKeptRuns(const AppState& m, UiState& ui, CommandSink& sink, float width) {
    if (m.keptRuns.empty()) return;
    sectionHeader(ui, "YOUR RUNS");
    textBlock("Runs you set aside or finished, kept until you delete them.", ui.palette.textMuted);
    for (const KeptRun& k : m.keptRuns) {
        ImGui::PushID(k.id.c_str());
        const int idx = findPlugin(m, k.pluginId);
        const std::string name = idx >= 0 ? m.library[static_cast<size_t>(idx)].displayName() : k.pluginId;
        const Card card = beginCard(ui, width, ui.palette.surface, withAlpha(ui.palette.border, 0.6f));
        pushFont(ui.fonts.bold);
        textBlock(name + " as " + m.knowledge.roleName(k.role));
        popFont(ui.fonts.bold);
        std::string detail = k.finished ? "Finished" : std::to_string(k.steps) + (k.steps == 1 ? " step" : " steps");
        if (k.hasReflection) detail += ", with your reflection";
        if (k.firstRun) detail += ", with a role swap";
        if (const std::string when = localDate(k.startedMs); !when.empty()) detail += ". Started " + when + ".";
        textBlock(detail, ui.palette.textMuted);
        if (idx >= 0) {
            if (secondaryButton(ui, k.finished ? "Open the debrief##kept" : "Carry on##kept")) sink.push(OpenKeptRun{k.id});
            WP_PROBE("library/kept/" + k.id + "/open");
            ImGui::SameLine();
        }
        if (secondaryButton(ui, "Delete##kept")) sink.push(DeleteKeptRun{k.id});
        WP_PROBE("library/kept/" + k.id + "/delete");
        endCard(card);
        ImGui::PopID();
        ImGui::Dummy(ImVec2(0, em(0.3f)));
    }
    ImGui::Dummy(ImVec2(0, em(0.6f)));
}

// Screens that stand on their own (the glossary) are linked from the library by their registration.
void drawScreenLinks(const AppState&, UiState& ui, CommandSink& sink) {
    bool first = true;
    for (const ScreenView& v : screens().all()) {
        if (!v.libraryLink) continue;
        if (!first) ImGui::SameLine();
        first = false;
        if (secondaryButton(ui, (std::string(v.title) + "##screen-link").c_str())) sink.push(Navigate{v.id});
        WP_PROBE(std::string("library/screen/") + std::string(v.id.id));
    }
    if (!first) ImGui::Dummy(ImVec2(0, em(0.6f)));
}

void drawPluginCard(const AppState& m, UiState& ui, CommandSink& sink, const ScenarioPlugin& p, int number, float width) {
    const Card card = beginCard(ui, width, ui.palette.surface, withAlpha(ui.palette.border, 0.6f));

    pushFont(ui.fonts.heading);
    textBlock(p.displayName());
    popFont(ui.fonts.heading);

    const auto& man = p.manifest;
    badge(ui, man.complexity.empty() ? std::string("unrated") : man.complexity,
          complexityColour(ui, man.complexity));
    if (man.minutes > 0) {
        ImGui::SameLine();
        badge(ui, "about " + std::to_string(man.minutes) + " min", ui.palette.textMuted);
    }
    if (p.origin != PluginOrigin::Bundled) {
        ImGui::SameLine();
        badge(ui, originName(p.origin), ui.palette.accentText);
    }
    if (m.justInstalled == man.id) {
        ImGui::SameLine();
        badge(ui, "just installed", ui.palette.success);
        WP_PROBE("library/installed/" + man.id);
    }

    ImGui::Dummy(ImVec2(0, em(0.2f)));
    if (!man.summary.empty()) textBlock(man.summary);

    ImGui::Dummy(ImVec2(0, em(0.2f)));
    pushFont(ui.fonts.small);
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(ui.palette.textMuted, "Play as");
    popFont(ui.fonts.small);
    for (const auto& role : man.roles) {
        ImGui::SameLine();
        roleChip(ui, m.knowledge, role);
    }

    if (!man.contentWarnings.empty()) {
        ImGui::Dummy(ImVec2(0, em(0.2f)));
        pushFont(ui.fonts.bold);
        textBlock("Content warning: " + joinList(man.contentWarnings, ", "), ui.palette.warning);
        popFont(ui.fonts.bold);
    }

    ImGui::Dummy(ImVec2(0, em(0.3f)));
    const std::string label = "Open case##library/" + man.id;
    if (primaryButton(ui, label.c_str())) sink.push(OpenPlugin{man.id});
    speakItem("Open case: " + p.displayName(), "button", number <= 9 ? "or press " + std::to_string(number) : std::string());
    WP_PROBE("library/open/" + man.id);
    if (number <= 9) {
        ImGui::SameLine();
        ImGui::AlignTextToFramePadding();
        pushFont(ui.fonts.small);
        ImGui::TextColored(ui.palette.textMuted, "or press %d", number);
        popFont(ui.fonts.small);
    }
    // Joint session mode: groups in a room, one projector (view_room_setup.cpp).
    ImGui::SameLine(0, em(1.2f));
    if (secondaryButton(ui, ("Run a room session##library/" + man.id).c_str())) sink.push(OpenRoomSetup{man.id});
    speakItem("Run a room session: " + p.displayName(), "button");
    WP_PROBE("library/room/" + man.id);
    endCard(card);
    WP_PROBE("library/card/" + man.id);
}

// A case listed from its plugin.json while its scenario is loaded and checked (after the first frame,
// off the UI thread): what it is, and that it is being checked. Neither a problem nor playable yet.
void drawCheckingCard(UiState& ui, const ScenarioPlugin& p, int number, float width) {
    const Card card = beginCard(ui, width, ui.palette.surface, withAlpha(ui.palette.border, 0.4f));
    pushFont(ui.fonts.heading);
    textBlock(p.displayName(), ui.palette.textMuted);
    popFont(ui.fonts.heading);
    if (!p.manifest.summary.empty()) textBlock(p.manifest.summary, ui.palette.textMuted);
    ImGui::Dummy(ImVec2(0, em(0.2f)));
    pushFont(ui.fonts.small);
    textBlock(number <= 9 ? "Checking\xE2\x80\xA6 (press " + std::to_string(number) + " to open it now)"
                          : std::string("Checking\xE2\x80\xA6"),
              ui.palette.textMuted);
    popFont(ui.fonts.small);
    endCard(card);
    WP_PROBE("library/checking/" + p.manifest.id);
}

void drawBrokenCard(UiState& ui, const ScenarioPlugin& p, float width) {
    const Card card = beginCard(ui, width, ui.palette.background, withAlpha(ui.palette.border, 0.6f));
    const std::string name = p.manifest.name.empty() ? p.dir.filename().string() : p.displayName();
    pushFont(ui.fonts.bold);
    textBlock(name + " - could not be loaded", ui.palette.textMuted);
    popFont(ui.fonts.bold);
    textBlock(p.dir.string(), ui.palette.textMuted);
    WP_PROBE("library/broken/" + p.dir.filename().string());

    // Every error, then warnings: file:line: message, the shape editors understand.
    const std::string key = p.dir.string();
    const bool expanded = ui.expandedDiagnostics.count(key) > 0;
    const size_t limit = expanded ? p.diagnostics.size() : 6;
    size_t shown = 0;
    pushFont(ui.fonts.small);
    for (const auto& d : p.diagnostics) {
        if (shown == limit) break;
        const ImVec4 colour = d.severity == Severity::Error ? ui.palette.danger : ui.palette.warning;
        textBlock(formatDiagnostic(d), colour);
        WP_PROBE("library/diagnostic/" + p.dir.filename().string() + "/" + std::to_string(shown));
        ++shown;
    }
    popFont(ui.fonts.small);
    if (p.diagnostics.size() > 6) {
        const std::string label = (expanded ? std::string("Show fewer") : "Show all " + std::to_string(p.diagnostics.size())) +
                                  "##diag/" + key;
        if (secondaryButton(ui, label.c_str())) {
            if (expanded)
                ui.expandedDiagnostics.erase(key);
            else
                ui.expandedDiagnostics.insert(key);
        }
    }
    endCard(card);
}

// A case file someone sent (wpt pack, or "Pack this case" in author mode): its path, then the question
// (view_root.cpp draws it) with what it holds and, when a copy is installed, both versions.
void drawInstallCase(UiState& ui, CommandSink& sink, float width) {
    const Card card = beginCard(ui, width, ui.palette.surface, withAlpha(ui.palette.border, 0.6f));
    pushFont(ui.fonts.heading);
    textBlock("Install a case\xE2\x80\xA6");
    popFont(ui.fonts.heading);
    textBlock("Someone sent you a case file (it ends in .wpcase)? Type where it is. It is checked first, and you are "
              "asked before anything is installed or replaced.",
              ui.palette.textMuted);
    ImGui::Dummy(ImVec2(0, em(0.2f)));
    const char* label = "Check and install\xE2\x80\xA6##library-install";
    pushFont(ui.fonts.bold);
    const float buttonW = ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
    popFont(ui.fonts.bold);
    ImGui::SetNextItemWidth(std::max(em(10), width - buttonW - em(3)));
    const bool entered = inputTextWithHint("##install-path", "/home/you/Downloads/a-case-1.0.wpcase", &ui.installPath,
                                           ImGuiInputTextFlags_EnterReturnsTrue);
    speakItem("Case file to install", "text box", ui.installPath.empty() ? std::string("empty") : ui.installPath);
    WP_PROBE("library/install-path");
    ImGui::SameLine();
    if (primaryButton(ui, label) || entered) sink.push(OpenCaseFile{ui.installPath});
    WP_PROBE("library/install");
    endCard(card);
    ImGui::Dummy(ImVec2(0, em(0.6f)));
}

} // namespace

void drawLibrary(const AppState& model, UiState& ui, CommandSink& sink) {
    ImGui::BeginChild("##library", ImVec2(0, 0), false, ImGuiWindowFlags_NavFlattened);
    keyboardScroll(true); // PageUp/PageDown/Home/End
    ImGui::Dummy(ImVec2(0, em(1.8f)));
    const Column col = beginColumn(50);

    pushFont(ui.fonts.title);
    textBlock("Choose a case");
    popFont(ui.fonts.title);
    textBlock(libraryIntroduction(model.library), ui.palette.textMuted);
    ImGui::Dummy(ImVec2(0, em(1.0f)));

    drawWhoseRecords(model, ui, sink, col.width);
    drawRoomResumeCard(model, ui, sink, col.width);
    drawResumeBanner(model, ui, sink, col.width);

    int number = 0;
    int usableCount = 0;
    for (const ScenarioPlugin* pp : usableInShelfOrder(model, /*withPending=*/true)) {
        const ScenarioPlugin& p = *pp;
        ++usableCount;
        if (p.pending) { // numbered from the first frame: its number key loads and opens it at once
            ImGui::PushID(p.dir.string().c_str());
            drawCheckingCard(ui, p, ++number, col.width);
            ImGui::PopID();
            ImGui::Dummy(ImVec2(0, em(0.6f)));
            continue;
        }
        ImGui::PushID(p.manifest.id.c_str());
        // A case just installed: its card is scrolled into view once (the status line says where it went).
        if (model.justInstalled == p.manifest.id && ui.installedShown != model.justInstalled) {
            ImGui::SetScrollHereY(0.1f);
            ui.installedShown = model.justInstalled;
        }
        drawPluginCard(model, ui, sink, p, ++number, col.width);
        ImGui::PopID();
        ImGui::Dummy(ImVec2(0, em(0.6f)));
    }
    if (usableCount == 0) {
        textBlock("No cases could be loaded. Put scenario plugins in the bundled plugins folder, in your plugins "
                  "folder, or pass --plugins DIR.",
                  ui.palette.warning);
    }

    bool headerShown = false;
    for (const auto& p : model.library) {
        if (p.usable() || p.pending) continue;
        if (!headerShown) {
            sectionHeader(ui, "Plugins that could not be loaded");
            textBlock("These folders have errors. The other cases are not affected; fix the files named below and "
                      "restart (or run `wpt lint`).",
                      ui.palette.textMuted);
            ImGui::Dummy(ImVec2(0, em(0.3f)));
            headerShown = true;
        }
        ImGui::PushID(p.dir.string().c_str());
        drawBrokenCard(ui, p, col.width);
        ImGui::PopID();
        ImGui::Dummy(ImVec2(0, em(0.5f)));
    }
    ImGui::Dummy(ImVec2(0, em(0.6f)));
    drawKeptRuns(model, ui, sink, col.width);
    drawScreenLinks(model, ui, sink);
    drawInstallCase(ui, sink, col.width);
    drawAuthorOpen(model, ui, sink, col.width);
    WP_PROBE("library/author");
    ImGui::Dummy(ImVec2(0, em(2.0f)));
    endColumn(col);

    // Number keys open the n-th case.
    if (shortcutsAllowed() && !ImGui::GetIO().KeyCtrl) {
        if (const int digit = digitPressed(); digit > 0) {
            // The numbers the cards show: the cases still being checked keep their place and number.
            const auto shelf = usableInShelfOrder(model, /*withPending=*/true);
            if (digit <= static_cast<int>(shelf.size())) sink.push(OpenPlugin{shelf[static_cast<size_t>(digit - 1)]->manifest.id});
        }
        if ((keyPressed(ImGuiKey_Enter) || keyPressed(ImGuiKey_KeyPadEnter)) && (model.session || model.resume) &&
            !ImGui::IsAnyItemFocused())
            sink.push(ResumeSession{});
    }
    ImGui::EndChild();
}

void registerLibraryScreen(ScreenRegistry& registry) { registry.add({Screen::Library, "Library", drawLibrary, false,
                  {{"1-9", "open the n-th case"}, {"Enter (nothing focused)", "resume the run where you left off"}}}); }

} // namespace wp::ui
