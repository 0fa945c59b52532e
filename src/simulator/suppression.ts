/**
 * Where `directfs` goes (reference §2.4): `goferMountData` adds it iff
 * `--directfs` is on and the mount's hint (or, for the root, the rootfs hint)
 * does not suppress it. The suppression-related faults live here.
 */
import { droppedHintSuppresses, findHint, type PodHint, type PodHints } from './hints.js';
import { hasMountConfig, usesOverlay, type HostConfs, type SpecMount } from './mounts.js';
import type { RootfsHint } from './rootfs-hint.js';
import type { SimConfig } from './config.js';
import type { FaultName } from './mutants.js';

/** Per-gofer-mount directfs decision. */
export interface DirectfsDecision {
  /** True when the sentry asks for no directfs (the hint's SuppressDirectFS, plus faults). */
  suppressed: boolean;
  /** Whether `directfs` ends up in the mount data. */
  directfs: boolean;
  /** Whether the gofer donates a host FD on this connection (the stock gofer: whenever --directfs is on). */
  hostFd: boolean;
}

/** Decides directfs for the root and every gofer submount of a run. */
export interface SuppressionPlan {
  root: DirectfsDecision;
  bySpecIndex: Map<number, DirectfsDecision>;
}

function decide(
  cfg: SimConfig,
  suppressed: boolean,
  hint: PodHint | undefined,
  faults: ReadonlySet<FaultName>,
): DirectfsDecision {
  if (!cfg.directfs) {
    // The gofer reads the same decision, so it donates the host FD the sentry then expects.
    const enabled = faults.has('global-off-default-enables') && hint?.directfsValue === 'default';
    return { suppressed, directfs: enabled, hostFd: enabled };
  }
  return { suppressed, directfs: !suppressed, hostFd: true };
}

/** The directfs decisions of a run (reference §2.4, §3.1 matching, §3.2). */
export function planSuppression(
  cfg: SimConfig,
  mounts: readonly SpecMount[],
  hints: PodHints,
  rootfsHint: RootfsHint | null,
  host: HostConfs,
  faults: ReadonlySet<FaultName>,
): SuppressionPlan {
  const anyOff = hints.hints.some((h) => h.suppress);
  let rootSuppressed = rootfsHint?.suppress ?? false;
  if (faults.has('root-follows-mount') && anyOff) rootSuppressed = true;
  const rootConf = host.confs[0];
  if (faults.has('rootfs-overlay-ignores-off') && rootConf !== undefined && usesOverlay(rootConf))
    rootSuppressed = false;
  const bySpecIndex = new Map<number, DirectfsDecision>();
  let leak = false;
  for (let i = 0; i < mounts.length; i++) {
    const m = mounts[i] as SpecMount;
    if (!hasMountConfig(m)) continue;
    const hint = findHint(hints, m, faults);
    let suppressed = hint?.suppress ?? false;
    if (droppedHintSuppresses(hints, m, faults)) suppressed = true;
    if (faults.has('off-suppresses-all') && anyOff) suppressed = true;
    const own = suppressed;
    if (faults.has('suppression-leaks-next') && leak && host.bySpecIndex.get(m.index)?.lower === 'lisafs')
      suppressed = true;
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
export function lisafsNeeded(
  mounts: readonly SpecMount[],
  hints: PodHints,
  rootfsHint: RootfsHint | null,
  host: HostConfs,
  faults: ReadonlySet<FaultName>,
): boolean {
  if (faults.has('lisafs-filters-dropped')) return false;
  const rootOff = host.confs[0]?.lower === 'lisafs' && rootfsHint?.suppress === true;
  if (rootOff && !faults.has('rootfs-lisafs-filters-dropped')) return true;
  return mounts.some((m) => {
    if (host.bySpecIndex.get(m.index)?.lower !== 'lisafs') return false;
    // The gofer parses the hints with the sentry's code, so a dropped hint that suppresses does so here too.
    return findHint(hints, m, faults)?.suppress === true || droppedHintSuppresses(hints, m, faults);
  });
}
