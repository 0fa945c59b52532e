/**
 * Arbitraries of mount hint drafts (reference §3.1): complete hints with a
 * chosen directfs value, hints that never opt out, dropped hints, and the
 * unconstrained hint of caseArbitrary.
 */
import fc from 'fast-check';
import type { HintDraft, HintSourceDraft, MountPool } from './drafts.js';
import { nullable, weightedConstant, weightedOf } from './choice.js';
import { HINT_OPTIONS, INVALID_DIRECTFS, type HintShare, type HintType } from './vocabulary.js';

/** A reference to the exact source of a mount in `pool`. */
export function exactRef(pool: MountPool): fc.Arbitrary<HintSourceDraft> {
  return fc.nat({ max: 3 }).map((index) => ({ ref: 'mount' as const, pool, index, spelling: 'exact' as const }));
}

/** A reference to a mount's source spelled so it never matches (reference §3.1: trailing `/`, `//`, relative). */
export function misspelledRef(pool: MountPool): fc.Arbitrary<HintSourceDraft> {
  return fc
    .record({
      index: fc.nat({ max: 3 }),
      spelling: fc.constantFrom('slash' as const, 'double-slash' as const, 'relative' as const),
    })
    .map(({ index, spelling }) => ({
      ref: 'mount' as const,
      pool,
      index,
      spelling,
    }));
}

/** A source no mount uses. */
export const unusedRef: fc.Arbitrary<HintSourceDraft> = fc.constant({ ref: 'unused' });

/** An invalid `directfs` spelling (reference §3.1). */
export const invalidDirectfs: fc.Arbitrary<string> = fc.constantFrom(...INVALID_DIRECTFS);

/** `directfs` values with weights: valid ones more often. */
export const DIRECTFS_WEIGHTS: readonly (readonly [string, number])[] = [
  ['off', 20],
  ['default', 8],
  ...INVALID_DIRECTFS.map((v) => [v, 1] as const),
];

/** Any `directfs` value, valid ones more often. */
export const anyDirectfs: fc.Arbitrary<string> = weightedConstant(...DIRECTFS_WEIGHTS);

type Pair = readonly [HintType, HintShare];

/** Type/share pairs that keep a bind mount on the gofer, mostly visible 9p (reference §2.3 table). */
export const GOFER_PAIRS: fc.Arbitrary<Pair> = weightedConstant<Pair>(
  [['bind', 'shared'], 6],
  [['bind', 'container'], 1],
  [['bind', 'pod'], 1],
  [['tmpfs', 'shared'], 1],
);

/** Type/share pairs that turn a mount into a sentry tmpfs (reference §2.3). */
export const SENTRY_TMPFS_PAIRS: fc.Arbitrary<Pair> = fc.constantFrom<Pair>(['tmpfs', 'container'], ['tmpfs', 'pod']);

/**
 * Hint `options` for a type/share pair, from an independent pick: sandbox-local
 * tmpfs masters only get `rw`, since they reject less permissive replicas
 * (reference §6 checkCompatible).
 */
function optionsFor(pair: Pair, pick: number | null): string | null {
  if (pick === null) return null;
  const local = pair[0] === 'tmpfs' && pair[1] !== 'shared';
  return local ? 'rw' : pick === 0 ? 'rw' : 'ro,noexec';
}

const optionsPick: fc.Arbitrary<number | null> = nullable(fc.nat({ max: 1 }), 3, 1);

/** A complete, surviving hint (before source de-duplication). */
export function completeHint(
  source: fc.Arbitrary<HintSourceDraft>,
  pairs: fc.Arbitrary<Pair>,
  directfs: fc.Arbitrary<string | null>,
): fc.Arbitrary<HintDraft> {
  return fc
    .record({ source, pair: pairs, directfs, pick: optionsPick })
    .map(({ source: s, pair, directfs: d, pick }) => ({
      source: s,
      type: pair[0],
      share: pair[1],
      options: optionsFor(pair, pick),
      directfs: d,
      unknownKey: false,
    }));
}

/** How a hint is made incomplete so that runsc drops it whole (reference §3.1 validation). */
const DEFECTS = ['no-share', 'bad-share', 'no-type', 'bad-type', 'no-source', 'empty-source'] as const;

/** A hint runsc drops whole, carrying `directfs`. */
export function droppedHint(pool: MountPool, directfs: fc.Arbitrary<string | null>): fc.Arbitrary<HintDraft> {
  return fc
    .record({ base: completeHint(exactRef(pool), GOFER_PAIRS, directfs), defect: fc.constantFrom(...DEFECTS) })
    .map(({ base, defect }): HintDraft => {
      switch (defect) {
        case 'no-share':
          return { ...base, share: null };
        case 'bad-share':
          return { ...base, share: 'invalid' };
        case 'no-type':
          return { ...base, type: null };
        case 'bad-type':
          return { ...base, type: 'invalid' };
        case 'no-source':
          return { ...base, source: null };
        case 'empty-source':
          return { ...base, source: { ref: 'empty' } };
      }
    });
}

/** A hint that exists but never opts its mount out (DFS-KEEP): no key, `default`, invalid value, dropped, unmatched, misspelled source. */
export function keepHint(pool: MountPool): fc.Arbitrary<HintDraft> {
  const off = fc.constant('off');
  return weightedOf(
    [completeHint(exactRef(pool), GOFER_PAIRS, fc.constant(null)), 3],
    [completeHint(exactRef(pool), GOFER_PAIRS, fc.constant('default')), 2],
    [completeHint(exactRef(pool), GOFER_PAIRS, invalidDirectfs), 2],
    [droppedHint(pool, off), 2],
    [completeHint(unusedRef, GOFER_PAIRS, off), 1],
    [completeHint(misspelledRef(pool), GOFER_PAIRS, off), 2],
  );
}

/** A complete `directfs: off` hint on the exact source of a mount in `pool`. */
export function offHint(pool: MountPool): fc.Arbitrary<HintDraft> {
  return completeHint(exactRef(pool), GOFER_PAIRS, fc.constant('off'));
}

/** A hint-converted sentry tmpfs (tmpfs + container/pod) carrying a directfs key (DFS-NON-GOFER). */
export function sentryTmpfsHint(directfs: fc.Arbitrary<string | null>): fc.Arbitrary<HintDraft> {
  return completeHint(exactRef('tmpfs-target'), SENTRY_TMPFS_PAIRS, directfs);
}

/**
 * Any hint at all, every field independently optional (caseArbitrary). Each
 * field is one flat choice with `null` first, so any value shrinks straight
 * to "key absent" (a nested oneof would lose that after an inner shrink).
 */
export function anyHint(): fc.Arbitrary<HintDraft> {
  const source = weightedOf<HintSourceDraft>(
    [exactRef('any'), 8],
    [misspelledRef('any'), 3],
    [unusedRef, 1],
    [fc.constant({ ref: 'empty' }), 1],
  );
  return fc.record({
    source: nullable(source, 1, 12),
    type: weightedConstant<HintType | null>([null, 2], ['bind', 12], ['tmpfs', 4], ['invalid', 2]),
    share: weightedConstant<HintShare | null>([null, 2], ['shared', 10], ['container', 4], ['pod', 4], ['invalid', 2]),
    options: weightedConstant<string | null>([null, 9], ...HINT_OPTIONS.map((o) => [o, 1] as const)),
    directfs: weightedConstant<string | null>([null, 12], ...DIRECTFS_WEIGHTS.map(([v, w]) => [v, w] as const)),
    unknownKey: weightedConstant([false, 15], [true, 1]),
  });
}
