/**
 * What one sandbox costs: per generated case, a harness run, then bare
 * `runsc run`s of the same materialised bundle logging as the harness does
 * (Info and up), with --debug, and without logs, each
 * with the CPU time of the processes it started (read from this process's
 * waited-for children). Interleaved, so a busy moment hurts all three alike.
 */
import fc from 'fast-check';
import { rmSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { arbitraryFor } from '../generators/index.js';
import { materialize } from '../harness/materialize.js';
import { chooseProbe } from '../probe/native.js';
import { type BareRunOptions, createRunscTarget, makeScratchDir, runBareRunsc } from '../harness/runsc-target.js';
import { registerCleanup, teardownStateRootSync, unregisterCleanup } from '../harness/cleanup.js';
import { canUsePidNamespace } from '../harness/group-process.js';
import { setSandboxSlots } from '../harness/sandbox-slots.js';
import type { Case } from '../model/case.js';
import type { Target } from '../model/target.js';
import { childCpuMs } from './benchmark.js';
import { median } from './tally.js';

/** Medians of one way of running a sandbox (null without a completed sample). */
export interface SandboxCost {
  cpuSeconds: number | null;
  wallSeconds: number | null;
  /** CPU seconds per wall second: the cores one sandbox keeps busy. */
  cores: number | null;
}

/** Harness and bare runs of the same cases. */
export interface BareCost {
  samples: number;
  harnessMs: number | null;
  /** Logging as the harness does: the same argv as a harness run. */
  asHarness: SandboxCost;
  debug: SandboxCost;
  noDebug: SandboxCost;
  timedOut: number;
}

/** The bare ways of running a sandbox, by their log flags. */
const WAYS = ['asHarness', 'debug', 'noDebug'] as const;

type Way = (typeof WAYS)[number];

interface Samples extends Record<Way, { cpu: number[]; wall: number[] }> {
  harness: number[];
  timedOut: number;
}

/** Measures `cases` generated cases (`repeat` times each) on the real build `targetId`, one sandbox at a time. */
export async function measureBare(
  targetId: string,
  cases: number,
  o: { seed: number; timeoutMs: number; signal: AbortSignal; repeat: number },
): Promise<BareCost> {
  setSandboxSlots(1);
  const target = await createRunscTarget(targetId);
  const runsc = target.info.path as string;
  const drawn = fc.sample(arbitraryFor('DFS-WORKLOAD'), { seed: o.seed, numRuns: cases });
  const none = () => ({ cpu: [], wall: [] });
  const s: Samples = { harness: [], asHarness: none(), debug: none(), noDebug: none(), timedOut: 0 };
  // Bare runs share one state root too, as the harness's runs do, so both pay runsc's null-netns setup once.
  const state = await makeScratchDir('dfc-bench-state');
  const dropState = (): void => teardownStateRootSync(runsc, state, canUsePidNamespace());
  registerCleanup(dropState);
  try {
    for (const c of drawn) {
      for (let i = 0; i < o.repeat && !o.signal.aborted; i++) await measureCase(target, runsc, c, state, o, s);
    }
  } finally {
    await target.close();
    unregisterCleanup(dropState);
    dropState();
  }
  const cost = (x: { cpu: number[]; wall: number[] }): SandboxCost => {
    const cpu = median(x.cpu);
    const wall = median(x.wall);
    return {
      cpuSeconds: cpu === null ? null : cpu / 1000,
      wallSeconds: wall === null ? null : wall / 1000,
      cores: cpu === null || wall === null || wall === 0 ? null : cpu / wall,
    };
  };
  return {
    samples: s.harness.length,
    harnessMs: median(s.harness),
    asHarness: cost(s.asHarness),
    debug: cost(s.debug),
    noDebug: cost(s.noDebug),
    timedOut: s.timedOut,
  };
}

/** One interleaved measurement of `c`: a harness run, then a bare run each way. */
async function measureCase(
  target: Target,
  runsc: string,
  c: Case,
  state: string,
  o: { timeoutMs: number; signal: AbortSignal },
  s: Samples,
): Promise<void> {
  const t0 = performance.now();
  const run = await target.run(c, { timeoutMs: o.timeoutMs, signal: o.signal });
  if (o.signal.aborted) return;
  if (run.timedOut) s.timedOut += 1;
  else s.harness.push(performance.now() - t0);
  for (const way of WAYS) {
    if (o.signal.aborted) return;
    const bundle = await makeScratchDir('dfc-bench');
    const drop = (): void => rmSync(bundle, { recursive: true, force: true });
    registerCleanup(drop);
    try {
      const probe = await chooseProbe();
      await materialize(c, bundle, { nativeProbe: probe.kind === 'native' ? probe.binary : null });
      const logs = join(bundle, 'logs');
      await mkdir(logs);
      const options: BareRunOptions = { stateDir: state, timeoutMs: o.timeoutMs, signal: o.signal };
      if (way !== 'noDebug') options.logDir = logs;
      if (way === 'debug') options.debug = true;
      const cpu0 = childCpuMs();
      const r = await runBareRunsc(runsc, bundle, c.flags, options);
      const cpu = childCpuMs() - cpu0;
      if (r.interrupted) return;
      if (r.timedOut) {
        s.timedOut += 1;
        continue;
      }
      const into = s[way];
      into.cpu.push(cpu);
      into.wall.push(r.wallMs);
    } finally {
      await rm(bundle, { recursive: true, force: true });
      unregisterCleanup(drop);
    }
  }
}
