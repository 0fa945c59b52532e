#!/bin/sh
# Liar: never starts a sandbox. Every run fails the way a broken build fails
# while mounting the root filesystem, whatever the case says.
set -eu
liar_run() {
  msg='running container: starting container: starting root container: starting sandbox:'
  msg="$msg failed to setupFS: mounting root filesystem: permission denied"
  write_run_log W "FATAL ERROR: $msg"
  printf '%s\n' "$msg" >&2
  exit 128
}
. "$(dirname "$0")/lib/runsc.sh"
