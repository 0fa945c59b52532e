/**
 * Drafts: the shrinkable, index-based shape of a case that the arbitraries
 * draw. A draft refers to mounts and fixtures by small integers, so removing a
 * mount while shrinking never leaves a dangling reference; `assemble.ts` turns
 * a draft into a Case.
 */
import type { RunscFlags } from '../../model/case.js';
import type { HintShare, HintType } from './vocabulary.js';

/** Spec mount shapes. The `odd-*` shapes are known to fail start for reasons unrelated to directfs (reference §8). */
export const MOUNT_SHAPES = [
  'bind-dir',
  'bind-dir-ro',
  'bind-file',
  'bind-file-ro',
  'rbind-notype',
  'tmpfs',
  'proc',
  'sysfs',
  'devpts',
  'mqueue',
  'none',
  'odd-devpts-bind',
  'odd-shared-option',
  'odd-bad-option',
] as const;
export type MountShape = (typeof MOUNT_SHAPES)[number];

/** One spec mount. */
export interface MountDraft {
  shape: MountShape;
  /** Fixture slot (mod the pool size of the shape's fixture kind). */
  slot: number;
  /** Destination slot (mod the shape's destination pool). */
  dest: number;
  /** Which options list of the shape (mod the shape's variants). */
  variant: number;
  /** Write the source relative to the bundle (`vol1`) instead of `$ROOT/vol1`. */
  relative: boolean;
}

/** Which spec mounts a hint's `mount` reference may pick from. */
export type MountPool = 'any' | 'gofer' | 'gofer-dir' | 'tmpfs-target';

/** How a mount hint's source is written. */
export type HintSourceDraft =
  /** The (absolutized) source of a spec mount, exactly or with a non-matching spelling (reference §3.1 matching). */
  | { ref: 'mount'; pool: MountPool; index: number; spelling: 'exact' | 'slash' | 'double-slash' | 'relative' }
  /** A path inside the case root that no mount uses. */
  | { ref: 'unused' }
  /** The empty string (`source cannot be empty`). */
  | { ref: 'empty' };

/** One mount hint `dev.gvisor.spec.mount.<NAME>.*`; a null field means the key is absent. */
export interface HintDraft {
  source: HintSourceDraft | null;
  type: HintType | null;
  share: HintShare | null;
  options: string | null;
  directfs: string | null;
  /** Adds the unknown key `DirectFS` (a per-key warning, reference §3.1). */
  unknownKey: boolean;
}

/** The rootfs hint `dev.gvisor.spec.rootfs.*` (reference §3.2); a null field means the key is absent. */
export interface RootfsHintDraft {
  /** `abs` = `$ROOT/rootfs`, `relative` = `rootfs` (fatal). */
  source: 'abs' | 'relative' | null;
  type: 'bind' | 'erofs' | 'invalid' | null;
  /** `none` is fatal. */
  overlay: 'memory' | 'self' | 'none' | null;
  /** `size=1m` is valid; `size` (no `=`) and `foo=bar` are fatal. */
  options: 'size=1m' | 'size' | 'foo=bar' | null;
  directfs: string | null;
  /** Adds the unknown key `DirectFS` (fatal for the rootfs hint). */
  unknownKey: boolean;
}

/** Annotations outside the per-hint grammar (reference §3.1 key shape, §8 values/keys). */
export const EXTRA_ANNOTATIONS = [
  'dotted-name',
  'dotted-key',
  'empty-name',
  'keyless',
  'ignored-prefix',
  'unrelated',
] as const;
export type ExtraAnnotation = (typeof EXTRA_ANNOTATIONS)[number];

/** Which start-failure shapes the assembly removes. */
export interface SanitizePolicy {
  /** Two surviving hints with one source (fatal): redirect the later one to an unused source. */
  uniqueSurvivingSources: boolean;
  /**
   * Remove start failures unrelated to directfs: a nested gofer mount listed
   * before its parent, a repeated (destination, source) mount, two non-shared
   * self overlays of one source, a self overlay on a read-only mount, and
   * `--file-access=shared` with an overlay (see `sanitize.ts`).
   */
  avoidUnrelatedFailures: boolean;
}

/** A whole case before assembly. */
export interface CaseDraft {
  flags: RunscFlags;
  rootReadonly: boolean;
  mounts: MountDraft[];
  hints: HintDraft[];
  rootfsHint: RootfsHintDraft | null;
  extras: ExtraAnnotation[];
  sanitize: SanitizePolicy;
}
