/**
 * Mutation analysis: the suite against every simulator mutant. Each mutant
 * declares the requirement(s) whose failure is its symptom and the kind of
 * that failure; it is killed only when one of them fails with one of those
 * kinds. Other failed requirements are collateral: reported, never counted.
 */
import type { RequirementId } from '../model/requirements.js';
import type { Target } from '../model/target.js';
import type { FailureKind, Verdict } from '../model/verdict.js';
import type { IntendedFailure } from '../model/result.js';
import { ObservationCache } from './evaluate.js';
import { runSuite } from './suite.js';
import type { SuiteResult } from '../model/result.js';

/** A mutant to run: its name (handed to the target factory) and its intended symptom. */
export interface MutantSpec {
  name: string;
  intended: readonly IntendedFailure[];
}

/** One requirement that failed on a mutant, with the kinds of evidence its failures rested on. */
export interface RequirementFailure {
  requirement: RequirementId;
  kinds: FailureKind[];
}

/** What the suite did to one mutant. */
export interface MutantResult {
  name: string;
  /** True when an intended requirement failed with an intended kind. */
  killed: boolean;
  intended: readonly IntendedFailure[];
  /** Intended requirements that failed as intended (the killers). */
  intendedKills: RequirementId[];
  /** Requirements that failed otherwise: not intended, or not with an intended kind. */
  collateral: RequirementId[];
  /** Every failed requirement with its failure kinds. */
  failures: RequirementFailure[];
  /**
   * Generated cases until the fastest intended killer's first failure (of any kind: the suite keeps one first
   * failure per requirement); null when only an example killed it.
   */
  casesToKill: number | null;
  /** Spec mounts in the fastest intended killer's counterexample. */
  counterexampleMounts: number | null;
  /** Example-table rows on which an intended killer failed, by name. */
  killedByExamples: string[];
}

/** The outcome of a mutation run. */
export interface MutationResult {
  /** Share of mutants killed by an intended requirement. */
  score: number;
  mutants: MutantResult[];
  /** Mutants that some requirement failed on, but none as intended. */
  collateralOnly: string[];
}

/** Options of {@link runMutants}. */
export interface MutationOptions {
  cases: number;
  seed: number;
  jobs: number;
  timeoutMs: number;
  /** Run only these requirements (default: all, so collateral kills are seen too). */
  requirements?: readonly RequirementId[];
  signal?: AbortSignal;
  onMutant?: (m: MutantResult) => void;
}

/** True when `failure` is one of `intended` (its requirement, with at least one intended kind). */
export function isIntended(failure: RequirementFailure, intended: readonly IntendedFailure[]): boolean {
  return intended.some((i) => i.requirement === failure.requirement && failure.kinds.some((k) => i.kinds.includes(k)));
}

/** Judges one mutant's suite result against its intended symptom. */
export function judgeMutant(spec: MutantSpec, suite: SuiteResult): MutantResult {
  const failed = suite.requirements.filter((r) => r.status === 'failed');
  const failures = failed.map((r) => ({ requirement: r.id, kinds: [...r.failureKinds] }));
  const killers = failed.filter((_, i) => isIntended(failures[i] as RequirementFailure, spec.intended));
  const killerIds = new Set(killers.map((r) => r.id));
  const fastest = killers
    .filter((r) => r.firstFailureAt !== null)
    .sort((a, b) => (a.firstFailureAt as number) - (b.firstFailureAt as number))[0];
  const counterexample = fastest?.counterexample ?? killers[0]?.counterexample ?? null;
  const intendedExample = (v: Verdict): boolean =>
    v.status === 'failed' && isIntended({ requirement: v.requirement, kinds: v.failureKinds ?? [] }, spec.intended);
  return {
    name: spec.name,
    killed: killers.length > 0,
    intended: spec.intended,
    intendedKills: killers.map((r) => r.id),
    collateral: failed.filter((r) => !killerIds.has(r.id)).map((r) => r.id),
    failures,
    casesToKill: fastest?.firstFailureAt ?? null,
    counterexampleMounts: counterexample?.mounts ?? null,
    killedByExamples: suite.examples.filter((e) => e.verdicts.some(intendedExample)).map((e) => e.name),
  };
}

/**
 * Runs the suite against each mutant target made by `makeTarget`, with the
 * pre-feature reference from `makeReference`, and scores intended kills.
 */
export async function runMutants(
  specs: readonly MutantSpec[],
  makeTarget: (name: string) => Promise<Target>,
  makeReference: () => Promise<Target>,
  options: MutationOptions,
): Promise<MutationResult> {
  const reference = await makeReference();
  const referenceCache = new ObservationCache(reference, options.timeoutMs, options.signal);
  const mutants: MutantResult[] = [];
  const suiteOptions = {
    cases: options.cases,
    seed: options.seed,
    jobs: options.jobs,
    ...(options.requirements === undefined ? {} : { requirements: options.requirements }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  };
  try {
    for (const spec of specs) {
      if (options.signal?.aborted === true) break;
      const target = await makeTarget(spec.name);
      try {
        const subject = new ObservationCache(target, options.timeoutMs, options.signal);
        const suite = await runSuite({ subject, reference: referenceCache }, reference.info, suiteOptions);
        const m = judgeMutant(spec, suite);
        mutants.push(m);
        options.onMutant?.(m);
      } finally {
        await target.close();
      }
    }
  } finally {
    await reference.close();
  }
  const killed = mutants.filter((m) => m.killed).length;
  return {
    score: mutants.length === 0 ? 0 : killed / mutants.length,
    mutants,
    collateralOnly: mutants.filter((m) => !m.killed && m.collateral.length > 0).map((m) => m.name),
  };
}

/** The mutants JSON document (DESIGN.md, schema 1 plus the intended/collateral fields). */
export function mutantsJson(result: MutationResult, seed: number, cases: number): object {
  return {
    schema: 1,
    seed,
    cases,
    score: result.score,
    collateralOnly: result.collateralOnly,
    mutants: result.mutants.map((m) => ({
      name: m.name,
      killed: m.killed,
      by: m.intendedKills,
      casesToKill: m.casesToKill,
      counterexampleMounts: m.counterexampleMounts,
      intended: m.intended,
      intendedKills: m.intendedKills,
      collateral: m.collateral,
      failures: m.failures,
    })),
  };
}
