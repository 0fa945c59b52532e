/**
 * What each oracle needs before it may pass, and who owns a start failure
 * (issue: verdicts a CI can trust). Every test feeds an observation that a
 * broken or lying runsc could produce.
 */
import { describe, expect, it } from 'vitest';
import type { Observation } from '../model/observation.js';
import { EVIDENCE } from '../model/requirements.js';
import { dfsDefaultUnchanged } from './dfs-default-unchanged.js';
import { dfsGlobalOff } from './dfs-global-off.js';
import { dfsHintGrammar } from './dfs-hint-grammar.js';
import { dfsKeep } from './dfs-keep.js';
import { dfsMountInvalidValue } from './dfs-mount-invalid-value.js';
import { dfsNonGofer } from './dfs-non-gofer.js';
import { dfsOnlyToken } from './dfs-only-token.js';
import { dfsWorkload } from './dfs-workload.js';
import { judgeAll } from './index.js';
import {
  observedPair,
  recordedContext,
  recordedObs,
  startFailed,
  timedOut,
  withGoodWorkload,
} from './__fixtures__/kit.js';

const segfault = (obs: Observation): Observation => ({ ...startFailed(obs, 'Segmentation fault'), exitCode: 139 });
const noMountinfo = (obs: Observation): Observation => ({
  ...obs,
  mounts: [],
  workload: [],
  hostChecks: [],
  probeCompleted: true,
});

describe('start failures where the contract says the sandbox starts', () => {
  it('fail every mount requirement that judges a case without directfs keys (no paired excuse)', () => {
    const ctx = recordedContext('modern-optout-none-paired');
    const verdicts = judgeAll({ ...ctx, obs: segfault(ctx.obs) });
    const failed = verdicts.filter((v) => v.status === 'failed');
    expect(failed.map((v) => v.requirement)).toEqual(
      expect.arrayContaining(['DFS-KEEP', 'DFS-NON-GOFER', 'DFS-WORKLOAD']),
    );
    for (const v of failed) expect(v.failureKinds).toEqual(['start']);
    expect(verdicts.some((v) => v.status === 'passed')).toBe(false);
    expect(failed[0]?.detail).toContain('without the directfs keys: the case has no directfs keys');
  });

  it('fail even when the paired run fails the same way, and say so', () => {
    const ctx = recordedContext('modern-optout-none', 'modern-optout-none-paired');
    const paired = observedPair(segfault(recordedObs('modern-optout-none-paired')));
    const v = dfsKeep({ ...ctx, obs: segfault(ctx.obs), paired });
    expect(v).toMatchObject({ status: 'failed', failureKinds: ['start'] });
    expect(v.detail).toContain('without the directfs keys: start-failed: Segmentation fault');
  });

  it('are not held against a case the contract does not cover, with the reason', () => {
    const ctx = recordedContext('modern-flaky-gofer-fatal');
    const v = dfsKeep({ ...ctx, obs: segfault(ctx.obs) });
    expect(v.status).toBe('not-applicable');
    expect(v.detail).toContain('the contract does not cover this case: flaky hint set');
  });
});

describe('a started sandbox with an empty mountinfo', () => {
  it('fails every requirement that judges mounts, none passes', () => {
    const ctx = recordedContext('modern-optout-none-paired');
    const verdicts = judgeAll({ ...ctx, obs: noMountinfo(ctx.obs) });
    expect(verdicts.filter((v) => v.status === 'passed')).toEqual([]);
    expect(verdicts.find((v) => v.requirement === 'DFS-WORKLOAD')).toMatchObject({
      status: 'failed',
      failureKinds: ['mount-state'],
    });
    expect(verdicts.find((v) => v.requirement === 'DFS-NON-GOFER')?.status).toBe('failed');
  });

  it('fails a comparison whose paired run showed no line', () => {
    const ctx = recordedContext('modern-optout-none', 'modern-optout-none-paired');
    const v = dfsOnlyToken({ ...ctx, paired: observedPair(noMountinfo(recordedObs('modern-optout-none-paired'))) });
    expect(v).toMatchObject({ status: 'failed', failureKinds: ['mount-state'] });
  });
});

