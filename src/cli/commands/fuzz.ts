/** `directfs-conformance fuzz`: a time-boxed, behaviour-guided search that stores every finding as a reproducer. */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import {
  HELP_OPTION,
  intOption,
  JOBS_OPTION,
  outputDirOption,
  outputPathOption,
  parseCommandOrHelp,
  SEED_OPTION,
  seedOption,
  stringOption,
  TIMEOUT_OPTION,
  type CommandDeclaration,
  type OptionTable,
} from '../args.js';
import { checkOutputTargets, outputOf, reportOutputFailures, writeOutputs } from '../output.js';
import { openEvaluatorFromOptions, REFERENCE_OPTIONS } from '../evaluator.js';
import { UsageError } from '../../model/errors.js';
import { targetLabelOf } from '../../model/case-rules.js';
import type { Target } from '../../model/target.js';
import { setSandboxSlots } from '../../harness/sandbox-slots.js';
import { resolveTarget, simulatorFor } from '../../harness/targets.js';
import { ObservationCache, type Evaluator } from '../../runner/evaluate.js';
import { parseDuration } from '../../fuzz/duration.js';
import { fuzz, type FuzzSummary } from '../../fuzz/loop.js';
import { fuzzProgressPrinter } from '../../fuzz/progress.js';
import { findingSignature } from '../../fuzz/finding.js';
import { reproduceFinding, TARGET_SHRINK_ATTEMPTS } from '../../fuzz/reproduce.js';
import { storeFinding } from '../../fuzz/store.js';
import { formatFuzzReport, fuzzResultsJson, type ReportedFinding, type SearchSetup } from '../../fuzz/report.js';
import { buildFuzzJunit } from '../../fuzz/junit.js';
import { knownReason, knownSignatures, PACKAGE_CORPUS } from '../../fuzz/known.js';
import { formatShard, parseShard, WHOLE } from '../../fuzz/shard.js';

/** Options of `fuzz`. */
export const FUZZ_OPTIONS = {
  target: {
    type: 'string',
    value: 'T',
    help: 'sim[:profile][+mutant:name], runsc:<alias> or a runsc path (default sim)',
  },
  duration: { type: 'string', value: 'D', help: 'how long to search: 30s, 10m, 2h (required)' },
  corpus: {
    type: 'string',
    value: 'DIR',
    help: 'keep the corpus (queue/) and findings (findings/) here (default ./dfc-fuzz)',
  },
  jobs: JOBS_OPTION,
  seed: SEED_OPTION,
  shard: {
    type: 'string',
    value: 'i/n',
    help: 'search only shard i of n (n jobs with one --seed cover disjoint cases)',
  },
  json: { type: 'string', value: 'FILE', help: 'write the results JSON (summary, statistics, findings) here' },
  junit: { type: 'string', value: 'FILE', help: 'write JUnit XML here: a testcase per finding' },
  known: {
    type: 'string',
    value: 'DIR',
    help: 'checked-in corpus whose findings count as known, not new (default the package corpus/)',
  },
  'no-guidance': { type: 'boolean', help: 'pure random generation, no corpus mutation (the baseline to compare with)' },
  ...REFERENCE_OPTIONS,
  timeout: TIMEOUT_OPTION,
  help: HELP_OPTION,
} as const satisfies OptionTable;

const FUZZ_COMMAND: CommandDeclaration = {
  name: 'fuzz',
  usage:
    'directfs-conformance fuzz --target T --duration D [--corpus DIR] [--jobs N] [--seed S] [--shard i/n]\n' +
    '       [--json FILE] [--junit FILE] [--known DIR]',
  description: [
    'Draws and judges cases by every requirement until the time is up. Cases whose normalised behaviour is new join',
    'the corpus; about half the cases are mutants of corpus cases (unless --no-guidance). Every failure, crash and',
    'hang is shrunk, re-run three times and stored once as DIR/findings/<signature>/ (case.json, repro.sh, …).',
    'A finding the checked-in corpus (--known) stands for is reported as known. At the end it prints the',
    'distribution of cases over the statistics cells and flags any claimed cell no case reached.',
    'Exit: 0 nothing new found; 1 a new finding was stored; 2 usage error; 3 interrupted (Ctrl-C).',
  ].join('\n'),
  options: FUZZ_OPTIONS,
  positionals: { min: 0, max: 0, what: 'no arguments' },
};

/** Cache of one target (and its reference) with empty memos. */
function evaluatorOf(target: Target, reference: Target | null, timeoutMs: number, signal?: AbortSignal): Evaluator {
  return {
    subject: new ObservationCache(target, timeoutMs, signal),
    reference: reference === null ? null : new ObservationCache(reference, timeoutMs, signal),
  };
}

