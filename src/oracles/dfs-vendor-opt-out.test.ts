import { describe, expect, it } from 'vitest';
import { editLine, set9pDirectfs, startFailed } from './__fixtures__/kit.js';
import { claimCase, vendorContext } from './__fixtures__/dfs-vendor-kit.js';
import { dfsVendorOptOut } from './dfs-vendor-opt-out.js';

describe('DFS-VENDOR-OPT-OUT', () => {
  it('passes an opted-out claimed mount that started without directfs and ran its workload', async () => {
    const v = dfsVendorOptOut(await vendorContext(claimCase({ offC: true })));
    expect(v).toMatchObject({ requirement: 'DFS-VENDOR-OPT-OUT', status: 'passed', observedMounts: 1 });
  });

  it('passes the sentry start failure of a claimed mount that keeps directfs', async () => {
    const ctx = await vendorContext(claimCase());
    expect(ctx.obs.outcome).toBe('start-failed');
    expect(dfsVendorOptOut(ctx).status).toBe('passed');
  });

  it('passes with --directfs=false and no opt-out', async () => {
    const v = dfsVendorOptOut(await vendorContext(claimCase({ flags: { directfs: false } })));
    expect(v.status).toBe('passed');
  });

  it('fails a claimed mount that kept directfs and started (a build that does not claim it)', async () => {
    const v = dfsVendorOptOut(await vendorContext(claimCase(), 'sim', 'sim:vendor'));
    expect(v).toMatchObject({ status: 'failed', failureKinds: ['start'], mount: '/c' });
  });

  it('fails another start error, and an opted-out claimed mount that does not start', async () => {
    const ctx = await vendorContext(claimCase());
    const oom = startFailed(
      ctx.obs,
      'starting sandbox: failed to setupFS: mount submount "/c": cannot allocate memory',
    );
    expect(dfsVendorOptOut({ ...ctx, obs: oom })).toMatchObject({ status: 'failed', failureKinds: ['start'] });
    const off = await vendorContext(claimCase({ offC: true }));
    const v = dfsVendorOptOut({ ...off, obs: startFailed(off.obs, ctx.obs.error ?? '') });
    expect(v).toMatchObject({ status: 'failed', failureKinds: ['start'] });
  });

  it('fails an opted-out claimed mount that shows directfs, or whose workload fails', async () => {
    const ctx = await vendorContext(claimCase({ offC: true }));
    const shown = dfsVendorOptOut({ ...ctx, obs: editLine(ctx.obs, '/c', (l) => set9pDirectfs(l, true)) });
    expect(shown).toMatchObject({ status: 'failed', failureKinds: ['mount-state'], mount: '/c' });
    const workload = ctx.obs.workload.map((w) => (w.destination === '/c' ? { ...w, ok: false, detail: 'EIO' } : w));
    const v = dfsVendorOptOut({ ...ctx, obs: { ...ctx.obs, workload } });
    expect(v).toMatchObject({ status: 'failed', failureKinds: ['workload'] });
    expect(v.detail).toContain('/c: op');
  });

  it('does not apply to a target that does not claim, or to a case without a claim', async () => {
    expect(dfsVendorOptOut(await vendorContext(claimCase(), 'sim')).status).toBe('not-applicable');
    const ctx = await vendorContext(claimCase({ offC: true }));
    const annotations = Object.fromEntries(
      Object.entries(ctx.case.spec.annotations).filter(([k]) => !k.includes('vendor')),
    );
    const bare = { ...ctx, case: { ...ctx.case, spec: { ...ctx.case.spec, annotations } } };
    expect(dfsVendorOptOut(bare).status).toBe('not-applicable');
  });
});
