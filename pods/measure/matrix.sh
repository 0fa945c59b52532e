#!/bin/bash
# Runs named hint placements through pod.sh and prints the essentials.
# usage: matrix.sh RUNSC CASE...   (case names: see the case statement)
RUNSC=$1; shift
h() { # name src type share directfs (empty = omit)
  local o=""; local n=$1
  [ -n "$2" ] && o="$o\"dev.gvisor.spec.mount.$n.source\":\"$2\","
  [ -n "$3" ] && o="$o\"dev.gvisor.spec.mount.$n.type\":\"$3\","
  [ -n "$4" ] && o="$o\"dev.gvisor.spec.mount.$n.share\":\"$4\","
  [ -n "$5" ] && o="$o\"dev.gvisor.spec.mount.$n.directfs\":\"$5\","
  echo "${o%,}"
}
OFF=$(h vol1 @T/vol1 bind shared off)
for c in "$@"; do
  unset PODHINTS SUBHINTS GFLAGS
  case $c in
    none) ;;
    pod-only) PODHINTS=$OFF ;;
    sub-only) SUBHINTS=$OFF ;;
    both) PODHINTS=$OFF; SUBHINTS=$OFF ;;
    shim) PODHINTS=$OFF; SUBHINTS=$(h vol1 "" bind shared off) ;;
    pod-off-sub-default) PODHINTS=$OFF; SUBHINTS=$(h vol1 @T/vol1 bind shared default) ;;
    pod-default-sub-off) PODHINTS=$(h vol1 @T/vol1 bind shared default); SUBHINTS=$OFF ;;
    pod-nodfs-sub-off) PODHINTS=$(h vol1 @T/vol1 bind shared ""); SUBHINTS=$OFF ;;
    pod-only-container) PODHINTS=$(h vol1 @T/vol1 bind container off) ;;
    pod-only-pod) PODHINTS=$(h vol1 @T/vol1 bind pod off) ;;
    both-pod) PODHINTS=$(h vol1 @T/vol1 bind pod off); SUBHINTS=$PODHINTS ;;
    pod-only-tmpfs-pod) PODHINTS=$(h vol1 @T/vol1 tmpfs pod off) ;;
    pod-only-tmpfs-container) PODHINTS=$(h vol1 @T/vol1 tmpfs container off) ;;
    pod-only-tmpfs-shared) PODHINTS=$(h vol1 @T/vol1 tmpfs shared off) ;;
    both-tmpfs-shared) PODHINTS=$(h vol1 @T/vol1 tmpfs shared off); SUBHINTS=$PODHINTS ;;
    pod-only-invalid) PODHINTS=$(h vol1 @T/vol1 bind shared OFF) ;;
    pod-only-global-off) PODHINTS=$OFF; GFLAGS=--directfs=false ;;
    pod-only-overlay-none) PODHINTS=$OFF; GFLAGS=--overlay2=none ;;
    sub-flag-directfs) PODHINTS=$OFF; SUBHINTS='"dev.gvisor.flag.directfs":"false"'; GFLAGS=--allow-flag-override ;;
    pod-flag-directfs) PODHINTS="$OFF,\"dev.gvisor.flag.directfs\":\"false\""; GFLAGS=--allow-flag-override ;;
    sub-flag-noallow) PODHINTS=$OFF; SUBHINTS='"dev.gvisor.flag.directfs":"false"' ;;
    sub-malformed) SUBHINTS='"dev.gvisor.spec.mount.a.b.c":"x"' ;;
    *) echo "unknown $c"; continue ;;
  esac
  export PODHINTS SUBHINTS GFLAGS
  echo "######## $c  (GFLAGS=${GFLAGS:-})"
  "$(dirname "$0")/pod.sh" "$RUNSC" 2>&1 | grep -v "^== \(create\|start\) pod$" | grep -v "^[0-9]* [0-9]* 0:[0-9]* / /\(sys\|dev\|proc\|tmp\|dev/pts\) " | grep -v "^seed$\|^T=\|^== wait\|^== pod output\|^== c1 output\|^== c1 stderr\|exitStatus" 
done
