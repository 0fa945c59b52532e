import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MUTANT_NAMES } from '../../simulator/mutants.js';
import { benchCommand } from './bench.js';

describe('bench on the simulator', () => {
  afterEach(() => vi.restoreAllMocks());

  it('measures sim verdicts per second and every mutant to its first failure, and writes the numbers as JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dfc-bench-test-'));
    const printed: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      printed.push(String(chunk));
      return true;
    });
    try {
      const json = join(dir, 'bench.json');
      const argv = ['--no-real', '--sim-cases', '20', '--mutant-cases', '10', '--json', json];
      const code = await benchCommand(argv, new AbortController().signal);
      expect(code).toBe(0);
      const out = printed.join('');
      expect(out).toMatch(/simulator: run --cases 20: \d+ verdicts in [\d.]+ s .* conclusive per run/);
      expect(out).toMatch(/real target runsc:modern: skipped \(--no-real\)/);
      const r = JSON.parse(readFileSync(json, 'utf8'));
      expect(r.sim.verdicts).toBeGreaterThan(20);
      expect(r.sim.targetRuns.total).toBeGreaterThan(0);
      expect(r.real).toEqual({ skipped: '--no-real' });
      expect(r.mutants.map((m: { target: string }) => m.target)).toEqual(MUTANT_NAMES.map((n) => `sim+mutant:${n}`));
      // Nearly every mutant is caught within the example table and ten cases, each at a measured moment.
      const caught = r.mutants.filter((m: { ms: number | null }) => m.ms !== null);
      expect(caught.length).toBeGreaterThanOrEqual(MUTANT_NAMES.length - 2);
      for (const m of caught) expect(m.requirement, m.target).toMatch(/^DFS-/);
      expect(out).toMatch(new RegExp(`time to first failure, ${MUTANT_NAMES.length} simulator mutants`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('refuses a bad number before measuring anything', async () => {
    await expect(benchCommand(['--sim-cases', '0'], new AbortController().signal)).rejects.toThrow(/--sim-cases/);
  });
});
