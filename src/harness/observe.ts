/**
 * The observation parser: RawRun → Observation. Pure; real runsc and the
 * simulator yield the same texts, so both go through here.
 */
import type { HintLogLine, MountLine, Observation, RunOutcome, WorkloadOp } from '../model/observation.js';
import type { RawRun } from '../model/raw-run.js';
import { ROOT_TOKEN } from '../model/case.js';
import { RO_DIR_OPS, RO_FILE_OPS, RW_DIR_OPS, RW_FILE_OPS } from '../probe/plan.js';
import { MOUNTINFO_BEGIN, MOUNTINFO_END, OP_PREFIX, PROBE_END } from '../probe/protocol.js';
import {
  HOST_FD_MISSING,
  HOST_FD_WITHOUT_DIRECTFS,
  countMessages,
  isHintWarning,
  logMessages,
  meaningfulErrorLine,
  parseHintLine,
  parseMountedLine,
  seccompSyscalls,
  uniqueInOrder,
  type LogMessage,
  READ_STARTS,
} from './observe-logs.js';
import { parseMountinfo } from './observe-mountinfo.js';
import { internTable } from './interned.js';

/** What a container ID is replaced with in every text. */
export const ID_TOKEN = '$ID';

/** Shortest container ID that is masked (a shorter one could hit unrelated text). */
const MIN_MASKED_ID_LENGTH = 3;

/** Masks the case root (→ `$ROOT`) and the container ID (→ `$ID`) in `text`. */
export function maskRunText(text: string, caseRoot: string, containerId: string): string {
  const rootMasked = caseRoot === '' ? text : replaceEvery(text, caseRoot, ROOT_TOKEN);
  return containerId.length >= MIN_MASKED_ID_LENGTH ? replaceEvery(rootMasked, containerId, ID_TOKEN) : rootMasked;
}

/** `text` with every occurrence of `needle` replaced by `by` verbatim (like split/join, no `$` patterns). */
function replaceEvery(text: string, needle: string, by: string): string {
  let at = text.indexOf(needle);
  if (at < 0) return text;
  let out = '';
  let from = 0;
  while (at >= 0) {
    out += text.slice(from, at) + by;
    from = at + needle.length;
    at = text.indexOf(needle, from);
  }
  return out + text.slice(from);
}

/** The lines of the probe's mountinfo block, or null when the probe printed none. */
export function mountinfoBlock(stdoutLines: readonly string[]): string[] | null {
  return blockAt(stdoutLines, stdoutLines.indexOf(MOUNTINFO_BEGIN));
}

/** The mountinfo block whose begin marker is line `begin` (null when negative: no block). */
function blockAt(stdoutLines: readonly string[], begin: number): string[] | null {
  if (begin < 0) return null;
  const block: string[] = [];
  for (let i = begin + 1; i < stdoutLines.length; i++) {
    const line = stdoutLines[i] as string;
    if (line === MOUNTINFO_END || line.startsWith('DFC-')) break;
    block.push(line);
  }
  return block;
}

const ALL_OPS = [...new Set<string>([...RW_DIR_OPS, ...RO_DIR_OPS, ...RW_FILE_OPS, ...RO_FILE_OPS])];
const OP_LINE = new RegExp(`^${OP_PREFIX} (\\d+) (.*?) (${ALL_OPS.join('|')}) (ok|fail)(?: (.*))?$`);

/** Parses the probe's `DFC-OP` lines (src/probe/protocol.ts). */
export function parseWorkload(stdoutLines: readonly string[]): WorkloadOp[] {
  const ops: WorkloadOp[] = [];
  for (const line of stdoutLines) {
    const m = OP_LINE.exec(line);
    if (m === null) continue;
    ops.push({ index: Number(m[1]), destination: m[2] ?? '', op: m[3] ?? '', ok: m[4] === 'ok', detail: m[5] ?? '' });
  }
  return ops;
}

/**
 * parseHintLine() and parseMountedLine(), sharing one parsed object per
 * distinct message (src/harness/interned.ts); a message that does not begin
 * as the parser reads is not looked up at all.
 */
const internedHintLine = internTable(parseHintLine);
const internedMountedLine = internTable(parseMountedLine);
const hintLineOf = (message: string) => (message.startsWith(READ_STARTS.hint) ? internedHintLine(message) : null);
const mountedLineOf = (message: string) =>
  message.startsWith(READ_STARTS.mounted) ? internedMountedLine(message) : null;

/** Pod hint lines: the host's (run log) parse, else the sentry's (boot log); each distinct line once. */
function hintLines(run: readonly LogMessage[], boot: readonly LogMessage[]): HintLogLine[] {
  const parse = (msgs: readonly LogMessage[]): HintLogLine[] => {
    const seen = new Set<string>();
    const out: HintLogLine[] = [];
    for (const m of msgs) {
      const hint = hintLineOf(m.message);
      if (hint === null || seen.has(m.message)) continue;
      seen.add(m.message);
      out.push(hint);
    }
    return out;
  };
  const fromRun = parse(run);
  return fromRun.length > 0 ? fromRun : parse(boot);
}

