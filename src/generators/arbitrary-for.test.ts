import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Case } from '../model/case.js';
import { REQUIREMENT_IDS, type RequirementId } from '../model/requirements.js';
import { isGoferCandidate, planWorkload, staysInsideCaseRoot } from '../probe/plan.js';
import {
  hasDuplicateSurvivors,
  hasFlakyDrop,
  hintMatches,
  hintSurvivesFields,
  hostPathsOf,
  optedOutMounts,
  parseMountHints,
  rootfsHintFields,
  survivingHints,
} from './_internals/case-facts.js';
import { arbitraryFor } from './arbitrary-for.js';
import { hasDirectfsKeys } from '../model/transforms.js';
import { claimGlobOf } from '../model/vendor-claim.js';

const SENTRY_TYPES = ['tmpfs', 'proc', 'sysfs', 'devpts', 'none'];
const directfsOn = (c: Case): boolean => c.flags.directfs !== false;
const gofers = (c: Case) => c.spec.mounts.filter(isGoferCandidate);
const isSentryTmpfsHint = (h: Record<string, string>): boolean =>
  h.type === 'tmpfs' && (h.share === 'container' || h.share === 'pod');

/** When each requirement is applicable to a case, straight from the requirement sentences. */
const APPLICABLE: Record<RequirementId, (c: Case) => boolean> = {
  'DFS-OPT-OUT': (c) => directfsOn(c) && optedOutMounts(c).length > 0,
  'DFS-KEEP': (c) => {
    const opted = optedOutMounts(c);
    return (
      directfsOn(c) &&
      parseMountHints(c).hints.size > 0 &&
      !parseMountHints(c).fatal &&
      gofers(c).some((m) => !opted.includes(m))
    );
  },
  'DFS-ONLY-TOKEN': (c) => directfsOn(c) && hasDirectfsKeys(c) && gofers(c).length > 0 && !parseMountHints(c).fatal,
  'DFS-GLOBAL-OFF': (c) => c.flags.directfs === false && hasDirectfsKeys(c) && gofers(c).length > 0,
  'DFS-NON-GOFER': (c) => {
    const sentryMount = c.spec.mounts.some((m) => !isGoferCandidate(m) && SENTRY_TYPES.includes(m.type ?? ''));
    const converted = survivingHints(c).some(
      (h) => isSentryTmpfsHint(h) && c.spec.mounts.some((m) => hintMatches(h, m)),
    );
    return (sentryMount || converted) && hasDirectfsKeys(c);
  },
  'DFS-ROOTFS-OPT-OUT': (c) => {
    const r = rootfsHintFields(c);
    return (
      r !== null && r.source === '$ROOT/rootfs' && r.type === 'bind' && r.directfs === 'off' && r.overlay !== 'none'
    );
  },
  'DFS-ROOTFS-ERRORS': (c) => {
    const r = rootfsHintFields(c);
    return (
      r !== null &&
      r.directfs !== undefined &&
      (!['off', 'default'].includes(r.directfs) || r.source === undefined || r.type === undefined)
    );
  },
  'DFS-MOUNT-INVALID-VALUE': (c) =>
    directfsOn(c) &&
    survivingHints(c).some(
      (h) =>
        h.directfs !== undefined &&
        !['off', 'default'].includes(h.directfs) &&
        gofers(c).some((m) => hintMatches(h, m)),
    ),
  'DFS-WORKLOAD': (c) => planWorkload(c).length > 0 && !parseMountHints(c).fatal,
  'DFS-APP-EQUIV': (c) => {
    const opted = optedOutMounts(c);
    return directfsOn(c) && planWorkload(c).some((p) => opted.includes(c.spec.mounts[p.index]!));
  },
  'DFS-DEFAULT-UNCHANGED': (c) => !hasDirectfsKeys(c),
  'DFS-POD-HINTS': (c) => c.pod !== undefined,
  'DFS-POD-START': (c) => c.pod !== undefined,
  'DFS-HINT-GRAMMAR': (c) => {
    const p = parseMountHints(c);
    const dropped = [...p.hints.values()].some((h) => !hintSurvivesFields(h));
    const unknown = [...p.hints.values()].some((h) =>
      Object.keys(h).some((k) => !['source', 'type', 'share', 'options', 'directfs'].includes(k)),
    );
    const ignored = Object.keys(c.spec.annotations).some((k) => k.startsWith('Dev.'));
    const r = rootfsHintFields(c);
    return p.fatal || dropped || unknown || ignored || hasDuplicateSurvivors(c) || (r !== null && r.overlay === 'none');
  },
  'DFS-VENDOR-OPT-OUT': (c) => claimGlobOf(c.spec.annotations) !== null && gofers(c).length > 0,
  'DFS-VENDOR-KEEP': (c) => claimGlobOf(c.spec.annotations) !== null && directfsOn(c) && gofers(c).length > 0,
};

