/**
 * The measurements of `bench`: a conformance run's cost (wall, CPU, target
 * runs, conclusive verdicts), time to the first failure of a run, and the
 * CPU time of the processes a piece of work started and waited for.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { RequirementId } from '../model/requirements.js';
import { RUN_KINDS, type RunKind, type SuiteResult } from '../model/result.js';
import { setSandboxSlots } from '../harness/sandbox-slots.js';
import { openEvaluator } from '../cli/evaluator.js';
import { runSuite } from './suite.js';

/** What one conformance run cost and bought. */
export interface RunCost {
  target: string;
  cases: number;
  jobs: number;
  wallMs: number;
  /** CPU of this process (the simulator runs in it). */
  cpuMs: number;
  /** CPU of the child processes started and waited for during the run (real sandboxes). */
  childCpuMs: number;
  verdicts: number;
  conclusive: number;
  targetRuns: Record<RunKind, number> & { total: number };
  interrupted: boolean;
}

/** Clock ticks per second of /proc times (USER_HZ, 100 on Linux). */
const USER_HZ = 100;

/** CPU milliseconds of this process's waited-for children (0 where /proc is missing). */
export function childCpuMs(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 16 and 17 of /proc/PID/stat (cutime, cstime), counted from the state field (3).
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / USER_HZ;
  } catch {
    return 0;
  }
}

/** Sums the target runs of a result into a record with a total. */
function withTotal(runs: Record<RunKind, number>): Record<RunKind, number> & { total: number } {
  return { ...runs, total: RUN_KINDS.reduce((n, k) => n + runs[k], 0) };
}

/** Options of one measured run. */
export interface MeasureOptions {
  target: string;
  /** Pre-feature reference: `undefined` the target's default, `null` none. */
  reference?: string | null;
  cases: number;
  seed: number;
  jobs: number;
  timeoutMs: number;
  signal: AbortSignal;
  requirements?: readonly RequirementId[];
}

/** Runs the suite once on fresh caches and measures it. */
export async function measureRun(o: MeasureOptions): Promise<RunCost> {
  setSandboxSlots(o.jobs);
  const opened = await openEvaluator(o.target, o.reference, o.timeoutMs, o.signal);
  const cpu0 = process.cpuUsage();
  const child0 = childCpuMs();
  const t0 = performance.now();
  let r: SuiteResult;
  try {
    const options = { cases: o.cases, seed: o.seed, jobs: o.jobs, signal: o.signal };
    r = await runSuite(opened.ev, opened.reference?.info ?? null, {
      ...options,
      ...(o.requirements === undefined ? {} : { requirements: o.requirements }),
    });
  } finally {
    await opened.close();
  }
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const counts = r.requirements.map((q) => q.counts);
  return {
    target: o.target,
    cases: o.cases,
    jobs: o.jobs,
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    childCpuMs: childCpuMs() - child0,
    verdicts: r.requirements.reduce((n, q) => n + q.runs, 0),
    conclusive: counts.reduce((n, c) => n + c.passed + c.failed, 0),
    targetRuns: withTotal(r.targetRuns),
    interrupted: r.interrupted,
  };
}

/** Time to a run's first failed verdict, and which requirement failed; null when nothing failed. */
export interface FirstFailure {
  target: string;
  ms: number | null;
  requirement: RequirementId | null;
}

/**
 * Runs the suite on `o.target` until the first failed verdict (then stops the
 * run: no shrinking) and returns how long it took.
 */
export async function timeToFirstFailure(o: MeasureOptions): Promise<FirstFailure> {
  setSandboxSlots(o.jobs);
  const stop = new AbortController();
  const onOuterAbort = (): void => stop.abort();
  o.signal.addEventListener('abort', onOuterAbort, { once: true });
  const opened = await openEvaluator(o.target, o.reference, o.timeoutMs, stop.signal);
  const t0 = performance.now();
  let found: FirstFailure = { target: o.target, ms: null, requirement: null };
  try {
    await runSuite(opened.ev, opened.reference?.info ?? null, {
      cases: o.cases,
      seed: o.seed,
      jobs: o.jobs,
      signal: stop.signal,
      ...(o.requirements === undefined ? {} : { requirements: o.requirements }),
      onFirstFailure: (requirement) => {
        if (found.ms !== null) return;
        found = { target: o.target, ms: performance.now() - t0, requirement };
        stop.abort();
      },
    });
  } finally {
    o.signal.removeEventListener('abort', onOuterAbort);
    await opened.close();
  }
  return found;
}
