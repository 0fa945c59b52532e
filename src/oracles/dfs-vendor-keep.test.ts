import { describe, expect, it } from 'vitest';
import { editLine, set9pDirectfs } from './__fixtures__/kit.js';
import { claimCase, vendorContext } from './__fixtures__/dfs-vendor-kit.js';
import { dfsVendorKeep } from './dfs-vendor-keep.js';

describe('DFS-VENDOR-KEEP', () => {
  it('passes unclaimed mounts with their stock state beside an opted-out claimed one', async () => {
    const kept = dfsVendorKeep(await vendorContext(claimCase({ offC: true })));
    // /u and the unclaimed root, both 9p with directfs.
    expect(kept).toMatchObject({ requirement: 'DFS-VENDOR-KEEP', status: 'passed', observedMounts: 2 });
    const ctx = await vendorContext(claimCase({ offC: true, offU: true }));
    expect(ctx.obs.hostFdWithoutDirectfs).toBe(1);
    expect(dfsVendorKeep(ctx).status).toBe('passed');
  });

  it('fails the planted fault: the unclaimed mount keeps directfs without a host FD, so no start', async () => {
    const v = dfsVendorKeep(await vendorContext(claimCase({ offC: true }), 'sim:vendorbug'));
    expect(v).toMatchObject({ status: 'failed', failureKinds: ['start'] });
  });

  it('fails an unclaimed mount without directfs, and a host-FD count that includes the claimed mount', async () => {
    const ctx = await vendorContext(claimCase({ offC: true }));
    const lost = dfsVendorKeep({ ...ctx, obs: editLine(ctx.obs, '/u', (l) => set9pDirectfs(l, false)) });
    expect(lost).toMatchObject({ status: 'failed', mount: '/u' });
    expect(lost.failureKinds).toContain('mount-state');
    const stock = dfsVendorKeep(await vendorContext(claimCase({ offC: true }), 'sim', 'sim:vendor'));
    expect(stock).toMatchObject({ status: 'failed', failureKinds: ['warning'] });
    expect(stock.detail).toContain('expected 0 (unclaimed opted-out mounts only), observed 1');
  });

  it('leaves a claimed mount that keeps directfs to DFS-VENDOR-OPT-OUT', async () => {
    expect(dfsVendorKeep(await vendorContext(claimCase())).status).toBe('not-applicable');
    expect(dfsVendorKeep(await vendorContext(claimCase({ offC: true }), 'sim')).status).toBe('not-applicable');
  });
});
