#!/bin/bash
# One pod by hand: sandbox + one subcontainer (bind /v of $T/vol1), then a workload in the subcontainer.
# usage: pod.sh RUNSC  (env: PODHINTS, SUBHINTS = JSON annotation fragments with @T for the temp dir;
#   PODMOUNTS = the sandbox spec mounts (default: the same /v bind; " " for none); GFLAGS; KEEP=1 keeps $T)
set -u
RUNSC=$1
T=$(mktemp -d /tmp/dfs-pod-measure.XXXXXX)
mkroot() { mkdir -p $1/bin $1/proc $1/sys $1/dev $1/tmp $1/v; cp /bin/busybox $1/bin/busybox; }
mkroot $T/b0/rootfs; mkroot $T/b1/rootfs
mkdir -p $T/vol1 $T/logs; echo seed > $T/vol1/seed
SUBMOUNT=${SUBMOUNT:-"{\"destination\":\"/v\",\"type\":\"bind\",\"source\":\"$T/vol1\",\"options\":[\"rbind\",\"rw\"]}"}
PODMOUNTS=${PODMOUNTS:-$SUBMOUNT}
PODHINTS=$(echo "${PODHINTS:-}" | sed "s#@T#$T#g")
SUBHINTS=$(echo "${SUBHINTS:-}" | sed "s#@T#$T#g")
WORK=${WORK:-'cat /proc/self/mountinfo; ls /v; mkdir /v/d && echo mkdir-ok; echo x > /v/f && echo write-ok; rm /v/f && echo rm-ok; rmdir /v/d && echo rmdir-ok; echo done'}
cfg() { # $1 args-json $2 annotations $3 mounts
cat <<J
{"ociVersion":"1.0.2","process":{"terminal":false,"user":{"uid":0,"gid":0},"args":$1,"env":["PATH=/bin"],"cwd":"/"},
"root":{"path":"rootfs","readonly":false},"mounts":[$3],"annotations":{$2},
"linux":{"namespaces":[{"type":"pid"},{"type":"network"},{"type":"ipc"},{"type":"uts"},{"type":"mount"}]}}
J
}
SEP=; [ -n "$PODHINTS" ] && SEP=,
cfg '["/bin/busybox","sleep","1000"]' "\"io.kubernetes.cri.container-type\":\"sandbox\"$SEP$PODHINTS" "$PODMOUNTS" > $T/b0/config.json
SEP=; [ -n "$SUBHINTS" ] && SEP=,
cfg "[\"/bin/busybox\",\"sh\",\"-c\",\"$WORK\"]" "\"io.kubernetes.cri.container-type\":\"container\",\"io.kubernetes.cri.sandbox-id\":\"pod\"$SEP$SUBHINTS" "$SUBMOUNT" > $T/b1/config.json
R="$RUNSC --root=$T/state --network=none --ignore-cgroups --debug --debug-log=$T/logs/ ${GFLAGS:-}"
echo "== create pod"; $R create --bundle $T/b0 pod </dev/null >$T/pod.out 2>&1; echo rc=$?
echo "== start pod"; $R start pod; echo rc=$?
echo "== create c1"; $R create --bundle $T/b1 c1 </dev/null; echo rc=$?
echo "== start c1"; $R start c1 </dev/null >$T/c1.out 2>$T/c1.err; echo rc=$?
echo "== wait c1"; timeout 20 $R wait c1; echo rc=$?
echo "== c1 output"; cat $T/c1.out; echo "== c1 stderr"; cat $T/c1.err
echo "== pod output"; cat $T/pod.out
$R delete -force c1 2>/dev/null; $R delete -force pod 2>/dev/null
echo "T=$T"
echo "== gofers"; grep -h "LisafsNeeded=\|seccomp filters for" $T/logs/*gofer* | sed 's/.*LisafsNeeded=\([a-z]*\).*/LisafsNeeded=\1/; s/.*Installing/Installing/'
echo "== boot"; grep -h "channel creation failed\|all channel RPCs\|Mount RPC returned\|ignoring invalid\|ignoring mount\|Mount annotation found" $T/logs/*boot* | cut -c40-200 | sort | uniq -c
umount $T/state/null-netns 2>/dev/null; [ -z "${KEEP:-}" ] && rm -rf $T
