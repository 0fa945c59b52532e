import { describe, expect, it } from 'vitest';
import { ROOT_TOKEN } from '../model/case.js';
import { fixtureKind } from '../model/resolve.js';
import { REQUIREMENT_IDS } from '../model/requirements.js';
import { isGoferCandidate, staysInsideCaseRoot } from '../probe/plan.js';
import { hasFlakyDrop, hostPathsOf, optedOutMounts, rootfsHintFields } from './_internals/case-facts.js';
import { EXAMPLES } from './examples.js';
import { hasDirectfsKeys } from '../model/transforms.js';

describe('EXAMPLES', () => {
  it('has unique kebab-case names', () => {
    const names = EXAMPLES.map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('covers every requirement', () => {
    const covered = new Set(EXAMPLES.map((e) => e.requirement));
    expect(REQUIREMENT_IDS.filter((id) => !covered.has(id))).toEqual([]);
  });

  it('keeps host paths inside the case root, backs gofer sources with fixtures, has no flaky pair or flag annotation', () => {
    for (const { name, case: c } of EXAMPLES) {
      for (const p of hostPathsOf(c)) expect(staysInsideCaseRoot(p), `${name}: ${p}`).toBe(true);
      for (const m of c.spec.mounts.filter(isGoferCandidate)) {
        const src = m.source ?? '';
        const rel = src.startsWith(ROOT_TOKEN) ? src.slice(ROOT_TOKEN.length + 1) : src;
        expect(fixtureKind(c, rel), `${name}: ${src}`).not.toBe('missing');
      }
      expect(hasFlakyDrop(c), name).toBe(false);
      expect(
        Object.keys(c.spec.annotations).some((k) => k.startsWith('dev.gvisor.flag.')),
        name,
      ).toBe(false);
    }
  });

  it('matches its requirement: opt-out rows opt a mount out, unchanged rows have no directfs key, rootfs rows have a rootfs directfs key', () => {
    for (const { name, requirement, case: c } of EXAMPLES) {
      if (requirement === 'DFS-OPT-OUT' || requirement === 'DFS-APP-EQUIV')
        expect(optedOutMounts(c).length, name).toBeGreaterThan(0);
      if (requirement === 'DFS-DEFAULT-UNCHANGED' || requirement === 'DFS-HINT-GRAMMAR')
        expect(hasDirectfsKeys(c), name).toBe(false);
      if (requirement === 'DFS-GLOBAL-OFF') expect(c.flags.directfs, name).toBe(false);
      if (requirement.startsWith('DFS-ROOTFS')) expect(rootfsHintFields(c)?.directfs, name).toBeDefined();
    }
  });
});
