/** Malformed hint sets for DFS-HINT-GRAMMAR (reference §3.1 key shape and validation). */
import fc from 'fast-check';
import type { HintDraft } from './drafts.js';
import { weightedConstant, weightedOf } from './choice.js';
import { GOFER_PAIRS, completeHint, droppedHint, exactRef } from './hint-arbs.js';
import type { AnnotationBundle } from './profile.js';

const only = (hints: HintDraft[]): AnnotationBundle => ({ hints, extras: [] });

/**
 * One malformation: a fatal key (dotted name or key, empty name, key-less), a
 * dropped hint, two surviving hints with one source (fatal), an unknown key, an
 * ignored prefix. Never a dropped hint sharing a valid hint's source (flaky).
 */
export function grammarBundle(): fc.Arbitrary<AnnotationBundle> {
  const fatalKey = fc
    .constantFrom('dotted-name' as const, 'dotted-key' as const, 'empty-name' as const, 'keyless' as const)
    .map((e): AnnotationBundle => ({ hints: [], extras: [e] }));
  const dropped = droppedHint('gofer', weightedConstant<string | null>([null, 3], ['off', 1])).map((h) => only([h]));
  const duplicate = fc
    .record({
      index: fc.nat({ max: 3 }),
      a: completeHint(exactRef('gofer'), GOFER_PAIRS, fc.constant(null)),
      b: completeHint(exactRef('gofer'), GOFER_PAIRS, fc.constant(null)),
    })
    .map(({ index, a, b }) => {
      const source = { ref: 'mount' as const, pool: 'gofer' as const, index, spelling: 'exact' as const };
      return only([
        { ...a, source },
        { ...b, source },
      ]);
    });
  const unknownKey = completeHint(exactRef('gofer'), GOFER_PAIRS, fc.constant(null)).map((h) =>
    only([{ ...h, unknownKey: true }]),
  );
  const ignoredPrefix = fc.constant<AnnotationBundle>({ hints: [], extras: ['ignored-prefix'] });
  return weightedOf([fatalKey, 3], [dropped, 3], [duplicate, 2], [unknownKey, 1], [ignoredPrefix, 1]);
}
