/** The oracles: one per requirement (src/model/requirements.ts), in a typed registry. */
import type { RequirementId } from '../model/requirements.js';
import { REQUIREMENT_IDS } from '../model/requirements.js';
import type { Case } from '../model/case.js';
import type { Verdict } from '../model/verdict.js';
import { dfsAppEquiv } from './dfs-app-equiv.js';
import { dfsDefaultUnchanged } from './dfs-default-unchanged.js';
import { dfsGlobalOff } from './dfs-global-off.js';
import { dfsHintGrammar } from './dfs-hint-grammar.js';
import { dfsKeep } from './dfs-keep.js';
import { dfsMountInvalidValue } from './dfs-mount-invalid-value.js';
import { dfsNonGofer } from './dfs-non-gofer.js';
import { dfsOnlyToken } from './dfs-only-token.js';
import { dfsOptOut } from './dfs-opt-out.js';
import { dfsRootfsErrors } from './dfs-rootfs-errors.js';
import { dfsRootfsOptOut } from './dfs-rootfs-opt-out.js';
import { dfsWorkload } from './dfs-workload.js';
import { dfsPodHints } from './dfs-pod-hints.js';
import { dfsPodStart } from './dfs-pod-start.js';
import { dfsVendorKeep } from './dfs-vendor-keep.js';
import { dfsVendorOptOut } from './dfs-vendor-opt-out.js';
import { isInconclusive, verdict, type Oracle, type OracleContext } from './oracle.js';
import { contractOf } from './contract.js';
import { RELATIONS, relationProblems, variantCases, type RelationName } from './metamorphic.js';

export type { Oracle, OracleContext } from './oracle.js';
export { RELATIONS, variantCases, type RelationName, type VariantRun } from './metamorphic.js';
export {
  contractOf,
  type Contract,
  type ExpectStart,
  type FatalExpectation,
  type MountExpectation,
  type RootExpectation,
} from './contract.js';

/** The fatal causes the contract lets runsc report for `c` and for its variant under `relation`. */
function fatalCauses(c: Case, id: RequirementId, relation: RelationName): string[] {
  const variant = variantCases(c, id).find((v) => v.relation === relation)?.case;
  const of = (x: Case | undefined) => (x === undefined ? [] : (contractOf(x).fatal?.fragments ?? []));
  return [...new Set([...of(c), ...of(variant)])];
}

/**
 * `oracle`, plus the metamorphic relations `id` owns: a relation whose
 * transformed case was run and observes something different fails the
 * requirement even where the direct check passed.
 */
function withRelations(id: RequirementId, oracle: Oracle): Oracle {
  return (ctx) => {
    const direct = oracle(ctx);
    if (
      direct.status === 'failed' ||
      ctx.variants === undefined ||
      isInconclusive(ctx.obs) ||
      contractOf(ctx.case).flaky
    )
      return direct;
    for (const run of ctx.variants) {
      const relation = RELATIONS[run.relation];
      if (relation.owner !== id || isInconclusive(run.obs)) continue;
      const problems = relationProblems(ctx.obs, run.obs, fatalCauses(ctx.case, id, run.relation));
      if (problems.length === 0) continue;
      return verdict(
        id,
        'failed',
        `metamorphic relation ${run.relation} broken (${relation.statement}): ${problems.join('; ')}`,
        {
          observedMounts: Math.max(direct.observedMounts, 1),
          expected: relation.statement,
          observed: problems.join('; '),
          kinds: ['mount-state'],
        },
      );
    }
    return direct;
  };
}

/** Every requirement's oracle. */
export const ORACLES: { readonly [K in RequirementId]: Oracle } = {
  'DFS-OPT-OUT': withRelations('DFS-OPT-OUT', dfsOptOut),
  'DFS-KEEP': withRelations('DFS-KEEP', dfsKeep),
  'DFS-ONLY-TOKEN': dfsOnlyToken,
  'DFS-GLOBAL-OFF': dfsGlobalOff,
  'DFS-NON-GOFER': dfsNonGofer,
  'DFS-ROOTFS-OPT-OUT': dfsRootfsOptOut,
  'DFS-ROOTFS-ERRORS': dfsRootfsErrors,
  'DFS-MOUNT-INVALID-VALUE': dfsMountInvalidValue,
  'DFS-WORKLOAD': dfsWorkload,
  'DFS-APP-EQUIV': dfsAppEquiv,
  'DFS-DEFAULT-UNCHANGED': dfsDefaultUnchanged,
  'DFS-HINT-GRAMMAR': dfsHintGrammar,
  'DFS-POD-HINTS': dfsPodHints,
  'DFS-POD-START': dfsPodStart,
  'DFS-VENDOR-OPT-OUT': dfsVendorOptOut,
  'DFS-VENDOR-KEEP': dfsVendorKeep,
};

/** Judges one case against every requirement, in contract order. */
export function judgeAll(ctx: OracleContext): Verdict[] {
  return REQUIREMENT_IDS.map((id) => ORACLES[id](ctx));
}
