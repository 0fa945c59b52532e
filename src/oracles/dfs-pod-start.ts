/**
 * DFS-POD-START: every subcontainer the contract says starts does start, and
 * the workload on each of its gofer mounts succeeds and reaches the host,
 * whether the pod's hints opt them out or not and whatever its own spec says
 * (its gofer must keep the LisaFS rules the sentry's opt-out needs). A
 * failure of a subcontainer in the known gofer/sentry mismatch is tagged as
 * the known upstream bug.
 */
import type { Verdict } from '../model/verdict.js';
import { dfsWorkload } from './dfs-workload.js';
import type { Oracle } from './oracle.js';
import { foldVerdicts, knownBugOf, named, subcontainersOf } from './dfs-pod-containers.js';

const ID = 'DFS-POD-START';

/** Judges DFS-POD-START on every subcontainer of a pod case. */
export const dfsPodStart: Oracle = (ctx) => {
  const subs = subcontainersOf(ID, ctx);
  if (!Array.isArray(subs)) return subs;
  return foldVerdicts(
    ID,
    subs.map((s) => {
      const w = dfsWorkload(s.ctx);
      const v: Verdict = { ...w, requirement: ID };
      const bug = v.status === 'failed' ? knownBugOf(ctx.case, s.index) : undefined;
      if (bug !== undefined) v.knownBug = bug;
      return named(v, s.container.name);
    }),
  );
};
