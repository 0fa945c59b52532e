/**
 * DFS-POD-HINTS: in a subcontainer that starts, each gofer mount's directfs
 * state is what the pod's mount hints (the sandbox spec) and that
 * container's --directfs decide; the subcontainer's own mount hints change
 * nothing (the containerd shim writes hints for the sandbox only, and the
 * sentry reads the root spec's, reference §6).
 */
import { contractOf } from './contract.js';
import { failedOnStates, judgeStates, summarize } from './mount-states.js';
import { Problems, startGate, verdict, type Oracle } from './oracle.js';
import type { Verdict } from '../model/verdict.js';
import { foldVerdicts, knownBugOf, named, subcontainersOf, type SubcontainerJudging } from './dfs-pod-containers.js';

const ID = 'DFS-POD-HINTS';

function judgeOne(s: SubcontainerJudging, knownBug: string | undefined): Verdict {
  const { obs } = s.ctx;
  const k = contractOf(s.ctx.case);
  const gofer = k.mounts.filter((m) => m.role === 'gofer');
  if (gofer.length === 0) return verdict(ID, 'not-applicable', 'no gofer mount');
  // A subcontainer that does not start although its contract says it does fails every pod requirement.
  const gate = startGate(ID, s.ctx, k);
  if (gate !== null) return gate.status === 'failed' && knownBug !== undefined ? { ...gate, knownBug } : gate;
  const off = judgeStates(
    obs,
    gofer.filter((m) => m.directfs === 'off'),
    'off',
    false,
  );
  const on = judgeStates(
    obs,
    gofer.filter((m) => m.directfs === 'on'),
    'on',
    false,
  );
  const problems = new Problems();
  problems.addAll('mount-state', [...off.failures, ...on.failures]);
  const expected = gofer.map((m) => `${m.destination} ${m.directfs}`).join(', ');
  const j = {
    failures: [...off.failures, ...on.failures],
    seen: [...off.seen, ...on.seen],
    wrong: [...off.wrong, ...on.wrong],
    hidden: [...off.hidden, ...on.hidden],
    firstFailingMount: off.firstFailingMount ?? on.firstFailingMount,
  };
  if (!problems.empty) return failedOnStates(ID, problems, j, `directfs as the pod's hints say: ${expected}`);
  const { observed, unobservable } = summarize(j, false);
  if (observed === 0) return verdict(ID, 'unobservable', `gofer mounts under an overlay: ${unobservable.join(', ')}`);
  return verdict(ID, 'passed', `directfs as the pod's hints say on ${j.seen.join(', ')}`, {
    observedMounts: observed,
    expected,
  });
}

/** Judges DFS-POD-HINTS on every subcontainer of a pod case. */
export const dfsPodHints: Oracle = (ctx) => {
  const subs = subcontainersOf(ID, ctx);
  if (!Array.isArray(subs)) return subs;
  return foldVerdicts(
    ID,
    subs.map((s) => named(judgeOne(s, knownBugOf(ctx.case, s.index)), s.container.name)),
  );
};
