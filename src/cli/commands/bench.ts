/**
 * `directfs-conformance bench`: the harness's cost per case against a bare
 * `runsc run` of the same materialised bundle, measured in the same run.
 */
import fc from 'fast-check';
import { rmSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  intOption,
  parseCommandOrHelp,
  stringOption,
  type CommandDeclaration,
  type OptionTable,
  HELP_OPTION,
} from '../args.js';
import { arbitraryFor } from '../../generators/index.js';
import { materialize } from '../../harness/materialize.js';
import { type BareRunOptions, createRunscTarget, makeScratchDir, runBareRunsc } from '../../harness/runsc-target.js';
import { registerCleanup, teardownStateRootSync, unregisterCleanup } from '../../harness/cleanup.js';
import { canUsePidNamespace } from '../../harness/group-process.js';
import type { Case } from '../../model/case.js';
import { median } from '../../runner/tally.js';
import type { Target } from '../../model/target.js';

/** Options of `bench`. */
export const BENCH_OPTIONS = {
  target: { type: 'string', value: 'T', help: 'a real runsc target: runsc:<alias> or a path (default runsc:modern)' },
  cases: { type: 'string', value: 'N', help: 'distinct generated cases (default 15)' },
  repeat: { type: 'string', value: 'R', help: 'times each case is measured each way (default 2)' },
  seed: { type: 'string', value: 'S', help: 'fast-check seed (default 1)' },
  help: HELP_OPTION,
} as const satisfies OptionTable;

const BENCH_COMMAND: CommandDeclaration = {
  name: 'bench',
  usage: 'directfs-conformance bench [--target runsc:modern] [--cases N] [--repeat R] [--seed S]',
  description:
    'Measures, case by case and interleaved, the wall time of one harness run (materialise, runsc, logs, host checks,\n' +
    'teardown) and of a bare `runsc run` with the same argv on an already materialised bundle; prints the medians and\n' +
    'their ratio.',
  options: BENCH_OPTIONS,
  positionals: { min: 0, max: 0, what: 'no arguments' },
};

/** Runs the command; returns the exit code. */
export async function benchCommand(argv: string[], signal: AbortSignal): Promise<number> {
  const parsed = parseCommandOrHelp(BENCH_COMMAND, argv);
  if (parsed === null) return 0;
  const { values } = parsed;
  const cases = intOption(values, 'cases', 15, 1);
  const repeat = intOption(values, 'repeat', 2, 1);
  const seed = intOption(values, 'seed', 1, -(2 ** 31));
  const target = await createRunscTarget(stringOption(values, 'target') ?? 'runsc:modern');
  const runsc = target.info.path as string;
  const drawn = fc.sample(arbitraryFor('DFS-WORKLOAD'), { seed, numRuns: cases });
  const t: Timings = { harness: [], bare: [], bareNoDebug: [], timedOut: 0 };
  // Bare runs share one state root too, as the harness's runs do, so both pay runsc's null-netns setup once.
  const bareState = await makeScratchDir('dfc-bench-state');
  const dropState = (): void => teardownStateRootSync(runsc, bareState, canUsePidNamespace());
  registerCleanup(dropState);
  try {
    for (const c of drawn) {
      for (let i = 0; i < repeat && !signal.aborted; i++) await measureCase(target, runsc, c, bareState, signal, t);
    }
  } finally {
    await target.close();
    unregisterCleanup(dropState);
    dropState();
  }
  const { harness, bare, bareNoDebug } = t;
  const mh = median(harness) ?? 0;
  const mb = median(bare) ?? 0;
  const mn = median(bareNoDebug) ?? 0;
  process.stdout.write(
    [
      `target: ${target.info.id} (${target.info.version}), ${drawn.length} cases x ${repeat}, seed ${seed}`,
      `median wall time per case, harness run (materialise + runsc + logs + host checks + teardown): ${mh.toFixed(1)} ms`,
      `median wall time per case, bare runsc run, same argv (--debug --debug-log):                   ${mb.toFixed(1)} ms`,
      `median wall time per case, bare runsc run without debug logging:                              ${mn.toFixed(1)} ms`,
      `ratio harness / bare (same argv): ${(mh / mb).toFixed(3)}`,
      `ratio harness / bare (no debug):  ${(mh / mn).toFixed(3)}`,
      `samples: harness ${harness.length}, bare ${bare.length}, bare without debug ${bareNoDebug.length}; ` +
        `timed out (excluded from the medians): ${t.timedOut}${signal.aborted ? '; INTERRUPTED' : ''}`,
    ].join('\n') + '\n',
  );
  if (t.timedOut > 0) {
    process.stderr.write(
      `directfs-conformance bench: ${t.timedOut} run(s) timed out; their times are not in the medians\n`,
    );
  }
  return signal.aborted || t.timedOut > 0 || harness.length === 0 ? 3 : 0;
}

/** Wall times of completed runs; timed-out and interrupted runs are counted, never measured. */
interface Timings {
  harness: number[];
  bare: number[];
  bareNoDebug: number[];
  timedOut: number;
}

const BENCH_TIMEOUT_MS = 60_000;

/** One interleaved measurement of `c`: a harness run, then bare runs with and without debug logs. */
async function measureCase(
  target: Target,
  runsc: string,
  c: Case,
  bareState: string,
  signal: AbortSignal,
  t: Timings,
): Promise<void> {
  const t0 = performance.now();
  const run = await target.run(c, { timeoutMs: BENCH_TIMEOUT_MS, signal });
  if (signal.aborted) return;
  if (run.timedOut) t.timedOut += 1;
  else t.harness.push(performance.now() - t0);
  for (const debug of [true, false]) {
    if (signal.aborted) return;
    const bundle = await makeScratchDir('dfc-bench');
    const drop = (): void => rmSync(bundle, { recursive: true, force: true });
    registerCleanup(drop);
    try {
      await materialize(c, bundle);
      const logs = join(bundle, 'logs');
      await mkdir(logs);
      const options: BareRunOptions = { stateDir: bareState, timeoutMs: BENCH_TIMEOUT_MS, signal };
      if (debug) options.debugLogDir = logs;
      const r = await runBareRunsc(runsc, bundle, c.flags, options);
      if (r.interrupted) return;
      if (r.timedOut) t.timedOut += 1;
      else (debug ? t.bare : t.bareNoDebug).push(r.wallMs);
    } finally {
      await rm(bundle, { recursive: true, force: true });
      unregisterCleanup(drop);
    }
  }
}
