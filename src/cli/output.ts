/**
 * Output files and directories: checked before a run starts (a regular file
 * or absent, in a writable directory; never a device, FIFO or symlink), then
 * written whole, with a failure after the run reported as data, not thrown.
 */
import {
  closeSync,
  constants,
  lstatSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import type { Stats } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { UsageError } from '../model/errors.js';

function errnoOf(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? (e as Error).message;
}

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch (e) {
    if (errnoOf(e) === 'ENOENT') return null;
    throw e;
  }
}

function kindOf(st: Stats): string {
  if (st.isSymbolicLink()) return 'a symlink';
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** Proves `dir` takes new files by creating and removing a probe file in it; the errno when it does not. */
function probeWritableDir(dir: string): string | null {
  const probe = join(dir, `.dfc-probe-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    closeSync(openSync(probe, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600));
  } catch (e) {
    return errnoOf(e);
  }
  rmSync(probe, { force: true });
  return null;
}

/**
 * Checks that `path` can be written by {@link writeFileAtomic}: absent or a
 * regular file that opens for writing, in an existing writable directory.
 * `option` names the flag in the one-line UsageError.
 */
export function checkOutputFile(option: string, path: string): void {
  const at = `--${option} ${path}`;
  const dir = dirname(path);
  let dirStat;
  try {
    dirStat = statSync(dir);
  } catch (e) {
    throw new UsageError(`${at}: directory ${dir} does not exist (${errnoOf(e)})`);
  }
  if (!dirStat.isDirectory()) throw new UsageError(`${at}: ${dir} is not a directory`);
  const st = lstatOrNull(path);
  if (st !== null && !st.isFile()) {
    throw new UsageError(`${at}: is ${kindOf(st)}; an output must be a regular file or absent`);
  }
  if (st !== null) {
    try {
      closeSync(openSync(path, constants.O_WRONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW));
    } catch (e) {
      throw new UsageError(`${at}: cannot be written (${errnoOf(e)})`);
    }
  }
  const problem = probeWritableDir(dir);
  if (problem !== null) throw new UsageError(`${at}: directory ${dir} is not writable (${problem})`);
}

/**
 * Checks an output directory: an existing directory that takes new files, or
 * absent below a writable existing directory (it is created only when written).
 */
export function checkOutputDir(option: string, path: string): void {
  const at = `--${option} ${path}`;
  let dir = path;
  for (;;) {
    let st;
    try {
      st = statSync(dir);
    } catch (e) {
      const code = errnoOf(e);
      const missing = code === 'ENOENT' || code === 'ENOTDIR';
      if (!missing || dirname(dir) === dir) throw new UsageError(`${at}: cannot be used (${code} at ${dir})`);
      dir = dirname(dir);
      continue;
    }
    if (!st.isDirectory()) throw new UsageError(`${at}: ${dir === path ? 'is' : `${dir} is`} not a directory`);
    break;
  }
  const problem = probeWritableDir(dir);
  if (problem !== null) throw new UsageError(`${at}: directory ${dir} is not writable (${problem})`);
}

/** Refuses two output options naming the same path (one would replace the other); undefined ones are skipped. */
export function checkOutputTargets(paths: Readonly<Record<string, string | undefined>>): void {
  const seen = new Map<string, string>();
  for (const [option, path] of Object.entries(paths)) {
    if (path === undefined) continue;
    const other = seen.get(path);
    if (other !== undefined) throw new UsageError(`--${option} ${path}: the same path as --${other}`);
    seen.set(path, option);
  }
}

/**
 * Writes `content` to `path` through a temporary sibling and a rename, so no
 * partial file is ever visible. Only onto a regular file or nothing: a device,
 * FIFO, symlink or directory found at write time is left alone and refused.
 */
export function writeFileAtomic(path: string, content: string): void {
  const st = lstatOrNull(path);
  if (st !== null && !st.isFile()) throw new Error(`${path} is ${kindOf(st)}; not replaced`);
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(3).toString('hex')}`;
  try {
    writeFileSync(tmp, content, { flag: 'wx' });
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** One file a finished run writes; `content` is built only when it is written. */
export interface PendingOutput {
  option: string;
  path: string;
  content: () => string;
}

/** The pending output of option `option`, or null when the option was not given. */
export function outputOf(option: string, path: string | undefined, content: () => string): PendingOutput | null {
  return path === undefined ? null : { option, path, content };
}

/** An output that could not be written after the run, as one line. */
export interface OutputFailure {
  option: string;
  path: string;
  message: string;
}

/**
 * Writes every pending output (creating `createDir` first when given), going
 * on after a failure; returns the failures instead of throwing.
 */
export function writeOutputs(outputs: readonly (PendingOutput | null)[], createDir?: string): OutputFailure[] {
  const failures: OutputFailure[] = [];
  for (const o of outputs) {
    if (o === null) continue;
    try {
      if (createDir !== undefined) mkdirSync(createDir, { recursive: true });
      writeFileAtomic(o.path, o.content());
    } catch (e) {
      failures.push({ option: o.option, path: o.path, message: (e as Error).message.split('\n')[0] ?? String(e) });
    }
  }
  return failures;
}

/** Prints one stderr line per output failure (the run's own exit code stands). */
export function reportOutputFailures(failures: readonly OutputFailure[]): void {
  for (const f of failures) {
    process.stderr.write(`directfs-conformance: --${f.option} ${f.path}: not written: ${f.message}\n`);
  }
}
