import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROOT_TOKEN, type Case } from '../model/case.js';
import { cleanPath, fixtureKind } from '../model/resolve.js';
import { isGoferCandidate, staysInsideCaseRoot } from '../probe/plan.js';
import { hasFlakyDrop, hintMatches, hostPathsOf, parseMountHints } from './_internals/case-facts.js';
import { caseArbitrary } from './case-arbitrary.js';

const DESTINATION = /^\/[a-z0-9/_-]+$/;

/** Why `c` breaks the containment contract, or null. */
function containmentProblem(c: Case): string | null {
  for (const p of hostPathsOf(c)) if (!staysInsideCaseRoot(p)) return `path outside the case root: ${p}`;
  for (const f of c.fixtures) {
    if (
      f.path.startsWith('/') ||
      f.path.includes(ROOT_TOKEN) ||
      f.path.split('/').includes('..') ||
      cleanPath(f.path) === '.'
    )
      return `bad fixture ${f.path}`;
  }
  for (const m of c.spec.mounts) {
    if (!DESTINATION.test(m.destination)) return `bad destination ${m.destination}`;
    const src = m.source ?? '';
    const needsFixture = src.startsWith(ROOT_TOKEN) || (isGoferCandidate(m) && !src.startsWith('/'));
    if (!needsFixture) continue;
    const rel = src.startsWith(ROOT_TOKEN) ? src.slice(ROOT_TOKEN.length + 1) : src;
    if (fixtureKind(c, rel) === 'missing') return `no fixture for ${src}`;
  }
  if (Object.keys(c.spec.annotations).some((k) => k.startsWith('dev.gvisor.flag.'))) return 'flag annotation';
  return null;
}

describe('caseArbitrary', () => {
  it('keeps every host path inside the case root and backs every source with a fixture (100,000 cases)', () => {
    fc.assert(
      fc.property(caseArbitrary(), (c) => {
        expect(containmentProblem(c)).toBeNull();
      }),
      { numRuns: 100_000, seed: 20260905 },
    );
  }, 300_000);

  it('containment check rejects a path outside the root and a source without fixture', () => {
    const base: Case = {
      flags: { directfs: null, overlay2: null, fileAccess: null, fileAccessMounts: null },
      spec: { root: { path: 'rootfs', readonly: false }, mounts: [], annotations: {} },
      fixtures: [],
    };
    expect(
      containmentProblem({
        ...base,
        spec: { ...base.spec, mounts: [{ destination: '/data', type: 'bind', source: '/etc', options: [] }] },
      }),
    ).toMatch(/outside/);
    expect(
      containmentProblem({
        ...base,
        spec: {
          ...base.spec,
          mounts: [{ destination: '/data', type: 'bind', source: `${ROOT_TOKEN}/vol1`, options: [] }],
        },
      }),
    ).toMatch(/fixture/);
    expect(
      containmentProblem({
        ...base,
        spec: { ...base.spec, annotations: { 'dev.gvisor.spec.mount.h1.source': `${ROOT_TOKEN}/../x` } },
      }),
    ).toMatch(/outside/);
  });

  it('never generates the flaky dropped-plus-valid hint pair', () => {
    fc.assert(
      fc.property(caseArbitrary(), (c) => {
        expect(hasFlakyDrop(c)).toBe(false);
      }),
      { numRuns: 5_000, seed: 7 },
    );
  });

  it('gives the same cases for the same seed, different ones for another seed', () => {
    const a = fc.sample(caseArbitrary(), { numRuns: 200, seed: 42 });
    const b = fc.sample(caseArbitrary(), { numRuns: 200, seed: 42 });
    const c = fc.sample(caseArbitrary(), { numRuns: 200, seed: 43 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
  });

  it('produces JSON-serialisable cases that round-trip unchanged', () => {
    for (const c of fc.sample(caseArbitrary(), { numRuns: 300, seed: 3 }))
      expect(JSON.parse(JSON.stringify(c))).toEqual(c);
  });

  it('covers the shapes of the issue', () => {
    const cases = fc.sample(caseArbitrary(), { numRuns: 3_000, seed: 11 });
    const types = new Set(cases.flatMap((c) => c.spec.mounts.map((m) => m.type ?? '(none)')));
    const keys = new Set(
      cases.flatMap((c) => Object.keys(c.spec.annotations).map((k) => k.replace(/\.h\d+\./, '.N.'))),
    );
    const values = new Set(
      cases.flatMap((c) =>
        Object.entries(c.spec.annotations)
          .filter(([k]) => k.endsWith('.directfs'))
          .map(([, v]) => v),
      ),
    );
    for (const t of ['bind', '(none)', 'tmpfs', 'proc', 'sysfs', 'devpts', 'mqueue', 'none'])
      expect(types).toContain(t);
    for (const k of ['source', 'type', 'share', 'options', 'directfs', 'DirectFS'])
      expect(keys).toContain(`dev.gvisor.spec.mount.N.${k}`);
    for (const k of ['source', 'type', 'overlay', 'options', 'directfs'])
      expect(keys).toContain(`dev.gvisor.spec.rootfs.${k}`);
    for (const k of [
      'dev.gvisor.spec.mount.a.b.source',
      'dev.gvisor.spec.mount..source',
      'dev.gvisor.spec.mount.vol',
      'Dev.gvisor.spec.mount.x.source',
    ])
      expect(keys).toContain(k);
    for (const v of ['off', 'default', 'on', 'true', 'OFF', ' off', 'off ', '', 'Default']) expect(values).toContain(v);
    for (const f of [null, true, false]) expect(cases.some((c) => c.flags.directfs === f)).toBe(true);
    for (const o of [null, 'none', 'root:memory', 'root:self', 'all:memory', 'all:self'])
      expect(cases.some((c) => c.flags.overlay2 === o)).toBe(true);
    expect(cases.some((c) => c.spec.mounts.some((m) => m.source === 'vol1' || m.source === 'vol2'))).toBe(true);
    expect(cases.some((c) => c.spec.mounts.some((m) => (m.options ?? []).includes('ro')))).toBe(true);
    expect(
      cases.some((c) => Object.values(c.spec.annotations).some((v) => v.endsWith('/') && v.startsWith(ROOT_TOKEN))),
    ).toBe(true);
  });

  it('shrinks an opted-out mount to one mount and at most three annotations', () => {
    const hasOffHintedMount = (c: Case): boolean => {
      const { hints } = parseMountHints(c);
      return [...hints.values()].some((h) => h.directfs === 'off' && c.spec.mounts.some((m) => hintMatches(h, m)));
    };
    const details = fc.check(
      fc.property(caseArbitrary(), (c) => !hasOffHintedMount(c)),
      { numRuns: 2_000 },
    );
    expect(details.failed).toBe(true);
    const [shrunk] = details.counterexample ?? [];
    expect(shrunk?.spec.mounts).toHaveLength(1);
    const annotations = Object.keys(shrunk?.spec.annotations ?? {}).length;
    expect(annotations).toBeGreaterThanOrEqual(1);
    expect(annotations).toBeLessThanOrEqual(3);
  });
});
