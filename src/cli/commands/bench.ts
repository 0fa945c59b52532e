/**
 * `directfs-conformance bench`: the harness's cost per case against a bare
 * `runsc run` of the same materialised bundle, measured in the same run.
 */
import fc from 'fast-check';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { dir as tmpDir } from 'tmp-promise';
import { formatHelp, intOption, parseCommandArgs, stringOption, type OptionTable, HELP_OPTION } from '../args.js';
import { UsageError } from '../../model/errors.js';
import { arbitraryFor } from '../../generators/index.js';
import { materialize } from '../../harness/materialize.js';
import { createRunscTarget, makeScratchDir, runBareRunsc } from '../../harness/runsc-target.js';
import { teardownStateRootSync } from '../../harness/cleanup.js';
import { median } from '../../runner/tally.js';

/** Options of `bench`. */
export const BENCH_OPTIONS = {
  target: { type: 'string', value: 'T', help: 'a real runsc target: runsc:<alias> or a path (default runsc:modern)' },
  cases: { type: 'string', value: 'N', help: 'distinct generated cases (default 15)' },
  repeat: { type: 'string', value: 'R', help: 'times each case is measured each way (default 2)' },
  seed: { type: 'string', value: 'S', help: 'fast-check seed (default 1)' },
  help: HELP_OPTION,
} as const satisfies OptionTable;

/** Runs the command; returns the exit code. */
export async function benchCommand(argv: string[], signal: AbortSignal): Promise<number> {
  const { values, positionals } = parseCommandArgs('bench', argv, BENCH_OPTIONS);
  if (values.help === true) {
    process.stdout.write(formatHelp('directfs-conformance bench [--target runsc:modern] [--cases N] [--repeat R] [--seed S]', 'Measures, case by case and interleaved, the wall time of one harness run (materialise, runsc, logs, host checks,\nteardown) and of a bare `runsc run` with the same argv on an already materialised bundle; prints the medians and their ratio.', BENCH_OPTIONS));
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`bench: unexpected argument ${JSON.stringify(positionals[0])}`);
  const cases = intOption(values, 'cases', 15, 1);
  const repeat = intOption(values, 'repeat', 2, 1);
  const seed = intOption(values, 'seed', 1, -(2 ** 31));
  const target = await createRunscTarget(stringOption(values, 'target') ?? 'runsc:modern');
  const runsc = target.info.path as string;
  const drawn = fc.sample(arbitraryFor('DFS-WORKLOAD'), { seed, numRuns: cases });
  const harness: number[] = [];
  const bare: number[] = [];
  const bareNoDebug: number[] = [];
  // Bare runs share one state root too, as the harness's runs do, so both pay runsc's null-netns setup once.
  const bareState = await makeScratchDir('dfc-bench-state');
  try {
    for (const c of drawn) {
      for (let i = 0; i < repeat && !signal.aborted; i++) {
        const t0 = performance.now();
        await target.run(c, { timeoutMs: 60_000, signal });
        harness.push(performance.now() - t0);
        for (const debug of [true, false]) {
          const bundle = await tmpDir({ prefix: 'dfc-bench-', unsafeCleanup: true });
          try {
            await materialize(c, bundle.path);
            const logs = join(bundle.path, 'logs');
            await mkdir(logs);
            const r = await runBareRunsc(runsc, bundle.path, c.flags, debug ? { debugLogDir: logs, stateDir: bareState } : { stateDir: bareState });
            (debug ? bare : bareNoDebug).push(r.wallMs);
          } finally {
            await rm(bundle.path, { recursive: true, force: true });
          }
        }
      }
    }
  } finally {
    await target.close();
    teardownStateRootSync(runsc, bareState);
  }
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
    ].join('\n') + '\n',
  );
  return signal.aborted ? 3 : 0;
}
