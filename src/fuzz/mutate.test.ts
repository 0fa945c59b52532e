/** Mutation operators: every mutant passes the case schema and keeps its fixtures consistent. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Case } from '../model/case.js';
import { caseSchema } from '../model/case-schema.js';
import { REQUIREMENT_IDS } from '../model/requirements.js';
import { arbitraryFor, caseArbitrary } from '../generators/index.js';
import { isValidCase, seededRng } from './case-edits.js';
import { MUTATION_NAMES, MUTATIONS, mutateCase, tidyCase } from './mutate.js';

const seeds = [...REQUIREMENT_IDS.map((id) => arbitraryFor(id)), caseArbitrary()].flatMap((arb, i) =>
  fc.sample(arb, { seed: 100 + i, numRuns: 15 }),
);

/** Every `$ROOT/<fixture>` a mount names from the generators' vocabulary is a fixture of the case. */
function sourcesHaveFixtures(c: Case): boolean {
  return c.spec.mounts.every((m) => {
    const name = /^\$ROOT\/((?:vol|f)\d)$/.exec(m.source ?? '')?.[1];
    return m.type === 'tmpfs' || name === undefined || c.fixtures.some((f) => f.path === name);
  });
}

describe('mutation operators', () => {
  it.each(MUTATION_NAMES)('%s gives valid cases with consistent fixtures, and changes the case', (name) => {
    const rng = seededRng(7);
    let applied = 0;
    for (const c of seeds) {
      const before = JSON.stringify(c);
      const m = MUTATIONS[name](c, rng);
      expect(JSON.stringify(c)).toBe(before); // the corpus case itself is never edited
      if (m === null) continue;
      applied++;
      const tidy = tidyCase(m);
      expect(caseSchema.safeParse(tidy).success, JSON.stringify(tidy)).toBe(true);
      expect(sourcesHaveFixtures(tidy), JSON.stringify(tidy)).toBe(true);
    }
    // miss-source applies one time in five on purpose (see mutate.ts); every other operator applies often.
    expect(applied).toBeGreaterThan(seeds.length / (name === 'miss-source' ? 20 : 4));
  });

  it('mutateCase always returns a valid, tidy case different from its input, deterministically per seed', () => {
    const run = (seed: number) => {
      const rng = seededRng(seed);
      return seeds.map((c) => mutateCase(c, rng));
    };
    const a = run(11);
    a.forEach((m, i) => {
      if (m === null) return;
      expect(isValidCase(m)).toBe(true);
      expect(JSON.stringify(tidyCase(m))).toBe(JSON.stringify(m));
      expect(JSON.stringify(m)).not.toBe(JSON.stringify(seeds[i]));
      if (m.flags.fileAccess === 'shared') expect(m.flags.overlay2).toBe('none');
    });
    expect(a.filter((m) => m !== null).length).toBeGreaterThan(seeds.length * 0.9);
    expect(JSON.stringify(run(11))).toBe(JSON.stringify(a));
    expect(JSON.stringify(run(12))).not.toBe(JSON.stringify(a));
  });

  it('tidyCase mounts parents before their nested children', () => {
    const c = seeds[0] as Case;
    const nested: Case = {
      ...c,
      spec: {
        ...c.spec,
        mounts: [
          { destination: '/data/sub', type: 'tmpfs', source: 'tmpfs', options: [] },
          { destination: '/data', type: 'tmpfs', source: 'tmpfs', options: [] },
        ],
      },
    };
    expect(tidyCase(nested).spec.mounts.map((m) => m.destination)).toEqual(['/data', '/data/sub']);
  });
});
