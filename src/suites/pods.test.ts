/**
 * Pods on real runsc: a pod case runs (sandbox probe, then each
 * subcontainer's), and nothing is left behind after it, nor after a run
 * interrupted by an abort (what Ctrl-C does in the CLI) or by SIGINT to the
 * CLI itself. Skipped with the reason when runsc:modern is not installed.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case } from '../model/case.js';
import { createRunscTarget } from '../harness/runsc-target.js';
import { observeRun, podOf } from '../harness/pod-observe.js';
import { awaitNoMarkedProcess, processesWithMarker } from './fake-targets.js';
import { realTarget } from './targets.js';

const modern = realTarget('modern', 1);
const MAIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

const HINT = (source: string, directfs: string): Record<string, string> => ({
  'dev.gvisor.spec.mount.vol.source': source,
  'dev.gvisor.spec.mount.vol.type': 'bind',
  'dev.gvisor.spec.mount.vol.share': 'shared',
  'dev.gvisor.spec.mount.vol.directfs': directfs,
});

/** A sandbox with no mount and two subcontainers binding the same volume; the opt-out is on both specs. */
const POD: Case = {
  flags: { directfs: null, overlay2: null, fileAccess: null, fileAccessMounts: null },
  spec: { root: { path: 'rootfs', readonly: false }, mounts: [], annotations: HINT('$ROOT/vol', 'off') },
  fixtures: [{ path: 'vol', kind: 'dir' }],
  pod: {
    containers: ['a', 'b'].map((name) => ({
      name,
      mounts: [{ destination: '/v', type: 'bind', source: '$ROOT/vol', options: ['rbind', 'rw'] }],
      annotations: HINT('$ROOT/vol', 'off'),
    })),
  },
};

let scratch = '';
let savedTmp: string | undefined;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'dfc-pods-test-'));
  savedTmp = process.env.TMPDIR;
  process.env.TMPDIR = scratch;
});
afterAll(() => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  rmSync(scratch, { recursive: true, force: true });
});

/** Nothing of the run is left: no process naming the scratch dir, no file in it, no mount under it. */
async function expectNothingLeft(dir: string): Promise<void> {
  expect(await awaitNoMarkedProcess(dir)).toEqual([]);
  expect(readdirSync(dir)).toEqual([]);
  expect(readFileSync('/proc/self/mountinfo', 'utf8')).not.toContain(dir);
}

describe.skipIf(modern.skip !== null)(
  `pods on runsc:modern${modern.skip === null ? '' : ` (skipped: ${modern.skip})`}`,
  () => {
    it('runs the sandbox probe and each subcontainer probe, then leaves nothing', async () => {
      const target = await createRunscTarget('runsc:modern');
      const obs = observeRun(await target.run(POD, { timeoutMs: 30_000 }));
      await target.close();
      expect(obs.outcome, obs.error ?? '').toBe('started');
      const pod = podOf(obs) ?? [];
      expect(pod.map((p) => p.name)).toEqual(['a', 'b']);
      for (const p of pod) {
        expect(p.obs.outcome, p.obs.error ?? '').toBe('started');
        const v = p.obs.mounts.find((m) => m.mountPoint === '/v');
        expect(v?.fsType).toBe('9p');
        expect(v?.directfs).toBe('off');
        expect(p.obs.workload.length).toBeGreaterThan(0);
        expect(p.obs.workload.filter((w) => !w.ok)).toEqual([]);
        expect(p.obs.workload.every((w) => w.index === 0)).toBe(true);
        expect(p.obs.hostChecks.filter((h) => h.check === 'effects-present').map((h) => h.ok)).toEqual([true]);
      }
      await expectNothingLeft(scratch);
    }, 60_000);

    it('an abort while a subcontainer runs stops the pod and leaves nothing', async () => {
      const target = await createRunscTarget('runsc:modern');
      const abort = new AbortController();
      const running = target.run(POD, { timeoutMs: 30_000, signal: abort.signal });
      const deadline = Date.now() + 30_000;
      while (!processesWithMarker(scratch).some((p) => p.includes('runsc-gofer')) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      const signalled = Date.now();
      abort.abort();
      const raw = await running;
      await target.close();
      expect(Date.now() - signalled).toBeLessThan(5_000);
      expect(
        observeRun(raw).outcome === 'timed-out' || podOf(observeRun(raw))?.some((p) => p.obs.outcome !== 'started'),
      ).toBe(true);
      await expectNothingLeft(scratch);
    }, 60_000);

    it.skipIf(!existsSync(MAIN))(
      'SIGINT to `replay` of a pod case exits 3 within 5 s and leaves nothing',
      async () => {
        const caseFile = join(mkdtempSync(join(tmpdir(), 'dfc-pods-case-')), 'pod.json');
        writeFileSync(caseFile, JSON.stringify({ schema: 1, ...POD }));
        const cliTmp = mkdtempSync(join(scratch, 'cli-'));
        const child = spawn('node', [MAIN, 'replay', caseFile, '--target', 'runsc:modern'], {
          env: { ...process.env, TMPDIR: cliTmp },
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        let stderr = '';
        child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
        const done = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
        const deadline = Date.now() + 30_000;
        while (!processesWithMarker(cliTmp).some((p) => p.includes('runsc-gofer')) && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 20));
        const signalled = Date.now();
        child.kill('SIGINT');
        const code = await done;
        rmSync(join(caseFile, '..'), { recursive: true, force: true });
        expect(code, stderr).toBe(3);
        expect(Date.now() - signalled).toBeLessThan(5_000);
        await expectNothingLeft(cliTmp);
        rmSync(cliTmp, { recursive: true, force: true });
      },
      60_000,
    );
  },
);
