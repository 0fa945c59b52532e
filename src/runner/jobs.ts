/**
 * The default `--jobs`: as many sandboxes at once as the machine's cores can
 * run without slowing each other. A real runsc sandbox is CPU-bound, so more
 * jobs than cores per sandbox buy nothing.
 */
import { availableParallelism } from 'node:os';

/**
 * Cores one sandbox keeps busy while it runs (CPU seconds per wall second of a
 * `runsc run` of a generated case, sentry + gofer + runsc, with --debug as the
 * harness passes it), measured on a quiet 2-core machine. Re-measure with
 * `directfs-conformance bench` (its "CPU per sandbox" line) on your hardware.
 */
export const CORES_PER_SANDBOX = 1.7;

/** Jobs that `cores` cores run without slowing: max(1, floor(cores / CORES_PER_SANDBOX)). */
export function defaultJobs(cores: number = availableParallelism()): number {
  return Math.max(1, Math.floor(cores / CORES_PER_SANDBOX));
}
