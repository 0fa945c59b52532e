import { describe, expect, it } from 'vitest';
import {
  editLine,
  recordedContext,
  recordedObs,
  set9pDirectfs,
  startFailed,
  timedOut,
  observedPair,
} from './__fixtures__/kit.js';
import { dfsOnlyToken } from './dfs-only-token.js';

const ctx = () => recordedContext('modern-optout-none', 'modern-optout-none-paired');

describe('DFS-ONLY-TOKEN', () => {
  it('passes on real runsc: only /off lost the token', () => {
    const v = dfsOnlyToken(ctx());
    expect(v).toMatchObject({ status: 'passed', observedMounts: 11 });
    expect(v.detail).toContain('except directfs on /off');
    expect(dfsOnlyToken(recordedContext('modern-rootfs-optout', 'modern-rootfs-hint-paired')).detail).toContain(
      'except directfs on /',
    );
  });

  it('fails when another option changed with the opt-out', () => {
    const c = ctx();
    const v = dfsOnlyToken({
      ...c,
      obs: editLine(c.obs, '/off', (l) => ({
        ...l,
        superOptions: l.superOptions.map((o) => (o === 'cache=remote_revalidating' ? 'cache=fscache' : o)),
      })),
    });
    expect(v).toMatchObject({ status: 'failed', mount: '/off' });
  });

  it('fails when a mount that is not opted out lost the token, or the opted-out one kept it', () => {
    const c = ctx();
    expect(dfsOnlyToken({ ...c, obs: editLine(c.obs, '/data', (l) => set9pDirectfs(l, false)) }).detail).toContain(
      '/data: lost directfs but is not opted out',
    );
    expect(dfsOnlyToken({ ...c, obs: editLine(c.obs, '/off', (l) => set9pDirectfs(l, true)) }).detail).toContain(
      '/off: opted out but kept directfs',
    );
  });

  it('fails when the set of mounts changed', () => {
    const c = ctx();
    const v = dfsOnlyToken({
      ...c,
      obs: { ...c.obs, mounts: c.obs.mounts.filter((l) => l.mountPoint !== '/scratch') },
    });
    expect(v.status).toBe('failed');
    expect(v.detail).toContain('/scratch: 0 line(s)');
    const noGofer = dfsOnlyToken({
      ...c,
      obs: { ...c.obs, mounts: c.obs.mounts.filter((l) => l.mountPoint !== '/ro') },
    });
    expect(noGofer.detail).toContain(
      "the mountinfo is not this sandbox's: no gofer (9p or overlay) line for /ro (no line)",
    );
  });

  it('fails when the paired case does not start although its contract says it must', () => {
    const c = ctx();
    expect(
      dfsOnlyToken({ ...c, paired: observedPair(startFailed(recordedObs('modern-optout-none-paired'), 'boom')) })
        .status,
    ).toBe('failed');
  });

  it('is not applicable without directfs keys and indeterminate when the paired run timed out', () => {
    expect(dfsOnlyToken(recordedContext('modern-optout-none-paired')).status).toBe('not-applicable');
    const c = ctx();
    expect(
      dfsOnlyToken({ ...c, paired: observedPair(timedOut(recordedObs('modern-optout-none-paired'))) }).status,
    ).toBe('indeterminate');
    expect(dfsOnlyToken({ ...c, obs: timedOut(c.obs) }).status).toBe('indeterminate');
  });
});