/** Shapes that fail start for reasons unrelated to directfs (found with real runsc or cited in reference §2.3, §8). */
function unrelatedFailure(c: Case): string | null {
  const depth = (d: string) => d.split('/').filter(Boolean).length;
  const ms = c.spec.mounts;
  for (let i = 0; i < ms.length; i++) {
    for (let j = i + 1; j < ms.length; j++)
      if (depth(ms[j]!.destination) < depth(ms[i]!.destination)) return 'nested mount before its parent';
    if ((ms[i]!.options ?? []).some((o) => o === 'shared' || o === 'rshared' || o === 'a=b=c')) return 'bad option';
    if (ms[i]!.destination === '/dev/pts' && isGoferCandidate(ms[i]!)) return 'bind at /dev/pts';
  }
  for (const h of survivingHints(c)) {
    if (h.type !== 'bind' || (h.share !== 'container' && h.share !== 'pod')) continue;
    const matched = gofers(c).filter((m) => hintMatches(h, m));
    if (matched.some((m) => (m.options ?? []).includes('ro'))) return 'self overlay on a read-only mount';
    if (matched.length > 1) return 'two self overlays of one source';
  }
  if (c.flags.fileAccess === 'shared' && c.flags.overlay2 !== 'none') return 'file-access shared with overlay';
  return null;
}

describe('arbitraryFor', () => {
  describe.each(REQUIREMENT_IDS)('%s', (id) => {
    const cases = fc.sample(arbitraryFor(id), { numRuns: 500, seed: 1234 });

    it('is applicable in at least 60% of 500 cases', () => {
      const share = cases.filter(APPLICABLE[id]).length / cases.length;
      expect(share).toBeGreaterThanOrEqual(0.6);
    });

    it('avoids start failures unrelated to directfs and the flaky hint pair', () => {
      for (const c of cases) {
        expect(unrelatedFailure(c)).toBeNull();
        expect(hasFlakyDrop(c)).toBe(false);
      }
    });

    it('keeps host paths inside the case root and never sets a flag annotation', () => {
      for (const c of cases) {
        for (const p of hostPathsOf(c)) expect(staysInsideCaseRoot(p)).toBe(true);
        expect(Object.keys(c.spec.annotations).filter((k) => k.startsWith('dev.gvisor.flag.'))).toEqual([]);
      }
    });

    it('is deterministic by seed', () => {
      expect(JSON.stringify(fc.sample(arbitraryFor(id), { numRuns: 50, seed: 99 }))).toBe(
        JSON.stringify(fc.sample(arbitraryFor(id), { numRuns: 50, seed: 99 })),
      );
    });
  });

  it('starts on a modern runsc in most focused cases (directfs flag unset or true outside DFS-GLOBAL-OFF and DFS-WORKLOAD)', () => {
    for (const id of REQUIREMENT_IDS.filter(
      (r) =>
        r !== 'DFS-GLOBAL-OFF' &&
        r !== 'DFS-WORKLOAD' &&
        r !== 'DFS-DEFAULT-UNCHANGED' &&
        r !== 'DFS-VENDOR-OPT-OUT' &&
        // Pod cases vary the global --directfs on purpose (it and the per-container override decide their mounts).
        !r.startsWith('DFS-POD-'),
    )) {
      const cases = fc.sample(arbitraryFor(id), { numRuns: 200, seed: 5 });
      expect(cases.every(directfsOn)).toBe(true);
    }
  });

  it('the applicability predicates can fail', () => {
    const plain: Case = {
      flags: { directfs: null, overlay2: null, fileAccess: null, fileAccessMounts: null },
      spec: { root: { path: 'rootfs', readonly: false }, mounts: [], annotations: {} },
      fixtures: [],
    };
    const notApplicable = REQUIREMENT_IDS.filter((id) => !APPLICABLE[id](plain));
    expect(notApplicable).toEqual(REQUIREMENT_IDS.filter((id) => id !== 'DFS-DEFAULT-UNCHANGED'));
  });
});
