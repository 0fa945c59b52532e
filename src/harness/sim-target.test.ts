import { describe, expect, it } from 'vitest';
import { UsageError } from '../model/errors.js';
import { hintAnnotations, mixedCase } from '../simulator/__fixtures__/cases.js';
import { simulate } from '../simulator/index.js';
import { createSimTarget, parseSimTargetId, simCaseRoot, simHostChecks } from './sim-target.js';

describe('parseSimTargetId', () => {
  it('parses the four id forms', () => {
    expect(parseSimTargetId('sim')).toEqual({ profile: 'modern', mutant: null });
    expect(parseSimTargetId('sim:legacy')).toEqual({ profile: 'legacy', mutant: null });
    expect(parseSimTargetId('sim+mutant:ignore-annotation')).toEqual({
      profile: 'modern',
      mutant: 'ignore-annotation',
    });
    expect(parseSimTargetId('sim:prefeature+mutant:prefix-match')).toEqual({
      profile: 'prefeature',
      mutant: 'prefix-match',
    });
  });

  it('returns null for other ids and throws UsageError for unknown names', () => {
    expect(parseSimTargetId('runsc:modern')).toBeNull();
    expect(parseSimTargetId('simulator')).toBeNull();
    expect(() => parseSimTargetId('sim:nightly')).toThrow(UsageError);
    expect(() => parseSimTargetId('sim+mutant:nope')).toThrow(UsageError);
  });
});

describe('createSimTarget', () => {
  it('describes itself as a sim target of its profile', () => {
    const t = createSimTarget('sim:prefeature');
    expect(t.info).toMatchObject({ id: 'sim:prefeature', kind: 'sim', path: null, profile: 'prefeature' });
    expect(t.info.version).toMatch(/pre-feature|before the directfs opt-out/);
  });

  it('runs a case on a fixed fictitious root and derives host checks from the effects', async () => {
    const t = createSimTarget('sim');
    const tmpfsHint = hintAnnotations('t', '$ROOT/vol2', { type: 'tmpfs', share: 'container' });
    const c = mixedCase({ overlay2: 'none' }, tmpfsHint);
    const run = await t.run(c, { timeoutMs: 1000 });
    expect(run.caseRoot).toMatch(/^\/run\/dfc-sim\/[0-9a-f]{8}$/);
    expect(run.caseRoot).toBe(simCaseRoot(c));
    expect(run.containerId).toBe(`dfc-${run.caseRoot.slice(-8)}`);
    expect(run.exitCode).toBe(0);
    const checks = Object.fromEntries(run.hostChecks.map((h) => [`${h.index} ${h.check}`, h.ok]));
    expect(checks).toEqual({
      '0 effects-present': true,
      '0 effects-absent': false,
      '0 seed-intact': true,
      '1 effects-present': false,
      '1 effects-absent': true,
      '1 seed-intact': true,
      '2 effects-present': true,
      '2 effects-absent': false,
      '3 effects-absent': true,
      '3 seed-intact': true,
    });
    expect(run.stdout).toContain('DFC-END');
  });

  it('derives the read-only host checks from the model: a writable ro bind leaves its denied file', async () => {
    const c = mixedCase();
    const checksOf = async (id: string) => {
      const run = await createSimTarget(id).run(c, { timeoutMs: 1000 });
      return run.hostChecks.filter((h) => h.index === 3);
    };
    expect(await checksOf('sim')).toEqual([
      { index: 3, destination: '/ro', check: 'effects-absent', ok: true, detail: '' },
      { index: 3, destination: '/ro', check: 'seed-intact', ok: true, detail: '' },
    ]);
    expect(await checksOf('sim+mutant:ro-ignored')).toEqual([
      { index: 3, destination: '/ro', check: 'effects-absent', ok: false, detail: 'dfc3.x exists' },
      { index: 3, destination: '/ro', check: 'seed-intact', ok: true, detail: '' },
    ]);
  });

  it('checks the seed from the model effects, not a constant', () => {
    const c = mixedCase();
    const sim = simulate(c, { profile: 'modern', caseRoot: simCaseRoot(c), containerId: 'x' });
    const clobbered = { ...sim, effects: sim.effects.map((e) => (e.index === 0 ? { ...e, seedIntact: false } : e)) };
    const seed = simHostChecks(c, clobbered).find((h) => h.index === 0 && h.check === 'seed-intact');
    expect(seed).toMatchObject({ ok: false, detail: 'seed.txt changed' });
  });

  it('makes no host checks when the sandbox did not start, and injects the mutant', async () => {
    const c = mixedCase();
    const faithful = await createSimTarget('sim').run(c, { timeoutMs: 1000 });
    const mutant = await createSimTarget('sim+mutant:lisafs-filters-dropped').run(c, { timeoutMs: 1000 });
    expect(faithful.hostChecks.length).toBeGreaterThan(0);
    expect(mutant.exitCode).toBe(128);
    expect(mutant.hostChecks).toEqual([]);
  });

  it('returns a timed-out run when already aborted', async () => {
    const ac = new AbortController();
    ac.abort();
    const run = await createSimTarget('sim').run(mixedCase(), { timeoutMs: 1000, signal: ac.signal });
    expect(run).toMatchObject({ timedOut: true, exitCode: null });
  });
});
