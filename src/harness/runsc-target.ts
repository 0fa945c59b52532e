/**
 * The real-runsc Target: materialises each case under its own temporary case
 * root, runs `runsc run` on it, collects stdout, stderr and debug logs, checks
 * the workload's effects on the host, and always tears the sandbox down.
 */
import { randomBytes } from 'node:crypto';
import { accessSync, constants, statSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, realpath } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Case, RunscFlags } from '../model/case.js';
import { HarnessError, UsageError } from '../model/errors.js';
import type { RawRun, RunLogs } from '../model/raw-run.js';
import type { RunOptions, Target, TargetInfo } from '../model/target.js';
import { MOUNTINFO_BEGIN } from '../probe/protocol.js';
import {
  installSignalHandlers,
  registerCleanup,
  type SandboxRef,
  stopSandbox,
  teardown,
  teardownStateRootSync,
  teardownSync,
  unregisterCleanup,
} from './cleanup.js';
import { canUsePidNamespace, runGrouped, type GroupRun } from './group-process.js';
import { checkHost } from './host-checks.js';
import { isRunscAlias, resolveRunscAlias } from './installed.js';
import { materialize } from './materialize.js';
import { chooseProbe, describeProbe } from '../probe/native.js';
import { withSandboxSlot } from './sandbox-slots.js';
import { isPod } from './pod-cases.js';
import { runPodCase } from './pod-run.js';

/** Flags every run gets: root on a VM, no network, no cgroups (reference §1). */
export const BASE_FLAGS = ['--network=none', '--ignore-cgroups'] as const;

/** The case's own runsc flags; a null flag is not passed (runsc's default applies). */
export function caseFlagArgs(flags: RunscFlags): string[] {
  const args: string[] = [];
  if (flags.directfs !== null) args.push(`--directfs=${flags.directfs}`);
  if (flags.overlay2 !== null) args.push(`--overlay2=${flags.overlay2}`);
  if (flags.fileAccess !== null) args.push(`--file-access=${flags.fileAccess}`);
  if (flags.fileAccessMounts !== null) args.push(`--file-access-mounts=${flags.fileAccessMounts}`);
  return args;
}

/**
 * Where a run logs: one file per runsc command under `logDir`, at runsc's
 * default level. Every line the observer reads (mount hints and their
 * warnings, `Mounted`, the host-FD warnings, the gofer's seccomp filters) is
 * logged at Info or Warning; `--debug` adds Debug lines nobody reads, for
 * about 0.02 CPU-s per sandbox (`bench`). A reproducer for a person asks for
 * them with `debug`.
 */
export function logArgs(logDir: string, debug = false): string[] {
  return [...(debug ? ['--debug'] : []), `--debug-log=${logDir}/`];
}

/** Full argument list of one harness run (`debug`: see {@link logArgs}). */
export function runArgs(
  stateDir: string,
  logDir: string,
  flags: RunscFlags,
  bundle: string,
  containerId: string,
  debug = false,
): string[] {
  return [
    `--root=${stateDir}`,
    ...BASE_FLAGS,
    ...logArgs(logDir, debug),
    ...caseFlagArgs(flags),
    'run',
    '--bundle',
    bundle,
    containerId,
  ];
}

/** Behaviour profile guessed from a `runsc --version` line (reference §5 for the dates). */
export function guessProfile(versionLine: string): TargetInfo['profile'] {
  const sim = /\bsim-(modern|prefeature|legacy)\b/.exec(versionLine);
  if (sim) return sim[1] as 'modern' | 'prefeature' | 'legacy';
  if (/\b0\.0~2022\d{4}/.test(versionLine)) return 'legacy';
  const dated = /\bv0\.0\.0-(\d{14})-[0-9a-f]{12}\b/.exec(versionLine) ?? /\brelease-(\d{8})\.\d+\b/.exec(versionLine);
  if (dated?.[1] === undefined) return 'unknown';
  const stamp = dated[1].padEnd(14, '0');
  if (stamp >= '20260515164445') return 'modern'; // first post-feature go-branch commit
  if (stamp >= '20231113000000') return 'prefeature'; // rootfs hint exists, mount directfs key is a warning
  return 'unknown';
}

let runCounter = 0;

/** A container ID unique to this process and run: `dfc-<pid>-<counter>-<random>`. */
export function newContainerId(): string {
  runCounter += 1;
  return `dfc-${process.pid}-${runCounter}-${randomBytes(3).toString('hex')}`;
}

const LOG_KINDS = ['boot', 'gofer', 'run'] as const;

/** Concatenates `runsc.log.*.<kind>.txt` files per kind, in name (= time) order. */
export async function readLogs(logDir: string): Promise<RunLogs> {
  const logs: RunLogs = { boot: '', gofer: '', run: '' };
  let names: string[] = [];
  try {
    names = (await readdir(logDir)).sort();
  } catch {
    return logs;
  }
  for (const kind of LOG_KINDS) {
    for (const name of names) {
      if (!name.startsWith('runsc.log.') || !name.endsWith(`.${kind}.txt`)) continue;
      logs[kind] += await readFile(join(logDir, name), 'utf8').catch(() => '');
    }
  }
  return logs;
}

