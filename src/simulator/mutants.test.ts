import { describe, expect, it } from 'vitest';
import type { Case } from '../model/case.js';
import { FAILURE_KINDS } from '../model/verdict.js';
import { REQUIREMENT_IDS } from '../model/requirements.js';
import { createSimTarget } from '../harness/sim-target.js';
import { runMutants } from '../runner/mutation.js';
import { hintAnnotations, mixedCase } from './__fixtures__/cases.js';
import { simulate, type SimResult } from './index.js';
import { simulateSubcontainer } from './pod.js';
import { FAULT_NAMES, faultsOf, MUTANT_NAMES, MUTANTS, type FaultName } from './mutants.js';

const OPTS = { profile: 'modern' as const, caseRoot: '/b', containerId: 'cid' };

function line(r: SimResult, dest: string): string {
  return r.stdout.split('\n').find((l) => l.includes(` ${dest} `)) ?? '';
}

function count(text: string, re: RegExp): number {
  return text.split('\n').filter((l) => re.test(l)).length;
}

function pair(c: Case, fault: FaultName): { faithful: SimResult; faulty: SimResult } {
  // A pod case is seen through its first subcontainer, where the pod faults act.
  const run = (o: typeof OPTS & { faults?: Set<FaultName> }): SimResult =>
    c.pod === undefined ? simulate(c, o) : simulateSubcontainer(c, 0, o);
  return { faithful: run(OPTS), faulty: run({ ...OPTS, faults: new Set([fault]) }) };
}

const DIRECTFS = /,directfs$/;
const MOUNT = 'dev.gvisor.spec.mount.';
const HOST_FD = /Mount RPC returned a host FD to mount point without directfs/;
const ROOTFS = { 'dev.gvisor.spec.rootfs.source': '$ROOT/rootfs', 'dev.gvisor.spec.rootfs.type': 'bind' };
const ROOTFS_OFF = { ...ROOTFS, 'dev.gvisor.spec.rootfs.directfs': 'off' };
const INVALID_ON = hintAnnotations('v2', '$ROOT/vol2', { directfs: 'on' });

type Check = (faulty: SimResult, faithful: SimResult) => void;
type Hints = Record<string, string>;
const POD_OFF = hintAnnotations('v1', '$ROOT/vol1', { directfs: 'off' });

/** A pod: the sandbox with `pod` annotations, one subcontainer binding vol1 at /data with `own` annotations. */
function podCase(pod: Hints, own: Hints): Case {
  const c = mixedCase();
  const data = { destination: '/data', type: 'bind', source: '$ROOT/vol1', options: ['rbind'] };
  return {
    ...c,
    spec: { ...c.spec, mounts: [], annotations: pod },
    pod: { containers: [{ name: 'a', mounts: [data], annotations: own }] },
  };
}

/** A check on a sandbox that must still start: a fault whose symptom is no start failure must not break it. */
function started(check: Check): Check {
  return (f, ok) => {
    expect(f.exitCode).toBe(0);
    check(f, ok);
  };
}

