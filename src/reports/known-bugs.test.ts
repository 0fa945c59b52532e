import { describe, expect, it } from 'vitest';
import type { GateDecision, RequirementResult, SuiteResult } from '../model/result.js';
import { formatKnownBugs, knownBugsOf, strictGate } from './known-bugs.js';

const PASSED: GateDecision = { failed: [], indeterminate: [], unjudged: [], exitCode: 0, summary: 'PASSED' };

function result(knownBugs: RequirementResult['knownBugs']): SuiteResult {
  const req = { id: 'DFS-POD-START', status: 'passed', knownBugs } as RequirementResult;
  return { requirements: [req] } as SuiteResult;
}

const MET = result([{ id: 'subcontainer-gofer-sigsys', cases: 3, example: 'container a: start-failed' }]);

describe('known upstream bugs in reports', () => {
  it('lists a met bug with its requirement, count and reproducer', () => {
    expect(knownBugsOf(MET)).toMatchObject([
      { id: 'subcontainer-gofer-sigsys', requirement: 'DFS-POD-START', cases: 3 },
    ]);
    const text = formatKnownBugs(MET, false);
    expect(text).toContain('expected failures');
    expect(text).toContain('pods/repro/subcontainer-gofer-sigsys.sh');
  });

  it('leaves the gate alone by default and fails it under --strict-known-bugs', () => {
    expect(strictGate(PASSED, result([]))).toBe(PASSED);
    const g = strictGate(PASSED, MET);
    expect(g.exitCode).toBe(1);
    expect(g.summary).toContain('subcontainer-gofer-sigsys');
  });

  it('prints nothing when no known bug was met', () => {
    expect(formatKnownBugs(result(undefined), true)).toBe('');
  });
});
