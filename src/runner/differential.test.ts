import { describe, expect, it } from 'vitest';
import { createSimTarget } from '../harness/sim-target.js';
import { ObservationCache } from './evaluate.js';
import { runDifferential } from './differential.js';

const cache = (id: string) => new ObservationCache(createSimTarget(id), 10_000);

describe('runDifferential', () => {
  it('finds no divergence between a target and itself', async () => {
    const r = await runDifferential(cache('sim'), cache('sim'), { cases: 60, seed: 3, jobs: 2 });
    expect(r.divergences).toEqual([]);
    expect(r.compared + r.skippedFlaky).toBe(60);
    expect(r.shrunk).toBeNull();
  });

  it('reports a faulty model against the faithful one, with a shrunk smallest divergence', async () => {
    const r = await runDifferential(cache('sim'), cache('sim+mutant:off-suppresses-all'), {
      cases: 60,
      seed: 3,
      jobs: 2,
    });
    expect(r.divergences.length).toBeGreaterThan(0);
    expect(r.shrunk?.differences.join('\n')).toMatch(/directfs/);
    expect(r.shrunk?.case.spec.mounts.length).toBeLessThanOrEqual(2);
  });
});
