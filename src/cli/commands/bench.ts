/**
 * `directfs-conformance bench`: in one invocation and on the same cases, what
 * a conformance run costs — simulator verdicts per second, time to first
 * failure for every simulator mutant, and on a real build (skipped, with the
 * reason, when it cannot run here): a scaled-down default run (wall time,
 * target runs per verdict, conclusive verdicts per run, the default run's
 * wall time extrapolated), --jobs 1 against --jobs 2, the CPU one sandbox
 * costs with and without --debug, time to first failure of runsc:prefeature,
 * and the harness against a bare `runsc run`.
 */
import {
  intOption,
  outputPathOption,
  parseCommandOrHelp,
  stringOption,
  type CommandDeclaration,
  type OptionTable,
  HELP_OPTION,
} from '../args.js';
import { checkOutputTargets, outputOf, reportOutputFailures, writeOutputs } from '../output.js';
import { resolveTarget } from '../../harness/targets.js';
import { MUTANT_NAMES } from '../../simulator/mutants.js';
import { measureRun, timeToFirstFailure, type FirstFailure, type RunCost } from '../../runner/benchmark.js';
import { measureBare, type BareCost } from '../../runner/bench-bare.js';
import { CORES_PER_SANDBOX, defaultJobs } from '../../runner/jobs.js';
import { DEFAULT_CASES } from './run.js';
import { availableParallelism } from 'node:os';

/** Options of `bench`. */
export const BENCH_OPTIONS = {
  target: { type: 'string', value: 'T', help: 'the real runsc build measured (default runsc:modern)' },
  cases: { type: 'string', value: 'N', help: 'generated cases of the scaled-down real run (default 5)' },
  'sim-cases': { type: 'string', value: 'N', help: `cases of the simulator runs (default ${DEFAULT_CASES})` },
  'mutant-cases': { type: 'string', value: 'N', help: 'cases each mutant may take to fail (default 100)' },
  repeat: { type: 'string', value: 'R', help: 'bare-vs-harness measurements per case (default 1)' },
  seed: { type: 'string', value: 'S', help: 'fast-check seed (default 1)' },
  timeout: { type: 'string', value: 'SEC', help: 'per-case timeout in seconds (default 60)' },
  'no-real': { type: 'boolean', help: 'measure the simulator only' },
  full: {
    type: 'boolean',
    help: `also time the whole default real run (--cases ${DEFAULT_CASES}, default --jobs), not only extrapolate it`,
  },
  json: { type: 'string', value: 'FILE', help: 'write every number as JSON here' },
  help: HELP_OPTION,
} as const satisfies OptionTable;

const BENCH_COMMAND: CommandDeclaration = {
  name: 'bench',
  usage: 'directfs-conformance bench [--target runsc:modern] [--cases N] [--seed S] [--full] [--no-real] [--json FILE]',
  description:
    'Measures, on the same cases: simulator verdicts per second; time to first failure of every simulator mutant;\n' +
    'on a real build (skipped with the reason when it cannot run): a scaled-down default run, the default run\n' +
    'extrapolated (with --full also timed whole), --jobs 1 vs --jobs 2, CPU per sandbox with and without --debug,\n' +
    'time to first failure of runsc:prefeature, and the harness against a bare `runsc run`. Exit 3 when interrupted.',
  options: BENCH_OPTIONS,
  positionals: { min: 0, max: 0, what: 'no arguments' },
};

/** Everything `bench` measured (the JSON), real parts null with a reason when skipped. */
interface BenchResult {
  schema: 1;
  seed: number;
  sim: RunCost;
  mutants: FirstFailure[];
  real: RealResult | { skipped: string };
}

interface RealResult {
  run: RunCost;
  /** The default run's wall time: the simulator's target runs for the same default cases x real ms per run. */
  defaultRun: { cases: number; targetRuns: number; msPerRun: number; estimatedWallMs: number };
  jobs2: RunCost;
  /** At the default --jobs, when it is more than 2. */
  atDefault?: RunCost;
  bare: BareCost;
  prefeature: FirstFailure | { skipped: string };
  defaultJobs: { cores: number; coresPerSandbox: number; jobs: number };
  /** With --full: the whole default run, as `run --target T` makes it (default cases and jobs). */
  fullRun?: RunCost;
}

/** Why real runsc cannot be measured here, or null. */
async function realSkipReason(id: string): Promise<string | null> {
  if (process.getuid?.() !== 0) return 'real runsc needs root';
  try {
    await (await resolveTarget(id)).close();
    return null;
  } catch (e) {
    return (e as Error).message.split('\n')[0] ?? String(e);
  }
}

