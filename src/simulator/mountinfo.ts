/**
 * The sandbox's /proc/self/mountinfo (reference §2.5, §7): mount IDs and
 * anonymous device minors as the sentry allocates them, per-filesystem
 * superblock options in runsc's fixed order, and the line format.
 *
 * Allocation facts (observed on the real builds): every mount takes an ID,
 * every new filesystem a minor; an overlay takes lower, upper and overlay
 * (three of each) and shows its own minor for a directory root but the upper
 * layer's for a file root; `dev` takes a hidden namespace mount plus its own;
 * a shared tmpfs master takes an ID and a minor, each user one more ID; the
 * first file mount point looked up through an overlay allocates that
 * overlay's private minor for its lower layer.
 */
import type { ProfileSpec } from './profiles.js';

/** One line of mountinfo before rendering. */
export interface MountRow {
  id: number;
  parentId: number;
  minor: number;
  mountPoint: string;
  readOnly: boolean;
  flags: MountFlags;
  fsType: string;
  /** Filesystem-specific superblock options (without the leading rw/ro). */
  fsOptions: string;
}

/** Per-mount flags from the spec options (boot.ParseMountOptions). */
export interface MountFlags {
  noSuid: boolean;
  noExec: boolean;
  noATime: boolean;
}

/** The sentry's ID/minor counters. */
export interface Allocator {
  lastId: number;
  lastMinor: number;
}

/** A fresh allocator for a profile. */
export function newAllocator(profile: ProfileSpec): Allocator {
  return { lastId: profile.mountinfo.lastId, lastMinor: profile.mountinfo.lastMinor };
}

/** Takes the next mount ID. */
export function nextId(a: Allocator): number {
  a.lastId += 1;
  return a.lastId;
}

/** Takes the next anonymous device minor. */
export function nextMinor(a: Allocator): number {
  a.lastMinor += 1;
  return a.lastMinor;
}

/** Rows in mount ID order, the order GenerateProcMountInfo prints them in. */
export function sortedRows(rows: readonly MountRow[]): MountRow[] {
  // The sentry pushes each row as it takes its ID, so its rows come in order: only copy them then.
  for (let i = 1; i < rows.length; i++) {
    if ((rows[i] as MountRow).id < (rows[i - 1] as MountRow).id) return [...rows].sort((a, b) => a.id - b.id);
  }
  return rows.slice();
}

/** Renders rows sorted by mount ID (GenerateProcMountInfo). */
export function renderMountinfo(rows: readonly MountRow[], profile: ProfileSpec): string {
  return sortedRows(rows)
    .map((r) => mountinfoLine(r, profile))
    .join('');
}

/** The per-mount options field of a row (`rw,nosuid`; the legacy build prints its flags in another order). */
export function mountOptionsOf(r: MountRow, profile: ProfileSpec): string {
  const rwro = r.readOnly ? 'ro' : 'rw';
  let opts = rwro;
  if (profile.mountinfo.flagStyle === 'modern') {
    if (r.flags.noSuid) opts += ',nosuid';
    if (r.flags.noExec) opts += ',noexec';
    if (r.flags.noATime) opts += ',noatime';
  } else {
    if (r.flags.noATime) opts = ',noatime';
    if (r.flags.noExec) opts += ',noexec';
    if (r.flags.noSuid) opts += ',nosuid';
  }
  return opts;
}

/** The superblock options field of a row: rw/ro, then the filesystem's own options. */
export function superOptionsOf(r: MountRow): string {
  const rwro = r.readOnly ? 'ro' : 'rw';
  return r.fsOptions === '' ? rwro : `${rwro},${r.fsOptions}`;
}

/** One row as its mountinfo line, newline included. */
export function mountinfoLine(r: MountRow, profile: ProfileSpec): string {
  const opts = mountOptionsOf(r, profile);
  const sep = profile.mountinfo.separator;
  return `${r.id} ${r.parentId} 0:${r.minor} / ${manglePath(r.mountPoint)} ${opts} ${sep}- ${r.fsType} none ${superOptionsOf(r)}\n`;
}

/** Characters mountinfo escapes in paths. */
const NEEDS_MANGLING = /[\\ \t\n]/;

