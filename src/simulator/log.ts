/**
 * Log lines as the model produces them, and their rendering in runsc's glog
 * format: `I1126 17:25:24.921975       1 vfs.go:1067] message`. The clock is
 * fake and fixed (pure), each line one microsecond after the previous one.
 */
import type { LogSites } from './log-sites.js';

/** Severity letter of a runsc log line. */
export type LogLevel = 'I' | 'W' | 'D' | 'raw';

/** A log message before rendering; `site` names the emitting source line. */
export interface LogLine {
  level: LogLevel;
  site: keyof LogSites;
  text: string;
}

/** Shorthand constructors. */
export const info = (site: keyof LogSites, text: string): LogLine => ({ level: 'I', site, text });
export const warn = (site: keyof LogSites, text: string): LogLine => ({ level: 'W', site, text });
export const debug = (site: keyof LogSites, text: string): LogLine => ({ level: 'D', site, text });
/** A line a process wrote to its log file without the glog header (e.g. a fatal error repeated on stderr). */
export const raw = (text: string): LogLine => ({ level: 'raw', site: 'fatal', text });
/** runsc's fatal-error line. */
export const fatal = (text: string): LogLine => ({ level: 'W', site: 'fatal', text: `FATAL ERROR: ${text}` });

/** PIDs the three log files show: sandbox and gofer run as PID 1 of their namespaces. */
export const LOG_PIDS = { run: 4242, gofer: 1, boot: 1 } as const;

/** Renders log lines as a log file's text (empty string for no lines). */
export function renderLog(lines: readonly LogLine[], sites: LogSites, pid: number, startMicros: number): string {
  const pidText = String(pid).padStart(7);
  let out = '';
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as LogLine;
    if (l.level === 'raw') {
      out += `${l.text}\n`;
      continue;
    }
    const micros = String((startMicros + i) % 1_000_000).padStart(6, '0');
    out += `${l.level}1126 17:25:24.${micros} ${pidText} ${sites[l.site]}] ${l.text}\n`;
  }
  return out;
}

/** Printable ASCII other than `"` and `\`: what `%q` prints as it is. */
const PLAIN_ASCII = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** Go's `%q` for the strings runsc quotes (ASCII escapes; printable non-ASCII kept). */
export function goQuote(s: string): string {
  if (PLAIN_ASCII.test(s)) return `"${s}"`;
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Go's `%v` of a string slice: `[a b c]`. */
export function goSlice(items: readonly string[]): string {
  return `[${items.join(' ')}]`;
}
