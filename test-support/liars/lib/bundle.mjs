/**
 * What the node liars read from an OCI bundle the harness wrote: its
 * config.json and the workload calls of its probe script (rootfs/probe.sh,
 * written by src/probe/script.ts, or the one line that execs the native probe
 * with the same calls as arguments, src/probe/native.ts). The op names come
 * from the built dist/probe/plan.js, so a liar's claims stay parseable as the
 * probe evolves.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RO_DIR_OPS, RO_FILE_OPS, RW_DIR_OPS, RW_FILE_OPS } from '../../../dist/probe/plan.js';

/** Operations each probe workload function runs, in order. */
export const OPS_OF = { rwdir: RW_DIR_OPS, rodir: RO_DIR_OPS, rwfile: RW_FILE_OPS, rofile: RO_FILE_OPS };

/** A probe line `<fn> <index> '<destination>' …`: its parts, and the text after the destination. */
const CALL = /^(rwdir|rodir|rwfile|rofile) (\d+) '((?:[^']|'\\'')*)'(.*)$/;

/** The parsed config.json of `bundle`. */
export function readConfig(bundle) {
  return JSON.parse(readFileSync(join(bundle, 'config.json'), 'utf8'));
}

/** The native probe's launcher line, and how many words each of its workload calls takes after the name. */
const NATIVE = /^exec \/bin\/dfc-probe (.*)$/;
const ARITY = { rwdir: 7, rodir: 3, rwfile: 2, rofile: 2 };
/** Texts the native probe takes before its calls. */
export const NATIVE_HEAD = 4;

/** The words of a line of shQuote-d words. */
function shWords(text) {
  return [...text.matchAll(/'((?:[^']|'\\'')*)'/g)].map((m) => m[1].split(`'\\''`).join("'"));
}

/** The native probe's arguments when the bundle's probe.sh execs it, else null. */
export function readNativeArgs(bundle) {
  const m = NATIVE.exec(readFileSync(join(bundle, 'rootfs/probe.sh'), 'utf8').trimEnd());
  return m === null ? null : shWords(m[1]);
}

/** The native probe's workload calls, each as its words (name first). */
export function nativeCalls(args) {
  const calls = [];
  for (let i = NATIVE_HEAD; i < args.length; i += 1 + (ARITY[args[i]] ?? 0)) {
    calls.push(args.slice(i, i + 1 + (ARITY[args[i]] ?? 0)));
  }
  return calls;
}

/** The lines of the bundle's probe script; for the native launcher, its calls written as the shell probe's lines. */
export function readProbeLines(bundle) {
  const args = readNativeArgs(bundle);
  if (args !== null) return nativeCalls(args).map(([fn, index, ...words]) => [fn, index, ...words.map(shQuote)].join(' '));
  return readFileSync(join(bundle, 'rootfs/probe.sh'), 'utf8').split('\n');
}

/** One workload call of a probe line: `{ fn, index, destination, rest }`, or null for any other line. */
export function parseCall(line) {
  const m = CALL.exec(line);
  if (m === null) return null;
  return { fn: m[1], index: Number(m[2]), destination: m[3].split(`'\\''`).join("'"), rest: m[4] };
}

/** Quotes a string as one POSIX sh word. */
export function shQuote(s) {
  return `'${s.split("'").join(`'\\''`)}'`;
}
