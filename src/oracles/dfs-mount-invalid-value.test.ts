import { describe, expect, it } from 'vitest';
import {
  asOverlay,
  editLine,
  recordedContext,
  recordedObs,
  set9pDirectfs,
  startFailed,
  timedOut,
} from './__fixtures__/kit.js';
import { dfsMountInvalidValue } from './dfs-mount-invalid-value.js';

const ctx = () => recordedContext('modern-invalid-values', 'modern-optout-none-paired');

describe('DFS-MOUNT-INVALID-VALUE', () => {
  it('passes on real runsc: warnings for "on" and " off" and both mounts keep directfs', () => {
    expect(dfsMountInvalidValue(ctx())).toMatchObject({ status: 'passed', observedMounts: 2 });
  });

  it('fails when a warning is missing', () => {
    const c = ctx();
    const v = dfsMountInvalidValue({
      ...c,
      obs: { ...c.obs, hintWarnings: c.obs.hintWarnings.filter((w) => !w.includes('name = "a"')) },
    });
    expect(v.status).toBe('failed');
    expect(v.detail).toContain('hint a: no warning');
  });

  it('fails when the invalid value opted the mount out', () => {
    const c = ctx();
    expect(dfsMountInvalidValue({ ...c, obs: editLine(c.obs, '/off', (l) => set9pDirectfs(l, false)) })).toMatchObject({
      status: 'failed',
      mount: '/off',
    });
  });

  it('fails when the invalid value made the start fatal', () => {
    const c = ctx();
    expect(
      dfsMountInvalidValue({ ...c, obs: startFailed(c.obs, 'error creating pod mount hints: invalid directfs value') })
        .status,
    ).toBe('failed');
  });

  it('is unobservable with no hint log and only overlaid matched mounts', () => {
    const c = ctx();
    const obs = {
      ...editLine(editLine(c.obs, '/off', asOverlay), '/data', asOverlay),
      hints: [],
      hintWarnings: [],
      mounted: [],
    };
    expect(dfsMountInvalidValue({ ...c, obs }).status).toBe('unobservable');
  });

  it('is not applicable without invalid values, indeterminate on timeout', () => {
    expect(dfsMountInvalidValue(recordedContext('modern-optout-none')).status).toBe('not-applicable');
    const c = ctx();
    expect(dfsMountInvalidValue({ ...c, obs: timedOut(recordedObs('modern-invalid-values')) }).status).toBe(
      'indeterminate',
    );
  });
});
