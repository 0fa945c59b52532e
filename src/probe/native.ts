/**
 * The native probe: native/dfc-probe.c, compiled once per source into the
 * suite's cache, does the shell probe's workload (src/probe/script.ts) in one
 * process. Inside a sandbox every busybox fork costs about 10 ms, so the
 * shell workload was most of a run's cost; with the native probe a run is
 * little more than runsc starting and stopping the sandbox.
 *
 * The container process stays `/bin/busybox sh /probe.sh` (runsc names it in
 * its errors, which the simulator reproduces); probe.sh execs the binary.
 * Without a C compiler, or with DFC_PROBE=shell, runs use the shell probe;
 * the target says which (TargetInfo.probe). Reproducers always carry the
 * shell probe, which needs nothing but busybox.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { access, constants, mkdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SEED_CONTENT, SEED_FILE, type Case } from '../model/case.js';
import { UsageError } from '../model/errors.js';
import { cacheDir } from '../harness/installed.js';
import { planWorkload, TRUNCATED_DATA, WORKLOAD_DATA } from './plan.js';
import { shQuote, workloadCall } from './script.js';

/** The probe's C source, shipped with the package. */
export const NATIVE_PROBE_SOURCE = fileURLToPath(new URL('../../native/dfc-probe.c', import.meta.url));

/** The binary's path inside the sandbox. */
export const NATIVE_PROBE_PATH = '/bin/dfc-probe';

/** Compiler flags: static (the rootfs has no libc), warnings as errors. */
export const NATIVE_PROBE_CFLAGS = ['-O2', '-static', '-s', '-Wall', '-Wextra', '-Werror'] as const;

/** Which probe a runsc target's runs use. */
export type ProbeChoice = { kind: 'native'; binary: string } | { kind: 'shell'; why: string };

/** The native probe's arguments for a case: the texts the workload writes and expects, then its calls. */
export function nativeProbeArgs(c: Case): string[] {
  const args = [WORKLOAD_DATA, TRUNCATED_DATA, SEED_FILE, SEED_CONTENT.trimEnd()];
  for (const m of planWorkload(c)) args.push(...workloadCall(m));
  return args;
}

/** The probe.sh that hands the case's workload to the native probe. */
export function nativeProbeScript(c: Case): string {
  return `exec ${NATIVE_PROBE_PATH} ${nativeProbeArgs(c).map(shQuote).join(' ')}\n`;
}

/** One line saying which probe runs use, for the target line of reports. */
export function describeProbe(p: ProbeChoice): string {
  return p.kind === 'native' ? 'native' : `shell (${p.why})`;
}

const choices = new Map<string, Promise<ProbeChoice>>();

/**
 * The probe runs use, decided once per process: DFC_PROBE=shell forces the
 * shell probe, DFC_PROBE=native requires the native one (a UsageError when it
 * cannot be built), unset or `auto` takes the native one when it builds.
 */
export function chooseProbe(env: NodeJS.ProcessEnv = process.env): Promise<ProbeChoice> {
  const mode = env['DFC_PROBE'] ?? '';
  const key = `${mode}\0${cacheDir(env)}`;
  let pending = choices.get(key);
  if (pending === undefined) {
    pending = decide(mode, env);
    choices.set(key, pending);
  }
  return pending;
}

async function decide(mode: string, env: NodeJS.ProcessEnv): Promise<ProbeChoice> {
  if (mode === 'shell') return { kind: 'shell', why: 'DFC_PROBE=shell' };
  if (mode !== '' && mode !== 'auto' && mode !== 'native') {
    throw new UsageError(`DFC_PROBE must be native, shell or auto, not "${mode}"`);
  }
  const built = await buildNativeProbe(env);
  if (built.kind === 'shell' && mode === 'native') throw new UsageError(`DFC_PROBE=native: ${built.why}`);
  return built;
}

/** Compiles the native probe into the cache unless it is there already. */
export async function buildNativeProbe(env: NodeJS.ProcessEnv = process.env): Promise<ProbeChoice> {
  let source: Buffer;
  try {
    source = await readFile(NATIVE_PROBE_SOURCE);
  } catch (e) {
    return { kind: 'shell', why: `cannot read ${NATIVE_PROBE_SOURCE}: ${(e as NodeJS.ErrnoException).code ?? e}` };
  }
  const compiler = env['CC'] !== undefined && env['CC'] !== '' ? env['CC'] : 'cc';
  const hash = createHash('sha256').update(source).update(NATIVE_PROBE_CFLAGS.join(' ')).update(compiler);
  const dir = join(cacheDir(env), 'probe', hash.digest('hex').slice(0, 16));
  const binary = join(dir, 'dfc-probe');
  if (await isExecutable(binary)) return { kind: 'native', binary };
  const partial = `${binary}.${process.pid}.partial`;
  try {
    await mkdir(dir, { recursive: true });
    await compile(compiler, [...NATIVE_PROBE_CFLAGS, '-o', partial, NATIVE_PROBE_SOURCE]);
    await rename(partial, binary);
    return { kind: 'native', binary };
  } catch (e) {
    await rm(partial, { force: true });
    return { kind: 'shell', why: `cannot compile the native probe: ${(e as Error).message}` };
  }
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function compile(compiler: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(compiler, args, { timeout: 120_000 }, (error, _stdout, stderr) => {
      if (error === null) return resolve();
      const first = stderr.split('\n').find((l) => l.trim() !== '') ?? error.message;
      reject(new Error(`${compiler}: ${first.trim()}`));
    });
  });
}
