import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbitraryFor, caseArbitrary, EXAMPLES } from '../generators/index.js';
import { ROOT_TOKEN, type Case } from './case.js';
import { CASE_LIMITS, hostPathProblem, isHostPathAnnotation, targetLabelOf } from './case-rules.js';
import { caseSchema, reproducerSchema } from './case-schema.js';
import { REQUIREMENT_IDS } from './requirements.js';

const base: Case = {
  flags: { directfs: null, overlay2: 'none', fileAccess: null, fileAccessMounts: null },
  spec: {
    root: { path: 'rootfs', readonly: false },
    mounts: [{ destination: '/data', type: 'bind', source: `${ROOT_TOKEN}/vol1`, options: ['rbind'] }],
    annotations: {
      'dev.gvisor.spec.mount.h1.source': `${ROOT_TOKEN}/vol1`,
      'dev.gvisor.spec.mount.h1.directfs': 'off',
    },
  },
  fixtures: [{ path: 'vol1', kind: 'dir' }],
};

const firstIssue = (raw: unknown): string => {
  const r = caseSchema.safeParse(raw);
  return r.success ? 'valid' : `${r.error.issues[0]?.path.join('.')}: ${r.error.issues[0]?.message}`;
};

describe('the case schema accepts what the suite generates', () => {
  it('accepts 2,000 cases of caseArbitrary', () => {
    fc.assert(
      fc.property(caseArbitrary(), (c) => {
        expect(firstIssue(c)).toBe('valid');
      }),
      { numRuns: 2000, seed: 8 },
    );
  });

  it('accepts 100 cases of each requirement arbitrary and every example', () => {
    for (const id of REQUIREMENT_IDS) {
      for (const c of fc.sample(arbitraryFor(id), { numRuns: 100, seed: 3 })) expect(firstIssue(c), id).toBe('valid');
    }
    for (const e of EXAMPLES) expect(firstIssue(e.case), e.name).toBe('valid');
  });
});

describe('hostPathProblem', () => {
  it.each([
    '$ROOT',
    '$ROOT/vol1',
    '$ROOT/vol1/',
    '$ROOT/vol1//',
    '$ROOT//vol1',
    'vol1',
    'tmpfs',
    '',
    '$ROOT/a/../b',
    './x',
  ])('accepts %j', (p) => expect(hostPathProblem(p)).toBeNull());
  it.each(['/', '/etc', '$ROOT/../../etc', '$ROOT/..', '../etc', 'a/../../b', '$ROOTx/etc', 'a/$ROOT/b', 'a\0b'])(
    'refuses %j',
    (p) => expect(hostPathProblem(p)).not.toBeNull(),
  );
});

describe('the case schema refuses hostile cases, naming the field', () => {
  const mount = (m: object) => ({ ...base, spec: { ...base.spec, mounts: [m] } });
  const annot = (a: Record<string, string>) => ({ ...base, spec: { ...base.spec, annotations: a } });
  it.each([
    ['a numeric source', mount({ destination: '/d', source: 42 }), /^spec\.mounts\.0\.source: Expected string/],
    [
      'a host mount source',
      mount({ destination: '/d', source: '/etc' }),
      /^spec\.mounts\.0\.source: .*absolute host path/,
    ],
    ['an escaping mount source', mount({ destination: '/d', source: '$ROOT/../../etc' }), /leaves the case root/],
    [
      'a host hint source',
      annot({ 'dev.gvisor.spec.mount.h.source': '/etc' }),
      /^spec\.annotations\.dev\.gvisor\.spec\.mount\.h\.source: /,
    ],
    ['a host rootfs hint source', annot({ 'dev.gvisor.spec.rootfs.source': '/' }), /rootfs\.source: .*absolute/],
    ['a flag override annotation', annot({ 'dev.gvisor.flag.directfs': 'false' }), /overrides a runsc flag/],
    [
      'a root path of /',
      { ...base, spec: { ...base.spec, root: { path: '/', readonly: false } } },
      /^spec\.root\.path: must be "rootfs"/,
    ],
    ['an unknown mount field', mount({ destination: '/d', uidMappings: [] }), /Unrecognized key/],
    ['an unknown case field', { ...base, program: '/bin/sh' }, /Unrecognized key/],
    [
      'too many mounts',
      { ...base, spec: { ...base.spec, mounts: Array(CASE_LIMITS.mounts + 1).fill({ destination: '/d' }) } },
      /more than 64 mounts/,
    ],
    [
      'too many annotations',
      annot(Object.fromEntries(Array.from({ length: 129 }, (_, i) => [`k${i}`, 'v']))),
      /more than 128 annotations/,
    ],
    ['a long string', mount({ destination: `/${'a'.repeat(CASE_LIMITS.stringLength)}` }), /longer than 4096/],
    ['a fixture outside', { ...base, fixtures: [{ path: '../x', kind: 'dir' }] }, /^fixtures\.0\.path: /],
    ['a second schema version', { ...base, schema: 2 }, /^schema: /],
  ])('%s', (_name, raw, pattern) => {
    expect(firstIssue(raw)).toMatch(pattern);
  });
});

describe('reproducers', () => {
  it('record a target label, never a program', () => {
    expect(targetLabelOf('sim+mutant:ignore-annotation')).toBe('sim+mutant:ignore-annotation');
    expect(targetLabelOf('runsc:modern')).toBe('runsc:modern');
    expect(targetLabelOf('/usr/bin/runsc')).toBeNull();
    expect(reproducerSchema.safeParse({ target: '/bin/touch', case: base }).success).toBe(false);
    expect(
      reproducerSchema.safeParse({ schema: 1, target: 'sim:prefeature', requirement: 'DFS-OPT-OUT', case: base })
        .success,
    ).toBe(true);
  });
  it('treat every spelling of a hint source key as a host path', () => {
    expect(isHostPathAnnotation('Dev.gvisor.spec.mount.x.source')).toBe(true);
    expect(isHostPathAnnotation('dev.gvisor.spec.rootfs.source')).toBe(true);
    expect(isHostPathAnnotation('dev.gvisor.spec.mount.x.type')).toBe(false);
  });
});
