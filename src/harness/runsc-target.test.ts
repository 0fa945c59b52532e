import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Case, ROOT_TOKEN } from '../model/case.js';
import { UsageError } from '../model/errors.js';
import type { RawRun } from '../model/raw-run.js';
import type { Target } from '../model/target.js';
import { MOUNTINFO_BEGIN, MOUNTINFO_END, OP_PREFIX, PROBE_END } from '../probe/protocol.js';
import { findInstalledBuild } from './installed.js';
import { caseFlagArgs, createRunscTarget, guessProfile, newContainerId, runArgs } from './runsc-target.js';

const noFlags = { directfs: null, overlay2: null, fileAccess: null, fileAccessMounts: null };

/** Processes whose command line names this run's container ID or case root. */
function leftoverProcesses(run: RawRun): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((e) => /^\d+$/.test(e) && e !== String(process.pid))) {
    let cmd = '';
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
    } catch {
      continue;
    }
    if (cmd.includes(run.containerId) || cmd.includes(run.caseRoot)) found.push(`${pid}: ${cmd}`);
  }
  return found;
}

function expectNoLeftover(run: RawRun): void {
  expect(run.caseRoot).not.toBe('');
  expect(existsSync(run.caseRoot)).toBe(false);
  expect(leftoverProcesses(run)).toEqual([]);
  expect(readFileSync('/proc/self/mountinfo', 'utf8')).not.toContain(run.caseRoot);
}

/** Mount point → superblock options, from the probe's mountinfo block. */
function superOptions(stdout: string): Map<string, string[]> {
  const lines = stdout.split('\n');
  const block = lines.slice(lines.indexOf(MOUNTINFO_BEGIN) + 1, lines.indexOf(MOUNTINFO_END));
  const out = new Map<string, string[]>();
  for (const line of block) {
    const [pre, post] = line.split(' - ');
    const mountPoint = pre?.split(' ')[4];
    const fields = post?.split(' ') ?? [];
    if (mountPoint !== undefined && fields[0] === '9p') out.set(mountPoint, (fields[2] ?? '').split(','));
  }
  return out;
}

describe('runsc argument mapping', () => {
  it('passes only the flags a case sets', () => {
    expect(caseFlagArgs(noFlags)).toEqual([]);
    expect(
      caseFlagArgs({ directfs: false, overlay2: 'all:memory', fileAccess: 'shared', fileAccessMounts: 'exclusive' }),
    ).toEqual(['--directfs=false', '--overlay2=all:memory', '--file-access=shared', '--file-access-mounts=exclusive']);
    const args = runArgs('/r/state', '/r/logs', { ...noFlags, directfs: true }, '/r', 'id1');
    expect(args).toEqual([
      '--root=/r/state',
      '--network=none',
      '--ignore-cgroups',
      '--debug-log=/r/logs/',
      '--directfs=true',
      'run',
      '--bundle',
      '/r',
      'id1',
    ]);
    // A reproducer for a person logs at Debug level too; the harness never does.
    const forPeople = runArgs('/r/state', '/r/logs', noFlags, '/r', 'id1', true);
    expect(forPeople.slice(3, 5)).toEqual(['--debug', '--debug-log=/r/logs/']);
    expect(args).not.toContain('--debug');
  });

  it('guesses the profile from the version line', () => {
    expect(guessProfile('runsc version sim-prefeature')).toBe('prefeature');
    expect(guessProfile('runsc version 0.0~20221219.0')).toBe('legacy');
    expect(guessProfile('runsc version v0.0.0-20260905035102-160fafc42237')).toBe('modern');
    expect(guessProfile('runsc version v0.0.0-20260508212337-96dad6a2da94')).toBe('prefeature');
    expect(guessProfile('runsc version release-20260520.0')).toBe('modern');
    expect(guessProfile('runsc version VERSION_MISSING')).toBe('unknown');
  });

  it('makes unique container ids', () => {
    const ids = new Set(Array.from({ length: 50 }, newContainerId));
    expect(ids.size).toBe(50);
    expect([...ids].every((id) => id.startsWith(`dfc-${process.pid}-`))).toBe(true);
  });
});

