import { describe, expect, it } from 'vitest';
import { asOverlay, editLine, recordedContext, set9pDirectfs, timedOut } from './__fixtures__/kit.js';
import { dfsGlobalOff } from './dfs-global-off.js';

describe('DFS-GLOBAL-OFF', () => {
  it('passes on real runsc with --directfs=false and a directfs: off hint', () => {
    expect(dfsGlobalOff(recordedContext('modern-directfs-false'))).toMatchObject({
      status: 'passed',
      observedMounts: 4,
    });
  });

  it('fails when a mount has directfs or a host-FD warning appears', () => {
    const ctx = recordedContext('modern-directfs-false');
    expect(dfsGlobalOff({ ...ctx, obs: editLine(ctx.obs, '/data', (l) => set9pDirectfs(l, true)) })).toMatchObject({
      status: 'failed',
      mount: '/data',
    });
    expect(dfsGlobalOff({ ...ctx, obs: { ...ctx.obs, hostFdWithoutDirectfs: 1 } }).status).toBe('failed');
  });

  it('is unobservable when every gofer line is an overlay', () => {
    const ctx = recordedContext('modern-directfs-false');
    const obs = { ...ctx.obs, mounts: ctx.obs.mounts.map((l) => (l.fsType === '9p' ? asOverlay(l) : l)) };
    expect(dfsGlobalOff({ ...ctx, obs }).status).toBe('unobservable');
  });

  it('is not applicable unless --directfs=false, indeterminate when timed out', () => {
    expect(dfsGlobalOff(recordedContext('modern-optout-none')).status).toBe('not-applicable');
    const ctx = recordedContext('modern-directfs-false');
    expect(dfsGlobalOff({ ...ctx, obs: timedOut(ctx.obs) }).status).toBe('indeterminate');
  });
});
