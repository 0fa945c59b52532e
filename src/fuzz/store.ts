/**
 * Writing a finding as a reproducer directory: `case.json` (a stored case
 * `replay` accepts), `bundle/config.json`, `repro.sh`, `observation.json` and
 * `verdict.txt`, under `DIR/findings/<signature>/`.
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Case } from '../model/case.js';
import { SEED_CONTENT, SEED_FILE } from '../model/case.js';
import { targetLabelOf } from '../model/case-rules.js';
import type { TargetInfo } from '../model/target.js';
import { buildConfigJson, DEFAULT_BUSYBOX, ROOTFS_DIRS } from '../harness/materialize.js';
import { runArgs } from '../harness/runsc-target.js';
import { probeScript, shQuote } from '../probe/script.js';
import type { Finding } from './finding.js';

/** A shrunk, classified finding ready to store. */
export interface StoredFinding extends Finding {
  signature: string;
  /** `deterministic 3/3`, `flaky 1/3` or `not reproduced`. */
  reproduced: string;
  /** Judged cases the shrink spent. */
  shrinkAttempts: number;
}

/** `DIR/findings/<signature>`. */
export function findingDir(corpusDir: string, signature: string): string {
  return join(corpusDir, 'findings', signature);
}

/** Where the bundle of the stand-alone script lives, relative to the finding directory. */
const BUNDLE_VAR = '@BUNDLE@';

/** One shell word: single-quoted, or double-quoted around `$B` when it names the bundle. */
function shellWord(arg: string): string {
  if (!arg.includes(BUNDLE_VAR)) return shQuote(arg);
  // Only the harness's own state, log and bundle arguments name the bundle; they hold no other shell syntax.
  return `"${arg.replaceAll(BUNDLE_VAR, '$B')}"`;
}

/** The shell lines that create the case's rootfs (busybox + probe) and fixtures under `$B`. */
function setupLines(c: Case): string[] {
  const lines = [
    `mkdir -p ${ROOTFS_DIRS.map((d) => `"$B"/${shQuote(d)}`).join(' ')}`,
    `cp ${DEFAULT_BUSYBOX} "$B/rootfs/bin/busybox" && chmod 755 "$B/rootfs/bin/busybox"`,
    'ln -sf busybox "$B/rootfs/bin/sh"',
    'cat > "$B/rootfs/probe.sh" <<\'DFC_PROBE_END\'',
    probeScript(c).replace(/\n$/, ''),
    'DFC_PROBE_END',
    'chmod 755 "$B/rootfs/probe.sh"',
  ];
  const seed = shQuote(SEED_CONTENT);
  for (const f of c.fixtures) {
    const p = `"$B"/${shQuote(f.path)}`;
    if (f.kind === 'dir') lines.push(`mkdir -p ${p} && printf %s ${seed} > ${p}/${SEED_FILE}`);
    else lines.push(`mkdir -p "$(dirname ${p})" && printf %s ${seed} > ${p}`);
  }
  return lines;
}

/**
 * The text of `repro.sh`: the `replay` line for a simulator, the plain `runsc run` with its bundle for a
 * single-container case on a real build. A pod needs a sandbox and its subcontainers created, started and
 * waited for in turn (see pods/repro/ for such scripts written by hand), so its reproducer replays the case
 * through the harness on the same runsc binary.
 */
export function reproScript(f: StoredFinding, target: TargetInfo): string {
  const head = ['#!/bin/sh', `# ${f.kind} ${f.requirement ?? ''} (${f.reproduced}) found on ${target.id}`.trimEnd()];
  head.push('set -eu', 'HERE=$(cd "$(dirname "$0")" && pwd)');
  if (target.kind === 'sim' || target.path === null) {
    const replay = `npx directfs-conformance replay "$HERE/case.json" --target ${shQuote(target.id)}`;
    return `${[...head, replay].join('\n')}\n`;
  }
  if (f.case.pod !== undefined) {
    const why = '# A pod: the sandbox, then each subcontainer, created, started and waited for by the harness.';
    const replay = `npx directfs-conformance replay "$HERE/case.json" --target ${shQuote(target.path)}`;
    return `${[...head, why, replay].join('\n')}\n`;
  }
  // Debug-level logs too: the reader of a reproducer may want more than the harness reads.
  const args = runArgs(`${BUNDLE_VAR}/state`, `${BUNDLE_VAR}/logs`, f.case.flags, BUNDLE_VAR, 'dfc-repro', true);
  return `${[
    ...head,
    'B="$HERE/bundle"',
    '# bundle/config.json names this directory; if you moved it, rewrite its paths first.',
    ...setupLines(f.case),
    'mkdir -p "$B/state" "$B/logs"',
    '# A container left by an earlier run of this script would make `run` fail.',
    `${shQuote(target.path)} "--root=$B/state" delete '--force' 'dfc-repro' 2>/dev/null || true`,
    `${shQuote(target.path)} ${args.map(shellWord).join(' ')}`,
  ].join('\n')}\n`;
}

/** The verdict text: what was found, how it reproduced, and the verdict's detail. */
function verdictText(f: StoredFinding): string {
  const lines = [`kind: ${f.kind}`, `requirement: ${f.requirement ?? '-'}`, `reproduced: ${f.reproduced}`];
  lines.push(`shrink attempts: ${f.shrinkAttempts}`, `outcome: ${f.obs.outcome}`, `error: ${f.obs.error ?? '-'}`);
  if (f.verdict !== null) lines.push(`status: ${f.verdict.status}`, `detail: ${f.verdict.detail}`);
  return `${lines.join('\n')}\n`;
}

/**
 * Writes the finding under `corpusDir` unless its signature is already there;
 * returns the directory and whether it was new. Written to a temporary
 * sibling first, then renamed, so a directory is never half there.
 */
export function storeFinding(corpusDir: string, f: StoredFinding, target: TargetInfo): { dir: string; isNew: boolean } {
  const dir = findingDir(corpusDir, f.signature);
  if (existsSync(dir)) return { dir, isNew: false };
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(join(tmp, 'bundle'), { recursive: true });
  const stored = { schema: 1, requirement: f.requirement, target: targetLabelOf(target.id), case: f.case };
  writeFileSync(join(tmp, 'case.json'), `${JSON.stringify(stored, null, 2)}\n`);
  const config = buildConfigJson(f.case, join(dir, 'bundle'));
  writeFileSync(join(tmp, 'bundle', 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
  writeFileSync(join(tmp, 'repro.sh'), reproScript(f, target), { mode: 0o755 });
  writeFileSync(join(tmp, 'observation.json'), `${JSON.stringify(f.obs, null, 2)}\n`);
  writeFileSync(join(tmp, 'verdict.txt'), verdictText(f));
  renameSync(tmp, dir);
  return { dir, isNew: true };
}
