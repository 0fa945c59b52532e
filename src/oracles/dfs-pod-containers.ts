/**
 * What the pod oracles share: each subcontainer of a pod case judged as the
 * single container its sentry sees (its mounts under the pod's mount hints,
 * src/harness/pod-cases.ts), and the verdicts of all subcontainers folded
 * into one.
 */
import type { Case } from '../model/case.js';
import type { RequirementId } from '../model/requirements.js';
import type { Verdict } from '../model/verdict.js';
import { isPod, sandboxView, sentryView } from '../harness/pod-cases.js';
import { contractOf } from './contract.js';
import { podOf, type ContainerObservation } from '../harness/pod-observe.js';
import { describeRun, startGate, verdict, type OracleContext } from './oracle.js';
import { knownBugOf } from './dfs-pod-known-bugs.js';

export { knownBugOf };

/** One subcontainer to judge: its index, its observation, and the single-container context of its sentry view. */
export interface SubcontainerJudging {
  index: number;
  container: ContainerObservation;
  ctx: OracleContext;
}

/**
 * The subcontainers of a pod case to judge, or the verdict that ends judging
 * early: not a pod; the sandbox judged as a single container by
 * {@link startGate}, which answers for every sandbox that did not start
 * (inconclusive, not started although its contract says it starts, a start
 * failure the contract expects) and for one without mountinfo.
 */
export function subcontainersOf(id: RequirementId, ctx: OracleContext): SubcontainerJudging[] | Verdict {
  const c: Case = ctx.case;
  if (!isPod(c)) return verdict(id, 'not-applicable', 'the case is not a pod (no subcontainers)');
  const sandbox = sandboxView(c);
  const gate = startGate(id, { ...ctx, case: sandbox }, contractOf(sandbox));
  if (gate !== null) return { ...gate, detail: `sandbox: ${gate.detail}` };
  const pod = podOf(ctx.obs) ?? [];
  if (pod.length !== c.pod.containers.length)
    return verdict(id, 'indeterminate', `${pod.length} of ${c.pod.containers.length} subcontainers ran`);
  return pod.map((container, index) => ({
    index,
    container,
    ctx: { case: sentryView(c, index), obs: container.obs, paired: { kind: 'not-run' }, reference: null },
  }));
}

/** A subcontainer's verdict with its name in the detail and mount. */
export function named(v: Verdict, name: string): Verdict {
  const out: Verdict = { ...v, detail: `container ${name}: ${v.detail}` };
  if (v.mount !== undefined) out.mount = `${name}:${v.mount}`;
  return out;
}

/**
 * Folds per-container verdicts: a failure (a real one before a known bug's)
 * wins, then an indeterminate one; otherwise passed when some container
 * passed (observed mounts summed), else the first other status.
 */
export function foldVerdicts(id: RequirementId, vs: readonly Verdict[]): Verdict {
  const failed = vs.filter((v) => v.status === 'failed');
  const real = failed.find((v) => v.knownBug === undefined);
  if (real !== undefined) return real;
  if (failed.length > 0) return failed[0] as Verdict;
  const indeterminate = vs.find((v) => v.status === 'indeterminate');
  if (indeterminate !== undefined) return indeterminate;
  const passed = vs.filter((v) => v.status === 'passed');
  if (passed.length > 0) {
    const observedMounts = passed.reduce((n, v) => n + v.observedMounts, 0);
    return verdict(id, 'passed', passed.map((v) => v.detail).join('; '), { observedMounts });
  }
  return vs[0] ?? verdict(id, 'not-applicable', 'no subcontainer');
}
