/**
 * Parsing of runsc's debug logs and stderr (reference §3.1, §2.4, §2.5, §4,
 * §7). Works on glog-formatted lines (`W1126 17:28:33.013807  1 gofer.go:721] msg`)
 * and on bare messages alike.
 */
import type { HintLogLine, MountedLogLine } from '../model/observation.js';
import { maskFdOption } from './observe-mountinfo.js';

const GLOG_LINE = /^([DIWEF])\d{4} \d\d:\d\d:\d\d\.\d+\s+\d+ [^\]\s]+:\d+\] (.*)$/;

/** A log line split into its glog severity (null for a bare line) and message. */
export interface LogMessage {
  severity: 'D' | 'I' | 'W' | 'E' | 'F' | null;
  message: string;
}

/** Splits a log text into messages, dropping the glog prefix where there is one. */
export function logMessages(text: string): LogMessage[] {
  const out: LogMessage[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const m = GLOG_LINE.exec(line);
    if (m === null) out.push({ severity: null, message: line });
    else out.push({ severity: m[1] as LogMessage['severity'], message: m[2] ?? '' });
  }
  return out;
}

/** How the messages the parsers here read begin; every other message is read only by {@link countMessages}. */
export const READ_STARTS = {
  hint: 'Mount annotation found, ',
  hintWarning: 'ignoring ',
  mounted: 'Mounted "',
  seccomp: 'Installing seccomp filters for ',
} as const;

const QUOTED = '"((?:[^"\\\\]|\\\\.)*)"';

/** Single-character Go escapes and what they stand for. */
const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
  '\\': '\\',
  '"': '"',
  "'": "'",
};

/** Decodes a Go `%q` string body (without the quotes). */
export function goUnquote(body: string): string {
  if (!body.includes('\\')) return body;
  const simple = SIMPLE_ESCAPES;
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)/g, (all, esc: string) => {
    if (/^[xuU]/.test(esc)) return String.fromCodePoint(parseInt(esc.slice(1), 16));
    if (/^[0-7]{3}$/.test(esc)) return String.fromCharCode(parseInt(esc, 8));
    return simple[esc] ?? all;
  });
}

const HINT_LINE = new RegExp(
  `^Mount annotation found, name: (.*), source: ${QUOTED}, type: ([^,]*), share: (.*?)(?:, suppress_directfs: (true|false))?$`,
);

/** Parses a `Mount annotation found` message (reference §3.1); pre-feature builds omit `suppress_directfs`. */
export function parseHintLine(message: string): HintLogLine | null {
  if (!message.startsWith(READ_STARTS.hint)) return null;
  const m = HINT_LINE.exec(message);
  if (m === null) return null;
  return {
    name: m[1] ?? '',
    source: goUnquote(m[2] ?? ''),
    type: m[3] ?? '',
    share: m[4] ?? '',
    suppressDirectfs: m[5] === 'true',
  };
}

const HINT_WARNING = /^ignoring (invalid mount annotation \(|mount annotations for ")/;

/** True for the per-key and dropped-hint warnings of the pod hint parser (reference §3.1). */
export function isHintWarning(message: string): boolean {
  return message.startsWith(READ_STARTS.hintWarning) && HINT_WARNING.test(message);
}

const MOUNTED_LINE = new RegExp(`^Mounted ${QUOTED} to ${QUOTED} type: ([^,]*), internal-options: ${QUOTED}$`);

/** Parses a boot-log `Mounted "<src>" to "<dst>" type: <t>, internal-options: "<data>"` message (reference §2.5). */
export function parseMountedLine(message: string): MountedLogLine | null {
  if (!message.startsWith(READ_STARTS.mounted)) return null;
  const m = MOUNTED_LINE.exec(message);
  if (m === null) return null;
  const data = goUnquote(m[4] ?? '');
  return {
    source: goUnquote(m[1] ?? ''),
    destination: goUnquote(m[2] ?? ''),
    type: m[3] ?? '',
    internalOptions: data === '' ? [] : data.split(',').map(maskFdOption),
  };
}

/** Sentry warning for a mount without directfs that got a host FD anyway (reference §2.4). */
export const HOST_FD_WITHOUT_DIRECTFS = 'Mount RPC returned a host FD to mount point without directfs';
/** Sentry message for a directfs mount whose gofer did not donate a host FD (reference §2.4). */
export const HOST_FD_MISSING = 'Mount RPC did not return host FD to mount point with directfs enabled';

/**
 * Whether observe() can take anything from `message`: it begins as a line one
 * of the parsers here reads, or holds one of the host-FD messages it counts.
 * Also true of any message whose masked form ($ROOT, $ID) observe() reads,
 * since none of these texts holds a `$`.
 */
export function isReadMessage(message: string): boolean {
  return (
    message.startsWith(READ_STARTS.hint) ||
    message.startsWith(READ_STARTS.hintWarning) ||
    message.startsWith(READ_STARTS.mounted) ||
    message.startsWith(READ_STARTS.seccomp) ||
    message.includes(HOST_FD_WITHOUT_DIRECTFS) ||
    message.includes(HOST_FD_MISSING)
  );
}

/** Number of messages containing `needle`. */
export function countMessages(messages: readonly LogMessage[], needle: string): number {
  let n = 0;
  for (const m of messages) if (m.message.includes(needle)) n += 1;
  return n;
}

const SECCOMP_LINE = /^Installing seccomp filters for (\d+) syscalls/;

/** The syscall count of the first `Installing seccomp filters for N syscalls` message (reference §4). */
export function seccompSyscalls(messages: readonly LogMessage[]): number | null {
  for (const m of messages) {
    if (!m.message.startsWith(READ_STARTS.seccomp)) continue;
    const hit = SECCOMP_LINE.exec(m.message);
    if (hit !== null) return Number(hit[1]);
  }
  return null;
}

/** Messages in order with duplicates removed. */
export function uniqueInOrder(items: readonly string[]): string[] {
  return [...new Set(items)];
}

/**
 * The line of runsc's stderr that says why start failed. With `--debug-log`
 * runsc prints one bare line (`running container: …`); a flag error is
 * followed by the usage text; without a debug log, glog lines may be
 * interleaved (debug/info ones are noise, `FATAL ERROR: ` is stripped).
 */
export function meaningfulErrorLine(stderr: string): string | null {
  const lines = stderr.split('\n').map((l) => l.trimEnd());
  const usage = lines.findIndex((l) => /^Usage: runsc\b/.test(l));
  const considered = usage >= 0 ? lines.slice(0, usage) : lines;
  const panic = considered.find((l) => l.startsWith('panic: '));
  if (panic !== undefined) return panic;
  let lastLog: string | null = null;
  let lastBare: string | null = null;
  for (const line of considered) {
    if (line.trim() === '') continue;
    const m = GLOG_LINE.exec(line);
    if (m === null) lastBare = line.trim();
    else if (m[1] === 'W' || m[1] === 'E' || m[1] === 'F') lastLog = (m[2] ?? '').replace(/^FATAL ERROR: /, '');
  }
  return lastBare ?? lastLog;
}
