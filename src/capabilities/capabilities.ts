/**
 * What a runsc build can do about directfs, found by running tiny probe
 * cases on it (never read off its version string). The report's capability
 * table and portability notes are derived from this value.
 */

/** Bumped whenever the probes or their reading change, so cached answers of older probes are not reused. */
export const PROBE_VERSION = 3;

/** How a build treats a `directfs: off` key: refuses to start, starts and keeps directfs, or removes directfs. */
export const HINT_MODES = ['honoured', 'ignored', 'rejected', 'undetermined'] as const;
export type HintMode = (typeof HINT_MODES)[number];

/** What the root looks like when no `--overlay2` is passed. */
export const ROOT_SHAPES = ['overlay', 'gofer', 'undetermined'] as const;
export type RootShape = (typeof ROOT_SHAPES)[number];

/**
 * What a build does with a mount its vendor gofer claims (the `vendor-gofer/` claim annotation): no gofer
 * claims it (`absent`), it starts only when opted out (`needs-opt-out`), or it fails even then.
 */
export const CLAIM_MODES = ['absent', 'needs-opt-out', 'fails-opted-out', 'undetermined'] as const;
export type ClaimMode = (typeof CLAIM_MODES)[number];

/** One capability's finding: its value and one line of evidence (an error text, a mountinfo excerpt). */
export interface Finding<T> {
  value: T;
  evidence: string;
}

/** The capabilities of one build. */
export interface Capabilities {
  schema: 1;
  probeVersion: number;
  /** `dev.gvisor.spec.mount.<NAME>.directfs: "off"` on a complete bind hint. */
  mountOptOut: Finding<HintMode>;
  /** `dev.gvisor.spec.rootfs.directfs: "off"` with source and `type: bind`. */
  rootfsOptOut: Finding<HintMode>;
  /** Whether `--directfs` is a known flag; null when the probe could not tell. */
  directfsFlag: Finding<boolean | null>;
  /** Whether gofer mounts show the `directfs` token at all (builds before 2023 never do). */
  directfsVisible: Finding<boolean | null>;
  /** The root with no `--overlay2` flag. */
  overlayDefault: Finding<RootShape>;
  /** A mount claimed by a gofer that cannot donate a host FD. */
  vendorClaim: Finding<ClaimMode>;
  /** sha256 of the probed binary, null for the simulator. */
  binarySha256: string | null;
}

/** True when the build has the per-mount opt-out (the requirements about the feature apply to it). */
export function hasMountOptOut(c: Capabilities): boolean {
  return c.mountOptOut.value === 'honoured';
}
