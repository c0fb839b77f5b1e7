// "Your records": whose records these are (switch, add a person, export, delete), progress across cases
// and roles (what is done, each dimension's band over time, what to do next) and the history of every
// run and room session, each run reopenable. Reads AppState::records only: nothing here waits for the
// disk. The library shows whose records these are and asks for a name on the first start.
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <imgui.h>

#include "wholepicture/app/progress.h"
#include "wholepicture/ui/probe.h"
#include "wholepicture/ui/screens.h"
#include "wholepicture/ui/views.h"
#include "wholepicture/ui/widgets.h"

namespace wp::ui {

inline constexpr ScreenId kHistoryScreen{"history"};

namespace {

std::string when(std::int64_t ms) {
    if (ms <= 0) return "-";
    const std::time_t t = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    localtime_r(&t, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%d %b %Y %H:%M", &tm);
    return text;
}

std::string minutes(std::int64_t ms) {
    const std::int64_t m = (ms + 30000) / 60000;
    return m < 1 ? "<1 min" : std::to_string(m) + " min";
}

const Profile* currentProfile(const RecordsView& v) {
    for (const auto& p : v.profiles)
        if (p.id == v.currentProfile) return &p;
    return nullptr;
}

std::string shortRole(const KnowledgeBase& kb, const std::string& id) {
    const RoleInfo* r = kb.role(id);
    return r && !r->shortName.empty() ? r->shortName : kb.roleName(id);
}

std::string profileName(const Profile* p) { return p && !p->name.empty() ? p->name : std::string("Just me"); }

// [SECTION] Progress: what is done, how each dimension has gone, what to do next.

// The next thing worth doing, in words: a case not yet finished in a role, else the weakest dimension
// where it went least well.
std::string nextStep(const AppState& s, const Progress& p) {
    for (const auto& plugin : s.library) {
        if (!plugin.usable()) continue;
        for (const auto& role : plugin.manifest.roles) {
            if (p.best.count({plugin.manifest.id, role})) continue;
            const bool begun = p.started.count({plugin.manifest.id, role}) > 0;
            return std::string(begun ? "Finish " : "Try ") + plugin.displayName() + " as " + s.knowledge.roleName(role) +
                   (begun ? ": you have started it." : ": you have not played it yet.");
        }
    }
    if (p.weakest) {
        const RunSummary* weakestRun = nullptr;
        double lowest = 2;
        for (const RunSummary* r : p.finished)
            for (const auto& d : r->run.dimensions)
                if (d.id == p.weakest->id && d.fraction < lowest) {
                    lowest = d.fraction;
                    weakestRun = r;
                }
        if (weakestRun)
            return "Play " + weakestRun->run.caseTitle + " as " + weakestRun->run.roleName + " again, with " + p.weakest->name +
                   " in mind: it is where you have most room to grow.";
    }
    return "Every case is finished in every role. Compare your runs, or run a case with colleagues in a room.";
}

void drawDoneGrid(const AppState& s, UiState& ui, const Progress& p, float width) {
    std::vector<std::string> roles;
    for (const auto& plugin : s.library)
        if (plugin.usable())
            for (const auto& r : plugin.manifest.roles)
                if (std::find(roles.begin(), roles.end(), r) == roles.end()) roles.push_back(r);
    if (roles.empty()) return;
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("##done", static_cast<int>(roles.size()) + 1, flags, ImVec2(width, 0))) return;
    ImGui::TableSetupColumn("Case", ImGuiTableColumnFlags_WidthStretch, 1.6f);
    for (const auto& r : roles) ImGui::TableSetupColumn(shortRole(s.knowledge, r).c_str(), ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableHeadersRow();
    for (const auto& plugin : s.library) {
        if (!plugin.usable()) continue;
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextWrapped("%s", plugin.displayName().c_str());
        for (const auto& r : roles) {
            ImGui::TableNextColumn();
            const bool playable = std::find(plugin.manifest.roles.begin(), plugin.manifest.roles.end(), r) != plugin.manifest.roles.end();
            if (!playable) {
                ImGui::TextColored(ui.palette.textMuted, "not in this case");
            } else if (auto it = p.best.find({plugin.manifest.id, r}); it != p.best.end()) {
                const RunRecord& run = it->second->run;
                ImGui::TextColored(bandColour(ui, run.overallFraction), "Done: %s", run.overallBand.empty() ? "finished" : run.overallBand.c_str());
            } else if (p.started.count({plugin.manifest.id, r})) {
                ImGui::TextColored(ui.palette.warning, "Started");
            } else {
                ImGui::TextColored(ui.palette.textMuted, "Not yet");
            }
        }
    }
    ImGui::EndTable();
}

// Each dimension's position (0 = the weakest path, 1 = the strongest) over the finished runs, oldest
// on the left. Drawn with the draw list; one colour per dimension, named in the legend below.
void drawTrendChart(UiState& ui, const Progress& p, float width) {
    if (p.finished.size() < 1 || p.trends.empty()) return;
    const float height = em(9.0f);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float left = origin.x + em(3.0f), right = origin.x + width - em(0.5f);
    const float top = origin.y + em(0.5f), bottom = origin.y + height - em(1.2f);
    const ImU32 grid = ImGui::GetColorU32(withAlpha(ui.palette.border, 0.7f));
    const ImU32 label = ImGui::GetColorU32(ui.palette.textMuted);
    const char* marks[] = {"weakest", "", "strongest"};
    for (int i = 0; i <= 2; ++i) {
        const float y = bottom - (bottom - top) * static_cast<float>(i) / 2.0f;
        dl->AddLine(ImVec2(left, y), ImVec2(right, y), grid);
        if (*marks[i]) dl->AddText(ImVec2(origin.x, y - ImGui::GetFontSize() * 0.5f), label, marks[i]);
    }
    const size_t n = p.finished.size();
    auto xAt = [&](int i) { return n <= 1 ? (left + right) / 2 : left + (right - left) * static_cast<float>(i) / static_cast<float>(n - 1); };
    auto yAt = [&](double f) { return bottom - (bottom - top) * static_cast<float>(std::clamp(f, 0.0, 1.0)); };
    static const ImVec4 colours[] = {{0.36f, 0.62f, 0.98f, 1}, {0.95f, 0.55f, 0.25f, 1}, {0.35f, 0.78f, 0.45f, 1}, {0.86f, 0.36f, 0.52f, 1},
                                     {0.62f, 0.48f, 0.92f, 1}, {0.85f, 0.75f, 0.25f, 1}, {0.35f, 0.78f, 0.80f, 1}, {0.70f, 0.70f, 0.70f, 1}};
    for (size_t t = 0; t < p.trends.size(); ++t) {
        const ImU32 c = ImGui::GetColorU32(colours[t % std::size(colours)]);
        const auto& pts = p.trends[t].points;
        for (size_t i = 0; i < pts.size(); ++i) {
            const ImVec2 at(xAt(pts[i].first), yAt(pts[i].second));
            if (i > 0) dl->AddLine(ImVec2(xAt(pts[i - 1].first), yAt(pts[i - 1].second)), at, c, em(0.12f));
            dl->AddCircleFilled(at, em(0.22f), c, 12);
        }
    }
    dl->AddText(ImVec2(left, bottom + em(0.2f)), label, "oldest finished run");
    const char* newest = "newest";
    dl->AddText(ImVec2(right - ImGui::CalcTextSize(newest).x, bottom + em(0.2f)), label, newest);
    ImGui::Dummy(ImVec2(width, height));
    // The legend, in words as well as colour.
    for (size_t t = 0; t < p.trends.size(); ++t) {
        if (t % 3 != 0) ImGui::SameLine(0, em(1.2f));
        ImGui::ColorButton(("##legend" + std::to_string(t)).c_str(), colours[t % std::size(colours)],
                           ImGuiColorEditFlags_NoTooltip | ImGuiColorEditFlags_NoDragDrop, ImVec2(em(0.8f), em(0.8f)));
        ImGui::SameLine();
        ImGui::TextUnformatted(p.trends[t].name.c_str());
    }
}

// [SECTION] The history: every run and room session, newest first.

void drawRunRow(const AppState& s, UiState& ui, CommandSink& sink, const RunSummary& summary) {
    const RunRecord& r = summary.run;
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(when(r.updatedMs).c_str());
    ImGui::TableNextColumn();
    ImGui::TextWrapped("%s as %s", (r.caseTitle.empty() ? r.pluginId : r.caseTitle).c_str(), shortRole(s.knowledge, r.role).c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(minutes(r.timeSpentMs).c_str());
    ImGui::TableNextColumn();
    if (r.finished) ImGui::TextWrapped("%s", r.endingTitle.empty() ? "Finished" : r.endingTitle.c_str());
    else ImGui::TextColored(ui.palette.textMuted, "%d steps so far", r.steps);
    ImGui::TableNextColumn();
    if (r.overallFraction >= 0) ImGui::TextColored(bandColour(ui, r.overallFraction), "%s", r.overallBand.empty() ? "-" : r.overallBand.c_str());
    else ImGui::TextColored(ui.palette.textMuted, "-");
    ImGui::TableNextColumn();
    if (r.missedCritical > 0) ImGui::TextColored(ui.palette.danger, "%d missed", r.missedCritical);
    else if (r.missedCritical == 0) ImGui::TextColored(ui.palette.success, "none missed");
    else ImGui::TextColored(ui.palette.textMuted, "-");
    ImGui::TableNextColumn();
    ImGui::PushID(r.id.c_str());
    const bool here = findPlugin(s, r.pluginId) >= 0;
    if (here) {
        const char* label = r.finished ? (r.firstRunId.empty() ? "Debrief" : "Compare") : "Carry on";
        if (secondaryButton(ui, label)) sink.push(OpenRecordedRun{r.id});
        WP_PROBE("history/run/" + r.id + "/open");
    } else {
        ImGui::TextColored(ui.palette.textMuted, "case not installed");
    }
    ImGui::PopID();
}

void drawHistoryTable(const AppState& s, UiState& ui, CommandSink& sink, float width) {
    const auto& runs = s.records.runs;
    if (runs.empty()) {
        textBlock("No runs yet. Choose a case in the library: every run you play is kept here.", ui.palette.textMuted);
        return;
    }
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("##runs", 7, flags, ImVec2(width, 0))) return;
    ImGui::TableSetupColumn("When", ImGuiTableColumnFlags_WidthStretch, 1.1f);
    ImGui::TableSetupColumn("Case and role", ImGuiTableColumnFlags_WidthStretch, 2.0f);
    ImGui::TableSetupColumn("Time", ImGuiTableColumnFlags_WidthStretch, 0.7f);
    ImGui::TableSetupColumn("Ending", ImGuiTableColumnFlags_WidthStretch, 1.4f);
    ImGui::TableSetupColumn("Overall", ImGuiTableColumnFlags_WidthStretch, 0.9f);
    ImGui::TableSetupColumn("Critical actions", ImGuiTableColumnFlags_WidthStretch, 0.9f);
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthStretch, 0.8f);
    ImGui::TableHeadersRow();
    // A thousand runs: only the rows on screen are laid out.
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(runs.size()));
    while (clipper.Step())
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) drawRunRow(s, ui, sink, runs[static_cast<size_t>(i)]);
    ImGui::EndTable();
}

