import { describe, expect, it } from 'vitest';
import type { Case } from '../model/case.js';
import type { MountLine, Observation } from '../model/observation.js';
import { createSimTarget } from '../harness/sim-target.js';
import { observeRun, podOf, type PodObservation } from '../harness/pod-observe.js';
import { ORACLES } from './index.js';
import type { OracleContext } from './oracle.js';

const M = 'dev.gvisor.spec.mount.';
const HINT = (directfs: string | null, withSource = true): Record<string, string> => ({
  ...(withSource ? { [`${M}vol0.source`]: '$ROOT/vol0' } : {}),
  [`${M}vol0.type`]: 'bind',
  [`${M}vol0.share`]: 'shared',
  ...(directfs === null ? {} : { [`${M}vol0.directfs`]: directfs }),
});

/** A pod: hints `pod` on the sandbox, one subcontainer `a` binding vol0 at /v0 with its own annotations `own`. */
function pod(pod: Record<string, string>, own: Record<string, string>, extra: Partial<Case> = {}): Case {
  return {
    flags: { directfs: null, overlay2: 'none', fileAccess: null, fileAccessMounts: null },
    spec: { root: { path: 'rootfs', readonly: false }, mounts: [], annotations: pod },
    fixtures: [{ path: 'vol0', kind: 'dir' }],
    pod: {
      containers: [
        {
          name: 'a',
          mounts: [{ destination: '/v0', type: 'bind', source: '$ROOT/vol0', options: ['rbind'] }],
          annotations: own,
        },
      ],
    },
    ...extra,
  };
}

async function simObs(c: Case): Promise<PodObservation> {
  return observeRun(await createSimTarget('sim').run(c, { timeoutMs: 1000 })) as PodObservation;
}

function ctx(c: Case, obs: Observation): OracleContext {
  return { case: c, obs, paired: { kind: 'not-run' }, reference: null };
}

/** `obs` with subcontainer 0's observation changed by `f`. */
function withSub(obs: PodObservation, f: (o: Observation) => Observation): PodObservation {
  const subs = podOf(obs) ?? [];
  return { ...obs, pod: subs.map((s, i) => (i === 0 ? { ...s, obs: f(s.obs) } : s)) };
}

function setDirectfs(line: MountLine, on: boolean): MountLine {
  const rest = line.superOptions.filter((o) => o !== 'directfs');
  return { ...line, superOptions: on ? [...rest, 'directfs'] : rest, directfs: on ? 'on' : 'off' };
}

function flipV0(o: Observation, on: boolean): Observation {
  return { ...o, mounts: o.mounts.map((l) => (l.mountPoint === '/v0' ? setDirectfs(l, on) : l)) };
}

describe('DFS-POD-HINTS', () => {
  it('passes when a pod-level opt-out repeated in the subcontainer spec leaves /v0 without directfs', async () => {
    const c = pod(HINT('off'), HINT('off'));
    const v = ORACLES['DFS-POD-HINTS'](ctx(c, await simObs(c)));
    expect(v.status, v.detail).toBe('passed');
    expect(v.observedMounts).toBe(1);
  });

  it('fails when the opted-out subcontainer mount keeps directfs', async () => {
    const c = pod(HINT('off'), HINT('off'));
    const v = ORACLES['DFS-POD-HINTS'](
      ctx(
        c,
        withSub(await simObs(c), (o) => flipV0(o, true)),
      ),
    );
    expect(v.status).toBe('failed');
    expect(v.failureKinds).toEqual(['mount-state']);
    expect(v.mount).toBe('a:/v0');
  });

  it("fails when a hint only in the subcontainer's own spec removes directfs", async () => {
    const c = pod({}, HINT('off'));
    const obs = await simObs(c);
    expect(ORACLES['DFS-POD-HINTS'](ctx(c, obs)).status).toBe('passed');
    const v = ORACLES['DFS-POD-HINTS'](
      ctx(
        c,
        withSub(obs, (o) => flipV0(o, false)),
      ),
    );
    expect(v.status).toBe('failed');
  });

  it('is not applicable to a single-container case', async () => {
    const { pod: _p, ...single } = pod(HINT('off'), {});
    expect(ORACLES['DFS-POD-HINTS'](ctx(single, await simObs(single))).status).toBe('not-applicable');
  });
});

describe('DFS-POD-START', () => {
  it('tags the failure of a shim-style pod opt-out as the known gofer SIGSYS bug', async () => {
    const c = pod(HINT('off'), HINT('off', false));
    const v = ORACLES['DFS-POD-START'](ctx(c, await simObs(c)));
    expect(v.status).toBe('failed');
    expect(v.knownBug).toBe('subcontainer-gofer-sigsys');
    expect(v.failureKinds).toEqual(['start']);
  });

  it('fails without a known bug when a subcontainer that repeats the opt-out does not start', async () => {
    const c = pod(HINT('off'), HINT('off'));
    const obs = await simObs(c);
    expect(ORACLES['DFS-POD-START'](ctx(c, obs)).status).toBe('passed');
    const dead = withSub(obs, (o) => ({ ...o, outcome: 'start-failed', error: 'cannot allocate memory', mounts: [] }));
    const v = ORACLES['DFS-POD-START'](ctx(c, dead));
    expect(v.status).toBe('failed');
    expect(v.knownBug).toBeUndefined();
  });

  it('fails on a workload operation that failed in the subcontainer', async () => {
    const c = pod(HINT('off'), HINT('off'));
    const broken = withSub(await simObs(c), (o) => ({
      ...o,
      workload: o.workload.map((w) => (w.op === 'mkdir' ? { ...w, ok: false, detail: 'Bad system call' } : w)),
    }));
    const v = ORACLES['DFS-POD-START'](ctx(c, broken));
    expect(v.status).toBe('failed');
    expect(v.failureKinds).toContain('workload');
  });

  it('a crashing override behind a mount in the gofer mismatch fails as that mismatch, and the pod lives on', async () => {
    const base = pod(HINT('off'), {});
    const a = base.pod?.containers[0] as NonNullable<Case['pod']>['containers'][number];
    const c: Case = {
      ...base,
      flags: { ...base.flags, directfs: false },
      pod: {
        containers: [
          { ...a, directfsOverride: true },
          { ...a, name: 'b', directfsOverride: false },
        ],
      },
    };
    const obs = await simObs(c);
    expect(podOf(obs)?.map((p) => p.obs.outcome)).toEqual(['start-failed', 'started']);
    const v = ORACLES['DFS-POD-START'](ctx(c, obs));
    expect(v.knownBug).toBe('subcontainer-gofer-sigsys');
  });

  it('tags a subcontainer turning directfs on in a --directfs=false sandbox as the known crash', async () => {
    const base = pod({}, {});
    const sub = {
      ...(base.pod?.containers[0] as NonNullable<Case['pod']>['containers'][number]),
      directfsOverride: true,
    };
    const c: Case = { ...base, flags: { ...base.flags, directfs: false }, pod: { containers: [sub] } };
    const v = ORACLES['DFS-POD-START'](ctx(c, await simObs(c)));
    expect(v.status).toBe('failed');
    expect(v.knownBug).toBe('subcontainer-directfs-override-crash');
  });
});