/** Runs the command; returns the exit code. */
export async function benchCommand(argv: string[], signal: AbortSignal): Promise<number> {
  const parsed = parseCommandOrHelp(BENCH_COMMAND, argv);
  if (parsed === null) return 0;
  const { values } = parsed;
  const cases = intOption(values, 'cases', 5, 1);
  const simCases = intOption(values, 'sim-cases', DEFAULT_CASES, 1);
  const mutantCases = intOption(values, 'mutant-cases', 100, 1);
  const repeat = intOption(values, 'repeat', 1, 1);
  const seed = intOption(values, 'seed', 1, -(2 ** 31));
  const timeoutMs = intOption(values, 'timeout', 60, 1) * 1000;
  const targetId = stringOption(values, 'target') ?? 'runsc:modern';
  const jsonPath = outputPathOption(values, 'json');
  checkOutputTargets({ json: jsonPath });
  const say = (line: string): void => void process.stdout.write(`${line}\n`);
  const o = { seed, timeoutMs, signal, jobs: 1, repeat };
  say(`bench: seed ${seed}`);
  // The real build first: its runs are the slow part, and an interrupt then stops them at once.
  const skip = values['no-real'] === true ? '--no-real' : await realSkipReason(targetId);
  if (skip !== null) say(`real target ${targetId}: skipped (${skip})`);
  const full = values.full === true;
  const real = skip === null ? await measureReal(targetId, cases, { ...o, full }, say) : null;
  if (signal.aborted) return 3;
  const sim = await measureRun({ ...o, target: 'sim', cases: simCases });
  if (signal.aborted) return 3;
  say(describeSim(sim));
  const mutants: FirstFailure[] = [];
  for (const name of MUTANT_NAMES) {
    if (signal.aborted) return 3;
    mutants.push(await timeToFirstFailure({ ...o, target: `sim+mutant:${name}`, cases: mutantCases }));
  }
  say(describeMutants(mutants, mutantCases));
  let realResult: BenchResult['real'] = { skipped: skip ?? '' };
  if (real !== null) {
    // The default run's wall time: the simulator's target runs for the same cases x the real build's time per run.
    const msPerRun = real.run.wallMs / Math.max(1, real.run.targetRuns.total);
    const defaultRun = {
      cases: simCases,
      targetRuns: sim.targetRuns.total,
      msPerRun,
      estimatedWallMs: sim.targetRuns.total * msPerRun,
    };
    say(
      `default run (--cases ${simCases}) extrapolated: ${defaultRun.targetRuns} target runs (the simulator's, ` +
        `same seed) x ${(msPerRun / 1000).toFixed(2)} s per run = ${(defaultRun.estimatedWallMs / 1000).toFixed(0)} s`,
    );
    realResult = { ...real, defaultRun };
  }
  const result: BenchResult = { schema: 1, seed, sim, mutants, real: realResult };
  reportOutputFailures(writeOutputs([outputOf('json', jsonPath, () => `${JSON.stringify(result, null, 2)}\n`)]));
  return 0;
}

/** The real-runsc parts, each line printed as soon as it is measured; the rest is skipped once interrupted. */
async function measureReal(
  targetId: string,
  cases: number,
  o: { seed: number; timeoutMs: number; signal: AbortSignal; jobs: number; repeat: number; full: boolean },
  say: (line: string) => void,
): Promise<Omit<RealResult, 'defaultRun'> | null> {
  const run = await measureRun({ ...o, target: targetId, cases, jobs: 1 });
  if (o.signal.aborted) return null;
  say(describeRun(run));
  const jobs2 = await measureRun({ ...o, target: targetId, cases, jobs: 2 });
  if (o.signal.aborted) return null;
  const rate = (r: RunCost): number => r.targetRuns.total / (r.wallMs / 1000);
  say(
    `throughput: --jobs 1 ${rate(run).toFixed(2)} runs/s, --jobs 2 ${rate(jobs2).toFixed(2)} runs/s ` +
      `(x${(rate(jobs2) / rate(run)).toFixed(2)}), same ${cases} cases`,
  );
  const usual = defaultJobs();
  let atDefault: RunCost | undefined;
  if (usual > 2) {
    atDefault = await measureRun({ ...o, target: targetId, cases, jobs: usual });
    if (o.signal.aborted) return null;
    say(`throughput: --jobs ${usual} (the default here) ${rate(atDefault).toFixed(2)} runs/s, same ${cases} cases`);
  }
  const bare = await measureBare(targetId, cases, o);
  if (o.signal.aborted) return null;
  say(describeBare(bare));
  const cores = availableParallelism();
  // Cores a sandbox keeps busy with another beside it: the --jobs 2 run's CPU (runsc's included) per wall second, halved.
  const sideBySide = (jobs2.cpuMs + jobs2.childCpuMs) / jobs2.wallMs / 2;
  const measured = Number.isFinite(sideBySide) && sideBySide > 0 ? sideBySide : CORES_PER_SANDBOX;
  const jobs = { cores, coresPerSandbox: measured, jobs: defaultJobs(cores, measured) };
  // The rule is a guess from CPU shares; the runs per second measured above are what the default should follow.
  const timed = [run, jobs2, ...(atDefault === undefined ? [] : [atDefault])];
  const fastest = timed.reduce((a, b) => (rate(b) > rate(a) ? b : a));
  say(
    `--jobs default: max(1, round(${cores} cores / ${measured.toFixed(2)} cores per sandbox, measured at --jobs 2)) = ` +
      `${jobs.jobs} (built in: ${CORES_PER_SANDBOX} cores per sandbox, default ${usual}); ` +
      `fastest measured: --jobs ${fastest.jobs}`,
  );
  const preSkip = await realSkipReason('runsc:prefeature');
  let prefeature: RealResult['prefeature'] = { skipped: preSkip ?? '' };
  if (preSkip !== null) say(`runsc:prefeature: skipped (${preSkip})`);
  else {
    prefeature = await timeToFirstFailure({ ...o, target: 'runsc:prefeature', reference: null, cases: DEFAULT_CASES });
    if (o.signal.aborted) return null;
    say(`runsc:prefeature as the target (modern contract): ${describeFailure(prefeature)}`);
  }
  const common = { run, jobs2, ...(atDefault === undefined ? {} : { atDefault }), bare, prefeature, defaultJobs: jobs };
  if (!o.full) return common;
  const fullRun = await measureRun({ ...o, target: targetId, cases: DEFAULT_CASES, jobs: defaultJobs() });
  if (o.signal.aborted) return null;
  say(describeRun(fullRun).replace('real run:', 'default real run, timed:'));
  return { ...common, fullRun };
}

