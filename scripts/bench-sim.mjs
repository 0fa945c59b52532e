#!/usr/bin/env node
/**
 * Simulator throughput: judged case-verdicts per second of the conformance
 * run against `sim`, in-process on one core (the same runSuite as
 * `run --target sim`, minus printing). Needs a build (`npm run build`).
 * Prints wall-clock and CPU-time rates; on a busy machine the CPU-time one is
 * the steadier measure of the one-core cost.
 *
 *   node scripts/bench-sim.mjs [--cases N] [--seed S] [--repeat R]
 */
// First, as in the CLI: the V8 flags `run` itself runs with.
import '../dist/cli/v8-flags.js';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { openEvaluator } from '../dist/cli/evaluator.js';
import { runSuite } from '../dist/runner/suite.js';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    repeat: { type: 'string', default: '3' },
  },
});
const cases = Number(values.cases);
const seed = Number(values.seed);
const repeat = Number(values.repeat);
if (![cases, seed, repeat].every(Number.isInteger) || cases < 1 || repeat < 1) {
  console.error('bench-sim: --cases, --seed and --repeat take integers (cases and repeat at least 1)');
  process.exit(2);
}

/** One full run on fresh caches; returns verdicts judged, wall and CPU milliseconds. */
async function measureOnce() {
  const signal = new AbortController().signal;
  const opened = await openEvaluator('sim', undefined, 30_000, signal);
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const result = await runSuite(opened.ev, opened.reference?.info ?? null, { cases, seed, jobs: 1, signal });
  const cpu = process.cpuUsage(cpuStart);
  const wallMs = performance.now() - start;
  await opened.close();
  const verdicts = result.requirements.reduce((n, r) => n + r.runs, 0);
  return { verdicts, wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const wallRates = [];
const cpuRates = [];
for (let i = 0; i < repeat; i++) {
  const { verdicts, wallMs, cpuMs } = await measureOnce();
  wallRates.push(verdicts / (wallMs / 1000));
  cpuRates.push(verdicts / (cpuMs / 1000));
  const rates = `${Math.round(wallRates[i])} verdicts/s wall, ${Math.round(cpuRates[i])} per CPU-second (all threads)`;
  const times = `${(wallMs / 1000).toFixed(2)} s (CPU ${(cpuMs / 1000).toFixed(2)} s)`;
  console.log(`run ${i + 1}: ${verdicts} verdicts in ${times}: ${rates}`);
}
const label = `median of ${repeat}, --cases ${cases} --seed ${seed}`;
const summary = `${Math.round(median(wallRates))} wall, ${Math.round(median(cpuRates))} per CPU-second (all threads)`;
console.log(`sim verdicts/s (${label}): ${summary}`);
