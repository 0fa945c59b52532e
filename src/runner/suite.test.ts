import { describe, expect, it } from 'vitest';
import { createSimTarget } from '../harness/sim-target.js';
import { ObservationCache, type Evaluator } from './evaluate.js';
import { REQUIREMENT_IDS } from '../model/requirements.js';
import { runSuite, sharesOf } from './suite.js';

const evaluator = (id: string): Evaluator => ({
  subject: new ObservationCache(createSimTarget(id), 10_000),
  reference: null,
});

describe('runSuite', () => {
  it('counts every generated case, finds the first failure and shrinks it to one mount', async () => {
    const r = await runSuite(evaluator('sim+mutant:ignore-annotation'), null, {
      cases: 30,
      seed: 5,
      jobs: 2,
      requirements: ['DFS-OPT-OUT'],
    });
    const opt = r.requirements[0];
    expect(opt?.status).toBe('failed');
    // Every stream case and example, plus the paired and variant runs judged as cases of their own.
    expect(opt?.runs).toBeGreaterThan(30 + r.examples.length);
    expect(opt?.firstFailureAt).toBeGreaterThanOrEqual(1);
    expect(opt?.counterexample?.origin).toBe('property');
    expect(opt?.counterexample?.mounts).toBe(1);
    expect(opt?.counterexample?.path).toMatch(/^\d+(:\d+)*$/);
  });

  it('shrinks on the pre-shrink simulator when it reproduces the failure, and confirms on the target', async () => {
    const target = evaluator('sim+mutant:ignore-annotation');
    const reproducing = await runSuite(target, null, {
      cases: 20,
      seed: 5,
      jobs: 1,
      requirements: ['DFS-OPT-OUT'],
      preShrink: evaluator('sim+mutant:ignore-annotation'),
    });
    expect(reproducing.requirements[0]?.counterexample?.origin).toMatch(/shrunk on the simulator/);
    const faithful = await runSuite(target, null, {
      cases: 20,
      seed: 5,
      jobs: 1,
      requirements: ['DFS-OPT-OUT'],
      preShrink: evaluator('sim'),
    });
    expect(faithful.requirements[0]?.counterexample?.origin).toBe('property');
    expect(faithful.requirements[0]?.counterexample?.mounts).toBe(1);
  });

  it('passes the faithful simulator with observed mounts, and stops early when aborted', async () => {
    const ok = await runSuite(evaluator('sim'), null, { cases: 20, seed: 5, jobs: 1, requirements: ['DFS-KEEP'] });
    expect(ok.requirements[0]?.status).toBe('passed');
    expect(ok.requirements[0]?.observedMounts).toBeGreaterThan(0);
    const controller = new AbortController();
    controller.abort();
    const stopped = await runSuite(evaluator('sim'), null, {
      cases: 20,
      seed: 5,
      jobs: 1,
      requirements: ['DFS-KEEP'],
      signal: controller.signal,
    });
    expect(stopped.interrupted).toBe(true);
  });
});

describe('sharesOf', () => {
  it('splits the stream by weight, exactly, with every selected requirement drawing', () => {
    const twelve = REQUIREMENT_IDS.slice(0, 12);
    const all = sharesOf(twelve, 300);
    expect([...all.values()].reduce((n, x) => n + x, 0)).toBe(300);
    // Weights 40 in all: 300 × 20/40 = 150 and 300 × 1/40 = 7.5; the 4 cases left go to the largest fractions, ties in order.
    expect(all.get('DFS-OPT-OUT')).toBe(150);
    expect(all.get('DFS-ONLY-TOKEN')).toBe(8);
    expect(all.get('DFS-MOUNT-INVALID-VALUE')).toBe(8);
    expect(all.get('DFS-WORKLOAD')).toBe(7);
    expect([...sharesOf(['DFS-OPT-OUT'], 7).entries()]).toEqual([['DFS-OPT-OUT', 7]]);
    expect([...sharesOf(twelve, 5).values()].reduce((n, x) => n + x, 0)).toBe(5);
  });
});
