/**
 * The native probe must pass and fail exactly the operations the shell probe
 * does. Both run on the host, on the same fixtures, over generated mixes of
 * mounts and of the ways a mount can go wrong (missing, of the other kind,
 * wrong or empty seed, leftovers of an earlier run, read-only).
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_FILE } from '../model/case.js';
import {
  BUSYBOX,
  haveBusybox,
  hostCase,
  opLines,
  runOnHost,
  writeFixtures,
  type HostMount,
} from './__fixtures__/host.js';
import { buildNativeProbe, chooseProbe, nativeProbeArgs, nativeProbeScript, NATIVE_PROBE_PATH } from './native.js';
import { MOUNTINFO_BEGIN, MOUNTINFO_END, PROBE_END } from './protocol.js';
import { probeScript, shQuote } from './script.js';

function compilerMissing(): string | null {
  try {
    execFileSync('cc', ['--version'], { stdio: 'ignore' });
    return null;
  } catch {
    return 'no C compiler (cc)';
  }
}
const SKIP = !haveBusybox ? `${BUSYBOX} missing` : compilerMissing();

/** `DFC-OP i dest op ok|fail`: what the two probes must agree on (details are worded differently). */
function outcomes(lines: string[]): string[] {
  return opLines(lines).map((l) => l.replace(/ fail .*$/, ' fail'));
}

/** What can be wrong with a mount before the probe runs. */
type Damage = 'none' | 'missing' | 'other-kind' | 'wrong-seed' | 'empty-seed' | 'leftovers' | 'read-only';

interface Scenario {
  mounts: (HostMount & { damage: Damage })[];
}

const scenario: fc.Arbitrary<Scenario> = fc
  .array(
    fc.record({
      kind: fc.constantFrom<'dir' | 'file'>('dir', 'file'),
      ro: fc.boolean(),
      damage: fc.constantFrom<Damage>(
        'none',
        'none',
        'missing',
        'other-kind',
        'wrong-seed',
        'empty-seed',
        'leftovers',
        'read-only',
      ),
    }),
    { minLength: 1, maxLength: 4 },
  )
  .map((ms) => ({ mounts: ms.map((m, i) => ({ ...m, name: `m${i}` })) }));

/** Lays out the scenario's fixtures under `root` and returns the bind mounts that make some read-only. */
async function layOut(s: Scenario, root: string): Promise<string[]> {
  const c = hostCase(root, s.mounts);
  await writeFixtures(c, root);
  const readOnly: string[] = [];
  for (const m of s.mounts) {
    const path = join(root, m.name);
    const seed = m.kind === 'dir' ? join(path, SEED_FILE) : path;
    if (m.damage === 'missing') await rm(path, { recursive: true, force: true });
    if (m.damage === 'other-kind') {
      await rm(path, { recursive: true, force: true });
      if (m.kind === 'dir') await writeFile(path, 'seed\n');
      else await mkdir(path);
    }
    if (m.damage === 'wrong-seed') await writeFile(seed, 'not-seed\n');
    if (m.damage === 'empty-seed') await writeFile(seed, '');
    if (m.damage === 'leftovers' && m.kind === 'dir') {
      const prefix = `dfc${s.mounts.indexOf(m)}`;
      await mkdir(join(path, `${prefix}.d`));
      await symlink('elsewhere', join(path, `${prefix}.d`, `${prefix}.l`));
      await writeFile(join(path, `${prefix}.x`), 'x\n');
    }
    if (m.damage === 'read-only') readOnly.push(path);
  }
  return readOnly;
}

/**
 * Runs `argv` in a private mount namespace in which `readOnly` paths are
 * read-only bind mounts of themselves (as root, `ro` is otherwise not enforced).
 */
async function runIn(readOnly: string[], argv: string[], cwd: string): Promise<string[]> {
  const binds = readOnly.map(
    (p) => `mount --bind ${shQuote(p)} ${shQuote(p)} && mount -o remount,bind,ro ${shQuote(p)}`,
  );
  const script = [...binds, 'exec "$@"'].join(' && ');
  const r = await execa('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script, 'sh', ...argv], {
    reject: false,
    cwd,
    env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' },
    extendEnv: false,
  });
  if (r.exitCode !== 0) throw new Error(`probe under unshare exited ${r.exitCode}: ${r.stderr}`);
  return r.stdout.split('\n');
}

const canUnshare = process.getuid?.() === 0;

