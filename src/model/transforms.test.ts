import { describe, expect, it } from 'vitest';
import type { Case } from './case.js';
import { InternalError } from './errors.js';
import { permuteAnnotations, permuteMounts, renameHintNames, withDefaultForAbsent } from './transforms.js';

const P = 'dev.gvisor.spec.mount.';

function caseWith(annotations: Record<string, string>, mounts: Case['spec']['mounts'] = []): Case {
  return {
    flags: { directfs: null, overlay2: null, fileAccess: null, fileAccessMounts: null },
    spec: { root: { path: 'rootfs', readonly: false }, mounts, annotations },
    fixtures: [],
  };
}

describe('withDefaultForAbsent', () => {
  it('adds directfs: default only to complete hints without a directfs key', () => {
    const c = caseWith({
      [`${P}a.source`]: '$ROOT/vol1',
      [`${P}a.type`]: 'bind',
      [`${P}a.share`]: 'shared',
      [`${P}b.source`]: '$ROOT/vol2',
      [`${P}b.type`]: 'bind',
      [`${P}b.share`]: 'pod',
      [`${P}b.directfs`]: 'off',
      [`${P}c.source`]: '$ROOT/vol3',
      [`${P}c.type`]: 'bind',
      [`${P}d.source`]: '$ROOT/vol4',
      [`${P}d.type`]: 'invalid',
      [`${P}d.share`]: 'shared',
      [`${P}e.source`]: '',
      [`${P}e.type`]: 'tmpfs',
      [`${P}e.share`]: 'container',
    });
    const out = withDefaultForAbsent(c).spec.annotations;
    expect(out[`${P}a.directfs`]).toBe('default');
    expect(out[`${P}b.directfs`]).toBe('off');
    for (const n of ['c', 'd', 'e']) expect(out[`${P}${n}.directfs`]).toBeUndefined();
    expect(Object.keys(out)).toHaveLength(Object.keys(c.spec.annotations).length + 1);
    expect(c.spec.annotations[`${P}a.directfs`]).toBeUndefined();
  });

  it('ignores malformed keys and adds the rootfs key only when asked', () => {
    const c = caseWith({
      [`${P}a.b.source`]: 'x',
      'dev.gvisor.spec.rootfs.source': '$ROOT/rootfs',
      'dev.gvisor.spec.rootfs.type': 'bind',
    });
    expect(withDefaultForAbsent(c).spec.annotations).toEqual(c.spec.annotations);
    expect(withDefaultForAbsent(c, { includeRootfs: true }).spec.annotations['dev.gvisor.spec.rootfs.directfs']).toBe(
      'default',
    );
  });
});

describe('renameHintNames', () => {
  it('renames every well-formed hint name consistently and keeps order and malformed keys', () => {
    const c = caseWith({
      [`${P}h1.source`]: 's1',
      other: 'x',
      [`${P}h2.directfs`]: 'off',
      [`${P}h1.type`]: 'bind',
      [`${P}..source`]: 'e',
      [`${P}a.b.c`]: 'd',
      [`${P}vol`]: 'k',
    });
    const out = renameHintNames(c, '-r');
    expect(Object.entries(out.spec.annotations)).toEqual([
      [`${P}h1-r.source`, 's1'],
      ['other', 'x'],
      [`${P}h2-r.directfs`, 'off'],
      [`${P}h1-r.type`, 'bind'],
      [`${P}..source`, 'e'],
      [`${P}a.b.c`, 'd'],
      [`${P}vol`, 'k'],
    ]);
  });

  it('rejects a suffix that would change the key grammar', () => {
    expect(() => renameHintNames(caseWith({}), '.x')).toThrow(InternalError);
  });
});

describe('permuteAnnotations', () => {
  it('reorders entries and keeps their values', () => {
    const c = caseWith({ a: '1', b: '2', c: '3' });
    const out = permuteAnnotations(c, [2, 0, 1]);
    expect(Object.entries(out.spec.annotations)).toEqual([
      ['c', '3'],
      ['a', '1'],
      ['b', '2'],
    ]);
    expect(Object.keys(c.spec.annotations)).toEqual(['a', 'b', 'c']);
  });

  it('rejects an order that is not a permutation', () => {
    const c = caseWith({ a: '1', b: '2' });
    expect(() => permuteAnnotations(c, [0, 0])).toThrow(InternalError);
    expect(() => permuteAnnotations(c, [0])).toThrow(InternalError);
    expect(() => permuteAnnotations(c, [0, 2])).toThrow(InternalError);
  });
});

describe('permuteMounts', () => {
  it('reorders mounts and leaves everything else alone', () => {
    const m = ['/a', '/b', '/c'].map((destination) => ({ destination, type: 'tmpfs', source: 'tmpfs', options: [] }));
    const c = caseWith({ k: 'v' }, m);
    const out = permuteMounts(c, [1, 2, 0]);
    expect(out.spec.mounts.map((x) => x.destination)).toEqual(['/b', '/c', '/a']);
    expect(out.spec.annotations).toEqual(c.spec.annotations);
    expect(c.spec.mounts.map((x) => x.destination)).toEqual(['/a', '/b', '/c']);
    expect(() => permuteMounts(c, [1, 2])).toThrow(InternalError);
  });
});
