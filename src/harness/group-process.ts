/**
 * Spawning a target process so that it can be killed whole: in its own
 * process group, and inside a fresh PID namespace (`unshare --pid --fork
 * --kill-child`) where the host allows it, so that even children that leave
 * the group (runsc's sandbox and gofer call setsid) die with it. The timeout
 * and the abort are enforced by killing the group, never by waiting for the
 * target's pipes to close.
 */
import { spawn, spawnSync } from 'node:child_process';
import { registerCleanup, unregisterCleanup } from './cleanup.js';

/** The largest delay a Node timer accepts; longer ones fire at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** How long stdout/stderr may stay open after the process exited and its group was killed. */
const PIPE_GRACE_MS = 500;

/** What one grouped process run yielded; a failure to start is data too. */
export interface GroupRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** The abort signal fired while the process ran. */
  canceled: boolean;
  /** Why the process could not be started, or null. */
  spawnError: string | null;
  wallMs: number;
}

/** Options of {@link runGrouped}. */
export interface GroupOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** Bytes kept of each of stdout and stderr (default 64 MiB); the rest is dropped. */
  maxBuffer?: number;
  /** Called as soon as the process exists, with its group id and whether it runs in its own PID namespace. */
  onSpawn?: (processGroup: number, isolated: boolean) => void;
}

/**
 * A new PID namespace whose init is the target: when it dies (SIGKILLed with
 * unshare, by --kill-child) the kernel kills everything left in it. runsc needs
 * a /proc of its own namespace to fork its gofer, hence --mount-proc (which
 * also keeps runsc's null-netns bind mount out of the host's mount table).
 */
const UNSHARE_ARGS = ['--pid', '--fork', '--kill-child', '--mount-proc', '--'] as const;

let pidNamespaceUsable: boolean | null = null;
const PROBE_OPTIONS = { stdio: 'ignore', timeout: 5_000 } as const;

/** True when `unshare` can make PID namespaces here (root, util-linux); probed once. DFC_NO_PIDNS=1 disables it. */
export function canUsePidNamespace(): boolean {
  if (process.env.DFC_NO_PIDNS === '1') return false;
  pidNamespaceUsable ??= spawnSync('unshare', [...UNSHARE_ARGS, 'true'], PROBE_OPTIONS).status === 0;
  return pidNamespaceUsable;
}

/** The command line that runs `file args` isolated: wrapped in a PID namespace when possible. */
export function isolatedCommand(file: string, args: readonly string[]): { file: string; args: string[] } {
  return canUsePidNamespace() ? { file: 'unshare', args: [...UNSHARE_ARGS, file, ...args] } : { file, args: [...args] };
}

/** SIGKILLs every process of group `processGroup`; a gone group is fine. */
export function killProcessGroup(processGroup: number): void {
  try {
    process.kill(-processGroup, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** Per signal, the kill functions of the runs in flight: one 'abort' listener per signal, however many runs. */
const abortHooks = new WeakMap<AbortSignal, Set<() => void>>();

/** Calls `fn` when `signal` aborts (at once if it has); returns the function that forgets it. */
function hookAbort(signal: AbortSignal, fn: () => void): () => void {
  if (signal.aborted) {
    fn();
    return () => undefined;
  }
  let hooks = abortHooks.get(signal);
  if (hooks === undefined) {
    const fresh = new Set<() => void>();
    abortHooks.set(signal, fresh);
    signal.addEventListener(
      'abort',
      () => {
        for (const hook of [...fresh]) hook();
        fresh.clear();
      },
      { once: true },
    );
    hooks = fresh;
  }
  const set = hooks;
  set.add(fn);
  return () => set.delete(fn);
}

function collector(limit: number): { push: (b: Buffer) => void; text: () => string } {
  const chunks: Buffer[] = [];
  let size = 0;
  return {
    push: (b) => {
      if (size >= limit) return;
      const kept = b.subarray(0, limit - size);
      chunks.push(kept);
      size += kept.length;
    },
    text: () => Buffer.concat(chunks).toString('utf8'),
  };
}

/**
 * Runs `file args` isolated, with stdin closed. Resolves when the process has
 * exited (its group then killed, so nothing it started outlives it) or was
 * killed by the timeout or the abort; never rejects.
 */
export function runGrouped(file: string, args: readonly string[], options: GroupOptions): Promise<GroupRun> {
  const started = performance.now();
  const cmd = isolatedCommand(file, args);
  const out = collector(options.maxBuffer ?? 64 * 1024 * 1024);
  const err = collector(options.maxBuffer ?? 64 * 1024 * 1024);
  let timedOut = false;
  let canceled = false;
  return new Promise((resolve) => {
    const child = spawn(cmd.file, cmd.args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const group = child.pid;
    const kill = (): void => {
      if (group !== undefined) killProcessGroup(group);
    };
    // Until it ends, the group dies with this process whatever way it exits.
    registerCleanup(kill);
    if (group !== undefined) options.onSpawn?.(group, cmd.file === 'unshare');
    const timer = setTimeout(
      () => {
        timedOut = true;
        kill();
      },
      Math.max(1, Math.min(options.timeoutMs, MAX_TIMER_MS)),
    );
    const unhook =
      options.signal === undefined
        ? () => undefined
        : hookAbort(options.signal, () => {
            canceled = true;
            kill();
          });
    child.stdout.on('data', out.push);
    child.stderr.on('data', err.push);
    let settled = false;
    const finish = (exitCode: number | null, signal: NodeJS.Signals | null, spawnError: string | null): void => {
      if (settled) return;
      settled = true;
      unregisterCleanup(kill);
      clearTimeout(timer);
      unhook();
      const wallMs = performance.now() - started;
      resolve({ exitCode, signal, stdout: out.text(), stderr: err.text(), timedOut, canceled, spawnError, wallMs });
    };
    child.on('error', (e) => {
      kill();
      child.stdout.destroy();
      child.stderr.destroy();
      finish(null, null, e.message);
    });
    child.on('exit', (code, signal) => {
      kill();
      const grace = setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        finish(code, signal, null);
      }, PIPE_GRACE_MS);
      child.on('close', () => {
        clearTimeout(grace);
        finish(code, signal, null);
      });
    });
  });
}
