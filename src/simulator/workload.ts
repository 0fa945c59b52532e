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

/** The result of one planned mount's workload. */
export interface WorkloadResult {
  lines: string[];
  host: HostEffects;
}

type OpVerdict = true | string;

function verdicts(
  p: PlannedMount,
  o: MountOutcome | undefined,
  faults: ReadonlySet<FaultName>,
): Record<string, OpVerdict> {
  const all = (v: OpVerdict): Record<string, OpVerdict> => Object.fromEntries(p.ops.map((op) => [op, v]));
  if (o === undefined) return all('No such file or directory');
  const gofer = o.fs === '9p' || o.fs === 'overlay';
  if (gofer && o.suppressed && faults.has('lisafs-ops-fail')) return all('I/O error');
  const emptyTmpfs = o.fs === 'tmpfs';
  const out: Record<string, OpVerdict> = {};
  for (const op of p.ops) {
    if (p.kind === 'file' && o.dirRoot) out[op] = op === 'write-denied' ? true : 'Is a directory';
    else if (op === 'write-denied') out[op] = o.readOnly ? true : 'write succeeded';
    else if (op === 'read' || op === 'readdir') out[op] = p.readonly && emptyTmpfs ? 'No such file or directory' : true;
    else out[op] = o.readOnly ? 'Read-only file system' : true;
  }
  return out;
}

/** Runs one planned mount's workload against what the mount became. */
export function runWorkload(
  p: PlannedMount,
  o: MountOutcome | undefined,
  faults: ReadonlySet<FaultName>,
): WorkloadResult {
  const v = verdicts(p, o, faults);
  const lines = p.ops.map((op) => {
    const r = v[op] ?? true;
    return formatOpLine(p.index, p.destination, op, r === true, r === true ? '' : r);
  });
  const allOk = p.ops.every((op) => v[op] === true);
  const reachesHost = o !== undefined && o.fs === '9p' && !o.readOnly;
  const present = reachesHost && !p.readonly && allOk;
  const denied = reachesHost && p.readonly && p.kind === 'dir' && p.ops.includes('write-denied');
  return { lines, host: { present, denied, seedIntact: true } };
}

/** The host effects of a mount whose workload never ran. */
export const NO_EFFECTS: HostEffects = { present: false, denied: false, seedIntact: true };
