/** DFS-ROOTFS-OPT-OUT: a complete rootfs hint with directfs: off leaves the root gofer mount without directfs. */
import { contractOf } from './contract.js';
import { seccompProblem } from './dfs-opt-out.js';
import { describeHostFd, hostFdCountAvailable, rootLine } from './mount-states.js';
import { Problems, startGate, verdict, type Oracle } from './oracle.js';

const ID = 'DFS-ROOTFS-OPT-OUT';

/** Judges DFS-ROOTFS-OPT-OUT (reference §2.4 root, §3.2, §4). */
export const dfsRootfsOptOut: Oracle = (ctx) => {
  const k = contractOf(ctx.case);
  if (!k.directfs) return verdict(ID, 'not-applicable', '--directfs=false: the root has no directfs anyway');
  if (!k.root.optedOut)
    return verdict(ID, 'not-applicable', 'no complete rootfs hint (source + type: bind) with directfs: off');
  const gate = startGate(ID, ctx, k);
  if (gate !== null) return gate;
  const problems = new Problems();
  let observed = 0;
  const line = rootLine(ctx.obs);
  const expected = 'root without directfs';
  if (line === undefined) problems.add('mount-state', '/: no mountinfo line for the root');
  else if (line.fsType === '9p') {
    if (line.directfs === 'off') observed = 1;
    else
      problems.add(
        'mount-state',
        `/: expected directfs off, observed ${line.directfs} (${line.superOptions.join(',')})`,
      );
  } else if (line.fsType === 'overlay') {
    if (hostFdCountAvailable(ctx.obs, k)) {
      if (ctx.obs.hostFdWithoutDirectfs === k.hostFdWarnings) observed = 1;
      else problems.add('warning', `/ (overlaid): ${describeHostFd(k, ctx.obs)}`);
    }
  } else problems.add('mount-state', `/: expected a gofer root, observed ${line.fsType}`);
  const seccomp = seccompProblem(ctx, k);
  if (seccomp !== null) problems.add('warning', seccomp);
  if (!problems.empty) {
    const extras = {
      observedMounts: observed,
      mount: '/',
      expected,
      observed: problems.text,
      kinds: problems.kindList,
    };
    return verdict(ID, 'failed', problems.text, extras);
  }
  if (observed === 0)
    return verdict(ID, 'unobservable', 'the root is under an overlay and no host-FD warning count was logged', {
      mount: '/',
      expected,
    });
  const how = line?.fsType === '9p' ? 'root 9p line has no directfs' : `root overlaid; ${describeHostFd(k, ctx.obs)}`;
  return verdict(ID, 'passed', how, { observedMounts: 1, mount: '/', expected });
};
