import { describe, expect, it } from 'vitest';
import { parseArgv } from './cli-args.js';
import { PROFILES } from './profiles.js';

const HARNESS = ['--root=/s', '--network=none', '--ignore-cgroups', '--debug', '--debug-log=/l/'];

describe('parseArgv (sim-runsc)', () => {
  it('parses the harness invocation with case flags', () => {
    const r = parseArgv(
      [
        ...HARNESS,
        '--directfs=false',
        '--overlay2=all:memory',
        '--file-access-mounts',
        'exclusive',
        'run',
        '--bundle',
        '/b',
        'id1',
      ],
      PROFILES.modern,
    );
    expect(r).toEqual({
      kind: 'run',
      globals: {
        root: '/s',
        debugLog: '/l/',
        debug: true,
        flags: { directfs: false, overlay2: 'all:memory', fileAccess: null, fileAccessMounts: 'exclusive' },
      },
      bundle: '/b',
      id: 'id1',
    });
  });

  it('accepts single-dash flags, -bundle=DIR, and delete -force', () => {
    expect(parseArgv(['-root', '/s', 'run', '-bundle=/b', 'x'], PROFILES.modern)).toMatchObject({
      kind: 'run',
      bundle: '/b',
      id: 'x',
      globals: { root: '/s' },
    });
    expect(parseArgv(['--root=/s', 'delete', '-force', 'x'], PROFILES.modern)).toMatchObject({
      kind: 'delete',
      force: true,
      id: 'x',
    });
    expect(parseArgv(['--version'], PROFILES.modern)).toEqual({ kind: 'version' });
  });

  it('reports runsc flag errors with exit 2 and the usage text', () => {
    const cases: [string[], string][] = [
      [['--bogus', 'run', 'x'], 'flag provided but not defined: -bogus'],
      [['--directfs=maybe', 'run', 'x'], 'invalid boolean value "maybe" for -directfs: parse error'],
      [
        ['--overlay2=bogus', 'run', 'x'],
        'invalid value "bogus" for flag -overlay2: expected format is --overlay2={mount}:{medium}[,size={size}], got "bogus"',
      ],
      [
        ['--overlay2=foo:memory', 'run', 'x'],
        'invalid value "foo:memory" for flag -overlay2: unexpected mount specifier for --overlay2: "foo"',
      ],
      [['--overlay2=all:tape', 'run', 'x'], 'invalid value "all:tape" for flag -overlay2: unexpected medium: "tape"'],
      [
        ['--file-access=weird', 'run', 'x'],
        'invalid value "weird" for flag -file-access: invalid file access type "weird"',
      ],
    ];
    for (const [argv, first] of cases) {
      const r = parseArgv(argv, PROFILES.modern);
      expect(r.kind === 'error' && r.exitCode).toBe(2);
      expect(r.kind === 'error' && r.stderr).toBe(`${first}\n${PROFILES.modern.usage}`);
    }
  });

  it('does not know --directfs as 20221219', () => {
    const r = parseArgv(['--directfs=true', 'run', 'x'], PROFILES.legacy);
    expect(r.kind === 'error' && r.stderr.split('\n')[0]).toBe('flag provided but not defined: -directfs');
  });
});
