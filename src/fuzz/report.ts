/** The fuzzer's end-of-run report: text for the terminal and the results JSON (`--json`). */
import type { TargetInfo } from '../model/target.js';
import type { FuzzSummary } from './loop.js';
import type { FuzzResults } from './results.js';
import { formatShard, type Shard } from './shard.js';
import { formatStatistics, statisticsOf } from './stats.js';
import type { StoredFinding } from './store.js';

/** A stored finding, whether this run was the first to store it, and whether the checked-in corpus knows it. */
export interface ReportedFinding {
  finding: StoredFinding;
  dir: string;
  isNew: boolean;
  known: boolean;
}

/** How the search ran: its target, seed, shard and mode. */
export interface SearchSetup {
  target: TargetInfo;
  seed: number;
  shard: Shard;
  guided: boolean;
}

function secondsOf(ms: number): string {
  return `${Math.round(ms / 1000)}s`;
}

/** `new`, `known` (the checked-in corpus has it) or `stored` (already in the findings directory). */
function stateOf(r: { isNew: boolean; known: boolean }): string {
  return r.known ? 'known' : r.isNew ? 'new' : 'stored';
}

/** The summary printed at the end: counts, behaviours over time, statistics, each finding with its directory. */
export function formatFuzzReport(s: FuzzSummary, findings: readonly ReportedFinding[], setup: SearchSetup): string {
  const shard = setup.shard.count > 1 ? `, shard ${formatShard(setup.shard)}` : '';
  const lines = [
    `fuzz ${setup.target.id} (seed ${setup.seed}${shard}, ${setup.guided ? 'guided' : 'unguided'}): ` +
      `${s.cases} cases in ${secondsOf(s.elapsedMs)}` +
      `${setup.guided ? `, ${s.mutated} mutated` : ''}${s.interrupted ? ', interrupted' : ''}`,
    `distinct behaviours: ${s.behaviours}`,
    `behaviours over time: ${s.timeline.map((p) => `${secondsOf(p.elapsedMs)}:${p.behaviours}`).join(' ')}`,
    `findings: ${s.failures} failure(s), ${s.crashes} crash(es), ${s.hangs} hang(s); ` +
      `${findings.filter((f) => f.isNew && !f.known).length} new, ${findings.filter((f) => f.known).length} known`,
  ];
  for (const r of findings) {
    const f = r.finding;
    lines.push(`  ${stateOf(r).padEnd(6)} ${f.kind} ${f.requirement ?? ''} ${f.reproduced}`.replace(/(\S) +/g, '$1 '));
    lines.push(`         ${r.dir}/repro.sh`);
  }
  return `${lines.join('\n')}\n${formatStatistics(statisticsOf(s.cells))}`;
}

/** The results JSON of one search; `findingsDir` is relative to the JSON file's directory. */
export function fuzzResultsJson(
  s: FuzzSummary,
  findings: readonly ReportedFinding[],
  setup: SearchSetup,
  findingsDir: string | null,
): FuzzResults {
  return {
    schema: 1,
    command: 'fuzz',
    target: { id: setup.target.id, version: setup.target.version },
    seed: setup.seed,
    shards: [setup.shard],
    guided: setup.guided,
    interrupted: s.interrupted,
    elapsedMs: s.elapsedMs,
    cases: s.cases,
    mutated: s.mutated,
    behaviours: s.behaviours,
    behaviourSignatures: s.signatures,
    timelines: [s.timeline],
    counts: { failures: s.failures, crashes: s.crashes, hangs: s.hangs },
    statistics: statisticsOf(s.cells),
    findingsDir,
    findings: findings.map((r) => ({
      signature: r.finding.signature,
      kind: r.finding.kind,
      requirement: r.finding.requirement,
      reproduced: r.finding.reproduced,
      shrinkAttempts: r.finding.shrinkAttempts,
      new: r.isNew && !r.known,
      known: r.known,
      dir: r.dir,
      detail: r.finding.verdict?.detail ?? r.finding.obs.error,
    })),
  };
}
