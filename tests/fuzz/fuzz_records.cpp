// A run saved as JSON by an earlier version (imported into the records once): read it into a run record,
// with the case and without it (a case no longer installed), build its xAPI statements and save it in a
// records database in memory. The record, its statements and its row must come out of any input.
#include "fuzz_support.h"
#include "wholepicture/app/record_database.h"
#include "wholepicture/app/xapi.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace wp;
    Diagnostics diags;
    auto file = parseJsonText(fuzz::text(data, size), "autosave.json", diags);
    if (file) {
        static const std::unique_ptr<app::RecordDatabase> db = [] {
            Diagnostics openDiags;
            auto opened = app::RecordDatabase::open({":memory:", false, false, 1700000000000}, openDiags);
            if (!opened) __builtin_trap(); // an in-memory database must open, or every finding is noise
            return opened;
        }();
        const app::Profile profile{1, "Sam", "7b0c2a52-0c3e-4a41-9d1c-3f1d2f5a9b10", 1700000000000};
        app::XapiOptions options;
        options.includeNames = options.includeReflections = options.includeOptionText = true;
        for (const ScenarioPlugin* plugin : {&fuzz::mini(), static_cast<const ScenarioPlugin*>(nullptr)}) {
            const app::RunRecord run = app::runRecordFromJson(fuzz::knowledgeBase(), plugin, "run-fuzz", file->value);
            for (const auto& statement : app::runStatements(run, profile, options)) (void)dumpJson(statement.json);
            (void)db->saveRun(run, app::RunStatus::Kept, diags);
        }
    }
    fuzz::formatAll(diags);
    return 0;
}
