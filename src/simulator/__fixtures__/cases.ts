/** Small hand-written cases shared by the simulator tests. */
import type { Case, RunscFlags } from '../../model/case.js';

const M = 'dev.gvisor.spec.mount.';

/** Flags with every value at runsc's default. */
export const DEFAULT_FLAGS: RunscFlags = { directfs: null, overlay2: null, fileAccess: null, fileAccessMounts: null };

/** Annotations of a complete mount hint (bind/shared unless overridden). */
export function hintAnnotations(
  name: string,
  source: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  const fields: Record<string, string> = { source, type: 'bind', share: 'shared', ...extra };
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [`${M}${name}.${k}`, v]));
}

/**
 * The mixed case real runsc (modern) was compared on: two directory binds,
 * one opted out, a file bind, a read-only bind of the first source and a tmpfs.
 */
export function mixedCase(
  flags: Partial<RunscFlags> = { overlay2: 'none' },
  annotations = hintAnnotations('v2', '$ROOT/vol2', { directfs: 'off' }),
): Case {
  return {
    flags: { ...DEFAULT_FLAGS, ...flags },
    spec: {
      root: { path: 'rootfs', readonly: false },
      mounts: [
        { destination: '/data', type: 'bind', source: '$ROOT/vol1', options: ['rbind'] },
        { destination: '/off', type: 'bind', source: '$ROOT/vol2', options: ['rbind'] },
        { destination: '/file', type: 'bind', source: '$ROOT/f1', options: ['rbind'] },
        { destination: '/ro', type: 'bind', source: '$ROOT/vol1', options: ['rbind', 'ro'] },
        { destination: '/scratch', type: 'tmpfs', source: 'tmpfs', options: ['size=1m'] },
      ],
      annotations,
    },
    fixtures: [
      { path: 'f1', kind: 'file' },
      { path: 'vol1', kind: 'dir' },
      { path: 'vol2', kind: 'dir' },
    ],
  };
}

/** The modern build's mountinfo for {@link mixedCase} with `$ROOT` = /b (observed). */
export const MIXED_CASE_MODERN_MOUNTINFO = [
  '16 15 0:18 / / rw - 9p none rw,trans=fd,rfdno=4,wfdno=4,aname=/,dfltuid=4294967294,dfltgid=4294967294,dcache=1000,cache=fscache,disable_fifo_open,overlayfs_stale_read,directfs',
  '17 16 0:19 / /ro ro - 9p none ro,trans=fd,rfdno=8,wfdno=8,aname=/,dfltuid=4294967294,dfltgid=4294967294,dcache=1000,cache=remote_revalidating,disable_fifo_open,directfs',
  '18 16 0:20 / /sys rw - sysfs none rw,dentry_cache_limit=1000',
  '20 16 0:21 / /dev rw - dev none rw,mode=0755',
  '21 16 0:22 / /off rw - 9p none rw,trans=fd,rfdno=6,wfdno=6,aname=/,dfltuid=4294967294,dfltgid=4294967294,dcache=1000,cache=remote_revalidating,disable_fifo_open',
  '22 16 0:23 / /proc rw - proc none rw,dentry_cache_limit=1000',
  '23 16 0:24 / /data rw - 9p none rw,trans=fd,rfdno=5,wfdno=5,aname=/,dfltuid=4294967294,dfltgid=4294967294,dcache=1000,cache=remote_revalidating,disable_fifo_open,directfs',
  '24 16 0:25 / /file rw - 9p none rw,trans=fd,rfdno=7,wfdno=7,aname=/,dfltuid=4294967294,dfltgid=4294967294,dcache=1000,cache=remote_revalidating,disable_fifo_open,directfs',
  '25 20 0:26 / /dev/pts rw - devpts none rw',
  '26 16 0:27 / /scratch rw - tmpfs none rw,size=1024k',
  '27 16 0:28 / /tmp rw - tmpfs none rw,mode=01777',
];
