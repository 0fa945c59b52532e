import { describe, expect, it } from 'vitest';
import { addVerdict, emptyCounts, overallStatus } from './tally.js';
import type { Verdict, VerdictStatus } from '../model/verdict.js';

const v = (status: VerdictStatus, observedMounts = 0): Verdict => ({ requirement: 'DFS-KEEP', status, observedMounts, detail: '' });

describe('overallStatus', () => {
  it('fails on any failure even among passes', () => {
    const c = emptyCounts();
    addVerdict(c, v('passed', 2));
    addVerdict(c, v('failed', 1));
    expect(overallStatus(c)).toBe('failed');
  });
  it('never turns unobservable or indeterminate cases into a pass', () => {
    const u = emptyCounts();
    addVerdict(u, v('unobservable'));
    addVerdict(u, v('not-applicable'));
    expect(overallStatus(u)).toBe('unobservable');
    const i = emptyCounts();
    addVerdict(i, v('passed', 1));
    addVerdict(i, v('indeterminate'));
    expect(overallStatus(i)).toBe('indeterminate');
  });
  it('returns the observed mounts of a verdict', () => {
    expect(addVerdict(emptyCounts(), v('passed', 3))).toBe(3);
    expect(overallStatus(emptyCounts())).toBe('not-applicable');
  });
});
