/**
 * The conformance suite against every target that conforms to the contract:
 * the simulator in-process, the simulator through the sim-runsc executable,
 * and the real modern runsc build when it is installed.
 */
import { describe, expect, it } from 'vitest';
import { EVIDENCE, type RequirementId } from '../model/requirements.js';
import { requirementsFor } from '../oracles/dfs-vendor-claims.js';
import { decideGate } from '../runner/gate.js';
import { resolveTarget } from '../harness/targets.js';
import { ObservationCache } from '../runner/evaluate.js';
import { runSuite } from '../runner/suite.js';
import { formatCounterexample } from '../reports/text.js';
import { realTarget, simTargets, type SuiteTarget } from './targets.js';

const conforming: SuiteTarget[] = [...simTargets(), realTarget('modern', 24)];

describe.each(conforming)('conformance of $id', (t) => {
  const note =
    t.skip !== null
      ? ` (skipped: ${t.skip})`
      : t.reference === null
        ? ' (DFS-DEFAULT-UNCHANGED unjudged: no pre-feature build installed)'
        : t.skipRequirements !== undefined
          ? ` (not judged here: ${t.skipRequirements.join(', ')})`
          : '';
  it.skipIf(t.skip !== null)(
    `judges every requirement as passed, on observed mounts${note}`,
    async () => {
      const target = await resolveTarget(t.id);
      const reference = t.reference === null ? null : await resolveTarget(t.reference);
      try {
        const ev = {
          subject: new ObservationCache(target, 60_000),
          reference: reference === null ? null : new ObservationCache(reference, 60_000),
        };
        const wanted = requirementsFor(target.info).filter((id) => !(t.skipRequirements ?? []).includes(id));
        const options = { cases: t.cases, seed: 7, jobs: t.jobs, requirements: wanted };
        const result = await runSuite(ev, reference?.info ?? null, options);
        const failures = result.requirements.flatMap((r) =>
          r.counterexample === null ? [] : [formatCounterexample(r.counterexample)],
        );
        expect(failures, failures.join('\n\n')).toEqual([]);
        expect(result.requirements.map((r) => r.id)).toEqual(wanted);
        // No vacuous pass: the gate must be green with nothing left unjudged but what cannot be judged here.
        const allowed = new Set<RequirementId>(t.reference === null ? ['DFS-DEFAULT-UNCHANGED'] : []);
        const gate = decideGate(result, allowed);
        const statuses = result.requirements.map(
          (r) => `${r.id}=${r.status}${r.reason === null ? '' : ` (${r.reason})`}`,
        );
        expect(gate.exitCode, `${gate.summary}\n${statuses.join('\n')}`).toBe(0);
        for (const r of result.requirements) {
          if (allowed.has(r.id)) continue;
          expect(r.status, r.id).toBe('passed');
          if (EVIDENCE[r.id] === 'mounts') expect(r.observedMounts, r.id).toBeGreaterThan(0);
        }
      } finally {
        await target.close();
        await reference?.close();
      }
    },
    900_000,
  );
});
