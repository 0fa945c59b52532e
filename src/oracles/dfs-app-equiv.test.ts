import { describe, expect, it } from 'vitest';
import {
  recordedContext,
  recordedObs,
  startFailed,
  timedOut,
  withGoodWorkload,
  observedPair,
} from './__fixtures__/kit.js';
import { dfsAppEquiv } from './dfs-app-equiv.js';
import type { OracleContext } from './oracle.js';

function ctx(): OracleContext {
  const base = recordedContext('modern-optout-none', 'modern-optout-none-paired');
  return {
    ...base,
    obs: withGoodWorkload(base.case, base.obs),
    paired: observedPair(withGoodWorkload(base.case, recordedObs('modern-optout-none-paired'))),
  };
}

describe('DFS-APP-EQUIV', () => {
  it('passes when the workload and host checks match the run without the opt-out', () => {
    expect(dfsAppEquiv(ctx())).toMatchObject({ status: 'passed', observedMounts: 4 });
  });

  it('fails when an op result differs, naming the mount', () => {
    const c = ctx();
    const workload = c.obs.workload.map((w) =>
      w.destination === '/off' && w.op === 'readdir' ? { ...w, ok: false } : w,
    );
    const v = dfsAppEquiv({ ...c, obs: { ...c.obs, workload } });
    expect(v).toMatchObject({ status: 'failed', mount: '/off' });
    expect(v.detail).toContain('op "1 /off readdir fail" with the directfs keys');
  });

  it('fails when a host check differs', () => {
    const c = ctx();
    const hostChecks = c.obs.hostChecks.map((h) =>
      h.destination === '/off' && h.check === 'effects-present' ? { ...h, ok: false } : h,
    );
    expect(dfsAppEquiv({ ...c, obs: { ...c.obs, hostChecks } }).status).toBe('failed');
  });

  it('is not applicable without directfs keys or when the paired run fails where it may', () => {
    expect(dfsAppEquiv(recordedContext('modern-optout-none-paired')).status).toBe('not-applicable');
    const c = ctx();
    expect(dfsAppEquiv({ ...c, paired: observedPair(startFailed(c.obs, 'boom')) }).status).toBe('failed');
  });

  it('is indeterminate when either run timed out', () => {
    const c = ctx();
    expect(dfsAppEquiv({ ...c, obs: timedOut(c.obs) }).status).toBe('indeterminate');
    expect(dfsAppEquiv({ ...c, paired: observedPair(timedOut(c.obs)) }).status).toBe('indeterminate');
  });
});
