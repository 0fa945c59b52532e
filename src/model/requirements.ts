/**
 * The contract: one registry entry per requirement of DESIGN.md. Oracles cite
 * these IDs; the sentence lives here only.
 */
export const REQUIREMENTS = {
  'DFS-OPT-OUT':
    'With --directfs=true, a gofer-backed submount whose spec source exactly equals the source of a surviving mount hint with directfs: off has no directfs option.',
  'DFS-KEEP':
    'With --directfs=true, every other gofer-backed mount keeps directfs (no hint, hint without the key, default, invalid value, dropped hint, unmatched hint).',
  'DFS-ONLY-TOKEN':
    'Compared with the same case minus its directfs keys, the set of mounts and every other option are identical; only matched mounts lose the directfs token.',
  'DFS-GLOBAL-OFF': 'With --directfs=false no mount has directfs, whatever the annotations say.',
  'DFS-NON-GOFER': 'Sentry-internal mounts never carry directfs and are unaffected by directfs keys.',
  'DFS-ROOTFS-OPT-OUT':
    'A rootfs hint with source + type: bind + directfs: off leaves the root gofer mount without directfs.',
  'DFS-ROOTFS-ERRORS':
    'A rootfs hint with an invalid directfs value, or directfs without source/type, makes container creation fail with an error naming the annotation.',
  'DFS-MOUNT-INVALID-VALUE':
    'An invalid directfs value on a mount hint is not fatal: a warning names it and the mount keeps directfs.',
  'DFS-WORKLOAD': 'File operations on every gofer mount succeed inside the sandbox and their effects reach the host.',
  'DFS-APP-EQUIV': 'What the application sees is identical with and without the opt-out.',
  'DFS-DEFAULT-UNCHANGED':
    'A case without directfs keys gives the same normalised observation on the pre-feature and the post-feature build.',
  'DFS-HINT-GRAMMAR': 'The fatal-vs-warning classification of malformed hint sets is unchanged by the feature.',
  'DFS-POD-HINTS':
    "In a subcontainer that starts, directfs on each gofer mount follows the pod's mount hints (sandbox spec) and that container's --directfs, never the subcontainer's own mount hints.",
  'DFS-POD-START':
    "A subcontainer whose gofer mounts the pod's hints opt out starts, and file operations on every gofer mount succeed and reach the host, whatever its own spec says.",
  'DFS-VENDOR-OPT-OUT':
    'On a build whose gofer serves claimed mounts without a host FD, a claimed gofer mount (or root) that keeps directfs fails the start at the sentry with "invalid argument"; opted out or with --directfs=false it starts without directfs and its workload works.',
  'DFS-VENDOR-KEEP':
    'Beside claimed mounts, every unclaimed gofer mount keeps its stock directfs state, and the host-FD warnings count only the unclaimed opted-out mounts.',
} as const;

/** A requirement ID. */
export type RequirementId = keyof typeof REQUIREMENTS;

/** All requirement IDs in contract order. */
export const REQUIREMENT_IDS = Object.keys(REQUIREMENTS) as RequirementId[];

/**
 * What a requirement's passing verdicts must rest on: observed mounts
 * (`mounts`), or the start outcome and its error text (`start`). A
 * requirement about mounts passes a run only when some passing case really
 * observed a mount.
 */
export const EVIDENCE = {
  'DFS-OPT-OUT': 'mounts',
  'DFS-KEEP': 'mounts',
  'DFS-ONLY-TOKEN': 'mounts',
  'DFS-GLOBAL-OFF': 'mounts',
  'DFS-NON-GOFER': 'mounts',
  'DFS-ROOTFS-OPT-OUT': 'mounts',
  'DFS-ROOTFS-ERRORS': 'start',
  'DFS-MOUNT-INVALID-VALUE': 'mounts',
  'DFS-WORKLOAD': 'mounts',
  'DFS-APP-EQUIV': 'mounts',
  'DFS-DEFAULT-UNCHANGED': 'mounts',
  'DFS-HINT-GRAMMAR': 'start',
  'DFS-POD-HINTS': 'mounts',
  'DFS-POD-START': 'mounts',
  'DFS-VENDOR-OPT-OUT': 'mounts',
  'DFS-VENDOR-KEEP': 'mounts',
} as const satisfies Record<RequirementId, 'mounts' | 'start'>;

/** True for a requirement ID (for parsing user input). */
export function isRequirementId(id: string): id is RequirementId {
  return Object.prototype.hasOwnProperty.call(REQUIREMENTS, id);
}
