/** Verdicts: what an oracle concludes about one requirement for one case. */
import type { RequirementId } from './requirements.js';

/** Verdict statuses (DESIGN.md). Only `passed` and `failed` are conclusive. */
export const VERDICT_STATUSES = ['passed', 'failed', 'unobservable', 'not-applicable', 'indeterminate'] as const;
export type VerdictStatus = (typeof VERDICT_STATUSES)[number];

/** One requirement judged on one case. */
export interface Verdict {
  requirement: RequirementId;
  status: VerdictStatus;
  /** Mounts whose state this verdict actually observed (0 for unobservable/not-applicable). */
  observedMounts: number;
  /** Why: expected vs observed, with the mount destination when there is one. */
  detail: string;
  /** The mount the failure concerns, when there is one. */
  mount?: string;
  expected?: string;
  observed?: string;
}
