#!/bin/sh
# Liar: not a runsc at all; `--version` fails like an unknown flag. The suite must
# refuse it as an environment error before running anything.
echo 'flag provided but not defined: -version' >&2
exit 2
