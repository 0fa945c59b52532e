/**
 * The checked-in corpus replayed: every case on the simulator targets its
 * expected.json names (the faithful model and the mutant it kills), and on
 * each installed real build the few cases that record what that build does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStoredCase } from '../cli/case-file.js';
import { outcomeOf } from '../fuzz/corpus-replay.js';
import { PACKAGE_CORPUS, readCorpus, type CorpusEntry, type ExpectedOutcome } from '../fuzz/known.js';
import { resolveTarget } from '../harness/targets.js';
import type { RequirementId } from '../model/requirements.js';
import type { Target } from '../model/target.js';
import { ObservationCache, type Evaluator } from '../runner/evaluate.js';
import { MUTANT_NAMES } from '../simulator/mutants.js';
import { realTarget } from './targets.js';

const ENTRIES = readCorpus(PACKAGE_CORPUS);

/** What replaying `entry` on `ev` gives, in the shape expected.json records for `expected`. */
async function replayed(ev: Evaluator, entry: CorpusEntry, expected: ExpectedOutcome): Promise<ExpectedOutcome> {
  const c = readStoredCase(entry.caseFile).case;
  const requirements = Object.keys(expected.verdicts) as RequirementId[];
  const got = await outcomeOf(ev, c, requirements, expected.exit !== undefined);
  return expected.crash === undefined ? { ...got, crash: undefined } : got;
}

describe('the corpus', () => {
  it('has a killing case for every simulator mutant and an edge case for the panic found on real runsc', () => {
    const names = new Set(ENTRIES.map((e) => e.name));
    const missing = MUTANT_NAMES.filter((m) => !names.has(`mutant-${m}`));
    expect(missing, 'add them with: node dist/fuzz/corpus-build.js').toEqual([]);
    const real = ENTRIES.filter((e) => e.expected.findings.length > 0);
    expect(real.map((e) => e.name)).toContain('real-modern-self-overlay-missing-source');
  });
});

const simRuns = ENTRIES.flatMap((entry) =>
  Object.entries(entry.expected.expected)
    .filter(([target]) => target.startsWith('sim'))
    .map(([target, expected]) => ({ name: `${entry.name} on ${target}`, entry, target, expected })),
);

describe('the corpus on the simulator', () => {
  it.each(simRuns)('$name', async ({ entry, target, expected }) => {
    const ev: Evaluator = {
      subject: new ObservationCache(await resolveTarget(target), 60_000),
      reference: new ObservationCache(await resolveTarget('sim:prefeature'), 60_000),
    };
    expect(await replayed(ev, entry, expected)).toEqual(expected);
  });
});

describe.each(['modern', 'prefeature', 'legacy'] as const)('the corpus on runsc:%s', (alias) => {
  const real = realTarget(alias, 1);
  const runs = ENTRIES.flatMap((entry) => {
    const expected = entry.expected.expected[real.id];
    return expected === undefined ? [] : [{ name: `${entry.name} on ${real.id}`, entry, expected }];
  });
  const title = real.skip === null ? `${runs.length} case(s)` : `skipped: ${real.skip}`;
  describe.skipIf(real.skip !== null || runs.length === 0)(title, () => {
    let target: Target;
    beforeAll(async () => {
      target = await resolveTarget(real.id);
    });
    afterAll(async () => target?.close());
    it.each(runs)(
      '$name',
      async ({ entry, expected }) => {
        const ev: Evaluator = { subject: new ObservationCache(target, 60_000), reference: null };
        expect(await replayed(ev, entry, expected)).toEqual(expected);
      },
      60_000,
    );
  });
});
