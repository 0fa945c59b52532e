/** Findings: deduplication signatures, greedy shrinking, classification, and the stored reproducer. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { Case } from '../model/case.js';
import type { Observation } from '../model/observation.js';
import type { TargetInfo } from '../model/target.js';
import type { Verdict } from '../model/verdict.js';
import { readStoredCase } from '../cli/case-file.js';
import { arbitraryFor } from '../generators/index.js';
import { resolveTarget } from '../harness/targets.js';
import { ObservationCache, type Evaluator } from '../runner/evaluate.js';
import { findingsOf, findingSignature, normalizeMessage, runFindingKind, type Finding } from './finding.js';
import { judgeEvery } from './loop.js';
import { classifyLabel, reproduceFinding } from './reproduce.js';
import { shrinkCandidates, shrinkCase } from './shrink.js';
import { storeFinding, reproScript, type StoredFinding } from './store.js';

const work = mkdtempSync(join(tmpdir(), 'dfc-fuzz-finding-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function evaluatorFor(id: string): Promise<Evaluator> {
  return { subject: new ObservationCache(await resolveTarget(id), 60_000), reference: null };
}

/** The first DFS-OPT-OUT failure the ignore-annotation mutant shows on generated opt-out cases. */
async function mutantFailure(): Promise<{ ev: Evaluator; finding: Finding }> {
  const ev = await evaluatorFor('sim+mutant:ignore-annotation');
  for (const c of fc.sample(arbitraryFor('DFS-OPT-OUT'), { seed: 21, numRuns: 60 })) {
    const { obs, verdicts } = await judgeEvery(ev, c);
    const f = findingsOf(c, obs, verdicts).find((x) => x.requirement === 'DFS-OPT-OUT');
    if (f !== undefined) return { ev, finding: f };
  }
  throw new Error('the mutant showed no DFS-OPT-OUT failure in 60 cases');
}

const failedVerdict = (detail: string, mount: string): Verdict => ({
  requirement: 'DFS-OPT-OUT',
  status: 'failed',
  observedMounts: 1,
  detail,
  mount,
});

describe('finding signatures', () => {
  it('are equal for the same failure at another destination or value, and differ by kind and requirement', async () => {
    const { finding } = await mutantFailure();
    const v = finding.verdict as Verdict;
    const dest = v.mount as string;
    const moved: Finding = {
      ...finding,
      verdict: { ...v, detail: v.detail.replaceAll(dest, '/elsewhere').replace(/\d+/g, '7'), mount: dest },
    };
    expect(findingSignature(moved)).toBe(findingSignature(finding));
    expect(findingSignature({ ...finding, requirement: 'DFS-KEEP' })).not.toBe(findingSignature(finding));
    const other: Finding = { ...finding, verdict: failedVerdict('no warning for hint h1', dest) };
    expect(findingSignature(other)).not.toBe(findingSignature(finding));
    expect(findingSignature(finding)).toMatch(/^failure-DFS-OPT-OUT-[0-9a-f]{10}$/);
  });

  it('a crash is a panic, a signal death or a crashed outcome; a hang is a timeout', () => {
    const base = { outcome: 'start-failed', exitCode: 1, error: 'creating container: EINVAL' } as Observation;
    expect(runFindingKind(base)).toBeNull();
    expect(runFindingKind({ ...base, error: 'panic: runtime error: index out of range' })).toBe('crash');
    expect(runFindingKind({ ...base, exitCode: 137 })).toBe('crash');
    expect(runFindingKind({ ...base, outcome: 'crashed' })).toBe('crash');
    expect(runFindingKind({ ...base, outcome: 'timed-out' })).toBe('hang');
    expect(classifyLabel(3, 3)).toBe('deterministic 3/3');
    expect(classifyLabel(1, 3)).toBe('flaky 1/3');
    expect(classifyLabel(0, 3)).toBe('not reproduced');
  });
});

