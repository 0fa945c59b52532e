/**
 * The mount and rootfs hint annotation keys as the non-judging code reads
 * them (generators, case transforms, generator tests): prefixes, key shape,
 * completeness (reference §3.1, §3.2). The contract (src/oracles/contract-hints.ts)
 * keeps its own independent reading, so a mistake here cannot hide a runsc bug.
 */

/** Annotation key prefixes of the two hint kinds (reference §3). */
export const MOUNT_HINT_PREFIX = 'dev.gvisor.spec.mount.';
export const ROOTFS_HINT_PREFIX = 'dev.gvisor.spec.rootfs.';

/** Valid mount hint `type` and `share` values (reference §3.1). */
export const VALID_HINT_TYPES: ReadonlySet<string> = new Set(['bind', 'tmpfs']);
export const VALID_HINT_SHARES: ReadonlySet<string> = new Set(['container', 'pod', 'shared']);

/** What an annotation key is to the mount hint parser. */
export type MountHintKey = { kind: 'other' } | { kind: 'malformed' } | { kind: 'hint'; name: string; field: string };

const OTHER_KEY: MountHintKey = { kind: 'other' };
const MALFORMED_KEY: MountHintKey = { kind: 'malformed' };

/**
 * Reads one key: not a mount hint key, a malformed one (fatal for the whole
 * set: not exactly NAME.KEY, or an empty NAME), or a hint NAME and field.
 */
export function readMountHintKey(key: string): MountHintKey {
  if (!key.startsWith(MOUNT_HINT_PREFIX)) return OTHER_KEY;
  // Exactly NAME.FIELD after the prefix: one dot, and a NAME.
  const dot = key.indexOf('.', MOUNT_HINT_PREFIX.length);
  if (dot <= MOUNT_HINT_PREFIX.length || key.includes('.', dot + 1)) return MALFORMED_KEY;
  return { kind: 'hint', name: key.slice(MOUNT_HINT_PREFIX.length, dot), field: key.slice(dot + 1) };
}

/** A mount hint's fields by key. */
export type HintFields = Readonly<Record<string, string>>;

/** The mount hints of a set of annotations by NAME, and whether a malformed key makes the set fatal. */
export function collectMountHints(annotations: Readonly<Record<string, string>>): {
  malformed: boolean;
  hints: Map<string, HintFields>;
} {
  const hints = new Map<string, HintFields>();
  let malformed = false;
  for (const [k, v] of Object.entries(annotations)) {
    const key = readMountHintKey(k);
    if (key.kind === 'malformed') malformed = true;
    if (key.kind === 'hint') hints.set(key.name, { ...(hints.get(key.name) ?? {}), [key.field]: v });
  }
  return { malformed, hints };
}

/** A hint that survives validation: non-empty source, valid type and share (reference §3.1). */
export function isCompleteHint(h: HintFields): boolean {
  return (h.source ?? '') !== '' && VALID_HINT_TYPES.has(h.type ?? '') && VALID_HINT_SHARES.has(h.share ?? '');
}

/** True for an annotation key that sets a `directfs` field of a mount or rootfs hint. */
export function isDirectfsKey(key: string): boolean {
  if (key === `${ROOTFS_HINT_PREFIX}directfs`) return true;
  const k = readMountHintKey(key);
  return k.kind === 'hint' && k.field === 'directfs';
}
