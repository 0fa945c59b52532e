#!/usr/bin/env bash
# Installs Debian's `chromium`, idempotently, for the test that renders compat.html
# (src/suites/report-html.test.ts). Needs root and apt-get; without them it says so
# loudly and exits 0: that test then skips with the reason, everything else runs.
set -uo pipefail

CHROMIUM=/usr/bin/chromium
say() { printf '[setup:chromium] %s\n' "$*"; }
loud() {
  printf '\n[setup:chromium] ==================================================================\n'
  printf '[setup:chromium] %s\n' "$@"
  printf '[setup:chromium] ==================================================================\n\n'
}

if [ -x "$CHROMIUM" ]; then
  say "already installed: $("$CHROMIUM" --version 2>/dev/null | head -n 1)"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  loud "chromium is NOT installed and this is not root: run 'apt-get install -y chromium' as root" \
    "(the compat.html rendering test skips until then)"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  loud "chromium is NOT installed and apt-get is missing: install Chromium at $CHROMIUM by hand" \
    "(the compat.html rendering test skips until then)"
  exit 0
fi
say "installing Debian's chromium (apt-get)"
if ! { DEBIAN_FRONTEND=noninteractive apt-get install -y chromium ||
  { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; }; }; then
  loud "apt-get could not install chromium; the compat.html rendering test will skip"
  exit 0
fi
if [ -x "$CHROMIUM" ]; then
  say "installed: $("$CHROMIUM" --version 2>/dev/null | head -n 1)"
else
  loud "apt-get finished but $CHROMIUM is missing; the compat.html rendering test will skip"
fi
exit 0
