/** `directfs-conformance run`: the example table plus N generated cases, each judged by every requirement. */
import { join } from 'node:path';
import {
  intOption,
  outputDirOption,
  outputPathOption,
  parseCommandOrHelp,
  stringOption,
  type CommandDeclaration,
  type OptionTable,
  type ParsedValues,
  SEED_OPTION,
  JOBS_OPTION,
  TIMEOUT_OPTION,
  HELP_OPTION,
  seedOption,
} from '../args.js';
import { checkOutputTargets, outputOf, reportOutputFailures, writeOutputs } from '../output.js';
import { targetLabelOf } from '../../model/case-rules.js';
import { setSandboxSlots } from '../../harness/sandbox-slots.js';
import { resolveTarget, simulatorFor } from '../../harness/targets.js';
import { openEvaluatorFromOptions, REFERENCE_OPTIONS } from '../evaluator.js';
import { ObservationCache, type Evaluator } from '../../runner/evaluate.js';
import { runSuite } from '../../runner/suite.js';
import type { SuiteResult } from '../../model/result.js';
import { buildResultsJson, replayCommand } from '../../reports/results-json.js';
import { formatCounterexample, formatGate, formatSummary } from '../../reports/text.js';
import { decideGate } from '../../runner/gate.js';
import { formatKnownBugs, strictGate } from '../../reports/known-bugs.js';
import { progressPrinter } from '../../reports/progress.js';
import { REQUIREMENT_IDS, isRequirementId, type RequirementId } from '../../model/requirements.js';
import { requirementsFor } from '../../oracles/dfs-vendor-claims.js';
import { UsageError } from '../../model/errors.js';
import { DEFAULT_JOBS_RULE, defaultJobs } from '../../runner/jobs.js';

/**
 * Generated cases of a run by default: 280 judge every requirement on at least
 * half the mounts that 100 cases per requirement did, at 4.4+ conclusive
 * verdicts per target run (`scripts/bench-coverage.mjs`).
 */
export const DEFAULT_CASES = 280;

/** Options of `run`. */
export const RUN_OPTIONS = {
  target: {
    type: 'string',
    value: 'T',
    help: 'sim[:profile][+mutant:name], runsc:<alias> or a runsc path (default sim)',
  },
  cases: {
    type: 'string',
    value: 'N',
    help: `generated cases in all, drawn in turn from each requirement's focused generator (default ${DEFAULT_CASES})`,
  },
  seed: SEED_OPTION,
  jobs: {
    ...JOBS_OPTION,
    help: `sandboxes at once (default: ${DEFAULT_JOBS_RULE}, ${defaultJobs()} here)`,
  },
  junit: { type: 'string', value: 'FILE', help: 'write JUnit XML here' },
  json: { type: 'string', value: 'FILE', help: 'write the results JSON (schema 1) here' },
  ...REFERENCE_OPTIONS,
  timeout: TIMEOUT_OPTION,
  'failures-dir': {
    type: 'string',
    value: 'DIR',
    help: 'where reproducers of failures are stored (default ./dfc-failures)',
  },
  requirement: {
    type: 'string',
    value: 'ID[,ID…]',
    help: 'judge only these requirements (default: all; DFS-VENDOR-* only on a target that claims mounts)',
  },
  skip: { type: 'string', value: 'ID[,ID…]', help: 'judge every requirement but these' },
  'allow-unjudged': {
    type: 'string',
    value: 'ID[,ID…]',
    help: 'requirements that may end not-applicable or unobservable without failing the gate (exit 3 otherwise)',
  },
  'strict-known-bugs': {
    type: 'boolean',
    help: 'a known upstream bug met by the run fails the gate (exit 1); by default it is reported as an expected failure',
  },
  help: HELP_OPTION,
} as const satisfies OptionTable;

const USAGE = 'directfs-conformance run [--target T] [--cases N] [--seed S] [--jobs J] [--junit FILE] [--json FILE]';
const DESCRIPTION = [
  'Runs the example table and N generated cases against one target; every case is judged by every requirement.',
  'Exit: 0 every requirement judged and passed; 1 a requirement failed; 2 usage error;',
  '3 incomplete: interrupted, indeterminate (timeout, crash), or a requirement left unjudged',
  '(not-applicable or unobservable for the whole run) that --allow-unjudged does not name.',
].join('\n');

const RUN_COMMAND: CommandDeclaration = {
  name: 'run',
  usage: USAGE,
  description: DESCRIPTION,
  options: RUN_OPTIONS,
  positionals: { min: 0, max: 0, what: 'no arguments' },
};

/** A comma-separated list of requirement IDs from option `name` (UsageError naming an unknown ID). */
export function requirementListOption(values: ParsedValues, name: string): RequirementId[] | undefined {
  const raw = stringOption(values, name);
  if (raw === undefined) return undefined;
  const ids = raw
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
  for (const id of ids) {
    if (!isRequirementId(id)) {
      throw new UsageError(
        `--${name}: unknown requirement ${JSON.stringify(id)} (known: ${REQUIREMENT_IDS.join(', ')})`,
      );
    }
  }
  if (ids.length === 0) throw new UsageError(`--${name} needs at least one requirement ID`);
  return ids as RequirementId[];
}

