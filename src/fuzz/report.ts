/** The fuzzer's end-of-run report: text for the terminal and the JSON summary (`--json`). */
import type { TargetInfo } from '../model/target.js';
import type { FuzzSummary } from './loop.js';
import type { StoredFinding } from './store.js';

/** A stored finding and whether this run was the first to store it. */
export interface ReportedFinding {
  finding: StoredFinding;
  dir: string;
  isNew: boolean;
}

function secondsOf(ms: number): string {
  return `${Math.round(ms / 1000)}s`;
}

/** The summary printed at the end: counts, distinct behaviours over time, and each finding with its directory. */
export function formatFuzzReport(
  s: FuzzSummary,
  findings: readonly ReportedFinding[],
  targetId: string,
  seed: number,
  guided: boolean,
): string {
  const lines = [
    `fuzz ${targetId} (seed ${seed}, ${guided ? 'guided' : 'unguided'}): ${s.cases} cases in ${secondsOf(s.elapsedMs)}` +
      `${guided ? `, ${s.mutated} mutated` : ''}${s.interrupted ? ', interrupted' : ''}`,
    `distinct behaviours: ${s.behaviours}`,
    `behaviours over time: ${s.timeline.map((p) => `${secondsOf(p.elapsedMs)}:${p.behaviours}`).join(' ')}`,
    `findings: ${s.failures} failure(s), ${s.crashes} crash(es), ${s.hangs} hang(s); ` +
      `${findings.filter((f) => f.isNew).length} new reproducer(s)`,
  ];
  for (const r of findings) {
    const f = r.finding;
    lines.push(`  ${r.isNew ? 'new  ' : 'known'} ${f.kind} ${f.requirement ?? ''} ${f.reproduced}`.replace(/ +/g, ' '));
    lines.push(`        ${r.dir}/repro.sh`);
  }
  return `${lines.join('\n')}\n`;
}

/** The JSON summary of a search (schema 1). */
export function fuzzResultsJson(
  s: FuzzSummary,
  findings: readonly ReportedFinding[],
  target: TargetInfo,
  seed: number,
  guided: boolean,
): unknown {
  return {
    schema: 1,
    command: 'fuzz',
    target: { id: target.id, version: target.version },
    seed,
    guided,
    interrupted: s.interrupted,
    elapsedMs: s.elapsedMs,
    cases: s.cases,
    mutated: s.mutated,
    behaviours: s.behaviours,
    timeline: s.timeline,
    counts: { failures: s.failures, crashes: s.crashes, hangs: s.hangs },
    findings: findings.map((r) => ({
      signature: r.finding.signature,
      kind: r.finding.kind,
      requirement: r.finding.requirement,
      reproduced: r.finding.reproduced,
      shrinkAttempts: r.finding.shrinkAttempts,
      new: r.isNew,
      dir: r.dir,
      detail: r.finding.verdict?.detail ?? r.finding.obs.error,
    })),
  };
}
