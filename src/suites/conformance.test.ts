/**
 * The conformance suite against every target that conforms to the contract:
 * the simulator in-process, the simulator through the sim-runsc executable,
 * and the real modern runsc build when it is installed.
 */
import { describe, expect, it } from 'vitest';
import { REQUIREMENT_IDS } from '../model/requirements.js';
import { defaultReferenceId, resolveTarget } from '../harness/targets.js';
import { ObservationCache } from '../runner/evaluate.js';
import { runSuite } from '../runner/suite.js';
import { formatCounterexample } from '../reports/text.js';
import { realTarget, simTargets, type SuiteTarget } from './targets.js';

const conforming: SuiteTarget[] = [...simTargets(), realTarget('modern', 6)];

describe.each(conforming)('conformance of $id', (t) => {
  it.skipIf(t.skip !== null)(`judges every requirement with no failure${t.skip === null ? '' : ` (skipped: ${t.skip})`}`, async () => {
    const target = await resolveTarget(t.id);
    const refId = defaultReferenceId(target.info);
    const reference = refId === null ? null : await resolveTarget(refId);
    try {
      const ev = { subject: new ObservationCache(target, 60_000), reference: reference === null ? null : new ObservationCache(reference, 60_000) };
      const result = await runSuite(ev, reference?.info ?? null, { cases: t.cases, seed: 7, jobs: t.jobs });
      const failures = result.requirements.flatMap((r) => (r.counterexample === null ? [] : [formatCounterexample(r.counterexample)]));
      expect(failures, failures.join('\n\n')).toEqual([]);
      expect(result.requirements.map((r) => r.id)).toEqual(REQUIREMENT_IDS);
      const byId = new Map(result.requirements.map((r) => [r.id, r]));
      // No vacuous pass: the central requirements must have observed real mounts.
      for (const id of ['DFS-OPT-OUT', 'DFS-KEEP', 'DFS-WORKLOAD'] as const) {
        expect(byId.get(id)?.status, id).toBe('passed');
        expect(byId.get(id)?.observedMounts, id).toBeGreaterThan(0);
      }
    } finally {
      await target.close();
      await reference?.close();
    }
  }, 900_000);
});
