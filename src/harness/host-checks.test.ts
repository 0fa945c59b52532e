import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Case, ROOT_TOKEN, SEED_CONTENT, SEED_FILE } from '../model/case.js';
import { checkHost } from './host-checks.js';

const c: Case = {
  flags: { directfs: null, overlay2: null, fileAccess: null, fileAccessMounts: null },
  spec: {
    root: { path: 'rootfs', readonly: false },
    mounts: [
      { destination: '/rw', type: 'bind', source: `${ROOT_TOKEN}/rw`, options: ['rbind'] },
      { destination: '/ro', type: 'bind', source: `${ROOT_TOKEN}/ro`, options: ['rbind', 'ro'] },
      { destination: '/f', type: 'bind', source: `${ROOT_TOKEN}/f`, options: ['rbind'] },
      { destination: '/rof', type: 'bind', source: `${ROOT_TOKEN}/rof`, options: ['rbind', 'ro'] },
      { destination: '/t', type: 'tmpfs' },
    ],
    annotations: {},
  },
  fixtures: [
    { path: 'rw', kind: 'dir' },
    { path: 'ro', kind: 'dir' },
    { path: 'f', kind: 'file' },
    { path: 'rof', kind: 'file' },
  ],
};

describe('checkHost', () => {
  let root = '';
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'dfc-hostcheck-test-'));
    for (const d of ['rw', 'ro']) {
      await mkdir(join(root, d));
      await writeFile(join(root, d, SEED_FILE), SEED_CONTENT);
    }
    for (const f of ['f', 'rof']) await writeFile(join(root, f), SEED_CONTENT);
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const summary = async (): Promise<string[]> =>
    (await checkHost(c, root)).map((h) => `${h.destination} ${h.check} ${h.ok ? 'ok' : `fail: ${h.detail}`}`);

  it('reports untouched sources as effects absent', async () => {
    expect(await summary()).toEqual([
      '/rw effects-present fail: dfc0.d/dfc0.b missing',
      '/rw effects-absent ok',
      '/rw seed-intact ok',
      '/ro effects-absent ok',
      '/ro seed-intact ok',
      '/f effects-present fail: source holds "seed\\n"',
      '/f effects-absent ok',
    ]);
  });

  it('reports a completed workload as effects present', async () => {
    await mkdir(join(root, 'rw/dfc0.d'));
    await writeFile(join(root, 'rw/dfc0.d/dfc0.b'), 'dfc');
    await writeFile(join(root, 'f'), 'dfc-data\n');
    const checks = await checkHost(c, root);
    expect(checks.filter((h) => h.check === 'effects-present').every((h) => h.ok)).toBe(true);
    expect(checks.filter((h) => h.check === 'effects-absent').map((h) => h.ok)).toEqual([false, true, false]);
    expect(checks.find((h) => h.destination === '/rw' && h.check === 'effects-absent')?.detail).toBe('dfc0.d exists');
  });

  it('notices leftovers: an unremoved dangling link, a denied write that happened, a changed seed', async () => {
    await mkdir(join(root, 'rw/dfc0.d'));
    await writeFile(join(root, 'rw/dfc0.d/dfc0.b'), 'dfc');
    await symlink('nowhere', join(root, 'rw/dfc0.d/dfc0.l'));
    await writeFile(join(root, 'ro/dfc1.x'), '');
    await writeFile(join(root, 'ro', SEED_FILE), 'seed');
    const s = await summary();
    expect(s).toContain('/rw effects-present fail: dfc0.d/dfc0.l exists');
    expect(s).toContain('/ro effects-absent fail: dfc1.x exists');
    expect(s).toContain('/ro seed-intact fail: seed.txt holds "seed"');
  });

  it('carries the spec mount index of each planned mount', async () => {
    expect([...new Set((await checkHost(c, root)).map((h) => h.index))]).toEqual([0, 1, 2]);
  });
});
