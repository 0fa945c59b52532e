/**
 * Rewrites that keep a case away from start failures unrelated to directfs,
 * found with real runsc (modern build) or cited from the reference.
 */
import type { OciMount, RunscFlags } from '../../model/case.js';
import { cleanPath } from '../../model/resolve.js';
import type { MountDraft } from './drafts.js';
import { isGoferShape, renderMount } from './mount-shapes.js';
import { sourceKey } from './source-key.js';

/** Number of path components of a destination. */
function depth(destination: string): number {
  const clean = cleanPath(destination);
  return clean === '/' ? 0 : clean.split('/').length - 1;
}

/**
 * Mount drafts with exact repeats dropped and parents before nested children.
 * Real runsc: the gofer bind-mounts lisafs mounts in spec order, so a nested
 * mount listed before its parent's mount is hidden and start fails with
 * "Failure to resolve mounts: no such file or directory"; the same
 * (destination, source) twice with a sandbox-local tmpfs hint fails with EBUSY.
 */
export function orderMounts(drafts: MountDraft[]): MountDraft[] {
  const seen = new Set<string>();
  const kept = drafts.filter((d) => {
    const m = renderMount(d);
    const key = `${cleanPath(m.destination)}\u0000${sourceKey(m)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return kept
    .map((d, i) => ({ d, i, depth: depth(renderMount(d).destination) }))
    .sort((a, b) => a.depth - b.depth || a.i - b.i)
    .map((x) => x.d);
}

/** The fields of a resolved hint the overlay rules look at. */
export interface OverlayHint {
  source: string | null;
  type: string | null;
  share: string | null;
}

/**
 * Flags and hints without overlay start failures:
 * - reference §2.3: a second non-shared self overlay of one source fails (filestore EEXIST),
 *   so `all:self` becomes `all:memory` and bind+container/pod hints become `shared` when a source repeats;
 * - real runsc: a bind+container/pod hint on a read-only mount fails with EROFS
 *   ("failed to create whiteout to hide self overlay filestore", "failed to open upper layer root"),
 *   so such hints become `shared`;
 * - reference §1: `--file-access=shared` needs `--overlay2=none`.
 */
export function avoidOverlayFailures<H extends OverlayHint>(
  flags: RunscFlags,
  drafts: MountDraft[],
  mounts: OciMount[],
  hints: H[],
  survives: (h: H) => boolean,
): { flags: RunscFlags; hints: H[] } {
  const counts = new Map<string, number>();
  const readonlySources = new Set<string>();
  mounts.forEach((m, k) => {
    if (!isGoferShape((drafts[k] as MountDraft).shape)) return;
    const key = sourceKey(m);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if ((m.options ?? []).includes('ro')) readonlySources.add(key);
  });
  const repeated = new Set([...counts].filter(([, n]) => n > 1).map(([s]) => s));
  let newFlags =
    repeated.size > 0 && flags.overlay2 === 'all:self' ? { ...flags, overlay2: 'all:memory' as const } : flags;
  if (newFlags.fileAccess === 'shared' && newFlags.overlay2 !== 'none') newFlags = { ...newFlags, overlay2: 'none' };
  const newHints = hints.map((h) => {
    const selfOverlay = survives(h) && h.type === 'bind' && (h.share === 'container' || h.share === 'pod');
    const src = h.source ?? '';
    return selfOverlay && (repeated.has(src) || readonlySources.has(src)) ? { ...h, share: 'shared' } : h;
  });
  return { flags: newFlags, hints: newHints };
}
