import { describe, expect, it } from 'vitest';
import type { Case } from '../model/case.js';
import { MOUNTINFO_BEGIN, MOUNTINFO_END, PROBE_END } from '../probe/protocol.js';
import { DEFAULT_FLAGS, hintAnnotations, MIXED_CASE_MODERN_MOUNTINFO, mixedCase } from './__fixtures__/cases.js';
import { simulate, type SimOptions } from './index.js';

const OPTS: SimOptions = { profile: 'modern', caseRoot: '/b', containerId: 'cid' };

function mountinfo(stdout: string): string[] {
  const start = stdout.indexOf(`${MOUNTINFO_BEGIN}\n`) + MOUNTINFO_BEGIN.length + 1;
  return stdout
    .slice(start, stdout.indexOf(MOUNTINFO_END))
    .split('\n')
    .filter((l) => l !== '');
}

const lines = (log: string, pattern: RegExp) => log.split('\n').filter((l) => pattern.test(l));

describe('simulate: a started sandbox (modern)', () => {
  const r = simulate(mixedCase(), OPTS);

  it('prints the mountinfo the modern build printed for the same case', () => {
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('');
    expect(mountinfo(r.stdout)).toEqual(MIXED_CASE_MODERN_MOUNTINFO);
  });

  it('then one DFC-OP line per planned operation and DFC-END', () => {
    const ops = r.stdout.split('\n').filter((l) => l.startsWith('DFC-OP'));
    expect(ops).toHaveLength(9 + 9 + 3 + 3);
    expect(ops.every((l) => l.endsWith(' ok'))).toBe(true);
    expect(r.stdout.endsWith(`${PROBE_END}\n`)).toBe(true);
  });

  it('lets only the writable 9p mounts reach the host', () => {
    const left = { denied: false, seedIntact: true };
    expect(r.effects).toEqual([
      { index: 0, present: true, ...left },
      { index: 1, present: true, ...left },
      { index: 2, present: true, ...left },
      { index: 3, present: false, ...left },
    ]);
  });

  it('logs the hint in all three processes, one host-FD warning, and the LisaFS seccomp count', () => {
    const found =
      /Mount annotation found, name: v2, source: "\/b\/vol2", type: bind, share: shared, suppress_directfs: true$/;
    expect([r.logs.run, r.logs.gofer, r.logs.boot].map((l) => lines(l, found).length)).toEqual([1, 1, 1]);
    expect(
      lines(r.logs.boot, /Mount RPC returned a host FD to mount point without directfs, we didn't ask for it/),
    ).toHaveLength(1);
    expect(lines(r.logs.gofer, /Installing seccomp filters for 72 syscalls/)).toHaveLength(1);
    expect(lines(r.logs.boot, /Installing seccomp filters for 98 syscalls/)).toHaveLength(1);
    expect(
      lines(
        r.logs.run,
        /Starting gofer with command: \[runsc-gofer .* --gofer-mount-confs=lisafs:none,lisafs:none,lisafs:none,lisafs:none,lisafs:none /,
      ),
    ).toHaveLength(1);
  });

  it('logs one Mounted line per mount, with the gofer data for 9p mounts', () => {
    const mounted = lines(r.logs.boot, /\] Mounted "/);
    expect(mounted).toHaveLength(10);
    expect(
      mounted.some((l) =>
        l.endsWith(
          'Mounted "/b/vol2" to "/off" type: bind, internal-options: "trans=fd,rfdno=6,wfdno=6,cache=remote_revalidating,disable_fifo_open"',
        ),
      ),
    ).toBe(true);
    expect(
      mounted.some((l) =>
        l.endsWith(
          'Mounted "/b/vol1" to "/data" type: bind, internal-options: "trans=fd,rfdno=5,wfdno=5,cache=remote_revalidating,directfs,disable_fifo_open"',
        ),
      ),
    ).toBe(true);
  });

  it('formats log lines like glog', () => {
    expect(r.logs.boot.split('\n')[0]).toMatch(/^I1126 17:25:24\.\d{6} {7}1 cli\.go:278\] Args: \[runsc-sandbox /);
  });
});

describe('simulate: --debug', () => {
  const quiet = simulate(mixedCase(), OPTS);
  const loud = simulate(mixedCase(), { ...OPTS, debug: true });
  const all = (r: typeof quiet) => `${r.logs.run}${r.logs.gofer}${r.logs.boot}`;

  it('logs Debug-level lines only with --debug, as runsc does', () => {
    expect(lines(all(quiet), /^D\d{4} /)).toEqual([]);
    expect(lines(loud.logs.run, /^D\d{4} .*\] Starting (gofer|sandbox): \/proc\/self\/exe \[runsc-/)).toHaveLength(2);
    expect(lines(loud.logs.boot, /^D\d{4} .*\] Mounting "\/b\/vol2" to "\/off", type: bind, options: \[/)).toHaveLength(
      1,
    );
  });

  it('passes --debug=true to the gofer and the sandbox only with --debug', () => {
    expect(lines(all(quiet), /--debug=true|runsc .*--debug /)).toEqual([]);
    expect(lines(loud.logs.gofer, /Args: \[runsc-gofer --root=\S+ --debug=true /)).toHaveLength(1);
    expect(lines(loud.logs.boot, /Args: \[runsc-sandbox --root=\S+ --debug=true /)).toHaveLength(1);
    expect(lines(loud.logs.run, /Args: \[runsc .* --debug --debug-log=/)).toHaveLength(1);
  });

  it('changes nothing else the run shows', () => {
    expect(loud.stdout).toBe(quiet.stdout);
    expect(loud.effects).toEqual(quiet.effects);
    const info = (r: typeof quiet) => lines(all(r), /^[IW]\d{4} /).map((l) => l.replace(/ --debug(=true)?/g, ''));
    expect(info(loud).map((l) => l.slice(22))).toEqual(info(quiet).map((l) => l.slice(22)));
  });
});

describe('simulate: directfs decisions', () => {
  it('keeps the seccomp base count and no W line without an opt-out', () => {
    const r = simulate(mixedCase({ overlay2: 'none' }, {}), OPTS);
    expect(lines(r.logs.gofer, /Installing seccomp filters for 56 syscalls/)).toHaveLength(1);
    expect(r.logs.boot).not.toMatch(/Mount RPC returned/);
  });

  it('warns once per opted-out gofer connection: overlaid lowers and repeated sources too', () => {
    const c = mixedCase({ overlay2: 'all:memory' });
    c.spec.mounts.push({ destination: '/off2', type: 'bind', source: '$ROOT/vol2', options: ['rbind'] });
    const r = simulate(c, OPTS);
    expect(lines(r.logs.boot, /Mount RPC returned a host FD/)).toHaveLength(2);
    expect(
      mountinfo(r.stdout)
        .filter((l) => / \/off2? /.test(l))
        .every((l) => l.includes(' - overlay none rw')),
    ).toBe(true);
  });

  it('opts the root out with a complete rootfs hint, which also removes the default root overlay', () => {
    const r = simulate(
      mixedCase(
        {},
        {
          'dev.gvisor.spec.rootfs.source': '$ROOT/rootfs',
          'dev.gvisor.spec.rootfs.type': 'bind',
          'dev.gvisor.spec.rootfs.directfs': 'off',
        },
      ),
      OPTS,
    );
    const root = mountinfo(r.stdout)[0] ?? '';
    expect(root).toMatch(/ \/ rw - 9p none .*overlayfs_stale_read$/);
    expect(lines(r.logs.boot, /Mount RPC returned/)).toHaveLength(1);
  });

  it('removes every directfs with --directfs=false and uses the smaller sentry filter set', () => {
    const r = simulate(mixedCase({ overlay2: 'none', directfs: false }), OPTS);
    expect(mountinfo(r.stdout).some((l) => l.endsWith(',directfs'))).toBe(false);
    expect(lines(r.logs.boot, /Installing seccomp filters for 82 syscalls/)).toHaveLength(1);
  });

  it('keeps directfs for an invalid value, with a warning (reference §3.1)', () => {
    const r = simulate(mixedCase({ overlay2: 'none' }, hintAnnotations('v2', '$ROOT/vol2', { directfs: 'OFF' })), OPTS);
    expect(mountinfo(r.stdout).find((l) => l.includes(' /off '))).toMatch(/,directfs$/);
    expect(r.logs.run).toMatch(/ignoring invalid mount annotation \(name = "v2", key = "directfs", value = "OFF"\)/);
  });

  it('makes a tmpfs out of a bind with a tmpfs/container hint, empty on the inside', () => {
    const r = simulate(
      mixedCase({ overlay2: 'none' }, hintAnnotations('t', '$ROOT/vol2', { type: 'tmpfs', share: 'container' })),
      OPTS,
    );
    expect(mountinfo(r.stdout).find((l) => l.includes(' /off '))).toMatch(/ \/off rw - tmpfs none rw$/);
    expect(r.effects.find((e) => e.index === 1)?.present).toBe(false);
  });
});

describe('simulate: start failures', () => {
  const run = (c: Case, profile: SimOptions['profile'] = 'modern') => simulate(c, { ...OPTS, profile });

  it('fails at the host for a fatal hint key, with only the run log', () => {
    const r = run(mixedCase({}, { 'dev.gvisor.spec.mount.a.b.c': 'x' }));
    expect(r).toMatchObject({
      exitCode: 128,
      stdout: '',
      stderr:
        'running container: creating container: error creating pod mount hints: invalid mount annotation: dev.gvisor.spec.mount.a.b.c=x\n',
    });
    expect(r.logs.gofer + r.logs.boot).toBe('');
    expect(r.logs.run).toMatch(
      /W1126 .* util\.go:107\] FATAL ERROR: running container: creating container: error creating pod mount hints:/,
    );
  });

  it('fails for a rootfs hint with directfs alone', () => {
    const r = run(mixedCase({}, { 'dev.gvisor.spec.rootfs.directfs': 'off' }));
    expect(r.stderr).toBe(
      'running container: creating container: cannot create gofer process: error creating rootfs hint: rootfs annotations missing required field(s): &{Mount:{Destination: Type: Source: Options:[] UIDMappings:[] GIDMappings:[]} Overlay: Size: SuppressDirectFS:true}\n',
    );
  });

  it('fails before any log for shared root file access with a root overlay', () => {
    const r = run(mixedCase({ fileAccess: 'shared' }));
    expect(r).toEqual({
      exitCode: 128,
      stdout: '',
      stderr: 'overlay flag is incompatible with shared file access for rootfs\n',
      logs: { run: '', gofer: '', boot: '' },
      effects: expect.any(Array),
    });
  });

  it('words the shared-root-with-overlay error as each build does', () => {
    const c = mixedCase({ fileAccess: 'shared', overlay2: 'root:memory' });
    expect(simulate(c, OPTS).stderr).toBe('overlay flag is incompatible with shared file access for rootfs\n');
    expect(simulate(c, { ...OPTS, profile: 'legacy' }).stderr).toBe(
      'overlay flag is incompatible with shared file access\n',
    );
  });

  it('fails in the gofer for a missing bind source', () => {
    const c = mixedCase();
    c.spec.mounts.push({ destination: '/m', type: 'bind', source: '$ROOT/nope', options: ['rbind'] });
    const r = run(c);
    expect(r.stderr).toBe(
      'running container: creating container: cannot create sandbox: cannot read client sync file: waiting for sandbox to start: EOF\n',
    );
    expect(r.logs.gofer).toMatch(/FATAL ERROR: error setting up FS: opening \/b\/nope: /);
  });

  it('fails in the gofer when a mount is listed before a mount of its parent directory', () => {
    const nested = (order: 'child-first' | 'parent-first'): Case => {
      const c = mixedCase({ overlay2: 'none' });
      const child = { destination: '/nest/sub', type: 'bind', source: '$ROOT/vol2', options: ['rbind'] };
      const parent = { destination: '/nest', type: 'bind', source: '$ROOT/vol1', options: ['rbind'] };
      c.spec.mounts.push(...(order === 'child-first' ? [child, parent] : [parent, child]));
      return c;
    };
    const bad = run(nested('child-first'));
    expect(bad.exitCode).toBe(128);
    expect(bad.stderr).toBe(
      'running container: creating container: cannot create sandbox: cannot read client sync file: waiting for sandbox to start: EOF\n',
    );
    expect(bad.logs.gofer).toMatch(/FATAL ERROR: Failure to resolve mounts: no such file or directory/);
    expect(run(nested('parent-first')).exitCode).toBe(0);
  });

  it('fails in the sentry for a read-only bind under a self overlay', () => {
    const c = mixedCase({ overlay2: 'none' }, hintAnnotations('p', '$ROOT/vol3', { share: 'pod' }));
    c.spec.mounts.push({ destination: '/ro', type: 'bind', source: '$ROOT/vol3', options: ['rbind', 'ro'] });
    c.fixtures.push({ path: 'vol3', kind: 'dir' });
    const r = run(c);
    expect(r.stderr).toBe(
      'running container: starting container: starting root container: starting sandbox: failed to setupFS: mounting submounts: mount submount "/ro": mounting volume with overlay at "/ro": failed to create whiteout to hide self overlay filestore: read-only file system\n',
    );
  });

  it('checks the filestore FDs after the gofer FDs when a bind forced to devpts shifts the confs', () => {
    const c = (order: 'pts-first' | 'pts-last'): Case => {
      const pts = { destination: '/dev/pts', type: 'bind', source: '$ROOT/vol1', options: [] };
      const x = { destination: '/x', type: 'bind', source: '$ROOT/vol2', options: ['rbind'] };
      return {
        flags: { ...DEFAULT_FLAGS, overlay2: 'none' },
        spec: {
          root: { path: 'rootfs', readonly: false },
          mounts: order === 'pts-first' ? [pts, x] : [x, pts],
          annotations: hintAnnotations('h6', '$ROOT/vol2', { type: 'tmpfs', share: 'pod' }),
        },
        fixtures: [
          { path: 'vol1', kind: 'dir' },
          { path: 'vol2', kind: 'dir' },
        ],
      };
    };
    const prefix =
      'running container: starting container: starting root container: starting sandbox: failed to setupFS:';
    expect(run(c('pts-first')).stderr).toBe(
      `${prefix} mounting submounts: not all gofer Filestore FDs were consumed, remaining: {[0x36c28351ad00]}\n`,
    );
    expect(run(c('pts-last')).stderr).toBe(
      `${prefix} mounting submounts: not all gofer FDs were consumed, remaining: {[0x36c28351ad00]}\n`,
    );
  });

  it('fails in the sentry for a read-only file bind under a container-hint overlay, after its host-FD warning', () => {
    const c: Case = {
      flags: DEFAULT_FLAGS,
      spec: {
        root: { path: 'rootfs', readonly: false },
        mounts: [{ destination: '/f', type: 'bind', source: '$ROOT/f1', options: ['rbind', 'ro'] }],
        annotations: hintAnnotations('h', '$ROOT/f1', { share: 'container', directfs: 'off' }),
      },
      fixtures: [{ path: 'f1', kind: 'file' }],
    };
    const r = run(c);
    expect(r.exitCode).toBe(128);
    expect(r.stderr).toBe(
      'running container: starting container: starting root container: starting sandbox: failed to setupFS: mounting submounts: mount submount "/f": mounting volume with overlay at "/f": failed to open upper layer root for copying: read-only file system\n',
    );
    expect(lines(r.logs.boot, /Mount RPC returned a host FD to mount point without directfs/)).toHaveLength(1);
  });

  it("refuses --directfs on 20221219 with runsc's flag error and usage", () => {
    const r = run(mixedCase({ directfs: true }), 'legacy');
    expect(r.exitCode).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('flag provided but not defined: -directfs');
    expect(r.stderr).toMatch(/\nUsage: runsc <flags> <subcommand> <subcommand args>\n/);
  });

  it('fails in the 20221219 sentry for the directfs key', () => {
    const r = run(mixedCase({}), 'legacy');
    expect(r.stderr).toBe(
      'running container: creating container: cannot create sandbox: cannot read client sync file: waiting for sandbox to start: EOF\n',
    );
    expect(r.logs.boot).toMatch(
      /FATAL ERROR: creating loader: creating pod mount hints: invalid mount annotation: directfs=off/,
    );
  });

  it('fails before the feature for a rootfs directfs key', () => {
    const r = run(
      mixedCase(
        {},
        {
          'dev.gvisor.spec.rootfs.source': '$ROOT/rootfs',
          'dev.gvisor.spec.rootfs.type': 'bind',
          'dev.gvisor.spec.rootfs.directfs': 'off',
        },
      ),
      'prefeature',
    );
    expect(r.stderr).toBe(
      'running container: creating container: cannot create gofer process: error creating rootfs hint: invalid rootfs annotation (key = "directfs", value = "off"): invalid rootfs annotation: directfs=off\n',
    );
  });

  it('rejects shared/rshared on a bind while reading the spec', () => {
    const c = mixedCase();
    c.spec.mounts[0]?.options?.push('rshared');
    expect(run(c)).toMatchObject({
      exitCode: 128,
      stderr: 'FetchSpec failed: reading spec: mount option "rshared" is not supported\n',
    });
  });
});

describe('simulate: other profiles', () => {
  it('shows the 20221219 mountinfo shape: root 8 8, two spaces, devtmpfs, no directfs', () => {
    const r = simulate({ ...mixedCase({}, {}), flags: DEFAULT_FLAGS }, { ...OPTS, profile: 'legacy' });
    const mi = mountinfo(r.stdout);
    expect(mi[0]).toBe(
      '8 8 0:8 / / rw  - 9p none rw,trans=fd,rfdno=4,wfdno=4,aname=/,dfltuid=4294967294,dfltgid=4294967294,cache=fscache,overlayfs_stale_read',
    );
    expect(mi).toContain('11 8 0:6 / /dev rw  - tmpfs none rw,mode=0755');
  });

  it('rejects unknown options of gofer mounts while reading the spec in 20221219 only', () => {
    const c = mixedCase({}, {});
    c.spec.mounts[0]?.options?.push('overlayfs_stale_read');
    expect(simulate({ ...c, flags: DEFAULT_FLAGS }, { ...OPTS, profile: 'legacy' })).toMatchObject({
      exitCode: 128,
      stderr: 'reading spec: unknown mount option "overlayfs_stale_read"\n',
    });
    expect(simulate({ ...c, flags: DEFAULT_FLAGS }, OPTS).exitCode).toBe(0);
  });

  it('logs the pre-feature warning for the mount directfs key and keeps directfs', () => {
    const r = simulate(mixedCase(), { ...OPTS, profile: 'prefeature' });
    expect(r.logs.run).toMatch(
      /ignoring invalid mount annotation \(name = "v2", key = "directfs", value = "off"\): invalid mount annotation: directfs=off/,
    );
    expect(mountinfo(r.stdout).find((l) => l.includes(' /off '))).toMatch(/,directfs$/);
    expect(r.logs.gofer).not.toMatch(/Mount annotation found/);
  });
});
