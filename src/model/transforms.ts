/**
 * Pure case-to-case transforms used by metamorphic oracles and by the runner
 * to build paired cases.
 */
import type { Case, OciMount } from '../model/case.js';
import { InternalError } from '../model/errors.js';

/** Annotation key prefixes of the two hint kinds (reference §3). */
export const MOUNT_HINT_PREFIX = 'dev.gvisor.spec.mount.';
export const ROOTFS_HINT_PREFIX = 'dev.gvisor.spec.rootfs.';

/** True for an annotation key that sets a `directfs` field of a mount or rootfs hint. */
export function isDirectfsKey(key: string): boolean {
  if (key === `${ROOTFS_HINT_PREFIX}directfs`) return true;
  if (!key.startsWith(MOUNT_HINT_PREFIX)) return false;
  const parts = key.slice(MOUNT_HINT_PREFIX.length).split('.');
  return parts.length === 2 && parts[1] === 'directfs';
}

/** True when the case has at least one `directfs` annotation key. */
export function hasDirectfsKeys(c: Case): boolean {
  return Object.keys(c.spec.annotations).some(isDirectfsKey);
}

/** The same case minus every `directfs` annotation key (the metamorphic baseline, reference §7 caveat). */
export function withoutDirectfsKeys(c: Case): Case {
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(c.spec.annotations)) if (!isDirectfsKey(k)) annotations[k] = v;
  return { ...c, spec: { ...c.spec, annotations } };
}

/** NAME and KEY of a well-formed mount hint key (reference §3.1: exactly two non-empty-name parts), else null. */
function mountHintParts(key: string): { name: string; field: string } | null {
  if (!key.startsWith(MOUNT_HINT_PREFIX)) return null;
  const parts = key.slice(MOUNT_HINT_PREFIX.length).split('.');
  if (parts.length !== 2 || parts[0] === '') return null;
  return { name: parts[0] as string, field: parts[1] as string };
}

const VALID_TYPES = new Set(['bind', 'tmpfs']);
const VALID_SHARES = new Set(['container', 'pod', 'shared']);

/**
 * The same case with `directfs: default` added to every complete mount hint
 * (non-empty source, valid type and share) that has no `directfs` key: the
 * metamorphic relation `default ≡ absent` (reference §3.1). With
 * `includeRootfs`, a rootfs hint with source and type gets one too (§3.2).
 */
export function withDefaultForAbsent(c: Case, options: { includeRootfs?: boolean } = {}): Case {
  const byName = new Map<string, Map<string, string>>();
  for (const [k, v] of Object.entries(c.spec.annotations)) {
    const p = mountHintParts(k);
    if (p === null) continue;
    const fields = byName.get(p.name) ?? new Map<string, string>();
    fields.set(p.field, v);
    byName.set(p.name, fields);
  }
  const annotations = { ...c.spec.annotations };
  for (const [name, f] of byName) {
    const complete = (f.get('source') ?? '') !== '' && VALID_TYPES.has(f.get('type') ?? '') && VALID_SHARES.has(f.get('share') ?? '');
    if (complete && !f.has('directfs')) annotations[`${MOUNT_HINT_PREFIX}${name}.directfs`] = 'default';
  }
  if (options.includeRootfs === true) {
    const r = (k: string): string | undefined => c.spec.annotations[`${ROOTFS_HINT_PREFIX}${k}`];
    if (r('source') !== undefined && r('type') !== undefined && r('directfs') === undefined) annotations[`${ROOTFS_HINT_PREFIX}directfs`] = 'default';
  }
  return { ...c, spec: { ...c.spec, annotations } };
}

/**
 * The same case with every well-formed mount hint NAME renamed to NAME+suffix,
 * keeping annotation order (hint names carry no meaning, reference §3.1).
 * Malformed keys (dotted, empty or missing name) are left as they are.
 */
export function renameHintNames(c: Case, suffix: string): Case {
  if (!/^[A-Za-z0-9_-]*$/.test(suffix)) throw new InternalError(`renameHintNames: suffix ${JSON.stringify(suffix)} must match [A-Za-z0-9_-]*`);
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(c.spec.annotations)) {
    const p = mountHintParts(k);
    annotations[p === null ? k : `${MOUNT_HINT_PREFIX}${p.name}${suffix}.${p.field}`] = v;
  }
  return { ...c, spec: { ...c.spec, annotations } };
}

function checkPermutation(order: readonly number[], length: number, what: string): void {
  const seen = new Set(order);
  if (order.length !== length || seen.size !== length || order.some((i) => !Number.isInteger(i) || i < 0 || i >= length)) {
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