// Each session reopens: an ended one at its debrief (and its report and CSV can be saved again), one
// that was never ended at its console.
void drawRooms(const AppState& s, UiState& ui, CommandSink& sink) {
    if (s.records.rooms.empty()) return;
    ImGui::Dummy(ImVec2(0, em(0.6f)));
    sectionHeader(ui, "ROOM SESSIONS YOU RAN");
    for (const auto& r : s.records.rooms) {
        std::string groups;
        for (const auto& g : r.groups) groups += (groups.empty() ? "" : ", ") + g;
        ImGui::PushID(r.id.c_str());
        if (secondaryButton(ui, r.closed ? "Open the debrief" : "Carry on")) sink.push(OpenRecordedRoom{r.id});
        WP_PROBE("history/room/" + r.id);
        ImGui::SameLine();
        textBlock(when(r.updatedMs) + "  " + (r.caseTitle.empty() ? r.pluginId : r.caseTitle) + ": " +
                  (groups.empty() ? "" : groups + "; ") + std::to_string(r.events) + " steps, " + (r.closed ? "ended" : "not ended"));
        ImGui::PopID();
    }
}

// [SECTION] Whose records these are

void drawProfileControls(const AppState& s, UiState& ui, CommandSink& sink, float width) {
    const RecordsView& v = s.records;
    const Profile* me = currentProfile(v);
    textBlock("These are the records of " + profileName(me) + " on this computer. Nothing leaves it unless you export it.",
              ui.palette.textMuted);
    if (v.profiles.size() > 1) {
        ImGui::SetNextItemWidth(em(14));
        if (ImGui::BeginCombo("Switch to##profile", profileName(me).c_str())) {
            for (const auto& p : v.profiles) {
                const bool selected = p.id == v.currentProfile;
                if (listItem((profileName(&p) + "##" + std::to_string(p.id)).c_str(), selected) && !selected)
                    sink.push(SwitchProfile{p.id});
                if (selected) ImGui::SetItemDefaultFocus();
            }
            ImGui::EndCombo();
        }
        WP_PROBE("history/profile/switch");
    }
    ImGui::SetNextItemWidth(std::min(width * 0.5f, em(16)));
    const bool entered = inputTextWithHint("##new-profile", "Another person's first name", &ui.newProfileName,
                                           ImGuiInputTextFlags_EnterReturnsTrue);
    WP_PROBE("history/profile/new-name");
    ImGui::SameLine();
    if ((secondaryButton(ui, "Add this person##profile") || entered) && !ui.newProfileName.empty()) {
        sink.push(AddProfile{ui.newProfileName});
        ui.newProfileName.clear();
    }
    WP_PROBE("history/profile/add");
    if (secondaryButton(ui, "Export my records##profile")) sink.push(ExportMyRecords{});
    WP_PROBE("history/profile/export");
    ImGui::SameLine();
    if (secondaryButton(ui, "Delete my records##profile")) sink.push(DeleteMyRecords{});
    WP_PROBE("history/profile/delete");
}

