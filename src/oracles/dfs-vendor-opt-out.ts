/**
 * DFS-VENDOR-OPT-OUT: on a build whose gofer serves claimed mounts without a
 * host FD, a claimed mount (or root) that keeps directfs fails the start at
 * the sentry with "invalid argument"; opted out, or with --directfs=false, it
 * starts without directfs and its workload works (vendor-gofer/MEASURED.md).
 */
import type { Case } from '../model/case.js';
import type { Observation } from '../model/observation.js';
import { planWorkload } from '../probe/plan.js';
import { contractOf, type Contract, type MountExpectation } from './contract.js';
import { claimsMounts, otherUncovered, vendorClaimsOf, type VendorClaims } from './dfs-vendor-claims.js';
import { failedOnStates, judgeStates } from './mount-states.js';
import { Problems, describeRun, isInconclusive, verdict, type Oracle, type OracleContext } from './oracle.js';
import type { Verdict } from '../model/verdict.js';

const ID = 'DFS-VENDOR-OPT-OUT';

/** Mount points the sentry may name when a claimed connection fails: cleaned and as written in the spec. */
function failingNames(c: Case, mounts: readonly MountExpectation[]): string[] {
  return mounts.flatMap((m) => [m.destination, c.spec.mounts[m.index]?.destination ?? m.destination]);
}

/** Why `error` is not the sentry's failure of a claimed connection that keeps directfs, or null when it is. */
export function claimFailureProblem(error: string | null, names: readonly string[], root: boolean): string | null {
  if (error === null) return 'no error text';
  if (!error.includes('failed to setupFS') || !error.includes('invalid argument'))
    return 'expected the sentry\'s "failed to setupFS: … invalid argument"';
  if (root) return error.includes('creating mount namespace') ? null : 'expected the root mount to fail first';
  return names.some((n) => error.includes(`mount submount "${n}"`)) ? null : `expected a failing claimed submount`;
}

/** Judges the start failure a claimed mount that keeps directfs must cause. */
function judgeFailure(
  ctx: OracleContext,
  k: Contract,
  v: VendorClaims,
  on: MountExpectation[],
  root: boolean,
): Verdict {
  const names = failingNames(ctx.case, on);
  const where = [...(root ? ['/'] : []), ...on.map((m) => m.destination)].join(', ');
  const expected = `start fails at the sentry (invalid argument) for claimed ${where}`;
  if (ctx.obs.outcome === 'started')
    return verdict(ID, 'failed', `claimed ${where} kept directfs and the sandbox started`, {
      expected,
      observed: 'started',
      kinds: ['start'],
      mount: on[0]?.destination ?? '/',
    });
  const problem = claimFailureProblem(ctx.obs.error, names, root);
  if (problem === null) return verdict(ID, 'passed', `start failed as expected: ${ctx.obs.error ?? ''}`, { expected });
  const others = otherUncovered(k, v);
  if (others.length > 0)
    return verdict(
      ID,
      'not-applicable',
      `start failed (${describeRun(ctx.obs)}); also uncovered: ${others.join('; ')}`,
    );
  return verdict(ID, 'failed', `${problem}; observed ${describeRun(ctx.obs)}`, {
    expected,
    observed: describeRun(ctx.obs),
    kinds: ['start'],
  });
}

/** Workload problems on the claimed mounts: every planned op must succeed. */
function workloadProblems(c: Case, obs: Observation, claimed: readonly MountExpectation[]): string[] {
  const indexes = new Set(claimed.map((m) => m.index));
  const out: string[] = [];
  for (const p of planWorkload(c).filter((x) => indexes.has(x.index))) {
    for (const op of p.ops) {
      const r = obs.workload.find((w) => w.index === p.index && w.op === op);
      if (r === undefined) out.push(`${p.destination}: op ${op} has no result`);
      else if (!r.ok) out.push(`${p.destination}: op ${op} failed${r.detail === '' ? '' : ` (${r.detail})`}`);
    }
  }
  return out;
}

/** Judges a case whose claimed mounts are all without directfs: it starts, they show no directfs, the workload runs. */
function judgeStarted(ctx: OracleContext, k: Contract, v: VendorClaims): Verdict {
  const where = [...(v.root ? ['/'] : []), ...v.mounts.map((m) => m.destination)].join(', ');
  const expected = `started; claimed ${where} without directfs, workload ok`;
  if (ctx.obs.outcome !== 'started') {
    const others = otherUncovered(k, v);
    if (others.length > 0)
      return verdict(ID, 'not-applicable', `start failed (${describeRun(ctx.obs)}); uncovered: ${others.join('; ')}`);
    return verdict(ID, 'failed', `claimed ${where} had no directfs to lose, yet ${describeRun(ctx.obs)}`, {
      expected,
      observed: describeRun(ctx.obs),
      kinds: ['start'],
    });
  }
  const j = judgeStates(ctx.obs, v.mounts, 'off', v.root);
  const problems = new Problems();
  problems.addAll('mount-state', j.failures);
  problems.addAll('workload', workloadProblems(ctx.case, ctx.obs, v.mounts));
  if (!ctx.obs.probeCompleted) problems.add('workload', 'the probe did not complete');
  if (!problems.empty) return failedOnStates(ID, problems, j, expected);
  const observed = j.seen.length + j.hidden.length;
  return verdict(ID, 'passed', `claimed ${where} started without directfs; workload ok`, {
    observedMounts: observed,
    expected,
  });
}

/** Judges DFS-VENDOR-OPT-OUT. */
export const dfsVendorOptOut: Oracle = (ctx) => {
  if (!claimsMounts(ctx.target)) return verdict(ID, 'not-applicable', 'the target does not claim mounts');
  const k = contractOf(ctx.case);
  const v = vendorClaimsOf(ctx.case, k.mounts, k.root);
  if (v.glob === null) return verdict(ID, 'not-applicable', 'the case has no vendor claim');
  if (v.malformed) return verdict(ID, 'not-applicable', `malformed claim glob ${JSON.stringify(v.glob)}`);
  if (v.mounts.length === 0 && !v.root) return verdict(ID, 'not-applicable', 'the claim matches no gofer mount');
  if (isInconclusive(ctx.obs)) return verdict(ID, 'indeterminate', `run ${describeRun(ctx.obs)}`);
  if (k.fatal !== null || k.flaky)
    return verdict(ID, 'not-applicable', 'the hints decide the start (DFS-HINT-GRAMMAR / DFS-ROOTFS-ERRORS)');
  const on = v.mounts.filter((m) => m.directfs === 'on');
  const rootOn = v.root && k.root.directfs === 'on';
  return on.length > 0 || rootOn ? judgeFailure(ctx, k, v, on, rootOn) : judgeStarted(ctx, k, v);
};
