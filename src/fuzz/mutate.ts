/**
 * Mutation operators of the guided search: each edits one thing of a corpus
 * case (a mount, a hint, a flag) and keeps its fixtures consistent. An
 * operator returns null when it does not apply; {@link mutateCase} keeps only
 * results that pass the case schema.
 */
import type { Case, OciMount } from '../model/case.js';
import { FILE_ACCESS_VALUES, OVERLAY2_VALUES } from '../model/case.js';
import { MOUNT_HINT_PREFIX, ROOTFS_HINT_PREFIX } from '../model/hint-keys.js';
import {
  DIR_DESTINATIONS,
  DIR_FIXTURES,
  FILE_DESTINATIONS,
  FILE_FIXTURES,
  HINT_SHARES,
  HINT_TYPES,
  INVALID_DIRECTFS,
  ROOTFS_HINT_SOURCE,
  VALID_DIRECTFS,
  rootPath,
  unusedSource,
} from '../generators/_internals/vocabulary.js';
import { copyCase, hintNamesOf, isValidCase, pickOne, pruneFixtures, type Rng } from './case-edits.js';

/** One mutation operator. */
export type Mutation = (c: Case, rng: Rng) => Case | null;

const DIRECTFS_VALUES = [...VALID_DIRECTFS, ...VALID_DIRECTFS, ...INVALID_DIRECTFS] as const;

/** `c` with fixture `path` of `kind`, or null when the path is already a fixture of the other kind. */
function withFixture(c: Case, path: string, kind: 'dir' | 'file'): Case | null {
  const seen = c.fixtures.find((f) => f.path === path);
  if (seen !== undefined) return seen.kind === kind ? c : null;
  return { ...c, fixtures: [...c.fixtures, { path, kind }] };
}

/** A new mount of a random kind at a destination the case does not use yet, with its fixture. */
function addMount(c: Case, rng: Rng): Case | null {
  const used = new Set(c.spec.mounts.map((m) => m.destination));
  const kind = pickOne(rng, ['dir', 'dir', 'file', 'tmpfs'] as const) as 'dir' | 'file' | 'tmpfs';
  const dests = (kind === 'file' ? FILE_DESTINATIONS : DIR_DESTINATIONS).filter((d) => !used.has(d));
  const destination = pickOne(rng, dests);
  if (destination === undefined) return null;
  const out = copyCase(c);
  if (kind === 'tmpfs') {
    out.spec.mounts.push({ destination, type: 'tmpfs', source: 'tmpfs', options: ['size=1m'] });
    return out;
  }
  const fixture = pickOne(rng, kind === 'file' ? FILE_FIXTURES : DIR_FIXTURES) as string;
  out.spec.mounts.push({ destination, type: 'bind', source: rootPath(fixture), options: rng.int(2) ? ['rbind'] : [] });
  return withFixture(out, fixture, kind);
}

/** The case without one of its mounts (and the fixtures nothing names any more). */
function removeMount(c: Case, rng: Rng): Case | null {
  if (c.spec.mounts.length === 0) return null;
  const out = copyCase(c);
  out.spec.mounts.splice(rng.int(out.spec.mounts.length), 1);
  return pruneFixtures(out);
}

/** A directory bind becomes a tmpfs, or a tmpfs a bind of a directory fixture. */
function retypeMount(c: Case, rng: Rng): Case | null {
  if (c.spec.mounts.length === 0) return null;
  const out = copyCase(c);
  const i = rng.int(out.spec.mounts.length);
  const m = out.spec.mounts[i] as OciMount;
  if (FILE_DESTINATIONS.includes(m.destination as (typeof FILE_DESTINATIONS)[number])) return null;
  if (m.type === 'tmpfs') {
    const fixture = pickOne(rng, DIR_FIXTURES) as string;
    out.spec.mounts[i] = { destination: m.destination, type: 'bind', source: rootPath(fixture), options: ['rbind'] };
    return withFixture(out, fixture, 'dir');
  }
  out.spec.mounts[i] = { destination: m.destination, type: 'tmpfs', source: 'tmpfs', options: ['size=1m'] };
  return pruneFixtures(out);
}

