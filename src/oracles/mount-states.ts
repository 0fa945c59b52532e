/**
 * Matching spec mounts to mountinfo lines and judging their directfs state,
 * shared by the per-mount oracles (DFS-OPT-OUT, DFS-KEEP, DFS-MOUNT-INVALID-VALUE).
 */
import type { MountLine, Observation } from '../model/observation.js';
import type { RequirementId } from '../model/requirements.js';
import type { Verdict } from '../model/verdict.js';
import type { Contract, MountExpectation } from './contract.js';
import { verdict, type Problems } from './oracle.js';

/** The line a spec mount shows as, `hidden` when a stacked mount's line cannot be told apart, undefined when there is none. */
export function lineOf(obs: Observation, m: MountExpectation): MountLine | 'hidden' | undefined {
  const lines = obs.mounts.filter((l) => l.mountPoint === m.destination);
  if (!m.stackKnown) return 'hidden';
  if (lines.length === m.stackSize) return lines[m.stackPos];
  if (m.stackPos === m.stackSize - 1) return lines[lines.length - 1];
  return 'hidden';
}

/** The root's line: the last one at `/` (the visible one). */
export function rootLine(obs: Observation): MountLine | undefined {
  return obs.mounts.filter((l) => l.mountPoint === '/').at(-1);
}

/** The spec mount (or `root`) a line at `point` (the `i`-th of `count` there) belongs to; `unknown` when the mount order there is unknown. */
export function ownerOfLine(
  k: Contract,
  point: string,
  i: number,
  count: number,
): MountExpectation | 'root' | 'unknown' | null {
  if (point === '/') return i === count - 1 ? 'root' : null;
  const same = k.mounts.filter((m) => m.destination === point);
  if (same.length === 0) return null;
  if (same.some((m) => !m.stackKnown)) return 'unknown';
  if (count === same[0]?.stackSize) return same.find((m) => m.stackPos === i) ?? null;
  return i === count - 1 ? (same.find((m) => m.stackPos === m.stackSize - 1) ?? null) : null;
}

/** Outcome of judging a set of mounts against an expected directfs state. */
export interface StateJudgement {
  failures: string[];
  /** Destinations whose state was seen on a 9p line. */
  seen: string[];
  /** Mounts whose line was visible but in the wrong state (observed, and failing). */
  wrong: string[];
  /** Destinations under an overlay (or stacked out of sight). */
  hidden: string[];
  firstFailingMount: string | undefined;
}

function describeLine(l: MountLine): string {
  return `${l.fsType} ${l.mountOptions} ${l.superOptions.join(',')}`;
}

/** Judges one mount line against the expected state; pushes into `j`. */
function judgeLine(
  j: StateJudgement,
  dest: string,
  line: MountLine | 'hidden' | undefined,
  expected: 'on' | 'off',
): void {
  const fail = (why: string) => {
    j.failures.push(`${dest}: ${why}`);
    j.firstFailingMount ??= dest;
  };
  if (line === 'hidden') j.hidden.push(dest);
  else if (line === undefined) fail(`expected a gofer mount with directfs ${expected}, found no mountinfo line`);
  else if (line.fsType === 'overlay') j.hidden.push(dest);
  else if (line.fsType !== '9p') {
    j.wrong.push(dest);
    fail(`expected a gofer (9p) mount with directfs ${expected}, observed ${describeLine(line)}`);
  } else if (line.directfs !== expected) {
    j.wrong.push(dest);
    fail(`expected directfs ${expected}, observed ${line.directfs} (${describeLine(line)})`);
  } else j.seen.push(dest);
}

/** Judges spec mounts (and optionally the root) against one expected directfs state. */
export function judgeStates(
  obs: Observation,
  mounts: readonly MountExpectation[],
  expected: 'on' | 'off',
  includeRoot: boolean,
): StateJudgement {
  const j: StateJudgement = { failures: [], seen: [], wrong: [], hidden: [], firstFailingMount: undefined };
  for (const m of mounts) judgeLine(j, m.destination, lineOf(obs, m), expected);
  if (includeRoot) judgeLine(j, '/', rootLine(obs), expected);
  return j;
}

/**
 * Whether the boot log was read at all: every started modern sandbox logs
 * `Mounted …` lines for /proc and /sys, so none means no boot log and no
 * host-FD warning count to rely on; with `k`, none either when the count depends on vendor claims.
 */
export function hostFdCountAvailable(obs: Observation, k?: Contract): boolean {
  return obs.mounted.length > 0 && k?.hostFdClaimDependent !== true;
}

/** Text for the aggregate host-FD signal. */
export function describeHostFd(k: Contract, obs: Observation): string {
  return `host-FD warnings ("Mount RPC returned a host FD to mount point without directfs"): expected ${k.hostFdWarnings}, observed ${obs.hostFdWithoutDirectfs}`;
}

/** Counts for a verdict: seen plus hidden-but-confirmed mounts. */
export function summarize(j: StateJudgement, confirmed: boolean): { observed: number; unobservable: string[] } {
  return confirmed
    ? { observed: j.seen.length + j.hidden.length, unobservable: [] }
    : { observed: j.seen.length, unobservable: j.hidden };
}

/** The failed verdict of a per-mount oracle: its problems, the mounts it saw, and the first failing mount. */
export function failedOnStates(id: RequirementId, problems: Problems, j: StateJudgement, expected: string): Verdict {
  const extras = {
    observedMounts: j.seen.length + j.wrong.length,
    expected,
    observed: problems.text,
    kinds: problems.kindList,
  };
  const mount = j.firstFailingMount;
  return verdict(id, 'failed', problems.text, mount === undefined ? extras : { ...extras, mount });
}
