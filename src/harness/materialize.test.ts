import { existsSync } from 'node:fs';
import { lstat, mkdtemp, readdir, readFile, readlink, realpath, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caseArbitrary } from '../generators/index.js';
import { type Case, ROOT_TOKEN, SEED_CONTENT } from '../model/case.js';
import { HarnessError } from '../model/errors.js';
import { buildConfigJson, checkConfigInsideCaseRoot, fixtureRelPath, materialize, PROBE_ARGS } from './materialize.js';

const haveBusybox = existsSync('/bin/busybox');

const sample: Case = {
  flags: { directfs: true, overlay2: 'none', fileAccess: null, fileAccessMounts: 'shared' },
  spec: {
    root: { path: 'rootfs', readonly: false },
    mounts: [
      { destination: '/data', type: 'bind', source: `${ROOT_TOKEN}/vols/data`, options: ['rbind'] },
      { destination: '/rel', type: 'bind', source: 'vols/rel', options: ['rbind', 'ro'] },
      { destination: '/etc/f', type: 'bind', source: `${ROOT_TOKEN}/f.txt`, options: ['rbind'] },
      { destination: '/scratch', type: 'tmpfs' },
    ],
    annotations: {
      'dev.gvisor.spec.mount.v.source': `${ROOT_TOKEN}/vols/data`,
      'dev.gvisor.spec.mount.v.directfs': 'off',
    },
  },
  fixtures: [
    { path: 'vols/data', kind: 'dir' },
    { path: 'vols/rel', kind: 'dir' },
    { path: 'f.txt', kind: 'file' },
  ],
};

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    out.push(p);
    if (e.isDirectory()) out.push(...(await walk(p)));
  }
  return out;
}

describe('buildConfigJson', () => {
  it('resolves ROOT_TOKEN in sources and annotations and keeps flags out', () => {
    const cfg = buildConfigJson(sample, '/tmp/case-x');
    expect(cfg.process.args).toEqual([...PROBE_ARGS]);
    expect(cfg.process.env).toEqual(['PATH=/bin']);
    expect(cfg.process.terminal).toBe(false);
    expect(cfg.mounts.map((m) => m.source)).toEqual([
      '/tmp/case-x/vols/data',
      'vols/rel',
      '/tmp/case-x/f.txt',
      undefined,
    ]);
    expect(cfg.annotations['dev.gvisor.spec.mount.v.source']).toBe('/tmp/case-x/vols/data');
    expect(cfg.linux.namespaces.map((n) => n.type).sort()).toEqual(['ipc', 'mount', 'network', 'pid', 'uts']);
    expect(JSON.stringify(cfg)).not.toContain(ROOT_TOKEN);
    expect(JSON.stringify(cfg)).not.toMatch(/overlay2|directfs=|file-access/);
  });
});

describe('fixtureRelPath', () => {
  it('refuses paths leaving the case root or hitting harness paths', () => {
    for (const bad of [
      '/etc',
      '..',
      '../x',
      'a/../../x',
      '.',
      'logs',
      'state/x',
      'rootfs/bin/busybox',
      'config.json',
    ]) {
      expect(() => fixtureRelPath(bad), bad).toThrow(HarnessError);
    }
    expect(fixtureRelPath('a/./b/../c')).toBe('a/c');
  });
});

