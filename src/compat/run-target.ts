/**
 * One target of a compatibility report: probe its capabilities, decide the
 * requirements that apply, and run the suite (the same entry `run` uses) on
 * those. Failures are shrunk on the simulator of the target's family first.
 */
import type { RequirementId } from '../model/requirements.js';
import type { SuiteResult } from '../model/result.js';
import type { Target } from '../model/target.js';
import { defaultReferenceId, resolveTarget, simulatorFor } from '../harness/targets.js';
import { ObservationCache, type Evaluator } from '../runner/evaluate.js';
import { runSuite } from '../runner/suite.js';
import { detectCapabilities } from '../capabilities/detect.js';
import type { Capabilities } from '../capabilities/capabilities.js';
import { applicableRequirements, type Applicability } from './applicability.js';

/** Options of {@link runReportTarget}. */
export interface ReportRunOptions {
  cases: number;
  seed: number;
  jobs: number;
  timeoutMs: number;
  signal: AbortSignal;
  /** Budget for shrinking a failure on the target itself. */
  shrinkBudgetMs: number;
  /** Progress lines (stderr). */
  say: (line: string) => void;
}

/** What one target's part of the report produced. */
export interface TargetRun {
  capabilities: Capabilities;
  applicability: Applicability;
  result: SuiteResult | null;
}

async function preShrinkOf(target: Target, reference: Target | null, timeoutMs: number): Promise<Evaluator | null> {
  const simId = simulatorFor(target.info);
  if (simId === null) return null;
  const subject = new ObservationCache(await resolveTarget(simId), timeoutMs);
  const ref = reference === null ? null : new ObservationCache(await resolveTarget('sim:prefeature'), timeoutMs);
  return { subject, reference: ref };
}

/** Probes and judges `target` (already resolved; the caller closes it). */
export async function runReportTarget(target: Target, options: ReportRunOptions): Promise<TargetRun> {
  const { timeoutMs, signal, say } = options;
  const capabilities = await detectCapabilities(target, { timeoutMs, signal });
  say(
    `  ${target.info.id}: mount opt-out ${capabilities.mountOptOut.value}, rootfs opt-out ` +
      `${capabilities.rootfsOptOut.value}, --directfs ${String(capabilities.directfsFlag.value)}`,
  );
  const applicability = applicableRequirements(capabilities);
  if (applicability.judged.length === 0 || signal.aborted) return { capabilities, applicability, result: null };
  const refId = defaultReferenceId(target.info);
  const reference = refId === null ? null : await resolveTarget(refId);
  try {
    const ev: Evaluator = {
      subject: new ObservationCache(target, timeoutMs, signal),
      reference: reference === null ? null : new ObservationCache(reference, timeoutMs, signal),
    };
    const preShrink = await preShrinkOf(target, reference, timeoutMs);
    const result = await runSuite(ev, reference?.info ?? null, {
      cases: options.cases,
      seed: options.seed,
      jobs: options.jobs,
      signal,
      requirements: applicability.judged as RequirementId[],
      shrinkBudgetMs: options.shrinkBudgetMs,
      ...(preShrink === null ? {} : { preShrink }),
      onRequirement: (r) => say(`    ${r.id}: ${r.status} (${r.runs} runs, ${r.observedMounts} mounts observed)`),
    });
    return { capabilities, applicability, result };
  } finally {
    await reference?.close();
  }
}