/** A fresh temporary directory (realpath), or a HarnessError naming TMPDIR. */
export async function makeScratchDir(prefix: string): Promise<string> {
  try {
    return await realpath(await mkdtemp(join(tmpdir(), `${prefix}-${process.pid}-`)));
  } catch (e) {
    throw new HarnessError(`cannot create a temporary directory in ${tmpdir()}: ${(e as Error).message}`);
  }
}

/** Runs `fn` with a teardown registered for interruption, and always tears down afterwards. */
async function withSandbox<T>(ref: SandboxRef, fn: () => Promise<T>): Promise<T> {
  const emergency = (): void => teardownSync(ref);
  registerCleanup(emergency);
  try {
    return await fn();
  } finally {
    await teardown(ref);
    unregisterCleanup(emergency);
  }
}

/** TMPDIR must be a writable directory before any run: a one-line UsageError otherwise. */
export function checkScratchParent(): void {
  const dir = tmpdir();
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new UsageError(`temporary directory ${dir} is not usable (${why}); set TMPDIR to a writable directory`);
  }
}

/** The RawRun of a case that was never started because the run was interrupted first. */
export function interruptedRun(): RawRun {
  const logs = { boot: '', gofer: '', run: '' };
  return {
    exitCode: null,
    stdout: '',
    stderr: 'interrupted before start',
    logs,
    hostChecks: [],
    caseRoot: '',
    containerId: '',
    wallMs: 0,
    timedOut: true,
  };
}

/**
 * What the runs of one runsc target share: the binary; its state root, shared
 * so that runsc's null-netns mount is made once per target, not per case; and
 * the native probe binary (null: the shell probe).
 */
export interface RunscRuns {
  runsc: string;
  stateDir: string;
  nativeProbe: string | null;
}

/**
 * Runs `ref.runsc argv` as a grouped process, recording on `ref` what its
 * teardown needs: the process group, whether it had a PID namespace of its
 * own, and whether that namespace is known to be empty (runsc exited by itself).
 */
async function runSandboxProcess(
  ref: SandboxRef,
  argv: readonly string[],
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<GroupRun> {
  const r = await runGrouped(ref.runsc, argv, {
    timeoutMs,
    ...(signal === undefined ? {} : { signal }),
    onSpawn: (group, isolated) => {
      ref.processGroup = group;
      ref.isolated = isolated;
    },
  });
  ref.emptied = ref.isolated === true && r.exitCode !== null && r.signal === null && !r.timedOut && !r.canceled;
  return r;
}

/** Runs one case on a runsc target; a failed or timed-out sandbox is data, never an exception. */
export async function runCase(
  { runsc, stateDir, nativeProbe }: RunscRuns,
  c: Case,
  options: RunOptions,
): Promise<RawRun> {
  if (options.signal?.aborted === true) return interruptedRun();
  const caseRoot = await makeScratchDir('dfc-case');
  const containerId = newContainerId();
  const logDir = join(caseRoot, 'logs');
  const ref: SandboxRef = { runsc, stateDir, containerId, scratchRoot: caseRoot };
  return withSandbox(ref, async () => {
    await materialize(c, caseRoot, { nativeProbe });
    await mkdir(logDir);
    // The slot is held while runsc's processes live, not while the bundle is written or read and removed: so
    // with --jobs J, J sandboxes run while this process prepares the next bundles and cleans up the last ones.
    const run = async () => {
      const argv = runArgs(stateDir, logDir, c.flags, caseRoot, containerId);
      const r = await runSandboxProcess(ref, argv, options.timeoutMs, options.signal);
      if (r.spawnError === null) await stopSandbox(ref);
      return r;
    };
    const r = await withSandboxSlot(options.signal, run, () => null);
    if (r === null) return { ...interruptedRun(), caseRoot, containerId };
    const timedOut = r.timedOut || r.canceled;
    if (r.spawnError !== null) throw new HarnessError(`cannot run ${runsc}: ${r.spawnError}`);
    const stdout = r.stdout;
    return {
      exitCode: r.exitCode,
      stdout,
      stderr: r.stderr,
      logs: await readLogs(logDir),
      hostChecks: stdout.includes(MOUNTINFO_BEGIN) ? await checkHost(c, caseRoot) : [],
      caseRoot,
      containerId,
      wallMs: r.wallMs,
      timedOut,
    };
  });
}

/** What a bare `runsc run` of an already materialised bundle yielded. */
export interface BareRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  wallMs: number;
  /** Killed by its timeout: its wall time measures the timeout, not runsc. */
  timedOut: boolean;
  /** Stopped by the abort signal, or never started because of it. */
  interrupted: boolean;
}

/** Options of {@link runBareRunsc}. */
export interface BareRunOptions {
  timeoutMs?: number;
  /** Log under this directory, as harness runs do. */
  logDir?: string;
  /** With `logDir`: at Debug level too (`--debug`). */
  debug?: boolean;
  stateDir?: string;
  signal?: AbortSignal;
}

