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
import { NotRunProbe, needsReference, type Evaluator } from './evaluate.js';

/** A run made for a case, other than the case's own: the transformed case and its observation. */
export interface DerivedRun {
  case: Case;
  obs: Observation;
  /** Verdicts already judged on it (with its own paired run where an oracle read one), for these requirements. */
  verdicts?: { requirements: readonly RequirementId[]; verdicts: readonly Verdict[] };
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
 * The requirements of `requirements` that compare `c` with the pre-feature
 * build when there is one: `c` was never run there, so they do not judge it.
 */
function referenceReaders(ev: Evaluator, c: Case, requirements: readonly RequirementId[]): Set<RequirementId> {
  if (ev.reference === null || hasDirectfsKeys(c)) return new Set();
  return new Set(requirements.filter((id) => needsReference(c, [id])));
}

/**
 * The verdict of `id` on a derived run, or null when its context lacks a run a
 * case of the stream would have had: the oracle read the paired run and it
 * was not made.
 */
function judgeComplete(id: RequirementId, ctx: OracleContext): Verdict | null {
  if (ctx.paired.kind !== 'not-run') return ORACLES[id](ctx);
  // Every oracle learns what a paired run holds through its kind: reading it is reading the missing run.
  const notRun = new NotRunProbe();
  const v = ORACLES[id]({ ...ctx, paired: notRun as PairedRun });
  return notRun.read ? null : v;
}

/** The verdicts of `requirements` on one derived run, leaving out those its context cannot fully inform. */
async function judgeRun(ev: Evaluator, run: DerivedRun, requirements: readonly RequirementId[]): Promise<Verdict[]> {
  const skip = referenceReaders(ev, run.case, requirements);
  if (run.verdicts !== undefined && run.verdicts.requirements === requirements)
    return run.verdicts.verdicts.filter((v) => !skip.has(v.requirement));
  const ctx: OracleContext = {
    case: run.case,
    obs: run.obs,
    paired: await pairedOf(ev, run.case),
    reference: null,
    variants: [],
    target: ev.subject.target.info,
  };
  return requirements.flatMap((id) => (skip.has(id) ? [] : (judgeComplete(id, ctx) ?? [])));
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
    const verdicts = await judgeRun(ev, run, requirements);
    if (verdicts.length > 0) out.push({ case: run.case, verdicts });
  }
  return out;
}
