/**
 * The simulator against the real modern runsc build: small hand-written cases
 * are materialised, run by runsc (process `busybox cat /proc/self/mountinfo`)
 * and by the model with the same bundle path and container ID. Mountinfo lines
 * must agree with mount IDs, device minors and fd numbers masked; failed
 * starts must agree on exit code and stderr.
 */
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { SEED_CONTENT, SEED_FILE, type Case } from '../model/case.js';
import { resolveRootToken } from '../model/resolve.js';
import { MOUNTINFO_BEGIN, MOUNTINFO_END } from '../probe/protocol.js';
import { DEFAULT_FLAGS, hintAnnotations, mixedCase } from './__fixtures__/cases.js';
import { simulate } from './index.js';

const RUNSC =
  process.env.DFC_RUNSC_MODERN ?? '/root/.cache/directfs-conformance/runsc/v0.0.0-20260905035102-160fafc42237/runsc';
const BUSYBOX = '/bin/busybox';
const available = existsSync(RUNSC) && existsSync(BUSYBOX) && process.getuid?.() === 0;
const skipReason = available ? '' : ` (skipped: needs root, ${BUSYBOX} and the modern runsc at ${RUNSC})`;

const ROOTFS_OFF = {
  'dev.gvisor.spec.rootfs.source': '$ROOT/rootfs',
  'dev.gvisor.spec.rootfs.type': 'bind',
  'dev.gvisor.spec.rootfs.directfs': 'off',
};

/** The hand-written cases; each is small and exercises one area of the model. */
function cases(): [string, Case][] {
  const overlaid = mixedCase(
    {},
    {
      ...hintAnnotations('v2', '$ROOT/vol2', { directfs: 'off' }),
      ...hintAnnotations('f', '$ROOT/f1', { share: 'container', directfs: 'off' }),
    },
  );
  overlaid.spec.mounts.push({ destination: '/off2', type: 'bind', source: '$ROOT/vol2', options: ['rbind'] });
  const sentry = mixedCase(
    { overlay2: 'all:memory', fileAccessMounts: 'exclusive' },
    {
      ...hintAnnotations('t', '$ROOT/vol2', { type: 'tmpfs', share: 'pod' }),
      ...hintAnnotations('i', '$ROOT/vol1', { directfs: 'OFF' }),
    },
  );
  sentry.spec.mounts.push(
    { destination: '/data/file', type: 'bind', source: '$ROOT/f1', options: ['rbind', 'nosuid'] },
    { destination: '/sys2', type: 'sysfs', source: 'sysfs', options: ['ro', 'noexec'] },
    { destination: '/none', type: 'none', source: 'none' },
    { destination: '/dev/mqueue', type: 'mqueue', source: 'mqueue' },
  );
  const roFile = mixedCase({}, hintAnnotations('f', '$ROOT/f1', { share: 'container' }));
  roFile.spec.mounts.push({ destination: '/rofile', type: 'bind', source: '$ROOT/f1', options: ['rbind', 'ro'] });
  const sharedBind = mixedCase({ overlay2: 'none' }, { 'dev.gvisor.spec.rootfs.directfs': 'off ' });
  sharedBind.spec.mounts.push({ destination: '/s', type: 'bind', source: '$ROOT/vol1', options: ['rbind', 'shared'] });
  const ptsShift = mixedCase(
    { overlay2: 'none' },
    hintAnnotations('h6', '$ROOT/vol2', { type: 'tmpfs', share: 'pod' }),
  );
  ptsShift.spec.mounts = [
    { destination: '/dev/pts', type: 'bind', source: '$ROOT/vol1', options: [] },
    { destination: '/x', type: 'bind', source: '$ROOT/vol2', options: ['rbind'] },
  ];
  return [
    ['opt-out next to directfs mounts, overlay none', mixedCase()],
    ['a read-only file bind under a container hint overlay fails the start', roFile],
    [
      'shared root file access with an overlay fails before a fatal hint',
      mixedCase({ fileAccess: 'shared' }, { 'dev.gvisor.spec.mount.a.b.c': 'x' }),
    ],
    ['a shared bind fails spec validation before a rootfs hint error', sharedBind],
    ['a bind forced to devpts leaves a filestore FD of a pod tmpfs hint unconsumed', ptsShift],
    ['default root overlay, opted-out file and repeated source', overlaid],
    ['all:memory, tmpfs pod hint, invalid value, sentry-internal types', sentry],
    [
      'rootfs opt-out shows the root without directfs',
      mixedCase({}, { ...ROOTFS_OFF, ...hintAnnotations('v2', '$ROOT/vol2', { directfs: 'off' }) }),
    ],
    ['--directfs=false ignores off', mixedCase({ overlay2: 'none', directfs: false })],
    ['fatal hint key fails the start', mixedCase({}, { 'dev.gvisor.spec.mount.a.b.c': 'x' })],
    ['rootfs directfs alone fails the start', mixedCase({}, { 'dev.gvisor.spec.rootfs.directfs': 'off' })],
    [
      'a pod hint on a source bound twice fails on its filestore',
      mixedCase({ ...DEFAULT_FLAGS, overlay2: 'none' }, hintAnnotations('p', '$ROOT/vol1', { share: 'pod' })),
    ],
  ];
}