describe('checkConfigInsideCaseRoot', () => {
  const root = '/tmp/dfc-case-x';
  const withMount = (source: string): Case => ({
    ...sample,
    spec: { ...sample.spec, mounts: [{ destination: '/d', type: 'bind', source, options: ['rbind'] }] },
  });
  const withHint = (key: string, value: string): Case => ({
    ...sample,
    spec: { ...sample.spec, annotations: { [key]: value } },
  });

  it('accepts the sample, relative and odd-but-inside spellings', () => {
    for (const c of [
      sample,
      withMount('vols/../vols/data'),
      withMount(`${ROOT_TOKEN}`),
      withHint('dev.gvisor.spec.mount.h.source', `${ROOT_TOKEN}/vols//`),
    ]) {
      expect(() => checkConfigInsideCaseRoot(buildConfigJson(c, root), root)).not.toThrow();
    }
  });

  it('accepts every generated case', () => {
    fc.assert(
      fc.property(caseArbitrary(), (c) => {
        expect(() => checkConfigInsideCaseRoot(buildConfigJson(c, root), root)).not.toThrow();
      }),
      { numRuns: 1000, seed: 5 },
    );
  });

  it.each([
    ['an absolute host mount source', withMount('/etc')],
    ['the host root', withMount('/')],
    ['a ROOT_TOKEN escape', withMount(`${ROOT_TOKEN}/../../etc`)],
    ['a relative escape', withMount('../../etc')],
    ['a hint source on the host', withHint('dev.gvisor.spec.mount.h.source', '/etc')],
    ['a rootfs hint source on the host', withHint('dev.gvisor.spec.rootfs.source', '/')],
    [
      'a root path that is not the rootfs',
      { ...sample, spec: { ...sample.spec, root: { path: '/', readonly: false } } },
    ],
    [
      'a root path inside but elsewhere',
      { ...sample, spec: { ...sample.spec, root: { path: 'vols', readonly: false } } },
    ],
  ])('refuses %s', (_name, c) => {
    expect(() => checkConfigInsideCaseRoot(buildConfigJson(c as Case, root), root)).toThrow(HarnessError);
  });

  it.skipIf(!haveBusybox)('stops materialize before it writes anything', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dfc-mat-escape-'));
    try {
      await expect(materialize(withMount('/etc'), dir)).rejects.toThrow(/resolves outside the case root/);
      expect(await readdir(dir)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!haveBusybox)(
  `materialize${haveBusybox ? '' : ' (skipped: /bin/busybox missing — run npm run setup:runsc)'}`,
  () => {
    let root = '';
    beforeEach(async () => {
      root = await realpath(await mkdtemp(join(tmpdir(), 'dfc-mat-test-')));
    });
    afterEach(async () => {
      await rm(root, { recursive: true, force: true });
    });

    it('writes the bundle layout with seeded fixtures, all inside the case root', async () => {
      await materialize(sample, root);
      const cfg = JSON.parse(await readFile(join(root, 'config.json'), 'utf8'));
      expect(cfg).toEqual(JSON.parse(JSON.stringify(buildConfigJson(sample, root))));
      expect((await stat(join(root, 'rootfs/bin/busybox'))).mode & 0o111).not.toBe(0);
      expect(await readlink(join(root, 'rootfs/bin/sh'))).toBe('busybox');
      expect(await readFile(join(root, 'rootfs/probe.sh'), 'utf8')).toContain('DFC-MOUNTINFO-BEGIN');
      for (const d of ['proc', 'sys', 'dev', 'tmp'])
        expect((await lstat(join(root, 'rootfs', d))).isDirectory()).toBe(true);
      expect(await readFile(join(root, 'vols/data/seed.txt'), 'utf8')).toBe(SEED_CONTENT);
      expect(await readFile(join(root, 'vols/rel/seed.txt'), 'utf8')).toBe(SEED_CONTENT);
      expect(await readFile(join(root, 'f.txt'), 'utf8')).toBe(SEED_CONTENT);
      const all = await walk(root);
      expect(all.every((p) => !relative(root, p).startsWith('..'))).toBe(true);
      expect(all.map((p) => relative(root, p)).sort()).toEqual(
        [
          'config.json',
          'f.txt',
          'rootfs',
          'rootfs/bin',
          'rootfs/bin/busybox',
          'rootfs/bin/sh',
          'rootfs/dev',
          'rootfs/probe.sh',
          'rootfs/proc',
          'rootfs/sys',
          'rootfs/tmp',
          'vols',
          'vols/data',
          'vols/data/seed.txt',
          'vols/rel',
          'vols/rel/seed.txt',
        ].sort(),
      );
    });

    it('copies busybox rather than linking it to the host binary', async () => {
      await materialize(sample, root);
      const [a, b] = await Promise.all([stat('/bin/busybox'), stat(join(root, 'rootfs/bin/busybox'))]);
      expect(b.ino).not.toBe(a.ino);
      expect(b.size).toBe(a.size);
    });

    it('fails with a one-line HarnessError naming setup when busybox is missing', async () => {
      const err = await materialize(sample, root, { busybox: join(root, 'no-busybox') }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(HarnessError);
      expect((err as Error).message).toMatch(/npm run setup:runsc/);
      expect((err as Error).message).not.toContain('\n');
    });

    it('refuses a dynamically linked busybox', async () => {
      const err = await materialize(sample, root, { busybox: process.execPath }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(HarnessError);
      expect((err as Error).message).toMatch(/dynamically linked/);
    });
  },
);
