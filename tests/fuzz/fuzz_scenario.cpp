// Scenario text: parse, read the model, run the full lint against the mini fixture's manifest.
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace wp;
    Diagnostics diags;
    auto file = parseJsonText(fuzz::text(data, size), "scenario.json", diags);
    if (file) {
        if (auto scenario = parseScenario(*file, diags))
            lintScenario(*scenario, fuzz::mini().manifest, fuzz::knowledgeBase(), *file, diags);
        for (const auto& d : diags) (void)file->locate(d.pointer);
    }
    fuzz::formatAll(diags);
    return 0;
}
