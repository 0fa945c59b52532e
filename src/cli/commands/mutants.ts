/** `directfs-conformance mutants`: the suite against every simulator mutant, with the mutation score. */
import { formatHelp, intOption, outputPathOption, parseCommandArgs, type OptionTable, SEED_OPTION, JOBS_OPTION, HELP_OPTION, seedOption } from '../args.js';
import { reportOutputFailures, writeOutputs } from '../output.js';
import { UsageError } from '../../model/errors.js';
import { createSimTarget } from '../../harness/sim-target.js';
import { MUTANTS, MUTANT_NAMES, isMutantName } from '../../simulator/mutants.js';
import { runMutants, type MutantResult } from '../../runner/mutation.js';
import { median } from '../../runner/tally.js';

/** Options of `mutants`. */
export const MUTANTS_OPTIONS = {
  cases: { type: 'string', value: 'N', help: 'generated cases per requirement and mutant (default 100)' },
  seed: SEED_OPTION,
  jobs: JOBS_OPTION,
  json: { type: 'string', value: 'FILE', help: 'write the mutants JSON (schema 1) here' },
  only: { type: 'string', multiple: true, value: 'NAME', help: 'run only these mutants (repeatable)' },
  help: HELP_OPTION,
} as const satisfies OptionTable;

function row(m: MutantResult): string {
  const by = m.by.length === 0 ? '-' : m.by.join(',');
  return `${m.name.padEnd(30)} ${(m.killed ? 'killed' : 'SURVIVED').padEnd(9)} ${String(m.casesToKill ?? (m.killed ? 'example' : '-')).padEnd(8)} ${String(m.counterexampleMounts ?? '-').padEnd(7)} ${by}`;
}

/** Runs the command; returns the exit code (0 every mutant killed, 1 a mutant survived). */
export async function mutantsCommand(argv: string[], signal: AbortSignal): Promise<number> {
  const { values, positionals } = parseCommandArgs('mutants', argv, MUTANTS_OPTIONS);
  if (values.help === true) {
    process.stdout.write(formatHelp('directfs-conformance mutants [--cases N] [--seed S] [--json FILE]', 'Runs the whole suite against every simulator mutant (a named, plausible implementation fault) and reports\nwhich requirement killed it, after how many generated cases, and the size of the counterexample.\nExit: 0 every mutant killed, 1 a mutant survived, 2 usage error, 3 interrupted.', MUTANTS_OPTIONS));
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`mutants: unexpected argument ${JSON.stringify(positionals[0])}`);
  const cases = intOption(values, 'cases', 100, 1);
  const seed = seedOption(values);
  const jobs = intOption(values, 'jobs', 1, 1);
  const jsonPath = outputPathOption(values, 'json');
  const only = (values.only as string[] | undefined) ?? [];
  for (const name of only) if (!isMutantName(name)) throw new UsageError(`mutants: unknown mutant ${JSON.stringify(name)} (see 'directfs-conformance targets')`);
  const names = only.length > 0 ? only : MUTANT_NAMES;
  process.stderr.write(`directfs-conformance mutants: ${names.length} mutants, seed ${seed}, ${cases} cases per requirement\n`);
  const result = await runMutants(names, async (n) => createSimTarget(`sim+mutant:${n}`), async () => createSimTarget('sim:prefeature'), {
    cases,
    seed,
    jobs,
    timeoutMs: 60_000,
    signal,
    onMutant: (m) => process.stderr.write(`  ${m.name}: ${m.killed ? `killed by ${m.by.join(', ')}` : 'SURVIVED'}\n`),
  });
  const header = `${'mutant'.padEnd(30)} ${'status'.padEnd(9)} ${'cases'.padEnd(8)} ${'mounts'.padEnd(7)} killed by`;
  const lines = [header, '-'.repeat(header.length + 20), ...result.mutants.map(row)];
  for (const m of result.mutants) if (!m.killed) lines.push(`SURVIVED ${m.name}: ${MUTANTS[m.name as keyof typeof MUTANTS].symptom}`);
  const killedCases = result.mutants.flatMap((m) => (m.casesToKill === null ? [] : [m.casesToKill]));
  lines.push('', `mutation score: ${result.score.toFixed(3)} (${result.mutants.filter((m) => m.killed).length}/${result.mutants.length}), median cases to kill: ${median(killedCases) ?? '-'}, largest counterexample: ${Math.max(0, ...result.mutants.map((m) => m.counterexampleMounts ?? 0))} mount(s); seed ${seed}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  if (jsonPath !== undefined) {
    const doc = { schema: 1, seed, cases, score: result.score, mutants: result.mutants.map((m) => ({ name: m.name, killed: m.killed, by: m.by, casesToKill: m.casesToKill, counterexampleMounts: m.counterexampleMounts })) };
    reportOutputFailures(writeOutputs([{ option: 'json', path: jsonPath, content: () => `${JSON.stringify(doc, null, 2)}\n` }]));
  }
  if (signal.aborted) return 3;
  return result.mutants.every((m) => m.killed) ? 0 : 1;
}
