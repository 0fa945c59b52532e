/**
 * The conformance run: the fixed example table, then one stream of generated
 * cases drawn in turn from each requirement's focused arbitrary, every case
 * judged by every selected requirement. Returns data; printing and exit codes
 * are the CLI's business.
 */
import fc from 'fast-check';
import type { Case } from '../model/case.js';
import { REQUIREMENT_IDS, type RequirementId } from '../model/requirements.js';
import type { TargetInfo } from '../model/target.js';
import type { Counterexample, ExampleResult, RequirementResult, SuiteResult } from '../model/result.js';
import type { Verdict } from '../model/verdict.js';
import { arbitraryFor } from '../generators/index.js';
import { EXAMPLES } from '../generators/examples.js';
import { ORACLES } from '../oracles/index.js';
import { drawCases } from './draw.js';
import {
  contextFor,
  forEachConcurrent,
  judgeCase,
  targetRunsOf,
  yieldToEventLoop,
  type Evaluator,
} from './evaluate.js';
import { emptyTally, recordVerdict, settle, type Tally } from './tally.js';

/** Options of {@link runSuite}. */
export interface SuiteOptions {
  /** Generated cases in all, shared among the selected requirements' focused generators; each is judged by all. */
  cases: number;
  seed: number;
  jobs: number;
  /** Only these requirements (default: all). */
  requirements?: readonly RequirementId[];
  signal?: AbortSignal;
  /** Called for each requirement at the end of the run. */
  onRequirement?: (r: RequirementResult) => void;
  /** Called after each chunk of generated cases is judged (progress output). */
  onProgress?: (p: { done: number; total: number; failed: number }) => void;
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
  if (!aborted()) await runStream(ev, wanted, options, acc);
  const results: RequirementResult[] = [];
  for (const id of wanted) {
    const a = acc.get(id) as Accumulator;
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
    targetRuns: targetRunsOf(ev),
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
    // The hand-written examples are few and chosen for their edges: every relation is checked on each of them.
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

/** One generated case of the stream: which requirement's focused generator drew it, and as its how-manieth. */
interface DrawnCase {
  case: Case;
  source: RequirementId;
  /** Replay path of the case within its source's draw. */
  index: number;
}

/**
 * How much of the stream each requirement's focused generator draws. Every
 * case is judged by every requirement, so a requirement that other
 * generators' cases rarely inform (only --directfs=false cases judge
 * DFS-GLOBAL-OFF; only valid rootfs opt-outs judge DFS-ROOTFS-OPT-OUT) gets a
 * larger share; those that almost every case informs get the smallest.
 */
const STREAM_WEIGHTS = {
  'DFS-OPT-OUT': 2,
  'DFS-KEEP': 1,
  'DFS-ONLY-TOKEN': 1,
  'DFS-GLOBAL-OFF': 3,
  'DFS-NON-GOFER': 1,
  'DFS-ROOTFS-OPT-OUT': 4,
  'DFS-ROOTFS-ERRORS': 1,
  'DFS-MOUNT-INVALID-VALUE': 3,
  'DFS-WORKLOAD': 1,
  'DFS-APP-EQUIV': 1,
  'DFS-DEFAULT-UNCHANGED': 3,
  'DFS-HINT-GRAMMAR': 1,
} as const satisfies Record<RequirementId, number>;

/** Cases each source generator draws: `cases` split by {@link STREAM_WEIGHTS}, largest remainders first. */
export function sharesOf(wanted: readonly RequirementId[], cases: number): Map<RequirementId, number> {
  const total = wanted.reduce((n, id) => n + STREAM_WEIGHTS[id], 0);
  const exact = wanted.map((id) => (cases * STREAM_WEIGHTS[id]) / total);
  const shares = exact.map(Math.floor);
  const remainder = (j: number) => (exact[j] as number) - (shares[j] as number);
  const order = wanted.map((_, j) => j).sort((a, b) => remainder(b) - remainder(a) || a - b);
  let left = cases - shares.reduce((n, x) => n + x, 0);
  for (const j of order) {
    if (left-- <= 0) break;
    shares[j] = (shares[j] as number) + 1;
  }
  return new Map(wanted.map((id, j) => [id, shares[j] as number]));
}

/**
 * The generated stream: `options.cases` cases in all, drawn in turn from each
 * selected requirement's focused generator (so each gets its share of the
 * cases that exercise it), interleaved round-robin.
 */
async function drawStream(wanted: readonly RequirementId[], options: SuiteOptions): Promise<DrawnCase[]> {
  const lists: DrawnCase[][] = [];
  for (const [source, numRuns] of sharesOf(wanted, options.cases)) {
    if (numRuns === 0) continue;
    const drawn = await drawCases(arbitraryFor(source), { seed: options.seed, numRuns }, options.signal);
    lists.push(drawn.map((c, index) => ({ case: c, source, index })));
  }
  const out: DrawnCase[] = [];
  for (let i = 0; lists.some((l) => i < l.length); i++)
    for (const l of lists) if (i < l.length) out.push(l[i] as DrawnCase);
  return out;
}

/** Cases judged at once: bounds the verdicts held in memory while keeping --jobs busy. */
const CHUNK = 256;

/**
 * Judges every generated case by every selected requirement: the case's runs
 * (paired, reference, variants where some requirement needs them) are made
 * once and read by all oracles. Each requirement's first failure is then
 * shrunk with its source generator, for that requirement alone.
 */
async function runStream(
  ev: Evaluator,
  wanted: readonly RequirementId[],
  options: SuiteOptions,
  acc: Map<RequirementId, Accumulator>,
): Promise<void> {
  const stream = await drawStream(wanted, options);
  const firstFailure = new Map<RequirementId, DrawnCase>();
  for (let start = 0; start < stream.length && options.signal?.aborted !== true; start += CHUNK) {
    const chunk = stream.slice(start, start + CHUNK);
    const verdicts: Verdict[][] = new Array(chunk.length);
    await forEachConcurrent(
      chunk.map((d, i) => ({ d, i })),
      options.jobs,
      async ({ d, i }) => {
        if (options.signal?.aborted === true) return;
        // Metamorphic variants cost several runs each: they are made for the cases of their owner's generator only.
        const context = await contextFor(ev, d.case, wanted, 'case', wanted.includes(d.source) ? [d.source] : []);
        verdicts[i] = wanted.map((id) => ORACLES[id](context));
      },
    );
    for (const [i, vs] of verdicts.entries()) {
      if (vs === undefined) continue;
      for (const v of vs) {
        const a = acc.get(v.requirement) as Accumulator;
        a.runs += 1;
        recordVerdict(a.tally, v);
        if (v.status === 'failed' && a.firstFailureAt === null) {
          a.firstFailureAt = start + i + 1;
          firstFailure.set(v.requirement, chunk[i] as DrawnCase);
        }
      }
    }
    options.onProgress?.({
      done: Math.min(start + CHUNK, stream.length),
      total: stream.length,
      failed: firstFailure.size,
    });
    await yieldToEventLoop();
  }
  const shares = sharesOf(wanted, options.cases);
  for (const [id, d] of firstFailure) {
    if (options.signal?.aborted === true) break;
    const a = acc.get(id) as Accumulator;
    const params = { seed: options.seed, numRuns: shares.get(d.source) ?? 1, path: String(d.index) };
    a.counterexample = await shrinkFailure(ev, id, arbitraryFor(d.source), params, options, a);
  }
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
    return (await judgeCase(ev, c, id, 'shrink')).verdict.status !== 'failed';
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
      const { verdict } = await judgeCase(ev, candidate, id, 'shrink');
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
  const { verdict } = await judgeCase(ev, shrunk, id, 'shrink');
  return {
    origin: 'property',
    case: shrunk,
    verdict,
    seed: details.seed,
    path: details.counterexamplePath ?? params.path,
    mounts: shrunk.spec.mounts.length,
  };
}
