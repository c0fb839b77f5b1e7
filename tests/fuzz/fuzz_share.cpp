// The two readers of files that arrive from someone else: a .wpcase pack (core/case_pack.h) and a
// review CSV (core/strings_table.h), plus the string-token scanner the import edits files with.
#include "fuzz_support.h"
#include "wholepicture/core/case_pack.h"
#include "wholepicture/core/strings_table.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace wp;
    const std::string input = fuzz::text(data, size);
    Diagnostics diags;
    if (auto pack = readCasePack(input, "fuzz.wpcase", diags)) {
        // Whatever was accepted must pack again to a file that reads back the same.
        Diagnostics again;
        auto back = readCasePack(casePackJson(*pack), "again.wpcase", again);
        if (!back || back->files != pack->files) __builtin_trap();
    }
    (void)parseCsv(input, "fuzz.csv", diags);
    (void)base64Decode(input);
    // The scanner only ever sees files that parsed; its tokens must lie inside the text.
    if (parseJsonText(input, "fuzz.json", diags)) {
        for (const auto& t : locateStringTokens(input))
            if (t.begin >= t.end || t.end > input.size() || input[t.begin] != '"') __builtin_trap();
    }
    fuzz::formatAll(diags);
    return 0;
}
