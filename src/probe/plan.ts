/**
 * The probe's workload plan: which spec mounts get a workload and which
 * operations it runs. Pure, shared by the probe script writer (real runsc),
 * the simulator and the oracles, so all three agree on what "the workload" is.
 */
import { ROOT_TOKEN, type Case, type OciMount } from '../model/case.js';
import { absolutizeSource, cleanPath, fixtureKind } from '../model/resolve.js';
import { stackOrderKnown } from '../model/stack-order.js';

/** Operations on a writable directory mount, in the order the probe runs them. */
export const RW_DIR_OPS = [
  'create',
  'write',
  'read',
  'mkdir',
  'readdir',
  'rename',
  'symlink',
  'truncate',
  'unlink',
] as const;
/** Operations on a read-only directory mount. */
export const RO_DIR_OPS = ['read', 'readdir', 'write-denied'] as const;
/** Operations on a writable file mount. */
export const RW_FILE_OPS = ['read', 'write', 'readback'] as const;
/** Operations on a read-only file mount. */
export const RO_FILE_OPS = ['read', 'write-denied'] as const;

/** Host checks the harness makes after a run, per planned mount. */
export const HOST_CHECKS = ['effects-present', 'effects-absent', 'seed-intact'] as const;
export type HostCheckName = (typeof HOST_CHECKS)[number];

/** One mount the probe exercises. */
export interface PlannedMount {
  /** Index in spec.mounts. */
  index: number;
  /** Cleaned destination inside the sandbox. */
  destination: string;
  /** Source path relative to the case root (cleaned, no ROOT_TOKEN). */
  sourceRel: string;
  kind: 'dir' | 'file';
  readonly: boolean;
  /** Name prefix of everything the workload creates, unique per planned mount. */
  prefix: string;
  ops: readonly string[];
}

/** Names the probe creates under a directory mount (relative to the mount). */
export function workloadNames(prefix: string): {
  file: string;
  dir: string;
  moved: string;
  link: string;
  denied: string;
} {
  return {
    file: `${prefix}.a`,
    dir: `${prefix}.d`,
    moved: `${prefix}.d/${prefix}.b`,
    link: `${prefix}.d/${prefix}.l`,
    denied: `${prefix}.x`,
  };
}

/** Text the workload writes; after `truncate -s 3` the file holds its first 3 bytes. */
export const WORKLOAD_DATA = 'dfc-data';
export const TRUNCATED_DATA = 'dfc';

/** True for spec mounts runsc serves through a gofer (reference §2.2, IsGoferMount). */
export function isGoferCandidate(m: OciMount): boolean {
  const opts = m.options ?? [];
  return (m.type === 'bind' || opts.includes('bind') || opts.includes('rbind')) && (m.source ?? '') !== '';
}

/** Where runsc forces its own filesystems. */
const SYSTEM_DESTINATIONS = ['/proc', '/sys', '/dev'] as const;

/** Destinations the probe never exercises (runsc forces its own filesystems there). */
function isSystemDestination(dest: string): boolean {
  for (let i = 0; i < SYSTEM_DESTINATIONS.length; i++) {
    const p = SYSTEM_DESTINATIONS[i] as string;
    if (dest === p || dest.startsWith(`${p}/`)) return true;
  }
  return false;
}

/** A spec destination as the cleaned absolute path it mounts at. */
function mountPointOf(destination: string): string {
  return cleanPath(destination.startsWith('/') ? destination : `/${destination}`);
}

/** Plans already made, per case object: the simulator, the sim target's host checks and oracles ask for each. */
const PLANS = new WeakMap<Case, readonly PlannedMount[]>();

/**
 * The workload plan of a case: every gofer-candidate mount whose source is a
 * fixture inside the case root, on top at its destination (the spec's last
 * mount there, in a case whose stacks runsc mounts in spec order; alone
 * there otherwise), and not under /proc, /sys or /dev. Memoised per
 * case object (cases are immutable values); callers only read it.
 */
export function planWorkload(c: Case): readonly PlannedMount[] {
  let plan = PLANS.get(c);
  if (plan === undefined) {
    plan = computePlan(c);
    PLANS.set(c, plan);
  }
  return plan;
}

function computePlan(c: Case): PlannedMount[] {
  const plan: PlannedMount[] = [];
  const mounts = c.spec.mounts;
  // Every mount point, cleaned once: whether a mount is stacked compares it with all the others.
  let points: string[] | null = null;
  for (let index = 0; index < mounts.length; index++) {
    const m = mounts[index] as OciMount;
    if (!isGoferCandidate(m)) continue;
    const destination = mountPointOf(m.destination);
    if (destination === '/' || isSystemDestination(destination)) continue;
    points ??= mounts.map((o) => mountPointOf(o.destination));
    if (!reachedAt(points, index, stackOrderKnown(c))) continue;
    const sourceRel = relativeSource(m.source ?? '');
    if (sourceRel === null) continue;
    const kind = fixtureKind(c, sourceRel);
    if (kind === 'missing') continue;
    const readonly = (m.options ?? []).includes('ro');
    const ops = kind === 'dir' ? (readonly ? RO_DIR_OPS : RW_DIR_OPS) : readonly ? RO_FILE_OPS : RW_FILE_OPS;
    plan.push({ index, destination, sourceRel, kind, readonly, prefix: `dfc${index}`, ops });
  }
  return plan;
}

/**
 * Whether the probe reaches mount `index` at its mount point: the top of a
 * stack is the spec's last mount there while runsc keeps the spec order of a
 * stack (`orderKnown`), and no telling which one past that (its sort of
 * submounts is then unstable), so no workload.
 */
function reachedAt(points: readonly string[], index: number, orderKnown: boolean): boolean {
  const point = points[index];
  for (let j = 0; j < points.length; j++) {
    if (j !== index && points[j] === point && (j > index || !orderKnown)) return false;
  }
  return true;
}

/** Source relative to the case root, or null when it points outside it. */
function relativeSource(source: string): string | null {
  const fakeRoot = '/__case_root__';
  const abs = absolutizeSource(source, fakeRoot);
  const clean = cleanPath(abs);
  if (clean === fakeRoot) return '.';
  if (!clean.startsWith(`${fakeRoot}/`)) return null;
  return clean.slice(fakeRoot.length + 1);
}

/** Whether a path written in a case (with or without ROOT_TOKEN) stays inside the case root. */
export function staysInsideCaseRoot(path: string): boolean {
  if (!path.startsWith(ROOT_TOKEN) && path.startsWith('/')) return false;
  return relativeSource(path) !== null;
}