// The printable record for a staff training file. Reflections stay out unless the person ticks the box.
void drawTrainingRecordControls(UiState& ui, CommandSink& sink, const Progress& progress) {
    sectionHeader(ui, "TRAINING RECORD");
    textBlock("A printable page for your school's or team's staff training file: the cases and roles you finished, with "
              "dates and time spent, how each dimension went and the critical actions you took.",
              ui.palette.textMuted);
    ImGui::Checkbox("Include my reflections##training-record", &ui.trainingRecordReflections);
    WP_PROBE("history/training-record/reflections");
    ImGui::SameLine();
    if (secondaryButton(ui, "Save my training record (HTML)##training-record"))
        sink.push(ExportTrainingRecord{ui.trainingRecordReflections, ""});
    WP_PROBE("history/training-record/save");
    if (progress.finished.empty()) textBlock("No case is finished yet, so the record will say so.", ui.palette.textMuted);
}

void drawHistory(const AppState& s, UiState& ui, CommandSink& sink) {
    ImGui::BeginChild("##history", ImVec2(0, 0), false);
    ImGui::Dummy(ImVec2(0, em(1.0f)));
    const Column col = beginColumn(60);
    pushFont(ui.fonts.title);
    textBlock("Your records");
    popFont(ui.fonts.title);
    if (!s.records.available) {
        textBlock("Your records are kept as files for now: the records database could not be opened (the message in the "
                  "library says why). Your runs are under \"Your runs\" in the library.",
                  ui.palette.warning);
    } else {
        drawProfileControls(s, ui, sink, col.width);
        ImGui::Dummy(ImVec2(0, em(0.8f)));
        const Progress progress = progressOf(s.records.runs);
        sectionHeader(ui, "PROGRESS");
        textBlock("Next: " + nextStep(s, progress));
        WP_PROBE("history/next");
        ImGui::Dummy(ImVec2(0, em(0.4f)));
        drawDoneGrid(s, ui, progress, col.width);
        if (!progress.finished.empty() && progress.strongest && progress.weakest) {
            ImGui::Dummy(ImVec2(0, em(0.6f)));
            textBlock("Across your " + std::to_string(progress.finished.size()) + " finished run(s), your strongest dimension is " +
                      progress.strongest->name + " and the one with most room to grow is " + progress.weakest->name + ".");
            WP_PROBE("history/strongest-weakest");
            drawTrendChart(ui, progress, col.width);
        }
        ImGui::Dummy(ImVec2(0, em(0.8f)));
        drawTrainingRecordControls(ui, sink, progress);
        ImGui::Dummy(ImVec2(0, em(0.8f)));
        sectionHeader(ui, "EVERY RUN");
        drawHistoryTable(s, ui, sink, col.width);
        drawRooms(s, ui, sink);
    }
    ImGui::Dummy(ImVec2(0, em(0.8f)));
    if (secondaryButton(ui, "Back to the library##history")) sink.push(BackToLibrary{});
    WP_PROBE("history/back");
    ImGui::Dummy(ImVec2(0, em(1.5f)));
    endColumn(col);
    ImGui::EndChild();
}

} // namespace

