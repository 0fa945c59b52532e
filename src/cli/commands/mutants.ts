/** `directfs-conformance mutants`: the suite against every simulator mutant, with the mutation score. */
import {
  intOption,
  outputPathOption,
  parseCommandOrHelp,
  type CommandDeclaration,
  type OptionTable,
  SEED_OPTION,
  JOBS_OPTION,
  HELP_OPTION,
  seedOption,
} from '../args.js';
import { outputOf, reportOutputFailures, writeOutputs } from '../output.js';
import { UsageError } from '../../model/errors.js';
import { createSimTarget } from '../../harness/sim-target.js';
import { describeIntended, MUTANTS, MUTANT_NAMES, isMutantName, type MutantName } from '../../simulator/mutants.js';
import { mutantsJson, runMutants, type MutantResult, type MutationResult } from '../../runner/mutation.js';
import { median } from '../../runner/tally.js';

/** Options of `mutants`. */
export const MUTANTS_OPTIONS = {
  cases: { type: 'string', value: 'N', help: 'generated cases per mutant, each judged by every requirement (default 100)' },
  seed: SEED_OPTION,
  jobs: JOBS_OPTION,
  json: { type: 'string', value: 'FILE', help: 'write the mutants JSON (schema 1) here' },
  only: { type: 'string', multiple: true, value: 'NAME', help: 'run only these mutants (repeatable)' },
  help: HELP_OPTION,
} as const satisfies OptionTable;

const MUTANTS_COMMAND: CommandDeclaration = {
  name: 'mutants',
  usage: 'directfs-conformance mutants [--cases N] [--seed S] [--json FILE]',
  description:
    'Runs the whole suite against every simulator mutant (a named, plausible implementation fault). Each mutant\n' +
    'declares the requirement(s) and kind of failure (mount-state, warning, workload, start) that are its symptom;\n' +
    'it counts as killed only when one of them fails that way. Other failures are shown as collateral.\n' +
    'Exit: 0 every mutant killed as intended, 1 a mutant survived or died only collaterally, 2 usage error,\n' +
    '3 interrupted.',
  options: MUTANTS_OPTIONS,
  positionals: { min: 0, max: 0, what: 'no argument' },
};

const COLUMNS = { name: 30, status: 11, cases: 8, mounts: 7, intended: 34 } as const;

function row(m: MutantResult): string {
  const status = m.killed ? 'killed' : m.collateral.length > 0 ? 'COLLATERAL' : 'SURVIVED';
  const cases = m.casesToKill ?? (m.killed ? 'example' : '-');
  const killers = m.intendedKills.length === 0 ? '-' : m.intendedKills.join(',');
  const collateral = m.collateral.length === 0 ? '' : m.collateral.join(',');
  return [
    m.name.padEnd(COLUMNS.name),
    status.padEnd(COLUMNS.status),
    String(cases).padEnd(COLUMNS.cases),
    String(m.counterexampleMounts ?? '-').padEnd(COLUMNS.mounts),
    killers.padEnd(COLUMNS.intended),
    collateral,
  ]
    .join(' ')
    .trimEnd();
}

/** The text report: one row per mutant, the misses with their intended symptom, the score line. */
function formatTable(result: MutationResult, seed: number): string {
  const header = [
    'mutant'.padEnd(COLUMNS.name),
    'status'.padEnd(COLUMNS.status),
    'cases'.padEnd(COLUMNS.cases),
    'mounts'.padEnd(COLUMNS.mounts),
    'killed as intended by'.padEnd(COLUMNS.intended),
    'collateral',
  ].join(' ');
  const lines = [header, '-'.repeat(header.length + 20), ...result.mutants.map(row)];
  for (const m of result.mutants) {
    if (m.killed) continue;
    const kinds = m.failures.map((f) => `${f.requirement} (${f.kinds.join('|') || 'no kind'})`).join(', ');
    const symptom = MUTANTS[m.name as MutantName].symptom;
    lines.push(`${m.collateral.length > 0 ? 'COLLATERAL ONLY' : 'SURVIVED'} ${m.name}: ${symptom}`);
    lines.push(`    intended: ${describeIntended(m.intended)}${kinds === '' ? '' : `; failed: ${kinds}`}`);
  }
  const killed = result.mutants.filter((m) => m.killed).length;
  const killedCases = result.mutants.flatMap((m) => (m.killed && m.casesToKill !== null ? [m.casesToKill] : []));
  const largest = Math.max(0, ...result.mutants.map((m) => m.counterexampleMounts ?? 0));
  lines.push(
    '',
    `mutation score: ${result.score.toFixed(3)} (${killed}/${result.mutants.length} killed as intended` +
      `${result.collateralOnly.length > 0 ? `, ${result.collateralOnly.length} only collaterally` : ''}), ` +
      `median cases to kill: ${median(killedCases) ?? '-'}, largest counterexample: ${largest} mount(s); seed ${seed}`,
  );
  return `${lines.join('\n')}\n`;
}

function progress(m: MutantResult): string {
  const intended = m.killed ? `killed by ${m.intendedKills.join(', ')}` : 'NOT killed as intended';
  return `  ${m.name}: ${intended}${m.collateral.length > 0 ? `; collateral ${m.collateral.join(', ')}` : ''}\n`;
}

/** Runs the command; returns the exit code (0 every mutant killed as intended, 1 otherwise). */
export async function mutantsCommand(argv: string[], signal: AbortSignal): Promise<number> {
  const parsed = parseCommandOrHelp(MUTANTS_COMMAND, argv);
  if (parsed === null) return 0;
  const { values } = parsed;
  const cases = intOption(values, 'cases', 100, 1);
  const seed = seedOption(values);
  const jobs = intOption(values, 'jobs', 1, 1);
  const jsonPath = outputPathOption(values, 'json');
  const only = (values.only as string[] | undefined) ?? [];
  for (const name of only) {
    if (isMutantName(name)) continue;
    throw new UsageError(`mutants: unknown mutant ${JSON.stringify(name)} (see 'directfs-conformance targets')`);
  }
  const names = only.length > 0 ? (only as MutantName[]) : MUTANT_NAMES;
  const plan = `${names.length} mutants, seed ${seed}, ${cases} generated cases`;
  process.stderr.write(`directfs-conformance mutants: ${plan}\n`);
  const specs = names.map((name) => ({ name, intended: MUTANTS[name].intended }));
  const makeTarget = async (n: string) => createSimTarget(`sim+mutant:${n}`);
  const result = await runMutants(specs, makeTarget, async () => createSimTarget('sim:prefeature'), {
    cases,
    seed,
    jobs,
    timeoutMs: 60_000,
    signal,
    onMutant: (m) => process.stderr.write(progress(m)),
  });
  process.stdout.write(formatTable(result, seed));
  const json = () => `${JSON.stringify(mutantsJson(result, seed, cases), null, 2)}\n`;
  reportOutputFailures(writeOutputs([outputOf('json', jsonPath, json)]));
  if (signal.aborted) return 3;
  return result.mutants.every((m) => m.killed) ? 0 : 1;
}
