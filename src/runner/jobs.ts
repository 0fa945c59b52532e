/**
 * The default `--jobs`: as many sandboxes at once as the machine's cores keep
 * busy. A real runsc sandbox is CPU-bound but keeps fewer cores than the
 * machine has busy, so jobs are cores divided by the cores one sandbox uses,
 * rounded: a second sandbox on 2 cores fills the idle ~0.7 core.
 */
import { availableParallelism } from 'node:os';

/**
 * Cores one sandbox keeps busy while it runs (CPU seconds per wall second of a
 * `runsc run` of a generated case, sentry + gofer + runsc, with --debug as the
 * harness passes it), measured on a quiet 2-core machine: 1.27. There,
 * `--jobs 2` made 1.60 times the target runs per second of `--jobs 1`.
 * Re-measure with `directfs-conformance bench` (its "CPU per sandbox" and
 * "--jobs default" lines) on your hardware.
 */
export const CORES_PER_SANDBOX = 1.27;

/** Jobs that `cores` cores keep busy: max(1, round(cores / coresPerSandbox)). */
export function defaultJobs(
  cores: number = availableParallelism(),
  coresPerSandbox: number = CORES_PER_SANDBOX,
): number {
  return Math.max(1, Math.round(cores / coresPerSandbox));
}

/** How {@link defaultJobs} is computed, for help texts. */
export const DEFAULT_JOBS_RULE = `max(1, round(cores / ${CORES_PER_SANDBOX} cores per sandbox))`;
