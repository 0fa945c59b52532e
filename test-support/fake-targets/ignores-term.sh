#!/bin/sh
# A fake runsc whose `run` ignores SIGTERM and SIGINT and never ends.
FAKE_KIND=ignores-term
. "$(dirname "$0")/common.sh"
trap '' TERM INT HUP
echo "fake run of $bundle"
while :; do sleep 1; done
