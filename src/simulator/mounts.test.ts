import { describe, expect, it } from 'vitest';
import type { Case } from '../model/case.js';
import { resolveConfig } from './config.js';
import { parsePodHints } from './hints.js';
import {
  confString,
  createFilestores,
  effectiveType,
  fixSpecMounts,
  hostKind,
  initGoferConfs,
  isGoferMount,
  type SpecMount,
} from './mounts.js';
import { PROFILES } from './profiles.js';
import { compileMounts } from './sentry.js';
import type { FaultName } from './mutants.js';

const NONE = new Set<FaultName>();
const ROOT = '/case';
const fixtures = [
  { path: 'vol1', kind: 'dir' as const },
  { path: 'vol2', kind: 'dir' as const },
  { path: 'f1', kind: 'file' as const },
];
const stat = (p: string) => hostKind(p, ROOT, fixtures);
const mount = (
  index: number,
  destination: string,
  source: string,
  options: string[] = ['rbind'],
  type = 'bind',
): SpecMount => ({ index, destination, type, source, options });
const M = 'dev.gvisor.spec.mount.';
const hints = (o: Record<string, string>) => parsePodHints(Object.entries(o), PROFILES.modern, NONE);

function confs(overlay2: Case['flags']['overlay2'], mounts: SpecMount[], h = hints({}), rootReadonly = false) {
  const cfg = resolveConfig({ directfs: null, overlay2, fileAccess: null, fileAccessMounts: null }, PROFILES.modern);
  return initGoferConfs(`${ROOT}/rootfs`, rootReadonly, mounts, cfg, h, null, stat, PROFILES.modern, NONE);
}

describe('classification (reference §2.2)', () => {
  it('treats type bind or a bind/rbind option with a source as a gofer mount', () => {
    expect(isGoferMount({ type: 'bind', options: [], source: '/s' })).toBe(true);
    expect(isGoferMount({ type: '', options: ['rbind'], source: '/s' })).toBe(true);
    expect(isGoferMount({ type: 'none', options: ['bind'], source: '/s' })).toBe(true);
    expect(isGoferMount({ type: 'bind', options: [], source: '' })).toBe(false);
    expect(isGoferMount({ type: 'tmpfs', options: [], source: '/s' })).toBe(false);
    expect(effectiveType({ type: 'none', options: [] })).toBe('none');
  });

  it('absolutizes relative sources against the bundle and keeps absolute ones verbatim', () => {
    const c: Case = {
      flags: { directfs: null, overlay2: null, fileAccess: null, fileAccessMounts: null },
      spec: {
        root: { path: 'rootfs', readonly: false },
        mounts: [
          { destination: '/a', source: 'vol1/../vol2', type: 'bind' },
          { destination: '/b', source: '$ROOT//vol1/' },
          { destination: '/c', type: 'tmpfs' },
        ],
        annotations: {},
      },
      fixtures,
    };
    expect(fixSpecMounts(c, ROOT).map((m) => m.source)).toEqual(['/case/vol2', '/case//vol1/', '']);
  });

  it('forces /dev and /dev/pts types and puts the missing mandatory mounts first', () => {
    const compiled = compileMounts([mount(0, '/dev/pts', '/s', []), mount(1, '/proc', '', [], 'proc')]);
    expect(compiled.map((m) => `${m.destination}:${m.type}`)).toEqual([
      '/sys:sysfs',
      '/dev:dev',
      '/dev/pts:devpts',
      '/proc:proc',
    ]);
  });

  it('knows the host kinds of fixtures and of the bundle layout', () => {
    expect(
      ['/case/vol1', '/case/f1', '/case/vol1/seed.txt', '/case/rootfs', '/case/nope', '/elsewhere'].map(stat),
    ).toEqual(['dir', 'file', 'file', 'dir', 'missing', 'missing']);
  });
});

describe('initGoferConfs (reference §2.3)', () => {
  it('overlays the root with self by default, and submounts only under all:', () => {
    expect(confs(null, [mount(0, '/d', '/case/vol1')]).confs.map(confString)).toEqual(['lisafs:self', 'lisafs:none']);
    expect(
      confs('all:memory', [mount(0, '/d', '/case/vol1'), mount(1, '/r', '/case/vol2', ['rbind', 'ro'])]).confs.map(
        confString,
      ),
    ).toEqual(['lisafs:memory', 'lisafs:memory', 'lisafs:none']);
  });

  it('never overlays a read-only root', () => {
    expect(confs(null, [], hints({}), true).confs.map(confString)).toEqual(['lisafs:none']);
  });

  it('forces self for container/pod hints, a sentry tmpfs for tmpfs ones, memory for files', () => {
    const h = hints({
      [`${M}a.source`]: '/case/vol1',
      [`${M}a.type`]: 'bind',
      [`${M}a.share`]: 'container',
      [`${M}b.source`]: '/case/vol2',
      [`${M}b.type`]: 'tmpfs',
      [`${M}b.share`]: 'pod',
      [`${M}c.source`]: '/case/f1',
      [`${M}c.type`]: 'bind',
      [`${M}c.share`]: 'pod',
    });
    const r = confs(
      'none',
      [mount(0, '/a', '/case/vol1', ['rbind', 'ro']), mount(1, '/b', '/case/vol2'), mount(2, '/c', '/case/f1')],
      h,
    );
    expect(r.confs.map(confString)).toEqual(['lisafs:none', 'lisafs:self', 'none:self', 'lisafs:memory']);
    expect(r.log.map((l) => l.text)).toEqual([
      'self filestore is only supported for directory mounts, but mount "/case/f1" is not a directory, falling back to memory',
    ]);
  });

  it('refuses a second non-shared self filestore at one source', () => {
    const mounts = [mount(0, '/a', '/case/vol1'), mount(1, '/b', '/case/vol1')];
    const host = confs('all:self', mounts);
    const r = createFilestores(`${ROOT}/rootfs`, mounts, host, hints({}), 'cid', 'name', NONE);
    expect(r.sources).toEqual(['/case/rootfs', '/case/vol1']);
    expect(r.error).toBe(
      'creating gofer filestore files: "/case/vol1" mount source already has a filestore file ".gvisor.filestore.cid"; repeated submounts are not supported with overlay optimizations',
    );
  });
});
