import { describe, expect, it } from 'vitest';
import { emptyTally, recordVerdict, settle } from './tally.js';
import type { FailureKind, Verdict, VerdictStatus } from '../model/verdict.js';
import type { RequirementId } from '../model/requirements.js';

const v = (status: VerdictStatus, observedMounts = 0, detail = '', failureKinds?: FailureKind[]): Verdict => ({
  requirement: 'DFS-KEEP',
  status,
  observedMounts,
  detail,
  ...(failureKinds === undefined ? {} : { failureKinds }),
});

function settled(id: RequirementId, verdicts: Verdict[]) {
  const t = emptyTally();
  for (const x of verdicts) recordVerdict(t, x);
  return { t, s: settle(id, t) };
}

describe('settle', () => {
  it('fails on any failure even among passes, and keeps the failure kinds', () => {
    const { t, s } = settled('DFS-KEEP', [
      v('passed', 2),
      v('failed', 1, 'x', ['start']),
      v('failed', 0, 'y', ['warning']),
    ]);
    expect(s).toEqual({ status: 'failed', reason: null });
    expect([...t.failureKinds].sort()).toEqual(['start', 'warning']);
  });

  it('never turns unobservable or indeterminate cases into a pass', () => {
    expect(settled('DFS-KEEP', [v('unobservable', 0, 'overlaid'), v('not-applicable')]).s.status).toBe('unobservable');
    const i = settled('DFS-KEEP', [v('passed', 1), v('indeterminate', 0, 'run timed-out')]).s;
    expect(i).toEqual({ status: 'indeterminate', reason: '1 case(s): run timed-out' });
  });

  it('does not pass a mount requirement whose passing cases observed no mount', () => {
    expect(settled('DFS-KEEP', [v('passed', 0), v('passed', 0)]).s).toEqual({
      status: 'unobservable',
      reason: '2 case(s) passed but none observed a mount',
    });
    expect(settled('DFS-KEEP', [v('passed', 0), v('passed', 1)]).s.status).toBe('passed');
  });

  it('passes a start requirement on a passing case without mounts', () => {
    expect(settled('DFS-HINT-GRAMMAR', [v('passed', 0)]).s.status).toBe('passed');
  });

  it('gives the most frequent reason for a requirement that judged nothing', () => {
    const na = (d: string) => v('not-applicable', 0, d);
    const { s } = settled('DFS-KEEP', [na('a'), na('b'), na('b'), na('c'), na('c'), na('c')]);
    expect(s).toEqual({ status: 'not-applicable', reason: '3 case(s): c; 2 case(s): b (and 1 other reason(s))' });
    expect(settled('DFS-KEEP', []).s).toEqual({ status: 'not-applicable', reason: 'no case was judged' });
  });
});
