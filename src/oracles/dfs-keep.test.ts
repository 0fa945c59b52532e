import { describe, expect, it } from 'vitest';
import { editLine, recordedCase, recordedContext, set9pDirectfs } from './__fixtures__/kit.js';
import { dfsKeep } from './dfs-keep.js';

describe('DFS-KEEP', () => {
  it('passes on real runsc: every other mount and the root keep directfs', () => {
    expect(dfsKeep(recordedContext('modern-optout-none', 'modern-optout-none-paired'))).toMatchObject({
      status: 'passed',
      observedMounts: 4,
    });
    expect(dfsKeep(recordedContext('modern-invalid-values'))).toMatchObject({ status: 'passed', observedMounts: 4 });
  });

  it('fails when a mount that is not opted out lost directfs', () => {
    const ctx = recordedContext('modern-invalid-values');
    const v = dfsKeep({ ...ctx, obs: editLine(ctx.obs, '/off', (l) => set9pDirectfs(l, false)) });
    expect(v).toMatchObject({ status: 'failed', mount: '/off' });
    expect(v.detail).toContain('expected directfs on, observed off');
  });

  it('fails on an extra host-FD warning (an overlaid kept mount without directfs)', () => {
    const ctx = recordedContext('modern-all-memory');
    const v = dfsKeep({ ...ctx, obs: { ...ctx.obs, hostFdWithoutDirectfs: 4 } });
    expect(v.status).toBe('failed');
    expect(v.detail).toContain('expected 3, observed 4');
  });

  it('is unobservable when every kept mount is overlaid and there is no boot log', () => {
    const ctx = recordedContext('modern-all-memory');
    expect(dfsKeep({ ...ctx, obs: { ...ctx.obs, mounted: [] } })).toMatchObject({
      status: 'unobservable',
      observedMounts: 0,
    });
  });

  it('is not applicable with --directfs=false', () => {
    expect(dfsKeep(recordedContext('modern-directfs-false')).status).toBe('not-applicable');
  });

  it('is indeterminate when the run crashed', () => {
    const ctx = recordedContext('modern-invalid-values');
    expect(dfsKeep({ ...ctx, obs: { ...ctx.obs, outcome: 'crashed' } }).status).toBe('indeterminate');
  });

  it('fails when an invalid-value hint nevertheless opted a mount out', () => {
    const c = recordedCase('modern-invalid-values');
    const ctx = recordedContext('modern-invalid-values');
    expect(dfsKeep({ ...ctx, case: c, obs: editLine(ctx.obs, '/data', (l) => set9pDirectfs(l, false)) }).mount).toBe(
      '/data',
    );
  });
});
