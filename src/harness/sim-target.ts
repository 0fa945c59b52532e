/**
 * The simulator as a Target (`sim[:<profile>][+mutant:<name>]`): runs the pure
 * model in-process on a fixed fictitious case root and turns its result into
 * the same RawRun a real runsc run gives, host checks included.
 */
import { performance } from 'node:perf_hooks';
import { SEED_CONTENT, SEED_FILE, type Case } from '../model/case.js';
import { caseJson } from '../model/case-json.js';
import { UsageError } from '../model/errors.js';
import type { HostCheck, RawRun } from '../model/raw-run.js';
import type { RunOptions, Target } from '../model/target.js';
import { planWorkload, WORKLOAD_DATA, workloadNames, type HostCheckName, type PlannedMount } from '../probe/plan.js';
import { MOUNTINFO_BEGIN } from '../probe/protocol.js';
import {
  faultsOf,
  isMutantName,
  isProfileName,
  MUTANTS,
  PROFILES,
  simulateRun,
  type ProfileName,
  type SimResult,
  type SimRun,
  type MutantName,
} from '../simulator/index.js';
import { isPod } from './pod-cases.js';
import { rememberSimRun } from './observe-sim.js';
import { withSimPod } from './pod-sim-run.js';
import { renderSim } from '../simulator/render.js';

/** A parsed simulator target id. */
export interface SimTargetId {
  profile: ProfileName;
  mutant: MutantName | null;
}

/**
 * Parses `sim`, `sim:<profile>`, `sim+mutant:<name>` and
 * `sim:<profile>+mutant:<name>`; null for ids that are not simulator ids,
 * UsageError for an unknown profile or mutant.
 */
export function parseSimTargetId(id: string): SimTargetId | null {
  const m = /^sim(?::([^+]*))?(?:\+mutant:(.*))?$/.exec(id);
  if (m === null) return null;
  const profile = m[1] ?? 'modern';
  if (!isProfileName(profile)) {
    const known = Object.keys(PROFILES).join(', ');
    throw new UsageError(`unknown simulator profile "${profile}" in target "${id}"; known: ${known}`);
  }
  const mutant = m[2] ?? null;
  if (mutant !== null && !isMutantName(mutant)) {
    const hint = 'run `directfs-conformance targets` for the list';
    throw new UsageError(`unknown mutant "${mutant}" in target "${id}"; ${hint}`);
  }
  return { profile, mutant };
}

const HASHES = new WeakMap<Case, string>();

/**
 * 8 hex digits identifying a case (its canonical JSON); memoised per case object.
 * The hash only names the fictitious case root and container ID, which every
 * observation masks, so a cheap 32-bit FNV-1a does (a sha256 per run cost ~3%).
 */
export function caseHash(c: Case): string {
  let hash = HASHES.get(c);
  if (hash === undefined) {
    hash = fnv1a32(caseJson(c)).toString(16).padStart(8, '0');
    HASHES.set(c, hash);
  }
  return hash;
}

/** FNV-1a over the UTF-16 code units of `text`, as an unsigned 32-bit number. */
function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The fictitious absolute case root the simulator pretends a case lives in. */
export function simCaseRoot(c: Case): string {
  return `/run/dfc-sim/${caseHash(c)}`;
}

/** What the simulated workload left in one planned mount's source. */
type SimEffects = SimResult['effects'][number];

/** What a writable file mount's source holds after the workload, and before it (as the detail quotes it). */
const HELD_DATA = `source holds ${JSON.stringify(`${WORKLOAD_DATA}\n`)}`;
const HELD_SEED = `source holds ${JSON.stringify(SEED_CONTENT)}`;

/**
 * The host checks of one planned mount, derived from the model's effects the
 * way host-checks.ts derives them from the real source directory; appended to
 * `out` (failure details are only built for the checks that fail).
 */
function hostChecksOf(m: PlannedMount, e: Omit<SimEffects, 'index'>, out: HostCheck[]): void {
  const add = (check: HostCheckName, ok: boolean, detail: string): void => {
    out.push({ index: m.index, destination: m.destination, check, ok, detail: ok ? '' : detail });
  };
  if (m.kind === 'file') {
    if (m.readonly) return;
    const held = e.present ? HELD_DATA : HELD_SEED;
    add('effects-present', e.present, held);
    add('effects-absent', !e.present, held);
    return;
  }
  if (m.readonly) {
    add('effects-absent', !e.denied, e.denied ? `${workloadNames(m.prefix).denied} exists` : '');
  } else {
    add('effects-present', e.present, e.present ? '' : `${workloadNames(m.prefix).moved} missing`);
    add('effects-absent', !e.present, e.present ? `${workloadNames(m.prefix).dir} exists` : '');
  }
  add('seed-intact', e.seedIntact, `${SEED_FILE} changed`);
}