/** The requirements a run judges: `--requirement` (default all) minus `--skip`, in contract order. */
export function selectedRequirements(values: ParsedValues): RequirementId[] {
  const only = new Set(requirementListOption(values, 'requirement') ?? REQUIREMENT_IDS);
  const skip = new Set(requirementListOption(values, 'skip') ?? []);
  const selected = REQUIREMENT_IDS.filter((id) => only.has(id) && !skip.has(id));
  if (selected.length === 0) throw new UsageError('--requirement and --skip leave no requirement to judge');
  return selected;
}

/** Runs the command; returns the exit code. */
export async function runCommand(argv: string[], signal: AbortSignal): Promise<number> {
  const parsed = parseCommandOrHelp(RUN_COMMAND, argv);
  if (parsed === null) return 0;
  const { values } = parsed;
  const cases = intOption(values, 'cases', DEFAULT_CASES, 1);
  const seed = seedOption(values);
  const jobs = intOption(values, 'jobs', defaultJobs(), 1);
  setSandboxSlots(jobs);
  const timeoutMs = intOption(values, 'timeout', 60, 1) * 1000;
  const junitPath = outputPathOption(values, 'junit');
  const jsonPath = outputPathOption(values, 'json');
  const failuresDir = outputDirOption(values, 'failures-dir', 'dfc-failures');
  checkOutputTargets({ json: jsonPath, junit: junitPath });
  const allowUnjudged = new Set(requirementListOption(values, 'allow-unjudged') ?? []);
  const requirements = selectedRequirements(values);
  const opened = await openEvaluatorFromOptions(values, timeoutMs, signal);
  const { ev, target, reference } = opened;
  // Without --requirement, the vendor requirements are judged only on a target whose gofer claims mounts.
  const judged =
    requirementListOption(values, 'requirement') === undefined
      ? requirements.filter((id) => requirementsFor(target.info).includes(id))
      : requirements;
  try {
    const simId = simulatorFor(target.info);
    const preShrink: Evaluator | undefined =
      simId === null
        ? undefined
        : {
            subject: new ObservationCache(await resolveTarget(simId), timeoutMs),
            reference:
              reference === null ? null : new ObservationCache(await resolveTarget('sim:prefeature'), timeoutMs),
          };
    process.stderr.write(
      `directfs-conformance run: target ${target.info.id}, seed ${seed}, ${cases} generated cases, ${jobs} job(s)\n`,
    );
    const result = await runSuite(ev, reference?.info ?? null, {
      cases,
      seed,
      jobs,
      signal,
      requirements: judged,
      ...(preShrink === undefined ? {} : { preShrink }),
      onProgress: progressPrinter((text) => process.stderr.write(text), process.stderr.isTTY === true),
      onRequirement: (r) =>
        process.stderr.write(`  ${r.id}: ${r.status} (${r.runs} runs, ${r.observedMounts} mounts observed)\n`),
    });
    const failureFiles = storeFailures(result, failuresDir);
    process.stdout.write(`${formatSummary(result)}\n`);
    for (const req of result.requirements) {
      if (req.counterexample === null) continue;
      const file = failureFiles.get(req.id) as string;
      process.stdout.write(
        `\n${formatCounterexample(req.counterexample)}\n  reproducer: ${file}\n  replay:     ${replayCommand(target.info.id, file)}\n`,
      );
    }
    process.stdout.write(
      `\nreplay this run: npx directfs-conformance run --target ${target.info.id} --seed ${seed} --cases ${cases}\n`,
    );
    const strictKnownBugs = values['strict-known-bugs'] === true;
    const gate = strictKnownBugs
      ? strictGate(decideGate(result, allowUnjudged), result)
      : decideGate(result, allowUnjudged);
    process.stdout.write(formatKnownBugs(result, strictKnownBugs));
    process.stdout.write(formatGate(gate));
    // The JUnit builder (a large CommonJS module) is loaded only for a run that writes JUnit.
    const junitXml = junitPath === undefined ? null : (await import('../../reports/junit.js')).buildJunitXml;
    reportOutputFailures(
      writeOutputs([
        outputOf('json', jsonPath, () => `${JSON.stringify(buildResultsJson(result, failureFiles, gate), null, 2)}\n`),
        outputOf('junit', junitPath, () => junitXml?.(result, gate) ?? ''),
      ]),
    );
    return gate.exitCode;
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
    const name = `${req.id}-${r.target.id.replace(/[^A-Za-z0-9_.-]+/g, '_')}-seed${r.seed}.json`;
    const file = join(dir, name);
    const doc = {
      schema: 1,
      requirement: req.id,
      target: targetLabelOf(r.target.id),
      seed: ce.seed,
      path: ce.path,
      origin: ce.origin,
      detail: ce.verdict.detail,
      case: ce.case,
    };
    const failed = writeOutputs(
      [{ option: 'failures-dir', path: file, content: () => `${JSON.stringify(doc, null, 2)}\n` }],
      dir,
    );
    reportOutputFailures(failed);
    if (failed.length === 0) files.set(req.id, file);
  }
  return files;
}
