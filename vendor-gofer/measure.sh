#!/usr/bin/env bash
# measure.sh RUNSC SCENARIO: runs one hand-made bundle on RUNSC (as root, --network=none
# --ignore-cgroups) and prints exit code, stderr tail, the mountinfo lines of /c, /u and /,
# and a write/read workload on /c and /u. Scenarios are listed in MEASURED.md.
set -uo pipefail
RUNSC=$1 SCENARIO=$2
W=$(mktemp -d /tmp/dfc-vendor-measure.XXXXXX)
trap 'umount "$W/state/null-netns" 2>/dev/null; rm -rf "$W"' EXIT
mkdir -p "$W/rootfs/bin" "$W/rootfs/proc" "$W/rootfs/sys" "$W/rootfs/dev" "$W/rootfs/tmp" "$W/rootfs/c" "$W/rootfs/u" \
  "$W/claimed" "$W/plain" "$W/logs"
cp /bin/busybox "$W/rootfs/bin/busybox"
echo seed >"$W/claimed/seed.txt"
echo seed >"$W/plain/seed.txt"
FLAGS=() CLAIM="$W/claim*" HINT=0 ROOTHINT=0
case $SCENARIO in
  no-optout) ;;
  hint-off) HINT=1 ;;
  global-off) FLAGS+=(--directfs=false) ;;
  unmatched-glob) CLAIM="$W/nothing*" ;;
  root-claimed) CLAIM="$W/rootf*" ;;
  root-claimed-optout) CLAIM="$W/rootf*" ROOTHINT=1 ;;
  root-claimed-overlay-none) CLAIM="$W/rootf*" FLAGS+=(--overlay2=none) ;;
  root-claimed-global-off) CLAIM="$W/rootf*" FLAGS+=(--directfs=false) ;;
  overlay-all-memory) FLAGS+=(--overlay2=all:memory) ;;
  overlay-all-memory-hint-off) FLAGS+=(--overlay2=all:memory) HINT=1 ;;
  overlay-all-self) FLAGS+=(--overlay2=all:self) ;;
  overlay-all-self-hint-off) FLAGS+=(--overlay2=all:self) HINT=1 ;;
  overlay-none) FLAGS+=(--overlay2=none) ;;
  overlay-none-hint-off) FLAGS+=(--overlay2=none) HINT=1 ;;
  *) echo "unknown scenario $SCENARIO" >&2; exit 2 ;;
esac
ANN="\"dev.directfs-conformance.vendor.claim\": \"$CLAIM\""
[ $HINT -eq 1 ] && ANN="$ANN, \"dev.gvisor.spec.mount.c.source\": \"$W/claimed\", \"dev.gvisor.spec.mount.c.type\": \"bind\",
  \"dev.gvisor.spec.mount.c.share\": \"shared\", \"dev.gvisor.spec.mount.c.directfs\": \"off\""
[ $ROOTHINT -eq 1 ] && ANN="$ANN, \"dev.gvisor.spec.rootfs.source\": \"$W/rootfs\", \"dev.gvisor.spec.rootfs.type\": \"bind\",
  \"dev.gvisor.spec.rootfs.directfs\": \"off\""
SCRIPT='grep -E " / | /c | /u " /proc/self/mountinfo | sed -E "s/^([^ ]+ ){4}//; s/ [0-9]+:[0-9]+ / /"; for d in /c /u; do
  if echo hi >$d/new.txt && cat $d/seed.txt >/dev/null; then echo "$d write+read ok"; else echo "$d write+read FAILED"; fi; done'
cat >"$W/config.json" <<JSON
{ "ociVersion": "1.0.0",
  "process": { "terminal": false, "user": {"uid": 0, "gid": 0}, "args": ["/bin/busybox", "sh", "-c", $(printf '%s' "$SCRIPT" | jq -Rs .)],
    "env": ["PATH=/bin"], "cwd": "/" },
  "root": { "path": "$W/rootfs", "readonly": false },
  "mounts": [
    { "destination": "/proc", "type": "proc", "source": "proc" },
    { "destination": "/c", "type": "bind", "source": "$W/claimed", "options": ["rbind"] },
    { "destination": "/u", "type": "bind", "source": "$W/plain", "options": ["rbind"] } ],
  "annotations": { $ANN } }
JSON
cd "$W" || exit 2
"$RUNSC" --root="$W/state" --network=none --ignore-cgroups --debug --debug-log="$W/logs/" "${FLAGS[@]}" \
  run --bundle "$W" "dfc-measure-$$" >"$W/out" 2>"$W/err"
rc=$?
echo "exit: $rc"
sed "s#$W#\$W#g" "$W/out"
[ -s "$W/err" ] && echo "stderr (last line): $(grep -v '^\s*$' "$W/err" | tail -n 1 | sed "s#$W#\$W#g")"
echo "host: claimed/new.txt $([ -f "$W/claimed/new.txt" ] && echo present || echo absent), plain/new.txt $([ -f "$W/plain/new.txt" ] && echo present || echo absent)"
grep -h -E 'via extension|did not return host FD|returned a host FD|failed to setupFS|Installing seccomp' "$W"/logs/* 2>/dev/null |
  sed -E "s#$W#\$W#g; s/^[DIWF][0-9]+ [0-9:.]+ +[0-9]+ //" | sort | uniq -c
"$RUNSC" --root="$W/state" delete -force "dfc-measure-$$" >/dev/null 2>&1 || true
exit 0
