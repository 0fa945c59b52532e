#!/bin/sh
# Liar: every run exits 139 after printing "Segmentation fault", as a shell
# reports a runsc that crashed before it could start anything.
set -eu
liar_run() {
  echo 'Segmentation fault' >&2
  exit 139
}
. "$(dirname "$0")/lib/runsc.sh"
