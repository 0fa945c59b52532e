import { describe, expect, it } from 'vitest';
import type { RawRun } from '../model/raw-run.js';
import { loadRecorded } from './__fixtures__/load.js';
import { SILENT_EXIT_ERROR, observe } from './observe.js';
import { parseMountinfoLine } from './observe-mountinfo.js';
import { meaningfulErrorLine } from './observe-logs.js';

const at = (obs: ReturnType<typeof observe>, point: string) => obs.mounts.filter((m) => m.mountPoint === point);

function rawRun(over: Partial<RawRun>): RawRun {
  return {
    exitCode: 0,
    stdout: '',
    stderr: '',
    logs: { boot: '', gofer: '', run: '' },
    hostChecks: [],
    caseRoot: '/tmp/case-xyz',
    containerId: 'dfc-abc123',
    wallMs: 5,
    timedOut: false,
    ...over,
  };
}

describe('observe on real modern runsc output', () => {
  it('reads an opted-out mount under --overlay2=none', () => {
    const obs = observe(loadRecorded('modern-optout-none').raw);
    expect(obs.outcome).toBe('started');
    expect(obs.error).toBeNull();
    expect(obs.mounts.map((m) => m.mountPoint)).toEqual([
      '/',
      '/ro',
      '/sys',
      '/dev',
      '/off',
      '/proc',
      '/data',
      '/file/x',
      '/dev/pts',
      '/scratch',
      '/tmp',
    ]);
    expect(at(obs, '/off')[0]?.directfs).toBe('off');
    expect(at(obs, '/data')[0]?.directfs).toBe('on');
    expect(at(obs, '/')[0]?.directfs).toBe('on');
    expect(at(obs, '/scratch')[0]).toMatchObject({ fsType: 'tmpfs', directfs: 'off' });
    expect(at(obs, '/off')[0]?.superOptions.slice(0, 3)).toEqual(['rw', 'trans=fd', 'rfdno=N']);
    expect(at(obs, '/off')[0]?.superOptions).toContain('wfdno=N');
    expect(obs.hints).toEqual([
      { name: 'v2', source: '$ROOT/vol2', type: 'bind', share: 'shared', suppressDirectfs: true },
    ]);
    expect(obs.hostFdWithoutDirectfs).toBe(1);
    expect(obs.hostFdMissing).toBe(0);
    expect(obs.goferSeccompSyscalls).toBe(72);
    expect(obs.probeCompleted).toBe(true);
    const off = obs.mounted.find((m) => m.destination === '/off');
    expect(off).toEqual({
      source: '$ROOT/vol2',
      destination: '/off',
      type: 'bind',
      internalOptions: ['trans=fd', 'rfdno=N', 'wfdno=N', 'cache=remote_revalidating', 'disable_fifo_open'],
    });
    expect(obs.mounted.find((m) => m.destination === '/data')?.internalOptions).toContain('directfs');
  });

  it('reads the paired run without the key: every 9p line has directfs and no host-FD warning', () => {
    const obs = observe(loadRecorded('modern-optout-none-paired').raw);
    expect(obs.mounts.filter((m) => m.fsType === '9p').every((m) => m.directfs === 'on')).toBe(true);
    expect(obs.hostFdWithoutDirectfs).toBe(0);
    expect(obs.goferSeccompSyscalls).toBe(56);
    expect(obs.hints[0]?.suppressDirectfs).toBe(false);
  });

  it('marks overlay lines unobservable (default root overlay, all:memory)', () => {
    const dflt = observe(loadRecorded('modern-default-overlay').raw);
    expect(at(dflt, '/')[0]).toMatchObject({
      fsType: 'overlay',
      mountSource: 'none',
      superOptions: ['rw'],
      directfs: 'unobservable',
    });
    expect(at(dflt, '/off')[0]?.directfs).toBe('off');
    const mem = observe(loadRecorded('modern-all-memory').raw);
    for (const p of ['/', '/data', '/off', '/file/x']) expect(at(mem, p)[0]?.directfs).toBe('unobservable');
    expect(at(mem, '/ro')[0]?.directfs).toBe('off');
    expect(mem.hostFdWithoutDirectfs).toBe(3);
    expect(mem.mounted.find((m) => m.destination === '/off')?.internalOptions).toEqual([]);
  });

  it('reads fatal hint and rootfs-hint errors from stderr', () => {
    const dup = observe(loadRecorded('modern-duplicate-sources').raw);
    expect(dup.outcome).toBe('start-failed');
    expect(dup.exitCode).toBe(128);
    expect(dup.mounts).toEqual([]);
    expect(dup.error).toBe(
      'running container: creating container: error creating pod mount hints: mounts "a" and "b" have the same mount source "$ROOT/vol2"',
    );
    const missing = observe(loadRecorded('modern-rootfs-missing-fields').raw);
    expect(missing.error).toMatch(
      /^running container: creating container: cannot create gofer process: error creating rootfs hint: rootfs annotations missing required field\(s\): /,
    );
    const invalid = observe(loadRecorded('modern-rootfs-invalid-value').raw);
    expect(invalid.error).toBe(
      'running container: creating container: cannot create gofer process: error creating rootfs hint: invalid rootfs annotation (key = "directfs", value = "on"): invalid directfs value "on", want "default" or "off"',
    );
    const flaky = observe(loadRecorded('modern-flaky-gofer-fatal').raw);
    expect(flaky.error).toBe(
      'running container: creating container: cannot create sandbox: cannot read client sync file: waiting for sandbox to start: EOF',
    );
  });

  it('reads hint warnings and dropped hints from the run log', () => {
    const obs = observe(loadRecorded('modern-invalid-values').raw);
    expect(obs.hintWarnings).toContain(
      'ignoring invalid mount annotation (name = "a", key = "directfs", value = "on"): invalid directfs value "on", want "default" or "off"',
    );
    expect(obs.hintWarnings).toContain(
      'ignoring invalid mount annotation (name = "b", key = "directfs", value = " off"): invalid directfs value " off", want "default" or "off"',
    );
    expect(obs.hintWarnings).toContain('ignoring mount annotations for "c" because of missing required field(s)');
    expect(obs.hints.find((h) => h.name === 'c')).toEqual({
      name: 'c',
      source: '$ROOT/vol3',
      type: '',
      share: 'invalid',
      suppressDirectfs: true,
    });
    expect(obs.mounts.filter((m) => m.fsType === '9p').every((m) => m.directfs === 'on')).toBe(true);
  });
});