/** Source of a bind whose host path does not exist (no fixture ever names it). */
export const MISSING_SOURCE = rootPath('missing');

/**
 * A bind's source becomes a path that does not exist, half the time under a
 * `self` overlay: the modern build panics on a self overlay of a missing
 * source (issue 10), which only a crash check sees (the contract does not cover missing sources).
 */
function missSource(c: Case, rng: Rng): Case | null {
  const binds = c.spec.mounts.flatMap((m, i) =>
    m.type === 'bind' && !FILE_DESTINATIONS.includes(m.destination as never) ? [i] : [],
  );
  const i = pickOne(rng, binds);
  // Rare on purpose: every missing source fails start alike, so frequent ones would spend the search on one behaviour.
  if (i === undefined || rng.int(5) !== 0) return null;
  const out = copyCase(c);
  out.spec.mounts[i] = { ...(out.spec.mounts[i] as OciMount), source: MISSING_SOURCE };
  if (rng.int(2) === 0) out.flags.overlay2 = 'all:self';
  return pruneFixtures(out);
}

/** Host sources of the case's bind mounts, as runsc would match them. */
function bindSources(c: Case): string[] {
  return c.spec.mounts
    .filter((m) => m.type !== 'tmpfs' && m.source?.startsWith('$ROOT') && m.source !== MISSING_SOURCE)
    .map((m) => m.source as string);
}

/** A new complete hint naming one of the case's sources (or none), mostly `directfs: off`. */
function addHint(c: Case, rng: Rng): Case | null {
  const names = new Set(hintNamesOf(c));
  let n = 1;
  while (names.has(`h${n}`)) n++;
  const out = copyCase(c);
  const p = `${MOUNT_HINT_PREFIX}h${n}.`;
  const a = out.spec.annotations;
  a[`${p}source`] = pickOne(rng, bindSources(c)) ?? unusedSource(n - 1);
  a[`${p}type`] = rng.int(4) === 0 ? 'tmpfs' : 'bind';
  a[`${p}share`] = pickOne(rng, ['shared', 'container', 'pod'] as const) as string;
  a[`${p}directfs`] = rng.int(3) === 0 ? (pickOne(rng, DIRECTFS_VALUES) as string) : 'off';
  return out;
}

/** One hint's source moves to another source of the case (or to one that names nothing). */
function moveHint(c: Case, rng: Rng): Case | null {
  const name = pickOne(rng, hintNamesOf(c));
  if (name === undefined) return null;
  const out = copyCase(c);
  const sources = [...bindSources(c), unusedSource(5)];
  out.spec.annotations[`${MOUNT_HINT_PREFIX}${name}.source`] = pickOne(rng, sources) as string;
  return out;
}

/** One field of one hint changes: its directfs value (or the key goes), its type or its share. */
function changeHint(c: Case, rng: Rng): Case | null {
  const name = pickOne(rng, hintNamesOf(c));
  if (name === undefined) return null;
  const out = copyCase(c);
  const p = `${MOUNT_HINT_PREFIX}${name}.`;
  const a = out.spec.annotations;
  const field = rng.int(4);
  if (field === 0) a[`${p}directfs`] = pickOne(rng, DIRECTFS_VALUES) as string;
  else if (field === 1) delete a[`${p}directfs`];
  else if (field === 2) a[`${p}type`] = pickOne(rng, HINT_TYPES) as string;
  else a[`${p}share`] = pickOne(rng, HINT_SHARES) as string;
  return out;
}

/** One hint disappears with all its keys. */
function removeHint(c: Case, rng: Rng): Case | null {
  const name = pickOne(rng, hintNamesOf(c));
  if (name === undefined) return null;
  const out = copyCase(c);
  const p = `${MOUNT_HINT_PREFIX}${name}.`;
  for (const k of Object.keys(out.spec.annotations)) if (k.startsWith(p)) delete out.spec.annotations[k];
  return pruneFixtures(out);
}

