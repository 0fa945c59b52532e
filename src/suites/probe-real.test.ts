/**
 * The native probe inside real runsc: the same generated cases run once with
 * the shell probe and once with the native one give the same normalised
 * observation (mountinfo, every operation's outcome, host checks, exit).
 * Skipped with the reason when runsc:modern is not installed or the native
 * probe cannot be built here.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveTarget } from '../harness/targets.js';
import { observe } from '../harness/observe.js';
import { arbitraryFor } from '../generators/arbitrary-for.js';
import { diffObservations } from '../model/normalize.js';
import type { Observation } from '../model/observation.js';
import type { Case } from '../model/case.js';
import { buildNativeProbe } from '../probe/native.js';
import { realTarget } from './targets.js';

const modern = realTarget('modern', 6);
const built = await buildNativeProbe();
const SKIP = modern.skip ?? (built.kind === 'shell' ? built.why : null);

async function observeAll(probe: 'shell' | 'native', cases: Case[]): Promise<{ probe: string; obs: Observation[] }> {
  const saved = process.env['DFC_PROBE'];
  process.env['DFC_PROBE'] = probe;
  try {
    const target = await resolveTarget(modern.id);
    try {
      const obs: Observation[] = [];
      for (const c of cases) obs.push(observe(await target.run(c, { timeoutMs: 60_000 })));
      return { probe: target.info.probe ?? '', obs };
    } finally {
      await target.close();
    }
  } finally {
    if (saved === undefined) delete process.env['DFC_PROBE'];
    else process.env['DFC_PROBE'] = saved;
  }
}

describe.skipIf(SKIP !== null)(`native probe on runsc:modern${SKIP === null ? '' : ` (skipped: ${SKIP})`}`, () => {
  it('observes what the shell probe observes, case by case', async () => {
    const cases = [
      ...fc.sample(arbitraryFor('DFS-WORKLOAD'), { seed: 7, numRuns: modern.cases / 2 }),
      ...fc.sample(arbitraryFor('DFS-OPT-OUT'), { seed: 7, numRuns: modern.cases / 2 }),
    ];
    const shell = await observeAll('shell', cases);
    const native = await observeAll('native', cases);
    expect(shell.probe).toBe('shell (DFC_PROBE=shell)');
    expect(native.probe).toBe('native');
    expect(native.obs.some((o) => o.workload.length > 0)).toBe(true);
    cases.forEach((c, i) => {
      const a = shell.obs[i];
      const b = native.obs[i];
      if (a === undefined || b === undefined) throw new Error(`case ${i} was not observed`);
      expect(diffObservations(a, b, ['shell', 'native']), JSON.stringify(c)).toEqual([]);
    });
  });
});
