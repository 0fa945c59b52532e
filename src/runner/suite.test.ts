import { describe, expect, it } from 'vitest';
import { createSimTarget } from '../harness/sim-target.js';
import { ObservationCache, type Evaluator } from './evaluate.js';
import { REQUIREMENT_IDS } from '../model/requirements.js';
import { ownersOf, PAIRED_SHARING_OWNERS, runSuite, sharesOf } from './suite.js';
import fc from 'fast-check';
import { arbitraryFor } from '../generators/index.js';
import { caseJson } from '../model/case-json.js';
import type { Case } from '../model/case.js';
import type { RequirementId } from '../model/requirements.js';
import { withoutDirectfsKeys } from '../model/transforms.js';
import { variantCases } from '../oracles/metamorphic.js';

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

  it('reports progress after every case counted, in stream order whatever --jobs', async () => {
    const done: number[] = [];
    await runSuite(evaluator('sim'), null, {
      cases: 12,
      seed: 5,
      jobs: 3,
      requirements: ['DFS-KEEP', 'DFS-OPT-OUT'],
      onProgress: (p) => done.push(p.done),
    });
    expect(done).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });
});

describe('sharesOf', () => {
  it('splits the stream by weight, exactly, with every selected requirement drawing', () => {
    const twelve = REQUIREMENT_IDS.slice(0, 12);
    const all = sharesOf(twelve, 300);
    expect([...all.values()].reduce((n, x) => n + x, 0)).toBe(300);
    // Weights 42 in all: 300 × 20/42 = 142.9, 300 × 4/42 = 28.6, 300 × 2/42 = 14.3 and 300 × 1/42 = 7.1; the 3
    // cases left go to the largest fractions, ties in order.
    expect(all.get('DFS-OPT-OUT')).toBe(143);
    expect(all.get('DFS-DEFAULT-UNCHANGED')).toBe(29);
    expect(all.get('DFS-KEEP')).toBe(15);
    expect(all.get('DFS-GLOBAL-OFF')).toBe(14);
    expect(all.get('DFS-ROOTFS-ERRORS')).toBe(50);
    expect(all.get('DFS-ONLY-TOKEN')).toBe(7);
    expect([...sharesOf(['DFS-OPT-OUT'], 7).entries()]).toEqual([['DFS-OPT-OUT', 7]]);
    expect([...sharesOf(twelve, 5).values()].reduce((n, x) => n + x, 0)).toBe(5);
  });
});

describe('variants for every stream case', () => {
  const SOURCES: RequirementId[] = [
    'DFS-OPT-OUT',
    'DFS-KEEP',
    'DFS-DEFAULT-UNCHANGED',
    'DFS-ROOTFS-OPT-OUT',
    'DFS-GLOBAL-OFF',
  ];
  const drawn = SOURCES.flatMap((id) => fc.sample(arbitraryFor(id), { seed: 11, numRuns: 40 }));
  const stripped = (c: Case): string => caseJson(withoutDirectfsKeys(c));
  /** Variants of `owner`'s relations whose paired case is not their case's. */
  const ownPaired = (owner: RequirementId) =>
    drawn.flatMap((c) => variantCases(c, owner).filter((v) => stripped(v.case) !== stripped(c)));

  it('come only from relations whose variants share the paired run of their case', () => {
    const made = PAIRED_SHARING_OWNERS.flatMap((owner) => drawn.flatMap((c) => variantCases(c, owner)));
    expect(made.length).toBeGreaterThan(20);
    for (const owner of PAIRED_SHARING_OWNERS) expect(ownPaired(owner)).toEqual([]);
    // The check tells them apart: renamed hints and permuted mounts change the paired case.
    expect(ownPaired('DFS-OPT-OUT').length).toBeGreaterThan(0);
  });

  it("are added to the source generator's own, when selected", () => {
    expect(ownersOf({ source: 'DFS-OPT-OUT' }, REQUIREMENT_IDS)).toEqual(['DFS-OPT-OUT', 'DFS-KEEP']);
    expect(ownersOf({ source: 'DFS-KEEP' }, REQUIREMENT_IDS)).toEqual(['DFS-KEEP']);
    expect(ownersOf({ source: 'DFS-OPT-OUT' }, ['DFS-OPT-OUT'])).toEqual(['DFS-OPT-OUT']);
  });
});