/** The rootfs hint goes when there is one, or a `bind` + `directfs` hint (valid or not) appears. */
function toggleRootfsHint(c: Case, rng: Rng): Case | null {
  const out = copyCase(c);
  const a = out.spec.annotations;
  const keys = Object.keys(a).filter((k) => k.startsWith(ROOTFS_HINT_PREFIX));
  if (keys.length > 0) {
    for (const k of keys) delete a[k];
    return out;
  }
  a[`${ROOTFS_HINT_PREFIX}source`] = ROOTFS_HINT_SOURCE;
  a[`${ROOTFS_HINT_PREFIX}type`] = 'bind';
  a[`${ROOTFS_HINT_PREFIX}directfs`] = rng.int(3) === 0 ? (pickOne(rng, DIRECTFS_VALUES) as string) : 'off';
  return out;
}

/** The global `--directfs` flag cycles unset → true → false → unset. */
function flipDirectfs(c: Case): Case | null {
  const out = copyCase(c);
  const d = c.flags.directfs;
  out.flags.directfs = d === null ? true : d ? false : null;
  return out;
}

/** One of the other flags takes a random value (or is unset). */
function changeFlag(c: Case, rng: Rng): Case | null {
  const out = copyCase(c);
  const which = rng.int(3);
  if (which === 0) out.flags.overlay2 = pickOne(rng, [null, ...OVERLAY2_VALUES]) ?? null;
  else if (which === 1) out.flags.fileAccess = pickOne(rng, [null, ...FILE_ACCESS_VALUES]) ?? null;
  else out.flags.fileAccessMounts = pickOne(rng, [null, ...FILE_ACCESS_VALUES]) ?? null;
  return out;
}

/** Every mutation operator, by name. */
export const MUTATIONS = {
  'add-mount': addMount,
  'remove-mount': removeMount,
  'retype-mount': retypeMount,
  'miss-source': missSource,
  'add-hint': addHint,
  'move-hint': moveHint,
  'change-hint': changeHint,
  'remove-hint': removeHint,
  'toggle-rootfs-hint': toggleRootfsHint,
  'flip-directfs': flipDirectfs,
  'change-flag': changeFlag,
} as const satisfies Record<string, Mutation>;

/** A mutation operator's name. */
export type MutationName = keyof typeof MUTATIONS;

/** Names of every operator, in registry order. */
export const MUTATION_NAMES = Object.keys(MUTATIONS) as MutationName[];

/** Path depth of a destination (`/` is 0). */
function depthOf(destination: string): number {
  return destination.split('/').filter((x) => x !== '').length;
}

/**
 * `c` kept inside the generators' space (generators/_internals/sanitize.ts):
 * parents mounted before nested children, and `--file-access=shared` only with
 * `--overlay2=none` (reference §1), so a mutant fails to start only for reasons the contract knows.
 */
export function tidyCase(c: Case): Case {
  const mounts = c.spec.mounts
    .map((m, i) => ({ m, i }))
    .sort((a, b) => depthOf(a.m.destination) - depthOf(b.m.destination) || a.i - b.i)
    .map((x) => x.m);
  const flags =
    c.flags.fileAccess === 'shared' && c.flags.overlay2 !== 'none'
      ? { ...c.flags, overlay2: 'none' as const }
      : c.flags;
  return { ...c, flags, spec: { ...c.spec, mounts } };
}

/** `c` after two to five random operators, or null when no valid mutant came out of a few tries. */
export function mutateCase(c: Case, rng: Rng): Case | null {
  const before = JSON.stringify(c);
  for (let attempt = 0; attempt < 8; attempt++) {
    let out: Case | null = c;
    const steps = 2 + rng.int(4);
    for (let s = 0; s < steps && out !== null; s++)
      out = MUTATIONS[pickOne(rng, MUTATION_NAMES) as MutationName](out, rng);
    if (out === null || out === c) continue;
    out = tidyCase(out);
    if (isValidCase(out) && JSON.stringify(out) !== before) return out;
  }
  return null;
}
