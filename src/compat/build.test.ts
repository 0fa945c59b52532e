import { describe, expect, it } from 'vitest';
import type { RequirementId } from '../model/requirements.js';
import type { RequirementResult, SuiteResult } from '../model/result.js';
import type { TargetInfo } from '../model/target.js';
import type { VerdictStatus } from '../model/verdict.js';
import type { Capabilities, HintMode } from '../capabilities/capabilities.js';
import { applicableRequirements } from './applicability.js';
import { buildCompatReport, type TargetOutcome } from './build.js';
import type { ExpectedDivergence } from './expected.js';

function caps(mount: HintMode, rootfs: HintMode): Capabilities {
  return {
    schema: 1,
    probeVersion: 3,
    mountOptOut: { value: mount, evidence: mount === 'rejected' ? 'invalid mount annotation: directfs=off' : 'e' },
    rootfsOptOut: { value: rootfs, evidence: 'e' },
    directfsFlag: { value: true, evidence: 'e' },
    directfsVisible: { value: true, evidence: 'e' },
    overlayDefault: { value: 'overlay', evidence: 'e' },
    vendorClaim: { value: 'absent', evidence: 'e' },
    binarySha256: null,
  };
}

function requirement(id: RequirementId, status: VerdictStatus): RequirementResult {
  const failed = status === 'failed';
  return {
    id,
    status,
    runs: 5,
    observedMounts: 3,
    counts: { passed: 0, failed: 0, unobservable: 0, notApplicable: 0, indeterminate: 0 },
    reason: status === 'passed' || failed ? null : 'no case reached it',
    failureKinds: failed ? ['start'] : [],
    counterexample: failed
      ? {
          origin: 'property',
          case: {
            flags: {} as never,
            spec: { root: { path: 'rootfs', readonly: false }, mounts: [], annotations: {} },
            fixtures: [],
          },
          verdict: { requirement: id, status, observedMounts: 0, detail: 'observed start-failed', mount: '/data' },
          seed: 1,
          path: '0',
          mounts: 1,
        }
      : null,
    shrinkSteps: 0,
    firstFailureAt: failed ? 1 : null,
  };
}

function outcome(id: string, c: Capabilities, statuses: Partial<Record<RequirementId, VerdictStatus>>): TargetOutcome {
  const applicability = applicableRequirements(c);
  const info: TargetInfo = { id, kind: 'sim', path: null, version: `${id} v`, profile: 'modern' };
  const result: SuiteResult = {
    target: info,
    reference: null,
    seed: 1,
    cases: 1,
    requirements: applicability.judged.map((r) => requirement(r, statuses[r] ?? 'passed')),
    examples: [],
    interrupted: false,
    targetRuns: { case: 1, paired: 0, reference: 0, variant: 0, shrink: 0 },
    wallMs: 1,
  };
  const replays = new Map<RequirementId, string>([['DFS-OPT-OUT', `replay ${id}`]]);
  return { info, capabilities: c, applicability, result, replays, interrupted: false };
}

const ctx = { seed: 1, cases: 1, date: '2026-11-29' };
const modern = (): TargetOutcome => outcome('sim', caps('honoured', 'honoured'), {});
const legacy = (): TargetOutcome =>
  outcome('sim:legacy', caps('rejected', 'ignored'), { 'DFS-OPT-OUT': 'failed', 'DFS-ROOTFS-OPT-OUT': 'failed' });
const entry = (requirement: RequirementId, expires: string): ExpectedDivergence => ({
  requirement,
  target: 'sim:leg*',
  reason: 'the 2022 build',
  expires,
});

describe('buildCompatReport', () => {
  it('fails (exit 1) on an undeclared failure, lists it first with its cause and replay command', () => {
    const r = buildCompatReport([modern(), legacy()], [], ctx);
    expect(r.gate.exitCode).toBe(1);
    expect(r.matrix[0]?.requirement).toBe('DFS-OPT-OUT');
    expect(r.failures[0]).toMatchObject({
      requirement: 'DFS-OPT-OUT',
      target: 'sim:legacy',
      replay: 'replay sim:legacy',
    });
    expect(r.failures[0]?.note).toContain('annotation rejected at sandbox creation');
    expect(r.matrix.find((m) => m.requirement === 'DFS-KEEP')?.results).toEqual({
      sim: 'passed',
      'sim:legacy': 'not-applicable',
    });
  });
  it('shows declared failures as expected and passes (exit 0); unused entries are marked', () => {
    const extra = { ...entry('DFS-KEEP', '2027-01-01'), target: 'runsc:*' };
    const r = buildCompatReport(
      [modern(), legacy()],
      [entry('DFS-OPT-OUT', '2027-01-01'), entry('DFS-ROOTFS-OPT-OUT', '2026-11-29'), extra],
      ctx,
    );
    expect(r.gate.exitCode).toBe(0);
    expect(r.summary.expected).toBe(2);
    expect(r.matrix[0]?.cells['sim:legacy']?.expected).toEqual({
      reason: 'the 2022 build',
      expires: '2027-01-01',
      expired: false,
    });
    expect(r.expected.map((e) => e.used)).toEqual([true, true, false]);
  });
  it('counts an expired entry as failed again', () => {
    const r = buildCompatReport(
      [legacy()],
      [entry('DFS-OPT-OUT', '2026-11-28'), entry('DFS-ROOTFS-OPT-OUT', '2027-01-01')],
      ctx,
    );
    expect(r.gate.exitCode).toBe(1);
    expect(r.failures.map((f) => f.requirement)).toEqual(['DFS-OPT-OUT']);
    expect(r.failures[0]?.note).toMatch(/^expected divergence expired on 2026-11-28/);
  });
  it('is incomplete (exit 3) when a cell is indeterminate and nothing failed', () => {
    const r = buildCompatReport(
      [outcome('sim', caps('honoured', 'honoured'), { 'DFS-WORKLOAD': 'indeterminate' })],
      [],
      ctx,
    );
    expect(r.gate.exitCode).toBe(3);
  });
  it('is incomplete (exit 3) when the run was interrupted on a target', () => {
    const r = buildCompatReport([{ ...modern(), interrupted: true }], [], ctx);
    expect(r.gate).toMatchObject({ exitCode: 3, summary: 'INCOMPLETE: interrupted on sim' });
    const cut = buildCompatReport([{ ...modern(), interrupted: true }], [], { ...ctx, notRun: ['sim:legacy'] });
    expect(cut.gate.summary).toBe('INCOMPLETE: interrupted on sim; not run: sim:legacy');
  });
  it('judges every requirement when the probes could not tell', () => {
    expect(applicableRequirements(caps('undetermined', 'honoured')).notApplicable).toBeNull();
    expect(applicableRequirements(caps('ignored', 'rejected')).judged).toEqual(['DFS-OPT-OUT', 'DFS-ROOTFS-OPT-OUT']);
  });
});
