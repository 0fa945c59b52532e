/**
 * One profile per requirement: biased so the requirement is applicable in
 * most cases and the case starts on a modern runsc (no start-failure shapes,
 * sanitized with STRICT unless duplicates are the point). Every case is judged
 * by every requirement, so the profiles of cases with directfs keys also mix
 * in what other requirements judge (keep hints, invalid values, a rootfs
 * opt-out) rather than leave those requirements not applicable.
 */
import fc from 'fast-check';
import type { RequirementId } from '../../model/requirements.js';
import { nullable, shortList, weightedConstant, weightedOf } from './choice.js';
import type { HintDraft } from './drafts.js';
import { directfsAnyArb, directfsOnArb, flagsArb, overlayAnyArb, overlayVisibleArb } from './flag-arbs.js';
import {
  GOFER_PAIRS,
  anyDirectfs,
  completeHint,
  droppedHint,
  exactRef,
  invalidDirectfs,
  keepHint,
  offHint,
  sentryTmpfsHint,
} from './hint-arbs.js';
import { FOCUSED_SHAPES, GOFER_DIR_SHAPES, GOFER_SHAPES, SENTRY_SHAPES, mountDraftArb } from './mount-arbs.js';
import { DUPLICATES_ALLOWED, type Profile } from './profile.js';
import { completeRootfsHint, malformedRootfsHint, rootfsDirectfsErrorHint } from './rootfs-arbs.js';
import { grammarBundle } from './grammar.js';

const goferMount = mountDraftArb(GOFER_SHAPES);
const focusedMounts = (max: number) => shortList(mountDraftArb(FOCUSED_SHAPES), max);
const gofersOrTmpfs = (max: number) => shortList(mountDraftArb([...GOFER_SHAPES, ['tmpfs', 2]]), max);

/** A hint that opts out, keeps, or converts to tmpfs: the mixture of DFS-ONLY-TOKEN. */
function mixedHint(): fc.Arbitrary<HintDraft> {
  return weightedOf(
    [offHint('gofer'), 3],
    [keepHint('gofer'), 3],
    [sentryTmpfsHint(fc.constant('off')), 1],
    [completeHint(exactRef('gofer'), GOFER_PAIRS, invalidDirectfs), 1],
  );
}

/** Mixed hints, and half the time first an invalid `directfs` value on another mount (not fatal: warned, ignored). */
function mixedHintsWithInvalid(max: number): fc.Arbitrary<HintDraft[]> {
  const invalid = nullable(completeHint(exactRef('gofer'), GOFER_PAIRS, invalidDirectfs), 1, 1);
  return fc.tuple(invalid, shortList(mixedHint(), max)).map(([i, rest]) => (i === null ? rest : [i, ...rest]));
}

/** A complete rootfs hint that does not fail: off, default, or no key. */
const benignRootfs = nullable(
  completeRootfsHint(weightedConstant<string | null>(['off', 2], ['default', 1], [null, 1])),
  5,
  1,
);

/**
 * A rootfs hint for cases that opt mounts out: off about half the time, so
 * the same run also judges the rootfs opt-out beside the mount ones.
 */
const sharedRootfs = nullable(
  completeRootfsHint(weightedConstant<string | null>(['off', 4], ['default', 1], [null, 1])),
  1,
  3,
);

