import { describe, expect, it } from 'vitest';
import { caseOf, recordedContext, timedOut, withGoodWorkload } from './__fixtures__/kit.js';
import { dfsWorkload } from './dfs-workload.js';
import type { OracleContext } from './oracle.js';

function good(name: 'modern-optout-none' | 'modern-all-memory'): OracleContext {
  const ctx = recordedContext(name);
  return { ...ctx, obs: withGoodWorkload(ctx.case, ctx.obs) };
}

describe('DFS-WORKLOAD', () => {
  it('passes when every op succeeds and effects reach the host of 9p mounts (real mount table)', () => {
    expect(dfsWorkload(good('modern-optout-none'))).toMatchObject({ status: 'passed', observedMounts: 4 });
  });

  it('passes when overlaid mounts keep their effects off the host (real all:memory mount table)', () => {
    expect(dfsWorkload(good('modern-all-memory'))).toMatchObject({ status: 'passed', observedMounts: 4 });
  });

  it('fails when an op fails on the opted-out mount', () => {
    const ctx = good('modern-optout-none');
    const workload = ctx.obs.workload.map((w) =>
      w.destination === '/off' && w.op === 'truncate' ? { ...w, ok: false, detail: 'EIO' } : w,
    );
    const v = dfsWorkload({ ...ctx, obs: { ...ctx.obs, workload } });
    expect(v).toMatchObject({ status: 'failed', mount: '/off' });
    expect(v.detail).toContain('op truncate failed (EIO)');
  });

  it('fails when effects did not reach the host, or leaked through an overlay', () => {
    const ctx = good('modern-optout-none');
    const hostChecks = ctx.obs.hostChecks.map((c) =>
      c.destination === '/data' && c.check === 'effects-present' ? { ...c, ok: false } : c,
    );
    expect(dfsWorkload({ ...ctx, obs: { ...ctx.obs, hostChecks } }).mount).toBe('/data');
    const mem = good('modern-all-memory');
    const leaked = mem.obs.hostChecks.map((c) =>
      c.destination === '/off' && c.check === 'effects-absent' ? { ...c, ok: false } : c,
    );
    expect(dfsWorkload({ ...mem, obs: { ...mem.obs, hostChecks: leaked } })).toMatchObject({
      status: 'failed',
      mount: '/off',
    });
  });

  it('fails when the probe did not complete or an op has no result', () => {
    const ctx = good('modern-optout-none');
    expect(dfsWorkload({ ...ctx, obs: { ...ctx.obs, probeCompleted: false } }).detail).toContain('did not complete');
    expect(dfsWorkload({ ...ctx, obs: { ...ctx.obs, workload: ctx.obs.workload.slice(1) } }).status).toBe('failed');
  });

  it('is not applicable without planned gofer mounts, indeterminate on timeout', () => {
    const ctx = recordedContext('modern-rootfs-optout');
    expect(dfsWorkload(ctx).status).toBe('not-applicable');
    const tmpfsOnly = caseOf([{ destination: '/t', type: 'tmpfs', source: 'tmpfs' }]);
    expect(dfsWorkload({ ...ctx, case: tmpfsOnly }).status).toBe('not-applicable');
    const g = good('modern-optout-none');
    expect(dfsWorkload({ ...g, obs: timedOut(g.obs) }).status).toBe('indeterminate');
  });
});
