/**
 * What the node liars read from an OCI bundle the harness wrote: its
 * config.json and the workload calls of its probe script (rootfs/probe.sh,
 * written by src/probe/script.ts). The op names come from the built
 * dist/probe/plan.js, so a liar's claims stay parseable as the probe evolves.
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

/** The lines of the bundle's probe script. */
export function readProbeLines(bundle) {
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
