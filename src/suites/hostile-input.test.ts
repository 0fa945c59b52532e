/**
 * Hostile input (issue 8): each row is a command line plus the hostile file or
 * directory it meets. Every row must end with its exit code and one stderr
 * line, leave no file behind (cwd, temp dir), start no process (a fake runsc
 * records any invocation) and leave a host directory outside the case root untouched.
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT_TOKEN } from '../model/case.js';

const MAIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'dfc-hostile-test-'));
const outside = join(work, 'outside');
mkdirSync(outside);
writeFileSync(join(outside, 'keep.txt'), 'keep\n');
const immutableDirs: string[] = [];
afterAll(() => {
  for (const d of immutableDirs) execFileSync('chattr', ['-i', d]);
  rmSync(work, { recursive: true, force: true });
});

/** What a row's setup and argv can refer to. */
interface Ctx {
  /** The row's cwd, where its hostile files are made. */
  dir: string;
  /** A fake runsc that records any invocation in `marker`. */
  fake: string;
  marker: string;
}

interface Row {
  name: string;
  argv: (c: Ctx) => string[];
  setup?: (c: Ctx) => void;
  exit: number;
  /** First stderr line, after the `directfs-conformance: ` prefix. */
  stderr: RegExp;
  /** Extra checks that the hostile object itself was left alone. */
  after?: (c: Ctx) => void;
}

const validCase = () => ({
  flags: { directfs: null, overlay2: 'none', fileAccess: null, fileAccessMounts: null },
  spec: {
    root: { path: 'rootfs', readonly: false },
    mounts: [{ destination: '/data', type: 'bind', source: `${ROOT_TOKEN}/vol1`, options: ['rbind'] }] as Record<
      string,
      unknown
    >[],
    annotations: {
      'dev.gvisor.spec.mount.h1.source': `${ROOT_TOKEN}/vol1`,
      'dev.gvisor.spec.mount.h1.directfs': 'off',
    } as Record<string, string>,
  } as Record<string, unknown>,
  fixtures: [{ path: 'vol1', kind: 'dir' }] as Record<string, unknown>[],
});
type CaseDoc = ReturnType<typeof validCase>;

/** Setup writing `case.json` as a reproducer whose case `edit` made hostile. */
function hostileCase(
  edit: (c: CaseDoc) => void,
  envelope: Record<string, unknown> | ((x: Ctx) => Record<string, unknown>) = {},
): (x: Ctx) => void {
  return (x) => {
    const c = validCase();
    edit(c);
    const fields = typeof envelope === 'function' ? envelope(x) : envelope;
    writeFileSync(
      join(x.dir, 'case.json'),
      JSON.stringify({ schema: 1, requirement: 'DFS-OPT-OUT', target: 'sim', ...fields, case: c }),
    );
  };
}
const mountSource = (source: unknown) =>
  hostileCase((c) => (c.spec.mounts = [{ destination: '/data', type: 'bind', source, options: ['rbind'] }]));
const annotation = (key: string, value: string) => hostileCase((c) => (c.spec.annotations = { [key]: value }));
const replayCase = (x: Ctx) => ['replay', 'case.json', '--target', x.fake];
const run =
  (...args: string[]) =>
  (x: Ctx) => ['run', '--cases', '1', '--seed', '1', '--target', x.fake, ...args];
const sh = (cmd: string, ...args: string[]) => execFileSync(cmd, args);

const stillDevice = (name: string) => (x: Ctx) => expect(lstatSync(join(x.dir, name)).isCharacterDevice()).toBe(true);

