/**
 * The result nouns of a run, shared by the runner that builds them, the
 * gate that decides on them and the reports that print them: per-requirement
 * results, counterexamples, the gate's decision, and a mutant's intended
 * symptom.
 */
import type { Case } from './case.js';
import type { RequirementId } from './requirements.js';
import type { TargetInfo } from './target.js';
import type { FailureKind, Verdict, VerdictStatus } from './verdict.js';

/** Verdict counts of one requirement. */
export interface StatusCounts {
  passed: number;
  failed: number;
  unobservable: number;
  notApplicable: number;
  indeterminate: number;
}

/** A failing case, shrunk where it came from a property. */
export interface Counterexample {
  /** `example:<name>` or `property`. */
  origin: string;
  case: Case;
  verdict: Verdict;
  /** fast-check replay data (properties only). */
  seed: number | null;
  path: string | null;
  /** Spec mounts in the shrunk case. */
  mounts: number;
}

/** The outcome of one requirement over the whole run. */
export interface RequirementResult {
  id: RequirementId;
  status: VerdictStatus;
  /** Cases judged for this requirement (examples + generated, shrink candidates excluded). */
  runs: number;
  observedMounts: number;
  counts: StatusCounts;
  /** Why the requirement ended neither passed nor failed (one line), null when it did. */
  reason: string | null;
  /** Kinds of evidence its failed verdicts rested on (empty when none failed). */
  failureKinds: FailureKind[];
  counterexample: Counterexample | null;
  /** Shrink candidates evaluated after the first failure. */
  shrinkSteps: number;
  /** 1-based position of the first failing generated case, null when no generated case failed. */
  firstFailureAt: number | null;
  /** Failed verdicts that match a known upstream bug: counted here, not as failures (src/reports/known-bugs.ts). */
  knownBugs?: { id: string; cases: number; example: string }[];
}

/** One example-table row's verdicts. */
export interface ExampleResult {
  name: string;
  requirement: RequirementId;
  verdicts: Verdict[];
}

/** What a target run was made for: the case itself, its paired, reference or metamorphic runs, or shrinking. */
export const RUN_KINDS = ['case', 'paired', 'reference', 'variant', 'shrink'] as const;
export type RunKind = (typeof RUN_KINDS)[number];

/** The result of a run, before formatting. */
export interface SuiteResult {
  target: TargetInfo;
  reference: TargetInfo | null;
  seed: number;
  cases: number;
  requirements: RequirementResult[];
  examples: ExampleResult[];
  interrupted: boolean;
  /** Target runs the run made (subject and reference builds), by kind. */
  targetRuns: Record<RunKind, number>;
  wallMs: number;
}

/** A requirement that ended without a conclusive status. */
export interface Unjudged {
  id: RequirementId;
  status: VerdictStatus;
  reason: string;
  /** The user accepted this requirement ending unjudged (`--allow-unjudged`). */
  allowed: boolean;
}

/** The gate's decision on a run. */
export interface GateDecision {
  exitCode: 0 | 1 | 3;
  /** One line saying why the exit code is what it is. */
  summary: string;
  failed: RequirementId[];
  indeterminate: RequirementId[];
  unjudged: Unjudged[];
}

/** One requirement whose failure, of one of `kinds`, is a mutant's intended symptom. */
export interface IntendedFailure {
  requirement: RequirementId;
  kinds: readonly FailureKind[];
}
