/**
 * Greedy shrinking of a finding's case: try dropping each mount, each
 * annotation, each fixture nothing names, and resetting each flag, keeping
 * every step that still shows the same finding; stop after a fixed budget.
 */
import type { Case, RunscFlags } from '../model/case.js';
import { copyCase, isValidCase, pruneFixtures, referencedPaths } from './case-edits.js';
import { tidyCase } from './mutate.js';

/** Attempts one shrink may spend (each is one judged case). */
export const SHRINK_ATTEMPTS = 200;

/** True when `c` is already what {@link tidyCase} makes of it (a shrink step must not leave the generators' space). */
function isTidy(c: Case): boolean {
  return JSON.stringify(tidyCase(c)) === JSON.stringify(c);
}

/** Every one-step simplification of `c`, simplest-first: valid, tidy cases only. */
export function shrinkCandidates(c: Case): Case[] {
  const out: Case[] = [];
  c.spec.mounts.forEach((_, i) => {
    const x = copyCase(c);
    x.spec.mounts.splice(i, 1);
    out.push(pruneFixtures(x));
  });
  for (const key of Object.keys(c.spec.annotations)) {
    const x = copyCase(c);
    delete x.spec.annotations[key];
    out.push(x);
  }
  const refs = referencedPaths(c);
  c.fixtures.forEach((f, i) => {
    if (refs.has(f.path)) return;
    const x = copyCase(c);
    x.fixtures.splice(i, 1);
    out.push(x);
  });
  for (const flag of Object.keys(c.flags) as (keyof RunscFlags)[]) {
    if (c.flags[flag] === null) continue;
    const x = copyCase(c);
    x.flags[flag] = null;
    out.push(x);
  }
  if (c.spec.root.readonly) {
    const x = copyCase(c);
    x.spec.root.readonly = false;
    out.push(x);
  }
  return out.filter((x) => isValidCase(x) && isTidy(x));
}

/** The smallest case greedy steps reach from `c` while `stillShows` holds, within `budget` attempts. */
export async function shrinkCase(
  c: Case,
  stillShows: (candidate: Case) => Promise<boolean>,
  budget: number = SHRINK_ATTEMPTS,
): Promise<{ case: Case; attempts: number }> {
  let current = c;
  let attempts = 0;
  let improved = true;
  while (improved && attempts < budget) {
    improved = false;
    for (const candidate of shrinkCandidates(current)) {
      if (attempts >= budget) break;
      attempts++;
      if (await stillShows(candidate)) {
        current = candidate;
        improved = true;
        break;
      }
    }
  }
  return { case: current, attempts };
}
