import { describe, expect, it } from 'vitest';
import type { Observation } from './observation.js';
import { loadRecorded } from '../harness/__fixtures__/load.js';
import { diffObservations, errorStage, normalizeError, normalizeObservation } from './normalize.js';
import { observe } from '../harness/observe.js';

const recorded = (name: Parameters<typeof loadRecorded>[0]) => observe(loadRecorded(name).raw);

describe('normalizeObservation', () => {
  it('gives the same value for the same case on the pre-feature and the modern build (real runs)', () => {
    const modern = recorded('modern-optout-none-paired');
    const prefeature = recorded('prefeature-optout-none-paired');
    expect(modern.goferSeccompSyscalls).not.toBe(prefeature.goferSeccompSyscalls);
    expect(normalizeObservation(modern)).toEqual(normalizeObservation(prefeature));
    expect(diffObservations(modern, prefeature)).toEqual([]);
  });

  it('sorts mounts by mount point and hints by name, and drops wall time and seccomp counts', () => {
    const obs = recorded('modern-invalid-values');
    const norm = normalizeObservation({ ...obs, wallMs: 999, goferSeccompSyscalls: 1 });
    const points = norm.mounts.map((m) => m.mountPoint);
    expect(points).toEqual([...points].sort());
    expect(norm.hints.map((h) => h.split(' ')[0])).toEqual(['a', 'b', 'c']);
    expect(norm).toEqual(normalizeObservation(obs));
    expect(JSON.parse(JSON.stringify(norm))).toEqual(norm);
  });

  it('ignores the hint lines of a failed start (runsc logs them in map order until it gives up)', () => {
    const obs = recorded('modern-invalid-values');
    const failed: Observation = {
      ...obs,
      outcome: 'start-failed',
      error: 'x: mounts "a" and "b" have the same mount source "$ROOT/v"',
    };
    expect(normalizeObservation(obs).hints.length).toBeGreaterThan(0);
    expect(normalizeObservation(failed).hints).toEqual([]);
    expect(diffObservations(failed, { ...failed, hints: failed.hints.slice(1) })).toEqual([]);
  });

  it('compares start errors by stage when asked, and in full otherwise', () => {
    const base = recorded('modern-invalid-values');
    const fail = (error: string): Observation => ({
      ...base,
      outcome: 'start-failed',
      error,
      mounts: [],
      workload: [],
      hostChecks: [],
    });
    const a = fail(
      'running container: creating container: cannot create gofer process: creating gofer filestore files: "$ROOT/v" has a filestore file ".x"',
    );
    const b = fail(
      'running container: creating container: cannot create gofer process: creating gofer filestore files: "$ROOT/v" has a filestore file at "/proc/1/root/x"',
    );
    const c = fail(
      'running container: creating container: error creating pod mount hints: mounts "a" and "b" have the same mount source "$ROOT/v"',
    );
    expect(errorStage(a.error)).toBe(
      'running container: creating container: cannot create gofer process: creating gofer filestore files',
    );
    expect(diffObservations(a, b, ['a', 'b'], { errors: 'stage' })).toEqual([]);
    expect(diffObservations(a, b)).toHaveLength(1);
    expect(diffObservations(a, c, ['a', 'c'], { errors: 'stage' })).toHaveLength(1);
    expect(errorStage('x: invalid mount annotation: dev.gvisor.spec.mount.a.b.c=off')).toBe(
      'x: invalid mount annotation',
    );
    // runsc:modern and runsc:prefeature print the rootfs hint struct, which gained SuppressDirectFS.
    const dump = (tail: string) =>
      `x: error creating rootfs hint: rootfs annotations missing required field(s): &{Mount:{Destination: Type: Source: Options:[] UIDMappings:[] GIDMappings:[]} Overlay:self Size:${tail}}`;
    expect(errorStage(dump(' SuppressDirectFS:false'))).toBe(errorStage(dump('')));
    expect(errorStage(dump(''))).toBe('x: error creating rootfs hint: rootfs annotations missing required field(s)');
    expect(normalizeError('file at "/proc/4243/root/x"')).toBe(normalizeError('file at "/proc/14041/root/x"'));
  });

  it('compares only gofer-decided mount facts when asked', () => {
    const obs = recorded('modern-optout-none');
    const tmpfs = obs.mounts.findIndex((m) => m.fsType === 'tmpfs');
    const ninep = obs.mounts.findIndex((m) => m.fsType === '9p');
    expect(tmpfs).toBeGreaterThanOrEqual(0);
    const resized = {
      ...obs,
      mounts: obs.mounts.map((m, i) =>
        i === tmpfs ? { ...m, superOptions: [...m.superOptions, 'size=1024k'], mountOptions: 'rw,noexec' } : m,
      ),
    };
    expect(diffObservations(obs, resized, ['a', 'b'], { mounts: 'gofer' })).toEqual([]);
    expect(diffObservations(obs, resized)).toHaveLength(1);
    const untokened = {
      ...obs,
      mounts: obs.mounts.map((m, i) =>
        i === ninep ? { ...m, superOptions: m.superOptions.filter((o) => o !== 'directfs').concat('x') } : m,
      ),
    };
    expect(diffObservations(obs, untokened, ['a', 'b'], { mounts: 'gofer' })).toHaveLength(1);
  });

  it('ignores which hints a duplicate-source error names, and Go pointers', () => {
    expect(normalizeError('x: mounts "b" and "a" have the same mount source "$ROOT/v"')).toBe(
      'x: mounts "…" and "…" have the same mount source "$ROOT/v"',
    );
    expect(normalizeError('x: mounts "h1" and "h3" have the same mount source "$ROOT/v"')).toBe(
      normalizeError('x: mounts "h2" and "h1" have the same mount source "$ROOT/v"'),
    );
    expect(normalizeError('remaining: {[0x2992972dbf58]}')).toBe('remaining: {[0x?]}');
    expect(normalizeError(null)).toBeNull();
  });
});

describe('diffObservations', () => {
  it('names the mount that lost directfs', () => {
    const diff = diffObservations(recorded('modern-optout-none'), recorded('modern-optout-none-paired'), [
      'off',
      'paired',
    ]);
    expect(diff.some((d) => d.startsWith('mount /off: off ') && d.includes('paired'))).toBe(true);
    expect(diff.some((d) => d.startsWith('hint:'))).toBe(true);
    expect(diff.some((d) => d.startsWith('mount /data'))).toBe(false);
  });

  it('reports outcome, error, missing mounts, workload and host-check differences', () => {
    const base = recorded('modern-optout-none-paired');
    const other: Observation = {
      ...base,
      mounts: base.mounts.filter((m) => m.mountPoint !== '/ro'),
      workload: [{ index: 0, destination: '/data', op: 'create', ok: false, detail: 'x' }],
      hostChecks: [{ index: 0, destination: '/data', check: 'seed-intact', ok: true, detail: '' }],
    };
    const diff = diffObservations(base, other);
    expect(diff).toContain('workload: only b has "0 create fail"');
    expect(diff).toContain('host check: only b has "0 seed-intact ok"');
    expect(diff.some((d) => d.startsWith('mount /ro: only a has 9p'))).toBe(true);
    const failed = recorded('modern-duplicate-sources');
    const d2 = diffObservations(base, failed);
    expect(d2[0]).toBe('outcome: a started ≠ b start-failed');
    expect(d2[1]).toMatch(/^error: a null ≠ b "running container/);
  });
});
