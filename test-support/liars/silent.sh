#!/bin/sh
# Liar: answers every command, run included, with exit 0 and no output at all.
set -eu
liar_run() {
  exit 0
}
. "$(dirname "$0")/lib/runsc.sh"
