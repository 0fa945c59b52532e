/**
 * RawRun: what one run of a target yields, before any parsing. Real runsc and
 * the simulator produce the same shape with the same texts.
 */

/** Debug logs of one run, one string per runsc log file kind (empty when absent). */
export interface RunLogs {
  boot: string;
  gofer: string;
  run: string;
}

/** Result of a host-side check of a workload's effect on a mount source. */
export interface HostCheck {
  /** Spec mount index the check belongs to. */
  index: number;
  destination: string;
  /** Short name, e.g. `renamed-file-content`. */
  check: string;
  ok: boolean;
  detail: string;
}

/** The unparsed result of running one materialised case. */
export interface RawRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  logs: RunLogs;
  /** Host checks made after the run (empty when the sandbox did not start). */
  hostChecks: HostCheck[];
  /** Absolute case root used for this run; parsers replace it with ROOT_TOKEN. */
  caseRoot: string;
  /** Container ID used for this run; parsers replace it with `$ID`. */
  containerId: string;
  wallMs: number;
  timedOut: boolean;
}