const ROWS: Row[] = [
  // The target is only ever --target: a reproducer's "target" never runs.
  {
    name: 'reproducer target /bin/touch',
    argv: () => ['replay', 'case.json'],
    setup: hostileCase(() => {}, { target: '/bin/touch' }),
    exit: 2,
    stderr: /field target: names a program/,
  },
  {
    name: 'reproducer target naming the fake',
    argv: () => ['replay', 'case.json'],
    setup: hostileCase(
      () => {},
      (x) => ({ target: x.fake }),
    ),
    exit: 2,
    stderr: /field target/,
  },
  // Host paths stay inside the case root.
  {
    name: 'mount source /etc',
    argv: replayCase,
    setup: mountSource('/etc'),
    exit: 2,
    stderr: /field case\.spec\.mounts\[0\]\.source: "\/etc" is an absolute host path/,
  },
  {
    name: 'mount source /',
    argv: replayCase,
    setup: mountSource('/'),
    exit: 2,
    stderr: /spec\.mounts\[0\]\.source: "\/"/,
  },
  {
    name: 'mount source $ROOT/../../etc',
    argv: replayCase,
    setup: mountSource(`${ROOT_TOKEN}/../../etc`),
    exit: 2,
    stderr: /leaves the case root/,
  },
  {
    name: 'mount source ../../etc',
    argv: replayCase,
    setup: mountSource('../../etc'),
    exit: 2,
    stderr: /leaves the case root/,
  },
  {
    name: 'mount source a host dir outside',
    argv: replayCase,
    setup: mountSource(outside),
    exit: 2,
    stderr: /absolute host path/,
  },
  {
    name: 'mount source $ROOT mid-path',
    argv: replayCase,
    setup: mountSource(`x/${ROOT_TOKEN}/../..`),
    exit: 2,
    stderr: /names \$ROOT other than at its start/,
  },
  { name: 'mount source with NUL', argv: replayCase, setup: mountSource('vol\u00001'), exit: 2, stderr: /NUL/ },
  {
    name: 'mount source 42',
    argv: replayCase,
    setup: mountSource(42),
    exit: 2,
    stderr: /spec\.mounts\[0\]\.source: Expected string, received number/,
  },
  {
    name: 'hint source /etc',
    argv: replayCase,
    setup: annotation('dev.gvisor.spec.mount.h1.source', '/etc'),
    exit: 2,
    stderr: /annotations\["dev\.gvisor\.spec\.mount\.h1\.source"\]/,
  },
  {
    name: 'hint source with odd prefix case',
    argv: replayCase,
    setup: annotation('DEV.gvisor.spec.mount.h1.source', '/etc'),
    exit: 2,
    stderr: /absolute host path/,
  },
  {
    name: 'rootfs hint source /',
    argv: replayCase,
    setup: annotation('dev.gvisor.spec.rootfs.source', '/'),
    exit: 2,
    stderr: /rootfs\.source"\]: "\/"/,
  },
  {
    name: 'flag override annotation',
    argv: replayCase,
    setup: annotation('dev.gvisor.flag.directfs', 'false'),
    exit: 2,
    stderr: /overrides a runsc flag/,
  },
  {
    name: 'root.path /',
    argv: replayCase,
    setup: hostileCase((c) => (c.spec.root = { path: '/', readonly: false })),
    exit: 2,
    stderr: /spec\.root\.path: must be "rootfs"/,
  },
  {
    name: 'root.path $ROOT/..',
    argv: replayCase,
    setup: hostileCase((c) => (c.spec.root = { path: `${ROOT_TOKEN}/..`, readonly: false })),
    exit: 2,
    stderr: /spec\.root\.path/,
  },
  {
    name: 'fixture outside the root',
    argv: replayCase,
    setup: hostileCase((c) => (c.fixtures = [{ path: '../../tmp/x', kind: 'dir' }])),
    exit: 2,
    stderr: /fixtures\[0\]\.path/,
  },
  {
    name: 'fixture on the harness config.json',
    argv: replayCase,
    setup: hostileCase((c) => (c.fixtures = [{ path: 'config.json', kind: 'file' }])),
    exit: 2,
    stderr: /collides with the harness/,
  },
  {
    name: 'fixture kind symlink',
    argv: replayCase,
    setup: hostileCase((c) => (c.fixtures = [{ path: 'l', kind: 'symlink' }])),
    exit: 2,
    stderr: /fixtures\[0\]\.kind/,
  },
  {
    name: 'unknown mount field',
    argv: replayCase,
    setup: hostileCase((c) => (c.spec.mounts = [{ destination: '/d', uidMappings: [] }])),
    exit: 2,
    stderr: /unknown field\(s\) "uidMappings"/,
  },
  {
    name: 'flags.directfs "yes"',
    argv: replayCase,
    setup: hostileCase((c) => (c.flags = { ...c.flags, directfs: 'yes' as unknown as null })),
    exit: 2,
    stderr: /flags\.directfs/,
  },
  // Versions and limits.
  {
    name: 'schema 999',
    argv: replayCase,
    setup: hostileCase(() => {}, { schema: 999 }),
    exit: 2,
    stderr: /field schema: unknown version 999/,
  },
  {
    name: 'unknown requirement',
    argv: replayCase,
    setup: hostileCase(() => {}, { requirement: 'DFS-NOPE' }),
    exit: 2,
    stderr: /field requirement/,
  },
  {
    name: '65 mounts',
    argv: replayCase,
    setup: hostileCase((c) => (c.spec.mounts = Array.from({ length: 65 }, () => ({ destination: '/d' })))),
    exit: 2,
    stderr: /spec\.mounts: more than 64 mounts/,
  },
  {
    name: '129 annotations',
    argv: replayCase,
    setup: hostileCase(
      (c) => (c.spec.annotations = Object.fromEntries(Array.from({ length: 129 }, (_, i) => [`k${i}`, 'v']))),
    ),
    exit: 2,
    stderr: /more than 128 annotations/,
  },
  {
    name: 'a 5000-character destination',
    argv: replayCase,
    setup: hostileCase((c) => (c.spec.mounts = [{ destination: `/${'d'.repeat(5000)}` }])),
    exit: 2,
    stderr: /destination: longer than 4096/,
  },
  // The case file itself.
  {
    name: 'a FIFO as CASE.json',
    argv: replayCase,
    setup: (x) => sh('mkfifo', join(x.dir, 'case.json')),
    exit: 2,
    stderr: /case\.json: not a regular file/,
  },
  {
    name: 'a 1 GB case file',
    argv: replayCase,
    setup: (x) => sh('truncate', '-s', '1G', join(x.dir, 'case.json')),
    exit: 2,
    stderr: /1073741824 bytes, more than the 1048576-byte limit/,
  },
  {
    name: 'a case file one byte over 1 MiB',
    argv: replayCase,
    setup: (x) => writeFileSync(join(x.dir, 'case.json'), ' '.repeat(1024 * 1024 + 1)),
    exit: 2,
    stderr: /byte limit/,
  },
  {
    name: 'a symlink to /dev/zero as CASE.json',
    argv: replayCase,
    setup: (x) => symlinkSync('/dev/zero', join(x.dir, 'case.json')),
    exit: 2,
    stderr: /not a regular file/,
  },
  { name: 'a missing CASE.json', argv: replayCase, exit: 2, stderr: /cannot read case\.json: ENOENT/ },
  {
    name: 'CASE.json not JSON',
    argv: replayCase,
    setup: (x) => writeFileSync(join(x.dir, 'case.json'), '{"case": '),
    exit: 2,
    stderr: /not valid JSON/,
  },
  {
    name: 'replay without CASE.json',
    argv: (x) => ['replay', '--target', x.fake],
    exit: 2,
    stderr: /^replay needs exactly one CASE\.json argument$/,
  },
  {
    name: 'replay of two files',
    argv: (x) => ['replay', 'a.json', 'b.json', '--target', x.fake],
    exit: 2,
    stderr: /unexpected argument "b\.json"/,
  },
  // Outputs: checked before the run, never a device, FIFO or symlink.
  {
    name: '--json onto a char device',
    argv: run('--json', 'n'),
    setup: (x) => sh('mknod', join(x.dir, 'n'), 'c', '1', '3'),
    exit: 2,
    stderr: /--json .*\/n: is a device/,
    after: stillDevice('n'),
  },
  {
    name: '--json onto a FIFO',
    argv: run('--json', 'p'),
    setup: (x) => sh('mkfifo', join(x.dir, 'p')),
    exit: 2,
    stderr: /is a FIFO/,
    after: (x) => expect(lstatSync(join(x.dir, 'p')).isFIFO()).toBe(true),
  },
  {
    name: '--junit onto a symlink',
    argv: run('--junit', 'link.xml'),
    setup: (x) => symlinkSync(join(outside, 'keep.txt'), join(x.dir, 'link.xml')),
    exit: 2,
    stderr: /--junit .*: is a symlink/,
    after: (x) => expect(lstatSync(join(x.dir, 'link.xml')).isSymbolicLink()).toBe(true),
  },
  { name: '--junit /dev/full', argv: run('--junit', '/dev/full'), exit: 2, stderr: /--junit \/dev\/full: is a device/ },
  { name: '--json a directory', argv: run('--json', '.'), exit: 2, stderr: /is a directory/ },
  {
    name: '--json in a missing directory',
    argv: run('--json', 'missing/r.json'),
    exit: 2,
    stderr: /directory .* does not exist/,
  },
  {
    name: '--json under /proc',
    argv: run('--json', '/proc/dfc-r.json'),
    exit: 2,
    stderr: /directory \/proc is not writable/,
  },
  {
    name: '--json in an immutable directory',
    argv: run('--json', 'imm/r.json'),
    setup: (x) => {
      mkdirSync(join(x.dir, 'imm'));
      sh('chattr', '+i', join(x.dir, 'imm'));
      immutableDirs.push(join(x.dir, 'imm'));
    },
    exit: 2,
    stderr: /imm is not writable \(EPERM\)/,
  },
  {
    name: '--json and --junit the same file',
    argv: run('--json', 'r.out', '--junit', 'r.out'),
    exit: 2,
    stderr: /--junit .*the same path as --json/,
  },
  {
    name: '--failures-dir a file',
    argv: run('--failures-dir', 'f'),
    setup: (x) => writeFileSync(join(x.dir, 'f'), ''),
    exit: 2,
    stderr: /--failures-dir .*f: is not a directory/,
  },
  {
    name: '--failures-dir under /proc',
    argv: run('--failures-dir', '/proc/dfc-failures'),
    exit: 2,
    stderr: /--failures-dir .*not writable/,
  },
  {
    name: 'mutants --json onto a char device',
    argv: () => ['mutants', '--cases', '1', '--json', 'n'],
    setup: (x) => sh('mknod', join(x.dir, 'n'), 'c', '1', '3'),
    exit: 2,
    stderr: /--json .*: is a device/,
    after: stillDevice('n'),
  },
  // Numeric bounds.
  {
    name: '--cases 1000000000',
    argv: () => ['run', '--cases', '1000000000'],
    exit: 2,
    stderr: /--cases must be a whole number from 1 to 100000/,
  },
  { name: '--jobs 999', argv: run('--jobs', '999'), exit: 2, stderr: /--jobs .* to 64/ },
  { name: '--timeout 3000000', argv: run('--timeout', '3000000'), exit: 2, stderr: /--timeout .* to 86400/ },
  { name: '--seed beyond 32 bits', argv: run('--seed', '99999999999'), exit: 2, stderr: /--seed/ },
  {
    name: 'replay --timeout 0',
    argv: (x) => ['replay', 'case.json', '--timeout', '0', '--target', x.fake],
    setup: hostileCase(() => {}),
    exit: 2,
    stderr: /--timeout/,
  },
  {
    name: 'bench --repeat 100000',
    argv: (x) => ['bench', '--repeat', '100000', '--target', x.fake],
    exit: 2,
    stderr: /--repeat .* to 1000/,
  },
  {
    name: 'diff --cases 0',
    argv: (x) => ['diff', '--target', x.fake, '--target', 'sim', '--cases', '0'],
    exit: 2,
    stderr: /--cases/,
  },
  // Unknown or empty values.
  { name: 'an unknown command', argv: () => ['frobnicate'], exit: 2, stderr: /unknown command "frobnicate"/ },
  { name: 'an unknown option', argv: run('--frobnicate'), exit: 2, stderr: /Unknown option '--frobnicate'/ },
  { name: 'an empty --target', argv: () => ['run', '--target='], exit: 2, stderr: /--target needs a value/ },
  { name: 'an empty --json', argv: run('--json='), exit: 2, stderr: /--json needs a value/ },
  {
    name: 'a missing runsc path',
    argv: () => ['run', '--target', '/nonexistent/runsc'],
    exit: 2,
    stderr: /\/nonexistent\/runsc/,
  },
  {
    name: 'an unknown mutant',
    argv: () => ['run', '--target', 'sim+mutant:nope'],
    exit: 2,
    stderr: /unknown mutant "nope"/,
  },
];

