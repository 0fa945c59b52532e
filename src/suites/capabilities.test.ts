/** Capability detection on the simulator profiles: the same probes a real build answers, in-process. */
import { mkdtempSync, readdirSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveTarget } from '../harness/targets.js';
import { detectCapabilities } from '../capabilities/detect.js';
import { readCachedCapabilities, hashFile } from '../capabilities/cache.js';
import { classifyOptOut } from '../capabilities/classify.js';
import type { Capabilities } from '../capabilities/capabilities.js';

async function capabilitiesOf(id: string): Promise<Capabilities> {
  const target = await resolveTarget(id);
  try {
    return await detectCapabilities(target, { timeoutMs: 10_000, cacheDir: null });
  } finally {
    await target.close();
  }
}

describe('capability probes on the simulator profiles', () => {
  it('sim (modern): both opt-outs honoured, --directfs known, root overlaid by default', async () => {
    const c = await capabilitiesOf('sim');
    expect(c.mountOptOut.value).toBe('honoured');
    expect(c.rootfsOptOut.value).toBe('honoured');
    expect(c.directfsFlag.value).toBe(true);
    expect(c.directfsVisible.value).toBe(true);
    expect(c.overlayDefault.value).toBe('overlay');
    expect(c.binarySha256).toBeNull();
  });
  it('sim:prefeature: the mount key is ignored with a warning, the rootfs key is rejected', async () => {
    const c = await capabilitiesOf('sim:prefeature');
    expect(c.mountOptOut.value).toBe('ignored');
    expect(c.mountOptOut.evidence).toContain('invalid mount annotation: directfs=off');
    expect(c.rootfsOptOut.value).toBe('rejected');
    expect(c.rootfsOptOut.evidence).toContain('rootfs');
    expect(c.directfsFlag.value).toBe(true);
  });
  it('sim:legacy: the mount key is rejected at sandbox creation, no --directfs, no overlay by default', async () => {
    const c = await capabilitiesOf('sim:legacy');
    expect(c.mountOptOut.value).toBe('rejected');
    expect(c.mountOptOut.evidence).toContain('directfs=off');
    expect(c.rootfsOptOut.value).toBe('ignored');
    expect(c.directfsFlag.value).toBe(false);
    expect(c.directfsFlag.evidence).toContain('flag provided but not defined');
    expect(c.directfsVisible.value).toBe(false);
    expect(c.overlayDefault.value).toBe('gofer');
  });
  it('sim:vendor: a claimed mount starts only opted out; the other profiles have no claiming gofer', async () => {
    const c = await capabilitiesOf('sim:vendor');
    expect(c.mountOptOut.value).toBe('honoured');
    expect(c.vendorClaim.value).toBe('needs-opt-out');
    expect(c.vendorClaim.evidence).toContain('invalid argument');
    expect((await capabilitiesOf('sim')).vendorClaim.value).toBe('absent');
  });
  it('a mutant that drops the annotation reads as ignored, not honoured', async () => {
    const c = await capabilitiesOf('sim+mutant:ignore-annotation');
    expect(c.mountOptOut.value).toBe('ignored');
  });
});

describe('classifyOptOut', () => {
  it('calls a probe whose baseline did not start undetermined, never rejected', async () => {
    const target = await resolveTarget('sim:legacy');
    const { runProbes } = await import('../capabilities/detect.js');
    const runs = await runProbes(target, { timeoutMs: 10_000 });
    const finding = classifyOptOut(runs['mount-opt-out'], runs['mount-opt-out'], '/data');
    expect(finding.value).toBe('undetermined');
  });
});

describe('the capability cache', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dfc-caps-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it('stores a binary by its content hash and answers from the file next time', async () => {
    const bin = join(dir, 'runsc-copy');
    writeFileSync(bin, '#!/bin/sh\nexit 1\n');
    chmodSync(bin, 0o755);
    const sim = await resolveTarget('sim:prefeature');
    const fake = { ...sim, info: { ...sim.info, kind: 'runsc' as const, path: bin } };
    const cacheDir = join(dir, 'cache');
    const first = await detectCapabilities(fake, { timeoutMs: 10_000, cacheDir });
    const sha = await hashFile(bin);
    expect(first.binarySha256).toBe(sha);
    expect(readdirSync(cacheDir)).toEqual([`${sha}.json`]);
    const legacy = await resolveTarget('sim:legacy');
    const again = await detectCapabilities({ ...legacy, info: fake.info }, { timeoutMs: 10_000, cacheDir });
    expect(again.mountOptOut.value).toBe('ignored');
    expect(readCachedCapabilities(sha, cacheDir)?.rootfsOptOut.value).toBe('rejected');
  });
});

describe('startErrorOf', () => {
  it('names the hint error, not a debug-log spec dump that mentions annotations', async () => {
    const { startErrorOf } = await import('../capabilities/classify.js');
    const target = await resolveTarget('sim:legacy');
    const { runProbes } = await import('../capabilities/detect.js');
    const run = (await runProbes(target, { timeoutMs: 10_000 }))['mount-opt-out'];
    const dump = { ...run, lines: ['I1129 07:02:00.000000 1 x.go:1]   "annotations": {', ...run.lines] };
    expect(startErrorOf(dump)).toMatch(
      /^FATAL ERROR: creating loader: creating pod mount hints: invalid mount annotation/,
    );
  });
});
