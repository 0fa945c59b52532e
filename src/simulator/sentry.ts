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

/** compileMounts: forced /dev and /dev/pts types, mandatory mounts first (reference §2.2). */
export function compileMounts(
  mounts: readonly SpecMount[],
  devType = 'dev',
): Omit<PreparedMount, 'hint' | 'conf' | 'goferFd'>[] {
  const seen = new Set<string>();
  const out = mounts.map((m) => {
    const clean = cleanPath(m.destination);
    seen.add(clean);
    const type = clean === '/dev' ? devType : clean === '/dev/pts' ? 'devpts' : m.type;
    return { specIndex: m.index, source: m.source, destination: m.destination, type, options: [...m.options] };
  });
  const mandatory = [
    ['/proc', 'proc'],
    ['/sys', 'sysfs'],
    ['/dev', devType],
    ['/dev/pts', 'devpts'],
  ]
    .filter(([d]) => !seen.has(d as string))
    .map(([d, t]) => ({
      specIndex: null,
      source: '',
      destination: d as string,
      type: t as string,
      options: [] as string[],
    }));
  return [...mandatory, ...out];
}

function fakePointers(n: number): string {
  return Array.from({ length: n }, (_, i) => `0x${(0x36c28351ad00 + i * 0x60).toString(16)}`).join(' ');
}

/** prepareMounts: hints, confs, FDs in compiled order, then checkDispenser. */
function prepare(input: SentryInput): { mounts: PreparedMount[]; error: string | null } {
  const confs = [...input.host.bySpecIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, c]) => c);
  const provided = confs.filter((c) => c.lower !== 'none').length;
  // One filestore FD per self-overlaid submount, handed out with the confs like the gofer FDs.
  const filestoresProvided = confs.filter((c) => c.upper === 'self').length;
  let filestoresConsumed = 0;
  let confIdx = 0;
  let fd = 5;
  const mounts: PreparedMount[] = [];
  for (const c of compileMounts(input.mounts, input.profile.mountinfo.dev === 'devtmpfs' ? 'devtmpfs' : 'dev')) {
    const hint =
      c.source === '' && !input.faults.has('match-by-name') ? undefined : findHint(input.hints, c, input.faults);
    const type = effectiveType(c);
    const p: PreparedMount = {
      specIndex: c.specIndex,
      source: c.source,
      destination: c.destination,
      type,
      options: c.options,
      hint,
      conf: null,
      goferFd: null,
    };
    if (hasMountConfig(p)) {
      const conf = confs[confIdx++] ?? null;
      p.conf = conf;
      if (conf !== null && conf.lower !== 'none') p.goferFd = fd++;
      if (conf?.upper === 'self') filestoresConsumed++;
      if (conf?.lower === 'none') {
        p.type = 'tmpfs';
        p.options = p.options.filter((o) => o !== 'bind' && o !== 'rbind');
      }
    }
    mounts.push(p);
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

/** Runs the sentry's mount setup. */
export function runSentry(input: SentryInput): SentryResult {
  const log: LogLine[] = [];
  const rows: MountRow[] = [];
  const outcomes = new Map<number, MountOutcome>();
  const alloc: Allocator = newAllocator(input.profile);
  const fail = (error: string): SentryResult => ({ log, rows, error, outcomes });
  const early: SubmountContext = { input, alloc, log, rows, overlays: new Map(), shared: new Map() };
  if (input.profile.sharedMastersAtBoot) {
    const err = mountMastersAtBoot(early, input.hints.hints);
    if (err !== null) return fail(err);
  }
  const root = mountRoot(input, alloc, log);
  if (typeof root === 'string') return fail(root);
  rows.push(root.row);
  const prepared = prepare(input);
  if (prepared.error !== null) return fail(prepared.error);
  const sorted = goSortSlice(prepared.mounts, (a, b) => a.destination.length < b.destination.length);
  const ctx: SubmountContext = {
    input,
    alloc,
    log,
    rows,
    overlays: new Map(root.overlay ? [[root.row.id, { privateMinorDone: false }]] : []),
    shared: early.shared,
  };
  for (const m of sorted) {
    log.push(
      debug(
        'mounting',
        `Mounting ${goQuote(m.source)} to ${goQuote(m.destination)}, type: ${m.type}, options: ${goSlice(m.options)}`,
      ),
    );
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

/** mountTmp: an internal tmpfs on an empty, unlisted /tmp (reference §2.2). */
function mountTmp(ctx: SubmountContext, compiled: readonly PreparedMount[]): string | null {
  const explicit = compiled.find((m) => m.destination === '/tmp');
  if (explicit !== undefined) {
    const spec = `{Destination:/tmp Type:${explicit.type} Source:${explicit.source} Options:[${explicit.options.join(' ')}] UIDMappings:[] GIDMappings:[]}`;
    ctx.log.push(debug('explicitTmp', `Explicit "/tmp" mount found, skipping internal tmpfs, mount: ${spec}`));
    return null;
  }
  if (ctx.rows.some((r) => cleanPath(r.mountPoint).startsWith('/tmp/'))) {
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