/** Effects of a mount the model has no entry for: nothing reached the host. */
const NOTHING_LEFT = { present: false, denied: false, seedIntact: true } as const;

/** Host checks implied by a simulated run (/tmp/dfc-probe-semantics.md host check rules). */
export function simHostChecks(c: Case, sim: Pick<SimResult, 'stdout' | 'effects'>): HostCheck[] {
  return hostChecksAfter(c, sim.stdout.includes(MOUNTINFO_BEGIN), sim.effects);
}

/** Host checks of the planned mounts of `c` once its probe ran (none when the probe printed nothing). */
function hostChecksAfter(c: Case, probed: boolean, effects: SimResult['effects']): HostCheck[] {
  if (!probed) return [];
  const plan = planWorkload(c);
  const out: HostCheck[] = [];
  // The model lists effects in plan order, so the i-th entry is normally the i-th mount's.
  let byIndex: Map<number, SimEffects> | undefined;
  for (let i = 0; i < plan.length; i++) {
    const m = plan[i] as PlannedMount;
    let e = effects[i];
    if (e?.index !== m.index) e = (byIndex ??= new Map(effects.map((x) => [x.index, x]))).get(m.index);
    hostChecksOf(m, e ?? NOTHING_LEFT, out);
  }
  return out;
}

/**
 * The RawRun of a simulated run whose texts are rendered only when read:
 * observeRun() reads the run's data instead (src/harness/observe-sim.ts), and
 * rendering them was ~15% of a simulator run.
 */
function lazyRawRun(run: SimRun, rest: Pick<RawRun, 'hostChecks' | 'caseRoot' | 'containerId' | 'wallMs'>): RawRun {
  let texts: SimResult | undefined;
  const rendered = (): SimResult => (texts ??= renderSim(run));
  return {
    exitCode: run.exitCode,
    get stdout() {
      return rendered().stdout;
    },
    stderr: run.stderr,
    get logs() {
      return rendered().logs;
    },
    hostChecks: rest.hostChecks,
    caseRoot: rest.caseRoot,
    containerId: rest.containerId,
    wallMs: rest.wallMs,
    timedOut: false,
  };
}

/** The simulator Target for a `sim…` id. */
export function createSimTarget(id: string): Target {
  const parsed = parseSimTargetId(id);
  if (parsed === null) throw new UsageError(`"${id}" is not a simulator target id (sim[:<profile>][+mutant:<name>])`);
  const faults = faultsOf(parsed.mutant);
  const spec = PROFILES[parsed.profile];
  const version =
    parsed.mutant === null
      ? spec.description
      : `${spec.description}; mutant ${parsed.mutant}: ${MUTANTS[parsed.mutant].symptom}`;
  return {
    info: { id, kind: 'sim', path: null, version, profile: parsed.profile },
    async run(c: Case, options: RunOptions): Promise<RawRun> {
      const caseRoot = simCaseRoot(c);
      const containerId = `dfc-${caseHash(c)}`;
      const start = performance.now();
      if (options.signal?.aborted === true) {
        const logs = { boot: '', gofer: '', run: '' };
        const nothing = { exitCode: null, stdout: '', stderr: '', logs, hostChecks: [] };
        return { ...nothing, caseRoot, containerId, wallMs: 0, timedOut: true };
      }
      const opts = { profile: parsed.profile, caseRoot, containerId, faults };
      const run = simulateRun(c, opts);
      const raw = lazyRawRun(run, {
        hostChecks: hostChecksAfter(c, run.probe !== null, run.effects),
        caseRoot,
        containerId,
        wallMs: performance.now() - start,
      });
      // A pod's sandbox run is read as text, beside its subcontainers' runs.
      if (isPod(c)) return withSimPod(c, raw, opts);
      rememberSimRun(raw, run);
      return raw;
    },
    async close(): Promise<void> {},
  };
}
