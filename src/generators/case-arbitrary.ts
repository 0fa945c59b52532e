/**
 * The general case arbitrary: every mount shape, hint field, value and flag
 * the suite knows, including (rarely) shapes that fail start for reasons
 * unrelated to directfs. Shrinks toward fewer mounts, fewer hints, absent fields.
 */
import fc from 'fast-check';
import type { Case } from '../model/case.js';
import { nullable, shortList, weightedConstant } from './_internals/choice.js';
import { EXTRA_ANNOTATIONS } from './_internals/drafts.js';
import { directfsAnyArb, overlayAnyArb, flagsArb } from './_internals/flag-arbs.js';
import { anyHint } from './_internals/hint-arbs.js';
import { ALL_SHAPES, mountDraftArb } from './_internals/mount-arbs.js';
import { DUPLICATES_ALLOWED, LOOSE, STRICT, caseFromProfile } from './_internals/profile.js';
import { anyRootfsHint } from './_internals/rootfs-arbs.js';

/** Options of {@link caseArbitrary}. */
export interface CaseArbitraryOptions {
  /** Most spec mounts per case (0–4, default 4). */
  maxMounts?: number;
  /** Most mount hints per case (0–4, default 4). */
  maxHints?: number;
  /** Whether start-failure shapes unrelated to directfs may appear (default true, rarely). */
  startFailureShapes?: boolean;
}

function clampCount(n: number | undefined): number {
  return Math.max(0, Math.min(4, Math.floor(n ?? 4)));
}

/** Arbitrary of any single-container case (never a `dev.gvisor.flag.*` annotation). */
export function caseArbitrary(options: CaseArbitraryOptions = {}): fc.Arbitrary<Case> {
  const wild = options.startFailureShapes ?? true;
  const shapes = wild ? ALL_SHAPES : ALL_SHAPES.filter(([s]) => !s.startsWith('odd-'));
  return caseFromProfile({
    flags: flagsArb(directfsAnyArb, overlayAnyArb),
    mounts: shortList(mountDraftArb(shapes), clampCount(options.maxMounts)),
    hints: shortList(anyHint(), clampCount(options.maxHints)),
    rootfsHint: nullable(anyRootfsHint(), 4, 1),
    extras: nullable(shortList(fc.constantFrom(...EXTRA_ANNOTATIONS), 2, 1), 12, 1).map((x) => x ?? []),
    sanitize: wild
      ? weightedConstant([STRICT, 6], [DUPLICATES_ALLOWED, 3], [LOOSE, 1])
      : weightedConstant([STRICT, 3], [DUPLICATES_ALLOWED, 1]),
  });
}
