/**
 * The default `--jobs`: as many sandboxes at once as the machine's cores keep
 * busy. A runsc sandbox spends part of its life waiting on its own processes
 * (start-up handshakes between runsc, gofer and sentry), so sandboxes side by
 * side each keep less than a core busy, and jobs are cores divided by that
 * share, rounded: three sandboxes on 2 cores.
 */
import { availableParallelism } from 'node:os';

/**
 * Cores one sandbox keeps busy with another beside it: CPU seconds (this
 * process and every runsc process) per wall second of `run --target
 * runsc:modern --cases 100 --jobs 2`, halved, on a quiet 2-core machine:
 * 131 CPU-s over 90.5 s, 0.72. There `--jobs 3` took 81.5 s, `--jobs 4`
 * 82.7 s. Re-measure with `directfs-conformance bench` (its "--jobs default"
 * line) on your hardware.
 */
export const CORES_PER_SANDBOX = 0.72;

/** Jobs that `cores` cores keep busy: max(1, round(cores / coresPerSandbox)). */
export function defaultJobs(
  cores: number = availableParallelism(),
  coresPerSandbox: number = CORES_PER_SANDBOX,
): number {
  return Math.max(1, Math.round(cores / coresPerSandbox));
}

/** How {@link defaultJobs} is computed, for help texts. */
export const DEFAULT_JOBS_RULE = `max(1, round(cores / ${CORES_PER_SANDBOX} cores per sandbox))`;
