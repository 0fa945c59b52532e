/**
 * Liar targets (issue 7): fake runsc executables under test-support/liars, each a plausible way for a build
 * to be wrong. Run through the built CLI, `run` must never pass one: it exits 1 (or 3 where the truth is
 * "could not judge"), and no requirement the liar breaks ends `passed` or `not-applicable` — the example
 * table gives every requirement cases that apply to a modern build, so "not-applicable" for a whole run
 * would be the suite looking away.
 */
import { execa } from 'execa';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, it } from 'vitest';
import type { RequirementId } from '../model/requirements.js';
import { requirementsFor } from '../oracles/dfs-vendor-claims.js';

/** What `run` judges on a path target: every requirement but the vendor ones (no gofer of a liar claims mounts). */
const REQUIREMENT_IDS = requirementsFor(undefined);

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = join(REPO, 'dist/cli/main.js');
const LIARS_DIR = join(REPO, 'test-support/liars');
const work = mkdtempSync(join(tmpdir(), 'dfc-liars-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

type Status = 'passed' | 'failed' | 'unobservable' | 'not-applicable' | 'indeterminate';

/** How a requirement the liar breaks may end: judged failed, or honestly not judged. */
const NOT_FOOLED: readonly Status[] = ['failed', 'indeterminate', 'unobservable'];

/** One liar and what the suite must conclude about it. */
interface Liar {
  /** The lie, for the test name. */
  lie: string;
  /** Exit codes `run` may give. */
  exits: readonly number[];
  /** Requirements the liar breaks. */
  breaks: readonly RequirementId[];
  /** Statuses those requirements may end with (default {@link NOT_FOOLED}). */
  allowed?: readonly Status[];
  /** Extra `run` arguments. */
  args?: readonly string[];
}

const except = (...ids: RequirementId[]): RequirementId[] => REQUIREMENT_IDS.filter((id) => !ids.includes(id));

/** The liars, by script name (without `.sh`). */
const LIARS = {
  'never-starts': { lie: 'every run exits 128 with "failed to setupFS"', exits: [1], breaks: REQUIREMENT_IDS },
  // Exit 0 without the probe's output: the observation channel failed, nothing can be judged (a crash).
  'no-mountinfo': {
    lie: 'exits 0 without printing a mountinfo block',
    exits: [3],
    breaks: REQUIREMENT_IDS,
    allowed: ['indeterminate'],
  },
  // A fabricated table can satisfy the literal text of KEEP, NON-GOFER and APP-EQUIV; the rest it breaks.
  'fabricated-mountinfo': {
    lie: 'prints a modern-looking mountinfo and ok for every op, but runs nothing',
    exits: [1],
    breaks: except('DFS-KEEP', 'DFS-NON-GOFER', 'DFS-APP-EQUIV'),
  },
  // The host's mountinfo has no directfs anywhere, so GLOBAL-OFF and NON-GOFER hold literally; APP-EQUIV too.
  'host-probe': {
    lie: 'runs the probe on the host: host mountinfo, workload in the sources',
    exits: [1],
    breaks: except('DFS-GLOBAL-OFF', 'DFS-NON-GOFER', 'DFS-APP-EQUIV'),
  },
  'drops-annotations': {
    lie: 'removes every annotation, then runs the modern simulator',
    exits: [1],
    breaks: [
      'DFS-OPT-OUT',
      'DFS-ONLY-TOKEN',
      'DFS-ROOTFS-OPT-OUT',
      'DFS-ROOTFS-ERRORS',
      'DFS-MOUNT-INVALID-VALUE',
      'DFS-HINT-GRAMMAR',
    ],
  },
  'empty-markers': {
    lie: 'prints the probe markers with nothing between them and exits 0',
    exits: [1],
    breaks: REQUIREMENT_IDS,
  },
  hangs: {
    lie: 'never returns from run (--timeout 2)',
    exits: [3],
    breaks: REQUIREMENT_IDS,
    allowed: ['indeterminate'],
    // Hanging runs cost no CPU; many at once keep the file's wall time down.
    args: ['--timeout', '2', '--jobs', '16'],
  },
  // A crash is "could not judge" (DESIGN.md: a crashed run is indeterminate), or a failure where the case must start.
  'crashes-mid-run': {
    lie: 'dies of SIGSEGV half-way through the mountinfo block',
    exits: [1, 3],
    breaks: REQUIREMENT_IDS,
  },
  segfaults: { lie: 'every run exits 139 printing "Segmentation fault"', exits: [1], breaks: REQUIREMENT_IDS },
  silent: {
    lie: 'answers every command, run included, with exit 0 and no output',
    exits: [3],
    breaks: REQUIREMENT_IDS,
    allowed: ['indeterminate'],
  },
  // One recorded run for every case: its /data lacks directfs, its root keeps it, and nothing reaches the host.
  'canned-output': {
    lie: 'replays one recorded modern run whatever the case asks',
    exits: [1],
    breaks: [
      'DFS-OPT-OUT',
      'DFS-KEEP',
      'DFS-GLOBAL-OFF',
      'DFS-ROOTFS-OPT-OUT',
      'DFS-ROOTFS-ERRORS',
      'DFS-WORKLOAD',
      'DFS-DEFAULT-UNCHANGED',
      'DFS-HINT-GRAMMAR',
    ],
  },
  'version-lies': {
    lie: 'a pre-feature build answering --version with a modern version',
    exits: [1],
    breaks: ['DFS-OPT-OUT', 'DFS-ONLY-TOKEN', 'DFS-ROOTFS-OPT-OUT'],
  },
} as const satisfies Record<string, Liar>;

type LiarName = keyof typeof LIARS;

const liarPath = (name: string): string => join(LIARS_DIR, `${name}.sh`);

/** At most two CLI runs at once: the machine has two cores, shared. */
let running = 0;
const waiting: (() => void)[] = [];
async function withSlot<T>(fn: () => Promise<T>): Promise<T> {
  while (running >= 2) await new Promise<void>((resolve) => waiting.push(resolve));
  running += 1;
  try {
    return await fn();
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}

const cli = (args: readonly string[]) => withSlot(() => execa('node', [MAIN, ...args], { cwd: work, reject: false }));

/** Command lines of live processes that contain `needle`. */
function processesNaming(needle: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((e) => /^\d+$/.test(e) && e !== String(process.pid))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      if (cmdline.includes(needle)) found.push(`${pid}: ${cmdline}`);
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}

interface ResultsJson {
  requirements: { id: RequirementId; status: Status }[];
}

const skip = !existsSync(MAIN)
  ? 'dist/cli/main.js is not built (npm test builds it first)'
  : !existsSync('/bin/busybox')
    ? 'no /bin/busybox for the case rootfs (npm run setup:runsc installs busybox-static)'
    : null;

describe.skipIf(skip !== null)(`liar targets${skip === null ? '' : ` (skipped: ${skip})`}`, () => {
  describe.concurrent('run never passes a liar', () => {
    const cases = Object.entries(LIARS) as [LiarName, Liar][];
    it.for(cases)('%s', { timeout: 900_000 }, async ([name, liar], { expect }) => {
      const out = join(work, name);
      const r = await cli([
        'run',
        '--target',
        liarPath(name),
        '--cases',
        '1',
        '--seed',
        '1',
        '--reference',
        'sim:prefeature',
        '--json',
        `${out}.json`,
        '--failures-dir',
        `${out}-failures`,
        ...(liar.args ?? []),
      ]);
      const log = `${liar.lie}\n${r.stdout}\n${r.stderr}`;
      expect(liar.exits, log).toContain(r.exitCode);
      const json = JSON.parse(readFileSync(`${out}.json`, 'utf8')) as ResultsJson;
      const statuses = new Map(json.requirements.map((q) => [q.id, q.status]));
      const allowed = liar.allowed ?? NOT_FOOLED;
      const fooled = Object.fromEntries(
        liar.breaks.flatMap((id) => {
          const status = statuses.get(id);
          return status !== undefined && allowed.includes(status) ? [] : [[id, status ?? 'missing']];
        }),
      );
      expect(fooled, `${name}: ${liar.lie}; requirements it breaks must end ${allowed.join('/')}`).toEqual({});
      await new Promise((resolve) => setTimeout(resolve, name === 'hangs' ? 1500 : 0));
      expect(processesNaming(liarPath(name)), 'processes left behind').toEqual([]);
      expect(processesNaming(`liar-${name}-sandbox`), 'sandbox processes left behind').toEqual([]);
    });
  });

  it('refuses a target whose --version fails: exit 2, one line, no results file', async ({ expect }) => {
    const r = await cli(['run', '--target', liarPath('no-version'), '--cases', '1', '--json', 'no-version.json']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(work, 'no-version.json'))).toBe(false);
  });

  describe('replay of a stored case on a build that always crashes at start', () => {
    const plain = {
      flags: { directfs: null, overlay2: 'none', fileAccess: null, fileAccessMounts: null },
      spec: {
        root: { path: 'rootfs', readonly: false },
        mounts: [{ destination: '/data', type: 'bind', source: '$ROOT/vol1' }],
        annotations: {},
      },
      fixtures: [{ path: 'vol1', kind: 'dir' }],
    };
    const optedOut = {
      ...plain,
      spec: {
        ...plain.spec,
        annotations: {
          'dev.gvisor.spec.mount.v1.source': '$ROOT/vol1',
          'dev.gvisor.spec.mount.v1.type': 'bind',
          'dev.gvisor.spec.mount.v1.share': 'shared',
          'dev.gvisor.spec.mount.v1.directfs': 'off',
        },
      },
    };
    it.for([
      ['without directfs keys', plain],
      ['with an opt-out', optedOut],
    ] as const)('%s exits 1', async ([label, c], { expect }) => {
      const file = join(work, `replay-${label.replace(/\W+/g, '-')}.json`);
      writeFileSync(file, `${JSON.stringify(c, null, 2)}\n`);
      const r = await cli(['replay', file, '--target', liarPath('segfaults'), '--reference', 'sim:prefeature']);
      expect(r.exitCode, r.stdout + r.stderr).toBe(1);
      expect(r.stdout, 'no requirement passes on a build that never started').not.toMatch(/^DFS-\S+\s+passed\b/m);
    });
  });
});
