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

/**
 * Whether the first gofer submount subcontainer `i` mounts (shallower
 * destinations first, then spec order) is one the pod's hints opt out, so that
 * in the gofer mismatch its start fails there (ENOMEM), before the sentry
 * touches a host file through a directfs mount.
 */
function mismatchFirst(c: Case, i: number): boolean {
  if (!inGoferMismatch(c, i)) return false;
  const depth = (d: string) => d.split('/').filter((p) => p !== '').length;
  const gofer = contractOf(sentryView(c, i)).mounts.filter((m) => m.role === 'gofer');
  const first = [...gofer].sort((a, b) => depth(a.destination) - depth(b.destination) || a.index - b.index)[0];
  return first?.optedOut === true;
}

/**
 * Whether subcontainer `i` of pod `c` kills the sandbox: it turns directfs on
 * in a --directfs=false sandbox, and no opted-out mount in the gofer mismatch
 * fails before its first directfs mount (measured: pods/MEASURED.md, finding 3).
 */
export function crashesPod(c: Case, i: number): boolean {
  return c.flags.directfs === false && c.pod?.containers[i]?.directfsOverride === true && !mismatchFirst(c, i);
}

/** The known upstream bug a failure of subcontainer `i` of `c` matches, if any. */
export function knownBugOf(c: Case, i: number): KnownBugId | undefined {
  const earlier = Array.from({ length: i }, (_, j) => j).some((j) => crashesPod(c, j));
  if (earlier || crashesPod(c, i)) return 'subcontainer-directfs-override-crash';
  if (inGoferMismatch(c, i)) return 'subcontainer-gofer-sigsys';
  return undefined;
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
