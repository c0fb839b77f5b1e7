#!/bin/sh
# Self-voicing in the real app (run under xvfb-run by speech_test.cpp): started with --speak and
# WP_SPEECH_LOG, driven by xdotool key presses only, through the library, the role screen and into the
# case. The test reads the speech log the app wrote (one utterance a line).
#   speech_keys.sh APP LOG
set -u
app=$1
log=$2
rm -f "$log"
WP_SPEECH_LOG="$log" "$app" --speak --size 1600x900 --ui-scale 1 &
pid=$!
finish() {
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    exit "$1"
}

wid=$(timeout 30 xdotool search --sync --name '^Whole Picture$' | head -n 1)
if [ -z "$wid" ]; then
    echo "speech_keys: no window" >&2
    finish 3
fi
# Waits (at most $2 seconds) until the log has a line with the fixed string $1.
wait_for() {
    i=0
    while [ "$i" -lt $(($2 * 10)) ]; do
        if grep -qsF -- "$1" "$log"; then return 0; fi
        sleep 0.1
        i=$((i + 1))
    done
    echo "speech_keys: timed out waiting for '$1'" >&2
    return 1
}
# A key held long enough for one poll to see it down (ImGui 1.86 has no input queue of its own).
press() {
    xdotool keydown "$1"
    sleep 0.15
    xdotool keyup "$1"
    sleep 0.4
}

wait_for "Library: " 30 || finish 4
xdotool windowfocus --sync "$wid" 2>/dev/null || true
press Tab
wait_for ", button" 10 || finish 5
press 1                       # the first case: its role screen
wait_for "choose your role" 10 || finish 6
press 1                       # the first role
# Tab on to the start button, each control read as the focus reaches it (the header's buttons keep
# the focus across screens, so Enter would press them, not start).
i=0
until grep -qsF "Start as " "$log"; do
    press Tab
    i=$((i + 1))
    if [ "$i" -ge 30 ]; then
        echo "speech_keys: Tab never reached the start button" >&2
        finish 8
    fi
done
press Return                  # start: the focused button
wait_for "Stage " 10 || finish 7
press F3                      # the situation again, on demand
press F4                      # the options (or why there are none yet)
press Tab                     # the first control of the play screen
sleep 1
finish 0
