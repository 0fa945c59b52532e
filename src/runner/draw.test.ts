import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { drawCases } from './draw.js';

describe('drawCases', () => {
  it('draws the same values, in the same order, as a synchronous fc.check', async () => {
    const arb = fc.array(fc.integer(), { maxLength: 5 });
    const params = { seed: 42, numRuns: 300 };
    const sync: number[][] = [];
    fc.check(
      fc.property(arb, (v) => {
        sync.push(v);
        return true;
      }),
      params,
    );
    expect(await drawCases(arb, params)).toEqual(sync);
  });

  it('lets timers run while drawing many values, and stops at an abort', async () => {
    const controller = new AbortController();
    let ticks = 0;
    const timer = setInterval(() => {
      ticks += 1;
      if (ticks === 3) controller.abort();
    }, 1);
    const drawn = await drawCases(fc.string(), { seed: 1, numRuns: 10_000_000 }, controller.signal);
    clearInterval(timer);
    expect(ticks).toBeGreaterThanOrEqual(3);
    expect(drawn.length).toBeGreaterThan(0);
    expect(drawn.length).toBeLessThan(10_000_000);
  });
});
