/** `fuzz` and `replay DIR` end to end, through the built executable, on simulator targets only. */
import { execa } from 'execa';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'dfc-fuzz-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const cli = (args: string[]) => execa('node', [MAIN, ...args], { cwd: work, reject: false });
const MUTANT = 'sim+mutant:ignore-annotation';

/** Finding directories under a corpus. */
function findingDirs(corpus: string): string[] {
  const root = join(corpus, 'findings');
  return existsSync(root) ? readdirSync(root).map((d) => join(root, d)) : [];
}

describe('fuzz on a mutant', () => {
  const corpus = join(work, 'mutant-corpus');
  let run: Awaited<ReturnType<typeof cli>>;
  beforeAll(async () => {
    run = await cli([
      'fuzz',
      '--target',
      MUTANT,
      '--duration',
      '8s',
      '--corpus',
      corpus,
      '--seed',
      '1',
      '--json',
      'm.json',
    ]);
  }, 60_000);

  it('exits 1 and stores each finding once, with case.json, repro.sh and the rest', () => {
    expect(run.exitCode, run.stderr).toBe(1);
    const dirs = findingDirs(corpus);
    expect(dirs.length).toBeGreaterThan(0);
    for (const d of dirs) {
      for (const f of ['case.json', 'repro.sh', 'bundle/config.json', 'observation.json', 'verdict.txt']) {
        expect(existsSync(join(d, f)), `${d}/${f}`).toBe(true);
      }
    }
    const json = JSON.parse(readFileSync(join(work, 'm.json'), 'utf8'));
    expect(json.cases).toBeGreaterThan(5);
    expect(json.behaviours).toBeGreaterThan(10);
    expect(json.findings.filter((f: { new: boolean; known: boolean }) => f.new || f.known)).toHaveLength(dirs.length);
    expect(readdirSync(join(corpus, 'queue')).length).toBe(json.behaviours);
    expect(run.stdout).toMatch(/distinct behaviours: \d+/);
  });

  it("replays the mutant's finding: 1 on the mutant, 0 on sim; a findings tree replays whole", async () => {
    const own = findingDirs(corpus).find(
      (d) => d.includes('DFS-OPT-OUT') && /expected directfs off/.test(readFileSync(join(d, 'verdict.txt'), 'utf8')),
    );
    expect(own, 'a DFS-OPT-OUT finding of the ignored directfs key').toBeDefined();
    const file = join(own as string, 'case.json');
    expect((await cli(['replay', file, '--target', MUTANT])).exitCode).toBe(1);
    expect((await cli(['replay', file, '--target', 'sim'])).exitCode).toBe(0);
    const all = await cli(['replay', corpus, '--target', MUTANT]);
    expect(all.exitCode).toBe(1);
    expect(all.stdout).toMatch(new RegExp(`replayed ${findingDirs(corpus).length} case\\(s\\): exit 1`));
  }, 60_000);

  it('a second run over the same corpus stores nothing new for what is already there', async () => {
    const before = findingDirs(corpus).length;
    const again = await cli(['fuzz', '--target', MUTANT, '--duration', '3s', '--corpus', corpus, '--seed', '1']);
    expect([0, 1]).toContain(again.exitCode);
    const after = findingDirs(corpus).length;
    expect(again.exitCode).toBe(after > before ? 1 : 0);
  }, 30_000);
});

