/**
 * Process-wide cleanup of live sandboxes and case roots: on SIGINT/SIGTERM and
 * on process exit every registered cleanup runs (synchronously, so it also
 * works from the `exit` event), then the process exits.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

/** A synchronous cleanup: must not throw and must be safe to run twice. */
export type CleanupFn = () => void;

const live = new Set<CleanupFn>();
let installed = false;

/** Registers a cleanup to run if the process is interrupted or exits before it is unregistered. */
export function registerCleanup(fn: CleanupFn): void {
  live.add(fn);
}

/** Forgets a cleanup (its owner cleaned up normally). */
export function unregisterCleanup(fn: CleanupFn): void {
  live.delete(fn);
}

/** Number of cleanups currently registered (live runs). */
export function liveCleanupCount(): number {
  return live.size;
}

/** Runs and forgets every registered cleanup; a throwing cleanup does not stop the others. */
export function runCleanupsSync(): void {
  for (const fn of [...live]) {
    live.delete(fn);
    try {
      fn();
    } catch {
      // Best effort: the remaining cleanups still run.
    }
  }
}

/** Exit codes used after an interrupting signal. */
export const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/**
 * Installs the SIGINT/SIGTERM and exit handlers once (idempotent). On a signal
 * every live cleanup runs, then the process exits with 130 (SIGINT) or 143 (SIGTERM).
 */
export function installSignalHandlers(options: { exitOnSignal: boolean } = { exitOnSignal: true }): void {
  if (installed) return;
  installed = true;
  // A caller that handles SIGINT/SIGTERM itself (the CLI aborts runs and reports "interrupted") keeps only the exit hook.
  if (options.exitOnSignal) {
    for (const signal of Object.keys(SIGNAL_EXIT_CODES) as (keyof typeof SIGNAL_EXIT_CODES)[]) {
      process.once(signal, () => {
        runCleanupsSync();
        process.exit(SIGNAL_EXIT_CODES[signal]);
      });
    }
  }
  process.on('exit', runCleanupsSync);
}

/** What it takes to tear one sandbox down and remove its scratch directory. */
export interface SandboxRef {
  runsc: string;
  /** runsc `--root` directory of the run. */
  stateDir: string;
  containerId: string;
  /** Directory removed at the end (the case root, or a bare run's state dir); mounts under it are unmounted first. */
  scratchRoot: string;
  /** Process group of the run's `runsc` once spawned; killed whole at teardown. */
  processGroup?: number;
  /**
   * The run lived in its own PID namespace, so the pids runsc recorded in its
   * state are that namespace's (a sandbox at pid 8), not the host's: `runsc
   * delete` from here would signal and wait on unrelated host processes. Its
   * processes died with the namespace; only its state files are removed.
   */
  isolated?: boolean;
  /** {@link stopSandbox} has run to its end: teardown does not stop it (nor scan /proc) again. */
  stopped?: boolean;
  /**
   * The run's PID namespace is known to be empty: its init (runsc) exited by
   * itself and `unshare` reaped it, and the kernel kills and reaps every
   * process of a namespace before its init's exit completes. No /proc scan.
   */
  emptied?: boolean;
}

const DELETE_TIMEOUT_MS = 10_000;
/** Shorter in the synchronous (interrupt, exit) path: the process must be gone within seconds of Ctrl-C. */
const EMERGENCY_DELETE_TIMEOUT_MS = 2_000;
const KILL_WAIT_MS = 3_000;

/** Removes the container's state files (named after its ID) from the state root, without asking runsc. */
function removeStateFiles(ref: SandboxRef): void {
  try {
    for (const name of readdirSync(ref.stateDir)) {
      if (name.includes(ref.containerId)) rmSync(join(ref.stateDir, name), { recursive: true, force: true });
    }
  } catch {
    // No state root: nothing to remove.
  }
}

/** Container state files remain (anything but runsc's null-netns mount point). */
function stateRemains(ref: SandboxRef): boolean {
  try {
    // The state root may be shared by concurrent runs: only this container's files count.
    return readdirSync(ref.stateDir).some((name) => name.includes(ref.containerId));
  } catch {
    return false;
  }
}

function readCmdline(pid: string): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

/** Pids (other than this process) whose command line names the sandbox's container ID or state dir. */
export function findSandboxProcesses(ref: SandboxRef): number[] {
  const self = String(process.pid);
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || entry === self) continue;
    const cmdline = readCmdline(entry);
    if (cmdline.includes(ref.containerId) || cmdline.includes(ref.scratchRoot)) pids.push(Number(entry));
  }
  return pids;
}

