/** Arbitraries of the global runsc flags (reference §1). */
import fc from 'fast-check';
import { OVERLAY2_VALUES, type FileAccess, type Overlay2, type RunscFlags } from '../../model/case.js';
import { weightedConstant } from './choice.js';

/** `--directfs` unset or true (the modern default), the usual start of a focused case. */
export const directfsOnArb: fc.Arbitrary<boolean | null> = weightedConstant<boolean | null>([null, 2], [true, 1]);
/** `--directfs` anything. */
export const directfsAnyArb: fc.Arbitrary<boolean | null> = weightedConstant<boolean | null>(
  [null, 2],
  [true, 1],
  [false, 1],
);

/** Every `--overlay2` value, unset most often. */
export const overlayAnyArb: fc.Arbitrary<Overlay2 | null> = weightedConstant<Overlay2 | null>(
  [null, 3],
  ...OVERLAY2_VALUES.map((v) => [v, 1] as const),
);
/** `--overlay2` values that leave submounts 9p (visible), `all:*` rare. */
export const overlayVisibleArb: fc.Arbitrary<Overlay2 | null> = weightedConstant<Overlay2 | null>(
  ['none', 4],
  [null, 3],
  ['root:memory', 1],
  ['root:self', 1],
  ['all:memory', 1],
  ['all:self', 1],
);

const fileAccessArb = (nullWeight: number): fc.Arbitrary<FileAccess | null> =>
  weightedConstant<FileAccess | null>([null, nullWeight], ['exclusive', 1], ['shared', 1]);

/** Flags with the given `--directfs` and `--overlay2` distributions; file-access flags rarely set. */
export function flagsArb(
  directfs: fc.Arbitrary<boolean | null>,
  overlay2: fc.Arbitrary<Overlay2 | null>,
): fc.Arbitrary<RunscFlags> {
  return fc.record({ directfs, overlay2, fileAccess: fileAccessArb(8), fileAccessMounts: fileAccessArb(6) });
}
