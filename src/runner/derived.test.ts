import { describe, expect, it } from 'vitest';
import { createSimTarget } from '../harness/sim-target.js';
import { caseOf, hint } from '../oracles/__fixtures__/kit.js';
import { REQUIREMENT_IDS } from '../model/requirements.js';
import { permuteMounts, withoutDirectfsKeys } from '../model/transforms.js';
import { caseRunsFor, ObservationCache, type Evaluator } from './evaluate.js';
import { judgeDerived } from './derived.js';

const evaluator = (reference: boolean): Evaluator => ({
  subject: new ObservationCache(createSimTarget('sim'), 10_000),
  reference: reference ? new ObservationCache(createSimTarget('sim:prefeature'), 10_000) : null,
});

const bind = (destination: string, source: string) => ({ destination, type: 'bind', source, options: ['rbind'] });

describe('runs made for a case', () => {
  it('a case with directfs keys runs paired and variants (each with its paired run), never on the pre-feature build', async () => {
    const ev = evaluator(true);
    const c = caseOf([bind('/a', '$ROOT/vol1'), bind('/b', '$ROOT/vol2')], hint('h', '$ROOT/vol1', 'off'));
    const runs = await caseRunsFor(ev, c, REQUIREMENT_IDS, 'case', ['DFS-OPT-OUT']);
    const variants = runs.context.variants?.length ?? 0;
    expect(ev.subject.runs.paired).toBe(1 + variants);
    expect(ev.subject.runs.variant).toBe(variants);
    expect(ev.reference?.runs.reference).toBe(0);
    expect(runs.context.reference).toBeNull();
    expect(runs.context.paired.kind).toBe('observed');
    expect(runs.derived.length).toBe(1 + 2 * variants);
    expect(variants).toBeGreaterThan(0);
  });

  it('a case without keys runs on the pre-feature build; one whose run decides no paired verdict gets no paired run', async () => {
    const ev = evaluator(true);
    const plain = caseOf([bind('/a', '$ROOT/vol1')]);
    expect((await caseRunsFor(ev, plain, REQUIREMENT_IDS)).context.reference).not.toBeNull();
    // An invalid rootfs value is fatal: no oracle compares a start failure with the run without the key.
    const fatal = caseOf([bind('/a', '$ROOT/vol1')], { 'dev.gvisor.spec.rootfs.directfs': 'bogus' });
    const runs = await caseRunsFor(ev, fatal, REQUIREMENT_IDS);
    expect(runs.context.obs.outcome).toBe('start-failed');
    expect(runs.context.paired.kind).toBe('not-run');
    expect(ev.subject.runs.paired).toBe(0);
  });
});

describe('judgeDerived', () => {
  it('judges the paired case as a case, once, by the requirements its context fully informs', async () => {
    const ev = evaluator(true);
    const c = caseOf([bind('/a', '$ROOT/vol1')], hint('h', '$ROOT/vol1', 'off'));
    const runs = await caseRunsFor(ev, c, REQUIREMENT_IDS, 'case', []);
    const judged = new Set<string>();
    const out = await judgeDerived(ev, runs.derived, REQUIREMENT_IDS, judged);
    expect(out.map((j) => j.case)).toEqual([withoutDirectfsKeys(c)]);
    const ids = out[0]?.verdicts.map((v) => v.requirement) ?? [];
    expect(ids).toContain('DFS-KEEP');
    // The paired case has no keys: it would be compared with the pre-feature build, which it was not run on.
    expect(ids).not.toContain('DFS-DEFAULT-UNCHANGED');
    expect(ids).not.toContain('DFS-HINT-GRAMMAR');
    expect(await judgeDerived(ev, runs.derived, REQUIREMENT_IDS, judged)).toEqual([]);
    // Without a reference target, every requirement judges it as it would a case of the stream.
    const alone = evaluator(false);
    const again = await caseRunsFor(alone, c, REQUIREMENT_IDS, 'case', []);
    const all = await judgeDerived(alone, again.derived, REQUIREMENT_IDS, new Set());
    expect(all[0]?.verdicts.length).toBe(REQUIREMENT_IDS.length);
  });

  it('a variant with keys whose paired case was never run is not judged by the oracles that read one', async () => {
    const ev = evaluator(false);
    const c = caseOf([bind('/a', '$ROOT/vol1'), bind('/b', '$ROOT/vol2')], {
      ...hint('h', '$ROOT/vol1', 'off'),
      ...hint('g', '$ROOT/vol2', 'on'),
    });
    await caseRunsFor(ev, c, REQUIREMENT_IDS, 'case', []);
    const reversed = permuteMounts(c, [1, 0]);
    const variants = [{ case: reversed, obs: await ev.subject.observe(reversed, 'variant') }];
    const out = await judgeDerived(ev, variants, REQUIREMENT_IDS, new Set());
    expect(out.length).toBe(1);
    for (const j of out) {
      const ids = j.verdicts.map((v) => v.requirement);
      for (const reader of ['DFS-OPT-OUT', 'DFS-ONLY-TOKEN', 'DFS-NON-GOFER', 'DFS-APP-EQUIV'])
        expect(ids).not.toContain(reader);
      expect(ids).toContain('DFS-WORKLOAD');
    }
  });
});
