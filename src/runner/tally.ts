/** Per-requirement counting of verdicts into the result shape of DESIGN.md, and the run-level status. */
import type { StatusCounts } from '../model/result.js';
import { EVIDENCE, type RequirementId } from '../model/requirements.js';
import type { FailureKind, Verdict, VerdictStatus } from '../model/verdict.js';

const KEY: Record<VerdictStatus, keyof StatusCounts> = {
  passed: 'passed',
  failed: 'failed',
  unobservable: 'unobservable',
  'not-applicable': 'notApplicable',
  indeterminate: 'indeterminate',
};

/** Distinct reasons kept per requirement (the rest are counted under the most frequent ones). */
const MAX_REASONS = 50;

/** Everything a run learns about one requirement from its verdicts. */
export interface Tally {
  counts: StatusCounts;
  /** Mounts observed by all verdicts. */
  observedMounts: number;
  /** Mounts observed by passing verdicts only. */
  passedMounts: number;
  /** Kinds of evidence the failed verdicts rested on. */
  failureKinds: Set<FailureKind>;
  /** Details of the verdicts that judged nothing (unobservable, not-applicable, indeterminate), with counts. */
  reasons: Map<string, number>;
  /** Failed verdicts matching a known upstream bug, by bug id: how many, and the first one's detail. */
  knownBugs: Map<string, { cases: number; example: string }>;
}

/** An empty count. */
export function emptyCounts(): StatusCounts {
  return { passed: 0, failed: 0, unobservable: 0, notApplicable: 0, indeterminate: 0 };
}

/** An empty tally. */
export function emptyTally(): Tally {
  return {
    counts: emptyCounts(),
    observedMounts: 0,
    passedMounts: 0,
    failureKinds: new Set(),
    reasons: new Map(),
    knownBugs: new Map(),
  };
}

/** Adds one verdict to `counts` (mutates) and returns the mounts it observed. */
export function addVerdict(counts: StatusCounts, v: Verdict): number {
  counts[KEY[v.status]] += 1;
  return v.observedMounts;
}

/** Adds one verdict to a tally (mutates). */
export function recordVerdict(t: Tally, v: Verdict): void {
  if (v.status === 'failed' && v.knownBug !== undefined) {
    const seen = t.knownBugs.get(v.knownBug);
    t.knownBugs.set(v.knownBug, { cases: (seen?.cases ?? 0) + 1, example: seen?.example ?? v.detail });
    return;
  }
  t.observedMounts += addVerdict(t.counts, v);
  if (v.status === 'passed') t.passedMounts += v.observedMounts;
  for (const kind of v.failureKinds ?? []) t.failureKinds.add(kind);
  if (v.status === 'passed' || v.status === 'failed') return;
  const reason = `${v.status}: ${v.detail}`;
  const seen = t.reasons.get(reason);
  if (seen !== undefined || t.reasons.size < MAX_REASONS) t.reasons.set(reason, (seen ?? 0) + 1);
}

/** A requirement's status over a whole run, and why it is not `passed` when it is not. */
export interface Settled {
  status: VerdictStatus;
  /** One line for a status other than passed and failed, null otherwise. */
  reason: string | null;
}

/** The two most frequent reasons for `status`, with their counts, on one line. */
function topReason(t: Tally, status: VerdictStatus): string {
  const ranked = [...t.reasons.entries()].filter(([r]) => r.startsWith(`${status}: `)).sort((a, b) => b[1] - a[1]);
  if (ranked.length === 0) return 'no case was judged';
  const shown = ranked.slice(0, 2).map(([r, n]) => `${n} case(s): ${r.slice(status.length + 2)}`);
  const more = ranked.length > 2 ? ` (and ${ranked.length - 2} other reason(s))` : '';
  return `${shown.join('; ')}${more}`;
}

/**
 * The status of a requirement over many cases: any failure fails it; an
 * indeterminate case makes it indeterminate (a timeout is never a pass);
 * otherwise it passed if at least one case passed on real evidence — a
 * requirement about mounts needs a passing case that observed a mount —
 * else unobservable, else not-applicable.
 */
export function settle(id: RequirementId, t: Tally): Settled {
  const c = t.counts;
  if (c.failed > 0) return { status: 'failed', reason: null };
  if (c.indeterminate > 0) return { status: 'indeterminate', reason: topReason(t, 'indeterminate') };
  const evidenced = EVIDENCE[id] === 'start' || t.passedMounts > 0;
  if (c.passed > 0 && evidenced) return { status: 'passed', reason: null };
  if (c.passed > 0) return { status: 'unobservable', reason: `${c.passed} case(s) passed but none observed a mount` };
  if (c.unobservable > 0) return { status: 'unobservable', reason: topReason(t, 'unobservable') };
  return { status: 'not-applicable', reason: topReason(t, 'not-applicable') };
}

/** Median of the numbers (null for none). */
export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}
