#!/bin/sh
# Liar: starts printing the mountinfo block, then dies of SIGSEGV half-way.
set -eu
liar_run() {
  gofer='trans=fd,rfdno=4,wfdno=4,aname=/,dfltuid=4294967294,dfltgid=4294967294,dcache=1000'
  echo DFC-MOUNTINFO-BEGIN
  echo "16 15 0:18 / / rw - 9p none rw,$gofer,cache=fscache,disable_fifo_open,overlayfs_stale_read,directfs"
  echo '18 16 0:20 / /sys rw - sysfs none rw,dentry_cache_limit=1000'
  ulimit -c 0
  kill -SEGV $$
}
. "$(dirname "$0")/lib/runsc.sh"
