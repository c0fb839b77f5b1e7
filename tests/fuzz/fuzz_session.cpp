// A session / autosave file: parse, restore against the mini fixture, write it back.
#include "fuzz_support.h"
#include "wholepicture/core/runner.h"
#include "wholepicture/core/settings.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace wp;
    Diagnostics diags;
    auto file = parseJsonText(fuzz::text(data, size), "autosave.json", diags);
    if (file) {
        const ScenarioPlugin& p = fuzz::mini();
        if (auto session = sessionFromJson(file->value, *p.scenario, p.manifest, diags, file->path))
            (void)dumpJson(sessionToJson(*session), 1);
        // The compare file is never taken from the content: this must open nothing.
        (void)readCompareWith(file->value, "/nonexistent-wp-fuzz-state", diags);
    }
    fuzz::formatAll(diags);
    return 0;
}
