/**
 * Host-side mount model (reference §2.1–§2.3): the spec as runsc fixes it
 * (absolute sources), which spec mounts are gofer mounts, and the
 * GoferMountConf of the root and of each gofer mount, including the self
 * filestore files the host creates next to mount sources.
 */
import type { Case, Fixture } from '../model/case.js';
import { absolutizeSource, cleanPath, resolveRootToken } from '../model/resolve.js';
import { findHint, type PodHints } from './hints.js';
import { goQuote, warn, type LogLine } from './log.js';
import type { ProfileSpec } from './profiles.js';
import type { RootfsHint } from './rootfs-hint.js';
import { rootMedium, submountMedium, type SimConfig } from './config.js';
import type { FaultName } from './mutants.js';

/** A spec mount after runsc's spec fixing: non-empty sources made absolute against the bundle. */
export interface SpecMount {
  index: number;
  destination: string;
  /** Type as written ('' when absent). */
  type: string;
  /** Absolute source, or '' when absent or empty. */
  source: string;
  /** The case's own list (never changed, so not copied). */
  options: readonly string[];
}

/** A mount's GoferMountConf (specutils.GoferMountConf). */
export interface GoferConf {
  lower: 'lisafs' | 'none' | 'erofs';
  upper: 'none' | 'memory' | 'self';
  size: string;
}

/** `lower:upper[:size=N]`, as in `--gofer-mount-confs=`. */
export function confString(c: GoferConf): string {
  return `${c.lower}:${c.upper}${c.size === '' ? '' : `:size=${c.size}`}`;
}

/** Whether an overlay is mounted over the conf's lower layer. */
export function usesOverlay(c: GoferConf): boolean {
  return c.lower !== 'none' && c.upper !== 'none';
}

const NO_OPTIONS: readonly string[] = [];

/** The spec mounts with sources absolutized (specutils.fixSpec, reference §2.1). */
export function fixSpecMounts(c: Case, caseRoot: string): SpecMount[] {
  return c.spec.mounts.map((m, index) => {
    const raw = resolveRootToken(m.source ?? '', caseRoot);
    return {
      index,
      destination: m.destination,
      type: m.type ?? '',
      source: raw === '' ? '' : absolutizeSource(raw, caseRoot),
      options: m.options ?? NO_OPTIONS,
    };
  });
}

/** Absolute root path of the container. */
export function rootPathOf(c: Case, caseRoot: string): string {
  return absolutizeSource(c.spec.root.path, caseRoot);
}

/** Type after MaybeConvertToBindMount: `bind` when the options contain bind/rbind. */
export function effectiveType(m: Pick<SpecMount, 'type' | 'options'>): string {
  if (m.type === 'bind') return 'bind';
  return m.options.includes('bind') || m.options.includes('rbind') ? 'bind' : m.type;
}

/** specutils.IsGoferMount (reference §2.2). */
export function isGoferMount(m: Pick<SpecMount, 'type' | 'options' | 'source'>): boolean {
  return effectiveType(m) === 'bind' && m.source !== '';
}

/** specutils.HasMountConfig: gofer mounts and EROFS mounts get a GoferMountConf. */
export function hasMountConfig(m: Pick<SpecMount, 'type' | 'options' | 'source'>): boolean {
  return isGoferMount(m) || m.type === 'erofs';
}

/** Kind of a host path: from the case's fixtures and the bundle layout the harness always makes. */
export function hostKind(absPath: string, caseRoot: string, fixtures: readonly Fixture[]): 'dir' | 'file' | 'missing' {
  if (!absPath.startsWith('/')) return 'missing';
  const root = cleanPath(caseRoot);
  const p = cleanPath(absPath);
  if (p === root) return 'dir';
  if (!p.startsWith(`${root}/`)) return 'missing';
  const rel = p.slice(root.length + 1);
  const under = `${rel}/`;
  for (let i = 0; i < fixtures.length; i++) {
    const f = fixtures[i] as Fixture;
    const fp = cleanPath(f.path);
    if (fp === rel) return f.kind;
    if (fp.startsWith(under)) return 'dir';
    if (f.kind === 'dir' && rel === `${fp}/seed.txt`) return 'file';
  }
  if (BUNDLE_DIRS.includes(rel)) return 'dir';
  if (BUNDLE_FILES.includes(rel)) return 'file';
  return 'missing';
}

/** What the harness always makes in a bundle, relative to the case root. */
const BUNDLE_DIRS: readonly string[] = [
  'rootfs',
  'rootfs/bin',
  'rootfs/proc',
  'rootfs/sys',
  'rootfs/dev',
  'rootfs/tmp',
];
const BUNDLE_FILES: readonly string[] = ['config.json', 'rootfs/bin/busybox', 'rootfs/bin/sh', 'rootfs/probe.sh'];

/** Result of the host's GoferMountConf computation. */
export interface HostConfs {
  /** Root first, then one per HasMountConfig spec mount, in spec order. */
  confs: GoferConf[];
  /** Spec index → conf (only mounts with a conf). */
  bySpecIndex: Map<number, GoferConf>;
  log: LogLine[];
  error: string | null;
}

interface ConfContext {
  profile: ProfileSpec;
  stat: (absPath: string) => 'dir' | 'file' | 'missing';
  log: LogLine[];
}

