import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbitraryFor, caseArbitrary, EXAMPLES } from '../generators/index.js';
import type { Case } from '../model/case.js';
import type { RawRun } from '../model/raw-run.js';
import { REQUIREMENT_IDS } from '../model/requirements.js';
import { mixedCase } from '../simulator/__fixtures__/cases.js';
import { faultsOf, MUTANT_NAMES, PROFILE_NAMES, simulateRun, type SimRun } from '../simulator/index.js';
import { renderSim } from '../simulator/render.js';
import { observe } from './observe.js';
import { observeSimRun, simObservation } from './observe-sim.js';
import { observeRun } from './pod-observe.js';
import { createSimTarget } from './sim-target.js';

/** Generated cases of every kind the suite runs, plus the example table. */
function generatedCases(perRequirement: number): Case[] {
  const cases = fc.sample(caseArbitrary(), { numRuns: 150, seed: 11 });
  for (const [i, r] of REQUIREMENT_IDS.entries())
    cases.push(...fc.sample(arbitraryFor(r), { numRuns: perRequirement, seed: 100 + i }));
  return [...cases, ...EXAMPLES.map((e) => e.case)];
}

/** `raw` with its texts read once into a plain object, which only observe() can parse. */
const rendered = (raw: RawRun): RawRun => ({ ...raw, logs: { ...raw.logs } });

/**
 * Runs every case on `targetId`; expects the observation read off the
 * simulated run to equal (key order included) the one parsed from its
 * texts, and returns how many runs started and how many took the shortcut.
 */
async function compareOn(targetId: string, cases: readonly Case[]): Promise<{ started: number; direct: number }> {
  const target = createSimTarget(targetId);
  let started = 0;
  let direct = 0;
  for (const c of cases) {
    const raw = await target.run(c, { timeoutMs: 1000 });
    const parsed = observeRun(rendered(raw));
    const read = observeRun(raw);
    expect(JSON.stringify(read), `${targetId}: ${JSON.stringify(c)}`).toBe(JSON.stringify(parsed));
    if (parsed.outcome === 'started') started += 1;
    if (simObservation(raw) !== null) direct += 1;
  }
  return { started, direct };
}

describe('the observation read off a simulated run', () => {
  const cases = generatedCases(25);

  it.each(PROFILE_NAMES)('equals the one parsed from its texts on profile %s', async (profile) => {
    const { started, direct } = await compareOn(`sim:${profile}`, cases);
    // The shortcut covers the started single-container runs (pods are parsed from their texts).
    expect(started).toBeGreaterThan(50);
    expect(direct).toBeGreaterThan(started * 0.8);
  });

  it('equals the one parsed from its texts under every mutant', async () => {
    const few = generatedCases(2);
    for (const mutant of MUTANT_NAMES) await compareOn(`sim+mutant:${mutant}`, few);
    expect(faultsOf(MUTANT_NAMES[0] ?? null).size).toBeGreaterThan(0);
  });
});

/** The case root of the hand-made runs. */
const ROOT = '/case-root';

/** A plain RawRun of `run` on a chosen case root and container ID. */
function rawOf(run: SimRun, caseRoot: string, containerId: string): RawRun {
  const r = renderSim(run);
  return { ...r, hostChecks: [], caseRoot, containerId, wallMs: 1, timedOut: false };
}

/** {@link mixedCase} with its first mount at `destination` and its second mount's source renamed to `source`. */
function oddCase(destination: string, source = 'vol2'): Case {
  const c = mixedCase({ overlay2: 'none' });
  const [first, second, ...rest] = c.spec.mounts;
  if (first === undefined || second === undefined) throw new Error('mixedCase has five mounts');
  const mounts = [{ ...first, destination }, { ...second, source: `$ROOT/${source}` }, ...rest];
  const fixtures = [...c.fixtures, { path: source, kind: 'dir' as const }];
  return { ...c, spec: { ...c.spec, mounts }, fixtures };
}

describe('observeSimRun on odd paths', () => {
  const odd = [
    '/da ta',
    '/t\tab',
    '/new\nline',
    '/back\\slash',
    '/oct\\040al',
    '/caf\u00e9',
    '/cr\r',
    '/ls\u2028x',
    '/nb\u00a0sp',
    '/-',
  ];

  it.each(PROFILE_NAMES)('reads them as the texts do, or leaves them to observe() (profile %s)', (profile) => {
    const readDirectly: string[] = [];
    for (const destination of odd) {
      for (const source of ['vol2', 'v l\t2', 'v\nl2', 'sim/x']) {
        const c = oddCase(destination, source);
        const run = simulateRun(c, { profile, caseRoot: ROOT, containerId: 'dfc-x' });
        const raw = rawOf(run, ROOT, 'dfc-x');
        const parsed = observe(raw);
        const direct = observeSimRun(run, raw);
        if (direct !== null) readDirectly.push(destination);
        const read = direct ?? parsed;
        expect(JSON.stringify(read), `${profile} ${JSON.stringify(destination)} ${source}`).toBe(
          JSON.stringify(parsed),
        );
      }
    }
    // Mangled mount points (space, tab, newline, backslash) and plain non-ASCII ones are read directly.
    if (profile !== 'legacy')
      expect(readDirectly).toEqual(expect.arrayContaining(['/da ta', '/t\tab', '/back\\slash']));
  });

  it('reads escaped mount points back unescaped', () => {
    const run = simulateRun(oddCase('/da ta\\x'), { profile: 'modern', caseRoot: ROOT, containerId: 'dfc-x' });
    const obs = observeSimRun(run, rawOf(run, ROOT, 'dfc-x'));
    expect(obs?.mounts.map((m) => m.mountPoint)).toContain('/da ta\\x');
  });

  it('leaves a mount point holding the case root, and a line break in a log message, to observe()', () => {
    const rooted = simulateRun(oddCase(`${ROOT}/x`), { profile: 'modern', caseRoot: ROOT, containerId: 'dfc-x' });
    expect(observeSimRun(rooted, rawOf(rooted, ROOT, 'dfc-x'))).toBeNull();
    const plain = simulateRun(oddCase('/x'), { profile: 'modern', caseRoot: ROOT, containerId: 'dfc-x' });
    expect(observeSimRun(plain, rawOf(plain, ROOT, 'dfc-x'))?.outcome).toBe('started');
    const broken = {
      ...plain,
      logs: { ...plain.logs, run: [...plain.logs.run, { ...plainLine(plain), text: 'a\nb' }] },
    };
    expect(observeSimRun(broken, rawOf(broken, ROOT, 'dfc-x'))).toBeNull();
  });

  it('leaves a run that did not start to observe()', () => {
    const c = {
      ...mixedCase(),
      flags: { ...mixedCase().flags, fileAccess: 'shared' as const, overlay2: 'root:memory' as const },
    };
    const run = simulateRun(c, { profile: 'modern', caseRoot: ROOT, containerId: 'dfc-x' });
    expect(run.exitCode).not.toBe(0);
    expect(observeSimRun(run, rawOf(run, ROOT, 'dfc-x'))).toBeNull();
  });
});

/** The first run-log line of `run`. */
function plainLine(run: SimRun): SimRun['logs']['run'][number] {
  const line = run.logs.run[0];
  if (line === undefined) throw new Error('a started run logs its arguments');
  return line;
}
