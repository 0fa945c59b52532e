/** `directfs-conformance merge RESULT.json…`: the results, JUnit and findings of fuzz shards as one report. */
import { cpSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import {
  HELP_OPTION,
  outputDirOption,
  outputPathOption,
  parseCommandOrHelp,
  stringOption,
  type CommandDeclaration,
  type OptionTable,
} from '../args.js';
import { checkOutputTargets, outputOf, reportOutputFailures, writeOutputs } from '../output.js';
import { UsageError } from '../../model/errors.js';
import { buildFuzzJunit } from '../../fuzz/junit.js';
import { mergeFindings, mergeResults, type MergeInput } from '../../fuzz/merge.js';
import { readFuzzResults, type FuzzResults } from '../../fuzz/results.js';
import { formatShard } from '../../fuzz/shard.js';
import { formatStatistics, statisticsOf } from '../../fuzz/stats.js';

/** Options of `merge`. */
export const MERGE_OPTIONS = {
  json: { type: 'string', value: 'FILE', help: 'write the merged results JSON here (required)' },
  junit: { type: 'string', value: 'FILE', help: 'write the merged JUnit XML here' },
  findings: { type: 'string', value: 'DIR', help: 'copy each distinct finding directory once into DIR/<signature>/' },
  help: HELP_OPTION,
} as const satisfies OptionTable;

const MERGE_COMMAND: CommandDeclaration = {
  name: 'merge',
  usage: 'directfs-conformance merge RESULT.json… --json FILE [--junit FILE] [--findings DIR]',
  description: [
    'Merges the results JSON of fuzz shards (fuzz --shard i/n --json) into one report: cases summed, distinct',
    'behaviours unioned, statistics added, findings deduplicated by signature. Each shard JSON says where its',
    'findings directory is (relative to the JSON file); with --findings every distinct one is copied once.',
    'Every input is checked before anything is written.',
    'Exit: 0 no new finding; 1 a new finding; 2 usage error or bad input (nothing written).',
  ].join('\n'),
  options: MERGE_OPTIONS,
  positionals: { min: 1, max: 10_000, what: 'one or more RESULT.json files' },
};

/** Where a finding of `input` is on disk: its findings directory (relative to the JSON file) plus the signature. */
function sourceDir(input: MergeInput, signature: string): string {
  const base = input.results.findingsDir;
  if (base === null) throw new UsageError(`${input.file}: lists findings but no findingsDir`);
  return resolve(dirname(input.file), base, signature);
}

/** Copies `from` to `to` through a temporary sibling, unless `to` is already there. */
function copyOnce(from: string, to: string): void {
  if (existsSync(to)) return;
  const tmp = `${to}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  cpSync(from, tmp, { recursive: true });
  renameSync(tmp, to);
}

/** The merge's text summary. */
function formatMerge(r: FuzzResults, inputs: number): string {
  const lines = [
    `merge of ${inputs} result(s) on ${r.target.id} (shards ${r.shards.map(formatShard).join(', ')}): ` +
      `${r.cases} cases${r.interrupted ? ', some interrupted' : ''}`,
    `distinct behaviours: ${r.behaviours}`,
    `findings: ${r.findings.length} distinct; ${r.findings.filter((f) => f.new).length} new, ` +
      `${r.findings.filter((f) => f.known).length} known`,
  ];
  for (const f of r.findings) {
    const state = f.known ? 'known' : f.new ? 'new' : 'stored';
    lines.push(`  ${state.padEnd(6)} ${f.kind} ${f.requirement ?? 'runsc'} ${f.reproduced}`, `         ${f.dir}`);
  }
  return `${lines.join('\n')}\n${formatStatistics(statisticsOf(r.statistics.cells))}`;
}

/** Runs the command; returns the exit code. */
export async function mergeCommand(argv: string[]): Promise<number> {
  const parsed = parseCommandOrHelp(MERGE_COMMAND, argv);
  if (parsed === null) return 0;
  const { values, positionals } = parsed;
  const jsonPath = outputPathOption(values, 'json');
  if (jsonPath === undefined) throw new UsageError('merge needs --json FILE for the merged results');
  const junitPath = outputPathOption(values, 'junit');
  checkOutputTargets({ json: jsonPath, junit: junitPath });
  const findingsOut = stringOption(values, 'findings') === undefined ? null : outputDirOption(values, 'findings', '.');
  const inputs: MergeInput[] = positionals.map((file) => ({ file, results: readFuzzResults(file) }));
  const copies = mergeFindings(inputs).map((m) => ({ m, from: sourceDir(m.from, m.finding.signature) }));
  const fromOf = new Map(copies.map((c) => [c.m.finding.signature, c.from]));
  if (findingsOut !== null) {
    for (const { from } of copies) {
      if (statSync(from, { throwIfNoEntry: false })?.isDirectory() !== true) {
        throw new UsageError(`${from}: finding directory not found (copy each shard's findings beside its JSON)`);
      }
    }
  }
  const merged = mergeResults(
    inputs,
    findingsOut === null ? null : relative(dirname(jsonPath), findingsOut) || '.',
    (f) => (findingsOut === null ? (fromOf.get(f.signature) ?? f.dir) : join(findingsOut, f.signature)),
  );
  if (findingsOut !== null) {
    mkdirSync(findingsOut, { recursive: true });
    for (const { m, from } of copies) copyOnce(from, join(findingsOut, m.finding.signature));
  }
  process.stdout.write(formatMerge(merged, inputs.length));
  const props = {
    target: merged.target.id,
    shards: merged.shards.map(formatShard).join(' '),
    cases: String(merged.cases),
  };
  reportOutputFailures(
    writeOutputs([
      outputOf('json', jsonPath, () => `${JSON.stringify(merged, null, 2)}\n`),
      outputOf('junit', junitPath, () =>
        buildFuzzJunit(`fuzz ${merged.target.id} merged`, props, merged.findings, merged.elapsedMs),
      ),
    ]),
  );
  return merged.findings.some((f) => f.new && !f.known) ? 1 : 0;
}
