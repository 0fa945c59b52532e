/**
 * The conformance run: the fixed example table, then one stream of generated
 * cases drawn in turn from each requirement's focused arbitrary, every case
 * judged by every selected requirement. Returns data; printing and exit codes
 * are the CLI's business.
 */
import fc from 'fast-check';
import type { Case } from '../model/case.js';
import type { RequirementId } from '../model/requirements.js';
import { requirementsFor } from '../oracles/dfs-vendor-claims.js';
import type { TargetInfo } from '../model/target.js';
import type { Counterexample, ExampleResult, RequirementResult, SuiteResult } from '../model/result.js';
import type { Verdict } from '../model/verdict.js';
import { arbitraryFor } from '../generators/index.js';
import { EXAMPLES } from '../generators/examples.js';
import { ORACLES } from '../oracles/index.js';
import { drawCases } from './draw.js';
import {
  caseRunsFor,
  contextFor,
  forEachConcurrent,
  targetRunsOf,
  yieldToEventLoop,
  type CaseRuns,
  type Evaluator,
} from './evaluate.js';
import { judgeDerived } from './derived.js';
import { caseJson } from '../model/case-json.js';
import { emptyTally, recordVerdict, settle, type Tally } from './tally.js';

/** Options of {@link runSuite}. */
export interface SuiteOptions {
  /** Generated cases in all, shared among the selected requirements' focused generators; each is judged by all. */
  cases: number;
  seed: number;
  jobs: number;
  /** Only these requirements (default: every one that applies to the target, see `requirementsFor`). */
  requirements?: readonly RequirementId[];
  signal?: AbortSignal;
  /** Called for each requirement at the end of the run. */
  onRequirement?: (r: RequirementResult) => void;
  /** Called once per requirement as soon as a case's verdicts show its first failure (before any shrinking). */
  onFirstFailure?: (id: RequirementId) => void;
  /** Called after each generated case is counted (progress output; the printer decides how often to print). */
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
  const wanted = options.requirements ?? requirementsFor(ev.subject.target.info);
  const acc = new Map<RequirementId, Accumulator>(
    wanted.map((id) => [
      id,
      { tally: emptyTally(), runs: 0, counterexample: null, shrinkSteps: 0, firstFailureAt: null },
    ]),
  );
  const aborted = (): boolean => options.signal?.aborted === true;

