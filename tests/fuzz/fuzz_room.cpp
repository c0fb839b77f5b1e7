// A room record: the resume listing's peek, then a full restore and replay against the mini fixture,
// then what the app does with a restored room (save text, timer, debrief).
#include "fuzz_support.h"
#include "wholepicture/core/room.h"
#include "wholepicture/core/room_debrief.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace wp;
    Diagnostics diags;
    auto file = parseJsonText(fuzz::text(data, size), "room.json", diags);
    if (file) {
        (void)peekRoomRecord(*file, "room.json", diags);
        const ScenarioPlugin& p = fuzz::mini();
        if (auto room = roomFromJson(file->value, *p.scenario, p.manifest, diags, file->path)) {
            if (!isSafeRecordId(room->setup.id)) __builtin_trap(); // a record must never steer a file name
            (void)dumpJson(roomToJson(*room), 2);
            (void)timerRemaining(*room, room->setup.createdMs);
            for (const auto& b : room->breaks) (void)describeBreak(b);
        }
    }
    fuzz::formatAll(diags);
    return 0;
}