describe('createRunscTarget errors', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dfc-target-test-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses unknown aliases, missing paths and non-executables with one-line UsageErrors', async () => {
    await writeFile(join(dir, 'plain'), 'not executable');
    for (const spec of ['runsc:nope', join(dir, 'missing'), join(dir, 'plain'), dir]) {
      const err = await createRunscTarget(spec).catch((e: unknown) => e);
      expect(err, spec).toBeInstanceOf(UsageError);
      expect((err as Error).message, spec).not.toContain('\n');
    }
  });

  it('reads the version of a path target and guesses its profile', async () => {
    const fake = join(dir, 'fake-runsc');
    await writeFile(fake, '#!/bin/sh\necho "runsc version sim-legacy"\necho "spec: 1.0"\n');
    await chmod(fake, 0o755);
    const t = await createRunscTarget(fake);
    expect(t.info).toEqual({
      id: fake,
      kind: 'runsc',
      path: fake,
      version: 'runsc version sim-legacy',
      profile: 'legacy',
      probe: expect.stringMatching(/^(native|shell \(.+\))$/),
    });
  });
});

/** A stand-in runsc (sh script) that writes a boot log, prints a probe-like stdout and exits as told. */
const FAKE_RUNSC = `#!/bin/sh
[ "$1" = --version ] && { echo "runsc version sim-modern"; exit 0; }
for a; do case "$a" in --debug-log=*) log="\${a#--debug-log=}";; esac; done
echo "boot line" > "\${log}runsc.log.20260101-000000.000001.boot.txt"
echo "run line" > "\${log}runsc.log.20260101-000000.000001.run.txt"
echo ${MOUNTINFO_BEGIN}
echo ${MOUNTINFO_END}
echo ${PROBE_END}
echo "some error" >&2
exit 7
`;