/** Per fault: a case where it matters and what the faulty model must show there. */
const SCENARIOS: Record<FaultName, { c: () => Case; check: Check }> = {
  'ignore-annotation': { c: () => mixedCase(), check: started((f) => expect(line(f, '/off')).toMatch(DIRECTFS)) },
  'off-suppresses-all': { c: () => mixedCase(), check: started((f) => expect(line(f, '/data')).not.toMatch(DIRECTFS)) },
  'root-follows-mount': { c: () => mixedCase(), check: started((f) => expect(line(f, '/')).not.toMatch(DIRECTFS)) },
  'ignore-rootfs-key': {
    c: () => mixedCase({}, ROOTFS_OFF),
    check: started((f) => expect(line(f, '/')).toMatch(DIRECTFS)),
  },
  'default-suppresses': {
    c: () => mixedCase(undefined, hintAnnotations('v1', '$ROOT/vol1', { directfs: 'default' })),
    check: started((f) => expect(line(f, '/data')).not.toMatch(DIRECTFS)),
  },
  'case-insensitive-value': {
    c: () => mixedCase(undefined, hintAnnotations('v2', '$ROOT/vol2', { directfs: 'OFF' })),
    check: started((f) => expect(line(f, '/off')).not.toMatch(DIRECTFS)),
  },
  'trimmed-value': {
    c: () => mixedCase(undefined, hintAnnotations('v2', '$ROOT/vol2', { directfs: ' off' })),
    check: started((f) => expect(line(f, '/off')).not.toMatch(DIRECTFS)),
  },
  'prefix-match': {
    c: () => mixedCase(undefined, hintAnnotations('v2', '$ROOT/vol2/', { directfs: 'off' })),
    check: started((f) => expect(line(f, '/off')).not.toMatch(DIRECTFS)),
  },
  'clean-match': {
    c: () => mixedCase(undefined, hintAnnotations('v2', '$ROOT//vol2', { directfs: 'off' })),
    check: started((f) => expect(line(f, '/off')).not.toMatch(DIRECTFS)),
  },
  'match-by-name': {
    c: () => mixedCase(undefined, hintAnnotations('data', '$ROOT/unused', { directfs: 'off' })),
    check: started((f) => expect(line(f, '/data')).not.toMatch(DIRECTFS)),
  },
  'invalid-value-fatal': { c: () => mixedCase(undefined, INVALID_ON), check: (f) => expect(f.exitCode).toBe(128) },
  'invalid-value-suppresses': {
    c: () => mixedCase(undefined, INVALID_ON),
    check: started((f) => expect(line(f, '/off')).not.toMatch(DIRECTFS)),
  },
  'suppress-drops-cache': {
    c: () => mixedCase(),
    check: started((f) => expect(line(f, '/off')).toMatch(/cache=fscache/)),
  },
  'suppress-drops-fifo': {
    c: () => mixedCase(),
    check: started((f) => expect(line(f, '/off')).not.toMatch(/disable_fifo_open/)),
  },
  'lisafs-filters-dropped': {
    c: () => mixedCase(),
    check: (f) => {
      expect(f.exitCode).toBe(128);
      expect(f.stderr).toMatch(/failed to setupFS: .*cannot allocate memory/);
      expect(f.logs.gofer).toMatch(/Installing seccomp filters for 56 syscalls/);
    },
  },
  'lisafs-ops-fail': {
    c: () => mixedCase(),
    check: started((f) => {
      expect(f.stdout).toMatch(/DFC-OP 1 \/off create fail /);
      expect(f.effects.find((e) => e.index === 1)?.present).toBe(false);
    }),
  },
  'dropped-hint-suppresses': {
    c: () => mixedCase(undefined, { [`${MOUNT}v2.source`]: '$ROOT/vol2', [`${MOUNT}v2.directfs`]: 'off' }),
    check: started((f, ok) => {
      expect(line(ok, '/off')).toMatch(DIRECTFS);
      expect(line(f, '/off')).not.toMatch(DIRECTFS);
      expect(f.logs.gofer).toMatch(/Installing seccomp filters for 72 syscalls/);
    }),
  },
  'duplicate-sources-tolerated': {
    c: () => mixedCase(undefined, { ...hintAnnotations('a', '$ROOT/vol2'), ...hintAnnotations('b', '$ROOT/vol2') }),
    check: (f, ok) => {
      expect(ok.exitCode).toBe(128);
      expect(f.exitCode).toBe(0);
    },
  },
  'global-off-default-enables': {
    c: () =>
      mixedCase({ overlay2: 'none', directfs: false }, hintAnnotations('v2', '$ROOT/vol2', { directfs: 'default' })),
    check: started((f, ok) => {
      expect(line(ok, '/off')).not.toMatch(DIRECTFS);
      expect(line(f, '/off')).toMatch(DIRECTFS);
      expect(line(f, '/data')).not.toMatch(DIRECTFS);
    }),
  },
  'suppression-leaks-next': {
    c: () => mixedCase(),
    check: started((f) => expect(line(f, '/file')).not.toMatch(DIRECTFS)),
  },
  'overlay-keeps-directfs-signal': {
    c: () => mixedCase({ overlay2: 'all:memory' }),
    check: started((f, ok) => {
      expect(ok.logs.boot).toMatch(HOST_FD);
      expect(f.logs.boot).not.toMatch(HOST_FD);
    }),
  },
  'mountinfo-hides-directfs': {
    c: () => mixedCase(),
    check: started((f, ok) => {
      expect(line(ok, '/ro')).toMatch(DIRECTFS);
      expect(line(f, '/ro')).not.toMatch(DIRECTFS);
      expect(count(f.logs.boot, HOST_FD)).toBe(count(ok.logs.boot, HOST_FD));
    }),
  },
  'mountinfo-shows-directfs': {
    c: () => mixedCase(),
    check: started((f) => {
      expect(line(f, '/off')).toMatch(DIRECTFS);
      expect(count(f.logs.boot, HOST_FD)).toBe(1);
    }),
  },
  'hostfd-warning-on-root': {
    c: () => mixedCase(),
    check: started((f, ok) => {
      expect(count(ok.logs.boot, HOST_FD)).toBe(1);
      expect(count(f.logs.boot, HOST_FD)).toBe(2);
      expect(line(f, '/')).toMatch(DIRECTFS);
    }),
  },
  'hint-warning-missing': {
    c: () => mixedCase(undefined, INVALID_ON),
    check: started((f, ok) => {
      expect(ok.logs.boot).toMatch(/ignoring invalid mount annotation \(name = "v2", key = "directfs"/);
      expect(f.logs.boot).not.toMatch(/ignoring invalid mount annotation/);
      expect(line(f, '/off')).toMatch(DIRECTFS);
    }),
  },
  'hint-warning-names-source': {
    c: () => mixedCase(undefined, INVALID_ON),
    check: started((f) => {
      expect(f.logs.boot).toMatch(/ignoring invalid mount annotation \(name = "\/b\/vol2", key = "directfs"/);
      expect(f.logs.boot).not.toMatch(/name = "v2"/);
    }),
  },
  'rootfs-overlay-ignores-off': {
    c: () => mixedCase({}, { ...ROOTFS_OFF, 'dev.gvisor.spec.rootfs.overlay': 'memory' }),
    check: started((f, ok) => {
      expect(count(ok.logs.boot, HOST_FD)).toBe(1);
      expect(count(f.logs.boot, HOST_FD)).toBe(0);
    }),
  },
  'rootfs-default-suppresses': {
    c: () => mixedCase({}, { ...ROOTFS, 'dev.gvisor.spec.rootfs.directfs': 'default' }),
    check: started((f, ok) => {
      expect(line(ok, '/')).toMatch(DIRECTFS);
      expect(line(f, '/')).not.toMatch(DIRECTFS);
    }),
  },
  'rootfs-lisafs-filters-dropped': {
    c: () => mixedCase({}, ROOTFS_OFF),
    check: (f, ok) => {
      expect(ok.exitCode).toBe(0);
      expect(f.exitCode).toBe(128);
      expect(f.stderr).toMatch(/failed to setupFS: .*cannot allocate memory/);
    },
  },
  'rootfs-invalid-value-ignored': {
    c: () => mixedCase({}, { ...ROOTFS, 'dev.gvisor.spec.rootfs.directfs': 'on' }),
    check: (f, ok) => {
      expect(ok.exitCode).toBe(128);
      expect(f.exitCode).toBe(0);
    },
  },
  'pod-sentry-reads-own-hints': {
    c: () => podCase(POD_OFF, {}),
    check: started((f) => expect(line(f, '/data')).toMatch(DIRECTFS)),
  },
  'pod-gofer-ignores-own-hints': {
    c: () => podCase(POD_OFF, POD_OFF),
    check: (f) => expect(f.stderr).toMatch(/starting sub-container .*: cannot allocate memory/),
  },
  'ro-ignored': {
    c: () => mixedCase(),
    check: started((f) => {
      expect(line(f, '/ro')).toMatch(/ ro - 9p /);
      expect(f.stdout).toMatch(/DFC-OP 3 \/ro write-denied fail /);
      expect(f.effects.find((e) => e.index === 3)).toMatchObject({ present: false, denied: true });
    }),
  },
};

describe('faults', () => {
  it.each(FAULT_NAMES)('%s changes the simulated run and shows its symptom', (fault) => {
    const s = SCENARIOS[fault];
    const { faithful, faulty } = pair(s.c(), fault);
    expect(faulty).not.toEqual(faithful);
    s.check(faulty, faithful);
  });

  it('leave the faithful model alone when absent', () => {
    const c = mixedCase();
    expect(simulate(c, { ...OPTS, faults: new Set() })).toEqual(simulate(c, OPTS));
  });
});

describe('MUTANTS', () => {
  it('maps every mutant to a known fault, and faultsOf to exactly that fault', () => {
    for (const name of MUTANT_NAMES) {
      expect(FAULT_NAMES).toContain(MUTANTS[name].fault);
      expect([...faultsOf(name)]).toEqual([MUTANTS[name].fault]);
    }
    expect(faultsOf(null).size).toBe(0);
    expect(MUTANT_NAMES.length).toBeGreaterThanOrEqual(25);
  });

  it('declares for every mutant at least one intended requirement with known kinds', () => {
    for (const name of MUTANT_NAMES) {
      const { intended } = MUTANTS[name];
      expect(intended.length, name).toBeGreaterThan(0);
      for (const i of intended) {
        expect(REQUIREMENT_IDS, name).toContain(i.requirement);
        expect(i.kinds.length, name).toBeGreaterThan(0);
        for (const k of i.kinds) expect(FAILURE_KINDS, name).toContain(k);
      }
    }
  });

  // The declared symptom is real: the suite, limited to the intended requirements, kills the mutant as intended.
  it.each(MUTANT_NAMES)('%s fails each intended requirement with an intended kind', async (name) => {
    const { intended } = MUTANTS[name];
    const result = await runMutants(
      [{ name, intended }],
      async (n) => createSimTarget(`sim+mutant:${n}`),
      async () => createSimTarget('sim:prefeature'),
      { cases: 30, seed: 1, jobs: 1, timeoutMs: 10_000, requirements: intended.map((i) => i.requirement) },
    );
    const m = result.mutants[0];
    expect(m?.failures, name).not.toEqual([]);
    expect(m?.killed, `${name}: ${JSON.stringify(m?.failures)}`).toBe(true);
    // Every declared requirement, not just one of them, shows the symptom.
    expect([...(m?.intendedKills ?? [])].sort()).toEqual(intended.map((i) => i.requirement).sort());
  });
});
