/**
 * A profile says how each part of a case draft is drawn; `caseFromProfile`
 * turns it into an Arbitrary<Case>. Required parts are drawn as fixed tuples
 * (they never shrink away), optional parts as short lists.
 */
import fc from 'fast-check';
import type { Case, RunscFlags } from '../../model/case.js';
import { assemble } from './assemble.js';
import { weightedConstant, withPrefix } from './choice.js';
import type { ExtraAnnotation, HintDraft, MountDraft, RootfsHintDraft, SanitizePolicy } from './drafts.js';

/** Removes every start-failure shape a focused arbitrary must avoid. */
export const STRICT: SanitizePolicy = { uniqueSurvivingSources: true, avoidUnrelatedFailures: true };
/** Keeps duplicate surviving sources (a grammar case) but nothing unrelated to hints. */
export const DUPLICATES_ALLOWED: SanitizePolicy = { ...STRICT, uniqueSurvivingSources: false };
/** Only the always-on guard (no flaky dropped+valid pair). */
export const LOOSE: SanitizePolicy = { uniqueSurvivingSources: false, avoidUnrelatedFailures: false };

/** Hints and extra annotations drawn together (a grammar malformation). */
export interface AnnotationBundle {
  hints: HintDraft[];
  extras: ExtraAnnotation[];
}

/** How each part of a draft is drawn. */
export interface Profile {
  flags: fc.Arbitrary<RunscFlags>;
  rootReadonly?: fc.Arbitrary<boolean>;
  requiredMounts?: readonly fc.Arbitrary<MountDraft>[];
  mounts: fc.Arbitrary<MountDraft[]>;
  requiredHints?: readonly fc.Arbitrary<HintDraft>[];
  hints: fc.Arbitrary<HintDraft[]>;
  /** Drawn before the other hints; its extras go after them. */
  bundle?: fc.Arbitrary<AnnotationBundle>;
  rootfsHint?: fc.Arbitrary<RootfsHintDraft | null>;
  extras?: fc.Arbitrary<ExtraAnnotation[]>;
  sanitize?: fc.Arbitrary<SanitizePolicy>;
}

const NO_BUNDLE: fc.Arbitrary<AnnotationBundle> = fc.constant({ hints: [], extras: [] });

/** The arbitrary of cases a profile describes. */
export function caseFromProfile(p: Profile): fc.Arbitrary<Case> {
  return fc
    .record({
      flags: p.flags,
      rootReadonly: p.rootReadonly ?? weightedConstant([false, 4], [true, 1]),
      mounts: withPrefix(p.requiredMounts ?? [], p.mounts),
      bundle: p.bundle ?? NO_BUNDLE,
      hints: withPrefix(p.requiredHints ?? [], p.hints),
      rootfsHint: p.rootfsHint ?? fc.constant(null),
      extras: p.extras ?? fc.constant([]),
      sanitize: p.sanitize ?? fc.constant(STRICT),
    })
    .map(({ bundle, hints, extras, ...rest }) =>
      assemble({ ...rest, hints: [...bundle.hints, ...hints], extras: [...extras, ...bundle.extras] }),
    );
}