/**
 * A bare `runsc run` of `bundleDir` with its own state dir and no host checks;
 * for benchmarks. With `logDir` (and without `debug`) it passes the same log
 * flags the harness passes, so the two argv are identical. Holds a sandbox
 * slot like a harness run, and is killed whole on timeout or abort.
 */
export function runBareRunsc(
  runsc: string,
  bundleDir: string,
  flags: RunscFlags,
  options: BareRunOptions = {},
): Promise<BareRun> {
  const refused = (): BareRun => ({
    exitCode: null,
    stdout: '',
    stderr: '',
    wallMs: 0,
    timedOut: false,
    interrupted: true,
  });
  return withSandboxSlot(
    options.signal,
    async () => {
      if (options.signal?.aborted === true) return refused();
      const ownState = options.stateDir === undefined;
      const stateDir = options.stateDir ?? (await makeScratchDir('dfc-state'));
      const containerId = newContainerId();
      const logs = options.logDir === undefined ? [] : logArgs(options.logDir, options.debug === true);
      // With a caller's (shared) state root, teardown only removes this run's bundle-independent leftovers.
      const ref: SandboxRef = { runsc, stateDir, containerId, scratchRoot: ownState ? stateDir : bundleDir };
      return withSandbox(ref, async () => {
        const argv = [
          `--root=${stateDir}`,
          ...BASE_FLAGS,
          ...logs,
          ...caseFlagArgs(flags),
          'run',
          '--bundle',
          bundleDir,
          containerId,
        ];
        const r = await runSandboxProcess(ref, argv, options.timeoutMs ?? 60_000, options.signal);
        if (r.spawnError !== null) throw new HarnessError(`cannot run ${runsc}: ${r.spawnError}`);
        return {
          exitCode: r.exitCode,
          stdout: r.stdout,
          stderr: r.stderr,
          wallMs: r.wallMs,
          timedOut: r.timedOut,
          interrupted: r.canceled,
        };
      });
    },
    refused,
  );
}

function checkExecutable(path: string, spec: string): void {
  let isFile = false;
  try {
    isFile = statSync(path).isFile();
  } catch {
    throw new UsageError(`--target ${spec}: no such file ${path}`);
  }
  try {
    if (!isFile) throw new Error();
    accessSync(path, constants.X_OK);
  } catch {
    throw new UsageError(`--target ${spec}: ${path} is not an executable file`);
  }
}

async function readVersionLine(path: string, spec: string): Promise<string> {
  const r = await runGrouped(path, ['--version'], { timeoutMs: 15_000, maxBuffer: 64 * 1024 });
  const line = r.stdout.split('\n')[0]?.trim() ?? '';
  if (r.exitCode !== 0 || line === '') {
    const why =
      r.spawnError ??
      (r.timedOut ? 'timed out after 15 s' : r.signal !== null ? `killed by ${r.signal}` : `exit ${r.exitCode}`);
    throw new UsageError(`--target ${spec}: "${path} --version" failed (${why}); is it a runsc binary?`);
  }
  return line;
}

/** A Target for `runsc:<alias>` (modern, prefeature, legacy) or a path to a runsc-compatible executable. */
export async function createRunscTarget(spec: string): Promise<Target> {
  let path: string;
  let id: string;
  let aliasProfile: TargetInfo['profile'] | null = null;
  if (spec.startsWith('runsc:')) {
    const alias = spec.slice('runsc:'.length);
    path = resolveRunscAlias(alias).path;
    id = spec;
    if (isRunscAlias(alias)) aliasProfile = alias;
  } else {
    path = resolve(spec);
    id = path;
  }
  checkExecutable(path, spec);
  checkScratchParent();
  const version = await readVersionLine(path, spec);
  installSignalHandlers();
  const probe = await chooseProbe();
  const nativeProbe = probe.kind === 'native' ? probe.binary : null;
  const info: TargetInfo = {
    id,
    kind: 'runsc',
    path,
    version,
    profile: aliasProfile ?? guessProfile(version),
    probe: describeProbe(probe),
  };
  let stateRoot: Promise<string> | null = null;
  const isolated = canUsePidNamespace();
  const cleanupStateRoot = (dir: string) => (): void => teardownStateRootSync(path, dir, isolated);
  let registered: (() => void) | null = null;
  const stateDir = (): Promise<string> => {
    stateRoot ??= makeScratchDir('dfc-state').then((dir) => {
      registered = cleanupStateRoot(dir);
      registerCleanup(registered);
      return dir;
    });
    return stateRoot;
  };
  return {
    info,
    // A single-container run holds a sandbox slot while its processes live (runCase); a pod, whose create, start
    // and wait calls are several processes, holds one from before its case root exists until after its teardown.
    run: async (c, options) => {
      const runs = { runsc: path, stateDir: await stateDir(), nativeProbe };
      if (!isPod(c)) return runCase(runs, c, options);
      return withSandboxSlot(options.signal, () => runPodCase(runs, c, options), interruptedRun);
    },
    close: async () => {
      if (stateRoot === null) return;
      const dir = await stateRoot;
      stateRoot = null;
      if (registered !== null) unregisterCleanup(registered);
      teardownStateRootSync(path, dir, isolated);
    },
  };
}
