/**
 * Where `directfs` goes (reference §2.4): `goferMountData` adds it iff
 * `--directfs` is on and the mount's hint (or, for the root, the rootfs hint)
 * does not suppress it. The suppression-related faults live here.
 */
import { droppedHintSuppresses, findHint, type PodHint, type PodHints } from './hints.js';
import { hasMountConfig, type HostConfs, type SpecMount } from './mounts.js';
import type { RootfsHint } from './rootfs-hint.js';
import type { SimConfig } from './config.js';

/** Per-gofer-mount directfs decision. */
export interface DirectfsDecision {
  /** True when the sentry asks for no directfs (the hint's SuppressDirectFS, plus faults). */
  suppressed: boolean;
  /** Whether `directfs` ends up in the mount data. */
  directfs: boolean;
}

/** Decides directfs for the root and every gofer submount of a run. */
export interface SuppressionPlan {
  root: DirectfsDecision;
  bySpecIndex: Map<number, DirectfsDecision>;
}

function decide(cfg: SimConfig, suppressed: boolean, hint: PodHint | undefined, faults: ReadonlySet<string>): DirectfsDecision {
  if (!cfg.directfs) {
    const enabled = faults.has('global-off-default-enables') && hint?.directfsValue === 'default';
    return { suppressed, directfs: enabled };
  }
  return { suppressed, directfs: !suppressed };
}

/** The directfs decisions of a run (reference §2.4, §3.1 matching, §3.2). */
export function planSuppression(
  cfg: SimConfig,
  mounts: readonly SpecMount[],
  hints: PodHints,
  rootfsHint: RootfsHint | null,
  host: HostConfs,
  faults: ReadonlySet<string>,
): SuppressionPlan {
  const anyOff = hints.hints.some((h) => h.suppress);
  let rootSuppressed = rootfsHint?.suppress ?? false;
  if (faults.has('root-follows-mount') && anyOff) rootSuppressed = true;
  const bySpecIndex = new Map<number, DirectfsDecision>();
  let leak = false;
  for (const m of mounts) {
    if (!hasMountConfig(m)) continue;
    const hint = findHint(hints, m, faults);
    let suppressed = hint?.suppress ?? false;
    if (droppedHintSuppresses(hints, m, faults)) suppressed = true;
    if (faults.has('off-suppresses-all') && anyOff) suppressed = true;
    const own = suppressed;
    if (faults.has('suppression-leaks-next') && leak && host.bySpecIndex.get(m.index)?.lower === 'lisafs') suppressed = true;
    if (host.bySpecIndex.get(m.index)?.lower === 'lisafs') leak = own;
    bySpecIndex.set(m.index, decide(cfg, suppressed, hint, faults));
  }
  return { root: decide(cfg, rootSuppressed, undefined, faults), bySpecIndex };
}

/**
 * The gofer's `LisafsNeeded` (cmd/gofer.go lisafsNeededForDirectFSSuppression,
 * reference §4): the root is lisafs and its rootfs hint says `off`, or a
 * lisafs spec mount has a hint from this gofer's own spec with `off`.
 */
export function lisafsNeeded(mounts: readonly SpecMount[], hints: PodHints, rootfsHint: RootfsHint | null, host: HostConfs, faults: ReadonlySet<string>): boolean {
  if (faults.has('lisafs-filters-dropped')) return false;
  if (host.confs[0]?.lower === 'lisafs' && rootfsHint?.suppress === true) return true;
  return mounts.some((m) => host.bySpecIndex.get(m.index)?.lower === 'lisafs' && findHint(hints, m, faults)?.suppress === true);
}
