/**
 * Named faults the simulator model can be run with, and the mutants built on
 * them. A fault is consulted at one decision point of the model (hint
 * parsing, value comparison, matching, suppression, option building, the
 * gofer's seccomp rules, what the sentry reports); a mutant is the faithful
 * model plus one fault, and declares as data which requirement must fail on
 * it, and how. The mutation score counts only those intended kills.
 */
import type { IntendedFailure } from '../model/result.js';
import type { RequirementId } from '../model/requirements.js';
import type { FailureKind } from '../model/verdict.js';

/** Every fault the model knows, with the decision point it corrupts. */
export const FAULTS = {
  'ignore-annotation': 'hint parsing: the mount hint `directfs` key is accepted and ignored',
  'off-suppresses-all': 'suppression: any surviving `off` hint suppresses directfs on every gofer submount',
  'root-follows-mount': "suppression: a mount hint with `off` also drops the root's directfs",
  'ignore-rootfs-key': 'rootfs hint parsing: the rootfs `directfs` key is accepted and ignored',
  'default-suppresses': 'value comparison: `default` suppresses like `off`',
  'case-insensitive-value': 'value comparison: `OFF`, `Off` are accepted as `off`',
  'trimmed-value': 'value comparison: values are trimmed, so ` off` and `off ` mean `off`',
  'prefix-match':
    'matching: a hint source matches spec sources it is a prefix of, or equals after trailing-slash cleaning',
  'clean-match': 'matching: hint and spec sources are compared after path cleaning',
  'match-by-name': 'matching: a hint applies to the mount whose destination basename equals the hint NAME',
  'invalid-value-fatal': 'hint parsing: an invalid `directfs` value is fatal for the pod hints',
  'invalid-value-suppresses': 'hint parsing: an invalid `directfs` value suppresses (after its warning)',
  'suppress-drops-cache': 'option building: suppression also drops `cache=remote_revalidating`',
  'suppress-drops-fifo': 'option building: suppression also drops `disable_fifo_open`',
  'lisafs-filters-dropped':
    'gofer seccomp: the LisaFS rules are not kept, so an opted-out mount fails to start (ENOMEM)',
  'lisafs-ops-fail':
    'gofer seccomp: part of the LisaFS rules are missing, so mutating file operations on opted-out mounts fail',
  'dropped-hint-suppresses':
    'hint validation: a dropped (incomplete) hint with `off` still suppresses its source (gofer and sentry alike)',
  'duplicate-sources-tolerated': 'hint validation: two surviving hints with one source are not fatal',
  'global-off-default-enables':
    'suppression: with --directfs=false, a hint with `directfs: default` turns directfs on (gofer and sentry alike)',
  'suppression-leaks-next': 'suppression: an opted-out mount also suppresses the next gofer mount in spec order',
  'overlay-keeps-directfs-signal':
    'suppression: opted-out overlaid mounts do not log the host-FD warning (lower mounted with directfs)',
  'mountinfo-hides-directfs':
    'reporting: a read-only 9p mount served with directfs is printed without `directfs` in mountinfo',
  'mountinfo-shows-directfs':
    'reporting: an opted-out 9p mount served without directfs is printed with `directfs` in mountinfo',
  'hostfd-warning-on-root':
    'reporting: a submount opt-out also logs the host-FD warning for the root connection, which keeps directfs',
  'hint-warning-missing': 'reporting: an invalid mount-hint `directfs` value is ignored without its warning',
  'hint-warning-names-source': 'reporting: the invalid-value warning names the hint by its source instead of its NAME',
  'rootfs-overlay-ignores-off': 'rootfs suppression: the rootfs `off` is ignored when the root is overlaid',
  'rootfs-default-suppresses': 'rootfs hint parsing: a rootfs `directfs: default` suppresses like `off`',
  'rootfs-lisafs-filters-dropped':
    'gofer seccomp: a rootfs opt-out does not add the LisaFS rules, so the root connection fails (ENOMEM)',
  'rootfs-invalid-value-ignored': 'rootfs hint parsing: an invalid rootfs `directfs` value is ignored, not fatal',
  'ro-ignored': 'sentry mount flags: a read-only bind is served writable (mountinfo still says `ro`)',
  'pod-sentry-reads-own-hints':
    "pods: the sentry applies a subcontainer's own mount hints to its mounts instead of the pod's",
  'pod-gofer-ignores-own-hints':
    "pods: a subcontainer's gofer never keeps the LisaFS rules, even when its own spec opts the mount out too",
} as const;

/** A fault name. */
export type FaultName = keyof typeof FAULTS;

/** All fault names. */
export const FAULT_NAMES = Object.keys(FAULTS) as FaultName[];

