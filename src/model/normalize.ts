/**
 * The normalised form of an Observation used for differential comparison
 * (DFS-DEFAULT-UNCHANGED, `diff`): only what two builds must agree on, in a
 * canonical order. Timings, seccomp counts and log-only noise are left out.
 */
import type { Observation, RunOutcome } from './observation.js';

/** One mount in canonical form. */
export interface NormalizedMount {
  mountPoint: string;
  mountOptions: string;
  fsType: string;
  mountSource: string;
  superOptions: string[];
}

/** The JSON-able canonical value two observations are compared by. */
export interface NormalizedObservation {
  outcome: RunOutcome;
  error: string | null;
  /** Sorted by mount point; lines at the same point keep their printed order. */
  mounts: NormalizedMount[];
  /** `index op ok|fail`, in printed order. */
  workload: string[];
  /** `index check ok|fail`, in check order. */
  hostChecks: string[];
  /** `name source type share suppress_directfs`, sorted (runsc logs them in map order). */
  hints: string[];
}

/**
 * A start error with run-to-run noise removed: the names of a duplicate-source
 * error masked (runsc reports one pair of the hints sharing the source, chosen
 * in Go map order, reference §3.1), Go pointer values and process IDs in
 * `/proc/<pid>/` paths masked.
 */
export function normalizeError(error: string | null): string | null {
  if (error === null) return null;
  return error
    .replace(
      /mounts "(?:[^"\\]|\\.)*" and "(?:[^"\\]|\\.)*" have the same mount source/,
      'mounts "…" and "…" have the same mount source',
    )
    .replace(/0x[0-9a-f]+/g, '0x?')
    .replace(/\/proc\/\d+\//g, '/proc/N/');
}

/** The canonical form of `obs` (see {@link NormalizedObservation}). */
export function normalizeObservation(obs: Observation): NormalizedObservation {
  const mounts = obs.mounts
    .map((m) => ({
      mountPoint: m.mountPoint,
      mountOptions: m.mountOptions,
      fsType: m.fsType,
      mountSource: m.mountSource,
      superOptions: [...m.superOptions],
    }))
    .sort((a, b) => (a.mountPoint < b.mountPoint ? -1 : a.mountPoint > b.mountPoint ? 1 : 0));
  return {
    outcome: obs.outcome,
    error: normalizeError(obs.error),
    mounts,
    workload: obs.workload.map((w) => `${w.index} ${w.op} ${w.ok ? 'ok' : 'fail'}`),
    hostChecks: obs.hostChecks.map((c) => `${c.index} ${c.check} ${c.ok ? 'ok' : 'fail'}`),
    // A failed start logs only the hints runsc iterated (in Go map order) before it gave up, so they are kept for started runs only.
    hints:
      obs.outcome !== 'started'
        ? []
        : obs.hints
            .map((h) => `${h.name} ${JSON.stringify(h.source)} ${h.type} ${h.share} ${h.suppressDirectfs}`)
            .sort(),
  };
}

/** What of a mount line two observations are compared by (see {@link DiffOptions}). */
function describeMount(m: NormalizedMount, scope: MountComparison): string {
  if (scope === 'all') return `${m.fsType} ${m.mountSource} ${m.mountOptions} [${m.superOptions.join(',')}]`;
  // An overlay line shows its upper tmpfs's options (reference §2.5), not gofer options; the per-mount
  // flags changed order between builds, so only their ro/rw state is compared.
  const access = m.mountOptions.split(',').includes('ro') ? 'ro' : 'rw';
  return m.fsType === '9p' ? `${m.fsType} ${access} [${m.superOptions.join(',')}]` : `${m.fsType} ${access}`;
}

function groupByPoint(mounts: readonly NormalizedMount[]): Map<string, NormalizedMount[]> {
  const out = new Map<string, NormalizedMount[]>();
  for (const m of mounts) out.set(m.mountPoint, [...(out.get(m.mountPoint) ?? []), m]);
  return out;
}

function diffMounts(
  a: readonly NormalizedMount[],
  b: readonly NormalizedMount[],
  la: string,
  lb: string,
  scope: MountComparison,
): string[] {
  const out: string[] = [];
  const ga = groupByPoint(a);
  const gb = groupByPoint(b);
  const points = [...new Set([...ga.keys(), ...gb.keys()])].sort();
  for (const point of points) {
    const xs = ga.get(point) ?? [];
    const ys = gb.get(point) ?? [];
    for (let i = 0; i < Math.max(xs.length, ys.length); i++) {
      const x = xs[i];
      const y = ys[i];
      if (x === undefined && y !== undefined) out.push(`mount ${point}: only ${lb} has ${describeMount(y, scope)}`);
      else if (y === undefined && x !== undefined)
        out.push(`mount ${point}: only ${la} has ${describeMount(x, scope)}`);
      else if (x !== undefined && y !== undefined && describeMount(x, scope) !== describeMount(y, scope)) {
        out.push(`mount ${point}: ${la} ${describeMount(x, scope)} ≠ ${lb} ${describeMount(y, scope)}`);
      }
    }
  }
  return out;
}

function diffLists(what: string, a: readonly string[], b: readonly string[], la: string, lb: string): string[] {
  const out: string[] = [];
  const sb = new Set(b);
  const sa = new Set(a);
  for (const x of a) if (!sb.has(x)) out.push(`${what}: only ${la} has "${x}"`);
  for (const y of b) if (!sa.has(y)) out.push(`${what}: only ${lb} has "${y}"`);
  if (out.length === 0 && a.join('\n') !== b.join('\n')) out.push(`${what}: same entries in a different order`);
  return out;
}

/**
 * The stage a start error comes from: its leading `: `-separated context
 * segments, up to the first one that quotes, names a path, shows a key=value or dumps a Go struct
 * (`&{…}`, whose fields the feature itself extends). Used where two
 * different builds are compared, since message wording inside a stage may
 * change between releases for reasons unrelated to the feature.
 */
export function errorStage(error: string | null): string | null {
  if (error === null) return null;
  const stage: string[] = [];
  for (const segment of error.split(': ')) {
    if (/["/=]/.test(segment) || /^&?\{/.test(segment)) break;
    stage.push(segment);
  }
  return stage.join(': ');
}

/** A Go errno text (lowercase words) ending a start error, e.g. `no such file or directory`. */
const ERRNO_SEGMENT = /^[a-z][a-z -]*[a-z]$/;
/** A quoted host or sandbox path, e.g. `"/data"` or `"$ROOT/vol1"`; `/proc/N/…` paths are process noise. */
const QUOTED_PATH = /"((?:\$ROOT|\/)[^"]*)"/g;

/**
 * What of a start error two builds must agree on (DFS-DEFAULT-UNCHANGED): its
 * stage, the errno it ends with, and the first path it names (the failing
 * mount). The wording between them may change between releases.
 */
export function errorEssentials(error: string | null): string | null {
  if (error === null) return null;
  const segments = error.split(': ');
  const last = segments.at(-1)?.trim() ?? '';
  const errno = segments.length > 1 && ERRNO_SEGMENT.test(last) ? last : '-';
  const path = [...error.matchAll(QUOTED_PATH)].map((m) => m[1] ?? '').find((p) => !p.startsWith('/proc/')) ?? '-';
  return `${errorStage(error)} | errno ${errno} | path ${path}`;
}

/**
 * How {@link diffObservations} compares start errors: whole normalised text,
 * only their stage, or their stage, errno and failing path (`essentials`).
 */
export type ErrorComparison = 'exact' | 'stage' | 'essentials';

function comparableError(error: string | null, how: ErrorComparison): string | null {
  if (how === 'exact') return error;
  return how === 'stage' ? errorStage(error) : errorEssentials(error);
}

/**
 * How it compares mount lines: `all` of every line, or only what the gofer
 * mount options decide (`gofer`): fs type everywhere, superblock options of 9p
 * lines. Per-mount flags and sentry-internal options (e.g. tmpfs
 * `size=1m` printed as `size=1024k`) changed between real builds for reasons
 * unrelated to directfs.
 */
export type MountComparison = 'all' | 'gofer';

/** Options of {@link diffObservations}; the default compares everything exactly. */
export interface DiffOptions {
  errors: ErrorComparison;
  mounts: MountComparison;
}

/** Human-readable differences between the normalised forms of `a` and `b` (empty when they agree). */
export function diffObservations(
  a: Observation,
  b: Observation,
  labels: readonly [string, string] = ['a', 'b'],
  options: Partial<DiffOptions> = {},
): string[] {
  const { errors = 'exact', mounts = 'all' } = options;
  const [la, lb] = labels;
  const na = normalizeObservation(a);
  const nb = normalizeObservation(b);
  const out: string[] = [];
  if (na.outcome !== nb.outcome) out.push(`outcome: ${la} ${na.outcome} ≠ ${lb} ${nb.outcome}`);
  const [ea, eb] = [comparableError(na.error, errors), comparableError(nb.error, errors)];
  if (ea !== eb) out.push(`error: ${la} ${JSON.stringify(na.error)} ≠ ${lb} ${JSON.stringify(nb.error)}`);
  out.push(...diffMounts(na.mounts, nb.mounts, la, lb, mounts));
  out.push(...diffLists('workload', na.workload, nb.workload, la, lb));
  out.push(...diffLists('host check', na.hostChecks, nb.hostChecks, la, lb));
  out.push(...diffLists('hint', na.hints, nb.hints, la, lb));
  return out;
}