describe('minimum evidence to pass', () => {
  it("every mount oracle fails a mountinfo that lacks the case's gofer mounts (a host's, or made up)", () => {
    const ctx = recordedContext('modern-optout-none', 'modern-optout-none-paired');
    const hostLike = { ...ctx.obs, mounts: ctx.obs.mounts.filter((l) => l.fsType !== '9p') };
    const verdicts = judgeAll({ ...ctx, obs: hostLike }).filter((v) => EVIDENCE[v.requirement] === 'mounts');
    expect(verdicts.filter((v) => v.status === 'passed')).toEqual([]);
    const only = dfsOnlyToken({ ...ctx, obs: hostLike });
    expect(only).toMatchObject({ status: 'failed', failureKinds: ['mount-state'] });
    expect(only.detail).toContain('/data (no line), /off (no line)');
  });

  it('DFS-WORKLOAD fails a planned gofer mount that has no mountinfo line', () => {
    const base = recordedContext('modern-optout-none', 'modern-optout-none-paired');
    const obs = withGoodWorkload(base.case, base.obs);
    const v = dfsWorkload({ ...base, obs: { ...obs, mounts: obs.mounts.filter((l) => l.mountPoint !== '/data') } });
    expect(v).toMatchObject({ status: 'failed', failureKinds: ['mount-state'] });
    expect(v.detail).toContain('no gofer (9p or overlay) line for /data (no line)');
  });

  it('DFS-NON-GOFER needs the comparison with the paired run to pass', () => {
    expect(dfsNonGofer(recordedContext('modern-optout-none', 'modern-optout-none-paired')).status).toBe('passed');
    const noKeys = dfsNonGofer(recordedContext('modern-optout-none-paired'));
    expect(noKeys).toMatchObject({ status: 'not-applicable' });
    expect(noKeys.detail).toContain('nothing to compare');
    const notRun = dfsNonGofer(recordedContext('modern-optout-none'));
    expect(notRun.status).toBe('not-applicable');
    expect(notRun.detail).toContain('was not made');
  });

  it('DFS-NON-GOFER fails a started sandbox with no sentry-internal line', () => {
    const ctx = recordedContext('modern-optout-none', 'modern-optout-none-paired');
    const only9p = { ...ctx.obs, mounts: ctx.obs.mounts.filter((l) => l.fsType === '9p') };
    expect(dfsNonGofer({ ...ctx, obs: only9p })).toMatchObject({ status: 'failed', failureKinds: ['mount-state'] });
  });

  it('DFS-MOUNT-INVALID-VALUE cannot pass without a parsed hint log line', () => {
    const ctx = recordedContext('modern-invalid-values');
    expect(dfsMountInvalidValue(ctx).status).toBe('passed');
    const v = dfsMountInvalidValue({ ...ctx, obs: { ...ctx.obs, hints: [], hintWarnings: [] } });
    expect(v.status).toBe('unobservable');
    expect(v.detail).toContain('no hint log line');
  });

  it('DFS-GLOBAL-OFF fails a gofer mount that has no line at all', () => {
    const ctx = recordedContext('modern-directfs-false');
    const v = dfsGlobalOff({
      ...ctx,
      obs: { ...ctx.obs, mounts: ctx.obs.mounts.filter((l) => l.mountPoint !== '/data') },
    });
    expect(v).toMatchObject({ status: 'failed', failureKinds: ['mount-state'] });
  });
});

describe('DFS-HINT-GRAMMAR and start failures that are not about hints', () => {
  it('fails a start failure where the contract says the hint set starts', () => {
    const ctx = recordedContext('modern-invalid-values');
    const v = dfsHintGrammar({ ...ctx, obs: segfault(ctx.obs) });
    expect(v).toMatchObject({ status: 'failed', failureKinds: ['start'] });
  });

  it('is not applicable when the contract does not cover the case, and indeterminate on a timeout', () => {
    const ctx = recordedContext('modern-flaky-gofer-fatal');
    expect(dfsHintGrammar({ ...ctx, obs: segfault(ctx.obs) }).status).toBe('not-applicable');
    expect(dfsHintGrammar({ ...ctx, obs: timedOut(ctx.obs) }).status).not.toBe('passed');
  });
});

describe('DFS-DEFAULT-UNCHANGED compares errno, failing path and ro/rw', () => {
  const ctx = () => recordedContext('modern-optout-none-paired', undefined, 'prefeature-optout-none-paired');
  const fail = (obs: Observation, error: string): Observation => startFailed(obs, error);
  const stage =
    'running container: starting container: starting sub-container [/bin/sh]: failed to setupFS: mounting submounts';

  it('fails when the errno of a start error differs', () => {
    const c = ctx();
    const a = fail(c.obs, `${stage}: mount submount "/data": no such file or directory`);
    const b = fail(c.obs, `${stage}: mount submount "/data": invalid argument`);
    expect(dfsDefaultUnchanged({ ...c, obs: a, reference: b })).toMatchObject({
      status: 'failed',
      failureKinds: ['start'],
    });
    expect(dfsDefaultUnchanged({ ...c, obs: a, reference: a }).status).toBe('passed');
  });

  it('fails when the failing mount differs', () => {
    const c = ctx();
    const a = fail(c.obs, `${stage}: mount submount "/data": no such file or directory`);
    const b = fail(c.obs, `${stage}: mount submount "/other": no such file or directory`);
    expect(dfsDefaultUnchanged({ ...c, obs: a, reference: b }).status).toBe('failed');
  });

  it('fails when a mount turns read-only', () => {
    const c = ctx();
    const ro = {
      ...c.obs,
      mounts: c.obs.mounts.map((l) => (l.mountPoint === '/data' ? { ...l, mountOptions: 'ro' } : l)),
    };
    expect(dfsDefaultUnchanged({ ...c, obs: ro })).toMatchObject({
      status: 'failed',
      mount: '/data',
      failureKinds: ['mount-state'],
    });
  });
});