function unescapeMountinfo(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

/** Mount points at or under `root` in this process's mount namespace, deepest first. */
export function mountsUnder(root: string): string[] {
  let text = '';
  try {
    text = readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return [];
  }
  const points = text
    .split('\n')
    .map((line) => unescapeMountinfo(line.split(' ')[4] ?? ''))
    .filter((p) => p === root || p.startsWith(`${root}/`));
  return [...new Set(points)].sort((a, b) => b.length - a.length);
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function killGroupOf(ref: SandboxRef): void {
  if (ref.processGroup === undefined) return;
  try {
    process.kill(-ref.processGroup, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

function killAll(pids: number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

/** Kills the sandbox's leftover processes and waits (bounded) until none remains. */
function killLeftoversSync(ref: SandboxRef): void {
  const deadline = Date.now() + KILL_WAIT_MS;
  for (
    let pids = findSandboxProcesses(ref);
    pids.length > 0 && Date.now() < deadline;
    pids = findSandboxProcesses(ref)
  ) {
    killAll(pids);
    sleepSync(20);
  }
}

async function killLeftovers(ref: SandboxRef): Promise<void> {
  const deadline = Date.now() + KILL_WAIT_MS;
  for (
    let pids = findSandboxProcesses(ref);
    pids.length > 0 && Date.now() < deadline;
    pids = findSandboxProcesses(ref)
  ) {
    killAll(pids);
    await delay(20);
  }
}

/**
 * Unmounts everything under `root`, repeating while mounts remain: two
 * sandboxes starting at once can each bind-mount runsc's `null-netns`, so one
 * mount point may hold a stack of mounts. Mounts are rare here (normally
 * none), so the synchronous spawns cost nothing in the common case.
 */
export function unmountAllUnder(root: string): void {
  for (let round = 0; round < 16; round++) {
    const points = mountsUnder(root);
    if (points.length === 0) return;
    for (const point of points) {
      if (spawnSync('umount', [point], { stdio: 'ignore' }).status !== 0)
        spawnSync('umount', ['-l', point], { stdio: 'ignore' });
    }
  }
}

/** Synchronous, best-effort teardown: for signal and exit handlers. Idempotent. */
export function teardownSync(ref: SandboxRef): void {
  killGroupOf(ref);
  if (ref.isolated === true) {
    removeStateFiles(ref);
  } else if (stateRemains(ref)) {
    const args = [`--root=${ref.stateDir}`, 'delete', '-force', ref.containerId];
    spawnSync(ref.runsc, args, { stdio: 'ignore', timeout: EMERGENCY_DELETE_TIMEOUT_MS, killSignal: 'SIGKILL' });
  }
  killLeftoversSync(ref);
  unmountAllUnder(ref.scratchRoot);
  rmSync(ref.scratchRoot, { recursive: true, force: true, maxRetries: 3 });
}

/** Stops the sandbox (runsc delete -force, then SIGKILL to any process naming it) without removing files. */
export async function stopSandbox(ref: SandboxRef): Promise<void> {
  killGroupOf(ref);
  if (ref.isolated === true) {
    removeStateFiles(ref);
  } else if (stateRemains(ref)) {
    const args = [`--root=${ref.stateDir}`, 'delete', '-force', ref.containerId];
    // Loaded here, not at the top: every command imports this module, and only runsc runs spawn.
    const { execa } = await import('execa');
    await execa(ref.runsc, args, { reject: false, timeout: DELETE_TIMEOUT_MS, killSignal: 'SIGKILL', stdin: 'ignore' });
  }
  if (ref.emptied !== true) await killLeftovers(ref);
  ref.stopped = true;
}

/** Full teardown: stop the sandbox, unmount everything under the scratch root, remove it. Idempotent. */
export async function teardown(ref: SandboxRef): Promise<void> {
  if (ref.stopped !== true) await stopSandbox(ref);
  unmountAllUnder(ref.scratchRoot);
  await rm(ref.scratchRoot, { recursive: true, force: true, maxRetries: 3 });
}

/**
 * Removes a state root shared by many runs: force-deletes any container whose
 * state is still there (not for `isolated` runs, see {@link SandboxRef}),
 * unmounts runsc's `null-netns` and removes the directory.
 */
export function teardownStateRootSync(runsc: string, stateDir: string, isolated = false): void {
  let names: string[] = [];
  try {
    names = readdirSync(stateDir);
  } catch {
    return;
  }
  const ids = isolated
    ? new Set<string>()
    : new Set(names.flatMap((n) => /(dfc-\d+-\d+-[0-9a-f]+)/.exec(n)?.[1] ?? []));
  for (const id of ids) {
    spawnSync(runsc, [`--root=${stateDir}`, 'delete', '-force', id], {
      stdio: 'ignore',
      timeout: EMERGENCY_DELETE_TIMEOUT_MS,
      killSignal: 'SIGKILL',
    });
  }
  unmountAllUnder(stateDir);
  rmSync(stateDir, { recursive: true, force: true, maxRetries: 3 });
}
