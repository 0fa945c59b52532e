/** The Target interface shared by the simulator and real runsc builds. */
import type { Case } from './case.js';
import type { RawRun } from './raw-run.js';

/** What `targets` and the results JSON say about a target. */
export interface TargetInfo {
  /** Canonical id, e.g. `sim`, `sim:prefeature`, `sim+mutant:ignore-annotation`, `runsc:modern`, or a path. */
  id: string;
  kind: 'sim' | 'runsc';
  /** Executable path for process targets, null in-process. */
  path: string | null;
  /** `runsc --version` first line, or the simulator profile's description. */
  version: string;
  /** Which behaviour family the target belongs to, used to pick expectations and reference targets. */
  profile: 'modern' | 'prefeature' | 'legacy' | 'vendor' | 'vendorbug' | 'unknown';
  /** Which probe a runsc target's runs use: `native`, or `shell (why)` (src/probe/native.ts). */
  probe?: string;
}

/** Options of one run. */
export interface RunOptions {
  /** Per-case timeout in ms. */
  timeoutMs: number;
  /** Aborted on Ctrl-C: the target must clean up and return a timed-out/crashed RawRun or throw HarnessError. */
  signal?: AbortSignal;
}

/** Something that can run a Case and return what happened. */
export interface Target {
  info: TargetInfo;
  run(c: Case, options: RunOptions): Promise<RawRun>;
  /** Releases resources (idempotent). */
  close(): Promise<void>;
}
