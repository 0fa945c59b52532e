/** Per-requirement counting of verdicts into the result shape of DESIGN.md. */
import type { VerdictStatus, Verdict } from '../model/verdict.js';

/** Verdict counts of one requirement. */
export interface StatusCounts {
  passed: number;
  failed: number;
  unobservable: number;
  notApplicable: number;
  indeterminate: number;
}

const KEY: Record<VerdictStatus, keyof StatusCounts> = {
  passed: 'passed',
  failed: 'failed',
  unobservable: 'unobservable',
  'not-applicable': 'notApplicable',
  indeterminate: 'indeterminate',
};

/** An empty count. */
export function emptyCounts(): StatusCounts {
  return { passed: 0, failed: 0, unobservable: 0, notApplicable: 0, indeterminate: 0 };
}

/** Adds one verdict to `counts` (mutates) and returns the mounts it observed. */
export function addVerdict(counts: StatusCounts, v: Verdict): number {
  counts[KEY[v.status]] += 1;
  return v.observedMounts;
}

/**
 * The status of a requirement over many cases: any failure fails it; an
 * indeterminate case makes it indeterminate (a timeout is never a pass);
 * otherwise it passed if at least one case passed with observed mounts or a
 * conclusive check, else unobservable, else not-applicable.
 */
export function overallStatus(c: StatusCounts): VerdictStatus {
  if (c.failed > 0) return 'failed';
  if (c.indeterminate > 0) return 'indeterminate';
  if (c.passed > 0) return 'passed';
  if (c.unobservable > 0) return 'unobservable';
  return 'not-applicable';
}

/** Median of the numbers (null for none). */
export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}
