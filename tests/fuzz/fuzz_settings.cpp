// settings.json: parse, read, write back.
#include "fuzz_support.h"
#include "wholepicture/core/settings.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace wp;
    Diagnostics diags;
    auto file = parseJsonText(fuzz::text(data, size), "settings.json", diags);
    if (file) {
        Settings s = settingsFromJson(file->value, diags, file->path);
        (void)settingsToJson(s).dump(2); // plain dump: settingsToJson promises it never throws
    }
    fuzz::formatAll(diags);
    return 0;
}
