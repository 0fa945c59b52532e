/** The compatibility report as data (compat.json, schema 1): what the JSON, Markdown and HTML renderers read. */
import type { RequirementId } from '../model/requirements.js';
import type { RunKind } from '../model/result.js';
import type { VerdictStatus } from '../model/verdict.js';
import type { Capabilities } from '../capabilities/capabilities.js';

/** A matrix cell's status: a verdict status, or `expected` for a failure a divergence entry covers. */
export const CELL_STATUSES = [
  'failed',
  'expected',
  'indeterminate',
  'unobservable',
  'not-applicable',
  'passed',
] as const satisfies readonly (VerdictStatus | 'expected')[];
export type CellStatus = (typeof CELL_STATUSES)[number];

/** The divergence entry a cell matched. */
export interface CellExpectation {
  reason: string;
  expires: string;
  /** The entry's date has passed: the failure counts as failed again. */
  expired: boolean;
}

/** One requirement on one target. */
export interface CompatCell {
  status: CellStatus;
  runs: number;
  observedMounts: number;
  /** One line: the counterexample of a failure, or why the requirement was not judged. */
  note: string | null;
  /** The replay command of a failure's stored reproducer. */
  replay: string | null;
  expected: CellExpectation | null;
}

/** One target's column head and capability row. */
export interface CompatTarget {
  id: string;
  kind: 'sim' | 'runsc';
  path: string | null;
  version: string;
  capabilities: Capabilities;
  /** Requirements the suite judged on this target (the rest are not-applicable by its capabilities). */
  judged: RequirementId[];
  interrupted: boolean;
  targetRuns: Record<RunKind, number>;
  wallMs: number;
}

/** One row of the matrix. */
export interface CompatRow {
  requirement: RequirementId;
  sentence: string;
  /** Target id → status (DESIGN.md's compat schema). */
  results: Record<string, CellStatus>;
  cells: Record<string, CompatCell>;
}

/** A failed cell, listed first in every rendering. */
export interface CompatFailure {
  requirement: RequirementId;
  target: string;
  note: string;
  replay: string | null;
}

/** A sentence a reader can act on, about one target or about several. */
export interface PortabilityNote {
  targets: string[];
  text: string;
}

/** The whole report. */
export interface CompatReport {
  schema: 1;
  /** The UTC day expiry dates were compared with. */
  date: string;
  seed: number;
  cases: number;
  targets: CompatTarget[];
  /** Rows with a failure first, then by contract order. */
  matrix: CompatRow[];
  failures: CompatFailure[];
  notes: PortabilityNote[];
  expected: {
    requirement: RequirementId;
    target: string;
    reason: string;
    expires: string;
    expired: boolean;
    used: boolean;
  }[];
  summary: Record<CellStatus, number>;
  /** Targets given but never reached: the run was interrupted before them. */
  notRun: string[];
  gate: { exitCode: 0 | 1 | 3; summary: string };
}
