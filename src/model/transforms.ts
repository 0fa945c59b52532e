/**
 * Pure case-to-case transforms used by metamorphic oracles and by the runner
 * to build paired cases.
 */
import type { Case, OciMount } from './case.js';
import { InternalError } from './errors.js';
import {
  MOUNT_HINT_PREFIX,
  ROOTFS_HINT_PREFIX,
  collectMountHints,
  isCompleteHint,
  isDirectfsKey,
  readMountHintKey,
} from './hint-keys.js';

/** Whether each case object has directfs keys: the runner asks once per requirement and derived run. */
const HAS_DIRECTFS_KEYS = new WeakMap<Case, boolean>();

/** True when the case has at least one `directfs` annotation key (memoised per case object). */
export function hasDirectfsKeys(c: Case): boolean {
  let has = HAS_DIRECTFS_KEYS.get(c);
  if (has === undefined) {
    has = Object.keys(c.spec.annotations).some(isDirectfsKey);
    HAS_DIRECTFS_KEYS.set(c, has);
  }
  return has;
}

/** Paired cases already built, per case object: the runner and several oracles ask for the same one. */
const WITHOUT_DIRECTFS_KEYS = new WeakMap<Case, Case>();

/**
 * The same case minus every `directfs` annotation key (the metamorphic baseline, reference §7 caveat).
 * Memoised per case object (cases are immutable values), so its observation and contract memos hit too.
 */
export function withoutDirectfsKeys(c: Case): Case {
  const known = WITHOUT_DIRECTFS_KEYS.get(c);
  if (known !== undefined) return known;
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(c.spec.annotations)) if (!isDirectfsKey(k)) annotations[k] = v;
  const paired: Case = { ...c, spec: { ...c.spec, annotations } };
  WITHOUT_DIRECTFS_KEYS.set(c, paired);
  return paired;
}

/**
 * The same case with `directfs: default` added to every complete mount hint
 * (non-empty source, valid type and share) that has no `directfs` key: the
 * metamorphic relation `default ≡ absent` (reference §3.1). With
 * `includeRootfs`, a rootfs hint with source and type gets one too (§3.2).
 */
export function withDefaultForAbsent(c: Case, options: { includeRootfs?: boolean } = {}): Case {
  const annotations = { ...c.spec.annotations };
  for (const [name, f] of collectMountHints(c.spec.annotations).hints) {
    if (isCompleteHint(f) && f.directfs === undefined) annotations[`${MOUNT_HINT_PREFIX}${name}.directfs`] = 'default';
  }
  if (options.includeRootfs === true) {
    const r = (k: string): string | undefined => c.spec.annotations[`${ROOTFS_HINT_PREFIX}${k}`];
    if (r('source') !== undefined && r('type') !== undefined && r('directfs') === undefined)
      annotations[`${ROOTFS_HINT_PREFIX}directfs`] = 'default';
  }
  return { ...c, spec: { ...c.spec, annotations } };
}

/**
 * The same case with every well-formed mount hint NAME renamed to NAME+suffix,
 * keeping annotation order (hint names carry no meaning, reference §3.1).
 * Malformed keys (dotted, empty or missing name) are left as they are.
 */
export function renameHintNames(c: Case, suffix: string): Case {
  if (!/^[A-Za-z0-9_-]*$/.test(suffix))
    throw new InternalError(`renameHintNames: suffix ${JSON.stringify(suffix)} must match [A-Za-z0-9_-]*`);
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(c.spec.annotations)) {
    const p = readMountHintKey(k);
    annotations[p.kind === 'hint' ? `${MOUNT_HINT_PREFIX}${p.name}${suffix}.${p.field}` : k] = v;
  }
  return { ...c, spec: { ...c.spec, annotations } };
}

function checkPermutation(order: readonly number[], length: number, what: string): void {
  const seen = new Set(order);
  if (
    order.length !== length ||
    seen.size !== length ||
    order.some((i) => !Number.isInteger(i) || i < 0 || i >= length)
  ) {
    throw new InternalError(`${what}: order ${JSON.stringify(order)} is not a permutation of 0..${length - 1}`);
  }
}

/** The same case with its annotations in the order `order` (new position i holds old entry order[i]); runsc reads them as a map. */
export function permuteAnnotations(c: Case, order: readonly number[]): Case {
  const entries = Object.entries(c.spec.annotations);
  checkPermutation(order, entries.length, 'permuteAnnotations');
  const annotations: Record<string, string> = {};
  for (const i of order) {
    const [k, v] = entries[i] as [string, string];
    annotations[k] = v;
  }
  return { ...c, spec: { ...c.spec, annotations } };
}

/**
 * The same case with its spec mounts in the order `order` (new position i
 * holds old mount order[i]). The caller ensures no destination nests in or
 * equals another: spec order decides stacking and gofer mount order.
 */
export function permuteMounts(c: Case, order: readonly number[]): Case {
  checkPermutation(order, c.spec.mounts.length, 'permuteMounts');
  return { ...c, spec: { ...c.spec, mounts: order.map((i) => c.spec.mounts[i] as OciMount) } };
}
