/**
 * The search loop: until the time is up or the run is interrupted, draw a
 * case (fresh, or, when guided, a mutant of a corpus case about half the
 * time), judge it by every requirement, keep it when its behaviour is new,
 * and hand each finding not seen before to `onFinding`.
 */
import type { Case } from '../model/case.js';
import type { Observation } from '../model/observation.js';
import { REQUIREMENT_IDS } from '../model/requirements.js';
import type { Verdict } from '../model/verdict.js';
import { ORACLES } from '../oracles/index.js';
import { contextFor, yieldToEventLoop, type Evaluator } from '../runner/evaluate.js';
import { pickOne, seededRng } from './case-edits.js';
import { findingsOf, findingSignature, type Finding } from './finding.js';
import { freshCases } from './fresh.js';
import { mutateCase } from './mutate.js';
import type { FuzzCounts } from './progress.js';
import { cellsOf } from './cells.js';
import { shardSeed, WHOLE, type Shard } from './shard.js';
import { behaviourSignature } from './signature.js';
import { countCells, type CellCounts } from './stats.js';

/** Options of {@link fuzz}. */
export interface FuzzOptions {
  durationMs: number;
  seed: number;
  /** The part of the search this run covers (default the whole). */
  shard?: Shard;
  jobs: number;
  /** False for the pure-random baseline (`--no-guidance`). */
  guided: boolean;
  signal: AbortSignal;
  /** A case whose behaviour was not seen before, with its signature. */
  onNewBehaviour?(c: Case, signature: string): void;
  /** A finding whose (unshrunk) signature was not seen before in this run; awaited before the next case. */
  onFinding?(f: Finding): Promise<void>;
  onProgress?(counts: FuzzCounts, elapsedMs: number): void;
  now?: () => number;
}

/** Distinct behaviours seen by an elapsed time. */
export interface TimelinePoint {
  elapsedMs: number;
  cases: number;
  behaviours: number;
}

/** What a search did. */
export interface FuzzSummary extends FuzzCounts {
  elapsedMs: number;
  mutated: number;
  interrupted: boolean;
  timeline: TimelinePoint[];
  /** Cases per statistics cell. */
  cells: CellCounts;
  /** Every distinct behaviour signature, sorted (what merging shards unions). */
  signatures: string[];
}

/** How many of the newest corpus entries half of the mutations start from. */
const RECENT_PARENTS = 32;

/** How often the timeline records the behaviour count. */
const TIMELINE_EVERY_MS = 5_000;

/** Judges `c` by every requirement. */
export async function judgeEvery(ev: Evaluator, c: Case): Promise<{ obs: Observation; verdicts: Verdict[] }> {
  const ctx = await contextFor(ev, c, REQUIREMENT_IDS);
  return { obs: ctx.obs, verdicts: REQUIREMENT_IDS.map((id) => ORACLES[id](ctx)) };
}

/** Runs the search on `ev` (see the file comment). */
export async function fuzz(ev: Evaluator, options: FuzzOptions): Promise<FuzzSummary> {
  const now = options.now ?? Date.now;
  const started = now();
  const deadline = started + options.durationMs;
  const shard = options.shard ?? WHOLE;
  const rng = seededRng(shardSeed(options.seed, shard));
  const fresh = freshCases(options.seed, shard);
  const corpus: Case[] = [];
  const cells: CellCounts = {};
  /** Each corpus entry's statistics cells, by index. */
  const corpusCells: string[][] = [];
  const behaviours = new Set<string>();
  const findings = new Set<string>();
  const counts: FuzzCounts = { cases: 0, behaviours: 0, failures: 0, crashes: 0, hangs: 0 };
  const timeline: TimelinePoint[] = [{ elapsedMs: 0, cases: 0, behaviours: 0 }];
  let mutated = 0;
  let findingChain: Promise<void> = Promise.resolve();
  const live = (): boolean => !options.signal.aborted && now() < deadline;

  /** How rare an entry's rarest cell is so far (fewer cases: a better parent). */
  const rarity = (i: number): number => Math.min(...(corpusCells[i] ?? []).map((k) => cells[k] ?? 0));
  // Half the parents come from the newest entries: a case that just showed a new behaviour sits next to more.
  // The other half: the entry with the rarest cell of three drawn, so mutation leans toward under-covered cells.
  const pickParent = (): Case => {
    const recent = Math.min(corpus.length, RECENT_PARENTS);
    if (rng.int(2) === 0) return corpus[corpus.length - 1 - rng.int(recent)] as Case;
    const drawn = [rng.int(corpus.length), rng.int(corpus.length), rng.int(corpus.length)];
    const best = drawn.reduce((a, b) => (rarity(b) < rarity(a) ? b : a));
    return corpus[best] as Case;
  };

  const nextCase = (): Case => {
    if (options.guided && corpus.length > 0 && rng.int(2) === 0) {
      const m = mutateCase(pickParent(), rng);
      if (m !== null) {
        mutated++;
        return m;
      }
    }
    return fresh();
  };

  const record = (c: Case, obs: Observation, verdicts: Verdict[]): void => {
    counts.cases++;
    const caseCells = cellsOf(c, obs);
    countCells(cells, caseCells);
    const sig = behaviourSignature(obs);
    if (!behaviours.has(sig)) {
      behaviours.add(sig);
      counts.behaviours = behaviours.size;
      corpus.push(c);
      corpusCells.push(caseCells);
      options.onNewBehaviour?.(c, sig);
    }
    for (const f of findingsOf(c, obs, verdicts)) {
      const key = findingSignature(f);
      if (findings.has(key)) continue;
      findings.add(key);
      if (f.kind === 'failure') counts.failures++;
      else if (f.kind === 'crash') counts.crashes++;
      else counts.hangs++;
      const handle = options.onFinding;
      if (handle !== undefined) findingChain = findingChain.then(() => handle(f));
    }
    const elapsed = now() - started;
    const lastPoint = timeline.at(-1) as TimelinePoint;
    if (elapsed - lastPoint.elapsedMs >= TIMELINE_EVERY_MS) {
      timeline.push({ elapsedMs: elapsed, cases: counts.cases, behaviours: counts.behaviours });
    }
    options.onProgress?.(counts, elapsed);
  };

  const worker = async (): Promise<void> => {
    while (live()) {
      const c = nextCase();
      let judged: { obs: Observation; verdicts: Verdict[] };
      try {
        judged = await judgeEvery(ev, c);
      } catch (e) {
        if (options.signal.aborted) return;
        throw e;
      }
      if (options.signal.aborted) return;
      record(c, judged.obs, judged.verdicts);
      await findingChain;
      await yieldToEventLoop();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.jobs) }, worker));
  await findingChain;
  const elapsedMs = now() - started;
  const end = { elapsedMs, cases: counts.cases, behaviours: counts.behaviours };
  // The last periodic point, when it is under a second old, is replaced by the end point rather than repeated.
  if (timeline.length > 1 && elapsedMs - (timeline.at(-1) as TimelinePoint).elapsedMs < 1_000) timeline.pop();
  timeline.push(end);
  return {
    ...counts,
    elapsedMs,
    mutated,
    interrupted: options.signal.aborted,
    timeline,
    cells,
    signatures: [...behaviours].sort(),
  };
}
