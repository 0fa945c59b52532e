/**
 * Statistics cells: where a judged case falls in the dimensions that matter
 * (mount kind × hint placement × directfs value × global flags ×
 * observability × outcome). A case falls in one cell per mount it has (the
 * root included), and counts once in each distinct cell.
 */
import type { Case, OciMount } from '../model/case.js';
import { ROOT_TOKEN } from '../model/case.js';
import type { Observation } from '../model/observation.js';
import { collectMountHints, ROOTFS_HINT_PREFIX } from '../model/hint-keys.js';
import { cleanPath, fixtureKind } from '../model/resolve.js';

/** The dimensions and their values, in the order a cell key lists them. */
export const DIMENSIONS = {
  /** What the mount is: the root, a bind of a directory, of a file or of a missing path, a tmpfs, another pseudo fs. */
  mount: ['root', 'bind-dir', 'bind-file', 'bind-missing', 'tmpfs', 'pseudo'],
  /** Where hints sit relative to it: none in the case, on it (its exact source), only on other sources. */
  hint: ['none', 'on-mount', 'elsewhere'],
  /** The `directfs` key of the hint on it. */
  value: ['absent', 'off', 'default', 'invalid'],
  /** `--directfs` (unset means on). */
  directfs: ['on', 'off'],
  /** `--overlay2` by scope (unset is runsc's default, a self overlay of the root). */
  overlay: ['default', 'none', 'root', 'all'],
  /** Its directfs state in the sandbox's mountinfo; `unseen` when the run did not start or the mount is absent. */
  observed: ['on', 'off', 'unobservable', 'unseen'],
  outcome: ['started', 'start-failed', 'timed-out', 'crashed'],
} as const;

/** A dimension's name. */
export type Dimension = keyof typeof DIMENSIONS;

/** Every dimension, in key order. */
export const DIMENSION_NAMES = Object.keys(DIMENSIONS) as Dimension[];

/** One cell: a value for every dimension. */
export type Cell = { [D in Dimension]: (typeof DIMENSIONS)[D][number] };

/** `bind-dir on-mount off on none off started`. */
export function cellKey(cell: Cell): string {
  return DIMENSION_NAMES.map((d) => cell[d]).join(' ');
}

/** The cell a key names (the inverse of {@link cellKey}). */
export function cellOf(key: string): Cell {
  const parts = key.split(' ');
  return Object.fromEntries(DIMENSION_NAMES.map((d, i) => [d, parts[i]])) as Cell;
}

function valueOf(raw: string | undefined): Cell['value'] {
  if (raw === undefined) return 'absent';
  return raw === 'off' || raw === 'default' ? raw : 'invalid';
}

function mountKind(c: Case, m: OciMount): Cell['mount'] {
  if (m.type === 'tmpfs') return 'tmpfs';
  if (m.type !== 'bind' && m.type !== undefined && !(m.options ?? []).some((o) => o === 'bind' || o === 'rbind')) {
    return 'pseudo';
  }
  const source = m.source ?? '';
  if (!source.startsWith(ROOT_TOKEN)) return 'pseudo';
  const kind = fixtureKind(c, cleanPath(source.slice(ROOT_TOKEN.length).replace(/^\/+/, '') || '.'));
  return kind === 'dir' ? 'bind-dir' : kind === 'file' ? 'bind-file' : 'bind-missing';
}

function overlayOf(c: Case): Cell['overlay'] {
  const o = c.flags.overlay2;
  if (o === null) return 'default';
  return o === 'none' ? 'none' : o.startsWith('root:') ? 'root' : 'all';
}

function observedAt(obs: Observation, destination: string): Cell['observed'] {
  if (obs.outcome !== 'started') return 'unseen';
  const line = obs.mounts.findLast((l) => l.mountPoint === destination);
  return line === undefined ? 'unseen' : line.directfs;
}

/** The distinct cells one judged case falls in, as keys. */
export function cellsOf(c: Case, obs: Observation): string[] {
  const { hints } = collectMountHints(c.spec.annotations);
  const anyHint = hints.size > 0 || Object.keys(c.spec.annotations).some((k) => k.startsWith(ROOTFS_HINT_PREFIX));
  const shared = {
    directfs: c.flags.directfs === false ? 'off' : 'on',
    overlay: overlayOf(c),
    outcome: obs.outcome,
  } as const;
  const rootKeys = Object.keys(c.spec.annotations).filter((k) => k.startsWith(ROOTFS_HINT_PREFIX));
  const cells: Cell[] = [
    {
      mount: 'root',
      hint: rootKeys.length > 0 ? 'on-mount' : anyHint ? 'elsewhere' : 'none',
      value: valueOf(c.spec.annotations[`${ROOTFS_HINT_PREFIX}directfs`]),
      observed: observedAt(obs, '/'),
      ...shared,
    },
  ];
  for (const m of c.spec.mounts) {
    const on = [...hints.values()].find((h) => h.source !== undefined && h.source === m.source);
    cells.push({
      mount: mountKind(c, m),
      hint: on !== undefined ? 'on-mount' : anyHint ? 'elsewhere' : 'none',
      value: valueOf(on?.directfs),
      observed: observedAt(obs, m.destination),
      ...shared,
    });
  }
  return [...new Set(cells.map(cellKey))];
}
