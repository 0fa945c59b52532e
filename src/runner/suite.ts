/**
 * The conformance run: the fixed example table, then one fast-check property
 * per requirement over its focused arbitrary. Returns data; printing and
 * exit codes are the CLI's business.
 */
import fc from 'fast-check';
import type { Case } from '../model/case.js';
import { REQUIREMENT_IDS, type RequirementId } from '../model/requirements.js';
import type { TargetInfo } from '../model/target.js';
import type { Counterexample, ExampleResult, RequirementResult, SuiteResult } from '../model/result.js';
import { arbitraryFor } from '../generators/index.js';
import { EXAMPLES } from '../generators/examples.js';
import { ORACLES } from '../oracles/index.js';
import { drawCases } from './draw.js';
import { contextFor, forEachConcurrent, judgeCase, yieldToEventLoop, type Evaluator } from './evaluate.js';
import { emptyTally, recordVerdict, settle, type Tally } from './tally.js';

/** Options of {@link runSuite}. */
export interface SuiteOptions {
  cases: number;
  seed: number;
  jobs: number;
  /** Only these requirements (default: all). */
  requirements?: readonly RequirementId[];
  signal?: AbortSignal;
  /** Called after each requirement finishes (progress output). */
  onRequirement?: (r: RequirementResult) => void;
  now?: () => number;
  /** A simulator evaluator of the same behaviour family: failures are shrunk there first, then confirmed on the target. */
  preShrink?: Evaluator;
  /** Time budget for shrinking on the target itself (default 300 s). */
  shrinkBudgetMs?: number;
}

interface Accumulator {
  tally: Tally;
  runs: number;
  counterexample: Counterexample | null;
  shrinkSteps: number;
  firstFailureAt: number | null;
}

/** Runs the example table and every requirement's property against `ev`. */
export async function runSuite(
  ev: Evaluator,
  reference: TargetInfo | null,
  options: SuiteOptions,
): Promise<SuiteResult> {
  const now = options.now ?? Date.now;
  const started = now();
  const wanted = options.requirements ?? REQUIREMENT_IDS;
  const acc = new Map<RequirementId, Accumulator>(
    wanted.map((id) => [
      id,
      { tally: emptyTally(), runs: 0, counterexample: null, shrinkSteps: 0, firstFailureAt: null },
    ]),
  );
  const aborted = (): boolean => options.signal?.aborted === true;

  const examples = await runExamples(ev, wanted, options.jobs, acc);
  const results: RequirementResult[] = [];
  for (const id of wanted) {
    const a = acc.get(id) as Accumulator;
    if (!aborted()) await runProperty(ev, id, options, a);
    const { status, reason } = settle(id, a.tally);
    const result: RequirementResult = {
      id,
      status,
      runs: a.runs,
      observedMounts: a.tally.observedMounts,
      counts: a.tally.counts,
      reason,
      failureKinds: [...a.tally.failureKinds],
      counterexample: a.counterexample,
      shrinkSteps: a.shrinkSteps,
      firstFailureAt: a.firstFailureAt,
    };
    results.push(result);
    options.onRequirement?.(result);
  }
  return {
    target: ev.subject.target.info,
    reference,
    seed: options.seed,
    cases: options.cases,
    requirements: results,
    examples,
    interrupted: aborted(),
    wallMs: now() - started,
  };
}

async function runExamples(
  ev: Evaluator,
  wanted: readonly RequirementId[],
  jobs: number,
  acc: Map<RequirementId, Accumulator>,
): Promise<ExampleResult[]> {
  const out: ExampleResult[] = [];
  await forEachConcurrent(EXAMPLES, jobs, async (ex) => {
    const context = await contextFor(ev, ex.case, wanted);
    const verdicts = wanted.map((id) => ORACLES[id](context));
    out.push({ name: ex.name, requirement: ex.requirement, verdicts });
  });
  out.sort((a, b) => a.name.localeCompare(b.name));
  for (const ex of out) {
    for (const v of ex.verdicts) {
      const a = acc.get(v.requirement) as Accumulator;
      a.runs += 1;
      recordVerdict(a.tally, v);
      const source = EXAMPLES.find((e) => e.name === ex.name);
      if (v.status === 'failed' && a.counterexample === null && source !== undefined) {
        a.counterexample = {
          origin: `example:${ex.name}`,
          case: source.case,
          verdict: v,
          seed: null,
          path: null,
          mounts: source.case.spec.mounts.length,
        };
      }
    }
  }
  return out;
}

