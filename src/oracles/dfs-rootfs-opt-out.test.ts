import { describe, expect, it } from 'vitest';
import { editLine, recordedContext, recordedObs, set9pDirectfs, timedOut, observedPair } from './__fixtures__/kit.js';
import { dfsRootfsOptOut } from './dfs-rootfs-opt-out.js';

const ctx = () => recordedContext('modern-rootfs-optout', 'modern-rootfs-hint-paired');
const overlayCtx = () => ({
  ...recordedContext('modern-rootfs-optout-overlay'),
  paired: observedPair(recordedObs('modern-rootfs-hint-paired')),
});

describe('DFS-ROOTFS-OPT-OUT', () => {
  it('passes on real runsc: the visible root 9p line has no directfs and the gofer kept LisaFS', () => {
    expect(dfsRootfsOptOut(ctx())).toMatchObject({ status: 'passed', observedMounts: 1, mount: '/' });
  });

  it('fails when the root keeps directfs', () => {
    const c = ctx();
    const v = dfsRootfsOptOut({ ...c, obs: editLine(c.obs, '/', (l) => set9pDirectfs(l, true)) });
    expect(v).toMatchObject({ status: 'failed', mount: '/' });
    expect(v.detail).toContain('expected directfs off, observed on');
  });

  it('fails when the gofer did not add the LisaFS syscalls', () => {
    const c = ctx();
    const v = dfsRootfsOptOut({ ...c, obs: { ...c.obs, goferSeccompSyscalls: 56 } });
    expect(v.status).toBe('failed');
    expect(v.detail).toContain('gofer seccomp: expected 72');
  });

  it('uses the host-FD warning count for an overlaid root (real run with overlay: memory)', () => {
    expect(dfsRootfsOptOut(overlayCtx())).toMatchObject({ status: 'passed', observedMounts: 1 });
    const c = overlayCtx();
    expect(dfsRootfsOptOut({ ...c, obs: { ...c.obs, hostFdWithoutDirectfs: 0 } }).status).toBe('failed');
    expect(dfsRootfsOptOut({ ...c, obs: { ...c.obs, mounted: [], hostFdWithoutDirectfs: 0 } }).status).toBe(
      'unobservable',
    );
  });

  it('is not applicable without a complete rootfs opt-out, indeterminate on timeout', () => {
    expect(dfsRootfsOptOut(recordedContext('modern-rootfs-hint-paired')).status).toBe('not-applicable');
    expect(dfsRootfsOptOut(recordedContext('modern-rootfs-missing-fields')).status).toBe('not-applicable');
    const c = ctx();
    expect(dfsRootfsOptOut({ ...c, obs: timedOut(c.obs) }).status).toBe('indeterminate');
  });
});
