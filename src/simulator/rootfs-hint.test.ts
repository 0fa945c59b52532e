import { describe, expect, it } from 'vitest';
import { parseRootfsHint } from './rootfs-hint.js';
import { PROFILES } from './profiles.js';
import type { FaultName } from './mutants.js';

const R = 'dev.gvisor.spec.rootfs.';
const NONE = new Set<FaultName>();
const entries = (o: Record<string, string>): [string, string][] => Object.entries(o).map(([k, v]) => [`${R}${k}`, v]);

describe('parseRootfsHint (reference §3.2)', () => {
  it('suppresses the root with source, type bind and directfs off, and logs it', () => {
    const r = parseRootfsHint(entries({ source: '/b/rootfs', type: 'bind', directfs: 'off' }), PROFILES.modern, NONE);
    expect(r.error).toBeNull();
    expect(r.hint).toEqual({ source: '/b/rootfs', type: 'bind', overlay: '', size: '', suppress: true });
    expect(r.log.map((l) => l.text)).toEqual([
      'Rootfs annotations found, source: "/b/rootfs", type: "bind", overlay: "", suppress_directfs: true',
    ]);
  });

  it('is fatal for directfs alone, dumping the hint like Go %+v', () => {
    const r = parseRootfsHint(entries({ directfs: 'off' }), PROFILES.modern, NONE);
    expect(r.error).toBe(
      'rootfs annotations missing required field(s): &{Mount:{Destination: Type: Source: Options:[] UIDMappings:[] GIDMappings:[]} Overlay: Size: SuppressDirectFS:true}',
    );
  });

  it('is fatal for an invalid value, a relative source, overlay none, and bad options', () => {
    const cases: [Record<string, string>, string][] = [
      [
        { directfs: 'OFF' },
        'invalid rootfs annotation (key = "directfs", value = "OFF"): invalid directfs value "OFF", want "default" or "off"',
      ],
      [
        { source: 'rootfs' },
        'invalid rootfs annotation (key = "source", value = "rootfs"): source should be an absolute path, got "rootfs"',
      ],
      [{ overlay: 'none' }, 'invalid rootfs annotation (key = "overlay", value = "none"): unexpected medium: "none"'],
      [
        { options: 'size' },
        'invalid rootfs annotation (key = "options", value = "size"): rootfs options must be key=value: size',
      ],
      [
        { options: 'foo=bar' },
        'invalid rootfs annotation (key = "options", value = "foo=bar"): invalid rootfs option: foo=bar',
      ],
      [
        { DirectFS: 'off' },
        'invalid rootfs annotation (key = "DirectFS", value = "off"): invalid rootfs annotation: DirectFS=off',
      ],
    ];
    for (const [fields, error] of cases)
      expect(parseRootfsHint(entries(fields), PROFILES.modern, NONE).error).toBe(error);
  });

  it('rejects the directfs key before the feature and ignores rootfs keys in 20221219', () => {
    const e = entries({ source: '/b/rootfs', type: 'bind', directfs: 'off' });
    expect(parseRootfsHint(e, PROFILES.prefeature, NONE).error).toBe(
      'invalid rootfs annotation (key = "directfs", value = "off"): invalid rootfs annotation: directfs=off',
    );
    expect(parseRootfsHint(e, PROFILES.legacy, NONE)).toEqual({ hint: null, log: [], error: null });
  });

  it('keeps overlay and size from the hint', () => {
    const r = parseRootfsHint(
      entries({ source: '/b/rootfs', type: 'bind', overlay: 'self', options: 'size=1m' }),
      PROFILES.modern,
      NONE,
    );
    expect(r.hint).toMatchObject({ overlay: 'self', size: '1m', suppress: false });
  });
});
