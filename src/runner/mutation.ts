/**
 * Mutation analysis: the suite against every simulator mutant. A mutant is
 * killed when at least one requirement fails on it; the score is the share
 * of mutants killed.
 */
import type { RequirementId } from '../model/requirements.js';
import type { Target } from '../model/target.js';
import { ObservationCache } from './evaluate.js';
import { runSuite } from './suite.js';

/** What the suite did to one mutant. */
export interface MutantResult {
  name: string;
  killed: boolean;
  /** Requirements that failed on the mutant. */
  by: RequirementId[];
  /** Generated cases until the first failure (the fastest failing requirement), null when only an example killed it. */
  casesToKill: number | null;
  /** Spec mounts in the counterexample of the fastest failing requirement. */
  counterexampleMounts: number | null;
  /** The example-table rows that failed, by name. */
  killedByExamples: string[];
}

/** The outcome of a mutation run. */
export interface MutationResult {
  score: number;
  mutants: MutantResult[];
}

/** Options of {@link runMutants}. */
export interface MutationOptions {
  cases: number;
  seed: number;
  jobs: number;
  timeoutMs: number;
  signal?: AbortSignal;
  onMutant?: (m: MutantResult) => void;
}

/**
 * Runs the suite against each mutant target made by `makeTarget`, with the
 * pre-feature reference from `makeReference`.
 */
export async function runMutants(
  names: readonly string[],
  makeTarget: (name: string) => Promise<Target>,
  makeReference: () => Promise<Target>,
  options: MutationOptions,
): Promise<MutationResult> {
  const reference = await makeReference();
  const referenceCache = new ObservationCache(reference, options.timeoutMs, options.signal);
  const mutants: MutantResult[] = [];
  try {
    for (const name of names) {
      if (options.signal?.aborted === true) break;
      const target = await makeTarget(name);
      try {
        const ev = { subject: new ObservationCache(target, options.timeoutMs, options.signal), reference: referenceCache };
        const result = await runSuite(ev, reference.info, { cases: options.cases, seed: options.seed, jobs: options.jobs, ...(options.signal === undefined ? {} : { signal: options.signal }) });
        const failed = result.requirements.filter((r) => r.status === 'failed');
        const fastest = failed.filter((r) => r.firstFailureAt !== null).sort((a, b) => (a.firstFailureAt as number) - (b.firstFailureAt as number))[0];
        const counterexample = fastest?.counterexample ?? failed[0]?.counterexample ?? null;
        const m: MutantResult = {
          name,
          killed: failed.length > 0,
          by: failed.map((r) => r.id),
          casesToKill: fastest?.firstFailureAt ?? null,
          counterexampleMounts: counterexample?.mounts ?? null,
          killedByExamples: result.examples.filter((e) => e.verdicts.some((v) => v.status === 'failed')).map((e) => e.name),
        };
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
  return { score: mutants.length === 0 ? 0 : killed / mutants.length, mutants };
}
