#!/usr/bin/env node
/**
 * sim-runsc: a runsc look-alike on top of the simulator, so `--target
 * /path/to/sim-runsc` exercises the process path of the harness. Speaks the
 * subset the harness uses (global flags, `run --bundle DIR ID`, `delete`,
 * `--version`), writes runsc-style debug logs, and performs on the host the
 * effects the probe workload would have left. Profile from DFC_SIM_PROFILE
 * (default modern), mutant from DFC_SIM_MUTANT.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync, appendFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Case } from '../model/case.js';
import { planWorkload, TRUNCATED_DATA, WORKLOAD_DATA, workloadNames } from '../probe/plan.js';
import { parseArgv, type GlobalArgs } from '../simulator/cli-args.js';
import { configToCase } from '../simulator/from-config.js';
import {
  faultsOf,
  isMutantName,
  isProfileName,
  simulate,
  type ProfileName,
  type SimResult,
} from '../simulator/index.js';
import { PROFILES } from '../simulator/profiles.js';

function fail(message: string, code: number): number {
  process.stderr.write(`sim-runsc: ${message}\n`);
  return code;
}

function kindOf(bundle: string): (rel: string) => 'dir' | 'file' | 'missing' {
  return (rel) => {
    try {
      const st = statSync(join(bundle, rel));
      return st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'missing';
    } catch {
      return 'missing';
    }
  };
}

function stamp(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}.${p(d.getMilliseconds() * 1000, 6)}`;
}

function writeLogs(g: GlobalArgs, sim: SimResult): void {
  if (g.debugLog === null || g.debugLog === '') return;
  const kinds = ['run', 'gofer', 'boot'] as const;
  if (g.debugLog.endsWith('/')) {
    mkdirSync(g.debugLog, { recursive: true });
    const s = stamp(new Date());
    for (const k of kinds)
      if (sim.logs[k] !== '') writeFileSync(join(g.debugLog, `runsc.log.${s}.${k}.txt`), sim.logs[k]);
    return;
  }
  for (const k of kinds) if (sim.logs[k] !== '') appendFileSync(g.debugLog, sim.logs[k]);
}

/** Leaves on the host what the probe's workload leaves where its effects reach the source. */
function performEffects(c: Case, bundle: string, sim: SimResult): void {
  const present = new Set(sim.effects.filter((e) => e.present).map((e) => e.index));
  const denied = new Set(sim.effects.filter((e) => e.denied).map((e) => e.index));
  for (const m of planWorkload(c)) {
    if (denied.has(m.index))
      writeFileSync(join(bundle, m.sourceRel, workloadNames(m.prefix).denied), `${WORKLOAD_DATA}\n`);
    if (!present.has(m.index) || m.readonly) continue;
    const source = join(bundle, m.sourceRel);
    if (m.kind === 'file') {
      writeFileSync(source, `${WORKLOAD_DATA}\n`);
      continue;
    }
    const n = workloadNames(m.prefix);
    mkdirSync(join(source, n.dir), { recursive: true });
    writeFileSync(join(source, n.moved), TRUNCATED_DATA);
  }
}

function main(argv: readonly string[]): number {
  const profile = process.env.DFC_SIM_PROFILE ?? 'modern';
  if (!isProfileName(profile))
    return fail(`unknown DFC_SIM_PROFILE "${profile}"; known: ${Object.keys(PROFILES).join(', ')}`, 2);
  const mutant = process.env.DFC_SIM_MUTANT ?? '';
  if (mutant !== '' && !isMutantName(mutant)) return fail(`unknown DFC_SIM_MUTANT "${mutant}"`, 2);
  const parsed = parseArgv(argv, PROFILES[profile]);
  switch (parsed.kind) {
    case 'error':
      process.stderr.write(parsed.stderr);
      return parsed.exitCode;
    case 'version':
      process.stdout.write(`runsc version sim-${profile}\nspec: 1.2.1\n`);
      return 0;
    case 'delete':
      return 0;
    case 'run':
      return run(parsed.globals, resolve(parsed.bundle), parsed.id, profile, mutant === '' ? null : mutant);
  }
}

function run(g: GlobalArgs, bundle: string, id: string, profile: ProfileName, mutant: string | null): number {
  let config: unknown;
  try {
    config = JSON.parse(readFileSync(join(bundle, 'config.json'), 'utf8'));
  } catch (e) {
    return fail(`reading spec: ${(e as Error).message}`, 128);
  }
  let c: Case;
  try {
    c = configToCase(config, bundle, g.flags, kindOf(bundle));
  } catch (e) {
    return fail(`reading spec: ${(e as Error).message}`, 128);
  }
  const sim = simulate(c, {
    profile,
    caseRoot: bundle,
    containerId: id,
    faults: faultsOf(mutant),
    stateDir: g.root ?? '/var/run/runsc',
    logDir: g.debugLog ?? '',
    debug: g.debug,
  });
  writeLogs(g, sim);
  performEffects(c, bundle, sim);
  process.stdout.write(sim.stdout);
  process.stderr.write(sim.stderr);
  return sim.exitCode;
}

process.exitCode = main(process.argv.slice(2));
