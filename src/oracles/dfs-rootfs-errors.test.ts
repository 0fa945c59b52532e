import { describe, expect, it } from 'vitest';
import { caseOf, recordedContext, recordedObs, startFailed, timedOut, observedPair } from './__fixtures__/kit.js';
import { dfsRootfsErrors } from './dfs-rootfs-errors.js';

describe('DFS-ROOTFS-ERRORS', () => {
  it('passes on real runsc: directfs alone and an invalid value fail creation naming the annotation', () => {
    expect(dfsRootfsErrors(recordedContext('modern-rootfs-missing-fields')).status).toBe('passed');
    expect(dfsRootfsErrors(recordedContext('modern-rootfs-invalid-value')).status).toBe('passed');
  });

  it('fails when the sandbox starts anyway', () => {
    const ctx = recordedContext('modern-rootfs-invalid-value');
    const v = dfsRootfsErrors({ ...ctx, obs: recordedObs('modern-rootfs-optout') });
    expect(v).toMatchObject({ status: 'failed', observed: 'started' });
  });

  it('fails when the error does not name the annotation', () => {
    const ctx = recordedContext('modern-rootfs-invalid-value');
    const v = dfsRootfsErrors({ ...ctx, obs: { ...ctx.obs, error: 'running container: cannot create sandbox: EOF' } });
    expect(v.status).toBe('failed');
    expect(v.detail).toContain('invalid rootfs annotation (key = \\"directfs\\"');
  });

  it('is not applicable without an erroneous rootfs directfs key or when a pod hint error comes first', () => {
    expect(dfsRootfsErrors(recordedContext('modern-rootfs-optout')).status).toBe('not-applicable');
    const c = caseOf([], { 'dev.gvisor.spec.rootfs.directfs': 'off', 'dev.gvisor.spec.mount.a.b.c': 'x' });
    const obs = recordedObs('modern-duplicate-sources');
    expect(dfsRootfsErrors({ case: c, obs, paired: observedPair(obs), reference: null }).status).toBe('not-applicable');
  });

  it('is not applicable when spec validation rejects a shared bind first (real runsc:modern)', () => {
    const shared = { destination: '/m3', type: 'bind', source: '$ROOT/vol1', options: ['rbind', 'shared'] };
    const c = caseOf([shared], { 'dev.gvisor.spec.rootfs.directfs': 'off ' });
    const error = 'FetchSpec failed: reading spec: mount option "shared" is not supported';
    const obs = startFailed(recordedObs('modern-rootfs-invalid-value'), error);
    const v = dfsRootfsErrors({ case: c, obs, paired: observedPair(obs), reference: null });
    expect(v.status).toBe('not-applicable');
    expect(v.detail).toContain('a spec error comes first');
  });

  it('accepts the flaky pod hint error that may come before the rootfs hint error', () => {
    const c = caseOf([], {
      'dev.gvisor.spec.mount.h2.source': '$ROOT/vol1',
      'dev.gvisor.spec.mount.h3.source': '$ROOT/vol1',
      'dev.gvisor.spec.mount.h3.type': 'bind',
      'dev.gvisor.spec.mount.h3.share': 'shared',
      'dev.gvisor.spec.rootfs.directfs': 'Default',
    });
    const error =
      'running container: creating container: error creating pod mount hints: mounts "h3" and "h2" have the same mount source "$ROOT/vol1"';
    const obs = startFailed(recordedObs('modern-rootfs-invalid-value'), error);
    expect(dfsRootfsErrors({ case: c, obs, paired: observedPair(obs), reference: null }).status).toBe('passed');
  });

  it('is indeterminate when the run timed out', () => {
    const ctx = recordedContext('modern-rootfs-missing-fields');
    expect(dfsRootfsErrors({ ...ctx, obs: timedOut(ctx.obs) }).status).toBe('indeterminate');
  });
});
