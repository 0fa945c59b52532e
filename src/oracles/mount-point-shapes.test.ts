/**
 * Two shapes real runsc:modern showed in fuzzing that the contract and the
 * simulator first got wrong: one sandbox-local shared tmpfs mounted twice in
 * a row on one mount point (EBUSY on the modern build, a start on the
 * pre-feature one), and a filesystem over /proc hiding the mountinfo the
 * probe reads. The cases are the shrunk reproducers.
 */
import { describe, expect, it } from 'vitest';
import type { OciMount } from '../model/case.js';
import { createSimTarget } from '../harness/sim-target.js';
import { ObservationCache } from '../runner/evaluate.js';
import { simulate } from '../simulator/index.js';
import { caseOf, hint, recordedCase, recordedObs } from './__fixtures__/kit.js';
import { contractOf } from './contract.js';
import { ORACLES } from './index.js';

const tmpfs = (destination: string, source = 'tmpfs'): OciMount => ({
  destination,
  type: 'tmpfs',
  source,
  options: [],
});
const sharedTmpfsHint = (share: string) => hint('h2', '$ROOT/tmpfs', undefined, 'tmpfs', share);
const BUSY = 'mount shared mount "h2" to "/tmp": device or resource busy';

describe('one shared tmpfs twice on one mount point', () => {
  it('is a submount error for container and pod shares, with the destination as the spec spells it', () => {
    for (const share of ['container', 'pod']) {
      const k = contractOf(caseOf([tmpfs('/tmp'), tmpfs('/tmp')], sharedTmpfsHint(share)));
      expect(k.expectStart).toBe('no');
      expect(k.fatal).toEqual({ stage: 'submounts', fragments: [BUSY] });
    }
    const slash = contractOf(caseOf([tmpfs('/tmp'), tmpfs('/tmp/')], sharedTmpfsHint('container')));
    expect(slash.fatal?.fragments).toEqual(['mount shared mount "h2" to "/tmp/": device or resource busy']);
  });

  it('is no error at two destinations, with another mount between, or for a hint shared by the whole host', () => {
    const starts = (mounts: OciMount[], share = 'container') =>
      contractOf(caseOf(mounts, sharedTmpfsHint(share))).expectStart;
    expect(starts([tmpfs('/t1'), tmpfs('/t2')])).toBe('yes');
    expect(starts([tmpfs('/tmp'), tmpfs('/tmp', 'other'), tmpfs('/tmp')])).toBe('yes');
    expect(starts([tmpfs('/tmp'), tmpfs('/tmp')], 'shared')).toBe('yes');
  });

  it('fails the start on the modern profile only; DFS-DEFAULT-UNCHANGED calls the difference not the feature', () => {
    const c = caseOf([tmpfs('/tmp'), tmpfs('/tmp')], sharedTmpfsHint('container'));
    const opts = { caseRoot: '/b', containerId: 'cid' };
    const modern = simulate(c, { ...opts, profile: 'modern' });
    expect(modern.exitCode).not.toBe(0);
    expect(modern.stderr).toContain(BUSY);
    expect(simulate(c, { ...opts, profile: 'prefeature' }).exitCode).toBe(0);
    expect(simulate(c, { ...opts, profile: 'legacy' }).exitCode).toBe(0);
  });
});

describe('a filesystem over /proc', () => {
  it('is predicted to hide the mountinfo unless proc itself is on top', () => {
    expect(contractOf(caseOf([tmpfs('/proc')])).mountinfoHiddenBy).toBe('/proc');
    expect(contractOf(caseOf([tmpfs('/proc/')])).mountinfoHiddenBy).toBe('/proc/');
    const procOnTop: OciMount[] = [tmpfs('/proc'), { destination: '/proc', type: 'proc', source: 'proc' }];
    expect(contractOf(caseOf(procOnTop)).mountinfoHiddenBy).toBeNull();
    expect(contractOf(caseOf([tmpfs('/tmp')])).mountinfoHiddenBy).toBeNull();
  });

  it('makes the mount requirements unobservable on the simulator, not passed and not failed', async () => {
    const data: OciMount = { destination: '/data', type: 'bind', source: '$ROOT/vol1', options: ['rbind'] };
    const c = caseOf([data, tmpfs('/proc')], hint('h1', '$ROOT/vol1', 'off'));
    const obs = await new ObservationCache(createSimTarget('sim'), 10_000).observe(c);
    expect(obs.outcome).toBe('started');
    expect(obs.mounts).toEqual([]);
    const ctx = { case: c, obs, paired: { kind: 'no-keys' as const }, reference: null, variants: [] };
    for (const id of ['DFS-KEEP', 'DFS-WORKLOAD', 'DFS-HINT-GRAMMAR'] as const) {
      const v = ORACLES[id](ctx);
      expect(v.status, `${id}: ${v.detail}`).toBe('unobservable');
      expect(v.detail).toContain('hides /proc/self/mountinfo');
    }
  });

  it('still fails a started sandbox that shows no mountinfo when nothing hides it', () => {
    const c = recordedCase('modern-optout-none-paired');
    const obs = { ...recordedObs('modern-optout-none-paired'), mounts: [] };
    const v = ORACLES['DFS-KEEP']({ case: c, obs, paired: { kind: 'no-keys' }, reference: null, variants: [] });
    expect(v.status).toBe('failed');
    expect(v.detail).toContain('mountinfo has no line');
  });
});
