/**
 * Builds from before the feature are not wrong, they are different: the suite
 * must say so. The pre-feature build (real or simulated) ignores the key and
 * the 2022 legacy build rejects it; both fail DFS-OPT-OUT with a small
 * counterexample.
 */
import { describe, expect, it } from 'vitest';
import { resolveTarget } from '../harness/targets.js';
import { ObservationCache } from '../runner/evaluate.js';
import { runSuite } from '../runner/suite.js';
import { realTarget, type SuiteTarget } from './targets.js';

const prefeature: SuiteTarget[] = [
  { id: 'sim:prefeature', cases: 40, jobs: 1, skip: null, reference: null },
  realTarget('prefeature', 5),
  { id: 'sim:legacy', cases: 40, jobs: 1, skip: null, reference: null },
  realTarget('legacy', 5),
];

describe.each(prefeature)('pre-feature build $id', (t) => {
  it.skipIf(t.skip !== null)(
    `fails DFS-OPT-OUT with a counterexample of at most 2 mounts${t.skip === null ? '' : ` (skipped: ${t.skip})`}`,
    async () => {
      const target = await resolveTarget(t.id);
      try {
        const ev = { subject: new ObservationCache(target, 60_000), reference: null };
        const result = await runSuite(ev, null, {
          cases: t.cases,
          seed: 3,
          jobs: t.jobs,
          requirements: ['DFS-OPT-OUT'],
        });
        const optOut = result.requirements.find((r) => r.id === 'DFS-OPT-OUT');
        expect(optOut?.status).toBe('failed');
        expect(optOut?.counterexample?.mounts).toBeLessThanOrEqual(2);
        // Pre-feature builds keep the token on the opted-out mount; the legacy build does not start at all.
        expect(optOut?.counterexample?.verdict.observed ?? '').toMatch(
          t.id.endsWith('legacy') ? /start-failed/ : /directfs/,
        );
      } finally {
        await target.close();
      }
    },
    900_000,
  );
});
