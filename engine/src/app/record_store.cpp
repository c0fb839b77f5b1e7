#include "wholepicture/app/record_store.h"

#include <algorithm>

#include "wholepicture/core/json_file.h"
#include "wholepicture/core/room.h"
#include "wholepicture/core/settings.h"

namespace wp::app {

namespace fs = std::filesystem;

namespace {

constexpr const char* kCompareFile = "autosave-compare.json";
constexpr const char* kRunsDir = "runs";

std::string dumpRecord(const nlohmann::json& j) {
    // Invalid UTF-8 that reached a value (a path typed in another encoding) is replaced, never thrown.
    return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

} // namespace

JsonFileStore::JsonFileStore(fs::path stateDir, FileWriter& writer, std::function<void(Command)> report)
    : m_stateDir(std::move(stateDir)), m_writer(writer), m_report(std::move(report)) {}

bool isSafeRecordId(const std::string& id) {
    if (id.empty() || id.size() > 120 || id.front() == '-') return false;
    return std::all_of(id.begin(), id.end(), [](char ch) {
        const unsigned char c = static_cast<unsigned char>(ch);
        return (c < 0x80 && std::isalnum(c)) || ch == '-' || ch == '_';
    });
}

fs::path JsonFileStore::keptRunFile(const std::string& id) const { return m_stateDir / kRunsDir / (id + ".json"); }

FileWriter::Done JsonFileStore::reporter(SaveTarget target) const {
    if (!m_report) return {};
    auto report = m_report;
    return [report, target](bool ok, const Diagnostics& diags) {
        std::string message;
        for (const auto& d : diags) message += (message.empty() ? "" : " ") + formatDiagnostic(d);
        report(SaveFinished{target, ok, message});
    };
}

StartupRecords JsonFileStore::load(Diagnostics& diags) {
    StartupRecords out;
    if (auto saved = readAutosave(autosaveFile(m_stateDir), diags)) {
        std::string id;
        for (const char* key : {"run_id", "kept_id"})
            if (auto it = saved->find(key); id.empty() && it != saved->end() && it->is_string() && isSafeRecordId(it->get<std::string>()))
                id = it->get<std::string>();
        out.autosave = StoredRun{id, std::move(*saved), std::nullopt};
    }
    std::error_code ec;
    const fs::path compare = m_stateDir / kCompareFile;
    if (out.autosave && fs::is_regular_file(compare, ec)) {
        if (auto file = loadJsonFile(compare, diags)) out.compareRun = std::move(file->value);
    }
    const fs::path runs = m_stateDir / kRunsDir;
    std::vector<std::pair<fs::file_time_type, StoredRun>> found;
    for (fs::directory_iterator it(runs, fs::directory_options::skip_permission_denied, ec), end; !ec && it != end; it.increment(ec)) {
        const fs::path p = it->path();
        if (p.extension() != ".json" || !isSafeRecordId(p.stem().string())) continue;
        std::error_code fe;
        if (!it->is_regular_file(fe)) continue;
        auto file = loadJsonFile(p, diags);
        if (!file) continue;
        const nlohmann::json& j = file->value;
        if (!j.is_object() || j.value("format", nlohmann::json()) != "wholepicture-kept-run" || !j.contains("session") ||
            !j["session"].is_object()) {
            diags.push_back({Severity::Warning, p.string(), 0, 0, "", "not a kept run of Whole Picture (the file is kept)"});
            continue;
        }
        StoredRun run{p.stem().string(), j["session"], std::nullopt};
        if (j.contains("first_run") && j["first_run"].is_object()) run.firstRun = j["first_run"];
        found.emplace_back(it->last_write_time(fe), std::move(run));
    }
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (auto& f : found) out.keptRuns.push_back(std::move(f.second));

    for (const auto& info : listRoomRecords(m_stateDir, diags)) {
        auto file = loadJsonFile(info.path, diags);
        if (!file) continue;
        RoomRecord room;
        room.id = info.path.stem().string();
        room.file = info.path.string();
        room.pluginId = info.pluginId;
        room.closed = info.closed;
        room.events = static_cast<int>(info.events);
        room.updatedMs = info.modifiedMs;
        room.record = std::move(file->value);
        out.rooms.push_back(std::move(room));
    }
    return out;
}

void JsonFileStore::unavailable() const {
    if (m_report)
        m_report(Notice{StatusKind::Warning,
                        "Profiles and the history need the records database, which could not be opened (see the message "
                        "above); your runs are saved as files meanwhile.",
                        "records"});
}

void JsonFileStore::saveProgress(const RunRecord& run) {
    if (run.firstRun) m_writer.write(m_stateDir / kCompareFile, dumpRecord(*run.firstRun), reporter(SaveTarget::Progress));
    nlohmann::json saved = run.session;
    if (run.firstRun) saved["compare_with"] = kCompareFile;
    m_writer.write(autosaveFile(m_stateDir), dumpRecord(saved), reporter(SaveTarget::Progress));
}

void JsonFileStore::clearProgress() {
    // Cleared only after whatever was asked before it (the run's kept copy) is safely written.
    m_writer.remove(autosaveFile(m_stateDir), {}, true);
    m_writer.remove(m_stateDir / kCompareFile, {}, true);
}

void JsonFileStore::keepRun(const RunRecord& run) {
    if (!isSafeRecordId(run.id)) return; // ids are generated by the app; anything else is a bug upstream
    nlohmann::json j = {{"format", "wholepicture-kept-run"}, {"version", 1}, {"session", run.session}};
    if (run.firstRun) j["first_run"] = *run.firstRun;
    m_writer.write(keptRunFile(run.id), dumpRecord(j), reporter(SaveTarget::KeptRun));
}

void JsonFileStore::deleteRun(const std::string& id) {
    if (!isSafeRecordId(id)) return;
    m_writer.remove(keptRunFile(id));
}

void JsonFileStore::saveRoom(const RoomRecord& room) {
    if (room.file.empty()) return;
    m_writer.write(room.file, dumpRecord(room.record), reporter(SaveTarget::Room));
}

} // namespace wp::app