describe('shrinking and storing', () => {
  it('shrinks to a smaller case that still fails, classifies it, and stores a replayable reproducer once', async () => {
    const { ev, finding } = await mutantFailure();
    const found = await reproduceFinding(finding, {
      shrinkOn: ev,
      freshTarget: () => ({ subject: new ObservationCache(ev.subject.target, 60_000), reference: null }),
    });
    const size = (c: Case) => c.spec.mounts.length + Object.keys(c.spec.annotations).length + c.fixtures.length;
    expect(size(found.case)).toBeLessThan(size(finding.case));
    expect(found.shrinkAttempts).toBeGreaterThan(0);
    expect(found.reproduced).toBe('deterministic 3/3');
    const info = ev.subject.target.info;
    const first = storeFinding(work, found, info);
    expect(first.isNew).toBe(true);
    expect(storeFinding(work, found, info).isNew).toBe(false);
    for (const f of ['case.json', 'bundle/config.json', 'repro.sh', 'observation.json', 'verdict.txt']) {
      expect(existsSync(join(first.dir, f)), f).toBe(true);
    }
    const stored = readStoredCase(join(first.dir, 'case.json'));
    expect(stored.case).toEqual(found.case);
    expect(stored.recordedTarget).toBe('sim+mutant:ignore-annotation');
    expect(readFileSync(join(first.dir, 'repro.sh'), 'utf8')).toContain('replay "$HERE/case.json" --target');
  });

  it('without a simulator that shows it, shrinks on the target itself within its budget, and not at all without one', async () => {
    const { ev, finding } = await mutantFailure();
    const fresh = () => ({ subject: new ObservationCache(ev.subject.target, 60_000), reference: null });
    const size = (c: Case) => c.spec.mounts.length + Object.keys(c.spec.annotations).length + c.fixtures.length;
    const onTarget = await reproduceFinding(finding, { shrinkOn: null, freshTarget: fresh, targetShrinkBudget: 30 });
    expect(onTarget.shrinkAttempts).toBeGreaterThan(0);
    expect(onTarget.shrinkAttempts).toBeLessThanOrEqual(30);
    expect(size(onTarget.case)).toBeLessThan(size(finding.case));
    expect(onTarget.reproduced).toBe('deterministic 3/3');
    const unshrunk = await reproduceFinding(finding, { shrinkOn: null, freshTarget: fresh });
    expect(unshrunk.shrinkAttempts).toBe(0);
    expect(unshrunk.case).toBe(finding.case);
  });

  it('every shrink candidate is strictly simpler, and shrinkCase respects its budget', async () => {
    const [c] = fc.sample(arbitraryFor('DFS-KEEP'), { seed: 5, numRuns: 1 });
    const cands = shrinkCandidates(c as Case);
    expect(cands.length).toBeGreaterThan(0);
    const weight = (x: Case) =>
      x.spec.mounts.length +
      Object.keys(x.spec.annotations).length +
      x.fixtures.length +
      Object.values(x.flags).filter((v) => v !== null).length +
      (x.spec.root.readonly ? 1 : 0);
    for (const x of cands) expect(weight(x)).toBeLessThan(weight(c as Case));
    let calls = 0;
    const r = await shrinkCase(c as Case, async () => (++calls, true), 5);
    expect(r.attempts).toBe(5);
    expect(calls).toBe(5);
  });

  it('a real-runsc repro.sh is a valid shell script naming runsc, its flags, fixtures and bundle', () => {
    const [c] = fc.sample(arbitraryFor('DFS-OPT-OUT'), { seed: 8, numRuns: 1 }) as [Case];
    const info: TargetInfo = { id: 'runsc:modern', kind: 'runsc', path: '/opt/runsc', version: 'x', profile: 'modern' };
    const f: StoredFinding = {
      kind: 'crash',
      requirement: null,
      case: c,
      obs: {} as Observation,
      verdict: null,
      signature: 'crash-runsc-0',
      reproduced: 'deterministic 3/3',
      shrinkAttempts: 0,
    };
    const script = reproScript(f, info);
    execFileSync('sh', ['-n', '-c', script]); // throws on a syntax error
    expect(script).toMatch(/^'\/opt\/runsc' "--root=\$B\/state" '--network=none'/m);
    expect(script).toContain(`'run' '--bundle' "$B" 'dfc-repro'`);
    expect(script).toContain(`delete '--force' 'dfc-repro'`);
    for (const fx of c.fixtures) expect(script).toContain(`'${fx.path}'`);
  });

  it('a pod repro.sh replays the case through the harness on the same binary, not a lone `runsc run`', () => {
    const [c] = fc.sample(arbitraryFor('DFS-POD-START'), { seed: 8, numRuns: 1 }) as [Case];
    expect(c.pod).toBeDefined();
    const info: TargetInfo = { id: 'runsc:modern', kind: 'runsc', path: '/opt/runsc', version: 'x', profile: 'modern' };
    const f = { kind: 'failure', requirement: 'DFS-POD-START', case: c, obs: {} as Observation, verdict: null };
    const script = reproScript(
      { ...f, signature: 's', reproduced: 'deterministic 3/3', shrinkAttempts: 0 } as StoredFinding,
      info,
    );
    execFileSync('sh', ['-n', '-c', script]);
    expect(script).toContain(`replay "$HERE/case.json" --target '/opt/runsc'`);
    expect(script).not.toContain("'run' '--bundle'");
  });
});

describe('normalizeMessage', () => {
  it('masks the pod container a message names, so one fault in two containers is one finding', () => {
    const a = normalizeMessage('container a: the contract says this case starts; observed start-failed: x "/v0"');
    const b = normalizeMessage('container b: the contract says this case starts; observed start-failed: x "/v1"');
    expect(a).toBe(b);
    expect(a).not.toBe(normalizeMessage('container a: the contract says this case fails; observed started'));
  });
});
