#!/bin/bash
# Smallest pod showing that a subcontainer turning directfs on with the flag
# override annotation, in a sandbox started with --directfs=false, kills the
# sentry (seccomp SIGSYS on openat): the subcontainer fails and the pod is gone.
# usage: subcontainer-directfs-override-crash.sh RUNSC   (run as root)
# exit: 1 when the bug shows (sandbox dead after the subcontainer's start), 0 when it does not.
set -u
RUNSC=${1:?usage: $0 RUNSC}
BUSYBOX=${BUSYBOX:-/bin/busybox}
T=$(mktemp -d /tmp/dfs-pod-repro.XXXXXX)
R="$RUNSC --root=$T/state --network=none --ignore-cgroups --debug --debug-log=$T/logs/ --directfs=false --allow-flag-override"
cleanup() {
  $R delete -force c1 >/dev/null 2>&1
  $R delete -force pod >/dev/null 2>&1
  umount "$T/state/null-netns" 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT INT TERM
for b in pod c1; do
  mkdir -p $T/$b/rootfs/bin $T/$b/rootfs/proc $T/$b/rootfs/sys $T/$b/rootfs/dev $T/$b/rootfs/tmp $T/$b/rootfs/v
  cp "$BUSYBOX" $T/$b/rootfs/bin/busybox
done
mkdir -p $T/vol1 $T/logs
echo seed >$T/vol1/seed
spec() { # args annotations mounts
  cat <<J
{"ociVersion":"1.0.2","process":{"terminal":false,"user":{"uid":0,"gid":0},"args":$1,"env":["PATH=/bin"],"cwd":"/"},
 "root":{"path":"rootfs","readonly":false},"mounts":[$3],"annotations":{$2},
 "linux":{"namespaces":[{"type":"pid"},{"type":"network"},{"type":"ipc"},{"type":"uts"},{"type":"mount"}]}}
J
}
spec '["/bin/busybox","sleep","1000"]' '"io.kubernetes.cri.container-type":"sandbox"' "" >$T/pod/config.json
spec '["/bin/busybox","ls","/v"]' \
  '"io.kubernetes.cri.container-type":"container","io.kubernetes.cri.sandbox-id":"pod","dev.gvisor.flag.directfs":"true"' \
  "{\"destination\":\"/v\",\"type\":\"bind\",\"source\":\"$T/vol1\",\"options\":[\"rbind\",\"rw\"]}" >$T/c1/config.json

echo "runsc: $($RUNSC --version | head -1)"
AUDIT0=$(dmesg 2>/dev/null | grep -c "type=1326")
$R create --bundle $T/pod pod </dev/null && $R start pod || { echo "sandbox did not start"; exit 2; }
$R create --bundle $T/c1 c1 </dev/null || { echo "subcontainer create failed"; exit 2; }
$R start c1 </dev/null >$T/c1.out 2>$T/c1.err
rc=$?
echo "runsc start c1: exit $rc"
[ $rc -eq 0 ] && timeout 20 $R wait c1 >/dev/null
echo "subcontainer stdout: $(tr '\n' ' ' <$T/c1.out)"
echo "subcontainer stderr: $(sed 's/.*failed to setupFS/failed to setupFS/' $T/c1.err | cut -c1-200)"
echo "sandbox still answering (runsc exec pod busybox true):"
$R exec pod /bin/busybox true </dev/null >/dev/null 2>$T/exec.err && echo "  yes" || sed 's/^/  no: /' $T/exec.err | tail -1
echo "kernel audit (SIGSYS=31; syscall 257=openat, 138=fstatfs), new since start, if readable:"
dmesg 2>/dev/null | grep "type=1326" | tail -n +$((AUDIT0 + 1)) | grep "sig=31" | sed 's/.*\(sig=31.*syscall=[0-9]*\).*/  \1/'
if [ $rc -ne 0 ]; then echo "BUG: the subcontainer start killed the sandbox"; exit 1; fi
echo "no bug: subcontainer started"
exit 0
