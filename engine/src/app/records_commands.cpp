// Profiles and the history: whose records these are, every run and room session, reopening one.
// The records themselves are read and written by the record store (effects); the view of them in
// AppState::records follows every save the app asks for (followInView), so the history screen never
// waits for the disk.
#include <algorithm>
#include <ctime>

#include "handlers.h"

namespace wp::app {

void adoptStartupRecords(AppState& s, StartupRecords records) {
    s.resume.reset();
    s.keptRuns.clear();
    if (records.autosave) {
        s.resume = resumeOfferFor(s, std::move(records.autosave->session));
        if (s.resume) {
            if (!records.autosave->id.empty()) s.resume->runId = records.autosave->id;
            s.resume->compareWith = std::move(records.compareRun);
        }
    }
    for (auto& k : records.keptRuns) s.keptRuns.push_back(describeKeptRun(s, k.id, std::move(k.session), std::move(k.firstRun)));
    s.records = std::move(records.view);
}

namespace detail {

namespace {

RunSummary summaryOf(const RunRecord& run, RunStatus status) {
    RunSummary out{run, status};
    out.run.session = nlohmann::json();
    out.run.firstRun.reset();
    out.run.decisions.clear();
    return out;
}

void upsert(RecordsView& v, const RunRecord& run, RunStatus status) {
    auto it = std::find_if(v.runs.begin(), v.runs.end(), [&](const RunSummary& r) { return r.run.id == run.id; });
    RunSummary next = summaryOf(run, status);
    if (it != v.runs.end()) {
        // What only a debrief knows (bands, critical actions) stays until the path changes.
        if (next.run.overallFraction < 0 && it->run.steps == next.run.steps) {
            next.run.overallFraction = it->run.overallFraction;
            next.run.overallBand = it->run.overallBand;
            next.run.missedCritical = it->run.missedCritical;
            next.run.criticalMet = it->run.criticalMet;
            if (next.run.dimensions.empty()) next.run.dimensions = it->run.dimensions;
        }
        v.runs.erase(it);
    }
    if (status == RunStatus::Current)
        for (auto& r : v.runs)
            if (r.status == RunStatus::Current) r.status = RunStatus::Done;
    v.runs.insert(v.runs.begin(), std::move(next)); // the newest first
}

// Leaves the app as a fresh start for another person: what is on screen is kept first (for the person
// it belongs to), then nothing of theirs stays in memory.
void leaveForAnotherProfile(Context& c) {
    AppState& s = c.s;
    keepCurrentRun(c);
    endRoleSwap(s);
    if (s.session || s.resume) c.effects.push_back(ClearProgress{});
    s.session.reset();
    s.debrief.reset();
    s.sessionRunId.clear();
    s.resume.reset();
    s.keptRuns.clear();
    s.confirm.reset();
    s.screen = Screen::Library;
}

std::string profileLabel(const RecordsView& v) {
    for (const auto& p : v.profiles)
        if (p.id == v.currentProfile) return p.name.empty() ? std::string("your") : p.name + "'s";
    return "your";
}

std::string today(std::int64_t nowMs) {
    const std::time_t t = static_cast<std::time_t>(nowMs / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y%m%d", &tm);
    return buf;
}

bool needsDatabase(Context& c) {
    if (c.s.records.available) return true;
    c.report(StatusKind::Warning, "Profiles and the history need the records database, which could not be opened; your runs are "
                                  "saved as files meanwhile.", "records");
    return false;
}

} // namespace

void followInView(AppState& s, const std::vector<Effect>& effects) {
    RecordsView& v = s.records;
    for (const auto& e : effects) {
        if (const auto* save = std::get_if<SaveProgress>(&e)) upsert(v, save->run, RunStatus::Current);
        else if (const auto* keep = std::get_if<KeepRun>(&e)) upsert(v, keep->run, RunStatus::Kept);
        else if (const auto* del = std::get_if<DeleteRun>(&e))
            std::erase_if(v.runs, [&](const RunSummary& r) { return r.run.id == del->id; });
        else if (std::holds_alternative<ClearProgress>(e))
            for (auto& r : v.runs)
                if (r.status == RunStatus::Current) r.status = RunStatus::Done;
        else if (const auto* room = std::get_if<SaveRoomRecord>(&e)) {
            std::erase_if(v.rooms, [&](const RoomRecord& r) { return r.id == room->room.id; });
            RoomRecord copy = room->room;
            copy.record = nlohmann::json();
            v.rooms.insert(v.rooms.begin(), std::move(copy));
        }
    }
}

bool handle(Context& c, const OpenRecordedRun& cmd) {
    AppState& s = c.s;
    if (s.session && s.sessionRunId == cmd.id) return handle(c, ResumeSession{});
    if (std::any_of(s.keptRuns.begin(), s.keptRuns.end(), [&](const KeptRun& k) { return k.id == cmd.id; }))
        return handle(c, OpenKeptRun{cmd.id});
    if (s.resume && s.resume->runId == cmd.id) return handle(c, ResumeSession{});
    if (!needsDatabase(c)) return false;
    c.effects.push_back(ReadRun{cmd.id});
    return true;
}

bool handle(Context& c, const RunLoaded& cmd) {
    AppState& s = c.s;
    if (!cmd.run) {
        c.report(StatusKind::Warning, "That run is no longer in your records.", "records");
        return false;
    }
    keepCurrentRun(c);
    endRoleSwap(s);
    if (!restoreRun(c, cmd.run->session, cmd.run->firstRun, "run from your records")) return false;
    s.sessionRunId = cmd.id;
    const Scenario* sc = activeScenario(s);
    if (sc && s.session && atEnding(*sc, s.session->current()) && s.screen != Screen::Debrief && s.screen != Screen::Compare)
        enterDebrief(c);
    return true;
}

bool handle(Context& c, const OpenRecordedRoom& cmd) {
    AppState& s = c.s;
    if (s.room && s.room->session.setup.id == cmd.id) { // the session on screen now
        s.screen = s.room->session.closed ? Screen::RoomDebrief : Screen::RoomConsole;
        if (s.room->session.closed) return handle(c, RoomShowDebrief{});
        return true;
    }
    if (s.room && !s.room->session.closed) {
        c.report(StatusKind::Warning, "A room session is running: end it (its record is kept) before opening another.", "records");
        return false;
    }
    if (!needsDatabase(c)) return false;
    c.effects.push_back(ReadRoom{cmd.id});
    return true;
}

// An ended session opens at its debrief (re-exportable from there); one that was never ended opens at
// its console, where the facilitator left it, and goes on saving to its own record.
bool handle(Context& c, const RoomLoaded& cmd) {
    AppState& s = c.s;
    if (!cmd.room) {
        c.report(StatusKind::Warning, "That room session is no longer in your records.", "records");
        return false;
    }
    if (s.room && !s.room->session.closed) return false; // one started meanwhile: it keeps the screen
    const int idx = findPlugin(s, cmd.room->pluginId);
    if (idx < 0) {
        c.report(StatusKind::Warning, "The room session's case (\"" + cmd.room->pluginId +
                                          "\") is no longer in the library; its record is kept. Add the case's folder to open it.",
                 "records");
        return false;
    }
    const ScenarioPlugin& p = s.library[static_cast<size_t>(idx)];
    Diagnostics diags;
    auto session = roomFromJson(cmd.room->record, *p.scenario, p.manifest, diags, "room session " + cmd.room->id);
    if (!session) {
        c.report(StatusKind::Warning,
                 "That room session could not be read back" + (diags.empty() ? std::string(".") : ": " + formatDiagnostic(diags.front())),
                 "records");
        return false;
    }
    RoomUi room;
    room.pluginId = cmd.room->pluginId;
    room.session = std::move(*session);
    room.recordFile = cmd.room->file;
    s.room = std::move(room);
    s.roomResume.reset();
    s.selectedPlugin = idx;
    if (s.room->session.closed) return handle(c, RoomShowDebrief{});
    s.screen = Screen::RoomConsole;
    return true;
}

bool handle(Context& c, const SwitchProfile& cmd) {
    AppState& s = c.s;
    if (!needsDatabase(c) || cmd.id == s.records.currentProfile) return false;
    const bool known = std::any_of(s.records.profiles.begin(), s.records.profiles.end(), [&](const Profile& p) { return p.id == cmd.id; });
    if (!known) return false;
    leaveForAnotherProfile(c);
    c.effects.push_back(ChangeProfile{cmd.id});
    s.records.currentProfile = cmd.id; // the store confirms with RecordsChanged
    s.records.runs.clear();
    s.records.rooms.clear();
    return true;
}

bool handle(Context& c, const AddProfile& cmd) {
    AppState& s = c.s;
    if (!needsDatabase(c)) return false;
    std::string name = cmd.name;
    name.erase(0, name.find_first_not_of(" \t"));
    name.erase(name.find_last_not_of(" \t") + 1);
    if (name.empty()) {
        c.report(StatusKind::Warning, "Type a name (a first name is enough) to add a person.", "records");
        return false;
    }
    leaveForAnotherProfile(c);
    c.effects.push_back(CreateProfile{name.substr(0, 60)});
    s.records.runs.clear();
    s.records.rooms.clear();
    return true;
}

bool handle(Context& c, const NameProfile& cmd) {
    AppState& s = c.s;
    if (!needsDatabase(c)) return false;
    std::string name = cmd.name.substr(0, 60);
    name.erase(0, name.find_first_not_of(" \t"));
    name.erase(name.find_last_not_of(" \t") + 1);
    s.records.askName = false;
    for (auto& p : s.records.profiles)
        if (p.id == s.records.currentProfile) p.name = name;
    c.effects.push_back(SetProfileName{s.records.currentProfile, name});
    return true;
}

bool handle(Context& c, const DeleteMyRecords& cmd) {
    AppState& s = c.s;
    if (!needsDatabase(c)) return false;
    if (!cmd.confirmed) {
        const std::string whose = profileLabel(s.records);
        s.confirm = Confirmation{"Delete " + whose + " records?",
                                 std::to_string(s.records.runs.size()) + " run(s) and " + std::to_string(s.records.rooms.size()) +
                                     " room session(s), with their reflections, are deleted from this computer. They cannot be "
                                     "brought back. \"Export my records\" keeps a copy first.",
                                 "Delete them", "Keep them", DeleteMyRecords{true}};
        return true;
    }
    // Nothing of this person's is kept: the run on screen goes with the rest.
    endRoleSwap(s);
    s.session.reset();
    s.debrief.reset();
    s.sessionRunId.clear();
    s.resume.reset();
    s.keptRuns.clear();
    s.room.reset();
    s.roomResume.reset();
    s.screen = Screen::Library;
    s.records.runs.clear();
    s.records.rooms.clear();
    c.effects.push_back(EraseProfileRecords{s.records.currentProfile});
    c.report(StatusKind::Info, "Your records were deleted from this computer.", "records");
    return true;
}

namespace {

// Where an export of the current profile goes: "<folder>/<prefix>-<name>-<yyyymmdd><extension>", in the
// reports folder unless the command names one; the name is the profile's, made safe for a file name.
std::filesystem::path profileExportFile(const Context& c, const std::string& folder, const std::string& prefix, const char* extension) {
    const AppState& s = c.s;
    std::string who = "records";
    for (const auto& p : s.records.profiles)
        if (p.id == s.records.currentProfile && !p.name.empty()) who = safeIdPart(p.name);
    return std::filesystem::path(folder.empty() ? s.reportsDir : folder) / (prefix + "-" + who + "-" + today(c.nowMs) + extension);
}

} // namespace

bool handle(Context& c, const ExportMyRecords& cmd) {
    if (!needsDatabase(c)) return false;
    c.effects.push_back(WriteRecordsExport{profileExportFile(c, cmd.folder, "whole-picture", ".json")});
    return true;
}

bool handle(Context& c, const ExportTrainingRecord& cmd) {
    if (!needsDatabase(c)) return false;
    c.effects.push_back(WriteTrainingRecord{profileExportFile(c, cmd.folder, "training-record", ".html"), cmd.includeReflections, c.nowMs});
    return true;
}

bool handle(Context& c, const RecordsChanged& cmd) {
    AppState& s = c.s;
    if (cmd.startup) {
        StartupRecords startup = *cmd.startup;
        startup.view = cmd.view;
        adoptStartupRecords(s, std::move(startup));
    } else {
        s.records = cmd.view;
    }
    return true;
}

} // namespace detail
} // namespace wp::app