describe.skipIf(SKIP !== null)(`native probe${SKIP === null ? '' : ` (skipped: ${SKIP})`}`, () => {
  let cache = '';
  let binary = '';
  beforeAll(async () => {
    cache = await mkdtemp(join(tmpdir(), 'dfc-native-cache-'));
    const built = await buildNativeProbe({ ...process.env, XDG_CACHE_HOME: cache });
    if (built.kind !== 'native') throw new Error(built.why);
    binary = built.binary;
  });
  afterAll(async () => {
    await rm(cache, { recursive: true, force: true });
  });

  it('is built once per source: a second build reuses the cached binary', async () => {
    const again = await buildNativeProbe({ ...process.env, XDG_CACHE_HOME: cache });
    expect(again).toEqual({ kind: 'native', binary });
  });

  it('is not chosen when the compiler fails, and says why', async () => {
    const env = { ...process.env, XDG_CACHE_HOME: join(cache, 'other'), CC: '/bin/false' };
    const built = await buildNativeProbe(env);
    expect(built.kind).toBe('shell');
    expect(built.kind === 'shell' && built.why).toMatch(/^cannot compile the native probe: \/bin\/false: /);
    await expect(chooseProbe({ ...env, DFC_PROBE: 'native' })).rejects.toThrow(/^DFC_PROBE=native: cannot compile/);
    await expect(chooseProbe({ ...env, DFC_PROBE: 'shell' })).resolves.toEqual({
      kind: 'shell',
      why: 'DFC_PROBE=shell',
    });
    await expect(chooseProbe({ ...env, DFC_PROBE: 'fast' })).rejects.toThrow(
      /^DFC_PROBE must be native, shell or auto/,
    );
  });

  it('is exec-ed by probe.sh with the case workload as its arguments', () => {
    const c = hostCase('/x', [{ name: "it's", kind: 'dir', dest: '/data' }]);
    const script = nativeProbeScript(c);
    expect(script).toBe(`exec ${NATIVE_PROBE_PATH} ${nativeProbeArgs(c).map(shQuote).join(' ')}\n`);
    expect(nativeProbeArgs(c)).toEqual([
      'dfc-data',
      'dfc',
      'seed.txt',
      'seed',
      'rwdir',
      '0',
      '/data',
      'dfc0.a',
      'dfc0.d',
      'dfc0.d/dfc0.b',
      'dfc0.d/dfc0.l',
      'dfc0.b',
    ]);
  });

  it('prints the same mountinfo block and protocol frame as the shell probe', async () => {
    const root = await mkdtemp(join(tmpdir(), 'dfc-native-'));
    try {
      const c = hostCase(root, [{ name: 'rw', kind: 'dir' }]);
      await writeFixtures(c, root);
      const shell = (await runOnHost(probeScript(c), root)).lines;
      await rm(join(root, 'rw'), { recursive: true });
      await writeFixtures(c, root);
      const native = (await execa(binary, nativeProbeArgs(c), { cwd: root })).stdout.split('\n');
      const block = (lines: string[]) => lines.slice(lines.indexOf(MOUNTINFO_BEGIN), lines.indexOf(MOUNTINFO_END) + 1);
      expect(block(native).length).toBeGreaterThan(3);
      expect(block(native)).toEqual(block(shell));
      expect(native.filter((l) => l !== '').at(-1)).toBe(PROBE_END);
      expect(outcomes(native)).toEqual(outcomes(shell));
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('rejects a malformed workload with exit 2 instead of guessing', async () => {
    const r = await execa(binary, ['dfc-data', 'dfc', 'seed.txt', 'seed', 'rwdir', '0', '/x'], { reject: false });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/bad workload group at argument 5: rwdir/);
  });

  it.skipIf(!canUnshare)('passes and fails the same operations as the shell probe', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        // Both probes see the same paths: the same root, laid out afresh for each.
        const root = await mkdtemp(join(tmpdir(), 'dfc-native-'));
        const c = hostCase(root, s.mounts);
        const outputs: string[][] = [];
        try {
          for (const probe of ['shell', 'native'] as const) {
            await rm(root, { recursive: true, force: true });
            await mkdir(root);
            const readOnly = await layOut(s, root);
            const script = join(root, 'probe.sh');
            await writeFile(script, probeScript(c));
            const argv = probe === 'shell' ? [BUSYBOX, 'sh', script] : [binary, ...nativeProbeArgs(c)];
            outputs.push(await runIn(readOnly, argv, root));
          }
        } finally {
          await rm(root, { recursive: true, force: true });
        }
        const [shell = [], native = []] = outputs;
        expect(outcomes(shell).length).toBeGreaterThan(0);
        expect(outcomes(native)).toEqual(outcomes(shell));
      }),
      { numRuns: 60, seed: 20261129 },
    );
  });
});
