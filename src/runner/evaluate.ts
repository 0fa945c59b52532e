/**
 * Runs one case on a target (plus its paired and reference runs) and judges
 * it. Observations are memoised per target and case, so paired runs,
 * prefetching and shrinking never run the same case twice.
 */
import type { Case } from '../model/case.js';
import { caseJson } from '../model/case-json.js';
import type { Observation } from '../model/observation.js';
import { observedPair, type PairedRun } from '../model/paired.js';
import type { RequirementId } from '../model/requirements.js';
import type { Target } from '../model/target.js';
import type { Verdict } from '../model/verdict.js';
import { hasDirectfsKeys, withoutDirectfsKeys } from '../model/transforms.js';
import { MOUNT_HINT_PREFIX } from '../model/hint-keys.js';
import { RUN_KINDS, type RunKind } from '../model/result.js';
import { observeRun } from '../harness/pod-observe.js';
import type { DerivedRun } from './derived.js';
import { ORACLES, contractOf, variantCases, type OracleContext, type VariantRun } from '../oracles/index.js';
import { isInconclusive } from '../oracles/oracle.js';

/**
 * Whether some requirement in `requirements` compares `c` with the pre-feature
 * build: DFS-DEFAULT-UNCHANGED judges cases without directfs keys, and
 * DFS-HINT-GRAMMAR compares the classification of their mount hint sets. A
 * case with directfs keys is never run on the pre-feature build (which knows
 * no such keys): DFS-HINT-GRAMMAR judges its hint set against the contract,
 * and its pre-feature comparison is made on the cases without keys.
 */
export function needsReference(c: Case, requirements: readonly RequirementId[]): boolean {
  if (hasDirectfsKeys(c)) return false;
  if (requirements.includes('DFS-DEFAULT-UNCHANGED')) return true;
  return (
    requirements.includes('DFS-HINT-GRAMMAR') &&
    Object.keys(c.spec.annotations).some((k) => k.startsWith(MOUNT_HINT_PREFIX))
  );
}

/**
 * Whether the pre-feature run of `c` can change a verdict once the case's own
 * observation is known: not when the case's run timed out or crashed, nor for
 * a flaky hint set (both requirements then answer without it), nor when
 * DFS-HINT-GRAMMAR finds the case not-applicable or indeterminate before it
 * reads the reference.
 */
function referenceMatters(c: Case, obs: Observation, requirements: readonly RequirementId[]): boolean {
  if (isInconclusive(obs) || contractOf(c).flaky) return false;
  if (requirements.includes('DFS-DEFAULT-UNCHANGED')) return true;
  if (!requirements.includes('DFS-HINT-GRAMMAR')) return false;
  const alone = ORACLES['DFS-HINT-GRAMMAR']({
    case: c,
    obs,
    paired: { kind: 'not-run' },
    reference: null,
    variants: [],
  });
  return alone.status !== 'not-applicable' && alone.status !== 'indeterminate';
}

/**
 * Whether the paired run of `c` can change a verdict once the case's own
 * observation is known: whether some oracle of `requirements` reads the
 * paired run at all when judging this observation (oracles are pure
 * functions of their context, so one that never reads it answers the same
 * without it).
 */
function pairedMatters(c: Case, obs: Observation, requirements: readonly RequirementId[]): boolean {
  let read = false;
  const probe: OracleContext = {
    case: c,
    obs,
    reference: null,
    variants: [],
    get paired(): PairedRun {
      read = true;
      return { kind: 'not-run' };
    },
  };
  return requirements.some((id) => {
    ORACLES[id](probe);
    return read;
  });
}

/** Observations of one target, memoised by the case's JSON. */
export class ObservationCache {
  private readonly pending = new Map<string, Promise<Observation>>();
  private readonly maxEntries: number;
  /** Target runs made (memo misses), by what they were made for. */
  readonly runs: Record<RunKind, number> = { case: 0, paired: 0, reference: 0, variant: 0, shrink: 0 };

  constructor(
    readonly target: Target,
    private readonly timeoutMs: number,
    private readonly signal?: AbortSignal,
    maxEntries = 20_000,
  ) {
    this.maxEntries = maxEntries;
  }

  /** A new run of `c`, bypassing the memo (to tell a nondeterministic target from a divergent one). */
  observeFresh(c: Case): Promise<Observation> {
    const options =
      this.signal === undefined ? { timeoutMs: this.timeoutMs } : { timeoutMs: this.timeoutMs, signal: this.signal };
    return this.target.run(c, options).then(observeRun);
  }

  /** The observation of `c` if it was already run (or is running), without running it. */
  peek(c: Case): Promise<Observation> | undefined {
    return this.pending.get(caseJson(c));
  }

  /** The observation of `c` on this cache's target, running it at most once; a run is counted as `kind`. */
  observe(c: Case, kind: RunKind = 'case'): Promise<Observation> {
    const key = caseJson(c);
    let hit = this.pending.get(key);
    if (hit === undefined) {
      this.runs[kind] += 1;
      if (this.pending.size >= this.maxEntries) this.pending.clear();
      const options =
        this.signal === undefined ? { timeoutMs: this.timeoutMs } : { timeoutMs: this.timeoutMs, signal: this.signal };
      hit = this.target.run(c, options).then(observeRun);
      this.pending.set(key, hit);
      hit.catch(() => this.pending.delete(key));
    }
    return hit;
  }
}

