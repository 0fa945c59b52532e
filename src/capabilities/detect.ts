/**
 * Capability detection of a target: the probe cases run through the
 * target's own `run` (the simulator in-process, a runsc build as a process),
 * so both answer along the same code path. Real builds are cached per binary
 * content hash; a probe that could not tell is never cached.
 */
import type { RawRun } from '../model/raw-run.js';
import type { Target } from '../model/target.js';
import { maskRunText, observe } from '../harness/observe.js';
import type { Capabilities } from './capabilities.js';
import { capabilitiesDir, hashFile, readCachedCapabilities, writeCachedCapabilities } from './cache.js';
import { classifyProbes, type ProbeRun } from './classify.js';
import { PROBES, PROBE_NAMES, type ProbeName } from './probe-cases.js';

/** Options of {@link detectCapabilities}. */
export interface DetectOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** Cache directory (default: the suite's); `null` turns the cache off. */
  cacheDir?: string | null;
}

function probeRunOf(raw: RawRun): ProbeRun {
  const text = [raw.stderr, raw.logs.run, raw.logs.boot, raw.logs.gofer].join('\n');
  const lines = maskRunText(text, raw.caseRoot, raw.containerId)
    .split('\n')
    .filter((l) => l.trim() !== '');
  return { observation: observe(raw), lines };
}

/** Runs the probes on `target`, one after another. */
export async function runProbes(target: Target, options: DetectOptions): Promise<Record<ProbeName, ProbeRun>> {
  const runs: Partial<Record<ProbeName, ProbeRun>> = {};
  const { timeoutMs, signal } = options;
  const runOptions = signal === undefined ? { timeoutMs } : { timeoutMs, signal };
  for (const name of PROBE_NAMES) runs[name] = probeRunOf(await target.run(PROBES[name], runOptions));
  return runs as Record<ProbeName, ProbeRun>;
}

function isConclusive(c: Capabilities): boolean {
  return c.mountOptOut.value !== 'undetermined' && c.rootfsOptOut.value !== 'undetermined';
}

/** The capabilities of `target`: from the cache for a known binary, else probed (and cached when conclusive). */
export async function detectCapabilities(target: Target, options: DetectOptions): Promise<Capabilities> {
  const path = target.info.kind === 'runsc' ? target.info.path : null;
  const sha = path === null ? null : await hashFile(path);
  const dir = options.cacheDir === undefined ? capabilitiesDir() : options.cacheDir;
  if (sha !== null && dir !== null) {
    const cached = readCachedCapabilities(sha, dir);
    if (cached !== null) return cached;
  }
  const caps = classifyProbes(await runProbes(target, options), sha);
  if (dir !== null && isConclusive(caps) && options.signal?.aborted !== true) {
    writeCachedCapabilities(caps, dir);
  }
  return caps;
}
