/**
 * Differential runs: the same generated cases on two targets, compared in
 * normalised form. A divergence is a bug in one of them (or in the simulator's
 * model of the other), to be understood.
 */
import fc from 'fast-check';
import type { Case } from '../model/case.js';
import { caseArbitrary } from '../generators/index.js';
import { vendorMixArbitrary } from '../generators/vendor-claims.js';
import { claimsMounts } from '../oracles/dfs-vendor-claims.js';
import { diffObservations } from '../model/normalize.js';
import { podArbitrary } from '../generators/pod-arbitrary.js';
import { diffPods } from '../harness/pod-observe.js';
import { contractOf } from '../oracles/contract.js';
import { forEachConcurrent, type ObservationCache } from './evaluate.js';
import { drawCases } from './draw.js';

/** One case on which the two targets disagree. */
export interface Divergence {
  case: Case;
  differences: string[];
}

/** The outcome of a differential run. */
export interface DiffResult {
  compared: number;
  /** Cases skipped because runsc itself is nondeterministic on them: flaky hint sets (reference §3.1), or error texts that a re-run reconciled. */
  skippedFlaky: number;
  /** Cases where either side timed out. */
  indeterminate: number;
  divergences: Divergence[];
  /** The first divergence, shrunk by fast-check. */
  shrunk: (Divergence & { seed: number; path: string }) | null;
}

/** How many fresh re-runs decide that a divergence in error text only is runsc's own nondeterminism. */
const RERUNS = 4;

type Comparison =
  { kind: 'same' | 'nondeterministic' | 'indeterminate' } | { kind: 'divergent'; differences: string[] };

/** Compares `a` and `b` on `cases` generated cases. */
export async function runDifferential(
  a: ObservationCache,
  b: ObservationCache,
  options: { cases: number; seed: number; jobs: number; signal?: AbortSignal },
): Promise<DiffResult> {
  // A target whose gofer claims mounts also gets cases carrying a vendor claim.
  const arb = [a, b].some((x) => claimsMounts(x.target.info)) ? vendorMixArbitrary() : caseArbitrary();
  // One case in six is a pod (a sandbox and its subcontainers), compared container by container.
  const cases = fc.oneof({ arbitrary: arb, weight: 5 }, { arbitrary: podArbitrary(), weight: 1 });
  const params = { seed: options.seed, numRuns: options.cases };
  const drawn: Case[] = await drawCases(cases, params, options.signal);
  const result: DiffResult = { compared: 0, skippedFlaky: 0, indeterminate: 0, divergences: [], shrunk: null };
  const labels = [a.target.info.id, b.target.info.id] as const;
  const compare = async (c: Case): Promise<Comparison> => {
    const k = contractOf(c);
    if (k.flaky) return { kind: 'nondeterministic' };
    const [x, y] = await Promise.all([a.observe(c), b.observe(c)]);
    if (x.outcome === 'timed-out' || y.outcome === 'timed-out') return { kind: 'indeterminate' };
    // With several fatal causes runsc reports the first it meets in Go map order: only the stage is stable.
    const errors = (k.fatal?.fragments.length ?? 0) > 1 ? 'stage' : 'exact';
    const differences = [...diffObservations(x, y, labels, { errors }), ...diffPods(x, y, labels, { errors })];
    if (differences.length === 0) return { kind: 'same' };
    // A difference in the error text alone may be the map order of a cause the contract does not count
    // (e.g. a rootfs directfs key, fatal before the feature): the same case, run again, settles it.
    if (differences.every((d) => d.startsWith('error:'))) {
      for (let i = 0; i < RERUNS; i++) {
        const [x2, y2] = await Promise.all([a.observeFresh(c), b.observeFresh(c)]);
        const again = [...diffObservations(x2, y2, labels, { errors }), ...diffPods(x2, y2, labels, { errors })];
        if (again.length === 0) return { kind: 'nondeterministic' };
      }
    }
    return { kind: 'divergent', differences };
  };
  await forEachConcurrent(drawn, options.jobs, async (c) => {
    if (options.signal?.aborted === true) return;
    const r = await compare(c);
    if (r.kind === 'nondeterministic') result.skippedFlaky += 1;
    else if (r.kind === 'indeterminate') result.indeterminate += 1;
    else {
      result.compared += 1;
      if (r.kind === 'divergent') result.divergences.push({ case: c, differences: r.differences });
    }
  });
  if (result.divergences.length === 0 || options.signal?.aborted === true) return result;
  const details = await fc.check(
    fc.asyncProperty(cases, async (c) => (await compare(c)).kind !== 'divergent'),
    params,
  );
  if (details.failed && details.counterexample !== null) {
    const c = details.counterexample[0];
    const r = await compare(c);
    result.shrunk = {
      case: c,
      differences: r.kind === 'divergent' ? r.differences : [],
      seed: details.seed,
      path: details.counterexamplePath ?? '',
    };
  }
  return result;
}
