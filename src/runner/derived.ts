/**
 * Judging the auxiliary runs of a case as cases of their own. The paired case
 * (the case minus its directfs keys) and the metamorphic variants are valid
 * cases that really ran, so every requirement they can fully inform judges
 * them too, with no extra target run. A requirement judges such a derived
 * observation only when its context is as complete as a case of the stream
 * would get: a paired observation when the oracle compares with one and the
 * derived case has directfs keys (looked up among runs already made, never
 * run for this), a pre-feature run when the oracle compares with one and a
 * reference target exists (never run for this either). Otherwise the
 * requirement does not judge it at all, so no verdict is counted that a full
 * context could have judged differently.
 */
import type { Case } from '../model/case.js';
import { caseJson } from '../model/case-json.js';
import type { Observation } from '../model/observation.js';
import { observedPair, type PairedRun } from '../model/paired.js';
import type { RequirementId } from '../model/requirements.js';
import { hasDirectfsKeys, withoutDirectfsKeys } from '../model/transforms.js';
import type { Verdict } from '../model/verdict.js';
import { ORACLES, type OracleContext } from '../oracles/index.js';
import { needsReference, type Evaluator } from './evaluate.js';

/** A run made for a case, other than the case's own: the transformed case and its observation. */
export interface DerivedRun {
  case: Case;
  obs: Observation;
}

/** The verdicts of one derived run, by the requirements that could judge it with a complete context. */
export interface DerivedJudgement {
  case: Case;
  verdicts: Verdict[];
}

/** The paired run of `c` when it was already made (null when it was not, or `c` has no keys). */
async function pairedOf(ev: Evaluator, c: Case): Promise<PairedRun> {
  if (!hasDirectfsKeys(c)) return { kind: 'no-keys' };
  const made = ev.subject.peek(withoutDirectfsKeys(c));
  return made === undefined ? { kind: 'not-run' } : observedPair(await made);
}

/**
 * The verdict of `id` on a derived run, or null when its context lacks a run a
 * case of the stream would have had: the oracle read the paired run and it
 * was not made, or it compares with the pre-feature build and there is one.
 */
function judgeComplete(ev: Evaluator, id: RequirementId, ctx: OracleContext): Verdict | null {
  if (ev.reference !== null && needsReference(ctx.case, [id])) return null;
  let missing = false;
  const probe: OracleContext = {
    ...ctx,
    get paired(): PairedRun {
      if (ctx.paired.kind === 'not-run') missing = true;
      return ctx.paired;
    },
  };
  const v = ORACLES[id](probe);
  return missing ? null : v;
}

/**
 * Judges each derived run not judged before (`judged` holds case JSON keys,
 * and is updated) by every requirement of `requirements` it can fully inform.
 */
export async function judgeDerived(
  ev: Evaluator,
  runs: readonly DerivedRun[],
  requirements: readonly RequirementId[],
  judged: Set<string>,
): Promise<DerivedJudgement[]> {
  const out: DerivedJudgement[] = [];
  for (const run of runs) {
    const key = caseJson(run.case);
    if (judged.has(key)) continue;
    judged.add(key);
    const ctx: OracleContext = {
      case: run.case,
      obs: run.obs,
      paired: await pairedOf(ev, run.case),
      reference: null,
      variants: [],
    };
    const verdicts = requirements.flatMap((id) => judgeComplete(ev, id, ctx) ?? []);
    if (verdicts.length > 0) out.push({ case: run.case, verdicts });
  }
  return out;
}
