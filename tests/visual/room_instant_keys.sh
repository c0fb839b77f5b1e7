#!/bin/sh
# UX review defect 2 in the real app (run under xvfb-run by room_input_test.cpp): a room console driven
# with instant key presses, as on-screen keyboards, voice control, remote desktop and xdotool send them.
# Each burst is sent while the app is stopped (SIGSTOP), so all its key and character events wait in
# the X connection and arrive in ONE poll: the hardest case for the input queue.
#   room_instant_keys.sh APP OUT_DIR
# Writes OUT_DIR/before-final-enter.json (the records export, holding the room record, once Table 2's
# rationale is saved) and OUT_DIR/after-final-enter.json (after the facilitator's own Enter). The room
# record lives in the records database; `wpt records export` reads it (read-only) while the app runs.
# The test reads them.
set -u
app=$1
out=$2
wpt="$(dirname "$app")/wpt"
mkdir -p "$out"
export_records() { "$wpt" records export -o "$out/records.json" >/dev/null 2>&1; }

# Fixed size and scale: the two clicks below land on the rationale boxes of this layout (a keyboard
# user cannot reach those boxes yet: Tab does not walk into the right-hand column).
"$app" --size 1600x900 --ui-scale 1 --room peter \
    --groups "Table 1:class_teacher,Table 2:mixed,Table 3:social_worker,Table 4:mixed" \
    --room-script c,c,c,views,open &
pid=$!
finish() {
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    exit "$1"
}

wid=$(timeout 30 xdotool search --sync --name '^Whole Picture$' | head -n 1)
if [ -z "$wid" ]; then
    echo "room_instant_keys: no window" >&2
    finish 3
fi

# Waits (at most $2 seconds) until the room record contains the fixed string $1.
wait_for() {
    i=0
    while [ "$i" -lt $(($2 * 10)) ]; do
        if export_records && grep -qsF -- "$1" "$out/records.json"; then return 0; fi
        sleep 0.1
        i=$((i + 1))
    done
    echo "room_instant_keys: timed out waiting for $1" >&2
    return 1
}
# A burst: stop the app, send, continue it.
hold() { kill -STOP "$pid"; }
release() { kill -CONT "$pid"; }

wait_for '"open_voting"' 30 || finish 4
sleep 1 # the first frames
xdotool mousemove --window "$wid" 800 450

hold
xdotool type --delay 0 1a
release
wait_for '"vote"' 20

# Table 1's rationale box; its rationale, Enter, and Table 2's vote in one burst.
xdotool mousemove --window "$wid" 1100 364 click 1
sleep 0.5
hold
xdotool type --delay 0 "See James alone; speak to the SENCO"
xdotool key --delay 0 Return
xdotool type --delay 0 2b
release
wait_for '"group": 1' 20

# Table 2's rationale box (below Table 2's buttons, which now wrap); its rationale and Enter.
sleep 0.5
xdotool mousemove --window "$wid" 1100 493 click 1
sleep 0.5
hold
xdotool type --delay 0 "Ring children's social care today"
xdotool key --delay 0 Return
release
wait_for "Ring children's social care today" 20
sleep 1 # anything applied late would land now
export_records && cp "$out/records.json" "$out/before-final-enter.json"

# The facilitator's own Enter.
hold
xdotool key --delay 0 Return
release
wait_for '"reveal"' 20
sleep 0.5
export_records && cp "$out/records.json" "$out/after-final-enter.json"
finish 0
