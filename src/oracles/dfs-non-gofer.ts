/** DFS-NON-GOFER: sentry-internal mounts never carry directfs and are unaffected by directfs keys. */
import type { MountLine } from '../model/observation.js';
import { DIRECTFS_OPTION } from '../harness/observe-mountinfo.js';
import { contractOf } from './contract.js';
import { joinReasons, startGate, verdict, type Oracle } from './oracle.js';

const ID = 'DFS-NON-GOFER';

const isInternal = (l: MountLine) => l.fsType !== '9p' && l.fsType !== 'overlay';
const describe = (l: MountLine) => `${l.fsType} ${l.mountSource} ${l.mountOptions} [${l.superOptions.join(',')}]`;

/** Judges DFS-NON-GOFER (reference §2.2 sentry-internal filesystems). */
export const dfsNonGofer: Oracle = (ctx) => {
  const k = contractOf(ctx.case);
  const gate = startGate(ID, ctx, k);
  if (gate !== null) return gate;
  const own = ctx.obs.mounts.filter(isInternal);
  const problems: string[] = [];
  for (const l of own) {
    if (l.superOptions.includes(DIRECTFS_OPTION) || l.mountOptions.split(',').includes(DIRECTFS_OPTION)) problems.push(`${l.mountPoint}: ${l.fsType} mount has directfs`);
  }
  const paired = ctx.paired;
  const compare = paired !== null && paired !== ctx.obs && paired.outcome === 'started';
  if (compare) {
    const theirs = paired.mounts.filter(isInternal).map(describe);
    const mine = own.map(describe);
    const pointsOf = (xs: MountLine[]) => xs.map((l) => l.mountPoint);
    for (const [i, d] of mine.entries()) if (!theirs.includes(d)) problems.push(`${pointsOf(own)[i]}: ${d} with the directfs keys, not without`);
    const theirLines = paired.mounts.filter(isInternal);
    for (const [i, d] of theirs.entries()) if (!mine.includes(d)) problems.push(`${pointsOf(theirLines)[i]}: ${d} without the directfs keys, not with`);
  }
  const expected = 'no directfs on sentry-internal mounts; same lines as without the directfs keys';
  if (problems.length > 0) return verdict(ID, 'failed', joinReasons(problems), { observedMounts: own.length, mount: problems[0]?.split(':')[0] ?? '', expected, observed: joinReasons(problems) });
  if (own.length === 0) return verdict(ID, 'not-applicable', 'no sentry-internal mount line');
  return verdict(ID, 'passed', `${own.length} sentry-internal mount(s) without directfs${compare ? ', identical without the directfs keys' : ''}: ${own.map((l) => `${l.mountPoint} (${l.fsType})`).join(', ')}`, { observedMounts: own.length, expected });
};
