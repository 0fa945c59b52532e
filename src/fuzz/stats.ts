/**
 * The distribution of a search's cases over the statistics cells, and the
 * claimed cells none of them reached. Pure: cells in, counts and text out.
 */
import { cellOf, DIMENSION_NAMES, DIMENSIONS, type Cell, type Dimension } from './cells.js';
import { CLAIMED_CELLS, type ClaimedCell } from './claims.js';

/** Cases per cell key (a case counts once in each distinct cell it falls in). */
export type CellCounts = Record<string, number>;

/** The statistics a run saves: cases per cell, per dimension value, and the claims no case reached. */
export interface FuzzStatistics {
  cells: CellCounts;
  dimensions: { [D in Dimension]: Record<string, number> };
  claims: { name: string; cell: Partial<Cell>; cases: number }[];
  uncovered: string[];
}

/** Adds one case's distinct cells to `counts`. */
export function countCells(counts: CellCounts, keys: readonly string[]): void {
  for (const k of keys) counts[k] = (counts[k] ?? 0) + 1;
}

/** True when `cell` has every value `claim` names. */
export function cellMatches(cell: Cell, claim: Partial<Cell>): boolean {
  return DIMENSION_NAMES.every((d) => claim[d] === undefined || claim[d] === cell[d]);
}

/** Cases per value of each dimension, from cases per cell (a case in two cells of one value counts twice). */
function perDimension(cells: CellCounts): FuzzStatistics['dimensions'] {
  const out = Object.fromEntries(
    DIMENSION_NAMES.map((d) => [d, Object.fromEntries(DIMENSIONS[d].map((v) => [v, 0]))]),
  ) as FuzzStatistics['dimensions'];
  for (const [key, n] of Object.entries(cells)) {
    const cell = cellOf(key);
    for (const d of DIMENSION_NAMES) out[d][cell[d]] = (out[d][cell[d]] ?? 0) + n;
  }
  return out;
}

/** The statistics of `cells` against the claims (default: the generators' claimed cells). */
export function statisticsOf(cells: CellCounts, claims: readonly ClaimedCell[] = CLAIMED_CELLS): FuzzStatistics {
  const entries = Object.entries(cells).map(([k, n]) => ({ cell: cellOf(k), n }));
  const claimed = claims.map((c) => ({
    name: c.name,
    cell: c.cell,
    cases: entries.filter((e) => cellMatches(e.cell, c.cell)).reduce((sum, e) => sum + e.n, 0),
  }));
  const sorted = Object.fromEntries(Object.entries(cells).sort(([a], [b]) => (a < b ? -1 : 1)));
  return {
    cells: sorted,
    dimensions: perDimension(cells),
    claims: claimed,
    uncovered: claimed.filter((c) => c.cases === 0).map((c) => c.name),
  };
}

/** Sums cell counts (merging shards). */
export function addCellCounts(into: CellCounts, more: CellCounts): CellCounts {
  for (const [k, n] of Object.entries(more)) into[k] = (into[k] ?? 0) + n;
  return into;
}

/** The statistics as text: each dimension's values with their cases, then the claimed cells and any uncovered. */
export function formatStatistics(s: FuzzStatistics): string {
  const lines = [`statistics: ${Object.keys(s.cells).length} cells reached (mount cells per case)`];
  for (const d of DIMENSION_NAMES) {
    const values = Object.entries(s.dimensions[d]).map(([v, n]) => `${v} ${n}`);
    lines.push(`  ${d.padEnd(9)} ${values.join(', ')}`);
  }
  const covered = s.claims.length - s.uncovered.length;
  lines.push(`claimed cells: ${covered}/${s.claims.length} covered`);
  for (const c of s.claims) {
    lines.push(`  ${c.cases === 0 ? 'UNCOVERED' : String(c.cases).padStart(9)}  ${c.name}`);
  }
  if (s.uncovered.length > 0) lines.push(`uncovered: ${s.uncovered.join(', ')}`);
  return `${lines.join('\n')}\n`;
}
