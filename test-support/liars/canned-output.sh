#!/bin/sh
# Liar: replays one recorded modern run whatever the case asks (a caching
# wrapper gone wrong): the same mountinfo, workload lines and boot-log warning
# every time, with nothing done on the host.
set -eu
liar_run() {
  gofer='trans=fd,rfdno=5,wfdno=5,aname=/,dfltuid=4294967294,dfltgid=4294967294,dcache=1000'
  submount="$gofer,cache=remote_revalidating,disable_fifo_open"
  case $DEBUG_LOG in
    */) mkdir -p "$DEBUG_LOG"
        log_line W "Mount RPC returned a host FD to mount point without directfs, we didn't ask for it" \
          > "${DEBUG_LOG}runsc.log.$(date +%Y%m%d-%H%M%S).$$.boot.txt" ;;
  esac
  echo DFC-MOUNTINFO-BEGIN
  echo "16 15 0:18 / / rw - 9p none rw,$gofer,cache=fscache,disable_fifo_open,overlayfs_stale_read,directfs"
  echo "17 16 0:19 / /data rw - 9p none rw,$submount"
  echo '18 16 0:20 / /sys rw - sysfs none rw,dentry_cache_limit=1000'
  echo '19 16 0:21 / /dev rw - dev none rw,mode=0755'
  echo '20 16 0:22 / /proc rw - proc none rw,dentry_cache_limit=1000'
  echo '21 19 0:23 / /dev/pts rw - devpts none rw'
  echo '22 16 0:24 / /tmp rw - tmpfs none rw,mode=01777'
  echo DFC-MOUNTINFO-END
  for op in create write read mkdir readdir rename symlink truncate unlink; do echo "DFC-OP 0 /data $op ok"; done
  echo DFC-END
}
. "$(dirname "$0")/lib/runsc.sh"
