import { randomBytes } from 'node:crypto';
import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { awaitNoMarkedProcess, processesWithMarker } from '../suites/fake-targets.js';
import { canUsePidNamespace, runGrouped } from './group-process.js';

/** A shell command line whose processes (and their children, through the environment) carry a fresh marker. */
function marked(script: string): { marker: string; args: string[] } {
  const marker = `dfc-test-${randomBytes(4).toString('hex')}`;
  process.env.DFC_TEST_MARKER = marker;
  return { marker, args: ['-c', script, marker] };
}

const modes = [
  { name: 'process group only', env: '1' },
  ...(canUsePidNamespace() ? [{ name: 'PID namespace', env: '' }] : []),
];

afterEach(() => {
  delete process.env.DFC_NO_PIDNS;
  delete process.env.DFC_TEST_MARKER;
});

describe.each(modes)('runGrouped ($name)', ({ env }) => {
  it('enforces the timeout even when a child keeps stdout open, and kills that child', async () => {
    process.env.DFC_NO_PIDNS = env;
    const { marker, args } = marked('sleep 600 & echo started; wait');
    const t0 = performance.now();
    const r = await runGrouped('sh', [...args], { timeoutMs: 300 });
    expect(performance.now() - t0).toBeLessThan(3_000);
    expect(r.timedOut).toBe(true);
    expect(r.stdout).toBe('started\n');
    expect(await awaitNoMarkedProcess(marker)).toEqual([]);
  });

  it('does not wait for a pipe held by a child after the target exits', async () => {
    process.env.DFC_NO_PIDNS = env;
    const { marker, args } = marked('sleep 600 & exit 7');
    const t0 = performance.now();
    const r = await runGrouped('sh', [...args], { timeoutMs: 60_000 });
    expect(performance.now() - t0).toBeLessThan(3_000);
    expect(r.timedOut).toBe(false);
    expect(r.exitCode).toBe(7);
    expect(await awaitNoMarkedProcess(marker)).toEqual([]);
  });

  it('kills background children of a target that exits at once', async () => {
    process.env.DFC_NO_PIDNS = env;
    const { marker, args } = marked('sleep 600 </dev/null >/dev/null 2>&1 & echo done');
    const r = await runGrouped('sh', [...args], { timeoutMs: 60_000 });
    expect(r.exitCode).toBe(0);
    expect(await awaitNoMarkedProcess(marker)).toEqual([]);
  });

  it('kills targets that ignore SIGTERM as soon as the signal aborts, with one abort listener for them all', async () => {
    process.env.DFC_NO_PIDNS = env;
    const { marker, args } = marked("trap '' TERM INT; while :; do sleep 1; done");
    const controller = new AbortController();
    const pending = Array.from({ length: 12 }, () =>
      runGrouped('sh', [...args], { timeoutMs: 60_000, signal: controller.signal }),
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(processesWithMarker(marker).length).toBeGreaterThan(12);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    const t0 = performance.now();
    controller.abort();
    const runs = await Promise.all(pending);
    expect(performance.now() - t0).toBeLessThan(2_000);
    expect(runs.every((r) => r.canceled)).toBe(true);
    expect(await awaitNoMarkedProcess(marker)).toEqual([]);
  });
});

describe('runGrouped', () => {
  it('reports a program that cannot start as data', async () => {
    process.env.DFC_NO_PIDNS = '1';
    const r = await runGrouped('/nonexistent/runsc', ['--version'], { timeoutMs: 5_000 });
    expect(r.spawnError).toMatch(/ENOENT/);
    expect(r.exitCode).toBeNull();
  });

  it('clamps a timeout beyond the timer range instead of firing at once', async () => {
    const r = await runGrouped('sh', ['-c', 'sleep 0.2; echo ok'], { timeoutMs: 3_000_000_000 });
    expect(r.timedOut).toBe(false);
    expect(r.stdout).toBe('ok\n');
  });
});