/** Runs the command; returns the exit code. */
export async function fuzzCommand(argv: string[], signal: AbortSignal): Promise<number> {
  const parsed = parseCommandOrHelp(FUZZ_COMMAND, argv);
  if (parsed === null) return 0;
  const { values } = parsed;
  const rawDuration = stringOption(values, 'duration');
  if (rawDuration === undefined) throw new UsageError('fuzz needs --duration D (for example 30s, 10m or 2h)');
  const durationMs = parseDuration(rawDuration);
  const seed = seedOption(values);
  const jobs = intOption(values, 'jobs', 1, 1);
  const timeoutMs = intOption(values, 'timeout', 60, 1) * 1000;
  const rawShard = stringOption(values, 'shard');
  const shard = rawShard === undefined ? WHOLE : parseShard(rawShard);
  const jsonPath = outputPathOption(values, 'json');
  const junitPath = outputPathOption(values, 'junit');
  checkOutputTargets({ json: jsonPath, junit: junitPath });
  const knownDir = resolve(stringOption(values, 'known') ?? PACKAGE_CORPUS);
  if (values.known !== undefined && !existsSync(knownDir))
    throw new UsageError(`--known ${knownDir}: no such directory`);
  const known = knownSignatures(knownDir);
  const keepQueue = values.corpus !== undefined;
  const corpusDir = outputDirOption(values, 'corpus', 'dfc-fuzz');
  const guided = values['no-guidance'] !== true;
  setSandboxSlots(jobs);
  const opened = await openEvaluatorFromOptions(values, timeoutMs, signal);
  const { ev, target, reference } = opened;
  const extra: Target[] = [];
  try {
    const simId = simulatorFor(target.info);
    let shrinkOn: Evaluator | null = ev;
    if (simId !== null) {
      const sim = await resolveTarget(simId);
      const simRef = reference === null ? null : await resolveTarget('sim:prefeature');
      extra.push(sim, ...(simRef === null ? [] : [simRef]));
      shrinkOn = evaluatorOf(sim, simRef, timeoutMs);
    }
    const mode = guided ? 'guided' : 'unguided';
    const shardText = shard.count > 1 ? `, shard ${formatShard(shard)}` : '';
    process.stderr.write(
      `directfs-conformance fuzz: target ${target.info.id}, seed ${seed}${shardText}, ${rawDuration.trim()} ${mode}, ` +
        `${jobs} job(s), corpus ${corpusDir}, ${known.size} known finding(s)\n`,
    );
    const progress = fuzzProgressPrinter((t) => process.stderr.write(t), process.stderr.isTTY === true);
    const reported: ReportedFinding[] = [];
    const stored = new Set<string>();
    const summary: FuzzSummary = await fuzz(ev, {
      durationMs,
      seed,
      shard,
      jobs,
      guided,
      signal,
      onProgress: (c, ms) => progress.update(c, ms),
      onNewBehaviour: (c, sig) => {
        if (!keepQueue) return;
        mkdirSync(join(corpusDir, 'queue'), { recursive: true });
        const doc = { schema: 1, requirement: null, target: targetLabelOf(target.info.id), case: c };
        writeFileSync(join(corpusDir, 'queue', `${sig}.json`), `${JSON.stringify(doc, null, 2)}\n`);
      },
      onFinding: async (f) => {
        if (signal.aborted) return;
        // A finding the checked-in corpus already stands for is not shrunk again (the corpus has its minimal case),
        // nor is a failure the oracles tagged as a known upstream bug (its reproducer is listed in the README).
        const knownBefore = knownReason(findingSignature(f), f.verdict, known) !== null;
        const found = await reproduceFinding(f, {
          shrinkOn: knownBefore ? null : shrinkOn,
          freshTarget: () => evaluatorOf(target, reference, timeoutMs, signal),
          // A real finding the simulator does not show is shrunk on the build itself, within a bounded budget.
          targetShrinkBudget: knownBefore || target.info.kind === 'sim' ? 0 : TARGET_SHRINK_ATTEMPTS,
        });
        if (signal.aborted || stored.has(found.signature)) return;
        stored.add(found.signature);
        const { dir, isNew } = storeFinding(corpusDir, found, target.info);
        const knownAs = knownReason(found.signature, found.verdict, known);
        const isKnown = knownAs !== null;
        reported.push({ finding: found, dir, isNew, known: isKnown });
        const tag = knownAs ?? (isNew ? 'new' : 'stored');
        process.stderr.write(`\n${tag} ${found.kind}: ${dir} (${found.reproduced})\n`);
      },
    });
    progress.done(summary, summary.elapsedMs);
    const setup: SearchSetup = { target: target.info, seed, shard, guided };
    process.stdout.write(formatFuzzReport(summary, reported, setup));
    const findingsDir = join(corpusDir, 'findings');
    const results = (): ReturnType<typeof fuzzResultsJson> => {
      const at = jsonPath === undefined ? null : relative(dirname(jsonPath), findingsDir) || '.';
      return fuzzResultsJson(summary, reported, setup, reported.length === 0 ? null : at);
    };
    const junitFindings = (): string => {
      const name = `fuzz ${target.info.id}${shard.count > 1 ? ` shard ${formatShard(shard)}` : ''}`;
      const props = {
        target: target.info.id,
        seed: String(seed),
        shard: formatShard(shard),
        cases: String(summary.cases),
      };
      return buildFuzzJunit(name, props, results().findings, summary.elapsedMs);
    };
    reportOutputFailures(
      writeOutputs([
        outputOf('json', jsonPath, () => `${JSON.stringify(results(), null, 2)}\n`),
        outputOf('junit', junitPath, junitFindings),
      ]),
    );
    if (reported.some((r) => r.isNew && !r.known)) return 1;
    return summary.interrupted ? 3 : 0;
  } finally {
    for (const t of extra) await t.close();
    await opened.close();
  }
}
