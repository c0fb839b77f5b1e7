// A whole plugin folder from one input: plugin.json, then a line "----", then scenario.json. Without
// the separator the input is plugin.json and the scenario is the mini fixture's. Loaded from memory
// the way loadPlugin does it: parse, manifest, scenario, lint.
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace wp;
    static const std::string miniScenario = [] {
        Diagnostics d;
        return readFileSafely(std::string(WP_SOURCE_DIR) + "/tests/fixtures/plugins/mini/scenario.json", d).value_or("");
    }();
    std::string input = fuzz::text(data, size);
    std::string manifestText = input, scenarioText = miniScenario;
    if (auto at = input.find("\n----\n"); at != std::string::npos) {
        manifestText = input.substr(0, at);
        scenarioText = input.substr(at + 6);
    }
    Diagnostics diags;
    auto manifestFile = parseJsonText(std::move(manifestText), "plugin.json", diags);
    if (manifestFile) {
        auto manifest = parseManifest(*manifestFile, fuzz::knowledgeBase(), diags);
        for (const auto& d : diags) (void)manifestFile->locate(d.pointer);
        if (manifest) {
            for (const auto& e : manifest->entry) (void)relativePathProblem(e);
            auto scenarioFile = parseJsonText(std::move(scenarioText), "scenario.json", diags);
            if (scenarioFile) {
                if (auto scenario = parseScenario(*scenarioFile, diags))
                    lintScenario(*scenario, *manifest, fuzz::knowledgeBase(), *scenarioFile, diags);
            }
        }
    }
    fuzz::formatAll(diags);
    return 0;
}