async function runProperty(ev: Evaluator, id: RequirementId, options: SuiteOptions, a: Accumulator): Promise<void> {
  const arb = arbitraryFor(id);
  const params = { seed: options.seed, numRuns: options.cases };
  // Pass 1 only collects the values fast-check draws (run i has replay path "i"), so they can run in parallel.
  const drawn: Case[] = await drawCases(arb, params, options.signal);
  await forEachConcurrent(drawn, options.jobs, async (c) => {
    if (options.signal?.aborted !== true) await contextFor(ev, c, [id]);
  });
  let firstFailure = -1;
  for (const [i, c] of drawn.entries()) {
    if (options.signal?.aborted === true) break;
    const { verdict } = await judgeCase(ev, c, id);
    a.runs += 1;
    recordVerdict(a.tally, verdict);
    if (verdict.status === 'failed' && firstFailure < 0) firstFailure = i;
    if (i % 32 === 31) await yieldToEventLoop();
  }
  if (firstFailure < 0 || options.signal?.aborted === true) return;
  a.firstFailureAt = firstFailure + 1;
  a.counterexample = await shrinkFailure(ev, id, arb, { ...params, path: String(firstFailure) }, options, a);
}

/** Predicate of a shrinking pass: the case does not fail `id` on `ev`. */
function holdsOn(
  ev: Evaluator,
  id: RequirementId,
  a: Accumulator,
  signal?: AbortSignal,
): (c: Case) => Promise<boolean> {
  return async (c) => {
    if (signal?.aborted === true) return true;
    a.shrinkSteps += 1;
    if (a.shrinkSteps % 32 === 0) await yieldToEventLoop();
    return (await judgeCase(ev, c, id)).verdict.status !== 'failed';
  };
}

/**
 * Shrinks the failing run at `params.path`. When a simulator evaluator is
 * given and it reproduces the failure, shrinking runs there (fast) and the
 * result is confirmed on the target; otherwise every candidate runs on the
 * target, within a time budget.
 */
async function shrinkFailure(
  ev: Evaluator,
  id: RequirementId,
  arb: fc.Arbitrary<Case>,
  params: { seed: number; numRuns: number; path: string },
  options: SuiteOptions,
  a: Accumulator,
): Promise<Counterexample> {
  const failing = (details: fc.RunDetails<[Case]>): Case | null =>
    details.failed && details.counterexample !== null ? details.counterexample[0] : null;
  if (options.preShrink !== undefined) {
    const sim = options.preShrink;
    const simDetails = await fc.check(fc.asyncProperty(arb, holdsOn(sim, id, a, options.signal)), params);
    const candidate = failing(simDetails);
    if (candidate !== null) {
      const { verdict } = await judgeCase(ev, candidate, id);
      if (verdict.status === 'failed') {
        return {
          origin: 'property (shrunk on the simulator, confirmed on the target)',
          case: candidate,
          verdict,
          seed: simDetails.seed,
          path: simDetails.counterexamplePath,
          mounts: candidate.spec.mounts.length,
        };
      }
    }
  }
  const details = await fc.check(fc.asyncProperty(arb, holdsOn(ev, id, a, options.signal)), {
    ...params,
    interruptAfterTimeLimit: options.shrinkBudgetMs ?? 300_000,
  });
  const shrunk =
    failing(details) ?? ((await fc.sample(arb, { seed: params.seed, path: params.path, numRuns: 1 }))[0] as Case);
  const { verdict } = await judgeCase(ev, shrunk, id);
  return {
    origin: 'property',
    case: shrunk,
    verdict,
    seed: details.seed,
    path: details.counterexamplePath ?? params.path,
    mounts: shrunk.spec.mounts.length,
  };
}
