/**
 * The gate: what a finished run means for a CI (DESIGN.md exit codes). Exit 0
 * only when every selected requirement was judged and passed; 1 when one
 * failed, whatever else happened; otherwise 3 when the run was interrupted,
 * a requirement is indeterminate, or a requirement ended unjudged
 * (not-applicable or unobservable) without the user's `--allow-unjudged`.
 */
import type { GateDecision, SuiteResult, Unjudged } from '../model/result.js';
import type { RequirementId } from '../model/requirements.js';

/** Decides the gate for `r`; `allowUnjudged` lists requirements that may end not-applicable or unobservable. */
export function decideGate(r: SuiteResult, allowUnjudged: ReadonlySet<RequirementId>): GateDecision {
  const failed = r.requirements.filter((q) => q.status === 'failed').map((q) => q.id);
  const indeterminate = r.requirements.filter((q) => q.status === 'indeterminate').map((q) => q.id);
  const unjudged = r.requirements
    .filter((q) => q.status === 'not-applicable' || q.status === 'unobservable')
    .map((q): Unjudged => ({
      id: q.id,
      status: q.status,
      reason: q.reason ?? 'no case was judged',
      allowed: allowUnjudged.has(q.id),
    }));
  const blocking = unjudged.filter((u) => !u.allowed);
  const base = { failed, indeterminate, unjudged };
  if (failed.length > 0) return { ...base, exitCode: 1, summary: `FAILED: ${failed.join(', ')}` };
  if (r.interrupted)
    return {
      ...base,
      exitCode: 3,
      summary: 'INCOMPLETE: the run was interrupted; nothing after the interruption was judged',
    };
  if (indeterminate.length > 0)
    return {
      ...base,
      exitCode: 3,
      summary: `INCOMPLETE: indeterminate (timed out or crashed): ${indeterminate.join(', ')}`,
    };
  if (blocking.length > 0) {
    const ids = blocking.map((u) => u.id).join(',');
    const what = blocking.map((u) => `${u.id} ${u.status}`).join(', ');
    return { ...base, exitCode: 3, summary: `UNJUDGED: ${what}; not a pass (accept with --allow-unjudged ${ids})` };
  }
  const allowed = unjudged.length > 0 ? ` (unjudged by permission: ${unjudged.map((u) => u.id).join(', ')})` : '';
  return { ...base, exitCode: 0, summary: `PASSED: every selected requirement judged and passed${allowed}` };
}
