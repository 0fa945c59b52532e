/** Test support for the vendor oracles: simulated runs of small claim cases, and their oracle contexts. */
import type { Case } from '../../model/case.js';
import type { Observation } from '../../model/observation.js';
import { CLAIM_ANNOTATION } from '../../model/vendor-claim.js';
import { createSimTarget } from '../../harness/sim-target.js';
import { observe } from '../../harness/observe.js';
import type { OracleContext } from '../oracle.js';
import { caseOf, hint } from './kit.js';

/** `/c` from vol1 and `/u` from vol2, vol1 claimed; `offC`/`offU` opt them out. */
export function claimCase(opts: { offC?: boolean; offU?: boolean; flags?: Partial<Case['flags']> } = {}): Case {
  return caseOf(
    [
      { destination: '/c', type: 'bind', source: '$ROOT/vol1' },
      { destination: '/u', type: 'bind', source: '$ROOT/vol2' },
    ],
    {
      ...(opts.offC === true ? hint('c', '$ROOT/vol1', 'off') : {}),
      ...(opts.offU === true ? hint('u', '$ROOT/vol2', 'off') : {}),
      [CLAIM_ANNOTATION]: '$ROOT/vol1',
    },
    { overlay2: 'none', ...opts.flags },
  );
}

/** The observation of `c` on a simulator target. */
export async function simObs(id: string, c: Case): Promise<Observation> {
  const target = createSimTarget(id);
  return observe(await target.run(c, { timeoutMs: 10_000 }));
}

/** The context of `c` observed on simulator `runOn`, judged as if it ran on simulator target `judgedAs`. */
export async function vendorContext(c: Case, runOn = 'sim:vendor', judgedAs = runOn): Promise<OracleContext> {
  return {
    case: c,
    obs: await simObs(runOn, c),
    paired: { kind: 'not-run' },
    reference: null,
    target: createSimTarget(judgedAs).info,
  };
}