describe('the process path with a stand-in runsc', () => {
  it('collects stdout, stderr, exit code, logs and host checks, then removes the case root', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dfc-fake-runsc-'));
    try {
      const fake = join(dir, 'runsc');
      await writeFile(fake, FAKE_RUNSC);
      await chmod(fake, 0o755);
      const t = await createRunscTarget(fake);
      const c: Case = {
        flags: noFlags,
        spec: {
          root: { path: 'rootfs', readonly: false },
          mounts: [{ destination: '/d', type: 'bind', source: `${ROOT_TOKEN}/d`, options: ['rbind'] }],
          annotations: {},
        },
        fixtures: [{ path: 'd', kind: 'dir' }],
      };
      const run = await t.run(c, { timeoutMs: 10_000 });
      expect(run.exitCode).toBe(7);
      expect(run.timedOut).toBe(false);
      expect(run.stderr).toBe('some error\n');
      expect(run.logs).toEqual({ boot: 'boot line\n', gofer: '', run: 'run line\n' });
      expect(run.hostChecks.map((h) => `${h.check} ${h.ok}`)).toEqual([
        'effects-present false',
        'effects-absent true',
        'seed-intact true',
      ]);
      expect(run.containerId).toMatch(/^dfc-\d+-\d+-[0-9a-f]{6}$/);
      expectNoLeftover(run);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

const modern = findInstalledBuild('modern');
const haveModern = modern?.present === true && existsSync('/bin/busybox');

describe.skipIf(!haveModern)(
  `runsc:modern for real${haveModern ? '' : ' (skipped: runsc:modern not installed — run npm run setup:runsc)'}`,
  () => {
    let target: Target;
    beforeAll(async () => {
      target = await createRunscTarget('runsc:modern');
    });

    it('reports the alias, its path and version', () => {
      expect(target.info.id).toBe('runsc:modern');
      expect(target.info.profile).toBe('modern');
      expect(target.info.path).toBe(modern?.path);
      expect(target.info.version).toMatch(/^runsc version /);
    });

    it('runs two dir binds, one opted out, with the workload reaching the host', async () => {
      const c: Case = {
        flags: { ...noFlags, overlay2: 'none' },
        spec: {
          root: { path: 'rootfs', readonly: false },
          mounts: [
            { destination: '/data', type: 'bind', source: `${ROOT_TOKEN}/v1`, options: ['rbind'] },
            { destination: '/off', type: 'bind', source: `${ROOT_TOKEN}/v2`, options: ['rbind'] },
          ],
          annotations: {
            'dev.gvisor.spec.mount.v2.source': `${ROOT_TOKEN}/v2`,
            'dev.gvisor.spec.mount.v2.type': 'bind',
            'dev.gvisor.spec.mount.v2.share': 'shared',
            'dev.gvisor.spec.mount.v2.directfs': 'off',
          },
        },
        fixtures: [
          { path: 'v1', kind: 'dir' },
          { path: 'v2', kind: 'dir' },
        ],
      };
      const run = await target.run(c, { timeoutMs: 30_000 });
      expect(run.exitCode, run.stderr).toBe(0);
      expect(run.timedOut).toBe(false);
      expect(
        run.stdout
          .split('\n')
          .filter((l) => l !== '')
          .at(-1),
      ).toBe(PROBE_END);
      const opts = superOptions(run.stdout);
      expect(opts.get('/data')?.at(-1)).toBe('directfs');
      expect(opts.get('/off')).toBeDefined();
      expect(opts.get('/off')).not.toContain('directfs');
      const ops = run.stdout.split('\n').filter((l) => l.startsWith(`${OP_PREFIX} `));
      expect(ops).toHaveLength(18);
      expect(ops.filter((l) => !l.endsWith(' ok'))).toEqual([]);
      expect(run.hostChecks.filter((h) => h.check !== 'effects-absent').every((h) => h.ok)).toBe(true);
      expect(run.hostChecks.filter((h) => h.check === 'effects-present')).toHaveLength(2);
      expect(run.logs.boot).toContain('Mount RPC returned a host FD to mount point without directfs');
      expect(run.logs.gofer).not.toBe('');
      expect(run.logs.run).toContain('Mount annotation found');
      expectNoLeftover(run);
    });

    it('fails start on a fatal duplicate-source hint set and leaves nothing behind', async () => {
      const c: Case = {
        flags: { ...noFlags, overlay2: 'none' },
        spec: {
          root: { path: 'rootfs', readonly: false },
          mounts: [{ destination: '/data', type: 'bind', source: `${ROOT_TOKEN}/v1`, options: ['rbind'] }],
          annotations: Object.fromEntries(
            ['a', 'b'].flatMap((n) => [
              [`dev.gvisor.spec.mount.${n}.source`, `${ROOT_TOKEN}/v1`],
              [`dev.gvisor.spec.mount.${n}.type`, 'bind'],
              [`dev.gvisor.spec.mount.${n}.share`, 'shared'],
            ]),
          ),
        },
        fixtures: [{ path: 'v1', kind: 'dir' }],
      };
      const run = await target.run(c, { timeoutMs: 30_000 });
      expect(run.exitCode).not.toBe(0);
      expect(run.exitCode).not.toBeNull();
      expect(run.stderr).toMatch(/have the same mount source/);
      expect(run.stdout).not.toContain(MOUNTINFO_BEGIN);
      expect(run.hostChecks).toEqual([]);
      expectNoLeftover(run);
    });

    it('returns timedOut on a 1 ms timeout and leaves nothing behind', async () => {
      const c: Case = {
        flags: noFlags,
        spec: {
          root: { path: 'rootfs', readonly: false },
          mounts: [{ destination: '/data', type: 'bind', source: `${ROOT_TOKEN}/v1`, options: ['rbind'] }],
          annotations: {},
        },
        fixtures: [{ path: 'v1', kind: 'dir' }],
      };
      const run = await target.run(c, { timeoutMs: 1 });
      expect(run.timedOut).toBe(true);
      expect(run.exitCode).toBeNull();
      expectNoLeftover(run);
    });

    it('returns timedOut when aborted through the signal, and leaves nothing behind', async () => {
      const c: Case = {
        flags: noFlags,
        spec: { root: { path: 'rootfs', readonly: false }, mounts: [], annotations: {} },
        fixtures: [],
      };
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 60);
      const run = await target.run(c, { timeoutMs: 30_000, signal: controller.signal });
      if (!run.timedOut) expect(run.exitCode).toBe(0); // the run may finish before the abort lands
      expectNoLeftover(run);
    });
  },
);

const simRunsc = join(import.meta.dirname, '../../dist/cli/sim-runsc.js');
const haveSimRunsc = existsSync(simRunsc);

describe.skipIf(!haveSimRunsc)(
  `sim-runsc as a path target${haveSimRunsc ? '' : ' (skipped: dist/cli/sim-runsc.js not built — run npm run build)'}`,
  () => {
    it('drives the simulator through the process path', async () => {
      const t = await createRunscTarget(simRunsc);
      expect(t.info.version).toBe('runsc version sim-modern');
      expect(t.info.profile).toBe('modern');
      const c: Case = {
        flags: { ...noFlags, overlay2: 'none' },
        spec: {
          root: { path: 'rootfs', readonly: false },
          mounts: [{ destination: '/data', type: 'bind', source: `${ROOT_TOKEN}/v1`, options: ['rbind'] }],
          annotations: {},
        },
        fixtures: [{ path: 'v1', kind: 'dir' }],
      };
      const run = await t.run(c, { timeoutMs: 30_000 });
      expect(run.exitCode, run.stderr).toBe(0);
      expect(run.stdout).toContain(MOUNTINFO_BEGIN);
      expectNoLeftover(run);
    });
  },
);
