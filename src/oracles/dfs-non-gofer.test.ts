import { describe, expect, it } from 'vitest';
import {
  caseOf,
  editLine,
  recordedContext,
  recordedObs,
  startFailed,
  timedOut,
  observedPair,
} from './__fixtures__/kit.js';
import { dfsNonGofer } from './dfs-non-gofer.js';

describe('DFS-NON-GOFER', () => {
  it('passes on real runsc: internal mounts have no directfs and match the paired run', () => {
    const v = dfsNonGofer(recordedContext('modern-optout-none', 'modern-optout-none-paired'));
    expect(v).toMatchObject({ status: 'passed', observedMounts: 6 });
  });

  it('fails when a tmpfs carries directfs', () => {
    const ctx = recordedContext('modern-optout-none', 'modern-optout-none-paired');
    const v = dfsNonGofer({
      ...ctx,
      obs: editLine(ctx.obs, '/scratch', (l) => ({ ...l, superOptions: [...l.superOptions, 'directfs'] })),
    });
    expect(v).toMatchObject({ status: 'failed', mount: '/scratch' });
  });

  it('fails when the directfs keys changed an internal mount', () => {
    const ctx = recordedContext('modern-optout-none', 'modern-optout-none-paired');
    const v = dfsNonGofer({
      ...ctx,
      obs: editLine(ctx.obs, '/tmp', (l) => ({ ...l, superOptions: ['rw', 'mode=0755'] })),
    });
    expect(v.status).toBe('failed');
    expect(v.detail).toContain('/tmp');
  });

  it('is not applicable when start failed in a shape the contract does not cover, indeterminate on timeout', () => {
    const c = caseOf([{ destination: '/dev/pts', type: 'bind', source: '$ROOT/vol1' }]);
    const obs = startFailed(recordedObs('modern-optout-none-paired'), 'not all gofer FDs were consumed');
    expect(dfsNonGofer({ case: c, obs, paired: observedPair(obs), reference: null }).status).toBe('not-applicable');
    const ctx = recordedContext('modern-optout-none');
    expect(dfsNonGofer({ ...ctx, obs: timedOut(ctx.obs) }).status).toBe('indeterminate');
  });
});
