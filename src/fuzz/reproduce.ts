/**
 * Turning a finding into a reproducer: shrink its case (on the simulator,
 * when the finding shows there), confirm the minimal case on the target, and
 * classify it by re-running it on fresh, unmemoised evaluators.
 */
import type { Case } from '../model/case.js';
import type { Observation } from '../model/observation.js';
import type { Verdict } from '../model/verdict.js';
import { ORACLES } from '../oracles/index.js';
import { contextFor, type Evaluator } from '../runner/evaluate.js';
import { findingSignature, runFindingKind, type Finding } from './finding.js';
import { shrinkCase, SHRINK_ATTEMPTS } from './shrink.js';
import type { StoredFinding } from './store.js';

/** Re-runs of the minimal case that classify a finding. */
export const CLASSIFY_RUNS = 3;

/** Where a finding is shrunk and re-run. */
export interface ReproduceOptions {
  /** The simulator evaluator to shrink on (the target's own when it is a simulator); null: no shrinking. */
  shrinkOn: Evaluator | null;
  /** A new evaluator on the target with empty memos, for each confirming or classifying run. */
  freshTarget(): Evaluator;
  shrinkBudget?: number;
  /**
   * Candidates tried on the target itself when the simulator does not show the finding (0: none, the default).
   * Each is a real run, so this bounds the time a real finding's shrinking takes.
   */
  targetShrinkBudget?: number;
}

/** Candidates a real finding the simulator does not show is shrunk with on the target (about half a minute). */
export const TARGET_SHRINK_ATTEMPTS = 40;

/** What one run of `c` shows of the kind of finding `f` is: the same finding, or nothing. */
async function showing(
  ev: Evaluator,
  f: Finding,
  c: Case,
): Promise<{ obs: Observation; verdict: Verdict | null } | null> {
  if (f.kind === 'failure' && f.requirement !== null) {
    const ctx = await contextFor(ev, c, [f.requirement]);
    const verdict = ORACLES[f.requirement](ctx);
    return verdict.status === 'failed' ? { obs: ctx.obs, verdict } : null;
  }
  const obs = await ev.subject.observe(c);
  return runFindingKind(obs) === f.kind ? { obs, verdict: null } : null;
}

/** `deterministic 3/3`, `flaky k/3` or `not reproduced`. */
export function classifyLabel(hits: number, runs: number): string {
  if (hits === runs) return `deterministic ${hits}/${runs}`;
  return hits === 0 ? 'not reproduced' : `flaky ${hits}/${runs}`;
}

/** Shrinks, confirms and classifies `f`; the result carries the signature of the minimal finding. */
export async function reproduceFinding(f: Finding, options: ReproduceOptions): Promise<StoredFinding> {
  let minimal = f.case;
  let shrinkAttempts = 0;
  const sim = options.shrinkOn;
  if (sim !== null && (await showing(sim, f, f.case)) !== null) {
    const shrunk = await shrinkCase(
      f.case,
      async (c) => (await showing(sim, f, c)) !== null,
      options.shrinkBudget ?? SHRINK_ATTEMPTS,
    );
    shrinkAttempts = shrunk.attempts;
    if (shrunk.case !== f.case && (await showing(options.freshTarget(), f, shrunk.case)) !== null)
      minimal = shrunk.case;
  }
  const onTarget = options.targetShrinkBudget ?? 0;
  if (minimal === f.case && onTarget > 0) {
    // Not shown on the simulator (or not shrunk there): shrink on the target, one evaluator, its memo shared.
    const target = options.freshTarget();
    const shrunk = await shrinkCase(f.case, async (c) => (await showing(target, f, c)) !== null, onTarget);
    shrinkAttempts += shrunk.attempts;
    minimal = shrunk.case;
  }
  let hits = 0;
  let last: { obs: Observation; verdict: Verdict | null } | null = null;
  for (let i = 0; i < CLASSIFY_RUNS; i++) {
    const shown = await showing(options.freshTarget(), f, minimal);
    if (shown === null) continue;
    hits++;
    last = shown;
  }
  const found: Finding =
    last === null
      ? { ...f, case: minimal }
      : { ...f, case: minimal, obs: last.obs, verdict: last.verdict ?? f.verdict };
  return {
    ...found,
    signature: findingSignature(found),
    reproduced: classifyLabel(hits, CLASSIFY_RUNS),
    shrinkAttempts,
  };
}
