/**
 * Replaying a corpus case on one target and reading off what
 * `expected.json` records: the exit `replay` would give (every requirement
 * judged), the status of the listed requirements, and whether it crashed.
 */
import type { Case } from '../model/case.js';
import { REQUIREMENT_IDS, type RequirementId } from '../model/requirements.js';
import { judgeAll, ORACLES } from '../oracles/index.js';
import { contextFor, type Evaluator } from '../runner/evaluate.js';
import { runFindingKind } from './finding.js';
import type { ExpectedOutcome } from './known.js';

/** The exit code `replay` gives for these statuses: 1 a failure, 3 an indeterminate one, 0 otherwise. */
export function replayExit(statuses: readonly string[]): number {
  if (statuses.includes('failed')) return 1;
  return statuses.includes('indeterminate') ? 3 : 0;
}

/**
 * What `c` gives on `ev`: with `withExit`, every requirement is judged and the
 * exit recorded; otherwise only `requirements` are (cheaper on a real build).
 */
export async function outcomeOf(
  ev: Evaluator,
  c: Case,
  requirements: readonly RequirementId[],
  withExit: boolean,
): Promise<ExpectedOutcome> {
  const ctx = await contextFor(ev, c, withExit ? REQUIREMENT_IDS : requirements);
  const all = withExit ? judgeAll(ctx) : requirements.map((id) => ORACLES[id](ctx));
  const verdicts = Object.fromEntries(
    all.filter((v) => requirements.includes(v.requirement)).map((v) => [v.requirement, v.status]),
  );
  return {
    ...(withExit && { exit: replayExit(all.map((v) => v.status)) }),
    verdicts,
    crash: runFindingKind(ctx.obs) === 'crash',
  };
}
