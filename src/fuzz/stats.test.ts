import { describe, expect, it } from 'vitest';
import { EXAMPLES } from '../generators/examples.js';
import { createSimTarget } from '../harness/sim-target.js';
import { ObservationCache } from '../runner/evaluate.js';
import { cellKey, cellOf, cellsOf } from './cells.js';
import { CLAIMED_CELLS } from './claims.js';
import { freshCases } from './fresh.js';
import { countCells, formatStatistics, statisticsOf, type CellCounts } from './stats.js';

const exampleCase = (name: string) => {
  const e = EXAMPLES.find((x) => x.name === name);
  if (e === undefined) throw new Error(`no example ${name}`);
  return e.case;
};

describe('statistics cells', () => {
  it('places an opted-out bind seen in mountinfo, and the root beside it', async () => {
    const sim = new ObservationCache(createSimTarget('sim'), 60_000);
    const c = exampleCase('opt-out-shared');
    const cells = cellsOf(c, await sim.observe(c));
    expect(cells).toContain('bind-dir on-mount off on none off started');
    expect(cells).toContain('root elsewhere absent on none on started');
    expect(cellKey(cellOf(cells[0] as string))).toBe(cells[0]);
  });

  it('flags a claimed cell no case reached, in the text and the data', () => {
    const counts: CellCounts = {};
    countCells(counts, ['bind-dir on-mount off on none off started', 'root none absent on none on started']);
    const s = statisticsOf(counts);
    expect(s.claims.find((c) => c.name === 'opt-out seen in mountinfo')?.cases).toBe(1);
    expect(s.uncovered).toContain('rootfs default');
    expect(formatStatistics(s)).toMatch(/UNCOVERED {2}rootfs default/);
    expect(s.dimensions.mount['bind-dir']).toBe(1);
  });

  it('every claimed cell is reached by the fresh cases of a short search on the simulator', async () => {
    const sim = new ObservationCache(createSimTarget('sim'), 60_000);
    const next = freshCases(1);
    const counts: CellCounts = {};
    for (let i = 0; i < 1500; i++) {
      const c = next();
      countCells(counts, cellsOf(c, await sim.observe(c)));
    }
    const s = statisticsOf(counts);
    expect(s.claims).toHaveLength(CLAIMED_CELLS.length);
    expect(s.uncovered).toEqual([]);
  }, 30_000);
});
