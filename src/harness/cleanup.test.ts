import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, realpath, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { execa } from 'execa';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Case } from '../model/case.js';
import {
  findSandboxProcesses,
  installSignalHandlers,
  liveCleanupCount,
  mountsUnder,
  registerCleanup,
  runCleanupsSync,
  type SandboxRef,
  teardownSync,
  unmountAllUnder,
  unregisterCleanup,
} from './cleanup.js';
import { findInstalledBuild } from './installed.js';
import { materialize } from './materialize.js';
import { newContainerId } from './runsc-target.js';

describe('cleanup registry', () => {
  afterEach(() => {
    runCleanupsSync();
    vi.restoreAllMocks();
  });

  it('runs every live cleanup once, even when one throws, and forgets unregistered ones', () => {
    const ran: string[] = [];
    const a = (): void => void ran.push('a');
    const b = (): void => {
      ran.push('b');
      throw new Error('boom');
    };
    const c = (): void => void ran.push('c');
    registerCleanup(a);
    registerCleanup(b);
    registerCleanup(c);
    unregisterCleanup(c);
    expect(liveCleanupCount()).toBe(2);
    runCleanupsSync();
    runCleanupsSync();
    expect(ran).toEqual(['a', 'b']);
    expect(liveCleanupCount()).toBe(0);
  });

  it('installs its handlers once and exits 130 after cleaning up on SIGINT', () => {
    const before = process.listenerCount('SIGINT');
    installSignalHandlers();
    installSignalHandlers();
    expect(process.listenerCount('SIGINT')).toBe(before + 1);
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const ran: string[] = [];
    registerCleanup(() => void ran.push('sandbox'));
    process.emit('SIGINT');
    expect(ran).toEqual(['sandbox']);
    expect(exit).toHaveBeenCalledWith(130);
  });
});

describe('mountsUnder', () => {
  it('lists mount points under a root, deepest first, and nothing for an unmounted path', () => {
    expect(mountsUnder('/proc')[0]?.startsWith('/proc')).toBe(true);
    expect(mountsUnder('/proc').at(-1)).toBe('/proc');
    expect(mountsUnder('/nonexistent-dfc-path')).toEqual([]);
  });
});

const modern = findInstalledBuild('modern');
const haveModern = modern?.present === true && existsSync('/bin/busybox');

describe.skipIf(!haveModern)(
  `teardownSync on a live sandbox${haveModern ? '' : ' (skipped: runsc:modern not installed — run npm run setup:runsc)'}`,
  () => {
    it('kills a running sandbox, unmounts its netns and removes its case root', async () => {
      const root = await realpath(await mkdtemp(join(tmpdir(), 'dfc-case-')));
      const c: Case = {
        flags: { directfs: null, overlay2: null, fileAccess: null, fileAccessMounts: null },
        spec: { root: { path: 'rootfs', readonly: false }, mounts: [], annotations: {} },
        fixtures: [],
      };
      await materialize(c, root);
      await writeFile(join(root, 'rootfs/probe.sh'), 'busybox sleep 60\n');
      const ref: SandboxRef = {
        runsc: modern?.path ?? '',
        stateDir: join(root, 'state'),
        containerId: newContainerId(),
        scratchRoot: root,
      };
      await mkdir(ref.stateDir);
      const run = execa(
        ref.runsc,
        [`--root=${ref.stateDir}`, '--network=none', '--ignore-cgroups', 'run', '--bundle', root, ref.containerId],
        { reject: false, stdin: 'ignore' },
      );
      for (let i = 0; i < 100 && findSandboxProcesses(ref).length < 3; i++) await delay(50);
      expect(findSandboxProcesses(ref).length).toBeGreaterThanOrEqual(3);
      teardownSync(ref);
      const result = await run;
      expect(result.durationMs).toBeLessThan(30_000);
      expect(findSandboxProcesses(ref)).toEqual([]);
      expect(existsSync(root)).toBe(false);
      expect(readFileSync('/proc/self/mountinfo', 'utf8')).not.toContain(root);
    });
  },
);

describe('unmountAllUnder', () => {
  const root = process.getuid?.() === 0;
  it.skipIf(!root)(
    `removes a stack of mounts at one point (two sandboxes can mount null-netns at once)${root ? '' : ' (skipped: needs root)'}`,
    async () => {
      const dir = await realpath(await mkdtemp(join(tmpdir(), 'dfc-umount-test-')));
      const point = join(dir, 'stacked');
      await mkdir(point);
      for (let i = 0; i < 2; i++) await execa('mount', ['-t', 'tmpfs', 'tmpfs', point]);
      const stacked = readFileSync('/proc/self/mountinfo', 'utf8')
        .split('\n')
        .filter((l) => l.split(' ')[4] === point);
      expect(stacked).toHaveLength(2);
      unmountAllUnder(dir);
      expect(mountsUnder(dir)).toEqual([]);
      await execa('rm', ['-rf', dir]);
    },
  );
});

/** Live (non-zombie) pids of process group `group`, from /proc/<pid>/stat. */
function groupMembers(group: number): string[] {
  return readdirSync('/proc').filter((pid) => {
    if (!/^\d+$/.test(pid)) return false;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return fields[0] !== 'Z' && fields[2] === String(group);
    } catch {
      return false;
    }
  });
}

describe('teardown of a run whose process group is known', () => {
  it('kills the whole group, including children that name neither the container nor the case root', async () => {
    const scratchRoot = await realpath(await mkdtemp(join(tmpdir(), 'dfc-cleanup-group-')));
    const leader = spawn('sh', ['-c', 'sleep 600 & sleep 600 & wait'], { detached: true, stdio: 'ignore' });
    await delay(200);
    const group = leader.pid as number;
    expect(groupMembers(group).length).toBeGreaterThanOrEqual(3);
    const ref: SandboxRef = {
      runsc: '/bin/false',
      stateDir: scratchRoot,
      containerId: newContainerId(),
      scratchRoot,
      processGroup: group,
    };
    teardownSync(ref);
    await delay(200);
    expect(groupMembers(group)).toEqual([]);
    expect(existsSync(scratchRoot)).toBe(false);
  });
});

describe('teardown of a run isolated in its own PID namespace', () => {
  it('removes its state files without asking runsc, whose recorded pids are not host pids', async () => {
    const scratch = await realpath(await mkdtemp(join(tmpdir(), 'dfc-cleanup-isolated-')));
    const stateDir = join(scratch, 'state');
    const caseRoot = join(scratch, 'case');
    await mkdir(stateDir);
    await mkdir(caseRoot);
    const called = join(scratch, 'runsc-was-called');
    const runsc = join(scratch, 'runsc');
    await writeFile(runsc, `#!/bin/sh\ntouch ${called}\n`, { mode: 0o755 });
    const containerId = newContainerId();
    await writeFile(
      join(stateDir, `${containerId}_sandbox:${containerId}.state`),
      '{"sandbox":{"pid":8},"goferPid":7}',
    );
    await writeFile(join(stateDir, 'other-container.state'), '{}');
    teardownSync({ runsc, stateDir, containerId, scratchRoot: caseRoot, isolated: true });
    expect(existsSync(called)).toBe(false);
    expect(readdirSync(stateDir)).toEqual(['other-container.state']);
    expect(existsSync(caseRoot)).toBe(false);
    teardownSync({ runsc, stateDir, containerId: 'other-container', scratchRoot: caseRoot });
    expect(existsSync(called)).toBe(true);
    rmSync(scratch, { recursive: true, force: true });
  });
});
