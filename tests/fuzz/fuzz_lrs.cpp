// lrs.json, the learning record store settings: parse, read, judge (what Settings shows).
#include "fuzz_support.h"
#include "wholepicture/app/xapi_sender.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace wp;
    Diagnostics diags;
    if (auto file = parseJsonText(fuzz::text(data, size), "lrs.json", diags)) {
        const app::XapiSettings s = app::xapiSettingsFromJson(*file, diags);
        (void)app::xapiSettingsProblem(s);
    }
    fuzz::formatAll(diags);
    return 0;
}
