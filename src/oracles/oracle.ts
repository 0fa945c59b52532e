/** What an oracle is, and the start handling every oracle shares. */
import type { Case } from '../model/case.js';
import type { Observation } from '../model/observation.js';
import type { RequirementId } from '../model/requirements.js';
import type { Verdict, VerdictStatus } from '../model/verdict.js';
import { normalizeError } from '../harness/normalize.js';
import { contractOf, type Contract } from './contract.js';
import { hasDirectfsKeys, withoutDirectfsKeys } from '../generators/transforms.js';
import type { VariantRun } from './metamorphic.js';

/** Everything an oracle judges one case by. */
export interface OracleContext {
  case: Case;
  obs: Observation;
  /** The same case minus its directfs keys on the same target (`obs` itself when the case has none). */
  paired: Observation | null;
  /** The same case on the pre-feature build, null when there is none. */
  reference: Observation | null;
  /** Observations of transformed cases for the metamorphic relations (src/oracles/metamorphic.ts); absent when not run. */
  variants?: readonly VariantRun[];
}

/** One requirement's judge. */
export type Oracle = (ctx: OracleContext) => Verdict;

/** Optional parts of a verdict. */
export interface VerdictExtras {
  observedMounts?: number;
  mount?: string;
  expected?: string;
  observed?: string;
}

/** Builds a verdict; `observedMounts` defaults to 0. */
export function verdict(requirement: RequirementId, status: VerdictStatus, detail: string, extras: VerdictExtras = {}): Verdict {
  const out: Verdict = { requirement, status, observedMounts: extras.observedMounts ?? 0, detail };
  if (extras.mount !== undefined) out.mount = extras.mount;
  if (extras.expected !== undefined) out.expected = extras.expected;
  if (extras.observed !== undefined) out.observed = extras.observed;
  return out;
}

/** True for a run that says nothing conclusive (DESIGN.md: never `passed`). */
export function isInconclusive(obs: Observation): boolean {
  return obs.outcome === 'timed-out' || obs.outcome === 'crashed';
}

function describeRun(obs: Observation): string {
  return obs.error === null ? obs.outcome : `${obs.outcome}: ${obs.error}`;
}

/**
 * The verdict for a run that did not start the way the contract says, or
 * null when the oracle should go on and judge the mounts. A start failure
 * counts against directfs only when the contract expects a start and the
 * same case without its directfs keys does not fail the same way.
 */
export function startGate(id: RequirementId, ctx: OracleContext, k: Contract): Verdict | null {
  const { obs, paired } = ctx;
  if (isInconclusive(obs)) return verdict(id, 'indeterminate', `run ${describeRun(obs)}`);
  if (obs.outcome === 'started') {
    if (k.fatal === null) return null;
    return verdict(id, 'not-applicable', `started although the contract expects a fatal ${k.fatal.stage} error (${k.fatal.fragments.join(' | ')}); judged by DFS-HINT-GRAMMAR / DFS-ROOTFS-ERRORS`);
  }
  if (k.fatal !== null) return verdict(id, 'not-applicable', `start failed as the contract expects (${k.fatal.stage}): ${obs.error ?? '(no error text)'}`);
  if (k.expectStart === 'unknown') {
    const why = [...(k.flaky ? ['flaky hint set (reference §3.1)'] : []), ...k.uncovered].join('; ');
    return verdict(id, 'not-applicable', `start failed (${obs.error ?? 'no error text'}); the contract does not cover this case: ${why}`);
  }
  if (paired !== null && paired !== obs && isInconclusive(paired)) return verdict(id, 'indeterminate', `start failed; the run without directfs keys ${describeRun(paired)}`);
  if (paired !== null && paired.outcome === 'start-failed' && normalizeError(paired.error) === normalizeError(obs.error)) {
    return verdict(id, 'not-applicable', `start failed the same way without the directfs keys, so not because of them: ${obs.error ?? '(no error text)'}`);
  }
  const without = paired === null ? 'unknown' : paired === obs ? 'n/a' : describeRun(paired);
  return verdict(id, 'failed', `expected the sandbox to start; observed ${describeRun(obs)} (without the directfs keys: ${without})`, {
    expected: 'started',
    observed: describeRun(obs),
  });
}

/**
 * The paired run is usable for comparison, or the verdict explaining why not:
 * indeterminate when it is inconclusive, failed when it did not start although
 * its own contract says it starts, not-applicable otherwise.
 */
export function pairedGate(id: RequirementId, ctx: OracleContext, pairedContract: () => Contract): Observation | Verdict {
  const { paired } = ctx;
  if (paired === null) return verdict(id, 'not-applicable', 'no paired run (same case without directfs keys) given');
  if (paired.outcome === 'started') return paired;
  if (isInconclusive(paired)) return verdict(id, 'indeterminate', `the run without directfs keys ${describeRun(paired)}`);
  if (pairedContract().expectStart === 'yes') {
    return verdict(id, 'failed', `the same case without directfs keys must start; observed ${describeRun(paired)} while the case with them started`, {
      expected: 'started',
      observed: describeRun(paired),
    });
  }
  return verdict(id, 'not-applicable', `the run without directfs keys did not start (${describeRun(paired)}) and its contract does not require it to`);
}

/** Joins failure reasons into one detail line. */
export function joinReasons(reasons: readonly string[]): string {
  return reasons.join('; ');
}

/**
 * The shared opening of the oracles that compare a case with its paired run
 * (the same case minus its directfs keys): the contract and the paired
 * observation, or the verdict that ends judging early.
 */
export function gateWithPaired(id: RequirementId, ctx: OracleContext): Verdict | { k: Contract; paired: Observation } {
  if (!hasDirectfsKeys(ctx.case)) return verdict(id, 'not-applicable', 'the case has no directfs keys');
  const k = contractOf(ctx.case);
  const gate = startGate(id, ctx, k);
  if (gate !== null) return gate;
  const paired = pairedGate(id, ctx, () => contractOf(withoutDirectfsKeys(ctx.case)));
  if (!('outcome' in paired)) return paired;
  return { k, paired };
}
