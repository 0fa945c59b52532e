/** Small combinators over fast-check that keep shrinking toward the simplest value. */
import fc from 'fast-check';

/** One of `values` with integer weights; shrinks toward the first value. */
export function weightedConstant<T>(...entries: readonly (readonly [T, number])[]): fc.Arbitrary<T> {
  return weightedOf(...entries.map(([v, w]) => [fc.constant(v), w] as const));
}

/** One of the arbitraries with integer weights; shrinks toward the first arbitrary. */
export function weightedOf<T>(...entries: readonly (readonly [fc.Arbitrary<T>, number])[]): fc.Arbitrary<T> {
  return fc.oneof({ withCrossShrink: true }, ...entries.map(([arbitrary, weight]) => ({ arbitrary, weight })));
}

/** `null` (weight `nullWeight`) or a value of `arb` (weight `valueWeight`); shrinks toward null. */
export function nullable<T>(arb: fc.Arbitrary<T>, nullWeight: number, valueWeight: number): fc.Arbitrary<T | null> {
  return weightedOf<T | null>([fc.constant(null), nullWeight], [arb, valueWeight]);
}

/** A list of 0..max items, short lists far more likely than long ones. */
export function shortList<T>(arb: fc.Arbitrary<T>, maxLength: number, minLength = 0): fc.Arbitrary<T[]> {
  return fc.array(arb, { minLength, maxLength, size: 'small' });
}

/** `prefix` drawn as a fixed tuple followed by `rest`; the prefix never shrinks away. */
export function withPrefix<T>(prefix: readonly fc.Arbitrary<T>[], rest: fc.Arbitrary<T[]>): fc.Arbitrary<T[]> {
  return fc.tuple(fc.tuple(...prefix), rest).map(([a, b]) => [...a, ...b]);
}
