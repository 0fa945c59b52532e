/**
 * The probe's workload as the sandbox answers it (/tmp/dfc-probe-semantics.md):
 * one `DFC-OP` line per planned operation, and whether the operations'
 * effects reach the host source. Verified on the modern build: 9p mounts
 * (with or without directfs) and overlays pass every operation; only
 * non-overlaid 9p writes reach the host; a tmpfs that replaced a bind (tmpfs
 * container/pod hint) is empty, so seed reads fail and a file destination
 * is a directory there.
 */
import { formatOpLine } from '../probe/protocol.js';
import type { PlannedMount } from '../probe/plan.js';
import type { MountOutcome } from './sentry-input.js';
import type { FaultName } from './mutants.js';

/** What one planned mount's workload leaves in its host source. */
export interface HostEffects {
  /** The workload's writes reach the host source. */
  present: boolean;
  /** The `write-denied` file of a read-only directory mount reaches the host source (the mount was writable). */
  denied: boolean;
  /** The seed file is unchanged (no modelled operation writes it). */
  seedIntact: boolean;
}

type OpVerdict = true | string;

/** What every operation on a mount gets when one answer covers them all (no such mount, LisaFS broken); else null. */
function verdictForAll(o: MountOutcome | undefined, faults: ReadonlySet<FaultName>): string | null {
  if (o === undefined) return 'No such file or directory';
  const gofer = o.fs === '9p' || o.fs === 'overlay';
  return gofer && o.suppressed && faults.has('lisafs-ops-fail') ? 'I/O error' : null;
}

/** What one operation gets on a mount that exists. */
function verdictOf(p: PlannedMount, o: MountOutcome, op: string): OpVerdict {
  if (p.kind === 'file' && o.dirRoot) return op === 'write-denied' ? true : 'Is a directory';
  if (op === 'write-denied') return o.readOnly ? true : 'write succeeded';
  // An emptied tmpfs has no seed to read.
  if (op === 'read' || op === 'readdir') return p.readonly && o.fs === 'tmpfs' ? 'No such file or directory' : true;
  return o.readOnly ? 'Read-only file system' : true;
}

/**
 * Runs one planned mount's workload against what the mount became: appends
 * its `DFC-OP` lines to `lines` (one list for the whole probe, no list per
 * mount) and returns what it leaves in the host source.
 */
export function runWorkload(
  p: PlannedMount,
  o: MountOutcome | undefined,
  faults: ReadonlySet<FaultName>,
  lines: string[],
): HostEffects {
  const all = verdictForAll(o, faults);
  let allOk = true;
  for (let i = 0; i < p.ops.length; i++) {
    const op = p.ops[i] as string;
    const r = all ?? verdictOf(p, o as MountOutcome, op); // all is null only for a mount that exists
    if (r !== true) allOk = false;
    lines.push(formatOpLine(p.index, p.destination, op, r === true, r === true ? '' : r));
  }
  const reachesHost = o !== undefined && o.fs === '9p' && !o.readOnly;
  const present = reachesHost && !p.readonly && allOk;
  const denied = reachesHost && p.readonly && p.kind === 'dir' && p.ops.includes('write-denied');
  return { present, denied, seedIntact: true };
}

/** The host effects of a mount whose workload never ran. */
export const NO_EFFECTS: HostEffects = { present: false, denied: false, seedIntact: true };
