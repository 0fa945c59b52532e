/**
 * Merging the results of shards into one report: cases summed, behaviours
 * unioned, cell counts added, findings deduplicated by signature (new when
 * any shard stored it new, known when any shard knew it). Pure: values in,
 * a value out; `merge` copies the finding directories.
 */
import { UsageError } from '../model/errors.js';
import type { FuzzResults, ResultFinding } from './results.js';
import { formatShard } from './shard.js';
import { addCellCounts, statisticsOf, type CellCounts } from './stats.js';

/** One input of a merge: its file (for messages) and its results. */
export interface MergeInput {
  file: string;
  results: FuzzResults;
}

/** Each merged finding with the input it was first seen in (where its directory is copied from). */
export interface MergedFinding {
  finding: ResultFinding;
  from: MergeInput;
}

/** The findings of `inputs`, one per signature, in first-seen order. */
export function mergeFindings(inputs: readonly MergeInput[]): MergedFinding[] {
  const bySignature = new Map<string, MergedFinding>();
  for (const input of inputs) {
    for (const f of input.results.findings) {
      const seen = bySignature.get(f.signature);
      if (seen === undefined) bySignature.set(f.signature, { finding: { ...f }, from: input });
      else {
        seen.finding.new ||= f.new;
        seen.finding.known ||= f.known;
      }
    }
  }
  return [...bySignature.values()];
}

/**
 * The merged results; `findingsDir` and `dirOf` say where the merged finding
 * directories are. A one-line UsageError for inputs that are not shards of
 * one search on one target, or that repeat a shard.
 */
export function mergeResults(
  inputs: readonly MergeInput[],
  findingsDir: string | null,
  dirOf: (f: ResultFinding) => string,
): FuzzResults {
  const first = inputs[0];
  if (first === undefined) throw new UsageError('merge needs at least one RESULT.json');
  const shards = new Set<string>();
  for (const { file, results } of inputs) {
    if (results.target.id !== first.results.target.id) {
      throw new UsageError(`${file}: target ${results.target.id}, but ${first.file} has ${first.results.target.id}`);
    }
    for (const s of results.shards) {
      const key = `${results.seed} ${formatShard(s)}`;
      if (shards.has(key)) throw new UsageError(`${file}: shard ${formatShard(s)} of seed ${results.seed} given twice`);
      shards.add(key);
    }
  }
  const all = inputs.map((i) => i.results);
  const sum = (f: (r: FuzzResults) => number): number => all.reduce((n, r) => n + f(r), 0);
  const signatures = [...new Set(all.flatMap((r) => r.behaviourSignatures))].sort();
  const cells: CellCounts = {};
  for (const r of all) addCellCounts(cells, r.statistics.cells);
  const findings = mergeFindings(inputs).map((m) => ({ ...m.finding, dir: dirOf(m.finding) }));
  const count = (kind: string): number => findings.filter((f) => f.kind === kind).length;
  return {
    schema: 1,
    command: 'merge',
    target: first.results.target,
    seed: first.results.seed,
    shards: all.flatMap((r) => r.shards),
    guided: all.every((r) => r.guided),
    interrupted: all.some((r) => r.interrupted),
    elapsedMs: Math.max(...all.map((r) => r.elapsedMs)),
    cases: sum((r) => r.cases),
    mutated: sum((r) => r.mutated),
    behaviours: signatures.length,
    behaviourSignatures: signatures,
    timelines: all.flatMap((r) => r.timelines),
    counts: { failures: count('failure'), crashes: count('crash'), hangs: count('hang') },
    statistics: statisticsOf(cells),
    findingsDir,
    findings,
  };
}
