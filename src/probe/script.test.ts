import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Case, SEED_FILE } from '../model/case.js';
import { checkHost } from '../harness/host-checks.js';
import { planWorkload } from './plan.js';
import { MOUNTINFO_BEGIN, MOUNTINFO_END, OP_PREFIX, PROBE_END } from './protocol.js';
import { probeScript, shQuote } from './script.js';
import { BUSYBOX, haveBusybox, hostCase, opLines, runOnHost, writeFixtures } from './__fixtures__/host.js';

const noFlags = { directfs: null, overlay2: null, fileAccess: null, fileAccessMounts: null };

describe('shQuote', () => {
  it('round-trips awkward strings through sh', async () => {
    const words = ["it's", 'a b', '$HOME', '`x`', '\\n', '"q"', ''];
    const r = await execa(BUSYBOX, ['sh', '-c', `printf '%s\\n' ${words.map(shQuote).join(' ')}`], { reject: false });
    expect(r.stdout.split('\n')).toEqual(words);
  });
});

describe('probeScript shape', () => {
  it('prints mountinfo markers first, one workload call per planned mount, and ends with DFC-END', () => {
    const c = hostCase('/x', [
      { name: 'a', kind: 'dir', dest: '/data' },
      { name: 'b', kind: 'dir', ro: true, dest: '/ro' },
      { name: 'f', kind: 'file', dest: '/etc/f' },
    ]);
    const script = probeScript(c);
    const lines = script.trimEnd().split('\n');
    expect(script.indexOf(`echo ${MOUNTINFO_BEGIN}`)).toBeLessThan(script.indexOf(`echo ${MOUNTINFO_END}`));
    expect(lines.slice(-2)).toEqual([`echo ${PROBE_END}`, 'exit 0']);
    expect(lines.filter((l) => /^(rwdir|rodir|rwfile|rofile) /.test(l))).toEqual([
      "rwdir 0 '/data' 'dfc0.a' 'dfc0.d' 'dfc0.d/dfc0.b' 'dfc0.d/dfc0.l' 'dfc0.b'",
      "rodir 1 '/ro' 'dfc1.x'",
      "rwfile 2 '/etc/f'",
    ]);
  });

  it('works on the top of a stack, and on none past 7 spec mounts (runsc may then reorder the stack)', () => {
    const small = hostCase('/x', [
      { name: 'a', kind: 'dir', dest: '/data' },
      { name: 'b', kind: 'dir', dest: '/data' },
      { name: 'c', kind: 'dir', dest: '/other' },
    ]);
    expect(planWorkload(small).map((m) => [m.destination, m.sourceRel])).toEqual([
      ['/data', 'b'],
      ['/other', 'c'],
    ]);
    const filler = ['f1', 'f2', 'f3', 'f4', 'f5'].map((name) => ({ name, kind: 'dir' as const, dest: `/${name}` }));
    const big = hostCase('/x', [
      ...filler,
      { name: 'a', kind: 'dir', dest: '/data' },
      { name: 'b', kind: 'dir', dest: '/data' },
    ]);
    expect(big.spec.mounts).toHaveLength(7);
    expect(planWorkload(big).map((m) => m.destination)).toContain('/data');
    const bigger = {
      ...big,
      spec: { ...big.spec, mounts: [...big.spec.mounts, { destination: '/t', type: 'tmpfs' }] },
    };
    expect(planWorkload(bigger).map((m) => m.destination)).toEqual(filler.map((f) => f.dest));
  });

  it('has no workload for a case without planned mounts', () => {
    const c: Case = {
      flags: noFlags,
      spec: {
        root: { path: 'rootfs', readonly: false },
        mounts: [{ destination: '/t', type: 'tmpfs' }],
        annotations: {},
      },
      fixtures: [],
    };
    expect(probeScript(c)).not.toMatch(/^(rwdir|rodir|rwfile|rofile) /m);
  });
});

