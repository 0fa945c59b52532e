/** DFS-OPT-OUT: an opted-out gofer submount has no `directfs` option. */
import { LISAFS_EXTRA_SYSCALLS, contractOf, type Contract } from './contract.js';
import { describeHostFd, failedOnStates, hostFdCountAvailable, judgeStates, summarize } from './mount-states.js';
import { pairedObservation } from '../model/paired.js';
import { Problems, startGate, verdict, type Oracle, type OracleContext } from './oracle.js';

const ID = 'DFS-OPT-OUT';

/** The gofer keeps its LisaFS seccomp rules when an opt-out needs them (reference §4); null when it cannot be told. */
export function seccompProblem(ctx: OracleContext, k: Contract): string | null {
  const { obs } = ctx;
  const paired = pairedObservation(ctx.paired);
  if (!k.lisafsNeeded || paired === null || paired.outcome !== 'started') return null;
  if (obs.goferSeccompSyscalls === null || paired.goferSeccompSyscalls === null) return null;
  const want = paired.goferSeccompSyscalls + LISAFS_EXTRA_SYSCALLS;
  if (obs.goferSeccompSyscalls === want) return null;
  return `gofer seccomp: expected ${want} syscalls (${paired.goferSeccompSyscalls} without the opt-out + ${LISAFS_EXTRA_SYSCALLS} LisaFS), observed ${obs.goferSeccompSyscalls}`;
}

/** Judges DFS-OPT-OUT (reference §2.4, §3.1 matching). */
export const dfsOptOut: Oracle = (ctx) => {
  const k = contractOf(ctx.case);
  if (!k.directfs) return verdict(ID, 'not-applicable', '--directfs=false: nothing to opt out of');
  const targets = k.mounts.filter((m) => m.role === 'gofer' && m.optedOut);
  if (targets.length === 0)
    return verdict(ID, 'not-applicable', 'no gofer submount is matched by a surviving hint with directfs: off');
  const gate = startGate(ID, ctx, k);
  if (gate !== null) return gate;
  const j = judgeStates(ctx.obs, targets, 'off', false);
  const problems = new Problems();
  problems.addAll('mount-state', j.failures);
  const aggregate = hostFdCountAvailable(ctx.obs, k);
  const countOk = ctx.obs.hostFdWithoutDirectfs === k.hostFdWarnings;
  if (aggregate && !countOk) problems.add('warning', describeHostFd(k, ctx.obs));
  const seccomp = seccompProblem(ctx, k);
  if (seccomp !== null) problems.add('warning', seccomp);
  const expected = `directfs off on ${targets.map((m) => m.destination).join(', ')}`;
  if (!problems.empty) return failedOnStates(ID, problems, j, expected);
  const { observed, unobservable } = summarize(j, aggregate && countOk);
  if (observed === 0)
    return verdict(
      ID,
      'unobservable',
      `opted-out mounts under an overlay and no host-FD warning count: ${unobservable.join(', ')}`,
      { expected },
    );
  const seen = `directfs off on ${j.seen.join(', ') || '(no visible line)'}`;
  const viaCount =
    aggregate && countOk && j.hidden.length > 0
      ? `; overlaid ${j.hidden.join(', ')} confirmed by ${describeHostFd(k, ctx.obs)}`
      : '';
  const rest = unobservable.length > 0 ? `; unobservable: ${unobservable.join(', ')}` : '';
  return verdict(ID, 'passed', `${seen}${viaCount}${rest}`, { observedMounts: observed, expected });
};
