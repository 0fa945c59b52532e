#!/bin/sh
# A fake runsc whose `run` starts background children (stdio detached) and exits at once.
FAKE_KIND=background-children
. "$(dirname "$0")/common.sh"
sleep 600 </dev/null >/dev/null 2>&1 &
( sleep 600 </dev/null >/dev/null 2>&1 & ) &
echo "fake run of $bundle"
exit 0
