/** The CLI contract of DESIGN.md, exercised through the built executable. */
import { execa } from 'execa';
import { mkdtempSync, readdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { requirementsFor } from '../oracles/dfs-vendor-claims.js';

const MAIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'dfc-cli-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const cli = (args: string[]) => execa('node', [MAIN, ...args], { cwd: work, reject: false });

describe('bad input', () => {
  it.each([
    ['a non-numeric --cases', ['run', '--cases', 'abc', '--json', 'bad.json']],
    ['an unknown flag', ['run', '--frobnicate', '--json', 'bad.json']],
    ['a --json path in a missing directory', ['run', '--cases', '2', '--json', 'missing/dir/r.json']],
    ['an unknown target', ['run', '--target', 'runsc:nonesuch', '--json', 'bad.json']],
    ['an unknown command', ['frobnicate']],
    ['a replay of a missing file', ['replay', 'nope.json']],
    ['an unknown --requirement', ['run', '--requirement', 'DFS-NOPE', '--json', 'bad.json']],
    ['--skip of every selected requirement', ['run', '--requirement', 'DFS-KEEP', '--skip', 'DFS-KEEP']],
    ['an unknown --allow-unjudged', ['run', '--allow-unjudged', 'DFS-KEEP,nope', '--json', 'bad.json']],
  ])('%s exits 2 with one line and writes no file', async (_name, args) => {
    const before = readdirSync(work);
    const r = await cli(args);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^directfs-conformance: /);
    expect(readdirSync(work)).toEqual(before);
  });
});

describe('help', () => {
  it.each(['run', 'replay', 'targets'])('%s --help prints usage and exits 0', async (cmd) => {
    const r = await cli([cmd, '--help']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^Usage: directfs-conformance/);
  });
});

describe('run on the simulator', () => {
  it('judges only the requirements --requirement and --skip select, and gates on those alone', async () => {
    const args = ['run', '--cases', '5', '--seed', '1', '--requirement', 'DFS-OPT-OUT,DFS-KEEP,DFS-GLOBAL-OFF'];
    const r = await cli([...args, '--skip', 'DFS-GLOBAL-OFF', '--json', 'sel.json']);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    const json = JSON.parse(readFileSync(join(work, 'sel.json'), 'utf8'));
    expect(json.requirements.map((q: { id: string }) => q.id)).toEqual(['DFS-OPT-OUT', 'DFS-KEEP']);
    // A mutant whose intended symptom is a DFS-KEEP failure fails a run that judges DFS-KEEP alone.
    const mutant = [
      'run',
      '--target',
      'sim+mutant:off-suppresses-all',
      '--cases',
      '5',
      '--seed',
      '1',
      '--failures-dir',
      'sel-f',
    ];
    expect((await cli([...mutant, '--requirement', 'DFS-KEEP'])).exitCode).toBe(1);
  }, 300_000);

  it('writes JSON and JUnit that list every stock requirement (vendor ones only on vendor targets), exits 0', async () => {
    const r = await cli(['run', '--cases', '20', '--seed', '1', '--junit', 'j.xml', '--json', 'r.json']);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    const json = JSON.parse(readFileSync(join(work, 'r.json'), 'utf8'));
    expect(json.schema).toBe(1);
    expect(json.requirements.map((q: { id: string }) => q.id)).toEqual(requirementsFor(undefined));
    for (const q of json.requirements) {
      expect(q.status, q.id).not.toBe('failed');
      expect(q.runs, q.id).toBeGreaterThanOrEqual(20);
    }
    const xml = readFileSync(join(work, 'j.xml'), 'utf8');
    expect(xml).toMatch(/^<\?xml/);
    expect(xml.match(/<testcase /g)?.length).toBeGreaterThanOrEqual(14);
    expect(existsSync(join(work, 'dfc-failures'))).toBe(false);
  }, 300_000);

  it('fails with exit 1, a shrunk reproducer and a replay command on a build that violates the contract', async () => {
    const r = await cli(['run', '--target', 'sim:prefeature', '--cases', '30', '--seed', '2', '--json', 'pre.json']);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/DFS-OPT-OUT failed/);
    const replay = r.stdout.match(/replay:\s+npx directfs-conformance (replay \S+ --target \S+)/);
    expect(replay).not.toBeNull();
    const again = await cli((replay?.[1] ?? '').split(' '));
    expect(again.exitCode).toBe(1);
    expect(again.stdout).toMatch(/DFS-OPT-OUT\s+failed/);
  }, 300_000);
});

describe('interruption', () => {
  it('stops on SIGINT, reports the run as incomplete and exits 3', async () => {
    const child = cli(['run', '--cases', '20000', '--seed', '4', '--json', 'interrupted.json']);
    await new Promise((resolve) => setTimeout(resolve, 4000));
    child.kill('SIGINT');
    const r = await child;
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toMatch(/SIGINT: stopping/);
    const json = JSON.parse(readFileSync(join(work, 'interrupted.json'), 'utf8'));
    expect(json.interrupted).toBe(true);
  }, 120_000);
});

describe('targets', () => {
  it('lists the simulator profiles and at least 15 mutants, each with its fault and symptom', async () => {
    const r = await cli(['targets', '--json']);
    expect(r.exitCode).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.profiles.map((p: { id: string }) => p.id)).toEqual([
      'sim',
      'sim:prefeature',
      'sim:legacy',
      'sim:vendor',
      'sim:vendorbug',
    ]);
    expect(doc.mutants.length).toBeGreaterThanOrEqual(15);
    for (const m of doc.mutants) {
      expect(m.id).toMatch(/^sim\+mutant:[a-z-]+$/);
      expect(m.fault.length).toBeGreaterThan(10);
      expect(m.symptom.length).toBeGreaterThan(10);
    }
    expect(doc.builds.map((b: { id: string }) => b.id)).toEqual([
      'runsc:modern',
      'runsc:prefeature',
      'runsc:legacy',
      'runsc:vendor',
      'runsc:vendorbug',
    ]);
  });
});
