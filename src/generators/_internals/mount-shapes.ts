/**
 * How each mount shape is written into config.json: its fixture kind,
 * destination pool, and type/options variants (reference §2.2, §8).
 */
import type { OciMount } from '../../model/case.js';
import type { MountDraft, MountShape } from './drafts.js';
import {
  DIR_DESTINATIONS,
  DIR_FIXTURES,
  FILE_DESTINATIONS,
  FILE_FIXTURES,
  PSEUDO_DESTINATIONS,
  rootPath,
} from './vocabulary.js';

interface Variant {
  /** Absent for an untyped `rbind` mount. */
  type?: string;
  options: string[];
}

interface ShapeInfo {
  /** Fixture the source names, or null for a fixed pseudo source. */
  fixture: 'dir' | 'file' | null;
  /** Source of a pseudo filesystem (relative, so it stays inside the case root). */
  pseudoSource?: string;
  destinations: readonly string[];
  variants: readonly Variant[];
}

const bind = (options: string[]): Variant => ({ type: 'bind', options });

const SHAPES: Record<MountShape, ShapeInfo> = {
  'bind-dir': {
    fixture: 'dir',
    destinations: DIR_DESTINATIONS,
    variants: [bind(['rbind']), bind(['rbind', 'rw']), bind(['bind']), bind([])],
  },
  'bind-dir-ro': {
    fixture: 'dir',
    destinations: DIR_DESTINATIONS,
    variants: [bind(['rbind', 'ro']), bind(['ro']), bind(['bind', 'ro']), bind(['rbind', 'ro', 'nosuid'])],
  },
  'bind-file': {
    fixture: 'file',
    destinations: FILE_DESTINATIONS,
    variants: [bind(['rbind']), bind(['bind']), bind(['rbind', 'rw']), bind([])],
  },
  'bind-file-ro': { fixture: 'file', destinations: FILE_DESTINATIONS, variants: [bind(['rbind', 'ro']), bind(['ro'])] },
  // reference §2.2: bind/rbind in the options make any type a gofer mount.
  'rbind-notype': {
    fixture: 'dir',
    destinations: DIR_DESTINATIONS,
    variants: [
      { options: ['rbind'] },
      { options: ['rbind', 'ro'] },
      { options: ['bind'] },
      { type: 'none', options: ['rbind'] },
    ],
  },
  tmpfs: {
    fixture: null,
    pseudoSource: 'tmpfs',
    destinations: DIR_DESTINATIONS,
    variants: [
      { type: 'tmpfs', options: ['size=1m'] },
      { type: 'tmpfs', options: [] },
      { type: 'tmpfs', options: ['nosuid', 'size=1m'] },
      { type: 'tmpfs', options: ['mode=755'] },
    ],
  },
  proc: {
    fixture: null,
    pseudoSource: 'proc',
    destinations: PSEUDO_DESTINATIONS.proc,
    variants: [
      { type: 'proc', options: [] },
      { type: 'proc', options: ['nosuid', 'noexec', 'nodev'] },
    ],
  },
  sysfs: {
    fixture: null,
    pseudoSource: 'sysfs',
    destinations: PSEUDO_DESTINATIONS.sysfs,
    variants: [
      { type: 'sysfs', options: [] },
      { type: 'sysfs', options: ['nosuid', 'noexec', 'nodev', 'ro'] },
    ],
  },
  devpts: {
    fixture: null,
    pseudoSource: 'devpts',
    destinations: PSEUDO_DESTINATIONS.devpts,
    variants: [
      { type: 'devpts', options: [] },
      { type: 'devpts', options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620'] },
    ],
  },
  // reference §2.2: unknown types are skipped with a log line.
  mqueue: {
    fixture: null,
    pseudoSource: 'mqueue',
    destinations: PSEUDO_DESTINATIONS.mqueue,
    variants: [
      { type: 'mqueue', options: [] },
      { type: 'mqueue', options: ['nosuid', 'noexec', 'nodev'] },
    ],
  },
  // reference §2.2: type none without bind becomes sysfs.
  none: {
    fixture: null,
    pseudoSource: 'none',
    destinations: PSEUDO_DESTINATIONS.none,
    variants: [{ type: 'none', options: [] }],
  },
  // reference §2.2: type bind at /dev/pts without bind/rbind fails with "not all gofer FDs were consumed"; with rbind it stays 9p.
  'odd-devpts-bind': { fixture: 'dir', destinations: ['/dev/pts'], variants: [bind([]), bind(['rbind'])] },
  // reference §8: shared/rshared on a bind invalidates the spec.
  'odd-shared-option': {
    fixture: 'dir',
    destinations: DIR_DESTINATIONS,
    variants: [bind(['rbind', 'shared']), bind(['rbind', 'rshared'])],
  },
  // reference §8: "invalid option" and EINVAL.
  'odd-bad-option': {
    fixture: 'dir',
    destinations: DIR_DESTINATIONS,
    variants: [bind(['rbind', 'a=b=c']), bind(['rbind', 'disable_file_handle_sharing', 'overlayfs_stale_read'])],
  },
};

function pick<T>(pool: readonly T[], i: number): T {
  return pool[((i % pool.length) + pool.length) % pool.length] as T;
}

/** Fixture kind the shape's source names, or null for a pseudo filesystem. */
export function shapeFixtureKind(shape: MountShape): 'dir' | 'file' | null {
  return SHAPES[shape].fixture;
}

/** True for shapes runsc serves through a gofer (reference §2.2 IsGoferMount). */
export function isGoferShape(shape: MountShape): boolean {
  return SHAPES[shape].fixture !== null;
}

/** Fixture path (relative to the case root) a mount draft's source names, or null. */
export function draftFixture(m: MountDraft): string | null {
  const kind = SHAPES[m.shape].fixture;
  if (kind === null) return null;
  return kind === 'dir' ? pick(DIR_FIXTURES, m.slot) : pick(FILE_FIXTURES, m.slot);
}

/** The config.json entry of a mount draft. */
export function renderMount(m: MountDraft): OciMount {
  const info = SHAPES[m.shape];
  const variant = pick(info.variants, m.variant);
  const fixture = draftFixture(m);
  const source = fixture === null ? (info.pseudoSource ?? 'none') : m.relative ? fixture : rootPath(fixture);
  const out: OciMount = { destination: pick(info.destinations, m.dest) };
  if (variant.type !== undefined) out.type = variant.type;
  out.source = source;
  out.options = [...variant.options];
  return out;
}
