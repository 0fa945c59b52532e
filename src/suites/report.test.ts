/** The `report` command through the built executable, on simulator profiles (fast): files, matrix, exit codes. */
import { execa } from 'execa';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { CompatReport } from '../compat/model.js';

const MAIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'dfc-report-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const cli = (args: string[]) => execa('node', [MAIN, ...args], { cwd: work, reject: false });
const readReport = (dir: string): CompatReport =>
  JSON.parse(readFileSync(join(work, dir, 'compat.json'), 'utf8')) as CompatReport;
const expectedFile = (name: string, entries: object[]): string => {
  writeFileSync(join(work, name), JSON.stringify({ schema: 1, divergences: entries }));
  return name;
};
const OLD_BUILDS = 'sim:{prefeature,legacy}';
expectedFile('bad-entry.json', [{ requirement: 'DFS-OPT-OUT', target: '*', reason: 'r', expires: '31.12.2027' }]);

describe('report on the simulator profiles', () => {
  it('tells modern, pre-feature and 2022 builds apart and fails (exit 1) on their undeclared failures', async () => {
    const r = await cli(
      ['report', '--target', 'sim', '--target', 'sim:prefeature', '--target', 'sim:legacy'].concat([
        '--out',
        'all',
        '--cases',
        '2',
        '--seed',
        '1',
      ]),
    );
    expect(r.exitCode, r.stderr).toBe(1);
    expect(readdirSync(join(work, 'all')).sort()).toEqual(['compat.html', 'compat.json', 'compat.md', 'failures']);
    const report = readReport('all');
    expect(report.targets.map((t) => [t.id, t.capabilities.mountOptOut.value])).toEqual([
      ['sim', 'honoured'],
      ['sim:prefeature', 'ignored'],
      ['sim:legacy', 'rejected'],
    ]);
    const optOut = report.matrix.find((row) => row.requirement === 'DFS-OPT-OUT')!;
    expect(optOut.results).toEqual({ sim: 'passed', 'sim:prefeature': 'failed', 'sim:legacy': 'failed' });
    expect(optOut.cells['sim:legacy']?.note).toContain('annotation rejected at sandbox creation');
    expect(optOut.cells['sim:prefeature']?.note).toContain('annotation ignored');
    expect(report.matrix[0]?.results['sim:legacy']).toBe('failed');
    expect(Object.values(report.matrix.find((row) => row.requirement === 'DFS-KEEP')!.results)).toEqual([
      'passed',
      'not-applicable',
      'not-applicable',
    ]);
    expect(report.notes.map((n) => n.text).join('\n')).toContain('fails to start on sim:legacy');
    const replay = optOut.cells['sim:prefeature']!.replay!;
    expect(replay).toMatch(/^npx directfs-conformance replay all\/failures\/DFS-OPT-OUT-sim_prefeature-seed1\.json /);
    const again = await cli(
      ['replay', join('all', 'failures', 'DFS-OPT-OUT-sim_prefeature-seed1.json')].concat([
        '--target',
        'sim:prefeature',
      ]),
    );
    expect(again.exitCode).toBe(1);
    expect(readFileSync(join(work, 'all', 'compat.md'), 'utf8')).toMatch(/## Failures\n\n- \*\*DFS-/);
  }, 30_000);

  it('shows declared failures as expected (exit 0), and an expired declaration fails again (exit 1)', async () => {
    const future = expectedFile('future.json', [
      { requirement: 'DFS-OPT-OUT', target: OLD_BUILDS, reason: 'before the opt-out', expires: '2999-12-31' },
      { requirement: 'DFS-ROOTFS-OPT-OUT', target: 'sim:*', reason: 'before the opt-out', expires: '2999-12-31' },
    ]);
    const ok = await cli(['report', '--target', 'sim:legacy', '--out', 'ok', '--cases', '1', '--expected', future]);
    expect(ok.exitCode, ok.stdout).toBe(0);
    expect(readReport('ok').summary.expected).toBe(2);
    const past = expectedFile('past.json', [
      { requirement: 'DFS-OPT-OUT', target: OLD_BUILDS, reason: 'before the opt-out', expires: '2020-01-01' },
      { requirement: 'DFS-ROOTFS-OPT-OUT', target: 'sim:*', reason: 'before the opt-out', expires: '2999-12-31' },
    ]);
    const stale = await cli(['report', '--target', 'sim:legacy', '--out', 'stale', '--cases', '1', '--expected', past]);
    expect(stale.exitCode).toBe(1);
    expect(readReport('stale').failures.map((f) => f.note)).toEqual([
      expect.stringMatching(/^expected divergence expired on 2020-01-01/),
    ]);
  }, 30_000);

  it.concurrent.each([
    ['no --target', ['--out', 'bad']],
    ['no --out', ['--target', 'sim']],
    ['an unknown target', ['--target', 'runsc:nonesuch', '--out', 'bad']],
    ['a target given twice', ['--target', 'sim', '--target', 'sim', '--out', 'bad']],
    ['a bad --expected entry', ['--target', 'sim', '--out', 'bad', '--expected', 'bad-entry.json']],
    ['a missing --expected file', ['--target', 'sim', '--out', 'bad', '--expected', 'nope.json']],
    ['--out naming a file', ['--target', 'sim', '--out', 'bad-entry.json']],
  ])('%s exits 2 with one line and writes nothing', async (_what, args) => {
    const r = await cli(['report', ...args]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(work, 'bad'))).toBe(false);
  });
});
