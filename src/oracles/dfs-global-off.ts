/** DFS-GLOBAL-OFF: with --directfs=false no mount has directfs, whatever the annotations say. */
import { DIRECTFS_OPTION } from '../model/observation.js';
import { contractOf } from './contract.js';
import { judgeStates } from './mount-states.js';
import { Problems, startGate, verdict, type Oracle } from './oracle.js';

const ID = 'DFS-GLOBAL-OFF';

/**
 * Judges DFS-GLOBAL-OFF (reference §3.1 "The directfs key never enables
 * anything"). Minimum to pass: one gofer mount seen on a 9p line without
 * directfs; every gofer mount the contract expects must have its line.
 */
export const dfsGlobalOff: Oracle = (ctx) => {
  if (ctx.case.flags.directfs !== false) return verdict(ID, 'not-applicable', 'only judged with --directfs=false');
  const k = contractOf(ctx.case);
  const gate = startGate(ID, ctx, k);
  if (gate !== null) return gate;
  const problems = new Problems();
  for (const l of ctx.obs.mounts) {
    if (l.superOptions.includes(DIRECTFS_OPTION) || l.directfs === 'on') {
      problems.add('mount-state', `${l.mountPoint}: has directfs (${l.fsType} ${l.superOptions.join(',')})`);
    }
  }
  const gofers = k.mounts.filter((m) => m.role === 'gofer');
  const j = judgeStates(ctx.obs, gofers, 'off', k.root.gofer);
  const pointOf = (reason: string) => reason.split(':')[0];
  problems.addAll(
    'mount-state',
    j.failures.filter((f) => !problems.reasons.some((r) => pointOf(r) === pointOf(f))),
  );
  // Without directfs the gofer never donates a host FD (reference §2.4), so the warning cannot appear.
  const n = ctx.obs.hostFdWithoutDirectfs;
  if (n > 0)
    problems.add('warning', `${n} "Mount RPC returned a host FD…" warning(s): a mount was set up for directfs`);
  const expected = 'no directfs option on any mount, no host-FD warning';
  if (!problems.empty) {
    const mount = problems.reasons[0]?.split(':')[0] ?? '';
    const extras = { observedMounts: j.seen.length + j.wrong.length, mount, expected, observed: problems.text };
    return verdict(ID, 'failed', problems.text, { ...extras, kinds: problems.kindList });
  }
  if (j.seen.length === 0)
    return verdict(ID, 'unobservable', `every gofer mount is under an overlay: ${j.hidden.join(', ')}`, { expected });
  return verdict(ID, 'passed', `no directfs on ${j.seen.join(', ')}`, { observedMounts: j.seen.length, expected });
};
