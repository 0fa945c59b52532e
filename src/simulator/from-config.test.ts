import { describe, expect, it } from 'vitest';
import { DEFAULT_FLAGS, mixedCase } from './__fixtures__/cases.js';
import { ConfigError, configToCase } from './from-config.js';

const B = '/tmp/bundle-1';

describe('configToCase', () => {
  it('inverts the harness materialisation: ROOT_TOKEN for the bundle, fixtures from the host', () => {
    const c = mixedCase();
    const config = {
      root: { path: `${B}/rootfs`, readonly: false },
      mounts: c.spec.mounts.map((m) =>
        m.source?.startsWith('$ROOT') ? { ...m, source: `${B}${m.source.slice(5)}` } : m,
      ),
      annotations: Object.fromEntries(Object.entries(c.spec.annotations).map(([k, v]) => [k, v.replace('$ROOT', B)])),
    };
    const kinds: Record<string, 'dir' | 'file'> = { vol1: 'dir', vol2: 'dir', f1: 'file' };
    const back = configToCase(config, B, c.flags, (rel) => kinds[rel] ?? 'missing');
    expect(back).toEqual(c);
  });

  it('keeps relative sources relative and skips missing or harness-owned ones', () => {
    const config = {
      root: { path: 'rootfs' },
      mounts: [
        { destination: '/a', source: 'vol1', type: 'bind' },
        { destination: '/b', source: `${B}/nope`, type: 'bind' },
        { destination: '/c', source: `${B}/rootfs/bin`, type: 'bind' },
      ],
    };
    const back = configToCase(config, B, DEFAULT_FLAGS, (rel) =>
      rel === 'vol1' || rel === 'rootfs/bin' ? 'dir' : 'missing',
    );
    expect(back.spec.mounts.map((m) => m.source)).toEqual(['vol1', '$ROOT/nope', '$ROOT/rootfs/bin']);
    expect(back.fixtures).toEqual([{ path: 'vol1', kind: 'dir' }]);
  });

  it('rejects a config without root.path', () => {
    expect(() => configToCase({ mounts: [] }, B, DEFAULT_FLAGS, () => 'missing')).toThrow(ConfigError);
  });
});
