/** `directfs-conformance run`: the example table plus N generated cases per requirement. */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { formatHelp, intOption, outputPathOption, parseCommandArgs, stringOption, type OptionTable, SEED_OPTION, JOBS_OPTION, TIMEOUT_OPTION, HELP_OPTION, seedOption } from '../args.js';
import { writeFileAtomic } from '../output.js';
import { setSandboxSlots } from '../../harness/sandbox-slots.js';
import { resolveTarget, simulatorFor } from '../../harness/targets.js';
import { openEvaluator } from '../evaluator.js';
import { ObservationCache, type Evaluator } from '../../runner/evaluate.js';
import { runSuite, type SuiteResult } from '../../runner/suite.js';
import { buildResultsJson, replayCommand } from '../../reports/results-json.js';
import { buildJunitXml } from '../../reports/junit.js';
import { formatCounterexample, formatSummary } from '../../reports/text.js';
import { UsageError } from '../../model/errors.js';

/** Options of `run`. */
export const RUN_OPTIONS = {
  target: { type: 'string', value: 'T', help: 'sim[:profile][+mutant:name], runsc:<alias> or a runsc path (default sim)' },
  cases: { type: 'string', value: 'N', help: 'generated cases per requirement (default 100)' },
  seed: SEED_OPTION,
  jobs: JOBS_OPTION,
  junit: { type: 'string', value: 'FILE', help: 'write JUnit XML here' },
  json: { type: 'string', value: 'FILE', help: 'write the results JSON (schema 1) here' },
  reference: { type: 'string', value: 'T', help: 'pre-feature target for DFS-DEFAULT-UNCHANGED (default: sim:prefeature for sim, runsc:prefeature if installed)' },
  'no-reference': { type: 'boolean', help: 'judge no differential requirement against a pre-feature build' },
  timeout: TIMEOUT_OPTION,
  'failures-dir': { type: 'string', value: 'DIR', help: 'where reproducers of failures are stored (default ./dfc-failures)' },
  help: HELP_OPTION,
} as const satisfies OptionTable;

const USAGE = 'directfs-conformance run [--target T] [--cases N] [--seed S] [--jobs J] [--junit FILE] [--json FILE]';
const DESCRIPTION = 'Runs the example table and N generated cases per requirement against one target and judges every requirement.\nExit: 0 all passed, 1 a requirement failed, 2 usage error, 3 incomplete (indeterminate or interrupted).';

/** Exit code of a finished run (DESIGN.md). */
export function exitCodeOf(r: SuiteResult): number {
  if (r.requirements.some((q) => q.status === 'failed')) return 1;
  if (r.interrupted || r.requirements.some((q) => q.status === 'indeterminate')) return 3;
  return 0;
}

/** Runs the command; returns the exit code. */
export async function runCommand(argv: string[], signal: AbortSignal): Promise<number> {
  const { values, positionals } = parseCommandArgs('run', argv, RUN_OPTIONS);
  if (values.help === true) {
    process.stdout.write(formatHelp(USAGE, DESCRIPTION, RUN_OPTIONS));
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`run: unexpected argument ${JSON.stringify(positionals[0])}`);
  const cases = intOption(values, 'cases', 100, 1);
  const seed = seedOption(values);
  const jobs = intOption(values, 'jobs', 1, 1);
  setSandboxSlots(jobs);
  const timeoutMs = intOption(values, 'timeout', 60, 1) * 1000;
  const junitPath = outputPathOption(values, 'junit');
  const jsonPath = outputPathOption(values, 'json');
  const failuresDir = resolve(stringOption(values, 'failures-dir') ?? 'dfc-failures');
  const opened = await openEvaluator(stringOption(values, 'target') ?? 'sim', values['no-reference'] === true ? null : stringOption(values, 'reference'), timeoutMs, signal);
  const { ev, target, reference } = opened;
  try {
    const simId = simulatorFor(target.info);
    const preShrink: Evaluator | undefined =
      simId === null ? undefined : { subject: new ObservationCache(await resolveTarget(simId), timeoutMs), reference: reference === null ? null : new ObservationCache(await resolveTarget('sim:prefeature'), timeoutMs) };
    process.stderr.write(`directfs-conformance run: target ${target.info.id}, seed ${seed}, ${cases} cases per requirement, ${jobs} job(s)\n`);
    const result = await runSuite(ev, reference?.info ?? null, {
      cases,
      seed,
      jobs,
      signal,
      ...(preShrink === undefined ? {} : { preShrink }),
      onRequirement: (r) => process.stderr.write(`  ${r.id}: ${r.status} (${r.runs} runs, ${r.observedMounts} mounts observed)\n`),
    });
    const failureFiles = storeFailures(result, failuresDir);
    process.stdout.write(`${formatSummary(result)}\n`);
    for (const req of result.requirements) {
      if (req.counterexample === null) continue;
      const file = failureFiles.get(req.id) as string;
      process.stdout.write(`\n${formatCounterexample(req.counterexample)}\n  reproducer: ${file}\n  replay:     ${replayCommand(target.info.id, file)}\n`);
    }
    process.stdout.write(`\nreplay this run: npx directfs-conformance run --target ${target.info.id} --seed ${seed} --cases ${cases}\n`);
    const quiet = result.requirements.filter((q) => q.status === 'not-applicable' || q.status === 'unobservable');
    if (quiet.length > 0) process.stdout.write(`NOTE: not judged on this target: ${quiet.map((q) => `${q.id} (${q.status})`).join(', ')}\n`);
    if (jsonPath !== undefined) writeFileAtomic(jsonPath, `${JSON.stringify(buildResultsJson(result, failureFiles), null, 2)}\n`);
    if (junitPath !== undefined) writeFileAtomic(junitPath, buildJunitXml(result));
    return exitCodeOf(result);
  } finally {
    await opened.close();
  }
}

/** Stores each counterexample as a replayable JSON file; returns requirement → path. */
function storeFailures(r: SuiteResult, dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const req of r.requirements) {
    const ce = req.counterexample;
    if (ce === null) continue;
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${req.id}-${r.target.id.replace(/[^A-Za-z0-9_.-]+/g, '_')}-seed${r.seed}.json`);
    const doc = { schema: 1, requirement: req.id, target: r.target.id, seed: ce.seed, path: ce.path, origin: ce.origin, detail: ce.verdict.detail, case: ce.case };
    writeFileAtomic(file, `${JSON.stringify(doc, null, 2)}\n`);
    files.set(req.id, file);
  }
  return files;
}