function hintWarnings(run: readonly LogMessage[], boot: readonly LogMessage[]): string[] {
  const pick = (msgs: readonly LogMessage[]) => msgs.filter((m) => isHintWarning(m.message)).map((m) => m.message);
  const fromRun = pick(run);
  return uniqueInOrder(fromRun.length > 0 ? fromRun : pick(boot));
}

/** What the probe's mountinfo block says about the start: complete, cut off, or never printed. */
type BlockState = 'complete' | 'truncated' | 'absent';

function blockState(stdoutLines: readonly string[], begin: number): BlockState {
  if (begin < 0) return 'absent';
  return stdoutLines.indexOf(MOUNTINFO_END, begin + 1) > begin ? 'complete' : 'truncated';
}

/**
 * How the run ended. A sandbox started when the probe printed its whole
 * mountinfo block; a start failed when runsc exited non-zero without one.
 * Everything else leaves nothing to judge and is a crash: a block cut off
 * mid-way, death by a signal the harness did not send, and exit 0 without
 * any probe output (runsc claims success for a container whose output never
 * came: the observation channel itself failed).
 */
function outcomeOf(raw: RawRun, block: BlockState): RunOutcome {
  if (raw.timedOut) return 'timed-out';
  if (block === 'complete') return 'started';
  if (block === 'absent' && raw.exitCode !== null && raw.exitCode !== 0) return 'start-failed';
  return 'crashed';
}

/** Stands in for an error line when runsc exits 0 without the container's output. */
export const SILENT_EXIT_ERROR = 'runsc exited 0 but the container printed nothing (no probe output)';

function errorOf(outcome: RunOutcome, raw: RawRun, stderr: string): string | null {
  if (outcome !== 'start-failed' && outcome !== 'crashed') return null;
  const line = meaningfulErrorLine(stderr);
  if (line !== null) return line;
  return raw.exitCode === 0 ? SILENT_EXIT_ERROR : null;
}

/** Parses one run into the facts the oracles judge (DESIGN.md "Observation"). */
export function observe(raw: RawRun): Observation {
  const mask = (text: string) => maskRunText(text, raw.caseRoot, raw.containerId);
  const stdout = mask(raw.stdout);
  const split = stdout.split('\n');
  const stdoutLines = stdout.includes('\r') ? split.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l)) : split;
  const begin = stdoutLines.indexOf(MOUNTINFO_BEGIN);
  const block = blockAt(stdoutLines, begin);
  const outcome = outcomeOf(raw, blockState(stdoutLines, begin));
  return observationOf(raw, {
    outcome,
    error: errorOf(outcome, raw, mask(raw.stderr)),
    mounts: block === null || outcome !== 'started' ? [] : parseMountinfo(block),
    boot: logMessages(mask(raw.logs.boot)),
    run: logMessages(mask(raw.logs.run)),
    gofer: logMessages(mask(raw.logs.gofer)),
    workload: parseWorkload(stdoutLines),
    probeCompleted: stdoutLines.includes(PROBE_END),
  });
}

/** What a run's texts say once split and masked: its outcome, mountinfo, log messages and workload lines. */
export interface ReadRun {
  outcome: RunOutcome;
  error: string | null;
  mounts: MountLine[];
  boot: readonly LogMessage[];
  run: readonly LogMessage[];
  gofer: readonly LogMessage[];
  workload: WorkloadOp[];
  probeCompleted: boolean;
}

/** The Observation of a run from what its texts say (log messages are read into hints, mounts, counts). */
export function observationOf(raw: RawRun, read: ReadRun): Observation {
  const { boot, run } = read;
  const mounted = boot.map((m) => mountedLineOf(m.message)).filter((m) => m !== null);
  return {
    outcome: read.outcome,
    exitCode: raw.exitCode,
    error: read.error,
    mounts: read.mounts,
    hints: hintLines(run, boot),
    hintWarnings: hintWarnings(run, boot),
    mounted,
    hostFdWithoutDirectfs: countMessages(boot, HOST_FD_WITHOUT_DIRECTFS),
    hostFdMissing: countMessages(boot, HOST_FD_MISSING),
    goferSeccompSyscalls: seccompSyscalls(read.gofer),
    workload: read.workload,
    hostChecks: raw.hostChecks.map((c) => ({
      index: c.index,
      destination: c.destination,
      check: c.check,
      ok: c.ok,
      detail: maskRunText(c.detail, raw.caseRoot, raw.containerId),
    })),
    probeCompleted: read.probeCompleted,
    wallMs: raw.wallMs,
  };
}