describe('fuzz on the simulator', () => {
  it('exits 0 unless it stored a finding, and every stored finding reproduces', async () => {
    const corpus = join(work, 'sim-corpus');
    const r = await cli([
      'fuzz',
      '--target',
      'sim',
      '--duration',
      '5s',
      '--corpus',
      corpus,
      '--seed',
      '2',
      '--json',
      's.json',
    ]);
    const dirs = findingDirs(corpus);
    const json = JSON.parse(readFileSync(join(work, 's.json'), 'utf8'));
    // The simulated panic is a known finding of the checked-in corpus: stored, reported, but not new.
    const fresh = json.findings.filter((f: { new: boolean }) => f.new);
    expect(r.exitCode, r.stderr).toBe(fresh.length === 0 ? 0 : 1);
    expect(dirs.length).toBe(json.findings.length);
    for (const f of json.findings) expect(f.new).toBe(!f.known);
    const crash = json.findings.find((f: { signature: string }) => f.signature === 'crash-runsc-39d889f5b6');
    if (crash !== undefined) expect(r.stdout).toMatch(/^ {2}known +crash/m);
    expect(r.stdout).toMatch(/^fuzz sim \(seed 2, guided\): \d+ cases/);
    expect(r.stdout).toMatch(/^claimed cells: \d+\/\d+ covered$/m);
    for (const d of dirs) {
      const verdict = readFileSync(join(d, 'verdict.txt'), 'utf8');
      expect(verdict).toMatch(/^reproduced: deterministic 3\/3$/m);
      // A failure replays as a failed requirement; a crash (the simulated panic) fails none.
      const replayed = (await cli(['replay', join(d, 'case.json'), '--target', 'sim'])).exitCode;
      expect(replayed).toBe(/^kind: failure$/m.test(verdict) ? 1 : 0);
    }
  }, 30_000);

  it('Ctrl-C ends the search early, writes what it has and exits 3', async () => {
    const child = execa(
      'node',
      [MAIN, 'fuzz', '--target', 'sim', '--duration', '60s', '--seed', '6', '--json', 'i.json'],
      {
        cwd: work,
        reject: false,
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    child.kill('SIGINT');
    const r = await child;
    const json = JSON.parse(readFileSync(join(work, 'i.json'), 'utf8'));
    expect(json.interrupted).toBe(true);
    expect(json.elapsedMs).toBeLessThan(30_000);
    expect(r.exitCode).toBe(json.findings.some((f: { new: boolean }) => f.new) ? 1 : 3);
  }, 30_000);

  it.each([
    ['a bad --duration', ['--duration', '10 minutes']],
    ['no --duration', []],
    ['a zero --duration', ['--duration', '0s']],
    ['a bad --shard', ['--duration', '2s', '--shard', '3/2']],
    ['a --shard without n', ['--duration', '2s', '--shard', '1']],
    ['a --known that does not exist', ['--duration', '2s', '--known', 'no-such-dir']],
  ])('%s exits 2 with one line and creates no corpus', async (_name, extra) => {
    const r = await cli(['fuzz', '--target', 'sim', '--corpus', 'nope', ...extra]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(work, 'nope'))).toBe(false);
  });

  it('replay of a directory without cases, or of a missing path, exits 2 with one line', async () => {
    mkdirSync(join(work, 'empty'));
    for (const arg of ['empty', 'missing']) {
      const r = await cli(['replay', arg]);
      expect(r.exitCode).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});

describe('shards and merge', () => {
  const shard = (i: number) =>
    cli([
      'fuzz',
      '--target',
      MUTANT,
      '--duration',
      '2s',
      '--seed',
      '4',
      '--shard',
      `${i}/2`,
      '--corpus',
      `shard${i}`,
      '--json',
      `shard${i}/r.json`,
      '--junit',
      `shard${i}.xml`,
    ]);

  it('two shards merge into one report: cases summed, behaviours unioned, findings once each', async () => {
    mkdirSync(join(work, 'shard1'));
    mkdirSync(join(work, 'shard2'));
    const [one, two] = await Promise.all([shard(1), shard(2)]);
    expect(one.exitCode, one.stderr).toBe(1);
    expect(two.exitCode, two.stderr).toBe(1);
    const a = JSON.parse(readFileSync(join(work, 'shard1/r.json'), 'utf8'));
    const b = JSON.parse(readFileSync(join(work, 'shard2/r.json'), 'utf8'));
    expect(a.shards).toEqual([{ index: 1, count: 2 }]);
    expect(readFileSync(join(work, 'shard1.xml'), 'utf8')).toMatch(/<failure /);
    const m = await cli([
      'merge',
      'shard1/r.json',
      'shard2/r.json',
      '--json',
      'merged.json',
      '--junit',
      'merged.xml',
      '--findings',
      'merged-findings',
    ]);
    expect(m.exitCode, m.stderr).toBe(1);
    const merged = JSON.parse(readFileSync(join(work, 'merged.json'), 'utf8'));
    expect(merged.cases).toBe(a.cases + b.cases);
    const union = new Set([...a.behaviourSignatures, ...b.behaviourSignatures]);
    expect(merged.behaviours).toBe(union.size);
    const signatures = new Set([...a.findings, ...b.findings].map((f: { signature: string }) => f.signature));
    expect(merged.findings.map((f: { signature: string }) => f.signature).sort()).toEqual([...signatures].sort());
    expect(readdirSync(join(work, 'merged-findings')).sort()).toEqual([...signatures].sort());
    for (const sig of signatures) expect(existsSync(join(work, 'merged-findings', sig, 'repro.sh'))).toBe(true);
    const xml = readFileSync(join(work, 'merged.xml'), 'utf8');
    expect(xml.match(/<testcase /g)).toHaveLength(signatures.size);
  }, 60_000);

  it.each([
    ['a file that is not a results JSON', ['cli.test.bad.json']],
    ['the same shard twice', ['shard1/r.json', 'shard1/r.json']],
    ['a missing file', ['nothing.json']],
  ])('refuses %s with exit 2, one line, no output files', async (_name, inputs) => {
    writeFileSync(join(work, 'cli.test.bad.json'), '{"schema": 1}');
    const r = await cli(['merge', ...inputs, '--json', 'bad-merge.json', '--junit', 'bad-merge.xml']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(work, 'bad-merge.json'))).toBe(false);
    expect(existsSync(join(work, 'bad-merge.xml'))).toBe(false);
  });
});
