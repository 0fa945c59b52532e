/** Arbitraries of mount drafts, parameterised by which shapes to draw and how often. */
import fc from 'fast-check';
import type { MountDraft, MountShape } from './drafts.js';
import { weightedConstant } from './choice.js';

/** Shapes with weights, simplest first (it is the shrink target). */
export type ShapeWeights = readonly (readonly [MountShape, number])[];

/** Every shape, the start-failure ones rare (caseArbitrary). */
export const ALL_SHAPES: ShapeWeights = [
  ['bind-dir', 16],
  ['bind-dir-ro', 6],
  ['bind-file', 6],
  ['bind-file-ro', 2],
  ['rbind-notype', 4],
  ['tmpfs', 6],
  ['proc', 2],
  ['sysfs', 2],
  ['devpts', 1],
  ['mqueue', 2],
  ['none', 2],
  ['odd-devpts-bind', 1],
  ['odd-shared-option', 1],
  ['odd-bad-option', 1],
];

/** Gofer mounts the probe can exercise: dir and file binds, rw and ro (reference §2.2). */
export const GOFER_SHAPES: ShapeWeights = [
  ['bind-dir', 8],
  ['bind-dir-ro', 3],
  ['bind-file', 3],
  ['bind-file-ro', 1],
  ['rbind-notype', 2],
];

/** Directory gofer mounts only (a tmpfs hint on a file mount fails, reference §8). */
export const GOFER_DIR_SHAPES: ShapeWeights = [
  ['bind-dir', 6],
  ['bind-dir-ro', 2],
  ['rbind-notype', 1],
];

/** Sentry-internal mounts (reference §2.2); mqueue is skipped by runsc, so it is only an extra. */
export const SENTRY_SHAPES: ShapeWeights = [
  ['tmpfs', 4],
  ['proc', 1],
  ['sysfs', 1],
  ['devpts', 1],
  ['none', 1],
];

/** Shapes of focused arbitraries: no start-failure shapes. */
export const FOCUSED_SHAPES: ShapeWeights = [
  ['bind-dir', 10],
  ['bind-dir-ro', 3],
  ['bind-file', 3],
  ['bind-file-ro', 1],
  ['rbind-notype', 2],
  ['tmpfs', 3],
  ['proc', 1],
  ['sysfs', 1],
  ['mqueue', 1],
  ['none', 1],
];

/** A mount draft of one of `shapes`; the destination is `/tmp` about one time in ten. */
export function mountDraftArb(shapes: ShapeWeights, relativeWeight = 1): fc.Arbitrary<MountDraft> {
  return fc.record({
    shape: weightedConstant(...shapes),
    slot: fc.nat({ max: 3 }),
    dest: fc.oneof(
      { withCrossShrink: true },
      { arbitrary: fc.nat({ max: 4 }), weight: 9 },
      { arbitrary: fc.constant(5), weight: 1 },
    ),
    variant: fc.nat({ max: 3 }),
    relative: relativeWeight > 0 ? weightedConstant([false, 30], [true, relativeWeight]) : fc.constant(false),
  });
}
