/**
 * The sentry's mount setup (runsc boot, reference §2.1–§2.5): the root,
 * compileMounts, prepareMounts (FD dispensing, tmpfs conversion), Go's
 * unstable sort by destination length, each submount, and the internal /tmp.
 * Produces the boot-log lines, the mountinfo rows and what each spec mount
 * became; stops at the first error like runsc does.
 */
import { cleanPath } from '../model/resolve.js';
import { findHint, type PodHint } from './hints.js';
import { debug, goQuote, goSlice, info, type LogLine } from './log.js';
import { goSortSlice } from './gosort.js';
import { effectiveType, hasMountConfig, type SpecMount } from './mounts.js';
import { newAllocator, type Allocator, type MountRow } from './mountinfo.js';
import type { ProfileSpec } from './profiles.js';
import { mountRoot } from './sentry-root.js';
import { mountMastersAtBoot, mountOne, mountShared, type Mounted, type SubmountContext } from './submount.js';
import type { MountOutcome, PreparedMount, SentryInput } from './sentry-input.js';

export type { MountOutcome, PreparedMount, SentryInput } from './sentry-input.js';

/** Output of the sentry stage. */
export interface SentryResult {
  log: LogLine[];
  rows: MountRow[];
  /** Error text after `failed to setupFS: `, or null. */
  error: string | null;
  outcomes: Map<number, MountOutcome>;
}

/** The mandatory mounts (destination, type) compileMounts adds when the spec lacks them; `/dev`'s type varies. */
const MANDATORY = [
  ['/proc', 'proc'],
  ['/sys', 'sysfs'],
  ['/dev', ''],
  ['/dev/pts', 'devpts'],
] as const;

/** A compiled mount before prepareMounts gives it a hint, a conf and an FD. */
function compiled(
  specIndex: number | null,
  source: string,
  destination: string,
  type: string,
  options: readonly string[],
) {
  const m: PreparedMount = {
    specIndex,
    source,
    destination,
    type,
    options,
    hint: undefined,
    conf: null,
    goferFd: null,
  };
  return m;
}

/**
 * compileMounts: forced /dev and /dev/pts types, mandatory mounts first
 * (reference §2.2). The mounts come out unprepared (no hint, conf or FD), so
 * that prepare() fills in the same objects; a spec mount's options list is
 * shared with it, as nothing changes a list in place.
 */
export function compileMounts(mounts: readonly SpecMount[], devType = 'dev'): PreparedMount[] {
  const spec: PreparedMount[] = [];
  let seen = 0; // bit i: MANDATORY[i] is in the spec
  for (let k = 0; k < mounts.length; k++) {
    const m = mounts[k] as SpecMount;
    const clean = cleanPath(m.destination);
    for (let i = 0; i < MANDATORY.length; i++) if (MANDATORY[i]?.[0] === clean) seen |= 1 << i;
    const type = clean === '/dev' ? devType : clean === '/dev/pts' ? 'devpts' : m.type;
    spec.push(compiled(m.index, m.source, m.destination, type, m.options));
  }
  const out: PreparedMount[] = [];
  for (let i = 0; i < MANDATORY.length; i++) {
    const mandatory = MANDATORY[i] as (typeof MANDATORY)[number];
    if ((seen & (1 << i)) === 0) out.push(compiled(null, '', mandatory[0], mandatory[1] || devType, []));
  }
  return out.concat(spec);
}

function fakePointers(n: number): string {
  return Array.from({ length: n }, (_, i) => `0x${(0x36c28351ad00 + i * 0x60).toString(16)}`).join(' ');
}

/**
 * prepareMounts: hints, confs, FDs in compiled order, then checkDispenser.
 * The confs of the spec mounts in spec order are host.confs after the root's.
 */
function prepare(input: SentryInput): { mounts: PreparedMount[]; error: string | null } {
  const confs = input.host.confs;
  let provided = 0;
  // One filestore FD per self-overlaid submount, handed out with the confs like the gofer FDs.
  let filestoresProvided = 0;
  for (let i = 1; i < confs.length; i++) {
    if (confs[i]?.lower !== 'none') provided++;
    if (confs[i]?.upper === 'self') filestoresProvided++;
  }
  let filestoresConsumed = 0;
  let confIdx = 1;
  let fd = 5;
  const mounts = compileMounts(input.mounts, input.profile.mountinfo.dev === 'devtmpfs' ? 'devtmpfs' : 'dev');
  for (const p of mounts) {
    if (p.source !== '' || input.faults.has('match-by-name')) p.hint = findHint(input.hints, p, input.faults);
    p.type = effectiveType(p);
    if (!hasMountConfig(p)) continue;
    const conf = confs[confIdx++] ?? null;
    p.conf = conf;
    if (conf !== null && conf.lower !== 'none') p.goferFd = fd++;
    if (conf?.upper === 'self') filestoresConsumed++;
    if (conf?.lower === 'none') {
      p.type = 'tmpfs';
      p.options = p.options.filter((o) => o !== 'bind' && o !== 'rbind');
    }
  }
  const consumed = fd - 5;
  if (consumed < provided) {
    return {
      mounts,
      error: `mounting submounts: not all gofer FDs were consumed, remaining: {[${fakePointers(provided - consumed)}]}`,
    };
  }
  // Observed on the modern build: checked after the gofer FDs (a bind forced to devpts shifts the confs).
  if (filestoresConsumed < filestoresProvided) {
    const remaining = fakePointers(filestoresProvided - filestoresConsumed);
    return {
      mounts,
      error: `mounting submounts: not all gofer Filestore FDs were consumed, remaining: {[${remaining}]}`,
    };
  }
  return { mounts, error: null };
}