  // Case JSON keys already judged, so a run derived from several cases (or equal to one) is judged once.
  const judged = new Set<string>();
  const examples = await runExamples(ev, wanted, options, acc, judged);
  if (!aborted()) await runStream(ev, wanted, options, acc, judged);
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
      knownBugs: [...a.tally.knownBugs].map(([bug, k]) => ({ id: bug, ...k })),
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
  options: SuiteOptions,
  acc: Map<RequirementId, Accumulator>,
  judged: Set<string>,
): Promise<ExampleResult[]> {
  const out: (ExampleResult & { runs: CaseRuns })[] = [];
  // Pod rows run only when a pod requirement is selected: skipping those gives a single-container run, for a
  // target that cannot run pods (sim-runsc speaks only `run`).
  const withPods = wanted.some((id) => id.startsWith('DFS-POD-'));
  const examples = EXAMPLES.filter((ex) => withPods || ex.case.pod === undefined);
  await forEachConcurrent(examples, options.jobs, async (ex) => {
    // Like a stream case, an example gets the metamorphic variants of the requirement it was written for.
    const owners = wanted.includes(ex.requirement) ? [ex.requirement] : [];
    const runs = await caseRunsFor(ev, ex.case, wanted, 'case', owners);
    announceFailures(runs.verdicts, options);
    const verdicts = runs.verdicts;
    out.push({ name: ex.name, requirement: ex.requirement, verdicts, runs });
  });
  out.sort((a, b) => a.name.localeCompare(b.name));
  for (const ex of out) judged.add(caseJson(ex.runs.context.case));
  for (const ex of out) {
    for (const v of ex.verdicts) {
      const a = acc.get(v.requirement) as Accumulator;
      a.runs += 1;
      recordVerdict(a.tally, v);
      const source = EXAMPLES.find((e) => e.name === ex.name);
      if (v.status === 'failed' && v.knownBug === undefined && a.counterexample === null && source !== undefined) {
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
    // The runs made for an example (paired, variants) count as cases too; they only add to the tallies.
    for (const j of await judgeDerived(ev, ex.runs.derived, wanted, judged)) {
      for (const v of j.verdicts) {
        const a = acc.get(v.requirement) as Accumulator;
        a.runs += 1;
        recordVerdict(a.tally, v);
        if (v.status === 'failed' && a.counterexample === null) {
          a.counterexample = {
            origin: `example:${ex.name} (a run derived from it: its paired or metamorphic variant)`,
            case: j.case,
            verdict: v,
            seed: null,
            path: null,
            mounts: j.case.spec.mounts.length,
          };
        }
      }
    }
  }
  return out.map(({ name, requirement, verdicts }) => ({ name, requirement, verdicts }));
}

/** Failed requirements already announced to `onFirstFailure`, per options object. */
const ANNOUNCED = new WeakMap<SuiteOptions, Set<RequirementId>>();

/** Calls `options.onFirstFailure` for each requirement failing among `verdicts` for the first time. */
function announceFailures(verdicts: readonly Verdict[], options: SuiteOptions): void {
  if (options.onFirstFailure === undefined) return;
  let seen = ANNOUNCED.get(options);
  if (seen === undefined) ANNOUNCED.set(options, (seen = new Set()));
  for (const v of verdicts) {
    if (v.status !== 'failed' || seen.has(v.requirement)) continue;
    seen.add(v.requirement);
    options.onFirstFailure(v.requirement);
  }
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
 * case, and every run made for it, is judged by every requirement, so most of
 * the stream goes to DFS-OPT-OUT's generator: its cases (and their paired runs
 * and metamorphic variants) also carry keep hints, invalid values and often a
 * rootfs opt-out, and so feed nearly every oracle at once. The other shares
 * keep, for the requirements few other cases inform (only --directfs=false
 * cases judge DFS-GLOBAL-OFF, only cases without keys DFS-DEFAULT-UNCHANGED,
 * only invalid rootfs values DFS-ROOTFS-ERRORS), at least half the mounts
 * (start verdicts for those judged on start) they had when each drew 100
 * cases of its own, and give every generator a few cases of its own shape
 * (`scripts/bench-coverage.mjs` checks the mounts, and prints the runs). A
 * pod run (create, start and wait per container) costs about three
 * single-container runs on runsc (660 against 220 ms), so each pod generator
 * draws one share.
 */
const STREAM_WEIGHTS = {
  'DFS-OPT-OUT': 20,
  'DFS-KEEP': 2,
  'DFS-ONLY-TOKEN': 1,
  'DFS-GLOBAL-OFF': 2,
  'DFS-NON-GOFER': 1,
  'DFS-ROOTFS-OPT-OUT': 1,
  'DFS-ROOTFS-ERRORS': 7,
  'DFS-MOUNT-INVALID-VALUE': 1,
  'DFS-WORKLOAD': 1,
  'DFS-APP-EQUIV': 1,
  'DFS-DEFAULT-UNCHANGED': 4,
  'DFS-HINT-GRAMMAR': 1,
  'DFS-POD-HINTS': 1,
  'DFS-POD-START': 1,
  'DFS-VENDOR-OPT-OUT': 4,
  'DFS-VENDOR-KEEP': 2,
} as const satisfies Record<RequirementId, number>;

/**
 * Requirements every relation of which only adds or changes directfs keys
 * (DFS-KEEP: default-for-absent), so that a variant's paired run is its case's
 * (`src/runner/suite.test.ts` holds them to it).
 */
export const PAIRED_SHARING_OWNERS: readonly RequirementId[] = ['DFS-KEEP'];

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

/** A requirement's first failure: the stream case, and the derived case that failed when it was not the case itself. */
interface FirstFailure {
  drawn: DrawnCase;
  derived: Case | null;
}

/**
 * Judges every generated case by every selected requirement: the case's runs
 * (paired, reference, variants where some requirement needs them) are made
 * once and read by all oracles, and the paired and variant runs are then
 * judged as cases of their own by every requirement they fully inform
 * (src/runner/derived.ts). Each requirement's first failure is then shrunk
 * with its source generator, for that requirement alone.
 *
 * Cases run --jobs at a time, and are counted in stream order as soon as
 * every case before them is: so the counts, the first failures and the
 * derived runs judged do not depend on --jobs or on timing, no case waits
 * for a batch to finish, and only the cases still waiting to be counted are
 * held in memory (on the simulator, judging in batches of 256 kept so much
 * alive that copying it made up a third of the garbage collector's time).
 */
async function runStream(
  ev: Evaluator,
  wanted: readonly RequirementId[],
  options: SuiteOptions,
  acc: Map<RequirementId, Accumulator>,
  judged: Set<string>,
): Promise<void> {
  // A counted case is let go, and with it what is memoised per case object (contract, JSON, variants), so a
  // long run's memory does not grow with every case it has judged.
  const stream: (DrawnCase | undefined)[] = await drawStream(wanted, options);
  const total = stream.length;
  const firstFailure = new Map<RequirementId, FirstFailure>();
  const count = async (i: number, r: CaseRuns): Promise<void> => {
    judged.add(caseJson(r.context.case));
    const add = (verdicts: readonly Verdict[], derived: Case | null): void => {
      for (const v of verdicts) {
        const a = acc.get(v.requirement) as Accumulator;
        a.runs += 1;
        recordVerdict(a.tally, v);
        if (v.status === 'failed' && v.knownBug === undefined && a.firstFailureAt === null) {
          a.firstFailureAt = i + 1;
          firstFailure.set(v.requirement, { drawn: stream[i] as DrawnCase, derived });
        }
      }
    };
    add(r.verdicts, null);
    for (const j of await judgeDerived(ev, r.derived, wanted, judged)) add(j.verdicts, j.case);
  };
  // Runs finished out of order wait here, by stream index, until every earlier case is counted.
  const waiting = new Map<number, CaseRuns | null>();
  let next = 0;
  let counting: Promise<void> = Promise.resolve();
  const countReady = async (): Promise<void> => {
    while (waiting.has(next)) {
      const r = waiting.get(next);
      waiting.delete(next);
      if (r !== null && r !== undefined) await count(next, r);
      stream[next] = undefined;
      next += 1;
      if (options.signal?.aborted !== true) options.onProgress?.({ done: next, total, failed: firstFailure.size });
    }
  };
  await forEachConcurrent(
    Array.from({ length: total }, (_, i) => i),
    options.jobs,
    async (i) => {
      const d = stream[i] as DrawnCase;
      let runs: CaseRuns | null = null;
      if (options.signal?.aborted !== true) {
        // Metamorphic variants cost several runs each: they are made for the cases of their owner's generator only.
        runs = await caseRunsFor(ev, d.case, wanted, 'case', ownersOf(d, wanted));
        announceFailures(runs.verdicts, options);
      }
      waiting.set(i, runs);
      counting = counting.then(countReady);
      await counting;
    },
  );
  const shares = sharesOf(wanted, options.cases);
  for (const [id, f] of firstFailure) {
    if (options.signal?.aborted === true) break;
    const a = acc.get(id) as Accumulator;
    const d = f.drawn;
    const params = { seed: options.seed, numRuns: shares.get(d.source) ?? 1, path: String(d.index) };
    const shrink = { id, owners: ownersOf(d, wanted), derived: f.derived };
    a.counterexample = await shrinkFailure(ev, shrink, arbitraryFor(d.source), params, options, a);
  }
}

/**
 * The requirements whose metamorphic variants a stream case gets: its source
 * generator's, when selected, and those of {@link PAIRED_SHARING_OWNERS} for
 * every case: their variants differ from the case only in directfs keys, so
 * they share its paired run and cost one target run each, judged by every
 * requirement with a full context.
 */
export function ownersOf(d: { source: RequirementId }, wanted: readonly RequirementId[]): RequirementId[] {
  const owners = wanted.includes(d.source) ? [d.source] : [];
  for (const id of PAIRED_SHARING_OWNERS) if (wanted.includes(id) && !owners.includes(id)) owners.push(id);
  return owners;
}

/**
 * The case that fails `t.id` among `c` and, when the stream's failure was a
 * derived run, the runs derived from `c` (with the variants of `t.owners`):
 * `c` itself first, with its verdict; null when none fails.
 */
async function failingCaseOf(
  ev: Evaluator,
  c: Case,
  t: ShrinkTarget,
): Promise<{ case: Case; verdict: Verdict } | null> {
  const owners = t.derived === null ? [t.id] : [...new Set([t.id, ...t.owners])];
  const only = [t.id];
  const runs = await caseRunsFor(ev, c, only, 'shrink', owners);
  const own = runs.verdicts[0] as Verdict;
  if (own.status === 'failed') return { case: c, verdict: own };
  if (t.derived === null) return null;
  for (const j of await judgeDerived(ev, runs.derived, only, new Set([caseJson(c)]))) {
    const v = j.verdicts[0] as Verdict;
    if (v.status === 'failed') return { case: j.case, verdict: v };
  }
  return null;
}

/** What is shrunk: the failing requirement, the variant owners of its stream case, the derived case that failed. */
interface ShrinkTarget {
  id: RequirementId;
  owners: readonly RequirementId[];
  derived: Case | null;
}

/** Predicate of a shrinking pass: neither the case nor its derived runs fail `t.id` on `ev`. */
function holdsOn(ev: Evaluator, t: ShrinkTarget, a: Accumulator, signal?: AbortSignal): (c: Case) => Promise<boolean> {
  return async (c) => {
    if (signal?.aborted === true) return true;
    a.shrinkSteps += 1;
    if (a.shrinkSteps % 32 === 0) await yieldToEventLoop();
    return (await failingCaseOf(ev, c, t)) === null;
  };
}

/**
 * Shrinks the failing run at `params.path`. When a simulator evaluator is
 * given and it reproduces the failure, shrinking runs there (fast) and the
 * result is confirmed on the target; otherwise every candidate runs on the
 * target, within a time budget. The counterexample is the case that fails:
 * the shrunk stream case, or the paired or variant case of it that failed.
 */
async function shrinkFailure(
  ev: Evaluator,
  t: ShrinkTarget,
  arb: fc.Arbitrary<Case>,
  params: { seed: number; numRuns: number; path: string },
  options: SuiteOptions,
  a: Accumulator,
): Promise<Counterexample> {
  const failing = (details: fc.RunDetails<[Case]>): Case | null =>
    details.failed && details.counterexample !== null ? details.counterexample[0] : null;
  const counterexample = (
    origin: string,
    found: { case: Case; verdict: Verdict },
    seed: number,
    path: string | null,
  ) => ({
    origin,
    case: found.case,
    verdict: found.verdict,
    seed,
    path,
    mounts: found.case.spec.mounts.length,
  });
  const derivedNote = (found: { case: Case }, shrunk: Case): string =>
    found.case === shrunk ? '' : ' (a run derived from the shrunk case: its paired or metamorphic variant)';
  if (options.preShrink !== undefined) {
    const sim = options.preShrink;
    const simDetails = await fc.check(fc.asyncProperty(arb, holdsOn(sim, t, a, options.signal)), params);
    const candidate = failing(simDetails);
    if (candidate !== null) {
      const found = await failingCaseOf(ev, candidate, t);
      if (found !== null) {
        const origin = `property (shrunk on the simulator, confirmed on the target)${derivedNote(found, candidate)}`;
        return counterexample(origin, found, simDetails.seed, simDetails.counterexamplePath);
      }
    }
  }
  const details = await fc.check(fc.asyncProperty(arb, holdsOn(ev, t, a, options.signal)), {
    ...params,
    interruptAfterTimeLimit: options.shrinkBudgetMs ?? 300_000,
  });
  const shrunk =
    failing(details) ?? ((await fc.sample(arb, { seed: params.seed, path: params.path, numRuns: 1 }))[0] as Case);
  const path = details.counterexamplePath ?? params.path;
  const found = await failingCaseOf(ev, shrunk, t);
  if (found !== null) return counterexample(`property${derivedNote(found, shrunk)}`, found, details.seed, path);
  // Not reproduced (a nondeterministic target): the stream's own failing case, as it was judged there.
  const own = { case: t.derived ?? shrunk, verdict: await contextVerdict(ev, t.derived ?? shrunk, t.id) };
  return counterexample('property', own, details.seed, path);
}

/** The verdict of `id` on `c` alone (its own context). */
async function contextVerdict(ev: Evaluator, c: Case, id: RequirementId): Promise<Verdict> {
  return ORACLES[id](await contextFor(ev, c, [id], 'shrink'));
}
