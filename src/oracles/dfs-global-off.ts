/** DFS-GLOBAL-OFF: with --directfs=false no mount has directfs, whatever the annotations say. */
import { DIRECTFS_OPTION } from '../harness/observe-mountinfo.js';
import { contractOf } from './contract.js';
import { joinReasons, startGate, verdict, type Oracle } from './oracle.js';

const ID = 'DFS-GLOBAL-OFF';

/** Judges DFS-GLOBAL-OFF (reference §3.1 "The directfs key never enables anything"). */
export const dfsGlobalOff: Oracle = (ctx) => {
  if (ctx.case.flags.directfs !== false) return verdict(ID, 'not-applicable', 'only judged with --directfs=false');
  const k = contractOf(ctx.case);
  const gate = startGate(ID, ctx, k);
  if (gate !== null) return gate;
  const problems: string[] = [];
  for (const l of ctx.obs.mounts) {
    if (l.superOptions.includes(DIRECTFS_OPTION) || l.directfs === 'on') problems.push(`${l.mountPoint}: has directfs (${l.fsType} ${l.superOptions.join(',')})`);
  }
  // Without directfs the gofer never donates a host FD (reference §2.4), so the warning cannot appear.
  if (ctx.obs.hostFdWithoutDirectfs > 0) problems.push(`${ctx.obs.hostFdWithoutDirectfs} "Mount RPC returned a host FD…" warning(s): a mount was set up for directfs`);
  const gofer = ctx.obs.mounts.filter((l) => l.fsType === '9p');
  const expected = 'no directfs option on any mount, no host-FD warning';
  if (problems.length > 0) return verdict(ID, 'failed', joinReasons(problems), { observedMounts: gofer.length, mount: problems[0]?.split(':')[0] ?? '', expected, observed: joinReasons(problems) });
  if (gofer.length === 0) return verdict(ID, 'unobservable', 'every gofer mount is under an overlay', { expected });
  return verdict(ID, 'passed', `no directfs on ${gofer.map((l) => l.mountPoint).join(', ')}`, { observedMounts: gofer.length, expected });
};