/** The focused profile of each requirement. */
export const FOCUSED_PROFILES: Record<RequirementId, () => Profile> = {
  'DFS-OPT-OUT': () => ({
    flags: flagsArb(directfsOnArb, overlayVisibleArb),
    requiredMounts: [goferMount],
    mounts: focusedMounts(3),
    requiredHints: [offHint('gofer')],
    hints: mixedHintsWithInvalid(2),
    rootfsHint: sharedRootfs,
  }),
  'DFS-KEEP': () => ({
    flags: flagsArb(directfsOnArb, overlayVisibleArb),
    requiredMounts: [goferMount],
    mounts: focusedMounts(3),
    requiredHints: [keepHint('gofer')],
    hints: shortList(keepHint('gofer'), 2),
    rootfsHint: sharedRootfs,
  }),
  'DFS-ONLY-TOKEN': () => ({
    flags: flagsArb(directfsOnArb, overlayAnyArb),
    requiredMounts: [goferMount],
    mounts: focusedMounts(3),
    requiredHints: [completeHint(exactRef('gofer'), GOFER_PAIRS, anyDirectfs)],
    hints: mixedHintsWithInvalid(2),
    rootfsHint: sharedRootfs,
  }),
  'DFS-GLOBAL-OFF': () => ({
    flags: flagsArb(fc.constant(false), overlayVisibleArb),
    requiredMounts: [goferMount, goferMount, goferMount],
    mounts: focusedMounts(3),
    requiredHints: [completeHint(exactRef('gofer'), GOFER_PAIRS, weightedConstant(['off', 3], ['default', 1]))],
    hints: shortList(weightedOf([offHint('gofer'), 2], [keepHint('gofer'), 1]), 2),
    rootfsHint: benignRootfs,
  }),
  'DFS-NON-GOFER': () => ({
    flags: flagsArb(directfsOnArb, overlayAnyArb),
    requiredMounts: [mountDraftArb(SENTRY_SHAPES), mountDraftArb(GOFER_DIR_SHAPES)],
    mounts: focusedMounts(2),
    requiredHints: [sentryTmpfsHint(weightedOf([fc.constant('off'), 3], [anyDirectfs, 1])), offHint('gofer')],
    rootfsHint: sharedRootfs,
    hints: shortList(weightedOf([sentryTmpfsHint(anyDirectfs), 2], [offHint('gofer'), 1]), 2),
  }),
  'DFS-ROOTFS-OPT-OUT': () => ({
    flags: flagsArb(directfsOnArb, overlayAnyArb),
    requiredMounts: [goferMount],
    mounts: focusedMounts(3),
    requiredHints: [offHint('gofer')],
    hints: mixedHintsWithInvalid(2),
    rootfsHint: completeRootfsHint(fc.constant('off')),
  }),
  'DFS-ROOTFS-ERRORS': () => ({
    flags: flagsArb(directfsOnArb, overlayAnyArb),
    mounts: focusedMounts(3),
    hints: shortList(mixedHint(), 2),
    rootfsHint: rootfsDirectfsErrorHint(),
  }),
  'DFS-MOUNT-INVALID-VALUE': () => ({
    flags: flagsArb(directfsOnArb, overlayVisibleArb),
    requiredMounts: [goferMount],
    mounts: focusedMounts(3),
    requiredHints: [completeHint(exactRef('gofer'), GOFER_PAIRS, invalidDirectfs)],
    hints: shortList(mixedHint(), 2),
    rootfsHint: sharedRootfs,
  }),
  'DFS-WORKLOAD': () => ({
    flags: flagsArb(weightedConstant<boolean | null>([null, 3], [true, 2], [false, 1]), overlayAnyArb),
    requiredMounts: [goferMount],
    mounts: gofersOrTmpfs(3),
    hints: shortList(weightedOf([offHint('gofer'), 1], [keepHint('gofer'), 1]), 3),
    rootfsHint: sharedRootfs,
  }),
  'DFS-APP-EQUIV': () => ({
    flags: flagsArb(directfsOnArb, overlayAnyArb),
    requiredMounts: [goferMount],
    mounts: gofersOrTmpfs(3),
    requiredHints: [offHint('gofer')],
    hints: shortList(weightedOf([offHint('gofer'), 1], [keepHint('gofer'), 1]), 2),
    rootfsHint: sharedRootfs,
  }),
  'DFS-DEFAULT-UNCHANGED': () => ({
    flags: flagsArb(directfsAnyArb, overlayAnyArb),
    requiredMounts: Array.from({ length: 8 }, () => goferMount),
    mounts: focusedMounts(4),
    hints: shortList(
      weightedOf([keepHint('gofer'), 1], [sentryTmpfsHint(fc.constant(null)), 1]).map(withoutDirectfs),
      3,
    ),
    rootfsHint: nullable(completeRootfsHint(fc.constant(null)), 4, 1),
  }),
  'DFS-HINT-GRAMMAR': () => ({
    flags: flagsArb(directfsOnArb, overlayVisibleArb),
    requiredMounts: [goferMount],
    mounts: focusedMounts(3),
    bundle: grammarBundle(),
    hints: shortList(
      weightedOf([keepHint('gofer').map(withoutDirectfs), 3], [droppedHint('gofer', fc.constant(null)), 1]),
      2,
    ),
    rootfsHint: nullable(malformedRootfsHint(), 6, 1),
    sanitize: fc.constant(DUPLICATES_ALLOWED),
  }),
  // The vendor requirements' base cases; arbitraryFor adds the claim (src/generators/vendor-claims.ts).
  'DFS-VENDOR-OPT-OUT': () => ({
    flags: flagsArb(directfsAnyArb, overlayAnyArb),
    requiredMounts: [goferMount],
    mounts: focusedMounts(3),
    hints: shortList(mixedHint(), 2),
    rootfsHint: benignRootfs,
  }),
  'DFS-VENDOR-KEEP': () => ({
    flags: flagsArb(directfsOnArb, overlayVisibleArb),
    requiredMounts: [goferMount, goferMount],
    mounts: focusedMounts(2),
    requiredHints: [offHint('gofer')],
    hints: shortList(mixedHint(), 2),
  }),
  // Pod requirements draw pod cases (src/generators/pod-arbitrary.ts); these single-container profiles are unused.
  'DFS-POD-HINTS': () => FOCUSED_PROFILES['DFS-OPT-OUT'](),
  'DFS-POD-START': () => FOCUSED_PROFILES['DFS-OPT-OUT'](),
};

function withoutDirectfs(h: HintDraft): HintDraft {
  return { ...h, directfs: null };
}
