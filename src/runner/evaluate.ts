/**
 * Runs one case on a target (plus its paired and reference runs) and judges
 * it. Observations are memoised per target and case, so paired runs,
 * prefetching and shrinking never run the same case twice.
 */
import type { Case } from '../model/case.js';
import { caseJson } from '../model/case-json.js';
import type { Observation } from '../model/observation.js';
import { observedPair } from '../model/paired.js';
import type { RequirementId } from '../model/requirements.js';
import type { Target } from '../model/target.js';
import type { Verdict } from '../model/verdict.js';
import { hasDirectfsKeys, withoutDirectfsKeys } from '../model/transforms.js';
import { observe } from '../harness/observe.js';
import { ORACLES, variantCases, type OracleContext, type VariantRun } from '../oracles/index.js';

/** Requirements whose oracle compares with the pre-feature build. */
const NEEDS_REFERENCE: ReadonlySet<RequirementId> = new Set(['DFS-DEFAULT-UNCHANGED', 'DFS-HINT-GRAMMAR']);

/** Observations of one target, memoised by the case's JSON. */
export class ObservationCache {
  private readonly pending = new Map<string, Promise<Observation>>();
  private readonly maxEntries: number;

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
    const options = this.signal === undefined ? { timeoutMs: this.timeoutMs } : { timeoutMs: this.timeoutMs, signal: this.signal };
    return this.target.run(c, options).then(observe);
  }

  /** The observation of `c` on this cache's target, running it at most once. */
  observe(c: Case): Promise<Observation> {
    const key = caseJson(c);
    let hit = this.pending.get(key);
    if (hit === undefined) {
      if (this.pending.size >= this.maxEntries) this.pending.clear();
      const options = this.signal === undefined ? { timeoutMs: this.timeoutMs } : { timeoutMs: this.timeoutMs, signal: this.signal };
      hit = this.target.run(c, options).then(observe);
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

/**
 * The oracle context of `c`: its observation, the paired one (minus directfs
 * keys), the reference one when a requirement needs it, and the transformed
 * cases of the metamorphic relations the requirements own.
 */
export async function contextFor(ev: Evaluator, c: Case, requirements: readonly RequirementId[]): Promise<OracleContext> {
  const paired = hasDirectfsKeys(c) ? withoutDirectfsKeys(c) : null;
  const wantsReference = ev.reference !== null && requirements.some((r) => NEEDS_REFERENCE.has(r));
  const variants = requirements.flatMap((r) => variantCases(c, r));
  const [obs, pairedObs, referenceObs, variantObs] = await Promise.all([
    ev.subject.observe(c),
    paired === null ? null : ev.subject.observe(paired),
    wantsReference && ev.reference !== null ? ev.reference.observe(c) : null,
    Promise.all(variants.map(async (v): Promise<VariantRun> => ({ relation: v.relation, obs: await ev.subject.observe(v.case) }))),
  ]);
  return { case: c, obs, paired: pairedObs === null ? { kind: 'no-keys' } : observedPair(pairedObs), reference: referenceObs, variants: variantObs };
}

/** Judges `c` against one requirement. */
export async function judgeCase(ev: Evaluator, c: Case, requirement: RequirementId): Promise<{ verdict: Verdict; context: OracleContext }> {
  const context = await contextFor(ev, c, [requirement]);
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

/** Runs `work` over `items` with at most `jobs` in flight, yielding to the event loop every few items. */
export async function forEachConcurrent<T>(items: readonly T[], jobs: number, work: (item: T) => Promise<void>): Promise<void> {
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
