/**
 * The rules of a stored case that need no schema library: its bounds, the
 * host paths it may name, and the target labels a reproducer records. Kept
 * apart from the zod schema (src/model/case-schema.ts) so that a run, which
 * only needs these, does not load zod.
 */
import { ROOT_TOKEN } from './case.js';
import { cleanPath } from './resolve.js';

/** The case file version this build reads and writes; a file without `schema` is read as this version. */
export const CASE_SCHEMA_VERSION = 1;

/** Bounds of a stored case; each is refused with a message naming the field. */
export const CASE_LIMITS = {
  fileBytes: 1024 * 1024,
  mounts: 64,
  annotations: 128,
  fixtures: 256,
  optionsPerMount: 64,
  stringLength: 4096,
} as const;

/** The only root path a case may name: the rootfs the harness builds in the case root. */
export const CASE_ROOTFS = 'rootfs';

/**
 * Why a host path a case names is refused, or null when it stays inside the
 * case root: `$ROOT`, `$ROOT/…` or relative, never leaving the root after cleaning.
 */
export function hostPathProblem(path: string): string | null {
  let rel = path;
  if (path.startsWith(ROOT_TOKEN)) {
    rel = path.slice(ROOT_TOKEN.length);
    if (rel !== '' && !rel.startsWith('/')) return `must be ${ROOT_TOKEN}, ${ROOT_TOKEN}/… or a relative path`;
    rel = rel.replace(/^\/+/, '');
  } else if (path.startsWith('/')) {
    return `is an absolute host path; write ${ROOT_TOKEN}/… or a path relative to the case root`;
  }
  if (rel.includes(ROOT_TOKEN)) return `names ${ROOT_TOKEN} other than at its start`;
  if (rel.includes('\0')) return 'contains a NUL byte';
  const clean = cleanPath(rel);
  if (clean === '..' || clean.startsWith('../')) return 'leaves the case root';
  return null;
}

/** True for annotations runsc reads as host paths (mount and rootfs hint `source`, any spelling of the prefix). */
export function isHostPathAnnotation(key: string): boolean {
  const k = key.toLowerCase();
  return k.startsWith('dev.gvisor.spec.') && k.endsWith('.source');
}

/** Target ids a reproducer may record, for the reader only: simulator ids and installed aliases, never a path. */
export const TARGET_LABEL = /^(sim(:[a-z]+)?(\+mutant:[a-z0-9-]+)?|runsc:[a-z]+)$/;

/** The label a reproducer records for a target id: the id itself, or null for a path target (a program). */
export function targetLabelOf(id: string): string | null {
  return TARGET_LABEL.test(id) ? id : null;
}
