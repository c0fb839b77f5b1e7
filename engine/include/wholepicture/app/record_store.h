// Where the user's records live: the port every record goes through (the SQLite store of the records
// issue will implement the same interface). Today's implementation keeps JSON files under the XDG state
// directory, written in order off the UI thread (FileWriter):
//   autosave.json           the current run (after every step)
//   autosave-compare.json   a role swap's first run, beside it
//   runs/<id>.json          kept runs: {"format":"wholepicture-kept-run","version":1,"session":..,"first_run":..}
//   rooms/<id>.json         room records (core/room.h)
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
#include "wholepicture/core/diagnostic.h"

namespace wp::app {

struct StoredKeptRun {
    std::string id;
    nlohmann::json session;
    std::optional<nlohmann::json> firstRun;
};

// What is found at start-up. Files that cannot be read are reported in diagnostics and left in place.
struct StartupRecords {
    std::optional<nlohmann::json> autosave;
    std::optional<nlohmann::json> compareRun;
    std::vector<StoredKeptRun> keptRuns; // newest first
};

class RecordStore {
public:
    virtual ~RecordStore() = default;
    [[nodiscard]] virtual StartupRecords load(Diagnostics& diags) = 0;
    virtual void saveProgress(const nlohmann::json& session) = 0;
    virtual void saveCompareRun(const nlohmann::json& session) = 0;
    virtual void clearProgress() = 0;
    virtual void keepRun(const StoredKeptRun& run) = 0;
    virtual void deleteKeptRun(const std::string& id) = 0;
    virtual void saveRoom(const std::filesystem::path& file, const nlohmann::json& record) = 0;
    // Waits until everything asked for is on disk.
    virtual void flush() = 0;
};

class JsonFileStore final : public RecordStore {
public:
    // `report` receives a SaveFinished for every write (on the writer thread); it may be empty.
    JsonFileStore(std::filesystem::path stateDir, FileWriter& writer, std::function<void(Command)> report);

    [[nodiscard]] StartupRecords load(Diagnostics& diags) override;
    void saveProgress(const nlohmann::json& session) override;
    void saveCompareRun(const nlohmann::json& session) override;
    void clearProgress() override;
    void keepRun(const StoredKeptRun& run) override;
    void deleteKeptRun(const std::string& id) override;
    void saveRoom(const std::filesystem::path& file, const nlohmann::json& record) override;
    void flush() override { m_writer.flush(); }

    [[nodiscard]] std::filesystem::path keptRunFile(const std::string& id) const;
    [[nodiscard]] static bool isSafeId(const std::string& id);

private:
    FileWriter::Done reporter(SaveTarget target) const;

    std::filesystem::path m_stateDir;
    FileWriter& m_writer;
    std::function<void(Command)> m_report;
};

} // namespace wp::app
