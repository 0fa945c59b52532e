#!/bin/sh
# Liar: runs the probe on the host, not in a sandbox. Mountinfo shows the host's
# mounts; the workload runs in each bind mount's source (kept inside the bundle).
set -eu
liar_run() {
  exec node "$LIAR_DIR/lib/host-probe.mjs" "$BUNDLE"
}
. "$(dirname "$0")/lib/runsc.sh"
