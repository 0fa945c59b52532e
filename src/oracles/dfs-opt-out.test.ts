import { pairedObservation } from '../model/paired.js';
import { describe, expect, it } from 'vitest';
import {
  asOverlay,
  editLine,
  recordedCase,
  recordedContext,
  recordedObs,
  set9pDirectfs,
  startFailed,
  timedOut,
  observedPair,
} from './__fixtures__/kit.js';
import { dfsOptOut } from './dfs-opt-out.js';

describe('DFS-OPT-OUT', () => {
  it('passes on real runsc with the opted-out /off line', () => {
    const v = dfsOptOut(recordedContext('modern-optout-none', 'modern-optout-none-paired'));
    expect(v).toMatchObject({ requirement: 'DFS-OPT-OUT', status: 'passed', observedMounts: 1 });
  });

  it('fails when the opted-out mount still has directfs, naming it', () => {
    const ctx = recordedContext('modern-optout-none', 'modern-optout-none-paired');
    const v = dfsOptOut({ ...ctx, obs: editLine(ctx.obs, '/off', (l) => set9pDirectfs(l, true)) });
    expect(v.status).toBe('failed');
    expect(v.observedMounts).toBe(1);
    expect(v.mount).toBe('/off');
    expect(v.detail).toContain('expected directfs off, observed on');
  });

  it('fails when the host-FD warning is missing or the LisaFS seccomp rules are not kept', () => {
    const ctx = recordedContext('modern-optout-none', 'modern-optout-none-paired');
    expect(dfsOptOut({ ...ctx, obs: { ...ctx.obs, hostFdWithoutDirectfs: 0 } }).detail).toContain(
      'expected 1, observed 0',
    );
    const v = dfsOptOut({
      ...ctx,
      obs: { ...ctx.obs, goferSeccompSyscalls: pairedObservation(ctx.paired)?.goferSeccompSyscalls ?? null },
    });
    expect(v.status).toBe('failed');
    expect(v.detail).toContain('expected 72 syscalls');
  });

  it('counts overlaid opted-out mounts as observed through the exact warning count (real all:memory run)', () => {
    const ctx = recordedContext('modern-all-memory');
    const paired = { ...ctx.obs, goferSeccompSyscalls: 56 };
    expect(dfsOptOut({ ...ctx, paired: observedPair(paired) })).toMatchObject({ status: 'passed', observedMounts: 3 });
    expect(
      dfsOptOut({ ...ctx, paired: observedPair(paired), obs: { ...ctx.obs, hostFdWithoutDirectfs: 2 } }).status,
    ).toBe('failed');
  });

  it('is unobservable when opted-out mounts are only overlaid and no boot log was read', () => {
    const ctx = recordedContext('modern-all-memory');
    const c = recordedCase('modern-all-memory');
    const onlyVol2 = Object.fromEntries(
      Object.entries(c.spec.annotations).filter(([k]) => k.startsWith('dev.gvisor.spec.mount.v2.')),
    );
    const paired = { ...ctx.obs, goferSeccompSyscalls: 56 };
    const v = dfsOptOut({
      ...ctx,
      case: { ...c, spec: { ...c.spec, annotations: onlyVol2 } },
      obs: { ...ctx.obs, mounted: [], hostFdWithoutDirectfs: 0 },
      paired: observedPair(paired),
    });
    expect(v).toMatchObject({ status: 'unobservable', observedMounts: 0 });
    expect(v.detail).toContain('/off');
  });

  it('judges the mount on top when two spec mounts share a destination (real run: `/a/` opted out, then `/a`)', () => {
    const ctx = recordedContext('modern-shadowed-destination');
    const both = ctx.obs.mounts.filter((l) => l.mountPoint === '/a').map((l) => l.directfs);
    expect(both).toEqual(['off', 'on']);
    expect(dfsOptOut({ ...ctx, paired: observedPair({ ...ctx.obs, goferSeccompSyscalls: 56 }) })).toMatchObject({
      status: 'passed',
      observedMounts: 1,
    });
    const swapped = {
      ...ctx.obs,
      mounts: ctx.obs.mounts.map((l) => (l.mountPoint === '/a' ? set9pDirectfs(l, l.directfs === 'off') : l)),
    };
    expect(
      dfsOptOut({ ...ctx, obs: swapped, paired: observedPair({ ...ctx.obs, goferSeccompSyscalls: 56 }) }).status,
    ).toBe('failed');
  });

  it('is not applicable without opt-outs or with --directfs=false', () => {
    expect(dfsOptOut(recordedContext('modern-optout-none-paired')).status).toBe('not-applicable');
    expect(dfsOptOut(recordedContext('modern-directfs-false')).status).toBe('not-applicable');
  });

  it('is indeterminate for a timed-out run', () => {
    const ctx = recordedContext('modern-optout-none', 'modern-optout-none-paired');
    expect(dfsOptOut({ ...ctx, obs: timedOut(ctx.obs) }).status).toBe('indeterminate');
  });

  it('fails when a case the contract says starts does not, whether or not it fails without the keys too', () => {
    const ctx = recordedContext('modern-optout-none', 'modern-optout-none-paired');
    const broken = startFailed(ctx.obs, 'running container: boom');
    expect(dfsOptOut({ ...ctx, obs: broken })).toMatchObject({ status: 'failed', expected: 'started' });
    const pairedBroken = observedPair(startFailed(recordedObs('modern-optout-none-paired'), 'running container: boom'));
    const both = dfsOptOut({ ...ctx, obs: broken, paired: pairedBroken });
    expect(both).toMatchObject({ status: 'failed', failureKinds: ['start'] });
    expect(both.detail).toContain('without the directfs keys: start-failed: running container: boom');
  });

  it('hides an overlaid opted-out line but still fails on a wrong fs type', () => {
    const ctx = recordedContext('modern-optout-none', 'modern-optout-none-paired');
    expect(dfsOptOut({ ...ctx, obs: editLine(ctx.obs, '/off', asOverlay) })).toMatchObject({
      status: 'passed',
      observedMounts: 1,
    });
    expect(
      dfsOptOut({ ...ctx, obs: editLine(ctx.obs, '/off', (l) => ({ ...l, fsType: 'tmpfs', directfs: 'off' })) }).status,
    ).toBe('failed');
  });
});