/** A mutant: the fault it injects, the symptom a suite should see, and that symptom as data. */
export interface Mutant {
  fault: FaultName;
  symptom: string;
  /** Killed iff one of these requirements fails with one of its kinds. */
  intended: readonly IntendedFailure[];
}

/** Shorthand for one intended failure. */
function fails(requirement: RequirementId, ...kinds: FailureKind[]): IntendedFailure {
  return { requirement, kinds };
}

/** The mutant registry (one mutant per fault). */
export const MUTANTS = {
  'ignore-annotation': {
    fault: 'ignore-annotation',
    symptom: 'a mount with a matching `off` hint keeps `directfs`',
    intended: [fails('DFS-OPT-OUT', 'mount-state')],
  },
  'off-suppresses-all': {
    fault: 'off-suppresses-all',
    symptom: 'mounts without an `off` hint lose `directfs`',
    intended: [fails('DFS-KEEP', 'mount-state')],
  },
  'root-follows-mount': {
    fault: 'root-follows-mount',
    symptom: 'the root loses `directfs` when only a submount is opted out',
    intended: [fails('DFS-KEEP', 'mount-state', 'warning')],
  },
  'ignore-rootfs-key': {
    fault: 'ignore-rootfs-key',
    symptom: 'the root keeps `directfs` under a valid rootfs opt-out',
    intended: [fails('DFS-ROOTFS-OPT-OUT', 'mount-state', 'warning')],
  },
  'default-suppresses': {
    fault: 'default-suppresses',
    symptom: 'a `default` hint removes `directfs`',
    intended: [fails('DFS-KEEP', 'mount-state')],
  },
  'case-insensitive-value': {
    fault: 'case-insensitive-value',
    symptom: '`OFF` suppresses instead of warning',
    intended: [fails('DFS-MOUNT-INVALID-VALUE', 'mount-state', 'warning')],
  },
  'trimmed-value': {
    fault: 'trimmed-value',
    symptom: '` off` suppresses instead of warning',
    intended: [fails('DFS-MOUNT-INVALID-VALUE', 'mount-state', 'warning')],
  },
  'prefix-match': {
    fault: 'prefix-match',
    symptom: 'a hint with a trailing `/` or a parent directory source opts a mount out',
    intended: [fails('DFS-KEEP', 'mount-state')],
  },
  'clean-match': {
    fault: 'clean-match',
    symptom: 'a hint with `//` or a trailing `/` opts a mount out',
    intended: [fails('DFS-KEEP', 'mount-state')],
  },
  'match-by-name': {
    fault: 'match-by-name',
    symptom: 'hints apply by name, not by exact source: the mount the source names keeps `directfs`',
    intended: [fails('DFS-OPT-OUT', 'mount-state')],
  },
  'invalid-value-fatal': {
    fault: 'invalid-value-fatal',
    symptom: 'an invalid mount-hint value fails the start',
    intended: [fails('DFS-MOUNT-INVALID-VALUE', 'start'), fails('DFS-HINT-GRAMMAR', 'start')],
  },
  'invalid-value-suppresses': {
    fault: 'invalid-value-suppresses',
    symptom: 'an invalid value removes `directfs`',
    intended: [fails('DFS-MOUNT-INVALID-VALUE', 'mount-state', 'warning')],
  },
  'suppress-drops-cache': {
    fault: 'suppress-drops-cache',
    symptom: 'the opted-out mount also loses `cache=remote_revalidating`',
    intended: [fails('DFS-ONLY-TOKEN', 'mount-state')],
  },
  'suppress-drops-fifo': {
    fault: 'suppress-drops-fifo',
    symptom: 'the opted-out mount also loses `disable_fifo_open`',
    intended: [fails('DFS-ONLY-TOKEN', 'mount-state')],
  },
  'lisafs-filters-dropped': {
    fault: 'lisafs-filters-dropped',
    symptom: 'start fails with "cannot allocate memory" in "failed to setupFS" when a mount is opted out',
    intended: [fails('DFS-WORKLOAD', 'start'), fails('DFS-OPT-OUT', 'start', 'warning')],
  },
  'lisafs-ops-fail': {
    fault: 'lisafs-ops-fail',
    symptom: 'writes on opted-out mounts fail and do not reach the host',
    intended: [fails('DFS-WORKLOAD', 'workload'), fails('DFS-APP-EQUIV', 'workload')],
  },
  'dropped-hint-suppresses': {
    fault: 'dropped-hint-suppresses',
    symptom: 'an incomplete hint with `off` opts its source out',
    intended: [fails('DFS-KEEP', 'mount-state', 'warning')],
  },
  'duplicate-sources-tolerated': {
    fault: 'duplicate-sources-tolerated',
    symptom: 'two hints with one source start instead of failing',
    intended: [fails('DFS-HINT-GRAMMAR', 'start')],
  },
  'global-off-default-enables': {
    fault: 'global-off-default-enables',
    symptom: '`directfs` appears on a mount with a `default` hint under --directfs=false',
    intended: [fails('DFS-GLOBAL-OFF', 'mount-state')],
  },
  'suppression-leaks-next': {
    fault: 'suppression-leaks-next',
    symptom: 'the gofer mount after an opted-out one loses `directfs`',
    intended: [fails('DFS-KEEP', 'mount-state', 'warning')],
  },
  'overlay-keeps-directfs-signal': {
    fault: 'overlay-keeps-directfs-signal',
    symptom: 'an opted-out overlaid mount logs no host-FD warning',
    intended: [fails('DFS-OPT-OUT', 'warning')],
  },
  'mountinfo-hides-directfs': {
    fault: 'mountinfo-hides-directfs',
    symptom: 'a read-only bind without an opt-out shows no `directfs` although it is served with it',
    intended: [fails('DFS-KEEP', 'mount-state')],
  },
  'mountinfo-shows-directfs': {
    fault: 'mountinfo-shows-directfs',
    symptom: 'an opted-out mount shows `directfs` although its host-FD warning says it is served without',
    intended: [fails('DFS-OPT-OUT', 'mount-state')],
  },
  'hostfd-warning-on-root': {
    fault: 'hostfd-warning-on-root',
    symptom: 'one host-FD warning too many whenever a submount is opted out',
    intended: [fails('DFS-KEEP', 'warning'), fails('DFS-OPT-OUT', 'warning')],
  },
  'hint-warning-missing': {
    fault: 'hint-warning-missing',
    symptom: 'an invalid `directfs` value logs no warning',
    intended: [fails('DFS-MOUNT-INVALID-VALUE', 'warning')],
  },
  'hint-warning-names-source': {
    fault: 'hint-warning-names-source',
    symptom: 'the invalid-value warning names the wrong hint',
    intended: [fails('DFS-MOUNT-INVALID-VALUE', 'warning')],
  },
  'rootfs-overlay-ignores-off': {
    fault: 'rootfs-overlay-ignores-off',
    symptom: 'an overlaid root under a rootfs opt-out logs no host-FD warning',
    intended: [fails('DFS-ROOTFS-OPT-OUT', 'warning')],
  },
  'rootfs-default-suppresses': {
    fault: 'rootfs-default-suppresses',
    symptom: "a rootfs hint with `directfs: default` removes the root's `directfs`",
    intended: [fails('DFS-KEEP', 'mount-state', 'warning')],
  },
  'rootfs-lisafs-filters-dropped': {
    fault: 'rootfs-lisafs-filters-dropped',
    symptom: 'start fails with "cannot allocate memory" when the root is opted out',
    intended: [fails('DFS-ROOTFS-OPT-OUT', 'start', 'warning')],
  },
  'rootfs-invalid-value-ignored': {
    fault: 'rootfs-invalid-value-ignored',
    symptom: 'a rootfs hint with an invalid `directfs` value starts instead of failing',
    intended: [fails('DFS-ROOTFS-ERRORS', 'start')],
  },
  'ro-ignored': {
    fault: 'ro-ignored',
    symptom: 'writes into a read-only bind succeed and reach the host',
    intended: [fails('DFS-WORKLOAD', 'workload')],
  },
  'pod-sentry-reads-own-hints': {
    fault: 'pod-sentry-reads-own-hints',
    symptom:
      "a subcontainer's mounts follow its own hints: a pod-level opt-out is lost, a subcontainer-only one applies",
    intended: [fails('DFS-POD-HINTS', 'mount-state')],
  },
  'pod-gofer-ignores-own-hints': {
    fault: 'pod-gofer-ignores-own-hints',
    symptom: 'a subcontainer whose spec repeats the pod-level opt-out fails to start (ENOMEM)',
    intended: [fails('DFS-POD-START', 'start'), fails('DFS-POD-HINTS', 'start')],
  },
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
export function faultsOf(mutant: string | null): ReadonlySet<FaultName> {
  if (mutant === null || !isMutantName(mutant)) return new Set();
  return new Set([MUTANTS[mutant].fault]);
}

/** A requirement's intended failure kinds for a mutant, as text: `DFS-KEEP (mount-state|warning)`. */
export function describeIntended(intended: readonly IntendedFailure[]): string {
  return intended.map((i) => `${i.requirement} (${i.kinds.join('|')})`).join(', ');
}
