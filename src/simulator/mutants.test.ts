import { describe, expect, it } from 'vitest';
import type { Case } from '../model/case.js';
import { hintAnnotations, mixedCase } from './__fixtures__/cases.js';
import { simulate, type SimResult } from './index.js';
import { FAULT_NAMES, faultsOf, MUTANT_NAMES, MUTANTS, type FaultName } from './mutants.js';

const OPTS = { profile: 'modern' as const, caseRoot: '/b', containerId: 'cid' };

function line(r: SimResult, dest: string): string {
  return r.stdout.split('\n').find((l) => l.includes(` ${dest} `)) ?? '';
}

function pair(c: Case, fault: FaultName): { faithful: SimResult; faulty: SimResult } {
  return { faithful: simulate(c, OPTS), faulty: simulate(c, { ...OPTS, faults: new Set([fault]) }) };
}

const DIRECTFS = /,directfs$/;
const ROOTFS_OFF = { 'dev.gvisor.spec.rootfs.source': '$ROOT/rootfs', 'dev.gvisor.spec.rootfs.type': 'bind', 'dev.gvisor.spec.rootfs.directfs': 'off' };

/** Per fault: a case where it matters and what the faulty model must show there. */
const SCENARIOS: Record<FaultName, { c: () => Case; check: (faulty: SimResult, faithful: SimResult) => void }> = {
  'ignore-annotation': { c: () => mixedCase(), check: (f) => expect(line(f, '/off')).toMatch(DIRECTFS) },
  'off-suppresses-all': { c: () => mixedCase(), check: (f) => expect(line(f, '/data')).not.toMatch(DIRECTFS) },
  'root-follows-mount': { c: () => mixedCase(), check: (f) => expect(line(f, '/')).not.toMatch(DIRECTFS) },
  'ignore-rootfs-key': { c: () => mixedCase({}, ROOTFS_OFF), check: (f) => expect(line(f, '/')).toMatch(DIRECTFS) },
  'default-suppresses': { c: () => mixedCase(undefined, hintAnnotations('v1', '$ROOT/vol1', { directfs: 'default' })), check: (f) => expect(line(f, '/data')).not.toMatch(DIRECTFS) },
  'case-insensitive-value': { c: () => mixedCase(undefined, hintAnnotations('v2', '$ROOT/vol2', { directfs: 'OFF' })), check: (f) => expect(line(f, '/off')).not.toMatch(DIRECTFS) },
  'trimmed-value': { c: () => mixedCase(undefined, hintAnnotations('v2', '$ROOT/vol2', { directfs: ' off' })), check: (f) => expect(line(f, '/off')).not.toMatch(DIRECTFS) },
  'prefix-match': { c: () => mixedCase(undefined, hintAnnotations('v2', '$ROOT/vol2/', { directfs: 'off' })), check: (f) => expect(line(f, '/off')).not.toMatch(DIRECTFS) },
  'clean-match': { c: () => mixedCase(undefined, hintAnnotations('v2', '$ROOT//vol2', { directfs: 'off' })), check: (f) => expect(line(f, '/off')).not.toMatch(DIRECTFS) },
  'match-by-name': { c: () => mixedCase(undefined, hintAnnotations('data', '$ROOT/unused', { directfs: 'off' })), check: (f) => expect(line(f, '/data')).not.toMatch(DIRECTFS) },
  'invalid-value-fatal': { c: () => mixedCase(undefined, hintAnnotations('v2', '$ROOT/vol2', { directfs: 'on' })), check: (f) => expect(f.exitCode).toBe(128) },
  'invalid-value-suppresses': { c: () => mixedCase(undefined, hintAnnotations('v2', '$ROOT/vol2', { directfs: 'on' })), check: (f) => expect(line(f, '/off')).not.toMatch(DIRECTFS) },
  'suppress-drops-cache': { c: () => mixedCase(), check: (f) => expect(line(f, '/off')).toMatch(/cache=fscache/) },
  'suppress-drops-fifo': { c: () => mixedCase(), check: (f) => expect(line(f, '/off')).not.toMatch(/disable_fifo_open/) },
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
    check: (f) => {
      expect(f.stdout).toMatch(/DFC-OP 1 \/off create fail /);
      expect(f.effects.find((e) => e.index === 1)?.present).toBe(false);
    },
  },
  'dropped-hint-suppresses': {
    c: () => mixedCase(undefined, { 'dev.gvisor.spec.mount.v2.source': '$ROOT/vol2', 'dev.gvisor.spec.mount.v2.directfs': 'off' }),
    check: (f) => expect(line(f, '/off')).not.toMatch(DIRECTFS),
  },
  'duplicate-sources-tolerated': {
    c: () => mixedCase(undefined, { ...hintAnnotations('a', '$ROOT/vol2'), ...hintAnnotations('b', '$ROOT/vol2') }),
    check: (f, ok) => {
      expect(ok.exitCode).toBe(128);
      expect(f.exitCode).toBe(0);
    },
  },
  'global-off-default-enables': {
    c: () => mixedCase({ overlay2: 'none', directfs: false }, hintAnnotations('v2', '$ROOT/vol2', { directfs: 'default' })),
    check: (f) => expect(f.stderr).toMatch(/mount submount "\/off": .*invalid argument/),
  },
  'suppression-leaks-next': { c: () => mixedCase(), check: (f) => expect(line(f, '/file')).not.toMatch(DIRECTFS) },
  'overlay-keeps-directfs-signal': {
    c: () => mixedCase({ overlay2: 'all:memory' }),
    check: (f, ok) => {
      expect(ok.logs.boot).toMatch(/Mount RPC returned a host FD/);
      expect(f.logs.boot).not.toMatch(/Mount RPC returned a host FD/);
    },
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
    expect(MUTANT_NAMES.length).toBeGreaterThanOrEqual(15);
  });
});
