/**
 * Processes, time and signals (issue 8): misbehaving fake targets are killed
 * whole at the timeout, `--jobs` caps concurrent target processes, SIGINT and
 * SIGTERM stop every phase promptly with exit 3, and nothing is left behind.
 * Runs the built CLI (dist/) as a child process with a private TMPDIR.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { awaitNoMarkedProcess, fakeTarget, processesWithMarker } from './fake-targets.js';
import { realTarget } from './targets.js';

const MAIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const built = existsSync(MAIN);
const work = mkdtempSync(join(tmpdir(), 'dfc-process-safety-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A case with no mount and no annotation: one run, no paired run, no metamorphic variant. */
const BARE_CASE = {
  schema: 1,
  flags: { directfs: null, overlay2: null, fileAccess: null, fileAccessMounts: null },
  spec: { root: { path: 'rootfs', readonly: false }, mounts: [], annotations: {} },
  fixtures: [],
};

/** A case with an opted-out bind mount: its replay asks for the run, the paired run and variants at once. */
const OPT_OUT_CASE = {
  ...BARE_CASE,
  spec: {
    root: { path: 'rootfs', readonly: false },
    mounts: [{ destination: '/data', type: 'bind', source: '$ROOT/v1', options: ['rbind'] }],
    annotations: {
      'dev.gvisor.spec.mount.v1.source': '$ROOT/v1',
      'dev.gvisor.spec.mount.v1.type': 'bind',
      'dev.gvisor.spec.mount.v1.share': 'shared',
      'dev.gvisor.spec.mount.v1.directfs': 'off',
    },
  },
  fixtures: [{ path: 'v1', kind: 'dir' }],
};

function writeCase(name: string, c: object): string {
  const file = join(work, name);
  writeFileSync(file, JSON.stringify(c));
  return file;
}

/** One CLI process with its own TMPDIR and a marker every descendant inherits. */
interface CliRun {
  child: ChildProcess;
  marker: string;
  scratch: string;
  stderr: () => string;
  /** Exit code (a signal death counts as null) and when it happened. */
  done: Promise<{ code: number | null; at: number }>;
}

/** `replay` of the bare case (stored as `file`) on a fake target, with a per-case timeout in seconds. */
function replayOnFake(file: string, fake: Parameters<typeof fakeTarget>[0], timeout: string): CliRun {
  return startCli(['replay', writeCase(file, BARE_CASE), '--target', fakeTarget(fake), '--timeout', timeout]);
}

