import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../model/errors.js';
import {
  aliasesFile,
  cacheDir,
  DEBIAN_RUNSC,
  findInstalledBuild,
  readInstalledBuilds,
  resolveRunscAlias,
} from './installed.js';

describe('cacheDir', () => {
  it('follows XDG_CACHE_HOME, else HOME/.cache', () => {
    expect(cacheDir({ XDG_CACHE_HOME: '/x/cache', HOME: '/home/u' })).toBe('/x/cache/directfs-conformance');
    expect(cacheDir({ XDG_CACHE_HOME: '', HOME: '/home/u' })).toBe('/home/u/.cache/directfs-conformance');
    expect(aliasesFile({ HOME: '/home/u' })).toBe('/home/u/.cache/directfs-conformance/runsc/aliases.json');
  });
});

describe('readInstalledBuilds', () => {
  let cache = '';
  let env: NodeJS.ProcessEnv = {};
  beforeEach(async () => {
    cache = await mkdtemp(join(tmpdir(), 'dfc-installed-test-'));
    env = { XDG_CACHE_HOME: cache, HOME: '/nonexistent' };
    await mkdir(join(cache, 'directfs-conformance/runsc'), { recursive: true });
  });
  afterEach(async () => {
    await rm(cache, { recursive: true, force: true });
  });

  async function writeAliases(value: unknown): Promise<void> {
    await writeFile(aliasesFile(env), JSON.stringify(value));
  }

  it('reports present builds, substitutions and setup errors from aliases.json', async () => {
    const bin = join(cache, 'runsc-modern');
    await writeFile(bin, '#!/bin/sh\n');
    await chmod(bin, 0o755);
    await writeAliases({
      modern: { version: 'v-sub', path: bin, pinned: 'v-pin', substituted: true },
      prefeature: { version: null, path: null, pinned: 'v-pre', substituted: false, error: 'neither could be built' },
      legacy: { version: '0.0~x', path: join(cache, 'gone'), pinned: '0.0~x', substituted: false },
    });
    const [modern, prefeature, legacy] = readInstalledBuilds(env);
    expect(modern).toEqual({
      alias: 'modern',
      version: 'v-sub',
      path: bin,
      present: true,
      note: 'substitute for pinned v-pin',
    });
    expect(prefeature?.present).toBe(false);
    expect(prefeature?.note).toMatch(
      /neither could be built; runsc:prefeature not installed — run npm run setup:runsc/,
    );
    expect(legacy?.present).toBe(false);
    expect(resolveRunscAlias('modern', env).path).toBe(bin);
    expect(() => resolveRunscAlias('prefeature', env)).toThrow(UsageError);
    expect(() => resolveRunscAlias('legacy', env)).toThrow(/npm run setup:runsc/);
  });

  it('falls back to the Debian binary for legacy and survives a missing or broken file', async () => {
    await writeFile(aliasesFile(env), '{ not json');
    const builds = readInstalledBuilds(env);
    expect(builds.map((b) => b.alias)).toEqual(['modern', 'prefeature', 'legacy', 'vendor', 'vendorbug']);
    expect(builds[0]?.present).toBe(false);
    expect(builds[2]?.path).toBe(existsSync(DEBIAN_RUNSC) ? DEBIAN_RUNSC : null);
  });

  it('resolves the vendor build setup recorded, and names setup when it is missing', async () => {
    const bin = join(cache, 'runsc-vendor');
    await writeFile(bin, '#!/bin/sh\n');
    await chmod(bin, 0o755);
    const version = 'v0.0.0-20260905035102-160fafc42237-vendor-0123456789ab';
    await writeAliases({ vendor: { version, path: bin, pinned: 'v0.0.0-20260905035102-160fafc42237' } });
    expect(resolveRunscAlias('vendor', env)).toMatchObject({ alias: 'vendor', version, path: bin, present: true });
    await writeAliases({ vendor: { version: null, path: null, error: 'build failed: vet: claim.go:1' } });
    expect(findInstalledBuild('vendor', env)?.note).toMatch(
      /build failed: vet: claim.go:1; runsc:vendor not installed/,
    );
    expect(() => resolveRunscAlias('vendor', env)).toThrow(/runsc:vendor is not installed: run npm run setup:runsc/);
  });

  it('refuses unknown aliases', () => {
    expect(() => resolveRunscAlias('newest', env)).toThrow(/unknown runsc alias "runsc:newest"/);
  });
});
