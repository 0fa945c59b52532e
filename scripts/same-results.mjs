#!/usr/bin/env node
/**
 * Compares two results JSON files (`run --json`, `mutants --json`) ignoring
 * wall times (`wallMs` and other `*Ms` timing fields): exit 0 when they are
 * identical, 1 with the first differing paths otherwise. Used to prove that a
 * speed change leaves verdicts, counterexamples and JSON unchanged.
 *
 *   node scripts/same-results.mjs before.json after.json
 */
import { readFileSync } from 'node:fs';

const [a, b] = process.argv.slice(2);
if (a === undefined || b === undefined) {
  console.error('usage: node scripts/same-results.mjs <before.json> <after.json>');
  process.exit(2);
}

/** Drops timing fields, which differ between any two runs. */
function withoutTimes(value) {
  if (Array.isArray(value)) return value.map(withoutTimes);
  if (value === null || typeof value !== 'object') return value;
  const kept = Object.entries(value).filter(([k]) => !/Ms$/.test(k));
  return Object.fromEntries(kept.map(([k, v]) => [k, withoutTimes(v)]));
}

/** Paths at which `x` and `y` differ (at most `limit`). */
function differences(x, y, path = '$', out = [], limit = 10) {
  if (out.length >= limit) return out;
  if (JSON.stringify(x) === JSON.stringify(y)) return out;
  if (x === null || y === null || typeof x !== 'object' || typeof y !== 'object') {
    out.push(`${path}: ${JSON.stringify(x)?.slice(0, 200)} → ${JSON.stringify(y)?.slice(0, 200)}`);
    return out;
  }
  for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) differences(x[k], y[k], `${path}.${k}`, out, limit);
  return out;
}

const before = withoutTimes(JSON.parse(readFileSync(a, 'utf8')));
const after = withoutTimes(JSON.parse(readFileSync(b, 'utf8')));
const found = differences(before, after);
if (found.length === 0) {
  console.log(`same results (timings ignored): ${a} ≡ ${b}`);
  process.exit(0);
}
console.log(`results differ (${a} vs ${b}):`);
for (const d of found) console.log(`  ${d}`);
process.exit(1);
