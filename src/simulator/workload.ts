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
import type { MountOutcome } from './sentry.js';

/** The result of one planned mount's workload. */
export interface WorkloadResult {
  lines: string[];
  /** True when the workload's writes reach the host source. */
  effectsPresent: boolean;
}

type OpVerdict = true | string;

function verdicts(p: PlannedMount, o: MountOutcome | undefined, faults: ReadonlySet<string>): Record<string, OpVerdict> {
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
export function runWorkload(p: PlannedMount, o: MountOutcome | undefined, faults: ReadonlySet<string>): WorkloadResult {
  const v = verdicts(p, o, faults);
  const lines = p.ops.map((op) => {
    const r = v[op] ?? true;
    return formatOpLine(p.index, p.destination, op, r === true, r === true ? '' : r);
  });
  const allOk = p.ops.every((op) => v[op] === true);
  const effectsPresent = o !== undefined && o.fs === '9p' && !o.readOnly && !p.readonly && allOk;
  return { lines, effectsPresent };
}
