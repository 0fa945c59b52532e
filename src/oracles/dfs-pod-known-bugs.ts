/**
 * Known upstream bugs: behaviour of real runsc judged to be a bug, which the
 * simulator's `modern` profile reproduces. A failure matching one is still a
 * failed verdict, tagged with the bug's id; runs report it as an expected
 * failure that does not fail the exit code unless `--strict-known-bugs`.
 */
import type { Case } from '../model/case.js';
import { goferView, sentryView } from '../harness/pod-cases.js';
import { contractOf } from './contract.js';

/** The registry of known upstream bugs. */
export const KNOWN_BUGS = {
  'subcontainer-gofer-sigsys': {
    requirement: 'DFS-POD-START',
    summary:
      "a pod-level directfs opt-out kills the subcontainer's gofer: the sentry follows the pod's hints, the gofer " +
      "its own spec's, drops the LisaFS seccomp rules and dies (SIGSYS), and the subcontainer fails with ENOMEM",
    reproducer: 'pods/repro/subcontainer-gofer-sigsys.sh',
    affects: 'runsc:modern (post-feature builds)',
  },
  'subcontainer-directfs-override-crash': {
    requirement: 'DFS-POD-START',
    summary:
      'a subcontainer with dev.gvisor.flag.directfs=true in a sandbox started with --directfs=false (and ' +
      '--allow-flag-override) kills the sentry (SIGSYS on openat): that subcontainer and every later one fail',
    reproducer: 'pods/repro/subcontainer-directfs-override-crash.sh',
    affects: 'runsc:modern and runsc:prefeature (older than the per-mount opt-out)',
  },
} as const;

/** A known bug's id. */
export type KnownBugId = keyof typeof KNOWN_BUGS;

/** Whether subcontainer `i` of pod `c`, or one started before it, turns directfs on in a --directfs=false sandbox. */
export function afterOverrideCrash(c: Case, i: number): boolean {
  if (c.flags.directfs !== false) return false;
  return (c.pod?.containers ?? []).slice(0, i + 1).some((s) => s.directfsOverride === true);
}

/**
 * Whether subcontainer `i` of pod `c` is in the known gofer/sentry mismatch:
 * the pod's hints opt one of its lisafs mounts out (with --directfs on for
 * it) while its own spec gives its gofer no reason to keep the LisaFS rules.
 */
export function inGoferMismatch(c: Case, i: number): boolean {
  const sentry = contractOf(sentryView(c, i));
  if (!sentry.directfs || !sentry.lisafsNeeded) return false;
  return !contractOf(goferView(c, i)).lisafsNeeded;
}