void drawWhoseRecords(const AppState& s, UiState& ui, CommandSink& sink, float width) {
    const RecordsView& v = s.records;
    if (!v.available) return;
    if (v.askName) {
        const Card card = beginCard(ui, width, ui.palette.surface, ui.palette.accent);
        pushFont(ui.fonts.bold);
        textBlock("Who is using Whole Picture on this computer?");
        popFont(ui.fonts.bold);
        textBlock("Your runs and progress are kept under this name, so that colleagues sharing this computer keep theirs "
                  "apart. A first name is enough; no email or password.",
                  ui.palette.textMuted);
        ImGui::SetNextItemWidth(std::min(width * 0.5f, em(16)));
        const bool entered = inputTextWithHint("##profile-name", "Your first name", &ui.profileNameDraft, ImGuiInputTextFlags_EnterReturnsTrue);
        WP_PROBE("library/profile/name");
        ImGui::SameLine();
        if ((primaryButton(ui, "Save##profile-name") || entered) && !ui.profileNameDraft.empty()) sink.push(NameProfile{ui.profileNameDraft});
        WP_PROBE("library/profile/save");
        ImGui::SameLine();
        if (secondaryButton(ui, "Just me##profile-name")) sink.push(NameProfile{""});
        WP_PROBE("library/profile/just-me");
        endCard(card);
        ImGui::Dummy(ImVec2(0, em(0.6f)));
        return;
    }
    if (v.profiles.size() > 1) {
        textBlock("Records of " + profileName(currentProfile(v)) + ".", ui.palette.textMuted);
        ImGui::SameLine();
        for (const auto& p : v.profiles) {
            if (p.id == v.currentProfile) continue;
            if (secondaryButton(ui, ("I am " + profileName(&p) + "##switch" + std::to_string(p.id)).c_str())) sink.push(SwitchProfile{p.id});
            WP_PROBE("library/profile/switch/" + std::to_string(p.id));
            ImGui::SameLine();
        }
        ImGui::NewLine();
        ImGui::Dummy(ImVec2(0, em(0.4f)));
    }
}

void registerHistoryScreen(ScreenRegistry& registry) { registry.add({kHistoryScreen, "Your records", drawHistory, true}); }

} // namespace wp::ui
