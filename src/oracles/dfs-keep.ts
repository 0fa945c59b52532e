/** DFS-KEEP: every gofer mount that is not opted out keeps `directfs`. */
import { contractOf } from './contract.js';
import { describeHostFd, failedOnStates, hostFdCountAvailable, judgeStates, summarize } from './mount-states.js';
import { Problems, startGate, verdict, type Oracle } from './oracle.js';

const ID = 'DFS-KEEP';

/** Judges DFS-KEEP (reference §2.4, §3.1: invalid, dropped and unmatched hints never opt out). */
export const dfsKeep: Oracle = (ctx) => {
  const k = contractOf(ctx.case);
  if (!k.directfs) return verdict(ID, 'not-applicable', '--directfs=false: no mount has directfs');
  const targets = k.mounts.filter((m) => m.role === 'gofer' && !m.optedOut);
  const root = k.root.gofer && !k.root.optedOut;
  if (targets.length === 0 && !root) return verdict(ID, 'not-applicable', 'every gofer mount is opted out');
  const gate = startGate(ID, ctx, k);
  if (gate !== null) return gate;
  const j = judgeStates(ctx.obs, targets, 'on', root);
  const problems = new Problems();
  problems.addAll('mount-state', j.failures);
  const aggregate = hostFdCountAvailable(ctx.obs);
  const n = ctx.obs.hostFdWithoutDirectfs;
  // A kept mount that lost directfs would add a host-FD warning: too many means one did, the exact count confirms the overlaid ones.
  if (aggregate && n > k.hostFdWarnings) {
    problems.add('warning', `${describeHostFd(k, ctx.obs)}: a mount that must keep directfs went without it`);
  }
  const expected = `directfs on ${[...targets.map((m) => m.destination), ...(root ? ['/'] : [])].join(', ')}`;
  if (!problems.empty) return failedOnStates(ID, problems, j, expected);
  const { observed, unobservable } = summarize(j, aggregate && n === k.hostFdWarnings);
  if (observed === 0)
    return verdict(
      ID,
      'unobservable',
      `every kept mount is under an overlay and the host-FD count does not confirm them: ${unobservable.join(', ')}`,
      { expected },
    );
  const rest = unobservable.length > 0 ? `; unobservable: ${unobservable.join(', ')}` : '';
  const hidden =
    unobservable.length === 0 && j.hidden.length > 0
      ? `; overlaid ${j.hidden.join(', ')} confirmed by ${describeHostFd(k, ctx.obs)}`
      : '';
  return verdict(ID, 'passed', `directfs on ${j.seen.join(', ') || '(no visible line)'}${hidden}${rest}`, {
    observedMounts: observed,
    expected,
  });
};
