/** Verdicts: what an oracle concludes about one requirement for one case. */
import type { RequirementId } from './requirements.js';

/** Verdict statuses (DESIGN.md). Only `passed` and `failed` are conclusive. */
export const VERDICT_STATUSES = ['passed', 'failed', 'unobservable', 'not-applicable', 'indeterminate'] as const;
export type VerdictStatus = (typeof VERDICT_STATUSES)[number];

/**
 * What kind of evidence a failed verdict rests on: a mount's directfs state or
 * options (`mount-state`), a log signal such as a hint warning, the host-FD
 * warning count or the gofer's seccomp count (`warning`), the workload or its
 * host effects (`workload`), or whether and how the sandbox started (`start`).
 */
export const FAILURE_KINDS = ['mount-state', 'warning', 'workload', 'start'] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

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
  /** For a failed verdict: the kinds of evidence it failed on (empty otherwise). */
  failureKinds?: FailureKind[];
  /** For a failed verdict: the known upstream bug it matches (src/oracles/dfs-pod-known-bugs.ts), if any. */
  knownBug?: string;
}