function startCli(args: string[], env: Record<string, string> = {}): CliRun {
  const marker = `dfc-ps-${randomBytes(4).toString('hex')}`;
  const scratch = mkdtempSync(join(work, 'tmp-'));
  const child = spawn('node', [MAIN, ...args], {
    cwd: work,
    env: { ...process.env, TMPDIR: scratch, DFC_TEST_MARKER: marker, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (b: Buffer) => (stderr += b.toString()));
  const done = new Promise<{ code: number | null; at: number }>((resolve) =>
    child.on('exit', (code) => resolve({ code, at: Date.now() })),
  );
  return { child, marker, scratch, stderr: () => stderr, done };
}

/** Waits until `test` holds (polling), or fails after `ms`. */
async function waitFor(what: string, test: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Processes other than the CLI itself that carry the run's marker. */
function targetProcesses(run: CliRun): string[] {
  return processesWithMarker(run.marker).filter((p) => !p.startsWith(`${run.child.pid}:`));
}

/** Most target runs in flight at once, from "start|end <ns> <pid>" lines. */
function peakConcurrency(recordFile: string): { runs: number; peak: number } {
  const events = readFileSync(recordFile, 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split(' '))
    .map(([kind, ns]) => ({ delta: kind === 'start' ? 1 : -1, at: BigInt(ns as string) }))
    .sort((a, b) => (a.at === b.at ? a.delta - b.delta : a.at < b.at ? -1 : 1));
  let now = 0;
  let peak = 0;
  for (const e of events) {
    now += e.delta;
    peak = Math.max(peak, now);
  }
  return { runs: events.filter((e) => e.delta === 1).length, peak };
}

describe.skipIf(!built)(
  `misbehaving targets${built ? '' : ' (skipped: dist/cli/main.js is not built — run npm run build)'}`,
  () => {
    it('replay on a target whose child holds stdout open exits 3 at --timeout 2 and leaves no process', async () => {
      const run = replayOnFake('bare.json', 'holds-stdout', '2');
      const started = Date.now();
      const { code, at } = await run.done;
      expect(code, run.stderr()).toBe(3);
      expect(at - started).toBeLessThan(10_000);
      expect(await awaitNoMarkedProcess(run.marker)).toEqual([]);
      expect(readdirSync(run.scratch)).toEqual([]);
    });

    it('replay on a target that ignores SIGTERM and never ends exits 3 at --timeout 2 and leaves no process', async () => {
      const run = replayOnFake('bare5.json', 'ignores-term', '2');
      const started = Date.now();
      const { code, at } = await run.done;
      expect(code, run.stderr()).toBe(3);
      expect(at - started).toBeGreaterThanOrEqual(2_000);
      expect(at - started).toBeLessThan(10_000);
      expect(await awaitNoMarkedProcess(run.marker)).toEqual([]);
      expect(readdirSync(run.scratch)).toEqual([]);
    });

    it('a target that starts background children and exits leaves none of them running', async () => {
      const run = replayOnFake('bare2.json', 'background-children', '10');
      const { code } = await run.done;
      expect([1, 3], run.stderr()).toContain(code);
      expect(await awaitNoMarkedProcess(run.marker)).toEqual([]);
      expect(readdirSync(run.scratch)).toEqual([]);
    });

    it('SIGINT during a run of a target that ignores SIGTERM exits 3 within 5 s and kills it', async () => {
      const run = replayOnFake('bare3.json', 'ignores-term', '60');
      await waitFor('the fake target to start', () => targetProcesses(run).length > 0, 15_000);
      const signalled = Date.now();
      run.child.kill('SIGINT');
      const { code, at } = await run.done;
      expect(code, run.stderr()).toBe(3);
      expect(at - signalled).toBeLessThan(5_000);
      expect(await awaitNoMarkedProcess(run.marker)).toEqual([]);
      expect(readdirSync(run.scratch)).toEqual([]);
    });

    it('a second SIGINT exits 3 at once', async () => {
      const run = replayOnFake('bare4.json', 'ignores-term', '60');
      await waitFor('the fake target to start', () => targetProcesses(run).length > 0, 15_000);
      const signalled = Date.now();
      run.child.kill('SIGINT');
      run.child.kill('SIGINT');
      const { code, at } = await run.done;
      expect(code, run.stderr()).toBe(3);
      expect(at - signalled).toBeLessThan(3_000);
      expect(await awaitNoMarkedProcess(run.marker)).toEqual([]);
    });
  },
);

describe.skipIf(!built)('bench and the environment', () => {
  it('SIGINT during bench stops its runs within 5 s, exits 3 and leaves nothing', async () => {
    const run = startCli(['bench', '--target', fakeTarget('ignores-term'), '--cases', '2', '--repeat', '1']);
    await waitFor('the fake target to start', () => targetProcesses(run).length > 0, 15_000);
    const signalled = Date.now();
    run.child.kill('SIGINT');
    const { code, at } = await run.done;
    expect(code, run.stderr()).toBe(3);
    expect(at - signalled).toBeLessThan(5_000);
    expect(await awaitNoMarkedProcess(run.marker)).toEqual([]);
    expect(readdirSync(run.scratch)).toEqual([]);
  });

  it('no arguments prints the usage on stderr and exits 2', async () => {
    const run = startCli([]);
    const { code } = await run.done;
    expect(code).toBe(2);
    expect(run.stderr()).toMatch(/^Usage: directfs-conformance <command>/);
  });

  it.each([
    ['--help', 0, ['--help']],
    ['run --help', 0, ['run', '--help']],
    ['replay on a process target', 2, ['replay', 'none.json', '--target', 'background-children']],
  ])('TMPDIR=/nonexistent: %s exits %i with at most one line on stderr', async (_name, expected, args) => {
    const resolved = args.map((a) =>
      a === 'background-children'
        ? fakeTarget('background-children')
        : a === 'none.json'
          ? writeCase('env.json', BARE_CASE)
          : a,
    );
    const run = startCli(resolved, { TMPDIR: '/nonexistent' });
    const { code } = await run.done;
    expect(code, run.stderr()).toBe(expected);
    expect(
      run
        .stderr()
        .trim()
        .split('\n')
        .filter((l) => l !== '').length,
    ).toBeLessThanOrEqual(1);
    expect(run.stderr()).not.toMatch(/\n\s+at /);
  });
});

describe.skipIf(!built)('--jobs is a hard cap on target processes', () => {
  it('replay runs one target process at a time although it needs several runs', async () => {
    const record = join(work, 'replay-record.txt');
    writeFileSync(record, '');
    const run = startCli(
      [
        'replay',
        writeCase('optout.json', OPT_OUT_CASE),
        '--target',
        fakeTarget('records-concurrency'),
        '--timeout',
        '10',
      ],
      {
        FAKE_RECORD: record,
        FAKE_SLEEP: '0.3',
      },
    );
    const { code } = await run.done;
    expect([1, 3], run.stderr()).toContain(code);
    const { runs, peak } = peakConcurrency(record);
    expect(runs).toBeGreaterThan(1);
    expect(peak).toBe(1);
  });

  it('diff --jobs 2 never has more than 2 target processes at once', async () => {
    const record = join(work, 'diff-record.txt');
    writeFileSync(record, '');
    const args = [
      'diff',
      '--target',
      fakeTarget('records-concurrency'),
      '--target',
      'sim',
      '--cases',
      '6',
      '--seed',
      '3',
      '--jobs',
      '2',
      '--timeout',
      '10',
    ];
    const run = startCli(args, { FAKE_RECORD: record, FAKE_SLEEP: '0.2' });
    const { code } = await run.done;
    expect(code, run.stderr()).not.toBe(2);
    const { runs, peak } = peakConcurrency(record);
    expect(runs).toBeGreaterThanOrEqual(6);
    expect(peak).toBeLessThanOrEqual(2);
  });
});

/** runProperty's up-front draw must be src/runner/draw.ts's drawCases, or 100,000 cases hold off signals for ~20 s. */

describe.skipIf(!built)('signals on the simulator', () => {
  it('SIGINT during a simulator run exits 3 within 5 s', async () => {
    const run = startCli(['run', '--cases', '3000', '--seed', '1', '--no-reference']);
    await waitFor('the run to start judging', () => run.stderr().includes('directfs-conformance run:'), 15_000);
    await new Promise((r) => setTimeout(r, 1_500));
    const signalled = Date.now();
    run.child.kill('SIGINT');
    const { code, at } = await run.done;
    expect(code, run.stderr()).toBe(3);
    expect(at - signalled).toBeLessThan(5_000);
  });

  it('SIGTERM 5 s into run --cases 100000 (the upper bound) exits within 10 s of the signal', async () => {
    const run = startCli(['run', '--cases', '100000', '--seed', '1', '--no-reference']);
    await new Promise((r) => setTimeout(r, 5_000));
    const signalled = Date.now();
    run.child.kill('SIGTERM');
    const { code, at } = await run.done;
    expect([2, 3], run.stderr()).toContain(code);
    expect(at - signalled).toBeLessThan(10_000);
  });
});

const modern = realTarget('modern', 1);

describe.skipIf(modern.skip !== null)(
  `Ctrl-C on real runsc${modern.skip === null ? '' : ` (skipped: ${modern.skip})`}`,
  () => {
    it('stops a runsc:modern run within 5 s, leaving no runsc process, state dir, case dir or mount', async () => {
      const run = startCli([
        'run',
        '--target',
        'runsc:modern',
        '--cases',
        '1',
        '--seed',
        '1',
        '--no-reference',
        '--timeout',
        '30',
      ]);
      const sandboxes = (): string[] => processesWithMarker(run.scratch);
      await waitFor(
        'a sandbox to start',
        () => sandboxes().some((p) => p.includes('runsc-sandbox') || p.includes('runsc-gofer')),
        30_000,
      );
      const signalled = Date.now();
      run.child.kill('SIGINT');
      const { code, at } = await run.done;
      expect(code, run.stderr()).toBe(3);
      expect(at - signalled).toBeLessThan(5_000);
      expect(await awaitNoMarkedProcess(run.scratch)).toEqual([]);
      expect(await awaitNoMarkedProcess(run.marker)).toEqual([]);
      expect(readdirSync(run.scratch)).toEqual([]);
      expect(readFileSync('/proc/self/mountinfo', 'utf8')).not.toContain(run.scratch);
      expect(run.stderr()).not.toMatch(/MaxListenersExceededWarning/);
    });
  },
);
