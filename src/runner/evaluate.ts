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
import { MOUNT_HINT_PREFIX } from '../model/hint-keys.js';
import { RUN_KINDS, type RunKind } from '../model/result.js';
import { observe } from '../harness/observe.js';
import { ORACLES, variantCases, type OracleContext, type VariantRun } from '../oracles/index.js';

/**
 * Whether some requirement in `requirements` compares `c` with the pre-feature
 * build: DFS-DEFAULT-UNCHANGED judges cases without directfs keys,
 * DFS-HINT-GRAMMAR cases with mount hint annotations.
 */
function needsReference(c: Case, requirements: readonly RequirementId[]): boolean {
  if (requirements.includes('DFS-DEFAULT-UNCHANGED') && !hasDirectfsKeys(c)) return true;
  return (
    requirements.includes('DFS-HINT-GRAMMAR') &&
    Object.keys(c.spec.annotations).some((k) => k.startsWith(MOUNT_HINT_PREFIX))
  );
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
    return this.target.run(c, options).then(observe);
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
 * cases of the metamorphic relations that `variantOwners` (default: the
 * requirements) own. Runs are counted as `kind` (`shrink` for all of a
 * shrinking step's runs).
 */
export async function contextFor(
  ev: Evaluator,
  c: Case,
  requirements: readonly RequirementId[],
  kind: 'case' | 'shrink' = 'case',
  variantOwners: readonly RequirementId[] = requirements,
): Promise<OracleContext> {
  const paired = hasDirectfsKeys(c) ? withoutDirectfsKeys(c) : null;
  const wantsReference = ev.reference !== null && needsReference(c, requirements);
  const variants = variantOwners.flatMap((r) => variantCases(c, r));
  const as = (k: RunKind): RunKind => (kind === 'shrink' ? 'shrink' : k);
  const variantRun = async (v: { relation: VariantRun['relation']; case: Case }): Promise<VariantRun> => ({
    relation: v.relation,
    obs: await ev.subject.observe(v.case, as('variant')),
  });
  const [obs, pairedObs, referenceObs, variantObs] = await Promise.all([
    ev.subject.observe(c, kind),
    paired === null ? null : ev.subject.observe(paired, as('paired')),
    wantsReference && ev.reference !== null ? ev.reference.observe(c, as('reference')) : null,
    Promise.all(variants.map(variantRun)),
  ]);
  return {
    case: c,
    obs,
    paired: pairedObs === null ? { kind: 'no-keys' } : observedPair(pairedObs),
    reference: referenceObs,
    variants: variantObs,
  };
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
