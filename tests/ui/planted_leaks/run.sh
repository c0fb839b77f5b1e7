#!/bin/bash
# Applies each planted leak in turn, builds wp_ui_tests, runs the projector leak test, reverts.
# Run from the repository root with a configured build dir (default: build). Exit 1 if any plant passes.
set -u
BUILD=${1:-build}
SCRATCH=$(mktemp -d)
status=0
for p in tests/ui/planted_leaks/*.patch; do
    git apply "$p" || { echo "cannot apply $p"; status=1; continue; }
    if cmake --build "$BUILD" -j2 --target wp_ui_tests > "$SCRATCH/build.log" 2>&1; then
        XDG_CONFIG_HOME=$SCRATCH XDG_DATA_HOME=$SCRATCH XDG_STATE_HOME=$SCRATCH \
            "$BUILD/bin/wp_ui_tests" --gtest_filter='ProjectorLeak.*' > "$SCRATCH/test.log" 2>&1
        if [ $? -ne 0 ] && grep -q "LEAK on the projector" "$SCRATCH/test.log"; then
            echo "caught  $(basename "$p"): $(grep -m1 'LEAK on the projector' "$SCRATCH/test.log")"
        else
            echo "MISSED  $(basename "$p")"
            status=1
        fi
    else
        echo "BUILD FAILED with $(basename "$p")"
        status=1
    fi
    git apply -R "$p"
done
rm -rf "$SCRATCH"
exit $status
