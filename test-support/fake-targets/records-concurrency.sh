#!/bin/sh
# A fake runsc whose `run` appends "start <time>" and "end <time>" lines to $FAKE_RECORD and sleeps in between.
FAKE_KIND=records-concurrency
. "$(dirname "$0")/common.sh"
echo "start $(date +%s%N) $$" >> "$FAKE_RECORD"
sleep "${FAKE_SLEEP:-0.2}"
echo "end $(date +%s%N) $$" >> "$FAKE_RECORD"
exit 1
