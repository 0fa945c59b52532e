#!/bin/bash
# runsc mounts a stack of spec mounts at one destination out of spec order.
#
# The spec has, in this order, at /m: a bind of vol1, a tmpfs, a bind of vol2,
# plus FILLER plain binds elsewhere. The OCI runtime spec mounts entries in the
# listed order, so /m should show vol2. runsc sorts its submounts by
# destination length with sort.Slice ("so that we don't place children before
# parents"), which is not stable once the list (runsc's own /proc, /sys, /dev…
# included) is longer than 12: the same-length entries at /m are reordered and
# the tmpfs ends on top.
# usage: stacked-mount-order.sh RUNSC [FILLER]   (run as root; FILLER default 6)
# exit: 1 when /m is not vol2 (the bug shows), 0 when it is.
set -u
RUNSC=${1:?usage: $0 RUNSC [FILLER]}
FILLER=${2:-6}
BUSYBOX=${BUSYBOX:-/bin/busybox}
T=$(mktemp -d /tmp/dfs-stack-repro.XXXXXX)
R="$RUNSC --root=$T/state --network=none --ignore-cgroups"
cleanup() {
  $R delete -force stack >/dev/null 2>&1
  umount "$T/state/null-netns" 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT INT TERM
mkdir -p $T/b/rootfs/bin $T/b/rootfs/proc $T/b/rootfs/sys $T/b/rootfs/dev $T/b/rootfs/tmp $T/vol1 $T/vol2
cp "$BUSYBOX" $T/b/rootfs/bin/busybox
echo vol1 >$T/vol1/which
echo vol2 >$T/vol2/which
bind() { printf '{"destination":"%s","type":"bind","source":"%s","options":["rbind"]}' "$1" "$2"; }
mounts="$(bind /m $T/vol1),{\"destination\":\"/m\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":[\"size=1m\"]},$(bind /m $T/vol2)"
for i in $(seq 1 "$FILLER"); do mounts="$mounts,$(bind /f$i $T/vol1)"; done
cat >$T/b/config.json <<J
{"ociVersion":"1.0.2","process":{"terminal":false,"user":{"uid":0,"gid":0},
 "args":["/bin/busybox","sh","-c","busybox grep ' /m ' /proc/self/mountinfo; echo \"/m/which: \$(busybox cat /m/which 2>&1)\""],
 "env":["PATH=/bin"],"cwd":"/"},
 "root":{"path":"rootfs","readonly":false},"mounts":[$mounts],"annotations":{},
 "linux":{"namespaces":[{"type":"pid"},{"type":"network"},{"type":"ipc"},{"type":"uts"},{"type":"mount"}]}}
J
echo "runsc: $($RUNSC --version | head -1); spec mounts: $((3 + FILLER))"
out=$($R run --bundle $T/b stack </dev/null 2>&1)
echo "$out"
case "$out" in
*"/m/which: vol2"*) echo "OK: /m shows the spec's last mount (vol2)"; exit 0 ;;
*) echo "BUG: /m does not show the spec's last mount (vol2)"; exit 1 ;;
esac