function listing(dir: string): string[] {
  return readdirSync(dir).sort();
}

describe.concurrent('hostile input', () => {
  it('has at least 40 rows with distinct names', () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(40);
    expect(new Set(ROWS.map((r) => r.name)).size).toBe(ROWS.length);
  });

  it.each(ROWS.map((r) => [r.name, r] as const))('%s', async (_name, row) => {
    const dir = mkdtempSync(join(work, 'row-'));
    const tmp = mkdtempSync(join(work, 'tmp-'));
    const x: Ctx = { dir, fake: join(dir, 'fake-runsc'), marker: join(dir, 'invoked') };
    writeFileSync(x.fake, `#!/bin/sh\necho "$0 $*" >> '${x.marker}'\nexit 1\n`);
    chmodSync(x.fake, 0o755);
    row.setup?.(x);
    const before = listing(dir);
    const r = await execa('node', [MAIN, ...row.argv(x)], {
      cwd: dir,
      env: { TMPDIR: tmp },
      reject: false,
      timeout: 30_000,
    });
    const lines = r.stderr.trim().split('\n');
    expect(r.timedOut, 'the command hung').toBe(false);
    expect(r.exitCode, r.stderr).toBe(row.exit);
    expect(lines[0]).toMatch(/^directfs-conformance: /);
    expect((lines[0] ?? '').replace(/^directfs-conformance: /, '')).toMatch(row.stderr);
    if (row.exit === 2) {
      expect(lines, 'one stderr line').toHaveLength(1);
      expect(r.stdout, 'no partial output').toBe('');
    }
    expect(listing(dir), 'nothing left in the cwd').toEqual(before);
    expect(listing(tmp), 'no temporary directory left').toEqual([]);
    expect(listing(dir), 'no process started').not.toContain('invoked');
    expect(listing(outside)).toEqual(['keep.txt']);
    expect(readFileSync(join(outside, 'keep.txt'), 'utf8')).toBe('keep\n');
    row.after?.(x);
  });
});