/** Octal escapes of mountinfo paths (Linux mangle_path). */
export function manglePath(p: string): string {
  if (!NEEDS_MANGLING.test(p)) return p;
  return p.replace(/\\/g, '\\134').replace(/ /g, '\\040').replace(/\t/g, '\\011').replace(/\n/g, '\\012');
}

/** What the 9p filesystem of a gofer mount was given (gofer MountOptions). */
export interface NinePOptions {
  fd: number;
  /** From `dcache=` in the spec options; runsc's default is 1000. */
  dcache: string;
  cacheShared: boolean;
  disableFileHandleSharing: boolean;
  disableFifoOpen: boolean;
  overlayfsStaleRead: boolean;
  directfs: boolean;
}

/** Superblock options of a 9p line in runsc's fixed order; `directfs` always last (reference §2.5). */
export function ninePOptions(o: NinePOptions, profile: ProfileSpec): string {
  // Appended into one string: the root and every bind mount of a run print one.
  let out = `trans=fd,rfdno=${o.fd},wfdno=${o.fd},aname=/,dfltuid=4294967294,dfltgid=4294967294`;
  if (profile.mountinfo.modern9p) out += `,dcache=${o.dcache}`;
  out += o.cacheShared ? ',cache=remote_revalidating' : ',cache=fscache';
  if (o.disableFileHandleSharing) out += ',disable_file_handle_sharing';
  if (o.disableFifoOpen && profile.mountinfo.modern9p) out += ',disable_fifo_open';
  if (o.overlayfsStaleRead) out += ',overlayfs_stale_read';
  if (o.directfs && profile.mountinfo.modern9p) out += ',directfs';
  return out;
}

const PAGE = 4096;

/** The tmpfs options the model prints, in the order tmpfs prints them (between size and mode: nr_inodes, never set). */
const TMPFS_PRINTED = ['size', 'mode', 'uid', 'gid'] as const;

/** Parses a tmpfs `size=` value into bytes (Linux memparse-like suffixes k, m, g, t); null if invalid. */
export function parseTmpfsSize(v: string): number | null {
  const m = /^(\d+)([kKmMgGtTpPeE]?)$/.exec(v);
  if (m === null) return null;
  return Number(m[1]) * (SIZE_SUFFIXES[(m[2] ?? '').toLowerCase()] ?? 1);
}

/** What a tmpfs size suffix multiplies by. */
const SIZE_SUFFIXES: Readonly<Record<string, number>> = {
  '': 1,
  k: 2 ** 10,
  m: 2 ** 20,
  g: 2 ** 30,
  t: 2 ** 40,
  p: 2 ** 50,
  e: 2 ** 60,
};

/**
 * Superblock options of a tmpfs from its mount data (tmpfs GetFilesystem):
 * size, nr_inodes, mode, uid, gid in that order; modern builds print the size
 * as rounded-up pages in KiB. Returns null for data tmpfs rejects (EINVAL).
 */
export function tmpfsOptions(data: readonly string[], profile: ProfileSpec): string | null {
  if (profile.mountinfo.tmpfsSize === 'verbatim') return data.join(',');
  // One slot per printed option (the last one given wins), in TMPFS_PRINTED order: every run mounts a tmpfs.
  const printed = ['', '', '', ''];
  for (let i = 0; i < data.length; i++) {
    const opt = data[i] as string;
    const eq = opt.indexOf('=');
    const key = eq < 0 ? opt : opt.slice(0, eq);
    const value = eq < 0 ? '' : opt.slice(eq + 1);
    const slot = (TMPFS_PRINTED as readonly string[]).indexOf(key);
    if (key === 'size') {
      const bytes = parseTmpfsSize(value);
      if (bytes === null) return null;
      const kib = bytes > 0 ? (Math.ceil(bytes / PAGE) * PAGE + 1023) / 1024 : 0;
      printed[slot] = `size=${Math.floor(kib)}k`;
    } else if (key === 'mode') {
      if (!/^[0-7]+$/.test(value)) return null;
      printed[slot] = `mode=${value}`;
    } else if (key === 'uid' || key === 'gid') {
      if (!/^\d+$/.test(value)) return null;
      printed[slot] = `${key}=${value}`;
    } else if (key !== 'noswap') return null;
  }
  let out = '';
  for (let i = 0; i < printed.length; i++) {
    const v = printed[i] as string;
    if (v !== '') out = out === '' ? v : `${out},${v}`;
  }
  return out;
}
