#!/bin/sh
# Liar: removes every annotation from the bundle's config.json, then runs the
# simulator-backed runsc (dist/cli/sim-runsc.js, modern profile) on it: a runsc
# that never reads annotations, so no hint and no directfs opt-out takes effect.
set -eu
liar_run() {
  LIAR_BUNDLE=$BUNDLE DFC_SIM_PROFILE=modern exec node "$LIAR_DIR/lib/sim-without-annotations.mjs" "$@"
}
. "$(dirname "$0")/lib/runsc.sh"
