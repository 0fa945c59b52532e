#!/bin/sh
# Liar: run never returns. Like runsc, it leaves a process named after the
# container (the "sandbox") that outlives its parent unless someone kills it.
set -eu
liar_run() {
  sh -c 'while :; do sleep 1; done' "liar-hangs-sandbox-$ID" &
  wait
}
. "$(dirname "$0")/lib/runsc.sh"