function describeSim(r: RunCost): string {
  const perWall = r.verdicts / (r.wallMs / 1000);
  const perCpu = r.verdicts / (r.cpuMs / 1000);
  return (
    `simulator: run --cases ${r.cases}: ${r.verdicts} verdicts in ${(r.wallMs / 1000).toFixed(2)} s ` +
    `(CPU ${(r.cpuMs / 1000).toFixed(2)} s): ${perWall.toFixed(0)} verdicts/s, ${perCpu.toFixed(0)} per CPU-second; ` +
    `${r.targetRuns.total} target runs, ${(r.conclusive / r.targetRuns.total).toFixed(2)} conclusive per run`
  );
}

function describeRun(r: RunCost): string {
  const t = r.targetRuns;
  return (
    `real run: run --target ${r.target} --cases ${r.cases} --jobs ${r.jobs}: ${(r.wallMs / 1000).toFixed(1)} s, ` +
    `${t.total} target runs (case ${t.case}, paired ${t.paired}, reference ${t.reference}, variant ${t.variant}, ` +
    `shrink ${t.shrink}), ${r.verdicts} verdicts, ${r.conclusive} conclusive: ` +
    `${(t.total / r.verdicts).toFixed(3)} runs per verdict, ${(r.conclusive / t.total).toFixed(2)} conclusive per run`
  );
}

function describeFailure(f: FirstFailure): string {
  return f.ms === null ? 'no failure' : `first failure after ${(f.ms / 1000).toFixed(2)} s (${f.requirement})`;
}

function describeMutants(ms: readonly FirstFailure[], cases: number): string {
  const failed = ms.filter((m) => m.ms !== null).sort((a, b) => (a.ms as number) - (b.ms as number));
  const lines = ms.map((m) => `  ${m.target.padEnd(44)} ${describeFailure(m)}`);
  const mid = failed[Math.floor(failed.length / 2)];
  const last = failed[failed.length - 1];
  const head =
    `time to first failure, ${ms.length} simulator mutants (at most ${cases} cases each): ${failed.length} failed` +
    (mid === undefined || last === undefined
      ? ''
      : `, median ${(mid.ms as number).toFixed(0)} ms, slowest ${(last.ms as number).toFixed(0)} ms (${last.target})`);
  return [head, ...lines].join('\n');
}

function describeBare(b: BareCost): string {
  const one = (x: BareCost['debug'], what: string): string =>
    x.cpuSeconds === null
      ? `${what}: no sample`
      : `${what}: ${x.cpuSeconds.toFixed(2)} CPU-s per sandbox over ${(x.wallSeconds ?? 0).toFixed(2)} s wall ` +
        `(${(x.cores ?? 0).toFixed(2)} cores)`;
  const wall = b.asHarness.wallSeconds;
  const ratio = b.harnessMs !== null && wall !== null ? b.harnessMs / 1000 / wall : null;
  const ways = [one(b.asHarness, 'as the harness runs it (Info logs)'), one(b.debug, 'with --debug')];
  return [
    `CPU per sandbox (bare runsc run, median of ${b.samples}): ${ways.join('; ')}; ${one(b.noDebug, 'without logs')}`,
    `harness run vs bare runsc run (same argv): ${ratio === null ? '-' : ratio.toFixed(3)}` +
      (b.timedOut > 0 ? `; ${b.timedOut} timed out (left out)` : ''),
  ].join('\n');
}
