/**
 * Spec mount options as the sentry and the gofer read them (reference §2.5):
 * per-mount flags (boot.ParseMountOptions), options a filesystem consumes as
 * its data, the gofer mount data with `directfs`, and the gofer's bind-mount
 * flags.
 */
import type { FileAccess } from '../model/case.js';
import { goQuote, warn, type LogLine } from './log.js';
import type { MountFlags } from './mountinfo.js';

/** Options each filesystem consumes as mount data (tmpfsAllowedData, gofer.SupportedMountOptions). */
export const TMPFS_DATA_KEYS = ['mode', 'size', 'uid', 'gid'] as const;
export const GOFER_DATA_KEYS = ['overlayfs_stale_read', 'disable_file_handle_sharing', 'dcache'] as const;

/** Splits `opts` into remaining and consumed options; error text for `k=v=w` (consumeMountOptions). */
export function consumeOptions(
  opts: readonly string[],
  keys: readonly string[],
): { rest: string[]; data: string[] } | { error: string } {
  const rest: string[] = [];
  const data: string[] = [];
  for (let i = 0; i < opts.length; i++) {
    const o = opts[i] as string;
    const eq = o.indexOf('=');
    if (eq >= 0 && o.includes('=', eq + 1)) return { error: `invalid option ${goQuote(o)}` };
    if (keys.includes(eq < 0 ? o : o.slice(0, eq))) data.push(o);
    else rest.push(o);
  }
  return { rest, data };
}

/** A mount's flags as boot.ParseMountOptions reads them, and its warnings for unknown options. */
export interface ParsedMountFlags {
  readOnly: boolean;
  flags: MountFlags;
  log: LogLine[];
}

/** Options boot.ParseMountOptions accepts without setting a flag. */
const NO_FLAG_OPTIONS: readonly string[] = ['rw', 'atime', 'exec', 'bind', 'rbind'];

/** Per-mount flags and the warnings for unknown options (boot.ParseMountOptions). */
export function parseMountFlags(opts: readonly string[], knowsNosuid = true): ParsedMountFlags {
  const flags: MountFlags = { noSuid: false, noExec: false, noATime: false };
  let readOnly = false;
  const log: LogLine[] = [];
  for (let i = 0; i < opts.length; i++) {
    const o = opts[i] as string;
    if (o === 'ro') readOnly = true;
    else if (o === 'noatime') flags.noATime = true;
    else if (o === 'noexec') flags.noExec = true;
    else if (o === 'nosuid' && knowsNosuid) flags.noSuid = true;
    else if (!NO_FLAG_OPTIONS.includes(o))
      log.push(warn('unknownMountOption', `ignoring unknown mount option ${goQuote(o)}`));
  }
  return { readOnly, flags, log };
}

/** What decides a gofer mount's data besides its FD. */
export interface GoferDataInput {
  fd: number;
  access: FileAccess;
  directfs: boolean;
  disableFifoOpen: boolean;
}

/**
 * boot.goferMountData: `trans=fd,rfdno=N,wfdno=N[,cache=remote_revalidating][,directfs][,disable_fifo_open]`
 * (reference §2.4).
 */
export function goferMountData(i: GoferDataInput, modern: boolean): string[] {
  const out = ['trans=fd', `rfdno=${i.fd}`, `wfdno=${i.fd}`];
  if (i.access === 'shared') out.push('cache=remote_revalidating');
  if (modern && i.directfs) out.push('directfs');
  if (modern && i.disableFifoOpen) out.push('disable_fifo_open');
  return out;
}

const FLAG_BITS: Record<string, [boolean, number]> = {
  bind: [true, 0x1000],
  rbind: [true, 0x5000],
  ro: [true, 0x1],
  rw: [false, 0x1],
  nosuid: [true, 0x2],
  suid: [false, 0x2],
  nodev: [true, 0x4],
  dev: [false, 0x4],
  noexec: [true, 0x8],
  exec: [false, 0x8],
  noatime: [true, 0x400],
  atime: [false, 0x400],
};

/**
 * The gofer's host bind-mount flags as logged: options as mount(2) flags,
 * MS_BIND, MS_RDONLY when overlaid. 20221219 toggles (XOR) for clearing
 * options, so `rw` shows as MS_RDONLY there.
 */
export function goferBindFlags(opts: readonly string[], overlaid: boolean, xorClears = false): string {
  let flags = 0;
  for (let i = 0; i < opts.length; i++) {
    const o = opts[i] as string;
    const bit = FLAG_BITS[o];
    if (bit === undefined) continue;
    if (bit[0]) flags |= bit[1];
    else flags = xorClears ? flags ^ bit[1] : flags & ~bit[1];
  }
  flags |= 0x1000;
  if (overlaid) flags |= 0x1;
  return `0x${flags.toString(16)}`;
}

/** Go `%+v` of a specs.Mount value (`&{…}` for a pointer). */
export function goMount(
  m: { destination: string; type: string; source: string; options: readonly string[] },
  pointer: boolean,
): string {
  const body = `{Destination:${m.destination} Type:${m.type} Source:${m.source} Options:[${m.options.join(' ')}] UIDMappings:[] GIDMappings:[]}`;
  return pointer ? `&${body}` : body;
}

/** Options and propagation flags runsc's spec validation knows (specutils optionsMap + propOptionsMap). */
export const KNOWN_SPEC_OPTIONS = [
  'acl',
  'async',
  'atime',
  'bind',
  'defaults',
  'dev',
  'diratime',
  'dirsync',
  'exec',
  'noexec',
  'iversion',
  'loud',
  'mand',
  'noacl',
  'noatime',
  'nodev',
  'nodiratime',
  'noiversion',
  'nomand',
  'norelatime',
  'nostrictatime',
  'nosuid',
  'rbind',
  'relatime',
  'remount',
  'ro',
  'rw',
  'silent',
  'strictatime',
  'suid',
  'sync',
  'private',
  'rprivate',
  'slave',
  'rslave',
  'shared',
  'rshared',
  'unbindable',
  'runbindable',
] as const;

/** The spec validation error of a gofer mount's options (specutils.ValidateMountOptions), or null. */
export function validateGoferOptions(opts: readonly string[], rejectUnknown: boolean): string | null {
  for (let i = 0; i < opts.length; i++) {
    const o = opts[i] as string;
    if (o === 'shared' || o === 'rshared') return `mount option ${goQuote(o)} is not supported`;
    if (rejectUnknown && !(KNOWN_SPEC_OPTIONS as readonly string[]).includes(o))
      return `unknown mount option ${goQuote(o)}`;
  }
  return null;
}
