import { describe, expect, it } from 'vitest';
import { droppedHintSuppresses, findHint, parsePodHints } from './hints.js';
import { PROFILES } from './profiles.js';
import type { FaultName } from './mutants.js';

const M = 'dev.gvisor.spec.mount.';
const NONE = new Set<FaultName>();
const hint = (name: string, fields: Record<string, string>): [string, string][] =>
  Object.entries(fields).map(([k, v]) => [`${M}${name}.${k}`, v]);
const full = (name: string, source: string, extra: Record<string, string> = {}) =>
  hint(name, { source, type: 'bind', share: 'shared', ...extra });

describe('parsePodHints (reference §3.1)', () => {
  it('is fatal for a key that does not split into NAME.KEY, naming the full key and value', () => {
    for (const key of [`${M}a.b.c`, `${M}vol`]) {
      const r = parsePodHints([[key, 'x']], PROFILES.modern, NONE);
      expect(r.error).toBe(`invalid mount annotation: ${key}=x`);
    }
  });

  it('is fatal for an empty name', () => {
    expect(parsePodHints([[`${M}.source`, '/s']], PROFILES.modern, NONE).error).toBe('invalid mount name: ');
  });

  it('ignores keys that do not start with the exact prefix', () => {
    const r = parsePodHints(
      [
        ['Dev.gvisor.spec.mount.x.source', '/s'],
        ['org.example', 'y'],
      ],
      PROFILES.modern,
      NONE,
    );
    expect(r).toEqual({ hints: [], dropped: [], log: [], error: null });
  });

  it('suppresses for exactly `off` and warns for every other value (modern)', () => {
    const off = parsePodHints(full('v', '/s', { directfs: 'off' }), PROFILES.modern, NONE);
    expect(off.hints[0]?.suppress).toBe(true);
    expect(off.log.map((l) => l.text)).toEqual([
      'Mount annotation found, name: v, source: "/s", type: bind, share: shared, suppress_directfs: true',
    ]);
    for (const v of ['OFF', ' off', 'off ', 'on', '', 'Default']) {
      const r = parsePodHints(full('v', '/s', { directfs: v }), PROFILES.modern, NONE);
      expect(r.hints[0]?.suppress).toBe(false);
      expect(r.log[0]?.text).toBe(
        `ignoring invalid mount annotation (name = "v", key = "directfs", value = "${v}"): invalid directfs value "${v}", want "default" or "off"`,
      );
    }
  });

  it('treats directfs as an unknown key before the feature: a warning, no suppression, no log field', () => {
    const r = parsePodHints(full('v', '/s', { directfs: 'off' }), PROFILES.prefeature, NONE);
    expect(r.error).toBeNull();
    expect(r.log.map((l) => l.text)).toEqual([
      'ignoring invalid mount annotation (name = "v", key = "directfs", value = "off"): invalid mount annotation: directfs=off',
      'Mount annotation found, name: v, source: "/s", type: bind, share: shared',
    ]);
    expect(r.hints[0]?.suppress).toBe(false);
  });

  it('is fatal for the directfs key and for missing fields in 20221219', () => {
    expect(parsePodHints(full('v', '/s', { directfs: 'off' }), PROFILES.legacy, NONE).error).toBe(
      'invalid mount annotation: directfs=off',
    );
    expect(parsePodHints(hint('v', { source: '/s', type: 'bind' }), PROFILES.legacy, NONE).error).toBe(
      'share field for "v" has not been set',
    );
    expect(parsePodHints(full('v', '/s', { share: 'bogus' }), PROFILES.legacy, NONE).error).toBe(
      'invalid share value "bogus"',
    );
  });

  it('drops a hint with a missing or invalid required field, including its off', () => {
    const r = parsePodHints([...hint('v', { source: '/s', directfs: 'off' })], PROFILES.modern, NONE);
    expect(r.hints).toEqual([]);
    expect(r.dropped.map((h) => h.name)).toEqual(['v']);
    expect(r.log.map((l) => l.text)).toEqual([
      'Mount annotation found, name: v, source: "/s", type: , share: invalid, suppress_directfs: true',
      'ignoring mount annotations for "v" because of missing required field(s)',
    ]);
  });

  it('is fatal for two surviving hints with one source', () => {
    const r = parsePodHints([...full('a', '/s'), ...full('b', '/s')], PROFILES.modern, NONE);
    expect(r.error).toBe('mounts "a" and "b" have the same mount source "/s"');
  });

  it('fixes the drop/duplicate order: a valid hint named first is fatal with a later incomplete one, not the other way round', () => {
    const validFirst = parsePodHints([...full('a', '/s'), ...hint('b', { source: '/s' })], PROFILES.modern, NONE);
    const droppedFirst = parsePodHints([...hint('b', { source: '/s' }), ...full('a', '/s')], PROFILES.modern, NONE);
    expect(validFirst.error).toBe('mounts "a" and "b" have the same mount source "/s"');
    expect(droppedFirst.error).toBeNull();
    expect(droppedFirst.hints.map((h) => h.name)).toEqual(['a']);
  });

  it('drops shared/rshared from hint options with a warning', () => {
    const r = parsePodHints(full('v', '/s', { options: 'rw,rshared' }), PROFILES.modern, NONE);
    expect(r.hints[0]?.options).toEqual(['rw']);
    expect(r.log[0]?.text).toBe('mount option skipped "rshared": mount option "rshared" is not supported');
  });

  it('warns for an unknown key such as DirectFS', () => {
    const r = parsePodHints(full('v', '/s', { DirectFS: 'off' }), PROFILES.modern, NONE);
    expect(r.log[0]?.text).toBe(
      'ignoring invalid mount annotation (name = "v", key = "DirectFS", value = "off"): invalid mount annotation: DirectFS=off',
    );
  });
});

describe('findHint', () => {
  const parsed = parsePodHints(full('v', '/case/vol1', { directfs: 'off' }), PROFILES.modern, NONE);

  it('matches by the exact absolutized source only', () => {
    expect(findHint(parsed, { source: '/case/vol1', destination: '/d' }, NONE)?.name).toBe('v');
    for (const s of ['/case/vol1/', '/case//vol1', '/case/vol1/sub', 'vol1'])
      expect(findHint(parsed, { source: s, destination: '/d' }, NONE)).toBeUndefined();
  });

  it('lets a dropped hint suppress only under its fault', () => {
    const dropped = parsePodHints(hint('v', { source: '/s', directfs: 'off' }), PROFILES.modern, NONE);
    expect(droppedHintSuppresses(dropped, { source: '/s', destination: '/d' }, NONE)).toBe(false);
    expect(
      droppedHintSuppresses(dropped, { source: '/s', destination: '/d' }, new Set(['dropped-hint-suppresses'])),
    ).toBe(true);
  });
});
