/**
 * The Observation of a simulated run read off the run's data (log lines,
 * mountinfo rows, workload lines) instead of the texts it renders: the same
 * Observation observe() parses from those texts (observe-sim.test.ts checks
 * it over generated cases, every profile and mutant), without rendering
 * kilobytes of text per run only to cut, mask and match it again.
 *
 * The shortcut covers started runs whose lines read back unchanged, which
 * is nearly all of them; anything else (failed starts, raw log lines, lines
 * with a line break or control character, a path holding the case root)
 * is left to observe() on the rendered texts.
 */
import type { MountLine, Observation, WorkloadOp } from '../model/observation.js';
import type { RawRun } from '../model/raw-run.js';
import type { SimLogs, SimRun } from '../simulator/index.js';
import { manglePath, mountOptionsOf, superOptionsOf, type MountRow } from '../simulator/mountinfo.js';
import type { ProfileSpec } from '../simulator/profiles.js';
import { maskRunText, observationOf, parseWorkload } from './observe.js';
import { isReadMessage, type LogMessage } from './observe-logs.js';
import { internTable } from './interned.js';
import { directfsOf, maskFdOption, unescapeMountinfo } from './observe-mountinfo.js';

/** Runs whose observation is read off their data; the RawRun is what the simulator target returned. */
const SIM_RUNS = new WeakMap<RawRun, SimRun>();

/** Marks `raw` as the rendering of `run`, so {@link simObservation} can read `run` instead of `raw`'s texts. */
export function rememberSimRun(raw: RawRun, run: SimRun): void {
  SIM_RUNS.set(raw, run);
}

/** The observation of `raw` read off its simulated run, or null when it must be parsed from its texts. */
export function simObservation(raw: RawRun): Observation | null {
  const run = SIM_RUNS.get(raw);
  return run === undefined || raw.timedOut ? null : observeSimRun(run, raw);
}

/** A character that makes the parser read a line otherwise than it was written: it splits, trims or stops a match. */
const LINE_BREAKING = /[\n\r\u2028\u2029]/;

/** Text between two spaces of a mountinfo line that the parser reads back as one token. */
const TOKEN = /^[\x21-\x7e]+$/;

/** Text that mangles into one printable token: printable ASCII, tabs and newlines (escaped by mountinfo). */
const MANGLES_TO_TOKEN = /^[\x20-\x7e\t\n]+$/;

/**
 * The observation of a started simulated run, built from its data; null for
 * a run that did not start or has a line this reading does not cover.
 */
export function observeSimRun(run: SimRun, raw: RawRun): Observation | null {
  const probe = run.probe;
  if (run.exitCode !== 0 || probe === null) return null;
  const mask = (text: string) => maskRunText(text, raw.caseRoot, raw.containerId);
  const boot = messagesOf(run.logs.boot, mask);
  const runLog = messagesOf(run.logs.run, mask);
  const gofer = messagesOf(run.logs.gofer, mask);
  if (boot === null || runLog === null || gofer === null) return null;
  const mounts: MountLine[] = [];
  for (const r of probe.rows ?? []) {
    const line = mountLineOf(r, run.profile, mask);
    if (line === null) return null;
    mounts.push(line);
  }
  const lines: string[] = [];
  for (const l of probe.lines) {
    if (LINE_BREAKING.test(l)) return null;
    lines.push(mask(l));
  }
  return observationOf(raw, {
    outcome: 'started',
    error: null,
    mounts,
    boot,
    run: runLog,
    gofer,
    workload: workloadOf(lines),
    probeCompleted: true,
  });
}

/**
 * The messages of one log that observe() reads (isReadMessage), as
 * logMessages() reads them from its rendered text: each glog line's message,
 * masked; the others are left out unmasked, as they change nothing. Null
 * when a line would not read back as written (a raw line, or a message with
 * a line break).
 */
function messagesOf(lines: SimLogs['run'] | null, mask: (text: string) => string): LogMessage[] | null {
  if (lines === null) return [];
  const out: LogMessage[] = [];
  for (const l of lines) {
    if (l.level === 'raw' || LINE_BREAKING.test(l.text)) return null;
    if (isReadMessage(l.text)) out.push({ severity: l.level, message: mask(l.text) });
  }
  return out;
}

/**
 * A mountinfo row as parseMountinfoLine() reads its rendered line; null when
 * a field would not come back as one token or holds text the mask replaces.
 */
function mountLineOf(r: MountRow, profile: ProfileSpec, mask: (text: string) => string): MountLine | null {
  const mangled = manglePath(r.mountPoint);
  const superField = superOptionsOf(r);
  if (!MANGLES_TO_TOKEN.test(r.mountPoint) || !TOKEN.test(r.fsType) || !TOKEN.test(superField)) return null;
  if (mask(mangled) !== mangled || mask(r.fsType) !== r.fsType || mask(superField) !== superField) return null;
  return mountLineFrom(`${mangled} ${mountOptionsOf(r, profile)} ${r.fsType} ${superField}`);
}

/**
 * The mount line of a mountinfo row from its fields as the line prints them
 * (mount point, mount options, type, super options; one token each), shared
 * per distinct row: the same rows recur in nearly every run.
 */
const mountLineFrom = internTable((fields: string): MountLine => {
  const [mangled = '', mountOptions = '', fsType = '', superField = ''] = fields.split(' ');
  const options = superField.split(',');
  const superOptions = superField.includes('fdno=') ? options.map(maskFdOption) : options;
  return {
    mountPoint: unescapeMountinfo(mangled),
    mountOptions,
    fsType,
    mountSource: 'none',
    superOptions,
    directfs: directfsOf(fsType, superOptions),
  };
});

/** parseWorkload() of one masked probe line, shared per distinct line (null: not a `DFC-OP` line). */
const workloadOpOf = internTable((line: string): WorkloadOp | null => parseWorkload([line])[0] ?? null);

/** parseWorkload() of masked probe lines, one shared result object per distinct line. */
function workloadOf(lines: readonly string[]): WorkloadOp[] {
  const out: WorkloadOp[] = [];
  for (const l of lines) {
    const op = workloadOpOf(l);
    if (op !== null) out.push(op);
  }
  return out;
}
