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
 * A "not run" paired run whose `kind` notes being read: every oracle learns
 * what a paired run holds through its kind (a class, so the judging loops
 * make no accessor object literal per case).
 */
export class NotRunProbe {
  read = false;
  get kind(): 'not-run' {
    this.read = true;
    return 'not-run';
  }
}

/**
 * The verdicts of `requirements` on `base` plus the paired run of its case:
 * each oracle is first asked without it, and only when one reads the paired
 * run is `runPaired` called and those oracles asked again (oracles are pure
 * functions of their context, so one that never read it answers the same with
 * it). Returns the verdicts, in order, and the paired run's state.
 */
export async function judgeWithPaired(
  base: Omit<OracleContext, 'paired'>,
  requirements: readonly RequirementId[],
  runPaired: (() => Promise<Observation>) | null,
): Promise<{ verdicts: Verdict[]; paired: PairedRun }> {
  if (runPaired === null) {
    const ctx: OracleContext = { ...base, paired: { kind: 'no-keys' } };
    return { verdicts: requirements.map((id) => ORACLES[id](ctx)), paired: ctx.paired };
  }
  const notRun = new NotRunProbe();
  const probe: OracleContext = { ...base, paired: notRun as PairedRun };
  const readers: number[] = [];
  const verdicts = requirements.map((id, i) => {
    notRun.read = false;
    const v = ORACLES[id](probe);
    if (notRun.read) readers.push(i);
    return v;
  });
  if (readers.length === 0) return { verdicts, paired: { kind: 'not-run' } };
  const paired = observedPair(await runPaired());
  const ctx: OracleContext = { ...base, paired };
  for (const i of readers) verdicts[i] = ORACLES[requirements[i] as RequirementId](ctx);
  return { verdicts, paired };
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

/** The oracle context of a case, its verdicts, and the other cases run for it (paired, variants). */
export interface CaseRuns {
  context: OracleContext;
  /** The verdicts of the requirements asked for, in their order. */
  verdicts: Verdict[];
  derived: DerivedRun[];
}

/**
 * The oracle context and verdicts of `c`: its observation, the paired one
 * (minus directfs keys) when an oracle reads it, the reference one when a
 * requirement needs it and the case's own observation leaves it something to
 * decide, and the transformed cases of the metamorphic relations that
 * `variantOwners` (default: the requirements) own, each judged as a case with
 * its own paired run (src/runner/derived.ts). Runs are counted as `kind`
 * (`shrink` for all of a shrinking step's runs).
 */
export async function caseRunsFor(
  ev: Evaluator,
  c: Case,
  requirements: readonly RequirementId[],
  kind: 'case' | 'shrink' = 'case',
  variantOwners: readonly RequirementId[] = requirements,
): Promise<CaseRuns> {
  const keyed = hasDirectfsKeys(c);
  const wantsReference = ev.reference !== null && needsReference(c, requirements);
  const variants = variantOwners.flatMap((r) => variantCases(c, r));
  const as = (k: RunKind): RunKind => (kind === 'shrink' ? 'shrink' : k);
  const target = ev.subject.target.info;
  const pairedRunner = (x: Case, keys: boolean): (() => Promise<Observation>) | null =>
    keys ? () => ev.subject.observe(withoutDirectfsKeys(x), as('paired')) : null;
  // A variant is a case too: it is judged with its own paired run when an oracle reads one.
  const variantPairs: DerivedRun[] = [];
  const variantRun = async (v: { relation: VariantRun['relation']; case: Case }): Promise<[VariantRun, DerivedRun]> => {
    const obs = await ev.subject.observe(v.case, as('variant'));
    const keys = hasDirectfsKeys(v.case);
    const base = { case: v.case, obs, reference: null, variants: [], target };
    const judged = await judgeWithPaired(base, requirements, pairedRunner(v.case, keys));
    if (judged.paired.kind === 'observed')
      variantPairs.push({ case: withoutDirectfsKeys(v.case), obs: judged.paired.obs });
    return [
      { relation: v.relation, obs },
      { case: v.case, obs, verdicts: { requirements, ...judged } },
    ];
  };
  const referenceRun = async (obs: Promise<Observation>): Promise<Observation | null> =>
    ev.reference !== null && referenceMatters(c, await obs, requirements)
      ? ev.reference.observe(c, as('reference'))
      : null;
  const own = ev.subject.observe(c, kind);
  const [obs, referenceObs, variantRuns] = await Promise.all([
    own,
    wantsReference ? referenceRun(own) : null,
    Promise.all(variants.map(variantRun)),
  ]);
  const variantObs = variantRuns.map(([v]) => v);
  const base = { case: c, obs, reference: referenceObs, variants: variantObs, target };
  const { verdicts, paired } = await judgeWithPaired(base, requirements, pairedRunner(c, keyed));
  const derived: DerivedRun[] = variantRuns.map(([, d]) => d);
  if (paired.kind === 'observed') derived.unshift({ case: withoutDirectfsKeys(c), obs: paired.obs });
  derived.push(...variantPairs);
  return { context: { ...base, paired }, verdicts, derived };
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
