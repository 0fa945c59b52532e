import { describe, expect, it } from 'vitest';
import { UsageError } from '../model/errors.js';
import { findExpected, isExpired, isIsoDate, matchesTarget, parseExpectedFile } from './expected.js';

const entry = { requirement: 'DFS-OPT-OUT', target: 'runsc:pre*', reason: 'before the feature', expires: '2027-01-31' };
const file = (divergences: unknown[]): string => JSON.stringify({ schema: 1, divergences });

describe('parseExpectedFile', () => {
  it('reads well-formed entries', () => {
    expect(parseExpectedFile(file([entry]), 'e.json')).toEqual([entry]);
  });
  it.each([
    ['not JSON', '{', 'not JSON'],
    ['no schema', JSON.stringify({ divergences: [] }), 'must be {"schema": 1'],
    ['unknown requirement', file([{ ...entry, requirement: 'DFS-NOPE' }]), 'unknown requirement "DFS-NOPE"'],
    ['impossible date', file([{ ...entry, expires: '2027-02-30' }]), '"expires" must be a date YYYY-MM-DD'],
    ['unknown field', file([{ ...entry, owner: 'me' }]), 'unknown field "owner"'],
    ['empty reason', file([{ ...entry, reason: ' ' }]), '"reason" must be a non-empty string'],
    ['missing target', file([{ ...entry, target: undefined }]), '"target" must be a non-empty string'],
    ['a duplicate', file([entry, entry]), 'a second entry for DFS-OPT-OUT'],
    ['a non-object entry', file(['DFS-OPT-OUT']), 'divergences[0]: must be an object'],
  ])('refuses %s with one line naming it', (_what, text, message) => {
    let error: unknown;
    try {
      parseExpectedFile(text, 'e.json');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).not.toContain('\n');
  });
});

describe('matching and expiry', () => {
  it('matches a glob on the whole target id, everything but * and ? literally', () => {
    expect(matchesTarget('runsc:*', 'runsc:prefeature')).toBe(true);
    expect(matchesTarget('runsc:*', 'sim:prefeature')).toBe(false);
    expect(matchesTarget('sim:leg?cy', 'sim:legacy')).toBe(true);
    expect(matchesTarget('sim.legacy', 'simxlegacy')).toBe(false);
    expect(matchesTarget('/opt/runsc', '/opt/runsc-2')).toBe(false);
  });
  it('holds through its expiry day and prefers an entry still in force', () => {
    const old = { ...entry, target: '*', expires: '2020-01-01' } as const;
    const parsed = parseExpectedFile(file([old, entry]), 'e.json');
    expect(isExpired(parsed[1]!, '2027-01-31')).toBe(false);
    expect(isExpired(parsed[1]!, '2027-02-01')).toBe(true);
    expect(findExpected(parsed, 'DFS-OPT-OUT', 'runsc:prefeature', '2026-11-29')?.expires).toBe('2027-01-31');
    expect(findExpected(parsed, 'DFS-OPT-OUT', 'sim', '2026-11-29')?.expires).toBe('2020-01-01');
    expect(findExpected(parsed, 'DFS-KEEP', 'sim', '2026-11-29')).toBeUndefined();
  });
  it('knows a calendar date', () => {
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2027-02-29')).toBe(false);
    expect(isIsoDate('2027-1-01')).toBe(false);
  });
});

describe('brace alternatives', () => {
  it('match either name, and an unclosed brace is literal', () => {
    expect(matchesTarget('sim:{prefeature,legacy}', 'sim:legacy')).toBe(true);
    expect(matchesTarget('sim:{prefeature,legacy}', 'sim:prefeature')).toBe(true);
    expect(matchesTarget('sim:{prefeature,legacy}', 'sim')).toBe(false);
    expect(matchesTarget('sim:{legacy', 'sim:{legacy')).toBe(true);
    expect(matchesTarget('runsc:{modern,vendor}*', 'runsc:vendor-2')).toBe(true);
  });
});
