import { describe, expect, it } from 'vitest';
import type { Case } from '../model/case.js';
import type { RawRun } from '../model/raw-run.js';
import type { Target } from '../model/target.js';
import { createSimTarget } from '../harness/sim-target.js';
import { mutantsJson, runMutants, type MutantSpec, type MutationOptions } from './mutation.js';

const OPTIONS: MutationOptions = {
  cases: 10,
  seed: 1,
  jobs: 1,
  timeoutMs: 10_000,
  requirements: ['DFS-OPT-OUT', 'DFS-KEEP'],
};

/** The intended symptom of ignore-annotation, declared for every spec below. */
const OPT_OUT_STATE = [{ requirement: 'DFS-OPT-OUT', kinds: ['mount-state'] }] as const;

const reference = async (): Promise<Target> => createSimTarget('sim:prefeature');

/** A target that never starts a sandbox: every run fails in the sentry, as a broken runsc would. */
function neverStarts(): Target {
  return {
    info: { id: 'fake:never-starts', kind: 'runsc', path: null, version: 'fake', profile: 'modern' },
    async run(c: Case): Promise<RawRun> {
      const error =
        'running container: starting container: starting root container: starting sandbox: ' +
        'failed to setupFS: boom';
      return {
        exitCode: 128,
        stdout: '',
        stderr: `${error}\n`,
        logs: { boot: '', gofer: '', run: '' },
        hostChecks: [],
        caseRoot: `/run/fake/${c.spec.mounts.length}`,
        containerId: 'fake',
        wallMs: 1,
        timedOut: false,
      };
    },
    async close(): Promise<void> {},
  };
}

/** Makes targets by name: `fake:never-starts`, or a simulator mutant. */
async function makeTarget(name: string): Promise<Target> {
  return name === 'fake:never-starts' ? neverStarts() : createSimTarget(`sim+mutant:${name}`);
}

describe('runMutants', () => {
  it('counts a mutant killed when an intended requirement fails with an intended kind', async () => {
    const spec: MutantSpec = { name: 'ignore-annotation', intended: OPT_OUT_STATE };
    const result = await runMutants([spec], makeTarget, reference, OPTIONS);
    const m = result.mutants[0];
    expect(m).toMatchObject({ name: 'ignore-annotation', killed: true, intendedKills: ['DFS-OPT-OUT'] });
    expect(m?.failures.find((f) => f.requirement === 'DFS-OPT-OUT')?.kinds).toContain('mount-state');
    expect(m?.casesToKill).toBeGreaterThanOrEqual(1);
    expect(m?.counterexampleMounts).toBeGreaterThanOrEqual(1);
    expect(result.score).toBe(1);
    expect(result.collateralOnly).toEqual([]);
  });

  it('does not count a mutant that only broke the start when its intended symptom is a mount state', async () => {
    const spec: MutantSpec = { name: 'fake:never-starts', intended: OPT_OUT_STATE };
    const result = await runMutants([spec], makeTarget, reference, OPTIONS);
    const m = result.mutants[0];
    expect(m?.killed).toBe(false);
    expect(m?.intendedKills).toEqual([]);
    expect(m?.collateral).toEqual(expect.arrayContaining(['DFS-OPT-OUT', 'DFS-KEEP']));
    expect(m?.failures.find((f) => f.requirement === 'DFS-OPT-OUT')?.kinds).toEqual(['start']);
    expect(m?.casesToKill).toBeNull();
    expect(result.score).toBe(0);
    expect(result.collateralOnly).toEqual(['fake:never-starts']);
  });

  it('does not count a real failure of a requirement the mutant did not declare', async () => {
    // Hiding `directfs` on a kept read-only mount breaks DFS-KEEP, never DFS-OPT-OUT.
    const spec: MutantSpec = { name: 'mountinfo-hides-directfs', intended: OPT_OUT_STATE };
    const result = await runMutants([spec], makeTarget, reference, OPTIONS);
    expect(result.mutants[0]).toMatchObject({ killed: false, intendedKills: [], collateral: ['DFS-KEEP'] });
    expect(result.collateralOnly).toEqual(['mountinfo-hides-directfs']);
  });

  it('writes schema 1 fields plus the intended and collateral kills', async () => {
    const specs: MutantSpec[] = [
      { name: 'ignore-annotation', intended: OPT_OUT_STATE },
      { name: 'fake:never-starts', intended: OPT_OUT_STATE },
    ];
    const result = await runMutants(specs, makeTarget, reference, OPTIONS);
    const doc = JSON.parse(JSON.stringify(mutantsJson(result, 1, 10))) as Record<string, unknown>;
    expect(doc).toMatchObject({ schema: 1, seed: 1, cases: 10, score: 0.5, collateralOnly: ['fake:never-starts'] });
    const [killed, collateral] = doc.mutants as Record<string, unknown>[];
    expect(Object.keys(killed ?? {})).toEqual(
      expect.arrayContaining([
        'name',
        'killed',
        'by',
        'casesToKill',
        'counterexampleMounts',
        'intended',
        'intendedKills',
        'collateral',
      ]),
    );
    expect(killed).toMatchObject({
      name: 'ignore-annotation',
      killed: true,
      by: ['DFS-OPT-OUT'],
      intendedKills: ['DFS-OPT-OUT'],
      intended: [{ requirement: 'DFS-OPT-OUT', kinds: ['mount-state'] }],
    });
    const missed = { name: 'fake:never-starts', killed: false, by: [], intendedKills: [], casesToKill: null };
    expect(collateral).toMatchObject(missed);
    expect(collateral?.collateral).toEqual(expect.arrayContaining(['DFS-OPT-OUT', 'DFS-KEEP']));
  });
});
