/** Builds the results JSON (schema 1, DESIGN.md "CLI contract") from a SuiteResult. */
import type { Counterexample, GateDecision, SuiteResult } from '../model/result.js';
import { conclusiveVerdicts } from './text.js';
import { knownBugsOf, type KnownBugSeen } from './known-bugs.js';

/** The `counterexample` member of a requirement in the results JSON. */
export interface CounterexampleJson {
  origin: string;
  mounts: number;
  seed: number | null;
  path: string | null;
  detail: string;
  mount: string | null;
  expected: string | null;
  observed: string | null;
  case: unknown;
  replay: string;
}

/** The results JSON document. */
export interface ResultsJson {
  schema: 1;
  target: { id: string; kind: string; path: string | null; version: string; probe?: string };
  reference: { id: string; version: string } | null;
  seed: number;
  cases: number;
  requirements: {
    id: string;
    status: string;
    runs: number;
    observedMounts: number;
    counts: Record<string, number>;
    /** Why the requirement ended neither passed nor failed; null when it did. */
    reason: string | null;
    /** It ended not-applicable or unobservable and the user allowed that (--allow-unjudged). */
    allowedUnjudged: boolean;
    failureKinds: string[];
    counterexample: CounterexampleJson | null;
    /** Expected failures: known upstream bugs this requirement met (not counted as failures). */
    knownBugs: { id: string; cases: number; example: string }[];
  }[];
  /** Every known upstream bug the run met, with its reproducer (src/reports/known-bugs.ts). */
  knownBugs: KnownBugSeen[];
  examples: { name: string; requirement: string; results: Record<string, string> }[];
  summary: { passed: number; failed: number; unobservable: number; notApplicable: number; indeterminate: number };
  interrupted: boolean;
  /** Target runs by kind (case, paired, reference, variant, shrink) and their total. */
  targetRuns: Record<string, number>;
  /** Passed plus failed verdicts over all requirements, per target run (null when there was none). */
  conclusivePerRun: number | null;
  /** The gate's decision: the exit code and its one-line reason. */
  gate: { exitCode: number; summary: string };
  wallMs: number;
}

/** Command line that replays a stored counterexample file on the same target. */
export function replayCommand(targetId: string, file: string): string {
  return `npx directfs-conformance replay ${file} --target ${targetId}`;
}

function counterexampleJson(c: Counterexample, targetId: string, file: string): CounterexampleJson {
  return {
    origin: c.origin,
    mounts: c.mounts,
    seed: c.seed,
    path: c.path,
    detail: c.verdict.detail,
    mount: c.verdict.mount ?? null,
    expected: c.verdict.expected ?? null,
    observed: c.verdict.observed ?? null,
    case: c.case,
    replay: replayCommand(targetId, file),
  };
}

/** The results JSON; `failureFiles` maps a requirement ID to where its reproducer was stored. */
export function buildResultsJson(
  r: SuiteResult,
  failureFiles: ReadonlyMap<string, string>,
  gate: GateDecision,
): ResultsJson {
  const allowed = new Set(gate.unjudged.filter((u) => u.allowed).map((u) => u.id));
  const totalRuns = Object.values(r.targetRuns).reduce((n, x) => n + x, 0);
  const summary = { passed: 0, failed: 0, unobservable: 0, notApplicable: 0, indeterminate: 0 };
  const key = {
    passed: 'passed',
    failed: 'failed',
    unobservable: 'unobservable',
    'not-applicable': 'notApplicable',
    indeterminate: 'indeterminate',
  } as const;
  for (const req of r.requirements) summary[key[req.status]] += 1;
  return {
    schema: 1,
    target: {
      id: r.target.id,
      kind: r.target.kind,
      path: r.target.path,
      version: r.target.version,
      ...(r.target.probe === undefined ? {} : { probe: r.target.probe }),
    },
    reference: r.reference === null ? null : { id: r.reference.id, version: r.reference.version },
    seed: r.seed,
    cases: r.cases,
    requirements: r.requirements.map((req) => ({
      id: req.id,
      status: req.status,
      runs: req.runs,
      observedMounts: req.observedMounts,
      counts: { ...req.counts },
      reason: req.reason,
      allowedUnjudged: allowed.has(req.id),
      failureKinds: [...req.failureKinds],
      counterexample:
        req.counterexample === null
          ? null
          : counterexampleJson(req.counterexample, r.target.id, failureFiles.get(req.id) ?? '<not stored>'),
      knownBugs: [...(req.knownBugs ?? [])],
    })),
    knownBugs: knownBugsOf(r),
    examples: r.examples.map((e) => ({
      name: e.name,
      requirement: e.requirement,
      results: Object.fromEntries(e.verdicts.map((v) => [v.requirement, v.status])),
    })),
    summary,
    interrupted: r.interrupted,
    targetRuns: { ...r.targetRuns, total: totalRuns },
    conclusivePerRun: totalRuns === 0 ? null : conclusiveVerdicts(r) / totalRuns,
    gate: { exitCode: gate.exitCode, summary: gate.summary },
    wallMs: r.wallMs,
  };
}
