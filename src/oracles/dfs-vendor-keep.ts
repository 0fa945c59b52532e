/**
 * DFS-VENDOR-KEEP: beside a claimed mount, every unclaimed gofer mount (and
 * an unclaimed root) behaves as on the stock build: directfs unless opted out
 * or --directfs=false, and the host-FD warnings count exactly the unclaimed
 * opted-out mounts (vendor-gofer/MEASURED.md).
 */
import { contractOf } from './contract.js';
import { claimingHostFdWarnings, claimsMounts, otherUncovered, vendorClaimsOf } from './dfs-vendor-claims.js';
import { failedOnStates, judgeStates } from './mount-states.js';
import { Problems, describeRun, isInconclusive, verdict, type Oracle } from './oracle.js';

const ID = 'DFS-VENDOR-KEEP';

/** Judges DFS-VENDOR-KEEP. */
export const dfsVendorKeep: Oracle = (ctx) => {
  if (!claimsMounts(ctx.target)) return verdict(ID, 'not-applicable', 'the target does not claim mounts');
  const k = contractOf(ctx.case);
  const v = vendorClaimsOf(ctx.case, k.mounts, k.root);
  if (v.glob === null || v.malformed) return verdict(ID, 'not-applicable', 'the case has no valid vendor claim');
  const claimed = new Set(v.mounts.map((m) => m.index));
  const unclaimed = k.mounts.filter((m) => m.role === 'gofer' && !claimed.has(m.index));
  const root = k.root.gofer && !v.root;
  if (unclaimed.length === 0 && !root) return verdict(ID, 'not-applicable', 'no unclaimed gofer mount');
  if (isInconclusive(ctx.obs)) return verdict(ID, 'indeterminate', `run ${describeRun(ctx.obs)}`);
  if (k.fatal !== null || k.flaky)
    return verdict(ID, 'not-applicable', 'the hints decide the start (DFS-HINT-GRAMMAR / DFS-ROOTFS-ERRORS)');
  if (v.mounts.some((m) => m.directfs === 'on') || (v.root && k.root.directfs === 'on'))
    return verdict(ID, 'not-applicable', 'a claimed mount keeps directfs: the start fails (DFS-VENDOR-OPT-OUT)');
  const expected = 'started; unclaimed mounts with their stock directfs state';
  if (ctx.obs.outcome !== 'started') {
    const others = otherUncovered(k, v);
    if (others.length > 0)
      return verdict(ID, 'not-applicable', `start failed (${describeRun(ctx.obs)}); uncovered: ${others.join('; ')}`);
    return verdict(ID, 'failed', `every claimed mount is without directfs, yet ${describeRun(ctx.obs)}`, {
      expected,
      observed: describeRun(ctx.obs),
      kinds: ['start'],
    });
  }
  const on = judgeStates(
    ctx.obs,
    unclaimed.filter((m) => m.directfs === 'on'),
    'on',
    root && k.root.directfs === 'on',
  );
  const off = judgeStates(
    ctx.obs,
    unclaimed.filter((m) => m.directfs === 'off'),
    'off',
    root && k.root.directfs === 'off',
  );
  const problems = new Problems();
  problems.addAll('mount-state', [...on.failures, ...off.failures]);
  const want = claimingHostFdWarnings(k, v);
  if (ctx.obs.mounted.length > 0 && ctx.obs.hostFdWithoutDirectfs !== want)
    problems.add(
      'warning',
      `host-FD warnings: expected ${want} (unclaimed opted-out mounts only), observed ${ctx.obs.hostFdWithoutDirectfs}`,
    );
  const j = { ...on, failures: problems.reasons, firstFailingMount: on.firstFailingMount ?? off.firstFailingMount };
  if (!problems.empty) return failedOnStates(ID, problems, j, expected);
  // An overlaid unclaimed mount is confirmed by the exact host-FD count only.
  const hidden = ctx.obs.mounted.length > 0 ? on.hidden.length + off.hidden.length : 0;
  const observed = on.seen.length + off.seen.length + hidden;
  return verdict(ID, 'passed', `unclaimed mounts as on the stock build (${observed} observed)`, {
    observedMounts: observed,
    expected,
  });
};