/** container.createGoferConf: the `self` medium falls back to `memory` on non-directories (reference §2.3). */
function createConf(
  medium: string,
  size: string,
  lower: GoferConf['lower'],
  source: string,
  ctx: ConfContext,
): GoferConf | string {
  if (medium === '') return { lower, upper: 'none', size: '' };
  if (medium === 'memory') return { lower, upper: 'memory', size };
  if (medium === 'self') {
    const kind = ctx.stat(source);
    if (kind === 'missing')
      return `failed to stat mount ${goQuote(source)} to see if it were a directory: stat ${source}: no such file or directory`;
    if (kind !== 'dir') {
      ctx.log.push(
        warn(
          'selfFallback',
          `self filestore is only supported for directory mounts, but mount ${goQuote(source)} is not a directory, falling back to memory`,
        ),
      );
      return { lower, upper: 'memory', size };
    }
    return { lower, upper: 'self', size };
  }
  return { lower, upper: 'memory', size };
}

/** container.initGoferConfs (reference §2.3). */
export function initGoferConfs(
  rootPath: string,
  rootReadonly: boolean,
  mounts: readonly SpecMount[],
  cfg: SimConfig,
  hints: PodHints,
  rootfsHint: RootfsHint | null,
  stat: (absPath: string) => 'dir' | 'file' | 'missing',
  profile: ProfileSpec,
  faults: ReadonlySet<FaultName>,
): HostConfs {
  const ctx: ConfContext = { profile, stat, log: [] };
  const confs: GoferConf[] = [];
  const fail = (e: string): HostConfs => ({
    confs,
    bySpecIndex: new Map(),
    log: ctx.log,
    error: `error initializing gofer confs: ${e}`,
  });
  let medium = rootMedium(cfg);
  let size = cfg.overlay.root ? cfg.overlay.size : '';
  let lower: GoferConf['lower'] = 'lisafs';
  if (rootfsHint !== null) {
    medium = rootfsHint.overlay;
    size = rootfsHint.size;
    if (rootfsHint.type === 'erofs') lower = 'erofs';
  }
  if (rootReadonly) medium = '';
  const root = createConf(medium, size, lower, rootPath, ctx);
  if (typeof root === 'string') return fail(root);
  confs.push(root);
  const bySpecIndex = new Map<number, GoferConf>();
  for (let i = 0; i < mounts.length; i++) {
    const m = mounts[i] as SpecMount;
    if (!hasMountConfig(m)) continue;
    let mType: GoferConf['lower'] = m.type === 'erofs' ? 'erofs' : 'lisafs';
    let mMedium = submountMedium(cfg);
    let mSize = cfg.overlay.submounts ? cfg.overlay.size : '';
    if (m.options.includes('ro')) mMedium = '';
    const hint = findHint(hints, m, faults);
    if (profile.sandboxLocalHints && hint !== undefined && (hint.share === 'container' || hint.share === 'pod')) {
      mMedium = 'self';
      if (hint.type === 'tmpfs') mType = 'none';
      mSize = '';
    }
    const conf = createConf(mMedium, mSize, mType, m.source, ctx);
    if (typeof conf === 'string') return fail(conf);
    confs.push(conf);
    bySpecIndex.set(m.index, conf);
  }
  return { confs, bySpecIndex, log: ctx.log, error: null };
}

/** Name of the self filestore file of a sandbox (boot.SelfFilestoreName). */
export function filestoreName(sandboxId: string): string {
  return `.gvisor.filestore.${sandboxId}`;
}

/** PID the model gives the gofer where the host names paths through `/proc/<pid>/root`. */
export const FAKE_GOFER_PID = 4243;

/** How the host refers to a self filestore file in messages: its name, or `at "/proc/<pid>/root<src>/<name>"`. */
export function filestoreRef(source: string, sandboxId: string, style: ProfileSpec['filestoreStyle']): string {
  const name = filestoreName(sandboxId);
  return style === 'name' ? goQuote(name) : `at ${goQuote(`/proc/${FAKE_GOFER_PID}/root${source}/${name}`)}`;
}

/**
 * The self filestore files the host creates (root first, then spec order);
 * a second non-shared one at the same source fails (reference §2.3).
 */
export function createFilestores(
  rootPath: string,
  mounts: readonly SpecMount[],
  host: HostConfs,
  hints: PodHints,
  sandboxId: string,
  style: ProfileSpec['filestoreStyle'],
  faults: ReadonlySet<FaultName>,
): { sources: string[]; error: string | null } {
  const sources: string[] = [];
  const create = (source: string, shared: boolean): string | null => {
    if (sources.includes(source) && !shared) {
      return `creating gofer filestore files: ${goQuote(source)} mount source already has a filestore file ${filestoreRef(source, sandboxId, style)}; repeated submounts are not supported with overlay optimizations`;
    }
    sources.push(source);
    return null;
  };
  if (host.confs[0]?.upper === 'self') {
    const err = create(rootPath, false);
    if (err !== null) return { sources, error: err };
  }
  for (let i = 0; i < mounts.length; i++) {
    const m = mounts[i] as SpecMount;
    const conf = host.bySpecIndex.get(m.index);
    if (conf?.upper !== 'self') continue;
    const hint = findHint(hints, m, faults);
    const shared = hint !== undefined && hint.type === 'tmpfs' && (hint.share === 'container' || hint.share === 'pod');
    const err = create(m.source, shared);
    if (err !== null) return { sources, error: err };
  }
  return { sources, error: null };
}
