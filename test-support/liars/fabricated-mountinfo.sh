#!/bin/sh
# Liar: prints the mountinfo a modern runsc would print if every mount were fine
# (directfs on every gofer mount, whatever the case asks) and `ok` for every
# workload operation, but runs nothing: no workload effect reaches the host.
set -eu
liar_run() {
  exec node "$LIAR_DIR/lib/fabricate-mountinfo.mjs" "$BUNDLE"
}
. "$(dirname "$0")/lib/runsc.sh"