/** Everything needed to judge cases: the target under test and, when there is one, the pre-feature reference. */
export interface Evaluator {
  subject: ObservationCache;
  reference: ObservationCache | null;
}

/** The oracle context of a case, and the other cases run for it (paired, variants) with their observations. */
export interface CaseRuns {
  context: OracleContext;
  derived: DerivedRun[];
}

/**
 * The oracle context of `c`: its observation, the paired one (minus directfs
 * keys), the reference one when a requirement needs it and the case's own
 * observation leaves it something to decide, and the transformed cases of the
 * metamorphic relations that `variantOwners` (default: the requirements) own.
 * Runs are counted as `kind` (`shrink` for all of a shrinking step's runs).
 */
export async function caseRunsFor(
  ev: Evaluator,
  c: Case,
  requirements: readonly RequirementId[],
  kind: 'case' | 'shrink' = 'case',
  variantOwners: readonly RequirementId[] = requirements,
): Promise<CaseRuns> {
  const paired = hasDirectfsKeys(c) ? withoutDirectfsKeys(c) : null;
  const wantsReference = ev.reference !== null && needsReference(c, requirements);
  const variants = variantOwners.flatMap((r) => variantCases(c, r));
  const as = (k: RunKind): RunKind => (kind === 'shrink' ? 'shrink' : k);
  // A variant is a case too: its own paired run lets the oracles that read one judge it (src/runner/derived.ts).
  const variantPairs: DerivedRun[] = [];
  const variantRun = async (v: { relation: VariantRun['relation']; case: Case }): Promise<VariantRun> => {
    const obs = await ev.subject.observe(v.case, as('variant'));
    if (hasDirectfsKeys(v.case) && pairedMatters(v.case, obs, requirements)) {
      const p = withoutDirectfsKeys(v.case);
      variantPairs.push({ case: p, obs: await ev.subject.observe(p, as('paired')) });
    }
    return { relation: v.relation, obs };
  };
  const referenceRun = async (obs: Promise<Observation>): Promise<Observation | null> =>
    ev.reference !== null && referenceMatters(c, await obs, requirements)
      ? ev.reference.observe(c, as('reference'))
      : null;
  const pairedRun = async (obs: Promise<Observation>): Promise<Observation | null> =>
    paired !== null && pairedMatters(c, await obs, requirements) ? ev.subject.observe(paired, as('paired')) : null;
  const own = ev.subject.observe(c, kind);
  const [obs, pairedObs, referenceObs, variantObs] = await Promise.all([
    own,
    pairedRun(own),
    wantsReference ? referenceRun(own) : null,
    Promise.all(variants.map(variantRun)),
  ]);
  const derived: DerivedRun[] = variants.map((v, i) => ({ case: v.case, obs: (variantObs[i] as VariantRun).obs }));
  if (paired !== null && pairedObs !== null) derived.unshift({ case: paired, obs: pairedObs });
  derived.push(...variantPairs);
  const context: OracleContext = {
    case: c,
    obs,
    paired: paired === null ? { kind: 'no-keys' } : pairedObs === null ? { kind: 'not-run' } : observedPair(pairedObs),
    reference: referenceObs,
    variants: variantObs,
    target: ev.subject.target.info,
  };
  return { context, derived };
}

/** The oracle context of `c` alone (see {@link caseRunsFor}). */
export async function contextFor(
  ev: Evaluator,
  c: Case,
  requirements: readonly RequirementId[],
  kind: 'case' | 'shrink' = 'case',
  variantOwners: readonly RequirementId[] = requirements,
): Promise<OracleContext> {
  return (await caseRunsFor(ev, c, requirements, kind, variantOwners)).context;
}

/** Judges `c` against one requirement. */
export async function judgeCase(
  ev: Evaluator,
  c: Case,
  requirement: RequirementId,
  kind: 'case' | 'shrink' = 'case',
): Promise<{ verdict: Verdict; context: OracleContext }> {
  const context = await contextFor(ev, c, [requirement], kind);
  return { verdict: ORACLES[requirement](context), context };
}

/**
 * Lets timers and signal handlers run. The in-process simulator resolves its
 * promises without ever leaving the microtask queue, so long loops over it
 * must step out now and then or Ctrl-C would only be seen at the end.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Target runs of both caches of an evaluator, by kind. */
export function targetRunsOf(ev: Evaluator): Record<RunKind, number> {
  const out = { ...ev.subject.runs };
  if (ev.reference !== null) for (const k of RUN_KINDS) out[k] += ev.reference.runs[k];
  return out;
}

/** Runs `work` over `items` with at most `jobs` in flight, yielding to the event loop every few items. */
export async function forEachConcurrent<T>(
  items: readonly T[],
  jobs: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
      if (next % 32 === 0) await yieldToEventLoop();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, items.length)) }, worker));
}