/** Writes the bundle layout of /tmp/dfc-probe-semantics.md with `cat /proc/self/mountinfo` as the process. */
async function materialize(c: Case, bundle: string): Promise<void> {
  for (const d of ['bin', 'proc', 'sys', 'dev', 'tmp']) await mkdir(join(bundle, 'rootfs', d), { recursive: true });
  await copyFile(BUSYBOX, join(bundle, 'rootfs/bin/busybox'));
  await chmod(join(bundle, 'rootfs/bin/busybox'), 0o755);
  await symlink('busybox', join(bundle, 'rootfs/bin/sh'));
  for (const f of c.fixtures) {
    const p = join(bundle, f.path);
    if (f.kind === 'dir') {
      await mkdir(p, { recursive: true });
      await writeFile(join(p, SEED_FILE), SEED_CONTENT);
    } else {
      await mkdir(dirname(p), { recursive: true });
      await writeFile(p, SEED_CONTENT);
    }
  }
  const config = {
    ociVersion: '1.0.2',
    process: {
      terminal: false,
      user: { uid: 0, gid: 0 },
      args: [BUSYBOX, 'cat', '/proc/self/mountinfo'],
      env: ['PATH=/bin'],
      cwd: '/',
    },
    root: { path: c.spec.root.path, readonly: c.spec.root.readonly },
    mounts: c.spec.mounts.map((m) =>
      m.source === undefined ? m : { ...m, source: resolveRootToken(m.source, bundle) },
    ),
    annotations: Object.fromEntries(
      Object.entries(c.spec.annotations).map(([k, v]) => [k, resolveRootToken(v, bundle)]),
    ),
    linux: { namespaces: ['pid', 'network', 'ipc', 'uts', 'mount'].map((type) => ({ type })) },
  };
  await writeFile(join(bundle, 'config.json'), JSON.stringify(config));
}

function flagArgs(c: Case): string[] {
  const f = c.flags;
  return [
    ...(f.directfs === null ? [] : [`--directfs=${f.directfs}`]),
    ...(f.overlay2 === null ? [] : [`--overlay2=${f.overlay2}`]),
    ...(f.fileAccess === null ? [] : [`--file-access=${f.fileAccess}`]),
    ...(f.fileAccessMounts === null ? [] : [`--file-access-mounts=${f.fileAccessMounts}`]),
  ];
}

/** Mountinfo lines with IDs, minors and fd numbers masked. */
function masked(mountinfo: string): string[] {
  return mountinfo
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.replace(/^\d+ \d+ 0:\d+ /, 'ID PARENT 0:MINOR ').replace(/([rw]fdno)=\d+/g, '$1=N'));
}

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe.skipIf(!available)(`simulator agrees with the real modern runsc${skipReason}`, () => {
  it.each(cases())('%s', async (_name, c) => {
    const base = await mkdtemp(join(tmpdir(), 'dfc-sim-agree-'));
    dirs.push(base);
    const bundle = join(base, 'bundle');
    const state = join(base, 'state');
    await mkdir(state);
    await materialize(c, bundle);
    const id = `dfcagree${base.slice(-6).replace(/[^a-zA-Z0-9]/g, 'x')}`;
    const real = await execa(
      RUNSC,
      [`--root=${state}`, '--network=none', '--ignore-cgroups', ...flagArgs(c), 'run', '--bundle', bundle, id],
      { reject: false, timeout: 60_000 },
    );
    await execa(RUNSC, [`--root=${state}`, 'delete', '-force', id], { reject: false });
    if (existsSync(join(state, 'null-netns'))) await execa('umount', [join(state, 'null-netns')], { reject: false });
    const sim = simulate(c, { profile: 'modern', caseRoot: bundle, containerId: id });
    expect(sim.exitCode).toBe(real.exitCode);
    if (real.exitCode !== 0) {
      // Go pointers (the FDs a dispenser still holds) differ from run to run.
      const pointers = (s: string) => s.replace(/0x[0-9a-f]+/g, '0x?');
      expect(pointers(sim.stderr)).toBe(pointers(`${real.stderr}\n`));
      return;
    }
    expect(masked(real.stdout).length).toBeGreaterThan(5);
    const block = sim.stdout.slice(
      sim.stdout.indexOf(MOUNTINFO_BEGIN) + MOUNTINFO_BEGIN.length,
      sim.stdout.indexOf(MOUNTINFO_END),
    );
    expect(masked(block)).toEqual(masked(real.stdout));
  });
});

describe.skipIf(available)(`simulator/real agreement${skipReason}`, () => {
  it('is skipped on this machine', () => {
    expect(available).toBe(false);
  });
});
