import { describe, expect, it } from 'vitest';
import { editLine, recordedContext, timedOut } from './__fixtures__/kit.js';
import { dfsDefaultUnchanged } from './dfs-default-unchanged.js';

const ctx = () => recordedContext('modern-optout-none-paired', undefined, 'prefeature-optout-none-paired');

describe('DFS-DEFAULT-UNCHANGED', () => {
  it('passes on the real modern and pre-feature runs of the same case', () => {
    expect(dfsDefaultUnchanged(ctx())).toMatchObject({ status: 'passed', observedMounts: 11 });
  });

  it('fails and lists the differences when a mount changed', () => {
    const c = ctx();
    const v = dfsDefaultUnchanged({
      ...c,
      obs: editLine(c.obs, '/data', (l) => ({ ...l, superOptions: l.superOptions.filter((o) => o !== 'directfs') })),
    });
    expect(v).toMatchObject({ status: 'failed', mount: '/data' });
    expect(v.detail).toContain('mount /data: target');
    expect(v.detail).toContain('pre-feature');
  });

  it('is not applicable with directfs keys or without a reference', () => {
    expect(
      dfsDefaultUnchanged(recordedContext('modern-optout-none', undefined, 'prefeature-optout-none-paired')).status,
    ).toBe('not-applicable');
    expect(dfsDefaultUnchanged(recordedContext('modern-optout-none-paired')).status).toBe('not-applicable');
  });

  it('is indeterminate when either run timed out', () => {
    const c = ctx();
    expect(dfsDefaultUnchanged({ ...c, obs: timedOut(c.obs) }).status).toBe('indeterminate');
    expect(dfsDefaultUnchanged({ ...c, reference: timedOut(c.obs) }).status).toBe('indeterminate');
  });

  it('is indeterminate, not "not applicable", when the run timed out and no pre-feature run was made for it', () => {
    const c = ctx();
    expect(dfsDefaultUnchanged({ ...c, obs: timedOut(c.obs), reference: null }).status).toBe('indeterminate');
  });
});
