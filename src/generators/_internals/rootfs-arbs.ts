/** Arbitraries of rootfs hint drafts (reference §3.2). */
import fc from 'fast-check';
import type { RootfsHintDraft } from './drafts.js';
import { nullable, weightedConstant, weightedOf } from './choice.js';
import { DIRECTFS_WEIGHTS, anyDirectfs, invalidDirectfs } from './hint-arbs.js';

/** A complete rootfs hint (`$ROOT/rootfs`, `bind`) with `directfs` from `directfs`; overlay absent most often (root 9p visible). */
export function completeRootfsHint(directfs: fc.Arbitrary<string | null>): fc.Arbitrary<RootfsHintDraft> {
  return fc.record({
    source: fc.constant('abs' as const),
    type: fc.constant('bind' as const),
    overlay: nullable(fc.constantFrom('memory' as const, 'self' as const), 3, 2),
    options: nullable(fc.constant('size=1m' as const), 4, 1),
    directfs,
    unknownKey: fc.constant(false),
  });
}

/**
 * A rootfs hint that is fatal because of `directfs` (DFS-ROOTFS-ERRORS): a
 * complete hint with an invalid value, or a `directfs` key without source and/or type.
 */
export function rootfsDirectfsErrorHint(): fc.Arbitrary<RootfsHintDraft> {
  const invalidValue = completeRootfsHint(invalidDirectfs);
  const missing = fc
    .record({
      drop: fc.constantFrom('both' as const, 'source' as const, 'type' as const),
      hint: completeRootfsHint(anyDirectfs),
    })
    .map(({ drop, hint }): RootfsHintDraft => ({
      ...hint,
      source: drop === 'type' ? hint.source : null,
      type: drop === 'source' ? hint.type : null,
    }));
  return weightedOf([missing, 3], [invalidValue, 2]);
}

/** A rootfs hint without `directfs` that is fatal for another reason (reference §3.2: overlay none, unknown key, bad options, relative source, bad type). */
export function malformedRootfsHint(): fc.Arbitrary<RootfsHintDraft> {
  return fc
    .record({
      base: completeRootfsHint(fc.constant(null)),
      flaw: fc.constantFrom('overlay-none', 'unknown-key', 'bad-options', 'relative-source', 'bad-type'),
    })
    .map(({ base, flaw }): RootfsHintDraft => {
      switch (flaw) {
        case 'overlay-none':
          return { ...base, overlay: 'none' };
        case 'unknown-key':
          return { ...base, unknownKey: true };
        case 'bad-options':
          return { ...base, options: 'foo=bar' };
        case 'relative-source':
          return { ...base, source: 'relative' };
        default:
          return { ...base, type: 'invalid' };
      }
    });
}

/** Any rootfs hint, every field independently optional, each a flat choice with `null` first (caseArbitrary). */
export function anyRootfsHint(): fc.Arbitrary<RootfsHintDraft> {
  return fc.record({
    source: weightedConstant<'abs' | 'relative' | null>([null, 1], ['abs', 8], ['relative', 1]),
    type: weightedConstant<'bind' | 'erofs' | 'invalid' | null>([null, 2], ['bind', 12], ['erofs', 1], ['invalid', 1]),
    overlay: weightedConstant<'memory' | 'self' | 'none' | null>([null, 6], ['memory', 2], ['self', 2], ['none', 1]),
    options: weightedConstant<'size=1m' | 'size' | 'foo=bar' | null>(
      [null, 16],
      ['size=1m', 4],
      ['size', 1],
      ['foo=bar', 1],
    ),
    directfs: weightedConstant<string | null>([null, 12], ...DIRECTFS_WEIGHTS),
    unknownKey: weightedConstant([false, 15], [true, 1]),
  });
}
