// Where the user's records live: the port every record goes through. Two implementations:
//  - SqliteStore (sqlite_store.h): the record store, one database under $XDG_DATA_HOME/wholepicture;
//  - JsonFileStore (below): JSON files under the XDG state directory, written in order off the UI
//    thread. It was the store before the database and is the fallback when the database cannot be
//    opened (a read-only disk, another program holding it), so a run is never lost for want of one:
//      autosave.json           the current run (after every step)
//      autosave-compare.json   a role swap's first run, beside it
//      runs/<id>.json          kept runs: {"format":"wholepicture-kept-run","version":1,"session":..,"first_run":..}
//      rooms/<id>.json         room records (core/room.h)
// File names come from ids the app generates, never from a file's content.
#pragma once
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "wholepicture/app/commands.h"
#include "wholepicture/app/file_writer.h"
#include "wholepicture/app/run_record.h"
#include "wholepicture/core/diagnostic.h"

namespace wp::app {

struct StoredRun {
    std::string id;
    nlohmann::json session;
    std::optional<nlohmann::json> firstRun;
};

// What is found at start-up. Records that cannot be read are reported in diagnostics and left in place.
struct StartupRecords {
    std::optional<StoredRun> autosave;          // the current run (the resume offer)
    std::optional<nlohmann::json> compareRun;   // its role swap's first run
    std::vector<StoredRun> keptRuns;            // newest first
    std::vector<RoomRecord> rooms;              // newest first; the open ones are offered for resuming
};

class RecordStore {
public:
    virtual ~RecordStore() = default;
    [[nodiscard]] virtual StartupRecords load(Diagnostics& diags) = 0;
    virtual void saveProgress(const RunRecord& run) = 0;
    virtual void clearProgress() = 0;
    virtual void keepRun(const RunRecord& run) = 0;
    virtual void deleteRun(const std::string& id) = 0;
    virtual void saveRoom(const RoomRecord& room) = 0;
    // Waits until everything asked for is on disk.
    virtual void flush() = 0;
};

// Ids name files and rows: made by the app from letters, digits, '-' and '_' only.
[[nodiscard]] bool isSafeRecordId(const std::string& id);

class JsonFileStore final : public RecordStore {
public:
    // `report` receives a SaveFinished for every write (on the writer thread); it may be empty.
    JsonFileStore(std::filesystem::path stateDir, FileWriter& writer, std::function<void(Command)> report);

    [[nodiscard]] StartupRecords load(Diagnostics& diags) override;
    void saveProgress(const RunRecord& run) override;
    void clearProgress() override;
    void keepRun(const RunRecord& run) override;
    void deleteRun(const std::string& id) override;
    void saveRoom(const RoomRecord& room) override;
    void flush() override { m_writer.flush(); }

    [[nodiscard]] std::filesystem::path keptRunFile(const std::string& id) const;

private:
    FileWriter::Done reporter(SaveTarget target) const;

    std::filesystem::path m_stateDir;
    FileWriter& m_writer;
    std::function<void(Command)> m_report;
};

} // namespace wp::app
