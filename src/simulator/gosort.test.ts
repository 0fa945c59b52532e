import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { goSortSlice } from './gosort.js';

const order = (keys: number[]) =>
  goSortSlice(
    keys.map((k, i) => ({ k, i })),
    (a, b) => a.k < b.k,
  ).map((x) => x.i);

describe('goSortSlice (Go sort.Slice)', () => {
  it('sorts by the key', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 80 }), (keys) => {
        const sorted = order(keys).map((i) => keys[i]);
        expect(sorted).toEqual([...keys].sort((a, b) => a - b));
      }),
    );
  });

  it('is stable up to 12 elements (insertion sort)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 12 }), (keys) => {
        const idx = keys.map((_, i) => i);
        expect(order(keys)).toEqual(idx.sort((a, b) => (keys[a] as number) - (keys[b] as number) || a - b));
      }),
    );
  });

  // Orders printed by Go 1.26 sort.Slice for the same keys; the first is a real
  // runsc case (13 mounts) whose mount order the modern build showed.
  it('reproduces Go orders beyond 12 elements', () => {
    expect(order([5, 4, 4, 8, 3, 3, 3, 3, 3, 3, 3, 3, 3])).toEqual([9, 4, 5, 6, 7, 8, 10, 11, 12, 1, 2, 0, 3]);
    expect(order([4, 5, 4, 8, 6, 9, 5, 7, 4, 3, 10, 5, 5, 6, 4, 8, 5])).toEqual([
      9, 8, 14, 2, 0, 12, 6, 11, 1, 16, 4, 13, 7, 3, 15, 5, 10,
    ]);
  });
});
