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

    // Profiles and the history. Each reports back with a command on the store's thread: RecordsChanged
    // (the new view; after a switch, the profile's own runs to offer), RunLoaded, or a Notice.
    virtual void switchProfile(std::int64_t id) = 0;
    virtual void addProfile(const std::string& name) = 0;       // and switch to it
    virtual void renameProfile(std::int64_t id, const std::string& name) = 0;
    virtual void deleteProfileRecords(std::int64_t id) = 0;
    virtual void loadRun(const std::string& id) = 0;
    virtual void loadRoom(const std::string& id) = 0; // reports RoomLoaded
    virtual void exportProfile(const std::filesystem::path& file) = 0;
    // The training record (training_record.h) of the current profile; reports ExportFinished.
    virtual void exportTrainingRecord(const std::filesystem::path& file, bool includeReflections, std::int64_t nowMs) = 0;
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
    // Files have no profiles or history: each of these says so.
    void switchProfile(std::int64_t) override { unavailable(); }
    void addProfile(const std::string&) override { unavailable(); }
    void renameProfile(std::int64_t, const std::string&) override { unavailable(); }
    void deleteProfileRecords(std::int64_t) override { unavailable(); }
    void loadRun(const std::string&) override { unavailable(); }
    void loadRoom(const std::string&) override { unavailable(); }
    void exportProfile(const std::filesystem::path&) override { unavailable(); }
    void exportTrainingRecord(const std::filesystem::path&, bool, std::int64_t) override { unavailable(); }

    [[nodiscard]] std::filesystem::path keptRunFile(const std::string& id) const;

private:
    FileWriter::Done reporter(SaveTarget target) const;
    void unavailable() const;

    std::filesystem::path m_stateDir;
    FileWriter& m_writer;
    std::function<void(Command)> m_report;
};

} // namespace wp::app
