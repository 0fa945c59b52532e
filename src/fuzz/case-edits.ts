/**
 * Small helpers the mutation operators and the shrinker share: a seeded
 * random source, copying cases, reading hint names, pruning fixtures no
 * source names, and the validity check every edited case must pass.
 */
import type { Case } from '../model/case.js';
import { ROOT_TOKEN } from '../model/case.js';
import { caseSchema } from '../model/case-schema.js';
import { HarnessError } from '../model/errors.js';
import { readMountHintKey } from '../model/hint-keys.js';
import { cleanPath } from '../model/resolve.js';
import { fixtureRelPath } from '../harness/materialize.js';

/** A deterministic random source: `int(n)` is a whole number in [0, n). */
export interface Rng {
  int(n: number): number;
}

/** A seeded {@link Rng} (a 32-bit xorshift-multiply generator; the same seed gives the same stream). */
export function seededRng(seed: number): Rng {
  let state = (seed ^ 0x9e3779b9) >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return { int: (n) => Math.floor(next() * Math.max(1, n)) };
}

/** One element of `xs` chosen by `rng` (undefined for an empty list). */
export function pickOne<T>(rng: Rng, xs: readonly T[]): T | undefined {
  return xs[rng.int(xs.length)];
}

/** A deep copy of `c` (cases are memoised per object, so every edit makes a new one). */
export function copyCase(c: Case): Case {
  return structuredClone(c);
}

/** Names of the mount hints `c` has any key of, in first-seen order. */
export function hintNamesOf(c: Case): string[] {
  const names = new Set<string>();
  for (const key of Object.keys(c.spec.annotations)) {
    const k = readMountHintKey(key);
    if (k.kind === 'hint') names.add(k.name);
  }
  return [...names];
}

/** The case-root relative path a host source names (`$ROOT/vol1/` → `vol1`), or null for a pseudo source. */
function relativeSource(source: string | undefined): string | null {
  if (source === undefined || source === '') return null;
  if (source.startsWith(ROOT_TOKEN)) return cleanPath(source.slice(ROOT_TOKEN.length).replace(/^\/+/, '') || '.');
  if (source.startsWith('/')) return null;
  return cleanPath(source);
}

/** Case-root paths the case's mount sources and hint sources name. */
export function referencedPaths(c: Case): Set<string> {
  const out = new Set<string>();
  const add = (s: string | undefined): void => {
    const rel = relativeSource(s);
    if (rel !== null) out.add(rel);
  };
  for (const m of c.spec.mounts) if (m.type !== 'tmpfs') add(m.source);
  for (const [k, v] of Object.entries(c.spec.annotations)) if (k.toLowerCase().endsWith('.source')) add(v);
  return out;
}

/** `c` without the fixtures no mount or hint source names (nor lies above or below one). */
export function pruneFixtures(c: Case): Case {
  const refs = [...referencedPaths(c)];
  const needed = (p: string): boolean => refs.some((r) => r === p || r.startsWith(`${p}/`) || p.startsWith(`${r}/`));
  return { ...c, fixtures: c.fixtures.filter((f) => needed(cleanPath(f.path))) };
}

/** True when `c` passes the stored-case schema and every fixture path stays inside the case root. */
export function isValidCase(c: Case): boolean {
  if (!caseSchema.safeParse(c).success) return false;
  try {
    for (const f of c.fixtures) fixtureRelPath(f.path);
  } catch (e) {
    if (e instanceof HarnessError) return false;
    throw e;
  }
  return c.spec.mounts.every((m) => {
    const rel = m.type === 'tmpfs' ? null : relativeSource(m.source);
    return rel === null || !/^(vol|f)\d$/.test(rel) || c.fixtures.some((f) => cleanPath(f.path) === rel);
  });
}
