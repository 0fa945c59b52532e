/**
 * Reading the glog header of a runsc log line
 * (`W1126 17:28:33.013807       1 gofer.go:721] message`) by hand: every line
 * of every run's three logs goes through here, so it makes no match array.
 * It accepts exactly what {@link GLOG_LINE} matches.
 */

/** The glog line shape: severity, MMDD, time, thread id, file:line, message. */
export const GLOG_LINE = /^([DIWEF])\d{4} \d\d:\d\d:\d\d\.\d+\s+\d+ [^\]\s]+:\d+\] (.*)$/;

/** A glog line's severity letter and its message. */
export interface GlogLine {
  severity: 'D' | 'I' | 'W' | 'E' | 'F';
  message: string;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** What `\s` matches in a JavaScript regular expression (white space and line terminators). */
function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** What `.` does not match (without the `s` flag). */
const isLineTerminator = (c: number): boolean => c === 10 || c === 13 || c === 0x2028 || c === 0x2029;

/** Fixed part after the severity: `\d{4} \d\d:\d\d:\d\d.` (d = digit, other characters literal). */
const FIXED = 'dddd dd:dd:dd.';

/** Index after the run of characters from `i` that satisfy `ok`. */
function skip(line: string, i: number, ok: (c: number) => boolean): number {
  while (i < line.length && ok(line.charCodeAt(i))) i++;
  return i;
}

/** The severity and message of a glog line, or null when `line` does not match {@link GLOG_LINE}. */
export function parseGlogLine(line: string): GlogLine | null {
  const severity = line[0];
  if (severity !== 'D' && severity !== 'I' && severity !== 'W' && severity !== 'E' && severity !== 'F') return null;
  for (let k = 0; k < FIXED.length; k++) {
    const c = line.charCodeAt(k + 1);
    if (FIXED[k] === 'd' ? !isDigit(c) : c !== FIXED.charCodeAt(k)) return null;
  }
  let i = 1 + FIXED.length;
  // \d+\s+\d+ then a space: each run is followed by a character it cannot contain, so no backtracking.
  for (const ok of [isDigit, isSpace, isDigit]) {
    const from = i;
    i = skip(line, i, ok);
    if (i === from) return null;
  }
  if (line.charCodeAt(i) !== 32) return null;
  // [^\]\s]+:\d+\] — the file part runs up to the first `]` or space; it must end in `:` and digits.
  const file = i + 1;
  const close = skip(line, file, (c) => c !== 93 && !isSpace(c));
  if (line.charCodeAt(close) !== 93 || line.charCodeAt(close + 1) !== 32) return null;
  let digits = close;
  while (digits > file && isDigit(line.charCodeAt(digits - 1))) digits--;
  if (digits === close || digits - 1 <= file || line.charCodeAt(digits - 1) !== 58) return null;
  // (.*)$ — the message holds no line terminator.
  const start = close + 2;
  for (let k = start; k < line.length; k++) if (isLineTerminator(line.charCodeAt(k))) return null;
  return { severity, message: line.slice(start) };
}
