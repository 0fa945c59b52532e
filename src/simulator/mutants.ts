/**
 * Named faults the simulator model can be run with, and the mutants built on
 * them. A fault is consulted at one decision point of the model (hint
 * parsing, value comparison, matching, suppression, option building, the
 * gofer's seccomp rules); a mutant is the faithful model plus one fault. The
 * mutation score of the suite is how many of these it kills.
 */

/** Every fault the model knows, with the decision point it corrupts. */
export const FAULTS = {
  'ignore-annotation': 'hint parsing: the mount hint `directfs` key is accepted and ignored',
  'off-suppresses-all': 'suppression: any surviving `off` hint suppresses directfs on every gofer submount',
  'root-follows-mount': 'suppression: a mount hint with `off` also drops the root\'s directfs',
  'ignore-rootfs-key': 'rootfs hint parsing: the rootfs `directfs` key is accepted and ignored',
  'default-suppresses': 'value comparison: `default` suppresses like `off`',
  'case-insensitive-value': 'value comparison: `OFF`, `Off` are accepted as `off`',
  'trimmed-value': 'value comparison: values are trimmed, so ` off` and `off ` mean `off`',
  'prefix-match': 'matching: a hint source matches spec sources it is a prefix of, or equals after trailing-slash cleaning',
  'clean-match': 'matching: hint and spec sources are compared after path cleaning',
  'match-by-name': 'matching: a hint applies to the mount whose destination basename equals the hint NAME',
  'invalid-value-fatal': 'hint parsing: an invalid `directfs` value is fatal for the pod hints',
  'invalid-value-suppresses': 'hint parsing: an invalid `directfs` value suppresses (after its warning)',
  'suppress-drops-cache': 'option building: suppression also drops `cache=remote_revalidating`',
  'suppress-drops-fifo': 'option building: suppression also drops `disable_fifo_open`',
  'lisafs-filters-dropped': 'gofer seccomp: the LisaFS rules are not kept, so an opted-out mount fails to start (ENOMEM)',
  'lisafs-ops-fail': 'gofer seccomp: part of the LisaFS rules are missing, so mutating file operations on opted-out mounts fail',
  'dropped-hint-suppresses': 'hint validation: a dropped (incomplete) hint with `off` still suppresses its source',
  'duplicate-sources-tolerated': 'hint validation: two surviving hints with one source are not fatal',
  'global-off-default-enables': 'suppression: with --directfs=false, a hint with `directfs: default` turns directfs on',
  'suppression-leaks-next': 'suppression: an opted-out mount also suppresses the next gofer mount in spec order',
  'overlay-keeps-directfs-signal': 'suppression: opted-out overlaid mounts do not log the host-FD warning (lower mounted with directfs)',
} as const;

/** A fault name. */
export type FaultName = keyof typeof FAULTS;

/** All fault names. */
export const FAULT_NAMES = Object.keys(FAULTS) as FaultName[];


/** A mutant: the fault it injects and the symptom a suite should see. */
export interface Mutant {
  fault: FaultName;
  symptom: string;
}

/** The mutant registry (one mutant per fault for now). */
export const MUTANTS = {
  'ignore-annotation': { fault: 'ignore-annotation', symptom: 'a mount with a matching `off` hint keeps `directfs` (DFS-OPT-OUT)' },
  'off-suppresses-all': { fault: 'off-suppresses-all', symptom: 'mounts without an `off` hint lose `directfs` (DFS-KEEP)' },
  'root-follows-mount': { fault: 'root-follows-mount', symptom: 'the root loses `directfs` when only a submount is opted out (DFS-KEEP, DFS-ONLY-TOKEN)' },
  'ignore-rootfs-key': { fault: 'ignore-rootfs-key', symptom: 'the root keeps `directfs` under a valid rootfs opt-out (DFS-ROOTFS-OPT-OUT)' },
  'default-suppresses': { fault: 'default-suppresses', symptom: 'a `default` hint removes `directfs` (DFS-KEEP)' },
  'case-insensitive-value': { fault: 'case-insensitive-value', symptom: '`OFF` suppresses instead of warning (DFS-MOUNT-INVALID-VALUE)' },
  'trimmed-value': { fault: 'trimmed-value', symptom: '` off` suppresses instead of warning (DFS-MOUNT-INVALID-VALUE)' },
  'prefix-match': { fault: 'prefix-match', symptom: 'a hint with a trailing `/` or a parent directory source opts a mount out (DFS-KEEP)' },
  'clean-match': { fault: 'clean-match', symptom: 'a hint with `//` or a trailing `/` opts a mount out (DFS-KEEP)' },
  'match-by-name': { fault: 'match-by-name', symptom: 'hints apply by name, not by exact source (DFS-OPT-OUT, DFS-KEEP)' },
  'invalid-value-fatal': { fault: 'invalid-value-fatal', symptom: 'an invalid mount-hint value fails the start (DFS-MOUNT-INVALID-VALUE, DFS-HINT-GRAMMAR)' },
  'invalid-value-suppresses': { fault: 'invalid-value-suppresses', symptom: 'an invalid value removes `directfs` (DFS-MOUNT-INVALID-VALUE)' },
  'suppress-drops-cache': { fault: 'suppress-drops-cache', symptom: 'the opted-out mount also loses `cache=remote_revalidating` (DFS-ONLY-TOKEN)' },
  'suppress-drops-fifo': { fault: 'suppress-drops-fifo', symptom: 'the opted-out mount also loses `disable_fifo_open` (DFS-ONLY-TOKEN)' },
  'lisafs-filters-dropped': { fault: 'lisafs-filters-dropped', symptom: 'start fails with "cannot allocate memory" in "failed to setupFS" when a mount is opted out (DFS-WORKLOAD)' },
  'lisafs-ops-fail': { fault: 'lisafs-ops-fail', symptom: 'writes on opted-out mounts fail and do not reach the host (DFS-WORKLOAD, DFS-APP-EQUIV)' },
  'dropped-hint-suppresses': { fault: 'dropped-hint-suppresses', symptom: 'an incomplete hint with `off` opts its source out (DFS-KEEP)' },
  'duplicate-sources-tolerated': { fault: 'duplicate-sources-tolerated', symptom: 'two hints with one source start instead of failing (DFS-HINT-GRAMMAR)' },
  'global-off-default-enables': { fault: 'global-off-default-enables', symptom: '`directfs` appears under --directfs=false (DFS-GLOBAL-OFF)' },
  'suppression-leaks-next': { fault: 'suppression-leaks-next', symptom: 'the gofer mount after an opted-out one loses `directfs` (DFS-KEEP)' },
  'overlay-keeps-directfs-signal': { fault: 'overlay-keeps-directfs-signal', symptom: 'an opted-out overlaid mount logs no host-FD warning (DFS-OPT-OUT under overlays)' },
} as const satisfies Record<string, Mutant>;

/** A mutant name. */
export type MutantName = keyof typeof MUTANTS;

/** All mutant names. */
export const MUTANT_NAMES = Object.keys(MUTANTS) as MutantName[];

/** True when `name` is a known mutant. */
export function isMutantName(name: string): name is MutantName {
  return Object.prototype.hasOwnProperty.call(MUTANTS, name);
}

/** The fault set a mutant runs with (empty for the faithful model). */
export function faultsOf(mutant: string | null): ReadonlySet<string> {
  if (mutant === null || !isMutantName(mutant)) return new Set();
  return new Set([MUTANTS[mutant].fault]);
}