describe.skipIf(!haveBusybox)(
  `probeScript under the host's busybox${haveBusybox ? '' : ' (skipped: /bin/busybox missing — run npm run setup:runsc)'}`,
  () => {
    let root = '';
    beforeEach(async () => {
      root = await mkdtemp(join(tmpdir(), 'dfc-probe-test-'));
    });
    afterEach(async () => {
      await rm(root, { recursive: true, force: true });
    });

    it('runs every planned op in plan order and leaves the effects the host checks expect', async () => {
      const c = hostCase(root, [
        { name: 'rw', kind: 'dir' },
        { name: "it's ro", kind: 'dir', ro: true },
        { name: 'f', kind: 'file' },
        { name: 'rof', kind: 'file', ro: true },
      ]);
      await writeFixtures(c, root);
      const { exitCode, lines } = await runOnHost(probeScript(c), root);
      expect(exitCode).toBe(0);
      expect(lines[0]).toBe(MOUNTINFO_BEGIN);
      const end = lines.indexOf(MOUNTINFO_END);
      expect(end).toBeGreaterThan(1);
      expect(lines.slice(1, end).every((l) => / - /.test(l))).toBe(true);
      expect(lines.filter((l) => l !== '').at(-1)).toBe(PROBE_END);

      const ops = opLines(lines);
      const plan = planWorkload(c);
      expect(ops.map((l) => l.replace(/ (ok|fail.*)$/, ''))).toEqual(
        plan.flatMap((m) => m.ops.map((op) => `${OP_PREFIX} ${m.index} ${m.destination} ${op}`)),
      );
      // As root on a writable host directory the "denied" writes succeed, and the probe must say so.
      const failed = ops.filter((l) => !l.endsWith(' ok'));
      expect(failed).toEqual([
        `${OP_PREFIX} 1 ${join(root, "it's ro")} write-denied fail write succeeded`,
        `${OP_PREFIX} 3 ${join(root, 'rof')} write-denied fail write succeeded`,
      ]);

      expect(await readFile(join(root, 'rw/dfc0.d/dfc0.b'), 'utf8')).toBe('dfc');
      expect(existsSync(join(root, 'rw/dfc0.d/dfc0.l'))).toBe(false);
      const checks = await checkHost(c, root);
      expect(checks.map((h) => `${h.index} ${h.check} ${h.ok}`)).toEqual([
        '0 effects-present true',
        '0 effects-absent false',
        '0 seed-intact true',
        '1 effects-absent false',
        '1 seed-intact true',
        '2 effects-present true',
        '2 effects-absent false',
      ]);
    });

    it('keeps going when every op of a mount fails, with a detail per failure', async () => {
      const c = hostCase(root, [
        { name: 'gone', kind: 'dir', dest: join(root, 'no-such-dir') },
        { name: 'ok', kind: 'file' },
      ]);
      await writeFixtures(c, root);
      const { exitCode, lines } = await runOnHost(probeScript(c), root);
      expect(exitCode).toBe(0);
      const ops = opLines(lines);
      const first = ops.filter((l) => l.startsWith(`${OP_PREFIX} 0 `));
      expect(first).toHaveLength(9);
      expect(first.every((l) => /^DFC-OP 0 \S+ \S+ fail \S/.test(l))).toBe(true);
      expect(ops.filter((l) => l.startsWith(`${OP_PREFIX} 1 `)).every((l) => l.endsWith(' ok'))).toBe(true);
      expect(lines).toContain(PROBE_END);
    });

    it('fails the read op on a wrong seed, with what it read as detail', async () => {
      const c = hostCase(root, [{ name: 'ro', kind: 'dir', ro: true }]);
      await writeFixtures(c, root);
      await writeFile(join(root, 'ro', SEED_FILE), 'not-seed\n');
      const { lines } = await runOnHost(probeScript(c), root);
      expect(opLines(lines)[0]).toBe(`${OP_PREFIX} 0 ${join(root, 'ro')} read fail first line is 'not-seed'`);
      expect(opLines(lines)[1]).toBe(`${OP_PREFIX} 0 ${join(root, 'ro')} readdir ok`);
    });
  },
);
