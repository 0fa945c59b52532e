/** DFS-ONLY-TOKEN: opting out removes the `directfs` token from the matched mounts and changes nothing else. */
import type { MountLine, Observation } from '../model/observation.js';
import type { Contract } from './contract.js';
import { DIRECTFS_OPTION } from '../model/observation.js';
import { ownerOfLine } from './mount-states.js';
import { gateWithPaired, joinReasons, verdict, type Oracle } from './oracle.js';

const ID = 'DFS-ONLY-TOKEN';

/** Lines by mount point already grouped, per observation: a paired run is compared with several cases. */
const BY_POINT = new WeakMap<Observation, ReadonlyMap<string, readonly MountLine[]>>();

/** The observation's lines grouped by mount point, in mountinfo order (memoised per observation object). */
function byPoint(obs: Observation): ReadonlyMap<string, readonly MountLine[]> {
  let out = BY_POINT.get(obs);
  if (out === undefined) {
    const grouped = new Map<string, MountLine[]>();
    for (const l of obs.mounts) {
      const lines = grouped.get(l.mountPoint);
      if (lines === undefined) grouped.set(l.mountPoint, [l]);
      else lines.push(l);
    }
    out = grouped;
    BY_POINT.set(obs, out);
  }
  return out;
}

const withoutToken = (l: MountLine) => l.superOptions.filter((o) => o !== DIRECTFS_OPTION).join(',');

function expectedToLose(k: Contract, point: string, i: number, count: number): boolean | 'unknown' {
  const owner = ownerOfLine(k, point, i, count);
  if (owner === null || owner === 'unknown') return owner === 'unknown' ? 'unknown' : false;
  return owner === 'root' ? k.root.optedOut : owner.role === 'gofer' && owner.optedOut;
}

/** Differences between the case's lines and the paired lines (reference §7 oracle caveat). */
function compareLines(
  k: Contract,
  obs: Observation,
  paired: Observation,
): { problems: string[]; compared: number; lost: string[] } {
  const problems: string[] = [];
  const lost: string[] = [];
  const a = byPoint(obs);
  const b = byPoint(paired);
  let compared = 0;
  for (const point of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const xs = a.get(point) ?? [];
    const ys = b.get(point) ?? [];
    if (xs.length !== ys.length) {
      problems.push(`${point}: ${xs.length} line(s) with the directfs keys, ${ys.length} without`);
      continue;
    }
    xs.forEach((x, i) => {
      const y = ys[i] as MountLine;
      compared++;
      // Observations share one object per distinct line (src/harness/interned.ts): the same object is the same line.
      if (x !== y) {
        for (const field of ['fsType', 'mountSource', 'mountOptions'] as const) {
          if (x[field] !== y[field])
            problems.push(
              `${point}: ${field} ${JSON.stringify(x[field])} with the keys, ${JSON.stringify(y[field])} without`,
            );
        }
        if (withoutToken(x) !== withoutToken(y))
          problems.push(
            `${point}: options besides directfs differ: [${x.superOptions.join(',')}] with the keys, [${y.superOptions.join(',')}] without`,
          );
      }
      const must = expectedToLose(k, point, i, xs.length);
      if (must === 'unknown') {
        if (x.directfs === 'off' && y.directfs === 'on') lost.push(point);
      } else if (x.directfs === 'off' && y.directfs === 'on') {
        if (must) lost.push(point);
        else problems.push(`${point}: lost directfs but is not opted out`);
      } else if (x.directfs === 'on' && y.directfs === 'off')
        problems.push(`${point}: gained directfs from the directfs keys`);
      else if (must && x.fsType === '9p' && x.directfs === y.directfs && y.directfs === 'on')
        problems.push(`${point}: opted out but kept directfs`);
    });
  }
  return { problems, compared, lost };
}

/** Judges DFS-ONLY-TOKEN against the paired run without directfs keys. */
export const dfsOnlyToken: Oracle = (ctx) => {
  const gated = gateWithPaired(ID, ctx);
  if (!('paired' in gated)) return gated;
  const { k, paired } = gated;
  const { problems, compared, lost } = compareLines(k, ctx.obs, paired);
  const expected = 'same mounts and options as without the directfs keys, except directfs on the opted-out mounts';
  if (problems.length > 0) {
    const observed = joinReasons(problems);
    const mount = problems[0]?.split(':')[0] ?? '';
    return verdict(ID, 'failed', observed, {
      observedMounts: compared,
      mount,
      expected,
      observed,
      kinds: ['mount-state'],
    });
  }
  // Minimum to pass: at least one mount line compared with its paired line.
  if (compared === 0)
    return verdict(ID, 'unobservable', 'no mount line could be compared with the run without directfs keys', {
      expected,
    });
  return verdict(
    ID,
    'passed',
    `${compared} mount line(s) identical to the run without directfs keys${lost.length > 0 ? ` except directfs on ${lost.join(', ')}` : ''}`,
    { observedMounts: compared, expected },
  );
};
