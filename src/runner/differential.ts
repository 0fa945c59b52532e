/**
 * Differential runs: the same generated cases on two targets, compared in
 * normalised form. A divergence is a bug in one of them (or in the simulator's
 * model of the other), to be understood.
 */
import fc from 'fast-check';
import type { Case } from '../model/case.js';
import { caseArbitrary } from '../generators/index.js';
import { diffObservations } from '../harness/normalize.js';
import { contractOf } from '../oracles/contract.js';
import { forEachConcurrent, type ObservationCache } from './evaluate.js';

/** One case on which the two targets disagree. */
export interface Divergence {
  case: Case;
  differences: string[];
}

/** The outcome of a differential run. */
export interface DiffResult {
  compared: number;
  /** Cases skipped because runsc itself is nondeterministic on them (reference §3.1). */
  skippedFlaky: number;
  /** Cases where either side timed out. */
  indeterminate: number;
  divergences: Divergence[];
  /** The first divergence, shrunk by fast-check. */
  shrunk: (Divergence & { seed: number; path: string }) | null;
}

/** Compares `a` and `b` on `cases` generated cases. */
export async function runDifferential(a: ObservationCache, b: ObservationCache, options: { cases: number; seed: number; jobs: number; signal?: AbortSignal }): Promise<DiffResult> {
  const arb = caseArbitrary();
  const params = { seed: options.seed, numRuns: options.cases };
  const drawn: Case[] = [];
  fc.check(fc.property(arb, (c) => { drawn.push(c); return true; }), params);
  const result: DiffResult = { compared: 0, skippedFlaky: 0, indeterminate: 0, divergences: [], shrunk: null };
  const compare = async (c: Case): Promise<string[] | null> => {
    const k = contractOf(c);
    if (k.flaky) return null;
    const [x, y] = await Promise.all([a.observe(c), b.observe(c)]);
    if (x.outcome === 'timed-out' || y.outcome === 'timed-out') return null;
    // With several fatal causes runsc reports the first it meets in Go map order: only the stage is stable.
    const errors = (k.fatal?.fragments.length ?? 0) > 1 ? 'stage' : 'exact';
    return diffObservations(x, y, [a.target.info.id, b.target.info.id], { errors });
  };
  await forEachConcurrent(drawn, options.jobs, async (c) => {
    if (options.signal?.aborted === true) return;
    if (contractOf(c).flaky) {
      result.skippedFlaky += 1;
      return;
    }
    const differences = await compare(c);
    if (differences === null) result.indeterminate += 1;
    else {
      result.compared += 1;
      if (differences.length > 0) result.divergences.push({ case: c, differences });
    }
  });
  if (result.divergences.length === 0 || options.signal?.aborted === true) return result;
  const details = await fc.check(fc.asyncProperty(arb, async (c) => ((await compare(c)) ?? []).length === 0), params);
  if (details.failed && details.counterexample !== null) {
    const c = details.counterexample[0];
    result.shrunk = { case: c, differences: (await compare(c)) ?? [], seed: details.seed, path: details.counterexamplePath ?? '' };
  }
  return result;
}