describe('observe on other builds', () => {
  it('parses the legacy mountinfo format (two spaces before the separator)', () => {
    const obs = observe(loadRecorded('legacy-basic').raw);
    expect(obs.outcome).toBe('started');
    expect(obs.mounts).toHaveLength(9);
    expect(at(obs, '/data')[0]).toMatchObject({ fsType: '9p', mountOptions: 'rw', directfs: 'off' });
    expect(at(obs, '/ro')[0]?.mountOptions).toBe('ro');
  });

  it('takes the flag error, not the usage text, from a rejected flag', () => {
    const obs = observe(loadRecorded('legacy-directfs-flag').raw);
    expect(obs.outcome).toBe('start-failed');
    expect(obs.error).toBe('flag provided but not defined: -directfs');
  });

  it('reads pre-feature hint lines, which have no suppress_directfs field', () => {
    const obs = observe(loadRecorded('prefeature-optout-none-paired').raw);
    expect(obs.hints).toEqual([
      { name: 'v2', source: '$ROOT/vol2', type: 'bind', share: 'shared', suppressDirectfs: false },
    ]);
    expect(obs.goferSeccompSyscalls).toBe(52);
  });
});

describe('observe on synthetic runs', () => {
  it('classifies timed-out, crashed and start-failed runs', () => {
    expect(observe(rawRun({ timedOut: true, exitCode: null })).outcome).toBe('timed-out');
    // runsc claiming success for a container whose output never came: nothing to judge.
    expect(observe(rawRun({ exitCode: 0 }))).toMatchObject({ outcome: 'crashed', error: SILENT_EXIT_ERROR });
    expect(observe(rawRun({ exitCode: null })).outcome).toBe('crashed');
    const failed = observe(rawRun({ exitCode: 128, stderr: 'boom /tmp/case-xyz/x for dfc-abc123\n' }));
    expect(failed).toMatchObject({ outcome: 'start-failed', error: 'boom $ROOT/x for $ID' });
  });

  it('counts a mountinfo block cut off mid-way as a crash, with no mounts to judge', () => {
    const obs = observe(
      rawRun({
        exitCode: 139,
        stdout: 'DFC-MOUNTINFO-BEGIN\n1 0 0:1 / / rw - 9p none rw,rfdno=4,directfs\n',
        stderr: 'Segmentation fault\n',
      }),
    );
    expect(obs).toMatchObject({ outcome: 'crashed', mounts: [], error: 'Segmentation fault' });
  });

  it('counts a run whose probe printed its whole mountinfo as started whatever the exit code', () => {
    const stdout = 'DFC-MOUNTINFO-BEGIN\n1 0 0:1 / / rw - 9p none rw,rfdno=4,directfs\nDFC-MOUNTINFO-END\n';
    const obs = observe(rawRun({ exitCode: 1, stdout }));
    expect(obs.outcome).toBe('started');
    expect(obs.probeCompleted).toBe(false);
    expect(obs.mounts[0]).toMatchObject({ directfs: 'on', superOptions: ['rw', 'rfdno=N', 'directfs'] });
  });

  it('parses DFC-OP lines with and without detail', () => {
    const stdout = [
      'DFC-MOUNTINFO-BEGIN',
      'DFC-MOUNTINFO-END',
      'DFC-OP 0 /data create ok',
      "DFC-OP 2 /a b/c rename fail mv: can't rename: EIO",
      'DFC-OP 3 /r write-denied fail',
      'DFC-END',
    ].join('\n');
    const obs = observe(rawRun({ stdout }));
    expect(obs.workload).toEqual([
      { index: 0, destination: '/data', op: 'create', ok: true, detail: '' },
      { index: 2, destination: '/a b/c', op: 'rename', ok: false, detail: "mv: can't rename: EIO" },
      { index: 3, destination: '/r', op: 'write-denied', ok: false, detail: '' },
    ]);
    expect(obs.probeCompleted).toBe(true);
  });

  it('masks the case root in host-check details and decodes mountinfo escapes', () => {
    const obs = observe(
      rawRun({
        stdout: 'DFC-MOUNTINFO-BEGIN\n5 4 0:2 / /with\\040space rw shared:3 - tmpfs none rw\nDFC-MOUNTINFO-END\n',
        hostChecks: [
          {
            index: 0,
            destination: '/d',
            check: 'seed-intact',
            ok: false,
            detail: '/tmp/case-xyz/vol/seed.txt missing',
          },
        ],
      }),
    );
    expect(obs.mounts[0]).toMatchObject({ mountPoint: '/with space', fsType: 'tmpfs', mountSource: 'none' });
    expect(obs.hostChecks[0]?.detail).toBe('$ROOT/vol/seed.txt missing');
  });

  it('prefers the sentry hint lines when the host log has none', () => {
    const boot =
      'I1126 17:28:32.999890       1 mount_hints.go:105] Mount annotation found, name: v, source: "/tmp/case-xyz/a\\"b", type: tmpfs, share: pod, suppress_directfs: false\n';
    const obs = observe(rawRun({ logs: { boot, gofer: '', run: '' } }));
    expect(obs.hints).toEqual([
      { name: 'v', source: '$ROOT/a"b', type: 'tmpfs', share: 'pod', suppressDirectfs: false },
    ]);
  });
});

describe('meaningfulErrorLine', () => {
  it('ignores debug glog lines and strips FATAL ERROR from warning ones', () => {
    const stderr =
      'W1126 17:29:08.543239       1 util.go:107] FATAL ERROR: parsing mount hints: x\nD1126 17:29:08.543239       1 x.go:1] noise\n';
    expect(meaningfulErrorLine(stderr)).toBe('parsing mount hints: x');
    expect(meaningfulErrorLine(`${stderr}running container: y\n`)).toBe('running container: y');
    expect(meaningfulErrorLine('')).toBeNull();
  });

  it('rejects lines that are not mountinfo', () => {
    expect(parseMountinfoLine('hello world')).toBeNull();
    expect(parseMountinfoLine('1 2 3 4 5 6 - 9p')).toBeNull();
  });
});