function shouldShare(hint: PodHint | undefined, profile: ProfileSpec): hint is PodHint {
  if (hint === undefined || hint.type !== 'tmpfs') return false;
  return hint.share === 'pod' || (profile.sandboxLocalHints && hint.share === 'container');
}

/** The order runsc sorts submounts in (by destination length, with Go's unstable sort). */
function shorterDestination(a: PreparedMount, b: PreparedMount): boolean {
  return a.destination.length < b.destination.length;
}

/** Runs the sentry's mount setup. */
export function runSentry(input: SentryInput): SentryResult {
  const log: LogLine[] = [];
  const rows: MountRow[] = [];
  const outcomes = new Map<number, MountOutcome>();
  const alloc: Allocator = newAllocator(input.profile);
  const fail = (error: string): SentryResult => ({ log, rows, error, outcomes });
  const ctx: SubmountContext = { input, alloc, log, rows, overlays: new Map(), shared: new Map() };
  if (input.profile.sharedMastersAtBoot) {
    const err = mountMastersAtBoot(ctx, input.hints.hints);
    if (err !== null) return fail(err);
  }
  const root = mountRoot(input, alloc, log);
  if (typeof root === 'string') return fail(root);
  rows.push(root.row);
  if (root.overlay) ctx.overlays.set(root.row.id, { privateMinorDone: false });
  const prepared = prepare(input);
  if (prepared.error !== null) return fail(prepared.error);
  const sorted = goSortSlice(prepared.mounts, shorterDestination);
  for (let i = 0; i < sorted.length; i++) {
    const m = sorted[i] as PreparedMount;
    if (input.debug) {
      const what = `${goQuote(m.source)} to ${goQuote(m.destination)}, type: ${m.type}`;
      log.push(debug('mounting', `Mounting ${what}, options: ${goSlice(m.options)}`));
    }
    const res: Mounted | string | null = shouldShare(m.hint, input.profile)
      ? mountShared(ctx, m, m.hint)
      : mountOne(ctx, m);
    if (typeof res === 'string') return fail(`mounting submounts: ${res}`);
    if (res === null) continue;
    if (m.specIndex !== null) outcomes.set(m.specIndex, res.outcome);
  }
  const tmpErr = mountTmp(ctx, prepared.mounts);
  if (tmpErr !== null) return fail(`mounting submounts: mount submount "/tmp": ${tmpErr}`);
  return { log, rows, error: null, outcomes };
}

/** Whether a row's mount point lies under `prefix` (a directory path ending in a slash). */
function hasRowUnder(rows: readonly MountRow[], prefix: string): boolean {
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as MountRow;
    if (cleanPath(r.mountPoint).startsWith(prefix)) return true;
  }
  return false;
}

/** mountTmp: an internal tmpfs on an empty, unlisted /tmp (reference §2.2). */
function mountTmp(ctx: SubmountContext, compiled: readonly PreparedMount[]): string | null {
  let explicit: PreparedMount | undefined;
  for (let i = 0; i < compiled.length; i++) {
    const m = compiled[i] as PreparedMount;
    if (m.destination === '/tmp') explicit ??= m;
  }
  if (explicit !== undefined) {
    if (ctx.input.debug) {
      const options = explicit.options.join(' ');
      const spec =
        `{Destination:/tmp Type:${explicit.type} Source:${explicit.source} ` +
        `Options:[${options}] UIDMappings:[] GIDMappings:[]}`;
      ctx.log.push(debug('explicitTmp', `Explicit "/tmp" mount found, skipping internal tmpfs, mount: ${spec}`));
    }
    return null;
  }
  if (hasRowUnder(ctx.rows, '/tmp/')) {
    ctx.log.push(info('skipTmp', `Skipping internal tmpfs mount for "/tmp" because it's not empty`));
    return null;
  }
  ctx.log.push(info('internalTmp', 'Mounting internal tmpfs on top of empty "/tmp"'));
  const res = mountOne(ctx, {
    specIndex: null,
    source: '',
    destination: '/tmp',
    type: 'tmpfs',
    options: ['mode=01777'],
    hint: undefined,
    conf: null,
    goferFd: null,
  });
  return typeof res === 'string' ? res.replace(/^mount submount "\/tmp": /, 'mountSubmount failed: ') : null;
}
