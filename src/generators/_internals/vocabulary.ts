/**
 * The fixed vocabulary generated cases are built from: fixture names,
 * destination pools, annotation values. Small pools make collisions (one
 * source at two destinations, nested and repeated destinations) common.
 */
import { ROOT_TOKEN } from '../../model/case.js';

/** Directory fixtures a mount source can name. */
export const DIR_FIXTURES = ['vol1', 'vol2', 'vol3', 'vol4'] as const;
/** File fixtures a mount source can name. */
export const FILE_FIXTURES = ['f1', 'f2'] as const;

/**
 * Destinations of directory-like mounts (binds of directories, tmpfs).
 * `/data/sub` nests under `/data`; `/tmp` replaces runsc's implicit tmpfs
 * (reference §2.2). Never `/`, never under /proc, /sys, /dev.
 */
export const DIR_DESTINATIONS = ['/data', '/m1', '/m2', '/data/sub', '/m3', '/tmp'] as const;
/** Destinations of file binds: separate from the directory pool so a file never becomes a directory's parent. */
export const FILE_DESTINATIONS = ['/file', '/data/file', '/m1/file'] as const;

/** Where each sentry-internal filesystem type is mounted (reference §2.2). */
export const PSEUDO_DESTINATIONS = {
  proc: ['/proc', '/proc2'],
  sysfs: ['/sys', '/sys2'],
  devpts: ['/dev/pts'],
  mqueue: ['/dev/mqueue'],
  none: ['/none', '/sys2'],
} as const;

/** Valid `directfs` values of both hint kinds (reference §3.1, §3.2). */
export const VALID_DIRECTFS = ['off', 'default'] as const;
/** Spellings runsc rejects with a warning (mount hint) or a fatal error (rootfs hint), reference §3.1. */
export const INVALID_DIRECTFS = ['on', 'true', 'OFF', ' off', 'off ', '', 'Default'] as const;

/** Mount hint `type` values: two valid, one rejected. */
export const HINT_TYPES = ['bind', 'tmpfs', 'invalid'] as const;
export type HintType = (typeof HINT_TYPES)[number];
/** Mount hint `share` values: three valid, one rejected. */
export const HINT_SHARES = ['shared', 'container', 'pod', 'invalid'] as const;
export type HintShare = (typeof HINT_SHARES)[number];
/** Mount hint `options` values. `ro,noexec` on a container/pod tmpfs master rejects rw replicas (reference §6). */
export const HINT_OPTIONS = ['rw', 'ro,noexec', 'rw,rshared'] as const;

/** Name of the i-th mount hint (0-based). */
export function hintName(i: number): string {
  return `h${i + 1}`;
}

/** A ROOT_TOKEN path naming `rel` inside the case root. */
export function rootPath(rel: string): string {
  return `${ROOT_TOKEN}/${rel}`;
}

/** Source of the i-th hint that names nothing (reference §3.1: an unmatched hint is inert). */
export function unusedSource(i: number): string {
  return rootPath(i === 0 ? 'unused' : `unused${i + 1}`);
}

/** Source a rootfs hint names: the bundle's rootfs (reference §3.2: unused for `bind`, but required). */
export const ROOTFS_HINT_SOURCE = rootPath('rootfs');
