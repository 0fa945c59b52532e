/** Behaviour signatures and durations: what tells two behaviours apart, and what must not. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Case } from '../model/case.js';
import type { Observation } from '../model/observation.js';
import { UsageError } from '../model/errors.js';
import { arbitraryFor } from '../generators/index.js';
import { ObservationCache } from '../runner/evaluate.js';
import { resolveTarget } from '../harness/targets.js';
import { behaviourSignature, behaviourText } from './signature.js';
import { parseDuration } from './duration.js';

async function observeOnSim(cases: Case[]): Promise<Observation[]> {
  const cache = new ObservationCache(await resolveTarget('sim'), 60_000);
  return Promise.all(cases.map((c) => cache.observe(c)));
}

describe('behaviourSignature', () => {
  it('ignores timing, exit details and mount order, and sees a flipped directfs state', async () => {
    const [obs] = await observeOnSim(fc.sample(arbitraryFor('DFS-OPT-OUT'), { seed: 3, numRuns: 1 }));
    const o = obs as Observation;
    expect(o.mounts.length).toBeGreaterThan(1);
    const noisy: Observation = {
      ...o,
      wallMs: o.wallMs + 999,
      goferSeccompSyscalls: 1,
      mounts: [...o.mounts].reverse(),
    };
    expect(behaviourSignature(noisy)).toBe(behaviourSignature(o));
    const gofer = o.mounts.findIndex((m) => m.fsType === '9p');
    const flipped = o.mounts.map((m, i) => (i === gofer ? { ...m, directfs: m.directfs === 'on' ? 'off' : 'on' } : m));
    expect(behaviourSignature({ ...o, mounts: flipped } as Observation)).not.toBe(behaviourSignature(o));
  });

  it('ignores where a submount is mounted, but not whether it is the root', async () => {
    const [obs] = await observeOnSim(fc.sample(arbitraryFor('DFS-OPT-OUT'), { seed: 3, numRuns: 1 }));
    const o = obs as Observation;
    const moved = o.mounts.map((m) => (m.mountPoint === '/' ? m : { ...m, mountPoint: `/elsewhere${m.mountPoint}` }));
    expect(behaviourSignature({ ...o, mounts: moved })).toBe(behaviourSignature(o));
    const rootless = o.mounts.map((m) => (m.mountPoint === '/' ? { ...m, mountPoint: '/r' } : m));
    expect(behaviourSignature({ ...o, mounts: rootless })).not.toBe(behaviourSignature(o));
  });

  it('tells a start failure by its stage, and a workload failure by its operation', async () => {
    const [obs] = await observeOnSim(fc.sample(arbitraryFor('DFS-WORKLOAD'), { seed: 4, numRuns: 1 }));
    const o = obs as Observation;
    const failedA: Observation = { ...o, outcome: 'start-failed', mounts: [], error: 'creating container: bad "x"' };
    const failedB: Observation = { ...failedA, error: 'creating container: bad "y"' };
    const failedC: Observation = { ...failedA, error: 'starting gofer: bad "x"' };
    expect(behaviourSignature(failedA)).toBe(behaviourSignature(failedB));
    expect(behaviourSignature(failedA)).not.toBe(behaviourSignature(failedC));
    expect(o.workload.length).toBeGreaterThan(0);
    const broken = { ...o, workload: o.workload.map((w, i) => (i === 0 ? { ...w, ok: !w.ok } : w)) };
    expect(behaviourText(broken)).not.toBe(behaviourText(o));
  });

  it('separates the distinct behaviours of generated cases', async () => {
    const cases = fc.sample(arbitraryFor('DFS-KEEP'), { seed: 9, numRuns: 40 });
    const sigs = new Set((await observeOnSim(cases)).map(behaviourSignature));
    expect(sigs.size).toBeGreaterThan(5);
    expect(sigs.size).toBeLessThanOrEqual(40);
  });
});

describe('parseDuration', () => {
  it('reads seconds, minutes and hours', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('10m')).toBe(600_000);
    expect(parseDuration('2h')).toBe(7_200_000);
  });
  it.each(['', '10', '5x', '-3s', '0s', '1.5m', '999h'])('refuses %j with a UsageError', (raw) => {
    expect(() => parseDuration(raw)).toThrow(UsageError);
  });
});
