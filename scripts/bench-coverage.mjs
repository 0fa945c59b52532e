#!/usr/bin/env node
/**
 * Coverage and cost of the default run on the simulator, against the table of
 * the release where each requirement drew 100 cases of its own (`run --cases
 * 100`, seeds 1 and 2): per requirement, the mounts its verdicts observed
 * (start verdicts for the requirements judged on start), which must stay at
 * least half the old number; then target runs by kind and conclusive verdicts
 * per target run. Exit 1 when a requirement fell below half. Needs a build.
 *
 *   node scripts/bench-coverage.mjs [--cases N] [--seeds 1,2]
 */
import { parseArgs } from 'node:util';
import { openEvaluator } from '../dist/cli/evaluator.js';
import { runSuite } from '../dist/runner/suite.js';
import { DEFAULT_CASES } from '../dist/cli/commands/run.js';

/** Mounts observed (start verdicts for DFS-ROOTFS-ERRORS and DFS-HINT-GRAMMAR) with 100 cases per requirement. */
const BEFORE = {
  1: {
    'DFS-OPT-OUT': 156,
    'DFS-KEEP': 398,
    'DFS-ONLY-TOKEN': 1183,
    'DFS-GLOBAL-OFF': 228,
    'DFS-NON-GOFER': 914,
    'DFS-ROOTFS-OPT-OUT': 105,
    'DFS-ROOTFS-ERRORS': 111,
    'DFS-MOUNT-INVALID-VALUE': 129,
    'DFS-WORKLOAD': 274,
    'DFS-APP-EQUIV': 266,
    'DFS-DEFAULT-UNCHANGED': 850,
    'DFS-HINT-GRAMMAR': 154,
  },
  2: {
    'DFS-OPT-OUT': 157,
    'DFS-KEEP': 392,
    'DFS-ONLY-TOKEN': 1185,
    'DFS-GLOBAL-OFF': 229,
    'DFS-NON-GOFER': 927,
    'DFS-ROOTFS-OPT-OUT': 105,
    'DFS-ROOTFS-ERRORS': 111,
    'DFS-MOUNT-INVALID-VALUE': 129,
    'DFS-WORKLOAD': 281,
    'DFS-APP-EQUIV': 273,
    'DFS-DEFAULT-UNCHANGED': 834,
    'DFS-HINT-GRAMMAR': 157,
  },
};
/** Requirements judged on whether and how the sandbox starts: their verdicts observe no mount. */
const ON_START = new Set(['DFS-ROOTFS-ERRORS', 'DFS-HINT-GRAMMAR']);

const { values } = parseArgs({
  options: { cases: { type: 'string', default: String(DEFAULT_CASES) }, seeds: { type: 'string', default: '1,2' } },
});
const cases = Number(values.cases);
const seeds = values.seeds.split(',').map(Number);
if (!Number.isInteger(cases) || cases < 1 || !seeds.every((s) => s in BEFORE)) {
  console.error('bench-coverage: --cases takes a positive integer, --seeds a list of 1 and/or 2');
  process.exit(2);
}

let low = 0;
for (const seed of seeds) {
  const signal = new AbortController().signal;
  const opened = await openEvaluator('sim', undefined, 30_000, signal);
  // The default selection (pod requirements included), as `run` makes it; the table covers those with an old count.
  const r = await runSuite(opened.ev, opened.reference?.info ?? null, { cases, seed, jobs: 1, signal });
  await opened.close();
  console.log(`seed ${seed}, --cases ${cases}: requirement, now / with 100 cases each (at least half)`);
  for (const q of r.requirements) {
    if (!(q.id in BEFORE[seed])) continue;
    const now = ON_START.has(q.id) ? q.counts.passed + q.counts.failed : q.observedMounts;
    const before = BEFORE[seed][q.id];
    const ok = now * 2 >= before;
    if (!ok) low += 1;
    const what = ON_START.has(q.id) ? 'start verdicts' : 'mounts';
    console.log(
      `  ${q.id.padEnd(24)} ${String(now).padStart(5)} / ${String(before).padStart(5)} ${what}${ok ? '' : '  LOW'}`,
    );
  }
  const runs = Object.entries(r.targetRuns);
  const total = runs.reduce((n, [, x]) => n + x, 0);
  const conclusive = r.requirements.reduce((n, q) => n + q.counts.passed + q.counts.failed, 0);
  const byKind = runs.map(([k, x]) => `${k} ${x}`).join(', ');
  console.log(`  target runs ${total} (${byKind}); conclusive per run ${(conclusive / total).toFixed(2)}`);
}
process.exit(low > 0 ? 1 : 0);
