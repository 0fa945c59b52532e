import { describe, expect, it } from 'vitest';
import { REQUIREMENT_IDS, type RequirementId } from '../model/requirements.js';
import type { VerdictStatus } from '../model/verdict.js';
import { decideGate } from './gate.js';
import type { RequirementResult, SuiteResult } from '../model/result.js';
import { emptyCounts } from './tally.js';

function result(statuses: Partial<Record<RequirementId, VerdictStatus>>, interrupted = false): SuiteResult {
  const requirements = REQUIREMENT_IDS.map((id): RequirementResult => {
    const status = statuses[id] ?? 'passed';
    const reason = status === 'passed' || status === 'failed' ? null : `3 case(s): why ${id}`;
    return {
      id,
      status,
      runs: 3,
      observedMounts: 1,
      counts: emptyCounts(),
      reason,
      failureKinds: [],
      counterexample: null,
      shrinkSteps: 0,
      firstFailureAt: null,
    };
  });
  const target = { id: 'sim', kind: 'sim' as const, path: null, version: 'v', profile: 'modern' as const };
  return {
    target,
    reference: null,
    seed: 1,
    cases: 3,
    requirements,
    examples: [],
    interrupted,
    targetRuns: { case: 0, paired: 0, reference: 0, variant: 0, shrink: 0 },
    wallMs: 1,
  };
}

describe('decideGate', () => {
  it('exits 0 only when every requirement passed', () => {
    expect(decideGate(result({}), new Set()).exitCode).toBe(0);
  });

  it('exits 1 on a failure, whatever else happened', () => {
    const g = decideGate(
      result({ 'DFS-KEEP': 'failed', 'DFS-WORKLOAD': 'indeterminate', 'DFS-OPT-OUT': 'not-applicable' }, true),
      new Set(),
    );
    expect(g).toMatchObject({ exitCode: 1, failed: ['DFS-KEEP'], summary: 'FAILED: DFS-KEEP' });
  });

  it('exits 3 naming a requirement left unjudged, and 0 when the user allows it', () => {
    const r = result({ 'DFS-DEFAULT-UNCHANGED': 'not-applicable', 'DFS-GLOBAL-OFF': 'unobservable' });
    const g = decideGate(r, new Set());
    expect(g.exitCode).toBe(3);
    expect(g.summary).toContain('DFS-GLOBAL-OFF unobservable, DFS-DEFAULT-UNCHANGED not-applicable');
    expect(g.summary).toContain('--allow-unjudged DFS-GLOBAL-OFF,DFS-DEFAULT-UNCHANGED');
    expect(decideGate(r, new Set(['DFS-DEFAULT-UNCHANGED'])).exitCode).toBe(3);
    const ok = decideGate(r, new Set(['DFS-DEFAULT-UNCHANGED', 'DFS-GLOBAL-OFF']));
    expect(ok.exitCode).toBe(0);
    expect(ok.unjudged.every((u) => u.allowed)).toBe(true);
  });

  it('exits 3 when indeterminate or interrupted, even with every unjudged requirement allowed', () => {
    const all = new Set(REQUIREMENT_IDS);
    expect(decideGate(result({ 'DFS-WORKLOAD': 'indeterminate' }), all).exitCode).toBe(3);
    expect(decideGate(result({}, true), all).summary).toContain('interrupted');
  });
});
