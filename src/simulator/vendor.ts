/**
 * The vendor build's gofer extension (vendor-gofer/): every LisaFS connection
 * whose mount source (or, for the root, the root path) matches the claim glob
 * is served without donating a host FD. The sentry is stock, so a claimed
 * connection that keeps directfs fails its Mount RPC (sentry-root.ts), and an
 * opted-out one logs no host-FD warning (measured: vendor-gofer/MEASURED.md).
 */
import { claimsSource } from '../model/vendor-claim.js';
import type { HostConfs, SpecMount } from './mounts.js';
import type { ProfileSpec } from './profiles.js';
import type { DirectfsDecision, SuppressionPlan } from './suppression.js';

/** What the claiming gofer reads: the claim glob, the absolute root path, the fixed spec mounts. */
export interface ClaimInput {
  /** claimGlobOf() the annotations with ROOT_TOKEN resolved: a run resolves no other annotation into a record. */
  glob: string | null;
  rootPath: string;
  mounts: readonly SpecMount[];
  host: HostConfs;
}

const withoutHostFd = (d: DirectfsDecision): DirectfsDecision => ({ ...d, hostFd: false });

/**
 * The suppression plan with the claimed connections' host FDs withdrawn; unchanged for a stock profile or a case
 * without a claim. With `glob-and-unmatched` (the planted fault) every LisaFS submount is claimed.
 */
export function applyVendorClaims(
  plan: SuppressionPlan,
  mode: ProfileSpec['vendorClaims'],
  input: ClaimInput,
): SuppressionPlan {
  const glob = input.glob;
  if (mode === 'none' || glob === null) return plan;
  const bySpecIndex = new Map(plan.bySpecIndex);
  for (const m of input.mounts) {
    const d = bySpecIndex.get(m.index);
    if (d === undefined || input.host.bySpecIndex.get(m.index)?.lower !== 'lisafs') continue;
    if (mode === 'glob-and-unmatched' || claimsSource(glob, m.source)) bySpecIndex.set(m.index, withoutHostFd(d));
  }
  const rootLisafs = input.host.confs[0]?.lower === 'lisafs';
  const root = rootLisafs && claimsSource(glob, input.rootPath) ? withoutHostFd(plan.root) : plan.root;
  return { root, bySpecIndex };
}
