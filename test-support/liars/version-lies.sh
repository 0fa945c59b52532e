#!/bin/sh
# Liar: a pre-feature build (the simulator's prefeature profile behind
# dist/cli/sim-runsc.js) that answers --version with a post-feature version.
set -eu
liar_run() {
  DFC_SIM_PROFILE=prefeature exec node "$REPO_DIR/dist/cli/sim-runsc.js" "$@"
}
. "$(dirname "$0")/lib/runsc.sh"
