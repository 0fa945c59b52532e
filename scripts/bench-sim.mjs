#!/usr/bin/env node
/**
 * Simulator throughput: judged case-verdicts per second of the conformance
 * run against `sim`, in-process on one core (the same runSuite as
 * `run --target sim`, minus printing). Needs a build (`npm run build`).
 *
 *   node scripts/bench-sim.mjs [--cases N] [--seed S] [--repeat R]
 */
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

/** One full run on fresh caches; returns verdicts judged and wall milliseconds. */
async function measureOnce() {
  const signal = new AbortController().signal;
  const opened = await openEvaluator('sim', undefined, 30_000, signal);
  const start = performance.now();
  const result = await runSuite(opened.ev, opened.reference?.info ?? null, { cases, seed, jobs: 1, signal });
  const wallMs = performance.now() - start;
  await opened.close();
  const verdicts = result.requirements.reduce((n, r) => n + r.runs, 0);
  return { verdicts, wallMs };
}

const rates = [];
for (let i = 0; i < repeat; i++) {
  const { verdicts, wallMs } = await measureOnce();
  const rate = verdicts / (wallMs / 1000);
  rates.push(rate);
  console.log(`run ${i + 1}: ${verdicts} verdicts in ${(wallMs / 1000).toFixed(2)} s = ${Math.round(rate)} verdicts/s`);
}
rates.sort((a, b) => a - b);
const median = rates[Math.floor(rates.length / 2)];
console.log(`sim verdicts/s (median of ${repeat}, --cases ${cases} --seed ${seed}): ${Math.round(median)}`);
