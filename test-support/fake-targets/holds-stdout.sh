#!/bin/sh
# A fake runsc whose `run` leaves a child holding stdout open forever, then exits itself.
FAKE_KIND=holds-stdout
. "$(dirname "$0")/common.sh"
echo "fake run of $bundle"
sleep 600 &
exit 0
