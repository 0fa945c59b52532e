/**
 * Observation: a RawRun parsed into facts the oracles can judge. Every text in
 * it is normalised: case root → `$ROOT`, container ID → `$ID`, fd numbers and
 * device minors masked.
 */

/** The gofer mount option the feature removes (reference §2.4); always the last superblock option when set. */
export const DIRECTFS_OPTION = 'directfs';

/** How a run ended, as far as the harness can tell. */
export type RunOutcome = 'started' | 'start-failed' | 'timed-out' | 'crashed';

/** Directfs state of one mount as far as it can be seen. */
export type DirectfsState = 'on' | 'off' | 'unobservable';

/** One line of the sandbox's /proc/self/mountinfo. */
export interface MountLine {
  mountPoint: string;
  /** Per-mount options (field 6), e.g. `rw` or `ro,noexec`. */
  mountOptions: string;
  fsType: string;
  mountSource: string;
  /** Superblock options, split on `,`, with fd numbers masked as `N`. */
  superOptions: string[];
  /** `on`/`off` for 9p lines (last option is `directfs`), `unobservable` for overlay, `off` for sentry-internal types. */
  directfs: DirectfsState;
}

/** A `Mount annotation found` boot/run log line. */
export interface HintLogLine {
  name: string;
  source: string;
  type: string;
  share: string;
  suppressDirectfs: boolean;
}

/** A `Mounted "<src>" to "<dst>" type: <t>, internal-options: "<data>"` boot log line. */
export interface MountedLogLine {
  source: string;
  destination: string;
  type: string;
  internalOptions: string[];
}

/** One probe workload operation result. */
export interface WorkloadOp {
  index: number;
  destination: string;
  op: string;
  ok: boolean;
  detail: string;
}

/** A parsed run. */
export interface Observation {
  outcome: RunOutcome;
  exitCode: number | null;
  /** The last non-empty stderr line when start failed, normalised; null when started. */
  error: string | null;
  /** Mountinfo lines in the order printed; empty when not started. */
  mounts: MountLine[];
  /** Pod hint lines as logged by the host (run log); falls back to the boot log. */
  hints: HintLogLine[];
  /** `ignoring invalid mount annotation …` / `ignoring mount annotations for …` warnings, normalised, deduplicated in order. */
  hintWarnings: string[];
  /** Boot-log `Mounted …` lines for submounts. */
  mounted: MountedLogLine[];
  /** Count of boot-log "Mount RPC returned a host FD to mount point without directfs" warnings. */
  hostFdWithoutDirectfs: number;
  /** Count of boot-log "Mount RPC did not return host FD to mount point with directfs enabled" lines. */
  hostFdMissing: number;
  /** Gofer's `Installing seccomp filters for N syscalls`, null when absent. */
  goferSeccompSyscalls: number | null;
  /** Probe workload results, in order. */
  workload: WorkloadOp[];
  /** Host-side checks of the workload's effects. */
  hostChecks: { index: number; destination: string; check: string; ok: boolean; detail: string }[];
  /** True when the probe printed its end marker (the workload ran to completion). */
  probeCompleted: boolean;
  wallMs: number;
}
