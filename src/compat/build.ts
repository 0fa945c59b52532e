/**
 * Building the compatibility report from each target's capabilities and
 * suite result (pure): the cells, the expected divergences applied, failures
 * first, the portability notes and the exit code.
 */
import { REQUIREMENTS, REQUIREMENT_IDS, type RequirementId } from '../model/requirements.js';
import type { RequirementResult, SuiteResult } from '../model/result.js';
import type { TargetInfo } from '../model/target.js';
import type { Capabilities } from '../capabilities/capabilities.js';
import type { Applicability } from './applicability.js';
import { explainFailure } from './explain.js';
import { findExpected, isExpired, type ExpectedDivergence } from './expected.js';
import { CELL_STATUSES, type CellStatus, type CompatCell, type CompatReport, type CompatRow } from './model.js';
import { portabilityNotes } from './notes.js';

/** What the report knows about one target after its run. */
export interface TargetOutcome {
  info: TargetInfo;
  capabilities: Capabilities;
  applicability: Applicability;
  /** The suite's result; null when no requirement applied, so nothing ran. */
  result: SuiteResult | null;
  /** Requirement → replay command of its stored reproducer. */
  replays: ReadonlyMap<RequirementId, string>;
  /** The run was interrupted on or before this target. */
  interrupted: boolean;
}

/** Run-wide facts of the report. */
export interface ReportContext {
  seed: number;
  cases: number;
  /** Today, UTC, `YYYY-MM-DD`: divergence entries expire after their day. */
  date: string;
  /** Targets given but never reached (the run was interrupted before them). */
  notRun?: readonly string[];
}

function judgedCell(
  t: TargetOutcome,
  r: RequirementResult,
  expected: readonly ExpectedDivergence[],
  date: string,
  used: Set<ExpectedDivergence>,
): CompatCell {
  const base = { runs: r.runs, observedMounts: r.observedMounts };
  if (r.status !== 'failed') {
    const known = (r.knownBugs ?? []).map((b) => `${b.id} (${b.cases} case(s))`);
    const knownNote =
      known.length === 0 ? null : `failures matching known upstream bugs, not counted: ${known.join(', ')}`;
    const note = r.status === 'passed' ? knownNote : r.reason;
    return { ...base, status: r.status, note, replay: null, expected: null };
  }
  const note = explainFailure(r, t.capabilities);
  const replay = t.replays.get(r.id) ?? null;
  const entry = findExpected(expected, r.id, t.info.id, date);
  if (entry === undefined) return { ...base, status: 'failed', note, replay, expected: null };
  used.add(entry);
  const expired = isExpired(entry, date);
  const expectation = { reason: entry.reason, expires: entry.expires, expired };
  if (!expired) return { ...base, status: 'expected', note, replay, expected: expectation };
  const lead = `expected divergence expired on ${entry.expires} (${entry.reason}); `;
  return { ...base, status: 'failed', note: `${lead}${note}`, replay, expected: expectation };
}

function cellOf(
  t: TargetOutcome,
  id: RequirementId,
  expected: readonly ExpectedDivergence[],
  date: string,
  used: Set<ExpectedDivergence>,
): CompatCell {
  const empty = { runs: 0, observedMounts: 0, replay: null, expected: null };
  if (!t.applicability.judged.includes(id)) {
    return { ...empty, status: 'not-applicable', note: t.applicability.notApplicable };
  }
  const r = t.result?.requirements.find((q) => q.id === id);
  if (r === undefined) return { ...empty, status: 'indeterminate', note: 'not judged: the run ended before it' };
  return judgedCell(t, r, expected, date, used);
}

function rank(row: CompatRow): number {
  return Math.min(...Object.values(row.results).map((s) => CELL_STATUSES.indexOf(s)));
}

function decideExit(report: Omit<CompatReport, 'gate'>): CompatReport['gate'] {
  const failed = report.failures.map((f) => `${f.requirement} on ${f.target}`);
  if (failed.length > 0) return { exitCode: 1, summary: `FAILED: ${failed.join(', ')}` };
  const interrupted = report.targets.filter((t) => t.interrupted).map((t) => t.id);
  const notRun = report.notRun.length === 0 ? '' : `; not run: ${report.notRun.join(', ')}`;
  if (interrupted.length > 0 || notRun !== '') {
    return { exitCode: 3, summary: `INCOMPLETE: interrupted on ${interrupted.join(', ') || 'start'}${notRun}` };
  }
  if (report.summary.indeterminate > 0) {
    return {
      exitCode: 3,
      summary: `INCOMPLETE: ${report.summary.indeterminate} cell(s) indeterminate (timed out or crashed)`,
    };
  }
  const idle = report.targets.filter((t) =>
    report.matrix.every((row) => !['passed', 'expected', 'failed'].includes(row.results[t.id] as CellStatus)),
  );
  if (idle.length > 0)
    return { exitCode: 3, summary: `INCOMPLETE: nothing judged on ${idle.map((t) => t.id).join(', ')}` };
  const expected = report.summary.expected > 0 ? ` (${report.summary.expected} expected divergence(s))` : '';
  return { exitCode: 0, summary: `PASSED: every judged requirement passed on every target${expected}` };
}

/** The report of `outcomes` (one per target, in column order) with the divergence entries applied. */
export function buildCompatReport(
  outcomes: readonly TargetOutcome[],
  expected: readonly ExpectedDivergence[],
  ctx: ReportContext,
): CompatReport {
  const used = new Set<ExpectedDivergence>();
  const rows: CompatRow[] = REQUIREMENT_IDS.map((id) => {
    const cells: Record<string, CompatCell> = {};
    for (const t of outcomes) cells[t.info.id] = cellOf(t, id, expected, ctx.date, used);
    const results = Object.fromEntries(Object.entries(cells).map(([k, c]) => [k, c.status]));
    return { requirement: id, sentence: REQUIREMENTS[id], results, cells };
  });
  const matrix = rows.map((row, i) => ({ row, i })).sort((a, b) => rank(a.row) - rank(b.row) || a.i - b.i);
  const summary = Object.fromEntries(CELL_STATUSES.map((s) => [s, 0])) as Record<CellStatus, number>;
  for (const row of rows) for (const s of Object.values(row.results)) summary[s] += 1;
  const failures = rows.flatMap((row) =>
    Object.entries(row.cells)
      .filter(([, c]) => c.status === 'failed')
      .map(([target, c]) => ({ requirement: row.requirement, target, note: c.note ?? '', replay: c.replay })),
  );
  const partial = {
    schema: 1 as const,
    date: ctx.date,
    seed: ctx.seed,
    cases: ctx.cases,
    targets: outcomes.map((t) => ({
      id: t.info.id,
      kind: t.info.kind,
      path: t.info.path,
      version: t.info.version,
      capabilities: t.capabilities,
      judged: t.applicability.judged,
      interrupted: t.interrupted || (t.result?.interrupted ?? false),
      targetRuns: t.result?.targetRuns ?? { case: 0, paired: 0, reference: 0, variant: 0, shrink: 0 },
      wallMs: t.result?.wallMs ?? 0,
    })),
    matrix: matrix.map((m) => m.row),
    failures,
    notes: portabilityNotes(outcomes.map((t) => ({ info: t.info, capabilities: t.capabilities }))),
    expected: expected.map((e) => ({ ...e, expired: isExpired(e, ctx.date), used: used.has(e) })),
    summary,
    notRun: [...(ctx.notRun ?? [])],
  };
  return { ...partial, gate: decideExit(partial) };
}
